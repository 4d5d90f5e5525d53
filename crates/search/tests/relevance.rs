//! The relevance suite: realistic Swedish queries (in relevance.toml), each
//! with the entry that must be among the top three. Prints the precision and
//! fails below the bar.

use samverkan_domain::{Catalog, bundled};
use samverkan_search::SearchIndex;

/// The share of queries whose expected entry must be in the top three.
const BAR: f64 = 0.95;

#[derive(serde::Deserialize)]
struct Suite {
    queries: Vec<Case>,
}

#[derive(serde::Deserialize)]
struct Case {
    who: String,
    q: String,
    expect: String,
}

#[test]
fn swedish_queries_find_the_right_entry_in_the_top_three() {
    let suite: Suite = toml::from_str(include_str!("relevance.toml")).unwrap();
    assert!(suite.queries.len() >= 30, "at least 30 queries");
    let catalog = Catalog::new(bundled::dataset().unwrap());
    let index = SearchIndex::build(&catalog).unwrap();
    let mut found = 0;
    let mut misses = Vec::new();
    for case in &suite.queries {
        let results = index.search(&case.q, None, 3, 0).unwrap();
        let top: Vec<String> = results
            .hits
            .iter()
            .map(|h| format!("{}:{}", h.kind.as_str(), h.id))
            .collect();
        if top.contains(&case.expect) {
            found += 1;
        } else {
            misses.push(format!(
                "  {:?} ({}): expected {}, got {:?}",
                case.q, case.who, case.expect, top
            ));
        }
    }
    let precision = found as f64 / suite.queries.len() as f64;
    println!(
        "relevance: {found} of {} queries have the expected entry in the top 3 (precision@3 {precision:.3}, bar {BAR})",
        suite.queries.len()
    );
    for m in &misses {
        println!("{m}");
    }
    assert!(
        precision >= BAR,
        "precision {precision:.3} is below {BAR}:\n{}",
        misses.join("\n")
    );
}
