//! tactful: a terminal coach for replying to heated threads.
//!
//! The library holds every mechanism; `main.rs` only parses arguments and
//! dispatches. The analysis engine and the pack loader are a crate of their
//! own (`crates/engine`, `tactful_engine`). The pure modules (`prompts`,
//! `thread`, `reading`, `practice`, `store`, `eval`, `config`) never touch the terminal; `tests/architecture.rs`
//! checks that every arrow between modules points down a layer.

pub mod cli;
pub mod config;
pub mod eval;
pub mod files;
pub mod lsp;
pub mod practice;
pub mod prompts;
pub mod reading;
pub mod store;
pub mod thread;
pub mod tui;
