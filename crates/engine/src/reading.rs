//! A fitted reading of whole sentences: hostility in ordinary words that
//! no phrase rule names ("Nobody's holding a seat for you at the next
//! meetup.").
//!
//! A sentence's words and pairs of neighbouring words each carry a weight,
//! fitted by logistic regression on replies labelled hostile or civil
//! (`scripts/fit_reading.py`, which writes `prompts/lexicon/reading.tsv`);
//! the probability that the sentence is heard as an attack on the reader is
//! `sigmoid(bias + Σ weights)`. From the table's threshold the sentence is
//! a finding of the rule with `computed = "reading"`, unless a flag already
//! stands in it (the phrase rules say better what it does). Words inside
//! quotes are someone else's and are not read.
//!
//! The tokens are the fit's: the lower-cased text with curly apostrophes
//! made straight, split into runs of `a`–`z` and apostrophes, with `?` and
//! `!` as tokens of their own. A hand-written scanner, because the fit's
//! tokenizer is a regular expression over ASCII letters that the matcher's
//! folding (contractions, intensifiers, disguises) does not reproduce.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::quotes::Quotes;
use crate::raw::Raw;
use crate::text::{Folded, TokenKind};

/// Below this probability, a sentence read together with its neighbours
/// leans civil, and the sentence is not marked.
const NEIGHBOURS_BAR: f32 = 0.5;

/// The fitted weights: a bias, the probability from which a sentence is
/// flagged, a weight per word or pair of words ("you're", "your kind"), and
/// the words that evaluate ("careless", "lazy", "shame"): a sentence is read
/// only when it holds one, so that "You opened a pull request." is not
/// judged on its "you" alone.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Reading {
    pub bias: f32,
    pub threshold: f32,
    pub weights: HashMap<String, f32>,
    pub negative: HashSet<String>,
}

impl Reading {
    /// Reads a table of `words<TAB>weight[<TAB>negative]` lines with `#`
    /// comments (`negative` marks a word that evaluates); the
    /// bias and the threshold are lines of their own, `(bias)` and
    /// `(threshold)`, names no word can have. A bad line is an error with
    /// its byte range in `text`.
    pub fn parse(text: &str) -> Result<Reading, (std::ops::Range<usize>, String)> {
        let mut r = Reading {
            threshold: 1.0,
            ..Reading::default()
        };
        let mut at = 0;
        for line in text.split_inclusive('\n') {
            let start = at;
            at += line.len();
            let l = line.trim_end_matches(['\n', '\r']);
            if l.trim().is_empty() || l.starts_with('#') {
                continue;
            }
            let bad = |msg: &str| (start..start + l.len(), msg.to_string());
            let mut cols = l.split('\t');
            let (Some(key), Some(value)) = (cols.next(), cols.next()) else {
                return Err(bad("a reading line is `words<TAB>weight[<TAB>negative]`"));
            };
            match cols.next() {
                None => {}
                Some("negative") => {
                    r.negative.insert(key.to_string());
                }
                Some(_) => return Err(bad("the third column, if any, is `negative`")),
            }
            let value: f32 = value
                .trim()
                .parse()
                .map_err(|_| bad("the weight is not a number"))?;
            if !value.is_finite() {
                return Err(bad("the weight is not a finite number"));
            }
            match key {
                "(bias)" => r.bias = value,
                "(threshold)" if (0.0..=1.0).contains(&value) => r.threshold = value,
                "(threshold)" => return Err(bad("the threshold is a probability, from 0 to 1")),
                _ if value != 0.0 => {
                    r.weights.insert(key.to_string(), value);
                }
                _ => {}
            }
        }
        Ok(r)
    }

    /// Whether `words` hold a word that evaluates.
    pub fn evaluates(&self, words: &[String]) -> bool {
        words.iter().any(|w| self.negative.contains(w))
    }

    /// The probability that `words` (one sentence's tokens, see [`tokens`])
    /// are heard as an attack, and the words and pairs that carried it,
    /// heaviest first.
    pub fn read(&self, words: &[String]) -> (f32, Vec<(String, f32)>) {
        let mut seen: Vec<String> = Vec::with_capacity(words.len() * 2);
        seen.extend(words.iter().cloned());
        seen.extend(words.windows(2).map(|w| format!("{} {}", w[0], w[1])));
        // Each word or pair counts once, however often it stands.
        seen.sort_unstable();
        seen.dedup();
        let mut sum = self.bias;
        let mut carried = Vec::new();
        for s in seen {
            if let Some(&w) = self.weights.get(&s) {
                sum += w;
                carried.push((s, w));
            }
        }
        carried.sort_by(|a, b| b.1.total_cmp(&a.1));
        (1.0 / (1.0 + (-sum).exp()), carried)
    }
}

