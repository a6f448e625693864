//! The reply flow's keys: one table per place the keys can go (a screen,
//! or an overlay or field on top of it), from which [`lookup`] reads a
//! key and the footer and the help overlay are built. The keys shared with
//! practice (the editing keys of a text field, the review's) come from
//! `widgets::keymap`.

use crossterm::event::{KeyCode, KeyEvent};

use crate::tui::widgets::editor::Motion;
pub use crate::tui::widgets::keymap::Action;
use crate::tui::widgets::keymap::{
    Binding, EDITING, HELP, HELP_F1, QUIT, QUIT_CTRL, REVIEW, alt, b, c, ctrl, first_key,
    footer_of, k, lookup_in,
};

/// Where the keys are read: a screen, or an overlay or field on top of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Home,
    PathInput,
    Paste,
    Read,
    Notes,
    Intent,
    Draft,
    Review,
    Finish,
    Help,
    ConfirmQuit,
    Restore,
    Dismiss,
    Nudge,
    Blanks,
    QuitWithReply,
    /// Searching the thread in the Read step.
    Search,
    /// Answering another message while a draft is written: take the draft
    /// along, or start a new one.
    Reanswer,
}

impl Place {
    pub const ALL: [Place; 18] = [
        Place::Home,
        Place::PathInput,
        Place::Paste,
        Place::Read,
        Place::Notes,
        Place::Intent,
        Place::Draft,
        Place::Review,
        Place::Finish,
        Place::Help,
        Place::ConfirmQuit,
        Place::Restore,
        Place::Dismiss,
        Place::Nudge,
        Place::Blanks,
        Place::QuitWithReply,
        Place::Search,
        Place::Reanswer,
    ];

    /// Whether keys the table does not name are typed into a text field.
    pub fn takes_text(self) -> bool {
        matches!(
            self,
            Place::PathInput | Place::Paste | Place::Notes | Place::Draft | Place::Search
        )
    }
}

use Action as A;
use KeyCode as C;

const HOME: &[Binding] = &[
    b(&[k(C::Up), c('k')], A::Up, "", "Previous choice", false),
    b(&[k(C::Down), c('j')], A::Down, "", "Next choice", false),
    b(&[k(C::Enter)], A::Select, "choose", "Choose", true),
    b(
        &[c('s')],
        A::Sample,
        "",
        "Reply to the sample thread",
        false,
    ),
    b(&[c('o')], A::OpenFile, "", "Open a thread file", false),
    b(&[c('p')], A::PasteThread, "", "Paste a thread", false),
    b(&[c('x')], A::Practise, "", "Practise on an exercise", false),
    b(&[c('w')], A::Workshop, "", "Run a workshop", false),
    HELP,
    QUIT,
];

const PATH_INPUT: &[Binding] = &[
    b(&[k(C::Enter)], A::Submit, "confirm", "Use this path", true),
    b(
        &[k(C::Tab)],
        A::Complete,
        "complete",
        "Complete the file or folder name",
        true,
    ),
    b(&[k(C::Esc)], A::Cancel, "cancel", "Cancel", true),
    b(
        &[k(C::Left)],
        A::Move(Motion::Left, false),
        "",
        "Move left",
        false,
    ),
    b(
        &[k(C::Right)],
        A::Move(Motion::Right, false),
        "",
        "Move right",
        false,
    ),
    b(
        &[k(C::Home)],
        A::Move(Motion::Home, false),
        "",
        "Start of the path",
        false,
    ),
    b(
        &[k(C::End)],
        A::Move(Motion::End, false),
        "",
        "End of the path",
        false,
    ),
    b(
        &[k(C::Backspace)],
        A::Backspace,
        "",
        "Delete before the cursor",
        false,
    ),
    b(
        &[k(C::Delete)],
        A::Delete,
        "",
        "Delete after the cursor",
        false,
    ),
    b(
        &[ctrl('w')],
        A::DeleteWordBack,
        "",
        "Delete the word before the cursor",
        false,
    ),
    b(
        &[ctrl('u'), ctrl('a')],
        A::SelectAll,
        "",
        "Select the whole path (type to replace it)",
        false,
    ),
];

