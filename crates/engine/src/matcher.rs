//! Finding every phrase of every rule in one pass, never rule by rule.
//!
//! All patterns expand into phrases (see `pattern`), each a run of folded
//! tokens. Folding has already cut the text into tokens, so phrases are
//! matched token by token rather than byte by byte: every distinct word of
//! every phrase gets a number (the *vocabulary*), and the phrases form a
//! trie over those numbers. Each token of the text costs one look-up in the
//! vocabulary; a word that starts no phrase costs nothing more, and one
//! that does walks the trie as far as the text follows it.
//!
//! Written here rather than taken from `aho-corasick`: measured on the
//! built-in packs (over 20,000 phrases with the valence lexicon), a
//! byte-level automaton either builds slowly (a DFA: over 150 ms, far more
//! than a whole `tactful check` of a reply) or searches the folded text
//! more slowly than this trie (a contiguous NFA, which also takes tens of
//! milliseconds to build), and neither can be built ahead of time and
//! loaded. The trie's tables are plain arrays (open-addressing hash tables
//! with a fixed hash), so the engine image made at build time (see
//! `image`) holds them ready to use. Both report the same matches: a
//! phrase's tokens, found where the text's tokens equal them one by one (a
//! test compares the two).

use serde::{Deserialize, Serialize};

use crate::pattern::Compiled;
use crate::serial::packed::{Bytes, Table, View};
use crate::text::Folded;

/// What one phrase stands for.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct Phrase {
    /// Number of tokens in the phrase.
    pub tokens: u32,
    /// Where its (rule index, pattern index) targets sit in the matcher's
    /// table of targets (see [`Matcher::targets`]).
    targets: (u32, u32),
    /// The tone the word carries (−4 to +4), for one-word phrases of the
    /// valence lexicon; 0 for none.
    pub valence: f32,
}

/// A phrase as four little-endian numbers in the engine image, read in one
/// pass with the matcher's other tables.
impl crate::serial::packed::Packed for Phrase {
    const WIDTH: usize = 16;
    fn put(self, out: &mut Vec<u8>) {
        for n in [
            self.tokens,
            self.targets.0,
            self.targets.1,
            self.valence.to_bits(),
        ] {
            out.extend_from_slice(&n.to_le_bytes());
        }
    }
    #[inline]
    fn take(b: &[u8]) -> Self {
        let n = |i: usize| u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
        Phrase {
            tokens: n(0),
            targets: (n(4), n(8)),
            valence: f32::from_bits(n(12)),
        }
    }
}

/// No phrase ends at this trie node, or no phrase starts with this word.
const NONE: u32 = u32::MAX;

