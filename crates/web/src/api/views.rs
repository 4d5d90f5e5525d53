//! The JSON shapes the API sends: its contract, kept apart from the domain
//! types so that neither changes the other by accident.
//!
//! (Over 500 lines: one documented struct per JSON shape; each field's
//! comment is its description in the OpenAPI document.)

use jiff::civil::Date;
use samverkan_domain::catalog::Related;
use samverkan_domain::deadline::DeadlineRule;
use samverkan_domain::time::is_overdue;
use samverkan_domain::{Actor, ActorKind, AreaRole, Catalog, Deadline, DeadlineStatus, GrantHit, Initiative};
use serde::Serialize;
use utoipa::ToSchema;

/// An id and a display name.
#[derive(Serialize, ToSchema)]
pub struct Ref {
    pub id: String,
    pub name: String,
}

/// An id and a grant title.
#[derive(Serialize, ToSchema)]
pub struct GrantRef {
    pub id: String,
    pub title: String,
}

#[derive(Serialize, ToSchema, Clone, Copy)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Always open ("löpande").
    Rolling,
    /// A next deadline exists.
    Upcoming,
    /// Every date of a fixed deadline is before the reference date.
    Passed,
    /// No deadline given, or "se webbplats".
    Unknown,
}

impl From<DeadlineStatus> for Status {
    fn from(s: DeadlineStatus) -> Self {
        match s {
            DeadlineStatus::Rolling => Status::Rolling,
            DeadlineStatus::Upcoming => Status::Upcoming,
            DeadlineStatus::Passed => Status::Passed,
            DeadlineStatus::Unknown => Status::Unknown,
        }
    }
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum DeadlineKind {
    Rolling,
    Annual,
    Fixed,
    Unknown,
}

/// A deadline rule (sista ansökningsdag).
#[derive(Serialize, ToSchema)]
pub struct DeadlineView {
    pub kind: DeadlineKind,
    /// The Swedish phrase, exactly as the source writes it ("1 april respektive 1 oktober").
    pub text: String,
    /// The rule in Samverkan's own Swedish wording.
    pub normalized: String,
    /// `fixed`: the dates (`2021-02-18`); `annual`: the day and month of each
    /// yearly date (`--08-31`, ISO 8601 without a year); otherwise empty.
    pub dates: Vec<String>,
}

impl From<&Deadline> for DeadlineView {
    fn from(d: &Deadline) -> Self {
        let (kind, dates) = match d.rule() {
            DeadlineRule::Rolling => (DeadlineKind::Rolling, vec![]),
            DeadlineRule::Unknown => (DeadlineKind::Unknown, vec![]),
            DeadlineRule::Annual(mds) => (
                DeadlineKind::Annual,
                mds.iter()
                    .map(|m| format!("--{:02}-{:02}", m.month(), m.day()))
                    .collect(),
            ),
            DeadlineRule::Fixed(ds) => (DeadlineKind::Fixed, ds.iter().map(|d| d.to_string()).collect()),
        };
        DeadlineView {
            kind,
            text: d.text().to_string(),
            normalized: d.rule().to_swedish(),
            dates,
        }
    }
}

/// A grant with its deadline computed for the reference date.
#[derive(Serialize, ToSchema)]
pub struct GrantItem {
    pub id: String,
    pub title: String,
    pub provider: Ref,
    /// Other names the source uses for the grant.
    pub aliases: Vec<String>,
    pub description: Option<String>,
    /// Whether it is a statsbidrag; null where the source does not say.
    pub statsbidrag: Option<bool>,
    /// Null where the source gives no deadline.
    pub deadline: Option<DeadlineView>,
    /// The earliest deadline on or after the reference date.
    #[schema(format = Date)]
    pub next_deadline: Option<String>,
    /// Days from the reference date to the next deadline (0 on the day itself).
    pub days_left: Option<i64>,
    /// Whether the next deadline is `confirmed` (the date of the round that
    /// was current when the grant was last verified, or a fixed date) or only
    /// `expected` (a yearly date carried forward: check with the provider);
    /// null when there is no next deadline.
    pub next_deadline_certainty: Option<Certainty>,
    pub status: Status,
    /// Area ids.
    pub areas: Vec<String>,
    /// Applicant type ids.
    pub applicants: Vec<String>,
    /// Perspective ids.
    pub perspectives: Vec<String>,
    /// The best page to apply from (added by the service; see `added`).
    pub url: Option<String>,
    /// The service has established that the grant can no longer be applied
    /// for (its `status` is then `passed`).
    pub ended: bool,
    /// When the entry was last checked against its source.
    #[schema(format = Date)]
    pub verified: String,
    /// The actor id of the organisation whose editor last checked the
    /// entry; null when the service's own editors did, or the source.
    pub verified_by: Option<String>,
    /// The day by which the entry is due to be checked again: a cycle
    /// (365 days by default) after `verified`, and for a grant with dated
    /// deadlines also 30 days before the next one.
    #[schema(format = Date)]
    pub verify_by: String,
    /// Past `verify_by` on the reference date: overdue for a check.
    pub stale: bool,
    /// Facts the service added beyond the source, with where each was checked.
    pub added: Vec<AddedView>,
}

impl GrantItem {
    pub fn new(hit: &GrantHit<'_>, on: Date, stale_days: u32) -> Self {
        let g = hit.grant;
        GrantItem {
            id: g.id.to_string(),
            title: g.title.clone(),
            provider: Ref {
                id: g.provider.to_string(),
                name: hit
                    .provider
                    .map_or_else(|| g.provider.to_string(), |a| a.name.clone()),
            },
            aliases: g.aliases.clone(),
            description: g.description.clone(),
            statsbidrag: g.statsbidrag,
            deadline: g.deadline.as_ref().map(DeadlineView::from),
            next_deadline: hit.next_deadline.map(|d| d.to_string()),
            days_left: hit.days_left,
            next_deadline_certainty: hit.next_deadline.map(|_| {
                if hit.expected {
                    Certainty::Expected
                } else {
                    Certainty::Confirmed
                }
            }),
            status: hit.status.into(),
            areas: ids(&g.areas),
            applicants: ids(&g.applicants),
            perspectives: ids(&g.perspectives),
            url: g.url.clone(),
            ended: g.ended,
            verified: g.verified.to_string(),
            verified_by: g.verified_by.as_ref().map(|b| b.to_string()),
            verify_by: g.verify_by(stale_days).to_string(),
            stale: is_overdue(g.verify_by(stale_days), on),
            added: added(&g.added),
        }
    }
}

/// How sure a next deadline is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Certainty {
    /// The date of the round the grant was verified for, or a fixed date.
    Confirmed,
    /// A yearly date carried forward beyond the verified round.
    Expected,
}

