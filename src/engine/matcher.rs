//! Finding every phrase of every rule in one pass, never rule by rule.
//!
//! All patterns expand into phrases (see `pattern`), each a run of folded
//! tokens between spaces. How they are searched for is chosen by the size of
//! the text, because building a search structure costs more than using it
//! on a short draft:
//!
//! - **short texts** (a reply, a `tactful check` in a git hook): a table from
//!   each phrase's first token to the phrases starting with it. It builds in
//!   about a millisecond, and a draft of a few hundred words needs only a
//!   few hundred look-ups, so start-up stays far below an automaton's build;
//! - **longer texts** (thread exports, corpora): an Aho-Corasick contiguous
//!   NFA, built on first use in a few milliseconds;
//! - **once many megabytes have been searched** (a long-lived engine: the
//!   reply flow, a batch, a benchmark): an Aho-Corasick DFA, which searches
//!   faster than the NFA but costs over a hundred milliseconds to build with
//!   the built-in packs, more than a single 10 MB text would win back.
//!
//! All three report the same matches: a phrase's folded text, with its
//! leading and trailing space, found at a token boundary.

use rustc_hash::FxHashMap;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use super::pattern::Compiled;

/// Texts shorter than this are searched through the first-token table.
pub const SMALL_TEXT: usize = 16 * 1024;
/// Bytes searched by automaton, over the engine's life, after which the
/// DFA repays its build: it costs about as much to build as searching
/// 15 MB with the NFA saves, so a single long text never builds it, and a
/// long-lived engine (the reply flow, a batch) soon does.
pub const DFA_AFTER: usize = 32 * 1024 * 1024;

/// What one phrase stands for.
#[derive(Debug, Clone)]
pub struct Phrase {
    /// Number of tokens in the phrase.
    pub tokens: u32,
    /// (rule index, pattern index) of every pattern it anchors.
    pub targets: Vec<(u32, u32)>,
    /// The tone the word carries (−4 to +4), for one-word phrases of the
    /// valence lexicon; 0 for none.
    pub valence: f32,
}

pub struct Matcher {
    literals: Vec<String>,
    pub phrases: Vec<Phrase>,
    /// First token → phrases starting with it.
    by_first: FxHashMap<String, Vec<u32>>,
    nfa: OnceLock<Option<AhoCorasick>>,
    dfa: OnceLock<Option<AhoCorasick>>,
    /// Bytes searched by automaton so far.
    searched: AtomicUsize,
}

/// How a text will be searched.
pub enum Search<'m> {
    Table(&'m Matcher),
    Automaton(&'m AhoCorasick),
}

impl Search<'_> {
    /// Every (phrase id, byte offset in `folded`) where a phrase starts.
    pub fn find(&self, folded: &super::text::Folded, out: &mut Vec<(usize, usize)>) {
        out.clear();
        match self {
            Search::Automaton(ac) => {
                out.extend(
                    ac.find_overlapping_iter(folded.text.as_str())
                        .map(|m| (m.pattern().as_usize(), m.start())),
                );
            }
            Search::Table(m) => {
                for (i, t) in folded.tokens.iter().enumerate() {
                    let Some(ids) = m.by_first.get(folded.token_text(i)) else {
                        continue;
                    };
                    let start = t.folded as usize - 1;
                    let rest = &folded.text.as_bytes()[start..];
                    for &id in ids {
                        if rest.starts_with(m.literals[id as usize].as_bytes()) {
                            out.push((id as usize, start));
                        }
                    }
                }
            }
        }
    }
}

impl std::fmt::Debug for Matcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Matcher")
            .field("phrases", &self.phrases.len())
            .finish()
    }
}

