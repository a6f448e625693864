//! Times as sources and people write them, read into one form.
//!
//! Every message time leaves an import as ISO 8601 (see
//! [`super::Message::time`]):
//!
//! - `2024-03-04T22:02:00+01:00` (or `…Z`) when the zone is known: the
//!   source stated it (a JSON export, a mail's `Date:`, "… 09:12 +0100"),
//!   or the time is quoted in a mail ("On 4 Mar 2024, at 22:02, Marta
//!   wrote:") and takes the zone of the mail that quotes it, because mail
//!   clients write that line in the replying person's local time;
//! - `2024-03-04T22:02:00`, without an offset, when nothing says which zone
//!   it is in: it is shown as written and never converted;
//! - `2024-03-04` for a date without a time of day;
//! - the text as written when it cannot be read as a date at all.
//!
//! Reading is by hand because no crate reads what mail clients write in
//! their attribution lines across languages ("4 mars 2024 à 22:02",
//! "04.03.2024 um 22:02", "Mon, Mar 4, 2024 at 10:02 PM"): jiff does the
//! calendar arithmetic, this module finds the day, month, year, time and
//! zone among the words. Sources that give Unix seconds (Reddit, Hacker
//! News) are converted by [`from_unix`].

use std::time::{Duration, UNIX_EPOCH};

use jiff::civil::{Date, DateTime, Time};
use jiff::tz::{Offset, TimeZone};

/// A time read from text: a date, maybe a time of day, maybe the zone the
/// text stated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    pub date: Date,
    pub time: Option<Time>,
    pub offset: Option<Offset>,
}

impl Written {
    /// The instant, when the text gave a time of day and its zone.
    pub fn instant(&self) -> Option<jiff::Timestamp> {
        let dt = self.date.to_datetime(self.time?);
        TimeZone::fixed(self.offset?).to_timestamp(dt).ok()
    }

    /// The date and time as written (in the zone it was written in).
    pub fn civil(&self) -> Option<DateTime> {
        Some(self.date.to_datetime(self.time?))
    }
}

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

/// Unix seconds of a time whose zone is known (`2024-03-04T10:00:00Z`,
/// `Tue, 5 Mar 2024 08:14:22 +0100`); `None` for a date alone, a time
/// without a zone, or anything that is not a time.
pub(crate) fn timestamp(text: &str) -> Option<i64> {
    read(text)?.instant().map(|t| t.as_second())
}

/// The offset a time states, if it is a time with a zone.
pub(crate) fn offset_of(text: &str) -> Option<Offset> {
    read(text)?.offset
}

/// `text` in the import's one form (see the module documentation), with
/// `assumed` as its zone when it states none; `None` when it is not a date.
pub(crate) fn normalise(text: &str, assumed: Option<Offset>) -> Option<String> {
    let w = read(text)?;
    let Some(time) = w.time else {
        return Some(w.date.strftime("%Y-%m-%d").to_string());
    };
    let dt = w.date.to_datetime(time);
    Some(match w.offset.or(assumed) {
        Some(offset) => {
            let zoned = dt.to_zoned_datetime(TimeZone::fixed(offset)).ok()?;
            if offset == Offset::UTC {
                zoned.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
            } else {
                zoned.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
            }
        }
        None => dt.strftime("%Y-%m-%dT%H:%M:%S").to_string(),
    })
}

/// A message time as it leaves an import: machine times (RFC 3339) as
/// given, anything else read into the one form with `assumed` as its zone
/// when it states none, or kept as written when it is no date.
pub(crate) fn tidy(text: String, assumed: Option<Offset>) -> String {
    if text.parse::<jiff::Timestamp>().is_ok() {
        return text;
    }
    normalise(&text, assumed).unwrap_or(text)
}

/// A piece of a time as written.
#[derive(Debug, Clone, PartialEq)]
enum Tok {
    /// Digits.
    Num(String),
    /// Letters, lowercased, without a trailing dot.
    Word(String),
    /// Anything else but spaces: `-`, `/`, `.`, `:`, `,`, `+`, `(`, …
    Sep(char),
}

