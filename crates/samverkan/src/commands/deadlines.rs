//! `samverkan deadlines`: the next deadlines, as a table or JSON.

use std::process::ExitCode;

use anyhow::{Result, bail};
use samverkan_domain::deadline::swedish_date;
use samverkan_domain::time::today_in_sweden;
use samverkan_domain::{Catalog, GrantQuery, Slug};
use samverkan_web::api::views::GrantItem;

use super::print_table;
use crate::cli::*;
use crate::open_seeded;

/// Checks ids given on the command line against the catalogue.
pub(crate) fn known_slugs(
    values: &[String],
    flag: &str,
    exists: impl Fn(&str) -> bool,
    known: Vec<String>,
) -> Result<Vec<Slug>> {
    values
        .iter()
        .map(|v| match Slug::parse(v).ok().filter(|s| exists(s.as_str())) {
            Some(s) => Ok(s),
            None => bail!(
                "--{flag}: there is no {flag} \"{v}\"; known: {}",
                known.join(", ")
            ),
        })
        .collect()
}

pub(crate) async fn deadlines(url: &str, args: DeadlinesArgs) -> Result<ExitCode> {
    let store = open_seeded(url).await?;
    let catalog = Catalog::new(store.load().await?);
    let on = args.on.unwrap_or_else(today_in_sweden);
    let areas = known_slugs(
        &args.area,
        "area",
        |id| catalog.area(id).is_some(),
        catalog.areas().iter().map(|a| a.id.to_string()).collect(),
    )?;
    let applicants = known_slugs(
        &args.applicant,
        "applicant",
        |id| catalog.applicant_type(id).is_some(),
        catalog
            .applicant_types()
            .iter()
            .map(|a| a.id.to_string())
            .collect(),
    )?;
    let q = GrantQuery {
        areas,
        applicants,
        within_days: args.within,
        ..Default::default()
    };
    let hits: Vec<_> = catalog
        .find_grants(&q, on)
        .into_iter()
        .filter(|h| args.all || h.next_deadline.is_some())
        .collect();
    match args.format {
        OutputFormat::Json => {
            let items: Vec<GrantItem> = hits.iter().map(|h| GrantItem::new(h, on, 365)).collect();
            let out = serde_json::json!({ "on": on.to_string(), "total": items.len(), "items": items });
            println!("{}", serde_json::to_string_pretty(&out)?);
        }
        OutputFormat::Table => {
            let rows: Vec<Vec<String>> = hits
                .iter()
                .map(|h| {
                    vec![
                        h.next_deadline.map(swedish_date).unwrap_or_else(|| "–".into()),
                        h.days_left.map(|d| d.to_string()).unwrap_or_else(|| "–".into()),
                        h.status.to_string(),
                        h.grant.title.clone(),
                        h.provider
                            .map(|p| p.short_name.clone().unwrap_or_else(|| p.name.clone()))
                            .unwrap_or_default(),
                    ]
                })
                .collect();
            println!(
                "Sista ansökningsdag från och med {} ({} bidrag)",
                swedish_date(on),
                rows.len()
            );
            print_table(&["Sista dag", "Dagar", "Status", "Bidrag", "Ges av"], &rows);
        }
    }
    Ok(ExitCode::SUCCESS)
}