#[derive(Serialize, Deserialize)]
pub struct Matcher {
    phrases: Table<Phrase>,
    /// Every phrase's targets, one run per phrase.
    targets: Table<(u32, u32)>,
    /// Word → its number.
    vocabulary: Vocabulary,
    /// The trie node of the phrases each word starts, or [`NONE`].
    first: Table<u32>,
    /// (node, word number) → the child node, below the first level.
    edges: Edges,
    /// The phrase that ends at each node, or [`NONE`].
    ends: Table<u32>,
    /// Whether any phrase continues past each node.
    deeper: Table<bool>,
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
        rules: impl Iterator<Item = &'a [crate::Lazy<Compiled>]>,
        valence: &[(String, f32)],
    ) -> Result<Matcher, String> {
        let mut b = Builder::default();
        let mut words: Vec<&str> = Vec::new();
        for (rule, patterns) in rules.enumerate() {
            for (pat, c) in patterns.iter().enumerate() {
                for phrase in &c.anchors {
                    words.clear();
                    words.extend(phrase.iter().map(|w| &**w));
                    let Some(id) = b.insert(&words) else {
                        continue;
                    };
                    let targets = &mut b.targets[id as usize];
                    let target = (rule as u32, pat as u32);
                    if !targets.contains(&target) {
                        targets.push(target);
                    }
                }
            }
        }
        for (word, rating) in valence {
            if word.is_empty() || word.contains(' ') || *rating == 0.0 {
                continue;
            }
            if let Some(id) = b.insert(&[word.as_str()]) {
                b.phrases[id as usize].valence = *rating;
            }
        }
        let mut targets = Vec::new();
        for (phrase, own) in b.phrases.iter_mut().zip(&b.targets) {
            let start = targets.len() as u32;
            targets.extend_from_slice(own);
            phrase.targets = (start, targets.len() as u32);
        }
        Ok(Matcher {
            phrases: Table::new(&b.phrases),
            targets: Table::new(&targets),
            vocabulary: Vocabulary::new(&b.words),
            first: Table::new(&b.first),
            edges: Edges::new(&b.edges),
            ends: Table::new(&b.ends),
            deeper: Table::new(&b.deeper),
        })
    }

    /// The (rule index, pattern index) of every pattern `phrase` anchors.
    #[inline]
    pub fn targets(&self, phrase: &Phrase) -> impl Iterator<Item = (u32, u32)> + '_ {
        let (a, b) = phrase.targets;
        self.targets.range(a as usize, b as usize)
    }

    /// Phrase `id`.
    #[inline]
    pub fn phrase(&self, id: u32) -> Phrase {
        self.phrases.get(id as usize)
    }

    /// Every (phrase id, first token) where a phrase of the matcher stands
    /// in `folded`: by first token and, from one token, shorter first.
    /// `words` is scratch space (each token's word number, looked up once);
    /// `hashes` receives each token's [`hash`], which the pattern tails'
    /// prefilter reads (see `prefilter`).
    #[inline]
    pub fn find(
        &self,
        folded: &Folded,
        words: &mut Vec<u32>,
        hashes: &mut Vec<u64>,
        out: &mut Vec<(u32, u32)>,
    ) {
        out.clear();
        words.clear();
        hashes.clear();
        let vocabulary = (
            &*self.vocabulary.text.0,
            self.vocabulary.starts.view(),
            self.vocabulary.slots.view(),
        );
        for i in 0..folded.tokens.len() {
            let text = folded.token_text(i);
            let h = hash(text.as_bytes());
            hashes.push(h);
            words.push(Vocabulary::get_hashed(vocabulary, text, h).unwrap_or(NONE));
        }
        let (first, ends, deeper) = (self.first.view(), self.ends.view(), self.deeper.view());
        let edges = (self.edges.keys.view(), self.edges.children.view());
        for (i, &w) in words.iter().enumerate() {
            if w == NONE {
                continue;
            }
            let mut node = first.get(w as usize);
            if node == NONE {
                continue;
            }
            let mut j = i;
            loop {
                let end = ends.get(node as usize);
                if end != NONE {
                    out.push((end, i as u32));
                }
                j += 1;
                if !deeper.get(node as usize) || j >= words.len() || words[j] == NONE {
                    break;
                }
                match Edges::get(edges, node, words[j]) {
                    Some(next) => node = next,
                    None => break,
                }
            }
        }
    }

    /// Whether the tables are read in place from an image.
    #[cfg(test)]
    pub(crate) fn in_place(&self) -> bool {
        self.phrases.in_place()
            && self.targets.in_place()
            && self.first.in_place()
            && self.ends.in_place()
            && self.deeper.in_place()
            && self.edges.keys.in_place()
            && self.edges.children.in_place()
            && self.vocabulary.starts.in_place()
            && self.vocabulary.slots.in_place()
            && matches!(self.vocabulary.text.0, std::borrow::Cow::Borrowed(_))
    }

    /// Number of distinct phrases.
    pub fn len(&self) -> usize {
        self.phrases.len()
    }

    /// The words of every phrase, joined by single spaces, by phrase id.
    /// Rebuilt from the trie when asked (for tests and benchmarks): the
    /// engine never needs them.
    pub fn literals(&self) -> Vec<String> {
        let mut children: Vec<Vec<(u32, u32)>> = vec![Vec::new(); self.ends.len()];
        for (node, word, child) in self.edges.iter() {
            children[node as usize].push((word, child));
        }
        let mut out = vec![String::new(); self.phrases.len()];
        let mut stack: Vec<(u32, String)> = (0..self.first.len() as u32)
            .filter(|&w| self.first.get(w as usize) != NONE)
            .map(|w| {
                let text = String::from_utf8_lossy(self.vocabulary.word(w)).into_owned();
                (self.first.get(w as usize), text)
            })
            .collect();
        while let Some((node, text)) = stack.pop() {
            for &(word, child) in &children[node as usize] {
                let word = String::from_utf8_lossy(self.vocabulary.word(word));
                stack.push((child, format!("{text} {word}")));
            }
            let end = self.ends.get(node as usize);
            if end != NONE {
                out[end as usize] = text;
            }
        }
        out
    }
}

