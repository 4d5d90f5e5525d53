//! Full-text search over the catalogue: an in-memory tantivy index of actors,
//! grants and initiatives, rebuilt whenever the catalogue changes.
//!
//! - **Swedish analysis.** Text is lower-cased, Swedish stop words are removed
//!   and words are reduced by the Snowball Swedish stemmer, so inflected forms
//!   meet (segregation / segregationen, idrottsförening / idrottsföreningar).
//! - **Names and abbreviations** (Brå, DO, MUCF, SKR, ESF-rådet) are indexed
//!   without stemming in their own field, weighed highest, so that an
//!   abbreviation finds its actor first.
//! - **Typos and compounds.** A word of five letters or more also matches
//!   words one edit away; a word of four letters or more also matches as the
//!   start of a longer word, so that the first part of a Swedish compound finds
//!   it (brottsoffer → brottsofferinriktade).
//! - **Compounds in the query.** A long query word is also split where its
//!   parts are words the index knows, with or without the linking -s-
//!   (segregationsarbete → segregation + arbete), and the first part, which
//!   carries the meaning, is searched for too.
//! - **English.** English words of the service's own vocabulary (the areas,
//!   the applicant types, the common words of grants: housing, crime,
//!   association, school, research …) also search for their Swedish words.
//! - **No query syntax.** Queries are built from the words of the input, never
//!   parsed as a query language, so quotes, brackets, colons and operators in
//!   what people type can never cause an error.
//!
//! The search page ranks every entry that matches any word, those matching
//! more words (and in weightier fields) first. The grant finder's free-text
//! filter is stricter: every word must match, and only if no grant matches
//! all words do grants matching any of them count.
//!
//! (Over 500 lines: the schema, the Swedish analysis and the query
//! building depend on each other's details and are kept in one place.)

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

mod kept;

use samverkan_domain::{Catalog, EntryChange, EntryKind, Slug};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, Query, TermQuery};
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::{
    Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, StopWordFilter, TextAnalyzer,
    TokenStream,
};
use tantivy::{DocAddress, Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

/// Words longer than this are not indexed (nor searched for).
const MAX_WORD: usize = 40;
/// At most this many words of a query are used.
const MAX_QUERY_WORDS: usize = 16;
/// At most this many characters of a query are read.
pub const MAX_QUERY_CHARS: usize = 500;

/// What kind of entry a hit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Actor,
    Grant,
    Initiative,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::Actor, Kind::Grant, Kind::Initiative];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Actor => "actor",
            Kind::Grant => "grant",
            Kind::Initiative => "initiative",
        }
    }

    pub fn parse(text: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == text)
    }

    /// The kind of entry indexed as this kind.
    pub fn entry_kind(self) -> EntryKind {
        match self {
            Kind::Actor => EntryKind::Actor,
            Kind::Grant => EntryKind::Grant,
            Kind::Initiative => EntryKind::Initiative,
        }
    }

    /// The kind an entry of `kind` is indexed as, if it is indexed.
    fn of(kind: EntryKind) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.entry_kind() == kind)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("search index error: {0}")]
    Index(#[from] tantivy::TantivyError),
    #[error("the search index's directory: {0}")]
    Kept(#[from] std::io::Error),
}

#[derive(Clone, Copy)]
struct Fields {
    kind: Field,
    key: Field,
    ord: Field,
    names: Field,
    title: Field,
    provider: Field,
    keywords: Field,
    body: Field,
}

/// One result.
#[derive(Debug, Clone)]
pub struct Hit {
    pub kind: Kind,
    pub id: Slug,
    pub score: f32,
}

/// A page of results and how many there are in all.
#[derive(Debug, Clone, Default)]
pub struct Results {
    pub hits: Vec<Hit>,
    pub total: usize,
}

/// The index of one catalogue snapshot.
pub struct SearchIndex {
    index: Index,
    /// This snapshot's view of the index: later edits do not change it.
    reader: IndexReader,
    /// The one writer of the index, shared by the snapshots made from it by
    /// edits; made at the first edit.
    writer: Arc<Mutex<Option<IndexWriter>>>,
    fields: Fields,
    /// Entry of each indexed document, by its `ord` fast field.
    entries: Entries,
    /// Where the index is kept between runs, if it is.
    kept: Option<kept::Kept>,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("documents", &self.len())
            .finish()
    }
}

