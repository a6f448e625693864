//! tactful's analysis engine: reads a reply against rule packs for
//! empathy, humility, listening, a next step and escalation, and returns
//! findings (with positions, explanations and rewrites that keep the
//! writer's point) and transparent scores. Pure: it takes text and returns
//! values, never prints and never touches the terminal, so a chat bot, an
//! editor plugin or a moderation pipeline can use it as well as tactful.
//!
//! ```
//! use tactful_engine::{Context, Kind, packs};
//!
//! // Compile the built-in packs once; analyse any number of drafts with it.
//! let engine = packs::builtin_engine()?;
//! let draft = "You always ignore this. Could you tell me more about the reasoning?";
//! let analysis = engine.analyze(draft, &Context::default());
//!
//! for finding in &analysis.findings {
//!     // Spans are half-open byte ranges; lines and columns count from 1.
//!     let words = &draft[finding.byte_start..finding.byte_end];
//!     assert_eq!(words, finding.matched);
//!     if finding.kind == Kind::Flag {
//!         // A flag carries rewrites fitted to its sentence, the smallest
//!         // edit first, or a question to think it over with.
//!         if let Some(first) = finding.suggestions.first() {
//!             let applied = tactful_engine::rewrite::apply(draft, finding, first).unwrap();
//!             assert_ne!(applied.text, draft);
//!         }
//!     }
//! }
//! assert!(analysis.findings.iter().any(|f| f.rule_id == "escalation.absolute"));
//! println!("overall {} (calm {})", analysis.scores.overall, analysis.scores.calm);
//! assert!(analysis.passes(0) && !analysis.attacks());
//! # Ok::<(), anyhow::Error>(())
//! ```
//!
//! The pipeline: find the quoted regions; fold the text chunk by chunk into
//! a token stream (`text`); search every phrase of every rule in one
//! Aho-Corasick pass (`matcher`); drop cues under negation, turn
//! acknowledgments followed by "but" into yes-but flags; add the computed
//! cues and flags (`computed`); drop what falls in quotes; let the most
//! specific of overlapping findings win; score (`score`). The packs
//! themselves are read, checked and compiled by [`packs`].

pub mod blanks;
mod computed;
pub mod disguise;
mod image;
mod matcher;
pub mod packs;
pub mod pattern;
mod prefilter;
pub mod quotes;
pub mod rewrite;
pub mod rules;
pub mod score;
pub mod text;
mod tone;
mod types;

use std::collections::{HashMap, HashSet};

use rustc_hash::FxHashSet;
use std::ops::Range;

pub use types::{Analysis, Contribution, Dimension, Finding, Kind, Scores, Severity};

use matcher::Matcher;
use quotes::Quotes;
use rules::{Computed, Library, Negation, Rule};
use text::{Folded, LineIndex, TokenKind};

/// Tokens looked back over for a negator ("I *don't* really appreciate").
const NEGATION_WINDOW: usize = 3;
/// Tokens looked ahead over for a "but" that takes an acknowledgment back.
const YES_BUT_WINDOW: usize = 14;
/// Chunk size for folding long texts in bounded memory.
const CHUNK: usize = 64 * 1024;
/// Findings from which their suggestions are fitted on every core.
const PARALLEL_FINDINGS: usize = 1024;

/// A finding the user dismissed: the same rule on the same words (compared
/// folded) is not reported again.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Dismissal {
    pub rule_id: String,
    pub phrase: String,
}

impl Dismissal {
    pub fn new(rule_id: &str, phrase: &str) -> Self {
        Dismissal {
            rule_id: rule_id.to_string(),
            phrase: fold_phrase(phrase),
        }
    }
}

/// What the draft answers and what it is for.
#[derive(Debug, Clone, Default)]
pub struct Context<'a> {
    /// The message being answered (enables the listening reflection cue).
    pub answering: Option<&'a str>,
    /// The intent's id (weights the overall score).
    pub intent: Option<&'a str>,
    /// Findings the user dismissed.
    pub dismissed: &'a [Dismissal],
}

