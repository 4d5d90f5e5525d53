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
    let catalog = Catalog::new(bundled::dataset().unwrap());
    let index = SearchIndex::build(&catalog).unwrap();
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
    let index2 = index.with_changes(&catalog, &edited, &[change]).unwrap();
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
    let index3 = index2.with_changes(&edited, &renamed, &[change]).unwrap();
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
    let index4 = index3.with_changes(&renamed, &retired, &changes).unwrap();
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
