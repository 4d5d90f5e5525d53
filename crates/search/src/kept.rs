//! The search index kept on disk between runs, so that start-up opens it
//! rather than indexing every entry again (about a second at 100 000
//! grants).
//!
//! The root directory holds one directory per build (`index-…`) and a file
//! `current` naming the one in use, replaced atomically once a build is
//! committed, so a crash mid-build leaves the previous index in use. Each
//! build directory holds tantivy's files and `entries.tsv`, the entry of each
//! document by its `ord` (line number): kind, a tab, id. Every commit
//! (the build's, and each edit's) records in tantivy's commit payload the
//! change marker the index is at, how many lines of `entries.tsv` it uses
//! and this format's version; an index is reused only when all three match
//! (lines written after the last commit, by a crash, are cut off).

use std::fs;
use std::io::{BufRead, BufWriter, Write};
use std::path::{Path, PathBuf};

use samverkan_domain::Slug;
use tantivy::schema::Schema;
use tantivy::{Index, IndexWriter, TantivyDocument};

use crate::{Kind, SearchError};

/// Raised whenever the schema or the text analysis changes, so that an
/// index built by an older version is built again.
const FORMAT: u32 = 1;
const CURRENT: &str = "current";
const ENTRIES: &str = "entries.tsv";

/// What a commit records.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct Payload {
    format: u32,
    version: String,
    /// The database's name (`Store::installation`): an index is never
    /// taken for another database's that reached the same marker.
    database: String,
    marker: i64,
    entries: u64,
}

impl Payload {
    fn new(database: &str, marker: i64, entries: u64) -> Payload {
        Payload {
            format: FORMAT,
            version: env!("CARGO_PKG_VERSION").to_string(),
            database: database.to_string(),
            marker,
            entries,
        }
    }
}

/// One kept index: its root and its own directory.
#[derive(Debug, Clone)]
pub(crate) struct Kept {
    root: PathBuf,
    dir: PathBuf,
    database: String,
}

impl Kept {
    pub(crate) fn root(&self) -> &Path {
        &self.root
    }

    pub(crate) fn database(&self) -> &str {
        &self.database
    }

    /// Removes a build that failed.
    pub(crate) fn remove(&self) {
        if let Err(e) = fs::remove_dir_all(&self.dir) {
            tracing::warn!(error = %e, dir = %self.dir.display(), "a failed search index build could not be removed");
        }
    }

    /// Adds entries to `entries.tsv` after its first `used` bytes, the
    /// lines the index uses (before the commit that uses the new ones):
    /// anything after those, left by a write that was never committed, goes.
    pub(crate) fn append(&self, used: u64, entries: &[(Kind, Slug)]) -> Result<(), SearchError> {
        let mut file = fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(false)
            .open(self.dir.join(ENTRIES))?;
        if file.metadata()?.len() != used {
            file.set_len(used)?;
        }
        if entries.is_empty() {
            return Ok(());
        }
        std::io::Seek::seek(&mut file, std::io::SeekFrom::Start(used))?;
        let mut out = BufWriter::new(file);
        for (kind, id) in entries {
            writeln!(out, "{}\t{id}", kind.as_str())?;
        }
        out.into_inner().map_err(|e| e.into_error())?.sync_data()?;
        Ok(())
    }

    /// Commits `writer` recording the change marker and the entries used.
    pub(crate) fn commit(
        &self,
        writer: &mut IndexWriter<TantivyDocument>,
        marker: i64,
        entries: u64,
    ) -> Result<(), SearchError> {
        let mut prepared = writer.prepare_commit()?;
        let payload = Payload::new(&self.database, marker, entries);
        prepared.set_payload(&serde_json::to_string(&payload).expect("a payload serialises"));
        prepared.commit()?;
        Ok(())
    }
}

/// A kept index opened: where it is, the index, its entries by `ord`.
pub(crate) type Opened = (Kept, Index, Vec<(Kind, Slug)>);

