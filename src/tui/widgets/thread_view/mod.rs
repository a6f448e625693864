//! The thread as the flow shows it: the imported messages, the one being
//! answered, the heat in their words (flags the engine finds in *their*
//! messages), and wrapped rows computed lazily per message and width, so a
//! huge thread opens at once and a frame only wraps what it shows.
//!
//! A thread whose replies branch (a Reddit page, a Discourse topic with
//! replies to replies) is shown as a tree: each reply under the message it
//! answers, indented by its depth (at most [`MAX_LEVELS`] levels, so deep
//! threads still fit 60 columns; deeper replies say how deep they are),
//! and a branch can be collapsed to one line that says how many replies it
//! hides. A linear thread (no message with two replies) is shown as a flat
//! list in message order, as it always was.
//!
//! Positions in the view ([`Scroll::part`], the `pos` arguments) count the
//! *shown* parts, in display order: collapsing a branch takes its parts out.

mod data;
mod heat;
mod scroll;
mod search;

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;

use crate::thread::Tree;

pub use data::{ThreadData, import, import_file, sample};
pub use heat::{Heat, HeatMark};
pub use scroll::Scroll;
pub use search::{Hit, MAX_HITS};

/// One message, already sanitized by the importer: who, when, what, and
/// which earlier message it answers.
pub use crate::thread::Message;

/// A row of a message as drawn: which part of the block it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Row {
    /// The author line.
    Header,
    /// Body text: a byte range of the message body.
    Body(Range<usize>),
    /// The gap after a message.
    Gap,
    /// A trail folded away (quotes, a signature, a list footer): how many
    /// lines it holds.
    Folded(usize),
    /// The replies a collapsed message hides: how many.
    Hidden(usize),
}

pub use crate::thread::trail_start;

/// Bodies longer than this are shown in parts, so that no frame wraps or
/// analyses more than a part of one giant message.
const PART: usize = 64 * 1024;

/// A piece of a message as the view scrolls through it: a whole message,
/// or a run of its paragraphs when the message is huge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub message: usize,
    /// Byte range of the message body.
    pub range: Range<usize>,
    /// Whether this part starts the message (and shows the header).
    pub first: bool,
    /// Whether this part ends the message (and is followed by a gap).
    pub last: bool,
}

fn parts_of(i: usize, body: &str, out: &mut Vec<Part>) {
    let body_len = body.trim_end().len();
    let mut start = 0;
    loop {
        let mut end = (start + PART).min(body_len);
        if end < body_len {
            // Break after a paragraph, else a line, else a space.
            let window = &body.as_bytes()[start..end];
            let cut = find_last(window, b"\n\n")
                .map(|p| p + 2)
                .or_else(|| find_last(window, b"\n").map(|p| p + 1))
                .or_else(|| find_last(window, b" ").map(|p| p + 1))
                .filter(|&p| p > 0);
            end = match cut {
                Some(p) => start + p,
                None => {
                    let mut e = end;
                    while !body.is_char_boundary(e) {
                        e -= 1;
                    }
                    e
                }
            };
        }
        out.push(Part {
            message: i,
            range: start..end,
            first: start == 0,
            last: end >= body_len,
        });
        if end >= body_len {
            break;
        }
        start = end;
    }
}

