//! Stand-in for `crate::thread` until thread import lands on this branch:
//! the same API, with a small plain-text importer (`Name:` / `Name wrote:`
//! headers, a `# title` line). Replaced by `crate::thread` on merge.

#![allow(dead_code)]

use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Plain,
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "plain" | "text" | "markdown" | "md" => Ok(Format::Plain),
            _ => Err(format!("unknown thread format \"{s}\"")),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Message {
    pub author: Option<String>,
    pub time: Option<String>,
    pub body: String,
    pub reply_to: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct Thread {
    pub title: Option<String>,
    pub format: Format,
    pub messages: Vec<Message>,
    pub answering: usize,
}

#[derive(Debug)]
pub struct ImportError(String);

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Thread {
    pub fn with_reply_to(mut self, n: usize) -> Result<Thread, ImportError> {
        if n == 0 || n > self.messages.len() {
            return Err(ImportError(format!(
                "--reply-to {n}: the thread has {} messages",
                self.messages.len()
            )));
        }
        self.answering = n - 1;
        Ok(self)
    }
}

pub fn sanitize(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .collect()
}

fn header(line: &str) -> Option<String> {
    let t = line.trim_end();
    let name = t.strip_suffix(':')?;
    let name = name.strip_suffix(" wrote").unwrap_or(name);
    let ok = !name.is_empty()
        && name.len() <= 60
        && !name.starts_with('>')
        && !name.starts_with('#')
        && name.split_whitespace().count() <= 5
        && name.chars().next().is_some_and(char::is_alphabetic);
    ok.then(|| name.trim().to_string())
}

pub fn parse(bytes: &[u8], name: &str, _format: Option<Format>) -> Result<Thread, ImportError> {
    let text = std::str::from_utf8(bytes)
        .map_err(|e| ImportError(format!("{name}: not UTF-8 text (byte {})", e.valid_up_to())))?;
    let text = sanitize(&text.replace("\r\n", "\n"));
    let mut title = None;
    let mut messages: Vec<Message> = Vec::new();
    let mut body = String::new();
    let mut author: Option<String> = None;
    let flush = |author: &mut Option<String>, body: &mut String, out: &mut Vec<Message>| {
        if !body.trim().is_empty() || author.is_some() {
            out.push(Message {
                author: author.take(),
                time: None,
                body: body.trim().to_string(),
                reply_to: None,
            });
        }
        body.clear();
    };
    for line in text.lines() {
        if title.is_none()
            && messages.is_empty()
            && body.trim().is_empty()
            && author.is_none()
            && let Some(t) = line.strip_prefix("# ")
        {
            title = Some(t.trim().to_string());
            continue;
        }
        if let Some(a) = header(line) {
            flush(&mut author, &mut body, &mut messages);
            author = Some(a);
            continue;
        }
        body.push_str(line);
        body.push('\n');
    }
    flush(&mut author, &mut body, &mut messages);
    if messages.is_empty() {
        return Err(ImportError(format!("{name}: the thread is empty")));
    }
    let answering = messages.len() - 1;
    Ok(Thread {
        title,
        format: Format::Plain,
        messages,
        answering,
    })
}

pub fn load(path: &std::path::Path, format: Option<Format>) -> Result<Thread, ImportError> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| ImportError(format!("{name}: {e}")))?;
    parse(&bytes, &name, format)
}
