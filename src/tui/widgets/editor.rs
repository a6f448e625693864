//! The draft editor: a prose editor with soft wrap at word boundaries,
//! grouped undo and redo, selection, a cut buffer, pastes as one edit,
//! Unicode graphemes and wide characters, and scrolling.
//!
//! Why not `ratatui-textarea` (0.9, which we tried first and removed): it wraps
//! the *whole* text again after every keystroke, which costs about 0.9 ms
//! per key on a 5,000-word draft before anything is drawn, over the frame
//! budget (1 ms median from key to frame). It also records one undo entry
//! per character and two for a replacement, and cannot mark findings in
//! place. Here wrapping is lazy and per line (paragraph): a frame wraps only
//! the lines it shows, and an edit forgets only the wrapping, not the text.
//!
//! Undo steps are *groups*: a word typed with the space after it, one run of
//! deletions, one paste, one applied rewrite, one inserted sentence start.
//! Each group keeps a copy of the lines before it (drafts are small; the
//! number of steps kept is bounded).

use std::cell::RefCell;
use std::ops::Range;
use std::rc::Rc;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use super::wrap::Mark;

/// Undo steps kept.
const MAX_UNDO: usize = 500;
/// Bytes of text the undo steps may hold together (a long draft keeps
/// fewer steps).
const MAX_UNDO_BYTES: usize = 64 * 1024 * 1024;

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

/// A position: line index and byte offset in the line.
type Pos = (usize, usize);

#[derive(Debug, Clone)]
struct Snapshot {
    lines: Vec<String>,
    cursor: Pos,
}

/// Wrapping and scrolling, computed while drawing.
#[derive(Debug, Clone, Default)]
struct View {
    width: usize,
    height: usize,
    /// Rows of each line at `width`, computed on demand.
    wraps: Vec<Option<Rc<Vec<Range<usize>>>>>,
    /// The first row shown: (line, row within the line).
    top: (usize, usize),
    /// Words in the text, for `version`.
    words: Option<(u64, usize)>,
}

/// The draft being written.
#[derive(Debug, Clone)]
pub struct Editor {
    lines: Vec<String>,
    cursor: Pos,
    anchor: Option<Pos>,
    /// The display column up and down aim for.
    goal: Option<usize>,
    yank: String,
    undo: Vec<Snapshot>,
    redo: Vec<Snapshot>,
    run: Option<Run>,
    version: u64,
    placeholder: &'static str,
    view: RefCell<View>,
}

impl Default for Editor {
    fn default() -> Self {
        Editor::new("")
    }
}

impl Editor {
    pub fn new(text: &str) -> Editor {
        Editor {
            lines: split_lines(text),
            cursor: (0, 0),
            anchor: None,
            goal: None,
            yank: String::new(),
            undo: Vec::new(),
            redo: Vec::new(),
            run: None,
            version: 0,
            placeholder: "",
            view: RefCell::new(View {
                width: 80,
                height: 10,
                ..View::default()
            }),
        }
    }

    /// Text shown, dimmed, while the editor is empty.
    pub fn with_placeholder(mut self, text: &'static str) -> Editor {
        self.placeholder = text;
        self
    }

    /// Changes with every edit; equal versions mean equal text.
    pub fn version(&self) -> u64 {
        self.version
    }

    /// The lines of the text.
    pub fn lines(&self) -> &[String] {
        &self.lines
    }

    /// The draft as one string, lines joined by `\n`.
    pub fn text(&self) -> String {
        self.lines.join("\n")
    }

    pub fn is_blank(&self) -> bool {
        self.lines.iter().all(|l| l.trim().is_empty())
    }

    /// Words in the draft (counted once per version).
    pub fn words(&self) -> usize {
        let mut v = self.view.borrow_mut();
        if let Some((ver, n)) = v.words
            && ver == self.version
        {
            return n;
        }
        let n = self.lines.iter().map(|l| word_count(l)).sum();
        v.words = Some((self.version, n));
        n
    }

