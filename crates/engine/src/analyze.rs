//! The engine's readings of a draft: whole ([`Engine::analyze`]) or, for
//! a draft being edited, paragraph by paragraph with what did not change
//! kept from the reading before ([`Engine::analyze_incremental`]).

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use crate::computed;
use crate::context::{Context, Dismissal};
use crate::engine::Engine;
use crate::quotes::Quotes;
use crate::read;
use crate::rules::Computed;
use crate::score;
use crate::types::{Analysis, Dimension, Finding, Kind};

/// What [`Engine::analyze_incremental`] keeps between two readings of a
/// draft being edited: each paragraph's findings, by its text. Paragraphs
/// (text between blank lines) are read independently of each other: no
/// phrase, sentence, clause or suggestion crosses a blank line. Only
/// reflection carries over (each word of the message answered counts once,
/// where it is first said back), so a paragraph's findings are reused only
/// when the words said back before it are the same. What was not used in
/// the latest reading is dropped.
#[derive(Debug, Default)]
pub struct AnalysisCache {
    /// The message answered and the dismissals the paragraphs were read
    /// with: when they change, nothing is reused.
    context: (Option<String>, Vec<Dismissal>),
    paragraphs: HashMap<String, Vec<Paragraph>>,
    /// Paragraphs reused so far (for tests).
    reused: usize,
    /// Readings so far.
    round: u64,
}

/// One paragraph's reading, its offsets counted from its own start.
#[derive(Debug)]
struct Paragraph {
    /// The fingerprint of the words said back before it.
    said_before: (u64, usize),
    /// The words of the message answered first said back in it.
    said_here: Vec<String>,
    findings: Vec<Finding>,
    words: usize,
    lines: usize,
    quotes: Vec<Range<usize>>,
    /// The reading that last used it.
    round: u64,
}

/// A word's part of the fingerprint of a set of words.
fn fingerprint(word: &str) -> u64 {
    use std::hash::Hasher;
    let mut h = std::hash::DefaultHasher::new();
    h.write(word.as_bytes());
    h.finish()
}

/// The draft cut after every blank line.
fn paragraphs(draft: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for p in memchr::memmem::find_iter(draft.as_bytes(), b"\n\n") {
        if p + 2 > start {
            out.push(start..p + 2);
            start = p + 2;
        }
    }
    if start < draft.len() || out.is_empty() {
        out.push(start..draft.len());
    }
    out
}

impl Engine {
    /// Reads a draft.
    pub fn analyze(&self, draft: &str, ctx: &Context) -> Analysis {
        let reflect = reflection_words(self, ctx);
        let mut reflected = HashSet::new();
        let reflect = reflect.as_ref().map(|w| (w, &mut reflected));
        let (findings, words) = read::findings_of(self, draft, ctx.dismissed, reflect);
        finish(self, findings, words, ctx)
    }

    /// Reads a draft that is being edited, reusing what `cache` kept from
    /// the previous reading for every paragraph that has not changed: the
    /// same result as [`Engine::analyze`], in time for the paragraphs that
    /// changed (the reply flow re-reads the draft at every pause in
    /// typing). See [`AnalysisCache`].
    pub fn analyze_incremental(
        &self,
        draft: &str,
        ctx: &Context,
        cache: &mut AnalysisCache,
    ) -> Analysis {
        let context = (ctx.answering.map(str::to_string), ctx.dismissed.to_vec());
        if cache.context != context {
            *cache = AnalysisCache {
                context,
                ..AnalysisCache::default()
            };
        }
        cache.round += 1;
        let round = cache.round;
        let reflect = reflection_words(self, ctx);
        // The words said back so far, and a fingerprint of them (their
        // hashes added up, and how many) to compare in one step.
        let mut reflected: HashSet<String> = HashSet::new();
        let mut said: (u64, usize) = (0, 0);
        let mut findings = Vec::new();
        let mut words = 0;
        let mut line = 0;
        let mut quotes = Vec::new();
        for range in paragraphs(draft) {
            let text = &draft[range.clone()];
            if !cache.paragraphs.contains_key(text) {
                cache.paragraphs.insert(text.to_string(), Vec::new());
            }
            let Some(list) = cache.paragraphs.get_mut(text) else {
                continue;
            };
            let part = match list.iter_mut().find(|p| p.said_before == said) {
                Some(p) => {
                    cache.reused += 1;
                    p.round = round;
                    for w in &p.said_here {
                        if reflected.insert(w.clone()) {
                            said = (said.0.wrapping_add(fingerprint(w)), said.1 + 1);
                        }
                    }
                    &*p
                }
                None => {
                    let before = reflected.clone();
                    let reflect = reflect.as_ref().map(|w| (w, &mut reflected));
                    let (found, words) = read::findings_of(self, text, ctx.dismissed, reflect);
                    let said_here: Vec<String> = reflected.difference(&before).cloned().collect();
                    let said_before = said;
                    for w in &said_here {
                        said = (said.0.wrapping_add(fingerprint(w)), said.1 + 1);
                    }
                    list.push(Paragraph {
                        said_before,
                        said_here,
                        findings: found,
                        words,
                        lines: memchr::memchr_iter(b'\n', text.as_bytes()).count(),
                        quotes: Quotes::find(text, &self.lang.reporting).regions().to_vec(),
                        round,
                    });
                    &list[list.len() - 1]
                }
            };
            words += part.words;
            quotes.extend(
                part.quotes
                    .iter()
                    .map(|r| r.start + range.start..r.end + range.start),
            );
            findings.extend(part.findings.iter().map(|f| {
                let mut f = f.clone();
                f.byte_start += range.start;
                f.byte_end += range.start;
                f.line += line;
                for s in &mut f.suggestions {
                    s.byte_start += range.start;
                    s.byte_end += range.start;
                }
                f
            }));
            line += part.lines;
        }
        // What this reading did not use is dropped.
        cache.paragraphs.retain(|_, list| {
            list.retain(|p| p.round == round);
            !list.is_empty()
        });
        // Paragraphs are read alone; that is the same as reading the draft
        // whole unless a quote (a code block) runs across a blank line.
        if quotes != Quotes::find(draft, &self.lang.reporting).regions() {
            cache.paragraphs.clear();
            cache.reused = 0;
            return self.analyze(draft, ctx);
        }
        finish(self, findings, words, ctx)
    }
}

