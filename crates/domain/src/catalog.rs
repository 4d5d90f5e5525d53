//! A validated dataset with indexes, and the questions people ask of it: which
//! grants match these filters on this day, who works in this area, who else
//! works where this actor does.

use std::collections::{HashMap, HashSet};

use jiff::civil::Date;

use crate::dataset::{Dataset, EntryKind};
use crate::deadline::{DeadlineRule, DeadlineStatus};
use crate::model::{Actor, ActorKind, ApplicantType, Area, AreaRole, Grant, Initiative, Perspective, Slug};

/// The whole catalogue, indexed. Built once per change to the data; read by
/// many requests at a time.
#[derive(Debug, Default)]
pub struct Catalog {
    data: Dataset,
    areas: HashMap<Slug, usize>,
    perspectives: HashMap<Slug, usize>,
    applicant_types: HashMap<Slug, usize>,
    actors: HashMap<Slug, usize>,
    grants: HashMap<Slug, usize>,
    initiatives: HashMap<Slug, usize>,
    /// For each applicant type: itself, its ancestors and its descendants.
    applicant_related: HashMap<Slug, HashSet<Slug>>,
    grants_by_provider: HashMap<Slug, Vec<usize>>,
    initiatives_by_actor: HashMap<Slug, Vec<usize>>,
    /// Lower-case text of each grant (title, aliases, description, provider).
    grant_text: Vec<String>,
    actor_text: Vec<String>,
    /// Each grant's place in Swedish title order, ties broken by id.
    title_rank: Vec<u32>,
}

fn index<T>(items: &[T], id: impl Fn(&T) -> &Slug) -> HashMap<Slug, usize> {
    items
        .iter()
        .enumerate()
        .map(|(i, e)| (id(e).clone(), i))
        .collect()
}

impl Catalog {
    /// Indexes a dataset. The dataset should have passed [`Dataset::validate`];
    /// dangling references are tolerated (they simply match nothing).
    pub fn new(mut data: Dataset) -> Catalog {
        data.areas.sort_by(|a, b| (a.order, &a.id).cmp(&(b.order, &b.id)));
        let areas = index(&data.areas, |e| &e.id);
        let perspectives = index(&data.perspectives, |e| &e.id);
        let applicant_types = index(&data.applicant_types, |e| &e.id);
        let actors = index(&data.actors, |e| &e.id);
        let grants = index(&data.grants, |e| &e.id);
        let initiatives = index(&data.initiatives, |e| &e.id);

        let parent: HashMap<&Slug, &Slug> = data
            .applicant_types
            .iter()
            .filter_map(|t| t.parent.as_ref().map(|p| (&t.id, p)))
            .collect();
        let mut applicant_related: HashMap<Slug, HashSet<Slug>> = data
            .applicant_types
            .iter()
            .map(|t| (t.id.clone(), HashSet::from([t.id.clone()])))
            .collect();
        for t in &data.applicant_types {
            // Walk up from each type, bounded in case of a cycle.
            let mut at = &t.id;
            for _ in 0..data.applicant_types.len() {
                let Some(&p) = parent.get(at) else { break };
                if let Some(set) = applicant_related.get_mut(&t.id) {
                    set.insert(p.clone());
                }
                if let Some(set) = applicant_related.get_mut(p) {
                    set.insert(t.id.clone());
                }
                at = p;
            }
        }

        let mut grants_by_provider: HashMap<Slug, Vec<usize>> = HashMap::new();
        for (i, g) in data.grants.iter().enumerate() {
            grants_by_provider.entry(g.provider.clone()).or_default().push(i);
        }
        let mut initiatives_by_actor: HashMap<Slug, Vec<usize>> = HashMap::new();
        for (i, ini) in data.initiatives.iter().enumerate() {
            for p in &ini.participants {
                initiatives_by_actor.entry(p.clone()).or_default().push(i);
            }
        }
        let grant_text = data
            .grants
            .iter()
            .map(|g| {
                let provider = actors.get(&g.provider).map(|&i| &data.actors[i]);
                let mut text = vec![g.title.as_str()];
                text.extend(g.aliases.iter().map(String::as_str));
                text.extend(g.description.as_deref());
                if let Some(p) = provider {
                    text.push(&p.name);
                    text.extend(p.short_name.as_deref());
                    text.extend(p.aliases.iter().map(String::as_str));
                }
                text.join("\n").to_lowercase()
            })
            .collect();
        let actor_text = data
            .actors
            .iter()
            .map(|a| {
                let mut text = vec![a.name.as_str()];
                text.extend(a.short_name.as_deref());
                text.extend(a.aliases.iter().map(String::as_str));
                text.extend(a.mission.as_deref());
                text.extend(a.connection.as_deref());
                text.join("\n").to_lowercase()
            })
            .collect();
        let mut order: Vec<usize> = (0..data.grants.len()).collect();
        order.sort_by_cached_key(|&i| (swedish_key(&data.grants[i].title), data.grants[i].id.clone()));
        let mut title_rank = vec![0u32; data.grants.len()];
        for (rank, i) in order.into_iter().enumerate() {
            title_rank[i] = u32::try_from(rank).unwrap_or(u32::MAX);
        }
        Catalog {
            title_rank,
            data,
            areas,
            perspectives,
            applicant_types,
            actors,
            grants,
            initiatives,
            applicant_related,
            grants_by_provider,
            initiatives_by_actor,
            grant_text,
            actor_text,
        }
    }

