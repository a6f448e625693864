//! Words as patterns and lists hold them: folded, shared, and indexed by
//! first word. A leaf of the engine: patterns, rules, the matcher and the
//! image all build on these.

use std::collections::HashMap;
use std::sync::Arc;

use rustc_hash::FxHashMap;

/// A folded word, shared: phrases are built by copying words into many
/// combinations, and a shared word is copied without allocating.
pub type Word = Arc<str>;

/// A named word list, folded, with its entries indexed by first word so a
/// pattern's tail looks an entry up instead of comparing every one.
#[derive(Debug, Default, PartialEq)]
pub struct WordList {
    pub phrases: Vec<Vec<Word>>,
    /// Entries by their first word, as the run of `phrases` (sorted, so
    /// the entries sharing a first word stand together) that start with it:
    /// no list of indexes to allocate per word when an engine is read.
    pub(crate) by_first: FxHashMap<Word, (u32, u32)>,
    /// The most words an entry has.
    pub(crate) longest: usize,
}

impl WordList {
    pub fn new(mut phrases: Vec<Vec<Word>>) -> WordList {
        phrases.retain(|p| !p.is_empty());
        phrases.sort_unstable();
        phrases.dedup();
        let mut by_first: FxHashMap<Word, (u32, u32)> = FxHashMap::default();
        for (i, p) in phrases.iter().enumerate() {
            let i = i as u32;
            by_first
                .entry(p[0].clone())
                .and_modify(|run| run.1 = i + 1)
                .or_insert((i, i + 1));
        }
        let longest = phrases.iter().map(Vec::len).max().unwrap_or(0);
        WordList {
            phrases,
            by_first,
            longest,
        }
    }

    /// Whether the list holds this exact folded phrase.
    pub fn contains(&self, words: &[&str]) -> bool {
        let Some(first) = words.first() else {
            return false;
        };
        self.starting_with(first)
            .iter()
            .any(|p| p.len() == words.len() && p.iter().zip(words).all(|(a, b)| &**a == *b))
    }

    /// The entries whose first word is `word`, in order.
    pub(crate) fn starting_with(&self, word: &str) -> &[Vec<Word>] {
        match self.by_first.get(word) {
            Some(&(start, end)) => &self.phrases[start as usize..end as usize],
            None => &[],
        }
    }
}

/// Named word lists, folded: name → entries.
pub type Lists = HashMap<String, Arc<WordList>>;
