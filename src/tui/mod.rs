//! Everything tactful draws in a terminal, grouped by flow:
//!
//! - [`reply`]: the guided reply flow (home, read, intent, draft, review,
//!   finish), the product's main screen;
//! - [`practice`]: an exercise's brief, the draft with its goals, the results;
//! - [`workshop`]: the facilitator's projector view, with its timer;
//! - [`widgets`]: what the flows share: the editor, wrapping, what a
//!   keymap is made of (with the editing and review keys they share), the
//!   thread view, the review of a draft and the theme.
//!
//! Each flow follows the Elm architecture: a model with its messages and
//! `update` (which returns effects as values), a `view` that only draws, and
//! a `run` loop that alone touches the terminal, the clock and the file
//! system, so every screen is tested with ratatui's `TestBackend`.

pub mod practice;
pub mod reply;
pub mod widgets;
pub mod workshop;

pub use reply::{Effect, Model, Msg, Options, Outcome, Screen, run, update};
