//! Folding text into a token stream the matcher can search.
//!
//! Patterns are phrase-level, so the matcher does not search the raw text:
//! it searches a *folded* copy in which every token is lower-case, every
//! apostrophe is `'`, soft punctuation (commas, quotation marks, dashes,
//! brackets) is gone and tokens are separated by exactly one space, with a
//! space before the first and after the last. A phrase `" you always "`
//! therefore only ever matches whole tokens, whatever the spacing, line
//! breaks, case or apostrophes of the original. Each token remembers the
//! byte range it came from, so every match maps back to the original bytes
//! (`’` is three bytes there, `'` one here).
//!
//! Hard punctuation (`.`, `!`, `?`, `;`, `:` and other symbols) stays as a
//! token of its own, and a blank line becomes the token `|`, which no
//! pattern can contain: phrases never run across a paragraph.

/// How single words are rewritten while folding, in text and patterns
/// alike:
///
/// - intensifiers that add emphasis but no meaning ("really", "very") are
///   skipped, so "that sounds frustrating" also matches "that sounds really
///   very frustrating" without every pattern spelling out every intensifier;
/// - contractions become their long form ("don't", "dont" and "do not" all
///   fold to `do not`), so a pattern written either way matches every
///   spelling, and "not" is a token of its own for the negation check.
///
/// Looked up through a small filter on first byte and length first, so the
/// common word costs one table read.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Lexicon {
    /// Folded word → the tokens it becomes (empty: skipped). A fast hash:
    /// the keys are the packs' own words.
    entries: rustc_hash::FxHashMap<String, Vec<String>>,
    filter: Vec<bool>,
}

impl Lexicon {
    /// Builds the lexicon from intensifiers and the contraction table
    /// (`"don't" = ["do not", "dont"]`: the first entry with a space is the
    /// long form; single words are other spellings of the contraction).
    pub fn new<'a>(
        intensifiers: impl IntoIterator<Item = &'a String>,
        contractions: &std::collections::BTreeMap<String, Vec<String>>,
    ) -> Lexicon {
        let mut lex = Lexicon {
            entries: Default::default(),
            filter: vec![false; 64 * 16],
        };
        let plain = Lexicon::default();
        for w in intensifiers {
            for t in fold_tokens_with(w, &plain) {
                lex.insert(t, Vec::new());
            }
        }
        for (short, forms) in contractions {
            let Some(long) = forms
                .iter()
                .find(|f| f.trim().contains(' '))
                .or(forms.first())
            else {
                continue;
            };
            let long = fold_tokens_with(long, &plain);
            if long.is_empty() {
                continue;
            }
            let mut spellings = vec![short.as_str()];
            spellings.extend(
                forms
                    .iter()
                    .map(String::as_str)
                    .filter(|f| !f.trim().contains(' ')),
            );
            for spelling in spellings {
                let toks = fold_tokens_with(spelling, &plain);
                if toks.len() == 1 && toks != long {
                    lex.insert(toks.into_iter().next().unwrap_or_default(), long.clone());
                }
            }
        }
        lex
    }

    fn insert(&mut self, word: String, tokens: Vec<String>) {
        if let Some(k) = Lexicon::key(word.as_bytes()) {
            self.filter[k] = true;
        }
        self.entries.insert(word, tokens);
    }

    fn key(word: &[u8]) -> Option<usize> {
        let first = *word.first()?;
        Some((first as usize % 64) * 16 + word.len().min(15))
    }

    /// What a folded word becomes, if the lexicon rewrites it.
    #[inline]
    pub fn lookup(&self, word: &str) -> Option<&[String]> {
        let k = Lexicon::key(word.as_bytes())?;
        if !self.filter.get(k).copied().unwrap_or(false) {
            return None;
        }
        self.entries.get(word).map(Vec::as_slice)
    }
}