    pub fn dataset(&self) -> &Dataset {
        &self.data
    }

    /// The five areas, in the source's order.
    pub fn areas(&self) -> &[Area] {
        &self.data.areas
    }
    pub fn area(&self, id: &str) -> Option<&Area> {
        self.areas.get(id).map(|&i| &self.data.areas[i])
    }
    pub fn perspectives(&self) -> &[Perspective] {
        &self.data.perspectives
    }
    pub fn perspective(&self, id: &str) -> Option<&Perspective> {
        self.perspectives.get(id).map(|&i| &self.data.perspectives[i])
    }
    pub fn applicant_types(&self) -> &[ApplicantType] {
        &self.data.applicant_types
    }
    pub fn applicant_type(&self, id: &str) -> Option<&ApplicantType> {
        self.applicant_types
            .get(id)
            .map(|&i| &self.data.applicant_types[i])
    }
    pub fn actors(&self) -> &[Actor] {
        &self.data.actors
    }
    pub fn actor(&self, id: &str) -> Option<&Actor> {
        self.actors.get(id).map(|&i| &self.data.actors[i])
    }
    pub fn grants(&self) -> &[Grant] {
        &self.data.grants
    }
    pub fn grant(&self, id: &str) -> Option<&Grant> {
        self.grants.get(id).map(|&i| &self.data.grants[i])
    }
    pub fn initiatives(&self) -> &[Initiative] {
        &self.data.initiatives
    }
    pub fn initiative(&self, id: &str) -> Option<&Initiative> {
        self.initiatives.get(id).map(|&i| &self.data.initiatives[i])
    }

    /// What an entry is called: a grant's title, anything else's name.
    pub fn entry_title(&self, kind: EntryKind, id: &str) -> Option<&str> {
        match kind {
            EntryKind::Area => self.area(id).map(|e| e.name.as_str()),
            EntryKind::Perspective => self.perspective(id).map(|e| e.name.as_str()),
            EntryKind::ApplicantType => self.applicant_type(id).map(|e| e.name.as_str()),
            EntryKind::Actor => self.actor(id).map(|e| e.name.as_str()),
            EntryKind::Grant => self.grant(id).map(|e| e.title.as_str()),
            EntryKind::Initiative => self.initiative(id).map(|e| e.name.as_str()),
        }
    }

    /// The grants an actor gives.
    pub fn grants_by(&self, actor: &str) -> Vec<&Grant> {
        self.grants_by_provider
            .get(actor)
            .map(|ix| ix.iter().map(|&i| &self.data.grants[i]).collect())
            .unwrap_or_default()
    }