fn find_last(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

/// Wrapped rows per part, for one width.
type RowCache = HashMap<usize, Rc<Vec<Row>>>;

/// The most levels of replies indented; deeper replies sit at this level
/// and their header says how deep they are.
pub const MAX_LEVELS: usize = 4;

/// Cells of indentation per level.
pub const INDENT: usize = 2;

/// The thread with its reply tree, what is collapsed, and its lazily
/// computed heat and wrapping.
#[derive(Debug)]
pub struct ThreadView {
    pub data: ThreadData,
    /// Every part, in message order.
    pub parts: Vec<Part>,
    /// The first part of each message (one more entry: the end).
    first_part: Vec<usize>,
    tree: Tree,
    /// Whether the thread is drawn as a tree (some message has two or more
    /// replies) rather than as a flat list.
    branching: bool,
    /// Every message in reading order, collapsed or not: the tree's order,
    /// or message order for a flat list; and each message's place in it.
    order: Vec<usize>,
    order_pos: Vec<usize>,
    collapsed: Vec<bool>,
    /// The parts shown, in display order, and each part's position there
    /// (`usize::MAX` when a collapsed branch hides it).
    shown: Vec<usize>,
    pos: Vec<usize>,
    /// Whether trails (quotes, signatures, list footers) are folded.
    folded: Cell<bool>,
    heat: RefCell<HashMap<usize, Rc<Heat>>>,
    rows: RefCell<(usize, RowCache)>,
}

impl ThreadView {
    pub fn new(data: ThreadData) -> Self {
        let mut parts = Vec::with_capacity(data.messages.len());
        let mut first_part = Vec::with_capacity(data.messages.len() + 1);
        for (i, m) in data.messages.iter().enumerate() {
            first_part.push(parts.len());
            parts_of(i, &m.body, &mut parts);
        }
        first_part.push(parts.len());
        let tree = Tree::new(&data.messages);
        let branching = !tree.is_linear();
        let order: Vec<usize> = if branching {
            tree.order()
        } else {
            (0..data.messages.len()).collect()
        };
        let mut order_pos = vec![0; order.len()];
        for (p, &m) in order.iter().enumerate() {
            order_pos[m] = p;
        }
        let n = data.messages.len();
        let mut view = ThreadView {
            data,
            parts,
            first_part,
            tree,
            branching,
            order,
            order_pos,
            collapsed: vec![false; n],
            shown: Vec::new(),
            pos: Vec::new(),
            folded: Cell::new(true),
            heat: RefCell::default(),
            rows: RefCell::new((0, HashMap::new())),
        };
        view.layout();
        view
    }

    /// Works out the shown parts from what is collapsed.
    fn layout(&mut self) {
        let messages: Vec<usize> = if self.branching {
            self.tree.visible(|i| self.collapsed[i])
        } else {
            self.order.clone()
        };
        self.shown.clear();
        self.pos = vec![usize::MAX; self.parts.len()];
        for m in messages {
            for part in self.first_part[m]..self.first_part[m + 1] {
                self.pos[part] = self.shown.len();
                self.shown.push(part);
            }
        }
    }

    /// Number of parts shown (messages, unless some are huge or hidden).
    pub fn len(&self) -> usize {
        self.shown.len()
    }

    pub fn is_empty(&self) -> bool {
        self.shown.is_empty()
    }

    /// The part shown at position `pos`.
    pub fn part_at(&self, pos: usize) -> &Part {
        &self.parts[self.shown[pos]]
    }

    /// The message shown at position `pos`.
    pub fn message_at(&self, pos: usize) -> usize {
        self.part_at(pos).message
    }

    /// The reply structure.
    pub fn tree(&self) -> &Tree {
        &self.tree
    }

    /// Whether the thread is drawn as a tree (its replies branch).
    pub fn is_branching(&self) -> bool {
        self.branching
    }

    /// Whether trails are folded away (they are at first).
    pub fn folded(&self) -> bool {
        self.folded.get()
    }

    /// Folds or unfolds every message's trail.
    pub fn set_folded(&self, folded: bool) {
        if self.folded.replace(folded) != folded {
            self.rows.borrow_mut().1.clear();
        }
    }

    /// Whether any message has a trail to fold.
    pub fn has_trails(&self) -> bool {
        self.data
            .messages
            .iter()
            .any(|m| trail_start(&m.body).is_some())
    }

    /// How deep message `m` sits in the tree as drawn (0 in a flat list).
    pub fn depth(&self, m: usize) -> usize {
        if self.branching {
            self.tree.depth(m)
        } else {
            0
        }
    }

    /// The levels of indentation message `m` gets in a pane `width` cells
    /// wide: its depth, at most [`MAX_LEVELS`], and never more than a
    /// quarter of the width.
    pub fn levels(&self, m: usize, width: usize) -> usize {
        let room = width / 4 / INDENT;
        self.depth(m).min(MAX_LEVELS).min(room)
    }

    /// The replies a collapsed message hides (0 when it is not collapsed).
    pub fn hidden_replies(&self, m: usize) -> usize {
        if self.collapsed.get(m).copied().unwrap_or(false) {
            self.tree.subtree_len(m) - 1
        } else {
            0
        }
    }

    /// Whether message `m`'s replies are hidden.
    pub fn is_collapsed(&self, m: usize) -> bool {
        self.hidden_replies(m) > 0
    }

    /// Whether message `m` has replies that collapsing would hide (only in
    /// a tree).
    pub fn can_collapse(&self, m: usize) -> bool {
        self.branching && !self.tree.children(m).is_empty()
    }

    /// Hides or shows the replies under message `m`. Returns whether
    /// anything changed.
    pub fn set_collapsed(&mut self, m: usize, collapsed: bool) -> bool {
        if !self.can_collapse(m) || self.collapsed[m] == collapsed {
            return false;
        }
        self.collapsed[m] = collapsed;
        // Its last part gains or loses the "replies hidden" row.
        let last = self.first_part[m + 1] - 1;
        self.rows.borrow_mut().1.remove(&last);
        self.layout();
        true
    }

    /// Expands every message above `m`, so that `m` is shown. Returns
    /// whether anything changed.
    pub fn reveal(&mut self, m: usize) -> bool {
        if !self.branching {
            return false;
        }
        let above: Vec<usize> = self
            .tree
            .ancestors(m)
            .filter(|&a| self.collapsed[a])
            .collect();
        for &a in &above {
            self.collapsed[a] = false;
            let last = self.first_part[a + 1] - 1;
            self.rows.borrow_mut().1.remove(&last);
        }
        if !above.is_empty() {
            self.layout();
        }
        !above.is_empty()
    }

    /// The position of message `m`'s first part, or `None` when a
    /// collapsed branch hides it.
    pub fn first_pos(&self, m: usize) -> Option<usize> {
        let p = *self.pos.get(*self.first_part.get(m)?)?;
        (p != usize::MAX).then_some(p)
    }

    /// The position of message `m`'s last part, if it is shown.
    pub fn last_pos(&self, m: usize) -> Option<usize> {
        let last = self.first_part.get(m + 1)?.checked_sub(1)?;
        let p = *self.pos.get(last)?;
        (p != usize::MAX).then_some(p)
    }

    /// The position of message `m`'s first part, or of the nearest message
    /// above it that is shown when a collapsed branch hides it.
    pub fn part_of_message(&self, m: usize) -> usize {
        std::iter::once(m)
            .chain(self.tree.ancestors(m))
            .find_map(|a| self.first_pos(a))
            .unwrap_or(0)
    }

    /// The part (an index into [`Self::parts`]) shown at position `pos`.
    pub fn part_id_at(&self, pos: usize) -> usize {
        self.shown[pos]
    }

    /// Where part `part` (an index into [`Self::parts`]) is shown, if it
    /// is.
    pub fn pos_of_part(&self, part: usize) -> Option<usize> {
        self.pos.get(part).copied().filter(|&p| p != usize::MAX)
    }

    /// The row that shows byte `at` of message `m`'s body, if shown.
    pub fn locate(&self, m: usize, at: usize, width: usize) -> Option<Scroll> {
        let first = self.first_pos(m)?;
        let last = self.last_pos(m)?;
        for pos in first..=last {
            let part = self.part_at(pos);
            if at >= part.range.end && !part.last {
                continue;
            }
            let rows = self.rows(pos, width);
            let row = rows
                .iter()
                .position(
                    |r| matches!(r, Row::Body(b) if at < b.end || (at == b.end && b.is_empty())),
                )
                .or_else(|| rows.iter().rposition(|r| matches!(r, Row::Body(_))))
                .unwrap_or(0);
            return Some(Scroll { part: pos, row });
        }
        None
    }

    /// The message shown after `m`, if any.
    pub fn next_shown(&self, m: usize) -> Option<usize> {
        let last = self.last_pos(m)?;
        (last + 1 < self.len()).then(|| self.message_at(last + 1))
    }

    /// The message shown before `m`, if any.
    pub fn prev_shown(&self, m: usize) -> Option<usize> {
        let first = self.first_pos(m)?;
        first.checked_sub(1).map(|p| self.message_at(p))
    }

    /// The first and the last message shown.
    pub fn first_shown(&self) -> Option<usize> {
        (!self.is_empty()).then(|| self.message_at(0))
    }

    pub fn last_shown(&self) -> Option<usize> {
        (!self.is_empty()).then(|| self.message_at(self.len() - 1))
    }

    /// Where message `m` starts and where its text ends (its last row
    /// before the gap that follows it), as positions in the view.
    pub fn extent(&self, m: usize, width: usize) -> Option<(Scroll, Scroll)> {
        let first = self.first_pos(m)?;
        let last = self.last_pos(m)?;
        let rows = self.rows(last, width);
        let end_row = if rows.last() == Some(&Row::Gap) {
            rows.len().saturating_sub(2)
        } else {
            rows.len().saturating_sub(1)
        };
        Some((
            Scroll {
                part: first,
                row: 0,
            },
            Scroll {
                part: last,
                row: end_row,
            },
        ))
    }

    /// The scroll position that shows message `m`, moving as little as
    /// possible from `top` in a pane of `width`×`height` cells: a message
    /// that fits is shown whole; a longer one is left alone when part of
    /// it is in view, and otherwise shown from its start (below the view)
    /// or up to its end (above it), so that reading on continues where the
    /// eye is.
    pub fn into_view(&self, m: usize, width: usize, height: usize, top: Scroll) -> Scroll {
        let Some((start, end)) = self.extent(m, width) else {
            return top;
        };
        let height = height.max(1);
        let bottom = top.moved(self, width, height as isize - 1);
        let from_end = end.moved(self, width, -(height as isize - 1));
        let fits = from_end <= start;
        if fits {
            if start < top {
                start
            } else if end > bottom {
                from_end
            } else {
                top
            }
        } else if end < top {
            from_end
        } else if start > bottom {
            start
        } else {
            top
        }
    }

    /// The scroll position that shows the text of message `m`, just
    /// chosen: the whole message when it fits (see [`Self::into_view`]),
    /// else from its header down, unless the reader is already inside it.
    pub fn text_into_view(&self, m: usize, width: usize, height: usize, top: Scroll) -> Scroll {
        let Some((start, end)) = self.extent(m, width) else {
            return top;
        };
        let height = height.max(1);
        if end.moved(self, width, -(height as isize - 1)) <= start || start < top {
            self.into_view(m, width, height, top)
        } else {
            start
        }
    }

    /// Every message in reading order, collapsed branches included.
    pub fn reading_order(&self) -> &[usize] {
        &self.order
    }

    /// Message `m`'s place in [`Self::reading_order`].
    pub fn reading_pos(&self, m: usize) -> usize {
        self.order_pos.get(m).copied().unwrap_or(0)
    }

    /// The rows of the part shown at `pos`, at `width` cells: header,
    /// body, what is folded or hidden, gap. The body is wrapped to the
    /// width left after the message's indentation and its two-cell bar.
    pub fn rows(&self, pos: usize, width: usize) -> Rc<Vec<Row>> {
        let i = self.shown[pos];
        let mut cache = self.rows.borrow_mut();
        if cache.0 != width {
            cache.0 = width;
            cache.1.clear();
        }
        if let Some(r) = cache.1.get(&i) {
            return r.clone();
        }
        let part = &self.parts[i];
        let full = &self.data.messages[part.message].body;
        // A folded trail in this part: the rows stop where it starts.
        let fold = if self.folded.get() && part.last {
            trail_start(full).filter(|&f| f > part.range.start && f < part.range.end)
        } else {
            None
        };
        let body = &full[part.range.start..fold.unwrap_or(part.range.end)];
        let body = if part.last {
            body.trim_end()
        } else {
            body.strip_suffix('\n').unwrap_or(body)
        };
        let mut rows = Vec::new();
        if part.first {
            rows.push(Row::Header);
        }
        let base = part.range.start;
        let indent = INDENT * self.levels(part.message, width);
        rows.extend(
            super::wrap::rows(body, width.saturating_sub(2 + indent))
                .into_iter()
                .map(|r| Row::Body(base + r.start..base + r.end)),
        );
        if let Some(f) = fold {
            let n = full[f..].trim_end().lines().count();
            rows.push(Row::Folded(n));
        }
        if part.last {
            let hidden = self.hidden_replies(part.message);
            if hidden > 0 {
                rows.push(Row::Hidden(hidden));
            }
            rows.push(Row::Gap);
        }
        let rows = Rc::new(rows);
        // Keep the cache bounded when scrolling through a huge thread.
        if cache.1.len() > 4096 {
            cache.1.clear();
        }
        cache.1.insert(i, rows.clone());
        rows
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    pub(super) fn msg(author: Option<&str>, body: &str) -> Message {
        Message {
            author: author.map(str::to_string),
            time: None,
            body: body.to_string(),
            reply_to: None,
            source_id: None,
        }
    }

    pub(super) fn view(n: usize) -> ThreadView {
        ThreadView::new(ThreadData {
            title: None,
            messages: (0..n)
                .map(|i| msg(Some(&format!("P{i}")), "one two three four five six"))
                .collect(),
            answering: n - 1,
            default_answer: false,
        })
    }

    #[test]
    fn scrolling_walks_across_messages_and_stops_at_the_ends() {
        let v = view(3);
        // Width 12: header, 3 body rows, gap = 5 rows per message.
        assert_eq!(v.rows(0, 12).len(), 5);
        let s = Scroll::default().moved(&v, 12, 7);
        assert_eq!(s, Scroll { part: 1, row: 2 });
        assert_eq!(s.moved(&v, 12, -7), Scroll::default());
        assert_eq!(s.moved(&v, 12, -100), Scroll::default());
        assert_eq!(s.moved(&v, 12, 100), Scroll { part: 2, row: 4 });
    }

    #[test]
    fn a_huge_message_is_shown_in_parts_that_cover_it() {
        let para = "You people always break things. ".repeat(40);
        let body = format!("{para}\n\n").repeat(200);
        let v = ThreadView::new(ThreadData {
            title: None,
            messages: vec![msg(None, &body)],
            answering: 0,
            default_answer: false,
        });
        assert!(v.len() > 1);
        assert!(v.parts[0].first && !v.parts[0].last);
        assert!(v.parts.last().unwrap().last);
        let covered: usize = v.parts.iter().map(|p| p.range.len()).sum();
        assert_eq!(covered, body.trim_end().len());
        assert!(v.parts.iter().all(|p| p.range.len() <= PART));
        assert_ne!(v.rows(1, 80)[0], Row::Header);
    }

    #[test]
    fn quote_trails_signatures_and_list_footers_fold_and_text_does_not() {
        fn at(body: &str) -> Option<&str> {
            trail_start(body).map(|i| &body[i..])
        }
        let mail = "Sounds good, ship it.\n\nOn Mon, Ann wrote:\n> Shall we ship?\n> Yes?\n";
        assert_eq!(
            at(mail),
            Some("On Mon, Ann wrote:\n> Shall we ship?\n> Yes?\n")
        );
        let sig = "Which rights do you need?\n\n--\nhttp://example.org/jgb\n";
        assert_eq!(at(sig), Some("--\nhttp://example.org/jgb\n"));
        let list = "Thanks.\n> quoted\n> more\n_______________________________________________\nDev mailing list\nhttps://lists.example.org/dev\n";
        assert_eq!(
            at(list),
            Some(
                "> quoted\n> more\n_______________________________________________\nDev mailing list\nhttps://lists.example.org/dev\n"
            )
        );
        // Quotes the author answers in between stay; so does a lone line,
        // and a message that is nothing but a quote.
        assert_eq!(at("> You said X.\nI did not.\n> And Y.\nTrue.\n"), None);
        assert_eq!(at("Fine.\n> ok\n"), None);
        assert_eq!(at("> a\n> b\n"), None);
        assert_eq!(at("No trail here.\nAt all."), None);
        // A quote, a blank line, then a signature: one trail.
        let both = "Stop shouting.\n\nAnn wrote:\n> Red.\n> Again.\n\n-- \nBo\n";
        assert_eq!(at(both), Some("Ann wrote:\n> Red.\n> Again.\n\n-- \nBo\n"));
    }

    #[test]
    fn a_folded_trail_is_one_row_until_unfolded() {
        let v = ThreadView::new(ThreadData {
            title: None,
            messages: vec![msg(
                Some("Bo"),
                "Works now.\n\n-- \nBo\nhttps://example.org\n",
            )],
            answering: 0,
            default_answer: false,
        });
        assert!(v.has_trails());
        let rows = v.rows(0, 40);
        assert_eq!(rows.len(), 4, "{rows:?}");
        assert_eq!(rows[2], Row::Folded(3));
        v.set_folded(false);
        assert!(!v.rows(0, 40).contains(&Row::Folded(3)));
        assert_eq!(v.rows(0, 40).len(), 7);
    }

    /// A thread with these parents; message `i` says `body_i`.
    pub(super) fn tree_view(parents: &[Option<usize>]) -> ThreadView {
        ThreadView::new(ThreadData {
            title: None,
            messages: parents
                .iter()
                .enumerate()
                .map(|(i, &p)| Message {
                    reply_to: p,
                    ..msg(Some(&format!("P{i}")), &format!("body {i}"))
                })
                .collect(),
            answering: 0,
            default_answer: false,
        })
    }

    //  0
    //  ├─ 1
    //  │  └─ 3
    //  │     └─ 4
    //  │        └─ 5
    //  │           └─ 6
    //  └─ 2
    //  7
    const FOREST: &[Option<usize>] = &[
        None,
        Some(0),
        Some(0),
        Some(1),
        Some(3),
        Some(4),
        Some(5),
        None,
    ];

    pub(super) fn shown(v: &ThreadView) -> Vec<usize> {
        (0..v.len()).map(|p| v.message_at(p)).collect()
    }

    #[test]
    fn a_branching_thread_is_shown_in_tree_order_and_a_flat_one_in_message_order() {
        let v = tree_view(FOREST);
        assert!(v.is_branching());
        assert_eq!(shown(&v), [0, 1, 3, 4, 5, 6, 2, 7]);
        // A chain (each message answers the one before) is linear: flat.
        let chain = tree_view(&[None, Some(0), Some(1), Some(2)]);
        assert!(!chain.is_branching());
        assert_eq!(shown(&chain), [0, 1, 2, 3]);
        assert_eq!(chain.depth(2), 0);
        // So is a flat list with one late reply to the first message: it
        // stays in message order.
        let late = tree_view(&[None, None, None, Some(0)]);
        assert!(!late.is_branching());
        assert_eq!(shown(&late), [0, 1, 2, 3]);
    }

    #[test]
    fn indentation_stops_at_four_levels_and_a_quarter_of_the_width() {
        let v = tree_view(FOREST);
        assert_eq!(v.levels(3, 58), 2);
        assert_eq!(v.levels(6, 58), MAX_LEVELS);
        assert_eq!(v.depth(6), 5);
        // A narrow pane indents less.
        assert_eq!(v.levels(6, 20), 2);
        // Bodies wrap in what the indentation leaves.
        let at = v.first_pos(6).unwrap();
        let rows = v.rows(at, 20);
        assert!(matches!(rows[1], Row::Body(_)));
    }

    #[test]
    fn collapsing_hides_the_replies_and_says_how_many() {
        let mut v = tree_view(FOREST);
        assert!(v.set_collapsed(1, true));
        assert_eq!(shown(&v), [0, 1, 2, 7]);
        assert_eq!(v.hidden_replies(1), 4);
        let at = v.first_pos(1).unwrap();
        assert!(v.rows(at, 40).contains(&Row::Hidden(4)));
        // A hidden message is found through the collapsed one above it.
        assert_eq!(v.first_pos(5), None);
        assert_eq!(v.part_of_message(5), at);
        // Revealing a message expands what is above it.
        assert!(v.reveal(5));
        assert_eq!(shown(&v), [0, 1, 3, 4, 5, 6, 2, 7]);
        assert!(!v.rows(at, 40).iter().any(|r| matches!(r, Row::Hidden(_))));
        // Messages without replies, and flat threads, do not collapse.
        assert!(!v.set_collapsed(6, true));
        let mut flat = tree_view(&[None, Some(0)]);
        assert!(!flat.set_collapsed(0, true));
    }

    #[test]
    fn into_view_moves_as_little_as_it_can() {
        let v = view(6);
        // 5 rows per message at width 12; a pane 7 rows high.
        let top = Scroll::default();
        assert_eq!(v.into_view(0, 12, 7, top), top, "already in view");
        // A message below: its end comes to the bottom row.
        let s = v.into_view(3, 12, 7, top);
        let (start, end) = v.extent(3, 12).unwrap();
        assert_eq!(s.moved(&v, 12, 6), end);
        assert!(s <= start);
        // A message above: its start comes to the top row.
        assert_eq!(v.into_view(1, 12, 7, s), Scroll { part: 1, row: 0 });
        // Longer than the pane and below it: shown from its start.
        assert_eq!(v.into_view(4, 12, 3, top), Scroll { part: 4, row: 0 });
    }

    #[test]
    fn locate_finds_the_row_of_a_byte() {
        let v = view(2);
        // Width 12: "one two three four five six" wraps in 3 rows.
        let body = &v.data.messages[1].body;
        let at = body.find("six").unwrap();
        let s = v.locate(1, at, 12).unwrap();
        assert_eq!(s.part, 1);
        assert_eq!(v.rows(1, 12)[s.row], v.rows(1, 12)[3]);
    }
}
