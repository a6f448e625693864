//! The checks a fitted rewrite must pass to be offered: it leaves no word
//! doubled or article before a pronoun, no question split by a statement,
//! and no stub of a sentence.

use crate::rules::RewriteWords;
use crate::sentence::{SentenceSpan, is_clause_mark};

use super::edit::Edit;
use super::wording::{first_word, has, only_fillers, words};

/// Whether a statement put at the head of a question would leave the rest
/// of the question hanging from it: "Are you blind, or do you not care?"
/// and "This is a joke, right?" cannot take "I think you got this one
/// wrong" in their first clause. A question of its own after the comma
/// ("…, but where does the cache live?") can.
pub(super) fn splits_a_question(
    draft: &str,
    edit: &Edit,
    template: &str,
    sentence: SentenceSpan,
    w: &RewriteWords,
) -> bool {
    let first = first_word(template);
    // Only a statement of its own leaves the question hanging (see
    // `statement_openers`).
    if !has(&w.statement_openers, &first)
        || has(&w.question_openers, &first)
        || edit.range.end >= sentence.content
        || !asks_at_close(draft, sentence)
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
        [conj, x, ..] if has(&w.question_clause_joiners, conj) => x.as_str(),
        [x, ..] => x.as_str(),
        [] => return true,
    };
    !(has(&w.question_openers, opener) || has(&w.question_clause_openers, opener))
}

/// Whether the rewrite (its words as filled in, `text`) would start a
/// question inside a statement: "If you say that, you'd better mean it."
/// cannot take "could you" after its comma, since the sentence ends with a
/// full stop and its opening clause is not the question's; the rule's next
/// rewrite ("it might help to") is offered instead. At the head of the
/// sentence (after filler words only) the closing mark is turned round
/// instead, and a sentence that already asks ("…, could you check it?")
/// takes it as it is.
pub(super) fn asks_mid_statement(
    draft: &str,
    edit: &Edit,
    text: &str,
    sentence: SentenceSpan,
    w: &RewriteWords,
) -> bool {
    // A question is an opener before its subject ("could you", "is it") or
    // a question word; "do well" opens with "do" but asks nothing.
    let mut own = words(text);
    let (first, second) = (own.next().unwrap_or_default(), own.next());
    let asks = has(&w.question_openers, &first)
        && (matches!(first.as_str(), "what" | "why" | "how" | "who")
            || second.is_some_and(|x| has(&w.pronouns, &x)));
    if !asks {
        return false;
    }
    let before = &draft[sentence.start..edit.range.start.max(sentence.start)];
    if only_fillers(before, w) || edit.range.end > sentence.content {
        return false;
    }
    !asks_at_close(draft, sentence)
}

/// Whether the sentence closes with a question mark, which may stand after
/// a space ("who cares ?"), as in text split into words.
fn asks_at_close(draft: &str, sentence: SentenceSpan) -> bool {
    draft[sentence.content..]
        .trim_start_matches([' ', '\t'])
        .starts_with('?')
}