const PASTE: &[Binding] = &[
    b(
        &[ctrl('d')],
        A::Submit,
        "use this thread",
        "Read the pasted text as a thread",
        true,
    ),
    b(&[k(C::Esc)], A::Cancel, "cancel", "Cancel", true),
    b(&[k(C::Enter)], A::Newline, "", "New line", false),
    HELP_F1,
];

const READ: &[Binding] = &[
    b(
        &[k(C::Up), c('k')],
        A::Up,
        "",
        "Previous message (a long one scrolls a line at a time)",
        false,
    ),
    b(
        &[k(C::Down), c('j')],
        A::Down,
        "move",
        "Next message (a long one scrolls a line at a time)",
        true,
    ),
    b(
        &[c('r')],
        A::AnswerThis,
        "answer this",
        "Answer the message under the cursor (your draft can come along)",
        true,
    ),
    b(
        &[c('c')],
        A::ToggleBranch,
        "collapse",
        "Collapse or expand the replies under this message",
        true,
    ),
    b(
        &[k(C::Left)],
        A::Collapse,
        "",
        "Collapse the replies under this message, or go to the one it answers",
        false,
    ),
    b(
        &[k(C::Right)],
        A::Expand,
        "",
        "Expand the replies under this message, or go to its first reply",
        false,
    ),
    b(
        &[c('h')],
        A::NextHeat,
        "heat",
        "Next heated message (● an attack, ◐ heat, ○ a note; the number counts the flags)",
        true,
    ),
    b(&[c('H')], A::PrevHeat, "", "Previous heated message", false),
    b(
        &[c('/')],
        A::Search,
        "search",
        "Search the thread as you type",
        true,
    ),
    b(&[k(C::PageUp), c('b')], A::PageUp, "", "Page up", false),
    b(
        &[k(C::PageDown), c(' ')],
        A::PageDown,
        "",
        "Page down",
        false,
    ),
    b(
        &[k(C::Home), c('g')],
        A::Top,
        "",
        "Start of the thread",
        false,
    ),
    b(
        &[k(C::End), c('G')],
        A::Bottom,
        "",
        "End of the thread",
        false,
    ),
    b(
        &[c('a')],
        A::JumpAnswered,
        "",
        "Go to the message you are answering",
        false,
    ),
    b(
        &[c('z')],
        A::ToggleFold,
        "",
        "Show or fold quoted trails, signatures and list footers",
        false,
    ),
    b(
        &[c('n')],
        A::EditNotes,
        "notes",
        "Write notes on what they feel and need",
        true,
    ),
    b(
        &[k(C::Enter), k(C::Tab)],
        A::Next,
        "next",
        "Next: choose what the reply is for",
        true,
    ),
    b(&[k(C::Esc)], A::Back, "", "Back to the start", false),
    HELP,
    QUIT,
];

const NOTES: &[Binding] = &[
    b(
        &[k(C::Esc), k(C::Tab)],
        A::Cancel,
        "done",
        "Done with notes",
        true,
    ),
    b(&[k(C::Enter)], A::Newline, "", "New line", false),
    HELP_F1,
    QUIT_CTRL,
];

const INTENT: &[Binding] = &[
    b(&[k(C::Up), c('k')], A::Up, "", "Previous aim", false),
    b(&[k(C::Down), c('j')], A::Down, "", "Next aim", false),
    b(
        &[k(C::Enter)],
        A::Select,
        "choose",
        "Choose this aim and start writing",
        true,
    ),
    b(&[k(C::Esc)], A::Back, "back", "Back to the thread", true),
    HELP,
    QUIT,
];

