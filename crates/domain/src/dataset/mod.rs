//! The dataset format: what `samverkan import` reads and `samverkan export` writes.
//!
//! A dataset is a document with up to six lists — `areas`, `perspectives`,
//! `applicant_types`, `actors`, `grants`, `initiatives` — written in TOML (pleasant
//! to review in a diff; the bundled data in `data/` is TOML) or JSON (for programs).
//! A dataset may be split over several files, each holding some of the lists.
//!
//! Reading never stops at the first problem: every error found is reported, each
//! naming the file, the entry and the field.
//!
//! (Over 500 lines with its tests, which are a quarter of it.)

mod validate;

use validate::Validator;

use std::collections::{HashMap, HashSet};
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::model::{Actor, ApplicantType, Area, Grant, Initiative, Perspective, Slug};

/// The kinds of entry a dataset holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntryKind {
    Area,
    Perspective,
    ApplicantType,
    Actor,
    Grant,
    Initiative,
}

impl serde::Serialize for EntryKind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for EntryKind {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        EntryKind::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("\"{text}\" is not a kind of entry")))
    }
}

impl EntryKind {
    /// In dependency order: what an entry refers to comes before it.
    pub const ALL: [EntryKind; 6] = [
        EntryKind::Area,
        EntryKind::Perspective,
        EntryKind::ApplicantType,
        EntryKind::Actor,
        EntryKind::Grant,
        EntryKind::Initiative,
    ];

    /// The singular name, as stored and shown in messages.
    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Area => "area",
            EntryKind::Perspective => "perspective",
            EntryKind::ApplicantType => "applicant_type",
            EntryKind::Actor => "actor",
            EntryKind::Grant => "grant",
            EntryKind::Initiative => "initiative",
        }
    }

    /// The name of the list in a dataset file.
    pub fn collection(self) -> &'static str {
        match self {
            EntryKind::Area => "areas",
            EntryKind::Perspective => "perspectives",
            EntryKind::ApplicantType => "applicant_types",
            EntryKind::Actor => "actors",
            EntryKind::Grant => "grants",
            EntryKind::Initiative => "initiatives",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

impl fmt::Display for EntryKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One entry of any kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    Area(Area),
    Perspective(Perspective),
    ApplicantType(ApplicantType),
    Actor(Actor),
    Grant(Grant),
    Initiative(Initiative),
}

impl Entry {
    pub fn kind(&self) -> EntryKind {
        match self {
            Entry::Area(_) => EntryKind::Area,
            Entry::Perspective(_) => EntryKind::Perspective,
            Entry::ApplicantType(_) => EntryKind::ApplicantType,
            Entry::Actor(_) => EntryKind::Actor,
            Entry::Grant(_) => EntryKind::Grant,
            Entry::Initiative(_) => EntryKind::Initiative,
        }
    }

    /// The actors the entry refers to: a grant's provider, an initiative's
    /// participants. (Everything else it can refer to is a vocabulary entry:
    /// an area, a perspective, an applicant type.)
    pub fn referenced_actors(&self) -> Vec<Slug> {
        match self {
            Entry::Grant(g) => vec![g.provider.clone()],
            Entry::Initiative(i) => i.participants.clone(),
            _ => Vec::new(),
        }
    }

    /// What the entry is called: a grant's title, anything else's name.
    pub fn title(&self) -> &str {
        match self {
            Entry::Area(e) => &e.name,
            Entry::Perspective(e) => &e.name,
            Entry::ApplicantType(e) => &e.name,
            Entry::Actor(e) => &e.name,
            Entry::Grant(e) => &e.title,
            Entry::Initiative(e) => &e.name,
        }
    }

    pub fn id(&self) -> &Slug {
        match self {
            Entry::Area(e) => &e.id,
            Entry::Perspective(e) => &e.id,
            Entry::ApplicantType(e) => &e.id,
            Entry::Actor(e) => &e.id,
            Entry::Grant(e) => &e.id,
            Entry::Initiative(e) => &e.id,
        }
    }

    /// When the entry was last checked against its source, and by which
    /// organisation (`None` for the service's editors); the vocabularies
    /// carry no such date.
    pub fn verification(&self) -> Option<(jiff::civil::Date, Option<&Slug>)> {
        match self {
            Entry::Actor(e) => Some((e.verified, e.verified_by.as_ref())),
            Entry::Grant(e) => Some((e.verified, e.verified_by.as_ref())),
            Entry::Initiative(e) => Some((e.verified, e.verified_by.as_ref())),
            Entry::Area(_) | Entry::Perspective(_) | Entry::ApplicantType(_) => None,
        }
    }

