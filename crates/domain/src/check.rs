//! Data quality: what `samverkan check` and the editors' dashboard report.

use jiff::civil::Date;
use serde::Serialize;

use crate::catalog::Catalog;
use crate::dataset::EntryKind;
use crate::deadline::{DeadlineRule, DeadlineStatus};
use crate::model::Slug;
use crate::time::is_overdue;

/// What kind of problem a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// Not verified within the window.
    Stale,
    /// A fixed deadline whose dates have all passed.
    PassedDeadline,
    /// A field the public pages need is empty.
    MissingField,
    /// A link that does not answer with success (found by the link checker).
    BrokenLink,
    /// A reference to an entry that is not in the catalogue (a provider,
    /// area, applicant type, perspective or participant). Writes never make
    /// one; this finds one made by an older version or by hand.
    DanglingReference,
}

impl FindingKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FindingKind::Stale => "stale",
            FindingKind::PassedDeadline => "passed_deadline",
            FindingKind::MissingField => "missing_field",
            FindingKind::BrokenLink => "broken_link",
            FindingKind::DanglingReference => "dangling_reference",
        }
    }
}

/// One problem with one entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub kind: FindingKind,
    pub entry_kind: EntryKind,
    pub id: Slug,
    pub message: String,
    /// The field a missing-field finding is about, as the dataset names it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<&'static str>,
    /// When a stale entry was last verified.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verified: Option<Date>,
}

/// Every problem in the catalogue on `on`, with entries overdue for a check
/// on a cycle of `stale_days` (see [`crate::time::verify_by`]).
pub fn check(catalog: &Catalog, on: Date, stale_days: u32) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut push = |kind, entry: EntryKind, id: &Slug, message: String, verified: Option<Date>| {
        let field = match kind {
            FindingKind::MissingField => message.strip_prefix("no ").and_then(|f| {
                [
                    "mission",
                    "website",
                    "deadline",
                    "url",
                    "applicants",
                    "areas",
                    "participants",
                ]
                .into_iter()
                .find(|known| *known == f)
            }),
            _ => None,
        };
        out.push(Finding {
            kind,
            entry_kind: entry,
            id: id.clone(),
            message,
            field,
            verified,
        })
    };
    let mut stale = |entry: EntryKind, id: &Slug, verified: Date, verify_by: Date| {
        if is_overdue(verify_by, on) {
            let days = crate::catalog::days_between(verify_by, on);
            push(
                FindingKind::Stale,
                entry,
                id,
                format!(
                    "last verified {verified}, due again by {verify_by}: {days} days overdue (cycle {stale_days} days)"
                ),
                Some(verified),
            );
        }
    };
    for a in catalog.actors() {
        stale(EntryKind::Actor, &a.id, a.verified, a.verify_by(stale_days));
    }
    for g in catalog.grants() {
        stale(EntryKind::Grant, &g.id, g.verified, g.verify_by(stale_days));
    }
    for i in catalog.initiatives() {
        stale(EntryKind::Initiative, &i.id, i.verified, i.verify_by(stale_days));
    }
    for g in catalog.grants() {
        if let Some(d) = &g.deadline
            && matches!(d.rule(), DeadlineRule::Fixed(_))
            && d.status_on(on) == DeadlineStatus::Passed
        {
            push(
                FindingKind::PassedDeadline,
                EntryKind::Grant,
                &g.id,
                format!("every date of the deadline \"{d}\" is before {on}"),
                None,
            );
        }
    }
    for a in catalog.actors() {
        let mut missing = Vec::new();
        if a.mission.is_none() {
            missing.push("mission");
        }
        if a.website.is_none() {
            missing.push("website");
        }
        for field in missing {
            push(
                FindingKind::MissingField,
                EntryKind::Actor,
                &a.id,
                format!("no {field}"),
                None,
            );
        }
    }
    for g in catalog.grants() {
        let mut missing = Vec::new();
        if g.deadline.is_none() {
            missing.push("deadline");
        }
        if g.url.is_none() {
            missing.push("url");
        }
        if g.applicants.is_empty() {
            missing.push("applicants");
        }
        if g.areas.is_empty() {
            missing.push("areas");
        }
        for field in missing {
            push(
                FindingKind::MissingField,
                EntryKind::Grant,
                &g.id,
                format!("no {field}"),
                None,
            );
        }
    }
    for i in catalog.initiatives() {
        if i.participants.is_empty() {
            push(
                FindingKind::MissingField,
                EntryKind::Initiative,
                &i.id,
                "no participants".into(),
                None,
            );
        }
    }
    out.extend(dangling_references(catalog));
    out.sort_by(|a, b| (a.kind, a.entry_kind.as_str(), &a.id).cmp(&(b.kind, b.entry_kind.as_str(), &b.id)));
    out
}

