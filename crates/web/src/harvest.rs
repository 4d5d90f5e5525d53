//! Bulk upkeep from an organisation's own file: an organisation gives the
//! address of a file it publishes with its grants, in this service's JSON
//! format (`{"grants": [...]}`, as `samverkan export` writes it) or as CSV
//! with the columns of `/data/bidrag.csv`. `samverkan harvest` and a daily
//! job in `serve` fetch it politely ([`samverkan_links::fetch`]: the link
//! checker's rules against server-side request forgery, a time limit, a
//! size limit, a conditional request), read and validate all of it, and turn
//! the differences into proposals for review, or into direct changes where
//! the organisation has chosen so.
//!
//! All or nothing: a file with any problem (unreadable, a grant of another
//! organisation, a field that does not validate, a catalogue that would not
//! hold together) changes nothing, and the problem is recorded for the
//! organisation's editors with where it is. Nothing is ever deleted: a grant
//! in Samverkan that the file leaves out is counted and named, not retired;
//! and a field the file leaves out (or an empty CSV cell) keeps its value.

use std::collections::HashSet;

use samverkan_domain::{Entry, EntryKind, Slug};
use samverkan_links::LinkOptions;
use samverkan_links::fetch::{Fetched, fetch_file};
use samverkan_store::{
    Change, Expect, HarvestResult, NewProposal, OrganisationFeed, ProposalStatus, StoreError,
};
use serde_json::{Map, Value};

use crate::editing::Scope;
use crate::state::AppState;

/// Who harvested changes are recorded as made by: this, then the actor id
/// (no account name can contain `:`).
pub const AUTHOR_PREFIX: &str = "hämtning:";

/// The largest file taken.
pub const MAX_FILE_BYTES: usize = 5 * 1024 * 1024;

/// The most grants a file may hold (the whole bundled register has about
/// 60; the largest agency some hundreds).
pub const MAX_FILE_GRANTS: usize = 2_000;

/// The most problems collected from one file before reading stops.
const MAX_PROBLEMS: usize = 100;

/// One harvest at a time in this process: the daily job, "Hämta nu" and a
/// command-line run do not overlap, nor multiply the memory a file costs.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Who a harvest's changes are recorded as: the organisation, and the
/// account that gave the file's address (so that it cannot approve what its
/// own file proposes).
pub fn author(org: &str, set_by: &str) -> String {
    format!("{AUTHOR_PREFIX}{org}:{set_by}")
}

/// The organisation and the account that gave the file, of a harvest's
/// author; `None` for anyone else's.
pub fn author_parts(author: &str) -> Option<(&str, &str)> {
    author.strip_prefix(AUTHOR_PREFIX)?.split_once(':')
}

/// Whether `url` can be given as an organisation's file: an http or https
/// address with a host, without spaces, of at most 2 000 characters. (Where
/// it leads is checked when it is fetched.)
pub fn usable_url(url: &str) -> bool {
    url.len() <= 2_000
        && (url.starts_with("https://") || url.starts_with("http://"))
        && !url.contains(char::is_whitespace)
        && url
            .parse::<axum::http::Uri>()
            .is_ok_and(|u| u.host().is_some_and(|h| !h.is_empty()))
}

/// Text from a file, fit for a page, a log line or a terminal: control
/// characters (line breaks kept) become U+FFFD, and it is cut at 4 000
/// characters.
fn printable(text: &str) -> String {
    text.chars()
        .take(4_000)
        .map(|c| {
            if c.is_control() && c != '\n' {
                '\u{fffd}'
            } else {
                c
            }
        })
        .collect()
}

/// The columns of `/data/bidrag.csv` a file may give, and the dataset field
/// each fills.
const CSV_FIELDS: [(&str, &str); 12] = [
    ("id", "id"),
    ("title", "title"),
    ("provider_id", "provider"),
    ("description", "description"),
    ("statsbidrag", "statsbidrag"),
    ("applicants", "applicants"),
    ("areas", "areas"),
    ("perspectives", "perspectives"),
    ("deadline_text", "deadline"),
    ("url", "url"),
    ("ended", "ended"),
    ("verified", "verified"),
];

/// Columns of `/data/bidrag.csv` that the service works out itself: a file
/// may carry them (so that the service's own file reads back), and they are
/// not read.
const CSV_COMPUTED: [&str; 8] = [
    "provider_name",
    "deadline_kind",
    "deadline_dates",
    "next_deadline",
    "status",
    "next_deadline_certainty",
    "verified_by",
    "verify_by",
];