const DRAFT: &[Binding] = &[
    b(
        &[ctrl('r'), k(C::F(5))],
        A::Review,
        "review",
        "Check the draft and review it",
        true,
    ),
    b(
        &[ctrl('l')],
        A::ToggleLive,
        "live check",
        "Switch live checking on or off",
        true,
    ),
    b(
        &[ctrl('t')],
        A::ToggleThread,
        "thread",
        "Show or hide the thread",
        false,
    ),
    b(
        &[alt(C::Up)],
        A::ThreadUp,
        "",
        "Scroll the thread up",
        false,
    ),
    b(
        &[alt(C::Down)],
        A::ThreadDown,
        "",
        "Scroll the thread down",
        false,
    ),
    b(&[k(C::Enter)], A::Newline, "", "New line", false),
    b(
        &[k(C::Esc)],
        A::Back,
        "",
        "Back to choosing the aim (the draft stays)",
        false,
    ),
    HELP_F1,
    QUIT_CTRL,
];

const DISMISS: &[Binding] = &[
    b(
        &[c('1')],
        A::Reason(1),
        "meant it",
        "Dismiss: I meant it",
        true,
    ),
    b(
        &[c('2')],
        A::Reason(2),
        "wrong here",
        "Dismiss: the check is wrong here",
        true,
    ),
    b(
        &[k(C::Enter)],
        A::Reason(0),
        "no reason",
        "Dismiss without a reason",
        true,
    ),
    b(&[k(C::Esc)], A::Cancel, "cancel", "Keep the finding", true),
];

const FINISH: &[Binding] = &[
    b(
        &[c('1'), c('2'), c('3')],
        A::Check(0),
        "tick",
        "Tick checklist item N",
        true,
    ),
    b(&[c('s')], A::Save, "save", "Save the reply to a file", true),
    b(
        &[c('p')],
        A::Print,
        "print",
        "Quit and print the reply",
        true,
    ),
    b(
        &[c('c')],
        A::CopyReply,
        "copy",
        "Copy the reply to the clipboard (OSC 52)",
        true,
    ),
    b(
        &[c('r'), k(C::Esc)],
        A::Back,
        "review",
        "Back to the review",
        true,
    ),
    b(&[c('e')], A::Edit, "", "Back to editing", false),
    b(
        &[k(C::Down), c('j')],
        A::Down,
        "scroll",
        "Scroll down (the reply is below the scores)",
        true,
    ),
    b(&[k(C::Up), c('k')], A::Up, "", "Scroll back", false),
    b(
        &[k(C::PageDown), c(' ')],
        A::PageDown,
        "",
        "Page down",
        false,
    ),
    b(&[k(C::PageUp), c('b')], A::PageUp, "", "Page up", false),
    b(&[k(C::Home), c('g')], A::Top, "", "To the top", false),
    b(&[k(C::End), c('G')], A::Bottom, "", "To the end", false),
    HELP,
    QUIT,
];

const HELP_KEYS: &[Binding] = &[
    b(
        &[k(C::Esc), c('?'), c('q'), k(C::F(1)), k(C::Enter)],
        A::Cancel,
        "close",
        "Close the help",
        true,
    ),
    b(
        &[k(C::Down), c('j'), k(C::PageDown)],
        A::Down,
        "scroll",
        "Scroll the help",
        true,
    ),
    b(
        &[k(C::Up), c('k'), k(C::PageUp)],
        A::Up,
        "",
        "Scroll the help back",
        false,
    ),
];

const CONFIRM_QUIT: &[Binding] = &[
    b(
        &[c('y')],
        A::Yes,
        "quit",
        "Quit; the draft stays autosaved",
        true,
    ),
    b(&[c('n'), k(C::Esc)], A::No, "stay", "Stay", true),
];

const RESTORE: &[Binding] = &[
    b(
        &[c('r'), k(C::Enter)],
        A::Restore,
        "restore",
        "Restore the saved draft",
        true,
    ),
    b(
        &[c('n'), k(C::Esc)],
        A::Discard,
        "start fresh",
        "Start a new draft (the saved one is replaced once you type)",
        true,
    ),
];

