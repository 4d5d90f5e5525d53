//! Grants and actors as CSV, one row per entry: RFC 4180 for programs, and
//! an Excel dialect (semicolons, a byte-order mark) that Swedish Excel opens
//! as columns. Every cell a spreadsheet could read as a formula is
//! neutralised.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use samverkan_domain::deadline::DeadlineRule;
use samverkan_domain::model::AreaRole;
use samverkan_domain::time::today_in_sweden;
use samverkan_domain::{Catalog, GrantQuery};

use crate::http::cache::revalidated;
use crate::state::AppState;

/// How list fields are joined in the CSV files.
pub const CSV_LIST_SEPARATOR: &str = "; ";

/// A cell as it may go into a spreadsheet. A cell that begins with `=`, `+`,
/// `-`, `@`, a tab or a carriage return is read by spreadsheet programs as a
/// formula (which can call functions that run commands or send data away),
/// so, as OWASP's "CSV Injection" advice says, it gets a leading `'`, which
/// makes it plain text. The same goes for such a character right after a
/// `;`, `,`, tab or line break inside the cell: a spreadsheet that splits the
/// file on semicolons (Excel set to Swedish does) would start a cell there.
/// A stretch of only digits and separators (`-3`, the recurring date
/// `--04-01; --10-01`) is left as it is: without letters or other signs it
/// can call nothing and reach nothing, and reusers of the data get the value
/// unchanged. Quoting is the `csv` crate's.
pub fn spreadsheet_safe(cell: String) -> String {
    const SPLITS: [char; 5] = [';', ',', '\t', '\r', '\n'];
    let inert = |segment: &str| {
        segment
            .chars()
            .all(|c| c.is_ascii_digit() || " .,;:+-".contains(c))
    };
    let opens = |segment: &str| segment.starts_with(['=', '+', '-', '@', '\t', '\r']) && !inert(segment);
    if !opens(&cell) && !cell.contains(SPLITS) {
        return cell;
    }
    let mut out = String::with_capacity(cell.len() + 2);
    if opens(&cell) {
        out.push('\'');
    }
    let mut rest = cell.as_str();
    while let Some(i) = rest.find(SPLITS) {
        let (head, tail) = rest.split_at(i);
        let split = tail.chars().next().unwrap_or(';');
        out.push_str(head);
        out.push(split);
        rest = &tail[split.len_utf8()..];
        let segment_end = rest.find(SPLITS).unwrap_or(rest.len());
        if rest.starts_with(['=', '+', '-', '@']) && !inert(&rest[..segment_end]) {
            out.push('\'');
        }
    }
    out.push_str(rest);
    out
}

/// Undoes [`spreadsheet_safe`]: the apostrophe it put before a cell, or a
/// line or list item within it, that opens with a sign, is taken away (a
/// file this service wrote reads back as the text it had).
pub fn spreadsheet_restored(cell: &str) -> String {
    const SPLITS: [char; 5] = [';', ',', '\t', '\r', '\n'];
    let mut out = String::with_capacity(cell.len());
    let mut at_start = true;
    let mut chars = cell.chars().peekable();
    while let Some(c) = chars.next() {
        if at_start
            && c == '\''
            && chars
                .peek()
                .is_some_and(|n| ['=', '+', '-', '@', '\t', '\r'].contains(n))
        {
            at_start = false;
            continue;
        }
        at_start = SPLITS.contains(&c);
        out.push(c);
    }
    out
}

/// A column of a CSV download, described for the open-data page.
pub struct Column {
    pub name: &'static str,
    pub sv: &'static str,
    pub en: &'static str,
}

const fn col(name: &'static str, sv: &'static str, en: &'static str) -> Column {
    Column { name, sv, en }
}

