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
    // A span that takes the sentence's closing mark ("Why?") ends its
    // sentence there, not at the end of the next one.
    let mut from = span.end.max(start);
    while from > span.start.max(start)
        && let Some(c) = text[..from].chars().next_back()
        && matches!(c, '.' | '!' | '?' | '…')
    {
        from -= c.len_utf8();
    }
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
        let edit = replacement(draft, target, matched, &rewrite.text, &text)?;
        if rewrite.scope == Scope::Clause {
            after_a_comma(draft, edit, &rewrite.text, sentence)
        } else {
            edit
        }
    };
    if !reads_right(draft, &edit) {
        return None;
    }
    if splits_a_question(draft, &edit, &rewrite.text, sentence) {
        return None;
    }
    let edit = agree_mood(draft, edit, &rewrite.text, sentence);
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
    if rewrite.text.trim().is_empty() && is_stub(draft, &edit, sentence, &new_sentence) {
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

/// Words that open a question when they open a sentence.
const QUESTION_OPENERS: &[&str] = &[
    "could", "would", "can", "will", "do", "does", "did", "is", "are", "was", "were", "have",
    "has", "what", "why", "how", "shall", "may",
];

/// The mark that closes a sentence follows the rewrite that now opens it:
/// "Stop spamming the tracker." rewritten to "Could you stop spamming the
/// tracker" ends with "?", and "Why don't you just restart it?" rewritten
/// to "You could restart it" ends with ".". Only where the rewrite opens
/// the sentence and no clause follows it that might carry its own mood
/// ("Sorry if this is dumb, but where is it?"), and only where the rule's
/// rewrite does not bring its own closing mark.
fn agree_mood(draft: &str, mut edit: Edit, template: &str, sentence: SentenceSpan) -> Edit {
    let own_mark = template.trim_end().ends_with(['?', '.', '!']);
    // Only filler words ("Well,", "Honestly,") may come before the edit.
    let before_edit = &draft[sentence.start..edit.range.start.max(sentence.start)];
    let opens_sentence = only_fillers(before_edit);
    if own_mark
        || template.trim().is_empty()
        || !opens_sentence
        || !edit.text.chars().any(char::is_alphanumeric)
    {
        return edit;
    }
    let first = first_word(&edit.text);
    let question = QUESTION_OPENERS.contains(&first.as_str());
    let clause_after = |t: &str| {
        t.trim_end_matches(['.', '!', '?', ' '])
            .contains([',', ';', ':', '—', '–'])
            || t.contains(" - ")
    };
    // Where the sentence's closing mark is: in the edit (it replaced the
    // sentence's end) or after it in the draft.
    if edit.range.end > sentence.content {
        if clause_after(&edit.text) {
            return edit;
        }
        let Some(mark) = edit.text.trim_end().chars().next_back() else {
            return edit;
        };
        let want = match (question, mark) {
            (true, '.' | '!') => '?',
            (false, '?') => '.',
            _ => return edit,
        };
        let at = edit.text.trim_end().len() - mark.len_utf8();
        edit.text
            .replace_range(at..at + mark.len_utf8(), &want.to_string());
        return edit;
    }
    let between = &draft[edit.range.end..sentence.content];
    if edit.text.trim_end().ends_with(['.', '?', '!']) || clause_after(&edit.text) {
        // The edit already ends with a mark of the sentence's own
        // ("Seriously?!"), or carries its own clauses.
        return edit;
    }
    if clause_after(between) {
        // A question that now opens the sentence ends at a semicolon:
        // "Could you keep it down; some of us work." reads "…down? Some…".
        let first_mark = between.find([',', ';', ':', '—', '–']);
        if question && let Some(i) = first_mark.filter(|&i| between[i..].starts_with("; ")) {
            let rest = &between[i + 2..];
            if let Some(c) = rest.chars().next().filter(|c| c.is_lowercase()) {
                edit.text.push_str(&between[..i]);
                edit.text.push_str("? ");
                edit.text.extend(c.to_uppercase());
                edit.range.end += i + 2 + c.len_utf8();
            }
        }
        return edit;
    }
    let Some(mark) = draft[sentence.content..].chars().next() else {
        return edit;
    };
    let want = match (question, mark) {
        (true, '.' | '!') => '?',
        (false, '?') => '.',
        _ => return edit,
    };
    edit.text.push_str(between);
    edit.text.push(want);
    edit.range.end = sentence.content + mark.len_utf8();
    edit
}

/// A whole statement of the coach's own that replaces a clause after a
/// comma would splice two sentences with it ("I think your view is unique,
/// I see it differently"): a semicolon joins them instead.
fn after_a_comma(draft: &str, mut edit: Edit, template: &str, sentence: SentenceSpan) -> Edit {
    let head = &draft[sentence.start..edit.range.start.max(sentence.start)];
    let trimmed = head.trim_end();
    // "Honestly, I see it differently" needs no semicolon: only fillers
    // come before the comma. Nor does "When you blame the forum, I felt
    // hurt": the words before the comma lean on the clause after it.
    if !is_statement(template)
        || !trimmed.ends_with(',')
        || only_fillers(trimmed)
        || words(trimmed)
            .find(|w| !FILLERS.contains(&w.as_str()))
            .is_some_and(|w| SUBORDINATORS.contains(&w.as_str()))
        || edit.range.start < sentence.start
    {
        return edit;
    }
    edit.range.start = sentence.start + trimmed.len() - 1;
    edit.text = format!("; {}", lower_first(&edit.text));
    edit
}

/// Words that open a clause which leans on the next one ("When you blame
/// the forum, …"): a statement may follow its comma as it stands.
const SUBORDINATORS: &[&str] = &[
    "when", "whenever", "if", "because", "since", "although", "though", "while", "whilst", "as",
    "after", "before", "unless", "once", "until", "till", "even", "whereas",
];

/// Whether a statement put at the head of a question would leave the rest
/// of the question hanging from it: "Are you blind, or do you not care?"
/// and "This is a joke, right?" cannot take "I think you got this one
/// wrong" in their first clause. A question of its own after the comma
/// ("…, but where does the cache live?") can.
fn splits_a_question(draft: &str, edit: &Edit, template: &str, sentence: SentenceSpan) -> bool {
    let first = first_word(template);
    if template.trim().is_empty()
        || QUESTION_OPENERS.contains(&first.as_str())
        || edit.range.end >= sentence.content
        || !draft[sentence.content..].starts_with('?')
    {
        return false;
    }
    let between = &draft[edit.range.end..sentence.content];
    let Some((i, mark)) = between
        .char_indices()
        .find(|(_, c)| matches!(c, ',' | ';' | ':' | '—' | '–'))
    else {
        return false;
    };
    let next: Vec<String> = words(&between[i + mark.len_utf8()..]).take(2).collect();
    let opener = match next.as_slice() {
        [conj, w, ..] if matches!(conj.as_str(), "but" | "and" | "so") => w.as_str(),
        [w, ..] => w.as_str(),
        [] => return true,
    };
    !(QUESTION_OPENERS.contains(&opener)
        || matches!(
            opener,
            "where" | "when" | "who" | "which" | "should" | "shall"
        ))
}

/// The words of `text` (letters, digits and apostrophes), lower-cased.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

/// The first of [`words`], or "" when there is none.
fn first_word(text: &str) -> String {
    words(text).next().unwrap_or_default()
}

/// Whether `text` holds only filler words ("Well,", "Honestly"), or none.
fn only_fillers(text: &str) -> bool {
    words(text).all(|w| FILLERS.contains(&w.as_str()))
}

/// Words that carry nothing on their own: a sentence left with only these
/// ("Honestly.", "Here.") is no sentence.
const FILLERS: &[&str] = &[
    "honestly",
    "frankly",
    "seriously",
    "well",
    "so",
    "ok",
    "okay",
    "look",
    "listen",
    "lol",
    "lmao",
    "yeah",
    "yes",
    "no",
    "oh",
    "and",
    "but",
    "also",
    "again",
    "then",
    "now",
    "here",
    "there",
    "anyway",
    "tbh",
    "imo",
    "though",
    "please",
    "just",
    "really",
    "literally",
    "man",
    "dude",
    "guys",
    "sir",
    "mate",
    "right",
    "sure",
    "still",
    "too",
    "all",
    "of",
    "you",
    "y'all",
    "everyone",
    "everybody",
    "folks",
    "people",
    "lot",
];

/// Words that cannot end a sentence: what follows them was removed ("The
/// docs are.", "It's a.").
const DANGLING: &[&str] = &[
    "a", "an", "the", "is", "are", "was", "were", "be", "been", "am", "to", "of", "very", "so",
    "too", "and", "or", "but", "with", "for", "your", "my", "their", "our", "his", "her", "its",
];

/// Whether removing words leaves a stub of the sentence: only filler words,
/// the last one or two words of it ("About this.", "Is this?"), or words
/// that stop short ("The docs are."). Removing the whole sentence is
/// offered instead.
fn is_stub(draft: &str, edit: &Edit, sentence: SentenceSpan, new_sentence: &str) -> bool {
    if new_sentence.is_empty() {
        return false;
    }
    let left: Vec<String> = words(new_sentence).collect();
    let from_start = draft[sentence.start..edit.range.start].trim().is_empty();
    let dangling = left.last().is_some_and(|w| DANGLING.contains(&w.as_str()));
    // Two words left of the end of a sentence read as one only with a
    // subject first ("It broke.", not "About this.").
    let subject_first = left.first().is_some_and(|w| {
        matches!(
            w.as_str(),
            "i" | "you" | "he" | "she" | "it" | "we" | "they" | "nobody" | "someone" | "everyone"
        )
    });
    let short = left.len() == 1 || (left.len() == 2 && !subject_first);
    // What was the second item of a list once its first clause is gone:
    // "Harper is a coward, a poor leader, and an ideologue" is not "A poor
    // leader, and an ideologue".
    let list_left = from_start
        && left
            .first()
            .is_some_and(|w| matches!(w.as_str(), "a" | "an" | "and" | "or" | "nor"));
    left.iter().all(|w| FILLERS.contains(&w.as_str()))
        || (short && from_start)
        || dangling
        || list_left
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
        r.starts_with([',', ';', ':', '—', '–']).then(|| {
            let skip = rest.len() - r.len() + r.chars().next().map_or(1, char::len_utf8);
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
    let mut range = range;
    // "a bloody oligarchy" loses "bloody" and becomes "an oligarchy".
    let article = trimmed_before
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    let next_vowel = draft[range.end..]
        .trim_start()
        .chars()
        .next()
        .map(|c| "aeiouAEIOU".contains(c));
    let want = match (article, next_vowel) {
        ("a", Some(true)) => Some("an"),
        ("an", Some(false)) => Some("a"),
        ("A", Some(true)) => Some("An"),
        ("An", Some(false)) => Some("A"),
        _ => None,
    };
    if let Some(want) = want
        && !at_start
        && range.start == sentence.start + trimmed_before.len()
    {
        range.start -= article.len();
        text = want.to_string();
    }
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
fn replacement(
    draft: &str,
    target: Range<usize>,
    matched: &str,
    template: &str,
    text: &str,
) -> Option<Edit> {
    let before = &draft[..target.start];
    let at_sentence_start = {
        let t = before.trim_end();
        t.is_empty() || sentence_at(draft, target.clone()).start >= t.len()
    };
    if !fits_where_it_lands(draft, &target, template, at_sentence_start) {
        return None;
    }
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
    // A whole statement that opens the sentence and is followed by ", more
    // words" would splice two sentences with a comma ("I can see this
    // matters to you, it's a warning"): the comma becomes a full stop,
    // unless a joining word carries the rest ("…, but it's a warning"). A
    // word or two ("Sorry, I pasted…") is an opener, not a statement; and a
    // word or two after the comma ("…, big guy.") is a vocative, not a
    // sentence of its own.
    if at_sentence_start && is_statement(template) && template.split_whitespace().count() >= 3 {
        let rest = &draft[end..];
        if let Some(next) = rest.strip_prefix(", ") {
            let word: String = next
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '\'')
                .collect::<String>()
                .to_lowercase();
            let tail = next.split(['.', '!', '?', '\n']).next().unwrap_or("");
            if !word.is_empty()
                && !JOINING_WORDS.contains(&word.as_str())
                && !FILLERS.contains(&word.as_str())
                && !is_vocative(tail)
            {
                let first = next.chars().next().unwrap_or(' ');
                let closed = words.trim_end().ends_with(['.', '?', '!']);
                let stop = if closed { "" } else { "." };
                words = format!("{}{stop} {}", words.trim_end(), first.to_uppercase());
                end += 2 + first.len_utf8();
            }
        }
    }
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

/// Whether the words after a comma are a form of address rather than a
/// clause: a word or two, not opening with a subject ("big guy", "mate",
/// but not "it broke").
fn is_vocative(tail: &str) -> bool {
    let w: Vec<String> = words(tail).collect();
    !w.is_empty() && w.len() <= 2 && !SUBJECTS.contains(&w[0].as_str())
}

/// Words that open a clause as its subject.
const SUBJECTS: &[&str] = &[
    "i", "you", "he", "she", "it", "it's", "we", "they", "this", "that", "there", "that's",
    "we're", "they're", "i'm", "you're",
];

/// Whether a rewrite's shape fits its place, as packs write rewrites:
///
/// - one that opens with a capital ("As I understand it, ", "Could you ")
///   opens a sentence or a clause, so it lands only where one begins;
/// - one that ends in a word and a space ("It might help to ") leads into
///   the words after it, so words must follow (one that ends in ", " or
///   ": " may close its sentence: "I see it differently.");
/// - a whole statement (opening with a capital, or with "I", and ending
///   closed: "I see it differently") must not run into the next words
///   ("I see it differently about the cache").
///
/// Lower-case rewrites that end closed ("you often") replace words inside a
/// sentence and fit anywhere.
fn fits_where_it_lands(draft: &str, target: &Range<usize>, text: &str, at_start: bool) -> bool {
    // Judged on the rule's own words: a placeholder ("{first}") takes the
    // case of the words it stands for.
    let first_word = text.split_whitespace().next().unwrap_or("");
    let i_word = first_word == "I" || ["I'", "I’"].iter().any(|p| first_word.starts_with(p));
    let opener = text.chars().next().is_some_and(char::is_uppercase) && !i_word;
    let open = text.ends_with([' ', ',', ':']);
    let before = draft[..target.start].trim_end();
    let at_clause_start = at_start
        || before.is_empty()
        || before.ends_with(['.', '!', '?', ':', ';', ',', '—', '–', '(', '\n']);
    // A whole statement of the coach's own ("I see it differently") opens
    // its clause too: "Why print I have concerns?" does not read. A lead-in
    // ("I believe ") may come after "so" or "and".
    // A statement in the first person may also follow a joining word: "…
    // and I'm not sure you saw my comments".
    let after_joining_word = i_word
        && before
            .rsplit(|c: char| !c.is_alphanumeric())
            .next()
            .is_some_and(|w| {
                matches!(
                    w.to_lowercase().as_str(),
                    "and" | "but" | "so" | "because" | "yet"
                )
            });
    if (opener || (i_word && !open)) && !at_clause_start && !after_joining_word {
        return false;
    }
    let rest = draft[target.end..].trim_start_matches([' ', '\t']);
    // Words after a replaced "Whatever." open the next sentence.
    let ends_sentence = draft[target.clone()].trim_end().ends_with(['.', '!', '?']);
    let words_follow = !ends_sentence && rest.starts_with(|c: char| c.is_alphanumeric());
    let leads_in = text.ends_with(' ')
        && text
            .trim_end()
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric);
    if leads_in && !words_follow {
        return false;
    }
    // A whole statement may be followed by a clause it joins ("I see it
    // differently and the docs say so"), not by words it would swallow.
    let next_word = rest
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("")
        .to_lowercase();
    let joins = matches!(
        next_word.as_str(),
        "and" | "but" | "so" | "or" | "because" | "since" | "though" | "although" | "yet"
    );
    if !open && (opener || i_word) && words_follow && !joins {
        return false;
    }
    true
}

/// Words that join a clause to the one before it with a comma.
const JOINING_WORDS: &[&str] = &[
    "and",
    "but",
    "or",
    "so",
    "yet",
    "because",
    "since",
    "as",
    "though",
    "although",
    "which",
    "who",
    "if",
    "when",
    "while",
    "unless",
    "until",
    "where",
    "whereas",
    "then",
    "even",
    "especially",
    "not",
    "just",
    "like",
    "please",
    "right",
    "thanks",
    "ok",
    "okay",
];

/// Whether a rewrite's own words are a whole statement: it opens with a
/// capital or with "I", and ends closed (no lead-in space, comma or colon).
fn is_statement(template: &str) -> bool {
    let first_word = template.split_whitespace().next().unwrap_or("");
    let i_word = first_word == "I" || ["I'", "I’"].iter().any(|p| first_word.starts_with(p));
    let opener = template.chars().next().is_some_and(char::is_uppercase);
    (opener || i_word) && !template.ends_with([' ', ',', ':'])
}

const PRONOUNS: &[&str] = &[
    "i", "you", "he", "she", "we", "they", "it", "me", "him", "her", "us", "them", "my", "your",
    "our", "their", "his", "its",
];

/// Whether the text around an edit still reads: no word doubled at either
/// seam, no article before a pronoun.
fn reads_right(draft: &str, edit: &Edit) -> bool {
    let mut from = edit
        .range
        .start
        .saturating_sub(60)
        .max(line_start(draft, edit.range.start));
    while !draft.is_char_boundary(from) {
        from += 1;
    }
    let before: Vec<String> = words(&draft[from..edit.range.start]).collect();
    let new: Vec<String> = words(&edit.text).collect();
    let after_text = &draft[edit.range.end..];
    let mut to = after_text.len().min(60);
    while !after_text.is_char_boundary(to) {
        to -= 1;
    }
    let after: Vec<String> = words(&after_text[..to]).collect();
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
        let (name, modifier) = rest[i + 1..i + j]
            .split_once(':')
            .unwrap_or((&rest[i + 1..i + j], ""));
        let (name, modifier) = (name.trim(), modifier.trim());
        let value = placeholder(name, matched).or_else(|| capture(name))?;
        out.push_str(&modified(&value, modifier));
        rest = &rest[i + j + 1..];
    }
    out.push_str(rest);
    Some(out)
}

/// What may follow a placeholder's name after a colon: `{who:object}` is
/// the captured words as the object of a verb ("they" becomes "them").
pub const MODIFIERS: &[&str] = &["object"];

pub fn is_modifier(name: &str) -> bool {
    MODIFIERS.contains(&name)
}

/// A filled placeholder changed as its modifier says.
fn modified(value: &str, modifier: &str) -> String {
    match modifier {
        "object" => {
            let object = match value {
                "I" => "me",
                "he" | "He" => "him",
                "she" | "She" => "her",
                "we" | "We" => "us",
                "they" | "They" => "them",
                other => other,
            };
            object.to_string()
        }
        _ => value.to_string(),
    }
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
    // The coach writes out a chat spelling of "you" it captured: the
    // suggestion is in its voice ("I think you got this one wrong", not
    // "I think u got…").
    if CHAT_YOU.contains(&captured.trim().to_lowercase().as_str()) {
        return "you".to_string();
    }
    let first = captured
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("")
        .to_lowercase();
    if FUNCTION_WORDS.contains(&first.as_str()) {
        lower_first(captured)
    } else {
        captured.to_string()
    }
}

/// Chat spellings of "you".
const CHAT_YOU: &[&str] = &["u", "ya", "ye", "yu"];

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
            form: 0,
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
            "Could you ",
            m,
            "Could you update it?",
        );
        check(
            "Well, you need to update it.",
            "you need to",
            "Could you ",
            m,
            "Well, could you update it?",
        );
        check(
            "so I think it works",
            "I think",
            "I believe ",
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
    fn a_span_that_takes_the_closing_mark_keeps_to_its_sentence() {
        check(
            "Why? Thanks for nothing.",
            "Why?",
            "Could you tell me more about the reasoning?",
            Scope::Sentence,
            "Could you tell me more about the reasoning? Thanks for nothing.",
        );
    }

    #[test]
    fn removing_the_first_clause_does_not_leave_the_rest_of_a_list() {
        assert!(
            after(
                "Harper is a coward, a poor leader, and an ideologue.",
                "Harper is a coward",
                "",
                Scope::Clause,
            )
            .is_none()
        );
    }

    #[test]
    fn removing_a_word_after_an_article_keeps_the_article_right() {
        check(
            "They set up a bloody oligarchy in the valley.",
            "bloody",
            "",
            Scope::Match,
            "They set up an oligarchy in the valley.",
        );
        check(
            "It is an effing disaster.",
            "effing",
            "",
            Scope::Match,
            "It is a disaster.",
        );
    }

    #[test]
    fn a_chat_spelling_of_you_is_written_out() {
        let (text, _) = after_with(
            "u r such a clown",
            "u r such a clown",
            "I think {who} got this one wrong",
            Scope::Match,
            &[("who", "u")],
        )
        .unwrap();
        assert_eq!(text, "I think you got this one wrong");
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
            "I'm not sure the logo matters here. It's a scam.",
        );
        // A word or two of address after the comma stays with it.
        check(
            "Nobody cares about the logo, big guy.",
            "Nobody cares",
            "I'm not sure the logo matters here",
            Scope::Clause,
            "I'm not sure the logo matters here, big guy.",
        );
        // After a clause of the author's own, a semicolon joins the two.
        check(
            "Thanks for the report, but that's not our problem.",
            "that's not our problem",
            "This isn't something we can fix here",
            Scope::Clause,
            "Thanks for the report; this isn't something we can fix here.",
        );
        // After a clause that leans on the next one, the comma stays.
        check(
            "When you blame the forum, I feel unheard.",
            "I feel unheard",
            "I felt hurt",
            Scope::Clause,
            "When you blame the forum, I felt hurt.",
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
            dimension: crate::Dimension::Escalation,
            kind: crate::Kind::Flag,
            severity: crate::Severity::Warning,
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
        let s = suggest(
            "You need to go",
            0..11,
            &rw("Could you ", Scope::Match),
            &[],
        )
        .unwrap();
        assert!(apply("Changed text", &f, &s).is_none());
        assert_eq!(
            apply("You need to go", &f, &s).unwrap().text,
            "Could you go"
        );
    }
}
