//! What a draft is read with: the message it answers, the intent it
//! serves, and the findings its author dismissed.

use crate::text::fold_phrase;

/// A finding the user dismissed: the same rule on the same words (compared
/// folded) is not reported again. Dismissed as a false alarm, it is gone;
/// dismissed as meant (`keeps_cost`), it is no longer listed but still
/// counts in the scores: the writer chose to keep it, and the reader will
/// still read it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Dismissal {
    pub rule_id: String,
    pub phrase: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub keeps_cost: bool,
}

impl Dismissal {
    /// A false alarm: the finding is not reported and costs nothing.
    pub fn new(rule_id: &str, phrase: &str) -> Self {
        Dismissal {
            rule_id: rule_id.to_string(),
            phrase: fold_phrase(phrase),
            keeps_cost: false,
        }
    }

    /// A flag the writer meant and keeps: not listed, still counted.
    pub fn kept(rule_id: &str, phrase: &str) -> Self {
        Dismissal {
            keeps_cost: true,
            ..Dismissal::new(rule_id, phrase)
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