fn swedish() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_WORD))
        .filter(LowerCaser)
        .filter(StopWordFilter::new(Language::Swedish).expect("tantivy has Swedish stop words"))
        .filter(Stemmer::new(Language::Swedish))
        .build()
}

fn plain() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_WORD))
        .filter(LowerCaser)
        .build()
}

fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while let Some(token) = stream.next() {
        out.push(token.text.clone());
    }
    out
}

/// Swedish words for an English query word, from the service's own
/// vocabulary (the five areas, the applicant types, the common words of
/// grants), so that English readers find the Swedish entries.
pub fn english(word: &str) -> &'static [&'static str] {
    match word {
        "housing" | "house" | "houses" | "homes" | "home" | "dwelling" => &["boende", "bostad"],
        "work" | "employment" | "jobs" | "job" | "labour" | "labor" | "unemployment" => {
            &["arbete", "arbetsmarknad", "sysselsättning"]
        }
        "education" | "school" | "schools" | "learning" => &["utbildning", "skola", "skolor"],
        "democracy" | "democratic" => &["demokrati"],
        "civil" | "society" => &["civilsamhälle"],
        "crime" | "crimes" | "criminal" | "criminality" => &["brottslighet", "brott"],
        "victim" | "victims" => &["brottsoffer"],
        "prevention" | "preventive" | "prevent" => &["förebyggande", "brottsförebyggande"],
        "association" | "associations" | "nonprofit" | "ngo" | "ngos" | "club" | "clubs" => {
            &["förening", "föreningar"]
        }
        "foundation" | "foundations" => &["stiftelse"],
        "municipality" | "municipalities" | "council" | "councils" => &["kommun", "kommuner"],
        "region" | "regions" => &["region", "regioner"],
        "research" | "researchers" | "science" => &["forskning"],
        "grant" | "grants" | "funding" | "funds" | "subsidy" => &["bidrag", "stöd"],
        "youth" | "young" => &["unga", "ungdom"],
        "children" | "child" => &["barn"],
        "women" | "girls" => &["kvinnor"],
        "equality" => &["jämställdhet"],
        "discrimination" => &["diskriminering"],
        "racism" | "intolerance" => &["rasism", "intolerans"],
        "sport" | "sports" => &["idrott"],
        "culture" | "cultural" => &["kultur"],
        "health" => &["hälsa"],
        "police" => &["polis"],
        "extremism" => &["extremism"],
        "integration" | "newcomers" | "refugees" | "asylum" => &["integration", "nyanlända", "asylsökande"],
        _ => &[],
    }
}

/// Escapes text for HTML and XML content and attributes.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The text of an entry's `body` field, used both to index it and to cut
/// snippets from it.
pub fn body_text(catalog: &Catalog, kind: Kind, id: &str) -> String {
    match kind {
        Kind::Actor => catalog
            .actor(id)
            .map(|a| {
                [a.mission.as_deref(), a.connection.as_deref()]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join("\n\n")
                    .replace("\n- ", "\n")
            })
            .unwrap_or_default(),
        Kind::Grant => catalog
            .grant(id)
            .map(|g| g.description.clone().unwrap_or_default())
            .unwrap_or_default(),
        Kind::Initiative => catalog
            .initiative(id)
            .map(|i| i.description.clone().unwrap_or_default())
            .unwrap_or_default(),
    }
}

/// The title a hit is shown with.
pub fn title_text(catalog: &Catalog, kind: Kind, id: &str) -> String {
    catalog
        .entry_title(kind.entry_kind(), id)
        .unwrap_or_default()
        .to_string()
}

