//! `samverkan import` and `samverkan check`: reading dataset files into the
//! database (all or nothing), and checking the catalogue and its links.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use samverkan_domain::check::check;
use samverkan_domain::time::today_in_sweden;
use samverkan_domain::{Catalog, Dataset, Format, Source};
use samverkan_store::{Change, StoreError};

use super::print_table;
use crate::cli::*;
use crate::{open, open_seeded};

/// Reads a dataset file, or every .toml and .json file of a directory.
pub(crate) fn read_files(path: &Path) -> Result<Vec<(String, String, Format)>> {
    let files: Vec<PathBuf> = if path.is_dir() {
        let mut files: Vec<PathBuf> = std::fs::read_dir(path)
            .with_context(|| format!("cannot read the directory {}", path.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file() && Format::from_path(&p.to_string_lossy()).is_some())
            .collect();
        files.sort();
        if files.is_empty() {
            bail!("{} holds no .toml or .json files", path.display());
        }
        files
    } else {
        vec![path.to_path_buf()]
    };
    files
        .into_iter()
        .map(|p| {
            let shown = p.display().to_string();
            let format = Format::from_path(&shown)
                .with_context(|| format!("{shown}: a dataset file ends in .toml or .json"))?;
            let bytes = std::fs::read(&p).with_context(|| format!("cannot read {shown}"))?;
            let text = String::from_utf8(bytes).map_err(|e| {
                let at = e.utf8_error().valid_up_to();
                let before = &e.as_bytes()[..at];
                let line = before.iter().filter(|b| **b == b'\n').count() + 1;
                let column = at - before.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1) + 1;
                anyhow::anyhow!(
                    "{shown}: not UTF-8 text: the first byte that is not is at line {line}, column {column} (byte {})",
                    at + 1
                )
            })?;
            Ok((shown, text, format))
        })
        .collect()
}

pub(crate) async fn import(url: &str, args: ImportArgs) -> Result<ExitCode> {
    let files = read_files(&args.path)?;
    let sources: Vec<Source<'_>> = files
        .iter()
        .map(|(origin, text, format)| Source {
            origin: origin.clone(),
            text,
            format: *format,
        })
        .collect();
    let (incoming, origins) = match Dataset::read_sources(&sources) {
        Ok(read) => read,
        Err(errors) => {
            eprint!("{errors}");
            return Ok(ExitCode::FAILURE);
        }
    };
    let store = open(url).await?;
    let change = Change {
        author: &args.author,
        comment: &args.comment,
    };
    match store.import(&incoming, &origins, &change).await {
        Ok(report) => {
            println!(
                "Imported {} entries: {} new, {} changed, {} unchanged.",
                incoming.len(),
                report.created,
                report.updated,
                report.unchanged
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(StoreError::Invalid(errors)) => {
            eprint!("{errors}");
            Ok(ExitCode::FAILURE)
        }
        Err(e) => Err(e.into()),
    }
}

/// Checks every link in the catalogue, records the results, and returns a
/// finding for each entry whose link is broken.
pub(crate) async fn broken_links(
    store: &samverkan_store::Store,
    catalog: &Catalog,
    args: &CheckArgs,
) -> Result<Vec<samverkan_domain::check::Finding>> {
    use samverkan_links::{LinkOptions, check_links, links_in};
    let used = links_in(catalog);
    let mut options = LinkOptions::polite(args.public_url.as_deref());
    options.allow_private = args.allow_private_links;
    options.timeout = std::time::Duration::from_secs(args.link_timeout);
    options.concurrency = args.link_concurrency as usize;
    let results = check_links(used.keys().cloned().collect(), &options).await?;
    store.record_link_checks(&results).await?;
    let mut out = Vec::new();
    for r in results.iter().filter(|r| !r.ok) {
        let why = match (r.status, &r.error) {
            (Some(status), _) => format!("status {status}"),
            (None, Some(e)) => e.clone(),
            (None, None) => "no answer".into(),
        };
        for (kind, id) in used.get(&r.url).into_iter().flatten() {
            out.push(samverkan_domain::check::Finding {
                kind: samverkan_domain::check::FindingKind::BrokenLink,
                entry_kind: *kind,
                id: id.clone(),
                message: format!("{} – {why}", r.url),
                field: Some(if *kind == samverkan_domain::EntryKind::Actor {
                    "website"
                } else {
                    "url"
                }),
                verified: None,
            });
        }
    }
    Ok(out)
}

pub(crate) async fn check_data(url: &str, args: CheckArgs) -> Result<ExitCode> {
    let store = open_seeded(url).await?;
    let catalog = Catalog::new(store.load().await?);
    let on = args.on.unwrap_or_else(today_in_sweden);
    let mut findings = check(&catalog, on, args.stale_days);
    if args.links {
        findings.extend(broken_links(&store, &catalog, &args).await?);
    }
    match args.format {
        OutputFormat::Json => {
            let out =
                serde_json::json!({ "on": on.to_string(), "total": findings.len(), "findings": findings });
            println!("{}", serde_json::to_string_pretty(&out)?);
        }
        OutputFormat::Table => {
            let rows: Vec<Vec<String>> = findings
                .iter()
                .map(|f| {
                    vec![
                        f.kind.as_str().to_string(),
                        f.entry_kind.to_string(),
                        f.id.to_string(),
                        f.message.clone(),
                    ]
                })
                .collect();
            print_table(&["Problem", "Kind", "Id", "Details"], &rows);
            let count = |k| findings.iter().filter(|f| f.kind == k).count();
            use samverkan_domain::check::FindingKind::*;
            println!(
                "\n{} problems on {}: {} dangling references, {} stale, {} passed deadlines, {} missing fields{}.",
                findings.len(),
                on,
                count(DanglingReference),
                count(Stale),
                count(PassedDeadline),
                count(MissingField),
                if args.links {
                    format!(", {} broken links", count(BrokenLink))
                } else {
                    String::new()
                }
            );
        }
    }
    Ok(if findings.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