/// The fit's tokens of `text` (see the module's documentation).
pub fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        let c = if c == '\u{2019}' { '\'' } else { c };
        if c.is_ascii_lowercase() || c == '\'' {
            word.push(c);
            continue;
        }
        if !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
        if c == '?' || c == '!' {
            out.push(c.to_string());
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// Adds a finding of `rule` for each sentence of this chunk that holds a
/// word that evaluates, reads as an attack, and holds none of `flags` (the
/// byte spans of the chunk's flags so far), unless it and the sentences on
/// either side of it, read together, lean civil: "A payment glitch charged
/// your card twice, and that should never have reached you." after "Thank
/// you for your patience, and I'm sorry for the silence." is an apology.
pub(crate) fn sentences(
    rule: usize,
    reading: &Reading,
    flags: &[(usize, usize)],
    draft: &str,
    f: &Folded,
    quotes: &Quotes,
    raw: &mut Vec<Raw>,
) {
    if reading.weights.is_empty() || f.tokens.is_empty() {
        return;
    }
    // Each sentence's byte span and its own words (quoted stretches left
    // out).
    let mut read: Vec<(usize, usize, Vec<String>)> = Vec::new();
    let mut start = 0;
    let n = f.tokens.len();
    while start < n {
        let mut end = start;
        while end < n && !f.is_boundary(end) {
            end += 1;
        }
        // The closing marks belong to the sentence ("?!").
        while end < n && f.is_boundary(end) {
            end += 1;
        }
        if let Some(first) = (start..end).find(|&i| f.tokens[i].kind == TokenKind::Word) {
            let a = f.tokens[first].byte_start as usize;
            let b = f.tokens[end - 1].byte_end as usize;
            read.push((a, b, own_words(draft, quotes, a..b)));
        }
        start = end;
    }
    for (k, (a, b, words)) in read.iter().enumerate() {
        if !reading.evaluates(words) || flags.iter().any(|&(s, e)| s < *b && e > *a) {
            continue;
        }
        let (p, _) = reading.read(words);
        if p < reading.threshold {
            continue;
        }
        let around: Vec<String> = read[k.saturating_sub(1)..(k + 2).min(read.len())]
            .iter()
            .flat_map(|s| s.2.iter().cloned())
            .collect();
        if around.len() > words.len() && reading.read(&around).0 < NEIGHBOURS_BAR {
            continue;
        }
        let mut r = Raw::new(rule, *a..*b);
        r.strength = p;
        raw.push(r);
    }
}

/// The fit's tokens of `draft[span]`, leaving out quoted stretches.
fn own_words(draft: &str, quotes: &Quotes, span: std::ops::Range<usize>) -> Vec<String> {
    let (a, b) = (span.start, span.end);
    let mut words = Vec::new();
    let mut at = a;
    for r in quotes.regions().iter().filter(|r| r.start < b && r.end > a) {
        if r.start > at {
            words.extend(tokens(&draft[at..r.start]));
        }
        at = at.max(r.end);
    }
    if at < b {
        words.extend(tokens(&draft[at..b]));
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_the_fits() {
        assert_eq!(
            tokens("You’re NOT welcome here?! Café-2"),
            ["you're", "not", "welcome", "here", "?", "!", "caf"]
        );
    }

    #[test]
    fn a_sentence_is_read_as_the_sum_of_its_words_and_pairs() {
        let r =
            Reading::parse("# c\n(bias)\t-1\n(threshold)\t0.5\nyou\t0.5\nyou people\t2\nthanks\t-1.5\nbias\t9\nlazy\t0\tnegative\n")
                .unwrap();
        let (p, carried) = r.read(&tokens("You people, you people!"));
        // bias −1, "you" once, "you people" once: 1.5.
        assert!((p - 1.0 / (1.0 + (-1.5f32).exp())).abs() < 1e-6, "{p}");
        assert_eq!(carried[0].0, "you people");
        assert!(r.read(&tokens("thanks")).0 < 0.5);
        assert!(r.evaluates(&tokens("so lazy")) && !r.evaluates(&tokens("you people")));
    }

    #[test]
    fn a_bad_line_is_an_error_at_its_place() {
        let (at, msg) = Reading::parse("(bias)\t0\nyou\tlots\n").unwrap_err();
        assert_eq!(at, 9..17, "{msg}");
        assert!(Reading::parse("(threshold)\t3\n").is_err());
        assert!(Reading::parse("you 1\n").is_err());
        assert!(Reading::parse("you\t1\tpositive\n").is_err());
    }

    /// The built-in weights read hostility in plain words and pass a civil
    /// reply.
    #[test]
    fn the_built_in_weights_read_plain_hostility() {
        let e = crate::packs::builtin_engine().unwrap();
        let r = &e.reading;
        assert!(
            r.read(&tokens("Nobody here wants you around, take the hint."))
                .0
                >= r.threshold
        );
        assert!(
            r.read(&tokens(
                "Thanks for the report, I'll look at the logs tomorrow."
            ))
            .0 < r.threshold
        );
    }
}