/// The words of the message answered, when reflection is a rule.
fn reflection_words(engine: &Engine, ctx: &Context) -> Option<HashSet<String>> {
    ctx.answering
        .filter(|_| engine.computed.contains_key(&Computed::Reflection))
        .map(|a| computed::content_words(a, &engine.lang))
}

/// Scores the findings.
fn finish(engine: &Engine, findings: Vec<Finding>, words: usize, ctx: &Context) -> Analysis {
    let weights = engine.weights(ctx.intent);
    let (scores, contributions) = score::score(&findings, words, &weights, engine);
    let missing = Dimension::ALL
        .into_iter()
        .filter(|d| *d != Dimension::Escalation)
        .filter(|d| {
            !findings
                .iter()
                .any(|f| f.dimension == *d && f.kind == Kind::Cue)
        })
        .collect();
    Analysis {
        findings,
        scores,
        contributions,
        words,
        missing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::context::{Context, Dismissal};

    /// Reading a draft paragraph by paragraph, reusing the paragraphs that
    /// did not change, gives what reading it whole gives, edit after edit.
    #[test]
    fn incremental_reading_matches_a_whole_reading() {
        let engine = crate::packs::builtin_engine().unwrap();
        let draft = String::from(
            "I hear you, and I'm sorry the release broke your build.\n\n\
             You always ignore these reports. Obviously nobody tested this!!\n\n\
             > you never listen\n\n\
             What happened when you upgraded? I understand, but the docs say so.\n\n\
             ```\ncode block\n\nyou idiot, inside code\n```\n\n\
             Thanks for the report; it sounds like the cache. Would you be open to a call?\n",
        );
        let answering = "The release broke our build and the cache is wrong again, nobody listens.";
        let dismissed = [Dismissal::new("escalation.absolute", "you always")];
        let edits: &[(&str, &str)] = &[
            ("broke your build", "broke your build badly"),
            ("You always", "You often"),
            ("the cache", "the cache again"),
            ("code block", "code block changed"),
            ("Thanks for", "You idiot. Thanks for"),
            ("\n\n> you never", "\n\n\n> you never"),
        ];
        // With a code block across a blank line (read whole) and without.
        let drafts = [
            draft.clone(),
            draft.replace("code block\n\nyou", "code block\nyou"),
        ];
        for (k, draft) in drafts.iter().enumerate() {
            for (answer, dismissed) in [
                (None, &[][..]),
                (Some(answering), &[][..]),
                (Some(answering), &dismissed[..]),
            ] {
                let ctx = Context {
                    answering: answer,
                    intent: None,
                    dismissed,
                };
                let mut cache = AnalysisCache::default();
                let mut text = draft.clone();
                for (from, to) in edits {
                    text = text.replacen(from, to, 1);
                    let whole = engine.analyze(&text, &ctx);
                    let parts = engine.analyze_incremental(&text, &ctx, &mut cache);
                    assert_eq!(parts.findings, whole.findings, "after {from:?} -> {to:?}");
                    assert_eq!(parts.scores, whole.scores);
                    assert_eq!(parts.words, whole.words);
                    assert_eq!(parts.missing, whole.missing);
                }
                assert_eq!(
                    cache.reused > 0,
                    k == 1,
                    "paragraphs reused: {}",
                    cache.reused
                );
            }
        }
    }
}
