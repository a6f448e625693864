//! Keys are data: what every flow's keymap is made of — a key, a binding
//! of keys to an action with its footer label and help text, looking a
//! key up, naming keys for the footer and the help overlay, fitting a
//! footer to its width — and the tables the flows share: the editing keys
//! of every text field and the keys of the review of a draft. Each flow
//! keeps its own tables at home (`reply/keymap.rs`, practice's and the
//! workshop's `mod.rs`); the footer and the help overlay are built from
//! them, so what the screen says is what the keys do.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::editor::Motion;

/// What a key does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Help,
    Quit,
    Back,
    Next,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Select,
    // Home
    Sample,
    OpenFile,
    PasteThread,
    Practise,
    Workshop,
    // Read
    JumpAnswered,
    ToggleFold,
    EditNotes,
    /// Answer the message under the cursor.
    AnswerThis,
    /// Collapse the branch under the cursor, or go up to the message it
    /// answers.
    Collapse,
    /// Expand the branch under the cursor, or go down to its first reply.
    Expand,
    ToggleBranch,
    NextHeat,
    PrevHeat,
    Search,
    // Search
    NextMatch,
    PrevMatch,
    // Answering another message with a draft written
    TakeDraft,
    NewDraft,
    // Text fields
    Submit,
    Complete,
    Cancel,
    Move(Motion, bool),
    Undo,
    Redo,
    Copy,
    Cut,
    Paste,
    SelectAll,
    Backspace,
    Delete,
    DeleteWordBack,
    Newline,
    // Draft
    Review,
    ToggleLive,
    ToggleThread,
    ThreadUp,
    ThreadDown,
    // Review
    NextItem,
    PrevItem,
    /// Scroll the selected finding's detail down or up.
    DetailDown,
    DetailUp,
    Jump,
    Apply(u8),
    Dismiss,
    Edit,
    Finish,
    // Dismiss reasons: 0 none, n the n-th reason
    Reason(u8),
    // Finish
    Check(u8),
    Save,
    Print,
    CopyReply,
    // Confirmations
    Yes,
    No,
    Restore,
    Discard,
}

/// A key: a code and the modifiers that must be held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

pub const fn k(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::NONE,
    }
}

pub const fn c(ch: char) -> Key {
    k(KeyCode::Char(ch))
}

pub const fn ctrl(ch: char) -> Key {
    Key {
        code: KeyCode::Char(ch),
        mods: KeyModifiers::CONTROL,
    }
}

pub const fn shift(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::SHIFT,
    }
}

pub const fn ctrl_k(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::CONTROL,
    }
}

pub const fn ctrl_shift(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::CONTROL.union(KeyModifiers::SHIFT),
    }
}

pub const fn alt(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::ALT,
    }
}

/// One line of a keymap.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub keys: &'static [Key],
    pub action: Action,
    /// A word or two for the footer.
    pub label: &'static str,
    /// What it does, for the help overlay.
    pub help: &'static str,
    /// Whether the footer shows it.
    pub footer: bool,
}

/// A [`Binding`], for building tables in constants.
pub const fn b(
    keys: &'static [Key],
    action: Action,
    label: &'static str,
    help: &'static str,
    footer: bool,
) -> Binding {
    Binding {
        keys,
        action,
        label,
        help,
        footer,
    }
}

use Action as A;
use KeyCode as C;

pub const HELP: Binding = b(
    &[c('?'), k(C::F(1))],
    A::Help,
    "help",
    "Show every key",
    true,
);

pub const HELP_F1: Binding = b(&[k(C::F(1))], A::Help, "help", "Show every key", true);

pub const QUIT: Binding = b(
    &[c('q'), ctrl('q'), ctrl('c')],
    A::Quit,
    "quit",
    "Quit (asks first if the draft is not saved)",
    true,
);

pub const QUIT_CTRL: Binding = b(
    &[ctrl('q')],
    A::Quit,
    "quit",
    "Quit (asks first if the draft is not saved)",
    true,
);

