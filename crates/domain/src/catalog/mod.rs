//! A validated dataset with indexes, and the questions people ask of it: which
//! grants match these filters on this day, who works in this area, who else
//! works where this actor does.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use jiff::civil::Date;

mod grants;
mod update;

pub use grants::{
    CALENDAR_MONTHS, CalendarMonth, Filter, GrantFacets, GrantHit, GrantQuery, GrantSort, QueryError,
    Unstated, is_expected,
};
pub use update::EntryChange;

use crate::dataset::{Dataset, Entry, EntryKind};
use crate::model::{Actor, ActorKind, ApplicantType, Area, AreaRole, Grant, Initiative, Perspective, Slug};

/// The whole catalogue, indexed. Built once, from the whole dataset, and
/// then copied with each change applied in place ([`Catalog::with_changes`]);
/// read by many requests at a time.
#[derive(Debug, Default, Clone)]
pub struct Catalog {
    data: Items,
    areas: HashMap<Slug, usize>,
    perspectives: HashMap<Slug, usize>,
    applicant_types: HashMap<Slug, usize>,
    actors: HashMap<Slug, usize>,
    /// Shared between a catalogue and the copies made for edits, until a
    /// grant is added or removed.
    grants: Arc<HashMap<Slug, usize>>,
    initiatives: HashMap<Slug, usize>,
    /// For each applicant type: itself, its ancestors and its descendants.
    applicant_related: HashMap<Slug, HashSet<Slug>>,
    grants_by_provider: HashMap<Slug, Vec<usize>>,
    initiatives_by_actor: HashMap<Slug, Vec<usize>>,
    actor_text: Vec<String>,
    /// The grants' indexes in Swedish title order, ties broken by id; and
    /// each grant's place in that order.
    title_order: Vec<u32>,
    title_rank: Vec<u32>,
    /// The grants of each area, and those open to each applicant type named
    /// directly, as ascending grant indexes (posting lists).
    grants_by_area: HashMap<Slug, Vec<u32>>,
    grants_by_applicant: HashMap<Slug, Vec<u32>>,
    /// The grants that name no area, and those that name no applicant type
    /// (ascending indexes): what the finder shows apart for want of data.
    grants_without_areas: Vec<u32>,
    grants_without_applicants: Vec<u32>,
    /// The actors that give grants, in Swedish name order (the finder's
    /// list of providers).
    providers: Vec<usize>,
    /// Each grant's areas as a bit set over the areas' indexes, for facet
    /// counts without comparing ids (`None` when there are more than 64).
    grant_area_bits: Option<Vec<u64>>,
    /// Each grant's provider's index (`u32::MAX` when it is not in the catalogue).
    grant_provider: Vec<u32>,
    /// Each grant's deadline facts on the reference dates asked for lately.
    days: grants::Days,
}

/// `ids` as a bit set over `index` (of at most 64 ids); ids not in the
/// index set no bit.
fn bits(ids: &[Slug], index: &HashMap<Slug, usize>) -> u64 {
    ids.iter()
        .filter_map(|id| index.get(id))
        .fold(0u64, |bits, &i| bits | (1 << i))
}

/// The entries of a catalogue, as in a [`Dataset`] but with each grant
/// behind an `Arc`, so that a copy of the catalogue for an edit copies
/// pointers, not 100 000 grants.
#[derive(Debug, Default, Clone)]
struct Items {
    areas: Vec<Area>,
    perspectives: Vec<Perspective>,
    applicant_types: Vec<ApplicantType>,
    actors: Vec<Actor>,
    grants: Vec<Arc<Grant>>,
    initiatives: Vec<Initiative>,
}