    /// The initiatives an actor takes part in.
    pub fn initiatives_of(&self, actor: &str) -> Vec<&Initiative> {
        self.initiatives_by_actor
            .get(actor)
            .map(|ix| ix.iter().map(|&i| &self.data.initiatives[i]).collect())
            .unwrap_or_default()
    }

    /// The actors working in an area, those responsible first, then by name.
    pub fn actors_in_area(&self, area: &str) -> Vec<(&Actor, AreaRole)> {
        let mut out: Vec<(&Actor, AreaRole)> = self
            .data
            .actors
            .iter()
            .filter_map(|a| a.role_in(area).map(|r| (a, r)))
            .collect();
        out.sort_by(|(a, ra), (b, rb)| {
            (role_rank(*ra), swedish_key(&a.name)).cmp(&(role_rank(*rb), swedish_key(&b.name)))
        });
        out
    }

    /// Other actors that share an area or an initiative with `actor`, with what they share.
    pub fn related_actors(&self, actor: &Actor) -> Vec<Related<'_>> {
        let initiatives = self.initiatives_of(actor.id.as_str());
        let mut out: Vec<Related<'_>> = self
            .data
            .actors
            .iter()
            .filter(|other| other.id != actor.id)
            .filter_map(|other| {
                let areas: Vec<&Area> = actor
                    .areas
                    .iter()
                    .filter(|l| other.role_in(l.area.as_str()).is_some())
                    .filter_map(|l| self.area(l.area.as_str()))
                    .collect();
                let shared: Vec<&Initiative> = initiatives
                    .iter()
                    .copied()
                    .filter(|i| i.participants.contains(&other.id))
                    .collect();
                (!areas.is_empty() || !shared.is_empty()).then_some(Related {
                    actor: other,
                    areas,
                    initiatives: shared,
                })
            })
            .collect();
        out.sort_by(|a, b| {
            (b.areas.len() + b.initiatives.len(), swedish_key(&a.actor.name))
                .cmp(&(a.areas.len() + a.initiatives.len(), swedish_key(&b.actor.name)))
        });
        out
    }

    /// Checks that every id a grant query names exists.
    pub fn check_grant_query(&self, q: &GrantQuery) -> Result<(), QueryError> {
        if let Some(a) = q.areas.iter().find(|a| self.area(a.as_str()).is_none()) {
            return Err(QueryError::UnknownArea(a.to_string()));
        }
        if let Some(a) = q
            .applicants
            .iter()
            .find(|a| self.applicant_type(a.as_str()).is_none())
        {
            return Err(QueryError::UnknownApplicant(a.to_string()));
        }
        if let Some(p) = q.providers.iter().find(|p| self.actor(p.as_str()).is_none()) {
            return Err(QueryError::UnknownProvider(p.to_string()));
        }
        Ok(())
    }

    /// The grants that match `q` on the reference date `on`, with their next
    /// deadline and status, in the order `q.sort` asks for.
    pub fn find_grants(&self, q: &GrantQuery, on: Date) -> Vec<GrantHit<'_>> {
        let mut hits = self.matching_grants(q, on);
        let key = self.order_key(q);
        hits.sort_unstable_by_key(|h| key(h));
        hits
    }

    /// One page of [`find_grants`](Self::find_grants): the hits at
    /// `offset..offset + limit` in order, and how many match in all. Only the
    /// page is sorted, so a page of a long list costs little more than
    /// finding the matches.
    pub fn find_grants_page(
        &self,
        q: &GrantQuery,
        on: Date,
        offset: usize,
        limit: usize,
    ) -> (Vec<GrantHit<'_>>, usize) {
        let mut hits = self.matching_grants(q, on);
        let total = hits.len();
        let key = self.order_key(q);
        let end = offset.saturating_add(limit).min(total);
        if end < total && end > 0 {
            hits.select_nth_unstable_by_key(end - 1, |h| key(h));
            hits.truncate(end);
        }
        hits.sort_unstable_by_key(|h| key(h));
        (hits.into_iter().skip(offset).take(limit).collect(), total)
    }

    /// The grants that match `q` on `on`, in no particular order (for counts).
    pub fn matching_grants(&self, q: &GrantQuery, on: Date) -> Vec<GrantHit<'_>> {
        let terms = terms(q.text.as_deref());
        let applicants: HashSet<&Slug> = q
            .applicants
            .iter()
            .flat_map(|a| self.applicant_related.get(a).into_iter().flatten())
            .collect();
        self.data
            .grants
            .iter()
            .enumerate()
            .filter(|(i, g)| {
                (q.areas.is_empty() || g.areas.iter().any(|a| q.areas.contains(a)))
                    && (q.applicants.is_empty() || g.applicants.iter().any(|a| applicants.contains(a)))
                    && (q.providers.is_empty() || q.providers.contains(&g.provider))
                    && match &q.ranked {
                        Some(ranked) => ranked.contains_key(&g.id),
                        None => terms.iter().all(|t| self.grant_text[*i].contains(t.as_str())),
                    }
            })
            .map(|(i, g)| self.hit_at(i, g, on))
            .filter(|h| q.statuses.is_empty() || q.statuses.contains(&h.status))
            .filter(|h| match q.within_days {
                None => true,
                Some(n) => h.days_left.is_some_and(|d| d <= i64::from(n)),
            })
            .collect()
    }

    /// How many grants each choice of the area and status filters would
    /// give, with the other filters as they are (the finder's facets), and
    /// whether any grant the query finds has a date ahead (for the
    /// calendar to subscribe to).
    pub fn grant_facets(&self, q: &GrantQuery, on: Date) -> GrantFacets {
        let without_areas = self.matching_grants(
            &GrantQuery {
                areas: Vec::new(),
                ..q.clone()
            },
            on,
        );
        let without_statuses = self.matching_grants(
            &GrantQuery {
                statuses: Vec::new(),
                ..q.clone()
            },
            on,
        );
        let mut areas: HashMap<Slug, usize> = HashMap::new();
        for hit in &without_areas {
            for area in &hit.grant.areas {
                *areas.entry(area.clone()).or_default() += 1;
            }
        }
        let statuses = DeadlineStatus::ALL.map(|s| {
            let count = without_statuses.iter().filter(|h| h.status == s).count();
            (s, count)
        });
        // The matches are those of the status facet's list with the status
        // filter applied again: no second pass over the grants.
        let any_dated = without_statuses
            .iter()
            .filter(|h| q.statuses.is_empty() || q.statuses.contains(&h.status))
            .any(|h| h.next_deadline.is_some());
        GrantFacets {
            areas,
            statuses,
            any_dated,
        }
    }

    /// The initiatives in any of `areas` and with any of `actors` taking
    /// part (an empty list does not filter), by name in Swedish order.
    pub fn find_initiatives(&self, areas: &[Slug], actors: &[Slug]) -> Vec<&Initiative> {
        let mut items: Vec<&Initiative> = self
            .data
            .initiatives
            .iter()
            .filter(|i| areas.is_empty() || i.areas.iter().any(|a| areas.contains(a)))
            .filter(|i| actors.is_empty() || i.participants.iter().any(|a| actors.contains(a)))
            .collect();
        items.sort_by_cached_key(|i| swedish_key(&i.name));
        items
    }

    /// Grants the filters leave out only because the source does not say
    /// what a filter asks: with an applicant filter, the grants that match
    /// everything else and name no applicants; with an area filter, those
    /// that name no area. Nothing is dropped silently: the finder shows them
    /// apart.
    pub fn unstated(&self, q: &GrantQuery, on: Date) -> Unstated<'_> {
        // The grants `open` finds (q without one filter) that say nothing of
        // what that filter asks.
        let left_out = |filtered: bool, open: GrantQuery, silent: fn(&Grant) -> bool| {
            if !filtered {
                return Vec::new();
            }
            self.find_grants(&open, on)
                .into_iter()
                .filter(|h| silent(h.grant))
                .collect()
        };
        Unstated {
            applicants: left_out(
                !q.applicants.is_empty(),
                GrantQuery {
                    applicants: Vec::new(),
                    ..q.clone()
                },
                |g| g.applicants.is_empty(),
            ),
            areas: left_out(
                !q.areas.is_empty(),
                GrantQuery {
                    areas: Vec::new(),
                    ..q.clone()
                },
                |g| g.areas.is_empty(),
            ),
        }
    }

    /// When `q` finds nothing: for each filter it sets, how many grants
    /// there would be without it (only those that give some).
    pub fn ways_out(&self, q: &GrantQuery, on: Date) -> Vec<(Filter, usize)> {
        let mut out = Vec::new();
        let mut try_without = |filter: Filter, set: bool, relaxed: GrantQuery| {
            if set {
                let n = self.matching_grants(&relaxed, on).len();
                if n > 0 {
                    out.push((filter, n));
                }
            }
        };
        try_without(
            Filter::Within,
            q.within_days.is_some(),
            GrantQuery {
                within_days: None,
                ..q.clone()
            },
        );
        try_without(
            Filter::Statuses,
            !q.statuses.is_empty(),
            GrantQuery {
                statuses: Vec::new(),
                ..q.clone()
            },
        );
        try_without(
            Filter::Areas,
            !q.areas.is_empty(),
            GrantQuery {
                areas: Vec::new(),
                ..q.clone()
            },
        );
        try_without(
            Filter::Applicants,
            !q.applicants.is_empty(),
            GrantQuery {
                applicants: Vec::new(),
                ..q.clone()
            },
        );
        try_without(
            Filter::Providers,
            !q.providers.is_empty(),
            GrantQuery {
                providers: Vec::new(),
                ..q.clone()
            },
        );
        try_without(
            Filter::Text,
            q.text.is_some() || q.ranked.is_some(),
            GrantQuery {
                text: None,
                ranked: None,
                ..q.clone()
            },
        );
        out
    }

    /// The sort key of a hit for `q.sort`: a total order (ties end at the
    /// grant's place in Swedish title order, which is unique), cheap to
    /// compare because the title order is computed once per catalogue.
    fn order_key<'q>(
        &self,
        q: &'q GrantQuery,
    ) -> impl Fn(&GrantHit<'_>) -> (u32, bool, Option<Date>, u32) + 'q {
        let terms = terms(q.text.as_deref());
        let sort = q.sort;
        move |h: &GrantHit<'_>| match sort {
            // Nearest deadline first; then what can be applied for without a
            // date (rolling, see the provider); what has passed or ended last.
            GrantSort::Deadline => (
                u32::from(h.status == DeadlineStatus::Passed),
                h.next_deadline.is_none(),
                h.next_deadline,
                h.rank,
            ),
            GrantSort::Title => (0, false, None, h.rank),
            GrantSort::Relevance => {
                let score = match &q.ranked {
                    // Scores are positive; their bit patterns order like the numbers.
                    Some(ranked) => ranked.get(&h.grant.id).map_or(0, |s| s.to_bits()),
                    None => relevance(h.grant, &terms),
                };
                (
                    u32::MAX - score,
                    h.next_deadline.is_none(),
                    h.next_deadline,
                    h.rank,
                )
            }
        }
    }

    /// A grant with its next deadline and status on `on`.
    pub fn hit<'a>(&'a self, grant: &'a Grant, on: Date) -> GrantHit<'a> {
        let index = self.grants.get(&grant.id).copied().unwrap_or(0);
        self.hit_at(index, grant, on)
    }

    fn hit_at<'a>(&'a self, index: usize, grant: &'a Grant, on: Date) -> GrantHit<'a> {
        let next_deadline = grant.rule_in_effect().and_then(|r| r.next_on(on));
        let status = if grant.ended {
            // Nothing more to apply for: as a fixed date that has passed.
            DeadlineStatus::Passed
        } else {
            grant
                .deadline
                .as_ref()
                .map_or(DeadlineStatus::Unknown, |d| d.status_on(on))
        };
        GrantHit {
            grant,
            rank: self.title_rank.get(index).copied().unwrap_or(u32::MAX),
            provider: self.actor(grant.provider.as_str()),
            next_deadline,
            days_left: next_deadline.map(|d| days_between(on, d)),
            status,
            expected: is_expected(grant, next_deadline),
        }
    }

    /// The actors that match `q`, by name.
    pub fn find_actors(&self, q: &ActorQuery) -> Vec<&Actor> {
        let terms = terms(q.text.as_deref());
        let mut out: Vec<&Actor> = self
            .data
            .actors
            .iter()
            .enumerate()
            .filter(|(i, a)| {
                let area_ok = q.areas.is_empty() && q.role.is_none()
                    || a.areas.iter().any(|l| {
                        (q.areas.is_empty() || q.areas.contains(&l.area))
                            && q.role.is_none_or(|r| r == l.role)
                    });
                area_ok
                    && (q.kinds.is_empty() || q.kinds.contains(&a.kind))
                    && terms.iter().all(|t| self.actor_text[*i].contains(t.as_str()))
            })
            .map(|(_, a)| a)
            .collect();
        out.sort_by_cached_key(|a| swedish_key(&a.name));
        out
    }
}

