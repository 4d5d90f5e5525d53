//! Reference dates: today in Sweden, and the `YYYY-MM-DD` dates people pass as `on`.

use jiff::civil::Date;
use jiff::tz::TimeZone;

use crate::deadline::{DeadlineRule, MAX_YEAR, MIN_YEAR};

/// Sweden's time zone, Europe/Stockholm (bundled into the binary).
pub fn sweden() -> TimeZone {
    TimeZone::get("Europe/Stockholm").unwrap_or(TimeZone::UTC)
}

/// Today's date in Europe/Stockholm, the default reference date.
pub fn today_in_sweden() -> Date {
    date_in_sweden(jiff::Timestamp::now())
}

/// The date a moment falls on in Europe/Stockholm, and the moment that date
/// ends (the next day's first instant there), for callers that keep the date
/// until then.
pub fn day_in_sweden(at: jiff::Timestamp) -> (Date, jiff::Timestamp) {
    let tz = TimeZone::get("Europe/Stockholm").unwrap_or(TimeZone::UTC);
    let date = at.to_zoned(tz.clone()).date();
    let ends = date
        .tomorrow()
        .ok()
        .and_then(|d| d.to_zoned(tz).ok())
        .map_or(jiff::Timestamp::MAX, |z| z.timestamp());
    (date, ends)
}

/// The date a moment falls on in Europe/Stockholm.
pub fn date_in_sweden(at: jiff::Timestamp) -> Date {
    // The time zone database is bundled into the binary (jiff's
    // `tzdb-bundle-always`), so this works on machines without tzdata.
    let tz = TimeZone::get("Europe/Stockholm").unwrap_or(TimeZone::UTC);
    at.to_zoned(tz).date()
}

/// Why a reference date was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("\"{0}\" is not a date; write it as YYYY-MM-DD, for example 2026-08-31")]
    Format(String),
    #[error("{0} is outside the years {MIN_YEAR}–{MAX_YEAR}")]
    OutOfRange(Date),
}

/// Reads a reference date written strictly as `YYYY-MM-DD`, in the years the
/// deadline engine supports.
pub fn parse_reference_date(text: &str) -> Result<Date, DateError> {
    let shown = || DateError::Format(text.chars().take(40).collect());
    let b = text.as_bytes();
    let shape_ok = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape_ok {
        return Err(shown());
    }
    let date: Date = text.parse().map_err(|_| shown())?;
    if (MIN_YEAR..=MAX_YEAR).contains(&date.year()) {
        Ok(date)
    } else {
        Err(DateError::OutOfRange(date))
    }
}

/// How many days before a grant's fixed deadline it must have been checked,
/// so that applicants see a checked entry while they prepare.
pub const VERIFY_BEFORE_DEADLINE_DAYS: i64 = 30;

/// The day by which an entry checked on `verified` must be checked again:
/// `cycle_days` later, and for a grant with dated deadlines (`rule`) also
/// [`VERIFY_BEFORE_DEADLINE_DAYS`] before the first deadline that was not
/// already that close when it was checked. Rolling and unknown deadlines
/// add nothing.
pub fn verify_by(verified: Date, rule: Option<&DeadlineRule>, cycle_days: u32) -> Date {
    let cycle = add_days(verified, i64::from(cycle_days));
    let before_deadline = rule
        .and_then(|r| r.next_on(add_days(verified, VERIFY_BEFORE_DEADLINE_DAYS + 1)))
        .map(|d| add_days(d, -VERIFY_BEFORE_DEADLINE_DAYS));
    before_deadline.map_or(cycle, |d| d.min(cycle))
}

/// `date` moved by `days`, held within the dates jiff can represent.
fn add_days(date: Date, days: i64) -> Date {
    date.checked_add(jiff::Span::new().days(days))
        .unwrap_or(if days < 0 { Date::MIN } else { Date::MAX })
}

/// Whether an entry due to be checked by `verify_by` is overdue on `on`.
pub fn is_overdue(verify_by: Date, on: Date) -> bool {
    on > verify_by
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn a_day_in_sweden_ends_at_midnight_there_also_across_daylight_saving() {
        let at = |s: &str| s.parse::<jiff::Timestamp>().unwrap();
        // 23:30 UTC on 4 December is 00:30 on 5 December in Stockholm (CET).
        assert_eq!(
            day_in_sweden(at("2026-12-04T23:30:00Z")),
            (date(2026, 12, 5), at("2026-12-05T23:00:00Z"))
        );
        // Summer time begins on 29 March 2026: that day has 23 hours.
        assert_eq!(
            day_in_sweden(at("2026-03-29T12:00:00Z")),
            (date(2026, 3, 29), at("2026-03-29T22:00:00Z"))
        );
        let (_, ends) = day_in_sweden(at("2026-06-01T10:00:00Z"));
        assert_eq!(day_in_sweden(ends).0, date(2026, 6, 2));
        assert_eq!(day_in_sweden(at("2026-06-01T21:59:59Z")).0, date(2026, 6, 1));
    }

    #[test]
    fn reads_iso_dates_only() {
        assert_eq!(parse_reference_date("2028-02-29"), Ok(date(2028, 2, 29)));
        for bad in [
            "2027-02-29",
            "2026-8-31",
            "31/8/2026",
            "",
            "2026-08-31T00:00",
            "+02026-08-31",
            "2026-13-01",
        ] {
            assert!(parse_reference_date(bad).is_err(), "{bad}");
        }
        assert!(matches!(
            parse_reference_date("0001-01-01"),
            Err(DateError::OutOfRange(_))
        ));
    }

    #[test]
    fn an_entry_is_overdue_a_cycle_after_it_was_checked() {
        let verified = date(2021, 12, 22);
        let by = verify_by(verified, None, 365);
        assert_eq!(by, date(2022, 12, 22));
        assert!(!is_overdue(by, date(2022, 12, 22)));
        assert!(is_overdue(by, date(2022, 12, 23)));
        // Rolling and unknown deadlines add nothing.
        assert_eq!(verify_by(verified, Some(&DeadlineRule::Rolling), 365), by);
    }

    #[test]
    fn a_grant_with_dated_deadlines_is_checked_a_month_before_each() {
        let yearly = DeadlineRule::parse("1 april").unwrap();
        // Checked in December: due 30 days before 1 April.
        assert_eq!(verify_by(date(2026, 12, 5), Some(&yearly), 365), date(2027, 3, 2));
        // Checked within the month before a deadline: that round counts as
        // checked, the next one is due.
        assert_eq!(verify_by(date(2027, 3, 10), Some(&yearly), 365), date(2028, 3, 2));
        // A fixed date beyond the cycle leaves the cycle.
        let far = DeadlineRule::parse("1 juni 2030").unwrap();
        assert_eq!(verify_by(date(2026, 12, 5), Some(&far), 365), date(2027, 12, 5));
        // A deadline passed long ago adds nothing.
        let past = DeadlineRule::parse("1 mars 2022").unwrap();
        assert_eq!(verify_by(date(2026, 12, 5), Some(&past), 365), date(2027, 12, 5));
        // The ends of the calendar do not overflow.
        assert_eq!(verify_by(Date::MAX, Some(&yearly), 365), Date::MAX);
    }
}
