//! Reading a draft: quotes found, the text folded chunk by chunk, every
//! phrase searched in one pass, negation and "yes, but" applied, the
//! computed and tone readings added, quoted words dropped, overlaps
//! settled, and the findings placed and fitted.

use std::collections::HashSet;
use std::ops::Range;

use rustc_hash::FxHashSet;

use crate::context::Dismissal;
use crate::engine::Engine;
use crate::lang::Scan;
use crate::quotes::Quotes;
use crate::raw::Raw;
use crate::rules::{Computed, Negation};
use crate::text::{self, Folded, TokenKind};
use crate::types::{Finding, Kind, Severity};
use crate::{blanks, computed, disguise, findings, overlaps, tone};

/// Tokens looked back over for a negator ("I *don't* really appreciate").
const NEGATION_WINDOW: usize = 3;
/// Tokens looked ahead over for a "but" that takes an acknowledgment back.
const YES_BUT_WINDOW: usize = 14;
/// Chunk size for folding long texts in bounded memory.
const CHUNK: usize = 64 * 1024;

/// Buffers reused from chunk to chunk.
#[derive(Default)]
struct ChunkWork {
    folded: Folded,
    words: Vec<u32>,
    hashes: Vec<u64>,
    starts: Vec<(u32, u32)>,
    ends: Vec<usize>,
    hits: Vec<tone::Hit>,
}

/// The findings of a text and its words in the author's own voice.
/// `reflect` holds the words of the message answered and those already
/// said back before this text.
pub(crate) fn findings_of(
    engine: &Engine,
    draft: &str,
    dismissed: &[Dismissal],
    reflect: Option<(&HashSet<String>, &mut HashSet<String>)>,
) -> (Vec<Finding>, usize) {
    let quotes = Quotes::find(draft, &engine.lang.reporting);
    let chunks = text::chunks(draft, CHUNK);
    let (mut raw, words) = match reflect {
        // Chunks are read independently, so a long text is read on
        // every core; the order of the findings stays the text's.
        None if chunks.len() > 1 => {
            use rayon::prelude::*;
            let parts: Vec<(Vec<Raw>, usize)> = chunks
                .par_iter()
                .map_init(ChunkWork::default, |work, chunk| {
                    let mut raw = Vec::new();
                    let words =
                        read_chunk(engine, draft, chunk.clone(), &quotes, None, work, &mut raw);
                    (raw, words)
                })
                .collect();
            let mut raw = Vec::with_capacity(parts.iter().map(|p| p.0.len()).sum());
            let mut words = 0;
            for (part, n) in parts {
                raw.extend(part);
                words += n;
            }
            (raw, words)
        }
        // Reflection counts each of their words once, in the order
        // they come: chunk after chunk.
        reflect => {
            // The buffers of the last text read on this thread: many
            // short texts (a batch) are read without allocating them.
            thread_local! {
                static WORK: std::cell::RefCell<ChunkWork> = Default::default();
            }
            let mut work = WORK.with(|w| std::mem::take(&mut *w.borrow_mut()));
            let mut raw = Vec::new();
            let mut words = 0;
            let (answered, mut reflected) = match reflect {
                Some((w, r)) => (Some(w), Some(r)),
                None => (None, None),
            };
            for chunk in chunks {
                let reflect = answered.zip(reflected.as_deref_mut());
                words += read_chunk(engine, draft, chunk, &quotes, reflect, &mut work, &mut raw);
            }
            WORK.with(|w| *w.borrow_mut() = work);
            (raw, words)
        }
    };
    // Nothing inside a quote is the author's; "I understand …, but"
    // stays theirs when only the words between its ends quote someone.
    raw.retain(|f| {
        let (s, e) = (f.span.start, f.span.end);
        if engine.library.rules[f.rule].computed == Some(Computed::YesBut) && e > s {
            !quotes.overlaps(s..s + 1) && !quotes.overlaps(e - 1..e)
        } else {
            !quotes.overlaps(f.span.clone())
        }
    });
    let (raw, shadowed) = overlaps::resolve_overlaps(raw, &engine.library.rules);
    let mut findings = findings::to_findings(engine, draft, raw, dismissed, &shadowed);
    // Open questions that contain a flag are jabs, not questions.
    let id_of = |c| {
        let rule = engine.computed.get(&c)?;
        Some(engine.library.rules[*rule].id.as_str())
    };
    computed::drop_flagged_questions(id_of(Computed::OpenQuestion), &mut findings);
    computed::drop_reflections_in_flagged_sentences(
        id_of(Computed::Reflection),
        draft,
        &mut findings,
    );
    let not_hostile: Vec<&str> = [Computed::YesBut, Computed::Heat, Computed::TopicHeat]
        .into_iter()
        .filter_map(id_of)
        .collect();
    computed::drop_cues_in_hostile_sentences(&not_hostile, draft, &mut findings);
    if findings.iter().any(|f| f.kind == Kind::Flag) {
        computed::drop_warmth_in_irony(
            id_of(Computed::Warmth),
            &engine.ironic,
            draft,
            &mut findings,
        );
    }
    // A sentence start with its blank unfilled is not the author's words yet.
    blanks::drop_cues_in_blank_sentences(draft, &mut findings);
    (findings, words)
}