/// What each indexed document is, by its `ord` fast field: the entries of
/// the first build, then those added by each edit, in chunks shared between
/// an index and the copies made for later edits.
#[derive(Clone, Default)]
struct Entries {
    /// Each chunk with the `ord` of its first entry.
    chunks: Vec<(u64, Chunk)>,
    len: u64,
    /// How long their lines are in a kept index's `entries.tsv`.
    bytes: u64,
}

/// Entries indexed together, shared between snapshots.
type Chunk = Arc<[(Kind, Slug)]>;

impl Entries {
    fn get(&self, ord: u64) -> Option<&(Kind, Slug)> {
        let at = self
            .chunks
            .partition_point(|(first, _)| *first <= ord)
            .checked_sub(1)?;
        let (first, chunk) = &self.chunks[at];
        chunk.get(usize::try_from(ord - first).ok()?)
    }

    fn push(&mut self, chunk: Vec<(Kind, Slug)>) {
        if chunk.is_empty() {
            return;
        }
        let n = chunk.len() as u64;
        self.bytes += chunk.iter().map(|(k, id)| kept::line_len(*k, id)).sum::<u64>();
        self.chunks.push((self.len, chunk.into()));
        self.len += n;
    }
}

/// The text of an entry's fields, as indexed, or `None` when the
/// catalogue has no such entry.
fn document(catalog: &Catalog, fields: Fields, kind: Kind, id: &str) -> Option<TantivyDocument> {
    let area_names = |ids: &[Slug]| {
        ids.iter()
            .filter_map(|a| catalog.area(a.as_str()).map(|a| a.name.clone()))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let names_of = |a: &samverkan_domain::Actor| {
        let mut n = vec![a.name.clone()];
        n.extend(a.short_name.clone());
        n.extend(a.aliases.iter().cloned());
        n.join(" ")
    };
    let parts: [(Field, String); 5] = match kind {
        Kind::Actor => {
            let a = catalog.actor(id)?;
            let areas: Vec<Slug> = a.areas.iter().map(|l| l.area.clone()).collect();
            [
                (fields.names, names_of(a)),
                (fields.title, a.name.clone()),
                (fields.provider, String::new()),
                (fields.keywords, area_names(&areas)),
                (fields.body, body_text(catalog, Kind::Actor, id)),
            ]
        }
        Kind::Grant => {
            let g = catalog.grant(id)?;
            let provider = catalog
                .actor(g.provider.as_str())
                .map(names_of)
                .unwrap_or_default();
            let mut keywords = vec![area_names(&g.areas)];
            keywords.extend(
                g.applicants
                    .iter()
                    .filter_map(|t| catalog.applicant_type(t.as_str()).map(|t| t.name.clone())),
            );
            keywords.extend(
                g.perspectives
                    .iter()
                    .filter_map(|p| catalog.perspective(p.as_str()).map(|p| p.name.clone())),
            );
            [
                (fields.names, g.aliases.join(" ")),
                (fields.title, format!("{}\n{}", g.title, g.aliases.join("\n"))),
                (fields.provider, provider),
                (fields.keywords, keywords.join(" ")),
                (fields.body, body_text(catalog, Kind::Grant, id)),
            ]
        }
        Kind::Initiative => {
            let i = catalog.initiative(id)?;
            let participants: Vec<String> = i
                .participants
                .iter()
                .filter_map(|p| catalog.actor(p.as_str()))
                .flat_map(|a| [Some(a.name.clone()), a.short_name.clone()])
                .flatten()
                .collect();
            [
                (fields.names, i.short_name.clone().unwrap_or_default()),
                (fields.title, i.name.clone()),
                (fields.provider, participants.join(" ")),
                (fields.keywords, area_names(&i.areas)),
                (fields.body, body_text(catalog, Kind::Initiative, id)),
            ]
        }
    };
    let mut doc = TantivyDocument::default();
    doc.add_text(fields.kind, kind.as_str());
    doc.add_text(fields.key, key(kind, id));
    for (field, value) in parts {
        if !value.is_empty() {
            doc.add_text(field, value);
        }
    }
    Some(doc)
}

/// A document's key, by which an edit replaces it: `grant:bidrag-1`.
fn key(kind: Kind, id: &str) -> String {
    format!("{}:{id}", kind.as_str())
}

/// The index's schema and its fields.
fn schema() -> (Schema, Fields) {
    let mut schema = Schema::builder();
    let text = |tokenizer: &str, positions: bool| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tokenizer)
                .set_index_option(if positions {
                    IndexRecordOption::WithFreqsAndPositions
                } else {
                    IndexRecordOption::WithFreqs
                }),
        )
    };
    let fields = Fields {
        kind: schema.add_text_field("kind", STRING),
        key: schema.add_text_field("key", STRING),
        ord: schema.add_u64_field("ord", FAST | INDEXED),
        names: schema.add_text_field("names", text("plain", false)),
        title: schema.add_text_field("title", text("sv", true)),
        provider: schema.add_text_field("provider", text("plain", false)),
        keywords: schema.add_text_field("keywords", text("sv", false)),
        body: schema.add_text_field("body", text("sv", true)),
    };
    (schema.build(), fields)
}

