//! Timestamps as people and machines read them. Machines: RFC 3339 in UTC
//! (`2026-11-25T07:52:51Z`), which also sorts as text. People: one form on
//! every screen, `15 Mar 2016 12:05` (a date alone: `15 Mar 2016`), in the
//! local time zone whenever the zone of the time is known; a time whose
//! zone nobody stated ("On 15/03/2016 12:05, … wrote" in pasted text) is
//! put in the same form as it is, without guessing a zone. What counts as
//! a date is read by `thread::time`, the same reader the importers use.

use jiff::tz::TimeZone;

/// The form of a date and time on screen.
const READABLE: &str = "%-d %b %Y %H:%M";
/// The form of a date alone on screen.
const READABLE_DATE: &str = "%-d %b %Y";

/// `ts` in the readable form, times with a known zone shown in `tz`;
/// `None` when it is in no form tactful reads (the caller shows it as it
/// is).
pub fn readable_in(ts: &str, tz: &TimeZone) -> Option<String> {
    let w = crate::thread::time::read(ts)?;
    if let Some(t) = w.instant() {
        return Some(
            t.to_zoned_datetime(tz.clone())
                .strftime(READABLE)
                .to_string(),
        );
    }
    Some(match w.civil() {
        Some(dt) => dt.strftime(READABLE).to_string(),
        None => w.date.strftime(READABLE_DATE).to_string(),
    })
}

/// `ts` in the readable form in the local time zone, or as it is.
pub fn readable(ts: &str) -> String {
    readable_in(ts, &TimeZone::system()).unwrap_or_else(|| ts.to_string())
}

/// The local date of an RFC 3339 timestamp, readable (`25 Nov 2026`).
pub fn readable_date(ts: &str) -> String {
    readable_date_in(ts, &TimeZone::system())
}

/// The date of an RFC 3339 timestamp in `tz`, readable; the text as it is
/// when it is not one.
pub fn readable_date_in(ts: &str, tz: &TimeZone) -> String {
    match ts.trim().parse::<jiff::Timestamp>() {
        Ok(t) => t
            .to_zoned_datetime(tz.clone())
            .strftime(READABLE_DATE)
            .to_string(),
        Err(_) => date(ts).to_string(),
    }
}

/// RFC 3339 in UTC for seconds since the Unix epoch.
pub fn rfc3339(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem / 60 % 60,
        rem % 60
    )
}

/// The date part (`2026-11-25`) of an RFC 3339 timestamp.
pub fn date(ts: &str) -> &str {
    ts.get(..10).unwrap_or(ts)
}

/// Year, month, day of a day count since 1970-01-01 (proleptic Gregorian).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_instants() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339(1_795_593_171), "2026-11-25T07:52:51Z");
        assert_eq!(date("2026-11-25T07:52:51Z"), "2026-11-25");
    }

    #[test]
    fn every_date_reads_one_way_and_machine_times_in_the_local_zone() {
        let utc = TimeZone::UTC;
        let plus2 = TimeZone::fixed(jiff::tz::offset(2));
        // Machine times: converted to the zone shown.
        assert_eq!(
            readable_in("2016-03-15T12:05:48Z", &utc).unwrap(),
            "15 Mar 2016 12:05"
        );
        assert_eq!(
            readable_in("2016-03-15T12:05:48Z", &plus2).unwrap(),
            "15 Mar 2016 14:05"
        );
        assert_eq!(
            readable_in("2013-02-04T15:26:26.278-05:00", &utc).unwrap(),
            "4 Feb 2013 20:26"
        );
        // Written by people, no zone: the same form, the time as written.
        assert_eq!(
            readable_in("15/03/2016 12:05", &plus2).unwrap(),
            "15 Mar 2016 12:05"
        );
        assert_eq!(
            readable_in("04/02/2012 06:26 PM", &plus2).unwrap(),
            "2 Apr 2012 18:26"
        );
        assert_eq!(
            readable_in("Mon, Nov 16, 2015 at 3:12 PM", &utc).unwrap(),
            "16 Nov 2015 15:12"
        );
        assert_eq!(readable_in("2015-11-14", &utc).unwrap(), "14 Nov 2015");
        // Quoted in a mail, in the zone of the mail that quotes it: shown
        // in the reader's zone like any machine time.
        assert_eq!(
            readable_in("2024-03-04T22:02:00+01:00", &plus2).unwrap(),
            "4 Mar 2024 23:02"
        );
        assert_eq!(
            readable_in("22 Aug 2015, at 19:21", &plus2).unwrap(),
            "22 Aug 2015 19:21"
        );
        // Unknown forms are left to the caller, who shows them as they are.
        assert_eq!(readable_in("yesterday", &utc), None);
        assert_eq!(readable_in("07:40", &utc), None);
        assert_eq!(
            readable_date_in("2026-11-25T23:52:51Z", &plus2),
            "26 Nov 2026"
        );
    }
}
