//! Search shared by the API and the search page: kind filters, snippets, and
//! where each hit lives on the website.

use samverkan_domain::Catalog;
use samverkan_search::{Hit, Kind, Results, SearchError, SearchIndex, body_text, title_text};

use crate::i18n::Lang;
use crate::urls::Route;

/// How long a snippet may be, in characters.
const SNIPPET_CHARS: usize = 220;

/// Runs a search, restricted to `kinds` if any are given.
pub fn run(
    index: &SearchIndex,
    text: &str,
    kinds: &[Kind],
    limit: usize,
    offset: usize,
) -> Result<Results, SearchError> {
    match kinds {
        [] => index.search(text, None, limit, offset),
        [kind] => index.search(text, Some(*kind), limit, offset),
        _ if kinds.len() == 3 => index.search(text, None, limit, offset),
        _ => {
            // Two kinds: rank the union of both. Each side needs the first
            // offset + limit hits; the merge keeps the page asked for.
            let mut hits = Vec::new();
            let mut total = 0;
            for kind in kinds {
                let r = index.search(text, Some(*kind), offset + limit, 0)?;
                total += r.total;
                hits.extend(r.hits);
            }
            hits.sort_by(|a, b| b.score.total_cmp(&a.score));
            Ok(Results {
                hits: hits.into_iter().skip(offset).take(limit).collect(),
                total,
            })
        }
    }
}

/// A highlighted passage for a hit: from its body text, or its title where it
/// has none. Safe HTML.
pub fn snippet(catalog: &Catalog, index: &SearchIndex, text: &str, hit: &Hit) -> String {
    let body = body_text(catalog, hit.kind, hit.id.as_str());
    let source = if body.trim().is_empty() {
        title_text(catalog, hit.kind, hit.id.as_str())
    } else {
        body
    };
    index.snippet(text, &source, SNIPPET_CHARS)
}

/// The page of a hit on the website.
pub fn href(lang: Lang, hit: &Hit) -> String {
    let id = hit.id.to_string();
    match hit.kind {
        Kind::Actor => Route::Actor(id),
        Kind::Grant => Route::Grant(id),
        Kind::Initiative => Route::Initiative(id),
    }
    .href(lang)
}