/// Editing keys shared by every text field.
pub const EDITING: &[Binding] = &[
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
        &[k(C::Up)],
        A::Move(Motion::Up, false),
        "",
        "Move up a row",
        false,
    ),
    b(
        &[k(C::Down)],
        A::Move(Motion::Down, false),
        "",
        "Move down a row",
        false,
    ),
    b(
        &[ctrl_k(C::Left), alt(C::Left)],
        A::Move(Motion::WordLeft, false),
        "",
        "Previous word",
        false,
    ),
    b(
        &[ctrl_k(C::Right), alt(C::Right)],
        A::Move(Motion::WordRight, false),
        "",
        "Next word",
        false,
    ),
    b(
        &[k(C::Home)],
        A::Move(Motion::Home, false),
        "",
        "Start of line",
        false,
    ),
    b(
        &[k(C::End)],
        A::Move(Motion::End, false),
        "",
        "End of line",
        false,
    ),
    b(
        &[ctrl_k(C::Home)],
        A::Move(Motion::Top, false),
        "",
        "Start of text",
        false,
    ),
    b(
        &[ctrl_k(C::End)],
        A::Move(Motion::Bottom, false),
        "",
        "End of text",
        false,
    ),
    b(
        &[k(C::PageUp)],
        A::Move(Motion::PageUp, false),
        "",
        "Page up",
        false,
    ),
    b(
        &[k(C::PageDown)],
        A::Move(Motion::PageDown, false),
        "",
        "Page down",
        false,
    ),
    b(
        &[shift(C::Left)],
        A::Move(Motion::Left, true),
        "",
        "Select left",
        false,
    ),
    b(
        &[shift(C::Right)],
        A::Move(Motion::Right, true),
        "",
        "Select right",
        false,
    ),
    b(
        &[shift(C::Up)],
        A::Move(Motion::Up, true),
        "",
        "Select up",
        false,
    ),
    b(
        &[shift(C::Down)],
        A::Move(Motion::Down, true),
        "",
        "Select down",
        false,
    ),
    b(
        &[ctrl_shift(C::Left)],
        A::Move(Motion::WordLeft, true),
        "",
        "Select previous word",
        false,
    ),
    b(
        &[ctrl_shift(C::Right)],
        A::Move(Motion::WordRight, true),
        "",
        "Select next word",
        false,
    ),
    b(
        &[shift(C::Home)],
        A::Move(Motion::Home, true),
        "",
        "Select to start of line",
        false,
    ),
    b(
        &[shift(C::End)],
        A::Move(Motion::End, true),
        "",
        "Select to end of line",
        false,
    ),
    b(&[ctrl('a')], A::SelectAll, "", "Select all", false),
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
        &[ctrl('w'), alt(C::Backspace), ctrl_k(C::Backspace)],
        A::DeleteWordBack,
        "",
        "Delete the word before the cursor",
        false,
    ),
    b(
        &[ctrl('z')],
        A::Undo,
        "undo",
        "Undo (a word, a paste or a rewrite at a time)",
        false,
    ),
    b(
        &[
            ctrl('y'),
            ctrl_shift(C::Char('z')),
            ctrl_shift(C::Char('Z')),
        ],
        A::Redo,
        "redo",
        "Redo",
        false,
    ),
    b(&[ctrl('x')], A::Cut, "", "Cut the selection", false),
    b(
        &[ctrl('c')],
        A::Copy,
        "",
        "Copy the selection (also to the clipboard)",
        false,
    ),
    b(
        &[ctrl('v')],
        A::Paste,
        "",
        "Paste what was cut or copied here (the terminal's own paste works too)",
        false,
    ),
];

/// The review of a draft, in the reply flow and in practice.
pub const REVIEW: &[Binding] = &[
    b(
        &[k(C::Down), c('j'), k(C::Tab)],
        A::NextItem,
        "",
        "Next finding",
        false,
    ),
    b(
        &[k(C::Up), c('k'), k(C::BackTab)],
        A::PrevItem,
        "",
        "Previous finding",
        false,
    ),
    b(
        &[c('a')],
        A::Apply(1),
        "apply",
        "Apply the first suggestion or sentence start",
        true,
    ),
    b(
        &[
            c('1'),
            c('2'),
            c('3'),
            c('4'),
            c('5'),
            c('6'),
            c('7'),
            c('8'),
            c('9'),
        ],
        A::Apply(0),
        "",
        "Apply suggestion or sentence start N",
        false,
    ),
    b(
        &[c('d')],
        A::Dismiss,
        "dismiss",
        "Dismiss this finding (remembered for this phrase)",
        true,
    ),
    b(
        &[c('u'), ctrl('z')],
        A::Undo,
        "undo",
        "Undo the last change made here",
        true,
    ),
    b(
        &[k(C::Enter)],
        A::Jump,
        "go to",
        "Edit the draft at this finding",
        true,
    ),
    b(
        &[c('e'), k(C::Esc)],
        A::Edit,
        "edit",
        "Back to editing",
        true,
    ),
    b(
        &[c('f')],
        A::Finish,
        "finish",
        "Finish: compare, then save, print or copy",
        true,
    ),
    b(&[k(C::PageUp)], A::PageUp, "", "Scroll the draft up", false),
    b(
        &[k(C::PageDown)],
        A::PageDown,
        "",
        "Scroll the draft down",
        false,
    ),
    b(
        &[c('J'), shift(C::Down)],
        A::DetailDown,
        "more",
        "Scroll the finding's detail down (its title says when there is more)",
        true,
    ),
    b(
        &[c('K'), shift(C::Up)],
        A::DetailUp,
        "",
        "Scroll the finding's detail back up",
        false,
    ),
    HELP,
    QUIT,
];