    /// The cursor as a byte offset into [`Editor::text`].
    pub fn cursor_byte(&self) -> usize {
        self.pos_to_byte(self.cursor)
    }

    /// The selection as (row, byte) positions, start before end.
    pub fn selection(&self) -> Option<(Pos, Pos)> {
        let a = self.anchor?;
        let c = self.cursor;
        match a.cmp(&c) {
            std::cmp::Ordering::Less => Some((a, c)),
            std::cmp::Ordering::Greater => Some((c, a)),
            std::cmp::Ordering::Equal => None,
        }
    }

    fn pos_to_byte(&self, (row, off): Pos) -> usize {
        self.lines[..row].iter().map(|l| l.len() + 1).sum::<usize>() + off
    }

    fn byte_to_pos(&self, at: usize) -> Pos {
        let mut at = at;
        for (i, l) in self.lines.iter().enumerate() {
            if at <= l.len() {
                let mut off = at;
                while !l.is_char_boundary(off) {
                    off -= 1;
                }
                return (i, off);
            }
            at -= l.len() + 1;
        }
        let last = self.lines.len() - 1;
        (last, self.lines[last].len())
    }

    /// Applies one command. Returns whether the text changed.
    pub fn apply(&mut self, op: EditOp) -> bool {
        let changed = match op {
            EditOp::Char(c) => {
                let after_space = c.is_whitespace();
                let continues = matches!(self.run, Some(Run::Typing { after_space: s }) if !s || after_space)
                    && self.selection().is_none();
                if !continues {
                    self.checkpoint();
                }
                self.run = Some(Run::Typing { after_space });
                let mut buf = [0u8; 4];
                self.insert(c.encode_utf8(&mut buf));
                true
            }
            EditOp::Newline => {
                self.checkpoint();
                self.run = None;
                self.insert("\n");
                true
            }
            EditOp::Backspace | EditOp::Delete | EditOp::DeleteWordBack => {
                let range = match self.selection() {
                    Some(r) => Some(r),
                    None => {
                        let target = match op {
                            EditOp::Backspace => self.left_of(self.cursor),
                            EditOp::Delete => self.right_of(self.cursor),
                            _ => self.word_left_of(self.cursor),
                        };
                        (target != self.cursor)
                            .then(|| (target.min(self.cursor), target.max(self.cursor)))
                    }
                };
                let Some(range) = range else {
                    return false;
                };
                let continues = self.run == Some(Run::Deleting) && self.anchor.is_none();
                if !continues {
                    self.checkpoint();
                }
                self.run = Some(Run::Deleting);
                self.delete_range(range);
                true
            }
            EditOp::Move(m, select) => {
                self.run = None;
                self.motion(m, select);
                false
            }
            EditOp::SelectAll => {
                self.run = None;
                self.anchor = Some((0, 0));
                let last = self.lines.len() - 1;
                self.cursor = (last, self.lines[last].len());
                false
            }
            EditOp::Copy => {
                if let Some(r) = self.selection() {
                    self.yank = self.range_text(r);
                }
                false
            }
            EditOp::Cut => {
                let Some(r) = self.selection() else {
                    return false;
                };
                self.checkpoint();
                self.run = None;
                self.yank = self.range_text(r);
                self.delete_range(r);
                true
            }
            EditOp::Paste => {
                if self.yank.is_empty() {
                    return false;
                }
                self.checkpoint();
                self.run = None;
                let y = self.yank.clone();
                self.insert(&y);
                true
            }
            EditOp::InsertText(s) => {
                let s = clean_paste(&s);
                if s.is_empty() {
                    return false;
                }
                self.checkpoint();
                self.run = None;
                self.insert(&s);
                true
            }
            EditOp::Undo => self.undo(),
            EditOp::Redo => self.redo(),
            EditOp::Scroll(rows) => {
                self.scroll(rows as isize);
                false
            }
        };
        if changed {
            self.version += 1;
            self.goal = None;
            self.forget_wrapping();
        }
        changed
    }

