//! Threads: the model every importer produces, and the one entry point
//! ([`parse`] / [`load`]) that detects the format, runs the importer and
//! sanitises the result.
//!
//! This module is pure: it never prints and never touches the terminal. Text
//! that comes out of it has been through [`sanitize::sanitize`], so callers
//! may draw it as is.
//!
//! The replies of a thread form a forest: [`Message::reply_to`] always names
//! an earlier message. [`tree::Tree`] computes what a view of that forest
//! needs (depth, children, the visible order with branches collapsed, the
//! default message to answer); [`MessageRef`] names a message the way a
//! person does on the command line (`--reply-to 3`, `--reply-to ann`,
//! `--reply-to id:t1_abc`).

use std::fmt;
use std::io::Read;
use std::path::Path;

use serde::{Deserialize, Serialize};

pub mod choose;
mod detect;
mod flowed;
mod formats;
pub mod html;
mod json;
mod quotes;
pub mod sanitize;
mod select;
pub mod time;
pub mod tree;

pub use formats::{Format, UnknownFormat};
pub use quotes::trail_start;
pub use sanitize::sanitize;
pub use select::MessageRef;
pub use tree::Tree;

/// The largest thread tactful reads, in bytes. Bigger files are refused
/// before they are read.
pub const MAX_BYTES: u64 = 64 * 1024 * 1024;

/// A conversation: messages in reading order, and the one the user answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Thread {
    pub title: Option<String>,
    pub format: Format,
    pub messages: Vec<Message>,
    /// 0-based index into `messages` of the message the user is answering:
    /// the one named (`--reply-to`), or the one the export itself centres
    /// on (a Mastodon status fetched with its context), otherwise
    /// [`Tree::default_answer`] until a caller that can read heat chooses
    /// again ([`choose::choose`]).
    pub answering: usize,
    /// Whether `answering` was given (named, or the export's centre) rather
    /// than a default to choose again.
    #[serde(skip)]
    pub answer_given: bool,
}

/// One message of a thread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    pub author: Option<String>,
    /// ISO 8601: with an offset (`2024-03-04T22:02:00+01:00`, `…Z`) when
    /// the zone is known — stated by the source, or, for a time quoted in
    /// a mail's "On …, Ann wrote:", the zone of the mail that quotes it;
    /// without one (`2024-03-04T22:02:00`) when nothing says which zone it
    /// is in, to be shown as written; a date alone (`2024-03-04`); or the
    /// text as written when it is no date (see [`time`]).
    pub time: Option<String>,
    pub body: String,
    /// 0-based index into `messages` of the message this one answers. It is
    /// always an earlier message (`reply_to < own index`): an import drops
    /// links that point at the message itself, forward or out of the thread,
    /// so the replies form a forest and never a cycle.
    pub reply_to: Option<usize>,
    /// The message's id in the source, when the source has one: a Reddit
    /// comment's `id` (`kx3b2a`), a Hacker News item id, a Mastodon status
    /// id, a Discourse `post_number`, a GitHub comment id, an email's
    /// Message-ID (without the angle brackets). `--reply-to id:ID` finds a
    /// message by it.
    #[serde(default)]
    pub source_id: Option<String>,
}

impl Message {
    /// A message with no link and no source id.
    pub(crate) fn new(author: Option<String>, time: Option<String>, body: String) -> Message {
        Message {
            author,
            time,
            body,
            reply_to: None,
            source_id: None,
        }
    }
}

/// Why a thread could not be imported: the file, the format tried, where,
/// and what is wrong. Displays as one line:
/// `<file>: <format>: <line:col>: <what is wrong>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    pub file: String,
    /// The format (or formats, "json: github, reddit, …") that was tried.
    pub format: Option<String>,
    /// 1-based line and column, when the problem has a place.
    pub position: Option<(usize, usize)>,
    pub message: String,
}

