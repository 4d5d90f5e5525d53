//! schema.org JSON-LD for actor and grant pages, so that search engines and
//! other harvesters read who an actor is and who funds a grant.

use samverkan_domain::model::ActorKind;
use samverkan_domain::{Actor, Grant};
use serde_json::{Value, json};

use super::{Lang, Route};

fn organisation_type(kind: ActorKind) -> &'static str {
    match kind {
        ActorKind::Myndighet | ActorKind::Myndighetsgrupp => "GovernmentOrganization",
        _ => "Organization",
    }
}

/// Sets `key` when there is a value.
fn set(v: &mut Value, key: &str, value: Option<&String>) {
    if let Some(value) = value {
        v[key] = value.clone().into();
    }
}

/// Serialises JSON-LD so that it is safe inside a `<script>` element.
fn script_safe(value: Value) -> String {
    value.to_string().replace('<', "\\u003c")
}

/// An actor as a schema.org (Government)Organization. `base` is the site's
/// absolute address; the `@id` is the Swedish page, the `url` the page in `lang`.
pub fn actor(base: &str, lang: Lang, a: &Actor) -> String {
    let route = Route::Actor(a.id.to_string());
    let mut v = json!({
        "@context": "https://schema.org",
        "@type": organisation_type(a.kind),
        "@id": format!("{base}{}", route.href(Lang::Sv)),
        "name": a.name,
        "url": format!("{base}{}", route.href(lang)),
    });
    set(&mut v, "alternateName", a.short_name.as_ref());
    set(&mut v, "description", a.mission.as_ref());
    set(&mut v, "sameAs", a.website.as_ref());
    script_safe(v)
}

/// A grant as a schema.org MonetaryGrant with its funder.
pub fn grant(base: &str, lang: Lang, g: &Grant, provider: Option<&Actor>) -> String {
    let route = Route::Grant(g.id.to_string());
    let mut v = json!({
        "@context": "https://schema.org",
        "@type": "MonetaryGrant",
        "@id": format!("{base}{}", route.href(Lang::Sv)),
        "identifier": g.id.as_str(),
        "name": g.title,
        "url": format!("{base}{}", route.href(lang)),
    });
    if let Some(p) = provider {
        v["funder"] = json!({
            "@type": organisation_type(p.kind),
            "@id": format!("{base}{}", Route::Actor(p.id.to_string()).href(Lang::Sv)),
            "name": p.name,
        });
    }
    set(&mut v, "description", g.description.as_ref());
    set(&mut v, "sameAs", g.url.as_ref());
    script_safe(v)
}
