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
//! the second to the seventh. Those *needs* are worked out from every
//! tail when the engine is made, and kept in flat tables that an engine
//! image holds and start-up reads in place: a tail ruled out is then never
//! read from the image at all (see `serial::Lazy`). Each attempt first
//! looks the tokens of the windows up, by the hash the matcher computed for
//! every token (a collision only means the tail is tried). A tail with no
//! such item (only gaps and names), or a pattern with no tail, is always
//! tried.
//!
//! A need's hashes are kept sorted in the tables, and a pattern's first
//! attempts look them up there by binary search; only a pattern tried
//! [`SEARCHED`] times has its needs made into hash sets. A short reply
//! tries a few hundred patterns a few times each, and making a set for each
//! (some needs are lists of hundreds of words) took a tenth of the time of
//! `tactful check` on 1 KB; a long text tries the same patterns thousands
//! of times, where the sets are quicker.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};

use rustc_hash::FxHashSet;
use serde::{Deserialize, Serialize};

use super::pattern::Expr;
use super::rules::Rule;
use crate::matcher::hash;
use crate::serial::packed::{Packed, Table};

/// The most needs kept for one tail: the first ones, whose windows are the
/// narrowest, rule out nearly everything.
const MAX_NEEDS: usize = 4;

/// How many times a pattern's needs are looked up in the tables before
/// they are made into hash sets (see the module's documentation).
const SEARCHED: u32 = 16;

/// One of a set of words that must stand between `lo` and `hi` tokens
/// (inclusive) after the anchor: the words' hashes (see `matcher::hash`).
#[derive(Debug, PartialEq)]
struct Need<Set> {
    lo: usize,
    hi: usize,
    words: Set,
}

/// A need in the tables: its window, and its run of [`Starts::words`].
#[derive(Clone, Copy)]
struct Window {
    lo: u32,
    hi: u32,
    start: u32,
    end: u32,
}

impl Packed for Window {
    const WIDTH: usize = 16;
    fn put(self, out: &mut Vec<u8>) {
        for n in [self.lo, self.hi, self.start, self.end] {
            out.extend_from_slice(&n.to_le_bytes());
        }
    }
    #[inline]
    fn take(b: &[u8]) -> Self {
        let n = |i: usize| u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
        Window {
            lo: n(0),
            hi: n(4),
            start: n(8),
            end: n(12),
        }
    }
}

/// The needs of every pattern's tail, by rule, then by pattern: worked out
/// when the engine is made, kept as tables (which an image holds, read in
/// place), and made into hash sets for a pattern when its anchor is first
/// found.
#[derive(Default, Serialize, Deserialize)]
pub(crate) struct Starts {
    /// Where each rule's patterns start in `patterns`; one more for the end.
    rules: Table<u32>,
    /// Each pattern's needs, as a run of `needs`; the end's top bit set
    /// when the pattern matches only where a sentence starts (`^`).
    patterns: Table<(u32, u32)>,
    needs: Table<Window>,
    /// The hashes of each need's words.
    words: Table<u64>,
    /// Each pattern's needs as sets, made once it has been tried
    /// [`SEARCHED`] times.
    #[serde(skip)]
    sets: Vec<OnceLock<Needs>>,
    /// How many times each pattern has been tried without its sets (more
    /// or less: threads count it without waiting for each other, and either
    /// way of looking gives the same answer).
    #[serde(skip)]
    tried: Vec<AtomicU32>,
}

impl std::fmt::Debug for Starts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Starts")
            .field("patterns", &self.patterns.len())
            .field("needs", &self.needs.len())
            .finish()
    }
}

/// A pattern's needs, as sets.
type Needs = Box<[Need<FxHashSet<u64>>]>;

/// The top bit of a pattern's end of needs: it is marked `^`.
const AT_START: u32 = 1 << 31;

impl Starts {
    /// The needs of every rule's patterns, worked out now.
    pub fn new(rules: &[Rule]) -> Starts {
        Starts::of(rules.iter().map(|r| {
            r.compiled
                .iter()
                .map(|c| {
                    (
                        c.at_start,
                        c.tail.as_ref().map(needs_of).unwrap_or_default(),
                    )
                })
                .collect()
        }))
    }

    /// The tables for these patterns (whether each matches only where a
    /// sentence starts, and its needs), by rule, then by pattern.
    fn of(rules: impl Iterator<Item = Vec<(bool, Vec<Need<Vec<u64>>>)>>) -> Starts {
        let (mut starts, mut patterns, mut needs, mut words) =
            (vec![0u32], Vec::new(), Vec::new(), Vec::new());
        for rule in rules {
            for (at_start, pattern) in rule {
                let first = needs.len() as u32;
                for mut need in pattern {
                    // Sorted, for the binary search of a pattern's first
                    // attempts.
                    need.words.sort_unstable();
                    need.words.dedup();
                    let start = words.len() as u32;
                    words.extend_from_slice(&need.words);
                    needs.push(Window {
                        lo: need.lo as u32,
                        hi: need.hi as u32,
                        start,
                        end: words.len() as u32,
                    });
                }
                let end = needs.len() as u32 | if at_start { AT_START } else { 0 };
                patterns.push((first, end));
            }
            starts.push(patterns.len() as u32);
        }
        let mut s = Starts {
            rules: Table::new(&starts),
            patterns: Table::new(&patterns),
            needs: Table::new(&needs),
            words: Table::new(&words),
            sets: Vec::new(),
            tried: Vec::new(),
        };
        s.prepare();
        s
    }

