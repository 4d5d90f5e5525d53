//! Query strings, read into a struct that is also the parameters'
//! documentation: each endpoint's parameters are one serde struct deriving
//! `utoipa::IntoParams`, and the reader takes the names, which of them are
//! lists, the ranges of numbers and the longest texts from that same
//! derivation. The parser, the handler and the OpenAPI document therefore
//! cannot disagree about what an endpoint takes.
//!
//! Read strictly (the API), an unknown parameter, a value given twice where
//! one is expected, or a value that does not fit is a 400 that names the
//! parameter; read leniently (web pages, whose links may carry anything),
//! unknown parameters are ignored. List parameters take repeated keys
//! (`area=a&area=b`, as an HTML form sends them) or commas (`area=a,b`);
//! empty values are ignored.
//!
//! (`serde_html_form`, behind axum-extra's `Query`, reads repeated keys too,
//! but neither commas nor the error wording the API promises; the
//! deserialisation itself is serde's, from the checked values.)

use std::any::TypeId;
use std::collections::HashMap;
use std::sync::{Arc, LazyLock, RwLock};

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use jiff::civil::Date;
use samverkan_domain::Slug;
use samverkan_domain::time::{parse_reference_date, today_in_sweden};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use utoipa::IntoParams;
use utoipa::openapi::path::ParameterIn;

use crate::http::error::ApiError;

/// A parameter that could not be read: a code for the API's error body
/// (`unknown_parameter` or `invalid_parameter`) and a message that names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamError {
    pub code: &'static str,
    pub message: String,
}

impl From<ParamError> for ApiError {
    fn from(e: ParamError) -> Self {
        ApiError::bad_request(e.code, e.message)
    }
}

/// A parameter's value does not fit: the message names it.
pub fn invalid(name: &str, message: impl std::fmt::Display) -> ParamError {
    ParamError {
        code: "invalid_parameter",
        message: format!("`{name}`: {message}"),
    }
}

/// What the reader needs to know of one parameter, from its documentation.
#[derive(Debug)]
struct Spec {
    name: String,
    list: bool,
    integer: Option<(u64, u64)>,
    max_length: Option<usize>,
    /// Whether an empty value fits the schema (free text does; numbers,
    /// dates and fixed vocabularies do not).
    takes_empty: bool,
}

/// The parameters of each struct, worked out once per type.
static SPECS: LazyLock<RwLock<HashMap<TypeId, Arc<Vec<Spec>>>>> = LazyLock::new(Default::default);

fn specs<T: IntoParams + 'static>() -> Arc<Vec<Spec>> {
    let key = TypeId::of::<T>();
    if let Some(found) = SPECS.read().unwrap_or_else(|p| p.into_inner()).get(&key) {
        return found.clone();
    }
    let specs: Vec<Spec> = T::into_params(|| Some(ParameterIn::Query))
        .into_iter()
        .map(|p| {
            let schema = serde_json::to_value(&p.schema).unwrap_or_default();
            let is = |t: &str| match &schema["type"] {
                Value::String(s) => s == t,
                Value::Array(types) => types.iter().any(|v| v == t),
                _ => false,
            };
            let bound = |key: &str| schema[key].as_f64().map(|n| n as u64);
            Spec {
                name: p.name,
                list: is("array"),
                integer: is("integer").then(|| {
                    (
                        bound("minimum").unwrap_or(0),
                        bound("maximum").unwrap_or(u64::from(u32::MAX)),
                    )
                }),
                max_length: schema["maxLength"].as_u64().map(|n| n as usize),
                takes_empty: is("string")
                    && schema.get("pattern").is_none()
                    && schema.get("format").is_none()
                    && schema.get("enum").is_none(),
            }
        })
        .collect();
    let specs = Arc::new(specs);
    SPECS
        .write()
        .unwrap_or_else(|p| p.into_inner())
        .insert(key, specs.clone());
    specs
}

