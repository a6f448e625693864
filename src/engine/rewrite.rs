//! Suggested rewrites, fitted to the sentence they land in.
//!
//! A rule's rewrite says what it replaces: the words the rule matched, the
//! clause they stand in, or the whole sentence ([`Scope`]). [`suggest`]
//! turns it into an exact edit of the draft (a byte range and the words that
//! go there) and the sentence as it will read, so a person sees the result
//! before choosing it and [`apply`] only splices. Placeholders are filled
//! from the match: `{lower}` (the matched words in lower case), `{ack}` (the
//! matched words without their last word: the acknowledgment before a
//! "but"), `{first}` and `{last}` (the first and last word, or for
//! punctuation the first and last character), and the names of the
//! pattern's captures (`{label}` for `<label: …>`).
//!
//! The edit is fitted to where it lands: capitals follow the sentence, the
//! mark that ended the replaced words stays, an emptied clause takes its
//! comma along, `a`/`an` agree with the next word. A rewrite that would
//! still read wrong (a word doubled at a seam, an article before a pronoun,
//! a sentence left without words) is not offered at all: the finding then
//! offers its rule's question instead.

use std::ops::Range;

use serde::Serialize;

use super::Finding;
use super::rules::{Rewrite, Scope};

/// A rewrite fitted to a draft: the exact edit and the sentence it gives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    /// What the edit puts in place of `byte_start..byte_end` (empty: the
    /// words are removed).
    pub replacement: String,
    /// What the rule's rewrite replaces: the match, its clause or its
    /// sentence.
    pub replaces: Scope,
    /// Half-open byte range of the draft that the edit replaces.
    pub byte_start: usize,
    pub byte_end: usize,
    /// The whole sentence as it reads after the change (empty when the
    /// change removes the sentence).
    pub sentence: String,
}

/// A suggestion applied: the new text and the byte range the replacement
/// occupies in it (for placing the cursor or highlighting the change).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    pub text: String,
    pub replaced: Range<usize>,
}

/// Applies a suggestion of `finding` to `draft`. Returns `None` when the
/// draft changed since the analysis (the finding's words are no longer
/// where they were).
pub fn apply(draft: &str, finding: &Finding, s: &Suggestion) -> Option<Applied> {
    let fits = |r: Range<usize>| {
        r.start <= r.end
            && r.end <= draft.len()
            && draft.is_char_boundary(r.start)
            && draft.is_char_boundary(r.end)
    };
    if !fits(finding.byte_start..finding.byte_end)
        || !fits(s.byte_start..s.byte_end)
        || draft[finding.byte_start..finding.byte_end] != finding.matched
    {
        return None;
    }
    let mut text = String::with_capacity(draft.len() + s.replacement.len());
    text.push_str(&draft[..s.byte_start]);
    text.push_str(&s.replacement);
    text.push_str(&draft[s.byte_end..]);
    Some(Applied {
        text,
        replaced: s.byte_start..s.byte_start + s.replacement.len(),
    })
}

/// Where a sentence sits in a text: `start..content` holds its words,
/// `content..end` its closing marks and the space after them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SentenceSpan {
    pub start: usize,
    pub content: usize,
    pub end: usize,
}

/// Words whose full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "e.g", "i.e", "etc", "vs", "mr", "mrs", "ms", "dr", "cf", "approx", "no", "st",
];

/// Whether a sentence ends at byte `i` of `text`, which holds `.`, `!`,
/// `?` or `…`.
fn ends_sentence(text: &str, i: usize) -> bool {
    let b = text.as_bytes()[i];
    let after = &text[i + text[i..].chars().next().map_or(1, char::len_utf8)..];
    let next = after.chars().next();
    if !next.is_none_or(|c| c.is_whitespace() || matches!(c, '"' | '\'' | '”' | '’' | ')')) {
        return false;
    }
    if b == b'.' {
        let word: String = text[..i]
            .chars()
            .rev()
            .take_while(|c| c.is_alphanumeric() || *c == '.')
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        if ABBREVIATIONS.contains(&word.to_lowercase().as_str()) {
            return false;
        }
    }
    true
}