/// The columns of `bidrag.csv`, in order.
pub const GRANT_COLUMNS: &[Column] = &[
    col(
        "id",
        "Bidragets id, som i adressen /bidrag/{id}",
        "The grant's id, as in the address /en/grants/{id}",
    ),
    col(
        "title",
        "Titeln, som källan skriver den",
        "The title, as the source writes it",
    ),
    col(
        "provider_id",
        "Bidragsgivarens id (en aktör)",
        "The provider's id (an actor)",
    ),
    col("provider_name", "Bidragsgivarens namn", "The provider's name"),
    col(
        "description",
        "Beskrivning, där källan ger en",
        "Description, where the source gives one",
    ),
    col(
        "statsbidrag",
        "true eller false; tomt där källan inte säger",
        "true or false; empty where the source does not say",
    ),
    col(
        "applicants",
        "Vem som kan söka: id för sökandetyper, åtskilda med \"; \"",
        "Who may apply: applicant type ids, separated by \"; \"",
    ),
    col(
        "areas",
        "Områden: id, åtskilda med \"; \"",
        "Areas: ids, separated by \"; \"",
    ),
    col(
        "perspectives",
        "Perspektiv: id, åtskilda med \"; \"",
        "Perspectives: ids, separated by \"; \"",
    ),
    col(
        "deadline_text",
        "Sista ansökningsdag som källan skriver den",
        "The deadline as the source writes it (Swedish)",
    ),
    col(
        "deadline_kind",
        "rolling, annual, fixed eller unknown; tomt där källan inte anger någon sista dag",
        "rolling, annual, fixed or unknown; empty where the source gives no deadline",
    ),
    col(
        "deadline_dates",
        "Datumen: --MM-DD för årliga, ÅÅÅÅ-MM-DD för fasta",
        "The dates: --MM-DD for yearly, YYYY-MM-DD for fixed",
    ),
    col(
        "next_deadline",
        "Nästa sista ansökningsdag från dagens datum (ÅÅÅÅ-MM-DD)",
        "The next deadline from today (YYYY-MM-DD)",
    ),
    col(
        "status",
        "rolling, upcoming, passed eller unknown, för dagens datum",
        "rolling, upcoming, passed or unknown, for today",
    ),
    col(
        "next_deadline_certainty",
        "confirmed för ett fast datum eller den omgång som gällde när bidraget kontrollerades; expected för ett årligt datum som räknats fram därefter; tomt utan nästa datum",
        "confirmed for a fixed date or the round current when the grant was checked; expected for a yearly date carried forward since; empty without a next date",
    ),
    col(
        "url",
        "Sidan att ansöka från (tillagd av Samverkan, se samverkan.json)",
        "The page to apply from (added by Samverkan, see samverkan.json)",
    ),
    col(
        "ended",
        "true om bidraget inte längre kan sökas (Samverkans uppgift, se samverkan.json)",
        "true if the grant can no longer be applied for (Samverkan's finding, see samverkan.json)",
    ),
    col(
        "verified",
        "Dagen uppgifterna senast jämfördes med källan",
        "The day the entry was last checked against its source",
    ),
    col(
        "verified_by",
        "Organisationen vars redaktör senast kontrollerade uppgifterna (aktörens id); tom när Samverkans redaktion eller källan gjorde det",
        "The organisation whose editor last checked the entry (its actor id); empty when Samverkan's editors or the source did",
    ),
    col(
        "verify_by",
        "Dagen då uppgifterna senast ska kontrolleras igen",
        "The day by which the entry is due to be checked again",
    ),
];