/// Reads `query` into `T`; `strict` refuses unknown parameters.
pub fn read<T: DeserializeOwned + IntoParams + 'static>(
    query: Option<&str>,
    strict: bool,
) -> Result<T, ParamError> {
    let specs = specs::<T>();
    let mut values: HashMap<&str, Vec<String>> = HashMap::new();
    for (key, value) in form_urlencoded::parse(query.unwrap_or("").as_bytes()) {
        let Some(spec) = specs.iter().find(|s| s.name == key) else {
            if !strict {
                continue;
            }
            let names: Vec<&str> = specs.iter().map(|s| s.name.as_str()).collect();
            let shown: String = key.chars().take(40).collect();
            let takes = if names.is_empty() {
                "no parameters".to_string()
            } else {
                names.join(", ")
            };
            return Err(ParamError {
                code: "unknown_parameter",
                message: format!("unknown parameter `{shown}`; this endpoint takes {takes}"),
            });
        };
        let list = values.entry(spec.name.as_str()).or_default();
        if spec.list {
            list.extend(
                value
                    .split(',')
                    .map(str::trim)
                    .filter(|v| !v.is_empty())
                    .map(str::to_string),
            );
        } else {
            let value = value.trim();
            if value.is_empty() {
                // A page's form sends every field, filled in or not; a
                // program means something by an empty value, so it is told.
                if strict && !spec.takes_empty {
                    return Err(invalid(&spec.name, "is empty; leave the parameter out instead"));
                }
                continue;
            }
            if !list.is_empty() {
                return Err(invalid(&spec.name, "is given more than once"));
            }
            list.push(value.to_string());
        }
    }
    let mut object = Map::new();
    for spec in specs.iter() {
        // A parameter given only empty values counts as not given (an HTML
        // form sends every field, filled in or not).
        let Some(given) = values.remove(spec.name.as_str()).filter(|v| !v.is_empty()) else {
            continue;
        };
        let value = if spec.list {
            Value::Array(given.into_iter().map(Value::String).collect())
        } else {
            let text = given.into_iter().next().unwrap_or_default();
            if let Some(max) = spec.max_length
                && text.chars().count() > max
            {
                return Err(invalid(&spec.name, format!("is longer than {max} characters")));
            }
            match spec.integer {
                Some((min, max)) => match text.parse::<u64>() {
                    Ok(n) if (min..=max).contains(&n) => Value::from(n),
                    _ => {
                        let shown: String = text.chars().take(40).collect();
                        return Err(invalid(
                            &spec.name,
                            format!("must be a whole number from {min} to {max}, not \"{shown}\""),
                        ));
                    }
                },
                None => Value::String(text),
            }
        };
        object.insert(spec.name.clone(), value);
    }
    serde_json::from_value(Value::Object(object)).map_err(|e| ParamError {
        code: "invalid_parameter",
        message: e.to_string(),
    })
}

/// The parameters of an API request, read strictly into `T`.
pub struct ApiQuery<T>(pub T);

impl<S, T> FromRequestParts<S> for ApiQuery<T>
where
    S: Send + Sync,
    T: DeserializeOwned + IntoParams + 'static,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        Ok(ApiQuery(read(parts.uri.query(), true)?))
    }
}

/// The reference date, for a single entry or a page.
#[derive(serde::Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OnParam {
    /// The reference date, `YYYY-MM-DD` in the years 1900–2999; by default
    /// today in Europe/Stockholm.
    #[param(format = Date, pattern = r"^(19|2[0-9])[0-9]{2}-[0-9]{2}-[0-9]{2}$")]
    pub on: Option<String>,
}

/// The schema of a parameter that takes one of `values`. (A parameter with
/// its own schema loses its doc comment in utoipa, so the description goes
/// in the schema, where the API page reads it too.)
pub fn one_of(description: &str, values: &[&str]) -> utoipa::openapi::Object {
    utoipa::openapi::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::String)
        .description(Some(description))
        .enum_values(Some(values.iter().copied()))
        .build()
}

/// The schema of a list parameter whose items are each one of `values`.
pub fn list_of(description: &str, values: &[&str]) -> utoipa::openapi::schema::Array {
    let item = utoipa::openapi::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::String)
        .enum_values(Some(values.iter().copied()))
        .build();
    utoipa::openapi::schema::ArrayBuilder::new()
        .description(Some(description))
        .items(item)
        .build()
}

/// No parameters at all: any parameter is an unknown one.
#[derive(serde::Deserialize, IntoParams)]
pub struct NoParams {}

