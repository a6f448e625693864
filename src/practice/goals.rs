//! Goals: what an exercise asks of a reply, checkable against the engine's
//! findings and scores. A goal is data (`[[goal]]` in an exercise file) with
//! a `text` people read and a `kind` that says how to check it:
//!
//! | kind             | fields                              | met when                                   |
//! | ---------------- | ----------------------------------- | ------------------------------------------ |
//! | `has_rule`       | `rule` or `rules`, `min` (1)        | the cue(s) are found at least `min` times   |
//! | `no_rule`        | `rule` or `rules`                   | none of the rules is found                  |
//! | `has_cue`        | `dimension` (any), `min` (1)        | that many cues of the dimension are found   |
//! | `no_flags`       | `dimension` (any)                   | no flag (of the dimension) is raised        |
//! | `score_at_least` | `score`, `value`                    | the score (or `overall`) reaches `value`    |
//! | `words_at_most`  | `value`                             | the reply has at most `value` words         |
//!
//! Checking is a plain function of an [`Analysis`].

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use tactful_engine::{Analysis, Dimension};

/// A score a goal can name: one dimension's or the overall one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScoreName {
    Overall,
    Empathy,
    Humility,
    Listening,
    NextStep,
    Calm,
}

impl ScoreName {
    /// Every score, in the order they are shown.
    pub const ALL: [ScoreName; 6] = [
        ScoreName::Overall,
        ScoreName::Empathy,
        ScoreName::Humility,
        ScoreName::Listening,
        ScoreName::NextStep,
        ScoreName::Calm,
    ];

    /// The key used in files and JSON (`next_step`).
    pub fn id(self) -> &'static str {
        match self {
            ScoreName::Overall => "overall",
            ScoreName::Empathy => "empathy",
            ScoreName::Humility => "humility",
            ScoreName::Listening => "listening",
            ScoreName::NextStep => "next_step",
            ScoreName::Calm => "calm",
        }
    }

    /// The name a person reads.
    pub fn title(self) -> &'static str {
        match self {
            ScoreName::Overall => "Overall",
            ScoreName::Empathy => "Empathy",
            ScoreName::Humility => "Humility",
            ScoreName::Listening => "Listening",
            ScoreName::NextStep => "Next step",
            ScoreName::Calm => "Calm",
        }
    }

    /// The value of this score.
    pub fn of(self, scores: &tactful_engine::Scores) -> u8 {
        match self {
            ScoreName::Overall => scores.overall,
            ScoreName::Empathy => scores.empathy,
            ScoreName::Humility => scores.humility,
            ScoreName::Listening => scores.listening,
            ScoreName::NextStep => scores.next_step,
            ScoreName::Calm => scores.calm,
        }
    }
}

impl fmt::Display for ScoreName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl FromStr for ScoreName {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "overall" => Ok(ScoreName::Overall),
            "empathy" => Ok(ScoreName::Empathy),
            "humility" => Ok(ScoreName::Humility),
            "listening" => Ok(ScoreName::Listening),
            "next_step" | "next-step" => Ok(ScoreName::NextStep),
            "calm" | "escalation" => Ok(ScoreName::Calm),
            _ => Err(format!(
                "unknown score \"{s}\" (expected overall, empathy, humility, listening, next_step or calm)"
            )),
        }
    }
}

/// How a goal is checked.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Check {
    /// Any of `rules` found at least `min` times in all.
    HasRule { rules: Vec<String>, min: u32 },
    /// None of `rules` found.
    NoRule { rules: Vec<String> },
    /// At least `min` cues (of `dimension`, or of any).
    HasCue {
        dimension: Option<Dimension>,
        min: u32,
    },
    /// No flag (of `dimension`, or at all).
    NoFlags { dimension: Option<Dimension> },
    /// A score reaches `value`.
    ScoreAtLeast { score: ScoreName, value: u8 },
    /// The reply has at most `value` words of its own.
    WordsAtMost { value: u32 },
}

impl Check {
    /// The `kind` of this check as written in files.
    pub fn kind(&self) -> &'static str {
        match self {
            Check::HasRule { .. } => "has_rule",
            Check::NoRule { .. } => "no_rule",
            Check::HasCue { .. } => "has_cue",
            Check::NoFlags { .. } => "no_flags",
            Check::ScoreAtLeast { .. } => "score_at_least",
            Check::WordsAtMost { .. } => "words_at_most",
        }
    }

    /// Every kind, for error messages.
    pub const KINDS: [&'static str; 6] = [
        "has_rule",
        "no_rule",
        "has_cue",
        "no_flags",
        "score_at_least",
        "words_at_most",
    ];
}

/// One goal of an exercise.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Goal {
    /// What people read, e.g. "Reflect one of their points back".
    pub text: String,
    #[serde(flatten)]
    pub check: Check,
}

/// Whether a draft meets a goal, and what was found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoalResult {
    pub text: String,
    pub kind: String,
    pub met: bool,
    /// What the check saw, for people: "found 2, 1 needed", "\"you
    /// always\" at 1:5", "humility 64, 60 needed".
    pub detail: String,
}

