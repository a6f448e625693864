//! `tactful reply` and the home screen: the guided flow in the terminal.

use std::path::Path;

use super::engine;
use super::{GlobalArgs, ReplyArgs, Status};
use crate::store::Origin;
use crate::tui::{self, widgets::thread_view};

/// `tactful reply [THREAD|-]`.
pub fn run(global: &GlobalArgs, args: ReplyArgs) -> anyhow::Result<Status> {
    let from = args.from.as_deref();
    let thread = match args.thread.as_deref() {
        None => {
            let mut t = thread_view::sample();
            if let Some(n) = args.reply_to {
                if n == 0 || n > t.messages.len() {
                    anyhow::bail!(
                        "--reply-to {n}: the sample thread has {} messages",
                        t.messages.len()
                    );
                }
                t.answering = n - 1;
            }
            (t, Origin::Sample)
        }
        Some(p) if p == Path::new("-") => {
            let (bytes, _) = crate::thread::read_limited(p).map_err(anyhow::Error::msg)?;
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let t = thread_view::import(&bytes, "<stdin>", from, args.reply_to)
                .map_err(anyhow::Error::msg)?;
            (t, Origin::Pasted { text })
        }
        Some(p) => {
            let t = thread_view::import_file(p, from, args.reply_to).map_err(anyhow::Error::msg)?;
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
    Ok(if outcome.replied { 0 } else { 1 })
}

/// `tactful` with no command: the home screen.
pub fn home(global: &GlobalArgs) -> anyhow::Result<Status> {
    let outcome = tui::run(tui::Options {
        engine: engine(global)?,
        thread: None,
        out: None,
    })?;
    print(&outcome)?;
    // The home screen is not a promise to reply: leaving it is no failure.
    Ok(0)
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