/// The reference date `on`, by default today in Sweden.
pub fn reference_date(on: Option<&str>) -> Result<Date, ParamError> {
    match on {
        None => Ok(today_in_sweden()),
        Some(text) => parse_reference_date(text).map_err(|e| invalid("on", e)),
    }
}

/// Ids given as parameter `name`, each checked by `exists`; `what` names
/// them in messages ("area"), and `known` lists the ids when they are few.
pub fn slugs(
    name: &str,
    values: Option<&[String]>,
    what: &str,
    exists: impl Fn(&str) -> bool,
    known: impl FnOnce() -> Vec<String>,
) -> Result<Vec<Slug>, ParamError> {
    let mut out = Vec::new();
    for value in values.unwrap_or_default() {
        match Slug::parse(value).ok().filter(|s| exists(s.as_str())) {
            Some(s) => out.push(s),
            None => {
                let shown: String = value.chars().take(60).collect();
                let known = known();
                let hint = if known.len() <= 20 {
                    format!("; known: {}", known.join(", "))
                } else {
                    String::new()
                };
                return Err(invalid(name, format!("there is no {what} \"{shown}\"{hint}")));
            }
        }
    }
    Ok(out)
}

/// Values of parameter `name` from a fixed vocabulary.
pub fn choices<T>(
    name: &str,
    values: Option<&[String]>,
    parse: impl Fn(&str) -> Option<T>,
    names: &[&str],
) -> Result<Vec<T>, ParamError> {
    values
        .unwrap_or_default()
        .iter()
        .map(|v| choice(name, v, &parse, names))
        .collect()
}

/// One value of parameter `name` from a fixed vocabulary.
pub fn choice<T>(
    name: &str,
    value: &str,
    parse: impl Fn(&str) -> Option<T>,
    names: &[&str],
) -> Result<T, ParamError> {
    parse(value).ok_or_else(|| {
        let shown: String = value.chars().take(40).collect();
        invalid(name, format!("\"{shown}\" is not one of {}", names.join(", ")))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small endpoint's parameters.
    #[derive(Debug, serde::Deserialize, IntoParams, PartialEq)]
    struct Example {
        /// Text.
        #[param(max_length = 5)]
        q: Option<String>,
        /// A list.
        area: Option<Vec<String>>,
        /// A number.
        #[param(minimum = 1, maximum = 10)]
        limit: Option<u32>,
    }

    fn strict(query: &str) -> Result<Example, ParamError> {
        read(Some(query), true)
    }

    #[test]
    fn lists_take_repeated_keys_and_commas_and_skip_empty_values() {
        let e = strict("area=a,b&area=c&area=&q=hej&limit=3").unwrap();
        assert_eq!(e.area.unwrap(), ["a", "b", "c"]);
        assert_eq!(e.q.as_deref(), Some("hej"));
        assert_eq!(e.limit, Some(3));
        assert_eq!(
            strict("").unwrap(),
            Example {
                q: None,
                area: None,
                limit: None
            }
        );
    }

    #[test]
    fn an_unknown_parameter_is_named_strictly_and_ignored_leniently() {
        let e = strict("arae=x").unwrap_err();
        assert_eq!(e.code, "unknown_parameter");
        assert_eq!(
            e.message,
            "unknown parameter `arae`; this endpoint takes q, area, limit"
        );
        assert!(read::<Example>(Some("arae=x"), false).is_ok());
    }

    #[test]
    fn a_value_that_does_not_fit_names_its_parameter_and_the_rule() {
        for (query, message) in [
            ("q=a&q=b", "`q`: is given more than once"),
            ("q=sexton", "`q`: is longer than 5 characters"),
            (
                "limit=0",
                "`limit`: must be a whole number from 1 to 10, not \"0\"",
            ),
            (
                "limit=x",
                "`limit`: must be a whole number from 1 to 10, not \"x\"",
            ),
            (
                "limit=11",
                "`limit`: must be a whole number from 1 to 10, not \"11\"",
            ),
        ] {
            let e = strict(query).unwrap_err();
            assert_eq!(
                (e.code, e.message.as_str()),
                ("invalid_parameter", message),
                "{query}"
            );
        }
    }
}
