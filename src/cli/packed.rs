//! A long draft's findings held packed from the moment a piece of it is
//! read until the report is written (see `pieces`).
//!
//! A [`Finding`] is 112 bytes, and its suggestions, their words and its
//! longer matched words are allocations of their own, made among the far
//! more numerous short-lived values of the reading: held as they are, the
//! 60,000 findings of a 10 MB draft took 17 MiB, more than the draft. Packed,
//! a finding keeps what it shares with its rule (id, message, question, the
//! kinds it is heard as) as a number among the piece's distinct sets of
//! those texts (a few hundred for tens of thousands of findings; each held
//! as five shared texts of its own, findings took 40 bytes more each, 2.3
//! MiB at 10 MB), its positions in 32 bits, its matched words as the
//! draft's (they are the draft's words at its span), and the words of all
//! its suggestions in one string for the whole piece, where a suggestion's
//! sentence, which is most often the draft's sentence with the replacement
//! in place of what it replaces, is kept as how much of the draft comes
//! before the replacement and after it (2.6 of the 2.8 MB of sentences at
//! 10 MB): about 3.5 MiB in all, in a few large allocations. A group of findings is made again, as the engine made
//! them, only to be written.
//!
//! Written by hand: a serialisation crate would copy each rule's id and
//! message into every finding, where here they are shared.

use std::collections::HashMap;
use std::ops::Range;

use tactful_engine::score::Found;
use tactful_engine::{
    ArcStr, CompactString, Dimension, Finding, Kind, Scope, Severity, Suggestion,
};

/// The findings of one text (a piece of a draft), packed, in order.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Packed {
    findings: Vec<Item>,
    /// The distinct texts the findings share with their rules, each once.
    said: Vec<Said>,
    edits: Vec<Edit>,
    /// The replacement and then the sentence of every suggestion, one
    /// after another.
    words: String,
    /// The matched words of the findings (by index) whose words are not the
    /// text's at their span: none the engine makes, but a finding is made
    /// again as it was, whatever it holds.
    own_words: Vec<(usize, CompactString)>,
}

/// What a finding says that it shares with its rule and with the findings
/// of the same rule and kind.
#[derive(Debug, Clone, PartialEq)]
struct Said {
    rule_id: ArcStr,
    message: ArcStr,
    question: Option<ArcStr>,
    reads_as: Option<ArcStr>,
    reads_as_or: Option<ArcStr>,
}

impl Said {
    /// Which texts these are, by where they are held: findings share their
    /// rule's texts, so equal texts are almost always the same texts, and
    /// comparing where they are is cheaper than reading them. (Two copies
    /// of one text are two entries, which costs a little room, never a
    /// wrong word.)
    fn key(&self) -> [(usize, usize); 5] {
        let at = |s: Option<&ArcStr>| s.map_or((0, 0), |s| (s.as_ptr() as usize, s.len()));
        [
            at(Some(&self.rule_id)),
            at(Some(&self.message)),
            at(self.question.as_ref()),
            at(self.reads_as.as_ref()),
            at(self.reads_as_or.as_ref()),
        ]
    }
}

/// A finding without its suggestions.
#[derive(Debug, Clone, PartialEq)]
struct Item {
    /// Its entry in [`Packed::said`].
    said: u32,
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
    /// follows the replacement, unless it is the text's own around it.
    words_start: usize,
    replacement_len: u32,
    sentence_len: u32,
    /// The bytes of the text its sentence has before the replacement, when
    /// the rest of the sentence is the text's own on either side of what it
    /// replaces (see [`spliced`]); [`IN_WORDS`] when the sentence is kept in
    /// [`Packed::words`].
    before: u32,
    byte_start: u32,
    byte_end: u32,
    replaces: Scope,
}

/// A position or a length in a draft, or a count of its suggestions, in
/// 32 bits: drafts are read only up to 64 MiB (`input::MAX_INPUT`).
fn small(n: usize) -> u32 {
    u32::try_from(n).expect("a draft is at most 64 MiB")
}

/// [`Edit::before`] of a sentence kept as words.
const IN_WORDS: u32 = u32::MAX;

/// Where the replacement of `s` is tried in its sentence, at most: each try
/// compares the sentence once, and a replacement found in more places than
/// this (an empty one is found everywhere) is kept as words.
const TRIES: usize = 4;

/// How many bytes of `text` before the replacement of `s` its sentence
/// holds, when the sentence is the text's bytes just before what it
/// replaces, the replacement, and the text's bytes just after: the sentence
/// is then made again from the text.
fn spliced(text: &str, s: &Suggestion) -> Option<u32> {
    let (sentence, replacement) = (s.sentence.as_bytes(), s.replacement.as_bytes());
    let text = text.as_bytes();
    let fits = |k: usize| {
        let rest = sentence.len() - k - replacement.len();
        k <= s.byte_start
            && s.byte_end + rest <= text.len()
            && sentence[..k] == text[s.byte_start - k..s.byte_start]
            && sentence[k + replacement.len()..] == text[s.byte_end..s.byte_end + rest]
    };
    let mut k = 0;
    for _ in 0..TRIES {
        let at = k + memchr::memmem::find(sentence.get(k..)?, replacement)?;
        if fits(at) {
            return Some(small(at));
        }
        k = at + 1;
    }
    None
}

