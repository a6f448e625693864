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
//!
//! The work is split by step: `template` fills the rewrite's words, `fit`
//! fits them to where they land, `accept` turns away what would still read
//! wrong, over an `edit` of the draft; `wording` holds the readings of
//! words they share. Where sentences and clauses are is
//! [`crate::sentence`]'s; the word tables are `[language.rewrites]` in
//! `prompts/language.toml` ([`crate::rules::RewriteWords`]).

mod accept;
mod edit;
mod fit;
mod template;
mod wording;

use std::ops::Range;

use crate::rules::{Language, Rewrite};
pub use crate::sentence::{SentenceSpan, clause_at, sentence_at};
pub use crate::types::Suggestion;
use crate::types::{Finding, Scope};
pub(crate) use template::placeholders;
pub use template::{fill, fill_with};

use accept::{
    asks_mid_statement, empties_the_draft, is_stub, leaves_a_headless_clause, leaves_dangling,
    reads_right, splits_a_question,
};
use edit::spliced;
use fit::{after_a_comma, agree_mood, dropped_g, removal, replacement};
use template::as_inner_words;

/// A suggestion applied: the new text and the byte range the replacement
/// occupies in it (for placing the cursor or highlighting the change).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    pub text: String,
    pub replaced: Range<usize>,
}

/// How far either side of a whole-sentence rewrite the draft is searched
/// for the same sentence already said: a reply's paragraph or two.
const SAID_NEARBY: usize = 2048;

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

