//! Raw findings made into the findings the engine hands out: placed by
//! line and column, given their words and their rewrites fitted to the
//! sentence, and the rewrites that would leave the sentence unsendable
//! withdrawn.

use std::ops::Range;

use crate::context::Dismissal;
use crate::engine::Engine;
use crate::raw::{Named, Raw};
use crate::rewrite;
use crate::rules::{Computed, ReadsAsText, Rule};
use crate::text::{LineIndex, fold_phrase};
use crate::types::{Finding, Kind, Scope, Severity};

/// Findings from which their suggestions are fitted on every core.
const PARALLEL_FINDINGS: usize = 1024;

pub(crate) fn to_findings(
    engine: &Engine,
    draft: &str,
    raw: Vec<Raw>,
    dismissed: &[Dismissal],
    shadowed: &[Range<usize>],
) -> Vec<Finding> {
    // Lines and columns in one pass over the text (the findings come
    // in order), then each finding's suggestions, which are independent
    // of each other: on every core for a long text.
    let language = &engine.library.language;
    let mut lines = LineIndex::new(draft);
    let mut placed = Vec::with_capacity(raw.len());
    for f in raw {
        let r = &engine.library.rules[f.rule];
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
        let r = &engine.library.rules[f.rule];
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
            .filter_map(|w| rewrite::suggest(draft, f.span.clone(), w, &captures, language))
            .collect();
        // A stretch the reading marks says what it is heard as doing.
        let heard = f.reads_as.and_then(|n| heard_as(engine, r, n));
        Finding {
            rule_id: r.id.clone(),
            dimension: r.dimension,
            kind: r.kind,
            severity: r.severity,
            byte_start: f.span.start,
            byte_end: f.span.end,
            line,
            column,
            matched: draft[f.span.clone()].into(),
            message: heard
                .as_ref()
                .map_or_else(|| r.message.clone(), |h| h.message.clone()),
            suggestions,
            question: heard.as_ref().and_then(|h| h.first.question.clone()),
            strength: f.strength,
            reads_as: heard.as_ref().map(|h| h.first.kind.clone()),
            reads_as_or: heard.and_then(|h| Some(h.second?.kind.clone())),
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
    fit_suggestions(engine, draft, &mut out, shadowed);
    // Collected one by one, a finding's suggestions have room for four;
    // most have one, and a long draft holds tens of thousands of findings.
    for f in &mut out {
        f.suggestions.shrink_to_fit();
    }
    out
}

/// Suggestions that would leave the sentence unsendable are withdrawn:
/// one that keeps an attack standing beside it (an error-level flag in
/// the same sentence, outside what it replaces, with no rewrite of its
/// own to mend it), one that types out
/// again words a warning flag objects to (that flag's own, or one in
/// `shadowed` that gave way to it), and a yes-but rewrite that keeps a
/// flagged dismissal after the "but". A flag left with no suggestion
/// offers its rule's question instead.
fn fit_suggestions(
    engine: &Engine,
    draft: &str,
    findings: &mut [Finding],
    shadowed: &[Range<usize>],
) {
    let language = &engine.library.language;
    let yes_but_id = engine
        .computed
        .get(&Computed::YesBut)
        .map(|&i| engine.library.rules[i].id.as_str());
    let heat_ids: Vec<&str> = [Computed::Heat, Computed::TopicHeat]
        .iter()
        .filter_map(|c| engine.computed.get(c))
        .map(|&i| engine.library.rules[i].id.as_str())
        .collect();
    // Sorted by start, so the flags of a sentence are found by binary
    // search rather than by reading every flag for every flag.
    // Each flag with whether it has a rewrite of its own: an attack that
    // can be mended in its own place does not hold back the rewrites of
    // the flags beside it (each is mended in turn), one that cannot does.
    let mut flags: Vec<(Range<usize>, Severity, bool, bool)> = findings
        .iter()
        .filter(|f| f.kind == Kind::Flag)
        .map(|f| {
            let yes_but = Some(f.rule_id.as_str()) == yes_but_id;
            let fixable = !f.suggestions.is_empty();
            (f.byte_start..f.byte_end, f.severity, yes_but, fixable)
        })
        .collect();
    flags.sort_by_key(|(r, _, _, _)| (r.start, r.end));
    let from = |start: usize| flags.partition_point(|(r, _, _, _)| r.start < start);
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
            .take_while(|(r, _, _, _)| r.start == own.start)
            .any(|(r, _, yb, _)| *r == own && *yb);
        let sentence = rewrite::sentence_at(draft, own.clone(), &language.abbreviations);
        // A hot word inside an attack another flag names and can mend
        // ("you're completely incompetent"): a plainer word in its place
        // would leave the attack standing ("you're completely
        // ineffective"), so the attack's own rewrite is the one offered.
        if heat_ids.contains(&f.rule_id.as_str()) {
            let inside_an_attack = flags[..from(own.end)].iter().any(|(r, _, _, fixable)| {
                *fixable && *r != own && r.start <= own.start && own.end <= r.end
            });
            if inside_an_attack {
                f.suggestions.clear();
            }
        }
        if !f.suggestions.is_empty() {
            let near = &flags[from(sentence.start)..from(sentence.end.max(sentence.start) + 1)];
            // Flagged words inside this flag's own words, whose flag
            // gave way to this one, are still not to be typed again.
            let inside = shadowed.partition_point(|r| r.start < own.start);
            let shadowed = shadowed[inside..]
                .iter()
                .take_while(|r| r.start < own.end)
                .filter(|r| r.end <= own.end);
            let shadowed: Vec<&Range<usize>> = shadowed.collect();
            // A flag whose words run over two clauses ("Shut up, nobody
            // asked you") is not mended by rewriting one of them.
            let words_in = |r: Range<usize>| draft[r].chars().any(char::is_alphanumeric);
            f.suggestions.retain(|s| {
                s.replaces == Scope::Match
                    || !(words_in(own.start..s.byte_start.clamp(own.start, own.end))
                        || words_in(s.byte_end.clamp(own.start, own.end)..own.end))
            });
            f.suggestions.retain(|s| {
                let keeps_shadowed = shadowed.iter().any(|r| {
                    r.start >= s.byte_start
                        && r.end <= s.byte_end
                        && contains_words(&s.replacement, &draft[(*r).clone()])
                });
                !keeps_shadowed
                    && !near.iter().any(|(r, severity, _, fixable)| {
                        let in_sentence = r.start >= sentence.start && r.end <= sentence.end;
                        let replaced = r.start >= s.byte_start && r.end <= s.byte_end;
                        // A rewrite that types out again the words another
                        // flag objects to ("I'm not sure your stupid
                        // t-shirt is the question") keeps what it replaced.
                        // Words the edit only carries through to the end
                        // of the sentence, as the draft has them, so that
                        // its closing mark agrees ("I don't see why anyone
                        // would merge this shitty patch."), stay where the
                        // other flag mends them.
                        let carried = replaced && {
                            let marks = ['.', '!', '?', ' '];
                            let tail = draft[r.start..s.byte_end].trim_end_matches(marks);
                            !tail.is_empty()
                                && s.replacement.trim_end_matches(marks).ends_with(tail)
                        };
                        let retyped = replaced
                            && !carried
                            && *severity >= Severity::Warning
                            && contains_words(&s.replacement, &draft[r.clone()]);
                        in_sentence
                            && *r != own
                            && (retyped
                                || (!replaced
                                    && ((*severity == Severity::Error && !fixable)
                                        || (is_yes_but && r.start >= own.end))))
                    })
            });
        }
        let in_sentence: Vec<Range<usize>> = flags
            [from(sentence.start)..from(sentence.end.max(sentence.start) + 1)]
            .iter()
            .map(|(r, _, _, _)| r.clone())
            .collect();
        rewrite::order(
            draft,
            sentence,
            &in_sentence,
            &language.rewrites.fillers,
            &mut f.suggestions,
        );
        if !f.suggestions.is_empty() {
            f.question = None;
        } else if f.question.is_none() {
            f.question = engine.library.rule(&f.rule_id).and_then(|r| {
                r.question.clone().or_else(|| {
                    engine
                        .library
                        .questions_for(r.dimension, None)
                        .first()
                        .map(|q| q.text.as_str().into())
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

/// What the reading's flag says of a stretch it names: the kind's words, or
/// for two kinds the rule's `reads_as_either`, each kind as it is heard,
/// with the first kind's question.
struct HeardAs<'a> {
    message: arcstr::ArcStr,
    first: &'a ReadsAsText,
    second: Option<&'a ReadsAsText>,
}

/// The words of `named` in rule `r`; none where the rule has no words for
/// it (its general message stays), and one kind where the second has none.
fn heard_as<'a>(engine: &Engine, r: &'a Rule, named: Named) -> Option<HeardAs<'a>> {
    let text_of = |k: u8| {
        let kind = engine.reads_as.kind(k)?;
        r.reads_as.iter().find(|t| &*t.kind == kind)
    };
    let first = text_of(named.kind())?;
    let Some(second) = named.or().and_then(text_of) else {
        return Some(HeardAs {
            message: first.message.clone(),
            first,
            second: None,
        });
    };
    let words = |t: &'a ReadsAsText| t.heard_as.as_deref().unwrap_or(&t.kind);
    let message = r
        .reads_as_either
        .as_ref()?
        .replace("{first}", words(first))
        .replace("{second}", words(second));
    Some(HeardAs {
        message: message.as_str().into(),
        first,
        second: Some(second),
    })
}

/// Whether `text` holds the words of `words`, whole and in order, ignoring
/// case.
fn contains_words(text: &str, words: &str) -> bool {
    let (text, words) = (fold_phrase(text), fold_phrase(words));
    !words.is_empty() && format!(" {text} ").contains(&format!(" {words} "))
}
