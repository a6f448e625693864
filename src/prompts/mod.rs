//! The built-in packs as this binary carries them: the engine compiled from
//! them when tactful was built (see `build.rs`), and the sample thread the
//! home screen opens on. Reading, checking and compiling packs is the
//! engine crate's ([`tactful_engine::packs`]).

use std::path::Path;

use tactful_engine::Engine;
use tactful_engine::packs;

/// The built-in packs compiled when tactful was built (see `build.rs`, which
/// stops the build when they do not compile).
static IMAGE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/engine.bin"));

/// The built-in packs, compiled into an engine: read from the image made at
/// build time, or compiled now should the image not read.
pub fn builtin_engine() -> anyhow::Result<Engine> {
    if let Ok(engine) = Engine::from_static_image(IMAGE) {
        return Ok(engine);
    }
    packs::builtin_engine()
}

/// The engine for the built-in packs, and the packs of `dir` if given:
/// without custom packs it is the one compiled at build time, with them it
/// is compiled now.
pub fn engine(dir: Option<&Path>) -> anyhow::Result<Engine> {
    match dir {
        None => builtin_engine(),
        Some(_) => Ok(Engine::new(packs::load(dir)?)?),
    }
}

/// The id among `ids` nearest to a mistyped one, at most four edits away
/// (ties go to the first in alphabetical order), for "did you mean" in
/// errors about rule and exercise ids.
pub fn nearest<'a>(ids: impl IntoIterator<Item = &'a str>, typed: &str) -> Option<&'a str> {
    ids.into_iter()
        .map(|id| (strsim::levenshtein(id, typed), id))
        .filter(|(distance, _)| *distance <= 4)
        .min()
        .map(|(_, id)| id)
}

/// The built-in sample thread (plain text).
pub fn sample_thread() -> &'static str {
    include_str!("../../prompts/sample-thread.md")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The image made at build time is this build's, reads, and holds the
    /// built-in packs as they are now.
    #[test]
    fn the_built_in_image_reads_and_is_current() {
        let engine = Engine::from_image(IMAGE).expect("the build script wrote an image");
        let fresh = packs::builtin_engine().unwrap();
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

    #[test]
    fn nearest_id_is_within_four_edits_ties_alphabetical() {
        let ids = [
            "listening.paraphrase",
            "listening.question",
            "humility.hedge",
        ];
        assert_eq!(
            nearest(ids, "listening.parafrase"),
            Some("listening.paraphrase")
        );
        assert_eq!(nearest(ids, "escalation.absolute"), None);
        assert_eq!(nearest(["ab", "aa"], "a"), Some("aa"));
    }
}
