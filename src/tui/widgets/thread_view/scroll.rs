//! Where a view of the thread starts: a shown part and a row in it, moved
//! by rows across messages.

use super::ThreadView;

/// A position in the thread: a part as shown (a message, unless it is huge;
/// counted in display order) and a row within it. Positions compare in
/// reading order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Scroll {
    pub part: usize,
    pub row: usize,
}

impl Scroll {
    /// Moves by `delta` rows, wrapping only the messages it passes.
    pub fn moved(self, view: &ThreadView, width: usize, delta: isize) -> Scroll {
        if view.is_empty() {
            return Scroll::default();
        }
        let mut s = self;
        s.part = s.part.min(view.len() - 1);
        if delta >= 0 {
            let mut left = delta as usize;
            while left > 0 {
                let n = view.rows(s.part, width).len();
                let room = n - 1 - s.row.min(n - 1);
                if left <= room {
                    s.row += left;
                    break;
                }
                if s.part + 1 >= view.len() {
                    s.row = n - 1;
                    break;
                }
                left -= room + 1;
                s.part += 1;
                s.row = 0;
            }
        } else {
            let mut left = delta.unsigned_abs();
            while left > 0 {
                if left <= s.row {
                    s.row -= left;
                    break;
                }
                if s.part == 0 {
                    s.row = 0;
                    break;
                }
                left -= s.row + 1;
                s.part -= 1;
                s.row = view.rows(s.part, width).len() - 1;
            }
        }
        s
    }

    /// The end of the thread, `height` rows up from the last row.
    pub fn end(view: &ThreadView, width: usize, height: usize) -> Scroll {
        if view.is_empty() {
            return Scroll::default();
        }
        let last = view.len() - 1;
        let n = view.rows(last, width).len();
        Scroll {
            part: last,
            row: n - 1,
        }
        .moved(view, width, -(height as isize - 1))
    }
}