/// A key that sorts Swedish text as Swedes expect: case-insensitively, with å, ä
/// and ö after z (in that order), rather than by code point.
pub fn swedish_key(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'å' => '\u{10FFFD}',
            'ä' | 'æ' => '\u{10FFFE}',
            'ö' | 'ø' => '\u{10FFFF}',
            other => other,
        })
        .collect()
}

/// How well a grant matches search terms: a term in the title weighs most,
/// then one in an alias, then anywhere else. A simple ranking for the grant
/// finder; full-text search with stemming is the search crate's job.
fn relevance(grant: &Grant, terms: &[String]) -> u32 {
    let title = grant.title.to_lowercase();
    let aliases = grant.aliases.join("\n").to_lowercase();
    terms
        .iter()
        .map(|t| {
            if title.contains(t.as_str()) {
                3
            } else if aliases.contains(t.as_str()) {
                2
            } else {
                1
            }
        })
        .sum()
}

fn role_rank(role: AreaRole) -> u8 {
    match role {
        AreaRole::Responsible => 0,
        AreaRole::Contributes => 1,
    }
}

fn terms(text: Option<&str>) -> Vec<String> {
    text.map(|t| t.to_lowercase().split_whitespace().map(str::to_string).collect())
        .unwrap_or_default()
}

