//! Practice: exercises (a heated thread, an intent, goals, model replies and
//! facilitator notes, all data in `prompts/exercises/`), goals checked
//! against the engine's findings and scores, attempts, the local history of
//! attempts, and the reports a facilitator reads.
//!
//! Pure in the house sense: nothing here draws, reads keys or prints. The
//! history and export functions write files (atomically, or as a single
//! appended line), because that is their whole job.

pub mod attempt;
pub mod embedded;
pub mod exercise;
pub mod goals;
pub mod history;
pub mod report;
pub mod time;

pub use attempt::{Attempt, Draft};
pub use exercise::{Exercise, Exercises, ModelReply, ThreadMessage};
pub use goals::{Goal, GoalResult, ScoreName};