/// The fields of a kept index's schema, if it is this version's schema.
fn fields_of(schema: &Schema) -> Option<Fields> {
    let (expected, fields) = self::schema();
    (schema == &expected).then_some(fields)
}

fn register_tokenizers(index: &Index) {
    index.tokenizers().register("sv", swedish());
    index.tokenizers().register("plain", plain());
}

impl SearchIndex {
    /// Indexes every actor, grant and initiative of the catalogue, in memory.
    pub fn build(catalog: &Catalog) -> Result<SearchIndex, SearchError> {
        let (schema, fields) = schema();
        let index = Index::create_in_ram(schema);
        SearchIndex::fill(index, fields, catalog, None)
    }

    /// Indexes every entry of `catalog` into the empty `index`; with `kept`,
    /// the index is kept on disk and its entries and change marker are
    /// written there too.
    fn fill(
        index: Index,
        fields: Fields,
        catalog: &Catalog,
        kept: Option<(&kept::Kept, i64)>,
    ) -> Result<SearchIndex, SearchError> {
        register_tokenizers(&index);
        let mut writer = index.writer_with_num_threads::<TantivyDocument>(1, 100_000_000)?;
        let mut entries = Vec::new();
        let all = (catalog.actors().iter().map(|a| (Kind::Actor, &a.id)))
            .chain(catalog.grants().map(|g| (Kind::Grant, &g.id)))
            .chain(catalog.initiatives().iter().map(|i| (Kind::Initiative, &i.id)));
        for (kind, id) in all {
            if let Some(mut doc) = document(catalog, fields, kind, id.as_str()) {
                doc.add_u64(fields.ord, entries.len() as u64);
                writer.add_document(doc)?;
                entries.push((kind, id.clone()));
            }
        }
        match kept {
            Some((kept, marker)) => {
                kept.append(0, &entries)?;
                kept.commit(&mut writer, marker, entries.len() as u64)?;
            }
            None => {
                writer.commit()?;
            }
        }
        drop(writer);
        let mut all = Entries::default();
        all.push(entries);
        SearchIndex::with_reader(index, fields, all, kept.map(|(k, _)| k.clone()))
    }

    fn with_reader(
        index: Index,
        fields: Fields,
        entries: Entries,
        kept: Option<kept::Kept>,
    ) -> Result<SearchIndex, SearchError> {
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(SearchIndex {
            index,
            reader,
            writer: Arc::default(),
            fields,
            entries,
            kept,
        })
    }