/// The token that stands for a blank line (a paragraph break).
pub const PARAGRAPH: &str = "|";

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters and digits, with inner apostrophes and hyphens.
    Word,
    /// One hard punctuation character or symbol, or a paragraph break.
    Punct,
}

/// One token: where it sits in the folded text and in the original.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Byte offset of the token's first byte in the folded text.
    pub folded: u32,
    /// Length of the token in the folded text, in bytes.
    pub folded_len: u32,
    /// Half-open byte range in the original text (inputs are far below
    /// 4 GiB; `u32` halves the token's size, and folding is memory-bound).
    pub byte_start: u32,
    pub byte_end: u32,
    pub kind: TokenKind,
    /// Whether the original token has letters and all of them are upper case.
    pub all_caps: bool,
    /// Whether a clause break (a comma, dash, bracket, quotation mark or line
    /// break) stands between this token and the one before it.
    pub after_break: bool,
    /// Whether an intensifier the folding skipped stood right before it
    /// ("really angry"): the tone of the word is stronger.
    pub emphasized: bool,
    /// Whether the original word starts with a capital letter.
    pub capital: bool,
}

/// A folded chunk of text and its tokens.
#[derive(Debug, Default, Clone)]
pub struct Folded {
    pub text: String,
    pub tokens: Vec<Token>,
    /// Byte offsets (in the whole document) where a disguised spelling may
    /// stand: a symbol glued to a letter, a digit among letters, three
    /// equal letters, single letters in a row (see `disguise`).
    pub suspects: Vec<u32>,
}

impl Folded {
    /// The folded text of token `i`.
    pub fn token_text(&self, i: usize) -> &str {
        let t = &self.tokens[i];
        &self.text[t.folded as usize..(t.folded + t.folded_len) as usize]
    }

    /// The index of the token that starts at folded byte `offset`.
    pub fn token_at_folded(&self, offset: usize) -> Option<usize> {
        self.tokens
            .binary_search_by_key(&(offset as u32), |t| t.folded)
            .ok()
    }

    /// Whether token `i` ends a sentence or paragraph.
    pub fn is_boundary(&self, i: usize) -> bool {
        self.tokens[i].kind == TokenKind::Punct
            && matches!(self.token_text(i), "." | "!" | "?" | ";" | ":" | PARAGRAPH)
    }

    fn clear(&mut self) {
        self.text.clear();
        self.tokens.clear();
        self.suspects.clear();
        self.text.push(' ');
    }
}

/// Whether three equal letters stand in a row (a sign of a disguised
/// spelling: "stuuupid").
pub fn has_triple(s: &str) -> bool {
    let b = s.as_bytes();
    b.windows(3)
        .any(|w| w[0] == w[1] && w[1] == w[2] && w[0].is_ascii_alphabetic())
}

/// How a character is treated by the tokenizer.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Space,
    Newline,
    Word,
    Apostrophe,
    Hyphen,
    Soft,
    Hard,
}

const fn ascii_class(b: u8) -> Class {
    match b {
        b'\n' => Class::Newline,
        b' ' | b'\t' | b'\r' | 0x0b | 0x0c => Class::Space,
        b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' => Class::Word,
        b'\'' => Class::Apostrophe,
        b'-' => Class::Hyphen,
        b',' | b'"' | b'(' | b')' | b'[' | b']' | b'{' | b'}' | b'*' | b'_' | b'`' | b'~'
        | b'<' | b'>' => Class::Soft,
        _ => Class::Hard,
    }
}

/// Per-byte flags for the fast path over ASCII words: one table read per
/// byte instead of three range checks.
const ALNUM: u8 = 1;
const UPPER: u8 = 2;
const LOWER: u8 = 4;
const DIGIT: u8 = 8;

static ASCII_FLAGS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut i = 0;
    while i < 128 {
        let b = i as u8;
        if b.is_ascii_uppercase() {
            table[i] = ALNUM | UPPER;
        } else if b.is_ascii_lowercase() {
            table[i] = ALNUM | LOWER;
        } else if b.is_ascii_digit() {
            table[i] = ALNUM | DIGIT;
        }
        i += 1;
    }
    table
};

