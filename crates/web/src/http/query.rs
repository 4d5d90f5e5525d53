//! Query strings, read strictly: an unknown parameter, a value given twice
//! where one is expected, or a value that does not parse is a 400 that names
//! the parameter. List parameters take repeated keys (`area=a&area=b`, as an
//! HTML form sends them) or commas (`area=a,b`); empty values are ignored.

use std::collections::HashMap;

use jiff::civil::Date;
use samverkan_domain::Slug;
use samverkan_domain::time::{parse_reference_date, today_in_sweden};

use crate::http::error::ApiError;

/// The longest free-text query accepted.
pub const MAX_QUERY_CHARS: usize = 500;
/// The largest `within_days` accepted: ten years.
pub const MAX_WITHIN_DAYS: u32 = 3660;
pub const DEFAULT_LIMIT: usize = 100;
pub const MAX_LIMIT: usize = 1000;
const MAX_OFFSET: usize = 10_000_000;

/// The parameters of one request, checked against what the endpoint takes.
pub struct Params {
    values: HashMap<&'static str, Vec<String>>,
}

/// How a parameter is given.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Arity {
    One,
    Many,
}

impl Params {
    /// Reads a query string; an unknown parameter is an error.
    pub fn parse(query: Option<&str>, accepted: &[(&'static str, Arity)]) -> Result<Params, ApiError> {
        Self::read(query, accepted, true)
    }

    /// Reads a query string, ignoring unknown parameters (for web pages, whose
    /// links may carry anything).
    pub fn parse_lenient(
        query: Option<&str>,
        accepted: &[(&'static str, Arity)],
    ) -> Result<Params, ApiError> {
        Self::read(query, accepted, false)
    }

    fn read(
        query: Option<&str>,
        accepted: &[(&'static str, Arity)],
        strict: bool,
    ) -> Result<Params, ApiError> {
        let mut values: HashMap<&'static str, Vec<String>> = HashMap::new();
        for (key, value) in form_urlencoded::parse(query.unwrap_or("").as_bytes()) {
            let Some(&(name, arity)) = accepted.iter().find(|(n, _)| *n == key) else {
                if !strict {
                    continue;
                }
                let names: Vec<&str> = accepted.iter().map(|(n, _)| *n).collect();
                let shown: String = key.chars().take(40).collect();
                return Err(ApiError::bad_request(
                    "unknown_parameter",
                    format!(
                        "unknown parameter `{shown}`; this endpoint takes {}",
                        names.join(", ")
                    ),
                ));
            };
            let list = values.entry(name).or_default();
            match arity {
                Arity::One => {
                    let value = value.trim();
                    if value.is_empty() {
                        continue;
                    }
                    if !list.is_empty() {
                        return Err(ApiError::bad_request(
                            "invalid_parameter",
                            format!("`{name}` is given more than once"),
                        ));
                    }
                    list.push(value.to_string());
                }
                Arity::Many => list.extend(
                    value
                        .split(',')
                        .map(str::trim)
                        .filter(|v| !v.is_empty())
                        .map(str::to_string),
                ),
            }
        }
        Ok(Params { values })
    }

    pub fn one(&self, name: &str) -> Option<&str> {
        self.values.get(name).and_then(|v| v.first()).map(String::as_str)
    }

    pub fn many(&self, name: &str) -> &[String] {
        self.values.get(name).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The free-text query, if any, bounded in length.
    pub fn text(&self, name: &str) -> Result<Option<String>, ApiError> {
        match self.one(name) {
            Some(q) if q.chars().count() > MAX_QUERY_CHARS => Err(invalid(
                name,
                format!("is longer than {MAX_QUERY_CHARS} characters"),
            )),
            other => Ok(other.map(str::to_string)),
        }
    }

    /// The reference date `on`, by default today in Sweden.
    pub fn on(&self) -> Result<Date, ApiError> {
        match self.one("on") {
            None => Ok(today_in_sweden()),
            Some(text) => parse_reference_date(text).map_err(|e| invalid("on", e.to_string())),
        }
    }

    /// Ids, each checked by `exists`; `what` names them in messages ("area").
    pub fn slugs(
        &self,
        name: &str,
        what: &str,
        exists: impl Fn(&str) -> bool,
        known: impl FnOnce() -> Vec<String>,
    ) -> Result<Vec<Slug>, ApiError> {
        let mut out = Vec::new();
        for value in self.many(name) {
            let slug = Slug::parse(value).ok().filter(|s| exists(s.as_str()));
            match slug {
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

    /// Values from a fixed vocabulary.
    pub fn choices<T: Copy>(
        &self,
        name: &str,
        parse: impl Fn(&str) -> Option<T>,
        names: &[&str],
    ) -> Result<Vec<T>, ApiError> {
        self.many(name)
            .iter()
            .map(|v| {
                parse(v).ok_or_else(|| {
                    let shown: String = v.chars().take(40).collect();
                    invalid(name, format!("\"{shown}\" is not one of {}", names.join(", ")))
                })
            })
            .collect()
    }

    /// A whole number in `range`, if given.
    pub fn number(
        &self,
        name: &str,
        range: std::ops::RangeInclusive<usize>,
    ) -> Result<Option<usize>, ApiError> {
        let Some(text) = self.one(name) else {
            return Ok(None);
        };
        text.parse::<usize>()
            .ok()
            .filter(|n| range.contains(n))
            .map(Some)
            .ok_or_else(|| {
                let shown: String = text.chars().take(40).collect();
                invalid(
                    name,
                    format!(
                        "must be a whole number from {} to {}, not \"{shown}\"",
                        range.start(),
                        range.end()
                    ),
                )
            })
    }

    pub fn within_days(&self) -> Result<Option<u32>, ApiError> {
        Ok(self
            .number("within_days", 0..=MAX_WITHIN_DAYS as usize)?
            .map(|n| n as u32))
    }

    /// `limit` and `offset` for a page of results.
    pub fn page(&self) -> Result<(usize, usize), ApiError> {
        let limit = self.number("limit", 1..=MAX_LIMIT)?.unwrap_or(DEFAULT_LIMIT);
        let offset = self.number("offset", 0..=MAX_OFFSET)?.unwrap_or(0);
        Ok((limit, offset))
    }
}

pub fn invalid(name: &str, message: String) -> ApiError {
    ApiError::bad_request("invalid_parameter", format!("`{name}`: {message}"))
}