/// The columns of `aktorer.csv`, in order.
pub const ACTOR_COLUMNS: &[Column] = &[
    col(
        "id",
        "Aktörens id, som i adressen /aktorer/{id}",
        "The actor's id, as in the address /en/actors/{id}",
    ),
    col("name", "Namnet", "The name (Swedish)"),
    col(
        "short_name",
        "Kortnamn, till exempel Brå",
        "Short name, such as Brå",
    ),
    col(
        "aliases",
        "Andra namn, åtskilda med \"; \"",
        "Other names, separated by \"; \"",
    ),
    col(
        "kind",
        "myndighet, myndighetsgrupp, medlemsorganisation, fond, stiftelse, forbund eller organisation",
        "myndighet, myndighetsgrupp, medlemsorganisation, fond, stiftelse, forbund or organisation",
    ),
    col(
        "responsible_areas",
        "Områden med nationellt ansvar (Samverkans läsning av uppdraget)",
        "Areas of national responsibility (Samverkan's reading of the mission)",
    ),
    col(
        "contributing_areas",
        "Områden där aktören medverkar (Samverkans läsning)",
        "Areas the actor takes part in (Samverkan's reading)",
    ),
    col(
        "perspectives",
        "Perspektiv: id, åtskilda med \"; \"",
        "Perspectives: ids, separated by \"; \"",
    ),
    col(
        "mission",
        "Uppdraget, ordagrant ur källan",
        "The mission, word for word from the source (Swedish)",
    ),
    col(
        "connection",
        "Kopplingen till segregation, ordagrant ur källan",
        "The connection to segregation, word for word from the source (Swedish)",
    ),
    col(
        "website",
        "Webbplatsen (tillagd av Samverkan, se samverkan.json)",
        "The website (added by Samverkan, see samverkan.json)",
    ),
    col(
        "verified",
        "Dagen uppgifterna senast jämfördes med källan",
        "The day the entry was last checked against its source",
    ),
    col(
        "verified_by",
        "Organisationen vars redaktör senast kontrollerade uppgifterna (aktörens id); tom när Samverkans redaktion eller källan gjorde det",
        "The organisation whose editor last checked the entry (its actor id); empty when Samverkan's editors or the source did",
    ),
    col(
        "verify_by",
        "Dagen då uppgifterna senast ska kontrolleras igen",
        "The day by which the entry is due to be checked again",
    ),
];

/// How a CSV file is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// RFC 4180: commas between cells.
    Rfc4180,
    /// For Excel set to Swedish: semicolons between cells, and a byte order
    /// mark so that Excel reads the file as UTF-8 (å, ä, ö).
    Excel,
}