    /// The index kept in `root` for the catalogue at change marker
    /// `marker`: opened when the one there was made for it (by this version
    /// of the service) and `reuse` allows, else built there from `catalog`.
    /// (A caller passes `reuse: false` when the catalogue may be newer than
    /// `marker`: an index opened then could miss what changed in between.)
    /// Whatever goes wrong with the directory, or when another process keeps
    /// its index there, the index is built in memory instead and the reason
    /// logged: the service never fails to start for its index.
    pub fn kept_in(
        root: &Path,
        catalog: &Catalog,
        database: &str,
        marker: i64,
        reuse: bool,
    ) -> Result<SearchIndex, SearchError> {
        if let Err(e) = kept::hold(root) {
            tracing::warn!(error = %e, dir = %root.display(), "the search index cannot be kept there; it is built in memory");
            return SearchIndex::build(catalog);
        }
        if reuse {
            match kept::open(root, database, marker) {
                Ok(Some((kept, index, entries))) => {
                    if let Some(fields) = fields_of(&index.schema()) {
                        register_tokenizers(&index);
                        let mut all = Entries::default();
                        all.push(entries);
                        return SearchIndex::with_reader(index, fields, all, Some(kept));
                    }
                }
                Ok(None) => {}
                Err(e) => {
                    tracing::warn!(error = %e, dir = %root.display(), "the kept search index cannot be opened; building it again")
                }
            }
        }
        let (schema, fields) = schema();
        let built = kept::create(root, database, marker, &schema).and_then(|(kept, index)| {
            let built = SearchIndex::fill(index, fields, catalog, Some((&kept, marker)));
            let built = built.and_then(|b| kept::finish(&kept).map(|()| b));
            if built.is_err() {
                kept.remove();
            }
            built
        });
        built.or_else(|e| {
            tracing::warn!(error = %e, dir = %root.display(), "the search index cannot be kept on disk; it is built in memory");
            SearchIndex::build(catalog)
        })
    }

    /// This index with `changes` applied: each changed entry's document is
    /// replaced (or deleted), and so are the documents that show a changed
    /// actor's names (its grants and initiatives); the rest of the index is
    /// shared. `before` and `after` are the catalogue before and after the
    /// changes. A change to a vocabulary (an area's name is in every
    /// document of that area) indexes everything again.
    /// A kept index records `marker`, the change marker the changes bring
    /// the catalogue to, and the entries added.
    pub fn with_changes(
        &self,
        before: &Catalog,
        after: &Catalog,
        changes: &[EntryChange],
        marker: i64,
    ) -> Result<SearchIndex, SearchError> {
        let mut affected: Vec<(Kind, Slug)> = Vec::new();
        for (kind, id, _) in changes {
            let Some(k) = Kind::of(*kind) else {
                return match &self.kept {
                    Some(kept) => SearchIndex::kept_in(kept.root(), after, kept.database(), marker, false),
                    None => SearchIndex::build(after),
                };
            };
            affected.push((k, id.clone()));
            if k == Kind::Actor {
                let names = |c: &Catalog| {
                    c.actor(id.as_str())
                        .map(|a| (a.name.clone(), a.short_name.clone(), a.aliases.clone()))
                };
                if names(before) != names(after) {
                    for c in [before, after] {
                        affected.extend(
                            c.grants_by(id.as_str())
                                .into_iter()
                                .map(|g| (Kind::Grant, g.id.clone())),
                        );
                        affected.extend(
                            c.initiatives_of(id.as_str())
                                .into_iter()
                                .map(|i| (Kind::Initiative, i.id.clone())),
                        );
                    }
                }
            }
        }
        affected.sort_by(|a, b| (a.0.as_str(), &a.1).cmp(&(b.0.as_str(), &b.1)));
        affected.dedup();

        let mut slot = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        let writer = match &mut *slot {
            Some(writer) => writer,
            // The smallest budget tantivy allows: an edit adds a handful of documents.
            empty => empty.insert(self.index.writer_with_num_threads(1, 15_000_000)?),
        };
        let mut entries = self.entries.clone();
        let mut added = Vec::new();
        for (kind, id) in affected {
            writer.delete_term(Term::from_field_text(self.fields.key, &key(kind, id.as_str())));
            if let Some(mut doc) = document(after, self.fields, kind, id.as_str()) {
                doc.add_u64(self.fields.ord, entries.len + added.len() as u64);
                writer.add_document(doc)?;
                added.push((kind, id));
            }
        }
        match &self.kept {
            Some(kept) => {
                kept.append(entries.bytes, &added)?;
                kept.commit(writer, marker, entries.len + added.len() as u64)?;
            }
            None => {
                writer.commit()?;
            }
        }
        entries.push(added);
        let mut next = SearchIndex::with_reader(self.index.clone(), self.fields, entries, self.kept.clone())?;
        next.writer = self.writer.clone();
        Ok(next)
    }