/// What one organisation's harvest did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HarvestOutcome {
    pub actor_id: String,
    /// `ok`, `unchanged` or `error`.
    pub status: &'static str,
    /// What happened, in a sentence or a list, for the editors.
    pub message: String,
    pub created: usize,
    pub updated: usize,
    pub proposed: usize,
}

/// The harvest's requests: the link checker's, with the operator's choice
/// about non-public addresses and a user agent that says what it is.
pub fn fetch_options(state: &AppState) -> LinkOptions {
    let mut options = LinkOptions::polite(state.config.public_url.as_deref());
    options.allow_private = state.config.allow_private_links;
    options.timeout = std::time::Duration::from_secs(30);
    options.user_agent = options.user_agent.replace("lankkontroll", "hamtning");
    options
}

/// Harvests every organisation's file (or only `only`'s), one after the
/// other, recording each outcome.
pub async fn harvest_all(
    state: &AppState,
    only: Option<&str>,
    options: &LinkOptions,
) -> Result<Vec<HarvestOutcome>, StoreError> {
    let mut out = Vec::new();
    for feed in state.store.organisation_feeds().await? {
        if only.is_some_and(|o| o != feed.actor_id) {
            continue;
        }
        // One organisation's trouble does not stop the others'.
        match harvest_one(state, &feed, options).await {
            Ok(done) => out.push(done),
            Err(e) => {
                tracing::error!(organisation = %feed.actor_id, error = %e, "a harvest could not be recorded")
            }
        }
    }
    Ok(out)
}

/// Harvests one organisation's file and records the outcome.
pub async fn harvest_one(
    state: &AppState,
    feed: &OrganisationFeed,
    options: &LinkOptions,
) -> Result<HarvestOutcome, StoreError> {
    let _one = ONE_AT_A_TIME.lock().await;
    // The file is taken only while the account that gave it still edits for
    // the organisation (or is an admin, or it was given on the command line).
    if let Some(refusal) = setter_gone(state, feed).await? {
        let result = HarvestResult {
            status: "error",
            message: &refusal,
            validators: None,
        };
        state.store.record_harvest(&feed.actor_id, &result).await?;
        return Ok(HarvestOutcome {
            actor_id: feed.actor_id.clone(),
            status: "error",
            message: refusal,
            created: 0,
            updated: 0,
            proposed: 0,
        });
    }
    let fetched = fetch_file(
        &feed.url,
        options,
        feed.etag.as_deref(),
        feed.last_modified.as_deref(),
        MAX_FILE_BYTES,
    )
    .await;
    let mut outcome = HarvestOutcome {
        actor_id: feed.actor_id.clone(),
        status: "error",
        message: String::new(),
        created: 0,
        updated: 0,
        proposed: 0,
    };
    let mut validators = None;
    match fetched {
        Err(e) => outcome.message = format!("{}: {e}", feed.url),
        Ok(Fetched::NotModified) => {
            outcome.status = "unchanged";
            outcome.message = format!("{}: filen har inte ändrats sedan förra hämtningen", feed.url);
        }
        Ok(Fetched::File {
            body,
            content_type,
            etag,
            last_modified,
        }) => match take(state, feed, &body, content_type.as_deref()).await? {
            Ok(taken) => {
                outcome = HarvestOutcome {
                    status: "ok",
                    ..taken
                };
                validators = Some((etag, last_modified));
            }
            Err(problems) => outcome.message = problems,
        },
    }
    outcome.message = printable(&outcome.message);
    let result = HarvestResult {
        status: outcome.status,
        message: &outcome.message,
        validators: validators
            .as_ref()
            .map(|(e, l): &(Option<String>, Option<String>)| (e.as_deref(), l.as_deref())),
    };
    state.store.record_harvest(&feed.actor_id, &result).await?;
    match outcome.status {
        "error" => {
            tracing::warn!(organisation = %feed.actor_id, message = ?outcome.message, "harvest refused the file")
        }
        _ => tracing::info!(organisation = %feed.actor_id, message = ?outcome.message, "harvested"),
    }
    Ok(outcome)
}

/// How long after start-up the first daily harvest runs (so that it does
/// not slow the start), and how often after that.
const FIRST_HARVEST: std::time::Duration = std::time::Duration::from_secs(120);
const HARVEST_EVERY: std::time::Duration = std::time::Duration::from_secs(24 * 60 * 60);

