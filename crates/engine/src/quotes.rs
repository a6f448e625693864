//! Where the text is not the author's own voice: `>` quoted lines, text in
//! double quotation marks (straight or curly), words in single quotation
//! marks after a word that reports them ("you called it 'ridiculous'"), and
//! code (fenced blocks and inline backticks). "You always" inside a quote
//! is them, not you, so the matcher neither flags nor credits what falls
//! inside these regions.
//!
//! Single marks alone are not enough: they are also scare quotes ("Nice
//! work, 'genius'."), whose words are very much the author's.
//!
//! Two straight marks side by side (`""`) quote nothing: they are how a
//! spreadsheet or a CSV file writes a mark inside a quoted field, so they
//! pair with no other mark. And a pair of marks around the whole draft sets
//! nothing apart from the author's own words: there are no others, so the
//! draft is theirs.

use rustc_hash::FxHashSet;
use std::ops::Range;

/// Quoted regions as sorted, non-overlapping byte ranges.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Quotes {
    regions: Vec<Range<usize>>,
}

/// The longest stretch between two quotation marks taken as a quote: past
/// it, an unmatched mark more likely opened a quote that never closed.
const MAX_QUOTE: usize = 2_000;

/// The longest stretch in single marks taken as a quote (a word or a
/// phrase: past it, the marks are more likely apostrophes).
const MAX_SINGLE: usize = 120;

/// How many words before a single mark may hold the word that reports it
/// ("you feel someone being removed is 'ridiculous'").
const REPORT_REACH: usize = 10;

impl Quotes {
    /// Finds the quoted regions of `text`; `reporting` holds the folded
    /// words that report someone else's words: a phrase in single marks is
    /// a quote only when one of them stands before it in its sentence.
    pub fn find(text: &str, reporting: &FxHashSet<String>) -> Quotes {
        let mut regions = Vec::new();
        let mut in_fence = false;
        let mut fence_start = 0;
        let mut line_start = 0;
        let mut marks = Marks::default();
        let mut pairs = Vec::new();
        let bytes = text.as_bytes();
        while line_start < bytes.len() {
            let line_end =
                memchr::memchr(b'\n', &bytes[line_start..]).map_or(bytes.len(), |p| line_start + p);
            let line = &text[line_start..line_end];
            let trimmed = line.trim_start();
            if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
                if in_fence {
                    regions.push(fence_start..line_end);
                } else {
                    fence_start = line_start;
                }
                in_fence = !in_fence;
            } else if !in_fence {
                if trimmed.starts_with('>') {
                    regions.push(line_start..line_end);
                } else if trimmed.is_empty() {
                    // A blank line closes nothing: drop an unmatched mark.
                    marks.open = None;
                } else {
                    inline(line, line_start, &mut regions);
                    marks.scan(line, line_start, &mut pairs);
                    singles(line, line_start, reporting, &mut regions);
                }
            }
            line_start = line_end + 1;
        }
        if in_fence {
            regions.push(fence_start..text.len());
        }
        let outside = |s: &str| s.chars().all(|c| c.is_whitespace() || is_double_mark(c));
        regions.extend(
            pairs
                .into_iter()
                .filter(|r: &Range<usize>| !(outside(&text[..r.start]) && outside(&text[r.end..]))),
        );
        regions.sort_by_key(|r| (r.start, r.end));
        let mut merged: Vec<Range<usize>> = Vec::with_capacity(regions.len());
        for r in regions {
            match merged.last_mut() {
                Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
                _ => merged.push(r),
            }
        }
        Quotes { regions: merged }
    }

    /// Whether any byte of `span` is quoted.
    pub fn overlaps(&self, span: Range<usize>) -> bool {
        let i = self.regions.partition_point(|r| r.end <= span.start);
        self.regions
            .get(i)
            .is_some_and(|r| r.start < span.end.max(span.start + 1))
    }

    /// The regions, sorted.
    pub fn regions(&self) -> &[Range<usize>] {
        &self.regions
    }
}