/// The compiled packs, ready to analyse any number of drafts.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct Engine {
    library: Library,
    matcher: Matcher,
    lang: Lang,
    computed: HashMap<Computed, usize>,
    lexicon: text::Lexicon,
    weights_by_rule: HashMap<String, f64>,
    /// Flags whose heat the cues around them cannot cancel (see
    /// [`score::RuleWeight::tempers_cues`]).
    tempering: HashSet<String>,
    disguises: disguise::Disguises,
    /// What each pattern's tail can start with, worked out on first use.
    #[serde(skip)]
    starts: prefilter::Starts,
}

/// The language tables as sets, folded. Looked up for the words around
/// every match, so they use a fast non-cryptographic hash (the keys are
/// the packs' own words, not input an attacker chooses).
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub(crate) struct Lang {
    /// Negators and hypotheticals: what cancels a cue or a flag.
    negators: FxHashSet<String>,
    /// Negators only: what turns the tone of a word round.
    tone_negators: FxHashSet<String>,
    boosters: FxHashSet<String>,
    dampeners: Vec<Vec<String>>,
    second_person: FxHashSet<String>,
    /// Words that report someone else's words (see [`Quotes::find`]).
    reporting: FxHashSet<String>,
    contrast: FxHashSet<String>,
    open_starters: Vec<Vec<String>>,
    stopwords: FxHashSet<String>,
    acronyms: FxHashSet<String>,
}

/// The folded text as patterns see it, with the language tables at hand
/// for what a pattern asks of a token beyond its text (`{name}`).
pub(crate) struct Scan<'a> {
    pub f: &'a Folded,
    pub lang: &'a Lang,
}

impl pattern::Tokens for Scan<'_> {
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

/// A finding before it has a line, column and text.
#[derive(Debug, Clone)]
pub(crate) struct Raw {
    pub rule: usize,
    pub span: Range<usize>,
    /// What the pattern's captures took: (capture number, byte range), and
    /// the pattern they belong to.
    pub captures: Vec<(u8, Range<usize>)>,
    pub pattern: u16,
    /// How strongly the finding counts, from 0 to 1 (tone findings count
    /// by how far their sentence leans).
    pub strength: f32,
}

impl Raw {
    pub(crate) fn new(rule: usize, span: Range<usize>) -> Raw {
        Raw {
            rule,
            span,
            captures: Vec::new(),
            pattern: 0,
            strength: 1.0,
        }
    }
}

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

/// Buffers reused from chunk to chunk.
#[derive(Default)]
struct ChunkWork {
    folded: Folded,
    words: Vec<u32>,
    starts: Vec<(u32, u32)>,
    ends: Vec<usize>,
    hits: Vec<tone::Hit>,
}