static ASCII: [Class; 128] = {
    let mut table = [Class::Hard; 128];
    let mut i = 0;
    while i < 128 {
        table[i] = ascii_class(i as u8);
        i += 1;
    }
    table
};

fn char_class(c: char) -> Class {
    if c.is_ascii() {
        return ASCII[c as usize];
    }
    match c {
        '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{2032}' => Class::Apostrophe,
        '\u{2010}' | '\u{2011}' => Class::Hyphen,
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{00AB}' | '\u{00BB}' | '\u{2013}'
        | '\u{2014}' | '\u{2015}' | '\u{2039}' | '\u{203A}' => Class::Soft,
        '\u{2026}' => Class::Hard,
        c if c.is_whitespace() => Class::Space,
        c if c.is_alphanumeric() => Class::Word,
        // Combining marks belong to the word they follow.
        c if is_mark(c) => Class::Word,
        _ => Class::Hard,
    }
}

fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F | 0xFE0F | 0x200D)
}

/// Folds `text` (which starts at byte `base` of the whole document) into
/// `out`, replacing what `out` held.
pub fn fold_into(text: &str, base: usize, out: &mut Folded, lexicon: &Lexicon) {
    out.clear();
    let bytes = text.as_bytes();
    let n = bytes.len();
    let mut i = 0;
    // Newlines seen since the last token: two or more make a paragraph break.
    let mut newlines = 0u32;
    let mut brk = false;
    // An intensifier was skipped: the next word is emphasised.
    let mut emphasis = false;
    while i < n {
        let b = bytes[i];
        let (class, len) = if b < 128 {
            (ASCII[b as usize], 1)
        } else {
            let c = text[i..].chars().next().unwrap_or('\u{FFFD}');
            (char_class(c), c.len_utf8())
        };
        match class {
            Class::Space => i += len,
            Class::Newline => {
                newlines += 1;
                brk = true;
                i += 1;
            }
            Class::Soft => {
                brk |= !matches!(b, b'*' | b'_' | b'`' | b'~');
                if b == b'*' && glued(bytes, i, true) {
                    out.suspects.push((base + i) as u32);
                }
                i += len;
            }
            Class::Apostrophe | Class::Hyphen => i += len,
            Class::Hard => {
                let single = |j: usize| {
                    bytes.get(j).is_some_and(u8::is_ascii_alphabetic)
                        && (j == 0 || !bytes[j - 1].is_ascii_alphanumeric())
                        && !bytes.get(j + 1).is_some_and(u8::is_ascii_alphanumeric)
                };
                if (matches!(b, b'$' | b'@' | b'!' | b'#' | b'|' | b'%')
                    && glued(bytes, i, !matches!(b, b'$' | b'@')))
                    || (b == b'.' && i > 0 && single(i - 1) && single(i + 1))
                {
                    out.suspects.push((base + i) as u32);
                }
                paragraph_break(out, &mut newlines, base + i);
                let start = out.text.len() as u32;
                let c = &text[i..i + len];
                out.text.push_str(if c == "\u{2026}" { "..." } else { c });
                out.tokens.push(Token {
                    folded: start,
                    folded_len: out.text.len() as u32 - start,
                    byte_start: (base + i) as u32,
                    byte_end: (base + i + len) as u32,
                    kind: TokenKind::Punct,
                    all_caps: false,
                    after_break: std::mem::take(&mut brk),
                    emphasized: std::mem::take(&mut emphasis),
                    capital: false,
                });
                out.text.push(' ');
                i += len;
            }
            Class::Word => {
                paragraph_break(out, &mut newlines, base + i);
                let after_break = std::mem::take(&mut brk);
                let first = out.tokens.len();
                let (next, kept) = fold_word(text, i, base, out, after_break, lexicon);
                if !kept {
                    brk = after_break;
                    emphasis = true;
                } else if std::mem::take(&mut emphasis)
                    && let Some(t) = out.tokens.get_mut(first)
                {
                    t.emphasized = true;
                }
                i = next;
            }
        }
    }
}

