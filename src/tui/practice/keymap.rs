//! Practice's keys: one table per place the keys can go, from which the
//! footer and the help overlay are built. The draft takes the editing keys
//! every text field shares, and the review the review's keys
//! (`widgets::keymap`), with practice's words in its help.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::tui::widgets::editor::EditOp;
use crate::tui::widgets::keymap;

/// Where the keys are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Choose,
    Brief,
    Draft,
    Review,
    Results,
    Help,
    ConfirmQuit,
}

/// What a key does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Choose,
    Up,
    Down,
    Write,
    Finish,
    /// Check the draft and review it.
    Review,
    /// A key of the review, as the reply flow's review table names it.
    InReview(keymap::Action),
    Back,
    Revise,
    NextModel,
    PrevModel,
    Done,
    Help,
    Close,
    Quit,
    Yes,
    No,
}

/// One line of this screen's keymap.
pub type Binding = keymap::Entry<Action>;

use Action as A;

use KeyCode as C;

use keymap::{c as ch, ctrl, entry as b, k as key};

const CHOOSE: &[Binding] = &[
    b(&[key(C::Up), ch('k')], A::Up, "", "Previous exercise"),
    b(&[key(C::Down), ch('j')], A::Down, "", "Next exercise"),
    b(
        &[key(C::Enter)],
        A::Choose,
        "practise this one",
        "Practise this exercise",
    ),
    b(&[ch('?'), key(C::F(1))], A::Help, "help", "Show every key"),
    b(&[ch('q'), ctrl('q'), ctrl('c')], A::Quit, "quit", "Quit"),
];

const BRIEF: &[Binding] = &[
    b(
        &[key(C::Enter), key(C::Tab)],
        A::Write,
        "write",
        "Start writing your reply",
    ),
    b(&[key(C::Up), ch('k')], A::Up, "", "Scroll the brief back"),
    b(
        &[key(C::Down), ch('j')],
        A::Down,
        "scroll",
        "Scroll the brief down",
    ),
    b(
        &[key(C::Esc)],
        A::Back,
        "",
        "Back to the exercises (when you chose one)",
    ),
    b(&[ch('?'), key(C::F(1))], A::Help, "help", "Show every key"),
    b(
        &[ch('q'), ctrl('q'), ctrl('c')],
        A::Quit,
        "quit",
        "Quit (your draft is kept)",
    ),
];

const DRAFT: &[Binding] = &[
    b(
        &[ctrl('r')],
        A::Review,
        "review",
        "Check the draft and review it: apply rewrites, undo, dismiss",
    ),
    b(
        &[ctrl('d'), key(C::F(5))],
        A::Finish,
        "finish",
        "Finish: see the goals met, the scores and the model replies",
    ),
    b(
        &[key(C::Esc)],
        A::Back,
        "brief",
        "Back to the brief (the draft stays)",
    ),
    b(&[key(C::F(1))], A::Help, "help", "Show every key"),
    b(&[ctrl('q')], A::Quit, "quit", "Quit (your draft is kept)"),
];

const RESULTS: &[Binding] = &[
    b(
        &[key(C::Right), key(C::Tab), ch('l')],
        A::NextModel,
        "next model",
        "Show the next model reply",
    ),
    b(
        &[key(C::Left), key(C::BackTab), ch('h')],
        A::PrevModel,
        "",
        "Show the previous model reply",
    ),
    b(
        &[ch('e'), key(C::Esc)],
        A::Revise,
        "revise",
        "Edit your reply again",
    ),
    b(
        &[key(C::Down), ch('j')],
        A::Down,
        "",
        "Scroll the replies down",
    ),
    b(&[key(C::Up), ch('k')], A::Up, "", "Scroll the replies back"),
    b(
        &[key(C::Enter), ch('q'), ctrl('q')],
        A::Done,
        "done",
        "Record the attempt and quit",
    ),
    b(&[ch('?'), key(C::F(1))], A::Help, "help", "Show every key"),
];

const HELP_KEYS: &[Binding] = &[b(
    &[key(C::Esc), ch('?'), ch('q'), key(C::F(1)), key(C::Enter)],
    A::Close,
    "close",
    "Close the help",
)];

