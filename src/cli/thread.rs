//! `tactful thread show`: print what tactful understood of a thread, for
//! people (numbered messages, the one being answered marked) or for tools
//! (`--format json`).
//!
//! JSON output, schema version 1: one object
//! `{"schema_version": 1, "title": string|null, "format": "text"|"email"|…,
//!   "messages": [{"author": string|null, "time": string|null,
//!                 "body": string, "reply_to": number|null,
//!                 "source_id": string|null}],
//!   "answering": number}`.
//! `reply_to` and `answering` are 0-based indices into `messages`;
//! `reply_to` is always smaller than the message's own index. `source_id`
//! is the message's id in the source (a Reddit comment id, an email
//! Message-ID, …; see `thread::Message`), which `--reply-to id:ID` accepts.
//! Adding a field keeps the version; renaming or removing one bumps it.

use std::io::{self, Write};

use anyhow::Context;
use serde::Serialize;

use super::{GlobalArgs, OutputFormat, Status, ThreadAction, ThreadArgs};
use crate::thread::{self, Format, Thread};
use crate::tui::widgets::words::{flow, why_chosen};

/// The version of the JSON printed by `thread show --format json`.
pub const SCHEMA_VERSION: u32 = 1;

pub fn run(global: &GlobalArgs, args: ThreadArgs) -> anyhow::Result<Status> {
    match args.action {
        ThreadAction::Show {
            thread,
            from,
            reply_to,
            format,
        } => {
            let from = from
                .as_deref()
                .map(str::parse::<Format>)
                .transpose()
                .context("--from")?;
            let mut parsed = thread::load(&thread, from)?
                .answer(reply_to.as_ref())
                .map_err(|mut err| {
                    err.file = if thread.as_os_str() == "-" {
                        "<stdin>".into()
                    } else {
                        thread.display().to_string()
                    };
                    err
                })?;
            // Without --reply-to, the message people would answer, as
            // `reply` chooses it (a linear thread needs no reading: its
            // last message).
            let chosen = if parsed.answer_given || parsed.tree().is_linear() {
                None
            } else {
                crate::reading::choose_answer(&super::engine(global)?, &mut parsed)
            };
            let text = match format {
                OutputFormat::Human => {
                    let mut text = render_human(&parsed);
                    if let Some(c) = chosen {
                        let who = parsed.messages[c.message]
                            .author
                            .clone()
                            .unwrap_or_else(|| format!("message {}", c.message + 1));
                        let line = why_chosen(flow(), &who, &c);
                        // Under the line that says which message is answered.
                        if let Some(at) = text.find("\n\n") {
                            text.insert_str(at + 1, &format!("{line}\n"));
                        }
                    }
                    text
                }
                OutputFormat::Json => render_json(&parsed)?,
            };
            write_stdout(&text)?;
            Ok(0)
        }
    }
}

/// Print, treating a closed pipe (`| head`) as a clean end.
fn write_stdout(text: &str) -> anyhow::Result<()> {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(err) if err.kind() != io::ErrorKind::BrokenPipe => Err(err).context("writing output"),
        _ => Ok(()),
    }
}

#[derive(Serialize)]
struct JsonThread<'a> {
    schema_version: u32,
    #[serde(flatten)]
    thread: &'a Thread,
}

/// The thread as schema-versioned JSON, one line per field, ending in a
/// newline.
pub fn render_json(thread: &Thread) -> anyhow::Result<String> {
    let mut text = serde_json::to_string_pretty(&JsonThread {
        schema_version: SCHEMA_VERSION,
        thread,
    })?;
    text.push('\n');
    Ok(text)
}

/// The thread for people: title, format, each message numbered (1-based)
/// with author and time, its text indented, the answered one marked.
pub fn render_human(thread: &Thread) -> String {
    let mut out = String::new();
    if let Some(title) = thread
        .title
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        out.push_str(&format!("{title}\n"));
    }
    let count = thread.messages.len();
    out.push_str(&format!(
        "{} thread, {count} message{}, answering #{}\n",
        thread.format,
        if count == 1 { "" } else { "s" },
        thread.answering + 1
    ));
    for (i, message) in thread.messages.iter().enumerate() {
        out.push('\n');
        let marker = if i == thread.answering { "▶" } else { " " };
        let mut head = format!(
            "{marker} #{} {}",
            i + 1,
            message.author.as_deref().unwrap_or("(unknown)")
        );
        if let Some(time) = &message.time {
            // As on every screen: `15 Mar 2016 12:05`, in the local zone
            // when the zone is known.
            head.push_str(&format!(" · {}", crate::practice::time::readable(time)));
        }
        if let Some(parent) = message.reply_to {
            head.push_str(&format!(" · reply to #{}", parent + 1));
        }
        if i == thread.answering {
            head.push_str("  ← answering");
        }
        out.push_str(&head);
        out.push('\n');
        if message.body.is_empty() {
            out.push_str("    (empty)\n");
        }
        for line in message.body.lines() {
            if line.is_empty() {
                out.push('\n');
            } else {
                out.push_str("    ");
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::thread::parse;

    #[test]
    fn human_output_marks_the_answered_message() {
        let thread = parse(b"Ann: you broke it\n\nBo: I did not\n", "t.txt", None).unwrap();
        let text = render_human(&thread);
        assert!(text.contains("▶ #2 Bo"), "{text}");
        assert!(text.contains("    you broke it"), "{text}");
    }

    #[test]
    fn json_output_has_schema_version() {
        let thread = parse(b"hi\n", "t.txt", None).unwrap();
        let value: serde_json::Value =
            serde_json::from_str(&render_json(&thread).unwrap()).unwrap();
        assert_eq!(value["schema_version"], 1);
        assert_eq!(value["format"], "text");
        assert_eq!(value["answering"], 0);
    }
}