impl Engine {
    /// Compiles a library.
    pub fn new(library: Library) -> anyhow::Result<Engine> {
        let l = &library.language;
        let lexicon = text::Lexicon::new(&l.intensifiers, &l.contractions);
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
        let folded_set = |v: &[String]| {
            v.iter()
                .map(|s| text::fold_tokens_with(s, &lexicon).join(" "))
                .collect::<FxHashSet<_>>()
        };
        let lang = Lang {
            negators: folded_set(&[l.negators.as_slice(), l.hypotheticals.as_slice()].concat()),
            tone_negators: folded_set(&l.negators),
            boosters: folded_set(&l.boosters),
            dampeners: l
                .dampeners
                .iter()
                .map(|s| text::fold_tokens_with(s, &lexicon))
                .filter(|t| !t.is_empty())
                .collect(),
            second_person: folded_set(&l.second_person),
            reporting: folded_set(&l.reporting),
            contrast: folded_set(&l.contrast),
            open_starters: l
                .open_question_starters
                .iter()
                .map(|s| text::fold_tokens_with(s, &lexicon))
                .collect(),
            stopwords: folded_set(&l.stopwords),
            acronyms: l.acronyms.iter().map(|s| s.to_uppercase()).collect(),
        };
        let computed = library
            .rules
            .iter()
            .enumerate()
            .filter_map(|(i, r)| r.computed.map(|c| (c, i)))
            .collect();
        let weights_by_rule = library
            .rules
            .iter()
            .map(|r| (r.id.clone(), r.weight))
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
            .map(|r| r.id.clone())
            .collect();
        let disguises = disguise::Disguises::new(
            l.disguised_lists
                .iter()
                .filter_map(|name| library.lists.get(name))
                .flat_map(|list| list.words.phrases.iter())
                .filter(|p| p.len() == 1)
                .map(|p| &*p[0]),
        );
        Ok(Engine {
            starts: prefilter::Starts::new(&library.rules),
            library,
            matcher,
            lang,
            computed,
            lexicon,
            weights_by_rule,
            tempering,
            disguises,
        })
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

    /// Reads a draft.
    pub fn analyze(&self, draft: &str, ctx: &Context) -> Analysis {
        let reflect = self.reflection_words(ctx);
        let mut reflected = HashSet::new();
        let reflect = reflect.as_ref().map(|w| (w, &mut reflected));
        let (findings, words) = self.findings_of(draft, ctx.dismissed, reflect);
        self.finish(findings, words, ctx)
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
        let reflect = self.reflection_words(ctx);
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
                    let (found, words) = self.findings_of(text, ctx.dismissed, reflect);
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
        self.finish(findings, words, ctx)
    }

    /// The words of the message answered, when reflection is a rule.
    fn reflection_words(&self, ctx: &Context) -> Option<HashSet<String>> {
        ctx.answering
            .filter(|_| self.computed.contains_key(&Computed::Reflection))
            .map(|a| computed::content_words(a, &self.lang))
    }

    /// The findings of a text and its words in the author's own voice.
    /// `reflect` holds the words of the message answered and those already
    /// said back before this text.
    fn findings_of(
        &self,
        draft: &str,
        dismissed: &[Dismissal],
        reflect: Option<(&HashSet<String>, &mut HashSet<String>)>,
    ) -> (Vec<Finding>, usize) {
        let quotes = Quotes::find(draft, &self.lang.reporting);
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
                            self.read_chunk(draft, chunk.clone(), &quotes, None, work, &mut raw);
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
                    words += self.read_chunk(draft, chunk, &quotes, reflect, &mut work, &mut raw);
                }
                WORK.with(|w| *w.borrow_mut() = work);
                (raw, words)
            }
        };
        // Nothing inside a quote is the author's; "I understand …, but"
        // stays theirs when only the words between its ends quote someone.
        raw.retain(|f| {
            let (s, e) = (f.span.start, f.span.end);
            if self.library.rules[f.rule].computed == Some(Computed::YesBut) && e > s {
                !quotes.overlaps(s..s + 1) && !quotes.overlaps(e - 1..e)
            } else {
                !quotes.overlaps(f.span.clone())
            }
        });
        let (raw, shadowed) = resolve_overlaps(raw, &self.library.rules);
        let mut findings = self.to_findings(draft, raw, dismissed, &shadowed);
        // Open questions that contain a flag are jabs, not questions.
        computed::drop_flagged_questions(self, &mut findings);
        computed::drop_reflections_in_flagged_sentences(self, draft, &mut findings);
        // A sentence start with its blank unfilled is not the author's words yet.
        blanks::drop_cues_in_blank_sentences(draft, &mut findings);
        (findings, words)
    }

    /// Scores the findings.
    fn finish(&self, findings: Vec<Finding>, words: usize, ctx: &Context) -> Analysis {
        let weights = self.weights(ctx.intent);
        let (scores, contributions) = score::score(&findings, words, &weights, self);
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

    /// Reads one chunk of the draft (`chunk`, a byte range ending at a
    /// paragraph break): its phrase, computed and tone findings go to
    /// `raw`; returns the words in the author's own voice.
    fn read_chunk(
        &self,
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
            starts,
            ends,
            hits,
        } = work;
        text::fold_into(&draft[chunk.clone()], chunk.start, folded, &self.lexicon);
        disguise::unmask(&draft[chunk.clone()], chunk.start, folded, &self.disguises);
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
        self.matcher.find(folded, word_numbers, starts);
        hits.clear();
        let chunk_raw = raw.len();
        for &(id, first) in starts.iter() {
            let phrase = &self.matcher.phrases[id as usize];
            let first = first as usize;
            if phrase.valence != 0.0 {
                hits.push(tone::Hit {
                    token: first,
                    valence: phrase.valence,
                    in_flag: false,
                });
            }
            let after = first + phrase.tokens as usize;
            for &(r, p) in self.matcher.targets(id) {
                let compiled = &self.library.rules[r as usize].compiled[p as usize];
                if compiled.at_start && first > 0 && !folded.is_boundary(first - 1) {
                    continue;
                }
                let scan = Scan {
                    f: folded,
                    lang: &self.lang,
                };
                let end = match &compiled.tail {
                    None => Some(after).filter(|&e| compiled.allows(&scan, first, e)),
                    // Most tails are ruled out by the word after the
                    // anchor (see `prefilter`).
                    Some(tail)
                        if !self.starts.may_start(
                            r as usize,
                            p as usize,
                            tail,
                            (after < folded.tokens.len()).then(|| folded.token_text(after)),
                        ) =>
                    {
                        None
                    }
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
                                // contraction ("you" of "you're") takes the
                                // letters before its apostrophe.
                                if folded
                                    .tokens
                                    .get(b)
                                    .is_some_and(|t| t.byte_start == last.byte_start)
                                    && let Some(i) =
                                        draft[last.byte_start as usize..end].find(['\'', '’'])
                                {
                                    end = last.byte_start as usize + i;
                                }
                                (n, start as usize..end.max(start as usize))
                            })
                            .collect();
                    }
                }
                self.phrase_finding(folded, r as usize, first, end - 1, raw);
                if let Some(last) = raw.last_mut()
                    && last.rule == r as usize
                {
                    last.pattern = p as u16;
                    last.captures = captures;
                }
            }
        }
        computed::shouting(self, folded, raw);
        if let Some((words, reflected)) = reflect {
            computed::reflection(self, folded, words, reflected, raw);
        }
        computed::open_questions(self, folded, raw);
        tone::sentences(self, folded, quotes, hits, chunk_raw, raw);
        words
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

    fn phrase_finding(
        &self,
        f: &Folded,
        rule: usize,
        first: usize,
        last: usize,
        raw: &mut Vec<Raw>,
    ) {
        let r = &self.library.rules[rule];
        let negated = match r.negation {
            Negation::Drop => self.negated(f, first, &self.lang.negators),
            Negation::Grammatical => self.negated(f, first, &self.lang.tone_negators),
            Negation::Keep => false,
        };
        if negated {
            return;
        }
        let span = (f.tokens[first].byte_start as usize)..(f.tokens[last].byte_end as usize);
        if r.yes_but
            && let Some(but) = self.taken_back(f, last)
        {
            // An acknowledgment taken back earns nothing: the "but" is what
            // the reader hears, and it costs calm.
            if let Some(&yb) = self.computed.get(&Computed::YesBut) {
                raw.push(Raw::new(yb, span.start..(f.tokens[but].byte_end as usize)));
            }
            return;
        }
        raw.push(Raw::new(rule, span));
    }

    /// Whether a negator stands in the few tokens before `first`, in the
    /// same clause.
    fn negated(&self, f: &Folded, first: usize, negators: &FxHashSet<String>) -> bool {
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
    fn taken_back(&self, f: &Folded, last: usize) -> Option<usize> {
        let end = (last + 1 + YES_BUT_WINDOW).min(f.tokens.len());
        let mut i = last + 1;
        while i < end {
            if f.is_boundary(i) {
                let t = f.token_text(i);
                let next = i + 1;
                if (t == "." || t == ";" || t == "!")
                    && next < f.tokens.len()
                    && self.lang.contrast.contains(f.token_text(next))
                {
                    return Some(next);
                }
                return None;
            }
            if self.lang.contrast.contains(f.token_text(i)) {
                return Some(i);
            }
            i += 1;
        }
        None
    }

    fn to_findings(
        &self,
        draft: &str,
        raw: Vec<Raw>,
        dismissed: &[Dismissal],
        shadowed: &[Range<usize>],
    ) -> Vec<Finding> {
        // Lines and columns in one pass over the text (the findings come
        // in order), then each finding's suggestions, which are independent
        // of each other: on every core for a long text.
        let mut lines = LineIndex::new(draft);
        let mut placed = Vec::with_capacity(raw.len());
        for f in raw {
            let r = &self.library.rules[f.rule];
            if !dismissed.is_empty() {
                let folded = fold_phrase(&draft[f.span.clone()]);
                if dismissed
                    .iter()
                    .any(|d| d.rule_id == r.id && d.phrase == folded)
                {
                    continue;
                }
            }
            let (line, column) = lines.locate(f.span.start);
            placed.push((f, line, column));
        }
        let finding = |(f, line, column): (Raw, usize, usize)| {
            let r = &self.library.rules[f.rule];
            let names = r
                .compiled
                .get(f.pattern as usize)
                .map_or(&[][..], |c| c.captures.as_slice());
            let captures: Vec<(&str, Range<usize>)> = f
                .captures
                .iter()
                .filter_map(|(n, span)| Some((names.get(*n as usize)?.as_str(), span.clone())))
                .collect();
            let suggestions = r
                .rewrites_for(f.pattern as usize)
                .filter_map(|w| rewrite::suggest(draft, f.span.clone(), w, &captures))
                .collect();
            Finding {
                rule_id: r.id.clone(),
                dimension: r.dimension,
                kind: r.kind,
                severity: r.severity,
                byte_start: f.span.start,
                byte_end: f.span.end,
                line,
                column,
                matched: draft[f.span.clone()].to_string(),
                message: r.message.clone(),
                suggestions,
                question: None,
                strength: f.strength,
            }
        };
        let mut out: Vec<Finding> = if placed.len() >= PARALLEL_FINDINGS {
            use rayon::prelude::*;
            placed
                .into_par_iter()
                .with_min_len(256)
                .map(finding)
                .collect()
        } else {
            placed.into_iter().map(finding).collect()
        };
        self.fit_suggestions(draft, &mut out, shadowed);
        out
    }

    /// Suggestions that would leave the sentence unsendable are withdrawn:
    /// one that keeps an attack standing beside it (an error-level flag in
    /// the same sentence, outside what it replaces), one that types out
    /// again words a warning flag objects to (that flag's own, or one in
    /// `shadowed` that gave way to it), and a yes-but rewrite that keeps a
    /// flagged dismissal after the "but". A flag left with no suggestion
    /// offers its rule's question instead.
    fn fit_suggestions(&self, draft: &str, findings: &mut [Finding], shadowed: &[Range<usize>]) {
        let yes_but_id = self
            .computed
            .get(&Computed::YesBut)
            .map(|&i| self.library.rules[i].id.as_str());
        // Sorted by start, so the flags of a sentence are found by binary
        // search rather than by reading every flag for every flag.
        let mut flags: Vec<(Range<usize>, Severity, bool)> = findings
            .iter()
            .filter(|f| f.kind == Kind::Flag)
            .map(|f| {
                let yes_but = Some(f.rule_id.as_str()) == yes_but_id;
                (f.byte_start..f.byte_end, f.severity, yes_but)
            })
            .collect();
        flags.sort_by_key(|(r, _, _)| (r.start, r.end));
        let from = |start: usize| flags.partition_point(|(r, _, _)| r.start < start);
        let fit = |f: &mut Finding| {
            if f.kind != Kind::Flag {
                return;
            }
            // Two rewrites that leave the same sentence are one choice.
            let mut seen = std::collections::HashSet::new();
            f.suggestions.retain(|s| seen.insert(s.sentence.clone()));
            let own = f.byte_start..f.byte_end;
            let is_yes_but = flags[from(own.start)..]
                .iter()
                .take_while(|(r, _, _)| r.start == own.start)
                .any(|(r, _, yb)| *r == own && *yb);
            if !f.suggestions.is_empty() {
                let sentence = rewrite::sentence_at(draft, own.clone());
                let near = &flags[from(sentence.start)..from(sentence.end.max(sentence.start) + 1)];
                // Flagged words inside this flag's own words, whose flag
                // gave way to this one, are still not to be typed again.
                let inside = shadowed.partition_point(|r| r.start < own.start);
                let shadowed = shadowed[inside..]
                    .iter()
                    .take_while(|r| r.start < own.end)
                    .filter(|r| r.end <= own.end);
                let shadowed: Vec<&Range<usize>> = shadowed.collect();
                f.suggestions.retain(|s| {
                    let keeps_shadowed = shadowed.iter().any(|r| {
                        r.start >= s.byte_start
                            && r.end <= s.byte_end
                            && contains_words(&s.replacement, &draft[(*r).clone()])
                    });
                    !keeps_shadowed
                        && !near.iter().any(|(r, severity, _)| {
                            let in_sentence = r.start >= sentence.start && r.end <= sentence.end;
                            let replaced = r.start >= s.byte_start && r.end <= s.byte_end;
                            // A rewrite that types out again the words another
                            // flag objects to ("I'm not sure your stupid
                            // t-shirt is the question") keeps what it replaced.
                            let retyped = replaced
                                && *severity >= Severity::Warning
                                && contains_words(&s.replacement, &draft[r.clone()]);
                            in_sentence
                                && *r != own
                                && (retyped
                                    || (!replaced
                                        && (*severity == Severity::Error
                                            || (is_yes_but && r.start >= own.end))))
                        })
                });
            }
            if f.suggestions.is_empty() {
                f.question = self.library.rule(&f.rule_id).and_then(|r| {
                    r.question.clone().or_else(|| {
                        self.library
                            .questions_for(r.dimension, None)
                            .first()
                            .map(|q| q.text.clone())
                    })
                });
            }
        };
        if findings.len() >= PARALLEL_FINDINGS {
            use rayon::prelude::*;
            findings.par_iter_mut().with_min_len(256).for_each(fit);
        } else {
            findings.iter_mut().for_each(fit);
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
}

/// Whether `text` holds the words of `words`, whole and in order, ignoring
/// case.
fn contains_words(text: &str, words: &str) -> bool {
    let (text, words) = (fold_phrase(text), fold_phrase(words));
    !words.is_empty() && format!(" {text} ").contains(&format!(" {words} "))
}

/// Lower-cased, apostrophe-folded words of a phrase, joined by spaces.
pub fn fold_phrase(s: &str) -> String {
    text::fold_tokens(s).join(" ")
}

/// Lets the most specific reading of overlapping words win, and returns
/// the findings sorted by position: a rule found twice over overlapping
/// words is reported once; where a cue and a flag overlap, the one with the
/// longer span wins ("I'm sorry you feel that way" is not an apology) and
/// on the same words the flag wins; where one finding lies inside another
/// of the same kind and dimension, the more severe, then the longer, then
/// the weightier one wins. Open questions and tone span whole sentences and
/// take no part: a question can also ask for detail or reflect a word.
///
/// Findings are settled strongest first, so a reading that loses to a
/// finding which itself loses elsewhere is still judged against the
/// finding that stays: in "No shit, Sherlock." the attack on "Sherlock"
/// beats the sarcasm around it, and the swear word the sarcasm covered
/// still counts.
fn resolve_overlaps(mut raw: Vec<Raw>, rules: &[Rule]) -> (Vec<Raw>, Vec<Range<usize>>) {
    // One rule over overlapping words: merge into one finding.
    raw.sort_by_key(|r| (r.rule, r.span.start, r.span.end));
    raw.dedup_by(|later, kept| {
        let same =
            later.rule == kept.rule && later.span.start < kept.span.end.max(kept.span.start + 1);
        // The reading whose pattern says which rewrites fit, with what its
        // captures took: the longer one, or on the same words the earlier
        // pattern (packs put catch-all lists last).
        let better = later.span.start == kept.span.start
            && (later.span.end > kept.span.end
                || (later.span.end == kept.span.end && later.pattern < kept.pattern));
        if same && better {
            kept.pattern = later.pattern;
            kept.captures = std::mem::take(&mut later.captures);
        }
        if same {
            kept.span.end = kept.span.end.max(later.span.end);
        }
        same
    });
    let len = |r: &Raw| r.span.end - r.span.start;
    let apart = |r: &Raw| {
        matches!(
            rules[r.rule].computed,
            Some(
                Computed::OpenQuestion
                    | Computed::Heat
                    | Computed::Warmth
                    | Computed::TopicHeat
                    | Computed::YesBut
            )
        )
    };
    // Whether `a` beats `b` where their words overlap; `None` when both
    // stand (different things, or words that only partly overlap).
    let beats = |a: &Raw, b: &Raw| -> Option<bool> {
        let (ra, rb) = (&rules[a.rule], &rules[b.rule]);
        if ra.kind != rb.kind {
            return Some(if len(a) == len(b) {
                ra.kind == Kind::Flag
            } else {
                len(a) > len(b)
            });
        }
        let nested = (a.span.start <= b.span.start && a.span.end >= b.span.end)
            || (b.span.start <= a.span.start && b.span.end >= a.span.end);
        if ra.dimension != rb.dimension || !nested {
            return None;
        }
        // On a full tie the reading already settled stays.
        Some((ra.severity, len(a), ra.weight) > (rb.severity, len(b), rb.weight))
    };
    let overlaps = |a: &Raw, b: &Raw| {
        a.span.start < b.span.end.max(b.span.start + 1)
            && b.span.start < a.span.end.max(a.span.start + 1)
    };
    let (mut kept, rest): (Vec<Raw>, Vec<Raw>) = raw.into_iter().partition(apart);
    let mut order = rest;
    order.sort_by(|a, b| {
        let (ra, rb) = (&rules[a.rule], &rules[b.rule]);
        (rb.severity, len(b), rb.kind == Kind::Flag)
            .cmp(&(ra.severity, len(a), ra.kind == Kind::Flag))
            .then(rb.weight.total_cmp(&ra.weight))
            .then(a.span.start.cmp(&b.span.start))
            .then(a.rule.cmp(&b.rule))
    });
    // Accepted findings by start; spans are short, so the ones that can
    // overlap a candidate start within the longest span seen before it.
    let mut accepted: std::collections::BTreeMap<(usize, usize), Raw> = Default::default();
    let mut longest = 0usize;
    // The words of warning flags that gave way to another reading: a
    // rewrite of that reading must not type them out again.
    let mut shadowed: Vec<Range<usize>> = Vec::new();
    let shadow = |r: &Raw, out: &mut Vec<Range<usize>>| {
        let rule = &rules[r.rule];
        if rule.kind == Kind::Flag && rule.severity >= Severity::Warning {
            out.push(r.span.clone());
        }
    };
    for cand in order {
        let from = cand.span.start.saturating_sub(longest);
        let mut lost = false;
        let mut evicted = Vec::new();
        for (k, r) in accepted.range((from, 0)..(cand.span.end.max(cand.span.start + 1), 0)) {
            if !overlaps(r, &cand) {
                continue;
            }
            match beats(&cand, r) {
                Some(true) => evicted.push(*k),
                Some(false) => {
                    lost = true;
                    break;
                }
                None => {}
            }
        }
        if lost {
            shadow(&cand, &mut shadowed);
            continue;
        }
        for k in evicted {
            if let Some(r) = accepted.remove(&k) {
                shadow(&r, &mut shadowed);
            }
        }
        longest = longest.max(len(&cand));
        accepted.insert((cand.span.start, cand.rule), cand);
    }
    kept.extend(accepted.into_values());
    kept.sort_by(|a, b| {
        a.span
            .start
            .cmp(&b.span.start)
            .then(b.span.end.cmp(&a.span.end))
            .then(a.rule.cmp(&b.rule))
    });
    shadowed.sort_by_key(|r| (r.start, r.end));
    (kept, shadowed)
}

#[cfg(test)]
mod tests {
    use super::*;

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
        engine.matcher.find(&folded, &mut Vec::new(), &mut found);
        assert!(found.len() > 1000, "{}", found.len());
        expected.sort_unstable_by_key(|&(id, first)| (first, id));
        found.sort_unstable_by_key(|&(id, first)| (first, id));
        assert_eq!(found, expected);
    }
}
