//! `samverkan backup` and `samverkan restore` (SQLite). A backup is a whole,
//! consistent copy of the database file, made while the service runs; a
//! restore checks the backup (it opens, its schema is Samverkan's, its
//! catalogue holds together) before it replaces anything, and replaces the
//! database file in one rename.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use samverkan_store::Store;

use crate::open;

pub(crate) async fn backup(url: &str, dest: &Path) -> Result<ExitCode> {
    let store = open(url).await?;
    store.backup_to(dest).await?;
    println!("Wrote a backup of the database to {}.", dest.display());
    Ok(ExitCode::SUCCESS)
}

pub(crate) async fn restore(url: &str, source: &Path) -> Result<ExitCode> {
    let Some(target) = url.strip_prefix("sqlite://") else {
        bail!("restore replaces an SQLite file; for PostgreSQL use pg_restore (see docs/OPERATIONS.md)");
    };
    let target = Path::new(target.split('?').next().unwrap_or(target));
    if !source.is_file() {
        bail!("{} is not a file", source.display());
    }
    // Check a copy, so that the backup itself is never changed (opening
    // brings a schema up to date).
    let staged = target.with_extension("restoring");
    std::fs::copy(source, &staged)
        .with_context(|| format!("cannot copy {} next to {}", source.display(), target.display()))?;
    let checked = async {
        let store = Store::connect(&format!("sqlite://{}", staged.display())).await?;
        let problems = store.load().await?.validate(&Default::default());
        if !problems.is_empty() {
            bail!(
                "{} does not hold a catalogue that holds together; nothing was replaced:\n{}",
                source.display(),
                samverkan_domain::DatasetErrors(problems)
            );
        }
        anyhow::Ok(())
    }
    .await;
    if let Err(e) = checked {
        let _ = std::fs::remove_file(&staged);
        return Err(e.context(format!("{} is not a Samverkan backup", source.display())));
    }
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", target.display()));
    }
    std::fs::rename(&staged, target)
        .with_context(|| format!("cannot move the backup into place at {}", target.display()))?;
    // The search index kept beside the database was of the data replaced;
    // its change marker could match the restored one's by chance.
    if let Some(kept) = super::serve::beside_sqlite(url) {
        match std::fs::remove_dir_all(&kept) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => bail!(
                "restored {}, but the search index beside it could not be removed ({e}); remove {} before serving",
                target.display(),
                kept.display()
            ),
        }
    }
    println!("Restored {} from {}.", target.display(), source.display());
    Ok(ExitCode::SUCCESS)
}
