//! The Read step: a cursor on a message, the tree, the heat, answering
//! another message, the notes, and searching the thread.

use super::threads::{Carry, answer};
use crate::tui::reply::keymap::Action;
use crate::tui::reply::model::Search;
use crate::tui::reply::model::{Effect, Model, Overlay, Screen};
use crate::tui::widgets::editor::{EditOp, Editor};
use crate::tui::widgets::thread_view::{Scroll, ThreadView};

/// The Read step: a cursor on a message, the tree, the heat, answering.
pub(super) fn read(m: &mut Model, action: Action, fx: &mut Vec<Effect>) {
    let Some(t) = &m.thread else {
        m.screen = Screen::Home;
        return;
    };
    let (w, h) = (m.thread_width(), m.read_height());
    let top = m
        .read_scroll
        .unwrap_or_else(|| t.into_view(m.read_cursor, w, h, Scroll::default()));
    let cursor = shown_cursor(t, m.read_cursor);
    let flow = m.flow;
    let engine = m.engine.clone();
    let page = m.page();
    let Some(t) = m.thread.as_mut() else { return };
    let mut status = None;
    let (cursor, top) = match action {
        Action::Down => {
            let bottom = top.moved(t, w, h as isize - 1);
            match (t.extent(cursor, w), t.next_shown(cursor)) {
                // The message goes on below: read on, a line at a time.
                (Some((_, end)), _) if end > bottom => (cursor, top.moved(t, w, 1)),
                (_, Some(next)) => (next, t.into_view(next, w, h, top)),
                // The last message, all of it in view: nothing below.
                _ => (cursor, top),
            }
        }
        Action::Up => match (t.extent(cursor, w), t.prev_shown(cursor)) {
            (Some((start, _)), _) if start < top => (cursor, top.moved(t, w, -1)),
            (_, Some(prev)) => (prev, t.into_view(prev, w, h, top)),
            _ => (cursor, top.moved(t, w, -1)),
        },
        Action::PageUp | Action::PageDown => {
            let page = page.min(h as isize).max(1);
            let delta = if action == Action::PageUp {
                -page
            } else {
                page
            };
            let top = top.moved(t, w, delta);
            (follow(t, cursor, top, w, h), top)
        }
        Action::Top => (t.first_shown().unwrap_or(0), Scroll::default()),
        Action::Bottom => (t.last_shown().unwrap_or(0), Scroll::end(t, w, h)),
        Action::JumpAnswered => {
            let answered = t.data.answering;
            let top = keep_top(t, top, |t| t.reveal(answered));
            let top = t
                .first_pos(answered)
                .map_or(top, |part| Scroll { part, row: 0 });
            (answered, top)
        }
        Action::Collapse | Action::Expand | Action::ToggleBranch if !t.is_branching() => {
            status = Some(flow.read.flat.clone());
            (cursor, top)
        }
        Action::Collapse => {
            if t.can_collapse(cursor) && !t.is_collapsed(cursor) {
                let top = keep_top(t, top, |t| t.set_collapsed(cursor, true));
                (cursor, show_end(t, cursor, w, h, top))
            } else if let Some(parent) = t.tree().parent(cursor) {
                (parent, t.into_view(parent, w, h, top))
            } else {
                (cursor, top)
            }
        }
        Action::Expand => {
            if t.is_collapsed(cursor) {
                let top = keep_top(t, top, |t| t.set_collapsed(cursor, false));
                (cursor, top)
            } else if let Some(&child) = t.tree().children(cursor).first() {
                (child, t.into_view(child, w, h, top))
            } else {
                status = Some(flow.read.no_replies.clone());
                (cursor, top)
            }
        }
        Action::ToggleBranch => {
            // On a message without replies, the branch it belongs to.
            let at = if t.can_collapse(cursor) {
                Some(cursor)
            } else {
                t.tree().parent(cursor)
            };
            match at {
                Some(at) => {
                    let fold = !t.is_collapsed(at);
                    let top = keep_top(t, top, |t| t.set_collapsed(at, fold));
                    let top = t.into_view(at, w, h, top);
                    (
                        at,
                        if fold {
                            show_end(t, at, w, h, top)
                        } else {
                            top
                        },
                    )
                }
                None => {
                    status = Some(flow.read.no_replies.clone());
                    (cursor, top)
                }
            }
        }
        Action::NextHeat | Action::PrevHeat => {
            match t.next_heated(&engine, cursor, action == Action::NextHeat) {
                Some((hot, wrapped)) => {
                    if wrapped {
                        status = Some(flow.read.heat_wrapped.clone());
                    }
                    let top = keep_top(t, top, |t| t.reveal(hot));
                    (hot, t.into_view(hot, w, h, top))
                }
                None => {
                    status = Some(flow.read.no_heat.clone());
                    (cursor, top)
                }
            }
        }
        Action::ToggleFold => {
            let folded = !t.folded();
            t.set_folded(folded);
            if !t.has_trails() {
                status = Some("Nothing to fold in this thread.".into());
            }
            (cursor, top)
        }
        Action::Next => {
            // The draft's pane shows the answered message: never hidden.
            let answered = t.data.answering;
            let top = keep_top(t, top, |t| t.reveal(answered));
            (cursor, top)
        }
        _ => (cursor, top),
    };
    m.read_cursor = cursor;
    m.read_scroll = Some(top);
    if status.is_some() {
        m.status = status;
    }
    match action {
        Action::AnswerThis => {
            let answered = m.thread.as_ref().map_or(0, |t| t.data.answering);
            if cursor == answered {
                m.status = Some(m.flow.answer.already.clone());
            } else if m.editor.is_blank() {
                answer(m, cursor, Carry::Nothing, fx);
            } else {
                m.overlay = Some(Overlay::Reanswer(cursor));
            }
        }
        Action::Search => {
            m.search = Some(Search {
                input: Editor::default(),
                hits: Vec::new(),
                current: None,
                from: cursor,
            });
        }
        Action::EditNotes => m.notes_focus = true,
        Action::Next => m.screen = Screen::Intent,
        Action::Back => m.screen = Screen::Home,
        _ => {}
    }
    // A status line that came or went changed the rows: the cursor's
    // message stays in view.
    if m.screen == Screen::Read
        && m.read_height() != h
        && let Some(t) = &m.thread
        && let Some(top) = m.read_scroll
    {
        m.read_scroll = Some(t.into_view(cursor, w, m.read_height(), top));
    }
}

