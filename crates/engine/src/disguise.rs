//! Seeing through disguised spellings of insults and swear words: letters
//! swapped for digits or symbols (`wh0re`, `f*cking`, `a$$`, `b!tch`),
//! stretched letters (`stuuupid`), and letters spaced or dotted apart
//! (`i d i o t`, `f.u.c.k`).
//!
//! Folding notes where it meets such a spelling's signs (a symbol glued to
//! a letter, a digit inside a word, three equal letters in a row, single
//! letters in a row), so ordinary text pays nothing more. [`unmask`] reads
//! the run of characters between spaces around each such place, undoes the usual
//! substitutions, and looks the result up among the words of the lists the
//! language tables name (`disguised_lists`): only a word of those lists is
//! ever recognised, so `mp3`, `x86` or `h2o` stay what they are. A found
//! word replaces the tokens of the run, keeping the run's original bytes as
//! its span. Written here rather than taken from a crate: the profanity
//! crates we measured scan every word through their own tables at a few
//! MB/s, and tactful needs the matched word inside its own token stream.

use rustc_hash::{FxHashMap, FxHashSet};

use crate::text::has_triple;
use crate::text::{Folded, Token, TokenKind};

/// The words a disguise may stand for, by exact spelling and by length
/// (for spellings with a `*` standing for letters).
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct Disguises {
    exact: FxHashSet<String>,
    by_len: FxHashMap<usize, Vec<String>>,
}

impl Disguises {
    /// Builds the table from single folded words (entries of more than one
    /// word are not disguised in practice).
    pub fn new<'a>(words: impl IntoIterator<Item = &'a str>) -> Disguises {
        let mut d = Disguises::default();
        for w in words {
            if w.chars().count() >= 3
                && w.chars().all(|c| c.is_alphabetic())
                && d.exact.insert(w.to_string())
            {
                d.by_len
                    .entry(w.chars().count())
                    .or_default()
                    .push(w.to_string());
            }
        }
        d
    }

    pub fn is_empty(&self) -> bool {
        self.exact.is_empty()
    }

    /// Whether `word` (folded) is one of the table's words.
    pub fn contains(&self, word: &str) -> bool {
        self.exact.contains(word)
    }

    /// The word a disguised run stands for, if it stands for one.
    pub fn lookup(&self, run: &str) -> Option<&str> {
        let core = &run[core(run)];
        if !core.chars().any(char::is_alphabetic) {
            return None;
        }
        let has_sign =
            core.chars().any(|c| !c.is_alphabetic()) || has_triple(core) || is_spaced(core);
        if !has_sign {
            return None;
        }
        let plain: String = if is_spaced(core) {
            core.chars().filter(|c| c.is_alphanumeric()).collect()
        } else {
            core.to_string()
        };
        let mut spelled = String::with_capacity(plain.len());
        for c in plain.chars().flat_map(char::to_lowercase) {
            spelled.push(match c {
                '0' => 'o',
                '1' | '!' | '|' => 'i',
                '3' | '€' => 'e',
                '4' | '@' => 'a',
                '5' | '$' => 's',
                '7' | '+' => 't',
                '8' => 'b',
                '9' => 'g',
                '*' | '#' | '%' => '*',
                c if c.is_alphabetic() => c,
                _ => return None,
            });
        }
        if spelled.chars().filter(|c| *c != '*').count() < 2 {
            return None;
        }
        for candidate in [
            collapse(&spelled, 1),
            collapse(&spelled, 2),
            spelled.clone(),
        ] {
            if let Some(w) = self.find(&candidate) {
                return Some(w);
            }
        }
        None
    }

    fn find(&self, candidate: &str) -> Option<&str> {
        if !candidate.contains('*') {
            return self.exact.get(candidate).map(String::as_str);
        }
        let pattern: Vec<char> = candidate.chars().collect();
        if pattern.iter().filter(|c| **c != '*').count() < 2 {
            return None;
        }
        // Where several words fit ("f*ck": fuck, feck), the letters people
        // star out most often win: the vowels of the strong words.
        let rank = |c: char| "iuaoe".find(c).unwrap_or(5);
        self.by_len
            .get(&pattern.len())?
            .iter()
            .filter(|w| w.chars().zip(&pattern).all(|(a, b)| *b == '*' || a == *b))
            .min_by_key(|w| {
                w.chars()
                    .zip(&pattern)
                    .filter(|(_, b)| **b == '*')
                    .map(|(a, _)| rank(a))
                    .sum::<usize>()
            })
            .map(String::as_str)
    }
}

