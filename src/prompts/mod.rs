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

/// The built-in packs compiled when tactful was built (see `build.rs`, which
/// stops the build when they do not compile).
static IMAGE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/engine.bin"));

/// The built-in packs, compiled into an engine: read from the image made at
/// build time, or compiled now should the image not read.
pub fn builtin_engine() -> anyhow::Result<Engine> {
    if let Ok(engine) = Engine::from_image(IMAGE) {
        return Ok(engine);
    }
    Engine::new(builtin()?)
}

/// The engine for the built-in packs, and the packs of `dir` if given:
/// without custom packs it is the one compiled at build time, with them it
/// is compiled now.
pub fn engine(dir: Option<&Path>) -> anyhow::Result<Engine> {
    match dir {
        None => builtin_engine(),
        Some(_) => Ok(Engine::new(load(dir)?)?),
    }
}

/// The built-in sample thread (plain text).
pub fn sample_thread() -> &'static str {
    embedded::SAMPLE_THREAD
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The image made at build time is this build's, reads, and holds the
    /// built-in packs as they are now.
    #[test]
    fn the_built_in_image_reads_and_is_current() {
        let engine = Engine::from_image(IMAGE).expect("the build script wrote an image");
        let fresh = Engine::new(builtin().unwrap()).unwrap();
        assert_eq!(engine.phrases(), fresh.phrases());
        let ids = |e: &Engine| {
            e.library()
                .rules
                .iter()
                .map(|r| r.id.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(&engine), ids(&fresh));
    }
}