    /// The day by which the entry must be checked again (see
    /// [`crate::time::verify_by`]); the vocabularies have none.
    pub fn verify_by(&self, cycle_days: u32) -> Option<jiff::civil::Date> {
        match self {
            Entry::Actor(e) => Some(crate::time::verify_by(e.verified, None, cycle_days)),
            Entry::Grant(e) => Some(e.verify_by(cycle_days)),
            Entry::Initiative(e) => Some(crate::time::verify_by(e.verified, None, cycle_days)),
            Entry::Area(_) | Entry::Perspective(_) | Entry::ApplicantType(_) => None,
        }
    }

    /// The entry as checked against its source on `on` by `by` (an
    /// organisation, `None` for the service's editors). The vocabularies
    /// (areas, perspectives, applicant types) carry no such date and are
    /// returned unchanged.
    pub fn verified_on(mut self, on: jiff::civil::Date, by: Option<Slug>) -> Entry {
        match &mut self {
            Entry::Actor(e) => (e.verified, e.verified_by) = (on, by),
            Entry::Grant(e) => (e.verified, e.verified_by) = (on, by),
            Entry::Initiative(e) => (e.verified, e.verified_by) = (on, by),
            Entry::Area(_) | Entry::Perspective(_) | Entry::ApplicantType(_) => {}
        }
        self
    }

    /// The entry as a JSON value, in the dataset format.
    pub fn to_json(&self) -> serde_json::Value {
        let value = match self {
            Entry::Area(e) => serde_json::to_value(e),
            Entry::Perspective(e) => serde_json::to_value(e),
            Entry::ApplicantType(e) => serde_json::to_value(e),
            Entry::Actor(e) => serde_json::to_value(e),
            Entry::Grant(e) => serde_json::to_value(e),
            Entry::Initiative(e) => serde_json::to_value(e),
        };
        value.expect("entries always serialise")
    }

    /// Reads an entry of `kind` from a JSON value; the error names the field.
    pub fn from_json(kind: EntryKind, value: &serde_json::Value) -> Result<Entry, FieldError> {
        Ok(entry_of_kind!(
            kind,
            field_error(serde_path_to_error::deserialize(value))
        ))
    }

    /// The same as [`Entry::from_json`] from JSON text, read in one pass
    /// (without making a [`serde_json::Value`] first): how the store reads
    /// 100 000 entries at start-up.
    pub fn from_json_str(kind: EntryKind, text: &str) -> Result<Entry, FieldError> {
        Ok(entry_of_kind!(
            kind,
            field_error(serde_path_to_error::deserialize(
                &mut serde_json::Deserializer::from_str(text)
            ))
        ))
    }
}

/// The entry of `kind` that `$read` reads (an expression of the entry's
/// type, whatever that is for each kind).
macro_rules! entry_of_kind {
    ($kind:expr, $read:expr) => {
        match $kind {
            EntryKind::Area => Entry::Area($read?),
            EntryKind::Perspective => Entry::Perspective($read?),
            EntryKind::ApplicantType => Entry::ApplicantType($read?),
            EntryKind::Actor => Entry::Actor($read?),
            EntryKind::Grant => Entry::Grant($read?),
            EntryKind::Initiative => Entry::Initiative($read?),
        }
    };
}
use entry_of_kind;

/// A deserialisation error as a [`FieldError`] naming the field.
fn field_error<T, E: std::fmt::Display>(
    result: Result<T, serde_path_to_error::Error<E>>,
) -> Result<T, FieldError> {
    result.map_err(|e| {
        let path = e.path().to_string();
        FieldError {
            field: (path != ".").then_some(path),
            message: e.into_inner().to_string(),
        }
    })
}

/// A problem with one field of one entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: Option<String>,
    pub message: String,
}

/// All the entries of a catalogue, or of one file of it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dataset {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub areas: Vec<Area>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub perspectives: Vec<Perspective>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub applicant_types: Vec<ApplicantType>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actors: Vec<Actor>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub grants: Vec<Grant>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub initiatives: Vec<Initiative>,
}

/// The text formats a dataset file can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Toml,
    Json,
}

