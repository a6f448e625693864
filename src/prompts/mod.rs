//! Prompt packs: the rules, questions, scaffolds, intents and language
//! tables that tactful's coaching is made of. They are data (TOML files in
//! `prompts/`), embedded in the binary and extended or overridden with
//! `--prompts DIR`. This module reads and checks them and builds the
//! engine's rule model ([`crate::engine::rules`]) from them; the engine
//! never depends on it. It never touches the terminal.

mod embedded;
mod error;
pub(crate) mod load;
pub mod schema;
pub mod selftest;

use std::path::Path;

pub use error::{PackError, PackErrors};

use crate::engine::Engine;
use crate::engine::rules::Library;

/// The packs built into the binary.
pub fn builtin() -> Result<Library, PackErrors> {
    load::load(embedded::files(), Vec::new())
}

/// The built-in packs, then every `*.toml` file in `dir` (if given):
/// a custom pack with the id of a built-in one replaces it, a new id adds
/// a pack, and custom language tables extend the built-in ones.
pub fn load(dir: Option<&Path>) -> Result<Library, PackErrors> {
    let custom = match dir {
        Some(dir) => load::read_dir(dir)?,
        None => Vec::new(),
    };
    load::load(embedded::files(), custom)
}

/// The built-in packs, compiled into an engine.
pub fn builtin_engine() -> anyhow::Result<Engine> {
    Engine::new(builtin()?)
}

/// The built-in sample thread (plain text).
pub fn sample_thread() -> &'static str {
    embedded::SAMPLE_THREAD
}
