//! What the flows share: the prose editor, soft wrapping that keeps byte
//! offsets, the keymap tables, the thread view, the review of a draft
//! (findings, rewrites, dismissals, what changed), the flow's words and the
//! theme.

pub mod editor;
pub mod keymap;
pub mod review;
pub mod theme;
pub mod thread_view;
pub mod words;
pub mod wrap;