    fn forget_wrapping(&mut self) {
        let v = self.view.get_mut();
        v.wraps.clear();
        let (tl, tr) = v.top;
        v.top = (
            tl.min(self.lines.len() - 1),
            if tl < self.lines.len() { tr } else { 0 },
        );
    }

    /// Inserts text at the cursor, replacing the selection.
    fn insert(&mut self, s: &str) {
        if let Some(r) = self.selection() {
            self.delete_range(r);
        }
        self.anchor = None;
        let (row, off) = self.cursor;
        let rest = self.lines[row].split_off(off);
        let mut parts = s.split('\n');
        let first = parts.next().unwrap_or("");
        self.lines[row].push_str(first);
        // All further lines go in at once (a long paste stays linear).
        let new: Vec<String> = parts.map(str::to_string).collect();
        let r = row + new.len();
        self.lines.splice(row + 1..row + 1, new);
        let end = self.lines[r].len();
        self.lines[r].push_str(&rest);
        self.cursor = (r, end);
    }

    fn delete_range(&mut self, (a, b): (Pos, Pos)) {
        if a.0 == b.0 {
            self.lines[a.0].replace_range(a.1..b.1, "");
        } else {
            let tail = self.lines[b.0][b.1..].to_string();
            self.lines[a.0].truncate(a.1);
            self.lines[a.0].push_str(&tail);
            self.lines.drain(a.0 + 1..=b.0);
        }
        self.cursor = a;
        self.anchor = None;
    }

    fn range_text(&self, (a, b): (Pos, Pos)) -> String {
        if a.0 == b.0 {
            return self.lines[a.0][a.1..b.1].to_string();
        }
        let mut s = self.lines[a.0][a.1..].to_string();
        for l in &self.lines[a.0 + 1..b.0] {
            s.push('\n');
            s.push_str(l);
        }
        s.push('\n');
        s.push_str(&self.lines[b.0][..b.1]);
        s
    }

    fn left_of(&self, (row, off): Pos) -> Pos {
        if off == 0 {
            return if row == 0 {
                (0, 0)
            } else {
                (row - 1, self.lines[row - 1].len())
            };
        }
        let line = &self.lines[row];
        let g = line[..off].graphemes(true).next_back().map_or(1, str::len);
        (row, off - g)
    }

    fn right_of(&self, (row, off): Pos) -> Pos {
        let line = &self.lines[row];
        if off >= line.len() {
            return if row + 1 < self.lines.len() {
                (row + 1, 0)
            } else {
                (row, line.len())
            };
        }
        let g = line[off..].graphemes(true).next().map_or(1, str::len);
        (row, off + g)
    }

