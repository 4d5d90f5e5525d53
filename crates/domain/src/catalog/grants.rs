//! The grant finder's questions: which grants match these filters on this
//! day, in which order, how many each choice of a filter would give, which
//! the filters leave out for want of data, and which filter to drop when
//! nothing matches.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, OnceLock};

use jiff::civil::Date;

use super::{Catalog, days_between, terms};
use crate::deadline::{DeadlineRule, DeadlineStatus};
use crate::model::{Actor, Grant, Slug};

impl Catalog {
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
        let (day, mut found) = self.matching(q, on);
        let key = self.order_key(q, &day, &found);
        found.sort_unstable_by_key(|&i| key(i));
        found
            .into_iter()
            .map(|i| self.hit_on(&day, i as usize, on))
            .collect()
    }

    /// One page of [`find_grants`](Self::find_grants): the hits at
    /// `offset..offset + limit` in order, and how many match in all. The
    /// matches are grant indexes until the page is chosen; only the page is
    /// sorted and made into hits.
    pub fn find_grants_page(
        &self,
        q: &GrantQuery,
        on: Date,
        offset: usize,
        limit: usize,
    ) -> (Vec<GrantHit<'_>>, usize) {
        let (day, mut found) = self.matching(q, on);
        let total = found.len();
        let key = self.order_key(q, &day, &found);
        let end = offset.saturating_add(limit).min(total);
        if end < total && end > 0 {
            found.select_nth_unstable_by_key(end - 1, |&i| key(i));
            found.truncate(end);
        }
        found.sort_unstable_by_key(|&i| key(i));
        let page = found
            .into_iter()
            .skip(offset)
            .take(limit)
            .map(|i| self.hit_on(&day, i as usize, on))
            .collect();
        (page, total)
    }

    /// The grants' dates month by month, for the calendar: from `on` to the
    /// end of the twelfth month from `on`'s, each month with its first
    /// `per_month` dates (by date, then title) and how many it has in all;
    /// and how many of the grants `q` finds have no date ahead at all.
    /// Only what is shown is sorted, and no hit is made.
    pub fn calendar(&self, q: &GrantQuery, on: Date, per_month: usize) -> (Vec<CalendarMonth<'_>>, usize) {
        let (day, found) = self.matching(q, on);
        let first = on.first_of_month();
        let month_of = |d: Date| {
            (i32::from(d.year()) - i32::from(first.year())) * 12 + i32::from(d.month() - first.month())
        };
        // Every grant's dates ahead, in calendar order, kept per reference date.
        let ahead = day.ahead.get_or_init(|| self.dates_ahead(&day));
        let all = found.len() == self.data.grants.len();
        let mut member = vec![
            0u64;
            if all {
                0
            } else {
                self.data.grants.len().div_ceil(64)
            }
        ];
        let mut without = 0;
        for &i in &found {
            // Without a next deadline there is no date ahead to list.
            if day.facts[i as usize].next.is_none() {
                without += 1;
            }
            if !all {
                member[i as usize / 64] |= 1 << (i % 64);
            }
        }
        let mut calendar: Vec<CalendarMonth<'_>> = (0..CALENDAR_MONTHS)
            .map(|n| CalendarMonth {
                first: first.saturating_add(jiff::Span::new().months(i64::from(n))),
                dates: Vec::new(),
                total: 0,
            })
            .collect();
        for &(d, _, i) in ahead {
            if !all && member[i as usize / 64] & (1 << (i % 64)) == 0 {
                continue;
            }
            let Some(month) = usize::try_from(month_of(d))
                .ok()
                .and_then(|m| calendar.get_mut(m))
            else {
                continue;
            };
            month.total += 1;
            if month.dates.len() < per_month {
                month.dates.push((d, &*self.data.grants[i as usize]));
            }
        }
        (calendar, without)
    }

    /// Every grant's dates from `day`'s date to the end of the [`CALENDAR_MONTHS`]th
    /// month from its month, with the grant's title rank and index, in
    /// calendar order (by date, then title).
    fn dates_ahead(&self, day: &Day) -> Vec<(Date, u32, u32)> {
        let on = day.on;
        let until = on
            .first_of_month()
            .saturating_add(jiff::Span::new().months(CALENDAR_MONTHS));
        let mut ahead = Vec::new();
        let mut dates = Vec::new();
        for (index, grant) in self.data.grants.iter().enumerate() {
            if day.facts[index].next.is_none() {
                continue;
            }
            let Some(rule) = grant.rule_in_effect() else {
                continue;
            };
            rule.occurrences_into(on, until, &mut dates);
            let rank = self.title_rank.get(index).copied().unwrap_or(u32::MAX);
            ahead.extend(dates.iter().map(|&d| (d, rank, index as u32)));
        }
        ahead.sort_unstable();
        ahead
    }

    /// How many grants match `q` on `on`.
    fn count_grants(&self, q: &GrantQuery, on: Date) -> usize {
        self.matching(q, on).1.len()
    }

    /// The indexes of the grants that match `q` on `on`, ascending, with
    /// the day's facts they were judged by.
    ///
    /// The area, applicant and provider filters pick their candidates from
    /// posting lists, and each grant's next deadline and status come from
    /// the facts worked out once for `on` ([`Days`]), so a query costs what
    /// it finds, not what the catalogue holds.
    fn matching(&self, q: &GrantQuery, on: Date) -> (Arc<Day>, Vec<u32>) {
        self.matching_in(q, on, None)
    }

    /// [`matching`](Self::matching), among the grants of `within` only
    /// (ascending indexes) when it is given.
    fn matching_in(&self, q: &GrantQuery, on: Date, within: Option<&[u32]>) -> (Arc<Day>, Vec<u32>) {
        let terms = terms(q.text.as_deref());
        let applicants: HashSet<&Slug> = q
            .applicants
            .iter()
            .flat_map(|a| self.applicant_related.get(a).into_iter().flatten())
            .collect();
        let day = self.day(on);
        // The area, applicant and provider filters (and the search index's
        // matches) chose the candidates; the rest are checked per grant.
        let matches = |i: usize| {
            (q.statuses.is_empty() || q.statuses.contains(&day.facts[i].status))
                && q.within_days.is_none_or(|n| {
                    day.facts[i]
                        .next
                        .is_some_and(|d| days_between(on, d) <= i64::from(n))
                })
                && match &q.ranked {
                    // The candidates are the search index's matches already.
                    Some(_) => true,
                    None => {
                        terms.is_empty() || {
                            let text = self.grant_text(i);
                            terms.iter().all(|t| text.contains(t.as_str()))
                        }
                    }
                }
        };
        let found = match (self.candidates(q, &applicants), within) {
            (Some(candidates), Some(within)) => candidates
                .into_iter()
                .filter(|i| within.binary_search(i).is_ok())
                .filter(|&i| matches(i as usize))
                .collect(),
            (Some(candidates), None) => candidates.into_iter().filter(|&i| matches(i as usize)).collect(),
            (None, Some(within)) => within.iter().copied().filter(|&i| matches(i as usize)).collect(),
            (None, None) => (0..self.data.grants.len() as u32)
                .filter(|&i| matches(i as usize))
                .collect(),
        };
        (day, found)
    }

    /// The grants the area, applicant and provider filters and the search
    /// index's matches allow, from their posting lists (ascending, without
    /// repeats); `None` when no such filter is set and every grant is a
    /// candidate.
    fn candidates(&self, q: &GrantQuery, applicants: &HashSet<&Slug>) -> Option<Vec<u32>> {
        let union = |lists: Vec<&Vec<u32>>| {
            let mut all: Vec<u32> = lists.into_iter().flatten().copied().collect();
            all.sort_unstable();
            all.dedup();
            all
        };
        let mut sets = Vec::new();
        if !q.areas.is_empty() {
            sets.push(union(
                q.areas
                    .iter()
                    .filter_map(|a| self.grants_by_area.get(a))
                    .collect(),
            ));
        }
        if !q.applicants.is_empty() {
            sets.push(union(
                applicants
                    .iter()
                    .filter_map(|a| self.grants_by_applicant.get(*a))
                    .collect(),
            ));
        }
        if !q.providers.is_empty() {
            let of_providers: Vec<u32> = q
                .providers
                .iter()
                .filter_map(|p| self.grants_by_provider.get(p))
                .flatten()
                .map(|&i| i as u32)
                .collect();
            sets.push(union(vec![&of_providers]));
        }
        if let Some(ranked) = &q.ranked {
            // What the search index found: usually far fewer than all grants.
            let mut found: Vec<u32> = ranked
                .keys()
                .filter_map(|id| self.grants.get(id))
                .map(|&i| i as u32)
                .collect();
            found.sort_unstable();
            sets.push(found);
        }
        sets.sort_by_key(Vec::len);
        let mut sets = sets.into_iter();
        let first = sets.next()?;
        Some(sets.fold(first, |acc, set| {
            acc.into_iter().filter(|i| set.binary_search(i).is_ok()).collect()
        }))
    }

    /// Each grant's deadline facts on `on`, if they are kept.
    fn kept_day(&self, on: Date) -> Option<Arc<Day>> {
        let days = self.days.0.lock().unwrap_or_else(|p| p.into_inner());
        days.iter().find(|d| d.on == on).cloned()
    }

    /// Each grant's deadline facts on `on`: worked out once per date and
    /// kept for the few dates asked for lately (today above all).
    fn day(&self, on: Date) -> Arc<Day> {
        if let Some(day) = self.kept_day(on) {
            return day;
        }
        // Worked out without holding the lock, so that requests for the
        // dates kept do not wait for it.
        let day = Arc::new(Day {
            on,
            facts: self.data.grants.iter().map(|g| Facts::of(g, on)).collect(),
            ahead: OnceLock::new(),
        });
        let mut days = self.days.0.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(kept) = days.iter().find(|d| d.on == on) {
            return kept.clone();
        }
        if days.len() >= Days::KEPT {
            days.remove(0);
        }
        days.push(day.clone());
        day
    }

    /// Works out the deadline facts for `on` now, so that the first request
    /// of the day does not wait for them.
    pub fn prepare_day(&self, on: Date) {
        self.day(on);
    }

    /// How many grants each choice of the area and status filters would
    /// give, with the other filters as they are (the finder's facets), and
    /// whether any grant the query finds has a date ahead (for the
    /// calendar to subscribe to).
    pub fn grant_facets(&self, q: &GrantQuery, on: Date) -> GrantFacets {
        let (_, without_areas) = self.matching(
            &GrantQuery {
                areas: Vec::new(),
                ..q.clone()
            },
            on,
        );
        let (day, without_statuses) = self.matching(
            &GrantQuery {
                statuses: Vec::new(),
                ..q.clone()
            },
            on,
        );
        let mut by_area = vec![0usize; self.data.areas.len()];
        for &i in &without_areas {
            match &self.grant_area_bits {
                Some(bits) => {
                    let mut b = bits[i as usize];
                    while b != 0 {
                        by_area[b.trailing_zeros() as usize] += 1;
                        b &= b - 1;
                    }
                }
                None => {
                    for area in &self.data.grants[i as usize].areas {
                        if let Some(&a) = self.areas.get(area) {
                            by_area[a] += 1;
                        }
                    }
                }
            }
        }
        let areas = self
            .data
            .areas
            .iter()
            .zip(by_area)
            .filter(|(_, n)| *n > 0)
            .map(|(a, n)| (a.id.clone(), n))
            .collect();
        let status_of = |i: u32| day.facts[i as usize].status;
        let statuses = DeadlineStatus::ALL.map(|s| {
            let count = without_statuses.iter().filter(|&&i| status_of(i) == s).count();
            (s, count)
        });
        // The matches are those of the status facet's list with the status
        // filter applied again: no second pass over the grants.
        let any_dated = without_statuses
            .iter()
            .filter(|&&i| q.statuses.is_empty() || q.statuses.contains(&status_of(i)))
            .any(|&i| day.facts[i as usize].next.is_some());
        GrantFacets {
            areas,
            statuses,
            any_dated,
        }
    }

    /// Grants the filters leave out only because the source does not say
    /// what a filter asks: with an applicant filter, the grants that match
    /// everything else and name no applicants; with an area filter, those
    /// that name no area. Nothing is dropped silently: the finder shows them
    /// apart.
    pub fn unstated(&self, q: &GrantQuery, on: Date) -> Unstated<'_> {
        // The grants `open` finds (q without one filter) that say nothing of
        // what that filter asks.
        // Only the grants that say nothing of it are looked at (a list kept
        // per catalogue); sorted and made into hits once chosen.
        let left_out = |filtered: bool, open: GrantQuery, silent: &[u32]| {
            if !filtered {
                return Vec::new();
            }
            let (day, mut found) = self.matching_in(&open, on, Some(silent));
            let key = self.order_key(&open, &day, &found);
            found.sort_unstable_by_key(|&i| key(i));
            found
                .into_iter()
                .map(|i| self.hit_on(&day, i as usize, on))
                .collect()
        };
        Unstated {
            applicants: left_out(
                !q.applicants.is_empty(),
                GrantQuery {
                    applicants: Vec::new(),
                    ..q.clone()
                },
                &self.grants_without_applicants,
            ),
            areas: left_out(
                !q.areas.is_empty(),
                GrantQuery {
                    areas: Vec::new(),
                    ..q.clone()
                },
                &self.grants_without_areas,
            ),
        }
    }

    /// When `q` finds nothing: for each filter it sets, how many grants
    /// there would be without it (only those that give some).
    pub fn ways_out(&self, q: &GrantQuery, on: Date) -> Vec<(Filter, usize)> {
        let mut out = Vec::new();
        let mut try_without = |filter: Filter, set: bool, relaxed: GrantQuery| {
            if set {
                let n = self.count_grants(&relaxed, on);
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

    /// The sort key of a grant (by index) for `q.sort`: a total order (ties
    /// end at the grant's place in Swedish title order, which is unique),
    /// cheap to compare because the title order is computed once per
    /// catalogue and the deadlines once per day.
    fn order_key<'q>(
        &'q self,
        q: &'q GrantQuery,
        day: &'q Day,
        found: &[u32],
    ) -> impl Fn(u32) -> (u32, bool, Option<Date>, u32) + 'q {
        let sort = q.sort;
        // Relevance is looked up once per grant found, not once per comparison.
        let scores: Vec<u32> = if sort == GrantSort::Relevance {
            let mut scores = vec![0; self.data.grants.len()];
            match &q.ranked {
                // Scores are positive; their bit patterns order like the numbers.
                Some(ranked) => {
                    for (id, score) in ranked.iter() {
                        if let Some(&i) = self.grants.get(id) {
                            scores[i] = score.to_bits();
                        }
                    }
                }
                None => {
                    let terms = terms(q.text.as_deref());
                    for &i in found {
                        scores[i as usize] = relevance(&self.data.grants[i as usize], &terms);
                    }
                }
            }
            scores
        } else {
            Vec::new()
        };
        move |i: u32| {
            let i = i as usize;
            let facts = &day.facts[i];
            let rank = self.title_rank.get(i).copied().unwrap_or(u32::MAX);
            match sort {
                // Nearest deadline first; then what can be applied for without a
                // date (rolling, see the provider); what has passed or ended last.
                GrantSort::Deadline => (
                    u32::from(facts.status == DeadlineStatus::Passed),
                    facts.next.is_none(),
                    facts.next,
                    rank,
                ),
                GrantSort::Title => (0, false, None, rank),
                GrantSort::Relevance => (u32::MAX - scores[i], facts.next.is_none(), facts.next, rank),
            }
        }
    }

    /// A grant with its next deadline and status on `on`.
    pub fn hit<'a>(&'a self, grant: &'a Grant, on: Date) -> GrantHit<'a> {
        match self.grants.get(&grant.id) {
            // The catalogue's own grant: its facts for the day may be kept;
            // one grant's are not worth working out every grant's.
            Some(&index) if std::ptr::eq(&*self.data.grants[index], grant) => {
                let facts = self
                    .kept_day(on)
                    .map_or_else(|| Facts::of(grant, on), |day| day.facts[index]);
                self.hit_at(facts, index, on)
            }
            _ => hit_with(
                Facts::of(grant, on),
                u32::MAX,
                self.actor(grant.provider.as_str()),
                grant,
                on,
            ),
        }
    }

    fn hit_on(&self, day: &Day, index: usize, on: Date) -> GrantHit<'_> {
        self.hit_at(day.facts[index], index, on)
    }

    /// The catalogue's grant `index` with its `facts` on `on`.
    fn hit_at(&self, facts: Facts, index: usize, on: Date) -> GrantHit<'_> {
        let rank = self.title_rank.get(index).copied().unwrap_or(u32::MAX);
        let provider = self.data.actors.get(self.grant_provider[index] as usize);
        hit_with(facts, rank, provider, &self.data.grants[index], on)
    }
}