const NUDGE: &[Binding] = &[
    b(&[k(C::Enter)], A::Yes, "continue", "Go on anyway", true),
    b(
        &[c('r')],
        A::Back,
        "review",
        "Look at the flags once more",
        true,
    ),
    b(&[k(C::Esc)], A::No, "cancel", "Stay on this screen", true),
];

const BLANKS: &[Binding] = &[
    b(
        &[k(C::Enter)],
        A::Yes,
        "go on",
        "Go on with the blanks as they are",
        true,
    ),
    b(
        &[c('e')],
        A::Edit,
        "fill in",
        "Edit the draft at the first blank",
        true,
    ),
    b(&[k(C::Esc)], A::No, "cancel", "Stay on this screen", true),
];

const QUIT_WITH_REPLY: &[Binding] = &[
    b(
        &[c('p'), k(C::Enter)],
        A::Print,
        "print it",
        "Quit and print the reply (or save it to --out)",
        true,
    ),
    b(
        &[c('y')],
        A::Yes,
        "quit without it",
        "Quit without the reply; it stays autosaved",
        true,
    ),
    b(&[c('n'), k(C::Esc)], A::No, "stay", "Stay", true),
];

const SEARCH: &[Binding] = &[
    b(
        &[k(C::Enter), k(C::Down), ctrl('n')],
        A::NextMatch,
        "next",
        "Next match",
        true,
    ),
    b(
        &[k(C::Up), ctrl('p')],
        A::PrevMatch,
        "previous",
        "Previous match",
        true,
    ),
    b(
        &[k(C::Esc)],
        A::Cancel,
        "done",
        "Leave the search; the cursor stays on the match",
        true,
    ),
    b(
        &[k(C::Left)],
        A::Move(Motion::Left, false),
        "",
        "Move left",
        false,
    ),
    b(
        &[k(C::Right)],
        A::Move(Motion::Right, false),
        "",
        "Move right",
        false,
    ),
    b(
        &[k(C::Home)],
        A::Move(Motion::Home, false),
        "",
        "Start of the search",
        false,
    ),
    b(
        &[k(C::End)],
        A::Move(Motion::End, false),
        "",
        "End of the search",
        false,
    ),
    b(
        &[k(C::Backspace)],
        A::Backspace,
        "",
        "Delete before the cursor",
        false,
    ),
    b(
        &[k(C::Delete)],
        A::Delete,
        "",
        "Delete after the cursor",
        false,
    ),
    b(
        &[ctrl('w')],
        A::DeleteWordBack,
        "",
        "Delete the word before the cursor",
        false,
    ),
    HELP_F1,
    QUIT_CTRL,
];

const REANSWER: &[Binding] = &[
    b(
        &[c('t'), k(C::Enter)],
        A::TakeDraft,
        "take it along",
        "Answer this message with the draft you have written",
        true,
    ),
    b(
        &[c('n')],
        A::NewDraft,
        "new reply",
        "Start a new reply to this message; the draft stays saved for the other one",
        true,
    ),
    b(
        &[k(C::Esc)],
        A::Cancel,
        "cancel",
        "Keep answering the message you were answering",
        true,
    ),
];

/// What Enter does on each of the home screen's choices, in order.
pub const HOME_CHOICES: [Action; 6] = [
    Action::Sample,
    Action::OpenFile,
    Action::PasteThread,
    Action::Practise,
    Action::Workshop,
    Action::Quit,
];

/// The home screen's choices, as shown.
pub fn home_choices() -> [(&'static str, &'static str); 6] {
    [
        ("Reply to the sample thread", "s"),
        ("Open a thread file", "o"),
        ("Paste a thread", "p"),
        ("Practise on an exercise", "x"),
        ("Run a workshop", "w"),
        ("Quit", "q"),
    ]
}

