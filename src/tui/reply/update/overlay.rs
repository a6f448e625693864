//! The overlays' keys: help, quitting, restoring a draft, a pasted
//! thread, answering another message, and the questions asked before a
//! reply leaves (blanks, flags).

use super::finish::{Passed, finish_action};
use super::threads::{self, Carry};
use crate::store::Origin;
use crate::tui::reply::keymap::Action;
use crate::tui::reply::model::{Effect, Model, Overlay, Screen};
use crate::tui::widgets::thread_view;

/// Quits, or first asks: print or save a reply not yet out (from
/// Finish), or keep an unsaved draft.
pub(super) fn request_quit(m: &mut Model, fx: &mut Vec<Effect>) {
    // A reply copied as it stands has left: nothing to ask.
    let delivered = m.copied_version == Some(m.editor.version());
    if m.unsaved() && !delivered && m.screen == Screen::Finish && m.overlay.is_none() {
        m.overlay = Some(Overlay::QuitWithReply);
    } else if m.unsaved() && !delivered {
        m.overlay = Some(Overlay::ConfirmQuit);
    } else {
        fx.push(Effect::Quit);
    }
}

/// The help: scroll it, or close it (back to what was under it).
pub(super) fn help(m: &mut Model, action: Action) {
    match action {
        Action::Down => m.help_scroll += 5,
        Action::Up => m.help_scroll = m.help_scroll.saturating_sub(5),
        _ => m.overlay = m.under_help.take(),
    }
}

/// Quit with an unsaved draft: yes (it stays autosaved), or stay.
pub(super) fn confirm_quit(m: &mut Model, action: Action, fx: &mut Vec<Effect>) {
    match action {
        Action::Yes => {
            if let Some(save) = m.autosave_value()
                && !m.editor.is_blank()
            {
                fx.push(Effect::Autosave(Box::new(save)));
            }
            fx.push(Effect::Quit);
        }
        _ => m.overlay = None,
    }
}

/// An autosaved draft offered back: restore it, or start fresh.
pub(super) fn restore(m: &mut Model, action: Action, fx: &mut Vec<Effect>) {
    let Some(Overlay::Restore(saved)) = m.overlay.take() else {
        return;
    };
    if action == Action::Restore {
        threads::restore(m, *saved, fx);
    }
}

/// A thread pasted on the home screen: read it, or cancel.
pub(super) fn pasted_thread(m: &mut Model, action: Action, fx: &mut Vec<Effect>) {
    match action {
        Action::Submit => {
            let Some(Overlay::Paste { input, .. }) = &m.overlay else {
                return;
            };
            let text = input.text();
            match thread_view::import(text.as_bytes(), "the pasted thread", None, None) {
                Ok(data) => threads::switch_thread(m, data, Origin::Pasted { text }, fx),
                Err(e) => {
                    if let Some(Overlay::Paste { error, .. }) = &mut m.overlay {
                        *error = Some(e);
                    }
                }
            }
        }
        _ => m.overlay = None,
    }
}

/// Answering another message with a draft written: take it along, or
/// start a new reply.
pub(super) fn reanswer(m: &mut Model, action: Action, fx: &mut Vec<Effect>) {
    let Some(Overlay::Reanswer(target)) = m.overlay.take() else {
        return;
    };
    match action {
        Action::TakeDraft => threads::answer(m, target, Carry::Take, fx),
        Action::NewDraft => threads::answer(m, target, Carry::New, fx),
        _ => {}
    }
}

/// Quitting from Finish with a reply not yet out: print it (or save it
/// to `--out`), quit without it, or stay.
pub(super) fn quit_with_reply(m: &mut Model, action: Action, fx: &mut Vec<Effect>) {
    m.overlay = None;
    match action {
        Action::Print => {
            m.quit_after_save = m.out.is_some();
            let deliver = if m.out.is_some() {
                Action::Save
            } else {
                Action::Print
            };
            // Blanks or flags may ask first; the save quits once
            // it succeeds, and a "no" to those questions stays.
            finish_action(m, deliver, fx, Passed::default());
        }
        Action::Yes => fx.push(Effect::Quit),
        _ => {}
    }
}

/// Blanks left unfilled: go on, fill them in, or stay.
pub(super) fn blanks(m: &mut Model, action: Action, fx: &mut Vec<Effect>) {
    let Some(Overlay::Blanks(then)) = m.overlay.take() else {
        return;
    };
    match action {
        Action::Yes => finish_action(
            m,
            then,
            fx,
            Passed {
                blanks: true,
                flags: false,
            },
        ),
        Action::Edit => {
            m.quit_after_save = false;
            if let Some(b) = m.blanks().first() {
                m.editor.select_bytes(b.clone());
            }
            m.screen = Screen::Draft;
        }
        _ => m.quit_after_save = false,
    }
}

/// Flags left: go on, look at them once more, or stay.
pub(super) fn nudge(m: &mut Model, action: Action, fx: &mut Vec<Effect>) {
    let Some(Overlay::Nudge(then)) = m.overlay.take() else {
        return;
    };
    match action {
        Action::Yes => finish_action(
            m,
            then,
            fx,
            Passed {
                blanks: true,
                flags: true,
            },
        ),
        Action::Back => {
            m.quit_after_save = false;
            m.enter_review();
        }
        _ => m.quit_after_save = false,
    }
}
