//! The words a pattern's tail can start with, so that a tail which cannot
//! match where its anchor was found is not tried at all.
//!
//! A tail (what follows a pattern's anchor, see `pattern`) is checked token
//! by token wherever its anchor is found, and some anchors are everyday
//! words: `{person_noun} [who {any:1-5}] {copula} …` is tried after every
//! "users" or "team" in a text, and trying it costs a hundred times a word
//! look-up. Most of the time the next word already rules it out: a tail
//! that must take at least one word can only start with one of the words
//! its first items can take (`who`, `that`, … or a copula here). That set
//! is worked out from the tail once, on first use, and each attempt first
//! looks the next word up in it. A tail that may take no word, or start
//! with any word (a gap, a name), is always tried.

use std::sync::OnceLock;

use rustc_hash::FxHashSet;

use super::pattern::Expr;
use super::rules::Rule;

/// What a tail can start with.
#[derive(Debug)]
pub(crate) enum Start {
    /// Anything (or nothing): always try the tail.
    Anything,
    /// Only these words: the tail takes at least one word, the first of them
    /// one of these.
    Words(FxHashSet<Box<str>>),
}

/// The start of every pattern's tail, worked out on first use: by rule,
/// then by pattern.
#[derive(Debug, Default)]
pub(crate) struct Starts {
    cells: Vec<Vec<OnceLock<Start>>>,
}

impl Starts {
    pub fn new(rules: &[Rule]) -> Starts {
        Starts {
            cells: rules
                .iter()
                .map(|r| r.compiled.iter().map(|_| OnceLock::new()).collect())
                .collect(),
        }
    }

    /// Whether the tail of pattern `pattern` of rule `rule` may match when
    /// the word at its start is `next` (`None`: the text ends there).
    #[inline]
    pub fn may_start(&self, rule: usize, pattern: usize, tail: &Expr, next: Option<&str>) -> bool {
        let Some(cell) = self.cells.get(rule).and_then(|c| c.get(pattern)) else {
            return true;
        };
        match cell.get_or_init(|| start_of(tail)) {
            Start::Anything => true,
            Start::Words(words) => next.is_some_and(|w| words.contains(w)),
        }
    }
}

/// The start of an expression.
fn start_of(e: &Expr) -> Start {
    let mut words = FxHashSet::default();
    if first(e, &mut words) || nullable(e) {
        Start::Anything
    } else {
        Start::Words(words)
    }
}

/// Adds the words `e` can start with to `words`; returns whether it may
/// start with any word at all (then `words` does not matter).
fn first(e: &Expr, words: &mut FxHashSet<Box<str>>) -> bool {
    match e {
        Expr::Phrases(phrases) => {
            for p in phrases {
                if let Some(w) = p.first() {
                    words.insert((**w).into());
                }
            }
            false
        }
        Expr::List(list) => {
            for p in &list.phrases {
                if let Some(w) = p.first() {
                    words.insert((**w).into());
                }
            }
            false
        }
        Expr::Gap(_, max) => *max > 0,
        Expr::Name => true,
        Expr::Repeat(inner, _, max) => *max > 0 && first(inner, words),
        // Takes no word.
        Expr::Break => false,
        Expr::Capture(_, inner) => first(inner, words),
        Expr::Alt(items) => {
            // Every alternative's words, so no short cut.
            let mut any = false;
            for item in items {
                any |= first(item, words);
            }
            any
        }
        Expr::Seq(items) => {
            for item in items {
                if first(item, words) {
                    return true;
                }
                if !nullable(item) {
                    return false;
                }
            }
            false
        }
    }
}

/// Whether `e` may match taking no word.
fn nullable(e: &Expr) -> bool {
    match e {
        Expr::Phrases(phrases) => phrases.iter().any(Vec::is_empty),
        Expr::List(_) | Expr::Name => false,
        // A repeat counts only matches that take words.
        Expr::Gap(min, _) | Expr::Repeat(_, min, _) => *min == 0,
        Expr::Break => true,
        Expr::Capture(_, inner) => nullable(inner),
        Expr::Alt(items) => items.iter().any(nullable),
        Expr::Seq(items) => items.iter().all(nullable),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pattern::{Lists, WordList, compile};
    use crate::text::Lexicon;
    use std::sync::Arc;

    fn tail(pattern: &str) -> Expr {
        let mut lists = Lists::new();
        lists.insert(
            "copula".into(),
            Arc::new(WordList::new(vec![vec!["is".into()], vec!["are".into()]])),
        );
        compile(pattern, &lists, &Lexicon::default())
            .unwrap()
            .tail
            .unwrap()
    }

    fn words(s: &Start) -> Vec<&str> {
        let mut v: Vec<&str> = match s {
            Start::Anything => return vec!["*"],
            Start::Words(w) => w.iter().map(|w| &**w).collect(),
        };
        v.sort();
        v
    }

    #[test]
    fn optional_words_and_lists_before_the_first_needed_word() {
        let t = tail("users [(who|that) {any:1-5}|we {any:1-4}] {copula} lazy");
        assert_eq!(words(&start_of(&t)), ["are", "is", "that", "we", "who"]);
    }

    #[test]
    fn a_tail_that_may_take_nothing_or_anything_is_always_tried() {
        assert_eq!(words(&start_of(&tail("you {any:0-2} idiot"))), ["*"]);
        assert_eq!(words(&start_of(&tail("you {any} idiot"))), ["*"]);
        assert_eq!(words(&start_of(&tail("you {any:1-2} {break}"))), ["*"]);
    }
}
