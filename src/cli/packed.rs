//! A long draft's findings held packed from the moment a piece of it is
//! read until the report is written (see `pieces`).
//!
//! A [`Finding`] is 112 bytes, and its suggestions, their words and its
//! longer matched words are allocations of their own, made among the far
//! more numerous short-lived values of the reading: held as they are, the
//! 60,000 findings of a 10 MB draft took 17 MiB, more than the draft. Packed,
//! a finding keeps what it shares with its rule (id, message, question) as
//! the rule's own shared texts, its positions in 32 bits, its matched words
//! as the draft's (they are the draft's words at its span), and the words
//! of all its suggestions in one string for the whole piece: 8 MiB, in a
//! few large allocations. A group of findings is made again, as the engine
//! made them, only to be written.
//!
//! Written by hand: a serialisation crate would copy each rule's id and
//! message into every finding, where here they are shared.

use std::ops::Range;

use tactful_engine::score::Found;
use tactful_engine::{
    ArcStr, CompactString, Dimension, Finding, Kind, Scope, Severity, Suggestion,
};

/// The findings of one text (a piece of a draft), packed, in order.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Packed {
    findings: Vec<Item>,
    edits: Vec<Edit>,
    /// The replacement and then the sentence of every suggestion, one
    /// after another.
    words: String,
    /// The matched words of the findings (by index) whose words are not the
    /// text's at their span: none the engine makes, but a finding is made
    /// again as it was, whatever it holds.
    own_words: Vec<(usize, CompactString)>,
}

/// A finding without its suggestions.
#[derive(Debug, Clone, PartialEq)]
struct Item {
    rule_id: ArcStr,
    message: ArcStr,
    question: Option<ArcStr>,
    reads_as: Option<ArcStr>,
    reads_as_or: Option<ArcStr>,
    byte_start: u32,
    byte_end: u32,
    line: u32,
    column: u32,
    strength: f32,
    /// Where its suggestions end in [`Packed::edits`]: they start where
    /// those of the finding before it end.
    edits_end: u32,
    dimension: Dimension,
    kind: Kind,
    severity: Severity,
}

/// A suggestion, its words in [`Packed::words`].
#[derive(Debug, Clone, PartialEq)]
struct Edit {
    /// Where its replacement starts in [`Packed::words`]; its sentence
    /// follows the replacement.
    words_start: usize,
    replacement_len: u32,
    sentence_len: u32,
    byte_start: u32,
    byte_end: u32,
    replaces: Scope,
}

/// A position or a length in a draft, or a count of its suggestions, in
/// 32 bits: drafts are read only up to 64 MiB (`input::MAX_INPUT`).
fn small(n: usize) -> u32 {
    u32::try_from(n).expect("a draft is at most 64 MiB")
}

impl Packed {
    /// Packs `findings`, found in `text`.
    pub fn new(text: &str, findings: &[Finding]) -> Packed {
        let mut packed = Packed {
            findings: Vec::with_capacity(findings.len()),
            edits: Vec::with_capacity(findings.iter().map(|f| f.suggestions.len()).sum()),
            words: String::with_capacity(
                findings
                    .iter()
                    .flat_map(|f| &f.suggestions)
                    .map(|s| s.replacement.len() + s.sentence.len())
                    .sum(),
            ),
            own_words: Vec::new(),
        };
        for (i, f) in findings.iter().enumerate() {
            if text.get(f.byte_start..f.byte_end) != Some(f.matched.as_str()) {
                packed.own_words.push((i, f.matched.clone()));
            }
            for s in &f.suggestions {
                packed.edits.push(Edit {
                    words_start: packed.words.len(),
                    replacement_len: small(s.replacement.len()),
                    sentence_len: small(s.sentence.len()),
                    byte_start: small(s.byte_start),
                    byte_end: small(s.byte_end),
                    replaces: s.replaces,
                });
                packed.words.push_str(&s.replacement);
                packed.words.push_str(&s.sentence);
            }
            packed.findings.push(Item {
                rule_id: f.rule_id.clone(),
                message: f.message.clone(),
                question: f.question.clone(),
                reads_as: f.reads_as.clone(),
                reads_as_or: f.reads_as_or.clone(),
                byte_start: small(f.byte_start),
                byte_end: small(f.byte_end),
                line: small(f.line),
                column: small(f.column),
                strength: f.strength,
                edits_end: small(packed.edits.len()),
                dimension: f.dimension,
                kind: f.kind,
                severity: f.severity,
            });
        }
        packed
    }

    /// How many findings there are.
    pub fn len(&self) -> usize {
        self.findings.len()
    }

