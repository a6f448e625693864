//! The Intent step: choosing what the reply is for.

use crate::tui::reply::keymap::Action;
use crate::tui::reply::model::{Model, Screen};

pub(super) fn intent(m: &mut Model, action: Action) {
    let n = m.intents().len();
    match action {
        Action::Up => m.intent_cursor = m.intent_cursor.saturating_sub(1),
        Action::Down => m.intent_cursor = (m.intent_cursor + 1).min(n.saturating_sub(1)),
        Action::Select => {
            m.intent = m.intents().get(m.intent_cursor).map(|i| i.id.clone());
            m.live_requested = u64::MAX;
            m.screen = Screen::Draft;
        }
        Action::Back => m.screen = Screen::Read,
        _ => {}
    }
}
