//! Applying a message to the model: [`update`] turns a key into what it
//! means where the keys go ([`key_meaning`]) and hands it to the step or
//! the overlay it belongs to, one file per screen as `view/` is; typing,
//! pasting, the mouse wheel and idle time are handled here.

mod draft;
mod finish;
mod home;
mod intent;
mod overlay;
mod read;
mod review;
mod threads;

use crossterm::event::KeyEvent;

use super::keymap::{self, Action, Place};
use super::layout;
use super::model::{Effect, Model, Msg, Overlay, Screen};
use crate::tui::widgets::editor::{EditOp, Editor};
use crate::tui::widgets::words::fill;

pub use home::{Completion, complete_path};

/// What a key means where the keys go now: an action, or (for keys the
/// table does not name, in a text field) an edit.
pub fn key_meaning(model: &Model, key: &KeyEvent) -> Option<Result<Action, EditOp>> {
    let place = model.place();
    if let Some(a) = keymap::lookup(place, key) {
        return Some(Ok(a));
    }
    if place.takes_text() {
        use crossterm::event::{KeyCode, KeyEventKind, KeyModifiers};
        if key.kind == KeyEventKind::Release {
            return None;
        }
        if let KeyCode::Char(c) = key.code
            && !key
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
        {
            return Some(Err(EditOp::Char(c)));
        }
        if key.code == KeyCode::Tab && place == Place::Draft {
            return Some(Err(EditOp::Char('\t')));
        }
    }
    None
}

/// Applies a message to the model and says what should happen next.
pub fn update(m: &mut Model, msg: Msg) -> Vec<Effect> {
    let mut fx = Vec::new();
    match msg {
        Msg::Key(key) => match key_meaning(m, &key) {
            Some(Ok(action)) => {
                m.status = None;
                apply_action(m, action, &mut fx);
            }
            Some(Err(op)) => {
                m.status = None;
                edit(m, op, &mut fx)
            }
            None => {}
        },
        Msg::Paste(text) => paste(m, text),
        Msg::Scroll(rows, col, row) => scroll(m, rows, col, row),
        Msg::Resize(w, h) => m.size = (w, h),
        Msg::Idle => idle(m, &mut fx),
        Msg::Analyzed(version, analysis) => {
            m.live_result = Some((version, *analysis));
        }
        Msg::ThreadLoaded(Ok((mut data, origin))) => match m.pending_restore.take() {
            Some(saved) => {
                // The draft answers the message it was saved with, if the
                // file still holds it.
                let chosen = (data.answering, data.default_answer);
                data.answering = saved.answering.min(data.messages.len().saturating_sub(1));
                data.default_answer = false;
                if saved.thread_key == data.key() {
                    threads::enter_thread(m, data, origin, &mut fx);
                    threads::apply_draft(m, &saved);
                } else {
                    (data.answering, data.default_answer) = chosen;
                    threads::switch_thread(m, data, origin, &mut fx);
                    m.status = Some(
                        "That file no longer holds the message your draft answered; \
                         the draft stays saved."
                            .into(),
                    );
                }
            }
            None => threads::switch_thread(m, data, origin, &mut fx),
        },
        Msg::Listed {
            input: typed,
            entries,
        } => {
            if let Some(Overlay::PathInput {
                input, error, hint, ..
            }) = &mut m.overlay
                && input.text() == typed
            {
                match entries {
                    Ok(entries) => {
                        let c = home::complete_path(&typed, &entries);
                        if let Some(new) = c.text {
                            *input = Editor::new(&new);
                            input.set_cursor_byte(new.len());
                        }
                        *hint = c.hint;
                        *error = None;
                    }
                    Err(e) => *error = Some(e),
                }
            }
        }
        Msg::TakeRefused(existing) => {
            // Both drafts are kept: the one taken along stayed saved for
            // the message it answered; the one found opens here.
            let who = m.who(existing.answering);
            m.reset_draft();
            m.status = Some(fill(&m.flow.answer.kept_both, &[("who", &who)]));
            m.offer_restore(*existing);
        }
        Msg::DraftsFound {
            drafts,
            any_message,
        } => {
            if m.editor.is_blank()
                && m.overlay.is_none()
                && let Some(saved) = m.draft_of_this_thread(drafts, any_message)
            {
                m.offer_restore(saved);
            }
        }
        Msg::ThreadLoaded(Err(e)) => {
            m.pending_restore = None;
            match &mut m.overlay {
                Some(Overlay::PathInput { error, .. }) => *error = Some(e),
                _ => m.status = Some(e),
            }
        }
        Msg::Saved(Ok(path)) => {
            m.saved_version = Some(m.editor.version());
            m.replied = true;
            if std::mem::take(&mut m.quit_after_save) {
                fx.push(Effect::Quit);
            }
            m.status = Some(format!(
                "Saved to {}. Press q to quit, or keep editing.",
                path.display()
            ));
            m.overlay = None;
            if let Some(key) = &m.thread_key {
                fx.push(Effect::ClearAutosave(key.clone()));
            }
        }
        Msg::Saved(Err(e)) => {
            m.quit_after_save = false;
            match &mut m.overlay {
                Some(Overlay::PathInput { error, .. }) => *error = Some(e),
                _ => m.status = Some(e),
            }
        }
        Msg::KeepFailed(e) => m.status = Some(e),
        Msg::Copied => {
            m.status = Some(
                "Copied with OSC 52 (if your terminal allows it). Paste it where it goes.".into(),
            );
        }
    }
    fx
}