impl ImportError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        ImportError {
            file: String::new(),
            format: None,
            position: None,
            message: message.into(),
        }
    }

    pub(crate) fn at(mut self, line: usize, column: usize) -> Self {
        self.position = Some((line, column));
        self
    }

    pub(crate) fn format(mut self, format: impl Into<String>) -> Self {
        if self.format.is_none() {
            self.format = Some(format.into());
        }
        self
    }

    fn file(mut self, file: &str) -> Self {
        self.file = file.to_string();
        self
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The file name comes from the user, the message may quote input:
        // neither may carry terminal controls into an error line.
        let mut parts = Vec::with_capacity(4);
        if !self.file.is_empty() {
            parts.push(one_line(&self.file));
        }
        if let Some(format) = &self.format {
            parts.push(format.clone());
        }
        if let Some((line, column)) = self.position {
            parts.push(format!("{line}:{column}"));
        }
        parts.push(one_line(&self.message));
        f.write_str(&parts.join(": "))
    }
}

fn one_line(text: &str) -> String {
    sanitize(text).replace(['\n', '\t'], " ")
}

impl std::error::Error for ImportError {}

/// Parse a thread from bytes. `name` is the file name, used in errors and
/// as an extension hint (`"<stdin>"` for standard input); `from` forces a
/// format instead of detecting it.
pub fn parse(bytes: &[u8], name: &str, from: Option<Format>) -> Result<Thread, ImportError> {
    parse_inner(bytes, name, from).map_err(|e| e.file(name))
}

fn parse_inner(bytes: &[u8], name: &str, from: Option<Format>) -> Result<Thread, ImportError> {
    if bytes.len() as u64 > MAX_BYTES {
        return Err(too_big(bytes.len() as u64, true));
    }
    // Windows tools (PowerShell's `>`, Notepad) save UTF-16 with a BOM.
    let decoded;
    let bytes = match utf16(bytes) {
        Some(Ok(text)) => {
            decoded = text.into_bytes();
            decoded.as_slice()
        }
        Some(Err(offset)) => {
            let format = from.map(|f| f.name()).unwrap_or("detect");
            return Err(ImportError::new(format!(
                "invalid UTF-16 (byte offset {offset}); save the thread as UTF-8"
            ))
            .format(format));
        }
        None => without_bom(bytes),
    };
    if let Some(offset) = memchr_nul(bytes) {
        let format = from.map(|f| f.name()).unwrap_or("detect");
        let (line, column) = line_col(bytes, offset);
        return Err(
            ImportError::new("binary file (NUL byte); expected a text or JSON thread")
                .format(format)
                .at(line, column),
        );
    }
    let mut thread = match from {
        Some(format) => detect::parse_as(bytes, format)?,
        None => detect::parse_detected(bytes, name)?,
    };
    thread.finish();
    if thread.messages.is_empty() {
        return Err(ImportError::new("no messages found").format(thread.format.name()));
    }
    Ok(thread)
}

/// Read and parse a thread file; `-` reads standard input. Refuses
/// directories and files over [`MAX_BYTES`] before reading them.
pub fn load(path: &Path, from: Option<Format>) -> Result<Thread, ImportError> {
    let (bytes, name) = read_limited(path)?;
    parse(&bytes, &name, from)
}

/// Read a file or standard input, refusing more than [`MAX_BYTES`].
pub fn read_limited(path: &Path) -> Result<(Vec<u8>, String), ImportError> {
    if path.as_os_str() == "-" {
        let name = "<stdin>".to_string();
        let bytes = read_capped(std::io::stdin().lock(), 0).map_err(|e| e.file(&name))?;
        return Ok((bytes, name));
    }
    let name = path.display().to_string();
    let fail = |message: String| ImportError::new(message).file(&name);
    let meta = std::fs::metadata(path).map_err(|e| fail(io_message(&e)))?;
    if meta.is_dir() {
        return Err(fail("is a directory, not a thread file".into()));
    }
    if meta.len() > MAX_BYTES {
        return Err(too_big(meta.len(), true).file(&name));
    }
    let file = std::fs::File::open(path).map_err(|e| fail(io_message(&e)))?;
    let bytes = read_capped(file, meta.len()).map_err(|e| e.file(&name))?;
    Ok((bytes, name))
}