/// Fits a rule's rewrite to the draft: the edit for the finding at `span`,
/// with `captures` (name → byte range) filling their placeholders. `None`
/// when the rewrite does not fit the sentence.
pub fn suggest(
    draft: &str,
    span: Range<usize>,
    rewrite: &Rewrite,
    captures: &[(&str, Range<usize>)],
    lang: &Language,
) -> Option<Suggestion> {
    let w = &lang.rewrites;
    let abbreviations = lang.abbreviations.as_slice();
    if span.end > draft.len()
        || !draft.is_char_boundary(span.start)
        || !draft.is_char_boundary(span.end)
    {
        return None;
    }
    let matched = &draft[span.clone()];
    // Two captures over one written word ("he's" folds to "he is", and
    // "he" and "is" keep parts of the span of "he's") are typed once, as
    // the whole word, by the placeholder that comes first; the other is
    // left empty, where it would repeat it ("he he's wrong").
    let mut typed: Vec<(&str, Range<usize>)> = Vec::new();
    let mut merged = false;
    for (name, _) in placeholders(&rewrite.text) {
        let Some((_, r)) = captures.iter().find(|(n, _)| *n == name) else {
            continue;
        };
        match typed
            .iter_mut()
            .find(|(_, t)| t.start < r.end && r.start < t.end)
        {
            Some((_, t)) => {
                *t = t.start.min(r.start)..t.end.max(r.end);
                merged = true;
            }
            None => typed.push((name, r.clone())),
        }
    }
    let mut text = fill_with(
        &rewrite.text,
        matched,
        |name| match typed.iter().find(|(n, _)| *n == name) {
            Some((_, r)) => Some(as_inner_words(&draft[r.clone()], w)),
            None => captures.iter().any(|(n, _)| *n == name).then(String::new),
        },
        w,
    )?;
    // The space the empty placeholder stood between goes with it.
    while merged && text.contains("  ") {
        text = text.replace("  ", " ");
    }
    let sentence = sentence_at(draft, span.clone(), abbreviations);
    let target = match rewrite.scope {
        Scope::Match => span.clone(),
        Scope::Clause => clause_at(draft, span.clone(), abbreviations),
        Scope::Sentence => sentence.start..sentence.content.max(span.end),
    };
    let target = match rewrite.scope {
        Scope::Match => target.start..target.end + dropped_g(draft, target.clone()),
        _ => target,
    };
    // A sentence of the coach's own that the draft already says nearby
    // (a suggestion taken on the sentence before) would be said twice.
    // Only the text within `SAID_NEARBY` bytes either side is searched:
    // searching the whole draft for every suggestion made long texts
    // quadratic.
    let own = text.trim().trim_end_matches(['.', '!', '?']);
    if rewrite.scope != Scope::Match && own.split_whitespace().count() >= 3 {
        let mut from = target.start.saturating_sub(SAID_NEARBY);
        while !draft.is_char_boundary(from) {
            from += 1;
        }
        let mut to = (target.end + SAID_NEARBY).min(draft.len());
        while !draft.is_char_boundary(to) {
            to -= 1;
        }
        if draft[from..target.start].contains(own) || draft[target.end..to].contains(own) {
            return None;
        }
    }
    let edit = if text.trim().is_empty() {
        removal(draft, target, sentence, w)
    } else {
        let edit = replacement(draft, target, matched, &rewrite.text, &text, lang)?;
        if rewrite.scope == Scope::Clause {
            after_a_comma(draft, edit, &rewrite.text, sentence, w)
        } else {
            edit
        }
    };
    if !reads_right(draft, &edit, w) || empties_the_draft(draft, &edit) {
        return None;
    }
    if splits_a_question(draft, &edit, &rewrite.text, sentence, w)
        || asks_mid_statement(draft, &edit, &edit.text, sentence, w)
    {
        return None;
    }
    let edit = agree_mood(draft, edit, &rewrite.text, sentence, w);
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
    if rewrite.text.trim().is_empty()
        && (is_stub(draft, &edit, sentence, &new_sentence, w)
            || leaves_dangling(draft, &edit, w)
            || leaves_a_headless_clause(draft, &edit, sentence, w))
    {
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

/// Orders the suggestions of a flag in `sentence` of `draft` as a writer
/// would pick them: the one that keeps most of their own words first, then
/// the one that carries more of the sentence's words through, then the one
/// that adds fewest words of the coach's. Words inside `flagged`
/// (the flags of the sentence, as byte ranges of the draft) are the attack,
/// not the point, and do not count as kept. A suggestion that takes the
/// whole sentence away comes last, and so does one that leaves nothing of
/// the sentence but flagged words ("Fuck off, you twat" left as "You
/// twat."). Ties keep the order the pack wrote. But where the sentence
/// holds nothing of the writer's own beside the flagged words but words
/// that carry nothing ("Ohh, fuck you!" before "Go back to sleep."), taking
/// it away loses nothing of their point, and comes before a sentence of the
/// coach's in its place.
pub fn order(
    draft: &str,
    sentence: SentenceSpan,
    flagged: &[Range<usize>],
    fillers: &[String],
    suggestions: &mut [Suggestion],
) {
    if suggestions.len() < 2 {
        return;
    }
    let own = own_words(draft, sentence.start..sentence.content, flagged);
    let all = own_words(draft, sentence.start..sentence.content, &[]);
    let filler = |x: &String| fillers.iter().any(|f| f == x);
    let nothing_own = own.iter().all(filler);
    // The sentence's words that carry something, for a sentence with
    // nothing of the writer's own: "Ugh" kept beside a stock sentence is
    // not their point carried through.
    let content: Vec<String> = if nothing_own {
        all.iter().filter(|x| !filler(x)).cloned().collect()
    } else {
        Vec::new()
    };
    suggestions.sort_by_cached_key(|s| {
        let (kept, added) = kept_and_added(&own, &s.sentence);
        // Words that carry nothing are not the point that was kept.
        let kept = if nothing_own { 0 } else { kept };
        let bare = (s.sentence.trim().is_empty() && !nothing_own)
            || (kept == 0 && added == 0 && !s.sentence.trim().is_empty());
        // Between two that keep as much, the one that carries more of the
        // flagged words' content through its captures ("What led you to
        // remove the section" for "Why did you remove the section?") comes
        // before a stock sentence.
        let (carried, _) = kept_and_added(if nothing_own { &content } else { &all }, &s.sentence);
        (
            bare,
            std::cmp::Reverse(kept),
            std::cmp::Reverse(carried),
            added,
        )
    });
}

/// The words of `range` of `draft`, lower-cased, but for those inside one
/// of `flagged`.
fn own_words(draft: &str, range: Range<usize>, flagged: &[Range<usize>]) -> Vec<String> {
    let text = &draft[range.clone()];
    let mut out = Vec::new();
    let mut start = None;
    let is_word = |c: char| c.is_alphanumeric() || c == '\'';
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (start, is_word(c)) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                let (a, b) = (range.start + s, range.start + i);
                if !flagged.iter().any(|r| r.start < b && a < r.end) {
                    out.push(text[s..i].to_lowercase());
                }
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// How many of the words of `own` (a multiset) are still in `new`, and how
/// many words of `new` are not theirs.
fn kept_and_added(own: &[String], new: &str) -> (usize, usize) {
    let mut left: Vec<&str> = own.iter().map(String::as_str).collect();
    let mut added = 0;
    for w in wording::words(new) {
        match left.iter().position(|x| *x == w) {
            Some(i) => {
                left.swap_remove(i);
            }
            None => added += 1,
        }
    }
    (own.len() - left.len(), added)
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
            crate::packs::builtin_language(),
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
    fn a_question_mark_after_a_space_still_closes_a_question() {
        // Text split into words puts a space before its marks: the question
        // after the comma is still a question, and asks its own.
        let m = Scope::Match;
        for draft in [
            "If this is what they want, who gives a shit?",
            "if this is what they want , who gives a shit ?",
        ] {
            let (text, _) = after(draft, "who gives a shit", "does it matter", m)
                .expect("a question in place of a question");
            assert!(
                text.ends_with('?') && text.contains("does it matter"),
                "{text}"
            );
        }
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
    fn a_stock_sentence_is_not_said_twice() {
        let s = Scope::Sentence;
        let draft = "I'm frustrated with how this has gone. You did this.";
        let stock = "I'm frustrated with how this has gone.";
        assert_eq!(after(draft, "You did this", stock, s), None);
        check("You did this.", "You did this", stock, s, stock);
    }

    #[test]
    fn a_question_is_not_started_inside_a_statement() {
        let m = Scope::Match;
        let draft = "If you say that, you'd better mean it.";
        assert_eq!(after(draft, "you'd better", "could you", m), None);
        check(
            draft,
            "you'd better",
            "it might help to",
            m,
            "If you say that, it might help to mean it.",
        );
        check(
            "Obviously you never read the docs!!",
            "you never read",
            "you didn't read",
            m,
            "Obviously you didn't read the docs!!",
        );
        check(
            "I came here to kick ass.",
            "kick ass",
            "do well",
            m,
            "I came here to do well.",
        );
        check(
            "If you can, you'd better check it?",
            "you'd better",
            "could you",
            m,
            "If you can, could you check it?",
        );
    }

    #[test]
    fn a_rewrite_with_its_own_mark_replaces_a_mark_after_a_space() {
        let s = Scope::Sentence;
        check(
            "Are you kidding me ?",
            "Are you kidding me",
            "What am I missing here?",
            s,
            "What am I missing here?",
        );
        check(
            "are you kidding me ? ! it was fine",
            "are you kidding me",
            "What am I missing here?",
            s,
            "What am I missing here? it was fine",
        );
    }

    #[test]
    fn the_mark_follows_the_mood_even_after_a_space() {
        check(
            "who cares what he says ?",
            "who cares what he says",
            "I'm not sure it matters what he says",
            Scope::Match,
            "I'm not sure it matters what he says.",
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
    fn a_removal_leaves_no_word_that_needs_what_it_took() {
        let m = Scope::Match;
        // "like" and "by" need what followed them.
        assert_eq!(after("Bud light tastes like crap.", "crap", "", m), None);
        assert_eq!(
            after("We were dazzled by bullshit.", "bullshit", "", m),
            None
        );
        // "that" opened the clause the removal took…
        assert_eq!(
            after(
                "I'm more convinced that he's a moron.",
                "he's a moron",
                "",
                m
            ),
            None
        );
        // …but as a pronoun it ends a sentence well.
        check("We saw that crap.", " crap", "", m, "We saw that.");
        // "because" needs its clause, whatever joins the next one.
        assert_eq!(
            after(
                "She lost because she is a jerk and everyone knew it.",
                "she is a jerk",
                "",
                m
            ),
            None
        );
        check(
            "It broke because of the damn cache and the logs.",
            " damn",
            "",
            m,
            "It broke because of the cache and the logs.",
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
        // At the head of the sentence too: the article is not the rest of
        // a list once a word inside its own clause goes.
        check(
            "A fucking atheist wrote this.",
            "fucking",
            "",
            Scope::Match,
            "An atheist wrote this.",
        );
    }

    #[test]
    fn a_removal_never_leaves_an_article_before_a_word_it_cannot_stand_before() {
        // "a bitch for asking" without its noun is "a for asking".
        for (draft, words) in [
            ("I feel like a bitch for asking.", "bitch"),
            ("I don't understand a shit about it.", "shit"),
        ] {
            assert_eq!(after(draft, words, "", Scope::Match), None, "{draft}");
        }
    }

    #[test]
    fn a_removal_never_leaves_a_question_word_with_only_its_verb() {
        assert_eq!(
            after(
                "Wow, how can you people be so dumb?",
                "you people be so dumb",
                "",
                Scope::Match
            ),
            None
        );
    }

    #[test]
    fn a_removal_never_leaves_the_tail_of_a_contraction() {
        for draft in [
            "shit 's going to hit the fan .",
            "Shit's going to hit the fan.",
        ] {
            let words = if draft.contains(" 's") {
                "shit"
            } else {
                "Shit"
            };
            assert_eq!(after(draft, words, "", Scope::Match), None, "{draft}");
        }
    }

    #[test]
    fn a_rewrite_that_opens_with_a_mark_closes_the_words_before_it() {
        let m = Scope::Match;
        check(
            "An accident, my ass!",
            "my ass",
            "? I doubt it",
            m,
            "An accident? I doubt it!",
        );
        check(
            "Safety my ass.",
            "my ass",
            "? I doubt it",
            m,
            "Safety? I doubt it.",
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

    /// The clause that asked goes, and so does its question mark; a
    /// question that still asks, or a name said at the end, keeps it.
    #[test]
    fn removing_the_asking_clause_ends_a_statement() {
        check(
            "I've told you five times already, are you deaf?",
            "are you deaf",
            "",
            Scope::Clause,
            "I've told you five times already.",
        );
        check(
            "Why did you merge this, are you blind?",
            "are you blind",
            "",
            Scope::Clause,
            "Why did you merge this?",
        );
        check(
            "You merged it anyway, genius?",
            "genius",
            "",
            Scope::Clause,
            "You merged it anyway?",
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
    fn two_captures_over_one_written_word_type_it_once() {
        // "he's" folds to "he is": "he" and "is" both come from "he's".
        let (text, _) = after_with(
            "I'm convinced that he's an idiot.",
            "he's an idiot",
            "{who} {be} wrong",
            Scope::Match,
            &[("who", "he"), ("be", "he's")],
        )
        .unwrap();
        assert_eq!(text, "I'm convinced that he's wrong.");
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
            message: Default::default(),
            suggestions: vec![],
            question: None,
            strength: 1.0,
            reads_as: None,
            reads_as_or: None,
        };
        let s = suggest(
            "You need to go",
            0..11,
            &rw("Could you ", Scope::Match),
            &[],
            crate::packs::builtin_language(),
        )
        .unwrap();
        assert!(apply("Changed text", &f, &s).is_none());
        assert_eq!(
            apply("You need to go", &f, &s).unwrap().text,
            "Could you go"
        );
    }
}
