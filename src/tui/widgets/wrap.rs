//! Soft wrapping for read-only text (the thread, the draft under review)
//! that keeps byte offsets, so that findings — byte spans — can be marked in
//! place on the wrapped rows. Widths are terminal cells (`unicode-width`),
//! so wide characters take two cells and are never split.

use std::ops::Range;

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// The rows `text` wraps to at `width` cells, as byte ranges into `text`.
/// Lines break at `\n`; within a line, rows break after the whitespace that
/// ends a word; a word wider than the row is split between graphemes. The
/// newline itself belongs to no row. An empty text is one empty row.
pub fn rows(text: &str, width: usize) -> Vec<Range<usize>> {
    let width = width.max(1);
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split('\n') {
        wrap_line(line, start, width, &mut out);
        start += line.len() + 1;
    }
    out
}

fn wrap_line(line: &str, base: usize, width: usize, out: &mut Vec<Range<usize>>) {
    if line.width() <= width {
        out.push(base..base + line.len());
        return;
    }
    let mut row_start = 0usize;
    let mut row_width = 0usize;
    // Words with their trailing whitespace.
    for (at, word) in words(line) {
        let trimmed = word.trim_end();
        let w = trimmed.width();
        let full = word.width();
        if row_width > 0 && row_width + w > width {
            out.push(base + row_start..base + at);
            row_start = at;
            row_width = 0;
        }
        if w > width {
            // Split a long word between graphemes.
            for (gi, g) in word.grapheme_indices(true) {
                let gw = g.width();
                if row_width > 0 && row_width + gw > width && !g.trim().is_empty() {
                    out.push(base + row_start..base + at + gi);
                    row_start = at + gi;
                    row_width = 0;
                }
                row_width += gw;
            }
        } else {
            row_width += full;
        }
    }
    out.push(base + row_start..base + line.len());
}

/// Each word of `line` with the whitespace after it, and its byte offset.
fn words(line: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut rest = 0;
    std::iter::from_fn(move || {
        if rest >= line.len() {
            return None;
        }
        let s = &line[rest..];
        let word_end = s.find(char::is_whitespace).unwrap_or(s.len());
        let after = &s[word_end..];
        let ws = after.len() - after.trim_start_matches([' ', '\t']).len();
        let end = (word_end + ws).max(s.chars().next().map_or(1, char::len_utf8));
        let at = rest;
        rest += end;
        Some((at, &s[..end]))
    })
}

/// A mark over part of a text: a byte range and how to draw it.
#[derive(Debug, Clone)]
pub struct Mark {
    pub range: Range<usize>,
    pub style: Style,
}

/// One wrapped row of `text` as a styled line: `base` for unmarked text,
/// each mark's style (patched over `base`) where marks cover it. Marks are
/// sorted by start and do not overlap (later ones lose where they do).
/// Control characters are shown as `�` so that nothing reaches the terminal
/// raw.
pub fn styled_row(text: &str, row: Range<usize>, marks: &[Mark], base: Style) -> Line<'static> {
    let mut spans = Vec::new();
    let mut at = row.start;
    let first = marks.partition_point(|m| m.range.end <= row.start);
    for m in &marks[first..] {
        if m.range.start >= row.end {
            break;
        }
        let s = m.range.start.max(at);
        let e = m.range.end.min(row.end);
        if s >= e {
            continue;
        }
        if s > at {
            spans.push(Span::styled(clean(&text[at..s]), base));
        }
        spans.push(Span::styled(clean(&text[s..e]), base.patch(m.style)));
        at = e;
    }
    if at < row.end {
        spans.push(Span::styled(clean(&text[at..row.end]), base));
    }
    Line::from(spans)
}

/// `text` wrapped to `width` cells behind `lead` (a mark, a number): the
/// first row starts with the lead, the rows after it (wrapped, or after a
/// line break) are indented by the lead's width, so a wrapped item keeps
/// its left edge. Each row is drawn in `style`.
pub fn hanging(lead: Span<'static>, text: &str, style: Style, width: usize) -> Vec<Line<'static>> {
    let indent = lead.width();
    rows(text, width.saturating_sub(indent).max(1))
        .into_iter()
        .enumerate()
        .map(|(i, r)| {
            let first = if i == 0 {
                lead.clone()
            } else {
                Span::raw(" ".repeat(indent))
            };
            Line::from(vec![first, Span::styled(clean(text[r].trim_end()), style)])
        })
        .collect()
}

/// Replaces control characters (tabs become spaces) so that text from
/// outside can never move the cursor or change the terminal.
pub fn clean(s: &str) -> String {
    if !s.chars().any(char::is_control) {
        return s.to_string();
    }
    s.chars()
        .map(|c| match c {
            '\t' => ' ',
            c if c.is_control() => '\u{FFFD}',
            c => c,
        })
        .collect()
}

/// Truncates `s` to `width` cells, ending with `…` when cut.
pub fn fit(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_string();
    }
    let mut out = String::new();
    let mut w = 0;
    for g in s.graphemes(true) {
        let gw = g.width();
        if w + gw + 1 > width {
            break;
        }
        out.push_str(g);
        w += gw;
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wrapped(text: &str, width: usize) -> Vec<&str> {
        rows(text, width).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn wraps_at_word_boundaries() {
        assert_eq!(
            wrapped("the quick brown fox jumps", 10),
            ["the quick ", "brown fox ", "jumps"]
        );
    }

    #[test]
    fn keeps_lines_and_empty_lines() {
        assert_eq!(wrapped("a\n\nb", 10), ["a", "", "b"]);
        assert_eq!(wrapped("", 10), [""]);
    }

    #[test]
    fn splits_a_word_longer_than_the_row() {
        assert_eq!(wrapped("abcdefghij xy", 4), ["abcd", "efgh", "ij ", "xy"]);
    }

    #[test]
    fn wide_characters_take_two_cells() {
        assert_eq!(wrapped("日本語のテキスト", 6), ["日本語", "のテキ", "スト"]);
    }

    #[test]
    fn rows_cover_every_byte_but_newlines() {
        let text = "Héllo wörld, this is — a test\nof wrapping 日本 text";
        let total: usize = rows(text, 7).iter().map(|r| r.len()).sum();
        assert_eq!(total, text.len() - 1);
    }

    #[test]
    fn marks_split_a_row_into_spans() {
        let text = "you always do this";
        let marks = [Mark {
            range: 4..10,
            style: Style::new().bold(),
        }];
        let line = styled_row(text, 0..text.len(), &marks, Style::new());
        let parts: Vec<_> = line.spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(parts, ["you ", "always", " do this"]);
    }

    #[test]
    fn a_hanging_item_keeps_its_left_edge() {
        let lines = hanging(Span::raw("1 "), "one two three four", Style::new(), 10);
        let text: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        assert_eq!(text, ["1 one two", "  three", "  four"]);
        let lines = hanging(Span::raw("> "), "a\nb", Style::new(), 10);
        let text: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        assert_eq!(text, ["> a", "  b"]);
    }

    #[test]
    fn control_characters_never_reach_the_screen() {
        assert_eq!(clean("a\u{1b}[2Jb\tc"), "a\u{FFFD}[2Jb c");
    }
}
