//! What a stretch marked by the fitted reading is heard as doing: sarcasm,
//! condescension, contempt, dismissal, a verdict on the reader's character,
//! contempt for their group, exclusion, blame, bad faith or a veiled threat.
//!
//! [`crate::reading`] decides that a sentence reads as an attack; this names
//! what kind of attack, so that its flag can say what the words do ("heard
//! as sarcasm") instead of only that they attack. Each kind's score is its
//! bias plus the weights the stretch's words and pairs carry for it (each
//! counted once), and its probability the softmax of the scores: a
//! multinomial logistic model fitted by `scripts/fit_reads_as.py` on the
//! hostile development replies, each labelled with its kind, and written to
//! `prompts/lexicon/reads-as.tsv`. The most probable kind is named from the
//! table's `(least)` probability. Below it, where the two most probable
//! kinds reach the table's `(either)` probability together, both are named
//! ("heard as contempt, or as talking down to them"); below that the
//! reading's own message stays.
//!
//! The words are the reading's ([`Words`]); the table is kept as the
//! reading's is, sorted words in one run of bytes looked up by binary
//! search, so that an engine read from the binary's image reads it in
//! place.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::raw::Named;
use crate::reading::{SortedWords, Words};
use crate::serial::packed::Table;

/// A bad line: its byte range and what is wrong with it.
type Bad = (Range<usize>, String);

/// At most this many kinds: a kind is a byte in a finding.
const MOST_KINDS: usize = 32;

/// The fitted weights: the kinds' names and biases, and for each word or
/// pair the kinds it moves with their weights.
#[derive(Default, Serialize, Deserialize)]
pub struct ReadsAs {
    kinds: Vec<String>,
    bias: Vec<f32>,
    /// The probability from which the most probable kind is named.
    least: f32,
    /// The probability the two most probable kinds reach together, below
    /// `least`, from which both are named.
    either: f32,
    keys: SortedWords,
    /// Where each entry's cells start in `cells`, and where the last ends.
    first_cell: Table<u32>,
    /// (kind, weight as the bits of an `f32`).
    cells: Table<(u32, u32)>,
}

impl std::fmt::Debug for ReadsAs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReadsAs")
            .field("kinds", &self.kinds)
            .field("least", &self.least)
            .field("either", &self.either)
            .field("entries", &self.len())
            .finish()
    }
}

impl ReadsAs {
    /// Reads a table of `words<TAB>kind:weight kind:weight …` lines with `#`
    /// comments, after a `(kinds)` line naming the kinds (separated by
    /// spaces), a `(bias)` line of `kind:bias` cells, a `(least)` line
    /// with the probability from which a kind is named and an optional
    /// `(either)` line with the probability from which the two most
    /// probable kinds are named together. A bad line is an error with its
    /// byte range in `text`.
    pub fn parse(text: &str) -> Result<ReadsAs, (Range<usize>, String)> {
        let mut kinds: Vec<String> = Vec::new();
        let mut bias = Vec::new();
        let mut least = None;
        let mut either = None;
        let mut entries: Vec<(&str, Vec<(u32, u32)>)> = Vec::new();
        let mut at = 0;
        for line in text.split_inclusive('\n') {
            let start = at;
            at += line.len();
            let l = line.trim_end_matches(['\n', '\r']);
            if l.trim().is_empty() || l.starts_with('#') {
                continue;
            }
            let bad = |msg: String| (start..start + l.len(), msg);
            let Some((key, value)) = l.split_once('\t') else {
                return Err(bad(
                    "a line is `words<TAB>kind:weight kind:weight …`".to_string()
                ));
            };
            let cells = |value: &str| -> Result<Vec<(u32, f32)>, Bad> {
                value
                    .split_whitespace()
                    .map(|cell| {
                        let (kind, w) = cell
                            .split_once(':')
                            .ok_or_else(|| bad(format!("\"{cell}\" is not `kind:weight`")))?;
                        let k = kinds.iter().position(|n| n == kind).ok_or_else(|| {
                            bad(format!("\"{kind}\" is not one of the `(kinds)` line's"))
                        })?;
                        let w: f32 = w
                            .parse()
                            .ok()
                            .filter(|w: &f32| w.is_finite())
                            .ok_or_else(|| bad(format!("\"{w}\" is not a finite number")))?;
                        Ok((k as u32, w))
                    })
                    .collect()
            };
            match key {
                "(kinds)" => {
                    kinds = value.split_whitespace().map(str::to_string).collect();
                    let mut sorted = kinds.clone();
                    sorted.sort();
                    sorted.dedup();
                    if kinds.is_empty() || sorted.len() != kinds.len() || kinds.len() > MOST_KINDS {
                        return Err(bad(format!(
                            "`(kinds)` names from 1 to {MOST_KINDS} kinds, each once"
                        )));
                    }
                    bias = vec![0.0; kinds.len()];
                }
                _ if kinds.is_empty() => {
                    return Err(bad("the `(kinds)` line comes first".to_string()));
                }
                "(bias)" => {
                    for (k, w) in cells(value)? {
                        bias[k as usize] = w;
                    }
                }
                "(least)" | "(either)" => {
                    let p = value
                        .trim()
                        .parse::<f32>()
                        .ok()
                        .filter(|p| (0.0..=1.0).contains(p))
                        .ok_or_else(|| bad(format!("`{key}` is a probability, from 0 to 1")))?;
                    *(if key == "(least)" {
                        &mut least
                    } else {
                        &mut either
                    }) = Some(p);
                }
                _ => {
                    let c = cells(value)?;
                    entries.push((key, c.into_iter().map(|(k, w)| (k, w.to_bits())).collect()));
                }
            }
        }
        if kinds.is_empty() && !entries.is_empty() {
            return Err((0..0, "the table has no `(kinds)` line".to_string()));
        }
        entries.sort_by(|a, b| a.0.cmp(b.0));
        entries.dedup_by(|a, b| a.0 == b.0);
        let (mut first_cell, mut cells) = (Vec::new(), Vec::new());
        for (_, c) in &entries {
            first_cell.push(cells.len() as u32);
            cells.extend_from_slice(c);
        }
        first_cell.push(cells.len() as u32);
        Ok(ReadsAs {
            kinds,
            bias,
            least: least.unwrap_or(1.0),
            // Without the line, two kinds are never named together.
            either: either.unwrap_or(f32::INFINITY),
            keys: SortedWords::new(entries.iter().map(|e| e.0)),
            first_cell: Table::new(&first_cell),
            cells: Table::new(&cells),
        })
    }

