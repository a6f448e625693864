//! tactful: a terminal coach for replying to heated threads.
//!
//! The library holds every mechanism; `main.rs` only parses arguments and
//! dispatches. The pure modules (`engine`, `prompts`, `thread`, `practice`)
//! never touch the terminal.

pub mod cli;
pub mod engine;
pub mod eval;
pub mod lsp;
pub mod practice;
pub mod prompts;
pub mod store;
pub mod thread;
pub mod tui;