fn hit_with<'a>(
    facts: Facts,
    rank: u32,
    provider: Option<&'a Actor>,
    grant: &'a Grant,
    on: Date,
) -> GrantHit<'a> {
    GrantHit {
        grant,
        rank,
        provider,
        next_deadline: facts.next,
        days_left: facts.next.map(|d| days_between(on, d)),
        status: facts.status,
        expected: facts.expected,
    }
}

/// One month of the calendar; see [`Catalog::calendar`].
#[derive(Debug)]
pub struct CalendarMonth<'a> {
    /// The month's first day.
    pub first: Date,
    /// Its first dates, by date and then title.
    pub dates: Vec<(Date, &'a Grant)>,
    /// How many dates it has in all.
    pub total: usize,
}

/// The reference dates whose deadline facts a catalogue keeps.
#[derive(Debug, Default)]
pub(super) struct Days(Mutex<Vec<Arc<Day>>>);

impl Days {
    /// Today, and a few other dates people look at (`?on=`); each costs
    /// some 10 bytes per grant.
    const KEPT: usize = 4;

    /// Changes each kept date's facts (by grant index) with `change`,
    /// which is given the date; a date shared with another catalogue is
    /// copied first.
    pub(super) fn edit(&mut self, mut change: impl FnMut(Date, &mut Vec<Facts>)) {
        let days = self.0.get_mut().unwrap_or_else(|p| p.into_inner());
        for day in days.iter_mut() {
            let day = Arc::make_mut(day);
            change(day.on, &mut day.facts);
            // Made again when next asked for, from the changed facts and titles.
            day.ahead = OnceLock::new();
        }
    }