/// Whether removing words leaves a stub of the sentence: only filler words,
/// the last one or two words of it ("About this.", "Is this?"), or words
/// that stop short ("The docs are."). Removing the whole sentence is
/// offered instead.
pub(super) fn is_stub(
    draft: &str,
    edit: &Edit,
    sentence: SentenceSpan,
    new_sentence: &str,
    w: &RewriteWords,
) -> bool {
    if new_sentence.is_empty() {
        return false;
    }
    let left: Vec<String> = words(new_sentence).collect();
    let from_start = draft[sentence.start..edit.range.start].trim().is_empty();
    // A word that cannot end a sentence is the removal's doing only where
    // the removal reached the end ("The docs are."), not where the writer
    // ended on it ("…at 9 am").
    let at_end = draft[edit.range.end..sentence.content.max(edit.range.end)]
        .trim()
        .is_empty();
    let dangling = at_end && left.last().is_some_and(|x| has(&w.dangling, x));
    // Two words left of the end of a sentence read as one only with a
    // subject first ("It broke.", not "About this."), or where the removal
    // took less than it left ("Fucking anatomy test" is "Anatomy test").
    let subject_first = left.first().is_some_and(|x| has(&w.stub_subjects, x));
    let removed = words(&draft[sentence.start..sentence.content])
        .count()
        .saturating_sub(left.len());
    // One word left of a longer sentence is never one ("Wow." of "Wow,
    // another genius who…"), wherever the removal was.
    if left.len() == 1 && removed >= 2 {
        return true;
    }
    let short = left.len() == 1 || (left.len() == 2 && !subject_first && removed >= left.len());
    // What was the second item of a list once its first clause is gone:
    // "Harper is a coward, a poor leader, and an ideologue" is not "A poor
    // leader, and an ideologue". An article left first is such a leftover
    // only where a clause went: "A fucking atheist wrote this" losing a
    // word inside its first clause is "An atheist wrote this".
    let took_a_clause = draft[edit.range.clone()].contains(is_clause_mark);
    let list_left = from_start
        && left.first().is_some_and(|x| {
            has(&w.list_continuations, x) && (took_a_clause || !has(&w.articles, x))
        });
    left.iter().all(|x| has(&w.fillers, x)) || (short && from_start) || dangling || list_left
}

/// Whether the text around an edit still reads: no word doubled at either
/// seam (a pronoun not even across a comma), no article before a pronoun
/// or a word no article stands before ("like a for asking").
pub(super) fn reads_right(draft: &str, edit: &Edit, w: &RewriteWords) -> bool {
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
    // A removal never leaves the tail of a contraction without its word.
    if !edit.text.chars().any(char::is_alphanumeric) {
        // Only the next few characters: copying the rest of the draft for
        // every suggestion made long texts quadratic.
        let tail: String = after_text
            .trim_start_matches([' ', '\t'])
            .chars()
            .take(8)
            .map(|c| if c == '’' { '\'' } else { c })
            .take_while(|c| *c == '\'' || c.is_alphabetic())
            .collect::<String>()
            .to_lowercase();
        if has(&w.clitics, &tail) {
            return false;
        }
    }
    let pairs = [
        (before.last(), new.first().or(after.first()), joined_before),
        (new.last(), after.first(), joined_after),
    ];
    for (a, b, joined) in pairs {
        let (Some(a), Some(b)) = (a, b) else { continue };
        // A pronoun doubled reads wrong even across a comma ("I disagree
        // with you, you never came").
        if (joined || has(&w.pronouns, a)) && a == b && a.chars().any(char::is_alphabetic) {
            return false;
        }
        if has(&w.articles, a) && (has(&w.pronouns, b) || has(&w.never_after_article, b)) {
            return false;
        }
    }
    true
}

fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

/// Whether an edit leaves the draft without a word: a reply is never
/// emptied by a suggestion (nor left as a lone mark).
pub(super) fn empties_the_draft(draft: &str, edit: &Edit) -> bool {
    let word = |c: char| c.is_alphanumeric();
    !edit.text.chars().any(word)
        && !draft[..edit.range.start].chars().rev().any(word)
        && !draft[edit.range.end..].chars().any(word)
}