impl Format {
    /// The format a file name's extension names, if any.
    pub fn from_path(path: &str) -> Option<Format> {
        let lower = path.to_ascii_lowercase();
        if lower.ends_with(".toml") {
            Some(Format::Toml)
        } else if lower.ends_with(".json") {
            Some(Format::Json)
        } else {
            None
        }
    }
}

/// One file of a dataset: where it came from (for messages), its text and format.
#[derive(Debug, Clone)]
pub struct Source<'a> {
    pub origin: String,
    pub text: &'a str,
    pub format: Format,
}

/// A problem in a dataset, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatasetError {
    /// The file (or "database" for entries already stored).
    pub origin: String,
    /// The entry: `grant "boverket-samlingslokaler"` or, without a readable id, `grants[3]`.
    pub entry: Option<String>,
    pub field: Option<String>,
    pub message: String,
}

impl fmt::Display for DatasetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.origin)?;
        if let Some(entry) = &self.entry {
            write!(f, ": {entry}")?;
        }
        if let Some(field) = &self.field {
            write!(f, ", field `{field}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Every problem found in a dataset. Never empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatasetErrors(pub Vec<DatasetError>);

impl fmt::Display for DatasetErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.len();
        writeln!(
            f,
            "{n} problem{} in the dataset; nothing was changed:",
            if n == 1 { "" } else { "s" }
        )?;
        for e in &self.0 {
            writeln!(f, "  {e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for DatasetErrors {}

/// Where each entry was read from, for messages about the merged whole.
pub type Origins = HashMap<(EntryKind, Slug), String>;

impl Dataset {
    /// Reads and validates a dataset made of one or more files. The files are
    /// merged; an id given twice for one kind is an error.
    pub fn from_sources(sources: &[Source<'_>]) -> Result<Dataset, DatasetErrors> {
        let (dataset, origins) = Self::read_sources(sources)?;
        let problems = dataset.validate(&origins);
        if problems.is_empty() {
            Ok(dataset)
        } else {
            Err(DatasetErrors(problems))
        }
    }

    /// Reads files into a dataset without checking references between entries;
    /// returns where each entry came from. Import merges this over the stored
    /// data, then validates the whole.
    pub fn read_sources(sources: &[Source<'_>]) -> Result<(Dataset, Origins), DatasetErrors> {
        let mut errors = Vec::new();
        let mut dataset = Dataset::default();
        let mut origins = Origins::new();
        for source in sources {
            read_source(source, &mut dataset, &mut origins, &mut errors);
        }
        if errors.is_empty() {
            Ok((dataset, origins))
        } else {
            Err(DatasetErrors(errors))
        }
    }

    /// Every entry, in dependency order.
    pub fn entries(&self) -> Vec<Entry> {
        let mut out = Vec::new();
        out.extend(self.areas.iter().cloned().map(Entry::Area));
        out.extend(self.perspectives.iter().cloned().map(Entry::Perspective));
        out.extend(self.applicant_types.iter().cloned().map(Entry::ApplicantType));
        out.extend(self.actors.iter().cloned().map(Entry::Actor));
        out.extend(self.grants.iter().cloned().map(Entry::Grant));
        out.extend(self.initiatives.iter().cloned().map(Entry::Initiative));
        out
    }

    /// Adds an entry at the end of its list.
    pub fn push(&mut self, entry: Entry) {
        match entry {
            Entry::Area(e) => self.areas.push(e),
            Entry::Perspective(e) => self.perspectives.push(e),
            Entry::ApplicantType(e) => self.applicant_types.push(e),
            Entry::Actor(e) => self.actors.push(e),
            Entry::Grant(e) => self.grants.push(e),
            Entry::Initiative(e) => self.initiatives.push(e),
        }
    }

    pub fn from_entries(entries: impl IntoIterator<Item = Entry>) -> Dataset {
        let mut dataset = Dataset::default();
        for entry in entries {
            dataset.push(entry);
        }
        dataset
    }

    pub fn len(&self) -> usize {
        self.areas.len()
            + self.perspectives.len()
            + self.applicant_types.len()
            + self.actors.len()
            + self.grants.len()
            + self.initiatives.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// `self`'s entries laid over `base`: an entry with the same kind and id
    /// replaces the base's, others are added.
    pub fn merged_over(&self, base: &Dataset) -> Dataset {
        let mut by_key: HashMap<(EntryKind, Slug), Entry> = HashMap::new();
        let mut order: Vec<(EntryKind, Slug)> = Vec::new();
        for entry in base.entries().into_iter().chain(self.entries()) {
            let key = (entry.kind(), entry.id().clone());
            if by_key.insert(key.clone(), entry).is_none() {
                order.push(key);
            }
        }
        Dataset::from_entries(order.into_iter().filter_map(|k| by_key.remove(&k)))
    }

    /// The same entries in a canonical order (areas by their order, the rest by
    /// id), so that exports are stable.
    pub fn sorted(mut self) -> Dataset {
        self.areas.sort_by(|a, b| (a.order, &a.id).cmp(&(b.order, &b.id)));
        self.perspectives.sort_by(|a, b| a.id.cmp(&b.id));
        self.applicant_types.sort_by(|a, b| a.id.cmp(&b.id));
        self.actors.sort_by(|a, b| a.id.cmp(&b.id));
        self.grants.sort_by(|a, b| a.id.cmp(&b.id));
        self.initiatives.sort_by(|a, b| a.id.cmp(&b.id));
        self
    }

    pub fn to_toml(&self) -> String {
        toml::to_string_pretty(self).expect("a dataset always serialises to TOML")
    }

    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).expect("a dataset always serialises");
        text.push('\n');
        text
    }

    /// Checks what a single file cannot: unique ids, references that resolve,
    /// an applicant hierarchy without cycles, sensible text and links.
    pub fn validate(&self, origins: &Origins) -> Vec<DatasetError> {
        Validator::new(self, origins).run()
    }
}

fn read_source(
    source: &Source<'_>,
    dataset: &mut Dataset,
    origins: &mut Origins,
    errors: &mut Vec<DatasetError>,
) {
    let whole = |message: String| DatasetError {
        origin: source.origin.clone(),
        entry: None,
        field: None,
        message,
    };
    let value: serde_json::Value = match source.format {
        Format::Json => match serde_json::from_str(source.text) {
            Ok(v) => v,
            Err(e) => return errors.push(whole(format!("not valid JSON: {e}"))),
        },
        Format::Toml => match toml::from_str::<toml::Table>(source.text) {
            Ok(table) => match serde_json::to_value(table) {
                Ok(v) => v,
                Err(e) => return errors.push(whole(format!("cannot read the TOML: {e}"))),
            },
            Err(e) => return errors.push(whole(format!("not valid TOML: {e}"))),
        },
    };
    let serde_json::Value::Object(top) = value else {
        return errors.push(whole(
            "a dataset is a table of lists (areas, perspectives, applicant_types, actors, grants, initiatives)".into(),
        ));
    };
    let empty = top
        .values()
        .all(|list| list.as_array().is_some_and(|items| items.is_empty()));
    if empty {
        return errors.push(whole(
            "the file holds no entries; a dataset has lists of areas, perspectives, applicant_types, actors, grants or initiatives".into(),
        ));
    }
    for (key, list) in &top {
        let Some(kind) = EntryKind::ALL.into_iter().find(|k| k.collection() == key) else {
            errors.push(whole(format!(
                "unknown list `{key}`; a dataset has areas, perspectives, applicant_types, actors, grants and initiatives"
            )));
            continue;
        };
        let Some(items) = list.as_array() else {
            errors.push(whole(format!("`{key}` must be a list")));
            continue;
        };
        for (i, item) in items.iter().enumerate() {
            let entry_name = match item.get("id").and_then(|v| v.as_str()) {
                Some(id) => format!("{kind} \"{id}\""),
                None => format!("{key}[{i}]"),
            };
            match Entry::from_json(kind, item) {
                Ok(entry) => {
                    let k = (kind, entry.id().clone());
                    if let Some(first) = origins.get(&k) {
                        errors.push(DatasetError {
                            origin: source.origin.clone(),
                            entry: Some(entry_name),
                            field: Some("id".into()),
                            message: format!("the id is used twice; first in {first}"),
                        });
                    } else {
                        origins.insert(k, source.origin.clone());
                        dataset.push(entry);
                    }
                }
                Err(e) => errors.push(DatasetError {
                    origin: source.origin.clone(),
                    entry: Some(entry_name),
                    field: e.field,
                    message: e.message,
                }),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = r#"
[[areas]]
id = "boende"
name = "boende"
order = 1
verified = "2021-12-22"

[[actors]]
id = "boverket"
name = "Boverket"
kind = "myndighet"
areas = [{ area = "boende", role = "responsible" }]
verified = "2021-12-22"

[[grants]]
id = "samlingslokaler"
title = "Stöd till allmänna samlingslokaler med ungdomsverksamhet."
provider = "boverket"
deadline = "31 augusti"
verified = "2021-12-22"
"#;

    fn toml(origin: &str, text: &str) -> Result<Dataset, DatasetErrors> {
        Dataset::from_sources(&[Source {
            origin: origin.into(),
            text,
            format: Format::Toml,
        }])
    }

    #[test]
    fn reads_a_small_dataset() {
        let data = toml("small.toml", SMALL).unwrap();
        assert_eq!(data.areas.len(), 1);
        assert_eq!(data.grants[0].deadline.as_ref().unwrap().text(), "31 augusti");
    }

    #[test]
    fn a_bad_deadline_names_file_entry_and_field() {
        let text = SMALL.replace("31 augusti", "31 agusti");
        let err = toml("small.toml", &text).unwrap_err();
        assert_eq!(err.0.len(), 1);
        let e = &err.0[0];
        assert_eq!(e.origin, "small.toml");
        assert_eq!(e.entry.as_deref(), Some("grant \"samlingslokaler\""));
        assert_eq!(e.field.as_deref(), Some("deadline"));
        assert!(e.message.contains("31 agusti"), "{}", e.message);
    }

    #[test]
    fn every_problem_is_reported_not_just_the_first() {
        let text = SMALL
            .replace("provider = \"boverket\"", "provider = \"bverket\"")
            .replace("role = \"responsible\"", "role = \"boss\"")
            .replace("order = 1", "order = -1");
        let err = toml("small.toml", &text).unwrap_err();
        let fields: Vec<_> = err
            .0
            .iter()
            .map(|e| e.field.clone().unwrap_or_default())
            .collect();
        // Reading stops at the entries' own fields; references are checked once
        // every entry reads.
        assert!(fields.contains(&"areas[0].role".to_string()), "{fields:?}");
        assert!(fields.contains(&"order".to_string()), "{fields:?}");
    }

    #[test]
    fn unresolved_references_are_errors() {
        let text = SMALL.replace("provider = \"boverket\"", "provider = \"bverket\"");
        let err = toml("small.toml", &text).unwrap_err();
        assert_eq!(err.0[0].field.as_deref(), Some("provider"));
        assert!(err.0[0].message.contains("no actor with id \"bverket\""));
    }

    #[test]
    fn duplicate_ids_across_files_are_errors() {
        let err = Dataset::from_sources(&[
            Source {
                origin: "a.toml".into(),
                text: SMALL,
                format: Format::Toml,
            },
            Source {
                origin: "b.toml".into(),
                text: SMALL,
                format: Format::Toml,
            },
        ])
        .unwrap_err();
        assert!(
            err.0
                .iter()
                .all(|e| e.origin == "b.toml" && e.message.contains("a.toml"))
        );
        assert_eq!(err.0.len(), 3);
    }

    #[test]
    fn syntax_errors_and_unknown_lists_are_reported() {
        let err = toml("x.toml", "[[areas]\n").unwrap_err();
        assert!(err.0[0].message.starts_with("not valid TOML"));
        let err = toml("x.toml", "[[grant]]\nid = \"a\"\n").unwrap_err();
        assert!(err.0[0].message.contains("unknown list `grant`"));
        let err = Dataset::from_sources(&[Source {
            origin: "x.json".into(),
            text: "[1]",
            format: Format::Json,
        }])
        .unwrap_err();
        assert!(err.0[0].message.contains("table of lists"));
    }

    #[test]
    fn json_and_toml_round_trip() {
        let data = toml("small.toml", SMALL).unwrap();
        let json = data.to_json();
        let back = Dataset::from_sources(&[Source {
            origin: "x.json".into(),
            text: &json,
            format: Format::Json,
        }])
        .unwrap();
        assert_eq!(back, data);
        let text = data.to_toml();
        assert_eq!(toml("x.toml", &text).unwrap(), data);
    }

    #[test]
    fn merging_replaces_by_kind_and_id() {
        let base = toml("small.toml", SMALL).unwrap();
        let mut change = Dataset::default();
        let mut grant = base.grants[0].clone();
        grant.title = "Ny titel".into();
        change.grants.push(grant);
        let merged = change.merged_over(&base);
        assert_eq!(merged.len(), base.len());
        assert_eq!(merged.grants[0].title, "Ny titel");
    }
}
