//! What a buffer answers, and which of its lines are not the writer's.
//!
//! **The thread.** A line with `tactful: thread=PATH` in the buffer (in any
//! comment: `<!-- tactful: thread=../issue.json -->`) names a thread export,
//! relative to the buffer's directory. Otherwise a `.tactful-thread` file in
//! the buffer's directory or the nearest ancestor that has one names it: its
//! first non-blank line is the path, relative to that file; failing that,
//! the same file in the workspace root (where the editor was started) or
//! above it, for drafts that live in a temporary directory, as `gh issue
//! comment` and mail clients keep them. The thread is
//! read as `tactful check --context` reads it (any format tactful imports,
//! the answered message by the thread's own reckoning), and kept until the
//! file changes. Without either, the lines the writer quotes (`> …`) stand
//! for the message answered, as they do in a mail or a `gh` reply.
//!
//! **Lines that are not the writer's.** The engine already leaves quoted
//! lines, quotations and code alone. Here the server also blanks out what
//! never reaches the reader: the `tactful: thread=` line itself, git's `#`
//! comment lines and everything below its scissors line in a commit
//! message, and a mail's header block and signature. Blanking replaces each
//! byte by a space, so every offset the engine returns is an offset into
//! the buffer as the client has it.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use tactful_engine::Engine;

/// The directive that names a thread inside a buffer.
const DIRECTIVE: &str = "tactful: thread=";
/// The file that names a thread for a directory tree.
pub const THREAD_FILE: &str = ".tactful-thread";
/// Git's line above the diff in `commit --verbose`; nothing below it is kept.
const SCISSORS: &str = "# ------------------------ >8 ------------------------";

/// What kind of buffer this is, for what to blank out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BufferKind {
    Prose,
    GitCommit,
    Mail,
}

impl BufferKind {
    /// From the client's language id and the file's name.
    pub fn detect(language_id: &str, path: Option<&Path>) -> BufferKind {
        let name = path
            .and_then(|p| p.file_name())
            .and_then(|n| n.to_str())
            .unwrap_or("");
        match language_id {
            "gitcommit" | "git-commit" => return BufferKind::GitCommit,
            "mail" | "email" | "eml" => return BufferKind::Mail,
            _ => {}
        }
        if matches!(
            name,
            "COMMIT_EDITMSG" | "MERGE_MSG" | "TAG_EDITMSG" | "SQUASH_MSG" | "EDIT_DESCRIPTION"
        ) {
            BufferKind::GitCommit
        } else if name.starts_with("mutt-")
            || name.starts_with("neomutt-")
            || name.ends_with(".eml")
        {
            BufferKind::Mail
        } else {
            BufferKind::Prose
        }
    }
}

/// Where the message answered came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    None,
    /// A thread export.
    Thread(PathBuf),
    /// The lines the writer quotes.
    Quoted,
}

/// A thread named for a buffer that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The bytes of the buffer to mark (the directive's line, or the start
    /// of the buffer when a `.tactful-thread` file named it).
    pub span: Range<usize>,
    pub path: PathBuf,
    pub error: String,
}

/// A buffer made ready for the engine.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The buffer with what is not the writer's blanked out; the same length.
    pub text: String,
    /// The message answered.
    pub answering: Option<String>,
    pub source: Source,
    pub problem: Option<Problem>,
}

/// A thread as read: the file's time and size then, and its answered
/// message or why it could not be read.
type Read = (Option<SystemTime>, u64, Result<String, String>);

/// Threads already read, by path.
#[derive(Debug, Default)]
pub struct ThreadCache {
    threads: HashMap<PathBuf, Read>,
}

impl ThreadCache {
    /// The answered message of the thread at `path` (in a tree, the one
    /// people would answer, chosen as `reply` chooses it), read again only
    /// when the file changed.
    pub fn answering(&mut self, engine: &Engine, path: &Path) -> Result<String, String> {
        let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => "no such file".to_string(),
            _ => e.to_string(),
        })?;
        let stamp = (meta.modified().ok(), meta.len());
        if let Some((time, len, result)) = self.threads.get(path)
            && (*time, *len) == stamp
        {
            return result.clone();
        }
        let result = crate::thread::load(path, None)
            .map(|mut t| {
                if !t.tree().is_linear() {
                    crate::reading::choose_answer(engine, &mut t);
                }
                t.answering_message().body.clone()
            })
            .map_err(|e| e.to_string());
        self.threads
            .insert(path.to_path_buf(), (stamp.0, stamp.1, result.clone()));
        result
    }
}