#[inline]
fn paragraph_break(out: &mut Folded, newlines: &mut u32, at: usize) {
    if *newlines >= 2 && !out.tokens.is_empty() {
        let start = out.text.len() as u32;
        out.text.push_str(PARAGRAPH);
        out.tokens.push(Token {
            folded: start,
            folded_len: 1,
            byte_start: at as u32,
            byte_end: at as u32,
            kind: TokenKind::Punct,
            all_caps: false,
            after_break: true,
            emphasized: false,
            capital: false,
        });
        out.text.push(' ');
    }
    *newlines = 0;
}

/// Folds one word starting at `start`; returns the byte after it.
#[inline]
fn fold_word(
    text: &str,
    start: usize,
    base: usize,
    out: &mut Folded,
    after_break: bool,
    lexicon: &Lexicon,
) -> (usize, bool) {
    let bytes = text.as_bytes();
    let n = bytes.len();
    let folded_start = out.text.len() as u32;
    let mut i = start;
    let mut has_lower = false;
    let mut has_upper = false;
    let mut end = start;
    while i < n {
        // Fast path: a run of ASCII letters and digits, copied at once and
        // lower-cased in place.
        let run_start = i;
        let mut seen = 0u8;
        while i < n {
            let f = ASCII_FLAGS[bytes[i] as usize];
            if f & ALNUM == 0 {
                break;
            }
            seen |= f;
            i += 1;
        }
        if i > run_start {
            let from = out.text.len();
            out.text.push_str(&text[run_start..i]);
            if seen & UPPER != 0 {
                has_upper = true;
                out.text.as_mut_str()[from..].make_ascii_lowercase();
            }
            has_lower |= seen & LOWER != 0;
            end = i;
            // Signs of a disguised spelling: a digit among letters
            // ("wh0re"), three equal letters ("stuuupid").
            if (seen & DIGIT != 0 && seen & (UPPER | LOWER) != 0)
                || (i - run_start >= 3 && has_triple(&text[run_start..i]))
            {
                out.suspects.push((base + run_start) as u32);
            }
        }
        if i >= n {
            break;
        }
        let b = bytes[i];
        if b < 128 {
            match ASCII[b as usize] {
                Class::Apostrophe | Class::Hyphen => {
                    if !joins_word(text, i + 1) {
                        break;
                    }
                    out.text.push(b as char);
                    i += 1;
                }
                // An underscore between letters is part of an identifier
                // (`per_page`), not Markdown emphasis.
                Class::Soft if b == b'_' && joins_word(text, i + 1) => {
                    out.text.push('_');
                    i += 1;
                }
                // "don 't", "it 's": a contraction split from its word, as
                // text split into words writes it.
                Class::Space => {
                    match spaced_contraction(text, i, &out.text[folded_start as usize..], lexicon) {
                        Some(skip) => {
                            out.text.push('\'');
                            i += skip;
                        }
                        None => break,
                    }
                }
                _ => break,
            }
        } else {
            let c = text[i..].chars().next().unwrap_or('\u{FFFD}');
            let len = c.len_utf8();
            match char_class(c) {
                Class::Word => {
                    if c.is_uppercase() {
                        has_upper = true;
                    } else if c.is_lowercase() {
                        has_lower = true;
                    }
                    out.text.extend(c.to_lowercase());
                    i += len;
                    end = i;
                }
                Class::Apostrophe => {
                    if !joins_word(text, i + len) {
                        break;
                    }
                    out.text.push('\'');
                    i += len;
                }
                Class::Hyphen => {
                    if !joins_word(text, i + len) {
                        break;
                    }
                    out.text.push('-');
                    i += len;
                }
                _ => break,
            }
        }
    }
    let all_caps = has_upper && !has_lower;
    let capital = has_upper && text[start..].chars().next().is_some_and(char::is_uppercase);
    // Single letters in a row ("i d i o t") may spell a word.
    if end == start + 1
        && let Some(prev) = out.tokens.last()
        && prev.byte_end - prev.byte_start == 1
        && prev.kind == TokenKind::Word
        && (base + start) as u32 <= prev.byte_end + 2
    {
        out.suspects.push(prev.byte_start);
    }
    let token = |folded: usize, len: usize| Token {
        folded: folded as u32,
        folded_len: len as u32,
        byte_start: (base + start) as u32,
        byte_end: (base + end) as u32,
        kind: TokenKind::Word,
        all_caps,
        after_break,
        emphasized: false,
        capital,
    };
    if let Some(replacement) = lexicon.lookup(&out.text[folded_start as usize..]) {
        out.text.truncate(folded_start as usize);
        if replacement.is_empty() {
            return (end.max(start + 1), false);
        }
        for (k, word) in replacement.iter().enumerate() {
            if k > 0 {
                out.text.push(' ');
            }
            let at = out.text.len();
            out.text.push_str(word);
            out.tokens.push(token(at, word.len()));
        }
    } else {
        let len = out.text.len() - folded_start as usize;
        out.tokens.push(token(folded_start as usize, len));
    }
    out.text.push(' ');
    (end.max(start + 1), true)
}

