//! Times as ISO 8601 strings. Sources that give Unix seconds (Reddit,
//! Hacker News) are converted here so every format reads the same, and
//! ISO 8601 strings are read back as Unix seconds to compare them.

use std::time::{Duration, UNIX_EPOCH};

/// Unix seconds (possibly fractional) as `YYYY-MM-DDTHH:MM:SSZ`. `None` for
/// values that are not a plausible time.
pub(crate) fn from_unix(seconds: f64) -> Option<String> {
    // Up to the year 9999; negative and NaN values are not times here.
    if !(0.0..253_402_300_800.0).contains(&seconds) {
        return None;
    }
    let time = UNIX_EPOCH + Duration::from_secs(seconds as u64);
    Some(humantime::format_rfc3339_seconds(time).to_string())
}

/// Unix seconds of an RFC 3339 / ISO 8601 time with a date and a time of
/// day (`2024-03-04T10:00:00Z`, `…T10:00:00.000+01:00`); `None` for
/// anything else, such as the words of an attribution line ("Mon, 4 Mar").
pub(crate) fn timestamp(text: &str) -> Option<i64> {
    let text = text.trim();
    // The parser skips letters it does not know: insist on the shape.
    let bytes = text.as_bytes();
    let shaped = bytes.len() >= 16
        && bytes[..4].iter().all(u8::is_ascii_digit)
        && bytes[4] == b'-'
        && matches!(bytes[10], b'T' | b't');
    if !shaped || !text.is_ascii() {
        return None;
    }
    mail_parser::DateTime::parse_rfc3339(text)
        .filter(mail_parser::DateTime::is_valid)
        .map(|t| t.to_timestamp())
}

#[cfg(test)]
mod tests {
    use super::{from_unix, timestamp};

    #[test]
    fn iso_times_with_offsets_compare_as_instants() {
        assert_eq!(timestamp("2016-09-25T22:25:36Z"), Some(1474842336));
        assert_eq!(timestamp("2016-09-25T23:25:36.000+01:00"), Some(1474842336));
        assert_eq!(timestamp("2016-09-25T17:25:36-05:00"), Some(1474842336));
        assert_eq!(timestamp("Mon, 4 Mar 2024"), None);
        assert_eq!(timestamp("2024-13-45T99:00:00Z"), None);
        assert_eq!(timestamp("2024-03-04"), None);
    }

    #[test]
    fn unix_seconds_become_iso_8601() {
        assert_eq!(
            from_unix(1474842336.0).as_deref(),
            Some("2016-09-25T22:25:36Z")
        );
    }

    #[test]
    fn implausible_times_are_none() {
        assert_eq!(from_unix(-1.0), None);
        assert_eq!(from_unix(f64::NAN), None);
        assert_eq!(from_unix(1e300), None);
    }
}
