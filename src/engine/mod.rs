//! The analysis engine.
