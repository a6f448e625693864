//! The draft editor: `ratatui-textarea` for the text, the cursor, soft wrap
//! at word boundaries, selection, the cut buffer and drawing; our own undo
//! on top of it.
//!
//! Why our own undo: the textarea records one history entry per character
//! and two for a replacement (delete, then insert), so undoing a suggested
//! rewrite would take two steps and undoing a sentence one step per letter.
//! Here an undo step is a *group*: a word typed with the space after it, one
//! deletion run, one paste, one applied rewrite, one inserted scaffold. Each
//! group keeps a copy of the text before it (drafts are small; the number of
//! steps kept is bounded), and the textarea's own history is switched off.

use std::ops::Range;

use ratatui::style::{Modifier, Style};
use ratatui_textarea::{CursorMove, TextArea, WrapMode};

/// Undo steps kept.
const MAX_UNDO: usize = 500;

/// An editing command, as data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditOp {
    Char(char),
    Newline,
    Backspace,
    Delete,
    DeleteWordBack,
    Move(Motion, bool),
    SelectAll,
    Copy,
    Cut,
    Paste,
    Undo,
    Redo,
    /// Text pasted by the terminal (bracketed paste): one step.
    InsertText(String),
    /// Scroll the view by rows (mouse wheel).
    Scroll(i16),
}

/// Cursor motions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Motion {
    Left,
    Right,
    Up,
    Down,
    WordLeft,
    WordRight,
    Home,
    End,
    Top,
    Bottom,
    PageUp,
    PageDown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Run {
    Typing { after_space: bool },
    Deleting,
}

#[derive(Debug, Clone)]
struct Snapshot {
    lines: Vec<String>,
    cursor: (usize, usize),
}

/// The draft being written.
#[derive(Debug, Clone)]
pub struct Editor {
    ta: TextArea<'static>,
    undo: Vec<Snapshot>,
    redo: Vec<Snapshot>,
    run: Option<Run>,
    version: u64,
    /// Rows the view last showed (for page moves).
    page: u16,
}

impl Default for Editor {
    fn default() -> Self {
        Editor::new("")
    }
}

impl Editor {
    pub fn new(text: &str) -> Editor {
        Editor {
            ta: textarea(split_lines(text)),
            undo: Vec::new(),
            redo: Vec::new(),
            run: None,
            version: 0,
            page: 10,
        }
    }

    /// Changes with every edit; equal versions mean equal text.
    pub fn version(&self) -> u64 {
        self.version
    }

