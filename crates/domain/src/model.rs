//! The entries of the catalogue: areas, perspectives, applicant types, actors,
//! grants and initiatives (SPEC §3). Plain data; every field the source does not
//! give is `None` or empty.

use std::fmt;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::deadline::Deadline;

/// A stable identifier: lower-case ASCII letters, digits and single hyphens,
/// 1 to 80 characters, neither starting nor ending with a hyphen.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Slug(String);

/// Why a text is not a [`Slug`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "\"{0}\" is not an id: use 1–80 lower-case letters a–z, digits and single hyphens, such as \"ideell-forening\""
)]
pub struct SlugError(pub String);

impl Slug {
    pub fn parse(text: &str) -> Result<Self, SlugError> {
        let ok = !text.is_empty()
            && text.len() <= 80
            && text
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !text.starts_with('-')
            && !text.ends_with('-')
            && !text.contains("--");
        if ok {
            Ok(Slug(text.to_string()))
        } else {
            Err(SlugError(text.chars().take(100).collect()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// In the API's OpenAPI document: a string with the pattern `Slug::parse` checks.
impl utoipa::PartialSchema for Slug {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, Type};
        ObjectBuilder::new()
            .schema_type(Type::String)
            .pattern(Some("^[a-z0-9]+(-[a-z0-9]+)*$"))
            .min_length(Some(1))
            .max_length(Some(80))
            .description(Some("An id: lower-case letters a–z, digits and single hyphens"))
            .into()
    }
}

impl utoipa::ToSchema for Slug {}

impl TryFrom<String> for Slug {
    type Error = SlugError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Slug::parse(&value)
    }
}

impl From<Slug> for String {
    fn from(slug: Slug) -> Self {
        slug.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::borrow::Borrow<str> for Slug {
    fn borrow(&self) -> &str {
        &self.0
    }
}

/// One of the five priority areas (sakområden) of the government's strategy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Area {
    pub id: Slug,
    /// The Swedish name, as the source writes it ("demokrati och civilsamhälle").
    pub name: String,
    /// Where the area stands in the source's list, from 1.
    pub order: u32,
    pub verified: Date,
}

/// A perspective that runs across the areas (jämställdhet, barnets rättigheter …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Perspective {
    pub id: Slug,
    pub name: String,
    pub verified: Date,
}

/// A kind of applicant (sökande). `parent` makes a small hierarchy: a grant open
/// to a civilsamhällesorganisation is open to an ideell förening.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApplicantType {
    pub id: Slug,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<Slug>,
    pub verified: Date,
}

/// What kind of organisation an actor is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ActorKind {
    /// A government agency.
    Myndighet,
    /// A group of agencies acting together (Länsstyrelserna).
    Myndighetsgrupp,
    /// A membership organisation (SKR).
    Medlemsorganisation,
    /// A state fund (Allmänna arvsfonden).
    Fond,
    /// A foundation (Postkodsstiftelsen).
    Stiftelse,
    /// A federation of associations (Riksidrottsförbundet).
    Forbund,
    /// Any other organisation.
    Organisation,
}

impl ActorKind {
    pub const ALL: [ActorKind; 7] = [
        ActorKind::Myndighet,
        ActorKind::Myndighetsgrupp,
        ActorKind::Medlemsorganisation,
        ActorKind::Fond,
        ActorKind::Stiftelse,
        ActorKind::Forbund,
        ActorKind::Organisation,
    ];

    /// The identifier used in data files and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            ActorKind::Myndighet => "myndighet",
            ActorKind::Myndighetsgrupp => "myndighetsgrupp",
            ActorKind::Medlemsorganisation => "medlemsorganisation",
            ActorKind::Fond => "fond",
            ActorKind::Stiftelse => "stiftelse",
            ActorKind::Forbund => "forbund",
            ActorKind::Organisation => "organisation",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

/// An actor's role in an area.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum AreaRole {
    /// National responsibility for the area.
    Responsible,
    /// Works in the area without national responsibility for it.
    Contributes,
}

impl AreaRole {
    pub const ALL: [AreaRole; 2] = [AreaRole::Responsible, AreaRole::Contributes];

    pub fn as_str(self) -> &'static str {
        match self {
            AreaRole::Responsible => "responsible",
            AreaRole::Contributes => "contributes",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == text)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AreaLink {
    pub area: Slug,
    pub role: AreaRole,
}

/// The sections of the source page that list actors, in its order.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum SourceGroup {
    /// "Myndigheter med koppling till arbetet med att minska och motverka segregation"
    MyndighetMedKoppling,
    /// "Övriga nationella aktörer"
    OvrigNationellAktor,
    /// "Aktörer som fördelar bidrag som kan ha bäring på segregation"
    Bidragsgivare,
}

impl SourceGroup {
    pub const ALL: [SourceGroup; 3] = [
        SourceGroup::MyndighetMedKoppling,
        SourceGroup::OvrigNationellAktor,
        SourceGroup::Bidragsgivare,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SourceGroup::MyndighetMedKoppling => "myndighet-med-koppling",
            SourceGroup::OvrigNationellAktor => "ovrig-nationell-aktor",
            SourceGroup::Bidragsgivare => "bidragsgivare",
        }
    }
}