    pub fn is_empty(&self) -> bool {
        self.findings.is_empty()
    }

    /// What scoring reads of each finding.
    pub fn found(&self) -> impl Iterator<Item = Found<'_>> {
        self.findings.iter().map(|f| Found {
            rule_id: &f.rule_id,
            dimension: f.dimension,
            kind: f.kind,
            severity: f.severity,
            strength: f.strength,
        })
    }

    /// Whether any finding is a cue.
    pub fn any_cue(&self) -> bool {
        self.findings.iter().any(|f| f.kind == Kind::Cue)
    }

    /// The findings `range` of the kinds `keep` takes, made again as the
    /// engine made them, their text being `text`, which starts at byte `at`
    /// and on line `first_line` of `draft`: their positions are counted in
    /// `draft`.
    pub fn unpack(
        &self,
        range: Range<usize>,
        draft: &str,
        at: usize,
        first_line: usize,
        keep: impl Fn(Kind) -> bool,
    ) -> Vec<Finding> {
        range
            .filter(|&i| keep(self.findings[i].kind))
            .map(|i| {
                let f = &self.findings[i];
                let edits_start = match i {
                    0 => 0,
                    _ => self.findings[i - 1].edits_end as usize,
                };
                let suggestions = self.edits[edits_start..f.edits_end as usize]
                    .iter()
                    .map(|e| {
                        let replacement_end = e.words_start + e.replacement_len as usize;
                        let sentence_end = replacement_end + e.sentence_len as usize;
                        Suggestion {
                            replacement: self.words[e.words_start..replacement_end].to_string(),
                            replaces: e.replaces,
                            byte_start: e.byte_start as usize + at,
                            byte_end: e.byte_end as usize + at,
                            sentence: self.words[replacement_end..sentence_end].to_string(),
                        }
                    })
                    .collect();
                let (start, end) = (f.byte_start as usize + at, f.byte_end as usize + at);
                let matched = match self.own_words.binary_search_by_key(&i, |(k, _)| *k) {
                    Ok(k) => self.own_words[k].1.clone(),
                    Err(_) => draft[start..end].into(),
                };
                Finding {
                    rule_id: f.rule_id.clone(),
                    dimension: f.dimension,
                    kind: f.kind,
                    severity: f.severity,
                    byte_start: start,
                    byte_end: end,
                    line: f.line as usize + first_line - 1,
                    column: f.column as usize,
                    matched,
                    message: f.message.clone(),
                    suggestions,
                    question: f.question.clone(),
                    strength: f.strength,
                    reads_as: f.reads_as.clone(),
                    reads_as_or: f.reads_as_or.clone(),
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn findings_unpack_as_they_were_packed_placed_in_the_draft() {
        let engine = crate::prompts::builtin_engine().expect("built-in packs");
        let text = "You always ignore this. Obviously nobody tested it!!\n\n\
                    I understand, but you clearly didn't read the docs, idiot.\n\
                    Thanks for the report; could you tell me more?\n";
        let found = engine
            .analyze(text, &tactful_engine::Context::default())
            .findings;
        assert!(found.iter().any(|f| f.suggestions.len() > 1), "{found:?}");
        assert!(found.iter().any(|f| f.question.is_some()), "{found:?}");
        let packed = Packed::new(text, &found);
        assert_eq!(packed.len(), found.len());
        assert_eq!(packed.unpack(0..found.len(), text, 0, 1, |_| true), found);
        assert_eq!(packed.unpack(2..4, text, 0, 1, |_| true), found[2..4]);
        // Placed after 5 bytes and 2 lines of a longer draft.
        let draft = format!("Hi\n\n\n{text}");
        let placed = packed.unpack(0..found.len(), &draft, 5, 3, |_| true);
        for (p, f) in placed.iter().zip(&found) {
            assert_eq!((p.byte_start, p.line), (f.byte_start + 5, f.line + 2));
            assert_eq!(p.matched, f.matched);
            assert_eq!(&draft[p.byte_start..p.byte_end], p.matched);
            let edits = p.suggestions.iter().zip(&f.suggestions);
            assert!(
                edits
                    .into_iter()
                    .all(|(a, b)| a.byte_start == b.byte_start + 5)
            );
        }
        // Words that are not the text's at the span are kept as they are.
        let mut odd = found.clone();
        odd[1].matched = "not these words".into();
        assert_eq!(
            Packed::new(text, &odd).unpack(0..odd.len(), text, 0, 1, |_| true),
            odd
        );
        let scored: Vec<Found> = packed.found().collect();
        assert_eq!(scored, found.iter().map(Found::from).collect::<Vec<_>>());
    }
}