/// The notes on what they feel and need: Esc or Tab leaves them.
pub(super) fn notes(m: &mut Model, action: Action) {
    if action == Action::Cancel {
        m.notes_focus = false;
    }
}

/// The cursor's message if it is shown, else the message shown in its
/// place (the collapsed message above it).
fn shown_cursor(t: &ThreadView, cursor: usize) -> usize {
    if t.first_pos(cursor).is_some() {
        cursor
    } else {
        t.message_at(t.part_of_message(cursor))
    }
}

/// `top`, moved down just enough that message `m`'s last row (say, the
/// replies a collapsed message hides) is in view.
fn show_end(t: &ThreadView, m: usize, w: usize, h: usize, top: Scroll) -> Scroll {
    match t.extent(m, w) {
        Some((_, end)) if end > top.moved(t, w, h as isize - 1) => {
            end.moved(t, w, -(h as isize - 1))
        }
        _ => top,
    }
}

/// After the view scrolled to `top`: the cursor stays when any of its
/// message is still in view, else it moves to the message at the top.
fn follow(t: &ThreadView, cursor: usize, top: Scroll, w: usize, h: usize) -> usize {
    if t.is_empty() {
        return cursor;
    }
    let bottom = top.moved(t, w, h as isize - 1);
    if let Some((start, end)) = t.extent(cursor, w)
        && start <= bottom
        && end >= top
    {
        return cursor;
    }
    let at = t.message_at(top.part.min(t.len() - 1));
    // The gap after a message belongs to the next one.
    match t.extent(at, w) {
        Some((_, end)) if end < top => t.next_shown(at).unwrap_or(at),
        _ => at,
    }
}

