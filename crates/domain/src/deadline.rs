//! The deadline engine: Swedish deadline phrases ("sista ansökningsdag") read into
//! rules, printed back as Swedish, and the next deadline and status on a reference date.
//!
//! SPEC §3 defines four kinds of rule:
//! - `rolling` ("löpande"): always open, no date;
//! - `annual` ("31 augusti", "1 april respektive 1 oktober"): day-and-month dates
//!   that recur every year;
//! - `fixed` ("18 februari 2021", "2021-02-18"): full dates;
//! - `unknown` ("se webbplats"): the provider's site must be consulted.
//!
//! A phrase that cannot be read is an error that names the phrase, never a silent
//! `unknown`. Impossible dates ("31 februari") are errors. "29 februari" is accepted
//! as an annual date and falls on 28 February in years that are not leap years, the
//! last day of February being what such a rule means in those years.
//!
//! (Over 500 lines: a third is the tests, one per phrase form the source
//! page and editors use, kept next to the grammar they pin down.)

use std::fmt;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// Swedish month names, January first.
const MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
];

/// Abbreviations an editor might write, with the month they stand for.
const MONTH_ABBREVIATIONS: [(&str, i8); 13] = [
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("sept", 9),
    ("okt", 10),
    ("nov", 11),
    ("dec", 12),
    ("febr", 2),
];

/// The earliest and latest years a full date may have. Wide enough for any real
/// deadline; narrow enough that "next year" never leaves the calendar.
pub const MIN_YEAR: i16 = 1900;
pub const MAX_YEAR: i16 = 2999;

/// The Swedish name of a month (1–12).
pub fn month_name(month: i8) -> &'static str {
    MONTHS[usize::try_from(month - 1).expect("month is 1..=12")]
}

/// Why a deadline phrase could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DeadlineError {
    #[error("the deadline is empty; write \"löpande\", \"se webbplats\" or a date such as \"31 augusti\"")]
    Empty,
    #[error("cannot read the deadline \"{phrase}\": {reason}")]
    Unreadable { phrase: String, reason: String },
}

fn unreadable(phrase: &str, reason: impl Into<String>) -> DeadlineError {
    DeadlineError::Unreadable {
        phrase: phrase.to_string(),
        reason: reason.into(),
    }
}

/// A day and month without a year, for rules that recur every year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct MonthDay {
    month: i8,
    day: i8,
}

impl MonthDay {
    /// A day and month that exists in some year: 29 February is allowed, 31 April is not.
    pub fn new(month: i8, day: i8) -> Option<Self> {
        if !(1..=12).contains(&month) || day < 1 {
            return None;
        }
        // 2000 is a leap year, so this is the longest each month gets.
        let longest = Date::new(2000, month, 1).ok()?.days_in_month();
        (day <= longest).then_some(MonthDay { month, day })
    }

    pub fn month(self) -> i8 {
        self.month
    }

    pub fn day(self) -> i8 {
        self.day
    }

    /// The date this falls on in `year`; 29 February becomes 28 February in
    /// years that are not leap years. `None` outside the supported years.
    pub fn in_year(self, year: i16) -> Option<Date> {
        if !(MIN_YEAR..=MAX_YEAR + 1).contains(&year) {
            return None;
        }
        let first = Date::new(year, self.month, 1).ok()?;
        Date::new(year, self.month, self.day.min(first.days_in_month())).ok()
    }
}

impl fmt::Display for MonthDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.day, month_name(self.month))
    }
}

/// A deadline rule, without the phrase it was read from.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum DeadlineRule {
    /// "löpande": always open.
    Rolling,
    /// One or more dates every year, sorted and without repeats.
    Annual(Vec<MonthDay>),
    /// One or more full dates, sorted and without repeats.
    Fixed(Vec<Date>),
    /// "se webbplats": the provider's site must be consulted.
    Unknown,
}

/// What a rule means on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DeadlineStatus {
    /// Always open.
    Rolling,
    /// A next deadline exists.
    Upcoming,
    /// Every date of a fixed rule is before the reference date.
    Passed,
    /// No rule, or the provider's site must be consulted.
    Unknown,
}

impl DeadlineStatus {
    pub const ALL: [DeadlineStatus; 4] = [
        DeadlineStatus::Rolling,
        DeadlineStatus::Upcoming,
        DeadlineStatus::Passed,
        DeadlineStatus::Unknown,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DeadlineStatus::Rolling => "rolling",
            DeadlineStatus::Upcoming => "upcoming",
            DeadlineStatus::Passed => "passed",
            DeadlineStatus::Unknown => "unknown",
        }
    }

    /// Reads the API name of a status (`rolling`, `upcoming`, `passed`, `unknown`).
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

