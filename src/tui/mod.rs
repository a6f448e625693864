//! The guided reply flow in the terminal: home, read, intent, draft,
//! review, finish.
//!
//! The Elm architecture: [`app::Model`] holds the state, [`app::update`]
//! applies a [`app::Msg`] and returns [`app::Effect`]s as values, and
//! [`view::draw`] draws the model. Keys become actions through one table per
//! screen ([`keymap`]), which also builds the footer and the help overlay.
//! Only [`run`] touches the terminal, the clock and the file system, so
//! every screen is tested with ratatui's `TestBackend`.

pub mod app;
pub mod editor;
pub mod flow;
pub mod headless;
pub mod keymap;
pub mod run;
pub mod thread_view;
pub mod view;
pub mod wrap;

use crate::thread as thread_api;

pub use app::{Effect, Model, Msg, Screen, update};
pub use run::{Options, run};
