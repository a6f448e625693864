//! Scores: deterministic, explained finding by finding.
//!
//! For each dimension the findings of each rule add *evidence*: a cue adds
//! its weight, a flag takes its weight away, each scaled by the finding's
//! strength (1 for a phrase; a tone finding's strength is how far its
//! sentence leans). A rule found again adds half as much as the time before
//! (1, ½, ¼, …, strongest first), so repeating one phrase cannot game a
//! score. Evidence is then divided by `sqrt(words / 100)` (for texts longer
//! than 100 words), so that length alone earns nothing: a long text needs
//! proportionally more cues to score as high as a short one.
//!
//! * Empathy, humility, listening and next step start at a neutral 50 and
//!   move towards 100 with cues and towards 0 with flags:
//!   `50 + 50 · tanh(evidence / 4)`.
//! * Calm (the escalation dimension) starts at 100 and only falls:
//!   `100 · exp(−flag evidence / 4)`.
//! * Overall receptiveness pools the evidence: the cues of every dimension,
//!   weighted by the intent, less the flags, which count [`FLAG_WEIGHT`]
//!   times as much (what hurts is heard before what helps; a note, an
//!   `info` flag, counts [`NOTE_WEIGHT`]: advice on emphasis, not heat,
//!   and one note alone does not fail a draft). A draft with
//!   nothing notable scores [`NEUTRAL`]; cues lift it towards 100, flags
//!   pull it towards 0: `60 + 40 · tanh(E / 6)` above, `60 + 60 · tanh(E / 6)`
//!   below. Pooling keeps every finding's share visible in `contributions`,
//!   and lets a strong cue in one dimension count even when others are
//!   silent, which averaging four gauges diluted.
//! * Where a draft raises a warning (a flag of heat, not a note and not
//!   "yes, but"), its cues count [`TEMPERED_CUES`] of their evidence in the
//!   overall: warm words around a barb do not cancel it.
//! * An attack on the person (an `error` flag) caps the overall at
//!   [`ATTACK_CAP`], below any sensible bar: stock phrases around an insult
//!   cannot lift it, and [`super::Analysis::passes`] fails it whatever the
//!   bar. A rule may set a cap of its own (`cap` in its pack): a judgment
//!   of the person keeps a draft below the default bar, so one stock
//!   sentence added to it cannot lift it over.

use std::collections::BTreeMap;

use super::types::{Contribution, Dimension, Finding, Kind, Scores, Severity};

/// Evidence that moves a score by about three quarters of its range.
const SCALE: f64 = 4.0;
/// The overall score of a draft with nothing notable in it.
pub const NEUTRAL: f64 = 60.0;
/// Pooled evidence that moves the overall by about three quarters of its
/// way: wider than a dimension's, since every dimension's evidence adds up
/// here, so that a good reply still has room above it.
const OVERALL_SCALE: f64 = 6.0;
/// How much more a flag's evidence weighs in the overall than a cue's.
pub const FLAG_WEIGHT: f64 = 1.5;
/// What a note (an `info` flag) counts in the overall, per unit of its
/// weight: a third of a warning, so that one note alone, of any weight the
/// packs give one, leaves a draft with nothing else above the default bar.
pub const NOTE_WEIGHT: f64 = 0.5;
/// The highest overall score a draft with an attack on the person can have.
pub const ATTACK_CAP: u8 = 25;
/// What the cues of a draft count for in the overall where it raises a
/// warning: warm words around a barb do not cancel it, since readers hear
/// the barb first. (Chosen on the development files among 1, ¾, ½ and ¼:
/// ¾ keeps most of what the cues say about receptive replies.)
pub const TEMPERED_CUES: f64 = 0.75;
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

    /// Whether a flag of this rule is heat that the cues around it cannot
    /// cancel: where one is found, the cues count [`TEMPERED_CUES`] of
    /// their evidence in the overall.
    fn tempers_cues(&self, _rule_id: &str) -> bool {
        false
    }

    /// The highest overall score a draft holding a flag of this rule can
    /// have, if the rule sets one.
    fn cap(&self, _rule_id: &str) -> Option<u8> {
        None
    }
}

