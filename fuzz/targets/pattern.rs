//! The pattern language: `compile` and `expand` on any pattern text, with
//! the built-in packs' word lists and lexicon. Either may refuse a pattern
//! with an error; neither may panic, and an error's offset must point
//! inside the pattern.

use std::collections::HashMap;
use std::sync::Arc;

use tactful::engine::pattern::{self, Lists, Word};
use tactful::engine::text::{Lexicon, fold_tokens_with};
use tactful::prompts::Library;

fn main() {
    let library = Library::builtin().expect("the built-in packs load");
    let lexicon = Lexicon::new(
        &library.language.intensifiers,
        &library.language.contractions,
    );
    let lists: Lists = library
        .lists
        .iter()
        .map(|(name, entries)| {
            let folded: Vec<Vec<Word>> = entries
                .iter()
                .map(|e| {
                    fold_tokens_with(e, &lexicon)
                        .into_iter()
                        .map(Word::from)
                        .collect()
                })
                .collect();
            (name.clone(), Arc::new(folded))
        })
        .collect::<HashMap<_, _>>();
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