fn tokens(text: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_ascii_digit() {
            let mut s = String::new();
            while let Some(&d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                s.push(d);
                chars.next();
            }
            out.push(Tok::Num(s));
        } else if c.is_alphabetic() {
            let mut s = String::new();
            while let Some(&d) = chars.peek().filter(|d| d.is_alphabetic()) {
                s.extend(d.to_lowercase());
                chars.next();
            }
            out.push(Tok::Word(s));
        } else {
            if !c.is_whitespace() {
                out.push(Tok::Sep(c));
            }
            chars.next();
        }
    }
    out
}

/// Month names and their short forms in the languages of the mail
/// clients' attribution lines `quotes` reads (English, German, French,
/// Spanish, Italian, Dutch, Portuguese, Swedish). A word is a month when
/// it is one of these or the first three or more letters of one.
const MONTHS: [&[&str]; 12] = [
    &[
        "january", "januar", "janvier", "enero", "gennaio", "januari", "janeiro", "jänner",
    ],
    &[
        "february",
        "februar",
        "février",
        "febrero",
        "febbraio",
        "februari",
        "fevereiro",
    ],
    &[
        "march", "märz", "mars", "marzo", "maart", "março", "mrz", "mrt",
    ],
    &["april", "avril", "abril", "aprile"],
    &["may", "mai", "mayo", "maggio", "mei", "maio", "maj"],
    &["june", "juni", "juin", "junio", "giugno", "junho"],
    &["july", "juli", "juillet", "julio", "luglio", "julho"],
    &["august", "août", "agosto", "augustus", "augusti"],
    &[
        "september",
        "septembre",
        "septiembre",
        "settembre",
        "setembro",
    ],
    &[
        "october", "oktober", "octobre", "octubre", "ottobre", "outubro",
    ],
    &["november", "novembre", "noviembre"],
    &[
        "december",
        "dezember",
        "décembre",
        "diciembre",
        "dicembre",
        "dezembro",
    ],
];

fn month(word: &str) -> Option<i8> {
    if word.chars().count() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|names| names.iter().any(|name| name.starts_with(word)))
        .map(|i| i as i8 + 1)
}

/// Zones mail still writes by name (RFC 5322's obsolete US zones and the
/// European ones), in hours from UTC.
fn named_zone(word: &str) -> Option<i8> {
    Some(match word {
        "z" | "utc" | "gmt" | "ut" => 0,
        "est" => -5,
        "edt" => -4,
        "cst" => -6,
        "cdt" => -5,
        "mst" => -7,
        "mdt" => -6,
        "pst" => -8,
        "pdt" => -7,
        "wet" => 0,
        "west" | "cet" => 1,
        "cest" | "eet" => 2,
        "eest" => 3,
        _ => return None,
    })
}

fn num(t: Option<&Tok>) -> Option<&str> {
    match t {
        Some(Tok::Num(n)) => Some(n),
        _ => None,
    }
}

/// `+0100`, `+01:00`, `-05`, at `toks[i]` (the sign); the offset and the
/// tokens it took.
fn signed_offset(toks: &[Tok], i: usize) -> Option<(Offset, usize)> {
    let sign = match toks.get(i)? {
        Tok::Sep('+') => 1,
        Tok::Sep('-') | Tok::Sep('−') => -1,
        _ => return None,
    };
    let digits = num(toks.get(i + 1))?;
    let (hours, minutes, used) = match digits.len() {
        4 => (digits[..2].parse().ok()?, digits[2..].parse().ok()?, 2),
        1 | 2 => match (toks.get(i + 2), num(toks.get(i + 3))) {
            (Some(Tok::Sep(':')), Some(m)) if m.len() == 2 => {
                (digits.parse().ok()?, m.parse().ok()?, 4)
            }
            _ => (digits.parse().ok()?, 0, 2),
        },
        _ => return None,
    };
    let (hours, minutes): (i32, i32) = (hours, minutes);
    if hours > 14 || minutes > 59 {
        return None;
    }
    let seconds = sign * (hours * 3600 + minutes * 60);
    Some((Offset::from_seconds(seconds).ok()?, used))
}