/// Whether a line break at byte `i` (a `\n`) ends a sentence: a blank line,
/// or a next line that starts a list item, a quote or a capitalised word
/// after a line that ended with a mark.
fn line_ends_sentence(text: &str, i: usize) -> bool {
    let next_line = text[i + 1..].trim_start_matches([' ', '\t']);
    if next_line.starts_with('\n') || next_line.is_empty() {
        return true;
    }
    if next_line.starts_with(['-', '*', '>', '•'])
        || next_line.starts_with(|c: char| c.is_ascii_digit())
    {
        return true;
    }
    let before = text[..i].trim_end();
    before.ends_with(['.', '!', '?', ':', '…'])
}

/// The sentence around byte range `span`.
pub fn sentence_at(text: &str, span: Range<usize>) -> SentenceSpan {
    let mut start = 0;
    for (i, c) in text[..span.start].char_indices().rev() {
        let boundary = match c {
            '.' | '!' | '?' | '…' => ends_sentence(text, i),
            '\n' => line_ends_sentence(text, i),
            _ => false,
        };
        if boundary {
            start = i + c.len_utf8();
            break;
        }
    }
    // Skip the spaces, closing quotes and marks that follow the boundary.
    while let Some(c) = text[start..].chars().next() {
        if c.is_whitespace() || matches!(c, '"' | '”' | ')') {
            start += c.len_utf8();
        } else {
            break;
        }
    }
    let start = start.min(span.start);
    let mut content = text.len();
    let from = span.end.max(start);
    for (k, c) in text[from..].char_indices() {
        let i = from + k;
        let boundary = match c {
            '.' | '!' | '?' | '…' => {
                // The mark run ends the sentence if its last mark does.
                let run_end = text[i..]
                    .char_indices()
                    .find(|(_, c)| !matches!(c, '.' | '!' | '?' | '…'))
                    .map_or(text.len(), |(j, _)| i + j);
                let last = text[..run_end]
                    .char_indices()
                    .next_back()
                    .map_or(i, |(j, _)| j);
                ends_sentence(text, last)
            }
            '\n' => line_ends_sentence(text, i),
            _ => false,
        };
        if boundary {
            content = i;
            break;
        }
    }
    // Words end before the trailing spaces of the content.
    let content = start + text[start..content].trim_end().len();
    let mut end = content;
    while let Some(c) = text[end..].chars().next() {
        if matches!(c, '.' | '!' | '?' | '…' | '"' | '”' | ')') {
            end += c.len_utf8();
        } else {
            break;
        }
    }
    while let Some(c) = text[end..].chars().next() {
        if c == ' ' || c == '\t' {
            end += c.len_utf8();
        } else {
            break;
        }
    }
    SentenceSpan {
        start,
        content: content.max(span.end.min(text.len())),
        end: end.max(content),
    }
}

/// Marks that separate clauses inside a sentence.
fn is_clause_mark(c: char) -> bool {
    matches!(c, ',' | ';' | ':' | '—' | '–' | '(' | ')')
}

/// The clause around byte range `span`: the words between the clause marks
/// (commas, semicolons, colons, dashes, brackets) or sentence edges on
/// either side of it.
pub fn clause_at(text: &str, span: Range<usize>) -> Range<usize> {
    let s = sentence_at(text, span.clone());
    let mut start = s.start;
    for (i, c) in text[s.start..span.start].char_indices().rev() {
        if is_clause_mark(c) || (c == '-' && text[s.start + i..].starts_with("- ")) {
            start = s.start + i + c.len_utf8();
            break;
        }
    }
    start += text[start..span.start].len() - text[start..span.start].trim_start().len();
    let mut end = s.content;
    if span.end < s.content {
        for (k, c) in text[span.end..s.content].char_indices() {
            if is_clause_mark(c) || (c == ' ' && text[span.end + k..].starts_with(" - ")) {
                end = span.end + k;
                break;
            }
        }
    }
    let end = start + text[start..end.max(start)].trim_end().len();
    start.min(span.start)..end.max(span.end)
}