/// Harvests every organisation's file daily for as long as the process
/// runs. Several instances may each do it: a harvest that finds nothing new
/// changes nothing, and the same proposal is not made twice.
pub fn spawn_daily(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut next = tokio::time::Instant::now() + FIRST_HARVEST;
        loop {
            tokio::time::sleep_until(next).await;
            let options = fetch_options(&state);
            match harvest_all(&state, None, &options).await {
                Ok(done) if !done.is_empty() => tracing::info!(files = done.len(), "daily harvest done"),
                Ok(_) => {}
                Err(e) => tracing::error!(error = %e, "the daily harvest stopped"),
            }
            next += HARVEST_EVERY;
        }
    })
}

/// Why the account that gave `feed` may no longer have it harvested, if so.
async fn setter_gone(state: &AppState, feed: &OrganisationFeed) -> Result<Option<String>, StoreError> {
    if feed.set_by == COMMAND_LINE {
        return Ok(None);
    }
    let still = match state.store.user(&feed.set_by).await? {
        Some(u) if !u.disabled => Scope::of(&state.store, &u)
            .await?
            .covers([feed.actor_id.as_str()]),
        _ => false,
    };
    Ok((!still).then(|| {
        format!(
            "filen angavs av \"{}\", som inte längre är redaktör för {}; en redaktör för organisationen måste ange adressen på nytt",
            feed.set_by, feed.actor_id
        )
    }))
}

/// Who files given on the command line are recorded as given by.
pub const COMMAND_LINE: &str = "(command line)";