/// An agency or other national actor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Actor {
    pub id: Slug,
    #[schema(pattern = r"^\S(.*\S)?$")]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(pattern = r"^\S(.*\S)?$")]
    pub short_name: Option<String>,
    /// Other names the source uses for the actor ("Polisen", "ESF-rådet").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    pub kind: ActorKind,
    /// The section of the source page the actor stands in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<SourceGroup>,
    /// The actor's mission (uppdrag). Paragraphs separated by blank lines.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(pattern = r"^\S([\s\S]*\S)?$")]
    pub mission: Option<String>,
    /// How the mission connects to segregation (koppling). Paragraphs separated by
    /// blank lines; list items start with "- ".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(pattern = r"^\S([\s\S]*\S)?$")]
    pub connection: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub areas: Vec<AreaLink>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub perspectives: Vec<Slug>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(pattern = r"^https?://\S+$")]
    pub website: Option<String>,
    /// The actor's official English name, where it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(pattern = r"^\S(.*\S)?$")]
    pub name_en: Option<String>,
    #[schema(value_type = String, format = Date)]
    pub verified: Date,
    /// The organisation (an actor) whose editor last marked the entry as
    /// checked; absent when the service's own editors did, or the source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verified_by: Option<Slug>,
    /// Facts the service added beyond the source, each with where it was checked.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub added: Vec<Addition>,
}

impl Actor {
    /// The day by which the actor's entry must be checked again.
    pub fn verify_by(&self, cycle_days: u32) -> Date {
        crate::time::verify_by(self.verified, None, cycle_days)
    }

    /// The actor's role in an area, if it works there.
    pub fn role_in(&self, area: &str) -> Option<AreaRole> {
        self.areas
            .iter()
            .find(|l| l.area.as_str() == area)
            .map(|l| l.role)
    }
}

/// A fact the service added to an entry beyond what its source says: which
/// field, the public page it was checked against, and when. Shown beside the
/// fact, so that no one takes it for the source's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Addition {
    /// The field that holds the added fact (`website`, `name_en`, `url`, `ended`, `areas`).
    pub field: String,
    /// The address of the page that shows it.
    #[schema(pattern = r"^https?://\S+$")]
    pub source: String,
    /// When it was checked against that page.
    #[schema(value_type = String, format = Date)]
    pub checked: Date,
    /// What else the page says that a reader should know (in Swedish).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(pattern = r"^\S(.*\S)?$")]
    pub note: Option<String>,
}

/// A grant (bidrag) someone can apply for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Grant {
    pub id: Slug,
    #[schema(pattern = r"^\S(.*\S)?$")]
    pub title: String,
    /// The actor that gives the grant.
    pub provider: Slug,
    /// Other names the source uses for the grant.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(pattern = r"^\S([\s\S]*\S)?$")]
    pub description: Option<String>,
    /// Whether the grant is a statsbidrag; `None` where the source does not say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statsbidrag: Option<bool>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub applicants: Vec<Slug>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub areas: Vec<Slug>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub perspectives: Vec<Slug>,
    /// The last day to apply, as the source writes it; `None` where it gives none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<Deadline>,
    /// The best page to apply from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(pattern = r"^https?://\S+$")]
    pub url: Option<String>,
    /// Set when the service has established that the grant can no longer be
    /// applied for (a call that was held once, a grant that was wound up);
    /// an [`Addition`] for `ended` says where.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub ended: bool,
    #[schema(value_type = String, format = Date)]
    pub verified: Date,
    /// The organisation (an actor) whose editor last marked the entry as
    /// checked; absent when the service's own editors did, or the source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verified_by: Option<Slug>,
    /// Facts the service added beyond the source, each with where it was checked.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub added: Vec<Addition>,
}

impl Grant {
    /// The day by which the grant must be checked again: a cycle after it
    /// was last checked, and before its next fixed deadline (see
    /// [`crate::time::verify_by`]).
    pub fn verify_by(&self, cycle_days: u32) -> Date {
        crate::time::verify_by(self.verified, self.rule_in_effect(), cycle_days)
    }

    /// The deadline rule that still gives dates: none once the grant has ended.
    pub fn rule_in_effect(&self) -> Option<&crate::deadline::DeadlineRule> {
        if self.ended {
            None
        } else {
            self.deadline.as_ref().map(Deadline::rule)
        }
    }
}

/// A named effort across actors (EST, preventionspaketet, MBU …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Initiative {
    pub id: Slug,
    #[schema(pattern = r"^\S(.*\S)?$")]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(pattern = r"^\S(.*\S)?$")]
    pub short_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(pattern = r"^\S([\s\S]*\S)?$")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub participants: Vec<Slug>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub areas: Vec<Slug>,
    #[schema(value_type = String, format = Date)]
    pub verified: Date,
    /// The organisation (an actor) whose editor last marked the entry as
    /// checked; absent when the service's own editors did, or the source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verified_by: Option<Slug>,
}

impl Initiative {
    /// The day by which the initiative's entry must be checked again.
    pub fn verify_by(&self, cycle_days: u32) -> Date {
        crate::time::verify_by(self.verified, None, cycle_days)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_lower_case_ascii_with_single_hyphens() {
        for ok in ["boende", "ideell-forening", "esf-radet", "a", "37-medel"] {
            assert!(Slug::parse(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "Boende",
            "idrotts förening",
            "-a",
            "a-",
            "a--b",
            "å",
            &"a".repeat(81),
        ] {
            assert!(Slug::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn unknown_fields_are_rejected() {
        let err = serde_json::from_str::<Area>(
            r#"{"id":"boende","name":"boende","order":1,"verified":"2021-12-22","colour":"red"}"#,
        )
        .unwrap_err();
        assert!(err.to_string().contains("colour"), "{err}");
    }
}
