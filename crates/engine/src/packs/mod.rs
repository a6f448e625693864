//! Prompt packs: the rules, questions, scaffolds, intents and language
//! tables that tactful's coaching is made of. They are data (TOML files in
//! the repository's `prompts/`), embedded in this crate and extended or
//! overridden by a directory of custom packs. This module reads and checks
//! them and builds the engine's rule model ([`crate::rules`]) from them;
//! the engine never depends on it.

pub(crate) mod embedded;
mod error;
pub mod load;
pub mod schema;
pub mod selftest;
pub(crate) mod sources;

use std::path::Path;

pub use embedded::files;
pub use error::{PackError, PackErrors};

use crate::rules::Library;

/// The packs built into this crate.
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

/// The engine for the built-in packs, compiled now: parsing, expanding and
/// indexing every pack takes a moment, so a program that starts often
/// compiles it once and keeps it (tactful itself reads an image made when
/// it was built, see [`crate::Engine::from_image`]).
pub fn builtin_engine() -> anyhow::Result<crate::Engine> {
    crate::Engine::new(builtin()?)
}

/// The built-in language tables, read once, for tests of the code that
/// reads them.
#[cfg(test)]
pub(crate) fn builtin_language() -> &'static crate::rules::Language {
    static LANGUAGE: std::sync::OnceLock<crate::rules::Language> = std::sync::OnceLock::new();
    LANGUAGE.get_or_init(|| builtin().expect("the built-in packs load").language)
}