/// Reads, checks and takes a fetched file. `Err` is the problems, and
/// nothing was changed.
async fn take(
    state: &AppState,
    feed: &OrganisationFeed,
    body: &[u8],
    content_type: Option<&str>,
) -> Result<Result<HarvestOutcome, String>, StoreError> {
    let org = feed.actor_id.as_str();
    let items = match read_file(body, content_type, &feed.url) {
        Ok(items) => items,
        Err(problem) => return Ok(Err(problem)),
    };
    let scope = Scope::Organisations(vec![org.to_string()]);
    // The check a file records is its organisation's only when one of its
    // own editors gave the file; otherwise the service's.
    let setter_is_member = state
        .store
        .organisations_of(&feed.set_by)
        .await?
        .iter()
        .any(|o| o == org);
    let stamping = if setter_is_member {
        scope.clone()
    } else {
        Scope::Everything
    };
    if items.len() > MAX_FILE_GRANTS {
        return Ok(Err(format!(
            "filen har {} bidrag; högst {MAX_FILE_GRANTS} tas in från en fil",
            items.len()
        )));
    }
    let mut problems = Vec::new();
    let mut seen = HashSet::new();
    // (entry, what it was made from).
    let mut changes: Vec<(Entry, Option<samverkan_store::StoredEntry>)> = Vec::new();
    for (place, item) in &items {
        if problems.len() >= MAX_PROBLEMS {
            break;
        }
        let id = item.get("id").and_then(Value::as_str).unwrap_or("").to_string();
        if Slug::parse(&id).is_err() {
            problems.push(format!(
                "{place}: `id` ska vara ett bidrags id, till exempel \"boverket-samlingslokaler\""
            ));
            continue;
        }
        if !seen.insert(id.clone()) {
            problems.push(format!("{place}: bidraget \"{id}\" finns två gånger i filen"));
            continue;
        }
        match item.get("provider").and_then(Value::as_str) {
            Some(p) if p == org => {}
            Some(p) => {
                problems.push(format!(
                    "{place}: bidraget \"{id}\" ges av \"{p}\"; filen får bara innehålla bidrag som {org} ger"
                ));
                continue;
            }
            None => {
                problems.push(format!(
                    "{place}: bidraget \"{id}\" säger inte vem som ger det (`provider`)"
                ));
                continue;
            }
        }
        let stored = state.store.get(EntryKind::Grant, &id).await?;
        if let Some(s) = &stored {
            if s.retired {
                problems.push(format!(
                    "{place}: bidraget \"{id}\" är borttaget ur Samverkan; be tjänstens redaktion att ta tillbaka det"
                ));
                continue;
            }
            if !scope.owns(&s.entry) {
                problems.push(format!(
                    "{place}: bidraget \"{id}\" i Samverkan ges av en annan organisation"
                ));
                continue;
            }
        }
        // Fields the file leaves out keep their values.
        let mut merged = match &stored {
            Some(s) => s.entry.to_json(),
            None => Value::Object(Map::new()),
        };
        if let Value::Object(m) = &mut merged {
            for (k, v) in item {
                m.insert(k.clone(), v.clone());
            }
        }
        let entry = match Entry::from_json(EntryKind::Grant, &merged) {
            Ok(e) => e,
            Err(e) => {
                let field = e
                    .field
                    .map(|f| format!(" `{}`", f.trim_start_matches('.')))
                    .unwrap_or_default();
                problems.push(format!("{place}{field}: {}", e.message));
                continue;
            }
        };
        let changed_check = stored
            .as_ref()
            .is_none_or(|s| s.entry.verification() != entry.verification());
        if changed_check && let Err(e) = Scope::check_date(&entry) {
            problems.push(format!("{place}: {e}"));
            continue;
        }
        let entry = stamping.stamp(stored.as_ref().map(|s| &s.entry), entry);
        if stored.as_ref().is_some_and(|s| s.entry == entry) {
            continue;
        }
        changes.push((entry, stored));
    }
    if !problems.is_empty() {
        return Ok(Err(listed(
            "filen togs inte in, och ingenting ändrades",
            &problems,
        )));
    }
    // Grants the file leaves out are named, never removed.
    let catalog = state.catalog();
    let missing: Vec<String> = catalog
        .grants_by(org)
        .iter()
        .filter(|g| !seen.contains(g.id.as_str()))
        .map(|g| g.title.clone())
        .collect();
    let mut outcome = HarvestOutcome {
        actor_id: org.to_string(),
        status: "ok",
        message: String::new(),
        created: 0,
        updated: 0,
        proposed: 0,
    };
    let author = author(org, &feed.set_by);
    let mut waiting = 0;
    // Direct changes only where no review is required of the organisation:
    // the choice of an organisation's editor does not override an admin's.
    let required = state.store.review_scopes().await?;
    let reviewed = required.iter().any(|r| r == "*" || r == org);
    if feed.direct && !reviewed {
        let writes: Vec<(Entry, Expect)> = changes
            .iter()
            .map(|(e, s)| {
                (
                    e.clone(),
                    s.as_ref().map_or(Expect::New, |s| Expect::Version(s.version)),
                )
            })
            .collect();
        if !writes.is_empty() {
            let change = Change {
                author: &author,
                comment: &format!("Hämtat från {}", feed.url),
            };
            match state.store.put_all(&writes, &change).await {
                Ok(report) => {
                    outcome.created = report.created;
                    outcome.updated = report.updated;
                    state.reload_after_write().await;
                }
                Err(StoreError::Invalid(errors)) => {
                    let problems: Vec<String> = errors.0.iter().map(ToString::to_string).collect();
                    return Ok(Err(listed(
                        "filen togs inte in, och ingenting ändrades: uppgifterna skulle inte hänga ihop",
                        &problems,
                    )));
                }
                Err(StoreError::Conflict { id, .. }) => {
                    return Ok(Err(format!(
                        "bidraget \"{id}\" ändrades i Samverkan medan filen lästes; ingenting ändrades, och nästa hämtning försöker igen"
                    )));
                }
                Err(e) => return Err(e),
            }
        }
    } else {
        let entries: Vec<Entry> = changes.iter().map(|(e, _)| e.clone()).collect();
        match state.store.validate_all(&entries).await {
            Ok(()) => {}
            Err(StoreError::Invalid(errors)) => {
                let problems: Vec<String> = errors.0.iter().map(ToString::to_string).collect();
                return Ok(Err(listed(
                    "filen togs inte in, och ingenting ändrades: uppgifterna skulle inte hänga ihop",
                    &problems,
                )));
            }
            Err(e) => return Err(e),
        }
        for (entry, stored) in &changes {
            let after = entry.to_json();
            // This organisation's harvest's open proposals for the grant.
            let earlier: Vec<_> = state
                .store
                .open_proposals_for(EntryKind::Grant, entry.id().as_str())
                .await?
                .into_iter()
                .filter(|p| author_parts(&p.author).is_some_and(|(o, _)| o == org))
                .collect();
            // The same proposal from the last harvest still waits: nothing new.
            if earlier.iter().any(|p| {
                p.after.as_ref() == Some(&after) && p.base_version == stored.as_ref().map(|s| s.version)
            }) {
                waiting += 1;
                continue;
            }
            for p in &earlier {
                state
                    .store
                    .decide_proposal(
                        &p.id,
                        ProposalStatus::Withdrawn,
                        &author,
                        Some("replaced by a newer harvest"),
                    )
                    .await?;
            }
            state
                .store
                .add_proposal(&NewProposal {
                    id: crate::alerts::new_id(),
                    kind: EntryKind::Grant,
                    entry_id: entry.id().to_string(),
                    base_version: stored.as_ref().map(|s| s.version),
                    before: stored.as_ref().map(|s| s.entry.to_json()),
                    after: Some(after),
                    author: author.clone(),
                    comment: format!("Hämtat från {}", feed.url),
                })
                .await?;
            outcome.proposed += 1;
        }
    }
    let mut message = format!(
        "{}: {} bidrag i filen: {} nya, {} ändrade, {} nya förslag att granska, {} väntar redan som förslag, {} oförändrade",
        feed.url,
        items.len(),
        outcome.created,
        outcome.updated,
        outcome.proposed,
        waiting,
        items.len() - changes.len()
    );
    if !missing.is_empty() {
        message.push_str(&format!(
            ". {} av organisationens bidrag i Samverkan finns inte i filen och lämnades som de är: {}",
            missing.len(),
            missing.join("; ")
        ));
    }
    if feed.direct && reviewed {
        message.push_str(". Granskning krävs för organisationen, så ändringarna blev förslag fast direkt publicering är vald");
    }
    outcome.message = message;
    Ok(Ok(outcome))
}

