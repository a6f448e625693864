//! Fitting a rewrite to where it lands: removing words with the marks that
//! joined them, putting new words in with the capitals, closing mark and
//! article their place needs, and agreeing the sentence's mood with the
//! words that now open it.

use std::ops::Range;

use crate::rules::{Language, RewriteWords};
use crate::sentence::{SentenceSpan, is_clause_mark, sentence_at};

use super::edit::Edit;
use super::wording::{
    capitalise_first, first_word, has, is_statement, lower_first, only_fillers, words,
};

/// The mark that closes a sentence follows the rewrite that now opens it:
/// "Stop spamming the tracker." rewritten to "Could you stop spamming the
/// tracker" ends with "?", and "Why don't you just restart it?" rewritten
/// to "You could restart it" ends with ".". Only where the rewrite opens
/// the sentence and no clause follows it that might carry its own mood
/// ("Sorry if this is dumb, but where is it?"), and only where the rule's
/// rewrite does not bring its own closing mark.
pub(super) fn agree_mood(
    draft: &str,
    mut edit: Edit,
    template: &str,
    sentence: SentenceSpan,
    w: &RewriteWords,
) -> Edit {
    let own_mark = template.trim_end().ends_with(['?', '.', '!']);
    // Only filler words ("Well,", "Honestly,") may come before the edit.
    let before_edit = &draft[sentence.start..edit.range.start.max(sentence.start)];
    let opens_sentence = only_fillers(before_edit, w);
    if own_mark
        || template.trim().is_empty()
        || !opens_sentence
        || !edit.text.chars().any(char::is_alphanumeric)
    {
        return edit;
    }
    let first = first_word(&edit.text);
    let question = has(&w.question_openers, &first);
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
    // The mark may stand after a space ("drilling again ?"), as in text
    // split into words.
    let rest = &draft[sentence.content..];
    let gap = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    let Some(mark) = rest[gap..].chars().next() else {
        return edit;
    };
    let want = match (question, mark) {
        (true, '.' | '!') => '?',
        (false, '?') => '.',
        _ => return edit,
    };
    edit.text.push_str(between);
    edit.text.push(want);
    edit.range.end = sentence.content + gap + mark.len_utf8();
    edit
}

/// A whole statement of the coach's own that replaces a clause after a
/// comma would splice two sentences with it ("I think your view is unique,
/// I see it differently"): a semicolon joins them instead.
pub(super) fn after_a_comma(
    draft: &str,
    mut edit: Edit,
    template: &str,
    sentence: SentenceSpan,
    w: &RewriteWords,
) -> Edit {
    let head = &draft[sentence.start..edit.range.start.max(sentence.start)];
    let trimmed = head.trim_end();
    // "Honestly, I see it differently" needs no semicolon: only fillers
    // come before the comma. Nor does "When you blame the forum, I felt
    // hurt": the words before the comma lean on the clause after it.
    if !is_statement(template)
        || !trimmed.ends_with(',')
        || only_fillers(trimmed, w)
        || words(trimmed)
            .find(|x| !has(&w.fillers, x))
            .is_some_and(|x| has(&w.subordinators, &x))
        || edit.range.start < sentence.start
    {
        return edit;
    }
    edit.range.start = sentence.start + trimmed.len() - 1;
    edit.text = format!("; {}", lower_first(&edit.text));
    edit
}

/// The bytes after a replaced word written without its final "g"
/// ("fuckin' dirty", "fuckin ' romantic") that hold the apostrophe standing
/// for it, which would otherwise be left alone in the sentence. An
/// apostrophe followed by a letter opens a quotation and stays. Only for
/// the matched words themselves: a clause or sentence that ends in "in"
/// may be closing a quotation ("'all in'").
pub(super) fn dropped_g(draft: &str, target: Range<usize>) -> usize {
    let word = draft[target.clone()].as_bytes();
    if word.len() < 2 || !word[word.len() - 2..].eq_ignore_ascii_case(b"in") {
        return 0;
    }
    let after = &draft[target.end..];
    let gap = if after.starts_with(" '") { 1 } else { 0 };
    if !after[gap..].starts_with('\'') {
        return 0;
    }
    match after[gap + 1..].chars().next() {
        Some(c) if c.is_alphanumeric() => 0,
        _ => gap + 1,
    }
}