/// Reads one chunk of the draft (`chunk`, a byte range ending at a
/// paragraph break): its phrase, computed and tone findings go to
/// `raw`; returns the words in the author's own voice.
fn read_chunk(
    engine: &Engine,
    draft: &str,
    chunk: Range<usize>,
    quotes: &Quotes,
    reflect: Option<(&HashSet<String>, &mut HashSet<String>)>,
    work: &mut ChunkWork,
    raw: &mut Vec<Raw>,
) -> usize {
    let ChunkWork {
        folded,
        words: word_numbers,
        hashes,
        starts,
        ends,
        hits,
    } = work;
    text::fold_into(&draft[chunk.clone()], chunk.start, folded, &engine.lexicon);
    disguise::unmask(
        &draft[chunk.clone()],
        chunk.start,
        folded,
        &engine.disguises,
    );
    // Words in the author's own voice.
    let regions = quotes.regions();
    let mut q = regions.partition_point(|r| r.end <= chunk.start);
    let mut words = 0usize;
    for t in &folded.tokens {
        if t.kind != TokenKind::Word {
            continue;
        }
        while q < regions.len() && regions[q].end <= t.byte_start as usize {
            q += 1;
        }
        if !(q < regions.len() && regions[q].start <= t.byte_start as usize) {
            words += 1;
        }
    }
    engine.matcher.find(folded, word_numbers, hashes, starts);
    hits.clear();
    let chunk_raw = raw.len();
    for &(id, first) in starts.iter() {
        let phrase = engine.matcher.phrase(id);
        let first = first as usize;
        // "like" is warm as a verb ("I like it", "would like"), not as a
        // preposition ("people like you", "sounds like").
        let sensed = || {
            let lang = &engine.lang;
            phrase.tokens != 1
                || !lang.tone_verbs.contains(folded.token_text(first))
                || (first > 0
                    && folded.tokens[first - 1].kind == TokenKind::Word
                    && lang.tone_verb_after.contains(folded.token_text(first - 1)))
        };
        if phrase.valence != 0.0 && sensed() {
            hits.push(tone::Hit {
                token: first,
                valence: phrase.valence,
                in_flag: false,
            });
        }
        let after = first + phrase.tokens as usize;
        for (r, p) in engine.matcher.targets(&phrase) {
            // Most tails are ruled out by the words after the anchor (see
            // `prefilter`), before the pattern is read from the image.
            let sentence_starts = || first == 0 || folded.is_boundary(first - 1);
            if !engine
                .starts
                .may_start((r as usize, p as usize), sentence_starts, after, hashes)
            {
                continue;
            }
            let compiled = &*engine.library.rules[r as usize].compiled[p as usize];
            let scan = Scan {
                f: folded,
                lang: &engine.lang,
            };
            let end = match &compiled.tail {
                None => Some(after).filter(|&e| compiled.allows(&scan, first, e)),
                Some(tail) => {
                    ends.clear();
                    tail.ends(&scan, after, ends);
                    ends.iter()
                        .copied()
                        .filter(|&e| compiled.allows(&scan, first, e))
                        .max()
                }
            };
            let Some(end) = end.filter(|&e| e > first) else {
                continue;
            };
            let mut captures = Vec::new();
            if let Some(whole) = &compiled.whole {
                let mut caps = Vec::new();
                if whole.captures(&scan, first, end, &mut caps) {
                    captures = caps
                        .into_iter()
                        .filter(|&(_, a, b)| b > a)
                        .map(|(n, a, b)| {
                            let (last, start) =
                                (&folded.tokens[b - 1], folded.tokens[a].byte_start);
                            let mut end = last.byte_end as usize;
                            // A capture that takes the first word of a
                            // contraction ("you" of "you're", or of "you
                            // 're" split into words) takes the letters
                            // before its apostrophe.
                            if folded
                                .tokens
                                .get(b)
                                .is_some_and(|t| t.byte_start == last.byte_start)
                                && let Some(i) =
                                    draft[last.byte_start as usize..end].find(['\'', '’'])
                            {
                                let from = last.byte_start as usize;
                                end = from + draft[from..from + i].trim_end().len();
                            }
                            (n, start as usize..end.max(start as usize))
                        })
                        .collect();
                }
            }
            // Only the finding this match pushed takes its pattern and
            // captures: a match dropped under negation must not relabel
            // the rule's previous finding.
            let pushed = raw.len();
            phrase_finding(engine, folded, r as usize, first, end - 1, raw);
            if raw.len() > pushed
                && let Some(last) = raw.last_mut()
                && last.rule == r as usize
            {
                last.pattern = p as u16;
                last.captures = captures;
            }
        }
    }
    let rule_of = |c| engine.computed.get(&c).copied();
    let lang = &engine.lang;
    computed::shouting(rule_of(Computed::Shouting), lang, folded, raw);
    if let Some((words, reflected)) = reflect {
        let rule = rule_of(Computed::Reflection);
        computed::reflection(rule, lang, &engine.disguises, folded, words, reflected, raw);
    }
    computed::open_questions(rule_of(Computed::OpenQuestion), lang, folded, raw);
    let tone_rules = tone::ToneRules {
        heat: rule_of(Computed::Heat),
        topic_heat: rule_of(Computed::TopicHeat),
        warmth: rule_of(Computed::Warmth),
        rules: &engine.library.rules,
        lang,
    };
    tone::sentences(&tone_rules, folded, quotes, hits, chunk_raw, raw);
    if let Some(rule) = rule_of(Computed::Reading) {
        let rules = &engine.library.rules;
        // A sentence a warning or an error already names is not read; a
        // note ("lol", heard as irony) does not say what the sentence does.
        // A cue of sincere praise keeps a sentence with no word that
        // evaluates from being read as an attack.
        let mut seen = crate::reading::Seen::default();
        for r in &raw[chunk_raw..] {
            let rule = &rules[r.rule];
            let span = (r.span.start, r.span.end);
            if rule.kind == Kind::Flag && rule.severity > Severity::Info {
                seen.flags.push(span);
            } else if rule.praise {
                seen.praise.push(span);
            }
        }
        // Named by hash in a long text, as the reading's words are read.
        engine.reads_as.index_for(draft.len());
        let marker = crate::reading::Marker {
            rule,
            kind_of: &|words, range| engine.reads_as.name(words, range),
        };
        crate::reading::sentences(&marker, &engine.reading, &seen, draft, folded, quotes, raw);
    }
    words
}

