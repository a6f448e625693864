//! Where findings overlap, the most specific reading wins.

use std::ops::Range;

use crate::raw::Raw;
use crate::rules::{Computed, Rule};
use crate::types::{Kind, Severity};

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
pub(crate) fn resolve_overlaps(mut raw: Vec<Raw>, rules: &[Rule]) -> (Vec<Raw>, Vec<Range<usize>>) {
    // One rule over overlapping words: merge into one finding.
    raw.sort_by_key(|r| (r.rule, r.span.start, r.span.end));
    // On the same words a form's pattern (`[[rule.form]]`, written for
    // words of one shape) goes before the rule's own, which hold its
    // catch-all lists; among either, the one written first.
    let rank = |r: &Raw| {
        let form = rules[r.rule]
            .pattern_forms
            .get(r.pattern as usize)
            .copied()
            .unwrap_or(0);
        (form == 0, r.pattern)
    };
    raw.dedup_by(|later, kept| {
        let same =
            later.rule == kept.rule && later.span.start < kept.span.end.max(kept.span.start + 1);
        // The reading whose pattern says which rewrites fit, with what its
        // captures took: the longer one, or on the same words the one
        // ranked first.
        let better = later.span.start == kept.span.start
            && (later.span.end > kept.span.end
                || (later.span.end == kept.span.end && rank(later) < rank(kept)));
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
                    | Computed::Reading
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
