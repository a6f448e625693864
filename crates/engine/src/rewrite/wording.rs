//! Small readings of words that the fitting and the checks of a rewrite
//! share: its words in lower case, whether they are only fillers, whether a
//! rewrite is a whole statement, and first letters put in the case their
//! place needs.

use crate::rules::RewriteWords;

/// Whether `word` is one of the words of `list` (a table of
/// `[language.rewrites]`).
pub(super) fn has(list: &[String], word: &str) -> bool {
    list.iter().any(|w| w == word)
}

/// The words of `text` (letters, digits and apostrophes), lower-cased.
pub(super) fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

/// The first of [`words`], or "" when there is none.
pub(super) fn first_word(text: &str) -> String {
    words(text).next().unwrap_or_default()
}

/// Whether `text` holds only filler words ("Well,", "Honestly"), or none.
pub(super) fn only_fillers(text: &str, w: &RewriteWords) -> bool {
    words(text).all(|x| has(&w.fillers, &x))
}

/// Whether a rewrite's own words are a whole statement: it opens with a
/// capital or with "I", and ends closed (no lead-in space, comma or colon).
pub(super) fn is_statement(template: &str) -> bool {
    let first_word = template.split_whitespace().next().unwrap_or("");
    let i_word = first_word == "I" || ["I'", "I’"].iter().any(|p| first_word.starts_with(p));
    let opener = template.chars().next().is_some_and(char::is_uppercase);
    (opener || i_word) && !template.ends_with([' ', ',', ':'])
}

pub(super) fn capitalise_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Lower-cases the first letter unless the first word is "I" or looks like
/// a name (a capital inside it, as in "GitHub").
pub(super) fn lower_first(s: &str) -> String {
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