/// Removing the target: its words, and the clause mark or space that
/// joined them to the rest, so that what remains still reads; where the
/// clause that asked went, the question mark goes with it.
pub(super) fn removal(
    draft: &str,
    target: Range<usize>,
    sentence: SentenceSpan,
    w: &RewriteWords,
) -> Edit {
    let mut target = target;
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
    // A clause joined as an equal takes its joining word along: "Delete
    // the page and shut up" loses "and shut up", "Shut up and delete the
    // page" loses "Shut up and"; the last clause of a sentence takes the
    // word that made it lean on the rest ("…at stake because he's an
    // idiot" loses "because he's an idiot").
    if left.is_empty() {
        let trimmed = before.trim_end();
        let last = trimmed
            .rsplit(|c: char| !(c.is_alphanumeric() || c == '\''))
            .next()
            .unwrap_or("");
        let head = trimmed[..trimmed.len() - last.len()].trim_end();
        let joiner = last.to_lowercase();
        if (has(&w.coordinators, &joiner) || has(&w.subordinators, &joiner))
            && head.chars().any(char::is_alphanumeric)
        {
            target.start = sentence.start + head.trim_end_matches([',', ';']).trim_end().len();
        }
    } else if at_start {
        let rest = &draft[target.end..sentence.content];
        let after = rest.trim_start_matches(|c: char| c.is_whitespace() || c == ',');
        let next: String = after
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '\'')
            .collect();
        let tail = after[next.len()..].trim_start();
        if !next.is_empty()
            && has(&w.coordinators, &next.to_lowercase())
            && after[next.len()..].starts_with(' ')
            && tail.chars().any(char::is_alphanumeric)
        {
            target.end = sentence.content - tail.len();
        }
    }
    let target = target;
    let before = &draft[sentence.start..target.start];
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
    // The last clause was the question ("I've told you five times already,
    // are you deaf?"): what is left is a statement, and ends as one. Not
    // where what is left asks too ("Why did you merge this, genius?").
    let removed = &draft[target.clone()];
    if !at_start
        && left.is_empty()
        && has(&w.question_openers, &first_word(removed))
        && !has(&w.question_openers, &first_word(before))
    {
        let tail = &draft[sentence.content..];
        let gap = spaces(tail);
        if tail[gap..].starts_with('?') && end <= sentence.content {
            text.push('.');
            end = sentence.content + gap + 1;
        }
    }
    Edit {
        range: range.start..end,
        text,
    }
}

/// Putting `text` in place of the target, fitted to where it lands.
pub(super) fn replacement(
    draft: &str,
    target: Range<usize>,
    matched: &str,
    template: &str,
    text: &str,
    lang: &Language,
) -> Option<Edit> {
    let w = &lang.rewrites;
    let before = &draft[..target.start];
    let at_sentence_start = {
        let t = before.trim_end();
        t.is_empty() || sentence_at(draft, target.clone(), &lang.abbreviations).start >= t.len()
    };
    if !fits_where_it_lands(draft, &target, template, at_sentence_start, w) {
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
    // A mark may stand after a space ("Are you kidding me ?"), as in text
    // split into words.
    let spaced = rest.trim_start_matches([' ', '\t']);
    if own_mark && spaced.starts_with(['.', '!', '?']) {
        // The rewrite brings its own closing mark: it replaces the old one.
        let marks = spaced.len() - spaced.trim_start_matches(['.', '!', '?', ' ', '\t']).len();
        end += rest.len() - spaced.len() + marks;
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
                && !has(&w.comma_joiners, &word)
                && !has(&w.fillers, &word)
                && !is_vocative(tail, w)
            {
                let first = next.chars().next().unwrap_or(' ');
                let closed = words.trim_end().ends_with(['.', '?', '!']);
                let stop = if closed { "" } else { "." };
                words = format!("{}{stop} {}", words.trim_end(), first.to_uppercase());
                end += 2 + first.len_utf8();
            }
        }
    }
    let mut start = target.start;
    // A rewrite that opens with a closing mark ("? I doubt it" for the
    // "my ass" of "An accident, my ass!") closes the words before it: the
    // space and the comma that stood between them go.
    if words.starts_with(['?', '!', '.']) {
        let head = draft[..start].trim_end_matches([' ', '\t']);
        let head = head
            .strip_suffix(',')
            .unwrap_or(head)
            .trim_end_matches([' ', '\t']);
        if head.ends_with(|c: char| c.is_alphanumeric()) {
            start = head.len();
        }
    }
    // `a` and `an` before the new words agree with them.
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
fn is_vocative(tail: &str, w: &RewriteWords) -> bool {
    let said: Vec<String> = words(tail).collect();
    !said.is_empty() && said.len() <= 2 && !has(&w.subjects, &said[0])
}

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
fn fits_where_it_lands(
    draft: &str,
    target: &Range<usize>,
    text: &str,
    at_start: bool,
    w: &RewriteWords,
) -> bool {
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
            .is_some_and(|x| has(&w.statement_joiners, &x.to_lowercase()));
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
    let joins = has(&w.clause_joiners, &next_word);
    if !open && (opener || i_word) && words_follow && !joins {
        return false;
    }
    true
}