fn read_capped(reader: impl Read, hint: u64) -> Result<Vec<u8>, ImportError> {
    let mut bytes = Vec::with_capacity(hint.min(MAX_BYTES) as usize);
    reader
        .take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| ImportError::new(io_message(&e)))?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(too_big(bytes.len() as u64, false));
    }
    Ok(bytes)
}

fn io_message(err: &std::io::Error) -> String {
    match err.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::InvalidData => "not readable as text".into(),
        _ => {
            let text = err.to_string();
            // "Is a directory (os error 21)" and the like: keep the words.
            match text.find(" (os error") {
                Some(end) => text[..end].to_string(),
                None => text,
            }
        }
    }
}

/// `exact`: the size is known (a file); otherwise reading stopped past
/// the limit (standard input).
fn too_big(len: u64, exact: bool) -> ImportError {
    let mib = |n: u64| n as f64 / (1024.0 * 1024.0);
    let size = if !exact {
        format!("{:.1} MiB or more", mib(len))
    } else {
        format!("{:.1} MiB", mib(len))
    };
    ImportError::new(format!(
        "file too large ({size}); tactful reads threads up to {:.0} MiB",
        mib(MAX_BYTES)
    ))
}

/// Text behind a UTF-16 byte-order mark, or the byte offset where it
/// breaks; `None` when there is no such mark.
fn utf16(bytes: &[u8]) -> Option<Result<String, usize>> {
    let little = match bytes {
        [0xFF, 0xFE, ..] => true,
        [0xFE, 0xFF, ..] => false,
        _ => return None,
    };
    let body = &bytes[2..];
    if body.len() % 2 == 1 {
        return Some(Err(bytes.len() - 1));
    }
    let units = body.chunks_exact(2).map(|pair| {
        if little {
            u16::from_le_bytes([pair[0], pair[1]])
        } else {
            u16::from_be_bytes([pair[0], pair[1]])
        }
    });
    let mut text = String::with_capacity(body.len() / 2);
    for (i, c) in char::decode_utf16(units).enumerate() {
        match c {
            Ok(c) => text.push(c),
            Err(_) => return Some(Err(2 + 2 * i)),
        }
    }
    Some(Ok(text))
}

fn memchr_nul(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == 0)
}

/// 1-based line and column (in characters, lossy for invalid UTF-8: a
/// broken sequence counts as one character) of a byte offset, by the
/// engine's [`LineIndex`](tactful_engine::text::LineIndex).
pub(crate) fn line_col(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = String::from_utf8_lossy(&bytes[..offset.min(bytes.len())]);
    tactful_engine::text::LineIndex::new(&before).locate(before.len())
}

/// The UTF-8 byte-order mark some editors (Notepad, Excel's CSV export,
/// PowerShell) write at the start of a file.
pub const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// `bytes` without a leading UTF-8 byte-order mark: it is not text, and
/// left in place it would shift every column by one and end up inside
/// what is read (an email's first header, a draft's first word). Every
/// input path reads its bytes through this.
pub fn without_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes)
}

/// Decode UTF-8 (a leading byte-order mark is dropped) or say where it breaks.
pub(crate) fn utf8(bytes: &[u8], format: Format) -> Result<&str, ImportError> {
    let bytes = without_bom(bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        let (line, column) = line_col(bytes, e.valid_up_to());
        ImportError::new("invalid UTF-8")
            .format(format.name())
            .at(line, column)
    })
}

