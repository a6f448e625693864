//! The words a pattern's tail needs, so that a tail which cannot match
//! where its anchor was found is not tried at all.
//!
//! A tail (what follows a pattern's anchor, see `pattern`) is checked token
//! by token wherever its anchor is found, and some anchors are everyday
//! words: `(this|the|our|that) {any:0-2} (community|forum|…) (was|were) …`
//! is tried after every "the" in a text, and trying it costs a hundred
//! times a word look-up. Most of the time the words nearby already rule it
//! out. Every item of a tail that takes at least one word, the first of
//! them one of a known set (a word, a group of words, a list), must find
//! that word in a window of tokens after the anchor: as many tokens on as
//! the items before it take, from the fewest to the most. So for the
//! pattern above, one of "community", "forum", … must stand among the
//! first three tokens after the anchor, and one of "was", "were", … among
//! the second to the seventh. Those *needs* are worked out from the tail
//! once, on first use, and each attempt first looks the tokens of their
//! windows up, by the hash the matcher computed for every token (a
//! collision only means the tail is tried). A tail with no such item (only
//! gaps and names) is always tried.

use std::sync::OnceLock;

use rustc_hash::FxHashSet;

use super::pattern::Expr;
use super::rules::Rule;
use crate::matcher::hash;

/// The most needs kept for one tail: the first ones, whose windows are the
/// narrowest, rule out nearly everything.
const MAX_NEEDS: usize = 4;

/// What a tail needs around the token after its anchor.
#[derive(Debug)]
pub(crate) struct Needs(Box<[Need]>);

/// One of a set of words that must stand between `lo` and `hi` tokens
/// (inclusive) after the anchor.
#[derive(Debug)]
struct Need {
    lo: usize,
    hi: usize,
    /// The words' hashes (see `matcher::hash`).
    words: FxHashSet<u64>,
}

/// The needs of every pattern's tail, worked out on first use: by rule,
/// then by pattern.
#[derive(Debug, Default)]
pub(crate) struct Starts {
    cells: Vec<Vec<OnceLock<Needs>>>,
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

    /// Whether the tail of pattern `pattern` of rule `rule` may match from
    /// token `after`, in a text whose tokens hash to `hashes`.
    #[inline]
    pub fn may_start(
        &self,
        rule: usize,
        pattern: usize,
        tail: &Expr,
        after: usize,
        hashes: &[u64],
    ) -> bool {
        let Some(cell) = self.cells.get(rule).and_then(|c| c.get(pattern)) else {
            return true;
        };
        cell.get_or_init(|| needs_of(tail)).allow(after, hashes)
    }
}

impl Needs {
    #[inline]
    fn allow(&self, after: usize, hashes: &[u64]) -> bool {
        self.0.iter().all(|need| {
            let from = after + need.lo;
            let to = (after + need.hi + 1).min(hashes.len());
            from < to && hashes[from..to].iter().any(|h| need.words.contains(h))
        })
    }
}

/// The needs of a tail (see the module's documentation).
fn needs_of(tail: &Expr) -> Needs {
    let mut items = Vec::new();
    flatten(tail, &mut items);
    let (mut lo, mut hi) = (0usize, 0usize);
    let mut needs = Vec::new();
    for item in items {
        if needs.len() == MAX_NEEDS {
            break;
        }
        let mut words = Vec::new();
        if first_words(item, &mut words) {
            needs.push(Need {
                lo,
                hi,
                words: words.iter().map(|w| hash(w.as_bytes())).collect(),
            });
        }
        lo += shortest(item);
        hi += item.longest();
    }
    Needs(needs.into_boxed_slice())
}

/// The items of a sequence, sequences within it (and captured ones) taken
/// apart: they follow one another all the same.
fn flatten<'a>(e: &'a Expr, out: &mut Vec<&'a Expr>) {
    match e {
        Expr::Seq(items) => items.iter().for_each(|i| flatten(i, out)),
        Expr::Capture(_, inner) if matches!(**inner, Expr::Seq(_)) => flatten(inner, out),
        other => out.push(other),
    }
}