    pub fn textarea(&self) -> &TextArea<'static> {
        &self.ta
    }

    /// The draft as one string, lines joined by `\n`.
    pub fn text(&self) -> String {
        self.ta.lines().join("\n")
    }

    pub fn is_blank(&self) -> bool {
        self.ta.lines().iter().all(|l| l.trim().is_empty())
    }

    /// Words in the draft.
    pub fn words(&self) -> usize {
        self.ta
            .lines()
            .iter()
            .map(|l| l.split_whitespace().count())
            .sum()
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// Tells the editor how many rows it shows.
    pub fn set_page(&mut self, rows: u16) {
        self.page = rows.max(1);
    }

    /// The cursor as a byte offset into [`Editor::text`].
    pub fn cursor_byte(&self) -> usize {
        let ratatui_textarea::DataCursor(row, col) = self.ta.cursor();
        let lines = self.ta.lines();
        let before: usize = lines[..row].iter().map(|l| l.len() + 1).sum();
        before + char_to_byte(&lines[row], col)
    }

    /// Applies one command. Returns whether the text changed.
    pub fn apply(&mut self, op: EditOp) -> bool {
        let changed = match op {
            EditOp::Char(c) => {
                let after_space = c.is_whitespace();
                let continues = matches!(self.run, Some(Run::Typing { after_space: s }) if !s || after_space)
                    && !self.has_selection();
                if !continues {
                    self.checkpoint();
                }
                self.run = Some(Run::Typing { after_space });
                self.ta.insert_char(c);
                true
            }
            EditOp::Newline => {
                self.checkpoint();
                self.run = None;
                self.ta.insert_newline();
                true
            }
            EditOp::Backspace | EditOp::Delete | EditOp::DeleteWordBack => {
                let continues = self.run == Some(Run::Deleting) && !self.has_selection();
                let snap = self.snapshot();
                let changed = match op {
                    EditOp::Backspace => self.ta.delete_char(),
                    EditOp::Delete => self.ta.delete_next_char(),
                    _ => self.ta.delete_word(),
                };
                if changed {
                    if !continues {
                        self.push_undo(snap);
                    }
                    self.run = Some(Run::Deleting);
                }
                changed
            }
            EditOp::Move(m, select) => {
                self.run = None;
                self.motion(m, select);
                false
            }
            EditOp::SelectAll => {
                self.run = None;
                self.ta.select_all();
                false
            }
            EditOp::Copy => {
                self.ta.copy();
                false
            }
            EditOp::Cut => {
                if !self.has_selection() {
                    return false;
                }
                self.checkpoint();
                self.run = None;
                self.ta.cut()
            }
            EditOp::Paste => {
                if self.ta.yank_text().is_empty() {
                    return false;
                }
                self.checkpoint();
                self.run = None;
                self.ta.paste()
            }
            EditOp::InsertText(s) => {
                let s = clean_paste(&s);
                if s.is_empty() {
                    return false;
                }
                self.checkpoint();
                self.run = None;
                self.ta.insert_str(s)
            }
            EditOp::Undo => self.undo(),
            EditOp::Redo => self.redo(),
            EditOp::Scroll(rows) => {
                self.ta.scroll((rows, 0));
                false
            }
        };
        if changed {
            self.version += 1;
        }
        changed
    }

    fn has_selection(&self) -> bool {
        self.ta.selection_range().is_some_and(|(a, b)| a != b)
    }

    fn motion(&mut self, m: Motion, select: bool) {
        if select && self.ta.selection_range().is_none() {
            self.ta.start_selection();
        } else if !select {
            self.ta.cancel_selection();
        }
        let cm = match m {
            Motion::Left => CursorMove::Back,
            Motion::Right => CursorMove::Forward,
            Motion::Up => CursorMove::Up,
            Motion::Down => CursorMove::Down,
            Motion::WordLeft => CursorMove::WordBack,
            Motion::WordRight => CursorMove::WordForward,
            Motion::Home => CursorMove::Head,
            Motion::End => CursorMove::End,
            Motion::Top => CursorMove::Top,
            Motion::Bottom => CursorMove::Bottom,
            Motion::PageUp | Motion::PageDown => {
                for _ in 0..self.page.saturating_sub(1).max(1) {
                    self.ta.move_cursor(if m == Motion::PageUp {
                        CursorMove::Up
                    } else {
                        CursorMove::Down
                    });
                }
                return;
            }
        };
        self.ta.move_cursor(cm);
    }

    fn snapshot(&self) -> Snapshot {
        Snapshot {
            lines: self.ta.lines().to_vec(),
            cursor: {
                let ratatui_textarea::DataCursor(r, c) = self.ta.cursor();
                (r, c)
            },
        }
    }

    fn push_undo(&mut self, snap: Snapshot) {
        self.undo.push(snap);
        if self.undo.len() > MAX_UNDO {
            self.undo.remove(0);
        }
        self.redo.clear();
    }

    /// Starts a new undo step.
    fn checkpoint(&mut self) {
        let snap = self.snapshot();
        self.push_undo(snap);
    }

    fn restore(&mut self, snap: Snapshot) {
        self.ta = textarea(snap.lines);
        self.jump(snap.cursor);
    }

    fn jump(&mut self, (row, col): (usize, usize)) {
        let row = row.min(self.ta.lines().len() - 1);
        self.ta.move_cursor(CursorMove::Jump(
            row.min(u16::MAX as usize) as u16,
            col.min(u16::MAX as usize) as u16,
        ));
    }

    fn undo(&mut self) -> bool {
        let Some(snap) = self.undo.pop() else {
            return false;
        };
        self.redo.push(self.snapshot());
        self.restore(snap);
        self.run = None;
        true
    }

    fn redo(&mut self) -> bool {
        let Some(snap) = self.redo.pop() else {
            return false;
        };
        self.undo.push(self.snapshot());
        self.restore(snap);
        self.run = None;
        true
    }

    /// Replaces the whole text as one undoable step, putting the cursor at
    /// byte `cursor` (and selecting `select`, if given).
    pub fn replace_text(&mut self, text: &str, cursor: usize, select: Option<Range<usize>>) {
        self.checkpoint();
        self.run = None;
        self.ta = textarea(split_lines(text));
        match select {
            Some(r) => self.select_bytes(r),
            None => self.jump(byte_to_pos(text, cursor)),
        }
        self.version += 1;
    }

    /// Inserts text at the cursor as one undoable step.
    pub fn insert_at_cursor(&mut self, s: &str) {
        self.checkpoint();
        self.run = None;
        self.ta.cancel_selection();
        self.ta.insert_str(s);
        self.version += 1;
    }

    /// Selects a byte range of [`Editor::text`] (and puts the cursor at its end).
    pub fn select_bytes(&mut self, r: Range<usize>) {
        let text = self.text();
        let start = byte_to_pos(&text, r.start.min(text.len()));
        let end = byte_to_pos(&text, r.end.min(text.len()));
        self.ta.cancel_selection();
        self.jump(start);
        if end != start {
            self.ta.start_selection();
            self.jump(end);
        }
        self.run = None;
    }

    /// Moves the cursor to a byte offset.
    pub fn set_cursor_byte(&mut self, at: usize) {
        let text = self.text();
        self.ta.cancel_selection();
        self.jump(byte_to_pos(&text, at.min(text.len())));
    }

    /// The text in the cut buffer.
    pub fn yank_text(&self) -> String {
        self.ta.yank_text()
    }
}