/// Whether the symbol at byte `i` touches a letter or digit: on both sides
/// when `inner` (a `*` or `!` inside a word), else on either side (`a$$`).
#[inline]
fn glued(bytes: &[u8], i: usize, inner: bool) -> bool {
    let word = |j: usize| {
        bytes
            .get(j)
            .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'*' || *b == b'$')
    };
    let before = i > 0 && word(i - 1);
    let after = word(i + 1);
    if inner {
        before && after
    } else {
        before || after
    }
}

/// Where a space at `i` stands between a word (`word`, folded so far) and
/// the rest of its contraction ("don 't", "it 's", "you 're"): how many
/// bytes the space and the apostrophe take, so the word goes on after them.
/// Only a contraction the lexicon knows joins, so a quotation opening after
/// a space ("said 'the…'") and a possessive ("the cat 's bowl") stay apart.
fn spaced_contraction(text: &str, i: usize, word: &str, lexicon: &Lexicon) -> Option<usize> {
    let rest = text[i..].strip_prefix(' ')?;
    let (after, mark) = if let Some(r) = rest.strip_prefix('\'') {
        (r, 1)
    } else {
        (rest.strip_prefix('\u{2019}')?, '\u{2019}'.len_utf8())
    };
    let len = after.bytes().take_while(u8::is_ascii_alphabetic).count();
    if word.is_empty()
        || !(1..=2).contains(&len)
        || joins_word(after, len)
        || after[len..].starts_with(['\'', '-'])
    {
        return None;
    }
    let joined = format!("{word}'{}", after[..len].to_ascii_lowercase());
    lexicon.lookup(&joined).is_some().then_some(1 + mark)
}

/// Whether the character at `i` continues a word (so an apostrophe or a
/// hyphen before it is inside the word).
fn joins_word(text: &str, i: usize) -> bool {
    text[i..]
        .chars()
        .next()
        .is_some_and(|c| char_class(c) == Class::Word)
}

/// Folds a whole string, rewriting no word.
pub fn fold(text: &str) -> Folded {
    fold_with(text, &Lexicon::default())
}

/// Folds a whole string through a lexicon.
pub fn fold_with(text: &str, lexicon: &Lexicon) -> Folded {
    let mut out = Folded::default();
    fold_into(text, 0, &mut out, lexicon);
    out
}

/// The folded tokens of `text`, as strings.
pub fn fold_tokens(text: &str) -> Vec<String> {
    fold_tokens_with(text, &Lexicon::default())
}

