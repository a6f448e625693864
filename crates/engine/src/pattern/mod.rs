//! The pattern language of rule packs, and its compilation for matching.
//!
//! A pattern is a phrase, not a regular expression:
//!
//! | syntax            | meaning                                                  |
//! |-------------------|----------------------------------------------------------|
//! | `you always`      | these words in this order                                |
//! | `(a|b c)`         | one of the alternatives; `(a|)` makes it optional        |
//! | `[a b]`           | optional words, the same as `(a b|)`                     |
//! | `{feeling}`       | any entry of the named word list `feeling`               |
//! | `{any}`           | any one word                                             |
//! | `{any:0-3}`       | a gap of zero to three words within one clause           |
//! | `{list:0-2}`      | zero to two entries of a word list in a row (commas may stand between them) |
//! | `{a|b:0-2}`       | the same, from either list (`any` among them: any word)  |
//! | `{break}`         | a clause edge: a comma, dash, line break or sentence end (takes no word) |
//! | `{name}`          | one word written like a name: a capital, not all capitals, not a common word |
//! | `<label: …>`      | captures the words matched inside for a rewrite's `{label}` |
//! | `^hi`             | only at the start of a sentence or paragraph             |
//! | `… $`             | only at the end of a sentence or paragraph               |
//! | `(?<! the docs say) …` | at the start: not preceded by these words           |
//! | `(?<= …) …`       | at the start: only when preceded by these words          |
//! | `… (?! …)`        | at the end: not followed by these words                  |
//! | `… (?= …)`        | at the end: only when followed by these words            |
//!
//! Words are matched case- and apostrophe-insensitively, whole words only,
//! across any spacing and line breaks; soft punctuation (commas, quotation
//! marks, dashes) is ignored and hard punctuation (`?`, `!`, `/`) is a word
//! of its own. Contractions match their long forms both ways (`don't` also
//! matches `do not`): words are folded through the [`Lexicon`](crate::text::Lexicon) built from
//! the `[language]` tables, in text and patterns alike.
//!
//! A gap (`{any:…}`) takes only words, never punctuation, and never crosses
//! a clause break (a comma, a dash, a bracket, a line break): `about {any:1-3}`
//! in "about your code, as usual" takes "your code" at most. Guards look at
//! the words around a match without making them part of it, so a rewrite
//! replaces only what the pattern matched; a guard may hold gaps and lists
//! like any pattern.
//!
//! A pattern's opening words expand into a finite set of *anchor* phrases,
//! and the anchors of all rules compile into one Aho-Corasick automaton (see
//! `matcher`); whatever follows the anchor (the *tail*) is checked token by
//! token where an anchor is found. Gaps therefore belong in the tail: a
//! pattern must open with a word, a list or a group of words.

mod compile;
mod expand;
mod matching;
mod parse;