/// A heading and the first problems, with how many there were.
fn listed(heading: &str, problems: &[String]) -> String {
    const SHOWN: usize = 20;
    let mut out = format!("{heading} ({} fel):", problems.len());
    for p in problems.iter().take(SHOWN) {
        out.push_str("\n- ");
        out.push_str(p);
    }
    if problems.len() > SHOWN {
        out.push_str(&format!("\n- … och {} till", problems.len() - SHOWN));
    }
    out
}

/// A grant as a file gives it: where it is in the file ("grants[3]", "row
/// 4") and the dataset fields it gives.
pub type FileGrant = (String, Map<String, Value>);

/// The grants of a file, each as the dataset fields it gives and where it
/// is in the file ("grants[3]", "row 4").
pub fn read_file(body: &[u8], content_type: Option<&str>, url: &str) -> Result<Vec<FileGrant>, String> {
    let text = std::str::from_utf8(body)
        .map_err(|e| format!("filen är inte text i UTF-8 (vid byte {})", e.valid_up_to()))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let json = content_type.is_some_and(|t| t.contains("json"))
        || (!content_type.is_some_and(|t| t.contains("csv")) && text.trim_start().starts_with('{'))
        || url.split('?').next().is_some_and(|p| p.ends_with(".json"));
    if json { read_json(text) } else { read_csv(text) }
}

fn read_json(text: &str) -> Result<Vec<FileGrant>, String> {
    let value: Value = serde_json::from_str(text).map_err(|e| format!("filen är inte giltig JSON: {e}"))?;
    let Value::Object(top) = value else {
        return Err(
            "filen ska vara ett JSON-objekt med en lista `grants`, som `samverkan export` skriver den".into(),
        );
    };
    if let Some(other) = top.keys().find(|k| *k != "grants") {
        return Err(format!(
            "filen innehåller `{other}`; en organisations fil innehåller bara `grants`"
        ));
    }
    let Some(Value::Array(grants)) = top.get("grants") else {
        return Err("filen har ingen lista `grants`".into());
    };
    grants
        .iter()
        .enumerate()
        .map(|(i, g)| match g {
            Value::Object(m) => Ok((format!("grants[{i}]"), m.clone())),
            _ => Err(format!("grants[{i}] är inte ett objekt")),
        })
        .collect()
}

