//! `tactful reply` and the home screen: the guided flow in the terminal.

use std::path::Path;

use super::engine;
use super::{GlobalArgs, ReplyArgs, Status};
use crate::store::Origin;
use crate::thread::{self, Format, MessageRef};
use crate::tui::{self, widgets::thread_view, widgets::thread_view::ThreadData};

/// `tactful reply [THREAD|-]`.
pub fn run(global: &GlobalArgs, args: ReplyArgs) -> anyhow::Result<Status> {
    let from = args
        .from
        .as_deref()
        .map(str::parse::<Format>)
        .transpose()
        .map_err(anyhow::Error::msg)?;
    let reply_to = args.reply_to.as_ref();
    let thread = match args.thread.as_deref() {
        None => {
            let t = match reply_to {
                None => thread_view::sample(),
                Some(r) => {
                    let name = "sample thread";
                    let sample = crate::prompts::sample_thread();
                    answer(thread::parse(sample.as_bytes(), name, None), Some(r), name)?
                }
            };
            (t, Origin::Sample)
        }
        Some(p) if p == Path::new("-") => {
            let (bytes, name) = thread::read_limited(p).map_err(anyhow::Error::msg)?;
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let t = answer(thread::parse(&bytes, &name, from), reply_to, &name)?;
            (t, Origin::Pasted { text })
        }
        Some(p) => {
            let t = answer(thread::load(p, from), reply_to, &p.display().to_string())?;
            let path = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
            (t, Origin::File { path })
        }
    };
    let outcome = tui::run(tui::Options {
        engine: engine(global)?,
        thread: Some(thread),
        out: args.out,
    })?;
    print(&outcome)?;
    // 0: a reply was saved, printed or copied; 1: none (abandoned).
    Ok(outcome.status())
}

/// The imported thread answering the message `--reply-to` names (or the
/// default), ready to show; errors name the file.
fn answer(
    parsed: Result<thread::Thread, thread::ImportError>,
    reply_to: Option<&MessageRef>,
    name: &str,
) -> anyhow::Result<ThreadData> {
    let answered = parsed.and_then(|t| t.answer(reply_to)).map_err(|mut err| {
        if err.file.is_empty() {
            err.file = name.to_string();
        }
        err
    })?;
    Ok(answered.into())
}

/// `tactful` with no command: the home screen.
pub fn home(global: &GlobalArgs) -> anyhow::Result<Status> {
    let outcome = tui::run(tui::Options {
        engine: engine(global)?,
        thread: None,
        out: None,
    })?;
    print(&outcome)?;
    // One rule with `tactful reply`: 1 when left without a reply.
    Ok(outcome.status())
}

/// Prints the reply, if the user chose to, on standard output (the
/// terminal is restored by now).
fn print(outcome: &tui::Outcome) -> anyhow::Result<()> {
    if let Some(text) = &outcome.print {
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        out.write_all(text.as_bytes())?;
        out.flush()?;
    }
    Ok(())
}