/// Reads a date (and a time of day and a zone, when the text has them)
/// from what a source or a person wrote; `None` when it holds no date.
///
/// A numeric date `a/b/y` is read day first (`15/03/2016`), unless a
/// 12-hour clock says it is American (`04/02/2012 06:26 PM` is 2 April),
/// or the day-first reading cannot be a date (`03/15/2016`). `a.b.y` is
/// always day first, `yyyy-mm-dd` always year first; a two-digit year is
/// 20yy. Weekdays and the words around a date ("at", "um", "à", "a las")
/// are skipped.
pub fn read(text: &str) -> Option<Written> {
    let toks = tokens(text);
    let mut date: Option<(i16, i8, i8)> = None;
    // A numeric date whose order waits for the clock: (a, b, year).
    let mut numeric: Option<(i16, i16, i16, char)> = None;
    let (mut day, mut year): (Option<i8>, Option<i16>) = (None, None);
    // Month words and whether a number stands beside them: "mar" is also
    // Tuesday in Spanish, French and Italian ("mar, 5 abr 2024"), and the
    // month is the word beside the day or the year.
    let mut months: Vec<(i8, bool)> = Vec::new();
    let mut time: Option<(i8, i8, i8)> = None;
    let mut twelve: Option<bool> = None;
    let mut offset: Option<Offset> = None;
    let mut i = 0;
    while i < toks.len() {
        match &toks[i] {
            Tok::Num(a) => {
                let sep = |k: usize| match toks.get(k) {
                    Some(Tok::Sep(c)) => Some(*c),
                    _ => None,
                };
                // A time of day: h:mm[:ss[.fff]] [am|pm] [zone].
                if time.is_none()
                    && a.len() <= 2
                    && sep(i + 1) == Some(':')
                    && let Some(m) = num(toks.get(i + 2)).filter(|m| m.len() == 2)
                {
                    let h: i8 = a.parse().ok()?;
                    let m: i8 = m.parse().ok()?;
                    let mut s = 0;
                    let mut k = i + 3;
                    if sep(k) == Some(':')
                        && let Some(sec) = num(toks.get(k + 1)).filter(|s| s.len() == 2)
                    {
                        s = sec.parse().ok()?;
                        k += 2;
                        // Fractions of a second are dropped.
                        if sep(k) == Some('.') && num(toks.get(k + 1)).is_some() {
                            k += 2;
                        }
                    }
                    time = Some((h, m, s));
                    // AM or PM, also written "a.m." and "p.m.".
                    match toks.get(k) {
                        Some(Tok::Word(w)) if w == "am" || w == "pm" => {
                            twelve = Some(w == "pm");
                            k += 1;
                        }
                        Some(Tok::Word(w))
                            if (w == "a" || w == "p")
                                && sep(k + 1) == Some('.')
                                && matches!(toks.get(k + 2), Some(Tok::Word(m)) if m == "m") =>
                        {
                            twelve = Some(w == "p");
                            k += 3;
                            if sep(k) == Some('.') {
                                k += 1;
                            }
                        }
                        _ => {}
                    }
                    // The zone: a name ("GMT", "Z"), maybe with an offset
                    // after it, or an offset alone.
                    if let Some(Tok::Word(w)) = toks.get(k)
                        && let Some(h) = named_zone(w)
                    {
                        offset = Some(Offset::constant(h));
                        k += 1;
                    }
                    if let Some((o, used)) = signed_offset(&toks, k) {
                        offset = Some(o);
                        k += used;
                    }
                    i = k;
                    continue;
                }
                // A numeric date: a-b-c, a/b/c or a.b.c.
                if let Some(s) = sep(i + 1).filter(|c| matches!(c, '-' | '/' | '.'))
                    && let Some(b) = num(toks.get(i + 2))
                    && sep(i + 3) == Some(s)
                    && let Some(c) = num(toks.get(i + 4))
                    && date.is_none()
                    && numeric.is_none()
                {
                    let (a_n, b_n, c_n): (i16, i16, i16) =
                        (a.parse().ok()?, b.parse().ok()?, c.parse().ok()?);
                    if a.len() == 4 {
                        date = Some((a_n, b_n as i8, c_n as i8));
                    } else if c.len() == 4 || c.len() == 2 {
                        numeric = Some((a_n, b_n, full_year(c_n, c.len()), s));
                    }
                    i += 5;
                    continue;
                }
                match a.len() {
                    4 if year.is_none() => year = a.parse().ok(),
                    1 | 2 if day.is_none() => day = a.parse().ok(),
                    // A two-digit year after a day ("4 Mar 24").
                    2 if year.is_none() => year = a.parse().ok().map(|y| full_year(y, 2)),
                    _ => {}
                }
            }
            Tok::Word(w) => {
                if let Some(m) = month(w) {
                    let is_num =
                        |k: Option<usize>| matches!(k.and_then(|k| toks.get(k)), Some(Tok::Num(_)));
                    let is_sep = |k: Option<usize>, seps: &[char]| matches!(k.and_then(|k| toks.get(k)), Some(Tok::Sep(c)) if seps.contains(c));
                    // "4 mars", "4. März", "Mar 4", "mrt. 2024", "Mar, 4".
                    let beside = is_num(i.checked_sub(1))
                        || (is_sep(i.checked_sub(1), &['.']) && is_num(i.checked_sub(2)))
                        || is_num(Some(i + 1))
                        || (is_sep(Some(i + 1), &['.', ',']) && is_num(Some(i + 2)));
                    months.push((m, beside));
                }
            }
            Tok::Sep(_) => {}
        }
        i += 1;
    }
    let (y, m, d) = match (date, numeric) {
        (Some(ymd), _) => ymd,
        (None, Some((a, b, y, sep))) => {
            let us = sep == '/' && twelve.is_some();
            let (d, m) = if us { (b, a) } else { (a, b) };
            // Day first cannot be a date (the 15th month): month first.
            let (d, m) = if m > 12 && d <= 12 { (m, d) } else { (d, m) };
            (y, m as i8, d as i8)
        }
        (None, None) => {
            let mon = months
                .iter()
                .rfind(|(_, beside)| *beside)
                .or(months.last())
                .map(|(m, _)| *m);
            (year?, mon?, day?)
        }
    };
    let date = Date::new(y, m, d).ok()?;
    let time = match time {
        Some((h, m, s)) => {
            let h = match twelve {
                Some(pm) if (1..=12).contains(&h) => h % 12 + if pm { 12 } else { 0 },
                Some(_) => return None,
                None => h,
            };
            Some(Time::new(h, m, s, 0).ok()?)
        }
        None => None,
    };
    Some(Written {
        date,
        time,
        offset: time.and(offset),
    })
}

