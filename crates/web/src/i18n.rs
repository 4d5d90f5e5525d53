//! Localisation with Fluent (Project Fluent's `fluent-bundle`): every string of
//! the interface lives in `locales/sv.ftl` and `locales/en.ftl`, never in code.
//! Swedish is the first language; English pages live under `/en/`.

use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use jiff::civil::Date;

const SV: &str = include_str!("../locales/sv.ftl");
const EN: &str = include_str!("../locales/en.ftl");

/// A language of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Sv,
    En,
}

struct Bundles {
    sv: FluentBundle<FluentResource>,
    en: FluentBundle<FluentResource>,
}

fn bundle(code: &str, source: &str) -> FluentBundle<FluentResource> {
    let resource = FluentResource::try_new(source.to_string())
        .unwrap_or_else(|(_, errors)| panic!("locales/{code}.ftl does not parse: {errors:?}"));
    let mut bundle = FluentBundle::new_concurrent(vec![code.parse().expect("a language code")]);
    // Unicode isolation marks would end up inside HTML attributes and URLs.
    bundle.set_use_isolating(false);
    bundle
        .add_resource(resource)
        .unwrap_or_else(|errors| panic!("locales/{code}.ftl: {errors:?}"));
    bundle
}

static BUNDLES: LazyLock<Bundles> = LazyLock::new(|| Bundles {
    sv: bundle("sv", SV),
    en: bundle("en", EN),
});

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Sv, Lang::En];

    /// The language a path is in: English under `/en/`, else Swedish.
    pub fn of_path(path: &str) -> Lang {
        if path == "/en" || path.starts_with("/en/") {
            Lang::En
        } else {
            Lang::Sv
        }
    }

    /// The BCP 47 code, for `lang` attributes.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Sv => "sv",
            Lang::En => "en",
        }
    }

    /// The other language, for the language switch.
    pub fn other(self) -> Lang {
        match self {
            Lang::Sv => Lang::En,
            Lang::En => Lang::Sv,
        }
    }

    fn bundle(self) -> &'static FluentBundle<FluentResource> {
        match self {
            Lang::Sv => &BUNDLES.sv,
            Lang::En => &BUNDLES.en,
        }
    }

    /// Whether the interface has a message with this key.
    pub fn has(self, key: &str) -> bool {
        self.bundle().has_message(key)
    }

    /// The message `key`. A missing key is a bug: it is logged and the key shown.
    pub fn t(self, key: &str) -> String {
        self.format(key, None)
    }

    /// The message `key` with one argument.
    pub fn t1(self, key: &str, name: &str, value: impl Into<FluentValue<'static>>) -> String {
        let mut args = FluentArgs::new();
        args.set(name.to_string(), value.into());
        self.format(key, Some(&args))
    }

    /// The message `key` with several arguments.
    pub fn tn(self, key: &str, values: &[(&str, FluentValue<'static>)]) -> String {
        let mut args = FluentArgs::new();
        for (name, value) in values {
            args.set(name.to_string(), value.clone());
        }
        self.format(key, Some(&args))
    }

    /// The message `key` if there is one, else `fallback` (for labels of data
    /// values, such as area names, that may be translated).
    pub fn t_or(self, key: &str, fallback: &str) -> String {
        if self.has(key) {
            self.t(key)
        } else {
            fallback.to_string()
        }
    }

    pub(crate) fn format(self, key: &str, args: Option<&FluentArgs<'_>>) -> String {
        let bundle = self.bundle();
        let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
            tracing::error!(key, lang = self.code(), "missing interface message");
            return key.to_string();
        };
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, args, &mut errors).into_owned();
        if !errors.is_empty() {
            tracing::error!(
                key,
                lang = self.code(),
                ?errors,
                "interface message did not format"
            );
        }
        text
    }

    /// A date as people write it: "31 augusti 2027", "31 August 2027".
    pub fn date(self, date: &Date) -> String {
        format!("{} {} {}", date.day(), self.month(date.month()), date.year())
    }

    /// "december 2026", "December 2026".
    pub fn month_year(self, year: i16, month: i8) -> String {
        format!("{} {year}", self.month(month))
    }

    fn month(self, month: i8) -> String {
        self.t(&format!("month-{month}"))
    }

    /// "i dag", "i morgon", "om 12 dagar".
    pub fn days_left(self, days: i64) -> String {
        self.t1("days-left", "days", days)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn keys(source: &str) -> BTreeSet<String> {
        source
            .lines()
            .filter(|l| !l.starts_with([' ', '#', '\t']) && l.contains(" ="))
            .map(|l| l.split(" =").next().unwrap().trim().to_string())
            .collect()
    }

    #[test]
    fn both_languages_have_the_same_messages() {
        // "data-" keys translate data values and exist only outside Swedish.
        let (sv, en) = (
            keys(SV),
            keys(EN).into_iter().filter(|k| !k.starts_with("data-")).collect(),
        );
        assert!(sv.len() > 50, "{}", sv.len());
        assert_eq!(
            sv.difference(&en).collect::<Vec<_>>(),
            Vec::<&String>::new(),
            "missing in en.ftl"
        );
        assert_eq!(
            en.difference(&sv).collect::<Vec<_>>(),
            Vec::<&String>::new(),
            "missing in sv.ftl"
        );
        for key in &sv {
            for lang in Lang::ALL {
                assert!(lang.has(key), "{key} does not parse in {}", lang.code());
            }
        }
    }

    #[test]
    fn dates_and_days_read_naturally() {
        let d = jiff::civil::date(2027, 8, 31);
        assert_eq!(Lang::Sv.date(&d), "31 augusti 2027");
        assert_eq!(Lang::En.date(&d), "31 August 2027");
        assert_eq!(Lang::Sv.days_left(0), "i dag");
        assert_eq!(Lang::Sv.days_left(1), "i morgon");
        assert_eq!(Lang::Sv.days_left(12), "om 12 dagar");
        assert_eq!(Lang::En.days_left(1), "tomorrow");
        assert_eq!(Lang::En.days_left(12), "in 12 days");
    }
}