/// Adds to `words` the words every match of `e` starts with, and returns
/// true, when `e` always takes a word and its first is one of a known set;
/// returns false when it may take none or start with any word.
fn first_words<'a>(e: &'a Expr, words: &mut Vec<&'a str>) -> bool {
    match e {
        Expr::Phrases(phrases) => {
            if phrases.is_empty() || phrases.iter().any(Vec::is_empty) {
                return false;
            }
            words.extend(phrases.iter().map(|p| &*p[0]));
            true
        }
        Expr::List(list) => {
            words.extend(list.by_first.keys().map(|w| &**w));
            true
        }
        Expr::Gap(..) | Expr::Name | Expr::Break => false,
        Expr::Repeat(inner, min, _) => *min > 0 && first_words(inner, words),
        Expr::Capture(_, inner) => first_words(inner, words),
        Expr::Alt(items) => !items.is_empty() && items.iter().all(|i| first_words(i, words)),
        Expr::Seq(items) => {
            // Items that take no word (a clause edge) stand aside.
            let mut rest = items.iter().skip_while(|i| i.longest() == 0);
            rest.next().is_some_and(|i| first_words(i, words))
        }
    }
}

/// The fewest tokens a match of `e` takes.
fn shortest(e: &Expr) -> usize {
    match e {
        Expr::Phrases(phrases) => phrases.iter().map(Vec::len).min().unwrap_or(0),
        Expr::List(list) => list.phrases.iter().map(Vec::len).min().unwrap_or(0),
        Expr::Gap(min, _) => *min as usize,
        Expr::Repeat(inner, min, _) => shortest(inner) * *min as usize,
        Expr::Break => 0,
        Expr::Name => 1,
        Expr::Capture(_, inner) => shortest(inner),
        Expr::Alt(items) => items.iter().map(shortest).min().unwrap_or(0),
        Expr::Seq(items) => items.iter().map(shortest).sum(),
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

    /// The needs of a tail as (lo, hi, how many words).
    fn needs(pattern: &str) -> Vec<(usize, usize, usize)> {
        needs_of(&tail(pattern))
            .0
            .iter()
            .map(|n| (n.lo, n.hi, n.words.len()))
            .collect()
    }

    fn hashes(text: &str) -> Vec<u64> {
        let f = crate::text::fold(text);
        (0..f.tokens.len())
            .map(|i| hash(f.token_text(i).as_bytes()))
            .collect()
    }

    #[test]
    fn each_item_that_takes_a_known_word_needs_it_in_its_window() {
        // `[…]` may take nothing; the copula stands 0 to 6 tokens on, and
        // "lazy" one more than the copula.
        assert_eq!(
            needs("users [(who|that) {any:1-5}|we {any:1-4}] {copula} lazy"),
            [(0, 6, 2), (1, 7, 1)]
        );
        assert_eq!(
            needs("the {any:0-2} (forum|team) (was|were) {any:0-2} (fine|better)"),
            [(0, 2, 2), (1, 3, 2), (2, 6, 2)]
        );
        assert_eq!(
            needs("you {any:0-2} idiot {break} ok"),
            [(0, 2, 1), (1, 3, 1)]
        );
    }

    #[test]
    fn a_tail_of_gaps_and_names_needs_nothing() {
        assert!(needs("you {any} {any:1-2} {break}").is_empty());
        assert!(needs("you {any:0-2} [idiot]").is_empty());
    }

    #[test]
    fn a_tail_is_tried_only_where_its_words_stand_in_their_windows() {
        let n = needs_of(&tail("the {any:0-2} (forum|team) (was|were) (fine|better)"));
        // After "the" (token 0), counting from token 1.
        assert!(n.allow(1, &hashes("the old forum was fine")));
        assert!(n.allow(1, &hashes("the forum was better")));
        assert!(!n.allow(1, &hashes("the old old old forum was fine")));
        assert!(!n.allow(1, &hashes("the forum is fine")));
        assert!(!n.allow(1, &hashes("the forum was")));
    }
}