    /// Makes room for the sets, once the tables are read.
    pub fn prepare(&mut self) {
        self.sets = (0..self.patterns.len()).map(|_| OnceLock::new()).collect();
        self.tried = (0..self.patterns.len())
            .map(|_| AtomicU32::new(0))
            .collect();
    }

    /// Whether hash `h` is among the words of need `w`, by binary search
    /// of its sorted run in the tables.
    fn holds(&self, w: Window, h: u64) -> bool {
        let (mut lo, mut hi) = (w.start as usize, w.end as usize);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.words.get(mid).cmp(&h) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return true,
            }
        }
        false
    }

    /// Whether pattern `pattern` of rule `rule` may match with its anchor
    /// at a sentence's start or not (`sentence_starts`, asked only of
    /// patterns marked `^`) and its tail from token `after`, in a text
    /// whose tokens hash to `hashes`.
    #[inline]
    pub fn may_start(
        &self,
        (rule, pattern): (usize, usize),
        sentence_starts: impl FnOnce() -> bool,
        after: usize,
        hashes: &[u64],
    ) -> bool {
        let at = self.rules.get(rule) as usize + pattern;
        let (first, end) = self.patterns.get(at);
        if end & AT_START != 0 && !sentence_starts() {
            return false;
        }
        let end = end & !AT_START;
        if first == end {
            return true;
        }
        let window = |lo: usize, hi: usize| {
            let from = after + lo;
            let to = (after + hi + 1).min(hashes.len());
            (from < to).then(|| &hashes[from..to])
        };
        if self.sets[at].get().is_none()
            && self.tried[at].fetch_add(1, Ordering::Relaxed) < SEARCHED
        {
            return self.needs.range(first as usize, end as usize).all(|w| {
                window(w.lo as usize, w.hi as usize)
                    .is_some_and(|near| near.iter().any(|&h| self.holds(w, h)))
            });
        }
        let needs = self.sets[at].get_or_init(|| {
            self.needs
                .range(first as usize, end as usize)
                .map(|w| Need {
                    lo: w.lo as usize,
                    hi: w.hi as usize,
                    words: self.words.range(w.start as usize, w.end as usize).collect(),
                })
                .collect()
        });
        needs.iter().all(|need| {
            window(need.lo, need.hi).is_some_and(|near| near.iter().any(|h| need.words.contains(h)))
        })
    }
}

/// The needs of a tail (see the module's documentation).
fn needs_of(tail: &Expr) -> Vec<Need<Vec<u64>>> {
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
            let mut words: Vec<u64> = words.iter().map(|w| hash(w.as_bytes())).collect();
            words.sort_unstable();
            words.dedup();
            needs.push(Need { lo, hi, words });
        }
        lo += shortest(item);
        hi += item.longest();
    }
    needs
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
        // The tail as the second pattern of the second rule, the others
        // needing nothing.
        let tail = needs_of(&tail("the {any:0-2} (forum|team) (was|were) (fine|better)"));
        let s =
            Starts::of([vec![(false, vec![])], vec![(false, vec![]), (false, tail)]].into_iter());
        let allow = |text: &str| s.may_start((1, 1), || true, 1, &hashes(text));
        // The same answers from the tables (the first attempts) and from
        // the sets made after them.
        for _ in 0..SEARCHED {
            // After "the" (token 0), counting from token 1.
            assert!(allow("the old forum was fine"));
            assert!(allow("the forum was better"));
            assert!(!allow("the old old old forum was fine"));
            assert!(!allow("the forum is fine"));
            assert!(!allow("the forum was"));
        }
        assert!(s.sets[s.rules.get(1) as usize + 1].get().is_some());
        assert!(s.may_start((0, 0), || true, 1, &hashes("the forum was")));
        assert!(s.may_start((1, 0), || true, 1, &hashes("the forum was")));
        // Marked `^`, a pattern is tried only where a sentence starts.
        let s = Starts::of([vec![(false, vec![]), (true, vec![])]].into_iter());
        assert!(s.may_start((0, 0), || false, 1, &hashes("the forum was")));
        assert!(!s.may_start((0, 1), || false, 1, &hashes("the forum was")));
        assert!(s.may_start((0, 1), || true, 1, &hashes("the forum was")));
    }
}
