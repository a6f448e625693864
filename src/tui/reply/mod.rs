//! The guided reply flow: home, read, intent, draft, review, finish.
//!
//! [`model::Model`] holds the state, [`model::update`] applies a
//! [`model::Msg`] and returns [`model::Effect`]s as values, and
//! [`view::draw`] draws the model, one file per screen. Keys become actions
//! through one table per screen (`widgets::keymap`), which also builds the
//! footer and the help overlay. Only [`run`] touches the terminal, the clock
//! and the file system; [`headless`] drives the whole flow without one.

pub mod headless;
pub mod model;
pub mod run;
pub mod view;

pub use model::{Effect, Model, Msg, Screen, update};
pub use run::{Options, Outcome, run};