    /// How many entries are indexed.
    pub fn len(&self) -> usize {
        usize::try_from(self.reader.searcher().num_docs()).unwrap_or(usize::MAX)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The query for `text`, restricted to `kind` if given; `None` when the
    /// text has no searchable word. `all` requires every word to match.
    fn query(&self, text: &str, kind: Option<Kind>, all: bool) -> Option<Box<dyn Query>> {
        let f = self.fields;
        let text: String = text.chars().take(MAX_QUERY_CHARS).collect();
        let (mut sv, mut plain) = (swedish(), plain());
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for word in tokens(&mut plain, &text).into_iter().take(MAX_QUERY_WORDS) {
            let stem = tokens(&mut sv, &word).into_iter().next();
            let mut alternatives: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            let mut add = |query: Box<dyn Query>, boost: f32| {
                alternatives.push((Occur::Should, Box::new(BoostQuery::new(query, boost))));
            };
            let term = |field: Field, t: &str| Term::from_field_text(field, t);
            let exact = |field: Field, t: &str| -> Box<dyn Query> {
                Box::new(TermQuery::new(term(field, t), IndexRecordOption::WithFreqs))
            };
            add(exact(f.names, &word), 6.0);
            add(exact(f.provider, &word), 1.5);
            if let Some(stem) = &stem {
                add(exact(f.title, stem), 3.0);
                add(exact(f.keywords, stem), 1.5);
                add(exact(f.body, stem), 1.0);
                let letters = word.chars().count();
                if letters >= 5 {
                    add(Box::new(FuzzyTermQuery::new(term(f.title, stem), 1, true)), 1.0);
                    add(Box::new(FuzzyTermQuery::new(term(f.body, stem), 1, true)), 0.3);
                    add(Box::new(FuzzyTermQuery::new(term(f.names, &word), 1, true)), 1.5);
                }
                if letters >= 4 {
                    // Swedish compounds: the first part of one is strong evidence.
                    add(
                        Box::new(FuzzyTermQuery::new_prefix(term(f.title, stem), 0, true)),
                        2.5,
                    );
                    add(
                        Box::new(FuzzyTermQuery::new_prefix(term(f.body, stem), 0, true)),
                        0.4,
                    );
                    add(
                        Box::new(FuzzyTermQuery::new_prefix(term(f.names, &word), 0, true)),
                        2.0,
                    );
                }
            }
            // A Swedish compound the index does not have, split where its
            // parts are known words (with or without the linking -s-):
            // segregationsarbete → segregation + arbete.
            // Only the first part counts: it carries the meaning
            // (likvärdighetsbidraget is about likvärdighet, not any bidrag).
            if let Some(head) = self.split_compound(&word, &mut sv) {
                add(exact(f.title, &head), 3.0);
                add(exact(f.keywords, &head), 1.5);
                add(exact(f.body, &head), 0.8);
            }
            // The service's own vocabulary in English: the areas, the
            // applicant types and the common words of grants.
            for swedish_word in english(&word) {
                for stem in tokens(&mut sv, swedish_word) {
                    add(exact(f.title, &stem), 2.5);
                    add(exact(f.keywords, &stem), 2.0);
                    add(exact(f.body, &stem), 0.8);
                    add(
                        Box::new(FuzzyTermQuery::new_prefix(term(f.title, &stem), 0, true)),
                        1.5,
                    );
                }
            }
            let stem = stem.or_else(|| (!english(&word).is_empty()).then(String::new));
            // A stop word that is no one's name adds nothing.
            let occur = if all && stem.is_some() {
                Occur::Must
            } else {
                Occur::Should
            };
            clauses.push((occur, Box::new(BooleanQuery::new(alternatives))));
        }
        if clauses.is_empty() {
            return None;
        }
        let words: Box<dyn Query> = Box::new(BooleanQuery::new(clauses));
        Some(match kind {
            None => words,
            // The words must match; the kind only filters (and adds nothing to the score).
            Some(kind) => {
                let kind = TermQuery::new(
                    Term::from_field_text(f.kind, kind.as_str()),
                    IndexRecordOption::Basic,
                );
                Box::new(BooleanQuery::new(vec![
                    (Occur::Must, words),
                    (Occur::Must, Box::new(BoostQuery::new(Box::new(kind), 0.0))),
                ]))
            }
        })
    }

    /// Whether a stem occurs in any title, keywords or body: the index's own
    /// term dictionaries say so, without a second copy of them.
    fn knows(&self, stem: &str) -> bool {
        let searcher = self.reader.searcher();
        searcher.segment_readers().iter().any(|segment| {
            [self.fields.title, self.fields.keywords, self.fields.body]
                .into_iter()
                .any(|field| {
                    segment
                        .inverted_index(field)
                        .ok()
                        .and_then(|index| index.terms().get(stem.as_bytes()).ok().flatten())
                        .is_some()
                })
        })
    }

    /// The stem of the known first part (four letters at least) of a long
    /// query word whose rest is a known word too (three letters at least),
    /// a linking `s` between them dropped; the longest first part wins.
    fn split_compound(&self, word: &str, sv: &mut TextAnalyzer) -> Option<String> {
        let known =
            |w: &str, sv: &mut TextAnalyzer| tokens(sv, w).into_iter().next().filter(|stem| self.knows(stem));
        // A compound the index has as a whole is split too: its parts find
        // the entries that use them on their own.
        if word.chars().count() < 8 {
            return None;
        }
        let bounds: Vec<usize> = word.char_indices().map(|(i, _)| i).skip(4).collect();
        for &i in bounds.iter().rev() {
            let (head, rest) = word.split_at(i);
            let tails = [Some(rest), rest.strip_prefix('s')];
            for tail in tails.into_iter().flatten() {
                if tail.chars().count() < 3 {
                    continue;
                }
                if let (Some(h), Some(_)) = (known(head, sv), known(tail, sv)) {
                    return Some(h);
                }
            }
        }
        None
    }

    /// The best `limit` hits after `offset` (entries matching any word, ranked),
    /// and how many there are in all.
    pub fn search(
        &self,
        text: &str,
        kind: Option<Kind>,
        limit: usize,
        offset: usize,
    ) -> Result<Results, SearchError> {
        let searcher = self.reader.searcher();
        let Some(query) = self.query(text, kind, false) else {
            return Ok(Results::default());
        };
        let collector = (
            TopDocs::with_limit(limit.max(1))
                .and_offset(offset)
                .order_by_score(),
            Count,
        );
        let (top, total) = searcher.search(&query, &collector)?;
        let entries = self.entries_of(&searcher);
        let hits = top
            .into_iter()
            .filter_map(|(score, address)| {
                let (kind, id) = entries(address)?;
                Some(Hit {
                    kind: *kind,
                    id: id.clone(),
                    score,
                })
            })
            .collect();
        Ok(Results { hits, total })
    }

    /// Every matching entry of `kind` with its score, for filtering and
    /// ranking a list (the grant finder's free-text field).
    pub fn scores(&self, text: &str, kind: Kind) -> Result<Option<HashMap<Slug, f32>>, SearchError> {
        let searcher = self.reader.searcher();
        for all in [true, false] {
            let Some(query) = self.query(text, Some(kind), all) else {
                return Ok(None);
            };
            let total = searcher.search(&query, &Count)?;
            if total == 0 && all {
                continue;
            }
            let top = searcher.search(&query, &TopDocs::with_limit(total.max(1)).order_by_score())?;
            let entries = self.entries_of(&searcher);
            let scores = top
                .into_iter()
                .filter_map(|(score, address)| Some((entries(address)?.1.clone(), score)))
                .collect();
            return Ok(Some(scores));
        }
        Ok(Some(HashMap::new()))
    }

    /// The entry a match is, by its `ord` fast field; each segment's column
    /// is opened once, not once per match.
    fn entries_of<'a>(
        &'a self,
        searcher: &tantivy::Searcher,
    ) -> impl Fn(DocAddress) -> Option<&'a (Kind, Slug)> + 'a {
        let columns: Vec<_> = searcher
            .segment_readers()
            .iter()
            .map(|segment| segment.fast_fields().u64("ord").ok())
            .collect();
        move |address: DocAddress| {
            let column = columns.get(address.segment_ord as usize)?.as_ref()?;
            let ord = column.first(address.doc_id)?;
            self.entries.get(ord)
        }
    }

