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
use crate::score::Found;
use crate::types::{Analysis, Dimension, Finding, Kind, Severity, Summary};

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
        let gone = false_alarms(ctx.dismissed);
        let (findings, words) = read::findings_of(self, draft, &gone, reflect);
        finish(self, draft, findings, words, ctx)
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
                    let gone = false_alarms(ctx.dismissed);
                    let (found, words) = read::findings_of(self, text, &gone, reflect);
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
        finish(self, draft, findings, words, ctx)
    }
}

/// The dismissals whose findings are gone: false alarms, not the flags a
/// writer meant and keeps (those are read, then set aside in [`finish`]).
fn false_alarms(dismissed: &[Dismissal]) -> Vec<Dismissal> {
    dismissed
        .iter()
        .filter(|d| !d.keeps_cost)
        .cloned()
        .collect()
}

/// The words of the message answered, when reflection is a rule.
fn reflection_words(engine: &Engine, ctx: &Context) -> Option<HashSet<String>> {
    ctx.answering
        .filter(|_| engine.computed.contains_key(&Computed::Reflection))
        .map(|a| computed::content_words(a, &engine.lang))
}

/// Sets aside the findings the writer kept ("I meant it"), then scores.
fn finish(
    engine: &Engine,
    draft: &str,
    mut findings: Vec<Finding>,
    words: usize,
    ctx: &Context,
) -> Analysis {
    let mut kept = Vec::new();
    if ctx.dismissed.iter().any(|d| d.keeps_cost) {
        let keeps = |f: &Finding| {
            let folded = crate::text::fold_phrase(&draft[f.byte_start..f.byte_end]);
            ctx.dismissed
                .iter()
                .any(|d| d.keeps_cost && d.rule_id == f.rule_id && d.phrase == folded)
        };
        let (k, listed): (Vec<Finding>, Vec<Finding>) = findings.into_iter().partition(keeps);
        kept = k;
        findings = listed;
    }
    engine.score_reading(findings, kept, words, ctx)
}

impl Engine {
    /// The analysis of a reading put together from its parts: `findings`
    /// to list, `kept` (flags the writer meant and keeps, not listed) and
    /// the words in the author's own voice, scored as [`Engine::analyze`]
    /// scores one reading. For a text read in pieces (on every core) and
    /// merged in order.
    pub fn score_reading(
        &self,
        findings: Vec<Finding>,
        kept: Vec<Finding>,
        words: usize,
        ctx: &Context,
    ) -> Analysis {
        let summary = self.summarize(
            findings.iter().map(Found::from),
            kept.iter().map(Found::from),
            words,
            ctx,
        );
        Analysis {
            findings,
            scores: summary.scores,
            contributions: summary.contributions,
            words,
            missing: summary.missing,
            kept,
        }
    }

