//! Unfilled blanks: a sentence start inserted from the review carries
//! `___` where the author's own words go ("That sounds ___, especially
//! since ___."). Until the blank is filled the sentence is a template, not
//! something the author said, so a cue in it earns no credit.
//!
//! Pure functions on text and findings. Spans are half-open byte ranges.

use std::ops::Range;

use crate::sentence::{self, Ends};
use crate::types::{Finding, Kind};

/// The shortest run of underscores that counts as a blank (`__` is
/// Markdown emphasis, not a blank).
const MIN_RUN: usize = 3;
/// The longest: a longer run is a rule drawn across a line (a signature
/// or list footer separator), not a blank.
const MAX_RUN: usize = 9;

/// The byte spans of every blank (a run of three to nine `_`), in order.
pub fn blank_spans(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'_' {
            let start = i;
            while i < bytes.len() && bytes[i] == b'_' {
                i += 1;
            }
            if (MIN_RUN..=MAX_RUN).contains(&(i - start)) {
                out.push(start..i);
            }
        } else {
            i += 1;
        }
    }
    out
}

/// The byte spans of the sentences that hold a blank: from after the end
/// of the sentence before it to the end of its own (its closing `.`, `!`
/// or `?` included), in order and without overlaps. Any mark or line
/// break ends a sentence here ([`Ends::Marks`]): a template is short.
pub fn blank_sentences(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut out: Vec<Range<usize>> = Vec::new();
    for b in blank_spans(text) {
        let start = sentence::start_before(text, b.start, Ends::Marks);
        // The sentence runs to its first end mark after the blank, and
        // takes a run of marks with it ("___?!").
        let mut end = sentence::next_end(text, b.end, Ends::Marks).unwrap_or(bytes.len());
        while end < bytes.len() && matches!(bytes[end], b'.' | b'!' | b'?') {
            end += 1;
        }
        match out.last_mut() {
            Some(last) if start <= last.end => last.end = last.end.max(end),
            _ => out.push(start..end),
        }
    }
    out
}

/// Drops every cue that overlaps a sentence holding an unfilled blank.
/// Flags stay: a template can still escalate.
pub fn drop_cues_in_blank_sentences(text: &str, findings: &mut Vec<Finding>) {
    let sentences = blank_sentences(text);
    if sentences.is_empty() {
        return;
    }
    findings.retain(|f| {
        if f.kind != Kind::Cue {
            return true;
        }
        // The first sentence that ends after the finding starts.
        let n = sentences.partition_point(|s| s.end <= f.byte_start);
        sentences
            .get(n)
            .is_none_or(|s| s.start >= f.byte_end.max(f.byte_start + 1))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Dimension, Severity};

    fn cue(text: &str, word: &str) -> Finding {
        let start = text.find(word).expect("the word is in the text");
        finding(start..start + word.len(), Kind::Cue, text)
    }

    fn finding(span: Range<usize>, kind: Kind, text: &str) -> Finding {
        Finding {
            rule_id: "empathy.test".into(),
            dimension: Dimension::Empathy,
            kind,
            severity: Severity::Info,
            byte_start: span.start,
            byte_end: span.end,
            line: 1,
            column: 1,
            matched: text[span].into(),
            message: Default::default(),
            suggestions: Vec::new(),
            question: None,
            strength: 1.0,
            reads_as: None,
            reads_as_or: None,
        }
    }

    #[test]
    fn blanks_are_runs_of_three_or_more_underscores() {
        let t = "a ___ b __ c _____ d_e";
        assert_eq!(blank_spans(t), vec![2..5, 13..18]);
        assert_eq!(blank_spans(""), Vec::<Range<usize>>::new());
        assert_eq!(blank_spans("___"), vec![0..3]);
        // A rule across a line is no blank.
        assert_eq!(
            blank_spans("Thanks.\n______________\nAna"),
            Vec::<Range<usize>>::new()
        );
    }

    #[test]
    fn a_blank_sentence_runs_between_end_marks_and_keeps_its_own() {
        let t = "I hear you. That sounds ___, since ___. Thanks!";
        let s = blank_sentences(t);
        assert_eq!(s.len(), 1, "two blanks in one sentence are one span");
        assert_eq!(&t[s[0].clone()], " That sounds ___, since ___.");
        let t = "Could you tell me more about ___?!\nYes.";
        assert_eq!(
            &t[blank_sentences(t)[0].clone()],
            "Could you tell me more about ___?!"
        );
        let t = "no end mark ___ here";
        assert_eq!(blank_sentences(t), vec![0..t.len()]);
    }

    #[test]
    fn cues_in_a_sentence_with_a_blank_are_dropped_and_others_kept() {
        let t = "That sounds ___, I hear you. I hear you. Sorry about ___";
        let mut f = vec![
            cue(t, "That sounds"),
            cue(t, "I hear you"),
            finding(29..39, Kind::Cue, t),
            cue(t, "Sorry"),
        ];
        let flag = finding(0..4, Kind::Flag, t);
        f.push(flag.clone());
        drop_cues_in_blank_sentences(t, &mut f);
        let kept: Vec<_> = f.iter().map(|x| (x.byte_start, x.kind)).collect();
        // The cues in the sentences with a blank go; the second "I hear
        // you" (a sentence of its own) stays, and so do flags.
        assert_eq!(kept, vec![(29, Kind::Cue), (0, Kind::Flag)]);
    }

    #[test]
    fn a_filled_blank_earns_again() {
        let t = "That sounds frustrating, especially since it broke twice.";
        let mut f = vec![cue(t, "That sounds")];
        drop_cues_in_blank_sentences(t, &mut f);
        assert_eq!(f.len(), 1);
    }
}