    fn word_left_of(&self, (row, off): Pos) -> Pos {
        if off == 0 {
            return self.left_of((row, off));
        }
        let line = &self.lines[row];
        let before = &line[..off];
        let trimmed = before.trim_end();
        let start = trimmed
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_alphanumeric() || *c == '\'' || *c == '’')
            .last()
            .map(|(i, _)| i);
        match start {
            Some(i) => (row, i),
            None if trimmed.is_empty() => (row, 0),
            // Punctuation: one character at a time.
            None => (
                row,
                trimmed.char_indices().next_back().map_or(0, |(i, _)| i),
            ),
        }
    }

    fn word_right_of(&self, (row, off): Pos) -> Pos {
        let line = &self.lines[row];
        if off >= line.len() {
            return self.right_of((row, off));
        }
        let rest = &line[off..];
        let word = rest
            .char_indices()
            .find(|(_, c)| !(c.is_alphanumeric() || *c == '\'' || *c == '’'))
            .map_or(rest.len(), |(i, _)| i);
        let word = if word == 0 {
            rest.chars().next().map_or(0, char::len_utf8)
        } else {
            word
        };
        let after = &rest[word..];
        let ws = after.len() - after.trim_start().len();
        (row, off + word + ws)
    }

    /// The rows of line `i` at the current width.
    fn rows_of(&self, i: usize) -> Rc<Vec<Range<usize>>> {
        let mut v = self.view.borrow_mut();
        if v.wraps.len() != self.lines.len() {
            v.wraps = vec![None; self.lines.len()];
        }
        if let Some(r) = &v.wraps[i] {
            return r.clone();
        }
        let rows = Rc::new(super::wrap::rows(
            &self.lines[i],
            v.width.saturating_sub(1).max(1),
        ));
        v.wraps[i] = Some(rows.clone());
        rows
    }

    /// Which row of its line a position is on.
    fn row_index(&self, (line, off): Pos) -> usize {
        // A position at the very end of a row that is not the last row
        // belongs to the next row.
        let rows = self.rows_of(line);
        rows.iter()
            .position(|r| off < r.end)
            .unwrap_or(rows.len() - 1)
    }

    fn display_col(&self, (line, off): Pos) -> usize {
        let rows = self.rows_of(line);
        let r = &rows[self.row_index((line, off))];
        self.lines[line][r.start..off.max(r.start)].width()
    }

    /// The byte offset in row `r` of `line` closest to display column `col`.
    fn offset_at_col(&self, line: usize, r: usize, col: usize) -> usize {
        let rows = self.rows_of(line);
        let range = rows[r].clone();
        let last = r + 1 == rows.len();
        let text = &self.lines[line][range.clone()];
        let mut w = 0;
        for (i, g) in text.grapheme_indices(true) {
            let gw = g.width();
            if w + gw > col {
                return range.start + i;
            }
            w += gw;
        }
        if last {
            range.end
        } else {
            // Stay on this row: before its last grapheme.
            let lastg = text.graphemes(true).next_back().map_or(0, str::len);
            range.end - lastg
        }
    }

    fn motion(&mut self, m: Motion, select: bool) {
        if select {
            if self.anchor.is_none() {
                self.anchor = Some(self.cursor);
            }
        } else if let Some((a, b)) = self.selection() {
            // A motion without shift ends the selection at its edge.
            self.anchor = None;
            match m {
                Motion::Left | Motion::Up => {
                    self.cursor = a;
                    return;
                }
                Motion::Right | Motion::Down => {
                    self.cursor = b;
                    return;
                }
                _ => {}
            }
        } else {
            self.anchor = None;
        }
        let keep_goal = matches!(
            m,
            Motion::Up | Motion::Down | Motion::PageUp | Motion::PageDown
        );
        let c = self.cursor;
        self.cursor = match m {
            Motion::Left => self.left_of(c),
            Motion::Right => self.right_of(c),
            Motion::WordLeft => self.word_left_of(c),
            Motion::WordRight => self.word_right_of(c),
            Motion::Home => {
                let rows = self.rows_of(c.0);
                (c.0, rows[self.row_index(c)].start)
            }
            Motion::End => {
                let r = self.row_index(c);
                (c.0, self.offset_at_col(c.0, r, usize::MAX))
            }
            Motion::Top => (0, 0),
            Motion::Bottom => {
                let last = self.lines.len() - 1;
                (last, self.lines[last].len())
            }
            Motion::Up | Motion::Down | Motion::PageUp | Motion::PageDown => {
                let n = match m {
                    Motion::Up => -1,
                    Motion::Down => 1,
                    Motion::PageUp => {
                        -(self.view.borrow().height.saturating_sub(1).max(1) as isize)
                    }
                    _ => self.view.borrow().height.saturating_sub(1).max(1) as isize,
                };
                let goal = match self.goal {
                    Some(g) => g,
                    None => self.display_col(c),
                };
                self.goal = Some(goal);
                let (line, row) = self.step_rows((c.0, self.row_index(c)), n);
                (line, self.offset_at_col(line, row, goal))
            }
        };
        if !keep_goal {
            self.goal = None;
        }
    }

    /// Moves `n` visual rows from (line, row), stopping at the ends.
    fn step_rows(&self, (mut line, mut row): (usize, usize), n: isize) -> (usize, usize) {
        if n >= 0 {
            for _ in 0..n {
                if row + 1 < self.rows_of(line).len() {
                    row += 1;
                } else if line + 1 < self.lines.len() {
                    line += 1;
                    row = 0;
                } else {
                    break;
                }
            }
        } else {
            for _ in 0..n.unsigned_abs() {
                if row > 0 {
                    row -= 1;
                } else if line > 0 {
                    line -= 1;
                    row = self.rows_of(line).len() - 1;
                } else {
                    break;
                }
            }
        }
        (line, row)
    }

    fn scroll(&mut self, rows: isize) {
        let top = self.view.borrow().top;
        let top = self.step_rows(top, rows);
        self.view.get_mut().top = top;
        // Keep the cursor in view.
        let h = self.view.borrow().height.max(1) as isize;
        let cur = (self.cursor.0, self.row_index(self.cursor));
        let goal = self.display_col(self.cursor);
        if cur < top {
            self.cursor = (top.0, self.offset_at_col(top.0, top.1, goal));
        } else {
            let bottom = self.step_rows(top, h - 1);
            if cur > bottom {
                self.cursor = (bottom.0, self.offset_at_col(bottom.0, bottom.1, goal));
            }
        }
    }

    fn snapshot(&self) -> Snapshot {
        Snapshot {
            lines: self.lines.clone(),
            cursor: self.cursor,
        }
    }

    /// Starts a new undo step.
    fn checkpoint(&mut self) {
        let snap = self.snapshot();
        self.undo.push(snap);
        let size = |s: &Snapshot| s.lines.iter().map(|l| l.len() + 24).sum::<usize>();
        let per_step = size(self.undo.last().expect("just pushed")).max(1);
        let keep = MAX_UNDO.min((MAX_UNDO_BYTES / per_step).max(1));
        if self.undo.len() > keep {
            let extra = self.undo.len() - keep;
            self.undo.drain(..extra);
        }
        self.redo.clear();
    }

    fn restore(&mut self, snap: Snapshot) {
        self.lines = snap.lines;
        self.cursor = snap.cursor;
        self.anchor = None;
        self.run = None;
    }

    fn undo(&mut self) -> bool {
        let Some(snap) = self.undo.pop() else {
            return false;
        };
        self.redo.push(self.snapshot());
        self.restore(snap);
        true
    }

    fn redo(&mut self) -> bool {
        let Some(snap) = self.redo.pop() else {
            return false;
        };
        self.undo.push(self.snapshot());
        self.restore(snap);
        true
    }

    /// Replaces the whole text as one undoable step, putting the cursor at
    /// byte `cursor` (and selecting `select`, if given).
    pub fn replace_text(&mut self, text: &str, cursor: usize, select: Option<Range<usize>>) {
        self.checkpoint();
        self.run = None;
        self.lines = split_lines(text);
        self.anchor = None;
        self.version += 1;
        self.goal = None;
        self.forget_wrapping();
        match select {
            Some(r) => self.select_bytes(r),
            None => self.cursor = self.byte_to_pos(cursor),
        }
    }

    /// Selects a byte range of [`Editor::text`] (the cursor at its end).
    pub fn select_bytes(&mut self, r: Range<usize>) {
        let a = self.byte_to_pos(r.start);
        let b = self.byte_to_pos(r.end);
        self.anchor = (a != b).then_some(a);
        self.cursor = b;
        self.run = None;
    }

    /// Moves the cursor to a byte offset.
    pub fn set_cursor_byte(&mut self, at: usize) {
        self.anchor = None;
        self.cursor = self.byte_to_pos(at);
        self.run = None;
    }

    /// The text in the cut buffer.
    pub fn yank_text(&self) -> String {
        self.yank.clone()
    }

    /// Draws the editor into `area`, scrolled so the cursor shows, with
    /// `marks` (byte ranges of [`Editor::text`]) drawn in place.
    pub fn render(&self, area: Rect, buf: &mut Buffer, marks: &[Mark], cursor: bool) {
        if area.width == 0 || area.height == 0 {
            return;
        }
        {
            let mut v = self.view.borrow_mut();
            let width = area.width as usize;
            if v.width != width {
                v.width = width;
                v.wraps.clear();
            }
            v.height = area.height as usize;
        }
        if self.lines.len() == 1 && self.lines[0].is_empty() && !self.placeholder.is_empty() {
            let style = Style::new().add_modifier(Modifier::DIM);
            buf.set_stringn(area.x, area.y, self.placeholder, area.width as usize, style);
            if cursor {
                buf[(area.x, area.y)].set_style(Style::new().add_modifier(Modifier::REVERSED));
            }
            return;
        }
        let h = area.height as usize;
        // Scroll so that the cursor's row is visible.
        let cur = (self.cursor.0, self.row_index(self.cursor));
        let mut top = self.view.borrow().top;
        if top.0 >= self.lines.len() || top.1 >= self.rows_of(top.0).len() {
            top = (top.0.min(self.lines.len() - 1), 0);
        }
        if cur < top {
            top = cur;
        } else {
            let bottom = self.step_rows(top, h as isize - 1);
            if cur > bottom {
                top = self.step_rows(cur, -(h as isize - 1));
            }
        }
        self.view.borrow_mut().top = top;

        let sel = self.selection();
        // Byte offset of each line start, for the marks.
        let mut line_start = self.pos_to_byte((top.0, 0));
        let (mut line, mut row) = top;
        let mut y = 0usize;
        while y < h && line < self.lines.len() {
            let rows = self.rows_of(line);
            let text = &self.lines[line];
            while y < h && row < rows.len() {
                let r = rows[row].clone();
                let last_row = row + 1 == rows.len();
                let mut x = 0usize;
                for (gi, g) in text[r.clone()].grapheme_indices(true) {
                    let at = r.start + gi;
                    let gw = g.width();
                    if x + gw > area.width as usize {
                        break;
                    }
                    let mut style = Style::new();
                    let global = line_start + at;
                    if let Some(m) = marks
                        .iter()
                        .find(|m| m.range.start <= global && global < m.range.end)
                    {
                        style = style.patch(m.style);
                    }
                    if let Some((a, b)) = sel
                        && (line, at) >= a
                        && (line, at) < b
                    {
                        style = style.add_modifier(Modifier::REVERSED);
                    }
                    if cursor && (line, at) == self.cursor {
                        style = style.add_modifier(Modifier::REVERSED);
                    }
                    let shown = if g.chars().any(char::is_control) {
                        " "
                    } else {
                        g
                    };
                    let cell = &mut buf[(area.x + x as u16, area.y + y as u16)];
                    cell.set_symbol(shown).set_style(style);
                    if gw == 2 && x + 1 < area.width as usize {
                        buf[(area.x + x as u16 + 1, area.y + y as u16)].set_symbol("");
                    }
                    x += gw.max(1);
                }
                // The cursor after the last character of the line.
                if cursor && last_row && self.cursor == (line, text.len()) {
                    let cx = x.min(area.width as usize - 1);
                    buf[(area.x + cx as u16, area.y + y as u16)]
                        .set_style(Style::new().add_modifier(Modifier::REVERSED));
                }
                y += 1;
                row += 1;
            }
            line_start += text.len() + 1;
            line += 1;
            row = 0;
        }
    }
}

