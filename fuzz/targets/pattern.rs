//! The pattern language: `compile` and `expand` on any pattern text, with
//! the built-in packs' word lists and lexicon. Either may refuse a pattern
//! with an error; neither may panic, and an error's offset must point
//! inside the pattern.

use tactful_engine::pattern::{self, Lists};
use tactful_engine::text::Lexicon;

fn main() {
    let library = tactful_engine::packs::builtin().expect("the built-in packs load");
    let lexicon = Lexicon::new(
        &library.language.intensifiers,
        &library.language.contractions,
    );
    let lists: Lists = library
        .lists
        .iter()
        .map(|(name, info)| (name.clone(), info.words.clone()))
        .collect();
    afl::fuzz!(|data: &[u8]| {
        let Ok(text) = std::str::from_utf8(data) else {
            return;
        };
        match pattern::compile(text, &lists, &lexicon) {
            Ok(compiled) => assert!(!compiled.anchors.is_empty() || compiled.tail.is_some()),
            Err(err) => assert!(
                err.offset <= text.len(),
                "offset {} past {}",
                err.offset,
                text.len()
            ),
        }
        match pattern::expand(text, &lists, &lexicon) {
            Ok(phrases) => {
                assert!(!phrases.is_empty());
                assert!(phrases.len() <= pattern::MAX_EXPANSION);
            }
            Err(err) => assert!(
                err.offset <= text.len(),
                "offset {} past {}",
                err.offset,
                text.len()
            ),
        }
    });
}