impl Goal {
    /// Checks the goal against an analysis of the draft.
    pub fn check(&self, a: &Analysis) -> GoalResult {
        let (met, detail) = match &self.check {
            Check::HasRule { rules, min } => {
                let n = a
                    .findings
                    .iter()
                    .filter(|f| rules.iter().any(|r| *r == f.rule_id))
                    .count();
                (n >= *min as usize, counted(n, *min))
            }
            Check::NoRule { rules } => {
                let hits: Vec<_> = a
                    .findings
                    .iter()
                    .filter(|f| rules.iter().any(|r| *r == f.rule_id))
                    .collect();
                (hits.is_empty(), found_at(&hits))
            }
            Check::HasCue { dimension, min } => {
                let n = a
                    .cues()
                    .filter(|f| dimension.is_none_or(|d| f.dimension == d))
                    .count();
                (n >= *min as usize, counted(n, *min))
            }
            Check::NoFlags { dimension } => {
                let hits: Vec<_> = a
                    .to_fix()
                    .filter(|f| dimension.is_none_or(|d| f.dimension == d))
                    .collect();
                (hits.is_empty(), found_at(&hits))
            }
            Check::ScoreAtLeast { score, value } => {
                let got = score.of(&a.scores);
                (
                    got >= *value,
                    format!("{} {got}, {value} needed", score.id()),
                )
            }
            Check::WordsAtMost { value } => (
                a.words as u32 <= *value,
                format!("{} words of at most {value}", a.words),
            ),
        };
        GoalResult {
            text: self.text.clone(),
            kind: self.check.kind().to_string(),
            met,
            detail,
        }
    }
}

/// "found 3, 1 needed": what was found against what the goal asks for
/// (never "3 of 1").
fn counted(found: usize, needed: u32) -> String {
    format!("found {found}, {needed} needed")
}

fn found_at(hits: &[&tactful_engine::Finding]) -> String {
    match hits {
        [] => "none found".to_string(),
        [f, rest @ ..] => {
            let more = if rest.is_empty() {
                String::new()
            } else {
                format!(" and {} more", rest.len())
            };
            format!("\"{}\" at {}:{}{more}", f.matched, f.line, f.column)
        }
    }
}

/// Checks every goal.
pub fn check_all(goals: &[Goal], a: &Analysis) -> Vec<GoalResult> {
    goals.iter().map(|g| g.check(a)).collect()
}

/// Whether every result is met (and there is at least one).
pub fn all_met(results: &[GoalResult]) -> bool {
    !results.is_empty() && results.iter().all(|r| r.met)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tactful_engine::Context;

    fn analyze(text: &str, answering: Option<&str>) -> Analysis {
        let engine = crate::prompts::builtin_engine().unwrap();
        engine.analyze(
            text,
            &Context {
                answering,
                ..Default::default()
            },
        )
    }

    fn goal(check: Check) -> Goal {
        Goal {
            text: "a goal".into(),
            check,
        }
    }

    #[test]
    fn more_found_than_needed_reads_as_a_count_and_a_need() {
        let a = analyze(
            "I hear you. That sounds frustrating. Thank you for the report, I hear you.",
            None,
        );
        let r = goal(Check::HasCue {
            dimension: None,
            min: 1,
        })
        .check(&a);
        let n = a.cues().count();
        assert!(n > 1, "{a:?}");
        assert_eq!(r.detail, format!("found {n}, 1 needed"));
    }

    #[test]
    fn has_rule_counts_any_of_the_rules() {
        let a = analyze("It sounds like you want the old default back.", None);
        let g = goal(Check::HasRule {
            rules: vec!["listening.reflect".into(), "listening.paraphrase".into()],
            min: 1,
        });
        let r = g.check(&a);
        assert!(r.met, "{r:?}");
        assert_eq!(r.detail, "found 1, 1 needed");
        let g = goal(Check::HasRule {
            rules: vec!["listening.paraphrase".into()],
            min: 2,
        });
        assert!(!g.check(&a).met);
    }

    #[test]
    fn no_rule_and_no_flags_name_what_they_found() {
        let a = analyze("You always ignore this.", None);
        let r = goal(Check::NoRule {
            rules: vec!["escalation.absolute".into()],
        })
        .check(&a);
        assert!(!r.met);
        assert_eq!(r.detail, "\"You always\" at 1:1");
        let r = goal(Check::NoFlags {
            dimension: Some(Dimension::Escalation),
        })
        .check(&a);
        assert!(!r.met);
        let calm = analyze("Thanks for the report.", None);
        let r = goal(Check::NoFlags { dimension: None }).check(&calm);
        assert!(r.met);
        assert_eq!(r.detail, "none found");
    }

    #[test]
    fn scores_and_words_compare_inclusively() {
        let a = analyze("Thanks for the report.", None);
        let humility = a.scores.humility;
        let r = goal(Check::ScoreAtLeast {
            score: ScoreName::Humility,
            value: humility,
        })
        .check(&a);
        assert!(r.met);
        let r = goal(Check::ScoreAtLeast {
            score: ScoreName::Humility,
            value: humility + 1,
        })
        .check(&a);
        assert!(!r.met);
        assert!(goal(Check::WordsAtMost { value: 4 }).check(&a).met);
        assert!(!goal(Check::WordsAtMost { value: 3 }).check(&a).met);
    }

    #[test]
    fn has_cue_by_dimension() {
        let a = analyze("Thanks for the report. What happened next?", None);
        let r = goal(Check::HasCue {
            dimension: Some(Dimension::Empathy),
            min: 1,
        })
        .check(&a);
        assert!(r.met, "{r:?}");
        let r = goal(Check::HasCue {
            dimension: Some(Dimension::Humility),
            min: 1,
        })
        .check(&a);
        assert!(!r.met);
    }

    #[test]
    fn no_goals_is_not_a_pass() {
        assert!(!all_met(&[]));
    }
}