impl From<Dataset> for Items {
    fn from(data: Dataset) -> Items {
        Items {
            areas: data.areas,
            perspectives: data.perspectives,
            applicant_types: data.applicant_types,
            actors: data.actors,
            grants: data.grants.into_iter().map(Arc::new).collect(),
            initiatives: data.initiatives,
        }
    }
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
        let data = Items::from(data);
        let areas = index(&data.areas, |e| &e.id);
        let perspectives = index(&data.perspectives, |e| &e.id);
        let applicant_types = index(&data.applicant_types, |e| &e.id);
        let actors = index(&data.actors, |e| &e.id);
        let grants = Arc::new(index(&data.grants, |e| &e.id));
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
        let mut grants_by_area: HashMap<Slug, Vec<u32>> = HashMap::new();
        let mut grants_by_applicant: HashMap<Slug, Vec<u32>> = HashMap::new();
        for (i, g) in data.grants.iter().enumerate() {
            grants_by_provider.entry(g.provider.clone()).or_default().push(i);
            let at = u32::try_from(i).expect("fewer than 2^32 grants");
            for a in &g.areas {
                grants_by_area.entry(a.clone()).or_default().push(at);
            }
            for a in &g.applicants {
                grants_by_applicant.entry(a.clone()).or_default().push(at);
            }
        }
        let without = |named: fn(&Grant) -> bool| -> Vec<u32> {
            (0..data.grants.len() as u32)
                .filter(|&i| !named(&data.grants[i as usize]))
                .collect()
        };
        let grants_without_areas = without(|g| !g.areas.is_empty());
        let grants_without_applicants = without(|g| !g.applicants.is_empty());
        let providers = providers_in_order(&data.actors, &grants_by_provider);
        // A grant that names an area or type twice is listed once.
        for list in grants_by_area
            .values_mut()
            .chain(grants_by_applicant.values_mut())
        {
            list.dedup();
        }
        let initiatives_by_actor = initiatives_by_actor(&data.initiatives);
        let actor_text = data.actors.iter().map(actor_text).collect();
        let mut title_order: Vec<u32> = (0..data.grants.len() as u32).collect();
        title_order.sort_by_cached_key(|&i| title_key(&data.grants[i as usize]));
        let title_rank = ranks(&title_order);
        let grant_area_bits =
            (areas.len() <= 64).then(|| data.grants.iter().map(|g| bits(&g.areas, &areas)).collect());
        let grant_provider = data
            .grants
            .iter()
            .map(|g| actors.get(&g.provider).map_or(u32::MAX, |&i| i as u32))
            .collect();
        Catalog {
            title_order,
            title_rank,
            grant_area_bits,
            grant_provider,
            grants_by_area,
            grants_by_applicant,
            grants_without_areas,
            grants_without_applicants,
            providers,
            days: grants::Days::default(),
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
            actor_text,
        }
    }

    /// The catalogue's entries as a dataset (a copy).
    pub fn to_dataset(&self) -> Dataset {
        let data = &self.data;
        Dataset {
            areas: data.areas.clone(),
            perspectives: data.perspectives.clone(),
            applicant_types: data.applicant_types.clone(),
            actors: data.actors.clone(),
            grants: data.grants.iter().map(|g| Grant::clone(g)).collect(),
            initiatives: data.initiatives.clone(),
        }
    }

    /// Every entry of the catalogue, vocabularies first.
    pub fn entries(&self) -> impl Iterator<Item = Entry> + '_ {
        let data = &self.data;
        (data.areas.iter().cloned().map(Entry::Area))
            .chain(data.perspectives.iter().cloned().map(Entry::Perspective))
            .chain(data.applicant_types.iter().cloned().map(Entry::ApplicantType))
            .chain(data.actors.iter().cloned().map(Entry::Actor))
            .chain(data.grants.iter().map(|g| Entry::Grant(Grant::clone(g))))
            .chain(data.initiatives.iter().cloned().map(Entry::Initiative))
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
    pub fn grants(&self) -> impl ExactSizeIterator<Item = &Grant> + Clone {
        self.data.grants.iter().map(|g| &**g)
    }
    pub fn grant(&self, id: &str) -> Option<&Grant> {
        self.grants.get(id).map(|&i| &*self.data.grants[i])
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
            .map(|ix| ix.iter().map(|&i| &*self.data.grants[i]).collect())
            .unwrap_or_default()
    }

    /// The initiatives an actor takes part in.
    pub fn initiatives_of(&self, actor: &str) -> Vec<&Initiative> {
        self.initiatives_by_actor
            .get(actor)
            .map(|ix| ix.iter().map(|&i| &self.data.initiatives[i]).collect())
            .unwrap_or_default()
    }

    /// A grant's text in lower case (title, aliases, description and its
    /// provider's names), for matching words where no search index ranks the
    /// query. Made when asked, not kept: the service always ranks with its
    /// index, and 100 000 grants' texts would hold some 30 MB.
    fn grant_text(&self, index: usize) -> String {
        let g = &self.data.grants[index];
        let provider = self.data.actors.get(self.grant_provider[index] as usize);
        let mut text = vec![g.title.as_str()];
        text.extend(g.aliases.iter().map(String::as_str));
        text.extend(g.description.as_deref());
        if let Some(p) = provider {
            text.push(&p.name);
            text.extend(p.short_name.as_deref());
            text.extend(p.aliases.iter().map(String::as_str));
        }
        text.join("\n").to_lowercase()
    }

    /// The actors that give grants, in Swedish name order.
    pub fn providers(&self) -> impl Iterator<Item = &Actor> {
        self.providers.iter().map(|&i| &self.data.actors[i])
    }

    /// The grants that name an area, in catalogue order (its posting list).
    pub fn grants_in_area(&self, area: &str) -> impl Iterator<Item = &Grant> {
        self.grants_by_area
            .get(area)
            .into_iter()
            .flatten()
            .map(|&i| &*self.data.grants[i as usize])
    }

    /// How many grants name an area (from its posting list).
    pub fn grant_count_in_area(&self, area: &str) -> usize {
        self.grants_by_area.get(area).map_or(0, Vec::len)
    }

    /// The actors working in an area, those responsible first, then by name.
    pub fn actors_in_area(&self, area: &str) -> Vec<(&Actor, AreaRole)> {
        let mut out: Vec<(&Actor, AreaRole)> = self
            .data
            .actors
            .iter()
            .filter_map(|a| a.role_in(area).map(|r| (a, r)))
            .collect();
        // Each name's sort key made once, not once per comparison.
        out.sort_by_cached_key(|(a, r)| (role_rank(*r), swedish_key(&a.name)));
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
        out.sort_by_cached_key(|r| {
            (
                std::cmp::Reverse(r.areas.len() + r.initiatives.len()),
                swedish_key(&r.actor.name),
            )
        });
        out
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
                    && (!q.without_role || a.areas.is_empty())
                    && (q.kinds.is_empty() || q.kinds.contains(&a.kind))
                    && terms.iter().all(|t| self.actor_text[*i].contains(t.as_str()))
            })
            .map(|(_, a)| a)
            .collect();
        out.sort_by_cached_key(|a| swedish_key(&a.name));
        out
    }
}