/// Every cell is quoted, not only those with a comma: Excel set to Swedish
/// splits a CSV file on semicolons when it is opened, and a quoted cell is one
/// cell whatever it holds, so `Förening;=HYPERLINK(…)` cannot become a second
/// cell that starts with a formula. Quoting every field is still RFC 4180.
fn csv_text(rows: Vec<Vec<String>>, dialect: Dialect) -> String {
    let (delimiter, bom) = match dialect {
        Dialect::Rfc4180 => (b',', ""),
        Dialect::Excel => (b';', "\u{feff}"),
    };
    let mut writer = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .quote_style(csv::QuoteStyle::Always)
        .from_writer(bom.as_bytes().to_vec());
    for row in rows {
        // Writing strings to memory cannot fail.
        let _ = writer.write_record(row.into_iter().map(spreadsheet_safe));
    }
    String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// The grants as CSV, deadlines computed for `on`, checks due on a cycle
/// of `cycle` days.
pub fn grants_csv(catalog: &Catalog, on: jiff::civil::Date, cycle: u32, dialect: Dialect) -> String {
    let join = |items: Vec<String>| items.join(CSV_LIST_SEPARATOR);
    let mut rows = vec![GRANT_COLUMNS.iter().map(|c| c.name.to_string()).collect()];
    for hit in catalog.find_grants(&GrantQuery::default(), on) {
        let g = hit.grant;
        let dates = match g.deadline.as_ref().map(|d| d.rule()) {
            Some(DeadlineRule::Annual(mds)) => mds
                .iter()
                .map(|m| format!("--{:02}-{:02}", m.month(), m.day()))
                .collect(),
            Some(DeadlineRule::Fixed(ds)) => ds.iter().map(ToString::to_string).collect(),
            _ => Vec::new(),
        };
        rows.push(vec![
            g.id.to_string(),
            g.title.clone(),
            g.provider.to_string(),
            hit.provider.map(|a| a.name.clone()).unwrap_or_default(),
            g.description.clone().unwrap_or_default(),
            match g.statsbidrag {
                Some(true) => "true".into(),
                Some(false) => "false".into(),
                None => String::new(),
            },
            join(g.applicants.iter().map(ToString::to_string).collect()),
            join(g.areas.iter().map(ToString::to_string).collect()),
            join(g.perspectives.iter().map(ToString::to_string).collect()),
            g.deadline
                .as_ref()
                .map(|d| d.text().to_string())
                .unwrap_or_default(),
            g.deadline
                .as_ref()
                .map(|d| d.rule().kind().to_string())
                .unwrap_or_default(),
            join(dates),
            hit.next_deadline.map(|d| d.to_string()).unwrap_or_default(),
            hit.status.as_str().to_string(),
            match hit.next_deadline {
                Some(_) if hit.expected => "expected".to_string(),
                Some(_) => "confirmed".to_string(),
                None => String::new(),
            },
            g.url.clone().unwrap_or_default(),
            g.ended.to_string(),
            g.verified.to_string(),
            g.verified_by
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            g.verify_by(cycle).to_string(),
        ]);
    }
    csv_text(rows, dialect)
}

/// The actors as CSV, with checks due on a cycle of `cycle` days.
pub fn actors_csv(catalog: &Catalog, cycle: u32, dialect: Dialect) -> String {
    let join = |items: Vec<String>| items.join(CSV_LIST_SEPARATOR);
    let mut rows = vec![ACTOR_COLUMNS.iter().map(|c| c.name.to_string()).collect()];
    let mut actors: Vec<_> = catalog.actors().iter().collect();
    actors.sort_by(|a, b| a.id.cmp(&b.id));
    for a in actors {
        let areas = |role: AreaRole| {
            join(
                a.areas
                    .iter()
                    .filter(|l| l.role == role)
                    .map(|l| l.area.to_string())
                    .collect(),
            )
        };
        rows.push(vec![
            a.id.to_string(),
            a.name.clone(),
            a.short_name.clone().unwrap_or_default(),
            join(a.aliases.clone()),
            a.kind.as_str().to_string(),
            areas(AreaRole::Responsible),
            areas(AreaRole::Contributes),
            join(a.perspectives.iter().map(ToString::to_string).collect()),
            a.mission.clone().unwrap_or_default(),
            a.connection.clone().unwrap_or_default(),
            a.website.clone().unwrap_or_default(),
            a.verified.to_string(),
            a.verified_by
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            a.verify_by(cycle).to_string(),
        ]);
    }
    csv_text(rows, dialect)
}

fn csv_download(headers: &HeaderMap, name: &'static str, body: String) -> Response {
    revalidated(
        headers,
        "text/csv; charset=utf-8; header=present",
        Some(name),
        body,
    )
}

/// `GET /data/bidrag.csv`
pub async fn grants_csv_download(State(state): State<AppState>, headers: HeaderMap) -> Response {
    grants_download(state, headers, "bidrag.csv", Dialect::Rfc4180).await
}

/// Every grant as a CSV file, made off the request's thread.
async fn grants_download(
    state: AppState,
    headers: HeaderMap,
    name: &'static str,
    dialect: Dialect,
) -> Response {
    let catalog = state.catalog();
    let cycle = state.config.stale_days;
    match super::made_apart(move || grants_csv(&catalog, today_in_sweden(), cycle, dialect)).await {
        Ok(body) => csv_download(&headers, name, body),
        Err(refusal) => refusal,
    }
}

/// `GET /data/aktorer.csv`
pub async fn actors_csv_download(State(state): State<AppState>, headers: HeaderMap) -> Response {
    csv_download(
        &headers,
        "aktorer.csv",
        actors_csv(&state.catalog(), state.config.stale_days, Dialect::Rfc4180),
    )
}

/// `GET /data/bidrag-excel.csv`: the grants for Excel set to Swedish.
pub async fn grants_excel_download(State(state): State<AppState>, headers: HeaderMap) -> Response {
    grants_download(state, headers, "bidrag-excel.csv", Dialect::Excel).await
}

/// `GET /data/aktorer-excel.csv`: the actors for Excel set to Swedish.
pub async fn actors_excel_download(State(state): State<AppState>, headers: HeaderMap) -> Response {
    csv_download(
        &headers,
        "aktorer-excel.csv",
        actors_csv(&state.catalog(), state.config.stale_days, Dialect::Excel),
    )
}