/// Fits a rule's rewrite to the draft: the edit for the finding at `span`,
/// with `captures` (name → byte range) filling their placeholders. `None`
/// when the rewrite does not fit the sentence.
pub fn suggest(
    draft: &str,
    span: Range<usize>,
    rewrite: &Rewrite,
    captures: &[(&str, Range<usize>)],
) -> Option<Suggestion> {
    if span.end > draft.len()
        || !draft.is_char_boundary(span.start)
        || !draft.is_char_boundary(span.end)
    {
        return None;
    }
    let matched = &draft[span.clone()];
    let text = fill_with(&rewrite.text, matched, |name| {
        captures
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, r)| as_inner_words(&draft[r.clone()]))
    })?;
    let sentence = sentence_at(draft, span.clone());
    let target = match rewrite.scope {
        Scope::Match => span.clone(),
        Scope::Clause => clause_at(draft, span.clone()),
        Scope::Sentence => sentence.start..sentence.content.max(span.end),
    };
    let edit = if text.trim().is_empty() {
        removal(draft, target, sentence)
    } else {
        replacement(draft, target, matched, &text)?
    };
    if !reads_right(draft, &edit) {
        return None;
    }
    let grown = edit.text.len() as isize - (edit.range.end - edit.range.start) as isize;
    let end =
        (sentence.end.max(edit.range.end) as isize + grown).max(sentence.start as isize) as usize;
    // Only the sentence of the edited draft is built: copying the whole
    // draft for every suggestion made long texts quadratic.
    let new_sentence = spliced(draft, &edit, sentence.start, end)
        .unwrap_or_default()
        .trim()
        .to_string();
    if !new_sentence.is_empty() && !new_sentence.chars().any(char::is_alphanumeric) {
        return None;
    }
    Some(Suggestion {
        replacement: edit.text,
        replaces: rewrite.scope,
        byte_start: edit.range.start,
        byte_end: edit.range.end,
        sentence: new_sentence,
    })
}

/// An edit of the draft: `text` in place of `range`.
struct Edit {
    range: Range<usize>,
    text: String,
}

/// Bytes `a..b` of the draft as `edit` leaves it (both clamped to its
/// length), without building the whole edited draft; `None` where they are
/// not a range of character boundaries of it.
fn spliced(draft: &str, edit: &Edit, a: usize, b: usize) -> Option<String> {
    let (rs, re, t) = (edit.range.start, edit.range.end, edit.text.as_str());
    let len = draft.len() - (re - rs) + t.len();
    let (a, b) = (a.min(len), b.min(len));
    let mid = rs + t.len();
    let boundary = |p: usize| {
        if p < rs {
            draft.is_char_boundary(p)
        } else if p < mid {
            t.is_char_boundary(p - rs)
        } else {
            draft.is_char_boundary(p - mid + re)
        }
    };
    if a > b || !boundary(a) || !boundary(b) {
        return None;
    }
    let mut out = String::with_capacity(b - a);
    if a < rs {
        out.push_str(&draft[a..b.min(rs)]);
    }
    if a < mid && b > rs {
        out.push_str(&t[a.max(rs) - rs..b.min(mid) - rs]);
    }
    if b > mid {
        out.push_str(&draft[a.max(mid) - mid + re..b - mid + re]);
    }
    Some(out)
}

/// Removing the target: its words, and the clause mark or space that
/// joined them to the rest, so that what remains still reads.
fn removal(draft: &str, target: Range<usize>, sentence: SentenceSpan) -> Edit {
    let before = &draft[sentence.start..target.start];
    let left = draft[target.end..sentence.content]
        .trim_matches(|c: char| c.is_whitespace() || is_clause_mark(c));
    if before.trim().is_empty() && left.is_empty() {
        // Nothing of the sentence would remain: it goes whole.
        return Edit {
            range: sentence.start..sentence.end,
            text: String::new(),
        };
    }
    let at_start = before.trim().is_empty();
    let rest = &draft[target.end..];
    let spaces = |s: &str| s.len() - s.trim_start_matches([' ', '\t']).len();
    let after_mark = {
        let r = &rest[spaces(rest)..];
        r.starts_with([',', ';']).then(|| {
            let skip = rest.len() - r.len() + 1;
            skip + spaces(&rest[skip..])
        })
    };
    let trimmed_before = before.trim_end();
    let (range, capitalise) = if let Some(skip) = after_mark {
        // "Idiot, the build…" / "Honestly, you moron, the build…"
        (target.start..target.end + skip, at_start)
    } else if !at_start && trimmed_before.ends_with([',', ';', '—', '–']) {
        // The last clause of a sentence takes the mark before it:
        // "…your opinion, genius." loses ", genius".
        let mark = trimmed_before.chars().next_back().map_or(0, char::len_utf8);
        let start = sentence.start + trimmed_before.len() - mark;
        let start = sentence.start + draft[sentence.start..start].trim_end().len();
        (start..target.end, false)
    } else if at_start {
        (target.start..target.end + spaces(rest), true)
    } else {
        // Words inside a clause: the space before them goes with them.
        let start = sentence.start + trimmed_before.len();
        (start..target.end, false)
    };
    let mut text = String::new();
    let mut end = range.end;
    if capitalise
        && let Some(c) = draft[end..].chars().next()
        && c.is_lowercase()
    {
        text = c.to_uppercase().collect();
        end += c.len_utf8();
    }
    Edit {
        range: range.start..end,
        text,
    }
}