const CONFIRM_QUIT: &[Binding] = &[
    b(
        &[ch('y')],
        A::Yes,
        "quit",
        "Quit; the draft is kept for next time",
    ),
    b(&[ch('n'), key(C::Esc)], A::No, "stay", "Stay"),
];

/// The review's keys: the review table the reply flow shares, with what
/// differs in practice said in its help (finishing shows the results; a
/// dismissal lasts for this attempt).
fn review_table() -> Vec<Binding> {
    use keymap::Action as K;
    keymap::REVIEW
        .iter()
        .copied()
        .map(|bd| {
            let action = match bd.action {
                K::Help => A::Help,
                K::Quit => A::Quit,
                other => A::InReview(other),
            };
            let help = match bd.action {
                K::Finish => "Finish: see the goals met, the scores and the model replies",
                K::Dismiss => "Set this finding aside for this attempt (the goals still count it)",
                K::Quit => "Quit (your draft is kept)",
                _ => bd.help,
            };
            Binding {
                keys: bd.keys,
                action,
                label: if bd.footer { bd.label } else { "" },
                help,
            }
        })
        .collect()
}

/// The keymap of a place (the draft also takes the reply flow's editing keys).
pub fn table(place: Place) -> Vec<Binding> {
    match place {
        Place::Choose => CHOOSE.to_vec(),
        Place::Brief => BRIEF.to_vec(),
        Place::Draft => DRAFT.to_vec(),
        Place::Review => review_table(),
        Place::Results => RESULTS.to_vec(),
        Place::Help => HELP_KEYS.to_vec(),
        Place::ConfirmQuit => CONFIRM_QUIT.to_vec(),
    }
}

/// What a key means in a place: an action, or an edit of the draft.
pub fn lookup(place: Place, ev: &KeyEvent) -> Option<Result<Action, EditOp>> {
    if place == Place::Review {
        // The shared lookup fills in the digit of "apply N".
        return keymap::lookup_in(keymap::REVIEW, ev).map(|a| {
            Ok(match a {
                keymap::Action::Help => A::Help,
                keymap::Action::Quit => A::Quit,
                other => A::InReview(other),
            })
        });
    }
    if let Some(action) = keymap::find(&table(place), ev) {
        return Some(Ok(action));
    }
    if place != Place::Draft {
        return None;
    }
    // The editing keys every text field shares.
    if let Some(a) = keymap::lookup_in(keymap::EDITING, ev)
        && let Some(op) = edit_op(a)
    {
        return Some(Err(op));
    }
    match ev.code {
        KeyCode::Char(c)
            if !ev
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
        {
            Some(Err(EditOp::Char(c)))
        }
        KeyCode::Enter => Some(Err(EditOp::Newline)),
        _ => None,
    }
}

pub(super) fn edit_op(a: keymap::Action) -> Option<EditOp> {
    use keymap::Action as K;
    Some(match a {
        K::Move(m, sel) => EditOp::Move(m, sel),
        K::Undo => EditOp::Undo,
        K::Redo => EditOp::Redo,
        K::Copy => EditOp::Copy,
        K::Cut => EditOp::Cut,
        K::Paste => EditOp::Paste,
        K::SelectAll => EditOp::SelectAll,
        K::Backspace => EditOp::Backspace,
        K::Delete => EditOp::Delete,
        K::DeleteWordBack => EditOp::DeleteWordBack,
        K::Newline => EditOp::Newline,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyEvent;

    #[test]
    fn the_review_keys_are_the_reply_flows_with_practice_words() {
        let t = table(Place::Review);
        let reply = keymap::REVIEW;
        assert_eq!(t.len(), reply.len());
        for (a, b) in t.iter().zip(reply) {
            assert_eq!(a.keys, b.keys);
        }
        let finish = t
            .iter()
            .find(|b| b.action == A::InReview(keymap::Action::Finish))
            .unwrap();
        assert!(finish.help.contains("model replies"), "{}", finish.help);
        assert_eq!(
            lookup(
                Place::Review,
                &KeyEvent::new(KeyCode::Char('3'), KeyModifiers::NONE)
            ),
            Some(Ok(A::InReview(keymap::Action::Apply(3))))
        );
    }
}