fn idle(m: &mut Model, fx: &mut Vec<Effect>) {
    let key = (m.editor.version(), m.notes.version(), m.intent.clone());
    if key != m.autosaved
        && !m.editor.is_blank()
        && let Some(save) = m.autosave_value()
    {
        fx.push(Effect::Autosave(Box::new(save)));
        m.autosaved = key;
    }
    let v = m.editor.version();
    if m.live && m.screen == Screen::Draft && m.live_requested != v && !m.editor.is_blank() {
        m.live_requested = v;
        fx.push(Effect::Analyze {
            version: v,
            text: m.editor.text(),
            answering: m.answering_text(),
            intent: m.intent.clone(),
            dismissed: m.dismissals(),
        });
    }
}

fn paste(m: &mut Model, text: String) {
    match &mut m.overlay {
        Some(Overlay::PathInput { input, .. }) => {
            let line = text.lines().next().unwrap_or("").trim().to_string();
            input.apply(EditOp::InsertText(line));
        }
        Some(Overlay::Paste { input, .. }) => {
            input.apply(EditOp::InsertText(text));
        }
        Some(_) => {}
        None => match m.screen {
            Screen::Draft => {
                m.editor.apply(EditOp::InsertText(text));
            }
            Screen::Read if m.notes_focus => {
                m.notes.apply(EditOp::InsertText(text));
            }
            Screen::Read if m.search.is_some() => {
                let line = text.lines().next().unwrap_or("").to_string();
                read::search_edit(m, EditOp::InsertText(line));
            }
            Screen::Home => {
                // A paste on the home screen is a thread.
                let mut input = Editor::default();
                input.apply(EditOp::InsertText(text));
                m.overlay = Some(Overlay::Paste { input, error: None });
            }
            _ => {}
        },
    }
}

fn scroll(m: &mut Model, rows: i16, col: u16, row: u16) {
    match m.screen {
        Screen::Read => read::scroll_read(m, rows as isize),
        Screen::Draft => {
            let side = m.size.0 >= layout::SIDE_BY_SIDE;
            let over_thread = m.show_thread
                && if side {
                    (col as usize) < m.thread_width() + 2
                } else {
                    // The thread sits on top, a third of the body high.
                    let th = layout::draft_thread_height(m.size.1.saturating_sub(2));
                    row >= 1 && row < 1 + th
                };
            if over_thread {
                draft::scroll_draft_thread(m, rows as isize);
            } else {
                m.editor.apply(EditOp::Scroll(rows));
            }
        }
        Screen::Review => {
            m.review.scroll = (m.review.top.get() as isize + rows as isize).max(0) as usize;
        }
        _ => {}
    }
}

fn edit(m: &mut Model, op: EditOp, fx: &mut Vec<Effect>) {
    match &mut m.overlay {
        Some(Overlay::PathInput {
            input, error, hint, ..
        }) => {
            *error = None;
            *hint = None;
            input.apply(op);
        }
        Some(Overlay::Paste { input, error }) => {
            *error = None;
            input.apply(op);
        }
        Some(_) => {}
        None => match m.screen {
            Screen::Draft => {
                let copy = matches!(op, EditOp::Copy | EditOp::Cut);
                m.editor.apply(op);
                if copy && !m.editor.yank_text().is_empty() {
                    fx.push(Effect::Copy(m.editor.yank_text()));
                }
            }
            Screen::Read if m.notes_focus => {
                m.notes.apply(op);
            }
            Screen::Read if m.search.is_some() => read::search_edit(m, op),
            _ => {}
        },
    }
}

fn edit_op(action: Action) -> Option<EditOp> {
    Some(match action {
        Action::Move(mo, sel) => EditOp::Move(mo, sel),
        Action::Undo => EditOp::Undo,
        Action::Redo => EditOp::Redo,
        Action::Copy => EditOp::Copy,
        Action::Cut => EditOp::Cut,
        Action::Paste => EditOp::Paste,
        Action::SelectAll => EditOp::SelectAll,
        Action::Backspace => EditOp::Backspace,
        Action::Delete => EditOp::Delete,
        Action::DeleteWordBack => EditOp::DeleteWordBack,
        Action::Newline => EditOp::Newline,
        _ => return None,
    })
}

/// Does what `action` means where the keys go now: keys common to every
/// place first, editing keys in a text field, then the step or overlay.
fn apply_action(m: &mut Model, action: Action, fx: &mut Vec<Effect>) {
    let place = m.place();
    // Keys common to every place first.
    match action {
        Action::Help if place != Place::Help => {
            m.under_help = m.overlay.take();
            m.overlay = Some(Overlay::Help);
            m.help_scroll = 0;
            return;
        }
        Action::Quit => return overlay::request_quit(m, fx),
        _ => {}
    }
    if place.takes_text()
        && let Some(op) = edit_op(action)
    {
        return edit(m, op, fx);
    }
    match place {
        Place::Help => overlay::help(m, action),
        Place::ConfirmQuit => overlay::confirm_quit(m, action, fx),
        Place::Restore => overlay::restore(m, action, fx),
        Place::Home => home::home(m, action, fx),
        Place::PathInput => home::path_input(m, action, fx),
        Place::Paste => overlay::pasted_thread(m, action, fx),
        Place::Read => read::read(m, action, fx),
        Place::Search => read::search(m, action),
        Place::Reanswer => overlay::reanswer(m, action, fx),
        Place::Notes => read::notes(m, action),
        Place::Intent => intent::intent(m, action),
        Place::Draft => draft::draft(m, action),
        Place::Review => review::review(m, action, fx),
        Place::Dismiss => review::dismiss(m, action, fx),
        Place::Finish => finish::finish(m, action, fx),
        Place::QuitWithReply => overlay::quit_with_reply(m, action, fx),
        Place::Blanks => overlay::blanks(m, action, fx),
        Place::Nudge => overlay::nudge(m, action, fx),
    }
}