/// Inline code between backticks on one line.
fn inline(line: &str, base: usize, regions: &mut Vec<Range<usize>>) {
    let bytes = line.as_bytes();
    let mut from = 0;
    while let Some(open) = memchr::memchr(b'`', &bytes[from..]).map(|p| from + p) {
        match memchr::memchr(b'`', &bytes[open + 1..]).map(|p| open + 1 + p) {
            Some(close) => {
                regions.push(base + open..base + close + 1);
                from = close + 1;
            }
            None => break,
        }
    }
}

/// Words in single quotation marks (`'…'`, `‘…’`) on one line, taken as
/// a quote only when a reporting word ("said", "called", "as they say")
/// stands among the words before them in the same sentence, and is not
/// the author's own ("I said"). An opening mark follows a space or the
/// start and comes before a letter; a closing one follows a letter or a
/// mark and comes before anything but a letter, so the apostrophes of
/// "don't" and "users' data" pair with nothing.
fn singles(line: &str, base: usize, reporting: &FxHashSet<String>, out: &mut Vec<Range<usize>>) {
    if reporting.is_empty() {
        return;
    }
    let bytes = line.as_bytes();
    let is_mark = |c: char| matches!(c, '\'' | '\u{2018}' | '\u{2019}');
    let mut open: Option<usize> = None;
    let mut from = 0;
    // `'` is ASCII; the curly marks start with the byte 0xE2.
    while let Some(i) = memchr::memchr2(b'\'', 0xE2, &bytes[from..]).map(|p| from + p) {
        let c = line[i..].chars().next().unwrap_or(' ');
        from = i + c.len_utf8();
        if !is_mark(c) {
            continue;
        }
        let before = line[..i].chars().next_back();
        let after = line[from..].chars().next();
        let opens = c != '\u{2019}'
            && before.is_none_or(|b| b.is_whitespace() || matches!(b, '(' | '[' | '"' | ':'))
            && after.is_some_and(char::is_alphanumeric);
        let closes = c != '\u{2018}'
            && before.is_some_and(|b| b.is_alphanumeric() || matches!(b, '.' | '!' | '?'))
            && after.is_none_or(|a| !a.is_alphanumeric());
        match open {
            Some(start) if closes => {
                if i - start <= MAX_SINGLE && reported(&line[..start], reporting) {
                    out.push(base + start..base + i + c.len_utf8());
                }
                open = None;
            }
            _ if opens => open = Some(i),
            _ => {}
        }
    }
}

/// Whether the words just before a mark, within its sentence, hold a word
/// that reports someone else's words, not said by "I" or "we".
fn reported(before: &str, reporting: &FxHashSet<String>) -> bool {
    let sentence = before
        .rfind(['.', '!', '?'])
        .map_or(before, |i| &before[i + 1..]);
    let words: Vec<String> = sentence
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '\u{2019}'))
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase().replace('\u{2019}', "'"))
        .collect();
    let from = words.len().saturating_sub(REPORT_REACH);
    (from..words.len()).any(|k| {
        reporting.contains(&words[k]) && !(k > 0 && matches!(words[k - 1].as_str(), "i" | "we"))
    })
}

/// A double quotation mark, straight or curly.
fn is_double_mark(c: char) -> bool {
    matches!(c, '"' | '\u{201C}' | '\u{201D}' | '\u{201E}')
}

/// Pairs of double quotation marks, `"…"` and `“…”`, which may span the
/// lines of one paragraph.
#[derive(Default)]
struct Marks {
    open: Option<(usize, char)>,
}