/// The folded tokens of `text` through a lexicon.
pub fn fold_tokens_with(text: &str, lexicon: &Lexicon) -> Vec<String> {
    // Loading packs folds thousands of short literals: reuse one buffer per
    // thread instead of allocating a fresh one for each.
    thread_local! {
        static BUFFER: std::cell::RefCell<Folded> = std::cell::RefCell::new(Folded::default());
    }
    BUFFER.with(|cell| {
        let mut f = cell.borrow_mut();
        fold_into(text, 0, &mut f, lexicon);
        (0..f.tokens.len())
            .map(|i| f.token_text(i).to_string())
            .collect()
    })
}

/// Splits `text` into chunks of roughly `target` bytes that end at a blank
/// line (or, failing that, a line end, or a character boundary), so that
/// long documents are folded and searched piece by piece in bounded memory.
/// Returns byte ranges covering the whole text.
pub fn chunks(text: &str, target: usize) -> Vec<std::ops::Range<usize>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    while start < bytes.len() {
        if bytes.len() - start <= target {
            out.push(start..bytes.len());
            break;
        }
        let window_end = (start + target * 2).min(bytes.len());
        let search = &text.as_bytes()[start + target..window_end];
        let cut = memchr::memmem::find(search, b"\n\n")
            .map(|p| start + target + p + 2)
            .or_else(|| memchr::memchr(b'\n', search).map(|p| start + target + p + 1))
            .unwrap_or_else(|| {
                let mut c = window_end;
                while !text.is_char_boundary(c) {
                    c -= 1;
                }
                c
            });
        out.push(start..cut);
        start = cut;
    }
    out
}

/// Maps byte offsets to 1-based line and character column, walking the text
/// once for offsets given in increasing order.
pub struct LineIndex<'a> {
    text: &'a str,
    offset: usize,
    line: usize,
    /// Characters between the start of the line and `offset`.
    column: usize,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        LineIndex {
            text,
            offset: 0,
            line: 1,
            column: 0,
        }
    }

    /// Line and column of `offset`. Offsets must not decrease between calls
    /// (a smaller one restarts the walk from the top), so locating many
    /// offsets in order costs one pass over the text.
    pub fn locate(&mut self, offset: usize) -> (usize, usize) {
        if offset < self.offset {
            *self = LineIndex::new(self.text);
        }
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let delta = &self.text.as_bytes()[self.offset..offset];
        match memchr::memrchr(b'\n', delta) {
            Some(last) => {
                self.line += memchr::memchr_iter(b'\n', delta).count();
                self.column = count_chars(&delta[last + 1..]);
            }
            None => self.column += count_chars(delta),
        }
        self.offset = offset;
        (self.line, self.column + 1)
    }
}