impl fmt::Display for DeadlineStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl DeadlineRule {
    /// The dates the rule falls on from `from` up to but not including
    /// `until`, in order: every year's dates for an annual rule, the listed
    /// dates for fixed ones, none for rolling or unknown deadlines.
    pub fn occurrences(&self, from: Date, until: Date) -> Vec<Date> {
        let mut out = Vec::new();
        self.occurrences_into(from, until, &mut out);
        out
    }

    /// [`occurrences`](Self::occurrences) into `out`, which it replaces (for
    /// callers that go through many rules and keep one buffer).
    pub fn occurrences_into(&self, from: Date, until: Date, out: &mut Vec<Date>) {
        out.clear();
        match self {
            DeadlineRule::Annual(mds) => out.extend(
                (from.year()..=until.year()).flat_map(|y| mds.iter().filter_map(move |md| md.in_year(y))),
            ),
            DeadlineRule::Fixed(ds) => out.extend(ds.iter().copied()),
            DeadlineRule::Rolling | DeadlineRule::Unknown => {}
        }
        out.retain(|d| *d >= from && *d < until);
        out.sort_unstable();
        out.dedup();
    }

    /// Reads a Swedish deadline phrase.
    pub fn parse(phrase: &str) -> Result<Self, DeadlineError> {
        let normalised = normalise(phrase);
        if normalised.is_empty() {
            return Err(DeadlineError::Empty);
        }
        match normalised.as_str() {
            "löpande" | "löpande ansökan" | "ansökan löpande" | "fortlöpande" => {
                return Ok(DeadlineRule::Rolling);
            }
            "se webbplats" | "se webbplatsen" | "se hemsida" | "se hemsidan" => {
                return Ok(DeadlineRule::Unknown);
            }
            _ => {}
        }
        let mut annual = Vec::new();
        let mut fixed = Vec::new();
        for group in date_groups(&normalised) {
            match parse_date(&group).map_err(|reason| unreadable(phrase, reason))? {
                ParsedDate::Annual(md) => annual.push(md),
                ParsedDate::Fixed(date) => fixed.push(date),
            }
        }
        match (annual.is_empty(), fixed.is_empty()) {
            (false, true) => {
                annual.sort();
                annual.dedup();
                Ok(DeadlineRule::Annual(annual))
            }
            (true, false) => {
                fixed.sort();
                fixed.dedup();
                Ok(DeadlineRule::Fixed(fixed))
            }
            (false, false) => Err(unreadable(
                phrase,
                "it mixes dates with and without a year; give every date a year, or none",
            )),
            (true, true) => Err(unreadable(phrase, "it names no date")),
        }
    }

    /// The API name of the rule's kind.
    pub fn kind(&self) -> &'static str {
        match self {
            DeadlineRule::Rolling => "rolling",
            DeadlineRule::Annual(_) => "annual",
            DeadlineRule::Fixed(_) => "fixed",
            DeadlineRule::Unknown => "unknown",
        }
    }

    /// The rule in Swedish, the way the seed page writes it.
    pub fn to_swedish(&self) -> String {
        match self {
            DeadlineRule::Rolling => "löpande".to_string(),
            DeadlineRule::Unknown => "se webbplats".to_string(),
            DeadlineRule::Annual(dates) => join_swedish(dates.iter().map(|d| d.to_string())),
            DeadlineRule::Fixed(dates) => join_swedish(dates.iter().map(|d| swedish_date(*d))),
        }
    }

    /// The earliest deadline on or after `on` (the deadline day itself is still open).
    /// Annual dates roll into the next year once this year's have passed.
    pub fn next_on(&self, on: Date) -> Option<Date> {
        match self {
            DeadlineRule::Rolling | DeadlineRule::Unknown => None,
            DeadlineRule::Fixed(dates) => dates.iter().copied().find(|d| *d >= on),
            DeadlineRule::Annual(dates) => [on.year(), on.year() + 1].into_iter().find_map(|y| {
                dates
                    .iter()
                    .filter_map(|md| md.in_year(y))
                    .filter(|d| *d >= on)
                    .min()
            }),
        }
    }

    /// The rule's status on `on`.
    pub fn status_on(&self, on: Date) -> DeadlineStatus {
        match self {
            DeadlineRule::Rolling => DeadlineStatus::Rolling,
            DeadlineRule::Unknown => DeadlineStatus::Unknown,
            DeadlineRule::Annual(_) | DeadlineRule::Fixed(_) => match self.next_on(on) {
                Some(_) => DeadlineStatus::Upcoming,
                None => DeadlineStatus::Passed,
            },
        }
    }
}

