//! An index changed in place by edits finds what an index built afresh from
//! the same catalogue finds, and the index it was made from is unchanged.

use samverkan_domain::{Catalog, Entry, EntryChange, EntryKind, Slug, bundled};
use samverkan_search::{Kind, SearchIndex};

/// The entries a query finds, as `kind:id`, in no particular order.
fn found(index: &SearchIndex, q: &str) -> Vec<String> {
    let mut out: Vec<String> = index
        .search(q, None, 1000, 0)
        .unwrap()
        .hits
        .iter()
        .map(|h| format!("{}:{}", h.kind.as_str(), h.id))
        .collect();
    out.sort();
    out
}

const QUERIES: &[&str] = &[
    "Planetariet",
    "Zyxwvut",
    "samlingslokaler",
    "Boverket",
    "brottsförebyggande",
    "segregation",
    "läxhjälp",
    "MUCF",
];

fn assert_same_as_fresh(index: &SearchIndex, catalog: &Catalog, step: &str) {
    let fresh = SearchIndex::build(catalog).unwrap();
    assert_eq!(index.len(), fresh.len(), "{step}: documents");
    for q in QUERIES {
        assert_eq!(found(index, q), found(&fresh, q), "{step}: {q}");
    }
}

#[test]
fn edits_applied_in_place_find_what_a_fresh_index_finds() {
    edits_find_what_a_fresh_index_finds(SearchIndex::build);
}

#[test]
fn edits_to_a_kept_index_find_what_a_fresh_index_finds() {
    let dir = tempfile::tempdir().unwrap();
    edits_find_what_a_fresh_index_finds(|c| SearchIndex::kept_in(dir.path(), c, "db", 1, true));
}

fn edits_find_what_a_fresh_index_finds(
    make: impl Fn(&Catalog) -> Result<SearchIndex, samverkan_search::SearchError>,
) {
    let catalog = Catalog::new(bundled::dataset().unwrap());
    let index = make(&catalog).unwrap();
    let mut grant = catalog.grant("boverket-samlingslokaler").unwrap().clone();
    let old_title = grant.title.clone();
    assert!(found(&index, "samlingslokaler").contains(&"grant:boverket-samlingslokaler".to_string()));

    // A grant's new title is found, and only in the new index.
    grant.title = "Stöd till Planetariet".into();
    let change: EntryChange = (
        EntryKind::Grant,
        grant.id.clone(),
        Some(Entry::Grant(grant.clone())),
    );
    let edited = catalog.with_changes(std::slice::from_ref(&change));
    let index2 = index.with_changes(&catalog, &edited, &[change], 2).unwrap();
    assert_eq!(
        found(&index2, "Planetariet"),
        vec!["grant:boverket-samlingslokaler"]
    );
    assert!(
        found(&index, "Planetariet").is_empty(),
        "the index it came from is unchanged"
    );
    assert_same_as_fresh(&index2, &edited, "title");
    assert_ne!(old_title, grant.title);

    // An actor renamed: its grants are found by the provider's new name.
    let mut actor = edited.actor("boverket").unwrap().clone();
    actor.name = "Zyxwvut".into();
    actor.short_name = None;
    actor.aliases.clear();
    let change: EntryChange = (EntryKind::Actor, actor.id.clone(), Some(Entry::Actor(actor)));
    let renamed = edited.with_changes(std::slice::from_ref(&change));
    let index3 = index2.with_changes(&edited, &renamed, &[change], 3).unwrap();
    let hits = found(&index3, "Zyxwvut");
    assert!(hits.contains(&"actor:boverket".to_string()), "{hits:?}");
    assert!(
        hits.contains(&"grant:boverket-samlingslokaler".to_string()),
        "{hits:?}"
    );
    assert!(
        found(&index3, "Boverket")
            .iter()
            .all(|h| h != "grant:boverket-samlingslokaler")
    );
    assert_same_as_fresh(&index3, &renamed, "actor");

    // A retired grant is found no more; a new one is.
    let mut new_grant = grant.clone();
    new_grant.id = Slug::parse("nytt-bidrag").unwrap();
    new_grant.title = "Läxhjälp i Planetariet".into();
    let changes: Vec<EntryChange> = vec![
        (EntryKind::Grant, grant.id.clone(), None),
        (
            EntryKind::Grant,
            new_grant.id.clone(),
            Some(Entry::Grant(new_grant)),
        ),
    ];
    let retired = renamed.with_changes(&changes);
    let index4 = index3.with_changes(&renamed, &retired, &changes, 4).unwrap();
    assert_eq!(found(&index4, "Planetariet"), vec!["grant:nytt-bidrag"]);
    assert_same_as_fresh(&index4, &retired, "retire and add");
    assert_eq!(
        index4
            .search("Planetariet", Some(Kind::Grant), 10, 0)
            .unwrap()
            .total,
        1
    );
}

fn current(dir: &std::path::Path) -> String {
    std::fs::read_to_string(dir.join("current")).unwrap()
}