impl Marks {
    fn scan(&mut self, line: &str, base: usize, regions: &mut Vec<Range<usize>>) {
        let bytes = line.as_bytes();
        let mut from = 0;
        // `"` is ASCII; the curly marks all start with the byte 0xE2.
        while let Some(p) = memchr::memchr2(b'"', 0xE2, &bytes[from..]).map(|p| from + p) {
            let c = line[p..].chars().next().unwrap_or(' ');
            from = p + c.len_utf8().max(1);
            if !is_double_mark(c) {
                continue;
            }
            if c == '"' && bytes.get(from) == Some(&b'"') {
                // `""`: one mark written twice, as CSV does; it pairs with nothing.
                from += 1;
                continue;
            }
            let at = base + p;
            match self.open {
                Some((start, first)) if c != '\u{201C}' || first == '"' => {
                    if at - start <= MAX_QUOTE {
                        regions.push(start..at + c.len_utf8());
                    }
                    self.open = None;
                }
                _ => self.open = Some((at, c)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reporting() -> FxHashSet<String> {
        ["said", "say", "called", "feel", "wrote"]
            .iter()
            .map(|w| w.to_string())
            .collect()
    }

    #[track_caller]
    fn quoted(text: &str) -> Vec<&str> {
        Quotes::find(text, &reporting())
            .regions()
            .iter()
            .map(|r| &text[r.clone()])
            .collect()
    }

    #[test]
    fn angle_bracket_lines_are_quotes() {
        assert_eq!(quoted("> you always\nI hear you"), ["> you always"]);
        assert_eq!(quoted("  >> nested\nme"), ["  >> nested"]);
    }

    #[test]
    fn quotation_marks_pair_up() {
        assert_eq!(
            quoted("you said \"never\" and “always”"),
            ["\"never\"", "“always”"]
        );
        assert_eq!(quoted("a \"lone mark"), Vec::<&str>::new());
    }

    #[test]
    fn single_marks_are_a_quote_only_after_a_reporting_word() {
        assert_eq!(
            quoted("You called it 'ridiculous', but it works."),
            ["'ridiculous'"]
        );
        assert_eq!(
            quoted("I understand that you feel removing him is ‘a joke’ here."),
            ["‘a joke’"]
        );
        assert_eq!(
            quoted("He did not say 'you are on your own' to savers."),
            ["'you are on your own'"]
        );
        // Scare quotes are the author's own words.
        assert_eq!(quoted("Nice work, 'genius'."), Vec::<&str>::new());
        assert_eq!(quoted("I said 'idiot' and I meant it."), Vec::<&str>::new());
        // Apostrophes pair with nothing.
        assert_eq!(
            quoted("You said the users' data isn't 'lost', it's 'moved'."),
            ["'lost'", "'moved'"]
        );
        // A report in an earlier sentence does not reach.
        assert_eq!(
            quoted("You said so. Nice work, 'genius'."),
            Vec::<&str>::new()
        );
    }

    #[test]
    fn marks_around_the_whole_draft_are_the_authors_own_words() {
        assert_eq!(quoted("\"you always do this\""), Vec::<&str>::new());
        assert_eq!(quoted("  “you always do this” \n"), Vec::<&str>::new());
        // Two quotes that begin and end the draft are still two quotes.
        assert_eq!(
            quoted("\"never\" and \"always\""),
            ["\"never\"", "\"always\""]
        );
        assert_eq!(quoted("you said \"never\""), ["\"never\""]);
    }

    #[test]
    fn a_doubled_mark_pairs_with_nothing() {
        assert_eq!(quoted("he said \"\" and left"), Vec::<&str>::new());
        assert_eq!(
            quoted("\"he said \"\"no way\"\" and left\""),
            Vec::<&str>::new()
        );
        assert_eq!(quoted("a \"\" b \"c\""), ["\"c\""]);
    }

    #[test]
    fn an_unclosed_mark_does_not_swallow_the_next_paragraph() {
        assert_eq!(quoted("a \"lone\n\nand \"b\""), ["\"b\""]);
    }

    #[test]
    fn code_is_not_the_authors_voice() {
        assert_eq!(
            quoted("run `rm -rf`\n```\nyou always\n```\nok"),
            ["`rm -rf`", "```\nyou always\n```"]
        );
    }

    #[test]
    fn overlap_checks_spans() {
        let q = Quotes::find("ab \"cd\" ef", &reporting());
        assert!(q.overlaps(4..6));
        assert!(!q.overlaps(0..2));
        assert!(!q.overlaps(8..10));
        assert!(q.overlaps(2..4));
    }
}