/// Prepares a buffer: blanks what is not the writer's and finds the
/// message it answers.
pub fn prepare(
    engine: &Engine,
    text: &str,
    kind: BufferKind,
    path: Option<&Path>,
    root: Option<&Path>,
    threads: &mut ThreadCache,
) -> Prepared {
    let mut blank: Vec<Range<usize>> = Vec::new();
    let directive = find_directive(text);
    if let Some(d) = &directive {
        blank.push(d.line.clone());
    }
    blank.extend(not_the_writers(text, kind));
    let dir = path.and_then(Path::parent);
    // The thread: the directive, or a `.tactful-thread` file.
    let named = match (&directive, dir) {
        (Some(d), Some(dir)) => Some((dir.join(&d.path), d.line.clone())),
        (Some(d), None) => Some((PathBuf::from(&d.path), d.line.clone())),
        (None, dir) => dir
            .and_then(thread_file)
            .or_else(|| root.and_then(thread_file))
            .map(|p| (p, 0..0)),
    };
    let mut out = Prepared {
        text: blanked(text, &blank),
        answering: None,
        source: Source::None,
        problem: None,
    };
    if let Some((thread, span)) = named {
        match threads.answering(engine, &thread) {
            Ok(message) => {
                out.answering = Some(message);
                out.source = Source::Thread(thread);
                return out;
            }
            Err(error) => {
                out.problem = Some(Problem {
                    span,
                    path: thread,
                    error,
                })
            }
        }
    }
    if let Some(quoted) = quoted_lines(&out.text) {
        out.answering = Some(quoted);
        out.source = Source::Quoted;
    }
    out
}

struct Directive {
    /// The whole line it stands on.
    line: Range<usize>,
    path: String,
}

fn find_directive(text: &str) -> Option<Directive> {
    let at = text.find(DIRECTIVE)?;
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let rest = &text[at + DIRECTIVE.len()..line_end];
    let rest = rest.split("-->").next().unwrap_or("").trim();
    let rest = rest.trim_end_matches("*/").trim();
    let path = rest
        .strip_prefix('"')
        .and_then(|r| r.split('"').next())
        .unwrap_or(rest);
    (!path.is_empty()).then(|| Directive {
        line: line_start..line_end,
        path: path.to_string(),
    })
}

/// The thread named by the nearest `.tactful-thread` file at or above `dir`.
fn thread_file(dir: &Path) -> Option<PathBuf> {
    for d in dir.ancestors() {
        let marker = d.join(THREAD_FILE);
        if let Ok(content) = std::fs::read_to_string(&marker) {
            let line = content.lines().map(str::trim).find(|l| !l.is_empty())?;
            return Some(d.join(line));
        }
    }
    None
}

/// Byte ranges of whole lines that never reach the reader.
fn not_the_writers(text: &str, kind: BufferKind) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut in_headers = kind == BufferKind::Mail && looks_like_header(first_line(text));
    while start < text.len() {
        let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let line = text[start..end].trim_end_matches('\r');
        match kind {
            BufferKind::GitCommit => {
                if line == SCISSORS {
                    out.push(start..text.len());
                    return out;
                }
                if line.starts_with('#') {
                    out.push(start..end);
                }
            }
            BufferKind::Mail => {
                if in_headers {
                    if line.trim().is_empty() {
                        in_headers = false;
                    } else {
                        out.push(start..end);
                    }
                } else if line == "-- " {
                    out.push(start..text.len());
                    return out;
                }
            }
            BufferKind::Prose => return out,
        }
        start = end + 1;
    }
    out
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or("")
}

fn looks_like_header(line: &str) -> bool {
    match line.split_once(':') {
        Some((name, _)) => {
            !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        }
        None => false,
    }
}

/// The text with every byte in `ranges` (except line breaks) a space.
fn blanked(text: &str, ranges: &[Range<usize>]) -> String {
    if ranges.is_empty() {
        return text.to_string();
    }
    let mut bytes = text.as_bytes().to_vec();
    for r in ranges {
        for b in &mut bytes[r.clone()] {
            if *b != b'\n' && *b != b'\r' {
                *b = b' ';
            }
        }
    }
    // Whole lines were blanked, and a run of spaces replacing whole
    // characters is valid UTF-8.
    String::from_utf8(bytes).unwrap_or_else(|_| text.to_string())
}

