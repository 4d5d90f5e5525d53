//! Whether a dataset holds together: every field well formed, every id
//! unique, every reference resolving, every added fact sourced. Each problem
//! names the file, the entry and the field.

use super::*;

pub(super) struct Validator<'a> {
    data: &'a Dataset,
    origins: &'a Origins,
    ids: HashMap<EntryKind, HashSet<&'a str>>,
    errors: Vec<DatasetError>,
}

impl<'a> Validator<'a> {
    pub(super) fn new(data: &'a Dataset, origins: &'a Origins) -> Self {
        let mut ids: HashMap<EntryKind, HashSet<&str>> = HashMap::new();
        let mut put = |kind, id: &'a Slug| {
            ids.entry(kind).or_default().insert(id.as_str());
        };
        data.areas.iter().for_each(|e| put(EntryKind::Area, &e.id));
        data.perspectives
            .iter()
            .for_each(|e| put(EntryKind::Perspective, &e.id));
        data.applicant_types
            .iter()
            .for_each(|e| put(EntryKind::ApplicantType, &e.id));
        data.actors.iter().for_each(|e| put(EntryKind::Actor, &e.id));
        data.grants.iter().for_each(|e| put(EntryKind::Grant, &e.id));
        data.initiatives
            .iter()
            .for_each(|e| put(EntryKind::Initiative, &e.id));
        Validator {
            data,
            origins,
            ids,
            errors: Vec::new(),
        }
    }

    fn error(&mut self, kind: EntryKind, id: &Slug, field: &str, message: String) {
        let origin = self
            .origins
            .get(&(kind, id.clone()))
            .cloned()
            .unwrap_or_else(|| "database".to_string());
        self.errors.push(DatasetError {
            origin,
            entry: Some(format!("{kind} \"{id}\"")),
            field: Some(field.to_string()),
            message,
        });
    }

    fn refs(&mut self, kind: EntryKind, id: &Slug, field: &str, to: EntryKind, targets: &[&Slug]) {
        let mut seen = HashSet::new();
        for target in targets {
            let known = self.ids.get(&to).is_some_and(|s| s.contains(target.as_str()));
            if !known {
                self.error(kind, id, field, format!("there is no {to} with id \"{target}\""));
            }
            if !seen.insert(target.as_str()) {
                self.error(kind, id, field, format!("\"{target}\" is listed twice"));
            }
        }
    }

    fn text(&mut self, kind: EntryKind, id: &Slug, field: &str, text: Option<&str>, required: bool) {
        // Long texts keep their paragraphs; everything else is one line.
        let multiline = matches!(field, "mission" | "connection" | "description");
        self.chars(kind, id, field, text, multiline);
        match text {
            Some(t) if t.trim().is_empty() => {
                let advice = if required {
                    ""
                } else {
                    "; leave the field out instead"
                };
                self.error(kind, id, field, format!("is empty{advice}"));
            }
            Some(t) if t.trim() != t => self.error(kind, id, field, "has spaces at the start or end".into()),
            _ => {}
        }
    }

    fn chars(&mut self, kind: EntryKind, id: &Slug, field: &str, text: Option<&str>, multiline: bool) {
        if let Some(Err(e)) = text.map(|t| crate::text::check_text(t, multiline)) {
            self.error(kind, id, field, e.to_string());
        }
    }

    fn link(&mut self, kind: EntryKind, id: &Slug, field: &str, url: Option<&str>) {
        if let Some(Err(e)) = url.map(|u| crate::text::check_text(u, false)) {
            // Said once, without repeating the address and its hidden character.
            self.error(kind, id, field, e.to_string());
            return;
        }
        if let Some(url) = url {
            let ok = (url.starts_with("https://") || url.starts_with("http://"))
                && url.len() > "https://".len()
                && !url.contains(char::is_whitespace);
            if !ok {
                self.error(kind, id, field, format!("\"{url}\" is not an http(s) address"));
            }
        }
    }

    /// Each added fact names a field the entry has set (and may carry a
    /// source), a page to check it against, and a plain note.
    fn additions(
        &mut self,
        kind: EntryKind,
        id: &Slug,
        added: &[crate::model::Addition],
        set: &dyn Fn(&str) -> bool,
    ) {
        let mut seen = HashSet::new();
        for a in added {
            if !set(&a.field) {
                self.error(
                    kind,
                    id,
                    "added",
                    format!(
                        "names the field `{}`, which is not one the service adds to a {kind} or is not set",
                        a.field
                    ),
                );
            }
            if !seen.insert(a.field.as_str()) {
                self.error(kind, id, "added", format!("names the field `{}` twice", a.field));
            }
            self.link(kind, id, "added.source", Some(&a.source));
            self.text(kind, id, "added.note", a.note.as_deref(), false);
        }
    }

    pub(super) fn run(mut self) -> Vec<DatasetError> {
        self.duplicates();
        let data = self.data;
        for a in &data.areas {
            self.text(EntryKind::Area, &a.id, "name", Some(&a.name), true);
        }
        for p in &data.perspectives {
            self.text(EntryKind::Perspective, &p.id, "name", Some(&p.name), true);
        }
        for t in &data.applicant_types {
            self.text(EntryKind::ApplicantType, &t.id, "name", Some(&t.name), true);
            let parents: Vec<&Slug> = t.parent.iter().collect();
            self.refs(
                EntryKind::ApplicantType,
                &t.id,
                "parent",
                EntryKind::ApplicantType,
                &parents,
            );
        }
        self.applicant_cycles();
        for a in &data.actors {
            let k = EntryKind::Actor;
            self.text(k, &a.id, "name", Some(&a.name), true);
            self.text(k, &a.id, "short_name", a.short_name.as_deref(), false);
            self.text(k, &a.id, "mission", a.mission.as_deref(), false);
            self.text(k, &a.id, "connection", a.connection.as_deref(), false);
            for alias in &a.aliases {
                self.text(k, &a.id, "aliases", Some(alias), true);
            }
            let areas: Vec<&Slug> = a.areas.iter().map(|l| &l.area).collect();
            self.refs(k, &a.id, "areas", EntryKind::Area, &areas);
            let perspectives: Vec<&Slug> = a.perspectives.iter().collect();
            self.refs(k, &a.id, "perspectives", EntryKind::Perspective, &perspectives);
            self.link(k, &a.id, "website", a.website.as_deref());
            self.text(k, &a.id, "name_en", a.name_en.as_deref(), false);
            let set = |field: &str| match field {
                "website" => a.website.is_some(),
                "name_en" => a.name_en.is_some(),
                "areas" => !a.areas.is_empty(),
                _ => false,
            };
            self.additions(k, &a.id, &a.added, &set);
        }
        for g in &data.grants {
            let k = EntryKind::Grant;
            self.text(k, &g.id, "title", Some(&g.title), true);
            self.text(k, &g.id, "description", g.description.as_deref(), false);
            for alias in &g.aliases {
                self.text(k, &g.id, "aliases", Some(alias), true);
            }
            self.refs(k, &g.id, "provider", EntryKind::Actor, &[&g.provider]);
            let applicants: Vec<&Slug> = g.applicants.iter().collect();
            self.refs(k, &g.id, "applicants", EntryKind::ApplicantType, &applicants);
            let areas: Vec<&Slug> = g.areas.iter().collect();
            self.refs(k, &g.id, "areas", EntryKind::Area, &areas);
            let perspectives: Vec<&Slug> = g.perspectives.iter().collect();
            self.refs(k, &g.id, "perspectives", EntryKind::Perspective, &perspectives);
            self.link(k, &g.id, "url", g.url.as_deref());
            let deadline = g.deadline.as_ref().map(|d| d.text());
            self.chars(k, &g.id, "deadline", deadline, false);
            let set = |field: &str| match field {
                "url" => g.url.is_some(),
                "ended" => g.ended,
                "areas" => !g.areas.is_empty(),
                "applicants" => !g.applicants.is_empty(),
                _ => false,
            };
            self.additions(k, &g.id, &g.added, &set);
            if g.ended && !g.added.iter().any(|a| a.field == "ended") {
                self.error(
                    k,
                    &g.id,
                    "ended",
                    "says the grant has ended, but no `added` entry for `ended` gives the page that shows it"
                        .into(),
                );
            }
        }
        for i in &data.initiatives {
            let k = EntryKind::Initiative;
            self.text(k, &i.id, "name", Some(&i.name), true);
            self.text(k, &i.id, "short_name", i.short_name.as_deref(), false);
            self.text(k, &i.id, "description", i.description.as_deref(), false);
            let participants: Vec<&Slug> = i.participants.iter().collect();
            self.refs(k, &i.id, "participants", EntryKind::Actor, &participants);
            let areas: Vec<&Slug> = i.areas.iter().collect();
            self.refs(k, &i.id, "areas", EntryKind::Area, &areas);
        }
        self.errors
    }

    fn duplicates(&mut self) {
        let mut seen: HashSet<(EntryKind, &Slug)> = HashSet::new();
        for entry_ref in all_ids(self.data) {
            if !seen.insert(entry_ref) {
                let (kind, id) = entry_ref;
                self.error(kind, id, "id", "the id is used twice".into());
            }
        }
    }

    fn applicant_cycles(&mut self) {
        let parent: HashMap<&str, &str> = self
            .data
            .applicant_types
            .iter()
            .filter_map(|t| t.parent.as_ref().map(|p| (t.id.as_str(), p.as_str())))
            .collect();
        for t in &self.data.applicant_types {
            let mut at = t.id.as_str();
            for _ in 0..=parent.len() {
                match parent.get(at) {
                    Some(&p) if p == t.id.as_str() => {
                        self.error(
                            EntryKind::ApplicantType,
                            &t.id,
                            "parent",
                            "the applicant types' parents form a cycle".into(),
                        );
                        break;
                    }
                    Some(&p) => at = p,
                    None => break,
                }
            }
        }
    }
}

pub(super) fn all_ids(data: &Dataset) -> Vec<(EntryKind, &Slug)> {
    let mut out = Vec::new();
    out.extend(data.areas.iter().map(|e| (EntryKind::Area, &e.id)));
    out.extend(data.perspectives.iter().map(|e| (EntryKind::Perspective, &e.id)));
    out.extend(
        data.applicant_types
            .iter()
            .map(|e| (EntryKind::ApplicantType, &e.id)),
    );
    out.extend(data.actors.iter().map(|e| (EntryKind::Actor, &e.id)));
    out.extend(data.grants.iter().map(|e| (EntryKind::Grant, &e.id)));
    out.extend(data.initiatives.iter().map(|e| (EntryKind::Initiative, &e.id)));
    out
}