fn ids(slugs: &[samverkan_domain::Slug]) -> Vec<String> {
    slugs.iter().map(ToString::to_string).collect()
}

#[derive(Serialize, ToSchema)]
pub struct GrantList {
    pub items: Vec<GrantItem>,
    /// How many grants match, before `limit` and `offset`.
    pub total: usize,
    /// The reference date the deadlines were computed for.
    #[schema(format = Date)]
    pub on: String,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// National responsibility for the area.
    Responsible,
    /// Works in the area.
    Contributes,
}

impl From<AreaRole> for Role {
    fn from(r: AreaRole) -> Self {
        match r {
            AreaRole::Responsible => Role::Responsible,
            AreaRole::Contributes => Role::Contributes,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct AreaRoleView {
    /// Area id.
    pub area: String,
    pub role: Role,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Myndighet,
    Myndighetsgrupp,
    Medlemsorganisation,
    Fond,
    Stiftelse,
    Forbund,
    Organisation,
}

impl From<ActorKind> for Kind {
    fn from(k: ActorKind) -> Self {
        match k {
            ActorKind::Myndighet => Kind::Myndighet,
            ActorKind::Myndighetsgrupp => Kind::Myndighetsgrupp,
            ActorKind::Medlemsorganisation => Kind::Medlemsorganisation,
            ActorKind::Fond => Kind::Fond,
            ActorKind::Stiftelse => Kind::Stiftelse,
            ActorKind::Forbund => Kind::Forbund,
            ActorKind::Organisation => Kind::Organisation,
        }
    }
}

/// An agency or other national actor.
#[derive(Serialize, ToSchema)]
pub struct ActorItem {
    pub id: String,
    pub name: String,
    pub short_name: Option<String>,
    pub aliases: Vec<String>,
    pub kind: Kind,
    pub areas: Vec<AreaRoleView>,
    /// Perspective ids.
    pub perspectives: Vec<String>,
    pub website: Option<String>,
    /// The official English name, where the actor has one.
    pub name_en: Option<String>,
    #[schema(format = Date)]
    pub verified: String,
    /// The actor id of the organisation whose editor last checked the
    /// entry; null when the service's own editors did, or the source.
    pub verified_by: Option<String>,
    /// The day by which the entry is due to be checked again: a cycle
    /// (365 days by default) after `verified`, and for a grant with dated
    /// deadlines also 30 days before the next one.
    #[schema(format = Date)]
    pub verify_by: String,
    /// Past `verify_by` on the reference date: overdue for a check.
    pub stale: bool,
    /// Facts the service added beyond the source, with where each was checked.
    pub added: Vec<AddedView>,
}

/// A fact added by the service, not the source.
#[derive(Serialize, ToSchema)]
pub struct AddedView {
    /// The field that holds the fact.
    pub field: String,
    /// The public page it was checked against.
    pub source: String,
    #[schema(format = Date)]
    pub checked: String,
    pub note: Option<String>,
}

fn added(list: &[samverkan_domain::Addition]) -> Vec<AddedView> {
    list.iter()
        .map(|a| AddedView {
            field: a.field.clone(),
            source: a.source.clone(),
            checked: a.checked.to_string(),
            note: a.note.clone(),
        })
        .collect()
}

impl ActorItem {
    pub fn new(a: &Actor, on: Date, stale_days: u32) -> Self {
        ActorItem {
            id: a.id.to_string(),
            name: a.name.clone(),
            short_name: a.short_name.clone(),
            aliases: a.aliases.clone(),
            kind: a.kind.into(),
            areas: a
                .areas
                .iter()
                .map(|l| AreaRoleView {
                    area: l.area.to_string(),
                    role: l.role.into(),
                })
                .collect(),
            perspectives: ids(&a.perspectives),
            website: a.website.clone(),
            name_en: a.name_en.clone(),
            verified: a.verified.to_string(),
            verified_by: a.verified_by.as_ref().map(|b| b.to_string()),
            verify_by: a.verify_by(stale_days).to_string(),
            stale: is_overdue(a.verify_by(stale_days), on),
            added: added(&a.added),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ActorList {
    pub items: Vec<ActorItem>,
    pub total: usize,
}

/// Another actor that shares areas or initiatives.
#[derive(Serialize, ToSchema)]
pub struct RelatedView {
    pub id: String,
    pub name: String,
    /// Shared area ids.
    pub areas: Vec<String>,
    /// Shared initiative ids.
    pub initiatives: Vec<String>,
}

impl From<&Related<'_>> for RelatedView {
    fn from(r: &Related<'_>) -> Self {
        RelatedView {
            id: r.actor.id.to_string(),
            name: r.actor.name.clone(),
            areas: r.areas.iter().map(|a| a.id.to_string()).collect(),
            initiatives: r.initiatives.iter().map(|i| i.id.to_string()).collect(),
        }
    }
}

/// An actor with everything the catalogue knows of it.
#[derive(Serialize, ToSchema)]
pub struct ActorDetail {
    #[serde(flatten)]
    pub actor: ActorItem,
    /// The actor's mission (uppdrag); paragraphs separated by blank lines.
    pub mission: Option<String>,
    /// How the mission connects to segregation; paragraphs separated by blank
    /// lines, list items starting with "- ".
    pub connection: Option<String>,
    /// The grants it gives.
    pub grants: Vec<GrantRef>,
    /// The initiatives it takes part in.
    pub initiatives: Vec<Ref>,
    /// Who else works in the same areas or initiatives.
    pub related: Vec<RelatedView>,
}

impl ActorDetail {
    pub fn new(catalog: &Catalog, a: &Actor, on: Date, stale_days: u32) -> Self {
        ActorDetail {
            actor: ActorItem::new(a, on, stale_days),
            mission: a.mission.clone(),
            connection: a.connection.clone(),
            grants: catalog
                .grants_by(a.id.as_str())
                .into_iter()
                .map(|g| GrantRef {
                    id: g.id.to_string(),
                    title: g.title.clone(),
                })
                .collect(),
            initiatives: catalog
                .initiatives_of(a.id.as_str())
                .into_iter()
                .map(|i| Ref {
                    id: i.id.to_string(),
                    name: i.name.clone(),
                })
                .collect(),
            related: catalog.related_actors(a).iter().map(RelatedView::from).collect(),
        }
    }
}

/// An actor's place in an area.
#[derive(Serialize, ToSchema)]
pub struct AreaActor {
    pub id: String,
    pub name: String,
    pub short_name: Option<String>,
    pub role: Role,
}

/// One of the five priority areas, with who and what works in it.
#[derive(Serialize, ToSchema)]
pub struct AreaView {
    pub id: String,
    pub name: String,
    /// The area's place in the strategy's list, from 1.
    pub order: u32,
    /// Those responsible first.
    pub actors: Vec<AreaActor>,
    pub grants: Vec<GrantRef>,
    pub initiatives: Vec<Ref>,
}

impl AreaView {
    pub fn new(catalog: &Catalog, area: &samverkan_domain::Area) -> Self {
        let id = area.id.as_str();
        AreaView {
            id: id.to_string(),
            name: area.name.clone(),
            order: area.order,
            actors: catalog
                .actors_in_area(id)
                .into_iter()
                .map(|(a, role)| AreaActor {
                    id: a.id.to_string(),
                    name: a.name.clone(),
                    short_name: a.short_name.clone(),
                    role: role.into(),
                })
                .collect(),
            grants: catalog
                .grants_in_area(id)
                .map(|g| GrantRef {
                    id: g.id.to_string(),
                    title: g.title.clone(),
                })
                .collect(),
            initiatives: catalog
                .initiatives()
                .iter()
                .filter(|i| i.areas.iter().any(|a| a.as_str() == id))
                .map(|i| Ref {
                    id: i.id.to_string(),
                    name: i.name.clone(),
                })
                .collect(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct AreaList {
    pub items: Vec<AreaView>,
    pub total: usize,
}

/// A named effort across actors.
#[derive(Serialize, ToSchema)]
pub struct InitiativeView {
    pub id: String,
    pub name: String,
    pub short_name: Option<String>,
    pub description: Option<String>,
    pub participants: Vec<Ref>,
    /// Area ids.
    pub areas: Vec<String>,
    #[schema(format = Date)]
    pub verified: String,
    /// The actor id of the organisation whose editor last checked the
    /// entry; null when the service's own editors did, or the source.
    pub verified_by: Option<String>,
    /// The day by which the entry is due to be checked again: a cycle
    /// (365 days by default) after `verified`, and for a grant with dated
    /// deadlines also 30 days before the next one.
    #[schema(format = Date)]
    pub verify_by: String,
    /// Past `verify_by` on the reference date: overdue for a check.
    pub stale: bool,
}

impl InitiativeView {
    pub fn new(catalog: &Catalog, i: &Initiative, on: Date, stale_days: u32) -> Self {
        InitiativeView {
            id: i.id.to_string(),
            name: i.name.clone(),
            short_name: i.short_name.clone(),
            description: i.description.clone(),
            participants: i
                .participants
                .iter()
                .map(|p| Ref {
                    id: p.to_string(),
                    name: catalog
                        .actor(p.as_str())
                        .map_or_else(|| p.to_string(), |a| a.name.clone()),
                })
                .collect(),
            areas: ids(&i.areas),
            verified: i.verified.to_string(),
            verified_by: i.verified_by.as_ref().map(|b| b.to_string()),
            verify_by: i.verify_by(stale_days).to_string(),
            stale: is_overdue(i.verify_by(stale_days), on),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct InitiativeList {
    pub items: Vec<InitiativeView>,
    pub total: usize,
}

/// A kind of applicant.
#[derive(Serialize, ToSchema)]
pub struct ApplicantTypeView {
    pub id: String,
    pub name: String,
    /// The broader type this one belongs to.
    pub parent: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ApplicantTypeList {
    pub items: Vec<ApplicantTypeView>,
    pub total: usize,
}

/// A perspective across the areas.
#[derive(Serialize, ToSchema)]
pub struct PerspectiveView {
    pub id: String,
    pub name: String,
}

#[derive(Serialize, ToSchema)]
pub struct PerspectiveList {
    pub items: Vec<PerspectiveView>,
    pub total: usize,
}

/// One search result.
#[derive(Serialize, ToSchema)]
pub struct SearchItem {
    /// `actor`, `grant` or `initiative`.
    #[serde(rename = "type")]
    pub kind: String,
    pub id: String,
    pub title: String,
    /// A passage with the matched words in `<mark>`: HTML, with the text escaped.
    pub snippet: String,
    /// The entry's page on the website (Swedish).
    pub url: String,
    /// The relevance score; higher is better.
    pub score: f32,
}

#[derive(Serialize, ToSchema)]
pub struct SearchList {
    /// In relevance order.
    pub items: Vec<SearchItem>,
    /// How many entries match in all.
    pub total: usize,
}