/// The trie as it grows, before it is packed into tables.
#[derive(Default)]
struct Builder {
    phrases: Vec<Phrase>,
    targets: Vec<Vec<(u32, u32)>>,
    words: Vec<String>,
    numbers: rustc_hash::FxHashMap<String, u32>,
    first: Vec<u32>,
    edges: rustc_hash::FxHashMap<(u32, u32), u32>,
    ends: Vec<u32>,
    deeper: Vec<bool>,
}

impl Builder {
    fn word(&mut self, w: &str) -> u32 {
        if let Some(&n) = self.numbers.get(w) {
            return n;
        }
        let n = self.words.len() as u32;
        self.words.push(w.to_string());
        self.numbers.insert(w.to_string(), n);
        self.first.push(NONE);
        n
    }

    fn node(&mut self) -> u32 {
        self.ends.push(NONE);
        self.deeper.push(false);
        (self.ends.len() - 1) as u32
    }

    /// The phrase of these words (added if it is new), or `None` for no
    /// words.
    fn insert(&mut self, words: &[&str]) -> Option<u32> {
        let (first, rest) = words.split_first()?;
        let w = self.word(first);
        let mut node = self.first[w as usize];
        if node == NONE {
            node = self.node();
            self.first[w as usize] = node;
        }
        for word in rest {
            let w = self.word(word);
            node = match self.edges.get(&(node, w)) {
                Some(&c) => c,
                None => {
                    let c = self.node();
                    self.deeper[node as usize] = true;
                    self.edges.insert((node, w), c);
                    c
                }
            };
        }
        if self.ends[node as usize] == NONE {
            self.ends[node as usize] = self.phrases.len() as u32;
            self.phrases.push(Phrase {
                tokens: words.len() as u32,
                targets: (0, 0),
                valence: 0.0,
            });
            self.targets.push(Vec::with_capacity(1));
        }
        Some(self.ends[node as usize])
    }
}

/// A fixed hash: the tables are built by the build script and searched by
/// the binary, so the hash must not depend on the process or the platform.
/// Eight bytes at a time (words are short: most take one step).
#[inline]
pub(crate) fn hash(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut h = bytes.len() as u64;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        h = (h.rotate_left(5) ^ w).wrapping_mul(K);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut w = 0u64;
        for (k, &b) in rest.iter().enumerate() {
            w |= (b as u64) << (8 * k);
        }
        h = (h.rotate_left(5) ^ w).wrapping_mul(K);
    }
    // The table takes the low bits: fold the high ones, mixed, into them.
    h = (h ^ (h >> 32)).wrapping_mul(K);
    h ^ (h >> 32)
}

/// Slots for `n` keys: a power of two at least twice as many.
fn slots_for(n: usize) -> usize {
    (n * 2).next_power_of_two().max(8)
}

/// The distinct words of all phrases, in one string, with an
/// open-addressing table from a word's text to its number.
#[derive(Serialize, Deserialize)]
struct Vocabulary {
    /// The words' UTF-8, one after the other.
    text: Bytes,
    /// Where word `n` starts in `text`; one more entry for the end.
    starts: Table<u32>,
    /// Word number + 1 per slot; 0 for an empty slot.
    slots: Table<u32>,
}