/// The index kept in `root`, if there is one made by this version for the
/// catalogue at `marker`, with its entries by `ord`.
pub(crate) fn open(root: &Path, database: &str, marker: i64) -> Result<Option<Opened>, SearchError> {
    let name = match fs::read_to_string(root.join(CURRENT)) {
        Ok(name) => name,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    let name = name.trim();
    if !name.starts_with("index-") || name.contains(['/', '\\']) {
        return Ok(None);
    }
    let dir = root.join(name);
    let index = Index::open_in_dir(&dir)?;
    let Some(payload) = index.load_metas()?.payload else {
        return Ok(None);
    };
    let Ok(payload) = serde_json::from_str::<Payload>(&payload) else {
        return Ok(None);
    };
    let this = Payload::new(database, marker, payload.entries);
    let key = |p: &Payload| (p.format, p.version.clone(), p.database.clone(), p.marker);
    if key(&payload) != key(&this) {
        tracing::info!(
            kept = payload.marker,
            database = marker,
            "the kept search index is not of the current data; building it again"
        );
        return Ok(None);
    }
    let want = usize::try_from(payload.entries).unwrap_or(usize::MAX);
    // The count is read from a file: it says how many lines to read, not
    // how much to set aside.
    let mut entries = Vec::with_capacity(want.min(1 << 20));
    let file = fs::File::open(dir.join(ENTRIES))?;
    for line in std::io::BufReader::new(file).lines() {
        if entries.len() == want {
            break;
        }
        let line = line?;
        let parsed = line
            .split_once('\t')
            .and_then(|(kind, id)| Some((Kind::parse(kind)?, Slug::parse(id).ok()?)));
        let Some(entry) = parsed else {
            return Ok(None);
        };
        entries.push(entry);
    }
    if entries.len() != want {
        return Ok(None);
    }
    let kept = Kept {
        root: root.to_path_buf(),
        dir,
        database: database.to_string(),
    };
    // Lines past the last commit (a crash between writing and committing)
    // would shift the next ones: keep only those the index uses.
    rewrite_entries(&kept, &entries)?;
    Ok(Some((kept, index, entries)))
}

/// A new, empty index directory in `root` for the catalogue at `marker`,
/// made current once `finish` is called.
pub(crate) fn create(
    root: &Path,
    database: &str,
    marker: i64,
    schema: &Schema,
) -> Result<(Kept, Index), SearchError> {
    create_dir(root)?;
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let name = format!("index-{marker}-{}-{stamp}", std::process::id());
    let dir = root.join(&name);
    create_dir(&dir)?;
    let index = Index::create_in_dir(&dir, schema.clone())?;
    fs::File::create(dir.join(ENTRIES))?;
    Ok((
        Kept {
            root: root.to_path_buf(),
            dir,
            database: database.to_string(),
        },
        index,
    ))
}

/// Makes `kept` the index in use, and removes the other builds in its root.
pub(crate) fn finish(kept: &Kept) -> Result<(), SearchError> {
    let name = kept
        .dir
        .file_name()
        .and_then(|n| n.to_str())
        .expect("the directory was named here");
    let temporary = kept.root.join(format!("{CURRENT}.{}", std::process::id()));
    let mut file = fs::File::create(&temporary)?;
    file.write_all(name.as_bytes())?;
    file.sync_all()?;
    fs::rename(&temporary, kept.root.join(CURRENT))?;
    for other in fs::read_dir(&kept.root)?.flatten() {
        let path = other.path();
        let is_build = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with("index-"));
        if is_build
            && path != kept.dir
            && let Err(e) = fs::remove_dir_all(&path)
        {
            tracing::warn!(error = %e, dir = %path.display(), "an old search index could not be removed");
        }
    }
    Ok(())
}

/// The length of an entry's line in `entries.tsv`.
pub(crate) fn line_len(kind: Kind, id: &Slug) -> u64 {
    (kind.as_str().len() + id.as_str().len() + 2) as u64
}

/// Holds `root` for this process, for as long as it runs: one process keeps
/// its index in a directory (several instances on one SQLite file would
/// otherwise remove each other's builds). A root this process holds already
/// is held again at once.
pub(crate) fn hold(root: &Path) -> Result<(), SearchError> {
    static HELD: std::sync::Mutex<Vec<(PathBuf, fs::File)>> = std::sync::Mutex::new(Vec::new());
    let mut held = HELD.lock().unwrap_or_else(|p| p.into_inner());
    if held.iter().any(|(path, _)| path == root) {
        return Ok(());
    }
    create_dir(root)?;
    let file = fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .open(root.join("lock"))?;
    match file.try_lock() {
        Ok(()) => {
            held.push((root.to_path_buf(), file));
            Ok(())
        }
        Err(fs::TryLockError::WouldBlock) => {
            Err(std::io::Error::other("another process keeps its search index in this directory").into())
        }
        Err(fs::TryLockError::Error(e)) => Err(e.into()),
    }
}

fn create_dir(dir: &Path) -> Result<(), SearchError> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)?;
    Ok(())
}

fn rewrite_entries(kept: &Kept, entries: &[(Kind, Slug)]) -> Result<(), SearchError> {
    let path = kept.dir.join(ENTRIES);
    let used: u64 = entries.iter().map(|(k, id)| line_len(*k, id)).sum();
    if fs::metadata(&path)?.len() != used {
        let file = fs::OpenOptions::new().write(true).open(&path)?;
        file.set_len(used)?;
        file.sync_data()?;
    }
    Ok(())
}