/// A deadline rule together with the Swedish phrase it was read from, which is
/// what it prints back to. Serialised as that phrase.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Deadline {
    rule: DeadlineRule,
    text: String,
}

impl Deadline {
    /// Reads a phrase, keeping it (trimmed) as the deadline's text.
    pub fn parse(phrase: &str) -> Result<Self, DeadlineError> {
        let rule = DeadlineRule::parse(phrase)?;
        Ok(Deadline {
            rule,
            text: phrase.trim().to_string(),
        })
    }

    /// A deadline whose text is the rule's own Swedish.
    pub fn from_rule(rule: DeadlineRule) -> Self {
        let text = rule.to_swedish();
        Deadline { rule, text }
    }

    pub fn rule(&self) -> &DeadlineRule {
        &self.rule
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn next_on(&self, on: Date) -> Option<Date> {
        self.rule.next_on(on)
    }

    pub fn status_on(&self, on: Date) -> DeadlineStatus {
        self.rule.status_on(on)
    }
}

impl fmt::Display for Deadline {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// In the API's OpenAPI document: the phrase as the source writes it. Which
/// phrases are understood a schema cannot say; a phrase that is not gets 422.
impl utoipa::PartialSchema for Deadline {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, Type};
        ObjectBuilder::new()
            .schema_type(Type::String)
            .min_length(Some(1))
            .description(Some(
                "The last day to apply, as a phrase: \"31 augusti\", \"18 februari 2021\", \"2021-02-18\", \"15 mars och 15 september\", \"löpande\", \"se webbplats\"",
            ))
            .examples(["31 augusti"])
            .into()
    }
}

impl utoipa::ToSchema for Deadline {}

impl Serialize for Deadline {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for Deadline {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Deadline::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// A date as Swedes write it: "18 februari 2021".
pub fn swedish_date(date: Date) -> String {
    format!("{} {} {}", date.day(), month_name(date.month()), date.year())
}

/// "a", "a respektive b", "a, b och c".
fn join_swedish(parts: impl Iterator<Item = String>) -> String {
    let parts: Vec<String> = parts.collect();
    match parts.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [a, b] => format!("{a} respektive {b}"),
        [init @ .., last] => format!("{} och {last}", init.join(", ")),
    }
}

/// Lower case, one space between words, no surrounding space or final full stop.
fn normalise(phrase: &str) -> String {
    let lower = phrase.to_lowercase().replace(['\u{a0}', '\u{202f}'], " ");
    let collapsed = lower.split_whitespace().collect::<Vec<_>>().join(" ");
    collapsed.trim_end_matches('.').trim().to_string()
}

/// Splits a normalised phrase on the words and marks that separate dates.
fn date_groups(normalised: &str) -> Vec<Vec<String>> {
    let spaced = normalised.replace([',', ';', '&'], " , ");
    let mut groups = vec![Vec::new()];
    for word in spaced.split_whitespace() {
        match word {
            "," | "respektive" | "resp" | "resp." | "och" | "samt" | "eller" => groups.push(Vec::new()),
            "den" => {}
            _ => groups.last_mut().expect("never empty").push(word.to_string()),
        }
    }
    groups.retain(|g| !g.is_empty());
    groups
}

enum ParsedDate {
    Annual(MonthDay),
    Fixed(Date),
}

fn parse_date(words: &[String]) -> Result<ParsedDate, String> {
    let shown = words.join(" ");
    match words {
        [iso] => parse_iso(iso).map(ParsedDate::Fixed),
        [day, month] => {
            let (day, month) = (parse_day(day, &shown)?, parse_month(month)?);
            MonthDay::new(month, day)
                .map(ParsedDate::Annual)
                .ok_or_else(|| format!("\"{shown}\" is not a date in any year"))
        }
        [day, month, year] => {
            let (day, month) = (parse_day(day, &shown)?, parse_month(month)?);
            let year = parse_year(year)?;
            Date::new(year, month, day)
                .map(ParsedDate::Fixed)
                .map_err(|_| format!("\"{shown}\" is not a date"))
        }
        _ => Err(format!(
            "\"{shown}\" is not a date; write \"31 augusti\", \"18 februari 2021\" or \"2021-02-18\""
        )),
    }
}

fn parse_iso(word: &str) -> Result<Date, String> {
    let not_a_date =
        || format!("\"{word}\" is not a date; write \"31 augusti\", \"18 februari 2021\" or \"2021-02-18\"");
    let parts: Vec<&str> = word.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return Err(not_a_date());
    };
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return Err(not_a_date());
    }
    let year = parse_year(y)?;
    let month: i8 = m.parse().map_err(|_| not_a_date())?;
    let day: i8 = d.parse().map_err(|_| not_a_date())?;
    Date::new(year, month, day).map_err(|_| format!("\"{word}\" is not a date"))
}

