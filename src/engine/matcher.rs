//! Finding every phrase of every rule in one pass, never rule by rule.
//!
//! All patterns expand into phrases (see `pattern`), each a run of folded
//! tokens. Folding has already cut the text into tokens, so phrases are
//! matched token by token rather than byte by byte: every distinct word of
//! every phrase gets a number (the *vocabulary*), and the phrases form a
//! trie over those numbers. Each token of the text costs one look-up in the
//! vocabulary; a word that starts no phrase (most of them) costs nothing
//! more, and one that does walks the trie as far as the text follows it.
//!
//! Written here rather than taken from `aho-corasick`: measured on the
//! built-in packs (about 15,000 phrases with the valence lexicon), a
//! byte-level automaton either builds slowly (a DFA: over 100 ms, more than
//! a whole `tactful check` of a reply may take) or searches at about half
//! the speed of this trie (a contiguous NFA, which also takes ~20 ms to
//! build), while the trie builds in about a millisecond and is searched at
//! the speed of hashing the text's words once. Both report the same
//! matches: a phrase's tokens, found where the text's tokens are equal to
//! them one by one (a test compares the two).

use rustc_hash::FxHashMap;

use super::pattern::Compiled;
use super::text::Folded;

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

/// No phrase ends at this trie node, or no phrase starts with this word.
const NONE: u32 = u32::MAX;

pub struct Matcher {
    pub phrases: Vec<Phrase>,
    /// Each phrase's words, joined by single spaces.
    literals: Vec<String>,
    /// Word → (its number, the trie node of the phrases it starts, or
    /// [`NONE`]): the first step of a match costs this one look-up.
    vocabulary: FxHashMap<Box<str>, (u32, u32)>,
    /// (node, word number) → the child node, below the first level.
    edges: FxHashMap<u64, u32>,
    /// The phrase that ends at each node, or [`NONE`].
    ends: Vec<u32>,
    /// Whether any phrase continues past each node.
    deeper: Vec<bool>,
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
        let mut m = Matcher {
            phrases: Vec::new(),
            literals: Vec::new(),
            vocabulary: FxHashMap::default(),
            edges: FxHashMap::default(),
            ends: Vec::new(),
            deeper: Vec::new(),
        };
        let mut words: Vec<&str> = Vec::new();
        for (rule, patterns) in rules.enumerate() {
            for (pat, c) in patterns.iter().enumerate() {
                for phrase in &c.anchors {
                    words.clear();
                    words.extend(phrase.iter().map(|w| &**w));
                    let Some(id) = m.insert(&words) else {
                        continue;
                    };
                    let targets = &mut m.phrases[id as usize].targets;
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
            if let Some(id) = m.insert(&[word.as_str()]) {
                m.phrases[id as usize].valence = *rating;
            }
        }
        Ok(m)
    }

    /// The phrase of these words (added if it is new), or `None` for no
    /// words.
    fn insert(&mut self, words: &[&str]) -> Option<u32> {
        let (first, rest) = words.split_first()?;
        let mut node = {
            let next = self.vocabulary.len() as u32;
            let entry = self
                .vocabulary
                .entry((*first).into())
                .or_insert((next, NONE));
            if entry.1 == NONE {
                entry.1 = self.ends.len() as u32;
                self.ends.push(NONE);
                self.deeper.push(false);
            }
            entry.1
        };
        for w in rest {
            let next = self.vocabulary.len() as u32;
            let word = self.vocabulary.entry((*w).into()).or_insert((next, NONE)).0;
            let key = (node as u64) << 32 | word as u64;
            node = match self.edges.get(&key) {
                Some(&c) => c,
                None => {
                    let c = self.ends.len() as u32;
                    self.ends.push(NONE);
                    self.deeper.push(false);
                    self.deeper[node as usize] = true;
                    self.edges.insert(key, c);
                    c
                }
            };
        }
        if self.ends[node as usize] == NONE {
            self.ends[node as usize] = self.phrases.len() as u32;
            self.phrases.push(Phrase {
                tokens: words.len() as u32,
                targets: Vec::with_capacity(1),
                valence: 0.0,
            });
            self.literals.push(words.join(" "));
        }
        Some(self.ends[node as usize])
    }

    /// Every (phrase id, first token) where a phrase of the matcher stands
    /// in `folded`: by first token and, from one token, shorter first.
    pub fn find(&self, folded: &Folded, out: &mut Vec<(u32, u32)>) {
        out.clear();
        let n = folded.tokens.len();
        for i in 0..n {
            let Some(&(_, first)) = self.vocabulary.get(folded.token_text(i)) else {
                continue;
            };
            if first == NONE {
                continue;
            }
            let mut node = first;
            let mut j = i;
            loop {
                let end = self.ends[node as usize];
                if end != NONE {
                    out.push((end, i as u32));
                }
                j += 1;
                if !self.deeper[node as usize] || j >= n {
                    break;
                }
                let Some(&(word, _)) = self.vocabulary.get(folded.token_text(j)) else {
                    break;
                };
                match self.edges.get(&((node as u64) << 32 | word as u64)) {
                    Some(&next) => node = next,
                    None => break,
                }
            }
        }
    }

    /// Number of distinct phrases.
    pub fn len(&self) -> usize {
        self.phrases.len()
    }

    /// The words of every phrase, joined by single spaces.
    pub fn literals(&self) -> impl Iterator<Item = &str> {
        self.literals.iter().map(String::as_str)
    }
}
