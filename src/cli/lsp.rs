//! `tactful lsp`: the language server over standard input and output (see
//! `crate::lsp`). This command only resolves the configuration file and the
//! global options, which the client's own settings may then override.

use super::{GlobalArgs, LspArgs, Status};
use crate::lsp::{Base, Options};
use crate::store::Store;

pub fn run(global: &GlobalArgs, _args: LspArgs) -> anyhow::Result<Status> {
    let config = crate::config::Config::load(global.config.as_deref())?;
    let options = Options {
        base: Base {
            prompts: global.prompts.clone().or(config.prompts),
            intent: config.intent,
            min_score: config.min_score.unwrap_or(super::DEFAULT_MIN_SCORE),
        },
        store: Store::open().ok(),
    };
    // The protocol's exit status: 0 after a shutdown request, 1 without.
    Ok(if crate::lsp::run_stdio(options)? {
        0
    } else {
        1
    })
}
