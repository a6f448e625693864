//! `tactful lsp`: a language server, so that replies written in `$EDITOR`
//! (a `gh issue comment`, a commit message, a mail, a Markdown file) are
//! read as they are typed, with the same engine, packs and dismissals as
//! the reply flow.
//!
//! Over standard input and output, on `lsp-server` and `lsp-types`: a
//! synchronous loop on channels, no async runtime, which fits a server
//! whose only work is one analysis of milliseconds. What it offers:
//!
//! - diagnostics for every flag (severity from the rule, `code` the rule id,
//!   `source` "tactful", the `tactful rules --explain` line in the message),
//!   and for good cues when the client sets `cueHints`; a note on the first
//!   line when the draft falls below the bar;
//! - code actions: each suggested rewrite as a quick fix, "dismiss here"
//!   (the `tactful.dismiss` command, remembered in the state directory), and
//!   sentence starters for a dimension with no cue;
//! - a hover on a finding (its message, why and source) and elsewhere the
//!   scores; the scores also as an inlay hint on the first line;
//! - the thread as context (`context`), the client's settings layered over
//!   the configuration file (`settings`).
//!
//! Positions are in the encoding negotiated at initialisation (`text`).
//! No protocol type leaves this module.

mod context;
mod features;
mod server;
mod settings;
mod text;
mod words;

pub use settings::Base;

use crate::store::Store;

/// What `tactful lsp` hands the server.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Packs, intent and bar from the command line and the configuration file.
    pub base: Base,
    /// Where dismissals are remembered (none: "dismiss here" is refused).
    pub store: Option<Store>,
}

/// Serves one client on an in-memory or any other `lsp-server` connection
/// (tests and benches use `Connection::memory()`). Returns whether the
/// client shut the server down before telling it to exit.
pub fn serve(connection: lsp_server::Connection, options: Options) -> anyhow::Result<bool> {
    server::serve(connection, options)
}

/// Serves a client over standard input and output until it exits.
pub fn run_stdio(options: Options) -> anyhow::Result<bool> {
    let (connection, io_threads) = lsp_server::Connection::stdio();
    let clean = serve(connection, options)?;
    io_threads.join()?;
    Ok(clean)
}