    /// A highlighted snippet of `text` for the query: safe HTML, the text
    /// escaped and the matched words in `<mark>`. Where no word of the text
    /// matched exactly, the start of the text, escaped.
    pub fn snippet(&self, query_text: &str, text: &str, max_chars: usize) -> String {
        let highlighted = self.query(query_text, None, false).and_then(|query| {
            let searcher = self.reader.searcher();
            let mut generator = SnippetGenerator::create(&searcher, &*query, self.fields.body).ok()?;
            generator.set_max_num_chars(max_chars);
            let mut snippet = generator.snippet(text);
            snippet.set_snippet_prefix_postfix("<mark>", "</mark>");
            if snippet.is_empty() {
                return None;
            }
            // Say where the passage was cut, so that it does not read as a
            // sentence of its own.
            let fragment = snippet.fragment().trim();
            let lead = if text.trim_start().starts_with(fragment) {
                ""
            } else {
                "… "
            };
            let tail = if text.trim_end().ends_with(fragment) {
                ""
            } else {
                " …"
            };
            Some(format!("{lead}{}{tail}", snippet.to_html().trim()))
        });
        highlighted.unwrap_or_else(|| {
            let start: String = text.chars().take(max_chars).collect();
            let more = if text.chars().count() > max_chars {
                "…"
            } else {
                ""
            };
            format!("{}{more}", escape_html(start.trim()))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stems(text: &str) -> Vec<String> {
        tokens(&mut swedish(), text)
    }

    #[test]
    fn inflected_forms_share_a_stem() {
        for (a, b) in [
            ("segregation", "segregationen"),
            ("idrottsförening", "idrottsföreningar"),
            ("hemlöshet", "hemlösheten"),
            ("kommun", "kommunerna"),
        ] {
            assert_eq!(stems(a), stems(b), "{a} / {b}");
        }
        assert!(stems("och för att").is_empty(), "stop words are dropped");
    }

    #[test]
    fn a_kind_filter_only_filters() {
        let catalog = Catalog::new(samverkan_domain::bundled::dataset().unwrap());
        let index = SearchIndex::build(&catalog).unwrap();
        let grants = index.search("brottsoffer", Some(Kind::Grant), 50, 0).unwrap();
        assert!(grants.total <= 3, "only grants that match: {:?}", grants.hits);
        assert!(grants.hits.iter().all(|h| h.kind == Kind::Grant));
        let all = index.search("brottsoffer", None, 50, 0).unwrap();
        assert!(all.hits.iter().any(|h| h.kind == Kind::Actor));
    }
}

#[cfg(test)]
mod snippet_tests {
    use super::*;

    #[test]
    fn snippets_are_escaped_and_highlighted() {
        assert_eq!(
            escape_html(r#"<a href="x">&'"#),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        let catalog = Catalog::new(samverkan_domain::bundled::dataset().unwrap());
        let index = SearchIndex::build(&catalog).unwrap();
        let html = index.snippet("segregationen", "Om <b>segregation</b> & annat", 100);
        assert_eq!(html, "Om &lt;b&gt;<mark>segregation</mark>&lt;/b&gt; &amp; annat");
        let plain = index.snippet("hemlöshet", "Ingen träff <här>", 100);
        assert_eq!(plain, "Ingen träff &lt;här&gt;");
    }
}
