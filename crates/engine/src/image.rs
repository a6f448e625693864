//! A compiled engine as bytes, so that the built-in packs are compiled once,
//! when tactful is built, instead of at every start.
//!
//! Reading the packs' TOML, expanding their patterns and lists into phrases,
//! folding the valence lexicon and building the phrase trie took about
//! 140 million instructions (15–20 ms) before the first word of a draft was
//! read; `tactful check` on a reply is mostly start-up. The build script
//! (`build.rs`) compiles the embedded packs with this same code and writes
//! the engine with [`Engine::to_image`]; at run time the binary reads its
//! own image with [`Engine::from_static_image`], which reads little more
//! than the engine's outline: the matcher's tables are looked up in place
//! in the image, and each compiled pattern (with the word lists and words
//! it uses) is read when a draft first needs it (see `serial`).
//! [`Engine::from_image`] reads any image whole, at once. Custom packs
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

use std::sync::Arc;

use crate::engine::Engine;
use crate::serial::packed::{Bytes, Table};
use crate::serial::{self, Shared, Tables};

/// What an image starts with: the format's name and version, and the
/// crate's version.
fn header() -> String {
    format!("tactful-engine/3/{}\n", env!("CARGO_PKG_VERSION"))
}

/// An image after its header: the words of all phrases (as one text and
/// where each starts), the shared word lists, and the engine.
type Parts = (Bytes, Table<u32>, Vec<Bytes>, Bytes);

impl Engine {
    /// The engine as bytes (see the module's documentation).
    pub fn to_image(&self) -> Result<Vec<u8>, String> {
        let tables = Tables::open();
        // The engine first, which numbers the lists and words it uses; then
        // the lists, which number their words; then the words. They are
        // read in the opposite order.
        let body = postcard::to_stdvec(self).map_err(|e| e.to_string())?;
        let lists = tables.lists();
        let (text, starts) = tables.words();
        let parts: Parts = (
            Bytes(text.into_bytes().into()),
            Table::new(&starts),
            lists.into_iter().map(|l| Bytes(l.into())).collect(),
            Bytes(body.into()),
        );
        let mut out = header().into_bytes();
        out.extend_from_slice(&postcard::to_stdvec(&parts).map_err(|e| e.to_string())?);
        Ok(out)
    }

    /// An engine from bytes written by [`Engine::to_image`] of this build,
    /// read whole: a damaged image is an error here, never later.
    pub fn from_image(bytes: &[u8]) -> Result<Engine, String> {
        let engine = Engine::read_image(bytes)?;
        let damaged = |e: String| format!("a damaged engine image: {e}");
        for rule in &engine.library.rules {
            for pattern in &rule.compiled {
                pattern.read().map_err(damaged)?;
            }
            rule.patterns.read().map_err(damaged)?;
            rule.examples_match.read().map_err(damaged)?;
            rule.examples_no_match.read().map_err(damaged)?;
        }
        Ok(engine)
    }

    /// An engine from the image a binary carries, written by its own build
    /// script: the matcher's tables are read in place, not copied (see
    /// `serial::packed`), and each rule's compiled patterns (and its
    /// patterns and examples as written) are read when first used (see
    /// [`serial::Lazy`]). Only the engine's outline is checked now; the
    /// image being this build's own, a part that does not read later is a
    /// broken build, and panics.
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
        let (text, starts, lists, body): Parts = postcard::from_bytes(image).map_err(damaged)?;
        let _reading = serial::Reading::open(Arc::new(Shared::new(text, starts, lists)));
        let mut engine: Engine = postcard::from_bytes(&body.0).map_err(damaged)?;
        engine.starts.prepare();
        Ok(engine)
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
        // Every rule's patterns read at once from a copy; from the image
        // in place, only those of the rules a draft makes it try.
        let read = |e: &Engine| {
            let all = e.library.rules.iter().flat_map(|r| &r.compiled);
            all.filter(|c| c.is_read()).count()
        };
        let patterns = read(&built);
        assert_eq!(read(&copied), patterns);
        assert_eq!(read(&in_place), 0);
        assert_eq!(in_place.phrases(), built.phrases());
        let draft = "Obviously you never read the docs, you m0ron. I hear you, and \
            I might be wrong, but would you be open to a call? Calm down, sweetie.";
        let ctx = Context::default();
        let (a, b) = (built.analyze(draft, &ctx), in_place.analyze(draft, &ctx));
        assert!(a.findings.len() > 3, "{:?}", a.findings);
        assert_eq!(a.findings, b.findings);
        assert_eq!(a.scores, b.scores);
        assert!(
            (1..patterns / 10).contains(&read(&in_place)),
            "{}",
            read(&in_place)
        );
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
