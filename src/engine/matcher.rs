//! One automaton for every phrase of every rule.
//!
//! All patterns expand into phrases (see `pattern`), and every phrase is
//! searched for in a single Aho-Corasick pass over the folded text, never
//! rule by rule. The automaton's kind is a trade between build time and
//! search speed: a non-contiguous NFA builds in a few milliseconds, which is
//! what a `tactful check` on a short draft pays for once per process; a DFA
//! searches about twice as fast but costs several times as long to build,
//! so it is built lazily, the first time a long text (a thread export, a
//! corpus) is analysed, and kept for the engine's lifetime.

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use super::pattern::Compiled;

/// Texts at least this long are searched with the DFA.
pub const LARGE_TEXT: usize = 64 * 1024;

/// What one phrase stands for.
#[derive(Debug, Clone)]
pub struct Phrase {
    /// Number of tokens in the phrase.
    pub tokens: u32,
    /// (rule index, pattern index) of every pattern it anchors.
    pub targets: Vec<(u32, u32)>,
}

pub struct Matcher {
    literals: Vec<String>,
    pub phrases: Vec<Phrase>,
    small: AhoCorasick,
    large: OnceLock<Option<AhoCorasick>>,
}

impl std::fmt::Debug for Matcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Matcher")
            .field("phrases", &self.phrases.len())
            .finish()
    }
}

impl Matcher {
    /// Builds the matcher from each rule's compiled patterns.
    pub fn new<'a>(rules: impl Iterator<Item = &'a [Compiled]>) -> Result<Matcher, String> {
        // Every (phrase, rule, pattern), sorted so that equal phrases sit
        // together and become one automaton pattern with several targets.
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
        all.sort_unstable();
        all.dedup();
        let mut literals: Vec<String> = Vec::with_capacity(all.len());
        let mut phrases: Vec<Phrase> = Vec::with_capacity(all.len());
        for (literal, tokens, rule, pat) in all {
            if literals.last() != Some(&literal) {
                literals.push(literal);
                phrases.push(Phrase {
                    tokens,
                    targets: Vec::with_capacity(1),
                });
            }
            if let Some(p) = phrases.last_mut() {
                p.targets.push((rule, pat));
            }
        }
        let small = build(&literals, AhoCorasickKind::NoncontiguousNFA)?;
        Ok(Matcher {
            literals,
            phrases,
            small,
            large: OnceLock::new(),
        })
    }

    /// The automaton to search a text of `len` bytes with.
    pub fn automaton(&self, len: usize) -> &AhoCorasick {
        if len < LARGE_TEXT {
            return &self.small;
        }
        self.large
            .get_or_init(|| build(&self.literals, AhoCorasickKind::DFA).ok())
            .as_ref()
            .unwrap_or(&self.small)
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
