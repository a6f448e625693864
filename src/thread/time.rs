//! Times as ISO 8601 strings. Sources that give Unix seconds (Reddit,
//! Hacker News) are converted here so every format reads the same.

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

#[cfg(test)]
mod tests {
    use super::from_unix;

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