fn parse_day(word: &str, shown: &str) -> Result<i8, String> {
    if word.is_empty() || word.len() > 2 || !word.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("\"{shown}\" does not start with a day of the month"));
    }
    word.parse()
        .map_err(|_| format!("\"{shown}\" does not start with a day of the month"))
}

fn parse_month(word: &str) -> Result<i8, String> {
    let bare = word.trim_end_matches('.');
    if let Some(i) = MONTHS.iter().position(|m| *m == bare) {
        return Ok(i8::try_from(i + 1).expect("twelve months"));
    }
    if let Some((_, m)) = MONTH_ABBREVIATIONS.iter().find(|(abbr, _)| *abbr == bare) {
        return Ok(*m);
    }
    Err(format!("\"{word}\" is not a Swedish month"))
}

fn parse_year(word: &str) -> Result<i16, String> {
    let year: i16 = word
        .parse()
        .ok()
        .filter(|_| word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit()))
        .ok_or_else(|| format!("\"{word}\" is not a year"))?;
    if (MIN_YEAR..=MAX_YEAR).contains(&year) {
        Ok(year)
    } else {
        Err(format!("the year {year} is outside {MIN_YEAR}–{MAX_YEAR}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn md(month: i8, day: i8) -> MonthDay {
        MonthDay::new(month, day).unwrap()
    }

    #[test]
    fn occurrences_are_the_dates_in_the_window_in_order_once_each() {
        let annual = DeadlineRule::Annual(vec![md(4, 1), md(10, 1)]);
        assert_eq!(
            annual.occurrences(date(2026, 9, 1), date(2027, 9, 1)),
            vec![date(2026, 10, 1), date(2027, 4, 1)]
        );
        assert_eq!(
            annual.occurrences(date(2026, 10, 1), date(2026, 10, 2)),
            vec![date(2026, 10, 1)],
            "the start is included, the end is not"
        );
        let fixed = DeadlineRule::Fixed(vec![date(2026, 1, 15), date(2027, 1, 15)]);
        assert_eq!(
            fixed.occurrences(date(2026, 2, 1), date(2028, 1, 1)),
            vec![date(2027, 1, 15)]
        );
        assert!(
            DeadlineRule::Rolling
                .occurrences(date(2026, 1, 1), date(2027, 1, 1))
                .is_empty()
        );
        assert!(
            DeadlineRule::Unknown
                .occurrences(date(2026, 1, 1), date(2027, 1, 1))
                .is_empty()
        );
    }

    #[test]
    fn reads_every_phrase_of_the_seed_page() {
        assert_eq!(DeadlineRule::parse("löpande"), Ok(DeadlineRule::Rolling));
        assert_eq!(DeadlineRule::parse("se webbplats"), Ok(DeadlineRule::Unknown));
        assert_eq!(
            DeadlineRule::parse("31 augusti"),
            Ok(DeadlineRule::Annual(vec![md(8, 31)]))
        );
        assert_eq!(
            DeadlineRule::parse("1 april respektive 1 oktober"),
            Ok(DeadlineRule::Annual(vec![md(4, 1), md(10, 1)]))
        );
        assert_eq!(
            DeadlineRule::parse("18 februari 2021"),
            Ok(DeadlineRule::Fixed(vec![date(2021, 2, 18)]))
        );
    }

    #[test]
    fn reads_the_variants_an_editor_writes() {
        let both = DeadlineRule::Annual(vec![md(4, 1), md(10, 1)]);
        for phrase in [
            "1 April och 1 Oktober",
            "  1 april ,  1 oktober. ",
            "1 okt, 1 apr",
            "den 1 april samt den 1 oktober",
            "1 april resp. 1 oktober",
        ] {
            assert_eq!(DeadlineRule::parse(phrase), Ok(both.clone()), "{phrase}");
        }
        assert_eq!(DeadlineRule::parse("LÖPANDE"), Ok(DeadlineRule::Rolling));
        assert_eq!(DeadlineRule::parse("Se webbplatsen."), Ok(DeadlineRule::Unknown));
        assert_eq!(
            DeadlineRule::parse("2021-02-18, 2020-02-18"),
            Ok(DeadlineRule::Fixed(vec![date(2020, 2, 18), date(2021, 2, 18)]))
        );
        assert_eq!(
            DeadlineRule::parse("1 mars, 1 juni och 1 september"),
            Ok(DeadlineRule::Annual(vec![md(3, 1), md(6, 1), md(9, 1)]))
        );
    }

    #[test]
    fn unreadable_phrases_are_errors_naming_the_phrase() {
        for phrase in [
            "31 februari",
            "31 april 2021",
            "30 februari 2024",
            "29 februari 2023",
            "31 agusti",
            "snart",
            "1 april och 18 februari 2021",
            "0 maj",
            "2021-13-01",
            "18 februari 21",
            "32 januari",
            "1 januari 1066",
        ] {
            match DeadlineRule::parse(phrase) {
                Err(DeadlineError::Unreadable { phrase: p, .. }) => assert_eq!(p, phrase),
                other => panic!("{phrase:?} gave {other:?}"),
            }
        }
        assert_eq!(DeadlineRule::parse("   "), Err(DeadlineError::Empty));
    }

    #[test]
    fn prints_back_as_swedish() {
        for phrase in [
            "löpande",
            "se webbplats",
            "31 augusti",
            "1 april respektive 1 oktober",
            "18 februari 2021",
            "1 mars, 1 juni och 1 september",
        ] {
            assert_eq!(DeadlineRule::parse(phrase).unwrap().to_swedish(), phrase);
        }
        let deadline = Deadline::parse("1 April och 1 Oktober").unwrap();
        assert_eq!(deadline.to_string(), "1 April och 1 Oktober");
        assert_eq!(deadline.rule().to_swedish(), "1 april respektive 1 oktober");
    }

    #[test]
    fn the_deadline_day_itself_is_still_open() {
        let rule = DeadlineRule::parse("31 augusti").unwrap();
        assert_eq!(rule.next_on(date(2026, 8, 31)), Some(date(2026, 8, 31)));
        assert_eq!(rule.status_on(date(2026, 8, 31)), DeadlineStatus::Upcoming);
    }

    #[test]
    fn annual_deadline_rolls_into_next_year() {
        let rule = DeadlineRule::parse("31 augusti").unwrap();
        assert_eq!(rule.next_on(date(2026, 9, 1)), Some(date(2027, 8, 31)));
        let twice = DeadlineRule::parse("1 april respektive 1 oktober").unwrap();
        assert_eq!(twice.next_on(date(2026, 4, 2)), Some(date(2026, 10, 1)));
        assert_eq!(twice.next_on(date(2026, 10, 2)), Some(date(2027, 4, 1)));
        assert_eq!(twice.next_on(date(2026, 12, 31)), Some(date(2027, 4, 1)));
        assert_eq!(twice.next_on(date(2027, 1, 1)), Some(date(2027, 4, 1)));
    }

    #[test]
    fn leap_day_falls_on_the_last_day_of_february_in_other_years() {
        let rule = DeadlineRule::parse("29 februari").unwrap();
        assert_eq!(rule.next_on(date(2027, 1, 10)), Some(date(2027, 2, 28)));
        assert_eq!(rule.next_on(date(2028, 2, 29)), Some(date(2028, 2, 29)));
        assert_eq!(rule.next_on(date(2028, 3, 1)), Some(date(2029, 2, 28)));
    }

    #[test]
    fn fixed_deadline_passes_the_day_after() {
        let rule = DeadlineRule::parse("18 februari 2021").unwrap();
        assert_eq!(rule.next_on(date(2021, 2, 18)), Some(date(2021, 2, 18)));
        assert_eq!(rule.status_on(date(2021, 2, 18)), DeadlineStatus::Upcoming);
        assert_eq!(rule.next_on(date(2021, 2, 19)), None);
        assert_eq!(rule.status_on(date(2021, 2, 19)), DeadlineStatus::Passed);
    }

    #[test]
    fn rolling_and_unknown_have_no_date() {
        let on = date(2026, 11, 25);
        assert_eq!(DeadlineRule::Rolling.next_on(on), None);
        assert_eq!(DeadlineRule::Rolling.status_on(on), DeadlineStatus::Rolling);
        assert_eq!(DeadlineRule::Unknown.next_on(on), None);
        assert_eq!(DeadlineRule::Unknown.status_on(on), DeadlineStatus::Unknown);
    }

    #[test]
    fn deadline_serialises_as_its_phrase() {
        let deadline = Deadline::parse("1 april respektive 1 oktober").unwrap();
        let json = serde_json::to_string(&deadline).unwrap();
        assert_eq!(json, "\"1 april respektive 1 oktober\"");
        let back: Deadline = serde_json::from_str(&json).unwrap();
        assert_eq!(back, deadline);
        let err = serde_json::from_str::<Deadline>("\"31 februari\"").unwrap_err();
        assert!(err.to_string().contains("31 februari"), "{err}");
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        fn month_day() -> impl Strategy<Value = MonthDay> {
            (1i8..=12, 1i8..=31).prop_filter_map("a real day", |(m, d)| MonthDay::new(m, d))
        }

        fn full_date() -> impl Strategy<Value = Date> {
            (MIN_YEAR..=MAX_YEAR, 1i8..=12, 1i8..=31)
                .prop_filter_map("a real date", |(y, m, d)| Date::new(y, m, d).ok())
        }

        fn reference_date() -> impl Strategy<Value = Date> {
            (1950i16..=2200, 1i8..=12, 1i8..=31)
                .prop_filter_map("a real date", |(y, m, d)| Date::new(y, m, d).ok())
        }

        fn rule() -> impl Strategy<Value = DeadlineRule> {
            prop_oneof![
                Just(DeadlineRule::Rolling),
                Just(DeadlineRule::Unknown),
                prop::collection::btree_set(month_day(), 1..5)
                    .prop_map(|s| DeadlineRule::Annual(s.into_iter().collect())),
                prop::collection::btree_set(full_date(), 1..5)
                    .prop_map(|s| DeadlineRule::Fixed(s.into_iter().collect())),
            ]
        }

        proptest! {
            #[test]
            fn printing_then_reading_gives_the_same_rule(rule in rule()) {
                prop_assert_eq!(DeadlineRule::parse(&rule.to_swedish()), Ok(rule));
            }

            #[test]
            fn next_deadline_is_never_before_the_reference_date(rule in rule(), on in reference_date()) {
                if let Some(next) = rule.next_on(on) {
                    prop_assert!(next >= on);
                }
            }

            #[test]
            fn no_deadline_lies_between_the_reference_date_and_the_next(rule in rule(), on in reference_date()) {
                let next = rule.next_on(on);
                // Every date the rule names in the two years around `on`.
                let dates: Vec<Date> = match &rule {
                    DeadlineRule::Annual(mds) => [on.year(), on.year() + 1]
                        .into_iter()
                        .flat_map(|y| mds.iter().filter_map(move |md| md.in_year(y)))
                        .collect(),
                    DeadlineRule::Fixed(ds) => ds.clone(),
                    _ => vec![],
                };
                for d in dates.into_iter().filter(|d| *d >= on) {
                    let next = next.expect("a date on or after `on` exists, so there is a next deadline");
                    prop_assert!(d >= next, "{} lies between {} and {}", d, on, next);
                }
            }

            #[test]
            fn annual_rules_are_always_upcoming(mds in prop::collection::btree_set(month_day(), 1..5), on in reference_date()) {
                let rule = DeadlineRule::Annual(mds.into_iter().collect());
                prop_assert_eq!(rule.status_on(on), DeadlineStatus::Upcoming);
                let next = rule.next_on(on).unwrap();
                prop_assert!(next.year() - on.year() <= 1);
            }

            #[test]
            fn status_agrees_with_the_next_deadline(rule in rule(), on in reference_date()) {
                let status = rule.status_on(on);
                let next = rule.next_on(on);
                prop_assert_eq!(status == DeadlineStatus::Upcoming, next.is_some());
            }

            #[test]
            fn arbitrary_text_never_panics(text in "\\PC{0,40}") {
                let _ = DeadlineRule::parse(&text);
            }
        }
    }
}
