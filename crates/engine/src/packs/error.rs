//! Located errors for prompt packs: `file:line:col`, what is wrong, and the
//! offending line with a caret under the spot.

use std::fmt;

/// 1-based line and character column of byte `offset` in `source`.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    crate::text::LineIndex::new(source).locate(offset)
}

/// One problem in one pack file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackError {
    pub file: String,
    /// 1-based line, 0 when the problem has no position.
    pub line: usize,
    /// 1-based column in characters, 0 when the problem has no position.
    pub column: usize,
    pub message: String,
    /// The offending source line with a caret line under it (may be empty).
    pub excerpt: String,
}

impl PackError {
    /// An error at byte range `span` of `source`.
    pub fn at(file: &str, source: &str, span: std::ops::Range<usize>, message: String) -> Self {
        let start = span.start.min(source.len());
        let mut start_ok = start;
        while !source.is_char_boundary(start_ok) {
            start_ok -= 1;
        }
        let line_start = source[..start_ok].rfind('\n').map_or(0, |p| p + 1);
        let line_end = source[start_ok..]
            .find('\n')
            .map_or(source.len(), |p| start_ok + p);
        let line = source[..start_ok].matches('\n').count() + 1;
        let column = source[line_start..start_ok].chars().count() + 1;
        let text = source[line_start..line_end].trim_end_matches('\r');
        let width = span
            .end
            .min(line_end)
            .saturating_sub(start_ok)
            .max(1)
            .min(text.len().saturating_sub(start_ok - line_start).max(1));
        let width = source
            .get(start_ok..start_ok + width)
            .map_or(1, |s| s.chars().count().max(1));
        let gutter = line.to_string().len();
        let excerpt = format!(
            "{:gutter$} |\n{line} | {text}\n{:gutter$} | {}{}",
            "",
            "",
            " ".repeat(column - 1),
            "^".repeat(width),
        );
        PackError {
            file: file.to_string(),
            line,
            column,
            message,
            excerpt,
        }
    }

    /// An error about a whole file.
    pub fn file(file: &str, message: String) -> Self {
        PackError {
            file: file.to_string(),
            line: 0,
            column: 0,
            message,
            excerpt: String::new(),
        }
    }
}

impl fmt::Display for PackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(
                f,
                "{}:{}:{}: {}",
                self.file, self.line, self.column, self.message
            )?;
        } else {
            write!(f, "{}: {}", self.file, self.message)?;
        }
        if !self.excerpt.is_empty() {
            write!(f, "\n{}", self.excerpt)?;
        }
        Ok(())
    }
}

/// Every problem found while loading packs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackErrors(pub Vec<PackError>);

impl fmt::Display for PackErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        if self.0.len() > 1 {
            write!(f, "\n{} problems in prompt packs", self.0.len())?;
        }
        Ok(())
    }
}

impl std::error::Error for PackErrors {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_at_the_spot() {
        let src = "[pack]\nid = 3\n";
        let e = PackError::at("x.toml", src, 12..13, "expected a string".into());
        assert_eq!(
            e.to_string(),
            "x.toml:2:6: expected a string\n  |\n2 | id = 3\n  |      ^"
        );
    }
}
