//! The edit forms: one description of the fields of each kind of entry, used to
//! print the form, to read a submitted form back into an entry, and to put
//! every problem next to the field it is about, with what was typed kept.

use std::collections::BTreeMap;

use samverkan_domain::deadline::Deadline;
use samverkan_domain::model::{ActorKind, AreaRole};
use samverkan_domain::{Catalog, DatasetError, Entry, EntryKind, Slug};
use serde_json::{Map, Value};

pub use crate::http::form::FormData;
use crate::i18n::Lang;

/// How a field is edited.
#[derive(Debug, Clone)]
pub enum Widget {
    /// The entry's id: typed when it is created, fixed afterwards.
    Id,
    Text,
    Textarea,
    /// One value per line (aliases).
    Lines,
    Url,
    Date,
    /// A Swedish deadline phrase, read by the deadline engine.
    Deadline,
    /// One of these values (value, label).
    Select(Vec<(String, String)>),
    /// Any of these values.
    Checkboxes(Vec<(String, String)>),
    /// A role in each area (area id, area name).
    AreaRoles(Vec<(String, String)>),
    /// Yes, no, or not known (an `Option<bool>`).
    YesNo,
    /// A single box: true when ticked, left out when not (a `bool` that is
    /// false by default).
    Flag,
}

/// One field of a form.
#[derive(Debug, Clone)]
pub struct Field {
    /// The field's name in the dataset format and in the form.
    pub name: &'static str,
    pub widget: Widget,
    pub required: bool,
}

fn field(name: &'static str, widget: Widget, required: bool) -> Field {
    Field {
        name,
        widget,
        required,
    }
}

pub use crate::editing::EDITABLE;

/// The fields of an entry of `kind`, with choices from the catalogue.
pub fn fields(kind: EntryKind, catalog: &Catalog, lang: Lang) -> Vec<Field> {
    let areas: Vec<(String, String)> = catalog
        .areas()
        .iter()
        .map(|a| (a.id.to_string(), a.name.clone()))
        .collect();
    let perspectives = || {
        catalog
            .perspectives()
            .iter()
            .map(|p| (p.id.to_string(), p.name.clone()))
            .collect()
    };
    let actors = || {
        catalog
            .actors()
            .iter()
            .map(|a| (a.id.to_string(), a.name.clone()))
            .collect::<Vec<_>>()
    };
    match kind {
        EntryKind::Actor => vec![
            field("id", Widget::Id, true),
            field("name", Widget::Text, true),
            field("name_en", Widget::Text, false),
            field("short_name", Widget::Text, false),
            field("aliases", Widget::Lines, false),
            field(
                "kind",
                Widget::Select(
                    ActorKind::ALL
                        .iter()
                        .map(|k| (k.as_str().to_string(), lang.t(&format!("kind-{}", k.as_str()))))
                        .collect(),
                ),
                true,
            ),
            field(
                "group",
                Widget::Select(
                    samverkan_domain::SourceGroup::ALL
                        .iter()
                        .map(|g| {
                            (
                                g.as_str().to_string(),
                                lang.t(&format!("actors-group-{}", g.as_str())),
                            )
                        })
                        .collect(),
                ),
                false,
            ),
            field("mission", Widget::Textarea, false),
            field("connection", Widget::Textarea, false),
            field("areas", Widget::AreaRoles(areas), false),
            field("perspectives", Widget::Checkboxes(perspectives()), false),
            field("website", Widget::Url, false),
            field("verified", Widget::Date, true),
        ],
        EntryKind::Grant => vec![
            field("id", Widget::Id, true),
            field("title", Widget::Text, true),
            field("provider", Widget::Select(actors()), true),
            field("aliases", Widget::Lines, false),
            field("description", Widget::Textarea, false),
            field("statsbidrag", Widget::YesNo, false),
            field(
                "applicants",
                Widget::Checkboxes(
                    catalog
                        .applicant_types()
                        .iter()
                        .map(|t| (t.id.to_string(), t.name.clone()))
                        .collect(),
                ),
                false,
            ),
            field("areas", Widget::Checkboxes(areas), false),
            field("perspectives", Widget::Checkboxes(perspectives()), false),
            field("deadline", Widget::Deadline, false),
            field("url", Widget::Url, false),
            field("ended", Widget::Flag, false),
            field("verified", Widget::Date, true),
        ],
        _ => vec![
            field("id", Widget::Id, true),
            field("name", Widget::Text, true),
            field("short_name", Widget::Text, false),
            field("description", Widget::Textarea, false),
            field("participants", Widget::Checkboxes(actors()), false),
            field("areas", Widget::Checkboxes(areas), false),
            field("verified", Widget::Date, true),
        ],
    }
}