/// The keymap of a place.
pub fn table(place: Place) -> Vec<Binding> {
    let own: &[Binding] = match place {
        Place::Home => HOME,
        Place::PathInput => PATH_INPUT,
        Place::Paste => PASTE,
        Place::Read => READ,
        Place::Notes => NOTES,
        Place::Intent => INTENT,
        Place::Draft => DRAFT,
        Place::Review => REVIEW,
        Place::Finish => FINISH,
        Place::Help => HELP_KEYS,
        Place::ConfirmQuit => CONFIRM_QUIT,
        Place::Restore => RESTORE,
        Place::Dismiss => DISMISS,
        Place::Nudge => NUDGE,
        Place::Blanks => BLANKS,
        Place::QuitWithReply => QUIT_WITH_REPLY,
        Place::Search => SEARCH,
        Place::Reanswer => REANSWER,
    };
    let mut out = own.to_vec();
    if matches!(place, Place::Draft | Place::Notes | Place::Paste) {
        out.extend_from_slice(EDITING);
    }
    out
}

/// The action `key` triggers in `place`, if any. For number rows
/// (`Apply(0)`, `Check(0)`) the digit pressed fills in the number.
pub fn lookup(place: Place, key: &KeyEvent) -> Option<Action> {
    lookup_in(&table(place), key)
}

/// The name of the first key bound to `action` in `place`.
pub fn key_for(place: Place, action: Action) -> Option<String> {
    first_key(&table(place), action)
}

/// The footer: the first key and the label of each footer binding.
pub fn footer(place: Place) -> Vec<(String, &'static str)> {
    footer_where(place, |_| true)
}

/// The footer without the bindings whose action does nothing here (say,
/// collapsing in a thread without branches).
pub fn footer_where(place: Place, applies: impl Fn(Action) -> bool) -> Vec<(String, &'static str)> {
    footer_of(&table(place), applies)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::widgets::keymap::fit_footer;
    use crossterm::event::KeyModifiers;

    #[test]
    fn every_reply_footer_keeps_help_at_60_columns() {
        for place in Place::ALL {
            let all: Vec<(String, String)> = footer(place)
                .into_iter()
                .map(|(k, l)| (k, l.to_string()))
                .collect();
            let has_help = all.iter().any(|(_, l)| l == "help");
            let fitted = fit_footer(&all, 60, 2);
            assert_eq!(
                fitted.iter().any(|(_, l)| l == "help"),
                has_help,
                "{place:?}: {fitted:?}"
            );
        }
    }

    fn key(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn shifted_characters_and_control_letters_are_found() {
        assert_eq!(
            lookup(Place::Read, &key(KeyCode::Char('?'), KeyModifiers::SHIFT)),
            Some(Action::Help)
        );
        assert_eq!(
            lookup(
                Place::Draft,
                &key(KeyCode::Char('r'), KeyModifiers::CONTROL)
            ),
            Some(Action::Review)
        );
        assert_eq!(
            lookup(Place::Review, &key(KeyCode::Char('3'), KeyModifiers::NONE)),
            Some(Action::Apply(3))
        );
    }

    #[test]
    fn text_fields_leave_plain_letters_to_typing() {
        for place in [
            Place::Draft,
            Place::Notes,
            Place::Paste,
            Place::PathInput,
            Place::Search,
        ] {
            for ch in ['a', 'q', '?', 'j', '1', ' '] {
                assert_eq!(
                    lookup(place, &key(KeyCode::Char(ch), KeyModifiers::NONE)),
                    None,
                    "{place:?} {ch}"
                );
            }
        }
    }

    #[test]
    fn no_key_is_bound_twice_in_one_place() {
        for place in Place::ALL {
            let mut seen = Vec::new();
            for b in table(place) {
                for k in b.keys {
                    assert!(!seen.contains(k), "{place:?}: {k:?} bound twice");
                    seen.push(*k);
                }
            }
        }
    }
}