    fn len(&self) -> usize {
        self.first_cell.len().saturating_sub(1)
    }

    /// The kinds, in the table's order.
    pub fn kinds(&self) -> &[String] {
        &self.kinds
    }

    /// Builds the hash index of the words and pairs when `bytes` of text
    /// are to be read (see [`crate::reading::Reading::index_for`]).
    pub(crate) fn index_for(&self, bytes: usize) {
        self.keys.index_for(bytes);
    }

    /// The name of kind `k`.
    pub fn kind(&self, k: u8) -> Option<&str> {
        self.kinds.get(k as usize).map(String::as_str)
    }

    /// Each kind's probability for the tokens `range` of `words`, in the
    /// table's order (empty when the table is).
    pub fn probabilities(&self, words: &Words, range: Range<usize>) -> Vec<f32> {
        if self.kinds.is_empty() {
            return Vec::new();
        }
        let mut found: Vec<usize> = Vec::new();
        for i in range.clone() {
            found.extend(self.keys.find(words.get(i).as_bytes()));
            if i > range.start {
                found.extend(self.keys.find(words.pair(i - 1).as_bytes()));
            }
        }
        // Each word and pair counts once, as in the fit.
        found.sort_unstable();
        found.dedup();
        let mut score = self.bias.clone();
        for e in found {
            let cells = self.cells.range(
                self.first_cell.get(e) as usize,
                self.first_cell.get(e + 1) as usize,
            );
            for (k, w) in cells {
                score[k as usize] += f32::from_bits(w);
            }
        }
        let top = score.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        let exp: Vec<f32> = score.iter().map(|s| (s - top).exp()).collect();
        let sum: f32 = exp.iter().sum();
        exp.into_iter().map(|e| e / sum).collect()
    }

    /// What the tokens `range` of `words` are most probably heard as: the
    /// most probable kind if it reaches `(least)`, or the two most probable
    /// if together they reach `(either)`.
    pub fn name(&self, words: &Words, range: Range<usize>) -> Option<Named> {
        self.named(&self.probabilities(words, range))
    }

    /// What the kinds' probabilities `p` name (see [`ReadsAs::name`]).
    fn named(&self, p: &[f32]) -> Option<Named> {
        let mut first: Option<(usize, f32)> = None;
        let mut second: Option<(usize, f32)> = None;
        for (k, &q) in p.iter().enumerate() {
            if first.is_none_or(|(_, b)| q > b) {
                second = first;
                first = Some((k, q));
            } else if second.is_none_or(|(_, b)| q > b) {
                second = Some((k, q));
            }
        }
        let (k, best) = first?;
        if best >= self.least {
            return Some(Named::new(k as u8, None));
        }
        let (k2, next) = second?;
        (best + next >= self.either).then(|| Named::new(k as u8, Some(k2 as u8)))
    }