/// Characters in UTF-8 bytes: every byte that does not continue a character.
fn count_chars(bytes: &[u8]) -> usize {
    if bytes.is_ascii() {
        return bytes.len();
    }
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

/// Lower-cased, apostrophe-folded words of a phrase, joined by spaces.
pub fn fold_phrase(s: &str) -> String {
    fold_tokens(s).join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn assert_folds(text: &str, expected: &str) {
        assert_eq!(fold(text).text, expected, "folding {text:?}");
    }

    #[test]
    fn folds_case_spacing_and_line_breaks() {
        assert_folds("You  ALWAYS\nignore", " you always ignore ");
    }

    #[test]
    fn a_contraction_split_from_its_word_folds_with_it() {
        let lexicon = lexicon();
        let folded = |t: &str| fold_tokens_with(t, &lexicon);
        assert_eq!(folded("i don 't know"), folded("i don't know"));
        assert_eq!(folded("we can ’t go"), folded("we can't go"));
        // Only a contraction the lexicon knows joins: not a possessive.
        assert_eq!(folded("the cat 's bowl"), ["the", "cat", "s", "bowl"]);
        // A quotation opening after a space stays apart.
        assert_eq!(folded("he said 'the end'"), ["he", "said", "the", "end"]);
        assert_eq!(folded("a 'd' key"), ["a", "d", "key"]);
    }

    #[test]
    fn curly_and_straight_apostrophes_fold_alike() {
        assert_folds("Don’t", " don't ");
        assert_folds("don't", " don't ");
        assert_folds("the users' code", " the users code ");
    }

    #[test]
    fn soft_punctuation_disappears_and_hard_punctuation_stays() {
        assert_folds("I hear you, but — really?!", " i hear you but really ? ! ");
        assert_folds("\"quoted\" (aside)", " quoted aside ");
    }

    #[test]
    fn blank_line_is_a_paragraph_token() {
        assert_folds("one\n\ntwo", " one | two ");
        assert_folds("one\ntwo", " one two ");
        assert_folds("\n\none", " one ");
    }

    #[test]
    fn identifiers_with_underscores_stay_whole() {
        assert_folds("set per_page to 50", " set per_page to 50 ");
        assert_folds("_really_ important", " really important ");
    }

    #[test]
    fn hyphenated_words_stay_whole() {
        assert_folds("so-called expert", " so-called expert ");
        assert_folds("well - known", " well known ");
    }

    #[test]
    fn spans_map_back_to_original_bytes() {
        let text = "Don’t — “you” ALWAYS";
        let f = fold(text);
        let spans: Vec<&str> = f
            .tokens
            .iter()
            .map(|t| &text[t.byte_start as usize..t.byte_end as usize])
            .collect();
        assert_eq!(spans, ["Don’t", "you", "ALWAYS"]);
        assert!(f.tokens[2].all_caps);
        assert!(!f.tokens[0].all_caps);
    }

    #[test]
    fn non_ascii_letters_lowercase() {
        assert_folds("ÉTÉ Straße", " été straße ");
        assert_folds("café 👍 ok", " café 👍 ok ");
    }

    fn lexicon() -> Lexicon {
        let mut table = std::collections::BTreeMap::new();
        table.insert(
            "don't".to_string(),
            vec!["do not".to_string(), "dont".to_string()],
        );
        table.insert(
            "can't".to_string(),
            vec!["can not".to_string(), "cannot".to_string()],
        );
        Lexicon::new(&["really".to_string(), "very".to_string()], &table)
    }

    #[test]
    fn skipped_words_vanish_but_keep_clause_breaks() {
        let f = fold_with("That sounds REALLY very, frustrating", &lexicon());
        assert_eq!(f.text, " that sounds frustrating ");
        assert!(f.tokens[2].after_break);
    }

    #[test]
    fn contractions_fold_to_their_long_form_with_the_original_span() {
        let text = "I DON’T know, dont care, cannot say";
        let f = fold_with(text, &lexicon());
        assert_eq!(f.text, " i do not know do not care can not say ");
        let span = |i: usize| &text[f.tokens[i].byte_start as usize..f.tokens[i].byte_end as usize];
        assert_eq!((span(1), span(2)), ("DON’T", "DON’T"));
        assert!(f.tokens[1].all_caps);
    }

    #[test]
    fn line_index_counts_characters() {
        let text = "ab\ncé d";
        let mut idx = LineIndex::new(text);
        assert_eq!(idx.locate(0), (1, 1));
        assert_eq!(idx.locate(3), (2, 1));
        assert_eq!(idx.locate(text.find('d').unwrap()), (2, 4));
    }

    #[test]
    fn chunks_cover_text_and_end_at_blank_lines() {
        let text = "aaaa\n\nbbbb\n\ncccc\n\ndddd";
        let parts = chunks(text, 5);
        assert_eq!(parts.first().unwrap().start, 0);
        assert_eq!(parts.last().unwrap().end, text.len());
        for w in parts.windows(2) {
            assert_eq!(w[0].end, w[1].start);
        }
        assert!(parts.len() > 1);
    }
}
