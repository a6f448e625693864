//! The language tables as the analysis reads them: folded, in sets, and
//! the view of the folded text that patterns match against.

use rustc_hash::FxHashSet;

use crate::pattern::Tokens;
use crate::rules::Language;
use crate::text::{self, Folded, Lexicon, TokenKind};

/// The language tables as sets, folded. Looked up for the words around
/// every match, so they use a fast non-cryptographic hash (the keys are
/// the packs' own words, not input an attacker chooses).
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub(crate) struct Lang {
    /// Negators and hypotheticals: what cancels a cue or a flag.
    pub(crate) negators: FxHashSet<String>,
    /// Negators only: what turns the tone of a word round.
    pub(crate) tone_negators: FxHashSet<String>,
    pub(crate) boosters: FxHashSet<String>,
    pub(crate) dampeners: Vec<Vec<String>>,
    pub(crate) second_person: FxHashSet<String>,
    /// The writer's own state ("i am"), folded into words.
    pub(crate) self_states: Vec<Vec<String>>,
    /// Words whose tone is a verb's, and the words that make them one.
    pub(crate) tone_verbs: FxHashSet<String>,
    pub(crate) tone_verb_after: FxHashSet<String>,
    /// Words that report someone else's words (see [`crate::quotes::Quotes::find`]).
    pub(crate) reporting: FxHashSet<String>,
    pub(crate) contrast: FxHashSet<String>,
    pub(crate) open_starters: Vec<Vec<String>>,
    pub(crate) stopwords: FxHashSet<String>,
    pub(crate) acronyms: FxHashSet<String>,
}

impl Lang {
    /// The tables of `l`, folded through `lexicon` as the text will be.
    pub(crate) fn new(l: &Language, lexicon: &Lexicon) -> Lang {
        let folded_set = |v: &[String]| {
            v.iter()
                .map(|s| text::fold_tokens_with(s, lexicon).join(" "))
                .collect::<FxHashSet<_>>()
        };
        // Phrases matched word by word ("a bit", "i am"), folded.
        let phrases = |v: &[String]| {
            v.iter()
                .map(|s| text::fold_tokens_with(s, lexicon))
                .filter(|t| !t.is_empty())
                .collect::<Vec<_>>()
        };
        Lang {
            negators: folded_set(&[l.negators.as_slice(), l.hypotheticals.as_slice()].concat()),
            tone_negators: folded_set(&l.negators),
            boosters: folded_set(&l.boosters),
            dampeners: phrases(&l.dampeners),
            second_person: folded_set(&l.second_person),
            self_states: phrases(&l.self_states),
            tone_verbs: folded_set(&l.tone_verbs),
            tone_verb_after: folded_set(&l.tone_verb_after),
            reporting: folded_set(&l.reporting),
            contrast: folded_set(&l.contrast),
            open_starters: l
                .open_question_starters
                .iter()
                .map(|s| text::fold_tokens_with(s, lexicon))
                .collect(),
            stopwords: folded_set(&l.stopwords),
            acronyms: l.acronyms.iter().map(|s| s.to_uppercase()).collect(),
        }
    }
}

/// The folded text as patterns see it, with the language tables at hand
/// for what a pattern asks of a token beyond its text (`{name}`).
pub(crate) struct Scan<'a> {
    pub f: &'a Folded,
    pub lang: &'a Lang,
}

impl Tokens for Scan<'_> {
    fn count(&self) -> usize {
        self.f.tokens.len()
    }
    fn text(&self, i: usize) -> &str {
        self.f.token_text(i)
    }
    fn is_word(&self, i: usize) -> bool {
        self.f.tokens[i].kind == TokenKind::Word
    }
    fn breaks_before(&self, i: usize) -> bool {
        self.f.tokens[i].after_break
    }
    fn is_boundary(&self, i: usize) -> bool {
        self.f.is_boundary(i)
    }
    /// A capital, not all capitals, and not a common word ("This", "You")
    /// that a sentence's first word also is.
    fn is_name(&self, i: usize) -> bool {
        let t = &self.f.tokens[i];
        let w = self.f.token_text(i);
        t.capital
            && !t.all_caps
            && w.chars().count() >= 3
            && !self.lang.stopwords.contains(w)
            && !self.lang.second_person.contains(w)
            && !self.lang.negators.contains(w)
    }
}
