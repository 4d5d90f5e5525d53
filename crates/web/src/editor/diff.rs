//! Readable differences between two versions of an entry: which fields
//! changed, and within a field, which words were removed and which added
//! (word diff by the `similar` crate, Myers' algorithm).

use serde_json::Value;
use similar::{ChangeTag, TextDiff};

use crate::i18n::Lang;

/// A run of text in a diff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    Same(String),
    Removed(String),
    Added(String),
}

/// One field that differs between two versions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    pub field: String,
    pub segments: Vec<Segment>,
}

/// A field's value as an editor reads it, in `lang`: lists one item per line.
pub fn display(lang: Lang, value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Bool(true)) => lang.t("diff-yes"),
        Some(Value::Bool(false)) => lang.t("diff-no"),
        Some(Value::Array(items)) => items
            .iter()
            .map(|i| display(lang, Some(i)))
            .collect::<Vec<_>>()
            .join("\n"),
        Some(Value::Object(map)) => map
            .values()
            .map(|v| display(lang, Some(v)))
            .collect::<Vec<_>>()
            .join(": "),
        Some(other) => other.to_string(),
    }
}

/// The fields that differ, in `order` and then any others in the order `after` has them.
pub fn changes(lang: Lang, before: Option<&Value>, after: &Value, order: &[&str]) -> Vec<FieldChange> {
    let empty = serde_json::Map::new();
    let before = before.and_then(Value::as_object).unwrap_or(&empty);
    let after = after.as_object().unwrap_or(&empty);
    let mut names: Vec<&str> = order.to_vec();
    for key in after.keys().chain(before.keys()) {
        if !names.contains(&key.as_str()) {
            names.push(key);
        }
    }
    names
        .into_iter()
        .filter_map(|name| {
            let (old, new) = (display(lang, before.get(name)), display(lang, after.get(name)));
            (old != new).then(|| FieldChange {
                field: name.to_string(),
                segments: words(&old, &new),
            })
        })
        .collect()
}

/// A word diff of two texts, with neighbouring runs of one kind merged.
fn words(old: &str, new: &str) -> Vec<Segment> {
    let diff = TextDiff::from_words(old, new);
    let mut out: Vec<Segment> = Vec::new();
    for change in diff.iter_all_changes() {
        let text = change.value();
        match (change.tag(), out.last_mut()) {
            (ChangeTag::Equal, Some(Segment::Same(s)))
            | (ChangeTag::Delete, Some(Segment::Removed(s)))
            | (ChangeTag::Insert, Some(Segment::Added(s))) => s.push_str(text),
            (ChangeTag::Equal, _) => out.push(Segment::Same(text.to_string())),
            (ChangeTag::Delete, _) => out.push(Segment::Removed(text.to_string())),
            (ChangeTag::Insert, _) => out.push(Segment::Added(text.to_string())),
        }
    }
    // With no words in common, interleaved fragments are harder to read than
    // the old value followed by the new.
    let shared = out
        .iter()
        .any(|s| matches!(s, Segment::Same(t) if !t.trim().is_empty()));
    if !shared && !old.is_empty() && !new.is_empty() {
        return vec![
            Segment::Removed(old.to_string()),
            Segment::Same(" ".into()),
            Segment::Added(new.to_string()),
        ];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_changed_fields_are_shown_with_words_removed_and_added() {
        let before = json!({"id": "x", "title": "Stöd till lokala projekt", "areas": ["boende"], "verified": "2021-12-22"});
        let after = json!({"id": "x", "title": "Stöd till regionala projekt", "areas": ["boende", "arbete"], "verified": "2021-12-22", "url": "https://a.se/"});
        let changes = changes(Lang::Sv, Some(&before), &after, &["id", "title", "areas", "url"]);
        let fields: Vec<&str> = changes.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(fields, ["title", "areas", "url"]);
        assert_eq!(
            changes[0].segments,
            [
                Segment::Same("Stöd till ".into()),
                Segment::Removed("lokala".into()),
                Segment::Added("regionala".into()),
                Segment::Same(" projekt".into()),
            ]
        );
        assert_eq!(changes[2].segments, [Segment::Added("https://a.se/".into())]);
        assert_eq!(
            words("se webbplats", "1 mars"),
            [
                Segment::Removed("se webbplats".into()),
                Segment::Same(" ".into()),
                Segment::Added("1 mars".into())
            ]
        );
    }

    #[test]
    fn a_new_entry_shows_every_field_as_added() {
        let after = json!({"id": "x", "statsbidrag": true});
        let changes = changes(Lang::Sv, None, &after, &[]);
        assert_eq!(changes.len(), 2);
        assert_eq!(changes[1].segments, [Segment::Added("ja".into())]);
        let in_english = super::changes(Lang::En, None, &after, &[]);
        assert_eq!(in_english[1].segments, [Segment::Added("yes".into())]);
    }
}