pub use crate::wordlist::{Lists, Word, WordList};
pub use compile::{ANCHOR_LIMIT, Compiled, compile};
pub use expand::{MAX_EXPANSION, expand};
pub use matching::{Expr, Guard, Tokens};
pub use parse::{Look, MAX_GAP, PatternError, is_placeholder};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Lexicon;
    use matching::phrase_at;
    use std::collections::BTreeMap;
    use std::sync::Arc;

    fn lists() -> Lists {
        let mut l = Lists::new();
        l.insert(
            "feeling".into(),
            Arc::new(WordList::new(vec![
                vec!["angry".into()],
                vec!["let".into(), "down".into()],
            ])),
        );
        l.insert(
            "insult".into(),
            Arc::new(WordList::new(vec![
                vec!["idiot".into()],
                vec!["moron".into()],
            ])),
        );
        l
    }

    fn lexicon() -> Lexicon {
        let mut t = BTreeMap::new();
        t.insert(
            "don't".to_string(),
            vec!["do not".to_string(), "dont".to_string()],
        );
        t.insert("you're".to_string(), vec!["you are".to_string()]);
        Lexicon::new(&[], &t)
    }

    #[track_caller]
    fn phrases(pattern: &str) -> Vec<String> {
        let mut v: Vec<String> = expand(pattern, &lists(), &lexicon())
            .unwrap()
            .into_iter()
            .map(|p| p.join(" "))
            .collect();
        v.sort();
        v
    }

    #[test]
    fn alternatives_optional_words_and_lists_expand() {
        assert_eq!(phrases("you (always|never)"), ["you always", "you never"]);
        assert_eq!(
            phrases("I [really] hear you"),
            ["i hear you", "i really hear you"]
        );
        assert_eq!(
            phrases("you feel {feeling}"),
            ["you feel angry", "you feel let down"]
        );
        assert_eq!(phrases("(a|(b|c) d)"), ["a", "b d", "c d"]);
    }

    #[test]
    fn contractions_fold_to_the_long_form() {
        assert_eq!(phrases("I don't know"), ["i do not know"]);
        assert_eq!(phrases("I dont know"), ["i do not know"]);
        assert_eq!(phrases("you're wrong"), ["you are wrong"]);
        assert_eq!(phrases("you are wrong"), ["you are wrong"]);
    }

    #[test]
    fn punctuation_is_folded_like_text() {
        assert_eq!(phrases("no offense, but"), ["no offense but"]);
        assert_eq!(phrases("!!"), ["! !"]);
        assert_eq!(phrases("/s"), ["/ s"]);
    }

    #[test]
    fn errors_point_at_the_problem() {
        let e = expand("you (always", &lists(), &lexicon()).unwrap_err();
        assert_eq!(e.offset, 4);
        let e = expand("a | b", &lists(), &lexicon()).unwrap_err();
        assert!(e.message.contains("outside brackets"), "{}", e.message);
        let e = expand("{nope}", &lists(), &lexicon()).unwrap_err();
        assert!(e.message.contains("\"nope\""));
        let e = expand("[]", &lists(), &lexicon()).unwrap_err();
        assert!(e.message.contains("no words"));
    }

    /// Tokens of a test sentence: commas mark clause breaks, `.` ends a
    /// sentence.
    struct Toks(Vec<(String, bool)>);

    impl Toks {
        fn new(text: &str) -> Toks {
            let f = crate::text::fold_with(text, &lexicon());
            Toks(
                (0..f.tokens.len())
                    .map(|i| (f.token_text(i).to_string(), f.tokens[i].after_break))
                    .collect(),
            )
        }
    }

    impl Tokens for Toks {
        fn count(&self) -> usize {
            self.0.len()
        }
        fn text(&self, i: usize) -> &str {
            &self.0[i].0
        }
        fn is_word(&self, i: usize) -> bool {
            self.0[i].0.chars().any(char::is_alphanumeric)
        }
        fn breaks_before(&self, i: usize) -> bool {
            self.0[i].1
        }
        fn is_boundary(&self, i: usize) -> bool {
            matches!(self.0[i].0.as_str(), "." | "!" | "?")
        }
    }

    /// The first match of `pattern` in `text`, as folded words, with the
    /// captures it took.
    fn find(pattern: &str, text: &str) -> Option<(String, Vec<(String, String)>)> {
        let c = compile(pattern, &lists(), &lexicon()).unwrap();
        let t = Toks::new(text);
        for start in 0..t.count() {
            if c.at_start && start > 0 && !t.is_boundary(start - 1) {
                continue;
            }
            for a in &c.anchors {
                if !phrase_at(a, &t, start) {
                    continue;
                }
                let after = start + a.len();
                let mut ends = vec![after];
                if let Some(tail) = &c.tail {
                    ends.clear();
                    tail.ends(&t, after, &mut ends);
                }
                ends.sort_unstable_by(|a, b| b.cmp(a));
                if let Some(&end) = ends.iter().find(|&&e| c.allows(&t, start, e)) {
                    let words = (start..end)
                        .map(|i| t.text(i))
                        .collect::<Vec<_>>()
                        .join(" ");
                    let mut caps = Vec::new();
                    if let Some(whole) = &c.whole {
                        assert!(whole.captures(&t, start, end, &mut caps));
                    }
                    let caps = caps
                        .into_iter()
                        .map(|(n, a, b)| {
                            (
                                c.captures[n as usize].clone(),
                                (a..b).map(|i| t.text(i)).collect::<Vec<_>>().join(" "),
                            )
                        })
                        .collect();
                    return Some((words, caps));
                }
            }
        }
        None
    }

    #[track_caller]
    fn matched(pattern: &str, text: &str) -> Option<String> {
        find(pattern, text).map(|(w, _)| w)
    }

    #[test]
    fn long_patterns_anchor_on_a_prefix_and_check_the_tail() {
        let p = "(a|b|c|d|e|f|g|h) (a|b|c|d|e|f|g|h) (a|b|c|d|e|f|g|h) (x|y) [z] {feeling}";
        let c = compile(p, &lists(), &lexicon()).unwrap();
        assert!(
            c.anchors.iter().all(|a| a.len() >= 2),
            "anchors of two words at least"
        );
        assert!(c.anchors.len() <= ANCHOR_LIMIT * 8, "{}", c.anchors.len());
        assert!(c.tail.is_some());
        assert!(matched(p, "a b c x let down").is_some());
        assert!(matched(p, "h h h y z angry").is_some());
        assert!(matched(p, "a b c x happy").is_none());
        assert!(matched(p, "a b c angry").is_none());
    }

    #[test]
    fn contractions_work_in_the_tail_too() {
        let p = "(a|b|c|d|e|f|g|h) (a|b|c|d|e|f|g|h) (a|b|c|d|e|f|g|h) (a|b|c|d|e|f|g|h) you're {feeling}";
        assert!(matched(p, "a b c d you are angry").is_some());
        assert!(matched(p, "a b c d you're angry").is_some());
    }

    #[test]
    fn the_end_of_a_sentence_only_ends_a_pattern() {
        let e = compile("move along (.|!|$)", &lists(), &lexicon()).unwrap_err();
        assert_eq!(e.offset, 16, "{}", e.message);
        assert!(
            e.message.contains("can only end the whole pattern"),
            "{}",
            e.message
        );
        let end = compile("move along (?! ?) $", &lists(), &lexicon()).unwrap();
        let t = crate::text::fold("Just move along");
        assert!(end.allows(&t, 1, 3));
        let t = crate::text::fold("Move along?");
        assert!(!end.allows(&t, 0, 2));
    }

    #[test]
    fn an_alternative_without_words_is_an_error_not_an_optional() {
        let lex = Lexicon::new(&["really".to_string()], &BTreeMap::new());
        let e = compile("(really|seriously) ?", &lists(), &lex).unwrap_err();
        assert!(
            e.message.contains("\"really\" has no words"),
            "{}",
            e.message
        );
        assert!(compile("(a|) b , c", &lists(), &lex).is_ok());
    }

    #[test]
    fn a_caret_marks_sentence_starts_and_a_dollar_sentence_ends() {
        let c = compile("^ (hi|hello)", &lists(), &lexicon()).unwrap();
        assert!(c.at_start);
        assert_eq!(
            c.anchors,
            vec![vec![Word::from("hello")], vec![Word::from("hi")]]
        );
        let e = compile("^ (hi", &lists(), &lexicon()).unwrap_err();
        assert_eq!(e.offset, 2);
        assert_eq!(
            matched("thanks for nothing $", "Well, thanks for nothing.").as_deref(),
            Some("thanks for nothing")
        );
        assert_eq!(
            matched("thanks for nothing $", "thanks for nothing happened"),
            None
        );
        assert!(matched("thanks for nothing $", "thanks for nothing").is_some());
    }

    #[test]
    fn leading_optional_words_still_anchor() {
        assert!(matched("[so] [well] i think", "i think so").is_some());
        let c = compile("[so] [well]", &lists(), &lexicon()).unwrap();
        assert!(c.anchors.iter().all(|a| !a.is_empty()));
    }

    #[test]
    fn expansion_is_capped() {
        let big = "(a|b|c|d|e|f|g|h) ".repeat(5);
        assert!(compile(&big, &lists(), &lexicon()).is_ok());
        let e = expand(&big, &lists(), &lexicon()).unwrap_err();
        assert!(e.message.contains("more than"));
    }

    #[test]
    fn a_gap_takes_words_of_one_clause() {
        let p = "you are [a|an] {any:0-3} {insult}";
        assert_eq!(
            matched(p, "you're honestly a moron").as_deref(),
            Some("you are honestly a moron"),
            "the article is optional, and the gap takes it"
        );
        assert_eq!(
            matched("you are {any:0-3} {insult}", "you're honestly a moron").as_deref(),
            Some("you are honestly a moron")
        );
        assert_eq!(
            matched(p, "you are an absolute total idiot").as_deref(),
            Some("you are an absolute total idiot")
        );
        assert_eq!(matched(p, "you are a fine person, idiot"), None);
        assert_eq!(matched(p, "you are one two three four idiot"), None);
        assert_eq!(matched(p, "you are. idiot"), None);
    }

    /// A gap may run to the end of its clause when a `{break}` follows it:
    /// "not {any:1-2} {break} are you" reads "not very bright, are you".
    #[test]
    fn a_gap_may_end_at_a_clause_break() {
        let p = "not {any:1-2} {break} are you";
        assert_eq!(
            matched(p, "not particularly bright, are you").as_deref(),
            Some("not particularly bright are you")
        );
        assert_eq!(matched(p, "not bright are you"), None);
        assert_eq!(
            matched("not {any:1-2} are you", "not bright, are you"),
            None
        );
    }

    #[test]
    fn a_pattern_cannot_open_with_a_gap_and_gaps_are_bounded() {
        let e = compile("{any:0-2} idiot", &lists(), &lexicon()).unwrap_err();
        assert!(
            e.message.contains("cannot open with a gap"),
            "{}",
            e.message
        );
        for bad in ["a {any:3-1}", "a {any:0-99}", "a {any:x}", "a {any:0-0}"] {
            let e = compile(bad, &lists(), &lexicon()).unwrap_err();
            assert!(e.message.contains("not a gap"), "{bad}: {}", e.message);
        }
        assert!(compile("a {any}", &lists(), &lexicon()).is_ok());
        let e = compile("you {any:0-3} , did you", &lists(), &lexicon()).unwrap_err();
        assert_eq!(e.offset, 14, "{}", e.message);
        assert!(e.message.contains("keep to its clause"), "{}", e.message);
        assert!(compile("you <what: {any:1-2}> , did you", &lists(), &lexicon()).is_err());
        assert!(compile("no , you {any:0-2} wrong", &lists(), &lexicon()).is_ok());
    }

    #[test]
    fn a_list_can_repeat_within_a_clause() {
        let p = "you are [a|an] {feeling:0-2} {insult}";
        assert!(matched(p, "you are an idiot").is_some());
        assert!(matched(p, "you are an angry idiot").is_some());
        assert!(matched(p, "you are an angry let down idiot").is_some());
        assert!(matched(p, "you are an angry angry angry idiot").is_none());
        assert!(matched(p, "you are an angry, let down idiot").is_some());
        let p = "you are [a|an] {feeling|insult:0-2} {insult}";
        assert!(matched(p, "you are an angry idiot idiot").is_some());
    }

    #[test]
    fn a_repeat_takes_at_least_its_minimum() {
        let p = "you [{any}] {feeling|insult:1-3} <label: {insult}>";
        assert_eq!(matched(p, "you the idiot"), None);
        assert!(matched(p, "you the angry idiot").is_some());
    }

    #[test]
    fn a_break_is_a_clause_edge_and_takes_no_word() {
        let p = "you {insult} {break}";
        assert_eq!(matched(p, "you idiot, stop").as_deref(), Some("you idiot"));
        assert_eq!(matched(p, "you idiot.").as_deref(), Some("you idiot"));
        assert_eq!(matched(p, "you idiot"), Some("you idiot".into()));
        assert_eq!(matched(p, "you idiot proof design"), None);
        let p = "(?<= {break}) {insult} $";
        assert_eq!(matched(p, "Stop it, idiot.").as_deref(), Some("idiot"));
        assert_eq!(matched(p, "the idiot."), None);
        let e = compile("{break} idiot", &lists(), &lexicon()).unwrap_err();
        assert!(e.message.contains("cannot open"), "{}", e.message);
        // As a guard after the match it takes no word either: a comma, a
        // mark or the end meets it, the next word of the clause does not.
        let p = "you {insult} (?= {break})";
        assert_eq!(matched(p, "you idiot, stop").as_deref(), Some("you idiot"));
        assert_eq!(matched(p, "you idiot. Stop").as_deref(), Some("you idiot"));
        assert_eq!(matched(p, "you idiot").as_deref(), Some("you idiot"));
        assert_eq!(matched(p, "you idiot proof design"), None);
        // A guard that may take words must take one: an optional group is
        // not met by nothing.
        let p = "you {insult} (?= [now])";
        assert_eq!(matched(p, "you idiot, stop"), None);
        assert_eq!(matched(p, "you idiot now").as_deref(), Some("you idiot"));
    }

    #[test]
    fn captures_take_the_words_inside() {
        let (words, caps) = find(
            "<who: (the maintainer|he|she)> is [a|an] <label: {insult}>",
            "Honestly, the maintainer is an idiot.",
        )
        .unwrap();
        assert_eq!(words, "the maintainer is an idiot");
        assert_eq!(
            caps,
            [
                ("label".to_string(), "idiot".to_string()),
                ("who".to_string(), "the maintainer".to_string())
            ]
        );
        let (_, caps) = find(
            "you are wrong about <topic: {any:1-4}>",
            "You're wrong about the cache, as usual.",
        )
        .unwrap();
        assert_eq!(caps, [("topic".to_string(), "the cache".to_string())]);
    }

    #[test]
    fn capture_names_are_checked() {
        let e = compile("<a: x> <a: y>", &lists(), &lexicon()).unwrap_err();
        assert!(e.message.contains("named twice"), "{}", e.message);
        assert!(compile("(<a: x> y|<a: z>) w", &lists(), &lexicon()).is_ok());
        let (_, caps) = find(
            "(<who: you> [people]|<who: you people|he>) are {insult}",
            "you people are idiot",
        )
        .unwrap();
        assert_eq!(caps, [("who".to_string(), "you".to_string())]);
        let e = compile("<lower: x> y", &lists(), &lexicon()).unwrap_err();
        assert!(e.message.contains("placeholder"), "{}", e.message);
        let e = compile("<x y> z", &lists(), &lexicon()).unwrap_err();
        assert!(e.message.contains("<name: words>"), "{}", e.message);
        let e = compile("a <x: y z", &lists(), &lexicon()).unwrap_err();
        assert_eq!(e.offset, 2);
    }

    #[test]
    fn guards_look_around_without_taking_words() {
        let p = "(?<! (the docs|they) say) you need to (?! {any:0-1} restart)";
        assert_eq!(
            matched(p, "Honestly you need to learn").as_deref(),
            Some("you need to")
        );
        assert_eq!(matched(p, "the docs say you need to learn"), None);
        assert_eq!(matched(p, "they say you need to learn"), None);
        assert_eq!(matched(p, "you need to restart"), None);
        assert_eq!(matched(p, "you need to quickly restart"), None);
        let p = "(?<= oh) (great|wonderful) (?= another)";
        assert_eq!(
            matched(p, "oh great another outage").as_deref(),
            Some("great")
        );
        assert_eq!(matched(p, "great another outage"), None);
        assert_eq!(matched(p, "oh great work"), None);
    }

    #[test]
    fn guards_stand_only_at_the_edges() {
        let e = compile("a (?! b) c", &lists(), &lexicon()).unwrap_err();
        assert!(e.message.contains("at the start"), "{}", e.message);
        let e = compile("a (b (?= c))", &lists(), &lexicon()).unwrap_err();
        assert!(e.message.contains("at the start"), "{}", e.message);
        let e = compile("a (?= c", &lists(), &lexicon()).unwrap_err();
        assert_eq!(e.offset, 2);
    }

    #[test]
    fn old_style_question_mark_groups_still_work() {
        assert_eq!(
            matched("seriously (?|!)", "seriously?").as_deref(),
            Some("seriously ?")
        );
    }
}
