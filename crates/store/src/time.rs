//! Timestamps as stored: RFC 3339 UTC text with a fixed precision of
//! microseconds, so that they sort as text in both databases; read back as
//! `jiff::Timestamp`.

use std::time::Duration;

use jiff::Timestamp;

use crate::StoreError;

const FORMAT: &str = "%Y-%m-%dT%H:%M:%S%.6fZ";

/// The current time, to the microsecond (what the store keeps).
pub fn now() -> Timestamp {
    to_microseconds(Timestamp::now())
}

/// The time `span` from now, to the microsecond.
pub fn timestamp_after(span: Duration) -> Timestamp {
    let span = jiff::SignedDuration::try_from(span).unwrap_or(jiff::SignedDuration::MAX);
    to_microseconds(now().checked_add(span).unwrap_or(Timestamp::MAX))
}

fn to_microseconds(t: Timestamp) -> Timestamp {
    Timestamp::from_microsecond(t.as_microsecond()).unwrap_or(t)
}

/// A timestamp as the database keeps it.
pub(crate) fn stored(t: Timestamp) -> String {
    t.strftime(FORMAT).to_string()
}

/// A stored timestamp; `what` and `id` name the row in the error if it is not one.
pub(crate) fn read(text: &str, what: &str, id: &str) -> Result<Timestamp, StoreError> {
    text.parse().map_err(|e| StoreError::Corrupt {
        kind: what.to_string(),
        id: id.to_string(),
        message: format!("\"{text}\" is not a timestamp: {e}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_timestamps_sort_as_text_and_read_back_unchanged() {
        let t = now();
        let text = stored(t);
        assert_eq!(text.len(), "2026-11-29T15:00:00.000000Z".len(), "{text}");
        assert_eq!(read(&text, "x", "y").unwrap(), t);
        let later = stored(timestamp_after(Duration::from_millis(1)));
        assert!(later > text);
        assert!(read("igår", "session", "s").is_err());
    }
}
