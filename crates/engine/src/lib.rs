//! tactful's analysis engine: reads a reply against rule packs for
//! empathy, humility, listening, a next step and escalation, and returns
//! findings (with positions, explanations and rewrites that keep the
//! writer's point) and transparent scores. Pure: it takes text and returns
//! values, never prints and never touches the terminal, so a chat bot, an
//! editor plugin or a moderation pipeline can use it as well as tactful.
//!
//! ```
//! use tactful_engine::{Context, Kind, packs};
//!
//! // Compile the built-in packs once; analyse any number of drafts with it.
//! let engine = packs::builtin_engine()?;
//! let draft = "You always ignore this. Could you tell me more about the reasoning?";
//! let analysis = engine.analyze(draft, &Context::default());
//!
//! for finding in &analysis.findings {
//!     // Spans are half-open byte ranges; lines and columns count from 1.
//!     let words = &draft[finding.byte_start..finding.byte_end];
//!     assert_eq!(words, finding.matched);
//!     if finding.kind == Kind::Flag {
//!         // A flag carries rewrites fitted to its sentence, the smallest
//!         // edit first, or a question to think it over with.
//!         if let Some(first) = finding.suggestions.first() {
//!             let applied = tactful_engine::rewrite::apply(draft, finding, first).unwrap();
//!             assert_ne!(applied.text, draft);
//!         }
//!     }
//! }
//! assert!(analysis.findings.iter().any(|f| f.rule_id == "escalation.absolute"));
//! let summary = format!("overall {} (calm {})", analysis.scores.overall, analysis.scores.calm);
//! assert!(summary.starts_with("overall"));
//! assert!(analysis.passes(0) && !analysis.attacks());
//! # Ok::<(), anyhow::Error>(())
//! ```
//!
//! The pipeline (`read`): find the quoted regions (`quotes`); fold the text
//! chunk by chunk into a token stream (`text`, `disguise`); search every
//! phrase of every rule in one Aho-Corasick pass (`matcher`, `pattern`);
//! drop cues under negation, turn acknowledgments followed by "but" into
//! yes-but flags; add the computed cues and flags (`computed`, `tone`);
//! drop what falls in quotes; let the most specific of overlapping findings
//! win (`overlaps`); place the findings and fit their rewrites to the
//! sentence (`findings`, [`rewrite`]); score ([`score`]). The packs
//! themselves are read, checked and compiled by [`packs`] into an
//! [`Engine`] (`engine`, `lang`), which [`Engine::analyze`] reads drafts
//! with (`analyze`).

mod analyze;
pub mod blanks;
mod computed;
mod context;
pub mod disguise;
mod engine;
mod findings;
mod image;
mod lang;
mod matcher;
mod overlaps;
pub mod packs;
pub mod pattern;
mod prefilter;
pub mod quotes;
mod raw;
mod read;
pub mod reading;
pub mod reads_as;
pub mod rewrite;
pub mod rules;
pub mod score;
pub mod sentence;
mod serial;
pub mod text;
mod tone;
mod types;
mod wordlist;

pub use analyze::AnalysisCache;
/// The shared, immutable text of rule ids, messages and questions.
pub use arcstr::ArcStr;
/// The words a finding matched.
pub use compact_str::CompactString;
pub use context::{Context, Dismissal};
pub use engine::Engine;
pub use serial::Lazy;
pub use text::fold_phrase;
pub use types::{
    Analysis, Contribution, Dimension, Finding, Kind, Scope, Scores, Severity, Suggestion, Summary,
};
