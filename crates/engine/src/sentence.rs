//! Where sentences and clauses begin and end: the one model of a
//! sentence's edges that rewrites, blanks, tone, the computed readings and
//! the language server all read.
//!
//! A sentence ends at a closing mark (`.`, `!`, `?`, `…`) or at a line
//! break. How much a mark or a line break must show before it counts
//! depends on what the reader does with the sentence, and the model names
//! each way ([`Ends`]) rather than each reader keeping its own:
//!
//! - [`Ends::Marks`]: every `.`, `!`, `?` and line break ends a sentence,
//!   whatever follows. Cheap and strict: an unfilled blank's sentence
//!   (`blanks`) and the sentence a reflected word must share with a flag
//!   (`computed`) are never longer than their marks allow. An ellipsis does
//!   not end one here.
//! - [`Ends::Prose`]: a mark ends a sentence only where something other
//!   than a letter follows it and a full stop does not close an
//!   abbreviation ("e.g.", "Dr."); a line break only at a blank line, a list
//!   item, a quote, or after a line that ended with a mark. This is where
//!   a rewrite lands ([`sentence_at`], [`clause_at`]).
//! - [`Ends::Paragraphs`]: how an editor places a new sentence
//!   ([`starter_place`]): a mark, with the closing quotes and brackets
//!   after it, ends a sentence where a space and then no lower-case word
//!   follow ("It said “stop!” and left" goes on); a line break only at a
//!   blank line or where a quote begins.
//!
//! The three differ on purpose, and on these inputs they answer
//! differently: "See e.g. the docs" (Marks ends at each full stop; Prose
//! knows the abbreviation; Paragraphs sees the lower-case word after it),
//! "It said “stop!” and left" (Prose ends after the closing quote;
//! Paragraphs goes on to "left"), a single line break before a capital
//! (Marks ends there; Prose only after a line that ended with a mark;
//! Paragraphs never). Each reader keeps the answers it always gave.
//!
//! Over folded tokens (`text::Folded`), a sentence runs between boundary
//! tokens (`.`, `!`, `?`, `;`, `:` and paragraph breaks, see
//! `Folded::is_boundary`): `around_token` and `by_tokens`, which tone
//! and the open-question reading use.
//!
//! Spans are half-open byte ranges.

use std::ops::Range;

use crate::text::Folded;

/// A way of reading where sentences end (see the module's documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ends<'a> {
    /// Every `.`, `!`, `?` and line break.
    Marks,
    /// Marks followed by no letter, not closing one of these abbreviations
    /// (`abbreviations` in `prompts/language.toml`, lower case, without
    /// their last full stop); line breaks that start a block or follow a
    /// closed line.
    Prose(&'a [String]),
    /// Marks (and the closers after them) followed by a space and no
    /// lower-case word; blank lines and the starts of quotes.
    Paragraphs,
}

/// Marks that may close a sentence.
fn is_mark(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…')
}

/// What may follow a closing mark and still belong to its sentence, for
/// [`Ends::Paragraphs`].
fn is_closer(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '"' | '\'' | '’' | '”' | ')' | ']')
}

/// Whether a sentence ends at byte `i` of `text` (the character there
/// closes it, read as `ends` says).
pub fn ends_at(text: &str, i: usize, ends: Ends) -> bool {
    let Some(c) = text[i..].chars().next() else {
        return false;
    };
    match (ends, c) {
        (Ends::Marks, '.' | '!' | '?' | '\n') => true,
        (Ends::Marks, _) => false,
        (Ends::Prose(_), '\n') => prose_line_ends(text, i),
        (Ends::Prose(abbreviations), c) => is_mark(c) && prose_mark_ends(text, i, abbreviations),
        (Ends::Paragraphs, '\n') => paragraph_ends(text, i),
        (Ends::Paragraphs, c) => {
            is_mark(c) && {
                let rest = &text[after_closers(text, i + c.len_utf8())..];
                match rest.chars().next() {
                    None => true,
                    // "e.g. the", "“stop!” and": a lower-case word goes on.
                    Some(n) => {
                        n.is_whitespace() && !rest.trim_start().starts_with(char::is_lowercase)
                    }
                }
            }
        }
    }
}

/// Where the sentence holding byte `at` starts: just after the last end
/// before `at`, or 0.
pub fn start_before(text: &str, at: usize, ends: Ends) -> usize {
    text[..at]
        .char_indices()
        .rev()
        .find(|&(i, _)| ends_at(text, i, ends))
        .map_or(0, |(i, c)| i + c.len_utf8())
}

/// The byte of the first end at or after `from`, if any.
pub fn next_end(text: &str, from: usize, ends: Ends) -> Option<usize> {
    text[from..]
        .char_indices()
        .find(|&(i, _)| ends_at(text, from + i, ends))
        .map(|(i, _)| from + i)
}

/// Where a sentence sits in a text: `start..content` holds its words,
/// `content..end` its closing marks and the space after them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SentenceSpan {
    pub start: usize,
    pub content: usize,
    pub end: usize,
}