/// Whole days from `from` to `to` (negative when `to` is earlier).
pub fn days_between(from: Date, to: Date) -> i64 {
    from.until(to).map(|s| i64::from(s.get_days())).unwrap_or(0)
}

/// An actor that shares areas or initiatives with another.
#[derive(Debug)]
pub struct Related<'a> {
    pub actor: &'a Actor,
    pub areas: Vec<&'a Area>,
    pub initiatives: Vec<&'a Initiative>,
}

/// What a grant search asks for. Within one filter any value matches; all
/// filters must match.
#[derive(Debug, Clone, Default)]
pub struct GrantQuery {
    /// Words that must all occur in the grant's title, description or provider
    /// (a plain substring match, for when no search index is at hand).
    pub text: Option<String>,
    /// The grants a full-text search found, with their scores: only these
    /// match, and `Relevance` orders by the score. Overrides `text`.
    pub ranked: Option<HashMap<Slug, f32>>,
    pub areas: Vec<Slug>,
    /// Applicant types; a grant open to a broader or narrower type of the same
    /// family matches too (civilsamhällesorganisation ↔ ideell förening).
    pub applicants: Vec<Slug>,
    pub providers: Vec<Slug>,
    pub statuses: Vec<DeadlineStatus>,
    /// Only grants whose next deadline is at most this many days away.
    pub within_days: Option<u32>,
    pub sort: GrantSort,
}

