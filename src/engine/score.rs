//! Scores: deterministic, explained finding by finding.
//!
//! For each dimension the findings of each rule add *evidence*: a cue adds
//! its weight, a flag takes its weight away. A rule found again adds half as
//! much as the time before (1, ½, ¼, …), so repeating one phrase cannot
//! game a score. Evidence is then divided by `sqrt(words / 100)` (for texts
//! longer than 100 words), so that length alone earns nothing: a long text
//! needs proportionally more cues to score as high as a short one.
//!
//! * Empathy, humility, listening and next step start at a neutral 50 and
//!   move towards 100 with cues and towards 0 with flags:
//!   `50 + 50 · tanh(evidence / 4)`.
//! * Calm (the escalation dimension) starts at 100 and only falls:
//!   `100 · exp(−flag evidence / 4)`.
//! * Overall receptiveness is the weighted mean of the four cue dimensions
//!   (weights from the intent), scaled by calm: `mean · (0.35 + 0.65 · calm / 100)`.
//!   A neutral text with no findings scores 50; escalation pulls it down
//!   however many cues surround it.

use std::collections::BTreeMap;

use super::types::{Contribution, Dimension, Finding, Kind, Scores};

/// Evidence that moves a score by about three quarters of its range.
const SCALE: f64 = 4.0;
/// Words below which length does not dilute evidence.
const FREE_WORDS: f64 = 100.0;

/// Relative weight of each dimension in the overall score.
pub type Weights = BTreeMap<Dimension, f64>;

/// The default weights when no intent says otherwise.
pub fn default_weights() -> Weights {
    [
        (Dimension::Empathy, 1.0),
        (Dimension::Humility, 1.0),
        (Dimension::Listening, 1.0),
        (Dimension::NextStep, 0.6),
    ]
    .into_iter()
    .collect()
}

/// Per-rule weights the scorer needs to know.
pub trait RuleWeight {
    fn weight(&self, rule_id: &str) -> f64;
}

/// Computes scores and contributions from findings.
pub fn score(
    findings: &[Finding],
    words: usize,
    weights: &Weights,
    rules: &dyn RuleWeight,
) -> (Scores, Vec<Contribution>) {
    let mut strengths: BTreeMap<(&str, Dimension, Kind), Vec<f32>> = BTreeMap::new();
    for f in findings {
        strengths
            .entry((f.rule_id.as_str(), f.dimension, f.kind))
            .or_default()
            .push(f.strength);
    }
    let mut contributions = Vec::with_capacity(strengths.len());
    let mut evidence: BTreeMap<Dimension, f64> = BTreeMap::new();
    for ((rule_id, dimension, kind), mut found) in strengths {
        let w = rules.weight(rule_id);
        let count = found.len();
        // The strongest finding counts whole, the next half, and so on.
        found.sort_unstable_by(|a, b| b.total_cmp(a));
        let amount = w * diminishing(&found);
        let signed = if kind == Kind::Cue { amount } else { -amount };
        *evidence.entry(dimension).or_default() += signed;
        contributions.push(Contribution {
            rule_id: rule_id.to_string(),
            dimension,
            kind,
            count,
            evidence: round2(signed),
        });
    }
    let dilution = (words as f64 / FREE_WORDS).max(1.0).sqrt();
    let mut scores = Scores::default();
    for d in Dimension::ALL {
        let e = evidence.get(&d).copied().unwrap_or(0.0) / dilution;
        let s = if d == Dimension::Escalation {
            100.0 * (e.min(0.0) / SCALE).exp()
        } else {
            50.0 + 50.0 * (e / SCALE).tanh()
        };
        scores.set(d, to_score(s));
    }
    let (mut sum, mut total) = (0.0, 0.0);
    for (d, w) in weights {
        if *d != Dimension::Escalation {
            sum += w * f64::from(scores.get(*d));
            total += w;
        }
    }
    let mean = if total > 0.0 { sum / total } else { 50.0 };
    let calm = f64::from(scores.calm) / 100.0;
    scores.overall = to_score(mean * (0.35 + 0.65 * calm));
    contributions.sort_by(|a, b| {
        b.evidence
            .abs()
            .total_cmp(&a.evidence.abs())
            .then_with(|| a.rule_id.cmp(&b.rule_id))
    });
    (scores, contributions)
}

/// s₁ + ½ s₂ + ¼ s₃ + … for the strengths of one rule's findings, strongest
/// first (1 + ½ + ¼ … when every finding counts whole).
fn diminishing(strengths: &[f32]) -> f64 {
    strengths
        .iter()
        .take(64)
        .enumerate()
        .map(|(k, s)| f64::from(*s) * 0.5f64.powi(k as i32))
        .sum()
}

fn to_score(x: f64) -> u8 {
    x.round().clamp(0.0, 100.0) as u8
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::types::Severity;

    struct Flat;
    impl RuleWeight for Flat {
        fn weight(&self, _: &str) -> f64 {
            2.0
        }
    }

    fn finding(rule: &str, dimension: Dimension, kind: Kind) -> Finding {
        Finding {
            rule_id: rule.into(),
            dimension,
            kind,
            severity: Severity::Info,
            byte_start: 0,
            byte_end: 1,
            line: 1,
            column: 1,
            matched: String::new(),
            message: String::new(),
            suggestions: vec![],
            question: None,
            strength: 1.0,
        }
    }

    #[test]
    fn nothing_found_is_neutral() {
        let (s, c) = score(&[], 20, &default_weights(), &Flat);
        assert_eq!((s.empathy, s.calm, s.overall), (50, 100, 50));
        assert!(c.is_empty());
    }

    #[test]
    fn repeating_a_phrase_has_diminishing_returns() {
        let one = vec![finding("empathy.a", Dimension::Empathy, Kind::Cue)];
        let many = vec![one[0].clone(); 20];
        let (s1, _) = score(&one, 20, &default_weights(), &Flat);
        let (s20, c) = score(&many, 20, &default_weights(), &Flat);
        assert!(s20.empathy > s1.empathy);
        assert_eq!(c[0].count, 20);
        let varied: Vec<Finding> = ["empathy.a", "empathy.b", "empathy.c"]
            .into_iter()
            .map(|r| finding(r, Dimension::Empathy, Kind::Cue))
            .collect();
        let (s3, _) = score(&varied, 20, &default_weights(), &Flat);
        assert!(
            s3.empathy > s20.empathy,
            "three different cues beat one repeated twenty times"
        );
    }

    #[test]
    fn length_alone_earns_nothing() {
        let cues = vec![finding("empathy.a", Dimension::Empathy, Kind::Cue)];
        let (short, _) = score(&cues, 50, &default_weights(), &Flat);
        let (long, _) = score(&cues, 5_000, &default_weights(), &Flat);
        assert!(long.empathy < short.empathy);
        let (empty_long, _) = score(&[], 5_000, &default_weights(), &Flat);
        assert_eq!(empty_long.overall, 50);
    }

    #[test]
    fn escalation_pulls_overall_down() {
        let mut f = vec![finding("empathy.a", Dimension::Empathy, Kind::Cue)];
        let (calm, _) = score(&f, 20, &default_weights(), &Flat);
        f.push(finding("escalation.b", Dimension::Escalation, Kind::Flag));
        f.push(finding("escalation.c", Dimension::Escalation, Kind::Flag));
        let (heated, _) = score(&f, 20, &default_weights(), &Flat);
        assert!(heated.calm < 50);
        assert!(heated.overall < calm.overall);
    }
}