/// The text of the `>` lines, without their marks, when there is any.
fn quoted_lines(text: &str) -> Option<String> {
    let mut out = String::new();
    for line in text.lines() {
        let t = line.trim_start();
        if let Some(mut rest) = t.strip_prefix('>') {
            while let Some(r) = rest.trim_start().strip_prefix('>') {
                rest = r;
            }
            let rest = rest.trim();
            if !rest.is_empty() {
                out.push_str(rest);
                out.push('\n');
            }
        }
    }
    (!out.trim().is_empty()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prep(text: &str, kind: BufferKind, path: Option<&Path>) -> Prepared {
        let engine = crate::prompts::builtin_engine().unwrap();
        prepare(&engine, text, kind, path, None, &mut ThreadCache::default())
    }

    #[test]
    fn git_comments_and_the_diff_below_the_scissors_are_blanked() {
        let text = "You never test anything.\n# Please enter the commit message\n#\n\
            # ------------------------ >8 ------------------------\n\
            diff --git a b\n+ you always\n";
        let p = prep(text, BufferKind::GitCommit, None);
        assert_eq!(p.text.len(), text.len());
        assert!(p.text.starts_with("You never test anything.\n   "));
        assert!(!p.text.contains("always"));
        assert!(!p.text.contains('#'));
        assert_eq!(p.text.matches('\n').count(), text.matches('\n').count());
    }

    #[test]
    fn markdown_headings_are_the_writers() {
        let text = "# You always do this\n";
        assert_eq!(prep(text, BufferKind::Prose, None).text, text);
    }

    #[test]
    fn mail_headers_and_signature_are_blanked() {
        let text =
            "From: Ana <a@x>\nSubject: Re: the build\n\nThanks, I’m on it.\n-- \nAna Obviously\n";
        let p = prep(text, BufferKind::Mail, None);
        assert!(p.text.starts_with(&" ".repeat(15)));
        assert!(p.text.contains("Thanks, I’m on it."));
        assert!(!p.text.contains("Obviously"));
        assert_eq!(p.text.len(), text.len());
    }

    #[test]
    fn quoted_lines_stand_for_the_message_answered() {
        let text = "> You broke the release again.\n> > older\n\nI hear you: the release broke.\n";
        let p = prep(text, BufferKind::Prose, None);
        assert_eq!(p.source, Source::Quoted);
        assert_eq!(
            p.answering.as_deref(),
            Some("You broke the release again.\nolder\n")
        );
    }

    #[test]
    fn the_directive_names_a_thread_beside_the_buffer_and_is_blanked() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("t.md"),
            "Ana:\nThe cache is broken.\n\nBo:\nThe whole cache layer keeps timing out on big repos.\n",
        )
        .unwrap();
        let text = "<!-- tactful: thread=t.md -->\nSo the cache times out.\n";
        let buffer = dir.path().join("reply.md");
        let p = prep(text, BufferKind::Prose, Some(&buffer));
        assert_eq!(p.source, Source::Thread(dir.path().join("t.md")));
        assert!(
            p.answering.as_deref().unwrap().contains("timing out"),
            "{:?}",
            p.answering
        );
        assert!(p.text.starts_with(&" ".repeat(29)));
        assert!(p.problem.is_none());
    }

    #[test]
    fn a_thread_file_in_an_ancestor_names_the_thread_relative_to_itself() {
        let dir = tempfile::tempdir().unwrap();
        let deep = dir.path().join("a").join("b");
        std::fs::create_dir_all(&deep).unwrap();
        std::fs::create_dir_all(dir.path().join("threads")).unwrap();
        std::fs::write(
            dir.path().join("threads").join("x.txt"),
            "Ana:\nNobody reads the changelog.\n",
        )
        .unwrap();
        std::fs::write(dir.path().join(THREAD_FILE), "\n  threads/x.txt  \n").unwrap();
        let p = prep("Fair point.", BufferKind::Prose, Some(&deep.join("r.md")));
        assert_eq!(
            p.source,
            Source::Thread(dir.path().join("threads").join("x.txt"))
        );
    }

    #[test]
    fn a_draft_in_a_temporary_directory_finds_the_thread_from_the_workspace() {
        let work = tempfile::tempdir().unwrap();
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(work.path().join("t.txt"), "Ana:\nThe docs are wrong.\n").unwrap();
        std::fs::write(work.path().join(THREAD_FILE), "t.txt").unwrap();
        let engine = crate::prompts::builtin_engine().unwrap();
        let p = prepare(
            &engine,
            "Which page?",
            BufferKind::Prose,
            Some(&tmp.path().join("123.md")),
            Some(work.path()),
            &mut ThreadCache::default(),
        );
        assert_eq!(p.source, Source::Thread(work.path().join("t.txt")));
    }

    #[test]
    fn a_missing_thread_is_a_problem_at_the_directive() {
        let dir = tempfile::tempdir().unwrap();
        let text = "Hi.\n<!-- tactful: thread=\"nope.json\" -->\n";
        let p = prep(text, BufferKind::Prose, Some(&dir.path().join("r.md")));
        let problem = p.problem.unwrap();
        assert_eq!(problem.span, 4..text.len() - 1);
        assert_eq!(problem.path, dir.path().join("nope.json"));
        assert_eq!(problem.error, "no such file");
        assert_eq!(p.source, Source::None);
    }

    #[test]
    fn buffer_kinds_come_from_the_language_or_the_file_name() {
        assert_eq!(
            BufferKind::detect("", Some(Path::new("/r/.git/COMMIT_EDITMSG"))),
            BufferKind::GitCommit
        );
        assert_eq!(BufferKind::detect("mail", None), BufferKind::Mail);
        assert_eq!(
            BufferKind::detect("text", Some(Path::new("/tmp/mutt-host-1-2"))),
            BufferKind::Mail
        );
        assert_eq!(BufferKind::detect("markdown", None), BufferKind::Prose);
    }
}
