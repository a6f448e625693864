//! The arithmetic of the reply flow's screens that both `update` (page
//! sizes, where the mouse is, what is in view) and the view (where it
//! draws) need, in one place so that the two cannot disagree.

use super::model::{Model, Screen};

/// Width from which panes sit side by side.
pub const SIDE_BY_SIDE: u16 = 100;

/// Rows of the Read step's notes box, in a body of `body` rows.
pub fn notes_height(focused: bool, body: u16) -> u16 {
    if focused { 7 } else { 4 }.min(body / 2)
}

/// Rows of the thread shown above the editor in the Draft step, when the
/// panes do not sit side by side, in a body of `body` rows.
pub fn draft_thread_height(body: u16) -> u16 {
    (body / 3).max(3)
}

impl Model {
    /// Rows of the Read step's thread pane (must match the view).
    pub fn read_height(&self) -> usize {
        let body = self
            .size
            .1
            .saturating_sub(2 + u16::from(self.status.is_some())) as usize;
        let notes_h = notes_height(self.notes_focus, body as u16) as usize;
        body.saturating_sub(notes_h + 2).max(1)
    }

    /// Thread pane width for a screen of this size (must match the view).
    pub fn thread_width(&self) -> usize {
        let (w, _) = self.size;
        match self.screen {
            Screen::Draft if w >= SIDE_BY_SIDE => (w as usize * 2 / 5).saturating_sub(2),
            _ => (w as usize).saturating_sub(2),
        }
    }

    /// Rows a page moves by.
    pub fn page(&self) -> isize {
        (self.size.1 as isize - 8).max(3)
    }
}