/// How grants are ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum GrantSort {
    /// By next deadline, the nearest first; grants without one last.
    #[default]
    Deadline,
    /// By title.
    Title,
    /// By how well the text matches, then by next deadline.
    Relevance,
}

impl GrantSort {
    pub const ALL: [GrantSort; 3] = [GrantSort::Deadline, GrantSort::Relevance, GrantSort::Title];

    /// The name in URLs and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            GrantSort::Deadline => "deadline",
            GrantSort::Title => "title",
            GrantSort::Relevance => "relevance",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

/// Grants left out by a filter only because the source does not say.
#[derive(Debug, Default)]
pub struct Unstated<'a> {
    /// Matching all else, and naming no applicants.
    pub applicants: Vec<GrantHit<'a>>,
    /// Matching all else, and naming no area.
    pub areas: Vec<GrantHit<'a>>,
}

/// One of the grant finder's filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Filter {
    Text,
    Areas,
    Applicants,
    Providers,
    Statuses,
    Within,
}

impl Filter {
    pub const ALL: [Filter; 6] = [
        Filter::Text,
        Filter::Areas,
        Filter::Applicants,
        Filter::Providers,
        Filter::Statuses,
        Filter::Within,
    ];

    /// The query parameters that set it.
    pub fn params(self) -> &'static [&'static str] {
        match self {
            Filter::Text => &["q"],
            Filter::Areas => &["area"],
            Filter::Applicants => &["applicant"],
            Filter::Providers => &["provider"],
            Filter::Statuses => &["status"],
            Filter::Within => &["within_days"],
        }
    }
}

