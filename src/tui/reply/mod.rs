//! The guided reply flow: home, read, intent, draft, review, finish.
//!
//! [`model::Model`] holds the state; [`update::update`] applies a
//! [`model::Msg`] and returns [`model::Effect`]s as values, and
//! [`view::draw`] draws the model — each one file per screen. Keys become
//! actions through one table per place ([`keymap`]), which also builds the
//! footer and the help overlay; [`layout`] holds the arithmetic of the
//! screens that `update` and the view share. Only [`run`] touches the
//! terminal, the clock and the file system; [`headless`] drives the whole
//! flow without one.

pub mod headless;
pub mod keymap;
pub mod layout;
pub mod model;
pub mod run;
pub mod update;
pub mod view;

pub use model::{Effect, Model, Msg, Screen};
pub use run::{Options, Outcome, run};
pub use update::update;
