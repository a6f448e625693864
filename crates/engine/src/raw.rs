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
    pub reads_as: Option<crate::reads_as::Named>,
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

#[cfg(test)]
mod tests {
    /// A long draft holds hundreds of thousands of findings: naming the
    /// kinds a stretch is heard as must not make each one bigger.
    #[test]
    fn a_finding_stays_small() {
        assert_eq!(std::mem::size_of::<Option<crate::reads_as::Named>>(), 2);
        assert!(std::mem::size_of::<super::Raw>() <= 56);
    }
}