fn split_lines(text: &str) -> Vec<String> {
    text.split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l).to_string())
        .collect()
}

/// The words of `text` as every screen counts them, the way a word
/// processor does: runs between spaces with a letter or a digit in them
/// ("well-known", "don't" and "3.5" are one word each; a dash or a `>`
/// standing alone is none). The engine's own count, for scoring, splits
/// words more finely; people never see it.
pub fn word_count(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// Pasted text without control characters (tabs and newlines stay).
pub fn clean_paste(s: &str) -> String {
    s.replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        // A byte-order mark copied with a file's text is not text.
        .filter(|&c| c != '\u{feff}')
        .collect()
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
            if c == '\n' {
                e.apply(EditOp::Newline);
            } else {
                e.apply(EditOp::Char(c));
            }
        }
        e
    }

    fn screen(e: &Editor, w: u16, h: u16) -> Vec<String> {
        let area = Rect::new(0, 0, w, h);
        let mut buf = Buffer::empty(area);
        e.render(area, &mut buf, &[], false);
        (0..h)
            .map(|y| {
                (0..w)
                    .map(|x| buf[(x, y)].symbol().to_string())
                    .collect::<String>()
                    .trim_end()
                    .to_string()
            })
            .collect()
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
    fn words_are_counted_as_a_word_processor_counts_them() {
        assert_eq!(
            word_count("I don't think it's right — e.g. 3.5 well-known co-op > quoted"),
            10
        );
        assert_eq!(typed("one two\nthree — four").words(), 4);
    }

    #[test]
    fn a_pasted_byte_order_mark_is_dropped() {
        let mut e = typed("");
        e.apply(EditOp::InsertText("\u{feff}you often ignore this".into()));
        assert_eq!(e.text(), "you often ignore this");
    }

    #[test]
    fn replacing_text_is_undoable_and_selects() {
        let mut e = typed("You always do this.");
        e.replace_text("You often do this.", 0, Some(0..9));
        assert_eq!(e.text(), "You often do this.");
        e.apply(EditOp::Char('X'));
        assert_eq!(e.text(), "X do this.");
        e.apply(EditOp::Undo);
        e.apply(EditOp::Undo);
        assert_eq!(e.text(), "You always do this.");
    }

    #[test]
    fn cursor_bytes_round_trip_through_unicode() {
        let mut e = Editor::new("héllo\n日本語 text");
        e.set_cursor_byte("héllo\n日本".len());
        assert_eq!(e.cursor_byte(), "héllo\n日本".len());
        assert_eq!(byte_to_pos("héllo\n日本", 8), (1, 0));
        e.apply(EditOp::Backspace);
        assert_eq!(e.text(), "héllo\n日語 text");
        e.apply(EditOp::Move(Motion::Left, false));
        e.apply(EditOp::Backspace);
        assert_eq!(e.text(), "héllo日語 text");
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

    #[test]
    fn soft_wraps_at_words_and_moves_by_rows() {
        let mut e = typed("the quick brown fox jumps over the dog");
        assert_eq!(
            screen(&e, 11, 5),
            ["the quick", "brown fox", "jumps over", "the dog", ""]
        );
        e.apply(EditOp::Move(Motion::Top, false));
        e.apply(EditOp::Move(Motion::Down, false));
        e.apply(EditOp::Char('X'));
        assert_eq!(e.text(), "the quick Xbrown fox jumps over the dog");
    }

    #[test]
    fn long_drafts_scroll_to_keep_the_cursor_in_view() {
        let text: String = (0..100).map(|i| format!("line {i}\n")).collect();
        let mut e = Editor::new(&text);
        e.apply(EditOp::Move(Motion::Bottom, false));
        let s = screen(&e, 20, 4);
        assert_eq!(s[2], "line 99");
        e.apply(EditOp::Move(Motion::Top, false));
        assert_eq!(screen(&e, 20, 4)[0], "line 0");
        e.apply(EditOp::Scroll(10));
        assert_eq!(screen(&e, 20, 4)[0], "line 10");
    }

    #[test]
    fn wide_characters_take_two_cells() {
        let e = Editor::new("日本語のテキスト");
        assert_eq!(screen(&e, 7, 3), ["日本語", "のテキ", "スト"]);
    }

    #[test]
    fn delete_word_back_and_select_all() {
        let mut e = typed("Hello brave world");
        e.apply(EditOp::DeleteWordBack);
        assert_eq!(e.text(), "Hello brave ");
        e.apply(EditOp::SelectAll);
        e.apply(EditOp::Char('x'));
        assert_eq!(e.text(), "x");
    }
}