/// A year written with `digits` digits: two-digit years are this century's.
fn full_year(y: i16, digits: usize) -> i16 {
    if digits == 2 { 2000 + y } else { y }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn norm(text: &str) -> Option<String> {
        normalise(text, None)
    }

    #[test]
    fn iso_times_with_offsets_compare_as_instants() {
        assert_eq!(timestamp("2016-09-25T22:25:36Z"), Some(1474842336));
        assert_eq!(timestamp("2016-09-25T23:25:36.000+01:00"), Some(1474842336));
        assert_eq!(timestamp("2016-09-25T17:25:36-05:00"), Some(1474842336));
        assert_eq!(
            timestamp("Sun, 25 Sep 2016 23:25:36 +0100"),
            Some(1474842336)
        );
        assert_eq!(timestamp("Mon, 4 Mar 2024"), None);
        assert_eq!(timestamp("2024-13-45T99:00:00Z"), None);
        assert_eq!(timestamp("2024-03-04"), None);
        // A time without a zone is no instant: it is never read as UTC.
        assert_eq!(timestamp("2024-03-04T22:02:00"), None);
        assert_eq!(timestamp("4 Mar 2024, at 22:02"), None);
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

    #[test]
    fn what_mail_clients_write_is_read_in_every_language_they_write_it() {
        let cases = [
            // Apple Mail, Gmail, Outlook, Thunderbird.
            ("4 Mar 2024, at 22:02", "2024-03-04T22:02:00"),
            ("22 Aug 2015, at 19:21", "2015-08-22T19:21:00"),
            ("Mon, Mar 4, 2024 at 10:02 PM", "2024-03-04T22:02:00"),
            ("Monday, March 4, 2024 10:02 PM", "2024-03-04T22:02:00"),
            (
                "Tue, 2024-03-05 at 09:12 +0100",
                "2024-03-05T09:12:00+01:00",
            ),
            ("2024-03-04 22:02 GMT+01:00", "2024-03-04T22:02:00+01:00"),
            (
                "Tue, 5 Mar 2024 08:14:22 -0800 (PST)",
                "2024-03-05T08:14:22-08:00",
            ),
            ("Tue, 5 Mar 2024 08:14:22 GMT", "2024-03-05T08:14:22Z"),
            // German, French, Spanish, Italian, Dutch.
            ("04.03.2024 um 22:02", "2024-03-04T22:02:00"),
            ("4 mars 2024 à 22:02", "2024-03-04T22:02:00"),
            ("lun, 4 mar 2024 a las 22:02", "2024-03-04T22:02:00"),
            ("lun 4 dic 2023 alle ore 09:30", "2023-12-04T09:30:00"),
            ("mar, 5 abr 2024 a las 9:30", "2024-04-05T09:30:00"),
            ("mar. 5 mars 2024 à 09:30", "2024-03-05T09:30:00"),
            ("ma 4 mrt. 2024 om 22:02", "2024-03-04T22:02:00"),
            // Numbers: day first, unless a 12-hour clock or the numbers
            // say otherwise.
            ("15/03/2016 12:05", "2016-03-15T12:05:00"),
            ("04/02/2012 06:26 PM", "2012-04-02T18:26:00"),
            ("03/15/2016 12:05", "2016-03-15T12:05:00"),
            ("3/4/24", "2024-04-03"),
            ("2015-11-14", "2015-11-14"),
            ("2013-02-04T15:26:26.278-05:00", "2013-02-04T15:26:26-05:00"),
            ("12:30 a.m., 1 May 2024", "2024-05-01T00:30:00"),
        ];
        for (text, want) in cases {
            assert_eq!(norm(text).as_deref(), Some(want), "{text}");
        }
        for text in [
            "yesterday",
            "07:40",
            "",
            "a long time ago",
            "13:75 on 4 Mar 2024",
        ] {
            assert_eq!(norm(text), None, "{text}");
        }
    }

    #[test]
    fn a_time_without_a_zone_takes_the_zone_it_is_given_and_a_stated_zone_wins() {
        let plus1 = Some(Offset::constant(1));
        assert_eq!(
            normalise("4 Mar 2024, at 22:02", plus1).as_deref(),
            Some("2024-03-04T22:02:00+01:00")
        );
        assert_eq!(
            normalise("2024-03-04 22:02 GMT-05:00", plus1).as_deref(),
            Some("2024-03-04T22:02:00-05:00")
        );
        // A date alone has no zone to take.
        assert_eq!(
            normalise("2024-03-04", plus1).as_deref(),
            Some("2024-03-04")
        );
    }

    #[test]
    fn machine_times_leave_as_given_and_other_text_as_written() {
        assert_eq!(
            tidy("2024-03-04T10:00:00.000Z".into(), None),
            "2024-03-04T10:00:00.000Z"
        );
        assert_eq!(tidy("a while back".into(), None), "a while back");
        assert_eq!(
            tidy("Tue, 5 Mar 2024 08:14:22 +0100".into(), None),
            "2024-03-05T08:14:22+01:00"
        );
    }
}