/// Problems with a form, by field name; "" is the form as a whole.
pub type Problems = BTreeMap<String, Vec<String>>;

/// The form values that show an existing entry.
pub fn values_of(entry: &Entry, fields: &[Field]) -> FormData {
    let json = entry.to_json();
    let mut out = Vec::new();
    for f in fields {
        let value = json.get(f.name);
        match (&f.widget, value) {
            (_, None) => {}
            (Widget::Lines, Some(Value::Array(items))) => {
                let lines: Vec<&str> = items.iter().filter_map(Value::as_str).collect();
                out.push((f.name.to_string(), lines.join("\n")));
            }
            (Widget::Checkboxes(_), Some(Value::Array(items))) => {
                for item in items.iter().filter_map(Value::as_str) {
                    out.push((f.name.to_string(), item.to_string()));
                }
            }
            (Widget::AreaRoles(_), Some(Value::Array(items))) => {
                for link in items {
                    if let (Some(area), Some(role)) = (
                        link.get("area").and_then(Value::as_str),
                        link.get("role").and_then(Value::as_str),
                    ) {
                        out.push((format!("areas.{area}"), role.to_string()));
                    }
                }
            }
            (Widget::Flag, Some(Value::Bool(true))) => out.push((f.name.to_string(), "yes".to_string())),
            (Widget::Flag, Some(_)) => {}
            (Widget::YesNo, Some(Value::Bool(b))) => {
                out.push((f.name.to_string(), if *b { "yes" } else { "no" }.to_string()));
            }
            (_, Some(Value::String(s))) => out.push((f.name.to_string(), s.clone())),
            (_, Some(other)) => out.push((f.name.to_string(), other.to_string())),
        }
    }
    FormData(out)
}