impl Packed {
    /// Packs `findings`, found in `text`.
    pub fn new(text: &str, findings: &[Finding]) -> Packed {
        let mut packed = Packed {
            findings: Vec::with_capacity(findings.len()),
            said: Vec::new(),
            edits: Vec::new(),
            words: String::new(),
            own_words: Vec::new(),
        };
        let befores: Vec<Option<u32>> = findings
            .iter()
            .flat_map(|f| &f.suggestions)
            .map(|s| spliced(text, s))
            .collect();
        packed.edits.reserve_exact(befores.len());
        packed.words.reserve_exact(
            findings
                .iter()
                .flat_map(|f| &f.suggestions)
                .zip(&befores)
                .map(|(s, b)| s.replacement.len() + b.map_or(s.sentence.len(), |_| 0))
                .sum(),
        );
        let mut befores = befores.into_iter();
        let mut known: HashMap<[(usize, usize); 5], u32> = HashMap::new();
        for (i, f) in findings.iter().enumerate() {
            if text.get(f.byte_start..f.byte_end) != Some(f.matched.as_str()) {
                packed.own_words.push((i, f.matched.clone()));
            }
            for (s, before) in f.suggestions.iter().zip(befores.by_ref()) {
                packed.edits.push(Edit {
                    words_start: packed.words.len(),
                    replacement_len: small(s.replacement.len()),
                    sentence_len: small(s.sentence.len()),
                    before: before.unwrap_or(IN_WORDS),
                    byte_start: small(s.byte_start),
                    byte_end: small(s.byte_end),
                    replaces: s.replaces,
                });
                packed.words.push_str(&s.replacement);
                if before.is_none() {
                    packed.words.push_str(&s.sentence);
                }
            }
            let said = Said {
                rule_id: f.rule_id.clone(),
                message: f.message.clone(),
                question: f.question.clone(),
                reads_as: f.reads_as.clone(),
                reads_as_or: f.reads_as_or.clone(),
            };
            let said = *known.entry(said.key()).or_insert_with(|| {
                packed.said.push(said);
                small(packed.said.len() - 1)
            });
            packed.findings.push(Item {
                said,
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
            rule_id: &self.said[f.said as usize].rule_id,
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
                        let replacement = &self.words[e.words_start..replacement_end];
                        let (start, end) = (e.byte_start as usize + at, e.byte_end as usize + at);
                        let sentence = if e.before == IN_WORDS {
                            let sentence_end = replacement_end + e.sentence_len as usize;
                            self.words[replacement_end..sentence_end].to_string()
                        } else {
                            let before = e.before as usize;
                            let after = e.sentence_len as usize - before - replacement.len();
                            let mut sentence = String::with_capacity(e.sentence_len as usize);
                            sentence.push_str(&draft[start - before..start]);
                            sentence.push_str(replacement);
                            sentence.push_str(&draft[end..end + after]);
                            sentence
                        };
                        Suggestion {
                            replacement: replacement.to_string(),
                            replaces: e.replaces,
                            byte_start: start,
                            byte_end: end,
                            sentence,
                        }
                    })
                    .collect();
                let (start, end) = (f.byte_start as usize + at, f.byte_end as usize + at);
                let matched = match self.own_words.binary_search_by_key(&i, |(k, _)| *k) {
                    Ok(k) => self.own_words[k].1.clone(),
                    Err(_) => draft[start..end].into(),
                };
                let said = &self.said[f.said as usize];
                Finding {
                    rule_id: said.rule_id.clone(),
                    dimension: f.dimension,
                    kind: f.kind,
                    severity: f.severity,
                    byte_start: start,
                    byte_end: end,
                    line: f.line as usize + first_line - 1,
                    column: f.column as usize,
                    matched,
                    message: said.message.clone(),
                    suggestions,
                    question: said.question.clone(),
                    strength: f.strength,
                    reads_as: said.reads_as.clone(),
                    reads_as_or: said.reads_as_or.clone(),
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
        // A sentence that is the text's own around its replacement is made
        // again from the text; any other is kept as it is.
        assert!(packed.edits.iter().any(|e| e.before != IN_WORDS));
        let (f, s) = odd
            .iter()
            .enumerate()
            .find_map(|(f, x)| {
                Some((
                    f,
                    x.suggestions.iter().position(|s| !s.sentence.is_empty())?,
                ))
            })
            .expect("a suggestion with a sentence");
        odd[f].suggestions[s].sentence = format!("Other words. {}", odd[f].suggestions[s].sentence);
        assert_eq!(
            Packed::new(text, &odd).unpack(0..odd.len(), text, 0, 1, |_| true),
            odd
        );
        let scored: Vec<Found> = packed.found().collect();
        assert_eq!(scored, found.iter().map(Found::from).collect::<Vec<_>>());
    }
}