impl Thread {
    /// A thread of `messages` with its links checked (see
    /// [`Message::reply_to`]), answering [`Tree::default_answer`].
    pub(crate) fn new(format: Format, title: Option<String>, mut messages: Vec<Message>) -> Thread {
        drop_bad_links(&mut messages);
        let answering = Tree::new(&messages).default_answer();
        Thread {
            title,
            format,
            messages,
            answering,
            answer_given: false,
        }
    }

    /// The reply structure of this thread.
    pub fn tree(&self) -> Tree {
        Tree::new(&self.messages)
    }

    /// Answer message `n` (1-based) instead of the one the import chose.
    pub fn with_reply_to(mut self, n: Option<usize>) -> Result<Thread, ImportError> {
        if let Some(n) = n {
            if n == 0 || n > self.messages.len() {
                return Err(ImportError::new(format!(
                    "--reply-to {n}: the thread has {} message{} (use 1 to {})",
                    self.messages.len(),
                    if self.messages.len() == 1 { "" } else { "s" },
                    self.messages.len()
                ))
                .format(self.format.name()));
            }
            self.answering = n - 1;
            self.answer_given = true;
        }
        Ok(self)
    }

    /// The message the user is answering.
    pub fn answering_message(&self) -> &Message {
        &self.messages[self.answering]
    }

    /// Sanitise every string, tidy bodies, and keep indices in range.
    fn finish(&mut self) {
        self.title = clean_opt(self.title.take());
        for message in &mut self.messages {
            message.author = clean_opt(message.author.take());
            // One form for every time (see `time`): machine times as
            // given, dates people wrote read into it.
            message.time = clean_opt(message.time.take()).map(|t| time::tidy(t, None));
            message.body = tidy_body(&sanitize(&message.body));
        }
        self.source_ids();
        drop_bad_links(&mut self.messages);
        let len = self.messages.len();
        if self.answering >= len {
            self.answering = len.saturating_sub(1);
        }
    }
}

impl Thread {
    /// Source ids are sanitised like every string, and an id names one
    /// message: a later message under an id already seen (a re-post) keeps
    /// no id.
    fn source_ids(&mut self) {
        let mut seen = std::collections::HashSet::new();
        for message in &mut self.messages {
            message.source_id = clean_opt(message.source_id.take());
            if let Some(id) = &message.source_id
                && !seen.insert(id.clone())
            {
                message.source_id = None;
            }
        }
    }
}

/// A reply names an earlier message, or none: links to the message itself,
/// to a later one or out of the thread are dropped.
fn drop_bad_links(messages: &mut [Message]) {
    for (i, message) in messages.iter_mut().enumerate() {
        if message.reply_to.is_some_and(|r| r >= i) {
            message.reply_to = None;
        }
    }
}

fn clean_opt(value: Option<String>) -> Option<String> {
    value
        .map(|v| sanitize(&v).replace(['\n', '\t'], " ").trim().to_string())
        .filter(|v| !v.is_empty())
}