    /// The dates kept (for tests that compare catalogues).
    #[cfg(test)]
    pub(super) fn dates(&self) -> Vec<(Date, Vec<Facts>)> {
        let days = self.0.lock().unwrap_or_else(|p| p.into_inner());
        days.iter().map(|d| (d.on, d.facts.clone())).collect()
    }
}

impl Clone for Days {
    /// The same dates, shared until either side changes them.
    fn clone(&self) -> Days {
        Days(Mutex::new(
            self.0.lock().unwrap_or_else(|p| p.into_inner()).clone(),
        ))
    }
}

/// Each grant's deadline facts on one date, by grant index.
#[derive(Debug, Clone)]
pub(super) struct Day {
    on: Date,
    facts: Vec<Facts>,
    /// Every grant's dates in the [`CALENDAR_MONTHS`] months the calendar
    /// shows, in calendar order: (date, title rank, grant index). Made at
    /// the first calendar of the day (about 1.8 MB at 100 000 grants).
    ahead: OnceLock<Vec<(Date, u32, u32)>>,
}

/// The months the calendar shows, and a [`Day`] keeps dates for.
pub const CALENDAR_MONTHS: u8 = 12;

/// A grant's next deadline, status and whether the date is expected, on one date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Facts {
    next: Option<Date>,
    status: DeadlineStatus,
    expected: bool,
}

impl Facts {
    pub(super) fn of(grant: &Grant, on: Date) -> Facts {
        let next = grant.rule_in_effect().and_then(|r| r.next_on(on));
        let status = if grant.ended {
            // Nothing more to apply for: as a fixed date that has passed.
            DeadlineStatus::Passed
        } else {
            grant
                .deadline
                .as_ref()
                .map_or(DeadlineStatus::Unknown, |d| d.status_on(on))
        };
        Facts {
            next,
            status,
            expected: is_expected(grant, next),
        }
    }
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

/// What a grant search asks for. Within one filter any value matches; all
/// filters must match.
#[derive(Debug, Clone, Default)]
pub struct GrantQuery {
    /// Words that must all occur in the grant's title, description or provider
    /// (a plain substring match, for when no search index is at hand).
    pub text: Option<String>,
    /// The grants a full-text search found, with their scores: only these
    /// match, and `Relevance` orders by the score. Overrides `text`. Shared,
    /// because the finder asks several variants of one query.
    pub ranked: Option<Arc<HashMap<Slug, f32>>>,
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
    use crate::{Dataset, DeadlineStatus};

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
