//! What the flows share: the prose editor, soft wrapping that keeps byte
//! offsets, the keymap tables, the thread view and the theme.

pub mod editor;
pub mod keymap;
pub mod theme;
pub mod thread_view;
pub mod wrap;