/// Drop trailing spaces on lines, blank lines at both ends, and byte-order
/// marks (invisible; mail clients leave one where a quoted part began).
pub(crate) fn tidy_body(body: &str) -> String {
    let unmarked;
    let body = if body.contains('\u{feff}') {
        unmarked = body.replace('\u{feff}', "");
        unmarked.as_str()
    } else {
        body
    };
    let mut out = String::with_capacity(body.len());
    for line in body.lines() {
        out.push_str(line.trim_end());
        out.push('\n');
    }
    let trimmed = out.trim_end();
    // Drop whole blank lines before the first text, but keep that line's
    // indentation (an indented code block stays one).
    let first_text = trimmed
        .char_indices()
        .find(|&(_, c)| c != '\n')
        .map_or(trimmed.len(), |(i, _)| i);
    let line_start = trimmed[..first_text].rfind('\n').map_or(0, |p| p + 1);
    trimmed[line_start..].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_is_one_line_with_file_format_and_position() {
        let err = ImportError::new("expected `,`\nor `]`")
            .format("json")
            .at(3, 7)
            .file("t.json");
        assert_eq!(err.to_string(), "t.json: json: 3:7: expected `,` or `]`");
    }

    #[test]
    fn binary_input_is_refused_with_position() {
        let err = parse(b"hello\nwo\0rld", "x.txt", None).unwrap_err();
        assert_eq!(err.position, Some((2, 3)));
        assert!(err.to_string().contains("binary"), "{err}");
    }

    #[test]
    fn escapes_hidden_in_html_entities_are_stripped_after_decoding() {
        let json = r#"{"id":"1","content":"<p>&#27;]52;c;eA==&#7;hi &#x1b;[31mred&#x9b;</p>","account":{"acct":"m\u001b[2J"},"created_at":"t"}"#;
        let thread = parse(json.as_bytes(), "s.json", None).unwrap();
        let all = serde_json::to_string(&thread).unwrap();
        assert!(!all.contains("\\u001b") && !all.contains("52;c"), "{all}");
        assert_eq!(thread.messages[0].author.as_deref(), Some("m"));
        assert!(thread.messages[0].body.starts_with("hi red"), "{all}");
    }

    #[test]
    fn utf16_with_bom_is_decoded() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "Ann: hé\n\nBo: no\n".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let thread = parse(&bytes, "t.txt", None).unwrap();
        assert_eq!(thread.messages[0].body, "hé");
        assert!(parse(&[0xFF, 0xFE, 0x41], "t.txt", None).is_err());
    }

    #[test]
    fn a_utf8_byte_order_mark_is_skipped_in_every_format() {
        let with_bom = |text: &str| [UTF8_BOM, text.as_bytes()].concat();
        let eml = "From: Ann <ann@example.org>\nSubject: Build\nDate: Tue, 5 Mar 2024 08:14:22 +0100\n\nIt broke.\n";
        let mbox = format!("From ann@example.org Tue Mar  5 08:14:22 2024\n{eml}");
        let json = r#"[{"id":1,"user":{"login":"ann"},"body":"It broke.","created_at":"2024-03-04T10:00:00Z"}]"#;
        for (name, text) in [
            ("t.eml", eml.to_string()),
            ("t.mbox", mbox),
            ("t.json", json.to_string()),
            ("t.md", "Ann:\nIt broke.\n".to_string()),
            ("pasted", "Ann:\nIt broke.\n".to_string()),
        ] {
            let thread =
                parse(&with_bom(&text), name, None).unwrap_or_else(|e| panic!("{name}: {e}"));
            let m = &thread.messages[0];
            assert_eq!(m.body, "It broke.", "{name}");
            assert!(
                m.author
                    .as_deref()
                    .is_some_and(|a| a.eq_ignore_ascii_case("ann")),
                "{name}: {:?}",
                m.author
            );
            assert!(!format!("{thread:?}").contains('\u{feff}'), "{name}");
        }
        assert_eq!(without_bom(b"\xEF\xBB\xBFok"), b"ok");
        assert_eq!(without_bom(b"ok"), b"ok");
    }

    #[test]
    fn reply_to_out_of_range_is_an_error() {
        let thread = parse(b"one\n\ntwo\n", "t.txt", None).unwrap();
        assert!(thread.clone().with_reply_to(Some(3)).is_err());
        assert!(thread.clone().with_reply_to(Some(0)).is_err());
        assert_eq!(thread.with_reply_to(Some(1)).unwrap().answering, 0);
    }

    #[test]
    fn tidy_body_keeps_first_line_indent_and_drops_blank_edges() {
        assert_eq!(tidy_body("\n\n    code\ntext  \n\n"), "    code\ntext");
    }

    #[test]
    fn tidy_body_drops_byte_order_marks() {
        assert_eq!(tidy_body("\u{feff}It was.\nok\u{feff}"), "It was.\nok");
    }

    #[test]
    fn line_col_counts_characters() {
        assert_eq!(line_col("ab\néé x".as_bytes(), 8), (2, 4));
    }
}