impl Vocabulary {
    fn new(words: &[String]) -> Vocabulary {
        let mut text = String::new();
        let mut starts = Vec::with_capacity(words.len() + 1);
        let mut slots = vec![0; slots_for(words.len())];
        let mask = slots.len() - 1;
        for (n, w) in words.iter().enumerate() {
            starts.push(text.len() as u32);
            text.push_str(w);
            let mut i = hash(w.as_bytes()) as usize & mask;
            while slots[i] != 0 {
                i = (i + 1) & mask;
            }
            slots[i] = n as u32 + 1;
        }
        starts.push(text.len() as u32);
        Vocabulary {
            text: Bytes(text.into_bytes().into()),
            starts: Table::new(&starts),
            slots: Table::new(&slots),
        }
    }

    #[inline]
    fn word(&self, n: u32) -> &[u8] {
        let (start, end) = (self.starts.get(n as usize), self.starts.get(n as usize + 1));
        &self.text.0[start as usize..end as usize]
    }

    /// The number of a word whose [`hash`] is `h`, if it is one of the
    /// phrases' words; from the vocabulary's text, starts and slots.
    #[inline]
    fn get_hashed(
        (text, starts, slots): (&[u8], View<u32>, View<u32>),
        word: &str,
        h: u64,
    ) -> Option<u32> {
        let mask = slots.len() - 1;
        let mut i = h as usize & mask;
        loop {
            let s = slots.get(i);
            if s == 0 {
                return None;
            }
            let (start, end) = (starts.get(s as usize - 1), starts.get(s as usize));
            if &text[start as usize..end as usize] == word.as_bytes() {
                return Some(s - 1);
            }
            i = (i + 1) & mask;
        }
    }
}

/// The trie's edges below its first level: an open-addressing table from
/// (node, word number) to the child node.
#[derive(Serialize, Deserialize)]
struct Edges {
    /// `node << 32 | word` per slot; `u64::MAX` for an empty slot.
    keys: Table<u64>,
    children: Table<u32>,
}

impl Edges {
    fn new(edges: &rustc_hash::FxHashMap<(u32, u32), u32>) -> Edges {
        let n = slots_for(edges.len());
        let mut keys = vec![u64::MAX; n];
        let mut children = vec![NONE; n];
        // In a fixed order, so the image is the same from build to build.
        let mut all: Vec<_> = edges.iter().map(|(&(a, w), &c)| (a, w, c)).collect();
        all.sort_unstable();
        for (node, word, child) in all {
            let key = (node as u64) << 32 | word as u64;
            let mut i = Edges::slot(key) & (n - 1);
            while keys[i] != u64::MAX {
                i = (i + 1) & (n - 1);
            }
            keys[i] = key;
            children[i] = child;
        }
        Edges {
            keys: Table::new(&keys),
            children: Table::new(&children),
        }
    }

    #[inline]
    fn slot(key: u64) -> usize {
        (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 20) as usize
    }

    /// The child of `node` by `word`, from the keys and children.
    #[inline]
    fn get((keys, children): (View<u64>, View<u32>), node: u32, word: u32) -> Option<u32> {
        let key = (node as u64) << 32 | word as u64;
        let mask = keys.len() - 1;
        let mut i = Edges::slot(key) & mask;
        loop {
            let k = keys.get(i);
            if k == key {
                return Some(children.get(i));
            }
            if k == u64::MAX {
                return None;
            }
            i = (i + 1) & mask;
        }
    }

    fn iter(&self) -> impl Iterator<Item = (u32, u32, u32)> + '_ {
        self.keys
            .iter()
            .zip(self.children.iter())
            .filter(|(k, _)| *k != u64::MAX)
            .map(|(k, c)| ((k >> 32) as u32, (k & 0xffff_ffff) as u32, c))
    }
}