/// What scoring reads of a finding. A reading held in another form than
/// [`Finding`]s (a long draft's findings packed until they are reported)
/// is scored from these, without making every finding again.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Found<'a> {
    pub rule_id: &'a str,
    pub dimension: Dimension,
    pub kind: Kind,
    pub severity: Severity,
    /// See [`Finding::strength`].
    pub strength: f32,
}

impl<'a> From<&'a Finding> for Found<'a> {
    fn from(f: &'a Finding) -> Found<'a> {
        Found {
            rule_id: &f.rule_id,
            dimension: f.dimension,
            kind: f.kind,
            severity: f.severity,
            strength: f.strength,
        }
    }
}

/// Computes scores and contributions from findings.
pub fn score(
    findings: &[Finding],
    words: usize,
    weights: &Weights,
    rules: &dyn RuleWeight,
) -> (Scores, Vec<Contribution>) {
    score_found(findings.iter().map(Found::from), words, weights, rules)
}

/// Computes scores and contributions from what scoring reads of each
/// finding, as [`score`] does.
pub fn score_found<'a>(
    found: impl IntoIterator<Item = Found<'a>>,
    words: usize,
    weights: &Weights,
    rules: &dyn RuleWeight,
) -> (Scores, Vec<Contribution>) {
    // Keyed by rule, and by whether the finding is a note (a rule's
    // findings share one severity).
    let mut strengths: BTreeMap<(&str, Dimension, Kind, bool), Vec<f32>> = BTreeMap::new();
    let mut attacked = false;
    for f in found {
        attacked |= f.kind == Kind::Flag && f.severity == Severity::Error;
        strengths
            .entry((f.rule_id, f.dimension, f.kind, f.severity == Severity::Info))
            .or_default()
            .push(f.strength);
    }
    let mut contributions = Vec::with_capacity(strengths.len());
    // Cue evidence and flag evidence per dimension, and all flags together.
    let mut evidence: BTreeMap<Dimension, f64> = BTreeMap::new();
    let mut flag_evidence: BTreeMap<Dimension, f64> = BTreeMap::new();
    let mut flags = 0.0;
    let mut noted = 0.0;
    let mut tempered = false;
    let mut cap: Option<u8> = None;
    for ((rule_id, dimension, kind, note), mut found) in strengths {
        let w = rules.weight(rule_id);
        let count = found.len();
        // The strongest finding counts whole, the next half, and so on.
        found.sort_unstable_by(|a, b| b.total_cmp(a));
        let amount = w * diminishing(&found);
        let signed = if kind == Kind::Cue { amount } else { -amount };
        *evidence.entry(dimension).or_default() += if kind == Kind::Cue { amount } else { 0.0 };
        if kind == Kind::Flag {
            *flag_evidence.entry(dimension).or_default() += amount;
            if note {
                noted += amount;
            } else {
                flags += amount;
            }
            tempered |= rules.tempers_cues(rule_id);
            if let Some(c) = rules.cap(rule_id) {
                cap = Some(cap.map_or(c, |k| k.min(c)));
            }
        }
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
        let e = (evidence.get(&d).copied().unwrap_or(0.0)
            - flag_evidence.get(&d).copied().unwrap_or(0.0))
            / dilution;
        let s = if d == Dimension::Escalation {
            100.0 * (e.min(0.0) / SCALE).exp()
        } else {
            50.0 + 50.0 * (e / SCALE).tanh()
        };
        scores.set(d, to_score(s));
    }
    // The overall pools the evidence: the intent weighs the cue
    // dimensions, and every flag counts FLAG_WEIGHT times as much.
    // Weights are relative: they average 1 over the four cue dimensions.
    let cue_dims = [
        Dimension::Empathy,
        Dimension::Humility,
        Dimension::Listening,
        Dimension::NextStep,
    ];
    let total: f64 = cue_dims
        .iter()
        .map(|d| weights.get(d).copied().unwrap_or(0.0))
        .sum();
    let norm = if total > 0.0 {
        cue_dims.len() as f64 / total
    } else {
        0.0
    };
    let mut pooled = 0.0;
    for d in cue_dims {
        let w = weights.get(&d).copied().unwrap_or(0.0) * norm;
        pooled += w * evidence.get(&d).copied().unwrap_or(0.0);
    }
    if tempered {
        pooled *= TEMPERED_CUES;
    }
    let calm_weight = weights.get(&Dimension::Escalation).copied().unwrap_or(1.0);
    pooled -= calm_weight * (FLAG_WEIGHT * flags + NOTE_WEIGHT * noted);
    let e = pooled / dilution;
    let overall = if e >= 0.0 {
        NEUTRAL + (100.0 - NEUTRAL) * (e / OVERALL_SCALE).tanh()
    } else {
        NEUTRAL + NEUTRAL * (e / OVERALL_SCALE).tanh()
    };
    scores.overall = to_score(overall);
    if attacked {
        scores.overall = scores.overall.min(ATTACK_CAP);
    }
    if let Some(c) = cap {
        scores.overall = scores.overall.min(c);
    }
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
            severity: if kind == Kind::Flag {
                Severity::Warning
            } else {
                Severity::Info
            },
            byte_start: 0,
            byte_end: 1,
            line: 1,
            column: 1,
            matched: Default::default(),
            message: Default::default(),
            suggestions: vec![],
            question: None,
            strength: 1.0,
            reads_as: None,
            reads_as_or: None,
        }
    }

    #[test]
    fn nothing_found_is_neutral() {
        let (s, c) = score(&[], 20, &default_weights(), &Flat);
        assert_eq!((s.empathy, s.calm, s.overall), (50, 100, NEUTRAL as u8));
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
        assert_eq!(empty_long.overall, NEUTRAL as u8);
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

    #[test]
    fn an_attack_caps_the_overall_whatever_surrounds_it() {
        let mut f: Vec<Finding> = ["empathy.a", "empathy.b", "empathy.c", "empathy.d"]
            .into_iter()
            .map(|r| finding(r, Dimension::Empathy, Kind::Cue))
            .collect();
        let (warm, _) = score(&f, 20, &default_weights(), &Flat);
        assert!(warm.overall > 90, "{}", warm.overall);
        let mut attack = finding("attack.insult", Dimension::Escalation, Kind::Flag);
        attack.severity = Severity::Error;
        f.push(attack);
        let (s, c) = score(&f, 20, &default_weights(), &Flat);
        assert_eq!(s.overall, ATTACK_CAP);
        assert!(c.iter().any(|c| c.rule_id == "attack.insult"));
    }

    #[test]
    fn a_flag_weighs_more_than_a_cue_of_the_same_weight() {
        let both = vec![
            finding("empathy.a", Dimension::Empathy, Kind::Cue),
            finding("escalation.b", Dimension::Escalation, Kind::Flag),
        ];
        let (s, _) = score(&both, 20, &default_weights(), &Flat);
        assert!(s.overall < NEUTRAL as u8, "{}", s.overall);
    }

    #[test]
    fn one_note_alone_leaves_a_draft_above_the_bar_and_a_warning_does_not() {
        struct Heaviest;
        impl RuleWeight for Heaviest {
            // The heaviest weight the packs give a note.
            fn weight(&self, _: &str) -> f64 {
                2.0
            }
        }
        let mut note = finding("escalation.why-question", Dimension::Escalation, Kind::Flag);
        note.severity = Severity::Info;
        let (s, _) = score(&[note.clone()], 8, &default_weights(), &Heaviest);
        assert!(s.overall >= 50, "{}", s.overall);
        let (two, _) = score(
            &[
                note.clone(),
                Finding {
                    rule_id: "humility.factuality".into(),
                    ..note
                },
            ],
            8,
            &default_weights(),
            &Heaviest,
        );
        assert!(two.overall < s.overall);
        let warning = finding("escalation.blame", Dimension::Escalation, Kind::Flag);
        let (w, _) = score(&[warning], 8, &default_weights(), &Heaviest);
        assert!(w.overall < 50, "{}", w.overall);
    }

    #[test]
    fn a_weaker_finding_counts_less() {
        let strong = vec![finding("tone.heat", Dimension::Escalation, Kind::Flag)];
        let mut weak = strong.clone();
        weak[0].strength = 0.4;
        let (s1, _) = score(&strong, 20, &default_weights(), &Flat);
        let (s2, _) = score(&weak, 20, &default_weights(), &Flat);
        assert!(s2.overall > s1.overall);
        assert!(s2.calm > s1.calm);
    }
}
