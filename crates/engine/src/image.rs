//! A compiled engine as bytes, so that the built-in packs are compiled once,
//! when tactful is built, instead of at every start.
//!
//! Reading the packs' TOML, expanding their patterns and lists into phrases,
//! folding the valence lexicon and building the phrase trie took about
//! 140 million instructions (15–20 ms) before the first word of a draft was
//! read; `tactful check` on a reply is mostly start-up. The build script
//! (`build.rs`) compiles the embedded packs with this same code and writes
//! the engine with [`Engine::to_image`]; at run time [`Engine::from_image`]
//! reads it back, which costs a fraction of that: allocating what the
//! engine holds, and no parsing, folding or expanding. Custom packs
//! (`--prompts DIR`) are still read and compiled at run time.
//!
//! What reading drafts does not need is left out, and an engine read from
//! an image has none of it: the patterns' anchor phrases (the matcher holds
//! them), the named word lists and the valence lexicon as the packs wrote
//! them (the patterns and the matcher hold them compiled). Only
//! [`Engine::new`] reads those, so an image's library is not one to compile
//! again. The built-in pack files' texts are named, and taken from the
//! binary's own copies.
//!
//! The format is postcard (serde, compact, no schema in the bytes), behind
//! a header naming this format's version and the crate's: an image is only
//! ever read by the build that wrote it, and anything else is refused (the
//! caller then compiles the packs as before).

use crate::engine::Engine;
use crate::serial::{self, Tables};

/// What an image starts with: the format's name and version, and the
/// crate's version.
fn header() -> String {
    format!("tactful-engine/2/{}\n", env!("CARGO_PKG_VERSION"))
}

impl Engine {
    /// The engine as bytes (see the module's documentation).
    pub fn to_image(&self) -> Result<Vec<u8>, String> {
        let _tables = Tables::open();
        // The engine first, which numbers the words of its phrases; then
        // the words, which are read first.
        let body = postcard::to_stdvec(self).map_err(|e| e.to_string())?;
        let words = serial::written_words();
        let words: Vec<&str> = words.iter().map(|w| &**w).collect();
        let mut out = header().into_bytes();
        out.extend_from_slice(
            &postcard::to_stdvec(&(words, Bytes(&body))).map_err(|e| e.to_string())?,
        );
        Ok(out)
    }

    /// An engine from bytes written by [`Engine::to_image`] of this build.
    pub fn from_image(bytes: &[u8]) -> Result<Engine, String> {
        Engine::read_image(bytes)
    }

    /// An engine from an image that lives as long as the program (the one
    /// a binary carries): the matcher's tables are read in place, not
    /// copied (see `serial::packed`).
    pub fn from_static_image(bytes: &'static [u8]) -> Result<Engine, String> {
        let _in_place = serial::packed::InPlace::open(bytes);
        Engine::read_image(bytes)
    }

    fn read_image(bytes: &[u8]) -> Result<Engine, String> {
        let header = header();
        let image = bytes
            .strip_prefix(header.as_bytes())
            .ok_or("not an engine image of this build")?;
        let damaged = |e: postcard::Error| format!("a damaged engine image: {e}");
        let (words, body): (Vec<&str>, &[u8]) = postcard::from_bytes(image).map_err(damaged)?;
        let _tables = Tables::open();
        serial::read_words(words);
        let mut engine: Engine = postcard::from_bytes(body).map_err(damaged)?;
        engine.starts = crate::prefilter::Starts::new(&engine.library.rules);
        Ok(engine)
    }
}

/// Bytes written as one run rather than number by number.
struct Bytes<'a>(&'a [u8]);

impl serde::Serialize for Bytes<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Context;

    /// An engine read from an image finds, fits and scores exactly what
    /// the engine it was written from does.
    #[test]
    fn an_engine_read_back_reads_drafts_alike() {
        let built = Engine::new(crate::packs::builtin().unwrap()).unwrap();
        let image = built.to_image().unwrap();
        let read = Engine::from_image(&image).unwrap();
        assert_eq!(read.phrases(), built.phrases());
        assert_eq!(read.library().rules.len(), built.library().rules.len());
        let draft = "You always ignore this, you m0ron. Obviously you never read the docs!! \
            I understand your frustration, but no. It sounds like you're tired of waiting. \
            Thanks for the report; I might be wrong, but I think it's the cache. \
            Would you be open to a call? Calm down, sweetie, it's just a warning.\n\n\
            > you always say that\n\nWhat do you think went wrong? I'm sorry it cost you a day.";
        let ctx = Context {
            answering: Some("The release broke our builds and cost us a day of work."),
            ..Context::default()
        };
        let (a, b) = (built.analyze(draft, &ctx), read.analyze(draft, &ctx));
        assert!(a.findings.len() > 10, "{:?}", a.findings);
        assert_eq!(a.findings, b.findings);
        assert_eq!(a.scores, b.scores);
        assert_eq!(a.contributions, b.contributions);
        // Located errors still quote the pack files (named, not held, in
        // the image).
        assert!(!read.library().sources.is_empty());
        assert_eq!(read.library().sources, built.library().sources);
    }

    /// An engine read in place from an image that lives as long as the
    /// program borrows the matcher's tables from it, and reads drafts as
    /// one whose tables were copied.
    #[test]
    fn an_engine_read_in_place_borrows_its_tables_and_reads_alike() {
        let built = Engine::new(crate::packs::builtin().unwrap()).unwrap();
        let image: &'static [u8] = Box::leak(built.to_image().unwrap().into_boxed_slice());
        let copied = Engine::from_image(image).unwrap();
        let in_place = Engine::from_static_image(image).unwrap();
        assert!(!copied.matcher.in_place());
        assert!(in_place.matcher.in_place());
        assert_eq!(in_place.phrases(), built.phrases());
        let draft = "Obviously you never read the docs, you m0ron. I hear you, and \
            I might be wrong, but would you be open to a call? Calm down, sweetie.";
        let ctx = Context::default();
        let (a, b) = (built.analyze(draft, &ctx), in_place.analyze(draft, &ctx));
        assert!(a.findings.len() > 3, "{:?}", a.findings);
        assert_eq!(a.findings, b.findings);
        assert_eq!(a.scores, b.scores);
    }

    /// The word tables the rewrites and the sentence model read at run time
    /// come back from the image as they were compiled.
    #[test]
    fn the_language_tables_survive_the_image() {
        let built = Engine::new(crate::packs::builtin().unwrap()).unwrap();
        let read = Engine::from_image(&built.to_image().unwrap()).unwrap();
        let (a, b) = (&built.library().language, &read.library().language);
        assert!(!a.abbreviations.is_empty() && !a.rewrites.fillers.is_empty());
        assert_eq!(a.abbreviations, b.abbreviations);
        assert_eq!(
            format!("{:?}", a.rewrites),
            format!("{:?}", b.rewrites),
            "the rewrite tables"
        );
    }

    #[test]
    fn a_foreign_or_damaged_image_is_refused() {
        assert!(Engine::from_image(b"not an image").is_err());
        let image = Engine::new(crate::packs::builtin().unwrap())
            .unwrap()
            .to_image()
            .unwrap();
        assert!(Engine::from_image(&image[..image.len() / 2]).is_err());
    }
}
