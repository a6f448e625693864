//! The Finish step: the checklist, scrolling, and a reply leaving (saved,
//! printed or copied), with the questions asked first.

use crate::tui::reply::keymap::Action;
use crate::tui::reply::model::PathPurpose;
use crate::tui::reply::model::{Effect, Model, Overlay, Screen};
use crate::tui::widgets::editor::Editor;

pub(super) fn final_text(m: &Model) -> String {
    let mut t = m.editor.text().trim_end().to_string();
    t.push('\n');
    t
}

pub(super) fn finish(m: &mut Model, action: Action, fx: &mut Vec<Effect>) {
    match action {
        Action::Check(n) => {
            if let Some(c) = m.checklist.get_mut(n as usize - 1) {
                *c = !*c;
            }
        }
        Action::Save | Action::Print | Action::CopyReply => {
            finish_action(m, action, fx, Passed::default())
        }
        Action::Back => m.enter_review(),
        Action::Edit => m.screen = Screen::Draft,
        Action::Up
        | Action::Down
        | Action::PageUp
        | Action::PageDown
        | Action::Top
        | Action::Bottom => {
            let page = m.page() as usize;
            let max = m.finish_max.get();
            let s = m.finish_scroll.min(max);
            m.finish_scroll = match action {
                Action::Up => s.saturating_sub(1),
                Action::Down => (s + 1).min(max),
                Action::PageUp => s.saturating_sub(page),
                Action::PageDown => (s + page).min(max),
                Action::Top => 0,
                _ => max,
            };
        }
        _ => {}
    }
}

/// The questions asked before a reply leaves and already answered.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Passed {
    /// Unfilled blanks: go on anyway.
    pub(super) blanks: bool,
    /// Flags left: go on anyway.
    pub(super) flags: bool,
}

pub(super) fn finish_action(m: &mut Model, action: Action, fx: &mut Vec<Effect>, passed: Passed) {
    if !passed.blanks && !m.blanks().is_empty() {
        m.overlay = Some(Overlay::Blanks(action));
        return;
    }
    if !passed.flags && m.flags_left() > 0 && action != Action::CopyReply {
        m.overlay = Some(Overlay::Nudge(action));
        return;
    }
    let text = final_text(m);
    match action {
        Action::Save => match &m.out {
            Some(path) => fx.push(Effect::Save {
                path: path.clone(),
                text,
            }),
            None => {
                // Selected, so typing replaces the suggested name.
                let mut input = Editor::new("reply.md");
                input.select_bytes(0.."reply.md".len());
                m.overlay = Some(Overlay::PathInput {
                    purpose: PathPurpose::SaveReply,
                    input,
                    error: None,
                    hint: None,
                });
            }
        },
        Action::Print => {
            m.replied = true;
            // Printed is delivered: nothing left to autosave.
            m.saved_version = Some(m.editor.version());
            if let Some(key) = &m.thread_key {
                fx.push(Effect::ClearAutosave(key.clone()));
            }
            fx.push(Effect::Print(text));
        }
        Action::CopyReply => {
            m.replied = true;
            m.copied_version = Some(m.editor.version());
            fx.push(Effect::Copy(text));
        }
        _ => {}
    }
}