/// Every reference from one entry to another that does not resolve.
fn dangling_references(catalog: &Catalog) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut dangling = |kind: EntryKind, id: &Slug, field: &'static str, target: EntryKind, to: &Slug| {
        if catalog.entry_title(target, to.as_str()).is_none() {
            out.push(Finding {
                kind: FindingKind::DanglingReference,
                entry_kind: kind,
                id: id.clone(),
                message: format!("`{field}` names {target} \"{to}\", which is not in the catalogue"),
                field: Some(field),
                verified: None,
            });
        }
    };
    for g in catalog.grants() {
        dangling(EntryKind::Grant, &g.id, "provider", EntryKind::Actor, &g.provider);
        for a in &g.areas {
            dangling(EntryKind::Grant, &g.id, "areas", EntryKind::Area, a);
        }
        for a in &g.applicants {
            dangling(EntryKind::Grant, &g.id, "applicants", EntryKind::ApplicantType, a);
        }
        for p in &g.perspectives {
            dangling(EntryKind::Grant, &g.id, "perspectives", EntryKind::Perspective, p);
        }
    }
    for a in catalog.actors() {
        for link in &a.areas {
            dangling(EntryKind::Actor, &a.id, "areas", EntryKind::Area, &link.area);
        }
        for p in &a.perspectives {
            dangling(EntryKind::Actor, &a.id, "perspectives", EntryKind::Perspective, p);
        }
    }
    for i in catalog.initiatives() {
        for p in &i.participants {
            dangling(EntryKind::Initiative, &i.id, "participants", EntryKind::Actor, p);
        }
        for a in &i.areas {
            dangling(EntryKind::Initiative, &i.id, "areas", EntryKind::Area, a);
        }
    }
    for t in catalog.applicant_types() {
        if let Some(parent) = &t.parent {
            dangling(
                EntryKind::ApplicantType,
                &t.id,
                "parent",
                EntryKind::ApplicantType,
                parent,
            );
        }
    }
    out
}

/// An entry due to be checked again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Due {
    pub kind: EntryKind,
    pub id: Slug,
    pub verified: Date,
    pub verify_by: Date,
}

/// Every actor, grant and initiative whose check falls due within
/// `within_days` of `on` (or is overdue), on a cycle of `cycle_days`,
/// soonest first.
pub fn due_for_check(catalog: &Catalog, on: Date, cycle_days: u32, within_days: u32) -> Vec<Due> {
    let horizon = on
        .checked_add(jiff::Span::new().days(i64::from(within_days)))
        .unwrap_or(Date::MAX);
    let mut due: Vec<Due> = catalog
        .actors()
        .iter()
        .map(|a| (EntryKind::Actor, &a.id, a.verified, a.verify_by(cycle_days)))
        .chain(
            catalog
                .grants()
                .map(|g| (EntryKind::Grant, &g.id, g.verified, g.verify_by(cycle_days))),
        )
        .chain(
            catalog
                .initiatives()
                .iter()
                .map(|i| (EntryKind::Initiative, &i.id, i.verified, i.verify_by(cycle_days))),
        )
        .filter(|(_, _, _, by)| *by <= horizon)
        .map(|(kind, id, verified, verify_by)| Due {
            kind,
            id: id.clone(),
            verified,
            verify_by,
        })
        .collect();
    due.sort_by(|a, b| (a.verify_by, a.kind.as_str(), &a.id).cmp(&(b.verify_by, b.kind.as_str(), &b.id)));
    due
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Dataset;
    use crate::dataset::Entry;

    #[test]
    fn a_reference_to_an_entry_that_is_not_there_is_reported() {
        let grant = Entry::from_json(
            EntryKind::Grant,
            &serde_json::json!({
                "id": "g", "title": "G", "provider": "borta", "areas": ["boende"],
                "deadline": "löpande", "verified": "2026-11-01"
            }),
        )
        .unwrap();
        let catalog = Catalog::new(Dataset::from_entries([grant]));
        let on = "2026-11-29".parse().unwrap();
        let findings = check(&catalog, on, 365);
        let dangling: Vec<(&str, Option<&str>)> = findings
            .iter()
            .filter(|f| f.kind == FindingKind::DanglingReference)
            .map(|f| (f.id.as_str(), f.field))
            .collect();
        assert_eq!(dangling, [("g", Some("provider")), ("g", Some("areas"))]);
    }

    #[test]
    fn the_bundled_data_has_no_dangling_references() {
        let catalog = Catalog::new(crate::bundled::dataset().unwrap());
        let on = "2026-11-29".parse().unwrap();
        assert!(
            check(&catalog, on, 365)
                .iter()
                .all(|f| f.kind != FindingKind::DanglingReference)
        );
    }
}
