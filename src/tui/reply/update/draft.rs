//! The Draft step: checking, live checking, and the thread beside the
//! editor.

use crate::tui::reply::keymap::Action;
use crate::tui::reply::model::{Model, Screen};
use crate::tui::widgets::thread_view::Scroll;

pub(super) fn draft(m: &mut Model, action: Action) {
    match action {
        Action::Review => {
            if m.editor.is_blank() {
                m.status = Some("Write a few words first, then check them.".into());
            } else {
                m.enter_review();
            }
        }
        Action::ToggleLive => {
            m.live = !m.live;
            m.live_requested = u64::MAX;
            if !m.live {
                m.live_result = None;
            }
        }
        Action::ToggleThread => m.show_thread = !m.show_thread,
        Action::ThreadUp => scroll_draft_thread(m, -3),
        Action::ThreadDown => scroll_draft_thread(m, 3),
        Action::Back => m.screen = Screen::Intent,
        _ => {}
    }
}

pub(super) fn scroll_draft_thread(m: &mut Model, rows: isize) {
    let width = m.thread_width();
    if let Some(t) = &m.thread {
        let start = m.draft_scroll.unwrap_or(Scroll {
            part: t.part_of_message(t.data.answering),
            row: 0,
        });
        m.draft_scroll = Some(start.moved(t, width, rows));
    }
}
