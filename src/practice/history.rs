//! The local history of attempts: one JSON line per attempt in
//! `$XDG_DATA_HOME/tactful/history.jsonl` (usually
//! `~/.local/share/tactful/history.jsonl`).
//!
//! Writing appends one whole line with a single write and syncs it, so a
//! crash can at worst leave a torn last line; reading skips such a line
//! (and any other line it cannot read) and says how many it skipped. The
//! summaries (progress per dimension, what has been passed) are plain
//! functions of the attempts.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::attempt::Attempt;
use super::exercise::Exercises;
use super::goals::ScoreName;

/// The file name of the history in the data directory.
pub const FILE: &str = "history.jsonl";

/// The history file in the data directory.
pub fn default_path() -> anyhow::Result<PathBuf> {
    Ok(crate::files::dir(crate::files::Base::Data)?.join(FILE))
}

/// Appends an attempt to the history at `path`.
pub fn append(path: &Path, attempt: &Attempt) -> anyhow::Result<()> {
    crate::files::append_line(path, &attempt.to_json_line())
}

/// A line of the history that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadLine {
    /// 1-based line number.
    pub line: usize,
    pub reason: String,
    /// The last line, without a newline: a write cut short by a crash.
    pub torn: bool,
}

/// The history as read.
#[derive(Debug, Clone, Default)]
pub struct History {
    /// Attempts in the order they were written.
    pub attempts: Vec<Attempt>,
    pub bad: Vec<BadLine>,
}

impl History {
    /// Reads the history; a missing file is an empty history.
    pub fn read(path: &Path) -> anyhow::Result<History> {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(History::default()),
            Err(e) => return Err(anyhow::anyhow!("{}: cannot read: {e}", path.display())),
        };
        Ok(History::parse(&bytes))
    }

    /// Reads history lines from bytes.
    pub fn parse(bytes: &[u8]) -> History {
        let mut h = History::default();
        let ends_cleanly = bytes.last().is_none_or(|b| *b == b'\n');
        let lines: Vec<&[u8]> = bytes.split(|b| *b == b'\n').collect();
        let count = lines.len();
        for (i, raw) in lines.into_iter().enumerate() {
            let last = i + 1 == count;
            if raw.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let result = std::str::from_utf8(raw)
                .map_err(|_| "not UTF-8 text".to_string())
                .and_then(Attempt::from_json);
            match result {
                Ok(a) => h.attempts.push(a),
                Err(reason) => h.bad.push(BadLine {
                    line: i + 1,
                    reason,
                    torn: last && !ends_cleanly,
                }),
            }
        }
        h
    }

    /// Attempts at one exercise.
    pub fn of<'a>(&'a self, exercise: &'a str) -> impl Iterator<Item = &'a Attempt> + 'a {
        self.attempts.iter().filter(move |a| a.exercise == exercise)
    }

    /// Where you stand on an exercise: "passed 25 Nov 2026", "tried 2×, not
    /// passed yet", or nothing.
    pub fn status(&self, id: &str) -> String {
        match (self.first_pass(id), self.of(id).count()) {
            (Some(when), _) => format!("passed {}", super::time::readable_date(when)),
            (None, 0) => String::new(),
            (None, n) => format!("tried {n}×, not passed yet"),
        }
    }

    /// When an exercise was first passed, if it was.
    pub fn first_pass<'a>(&'a self, exercise: &'a str) -> Option<&'a str> {
        self.of(exercise)
            .filter(|a| a.passed)
            .map(|a| a.finished_at.as_str())
            .min()
    }

    /// The best final overall score at an exercise.
    pub fn best(&self, exercise: &str) -> Option<u8> {
        self.of(exercise).map(|a| a.last.scores.overall).max()
    }

    /// Final scores over time, one series per score, oldest first.
    pub fn series(&self) -> BTreeMap<ScoreName, Vec<u8>> {
        let mut sorted: Vec<&Attempt> = self.attempts.iter().collect();
        sorted.sort_by(|a, b| a.finished_at.cmp(&b.finished_at));
        ScoreName::ALL
            .into_iter()
            .map(|s| (s, sorted.iter().map(|a| s.of(&a.last.scores)).collect()))
            .collect()
    }

    /// Exercises not passed yet, in list order.
    pub fn not_passed<'a>(&self, exercises: &'a Exercises) -> Vec<&'a super::Exercise> {
        exercises
            .all
            .iter()
            .filter(|e| self.first_pass(&e.id).is_none())
            .collect()
    }
}

/// A sparkline of 0–100 values: one block character per value.
pub fn sparkline(values: &[u8]) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    values
        .iter()
        .map(|v| BARS[(usize::from(*v.min(&100)) * 7 + 50) / 100])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparkline_spans_the_range() {
        assert_eq!(sparkline(&[0, 50, 100]), "▁▅█");
        assert_eq!(sparkline(&[]), "");
    }

    #[test]
    fn blank_lines_are_ignored_and_bad_ones_counted() {
        let h = History::parse(b"\n{\"kind\": 1}\n\n");
        assert!(h.attempts.is_empty());
        assert_eq!(h.bad.len(), 1);
        assert_eq!(h.bad[0].line, 2);
        assert!(!h.bad[0].torn);
    }
}
