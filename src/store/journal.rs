//! A write-ahead journal for text being typed, so that nothing shown on
//! the screen is lost, even to a `kill -9`.
//!
//! A draft is kept as a whole file (written atomically and synced, when
//! typing pauses) and, beside it, a journal of every change since: one
//! line per change, appended with one `write` before the screen shows the
//! change. Appending a line costs microseconds whatever the length of the
//! draft, where rewriting the whole file on every key would not. Lines
//! are not synced: once written, they survive the process however it
//! ends; only a power cut or a system crash can lose what was typed since
//! the last whole save.
//!
//! The journal opens with the hash of the whole file it continues, so a
//! journal left behind by an older file is never replayed over a newer
//! one. Each line records, per text field that changed, the one span that
//! changed (`[field, byte at, bytes removed, text inserted]`): typing,
//! deleting and pasting are all one splice. Replaying stops at the first
//! line that does not read (a line torn by a power cut) and keeps what
//! came before it.
//!
//! The fields are plain strings that the caller names by position (the
//! reply flow journals its draft, its notes and its aim; practice its
//! draft).

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use serde::{Deserialize, Serialize};

/// The first line: which whole file the journal continues.
#[derive(Serialize, Deserialize)]
struct Header {
    base: String,
}

/// A change of one field: field, byte at, bytes removed, text inserted.
type Splice = (usize, usize, usize, String);

/// One line after the header: the changes of one moment, and when.
#[derive(Serialize, Deserialize)]
struct Entry {
    /// Seconds since the Unix epoch.
    t: u64,
    e: Vec<Splice>,
}

/// A journal being written: its file, and the fields as last recorded.
#[derive(Debug)]
pub struct Journal {
    path: PathBuf,
    file: File,
    fields: Vec<String>,
}

/// A short hash of a whole file's bytes, to tie a journal to it.
pub fn base_of(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl Journal {
    /// Starts the journal at `path` afresh, continuing the whole file
    /// whose bytes are `base` and whose fields are `fields`.
    pub fn begin(path: &Path, base: &[u8], fields: Vec<String>) -> anyhow::Result<Journal> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create the directory {}", dir.display()))?;
        }
        let mut file =
            File::create(path).with_context(|| format!("cannot write {}", path.display()))?;
        let mut line = serde_json::to_string(&Header {
            base: base_of(base),
        })?;
        line.push('\n');
        file.write_all(line.as_bytes())
            .with_context(|| format!("cannot write {}", path.display()))?;
        Ok(Journal {
            path: path.to_path_buf(),
            file,
            fields,
        })
    }

    /// Appends what changed in `fields` since the last record, in one
    /// write; nothing when nothing changed.
    pub fn record(&mut self, fields: &[&str], now: u64) -> anyhow::Result<()> {
        let mut e = Vec::new();
        for (i, new) in fields.iter().enumerate() {
            let old = self.fields.get(i).map_or("", String::as_str);
            if old != *new {
                let (at, removed, inserted) = splice(old, new);
                e.push((i, at, removed, inserted.to_string()));
            }
        }
        if e.is_empty() {
            return Ok(());
        }
        let changed: Vec<usize> = e.iter().map(|s| s.0).collect();
        let mut line = serde_json::to_string(&Entry { t: now, e })?;
        line.push('\n');
        self.file
            .write_all(line.as_bytes())
            .with_context(|| format!("cannot write {}", self.path.display()))?;
        self.fields.resize(fields.len(), String::new());
        for i in changed {
            self.fields[i] = fields[i].to_string();
        }
        Ok(())
    }
}

/// The one span that turns `old` into `new`: where it starts, how many
/// bytes of `old` it removes, and what it inserts (the common start and
/// end left alone, cut at character boundaries).
fn splice<'a>(old: &str, new: &'a str) -> (usize, usize, &'a str) {
    let (a, b) = (old.as_bytes(), new.as_bytes());
    let mut start = common(a.len().min(b.len()), |i, n| a[i..i + n] == b[i..i + n]);
    while !old.is_char_boundary(start) || !new.is_char_boundary(start) {
        start -= 1;
    }
    let room = a.len().min(b.len()) - start;
    let (a_end, b_end) = (a.len(), b.len());
    let mut end = common(room, |i, n| {
        a[a_end - i - n..a_end - i] == b[b_end - i - n..b_end - i]
    });
    while !old.is_char_boundary(old.len() - end) || !new.is_char_boundary(new.len() - end) {
        end -= 1;
    }
    (start, old.len() - end - start, &new[start..new.len() - end])
}