/// Reads a form into an entry of `kind`. `existing` is the entry being edited
/// (its id is fixed, and lists keep its order), `None` when one is created.
/// Every problem found is returned, by field.
pub fn read_entry(
    kind: EntryKind,
    fields: &[Field],
    form: &FormData,
    existing: Option<&Entry>,
    lang: Lang,
) -> Result<Entry, Problems> {
    let id = existing.map(|e| e.id().as_str());
    let before = existing.map(Entry::to_json);
    // The values a list had, in their order: a list keeps its order when boxes are
    // ticked or unticked, and new values follow in the order of the choices.
    let earlier = |name: &str, key: Option<&str>| -> Vec<String> {
        before
            .as_ref()
            .and_then(|b| b.get(name))
            .and_then(Value::as_array)
            .map(|items| {
                items
                    .iter()
                    .filter_map(|v| match key {
                        Some(k) => v.get(k).and_then(Value::as_str),
                        None => v.as_str(),
                    })
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    };
    let ordered = |options: Vec<&str>, previous: Vec<String>| -> Vec<String> {
        let mut out: Vec<String> = previous
            .into_iter()
            .filter(|p| options.contains(&p.as_str()))
            .collect();
        for o in options {
            if !out.iter().any(|p| p == o) {
                out.push(o.to_string());
            }
        }
        out
    };
    let mut problems = Problems::new();
    let mut problem =
        |name: &str, message: String| problems.entry(name.to_string()).or_default().push(message);
    let mut json = Map::new();
    for f in fields {
        let text = form.text(f.name);
        let value = match &f.widget {
            Widget::Id => {
                let text = id.map(str::to_string).unwrap_or(text);
                if text.is_empty() {
                    None
                } else if Slug::parse(&text).is_err() {
                    problem(f.name, lang.t("form-error-id"));
                    continue;
                } else {
                    Some(Value::String(text))
                }
            }
            Widget::Text | Widget::Textarea => (!text.is_empty()).then_some(Value::String(text)),
            Widget::Lines => {
                let lines: Vec<Value> = text
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(|l| Value::String(l.to_string()))
                    .collect();
                (!lines.is_empty()).then_some(Value::Array(lines))
            }
            Widget::Url => {
                if text.is_empty() {
                    None
                } else if !(text.starts_with("https://") || text.starts_with("http://"))
                    || text.len() <= "https://".len()
                    || text.contains(char::is_whitespace)
                {
                    problem(f.name, lang.t("form-error-url"));
                    continue;
                } else {
                    Some(Value::String(text))
                }
            }
            Widget::Date => {
                if text.is_empty() {
                    None
                } else if text.parse::<jiff::civil::Date>().is_err() {
                    problem(f.name, lang.t("form-error-date"));
                    continue;
                } else if f.name == "verified"
                    && text
                        .parse::<jiff::civil::Date>()
                        .is_ok_and(|d| d > samverkan_domain::time::today_in_sweden())
                {
                    problem(f.name, lang.t("form-error-verified-future"));
                    continue;
                } else {
                    Some(Value::String(text))
                }
            }
            Widget::Deadline => {
                if text.is_empty() {
                    None
                } else {
                    match Deadline::parse(&text) {
                        Ok(d) => Some(Value::String(d.to_string())),
                        Err(e) => {
                            problem(f.name, format!("{} ({e})", lang.t("form-error-deadline")));
                            continue;
                        }
                    }
                }
            }
            Widget::Select(options) => {
                if text.is_empty() {
                    None
                } else if options.iter().any(|(v, _)| *v == text) {
                    Some(Value::String(text))
                } else {
                    problem(f.name, lang.t("form-error-choice"));
                    continue;
                }
            }
            Widget::Checkboxes(options) => {
                let mut chosen = Vec::new();
                for v in form.all(f.name) {
                    if !options.iter().any(|(o, _)| o == v) {
                        problem(f.name, lang.t("form-error-choice"));
                    } else if !chosen.contains(&v) {
                        chosen.push(v);
                    }
                }
                let in_choice_order: Vec<&str> = options
                    .iter()
                    .map(|(o, _)| o.as_str())
                    .filter(|o| chosen.contains(o))
                    .collect();
                let list: Vec<Value> = ordered(in_choice_order, earlier(f.name, None))
                    .into_iter()
                    .map(Value::String)
                    .collect();
                (!list.is_empty()).then_some(Value::Array(list))
            }
            Widget::AreaRoles(areas) => {
                let mut roles = BTreeMap::new();
                for (area, _) in areas {
                    let role = form.text(&format!("areas.{area}"));
                    if role.is_empty() {
                        continue;
                    }
                    match AreaRole::parse(&role) {
                        Some(r) => {
                            roles.insert(area.as_str(), r);
                        }
                        None => problem(f.name, lang.t("form-error-choice")),
                    }
                }
                let in_choice_order = areas
                    .iter()
                    .map(|(a, _)| a.as_str())
                    .filter(|a| roles.contains_key(a))
                    .collect();
                let links: Vec<Value> = ordered(in_choice_order, earlier(f.name, Some("area")))
                    .into_iter()
                    .map(|area| serde_json::json!({"area": area, "role": roles[area.as_str()].as_str()}))
                    .collect();
                (!links.is_empty()).then_some(Value::Array(links))
            }
            Widget::Flag => match form.all(f.name).as_slice() {
                [] => None,
                ["yes"] => Some(Value::Bool(true)),
                _ => {
                    problem(f.name, lang.t("form-error-choice"));
                    continue;
                }
            },
            Widget::YesNo => match text.as_str() {
                "" => None,
                "yes" => Some(Value::Bool(true)),
                "no" => Some(Value::Bool(false)),
                _ => {
                    problem(f.name, lang.t("form-error-choice"));
                    continue;
                }
            },
        };
        match value {
            Some(v) => {
                json.insert(f.name.to_string(), v);
            }
            None if f.required => problem(f.name, lang.t("form-error-required")),
            None => {}
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    // What the service added beyond the source stays with the entry while the
    // field it is about keeps its value; a changed value is the editor's own,
    // and the old source no longer speaks for it.
    if let Some(Value::Array(added)) = before.as_ref().and_then(|b| b.get("added")) {
        let kept: Vec<Value> = added
            .iter()
            .filter(|a| {
                let field = a.get("field").and_then(Value::as_str).unwrap_or("");
                before.as_ref().and_then(|b| b.get(field)) == json.get(field)
            })
            .cloned()
            .collect();
        if !kept.is_empty() {
            json.insert("added".to_string(), Value::Array(kept));
        }
    }
    Entry::from_json(kind, &Value::Object(json)).map_err(|e| {
        let name = e.field.as_deref().map(field_of_path).unwrap_or_default();
        Problems::from([(name, vec![e.message])])
    })
}

/// "areas[0].role" → "areas": the form field a path inside an entry belongs to.
fn field_of_path(path: &str) -> String {
    path.trim_start_matches('.')
        .split(['.', '['])
        .next()
        .unwrap_or("")
        .to_string()
}

/// Puts the catalogue's own checks (references, duplicates …) next to their fields.
pub fn problems_of(errors: &[DatasetError], fields: &[Field]) -> Problems {
    let mut out = Problems::new();
    for e in errors {
        let name = e
            .field
            .as_deref()
            .map(field_of_path)
            .filter(|n| fields.iter().any(|f| f.name == n))
            .unwrap_or_default();
        let message = match (&e.entry, name.is_empty()) {
            (Some(entry), true) => format!("{entry}: {}", e.message),
            _ => e.message.clone(),
        };
        out.entry(name).or_default().push(message);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use samverkan_domain::bundled;

    fn catalog() -> Catalog {
        Catalog::new(bundled::dataset().unwrap())
    }

    #[test]
    fn every_entry_survives_a_trip_through_its_form() {
        let catalog = catalog();
        for entry in catalog.entries() {
            let kind = entry.kind();
            if !EDITABLE.contains(&kind) {
                continue;
            }
            let fields = fields(kind, &catalog, Lang::Sv);
            let form = values_of(&entry, &fields);
            let back = read_entry(kind, &fields, &form, Some(&entry), Lang::Sv)
                .unwrap_or_else(|p| panic!("{kind} {}: {p:?}", entry.id()));
            assert_eq!(back, entry);
        }
    }

    #[test]
    fn every_problem_is_put_next_to_its_field() {
        let catalog = catalog();
        let fields = fields(EntryKind::Grant, &catalog, Lang::Sv);
        let form = FormData(
            [
                ("id", "Nytt bidrag"),
                ("title", "   "),
                ("provider", "ingen-sadan"),
                ("deadline", "31 februari"),
                ("url", "www.example.se"),
                ("verified", "2026-13-01"),
                ("statsbidrag", "kanske"),
                ("areas", "boende"),
                ("areas", "rymden"),
            ]
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .to_vec(),
        );
        let problems = read_entry(EntryKind::Grant, &fields, &form, None, Lang::Sv).unwrap_err();
        let names: Vec<&str> = problems.keys().map(String::as_str).collect();
        assert_eq!(
            names,
            [
                "areas",
                "deadline",
                "id",
                "provider",
                "statsbidrag",
                "title",
                "url",
                "verified"
            ]
        );
        assert!(problems["deadline"][0].contains("31 februari"), "{problems:?}");
    }
}
