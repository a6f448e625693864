//! Opening threads and restoring drafts: a draft restored on its thread
//! (reopened from where it came from when another is open), another
//! thread opened fresh, and answering another message of the thread.

use crate::store::{Autosave, Origin};
use crate::tui::reply::model::{Effect, Model, Screen};
use crate::tui::widgets::editor::Editor;
use crate::tui::widgets::thread_view::{self, Scroll, ThreadData};
use crate::tui::widgets::words::fill;

/// Restores an autosaved draft: on the open thread when it is the draft's
/// own, else on its thread reopened from where it came from.
pub(super) fn restore(m: &mut Model, saved: Autosave, fx: &mut Vec<Effect>) {
    if m.thread.is_some() && m.thread_key.as_deref() == Some(saved.thread_key.as_str()) {
        apply_draft(m, &saved);
        return;
    }
    // A draft for another message of the open thread: answer that one.
    if let Some(t) = m.thread.as_mut()
        && saved.answering < t.data.messages.len()
        && t.data.key_of(saved.answering) == saved.thread_key
    {
        t.data.answering = saved.answering;
        m.thread_key = Some(saved.thread_key.clone());
        m.read_cursor = saved.answering;
        m.read_scroll = None;
        m.draft_scroll = None;
        apply_draft(m, &saved);
        return;
    }
    match saved.origin.clone() {
        Origin::Sample => {
            let mut t = thread_view::sample();
            t.answering = saved.answering.min(t.messages.len().saturating_sub(1));
            t.default_answer = false;
            enter_thread(m, t, Origin::Sample, fx);
            apply_draft(m, &saved);
        }
        Origin::Pasted { text } => {
            match thread_view::import(text.as_bytes(), "the saved thread", None, None) {
                Ok(mut t) => {
                    t.answering = saved.answering.min(t.messages.len().saturating_sub(1));
                    t.default_answer = false;
                    enter_thread(m, t, Origin::Pasted { text }, fx);
                    apply_draft(m, &saved);
                }
                Err(e) => m.status = Some(e),
            }
        }
        Origin::File { path } => {
            m.pending_restore = Some(Box::new(saved));
            fx.push(Effect::LoadThread(path));
        }
    }
}

/// Puts a saved draft in the editor (the thread is open) and goes to it.
pub(super) fn apply_draft(m: &mut Model, saved: &Autosave) {
    // Checks of whatever draft was here before are not this draft's.
    m.reset_draft();
    m.editor = crate::tui::reply::model::draft_editor(&saved.draft);
    m.editor.set_cursor_byte(saved.draft.len());
    m.notes = Editor::new(&saved.notes);
    m.intent = saved.intent.clone();
    if let Some(i) = m
        .intents()
        .iter()
        .position(|x| Some(&x.id) == saved.intent.as_ref())
    {
        m.intent_cursor = i;
    }
    m.autosaved = (m.editor.version(), m.notes.version(), m.intent.clone());
    m.screen = Screen::Draft;
}

/// Opens a thread at the read step. Another thread than the open one
/// starts a fresh draft (the old one is autosaved under its own thread
/// first); the same thread keeps the draft in progress.
pub(super) fn enter_thread(m: &mut Model, data: ThreadData, origin: Origin, fx: &mut Vec<Effect>) {
    if m.thread_key.as_deref() != Some(data.key().as_str()) {
        if m.unsaved()
            && let Some(save) = m.autosave_value()
        {
            fx.push(Effect::Autosave(Box::new(save)));
        }
        m.reset_draft();
    }
    m.open_thread(data, origin);
}

/// Opens a thread, then looks for a draft saved for it to offer back:
/// for the message it answers, or, when that message was a default
/// choice, for any message of the thread.
pub(super) fn switch_thread(m: &mut Model, data: ThreadData, origin: Origin, fx: &mut Vec<Effect>) {
    let any_message = data.default_answer;
    enter_thread(m, data, origin, fx);
    if m.editor.is_blank()
        && let Some(key) = &m.thread_key
    {
        fx.push(Effect::FindDraft {
            key: key.clone(),
            any_message,
        });
    }
}

/// What happens to the draft when another message is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Carry {
    /// There is no draft.
    Nothing,
    /// The draft now answers the new message.
    Take,
    /// The draft stays saved for the message it answered; a new one starts.
    New,
}

/// Answers message `target` instead of the one answered: the Draft step's
/// "Their words" and the listening check follow, and the draft's key
/// changes with it.
pub(super) fn answer(m: &mut Model, target: usize, carry: Carry, fx: &mut Vec<Effect>) {
    let Some(t) = &m.thread else { return };
    if target >= t.data.messages.len() {
        return;
    }
    let old = m.who(t.data.answering);
    let old_answering = t.data.answering;
    let who = m.who(target);
    let old_key = m.thread_key.clone();
    if carry == Carry::New
        && m.unsaved()
        && let Some(save) = m.autosave_value()
    {
        fx.push(Effect::Autosave(Box::new(save)));
    }
    if carry == Carry::New {
        m.reset_draft();
    }
    let Some(t) = m.thread.as_mut() else { return };
    t.data.answering = target;
    let key = t.data.key();
    m.thread_key = Some(key.clone());
    m.draft_scroll = None;
    // Live checks read the draft against what it answers: check again.
    m.live_result = None;
    m.live_requested = u64::MAX;
    match carry {
        Carry::Take => {
            // A draft already saved for the new message is never
            // overwritten (see `Store::take_draft`).
            if let Some(save) = m.autosave_value() {
                fx.push(Effect::TakeAlong {
                    carried: Box::new(save),
                    from: old_key.map(|k| (k, old_answering)),
                });
                m.autosaved = (m.editor.version(), m.notes.version(), m.intent.clone());
            }
            m.status = Some(fill(&m.flow.answer.took_along, &[("who", &who)]));
        }
        Carry::New => {
            fx.push(Effect::FindDraft {
                key,
                any_message: false,
            });
            m.status = Some(fill(
                &m.flow.answer.new_reply,
                &[("who", &who), ("old", &old)],
            ));
        }
        Carry::Nothing => {
            fx.push(Effect::FindDraft {
                key,
                any_message: false,
            });
            m.status = Some(fill(&m.flow.answer.now, &[("who", &who)]));
        }
    }
    // The message answered shows its text, not only its header, with the
    // status line that now takes a row.
    let (w, h) = (m.thread_width(), m.read_height());
    if let Some(t) = &m.thread {
        let top = m
            .read_scroll
            .unwrap_or_else(|| t.into_view(target, w, h, Scroll::default()));
        m.read_scroll = Some(t.text_into_view(target, w, h, top));
    }
}
