//! The compiled packs: the rules, the phrase matcher over all their
//! patterns, and the language tables, ready to read any number of drafts
//! (see `analyze`).

use std::collections::{HashMap, HashSet};

use rustc_hash::FxHashSet;

use crate::disguise::Disguises;
use crate::lang::Lang;
use crate::matcher::Matcher;
use crate::prefilter::Starts;
use crate::rules::{Computed, Library};
use crate::score;
use crate::text::{self, Lexicon};
use crate::types::{Kind, Severity};

/// The compiled packs, ready to analyse any number of drafts.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct Engine {
    pub(crate) library: Library,
    pub(crate) matcher: Matcher,
    pub(crate) lang: Lang,
    pub(crate) computed: HashMap<Computed, usize>,
    pub(crate) lexicon: text::Lexicon,
    pub(crate) weights_by_rule: HashMap<String, f64>,
    /// Flags whose heat the cues around them cannot cancel (see
    /// [`score::RuleWeight::tempers_cues`]).
    pub(crate) tempering: HashSet<String>,
    /// The rules that cap the overall score where they are found, with
    /// their caps.
    #[serde(default)]
    pub(crate) caps: HashMap<String, u8>,
    /// The flags whose praise is irony (`irony = true`): where one stands,
    /// warm words earn nothing (see [`crate::computed::drop_warmth_in_irony`]).
    #[serde(default)]
    pub(crate) ironic: Vec<String>,
    pub(crate) disguises: Disguises,
    /// The words each pattern's tail needs near its anchor (see
    /// `prefilter`), checked before the pattern is read or tried.
    pub(crate) starts: Starts,
    /// The fitted sentence reading's weights (see `reading`), read in
    /// place from an image.
    #[serde(default)]
    pub(crate) reading: crate::reading::Reading,
    /// What a stretch the reading marks is heard as doing (see
    /// `reads_as`), read in place from an image.
    #[serde(default)]
    pub(crate) reads_as: crate::reads_as::ReadsAs,
}

impl Engine {
    pub fn new(library: Library) -> anyhow::Result<Engine> {
        let l = &library.language;
        let lexicon = Lexicon::new(&l.intensifiers, &l.contractions);
        // The lexicon's words, folded as the text will be (one word each).
        let mut neutral: FxHashSet<&str> = l.tone_neutral.iter().map(String::as_str).collect();
        for list in l
            .tone_neutral_lists
            .iter()
            .filter_map(|n| library.lists.get(n))
        {
            neutral.extend(list.entries.iter().map(String::as_str));
        }
        let valence: Vec<(String, f32)> = library
            .valence
            .iter()
            .filter(|(w, _)| !neutral.contains(w.as_str()))
            .filter_map(|(w, r)| {
                let toks = text::fold_tokens_with(w, &lexicon);
                (toks.len() == 1).then(|| (toks[0].clone(), *r))
            })
            .collect();
        let matcher = Matcher::new(
            library.rules.iter().map(|r| r.compiled.as_slice()),
            &valence,
        )
        .map_err(anyhow::Error::msg)?;
        let lang = Lang::new(l, &lexicon);
        let computed = library
            .rules
            .iter()
            .enumerate()
            .filter_map(|(i, r)| r.computed.map(|c| (c, i)))
            .collect();
        let weights_by_rule = library
            .rules
            .iter()
            .map(|r| (r.id.to_string(), r.weight))
            .collect();
        // Warnings and attacks, not notes, and not "yes, but", which is
        // advice about emphasis rather than heat.
        let tempering = library
            .rules
            .iter()
            .filter(|r| {
                r.kind == Kind::Flag
                    && r.severity >= Severity::Warning
                    && r.computed != Some(Computed::YesBut)
            })
            .map(|r| r.id.to_string())
            .collect();
        let caps = library
            .rules
            .iter()
            .filter_map(|r| r.cap.map(|c| (r.id.to_string(), c)))
            .collect();
        let ironic = library
            .rules
            .iter()
            .filter(|r| r.irony)
            .map(|r| r.id.to_string())
            .collect();
        let disguises = Disguises::new(
            l.disguised_lists
                .iter()
                .filter_map(|name| library.lists.get(name))
                .flat_map(|list| list.words.phrases.iter())
                .filter(|p| p.len() == 1)
                .map(|p| &*p[0]),
        );
        Ok(Engine {
            starts: Starts::new(&library.rules),
            // The built-in table; empty, so that nothing is read, if it does
            // not parse (loading the packs reports that).
            reading: crate::reading::Reading::parse(crate::packs::embedded::READING)
                .unwrap_or_default(),
            reads_as: crate::reads_as::ReadsAs::parse(crate::packs::embedded::READS_AS)
                .unwrap_or_default(),
            library,
            matcher,
            lang,
            computed,
            lexicon,
            weights_by_rule,
            tempering,
            caps,
            ironic,
            disguises,
        })
    }