/// What an actor search asks for.
#[derive(Debug, Clone, Default)]
pub struct ActorQuery {
    pub text: Option<String>,
    pub areas: Vec<Slug>,
    /// With areas: the role in those areas. Alone: any area with this role.
    pub role: Option<AreaRole>,
    pub kinds: Vec<ActorKind>,
}

/// The grant finder's facet counts; see [`Catalog::grant_facets`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrantFacets {
    /// Per area: the grants it would give.
    pub areas: HashMap<Slug, usize>,
    /// Per status: the grants it would give.
    pub statuses: [(DeadlineStatus, usize); 4],
    /// Whether any grant the query finds has a date ahead.
    pub any_dated: bool,
}

impl GrantFacets {
    /// The grants area `id` would give.
    pub fn area(&self, id: &str) -> usize {
        self.areas
            .iter()
            .find(|(a, _)| a.as_str() == id)
            .map_or(0, |(_, n)| *n)
    }

    /// The grants status `s` would give.
    pub fn status(&self, s: DeadlineStatus) -> usize {
        self.statuses.iter().find(|(t, _)| *t == s).map_or(0, |(_, n)| *n)
    }
}

/// A grant with what its deadline means on the reference date.
#[derive(Debug, Clone)]
pub struct GrantHit<'a> {
    pub grant: &'a Grant,
    /// The grant's place in Swedish title order (unique within a catalogue).
    pub rank: u32,
    pub provider: Option<&'a Actor>,
    pub next_deadline: Option<Date>,
    pub days_left: Option<i64>,
    pub status: DeadlineStatus,
    /// Whether the next deadline is only expected: a yearly date carried
    /// forward past the round that was current when the grant was last
    /// verified. (Verified on 22 December 2021, "1 april" was confirmed for
    /// 1 April 2022; 1 April 2027 is what it would be if nothing changed.)
    pub expected: bool,
}

/// Whether `next` (a grant's next deadline) lies beyond the round of a
/// yearly rule that was current when the grant was verified. Fixed dates are
/// what the source says they are; rolling and unknown rules have no date.
pub fn is_expected(grant: &Grant, next: Option<Date>) -> bool {
    match (&grant.deadline, next) {
        (Some(deadline), Some(next)) if matches!(deadline.rule(), DeadlineRule::Annual(_)) => deadline
            .next_on(grant.verified)
            .is_none_or(|confirmed| next > confirmed),
        _ => false,
    }
}

