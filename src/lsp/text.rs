//! An open buffer's text and the translation between the engine's byte
//! offsets and the protocol's positions.
//!
//! The engine speaks in half-open **byte** ranges into UTF-8 text. The
//! protocol speaks in 0-based lines and "characters" counted in the code
//! units of the encoding the client and server agreed on at initialisation:
//! UTF-16 unless both said otherwise (`é` is one UTF-16 unit and two bytes,
//! `’` one unit and three bytes, `🙂` two units and four bytes). Lines end at
//! `\n`, `\r\n` or a lone `\r`, as the protocol says.
//!
//! These are not the engine's `tactful_engine::text::LineIndex` positions,
//! which people read (`check`'s `file:line:col`, pack errors): those are
//! 1-based, lines end at `\n`, and columns count characters.
//!
//! Written by hand because this is the one piece the protocol crates leave
//! to every server, and its rules (clamping past a line's end, a position
//! that falls inside a surrogate pair) are ours to decide.

use std::ops::Range;

/// How positions count characters within a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 code units: bytes.
    Utf8,
    /// UTF-16 code units: the protocol's default.
    Utf16,
}

impl Encoding {
    /// Code units of one character.
    fn units(self, c: char) -> u32 {
        match self {
            Encoding::Utf8 => c.len_utf8() as u32,
            Encoding::Utf16 => c.len_utf16() as u32,
        }
    }

    /// The name the protocol uses (`positionEncoding`).
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf16 => "utf-16",
        }
    }
}

/// A 0-based line and a code-unit offset within it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pos {
    pub line: u32,
    pub character: u32,
}

/// A buffer's text with the byte offset of every line start.
#[derive(Debug, Clone)]
pub struct Text {
    text: String,
    /// Byte offset of the first character of every line; always starts
    /// with 0, and a text ending in a line break has an empty last line.
    starts: Vec<usize>,
}

impl Text {
    pub fn new(text: String) -> Text {
        let starts = line_starts(&text);
        Text { text, starts }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Number of lines (a final line break opens one more, empty line).
    #[cfg(test)]
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// Bytes of line `line` without its line break.
    pub fn line_range(&self, line: usize) -> Range<usize> {
        let start = self.starts[line];
        let mut end = self
            .starts
            .get(line + 1)
            .copied()
            .unwrap_or(self.text.len());
        let bytes = self.text.as_bytes();
        if end > start && bytes[end - 1] == b'\n' {
            end -= 1;
        }
        if end > start && bytes[end - 1] == b'\r' {
            end -= 1;
        }
        start..end
    }

    /// The protocol position of a byte offset. An offset inside a character
    /// counts as the start of that character; one past the end is the end.
    pub fn position(&self, offset: usize, enc: Encoding) -> Pos {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let range = self.line_range(line);
        // An offset between "\r" and "\n" (or at a line break) is the end of
        // the line's text.
        let upto = offset.min(range.end);
        let character = self.text[range.start..upto]
            .chars()
            .map(|c| enc.units(c))
            .sum();
        Pos {
            line: line as u32,
            character,
        }
    }

    /// The positions of many byte offsets in one sweep through the text,
    /// in the order given: a 5,000-word buffer on one line has hundreds of
    /// findings, and converting each from its line's start would read the
    /// line once per finding.
    pub fn positions(&self, offsets: &[usize], enc: Encoding) -> Vec<Pos> {
        let mut order: Vec<usize> = (0..offsets.len()).collect();
        order.sort_by_key(|&i| offsets[i]);
        let mut out = vec![
            Pos {
                line: 0,
                character: 0
            };
            offsets.len()
        ];
        // Where the sweep stands: a line, a byte in it, the units before it.
        let (mut line, mut at, mut units) = (usize::MAX, 0usize, 0u32);
        for i in order {
            let mut offset = offsets[i].min(self.text.len());
            while !self.text.is_char_boundary(offset) {
                offset -= 1;
            }
            let l = self.starts.partition_point(|&s| s <= offset) - 1;
            if l != line {
                (line, at, units) = (l, self.starts[l], 0);
            }
            let upto = offset.min(self.line_range(l).end);
            if upto > at {
                units += self.text[at..upto]
                    .chars()
                    .map(|c| enc.units(c))
                    .sum::<u32>();
                at = upto;
            }
            out[i] = Pos {
                line: l as u32,
                character: units,
            };
        }
        out
    }

    /// The byte offset of a protocol position. A line past the end is the
    /// end of the text; a character past the line's end is the line's end
    /// (the protocol asks servers to clamp); a character that falls inside
    /// a character's code units (half of a surrogate pair) moves back to its
    /// start.
    pub fn offset(&self, pos: Pos, enc: Encoding) -> usize {
        let line = pos.line as usize;
        if line >= self.starts.len() {
            return self.text.len();
        }
        let range = self.line_range(line);
        let mut left = pos.character;
        for (i, c) in self.text[range.clone()].char_indices() {
            let u = enc.units(c);
            if left < u {
                return range.start + i;
            }
            left -= u;
        }
        range.end
    }

    /// Byte range of a protocol range, start and end ordered.
    pub fn byte_range(&self, start: Pos, end: Pos, enc: Encoding) -> Range<usize> {
        let (a, b) = (self.offset(start, enc), self.offset(end, enc));
        a.min(b)..a.max(b)
    }

    /// Replaces a byte range (an edit from the client).
    pub fn replace(&mut self, range: Range<usize>, with: &str) {
        self.text.replace_range(range, with);
        self.starts = line_starts(&self.text);
    }
}

fn line_starts(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut starts = vec![0];
    let mut i = 0;
    while let Some(p) = memchr::memchr2(b'\n', b'\r', &bytes[i..]) {
        let at = i + p;
        let next = if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') {
            at + 2
        } else {
            at + 1
        };
        starts.push(next);
        i = next;
    }
    starts
}