    /// What a reading comes to besides its findings, from what scoring
    /// reads of each: the findings to list (`listed`) and the flags the
    /// writer kept, scored as [`Engine::score_reading`] scores them. For a
    /// reading held in another form than [`Finding`]s.
    pub fn summarize<'a>(
        &self,
        listed: impl IntoIterator<Item = Found<'a>>,
        kept: impl IntoIterator<Item = Found<'a>>,
        words: usize,
        ctx: &Context,
    ) -> Summary {
        let weights = self.weights(ctx.intent);
        let mut cued = HashSet::new();
        let listed = listed.into_iter().inspect(|f| {
            if f.kind == Kind::Cue {
                cued.insert(f.dimension);
            }
        });
        let mut attacks = false;
        let found = listed.chain(kept).inspect(|f| {
            attacks |= f.kind == Kind::Flag && f.severity == Severity::Error;
        });
        let (scores, contributions) = score::score_found(found, words, &weights, self);
        let missing = Dimension::ALL
            .into_iter()
            .filter(|d| *d != Dimension::Escalation && !cued.contains(d))
            .collect();
        Summary {
            scores,
            contributions,
            words,
            missing,
            attacks,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::context::{Context, Dismissal};

    fn read(engine: &Engine, text: &str, dismissed: &[Dismissal]) -> Analysis {
        engine.analyze(
            text,
            &Context {
                dismissed,
                ..Context::default()
            },
        )
    }

    /// Whether reading `text` finds rule `id`.
    fn finds(engine: &Engine, text: &str, id: &str) -> bool {
        read(engine, text, &[])
            .findings
            .iter()
            .any(|f| f.rule_id == id)
    }

    /// A flag dismissed as a false alarm is gone and costs nothing; one the
    /// writer meant leaves the list and keeps its cost.
    #[test]
    fn a_flag_kept_as_meant_still_counts_and_a_false_alarm_does_not() {
        let engine = crate::packs::builtin_engine().unwrap();
        let text = "You always ignore the changelog.";
        let plain = read(&engine, text, &[]);
        let flag = plain
            .findings
            .iter()
            .find(|f| f.rule_id == "escalation.absolute")
            .expect("the absolute is flagged");
        let meant = read(
            &engine,
            text,
            &[Dismissal::kept(&flag.rule_id, &flag.matched)],
        );
        assert!(!meant.findings.iter().any(|f| f.rule_id == flag.rule_id));
        assert_eq!(meant.kept.len(), 1);
        assert_eq!(meant.scores, plain.scores);
        let false_alarm = read(
            &engine,
            text,
            &[Dismissal::new(&flag.rule_id, &flag.matched)],
        );
        assert!(false_alarm.kept.is_empty());
        assert!(false_alarm.scores.overall > plain.scores.overall);
    }

    /// A judgment of the person keeps the draft below the bar, whatever
    /// stock sentence stands beside it.
    #[test]
    fn a_judgment_of_the_person_caps_the_overall_below_the_bar() {
        let engine = crate::packs::builtin_engine().unwrap();
        let draft = "I hear you, and I appreciate you raising it. Thank you so much for \
                     your patience. You only posted this to get attention. Could we talk \
                     it through on a call tomorrow? I'd love to understand your view.";
        let a = read(&engine, draft, &[]);
        assert!(a.findings.iter().any(|f| f.rule_id == "judgment.bad-faith"));
        assert!(a.scores.overall <= 40, "{}", a.scores.overall);
    }

    /// Warm words inside a jab earn nothing; a bare interjection earns
    /// little.
    #[test]
    fn warmth_counts_only_where_it_is_meant() {
        let engine = crate::packs::builtin_engine().unwrap();
        let jab = read(&engine, "Thanks for the lecture, professor.", &[]);
        assert!(
            !jab.findings.iter().any(|f| f.kind == Kind::Cue),
            "{:?}",
            jab.findings
        );
        let wow = read(&engine, "Wow.", &[]);
        let warm = read(
            &engine,
            "Wow, this fixed it, thank you so much for the quick help!",
            &[],
        );
        assert!(wow.scores.overall < warm.scores.overall);
        assert!(wow.scores.overall <= 63, "{}", wow.scores.overall);
        // "like" is warm as a verb, not as a preposition.
        let warmth = |text: &str| finds(&engine, text, "tone.warmth");
        assert!(!warmth("Landlords like you contribute nothing."));
        assert!(!warmth("You play like your controller is unplugged."));
        assert!(warmth("I really like this idea."));
        assert!(warmth("Do you like the new layout?"));
    }

    /// Heat made by turning a warm word round sits on the negator and the
    /// word together, not on the warm word alone.
    #[test]
    fn heat_from_a_negated_warm_word_points_at_both() {
        let engine = crate::packs::builtin_engine().unwrap();
        let text = "And you wonder why nobody wants to help you anymore, after the way you talk.";
        let a = read(&engine, text, &[]);
        if let Some(h) = a.findings.iter().find(|f| f.rule_id == "tone.heat") {
            assert_ne!(h.matched, "help", "{:?}", a.findings);
        }
    }

    /// A warm word the writer denies of their own state is an I-statement,
    /// not heat; denied of the reader, it still is. Hard words after an
    /// apology are what went wrong for the reader.
    #[test]
    fn a_feeling_the_writer_owns_is_not_heat() {
        let engine = crate::packs::builtin_engine().unwrap();
        let heat = |text: &str| finds(&engine, text, "tone.heat");
        assert!(!heat("I'm not comfortable lending you the car again."));
        assert!(!heat(
            "I'm really not convinced your plan saves us any time."
        ));
        assert!(!heat("I regret what I said about your mum."));
        assert!(heat("You are not kind to the new members."));
        // After an apology, the hard words name what went wrong for them;
        // a "but" ends that.
        assert!(!heat("We're sorry your order arrived damaged."));
        assert!(!heat("I'm so sorry the driver was rude to you."));
        assert!(heat(
            "I'm sorry the fix was late, but your attitude has been awful."
        ));
    }

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