impl Matcher {
    /// Builds the matcher from each rule's compiled patterns, and the words
    /// of the valence lexicon (folded) with their ratings.
    pub fn new<'a>(
        rules: impl Iterator<Item = &'a [Compiled]>,
        valence: &[(String, f32)],
    ) -> Result<Matcher, String> {
        // Every (phrase, rule, pattern).
        let mut all: Vec<(String, u32, u32, u32)> = Vec::new();
        for (rule, patterns) in rules.enumerate() {
            for (pat, c) in patterns.iter().enumerate() {
                for phrase in &c.anchors {
                    let mut literal = String::with_capacity(
                        2 + phrase.iter().map(|w| w.len() + 1).sum::<usize>(),
                    );
                    literal.push(' ');
                    for w in phrase {
                        literal.push_str(w);
                        literal.push(' ');
                    }
                    all.push((literal, phrase.len() as u32, rule as u32, pat as u32));
                }
            }
        }
        // Equal phrases become one automaton pattern with several targets.
        let mut index: FxHashMap<String, u32> =
            FxHashMap::with_capacity_and_hasher(all.len(), Default::default());
        let mut literals: Vec<String> = Vec::with_capacity(all.len());
        let mut phrases: Vec<Phrase> = Vec::with_capacity(all.len());
        for (literal, tokens, rule, pat) in all {
            let id = *index.entry(literal).or_insert_with_key(|literal| {
                literals.push(literal.clone());
                phrases.push(Phrase {
                    tokens,
                    targets: Vec::with_capacity(1),
                    valence: 0.0,
                });
                (phrases.len() - 1) as u32
            });
            let targets = &mut phrases[id as usize].targets;
            if !targets.contains(&(rule, pat)) {
                targets.push((rule, pat));
            }
        }
        for (word, rating) in valence {
            if word.is_empty() || word.contains(' ') || *rating == 0.0 {
                continue;
            }
            let literal = format!(" {word} ");
            let id = *index.entry(literal).or_insert_with_key(|literal| {
                literals.push(literal.clone());
                phrases.push(Phrase {
                    tokens: 1,
                    targets: Vec::new(),
                    valence: 0.0,
                });
                (phrases.len() - 1) as u32
            });
            phrases[id as usize].valence = *rating;
        }
        let mut by_first: FxHashMap<String, Vec<u32>> =
            FxHashMap::with_capacity_and_hasher(literals.len() / 2, Default::default());
        for (id, literal) in literals.iter().enumerate() {
            let first = literal.trim_start().split(' ').next().unwrap_or("");
            by_first
                .entry(first.to_string())
                .or_default()
                .push(id as u32);
        }
        Ok(Matcher {
            literals,
            phrases,
            by_first,
            nfa: OnceLock::new(),
            dfa: OnceLock::new(),
            searched: AtomicUsize::new(0),
        })
    }

    /// A specific way of searching, whatever the text's length (for tests
    /// that check all three agree).
    #[cfg(test)]
    pub fn search_with(&self, kind: Option<AhoCorasickKind>) -> Search<'_> {
        let cell = match kind {
            None => return Search::Table(self),
            Some(AhoCorasickKind::DFA) => &self.dfa,
            Some(_) => &self.nfa,
        };
        match cell.get_or_init(|| build(&self.literals, kind.unwrap_or(AhoCorasickKind::DFA)).ok())
        {
            Some(ac) => Search::Automaton(ac),
            None => Search::Table(self),
        }
    }

    /// How to search a text of `len` bytes. An automaton that cannot be
    /// built (it has size limits) falls back to the next smaller kind.
    pub fn search(&self, len: usize) -> Search<'_> {
        if len < SMALL_TEXT {
            return Search::Table(self);
        }
        let searched = self.searched.fetch_add(len, Ordering::Relaxed) + len;
        if searched >= DFA_AFTER
            && let Some(dfa) = self
                .dfa
                .get_or_init(|| build(&self.literals, AhoCorasickKind::DFA).ok())
                .as_ref()
        {
            return Search::Automaton(dfa);
        }
        match self
            .nfa
            .get_or_init(|| build(&self.literals, AhoCorasickKind::ContiguousNFA).ok())
        {
            Some(nfa) => Search::Automaton(nfa),
            None => Search::Table(self),
        }
    }

    /// Number of distinct phrases.
    pub fn len(&self) -> usize {
        self.literals.len()
    }
}

fn build(literals: &[String], kind: AhoCorasickKind) -> Result<AhoCorasick, String> {
    AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .kind(Some(kind))
        // Every phrase starts with a space, so a start-byte prefilter would
        // stop at every word: it only costs.
        .prefilter(false)
        .build(literals)
        .map_err(|e| format!("cannot build the phrase matcher: {e}"))
}