/// A query that names something the catalogue does not have.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    #[error("there is no area \"{0}\"")]
    UnknownArea(String),
    #[error("there is no applicant type \"{0}\"")]
    UnknownApplicant(String),
    #[error("there is no actor \"{0}\" to be a provider")]
    UnknownProvider(String),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::Entry;

    fn grant(deadline: &str, verified: &str) -> Grant {
        serde_json::from_value(serde_json::json!({
            "id": "g", "title": "G", "provider": "p", "deadline": deadline, "verified": verified
        }))
        .unwrap()
    }

    fn date(text: &str) -> Date {
        text.parse().unwrap()
    }

    #[test]
    fn a_yearly_date_is_confirmed_for_the_round_that_was_verified_and_expected_after() {
        let g = grant("1 april", "2021-12-22");
        assert!(
            !is_expected(&g, Some(date("2022-04-01"))),
            "the round current when verified"
        );
        assert!(is_expected(&g, Some(date("2023-04-01"))));
        assert!(is_expected(&g, Some(date("2027-04-01"))));
        let fresh = grant("1 april", "2026-11-25");
        assert!(
            !is_expected(&fresh, Some(date("2027-04-01"))),
            "verified for this round"
        );
        let on_the_day = grant("1 april", "2027-04-01");
        assert!(!is_expected(&on_the_day, Some(date("2027-04-01"))));
    }

    #[test]
    fn fixed_rolling_and_unknown_deadlines_are_never_expected() {
        assert!(!is_expected(
            &grant("18 februari 2027", "2021-12-22"),
            Some(date("2027-02-18"))
        ));
        assert!(!is_expected(&grant("löpande", "2021-12-22"), None));
        assert!(!is_expected(&grant("se webbplats", "2021-12-22"), None));
    }

    fn entry<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> T {
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn facets_count_each_choice_with_the_other_filters_as_they_are() {
        let area = |id: &str, order: u32| {
            Entry::Area(entry(serde_json::json!({
                "id": id, "name": id, "order": order, "verified": "2021-12-22"
            })))
        };
        let grant = |id: &str, areas: &[&str], deadline: &str| {
            Entry::Grant(entry(serde_json::json!({
                "id": id, "title": id, "provider": "p", "areas": areas,
                "deadline": deadline, "verified": "2026-01-01"
            })))
        };
        let catalog = Catalog::new(Dataset::from_entries([
            area("boende", 1),
            area("arbete", 2),
            Entry::Actor(entry(serde_json::json!({
                "id": "p", "name": "P", "kind": "myndighet", "verified": "2021-12-22"
            }))),
            grant("a", &["boende"], "31 augusti"),
            grant("b", &["boende", "arbete"], "löpande"),
            grant("c", &["arbete"], "se webbplats"),
        ]));
        let on = date("2026-11-29");
        let q = GrantQuery {
            areas: vec![Slug::parse("boende").unwrap()],
            ..GrantQuery::default()
        };
        let facets = catalog.grant_facets(&q, on);
        assert_eq!(
            (facets.area("boende"), facets.area("arbete")),
            (2, 2),
            "the area facet ignores the area filter"
        );
        assert_eq!(
            facets.status(DeadlineStatus::Upcoming),
            1,
            "a, within the area filter"
        );
        assert_eq!(facets.status(DeadlineStatus::Rolling), 1, "b");
        assert_eq!(facets.status(DeadlineStatus::Unknown), 0, "c is in another area");
        assert!(facets.any_dated, "a has a date ahead");
        let rolling_only = GrantQuery {
            statuses: vec![DeadlineStatus::Rolling],
            ..q
        };
        assert!(!catalog.grant_facets(&rolling_only, on).any_dated);
    }
}
