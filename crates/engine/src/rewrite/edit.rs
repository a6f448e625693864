//! An edit of a draft, and the part of the edited draft a suggestion shows.

use std::ops::Range;

/// An edit of the draft: `text` in place of `range`.
pub(super) struct Edit {
    pub(super) range: Range<usize>,
    pub(super) text: String,
}

/// Bytes `a..b` of the draft as `edit` leaves it (both clamped to its
/// length), without building the whole edited draft; `None` where they are
/// not a range of character boundaries of it.
pub(super) fn spliced(draft: &str, edit: &Edit, a: usize, b: usize) -> Option<String> {
    let (rs, re, t) = (edit.range.start, edit.range.end, edit.text.as_str());
    let len = draft.len() - (re - rs) + t.len();
    let (a, b) = (a.min(len), b.min(len));
    let mid = rs + t.len();
    let boundary = |p: usize| {
        if p < rs {
            draft.is_char_boundary(p)
        } else if p < mid {
            t.is_char_boundary(p - rs)
        } else {
            draft.is_char_boundary(p - mid + re)
        }
    };
    if a > b || !boundary(a) || !boundary(b) {
        return None;
    }
    let mut out = String::with_capacity(b - a);
    if a < rs {
        out.push_str(&draft[a..b.min(rs)]);
    }
    if a < mid && b > rs {
        out.push_str(&t[a.max(rs) - rs..b.min(mid) - rs]);
    }
    if b > mid {
        out.push_str(&draft[a.max(mid) - mid + re..b - mid + re]);
    }
    Some(out)
}