/// Single letters set apart by spaces or dots: `i d i o t`, `f.u.c.k`.
fn is_spaced(s: &str) -> bool {
    let parts: Vec<&str> = s
        .split([' ', '.', '-', '_'])
        .filter(|p| !p.is_empty())
        .collect();
    parts.len() >= 3 && parts.iter().all(|p| p.chars().count() == 1)
}

/// Runs of a letter longer than `keep` shortened to `keep`.
fn collapse(s: &str, keep: usize) -> String {
    let mut out = String::with_capacity(s.len());
    let mut last = None;
    let mut run = 0;
    for c in s.chars() {
        if Some(c) == last {
            run += 1;
        } else {
            last = Some(c);
            run = 1;
        }
        if run <= keep {
            out.push(c);
        }
    }
    out
}

/// Replaces the tokens of each disguised run of `text` (which starts at byte
/// `base` of the document) by the word it stands for. Only the runs around
/// the places folding marked as suspects are read.
pub fn unmask(text: &str, base: usize, folded: &mut Folded, table: &Disguises) {
    if folded.suspects.is_empty() || table.is_empty() || folded.tokens.is_empty() {
        return;
    }
    let bytes = text.as_bytes();
    // (first token, end token, word) for every run recognised.
    let mut found: Vec<(usize, usize, String)> = Vec::new();
    let mut done = 0usize;
    for &suspect in &folded.suspects {
        let at = (suspect as usize).saturating_sub(base).min(bytes.len());
        if at < done {
            continue;
        }
        let mut start = at;
        while start > 0 && !bytes[start - 1].is_ascii_whitespace() {
            start -= 1;
        }
        let mut end = at;
        while end < bytes.len() && !bytes[end].is_ascii_whitespace() {
            end += 1;
        }
        if end - start == 1 && bytes[start].is_ascii_alphabetic() {
            // Letters spaced apart: back to the first of them, then over
            // single letters separated by one space ("i d i o t").
            while start >= 2
                && bytes[start - 1] == b' '
                && bytes[start - 2].is_ascii_alphabetic()
                && (start == 2 || !bytes[start - 3].is_ascii_alphanumeric())
            {
                start -= 2;
            }
            while end + 1 < bytes.len()
                && bytes[end] == b' '
                && bytes[end + 1].is_ascii_alphabetic()
                && (end + 2 >= bytes.len() || !bytes[end + 2].is_ascii_alphanumeric())
            {
                end += 2;
            }
        }
        done = end;
        let run = &text[start..end];
        let inner = core(run);
        if inner.is_empty() || !looks_disguised(&run[inner.clone()]) {
            continue;
        }
        let Some(word) = table.lookup(run) else {
            continue;
        };
        let (lo, hi) = (
            (base + start + inner.start) as u32,
            (base + start + inner.end) as u32,
        );
        let first = folded.tokens.partition_point(|t| t.byte_end <= lo);
        let last = folded.tokens.partition_point(|t| t.byte_start < hi);
        if last > first && found.last().is_none_or(|f| f.1 <= first) {
            found.push((first, last, word.to_string()));
        }
    }
    if !found.is_empty() {
        rebuild(folded, &found);
    }
}

/// The part of a run between spaces that may be a word: without the
/// punctuation (and Markdown emphasis) around it, but with the symbols
/// that stand for letters (`$`, `@`).
fn core(run: &str) -> std::ops::Range<usize> {
    let start = run.len()
        - run
            .trim_start_matches(|c: char| !c.is_alphanumeric() && !matches!(c, '$' | '@'))
            .len();
    let end = start
        + run[start..]
            .trim_end_matches(|c: char| !c.is_alphanumeric() && !matches!(c, '$' | '@'))
            .len();
    start..end
}