fn textarea(lines: Vec<String>) -> TextArea<'static> {
    let mut ta = TextArea::new(lines);
    ta.set_wrap_mode(WrapMode::WordOrGlyph);
    ta.set_max_histories(0);
    ta.set_cursor_line_style(Style::default());
    ta.set_cursor_style(Style::default().add_modifier(Modifier::REVERSED));
    ta.set_selection_style(
        Style::default().add_modifier(Modifier::REVERSED | Modifier::UNDERLINED),
    );
    ta.set_placeholder_text("Start typing your reply…");
    ta
}

fn split_lines(text: &str) -> Vec<String> {
    text.split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l).to_string())
        .collect()
}

/// Pasted text without control characters (tabs and newlines stay).
pub fn clean_paste(s: &str) -> String {
    s.replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .collect()
}

fn char_to_byte(line: &str, col: usize) -> usize {
    line.char_indices()
        .nth(col)
        .map(|(i, _)| i)
        .unwrap_or(line.len())
}

/// A byte offset of `text` as (row, column in characters).
pub fn byte_to_pos(text: &str, at: usize) -> (usize, usize) {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let before = &text[..at];
    let row = before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (row, text[line_start..at].chars().count())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(s: &str) -> Editor {
        let mut e = Editor::default();
        for c in s.chars() {
            e.apply(EditOp::Char(c));
        }
        e
    }

    #[test]
    fn undo_takes_back_a_word_at_a_time() {
        let mut e = typed("hello big world");
        assert!(e.apply(EditOp::Undo));
        assert_eq!(e.text(), "hello big ");
        e.apply(EditOp::Undo);
        assert_eq!(e.text(), "hello ");
        e.apply(EditOp::Redo);
        assert_eq!(e.text(), "hello big ");
    }

    #[test]
    fn a_paste_is_one_step_and_its_newlines_are_text() {
        let mut e = typed("A ");
        e.apply(EditOp::InsertText("one\ntwo\r\nthree\u{1b}[2J".into()));
        assert_eq!(e.text(), "A one\ntwo\nthree[2J");
        e.apply(EditOp::Undo);
        assert_eq!(e.text(), "A ");
    }

    #[test]
    fn replacing_text_is_undoable_and_selects() {
        let mut e = typed("You always do this.");
        e.replace_text("You often do this.", 0, Some(0..9));
        assert_eq!(e.text(), "You often do this.");
        e.apply(EditOp::Undo);
        assert_eq!(e.text(), "You always do this.");
    }

    #[test]
    fn cursor_bytes_round_trip_through_unicode() {
        let mut e = Editor::new("héllo\n日本語 text");
        e.set_cursor_byte("héllo\n日本".len());
        assert_eq!(e.cursor_byte(), "héllo\n日本".len());
        assert_eq!(byte_to_pos("héllo\n日本", 8), (1, 0));
    }

    #[test]
    fn cut_and_paste_move_text() {
        let mut e = typed("one two");
        e.apply(EditOp::Move(Motion::Home, false));
        for _ in 0..4 {
            e.apply(EditOp::Move(Motion::Right, true));
        }
        assert!(e.apply(EditOp::Cut));
        assert_eq!(e.text(), "two");
        e.apply(EditOp::Move(Motion::End, false));
        e.apply(EditOp::Char(' '));
        e.apply(EditOp::Paste);
        assert_eq!(e.text(), "two one ");
    }
}