/// Putting `text` in place of the target, fitted to where it lands.
fn replacement(draft: &str, target: Range<usize>, matched: &str, text: &str) -> Option<Edit> {
    let before = &draft[..target.start];
    let at_sentence_start = {
        let t = before.trim_end();
        t.is_empty() || sentence_at(draft, target.clone()).start >= t.len()
    };
    let mut words = if at_sentence_start {
        capitalise_first(text)
    } else {
        lower_first(text)
    };
    let mut end = target.end;
    let replaced = &draft[target.clone()];
    let own_mark = words.trim_end().ends_with(['?', '.', '!']);
    // Words that ended a sentence ("Seriously?") leave its mark behind when
    // the rewrite brings none of its own.
    if let Some(mark) = replaced
        .trim_end()
        .chars()
        .last()
        .filter(|c| matches!(c, '?' | '.' | '!'))
        && replaced.chars().any(char::is_alphanumeric)
        && !words.trim_end().ends_with(['?', '.', '!', ',', ':', ';'])
    {
        words = format!("{}{mark}", words.trim_end());
    }
    let rest = &draft[end..];
    if own_mark && rest.starts_with(['.', '!', '?']) {
        // The rewrite brings its own closing mark: it replaces the old one.
        let marks = rest.len() - rest.trim_start_matches(['.', '!', '?']).len();
        end += marks;
    }
    let rest = &draft[end..];
    // A rewrite ending in a space or comma joins the words after it; when
    // nothing but punctuation follows, its own trailing ":" or "," would
    // dangle ("I see it differently: .").
    if rest.trim_start().is_empty()
        || rest
            .trim_start()
            .starts_with(['.', '!', '?', ';', ',', ')'])
    {
        let trimmed = words
            .trim_end()
            .trim_end_matches([':', ','])
            .trim_end()
            .to_string();
        if !trimmed.is_empty() {
            words = trimmed;
        }
    } else if words.ends_with(' ') && rest.starts_with(' ') {
        words.pop();
    } else if !words.ends_with([' ', '\n']) && rest.starts_with(|c: char| c.is_alphanumeric()) {
        words.push(' ');
    }
    let _ = matched;
    // `a` and `an` before the new words agree with them.
    let mut start = target.start;
    let head = draft[..start].trim_end_matches(' ');
    let last_word = head
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    if matches!(last_word.to_lowercase().as_str(), "a" | "an") && head.len() + 1 == start {
        let want_an = words
            .chars()
            .next()
            .is_some_and(|c| "aeiouAEIOU".contains(c));
        let article = match (last_word, want_an) {
            ("a" | "an", true) => "an",
            ("a" | "an", false) => "a",
            (_, true) => "An",
            (_, false) => "A",
        };
        if article != last_word {
            start = head.len() - last_word.len();
            words = format!("{article} {words}");
        }
    }
    Some(Edit {
        range: start..end,
        text: words,
    })
}

const PRONOUNS: &[&str] = &[
    "i", "you", "he", "she", "we", "they", "it", "me", "him", "her", "us", "them", "my", "your",
    "our", "their", "his", "its",
];