fn phrase_finding(
    engine: &Engine,
    f: &Folded,
    rule: usize,
    first: usize,
    last: usize,
    raw: &mut Vec<Raw>,
) {
    let r = &engine.library.rules[rule];
    let negated = match r.negation {
        Negation::Drop => negated(f, first, &engine.lang.negators),
        Negation::Grammatical => negated(f, first, &engine.lang.tone_negators),
        Negation::Keep => false,
    };
    if negated {
        return;
    }
    let span = (f.tokens[first].byte_start as usize)..(f.tokens[last].byte_end as usize);
    if r.yes_but
        && let Some(but) = taken_back(&engine.lang.contrast, f, last)
    {
        // An acknowledgment taken back earns nothing: the "but" is what
        // the reader hears, and it costs calm.
        if let Some(&yb) = engine.computed.get(&Computed::YesBut) {
            raw.push(Raw::new(yb, span.start..(f.tokens[but].byte_end as usize)));
        }
        return;
    }
    raw.push(Raw::new(rule, span));
}

/// Whether a negator stands in the few tokens before `first`, in the
/// same clause.
fn negated(f: &Folded, first: usize, negators: &FxHashSet<String>) -> bool {
    let mut i = first;
    for _ in 0..NEGATION_WINDOW {
        if i == 0 || f.tokens[i].after_break {
            return false;
        }
        i -= 1;
        if f.is_boundary(i) {
            return false;
        }
        if negators.contains(f.token_text(i)) {
            return true;
        }
    }
    false
}

/// The token of a "but" that follows an acknowledgment ending at `last`,
/// in the same sentence or opening the next one.
fn taken_back(contrast: &FxHashSet<String>, f: &Folded, last: usize) -> Option<usize> {
    let end = (last + 1 + YES_BUT_WINDOW).min(f.tokens.len());
    let mut i = last + 1;
    while i < end {
        if f.is_boundary(i) {
            let t = f.token_text(i);
            let next = i + 1;
            if (t == "." || t == ";" || t == "!")
                && next < f.tokens.len()
                && contrast.contains(f.token_text(next))
            {
                return Some(next);
            }
            return None;
        }
        if contrast.contains(f.token_text(i)) {
            return Some(i);
        }
        i += 1;
    }
    None
}