/// How many of `len` bytes two texts share, counted from one end, where
/// `same(i, n)` compares the `n` bytes `i` bytes from that end: a block
/// at a time (a `memcmp` each, so a long draft costs microseconds), then
/// a byte at a time.
fn common(len: usize, same: impl Fn(usize, usize) -> bool) -> usize {
    const BLOCK: usize = 256;
    let mut i = 0;
    while i + BLOCK <= len && same(i, BLOCK) {
        i += BLOCK;
    }
    while i < len && same(i, 1) {
        i += 1;
    }
    i
}

/// Replays the journal at `path` over `fields`, the fields of the whole
/// file whose bytes are `base`: every change it holds, up to the first line
/// that does not read or does not fit. Returns when the last change
/// replayed was made, or `None` when there is no journal for this file.
pub fn replay(path: &Path, base: &[u8], fields: &mut [String]) -> Option<u64> {
    let text = std::fs::read(path).ok()?;
    let mut lines = text.split(|&b| b == b'\n');
    let header: Header = serde_json::from_slice(lines.next()?).ok()?;
    if header.base != base_of(base) {
        return None;
    }
    let mut last = None;
    'lines: for line in lines {
        let Ok(entry) = serde_json::from_slice::<Entry>(line) else {
            break;
        };
        // All of a line's changes, or none of them.
        let mut work: Vec<Option<String>> = vec![None; fields.len()];
        for (i, at, removed, inserted) in entry.e {
            let Some(old) = fields.get(i) else {
                break 'lines;
            };
            let field = work[i].as_deref().unwrap_or(old);
            let fits = at.checked_add(removed).filter(|&e| {
                e <= field.len() && field.is_char_boundary(at) && field.is_char_boundary(e)
            });
            let Some(end) = fits else {
                break 'lines;
            };
            let mut next = String::with_capacity(field.len() - removed + inserted.len());
            next.push_str(&field[..at]);
            next.push_str(&inserted);
            next.push_str(&field[end..]);
            work[i] = Some(next);
        }
        for (field, new) in fields.iter_mut().zip(work) {
            if let Some(new) = new {
                *field = new;
            }
        }
        last = Some(entry.t);
    }
    last
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_splice_is_the_one_span_that_changed() {
        assert_eq!(splice("hello world", "hello, world"), (5, 0, ","));
        assert_eq!(splice("abc", "abc"), (3, 0, ""));
        assert_eq!(splice("abc", ""), (0, 3, ""));
        assert_eq!(splice("aaa", "aaaa"), (3, 0, "a"));
        // Never inside a character: "é" and "è" share their first byte.
        assert_eq!(splice("café", "cafè"), (3, 2, "è"));
    }

    #[test]
    fn every_change_recorded_comes_back_over_its_base() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("d.journal");
        let base = b"whole file";
        let mut j = Journal::begin(&path, base, vec!["Hello".into(), String::new()]).unwrap();
        for (draft, notes) in [
            ("Hello there", ""),
            ("Hello there, Ann", "tired"),
            ("Hi there, Ann", "tired"),
            ("Hi there, Ann — thanks", "tired, worried"),
        ] {
            j.record(&[draft, notes], 7).unwrap();
        }
        let mut fields = vec!["Hello".to_string(), String::new()];
        assert_eq!(replay(&path, base, &mut fields), Some(7));
        assert_eq!(fields, ["Hi there, Ann — thanks", "tired, worried"]);
        // Over another base, nothing is replayed.
        let mut other = vec!["Hello".to_string(), String::new()];
        assert_eq!(replay(&path, b"a newer file", &mut other), None);
        assert_eq!(other, ["Hello", ""]);
    }

    #[test]
    fn a_torn_last_line_keeps_everything_before_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("d.journal");
        let mut j = Journal::begin(&path, b"", vec![String::new()]).unwrap();
        j.record(&["one"], 1).unwrap();
        j.record(&["one two"], 2).unwrap();
        drop(j);
        let mut bytes = std::fs::read(&path).unwrap();
        bytes.extend_from_slice(br#"{"t":3,"e":[[0,7,0," thr"#);
        std::fs::write(&path, bytes).unwrap();
        let mut fields = vec![String::new()];
        assert_eq!(replay(&path, b"", &mut fields), Some(2));
        assert_eq!(fields, ["one two"]);
    }
}