fn read_csv(text: &str) -> Result<Vec<FileGrant>, String> {
    let first = text.lines().next().unwrap_or("");
    let delimiter = if first.contains(';') && !first.contains(',') {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| format!("CSV-filens första rad kan inte läsas: {e}"))?
        .clone();
    let mut columns: Vec<Option<&str>> = Vec::new();
    for h in headers.iter() {
        let h = h.trim();
        if let Some((_, field)) = CSV_FIELDS.iter().find(|(c, _)| *c == h) {
            columns.push(Some(field));
        } else if CSV_COMPUTED.contains(&h) {
            columns.push(None);
        } else {
            return Err(format!(
                "CSV-filen har en kolumn `{h}`, som inte är en av kolumnerna i /data/bidrag.csv (id, title, provider_id, description, statsbidrag, applicants, areas, perspectives, deadline_text, url, ended, verified)"
            ));
        }
    }
    for required in ["id", "title", "provider"] {
        if !columns.contains(&Some(required)) {
            let name = CSV_FIELDS
                .iter()
                .find(|(_, f)| *f == required)
                .map_or(required, |(c, _)| c);
            return Err(format!("CSV-filen har ingen kolumn `{name}`"));
        }
    }
    let mut out = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let row = i + 2;
        let record = record.map_err(|e| format!("rad {row} i CSV-filen kan inte läsas: {e}"))?;
        let mut item = Map::new();
        for (field, cell) in columns.iter().zip(record.iter()) {
            let (Some(field), cell) = (field, cell.trim()) else {
                continue;
            };
            if cell.is_empty() {
                continue;
            }
            let value = match *field {
                "applicants" | "areas" | "perspectives" => Value::Array(
                    cell.split(';')
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(|s| Value::String(s.to_string()))
                        .collect(),
                ),
                "statsbidrag" | "ended" => match cell {
                    "true" => Value::Bool(true),
                    "false" => Value::Bool(false),
                    other => {
                        return Err(format!(
                            "rad {row}, kolumn `{field}`: \"{other}\" är varken true eller false"
                        ));
                    }
                },
                _ => Value::String(crate::exports::spreadsheet_restored(cell)),
            };
            item.insert(field.to_string(), value);
        }
        out.push((format!("rad {row}"), item));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_and_json_files_are_read_with_where_each_grant_is() {
        let csv = "\u{feff}\"id\",\"title\",\"provider_id\",\"areas\",\"statsbidrag\",\"status\"\n\"a\",\"A\",\"boverket\",\"boende; arbete\",\"true\",\"upcoming\"\n\"b\",\"B\",\"boverket\",\"\",\"\",\"\"\n";
        let items = read_file(csv.as_bytes(), Some("text/csv"), "https://x.se/f.csv").unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].0, "rad 2");
        assert_eq!(items[0].1["areas"], serde_json::json!(["boende", "arbete"]));
        assert_eq!(items[0].1["statsbidrag"], true);
        assert!(!items[1].1.contains_key("areas"), "an empty cell gives nothing");
        let err = read_file(b"id,title,provider_id,colour\n", None, "https://x.se/f.csv").unwrap_err();
        assert!(err.contains("`colour`"), "{err}");
        let err = read_file(b"id,title\n", None, "https://x.se/f.csv").unwrap_err();
        assert!(err.contains("`provider_id`"), "{err}");
        let err = read_file(
            b"id,title,provider_id,ended\na,A,b,kanske\n",
            None,
            "https://x.se/f.csv",
        )
        .unwrap_err();
        assert!(err.contains("rad 2") && err.contains("kanske"), "{err}");

        let json = br#"{"grants": [{"id": "a", "title": "A", "provider": "boverket"}]}"#;
        let items = read_file(json, Some("application/json"), "https://x.se/f").unwrap();
        assert_eq!(items[0].0, "grants[0]");
        let err = read_file(br#"{"grants": [], "actors": []}"#, None, "https://x.se/f.json").unwrap_err();
        assert!(err.contains("`actors`"), "{err}");
        let err = read_file(b"{\"grants\": [", None, "https://x.se/f.json").unwrap_err();
        assert!(err.contains("inte giltig JSON"), "{err}");
        assert!(
            read_file(&[0xff, 0xfe], None, "https://x.se/f.json")
                .unwrap_err()
                .contains("UTF-8")
        );
    }

    #[test]
    fn the_services_own_csv_reads_back_as_the_text_it_had() {
        use crate::exports::{spreadsheet_restored, spreadsheet_safe};
        for text in [
            "- en punkt\n- =SUMMA(A1)",
            "+46 8 123",
            "@boverket; -3",
            "Vanlig text, utan tecken",
        ] {
            assert_eq!(
                spreadsheet_restored(&spreadsheet_safe(text.to_string())),
                text,
                "{text}"
            );
        }
        assert_eq!(printable("a\u{1b}[31mb\nc"), "a\u{fffd}[31mb\nc");
        assert_eq!(author_parts(&author("boverket", "bo")), Some(("boverket", "bo")));
        assert_eq!(author_parts("bo"), None);
    }
}