/// Runs a change to what is shown (collapsing, expanding) and returns
/// where the view starts now: on the same row of the same part when it is
/// still shown, else on the message shown in its place.
fn keep_top(
    t: &mut ThreadView,
    top: Scroll,
    change: impl FnOnce(&mut ThreadView) -> bool,
) -> Scroll {
    let part = (!t.is_empty()).then(|| t.part_id_at(top.part.min(t.len() - 1)));
    if !change(t) {
        return top;
    }
    let Some(part) = part else { return top };
    match t.pos_of_part(part) {
        Some(pos) => Scroll {
            part: pos,
            row: top.row,
        },
        None => Scroll {
            part: t.part_of_message(t.parts[part].message),
            row: 0,
        },
    }
}

/// The mouse wheel over the Read step: the view scrolls, the cursor
/// follows when its message leaves the view.
pub(super) fn scroll_read(m: &mut Model, rows: isize) {
    let (w, h) = (m.thread_width(), m.read_height());
    let Some(t) = &m.thread else { return };
    let top = m
        .read_scroll
        .unwrap_or_else(|| t.into_view(m.read_cursor, w, h, Scroll::default()))
        .moved(t, w, rows);
    m.read_cursor = follow(t, shown_cursor(t, m.read_cursor), top, w, h);
    m.read_scroll = Some(top);
}

/// A key in the search: the next or previous match, or leave.
pub(super) fn search(m: &mut Model, action: Action) {
    match action {
        Action::NextMatch | Action::PrevMatch => {
            let Some(s) = &mut m.search else { return };
            let n = s.hits.len();
            if n == 0 {
                return;
            }
            s.current = Some(match (s.current, action == Action::NextMatch) {
                (None, _) => 0,
                (Some(c), true) => (c + 1) % n,
                (Some(c), false) => (c + n - 1) % n,
            });
            go_to_hit(m);
        }
        Action::Cancel => m.search = None,
        _ => {}
    }
}

/// Types into the search and finds again: the first match from where the
/// search began.
pub(super) fn search_edit(m: &mut Model, op: EditOp) {
    let (Some(s), Some(t)) = (&mut m.search, &m.thread) else {
        return;
    };
    s.input.apply(op);
    let query = s.input.text();
    s.hits = t.search(query.trim_matches('\n'));
    let from = t.reading_pos(s.from);
    s.current = if s.hits.is_empty() {
        None
    } else {
        Some(
            s.hits
                .iter()
                .position(|hit| t.reading_pos(hit.message) >= from)
                .unwrap_or(0),
        )
    };
    if s.current.is_some() {
        go_to_hit(m);
    }
}

/// Puts the cursor on the current match's message (expanding its branch)
/// and scrolls the match into view.
fn go_to_hit(m: &mut Model) {
    let (w, h) = (m.thread_width(), m.read_height());
    let Some(hit) = m
        .search
        .as_ref()
        .and_then(|s| s.hits.get(s.current?))
        .cloned()
    else {
        return;
    };
    let Some(t) = m.thread.as_mut() else { return };
    let top = m
        .read_scroll
        .unwrap_or_else(|| t.into_view(m.read_cursor, w, h, Scroll::default()));
    let top = keep_top(t, top, |t| t.reveal(hit.message));
    let at = t.locate(hit.message, hit.range.start, w);
    let bottom = top.moved(t, w, h as isize - 1);
    let top = match at {
        Some(at) if at < top || at > bottom => at.moved(t, w, -(h as isize / 3)),
        _ => top,
    };
    m.read_cursor = hit.message;
    m.read_scroll = Some(top);
}