/// Whether a run between spaces shows a sign of disguise.
fn looks_disguised(inner: &str) -> bool {
    if !inner.chars().any(char::is_alphabetic) {
        return false;
    }
    inner
        .chars()
        .any(|c| c.is_ascii_digit() || matches!(c, '*' | '$' | '@' | '!' | '#' | '|' | '%'))
        || has_triple(inner)
        || is_spaced(inner)
}

/// The folded text and tokens again, with each found range of tokens made
/// one token of the word it stands for.
fn rebuild(folded: &mut Folded, found: &[(usize, usize, String)]) {
    let old = std::mem::take(folded);
    folded.text.push(' ');
    let mut k = 0;
    let mut f = found.iter().peekable();
    while k < old.tokens.len() {
        if let Some((a, b, word)) = f.peek()
            && *a == k
        {
            let first = old.tokens[*a];
            let last = old.tokens[*b - 1];
            let at = folded.text.len() as u32;
            folded.text.push_str(word);
            folded.tokens.push(Token {
                folded: at,
                folded_len: word.len() as u32,
                byte_start: first.byte_start,
                byte_end: last.byte_end,
                kind: TokenKind::Word,
                all_caps: first.all_caps,
                after_break: first.after_break,
                emphasized: first.emphasized,
                capital: first.capital,
            });
            folded.text.push(' ');
            k = *b;
            f.next();
            continue;
        }
        let tok = old.tokens[k];
        let at = folded.text.len() as u32;
        folded.text.push_str(old.token_text(k));
        folded.tokens.push(Token { folded: at, ..tok });
        folded.text.push(' ');
        k += 1;
    }
    folded.suspects = old.suspects;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{Lexicon, fold_into};

    fn table() -> Disguises {
        Disguises::new([
            "idiot", "moron", "stupid", "feck", "fuck", "fucking", "whore", "ass", "bitch", "shat",
            "shit", "asshole",
        ])
    }

    #[track_caller]
    fn unmasked(text: &str) -> String {
        let mut f = Folded::default();
        fold_into(text, 0, &mut f, &Lexicon::default());
        unmask(text, 0, &mut f, &table());
        f.text.trim().to_string()
    }

    #[test]
    fn digits_and_symbols_for_letters() {
        assert_eq!(unmasked("you wh0re"), "you whore");
        assert_eq!(unmasked("what a f*cking m0ron"), "what a fucking moron");
        assert_eq!(unmasked("kiss my a$$"), "kiss my ass");
        assert_eq!(unmasked("you b!tch."), "you bitch .");
        assert_eq!(unmasked("f**k this"), "fuck this");
        assert_eq!(unmasked("F*ck you"), "fuck you");
        assert_eq!(unmasked("@sshole"), "asshole");
    }

    #[test]
    fn stretched_and_spaced_letters() {
        assert_eq!(unmasked("so stuuupid"), "so stupid");
        assert_eq!(unmasked("you i d i o t"), "you idiot");
        assert_eq!(unmasked("f.u.c.k off"), "fuck off");
    }

    #[test]
    fn ordinary_words_numbers_and_emphasis_stay() {
        assert_eq!(unmasked("mp3 x86 h2o i18n"), "mp3 x86 h2o i18n");
        assert_eq!(unmasked("**bold** text"), "bold text");
        assert_eq!(unmasked("a b c d"), "a b c d");
        assert_eq!(unmasked("sooo good"), "sooo good");
        assert_eq!(unmasked("$5 at 3pm"), "$ 5 at 3pm");
    }

    #[test]
    fn spans_keep_the_original_bytes() {
        let text = "ok f*cking m0ron!";
        let mut f = Folded::default();
        fold_into(text, 0, &mut f, &Lexicon::default());
        unmask(text, 0, &mut f, &table());
        let spans: Vec<&str> = f
            .tokens
            .iter()
            .map(|t| &text[t.byte_start as usize..t.byte_end as usize])
            .collect();
        assert_eq!(spans, ["ok", "f*cking", "m0ron", "!"]);
    }
}