/// Whether the text around an edit still reads: no word doubled at either
/// seam, no article before a pronoun.
fn reads_right(draft: &str, edit: &Edit) -> bool {
    let words_of = |s: &str| -> Vec<String> {
        s.split(|c: char| !(c.is_alphanumeric() || c == '\''))
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let mut from = edit
        .range
        .start
        .saturating_sub(60)
        .max(line_start(draft, edit.range.start));
    while !draft.is_char_boundary(from) {
        from += 1;
    }
    let before = words_of(&draft[from..edit.range.start]);
    let new = words_of(&edit.text);
    let after_text = &draft[edit.range.end..];
    let mut to = after_text.len().min(60);
    while !after_text.is_char_boundary(to) {
        to -= 1;
    }
    let after = words_of(&after_text[..to]);
    let joined_before = draft[..edit.range.start]
        .chars()
        .next_back()
        .is_none_or(|c| c.is_whitespace() || c.is_alphanumeric());
    let joined_after = after_text
        .chars()
        .next()
        .is_none_or(|c| c.is_whitespace() || c.is_alphanumeric());
    let pairs = [
        (before.last(), new.first().or(after.first()), joined_before),
        (new.last(), after.first(), joined_after),
    ];
    for (a, b, joined) in pairs {
        let (Some(a), Some(b)) = (a, b) else { continue };
        if joined && a == b && a.chars().any(char::is_alphabetic) {
            return false;
        }
        if matches!(a.as_str(), "a" | "an" | "the") && PRONOUNS.contains(&b.as_str()) {
            return false;
        }
    }
    true
}

fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

/// A rewrite with its placeholders filled from the matched words; captures
/// come from `capture`. `None` when the rewrite names a capture the match
/// did not take.
pub fn fill_with(
    rewrite: &str,
    matched: &str,
    capture: impl Fn(&str) -> Option<String>,
) -> Option<String> {
    let mut out = String::with_capacity(rewrite.len() + matched.len());
    let mut rest = rewrite;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        let Some(j) = rest[i..].find('}') else {
            out.push_str(&rest[i..]);
            rest = "";
            break;
        };
        let name = rest[i + 1..i + j].trim();
        out.push_str(&placeholder(name, matched).or_else(|| capture(name))?);
        rest = &rest[i + j + 1..];
    }
    out.push_str(rest);
    Some(out)
}

/// A rewrite with the match's own placeholders filled (no captures).
pub fn fill(rewrite: &str, matched: &str) -> String {
    fill_with(rewrite, matched, |_| None).unwrap_or_else(|| rewrite.to_string())
}

fn placeholder(name: &str, matched: &str) -> Option<String> {
    Some(match name {
        "lower" => matched.to_lowercase(),
        "first" | "last" => {
            let words: Vec<&str> = matched.split_whitespace().collect();
            match words.as_slice() {
                [] => String::new(),
                [one] if !one.chars().any(char::is_alphanumeric) => {
                    let c = if name == "first" {
                        one.chars().next()
                    } else {
                        one.chars().last()
                    };
                    c.map(String::from).unwrap_or_default()
                }
                many => {
                    if name == "first" {
                        many[0].to_string()
                    } else {
                        many[many.len() - 1].to_string()
                    }
                }
            }
        }
        "ack" => {
            let trimmed = matched.trim_end();
            trimmed
                .rfind(char::is_whitespace)
                .map_or("", |i| &trimmed[..i])
                .trim_end_matches([',', ';', ' ', '.', '—', '–', '-'])
                .to_string()
        }
        _ => return None,
    })
}

/// Words that open a sentence only by position: a capture that starts with
/// one ("You people", "The maintainer") is lower-cased where it moves
/// inside a sentence; a name ("Alice", "GitHub") keeps its capital.
const FUNCTION_WORDS: &[&str] = &[
    "you", "your", "yours", "the", "this", "that", "these", "those", "he", "she", "they", "we",
    "my", "our", "his", "her", "their", "it", "its", "a", "an", "all", "some", "whoever", "anyone",
    "everyone", "nobody", "someone",
];

fn as_inner_words(captured: &str) -> String {
    let first = captured
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .next()
        .unwrap_or("")
        .to_lowercase();
    if FUNCTION_WORDS.contains(&first.as_str()) {
        lower_first(captured)
    } else {
        captured.to_string()
    }
}