    /// What `text`, read as one stretch, is most probably heard as (one
    /// kind, or two), and each kind's probability.
    pub fn read(&self, text: &str) -> (Vec<&str>, Vec<(&str, f32)>) {
        let mut words = Words::default();
        words.push_text(text);
        let p = self.probabilities(&words, 0..words.len());
        let named = self.named(&p).map_or_else(Vec::new, |n| {
            std::iter::once(n.kind())
                .chain(n.or())
                .filter_map(|k| self.kind(k))
                .collect()
        });
        (
            named,
            self.kinds.iter().map(String::as_str).zip(p).collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &str = "# test\n(kinds)\tsarcasm threat\n(bias)\tsarcasm:0.5 threat:-0.5\n(least)\t0.6\nlovely\tsarcasm:2.0\nor else\tthreat:3.0 sarcasm:-1.0\n";

    #[test]
    fn the_words_and_pairs_name_the_kind() {
        let t = ReadsAs::parse(TABLE).unwrap();
        assert_eq!(t.read("Lovely, the build is red again.").0, ["sarcasm"]);
        assert_eq!(t.read("Fix it by Friday, or else.").0, ["threat"]);
        // Each word counts once, as in the fit.
        let (_, once) = t.read("or else");
        let (_, twice) = t.read("or else, or else");
        assert_eq!(once, twice);
    }

    /// The hash index for long texts gives what the binary search gives.
    #[test]
    fn the_index_finds_what_the_search_finds() {
        let t = ReadsAs::parse(TABLE).unwrap();
        let texts = [
            "Lovely, the build is red again.",
            "Not a word of the table",
            "",
        ];
        let searched: Vec<_> = texts.iter().map(|x| t.read(x)).collect();
        t.index_for(crate::reading::LONG_TEXT);
        let hashed: Vec<_> = texts.iter().map(|x| t.read(x)).collect();
        assert_eq!(searched, hashed);
        assert_eq!(searched[0].0, ["sarcasm"]);
    }

    #[test]
    fn no_kind_is_named_below_the_least_probability() {
        let t = ReadsAs::parse(TABLE).unwrap();
        // sigmoid(1.0) = 0.73 for sarcasm on the biases alone; with the
        // bar at 0.8 nothing is named.
        let high = TABLE.replace("(least)\t0.6", "(least)\t0.8");
        let t_high = ReadsAs::parse(&high).unwrap();
        assert_eq!(t.read("The build is red.").0, ["sarcasm"]);
        assert!(t_high.read("The build is red.").0.is_empty());
    }

    /// Below `(least)`, the two most probable kinds are named together
    /// when they reach `(either)`; never when they do not.
    #[test]
    fn two_kinds_are_named_together_when_neither_is_sure() {
        let three = "(kinds)\tsarcasm threat blame\n(bias)\tsarcasm:1 threat:0.5 blame:0\n\
                     (least)\t0.6\n(either)\t0.7\n";
        // Softmax of (1, 0.5, 0): 0.51, 0.31, 0.19; the two reach 0.81.
        let t = ReadsAs::parse(three).unwrap();
        assert_eq!(t.read("The build is red.").0, ["sarcasm", "threat"]);
        let t = ReadsAs::parse(&three.replace("(either)\t0.7", "(either)\t0.9")).unwrap();
        assert!(t.read("The build is red.").0.is_empty());
        // Without the line only one kind is ever named.
        let t = ReadsAs::parse(&three.replace("(either)\t0.7\n", "")).unwrap();
        assert!(t.read("The build is red.").0.is_empty());
    }

    #[test]
    fn a_bad_line_is_an_error_at_its_place() {
        let bad = TABLE.replace("lovely\tsarcasm:2.0", "lovely\tirony:2.0");
        let (at, msg) = ReadsAs::parse(&bad).unwrap_err();
        assert_eq!(&bad[at], "lovely\tirony:2.0");
        assert!(msg.contains("\"irony\""), "{msg}");
        let (_, msg) = ReadsAs::parse("lovely\tsarcasm:1\n").unwrap_err();
        assert!(msg.contains("`(kinds)`"), "{msg}");
        let (_, msg) = ReadsAs::parse("(kinds)\ta\n(least)\t2\n").unwrap_err();
        assert!(msg.contains("probability"), "{msg}");
        let (_, msg) = ReadsAs::parse("(kinds)\ta\n(either)\t-1\n").unwrap_err();
        assert!(msg.contains("`(either)`"), "{msg}");
    }

    #[test]
    fn the_built_in_table_reads() {
        let t = ReadsAs::parse(crate::packs::embedded::READS_AS).unwrap();
        assert_eq!(t.kinds().len(), 10);
        assert!(t.len() > 1000);
    }
}