/// The action `key` triggers in `table`, if any. For number rows
/// (`Apply(0)`, `Check(0)`) the digit pressed fills in the number.
pub fn lookup_in(table: &[Binding], key: &KeyEvent) -> Option<Action> {
    let wanted = Key::from_event(key)?;
    for binding in table {
        if binding.keys.contains(&wanted) {
            return Some(match (binding.action, wanted.code) {
                (A::Apply(0), KeyCode::Char(d)) => A::Apply(d.to_digit(10).unwrap_or(1) as u8),
                (A::Check(0), KeyCode::Char(d)) => A::Check(d.to_digit(10).unwrap_or(1) as u8),
                (action, _) => action,
            });
        }
    }
    None
}

impl Key {
    /// The key a terminal event stands for, as the tables spell keys:
    /// shifted characters arrive as themselves ('?', 'G'), so Shift is
    /// dropped for them, and Ctrl letters are lower case. A key release is
    /// no key.
    pub fn from_event(ev: &KeyEvent) -> Option<Key> {
        if ev.kind == KeyEventKind::Release {
            return None;
        }
        let mut mods = ev.modifiers;
        if let KeyCode::Char(ch) = ev.code
            && (!ch.is_ascii_lowercase() || mods.contains(KeyModifiers::CONTROL))
        {
            mods.remove(KeyModifiers::SHIFT);
        }
        let code = match ev.code {
            KeyCode::Char(ch) if mods.contains(KeyModifiers::CONTROL) => {
                KeyCode::Char(ch.to_ascii_lowercase())
            }
            other => other,
        };
        Some(Key { code, mods })
    }
}

/// One line of the keymap of a screen with its own actions (practice,
/// workshop): the keys, the action, a footer label ("" keeps it out of the
/// footer) and the help text.
#[derive(Debug, Clone, Copy)]
pub struct Entry<A: 'static> {
    pub keys: &'static [Key],
    pub action: A,
    pub label: &'static str,
    pub help: &'static str,
}

/// An [`Entry`], for building tables in constants.
pub const fn entry<A>(
    keys: &'static [Key],
    action: A,
    label: &'static str,
    help: &'static str,
) -> Entry<A> {
    Entry {
        keys,
        action,
        label,
        help,
    }
}

/// The action a terminal event triggers in a table of entries.
pub fn find<A: Copy>(table: &[Entry<A>], ev: &KeyEvent) -> Option<A> {
    let wanted = Key::from_event(ev)?;
    table
        .iter()
        .find(|e| e.keys.contains(&wanted))
        .map(|e| e.action)
}

/// The name of the first key bound to `action` in `table`, for text that
/// tells which key to press.
pub fn first_key(table: &[Binding], action: Action) -> Option<String> {
    table
        .iter()
        .find(|b| b.action == action)
        .map(|b| key_name(&b.keys[0]))
}

/// A key as a person reads it.
pub fn key_name(key: &Key) -> String {
    let mut s = String::new();
    if key.mods.contains(KeyModifiers::CONTROL) {
        s.push_str("Ctrl+");
    }
    if key.mods.contains(KeyModifiers::ALT) {
        s.push_str("Alt+");
    }
    if key.mods.contains(KeyModifiers::SHIFT) {
        s.push_str("Shift+");
    }
    match key.code {
        KeyCode::Char(' ') => s.push_str("Space"),
        KeyCode::Char(ch) if key.mods.contains(KeyModifiers::CONTROL) => {
            s.push(ch.to_ascii_uppercase())
        }
        KeyCode::Char(ch) => s.push(ch),
        KeyCode::Enter => s.push_str("Enter"),
        KeyCode::Esc => s.push_str("Esc"),
        KeyCode::Tab => s.push_str("Tab"),
        KeyCode::BackTab => s.push_str("Shift+Tab"),
        KeyCode::Backspace => s.push_str("Backspace"),
        KeyCode::Delete => s.push_str("Delete"),
        KeyCode::Up => s.push('↑'),
        KeyCode::Down => s.push('↓'),
        KeyCode::Left => s.push('←'),
        KeyCode::Right => s.push('→'),
        KeyCode::Home => s.push_str("Home"),
        KeyCode::End => s.push_str("End"),
        KeyCode::PageUp => s.push_str("PgUp"),
        KeyCode::PageDown => s.push_str("PgDn"),
        KeyCode::F(n) => s.push_str(&format!("F{n}")),
        _ => s.push('?'),
    }
    s
}