/// The smallest replacement that turns `old` into `new`: the byte range of
/// `old` to replace and the text to put there (the common prefix and
/// suffix are kept, cut at character boundaries).
pub fn diff(old: &str, new: &str) -> (Range<usize>, String) {
    let (a, b) = (old.as_bytes(), new.as_bytes());
    let mut prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    while !old.is_char_boundary(prefix) || !new.is_char_boundary(prefix) {
        prefix -= 1;
    }
    let max_suffix = a.len().min(b.len()) - prefix;
    let mut suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take(max_suffix)
        .take_while(|(x, y)| x == y)
        .count();
    while !old.is_char_boundary(a.len() - suffix) || !new.is_char_boundary(b.len() - suffix) {
        suffix -= 1;
    }
    (
        prefix..a.len() - suffix,
        new[prefix..b.len() - suffix].to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(line: u32, character: u32) -> Pos {
        Pos { line, character }
    }

    #[test]
    fn utf16_counts_surrogate_pairs_and_utf8_counts_bytes() {
        // é: 2 bytes, 1 unit; ’: 3 bytes, 1 unit; 🙂: 4 bytes, 2 units.
        let t = Text::new("café’s 🙂 you always\nnext".to_string());
        let at = t.as_str().find("you").unwrap();
        assert_eq!(at, 15);
        assert_eq!(t.position(at, Encoding::Utf16), p(0, 10));
        assert_eq!(t.position(at, Encoding::Utf8), p(0, 15));
        assert_eq!(t.offset(p(0, 10), Encoding::Utf16), at);
        assert_eq!(t.offset(p(0, 15), Encoding::Utf8), at);
        let next = t.as_str().find("next").unwrap();
        assert_eq!(t.position(next, Encoding::Utf16), p(1, 0));
        assert_eq!(t.offset(p(1, 2), Encoding::Utf16), next + 2);
    }

    #[test]
    fn every_char_boundary_round_trips() {
        let t = Text::new("é’🙂\r\nab\rc\n\n🙂x".to_string());
        for enc in [Encoding::Utf8, Encoding::Utf16] {
            for (i, _) in t.as_str().char_indices() {
                let pos = t.position(i, enc);
                let back = t.offset(pos, enc);
                // Between \r and \n is not a place a cursor can be.
                if !t.as_str()[..i].ends_with('\r') || !t.as_str()[i..].starts_with('\n') {
                    assert!(
                        back == i || t.as_str()[back..i].chars().all(|c| c == '\r' || c == '\n'),
                        "{enc:?} {i} -> {pos:?} -> {back}"
                    );
                }
            }
        }
    }

    #[test]
    fn positions_in_one_sweep_match_one_at_a_time() {
        let t = Text::new("é’🙂 you\r\nab\rc 🙂 d\n\n🙂x".to_string());
        let mut offsets: Vec<usize> = (0..=t.as_str().len() + 2).rev().collect();
        offsets.push(3);
        for enc in [Encoding::Utf8, Encoding::Utf16] {
            let swept = t.positions(&offsets, enc);
            for (o, p) in offsets.iter().zip(swept) {
                assert_eq!(p, t.position(*o, enc), "{enc:?} at {o}");
            }
        }
    }

    #[test]
    fn crlf_and_lone_cr_end_lines() {
        let t = Text::new("a\r\nb\rc\n".to_string());
        assert_eq!(t.line_count(), 4);
        assert_eq!(t.line_range(0), 0..1);
        assert_eq!(t.line_range(1), 3..4);
        assert_eq!(t.line_range(2), 5..6);
        assert_eq!(t.line_range(3), 7..7);
        assert_eq!(t.position(6, Encoding::Utf16), p(2, 1));
        assert_eq!(t.position(7, Encoding::Utf16), p(3, 0));
    }

    #[test]
    fn positions_past_the_end_are_clamped() {
        let t = Text::new("ab\ncd".to_string());
        assert_eq!(t.offset(p(0, 99), Encoding::Utf16), 2);
        assert_eq!(t.offset(p(7, 0), Encoding::Utf16), 5);
        assert_eq!(t.position(99, Encoding::Utf16), p(1, 2));
    }

    #[test]
    fn half_a_surrogate_pair_moves_back_to_the_character() {
        let t = Text::new("a🙂b".to_string());
        assert_eq!(t.offset(p(0, 2), Encoding::Utf16), 1);
        assert_eq!(t.offset(p(0, 3), Encoding::Utf16), 5);
        assert_eq!(t.offset(p(0, 3), Encoding::Utf8), 1);
    }

    #[test]
    fn replace_keeps_the_line_index() {
        let mut t = Text::new("one\ntwo".to_string());
        let r = t.byte_range(p(0, 3), p(1, 0), Encoding::Utf16);
        t.replace(r, " é ");
        assert_eq!(t.as_str(), "one é two");
        assert_eq!(t.line_count(), 1);
        assert_eq!(t.position(9, Encoding::Utf16), p(0, 8));
    }

    #[test]
    fn diff_finds_the_smallest_change_at_character_boundaries() {
        assert_eq!(
            diff("You always ignore it.", "You often ignore it."),
            (4..10, "often".to_string())
        );
        assert_eq!(diff("abc", "abc"), (3..3, String::new()));
        assert_eq!(diff("aé", "aè"), (1..3, "è".to_string()));
        assert_eq!(diff("xx", "xxx"), (2..2, "x".to_string()));
        // A shared byte inside different characters is not a boundary.
        assert_eq!(diff("’", "‘"), (0..3, "‘".to_string()));
    }
}
