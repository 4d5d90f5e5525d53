//! A small catalogue built in code, for tests whose subject is a behaviour
//! rather than the bundled data: two areas, an applicant type, two actors,
//! three grants (a yearly deadline, a rolling one, and one that ended) and
//! an initiative. Editing `data/` never changes what these tests see.

use samverkan_domain::{Dataset, Entry, EntryKind};
use serde_json::json;

fn entry(kind: EntryKind, value: serde_json::Value) -> Entry {
    Entry::from_json(kind, &value).unwrap_or_else(|e| panic!("fixture {kind}: {e:?}"))
}

/// The small catalogue.
pub fn small() -> Dataset {
    let verified = "2026-01-15";
    Dataset::from_entries([
        entry(
            EntryKind::Area,
            json!({"id": "boende", "name": "Boende", "order": 1, "verified": verified}),
        ),
        entry(
            EntryKind::Area,
            json!({"id": "arbete", "name": "Arbete", "order": 2, "verified": verified}),
        ),
        entry(
            EntryKind::ApplicantType,
            json!({"id": "kommun", "name": "Kommuner", "verified": verified}),
        ),
        entry(
            EntryKind::Actor,
            json!({
                "id": "bostadsverket", "name": "Bostadsverket", "kind": "myndighet",
                "mission": "Ansvarar för frågor om boende.",
                "areas": [{"area": "boende", "role": "responsible"}],
                "verified": verified
            }),
        ),
        entry(
            EntryKind::Actor,
            json!({
                "id": "arbetsverket", "name": "Arbetsverket", "kind": "myndighet",
                "mission": "Ansvarar för frågor om arbete.",
                "areas": [{"area": "arbete", "role": "responsible"}, {"area": "boende", "role": "contributes"}],
                "verified": verified
            }),
        ),
        entry(
            EntryKind::Grant,
            json!({
                "id": "stod-till-bostader", "title": "Stöd till bostäder", "provider": "bostadsverket",
                "description": "Stöd för att bygga bostäder.",
                "applicants": ["kommun"], "areas": ["boende"], "deadline": "31 augusti",
                "url": "https://bostadsverket.example/stod", "verified": verified
            }),
        ),
        entry(
            EntryKind::Grant,
            json!({
                "id": "lopande-stod", "title": "Löpande stöd till arbete", "provider": "arbetsverket",
                "areas": ["arbete"], "deadline": "löpande", "verified": verified
            }),
        ),
        entry(
            EntryKind::Grant,
            json!({
                "id": "avslutat-stod", "title": "Avslutat stöd", "provider": "bostadsverket",
                "areas": ["boende"], "deadline": "1 mars 2022", "ended": true, "verified": verified,
                "added": [{
                    "field": "ended", "source": "https://bostadsverket.example/avslutat",
                    "checked": "2026-01-15", "note": "Stödet gick att söka till och med 1 mars 2022."
                }]
            }),
        ),
        entry(
            EntryKind::Initiative,
            json!({
                "id": "gemensam-satsning", "name": "Gemensam satsning",
                "participants": ["bostadsverket", "arbetsverket"], "areas": ["boende", "arbete"],
                "verified": verified
            }),
        ),
    ])
}