/// The actors that give grants, in Swedish name order.
fn providers_in_order(actors: &[Actor], grants_by_provider: &HashMap<Slug, Vec<usize>>) -> Vec<usize> {
    let mut providers: Vec<usize> = (0..actors.len())
        .filter(|&i| grants_by_provider.contains_key(&actors[i].id))
        .collect();
    providers.sort_by_cached_key(|&i| swedish_key(&actors[i].name));
    providers
}

/// The initiatives each actor takes part in, by index.
fn initiatives_by_actor(initiatives: &[Initiative]) -> HashMap<Slug, Vec<usize>> {
    let mut by_actor: HashMap<Slug, Vec<usize>> = HashMap::new();
    for (i, ini) in initiatives.iter().enumerate() {
        for p in &ini.participants {
            by_actor.entry(p.clone()).or_default().push(i);
        }
    }
    by_actor
}

/// An actor's text in lower case (names, mission, connection), for the
/// actor search's words.
fn actor_text(a: &Actor) -> String {
    let mut text = vec![a.name.as_str()];
    text.extend(a.short_name.as_deref());
    text.extend(a.aliases.iter().map(String::as_str));
    text.extend(a.mission.as_deref());
    text.extend(a.connection.as_deref());
    text.join("\n").to_lowercase()
}

/// Where a grant goes in title order: by title in Swedish order, then by id.
fn title_key(grant: &Grant) -> (String, Slug) {
    (swedish_key(&grant.title), grant.id.clone())
}

/// Each item's place in `order`, by item.
fn ranks(order: &[u32]) -> Vec<u32> {
    let mut rank = vec![0u32; order.len()];
    for (place, &i) in order.iter().enumerate() {
        rank[i as usize] = place as u32;
    }
    rank
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

/// What an actor search asks for.
#[derive(Debug, Clone, Default)]
pub struct ActorQuery {
    pub text: Option<String>,
    pub areas: Vec<Slug>,
    /// With areas: the role in those areas. Alone: any area with this role.
    pub role: Option<AreaRole>,
    /// Only actors with no role in any area (the source ties their missions
    /// to none of the five).
    pub without_role: bool,
    pub kinds: Vec<ActorKind>,
}