/// The keys of a binding, for help: "a", "1–9" for digit rows.
pub fn keys_text(binding: &Binding) -> String {
    let digits = binding
        .keys
        .iter()
        .filter(|k| matches!(k.code, KeyCode::Char(d) if d.is_ascii_digit()))
        .count();
    if digits > 2 {
        let first = key_name(&binding.keys[0]);
        let last = key_name(&binding.keys[binding.keys.len() - 1]);
        return format!("{first}–{last}");
    }
    binding
        .keys
        .iter()
        .map(key_name)
        .collect::<Vec<_>>()
        .join(" / ")
}

/// The footer of a table: the first key and the label of each footer
/// binding whose action does something here (`applies`).
pub fn footer_of(
    table: &[Binding],
    applies: impl Fn(Action) -> bool,
) -> Vec<(String, &'static str)> {
    table
        .iter()
        .filter(|b| b.footer && applies(b.action))
        .map(|b| {
            let key = if matches!(b.action, A::Apply(0) | A::Check(0)) {
                keys_text(b)
            } else {
                key_name(&b.keys[0])
            };
            (key, b.label)
        })
        .collect()
}

/// The footer items that fit in `width` cells, for a footer that draws
/// each item as its key, a space and its label, then `gap` more cells.
/// The help key (`?` or F1, labelled "help") always stays: when the items
/// do not fit, the other labels are first cut to their first word, then to
/// nothing (the key alone), from the last item back, and only then are
/// items left off, from the end.
pub fn fit_footer(items: &[(String, String)], width: usize, gap: usize) -> Vec<(String, String)> {
    use unicode_width::UnicodeWidthStr;
    let is_help = |(k, l): &(String, String)| l == "help" && (k == "?" || k == "F1");
    let item_w =
        |(k, l): &(String, String)| k.width() + if l.is_empty() { 0 } else { 1 + l.width() } + gap;
    let total = |v: &[(String, String)]| v.iter().map(item_w).sum::<usize>();
    let mut out = items.to_vec();
    if total(&out) <= width {
        return out;
    }
    for stage in 0..2 {
        for i in (0..out.len()).rev() {
            if is_help(&out[i]) {
                continue;
            }
            let label = &out[i].1;
            out[i].1 = match stage {
                0 => label.split_whitespace().next().unwrap_or("").to_string(),
                _ => String::new(),
            };
            if total(&out) <= width {
                return out;
            }
        }
    }
    while total(&out) > width {
        match out.iter().rposition(|x| !is_help(x)) {
            Some(i) => {
                out.remove(i);
            }
            None => break,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter()
            .map(|(k, l)| (k.to_string(), l.to_string()))
            .collect()
    }

    #[test]
    fn a_narrow_footer_shortens_labels_first_and_keeps_help() {
        let all = items(&[
            ("Ctrl+D", "use this thread"),
            ("Esc", "cancel"),
            ("?", "help"),
            ("q", "quit"),
        ]);
        // Everything fits: unchanged.
        assert_eq!(fit_footer(&all, 80, 2), all);
        // A little short: the last labels are cut to a word, then dropped.
        assert_eq!(
            fit_footer(&all, 40, 2),
            items(&[
                ("Ctrl+D", "use"),
                ("Esc", "cancel"),
                ("?", "help"),
                ("q", "quit")
            ])
        );
        assert_eq!(
            fit_footer(&all, 35, 2),
            items(&[
                ("Ctrl+D", "use"),
                ("Esc", "cancel"),
                ("?", "help"),
                ("q", "")
            ])
        );
        assert_eq!(
            fit_footer(&all, 27, 2),
            items(&[("Ctrl+D", ""), ("Esc", ""), ("?", "help"), ("q", "")])
        );
        // Very short: items go from the end, help stays.
        let f = fit_footer(&all, 12, 2);
        assert!(f.iter().any(|(k, l)| k == "?" && l == "help"), "{f:?}");
        assert!(f.iter().map(|(k, l)| k.len() + l.len() + 3).sum::<usize>() <= 14);
    }
}