    /// Builds the sentence reading's hash index now when a run reads
    /// `bytes` of text in many short texts (`check --jsonl`), as a long
    /// draft does by itself: it costs about a millisecond once, and every
    /// short text after it looks its words up by hash rather than by binary
    /// search, which took nearly half the time of a stream of short
    /// comments. Below the reading's long-text size it does nothing. The
    /// table that names what a marked sentence does is indexed alike.
    pub fn prepare_for_many_texts(&self, bytes: usize) {
        self.reading.index_for(bytes);
        self.reads_as.index_for(bytes);
    }

    /// The packs this engine was compiled from.
    pub fn library(&self) -> &Library {
        &self.library
    }

    /// Number of distinct phrases in the automaton.
    pub fn phrase_count(&self) -> usize {
        self.matcher.len()
    }

    /// Every distinct phrase the engine searches for (the anchors of every
    /// pattern and the words of the valence lexicon), folded, its words
    /// joined by single spaces: what a bare phrase matcher would search.
    pub fn phrases(&self) -> Vec<String> {
        self.matcher.literals()
    }

    /// The weights of an intent, or the defaults.
    pub fn weights(&self, intent: Option<&str>) -> score::Weights {
        let chosen = intent
            .and_then(|id| self.library.intent(id))
            .or_else(|| self.library.intent("default"));
        match chosen {
            Some(i) => i.weights.iter().map(|(d, w)| (*d, *w)).collect(),
            None => score::default_weights(),
        }
    }
}

impl score::RuleWeight for Engine {
    fn weight(&self, rule_id: &str) -> f64 {
        self.weights_by_rule.get(rule_id).copied().unwrap_or(1.0)
    }

    fn tempers_cues(&self, rule_id: &str) -> bool {
        self.tempering.contains(rule_id)
    }

    fn cap(&self, rule_id: &str) -> Option<u8> {
        self.caps.get(rule_id).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::{AhoCorasick, MatchKind};

    /// The token trie finds what a byte-level Aho-Corasick automaton finds
    /// in the folded text: every phrase, with its leading and trailing
    /// space, wherever it starts at a token.
    #[test]
    fn the_trie_finds_what_an_automaton_finds() {
        let engine = crate::packs::builtin_engine().unwrap();
        let para = "You always ignore this. Obviously you never read the docs!! \
            I understand your frustration, but no. It sounds like you're tired of waiting. \
            Thanks for the report; I might be wrong, but I think it's the cache. \
            Would you be open to a call? Calm down, it's just a warning. \
            You're a f*cking m0ron and an i d i o t, sweetie; don't you dare.\n\n";
        let text = para.repeat(40);
        let folded = text::fold_with(&text, &engine.lexicon);
        let literals: Vec<String> = engine.phrases().iter().map(|p| format!(" {p} ")).collect();
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&literals)
            .unwrap();
        let mut expected: Vec<(u32, u32)> = ac
            .find_overlapping_iter(folded.text.as_str())
            .filter_map(|m| {
                let first = folded.token_at_folded(m.start() + 1)?;
                Some((m.pattern().as_u32(), first as u32))
            })
            .collect();
        let mut found = Vec::new();
        engine
            .matcher
            .find(&folded, &mut Vec::new(), &mut Vec::new(), &mut found);
        assert!(found.len() > 1000, "{}", found.len());
        expected.sort_unstable_by_key(|&(id, first)| (first, id));
        found.sort_unstable_by_key(|&(id, first)| (first, id));
        assert_eq!(found, expected);
    }
}