/// Whether prose ends a sentence at byte `i` of `text`, which holds `.`,
/// `!`, `?` or `…`: something other than a letter follows (a space, a
/// closing quote or bracket, or the end), and a full stop does not close an
/// abbreviation.
fn prose_mark_ends(text: &str, i: usize, abbreviations: &[String]) -> bool {
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
        let word = word.to_lowercase();
        if abbreviations.contains(&word) {
            return false;
        }
    }
    true
}

/// Whether a line break at byte `i` (a `\n`) ends a sentence of prose: a blank line,
/// or a next line that starts a list item, a quote or a capitalised word
/// after a line that ended with a mark.
fn prose_line_ends(text: &str, i: usize) -> bool {
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

/// The sentence of prose around byte range `span` (see [`Ends::Prose`]):
/// where a rewrite lands and what it must leave readable.
pub fn sentence_at(text: &str, span: Range<usize>, abbreviations: &[String]) -> SentenceSpan {
    let mut start = 0;
    for (i, c) in text[..span.start].char_indices().rev() {
        if ends_at(text, i, Ends::Prose(abbreviations)) {
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
                prose_mark_ends(text, last, abbreviations)
            }
            '\n' => prose_line_ends(text, i),
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
pub(crate) fn is_clause_mark(c: char) -> bool {
    matches!(c, ',' | ';' | ':' | '—' | '–' | '(' | ')')
}

/// The clause around byte range `span`: the words between the clause marks
/// (commas, semicolons, colons, dashes, brackets) or sentence edges on
/// either side of it.
pub fn clause_at(text: &str, span: Range<usize>, abbreviations: &[String]) -> Range<usize> {
    let s = sentence_at(text, span.clone(), abbreviations);
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

/// Whether a line break at byte `i` ends a paragraph as an editor sees
/// it: the next line is blank or begins a quote.
fn paragraph_ends(text: &str, i: usize) -> bool {
    let next_line = text[i + 1..].split('\n').next().unwrap_or("");
    next_line.trim().is_empty() || next_line.trim_start().starts_with('>')
}

/// Past the closing marks, quotes and brackets that start at `from`.
fn after_closers(text: &str, from: usize) -> usize {
    let rest = &text[from..];
    from + rest.len() - rest.trim_start_matches(is_closer).len()
}

/// The end of the sentence around `at` as an editor places a new one
/// ([`Ends::Paragraphs`]): after its closing mark (and any closing quote
/// or bracket), or the end of its paragraph (before the spaces that end its
/// line), or the end of the text's words.
pub fn end_of(text: &str, at: usize) -> usize {
    match next_end(text, at, Ends::Paragraphs) {
        Some(i) if text.as_bytes()[i] == b'\n' => text[..i].trim_end_matches([' ', '\r']).len(),
        Some(i) => {
            let c = text[i..].chars().next().map_or(1, char::len_utf8);
            after_closers(text, i + c)
        }
        None => text.trim_end().len(),
    }
}

/// Where a sentence starter goes for a cursor at `at`, and the spacing
/// around it: after the sentence the cursor is in, at a blank line the
/// cursor is on, or, when the cursor is in a quoted or blanked-out line, at
/// the end of the writer's text. Never inside a sentence. `text` is the
/// draft as the engine read it.
pub fn starter_place(text: &str, at: usize) -> (usize, &'static str, &'static str) {
    let at = at.min(text.len());
    let at = (0..=at)
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0);
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let line = &text[line_start..line_end];
    let place = if line.trim().is_empty() && line_end < text.trim_end().len() {
        // A blank line between paragraphs: a paragraph of its own.
        return (line_start, "", "\n");
    } else if line.trim_start().starts_with('>') || line.trim().is_empty() {
        text.trim_end().len()
    } else {
        end_of(text, at)
    };
    let prev = text[..place].chars().next_back();
    let next = text[place..].chars().next();
    let prev_line = &text[text[..place].rfind('\n').map_or(0, |i| i + 1)..place];
    if prev_line.trim_start().starts_with('>') {
        // After a quote: a paragraph of its own.
        return (place, "\n\n", "");
    }
    let before = match prev {
        None | Some('\n') => "",
        Some(c) if c.is_whitespace() => "",
        Some(_) => " ",
    };
    let after = match next {
        Some(c) if !c.is_whitespace() => " ",
        _ => "",
    };
    (place, before, after)
}

/// The token range of the sentence holding token `i`: back to the last
/// boundary, forward to and including the next, with the run of closing
/// marks after it ("?!"), but not a paragraph break.
pub(crate) fn around_token(f: &Folded, i: usize) -> (usize, usize) {
    let mut start = i;
    while start > 0 && !f.is_boundary(start - 1) {
        start -= 1;
    }
    let mut end = i;
    while end < f.tokens.len() && !f.is_boundary(end) {
        end += 1;
    }
    // The closing marks belong to the sentence ("?!").
    while end < f.tokens.len() && f.is_boundary(end) && f.token_text(end) != "|" {
        end += 1;
    }
    (start, end)
}

/// Every boundary token with the start of the sentence it closes: `(start,
/// boundary)`, the sentence's tokens being `start..boundary` (empty where
/// one boundary follows another, as in "?!").
pub(crate) fn by_tokens(f: &Folded) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut start = 0;
    (0..f.tokens.len())
        .filter(|&i| f.is_boundary(i))
        .map(move |i| {
            let s = start;
            start = i + 1;
            (s, i)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The built-in abbreviations (`prompts/language.toml`).
    fn abbreviations() -> &'static [String] {
        &crate::packs::builtin_language().abbreviations
    }

    fn prose() -> Ends<'static> {
        Ends::Prose(abbreviations())
    }

    #[test]
    fn sentences_end_at_marks_and_list_items_not_abbreviations() {
        let text = "First one, e.g. this. Second one!\n- third item\nstill third.";
        let s = sentence_at(text, 11..15, abbreviations());
        assert_eq!(&text[s.start..s.content], "First one, e.g. this");
        let s = sentence_at(
            text,
            text.find("Second").unwrap()..text.find("Second").unwrap() + 6,
            abbreviations(),
        );
        assert_eq!(&text[s.start..s.content], "Second one");
        let at = text.find("still").unwrap();
        let s = sentence_at(text, at..at + 5, abbreviations());
        assert_eq!(&text[s.start..s.content], "- third item\nstill third");
    }

    #[test]
    fn clauses_end_at_commas_and_dashes() {
        let text = "Well, you are wrong about this — as usual.";
        let at = text.find("wrong").unwrap();
        assert_eq!(
            &text[clause_at(text, at..at + 5, abbreviations())],
            "you are wrong about this"
        );
    }

    /// Where the ways of reading disagree, each keeps its own answer (see
    /// the module's documentation): these are the cases a single reading
    /// would change for one of the readers.
    #[test]
    fn each_way_of_reading_keeps_its_answers_where_they_differ() {
        let ends = |text: &str, ends: Ends| -> Vec<usize> {
            text.char_indices()
                .filter(|&(i, _)| ends_at(text, i, ends))
                .map(|(i, _)| i)
                .collect()
        };
        // An abbreviation: every full stop, the sentence's own, the one
        // before a capital.
        let t = "See e.g. the docs. Then";
        assert_eq!(ends(t, Ends::Marks), vec![5, 7, 17]);
        assert_eq!(ends(t, prose()), vec![17]);
        assert_eq!(ends(t, Ends::Paragraphs), vec![17]);
        let t = "Ask Dr. Who";
        assert_eq!(ends(t, prose()), Vec::<usize>::new());
        assert_eq!(ends(t, Ends::Paragraphs), vec![6]);
        // A mark inside a quotation, before a lower-case word.
        let t = "It said “stop!” and left";
        let bang = t.find('!').unwrap();
        assert_eq!(ends(t, Ends::Marks), vec![bang]);
        assert_eq!(ends(t, prose()), vec![bang]);
        assert_eq!(ends(t, Ends::Paragraphs), Vec::<usize>::new());
        let t = "It said “stop!” Then left";
        assert_eq!(ends(t, prose()), vec![bang]);
        assert_eq!(ends(t, Ends::Paragraphs), vec![bang]);
        // A line break inside a paragraph, and after a closed line.
        let t = "one line
Next line. Closed.
Third

Fourth";
        let breaks: Vec<usize> = t.match_indices('\n').map(|(i, _)| i).collect();
        assert_eq!(
            ends(t, Ends::Marks),
            vec![breaks[0], 18, 26, breaks[1], breaks[2], breaks[3]]
        );
        assert_eq!(ends(t, prose()), vec![18, 26, breaks[1], breaks[2]]);
        assert_eq!(ends(t, Ends::Paragraphs), vec![18, 26, breaks[2]]);
        // An ellipsis ends a sentence of prose, not a template's.
        assert_eq!(ends("Well… Yes", Ends::Marks), Vec::<usize>::new());
        assert_eq!(ends("Well… Yes", prose()), vec![4]);
    }

    #[test]
    fn token_sentences_run_between_boundaries() {
        let f = crate::text::fold("Why?! Fine; ok.\n\nNext");
        let words: Vec<&str> = (0..f.tokens.len()).map(|i| f.token_text(i)).collect();
        let closed: Vec<(Vec<&str>, &str)> = by_tokens(&f)
            .map(|(s, b)| (words[s..b].to_vec(), words[b]))
            .collect();
        assert_eq!(
            closed,
            vec![
                (vec!["why"], "?"),
                (vec![], "!"),
                (vec!["fine"], ";"),
                (vec!["ok"], "."),
                (vec![], "|"),
            ]
        );
        // The sentence around "fine" ends at its mark; around "why", its
        // marks come along; a paragraph break does not.
        let at = |w: &str| words.iter().position(|x| *x == w).unwrap();
        let (s, e) = around_token(&f, at("why"));
        assert_eq!(words[s..e], ["why", "?", "!"]);
        let (s, e) = around_token(&f, at("ok"));
        assert_eq!(words[s..e], ["ok", "."]);
    }
}
