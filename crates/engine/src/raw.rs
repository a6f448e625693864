//! A finding as the readers of a draft first record it: a rule and a
//! byte span, before it has a line, a column, words and suggestions.

use std::ops::Range;

/// A finding before it has a line, column and text.
#[derive(Debug, Clone)]
pub(crate) struct Raw {
    pub rule: usize,
    pub span: Range<usize>,
    /// What the pattern's captures took: (capture number, byte range), and
    /// the pattern they belong to.
    pub captures: Vec<(u8, Range<usize>)>,
    pub pattern: u16,
    /// How strongly the finding counts, from 0 to 1 (tone findings count
    /// by how far their sentence leans).
    pub strength: f32,
    /// For a stretch the fitted reading marks, the kind of attack it is
    /// heard as (see `reads_as`), if one is named (or two, when neither
    /// alone is sure).
    pub reads_as: Option<Named>,
}

impl Raw {
    pub(crate) fn new(rule: usize, span: Range<usize>) -> Raw {
        Raw {
            rule,
            span,
            captures: Vec::new(),
            pattern: 0,
            strength: 1.0,
            reads_as: None,
        }
    }
}

/// What a stretch marked by the fitted reading is named as (see
/// `reads_as`): its most probable kind, and the second when
/// the first alone is not sure enough (kinds are numbered in the table's
/// order). Two bytes, each kind plus one, so that a finding that may carry
/// one stays as small as one that carries a single kind: a long draft
/// holds hundreds of thousands of findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Named(std::num::NonZeroU16);

impl Named {
    pub fn new(kind: u8, or: Option<u8>) -> Named {
        let low = u16::from(kind) + 1;
        let high = or.map_or(0, |o| u16::from(o) + 1);
        // A kind is below the table's 32, so `low` is never 0 and each
        // fits a byte.
        Named(std::num::NonZeroU16::new(low | (high << 8)).unwrap_or(std::num::NonZeroU16::MIN))
    }

    /// The most probable kind.
    pub fn kind(self) -> u8 {
        (self.0.get() & 0xFF) as u8 - 1
    }

    /// The second kind, when both are named.
    pub fn or(self) -> Option<u8> {
        let high = self.0.get() >> 8;
        (high > 0).then(|| high as u8 - 1)
    }
}

#[cfg(test)]
mod tests {
    /// A long draft holds hundreds of thousands of findings: naming the
    /// kinds a stretch is heard as must not make each one bigger.
    #[test]
    fn a_finding_stays_small() {
        assert_eq!(std::mem::size_of::<Option<super::Named>>(), 2);
        assert!(std::mem::size_of::<super::Raw>() <= 56);
    }
}