/// Whether a removal leaves a word that needs what followed it right
/// before a clause mark, the end of the sentence or a word that joins two
/// of a kind: "Lots of people gave a, that's how", "the best of.",
/// "convinced that." where the removal took the clause "that" opened, or
/// "She lost because and everyone knew it".
pub(super) fn leaves_dangling(draft: &str, edit: &Edit, w: &RewriteWords) -> bool {
    let after = draft[edit.range.end..].trim_start_matches([' ', '\t']);
    // "She lost because and everyone knew it": a word that joins two of a
    // kind now follows one that needed what was taken.
    let pairs_next = words(after).next().is_some_and(|x| has(&w.pairing, &x));
    let at_edge = pairs_next
        || after.is_empty()
        || after.starts_with(|c: char| {
            matches!(
                c,
                ',' | ';' | ':' | '—' | '–' | '.' | '!' | '?' | '\n' | ')'
            )
        });
    if !at_edge || edit.text.chars().any(char::is_alphanumeric) {
        return false;
    }
    let mut from = edit.range.start.saturating_sub(40);
    while !draft.is_char_boundary(from) {
        from += 1;
    }
    let before = &draft[from..edit.range.start];
    if before
        .trim_end()
        .ends_with(|c: char| !(c.is_alphanumeric() || c == '\''))
    {
        return false;
    }
    // "Wow, how can?" of "how can you people be so dumb?": the question
    // word kept only its verb.
    let said: Vec<String> = words(before).collect();
    if let [.., wh, verb] = said.as_slice()
        && has(&w.question_words, wh)
        && has(&w.question_openers, verb)
        && !has(&w.question_words, verb)
    {
        return true;
    }
    match said.last().cloned() {
        // "that" ends a sentence as a pronoun ("we saw that."), not as
        // the word that opened the clause the removal took ("I'm more
        // convinced that." of "…that he's a moron.").
        Some(x) if x == "that" => words(&draft[edit.range.clone()])
            .next()
            .is_some_and(|first| has(&w.stub_subjects, &first) || has(&w.copulas, &first)),
        Some(x) => has(&w.dangling, &x),
        None => false,
    }
}

/// Whether a removal takes a clause's subject and its "be" ("you are a
/// pathetic weasel") out of the middle of the clause and leaves the words
/// that followed them without either: "Void of integrity." or "Hey, shit
/// coward.". What follows may be a clause of its own ("…, and the build is
/// red", "… because the build is red", "…that should go"): that stands by
/// itself.
pub(super) fn leaves_a_headless_clause(
    draft: &str,
    edit: &Edit,
    sentence: SentenceSpan,
    w: &RewriteWords,
) -> bool {
    // A removal at the head of a sentence puts back the next word's first
    // letter as a capital ("You are a moron f" becomes "F"): that letter
    // stays in the clause.
    let taken = &draft[edit.range.clone()];
    let end = if edit.text.is_empty() {
        edit.range.end
    } else if taken.len() > edit.text.len()
        && taken.is_char_boundary(taken.len() - edit.text.len())
        && taken[taken.len() - edit.text.len()..].eq_ignore_ascii_case(&edit.text)
    {
        edit.range.end - edit.text.len()
    } else {
        return false;
    };
    // A removal that ends at a clause mark took a clause of its own.
    if draft[edit.range.start..end]
        .trim_end()
        .ends_with(is_clause_mark)
    {
        return false;
    }
    let removed: Vec<String> = words(&draft[edit.range.start..end]).collect();
    let Some(first) = removed.first() else {
        return false;
    };
    if !(has(&w.subjects, first) || has(&w.copulas, first))
        || !removed.iter().any(|x| has(&w.copulas, x))
    {
        return false;
    }
    let joins = |word: &str| {
        [
            &w.coordinators,
            &w.statement_joiners,
            &w.clause_joiners,
            &w.comma_joiners,
            &w.subordinators,
        ]
        .iter()
        .any(|list| has(list, word))
    };
    // The removal took the word that joined the next clause ("You're an
    // idiot and t|he build is red"): that clause is whole.
    if removed.last().is_some_and(|x| joins(x)) {
        return false;
    }
    let rest = &draft[end..sentence.content.max(end)];
    let clause = rest.split(is_clause_mark).next().unwrap_or_default();
    // What opens a clause of its own ("…that should be removed", "…i told
    // you") stands without them.
    words(clause)
        .next()
        .is_some_and(|next| !joins(&next) && !has(&w.subjects, &next))
}