/// The kept index is reused when it is of the data at hand (edits
/// included), and built again when it is not or cannot be read.
#[test]
fn a_kept_index_is_reused_only_for_the_data_it_was_made_for() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let catalog = Catalog::new(bundled::dataset().unwrap());
    let first = SearchIndex::kept_in(root, &catalog, "db", 7, true).unwrap();
    let built = current(root);
    drop(first);
    // The same data: opened, not built.
    let again = SearchIndex::kept_in(root, &catalog, "db", 7, true).unwrap();
    assert_eq!(current(root), built);
    assert_eq!(
        found(&again, "samlingslokaler"),
        vec!["grant:boverket-samlingslokaler"]
    );

    // An edit is kept: the next start at its marker finds it.
    let mut grant = catalog.grant("boverket-samlingslokaler").unwrap().clone();
    grant.title = "Stöd till Planetariet".into();
    let change: EntryChange = (EntryKind::Grant, grant.id.clone(), Some(Entry::Grant(grant)));
    let edited = catalog.with_changes(std::slice::from_ref(&change));
    let after = again.with_changes(&catalog, &edited, &[change], 8).unwrap();
    drop((again, after));
    let reopened = SearchIndex::kept_in(root, &edited, "db", 8, true).unwrap();
    assert_eq!(current(root), built, "reused after the edit");
    assert_eq!(
        found(&reopened, "Planetariet"),
        vec!["grant:boverket-samlingslokaler"]
    );
    drop(reopened);

    // Other data (another marker): built again, and the old build removed.
    let other = SearchIndex::kept_in(root, &catalog, "db", 9, true).unwrap();
    assert_ne!(current(root), built);
    assert!(!root.join(&built).exists());
    assert!(found(&other, "Planetariet").is_empty());
    drop(other);

    // Lines written after the last commit (a crash) are cut off.
    let build = root.join(current(root));
    let lines = std::fs::read_to_string(build.join("entries.tsv")).unwrap();
    std::fs::write(build.join("entries.tsv"), format!("{lines}grant\tfinns-inte\n")).unwrap();
    let cut = SearchIndex::kept_in(root, &catalog, "db", 9, true).unwrap();
    assert_eq!(current(root), build.file_name().unwrap().to_str().unwrap());
    assert_eq!(std::fs::read_to_string(build.join("entries.tsv")).unwrap(), lines);
    assert_same_as_fresh(&cut, &catalog, "after a cut");
    drop(cut);

    // Missing lines, or a `current` that names nothing: built again.
    std::fs::write(build.join("entries.tsv"), &lines[..lines.len() / 2]).unwrap();
    let rebuilt = SearchIndex::kept_in(root, &catalog, "db", 9, true).unwrap();
    assert_ne!(root.join(current(root)), build);
    assert_same_as_fresh(&rebuilt, &catalog, "after lost lines");
    drop(rebuilt);
    std::fs::write(root.join("current"), "index-../../etc").unwrap();
    let rebuilt = SearchIndex::kept_in(root, &catalog, "db", 9, true).unwrap();
    assert_same_as_fresh(&rebuilt, &catalog, "after a bad pointer");
    drop(rebuilt);

    // Another database at the same change marker: built again.
    let before = current(root);
    let other = SearchIndex::kept_in(root, &catalog, "another", 9, true).unwrap();
    assert_ne!(current(root), before);
    assert_same_as_fresh(&other, &catalog, "another database");
}

/// Lines an edit wrote but never committed (a refresh cut off, a crash) are
/// overwritten by the next edit, so the entries stay aligned with the index
/// across a restart; and asked not to reuse, the index is built anew.
#[test]
fn uncommitted_lines_never_shift_the_entries_of_a_kept_index() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let catalog = Catalog::new(bundled::dataset().unwrap());
    let index = SearchIndex::kept_in(root, &catalog, "db", 1, true).unwrap();
    let build = root.join(current(root));
    let tsv = build.join("entries.tsv");
    let mut grant = catalog.grant("boverket-samlingslokaler").unwrap().clone();
    grant.title = "Stöd till Planetariet".into();
    let change: EntryChange = (EntryKind::Grant, grant.id.clone(), Some(Entry::Grant(grant)));
    let edited = catalog.with_changes(std::slice::from_ref(&change));
    // An edit that wrote its line and stopped before committing.
    let committed = std::fs::read_to_string(&tsv).unwrap();
    std::fs::write(&tsv, format!("{committed}actor\tfinns-inte\n")).unwrap();
    let after = index.with_changes(&catalog, &edited, &[change], 2).unwrap();
    drop((index, after));
    let reopened = SearchIndex::kept_in(root, &edited, "db", 2, true).unwrap();
    assert_eq!(root.join(current(root)), build, "reused");
    assert_same_as_fresh(&reopened, &edited, "after an uncommitted line");
    assert!(!std::fs::read_to_string(&tsv).unwrap().contains("finns-inte"));
    drop(reopened);
    // Not to be reused: built again although the marker matches.
    let fresh = SearchIndex::kept_in(root, &edited, "db", 2, false).unwrap();
    assert_ne!(root.join(current(root)), build);
    assert_same_as_fresh(&fresh, &edited, "not reused");
}

/// A directory another process keeps its index in is left alone: this one
/// builds its index in memory. (The lock is an `flock`, held per open file,
/// so a file opened and locked here stands for another process's.)
#[test]
fn a_directory_another_process_holds_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("search");
    std::fs::create_dir(&root).unwrap();
    let other = std::fs::File::create(root.join("lock")).unwrap();
    other.try_lock().unwrap();
    let catalog = Catalog::new(bundled::dataset().unwrap());
    let index = SearchIndex::kept_in(&root, &catalog, "db", 1, true).unwrap();
    drop(other);
    assert!(!root.join("current").exists(), "nothing was built there");
    assert_same_as_fresh(&index, &catalog, "in memory");
}