fn capitalise_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Lower-cases the first letter unless the first word is "I" or looks like
/// a name (a capital inside it, as in "GitHub").
fn lower_first(s: &str) -> String {
    let first_word = s.split_whitespace().next().unwrap_or("");
    let keep = first_word == "I"
        || first_word.starts_with("I'")
        || first_word.starts_with("I’")
        || first_word.chars().skip(1).any(char::is_uppercase);
    if keep {
        return s.to_string();
    }
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rw(text: &str, scope: Scope) -> Rewrite {
        Rewrite {
            text: text.into(),
            scope,
        }
    }

    /// The draft after applying `rewrite` to the first occurrence of
    /// `words`, and the sentence the suggestion announces.
    #[track_caller]
    fn after(draft: &str, words: &str, rewrite: &str, scope: Scope) -> Option<(String, String)> {
        after_with(draft, words, rewrite, scope, &[])
    }

    #[track_caller]
    fn after_with(
        draft: &str,
        words: &str,
        rewrite: &str,
        scope: Scope,
        captures: &[(&str, &str)],
    ) -> Option<(String, String)> {
        let start = draft.find(words).unwrap();
        let caps: Vec<(&str, Range<usize>)> = captures
            .iter()
            .map(|(n, w)| {
                let s = draft.find(w).unwrap();
                (*n, s..s + w.len())
            })
            .collect();
        let s = suggest(
            draft,
            start..start + words.len(),
            &rw(rewrite, scope),
            &caps,
        )?;
        let mut text = draft.to_string();
        text.replace_range(s.byte_start..s.byte_end, &s.replacement);
        Some((text, s.sentence))
    }

    #[track_caller]
    fn check(draft: &str, words: &str, rewrite: &str, scope: Scope, expected: &str) {
        let (text, _) = after(draft, words, rewrite, scope).expect("the rewrite fits");
        assert_eq!(text, expected);
    }

    #[test]
    fn replaces_the_span_and_fits_capitals() {
        let m = Scope::Match;
        check(
            "You need to update it.",
            "You need to",
            "Could you",
            m,
            "Could you update it.",
        );
        check(
            "Well, you need to update it.",
            "you need to",
            "Could you",
            m,
            "Well, could you update it.",
        );
        check(
            "so I think it works",
            "I think",
            "I believe",
            m,
            "so I believe it works",
        );
    }

    #[test]
    fn a_lead_in_rewrite_does_not_dangle_before_a_full_stop() {
        check(
            "Honestly, you are wrong.",
            "you are wrong",
            "I see it differently: ",
            Scope::Match,
            "Honestly, I see it differently.",
        );
    }

    #[test]
    fn an_empty_rewrite_removes_the_words() {
        let m = Scope::Match;
        check(
            "Obviously, this is a bug.",
            "Obviously",
            "",
            m,
            "This is a bug.",
        );
        check("It is obviously a bug.", "obviously", "", m, "It is a bug.");
        check(
            "Thanks for nothing. I'll fix it.",
            "Thanks for nothing",
            "",
            Scope::Sentence,
            "I'll fix it.",
        );
    }

    #[test]
    fn placeholders_fill_from_the_match() {
        let m = Scope::Match;
        check(
            "Please READ THE ISSUE now.",
            "READ THE ISSUE",
            "{lower}",
            m,
            "Please read the issue now.",
        );
        check(
            "I understand your frustration, but the answer is no.",
            "I understand your frustration, but",
            "{ack}, and ",
            m,
            "I understand your frustration, and the answer is no.",
        );
        check(
            "You keep closing my issues.",
            "You keep closing",
            "{first} have been {last}",
            m,
            "You have been closing my issues.",
        );
        check("It broke!!", "!!", "{first}", m, "It broke!");
    }

    #[test]
    fn the_end_of_a_sentence_survives_a_rewrite() {
        let m = Scope::Match;
        check(
            "Seriously?! You broke it.",
            "Seriously?",
            "What am I missing here",
            m,
            "What am I missing here?! You broke it.",
        );
        check(
            "Whatever. Do it.",
            "Whatever.",
            "I see it differently",
            m,
            "I see it differently. Do it.",
        );
    }

    #[test]
    fn a_clause_rewrite_replaces_the_whole_clause() {
        let (text, sentence) = after_with(
            "Honestly, the maintainer is an idiot.",
            "idiot",
            "I disagree with {who} here",
            Scope::Clause,
            &[("who", "the maintainer")],
        )
        .unwrap();
        assert_eq!(text, "Honestly, I disagree with the maintainer here.");
        assert_eq!(sentence, "Honestly, I disagree with the maintainer here.");
        check(
            "Nobody cares about the logo, it's a scam.",
            "Nobody cares",
            "I'm not sure the logo matters here",
            Scope::Clause,
            "I'm not sure the logo matters here, it's a scam.",
        );
    }

    #[test]
    fn a_sentence_rewrite_replaces_the_sentence_and_its_mark() {
        check(
            "Fine. You're honestly a moron. Bye.",
            "moron",
            "I see this differently.",
            Scope::Sentence,
            "Fine. I see this differently. Bye.",
        );
        check(
            "Fine. You're honestly a moron! Bye.",
            "moron",
            "I see this differently",
            Scope::Sentence,
            "Fine. I see this differently! Bye.",
        );
    }

    #[test]
    fn removing_a_clause_takes_its_comma() {
        check(
            "Nobody asked for your opinion, genius.",
            "genius",
            "",
            Scope::Clause,
            "Nobody asked for your opinion.",
        );
        check(
            "Honestly, you moron, the build is red.",
            "you moron",
            "",
            Scope::Clause,
            "Honestly, the build is red.",
        );
        check(
            "Idiot, the build is red.",
            "Idiot",
            "",
            Scope::Clause,
            "The build is red.",
        );
    }

    #[test]
    fn removing_a_whole_sentence_leaves_the_others() {
        check(
            "Cry more. The decision is final.",
            "Cry more",
            "",
            Scope::Clause,
            "The decision is final.",
        );
        check(
            "It's final. Cry more.",
            "Cry more",
            "",
            Scope::Match,
            "It's final. ",
        );
    }

    #[test]
    fn a_rewrite_that_doubles_a_word_or_puts_an_article_before_a_pronoun_is_not_offered() {
        assert_eq!(
            after(
                "You need to stop spamming.",
                "stop",
                "to stop",
                Scope::Match
            ),
            None
        );
        assert_eq!(
            after(
                "The maintainer is an idiot.",
                "idiot",
                "I think you may be wrong",
                Scope::Match
            ),
            None
        );
    }

    #[test]
    fn articles_agree_with_the_new_word() {
        check(
            "That is a stupid idea.",
            "stupid",
            "odd",
            Scope::Match,
            "That is an odd idea.",
        );
        check(
            "That is an awful idea.",
            "awful",
            "bad",
            Scope::Match,
            "That is a bad idea.",
        );
    }

    #[test]
    fn a_missing_capture_means_no_suggestion() {
        assert_eq!(
            after(
                "You idiot.",
                "idiot",
                "I see {topic} differently",
                Scope::Match
            ),
            None
        );
    }

    #[test]
    fn sentences_end_at_marks_and_list_items_not_abbreviations() {
        let text = "First one, e.g. this. Second one!\n- third item\nstill third.";
        let s = sentence_at(text, 11..15);
        assert_eq!(&text[s.start..s.content], "First one, e.g. this");
        let s = sentence_at(
            text,
            text.find("Second").unwrap()..text.find("Second").unwrap() + 6,
        );
        assert_eq!(&text[s.start..s.content], "Second one");
        let at = text.find("still").unwrap();
        let s = sentence_at(text, at..at + 5);
        assert_eq!(&text[s.start..s.content], "- third item\nstill third");
    }

    #[test]
    fn clauses_end_at_commas_and_dashes() {
        let text = "Well, you are wrong about this — as usual.";
        let at = text.find("wrong").unwrap();
        assert_eq!(
            &text[clause_at(text, at..at + 5)],
            "you are wrong about this"
        );
    }

    #[test]
    fn a_stale_finding_is_refused() {
        let f = Finding {
            rule_id: "x.y".into(),
            dimension: crate::engine::Dimension::Escalation,
            kind: crate::engine::Kind::Flag,
            severity: crate::engine::Severity::Warning,
            byte_start: 0,
            byte_end: 11,
            line: 1,
            column: 1,
            matched: "You need to".into(),
            message: String::new(),
            suggestions: vec![],
            question: None,
            strength: 1.0,
        };
        let s = suggest("You need to go", 0..11, &rw("Could you", Scope::Match), &[]).unwrap();
        assert!(apply("Changed text", &f, &s).is_none());
        assert_eq!(
            apply("You need to go", &f, &s).unwrap().text,
            "Could you go"
        );
    }
}
