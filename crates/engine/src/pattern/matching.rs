//! Matching a compiled pattern token by token where its anchor was found:
//! its tail, its captures and its guards.

use std::sync::Arc;

use crate::text::{Folded, TokenKind};
use crate::wordlist::{Word, WordList};

/// The text around a position, as a pattern sees it.
pub trait Tokens {
    /// Number of tokens.
    fn count(&self) -> usize;
    /// The folded text of token `i`.
    fn text(&self, i: usize) -> &str;
    /// Whether token `i` is a word (not punctuation).
    fn is_word(&self, i: usize) -> bool;
    /// Whether a clause break (a comma, a dash, a line break) stands
    /// between token `i` and the one before it.
    fn breaks_before(&self, i: usize) -> bool;
    /// Whether token `i` ends a sentence or paragraph.
    fn is_boundary(&self, i: usize) -> bool;
    /// Whether token `i` is written like a name ("Dave", "Cameron").
    fn is_name(&self, _i: usize) -> bool {
        false
    }
}

/// The folded text is what patterns match against.
impl Tokens for Folded {
    fn count(&self) -> usize {
        self.tokens.len()
    }
    fn text(&self, i: usize) -> &str {
        self.token_text(i)
    }
    fn is_word(&self, i: usize) -> bool {
        self.tokens[i].kind == TokenKind::Word
    }
    fn breaks_before(&self, i: usize) -> bool {
        self.tokens[i].after_break
    }
    fn is_boundary(&self, i: usize) -> bool {
        Folded::is_boundary(self, i)
    }
}

/// The compiled form of a pattern part, matched token by token.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Expr {
    Seq(Vec<Expr>),
    Alt(Vec<Expr>),
    /// Any of these token sequences (an empty one matches nothing at all).
    Phrases(#[serde(with = "crate::serial::words")] Vec<Vec<Word>>),
    /// Any entry of a word list (shared, not copied per pattern).
    List(#[serde(with = "crate::serial::shared_list")] Arc<WordList>),
    /// From `min` to `max` words of one clause.
    Gap(u8, u8),
    /// From `min` to `max` matches in a row (a comma may stand between
    /// them: "a rude, lazy clown").
    Repeat(Box<Expr>, u8, u8),
    /// A clause edge; takes no token.
    Break,
    /// One word written like a name.
    Name,
    /// The words matched inside, recorded as capture number `.0`.
    Capture(u8, Box<Expr>),
}

/// A guard: words that must (or must not) stand right before or after a
/// match.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Guard {
    pub negative: bool,
    pub expr: Expr,
}

impl Expr {
    /// Every token position at which this expression can end when it
    /// starts at `pos`.
    pub fn ends(&self, t: &dyn Tokens, pos: usize, out: &mut Vec<usize>) {
        match self {
            Expr::Phrases(phrases) => {
                for p in phrases {
                    if phrase_at(p, t, pos) {
                        out.push(pos + p.len());
                    }
                }
            }
            Expr::List(list) => {
                if pos >= t.count() {
                    return;
                }
                for p in list.starting_with(t.text(pos)) {
                    if phrase_at(&p[1..], t, pos + 1) {
                        out.push(pos + p.len());
                    }
                }
            }
            Expr::Gap(min, max) => {
                let mut n = 0usize;
                loop {
                    if n >= *min as usize {
                        out.push(pos + n);
                    }
                    let i = pos + n;
                    if n >= *max as usize
                        || i >= t.count()
                        || !t.is_word(i)
                        || (n > 0 && t.breaks_before(i))
                    {
                        break;
                    }
                    n += 1;
                }
            }
            Expr::Repeat(inner, min, max) => {
                let mut at = vec![pos];
                for n in 0..=*max as usize {
                    if n >= *min as usize {
                        out.extend_from_slice(&at);
                    }
                    if n == *max as usize {
                        break;
                    }
                    let mut next = Vec::new();
                    for &p in &at {
                        if p < t.count() {
                            inner.ends(t, p, &mut next);
                        }
                    }
                    next.retain(|&e| e > pos);
                    next.sort_unstable();
                    next.dedup();
                    if next.is_empty() {
                        break;
                    }
                    at = next;
                }
            }
            Expr::Break => {
                if clause_edge(t, pos) {
                    out.push(pos);
                }
            }
            Expr::Name => {
                if pos < t.count() && t.is_name(pos) {
                    out.push(pos + 1);
                }
            }
            Expr::Capture(_, inner) => inner.ends(t, pos, out),
            Expr::Alt(items) => items.iter().for_each(|e| e.ends(t, pos, out)),
            Expr::Seq(items) => {
                let mut at = vec![pos];
                for (k, item) in items.iter().enumerate() {
                    let mut next = Vec::new();
                    for &p in &at {
                        let from = next.len();
                        item.ends(t, p, &mut next);
                        if k + 1 < items.len() && item.is_gap() && !items[k + 1].opens_with_break()
                        {
                            // The words after a gap stand in its clause; a
                            // `{break}` after it ends the clause there.
                            let mut i = from;
                            while i < next.len() {
                                if next[i] > p && next[i] < t.count() && t.breaks_before(next[i]) {
                                    next.swap_remove(i);
                                } else {
                                    i += 1;
                                }
                            }
                        }
                    }
                    next.sort_unstable();
                    next.dedup();
                    if next.is_empty() {
                        return;
                    }
                    at = next;
                }
                out.extend(at);
            }
        }
    }

    /// Whether this expression must begin with a clause edge (`{break}`).
    fn opens_with_break(&self) -> bool {
        match self {
            Expr::Break => true,
            Expr::Seq(items) => items.first().is_some_and(Expr::opens_with_break),
            Expr::Capture(_, inner) => inner.opens_with_break(),
            _ => false,
        }
    }

    fn is_gap(&self) -> bool {
        match self {
            Expr::Gap(..) => true,
            Expr::Capture(_, inner) => inner.is_gap(),
            _ => false,
        }
    }

    /// The most tokens this expression can take.
    pub fn longest(&self) -> usize {
        match self {
            Expr::Phrases(p) => p.iter().map(Vec::len).max().unwrap_or(0),
            Expr::List(l) => l.longest,
            Expr::Gap(_, max) => *max as usize,
            Expr::Repeat(inner, _, max) => inner.longest() * *max as usize,
            Expr::Break => 0,
            Expr::Name => 1,
            Expr::Capture(_, inner) => inner.longest(),
            Expr::Alt(items) => items.iter().map(Expr::longest).max().unwrap_or(0),
            Expr::Seq(items) => items.iter().map(Expr::longest).sum(),
        }
    }

    /// Whether this expression can match from `pos` to exactly `end`,
    /// recording the captures it passes through (number, first token, end
    /// token). Longer readings of a capture are tried first.
    pub fn captures(
        &self,
        t: &dyn Tokens,
        pos: usize,
        end: usize,
        caps: &mut Vec<(u8, usize, usize)>,
    ) -> bool {
        walk(&[self], t, pos, end, caps)
    }
}

/// Whether a clause begins or ends at token position `pos`.
fn clause_edge(t: &dyn Tokens, pos: usize) -> bool {
    pos == 0
        || pos >= t.count()
        || t.breaks_before(pos)
        || t.is_boundary(pos)
        || t.is_boundary(pos - 1)
}

pub(super) fn phrase_at(p: &[Word], t: &dyn Tokens, pos: usize) -> bool {
    pos + p.len() <= t.count() && p.iter().enumerate().all(|(k, w)| t.text(pos + k) == &**w)
}

/// Backtracking over a sequence of expressions (the first, then the rest)
/// that must end exactly at `end`.
fn walk(
    items: &[&Expr],
    t: &dyn Tokens,
    pos: usize,
    end: usize,
    caps: &mut Vec<(u8, usize, usize)>,
) -> bool {
    let Some((first, rest)) = items.split_first() else {
        return pos == end;
    };
    match first {
        Expr::Seq(inner) => {
            let mut all: Vec<&Expr> = inner.iter().collect();
            all.extend_from_slice(rest);
            walk(&all, t, pos, end, caps)
        }
        Expr::Alt(alts) => alts.iter().any(|a| {
            let mut all = vec![a];
            all.extend_from_slice(rest);
            walk(&all, t, pos, end, caps)
        }),
        Expr::Capture(n, inner) => {
            let mut ends = Vec::new();
            inner.ends(t, pos, &mut ends);
            ends.sort_unstable_by(|a, b| b.cmp(a));
            ends.dedup();
            for e in ends {
                if e > end {
                    continue;
                }
                let mark = caps.len();
                if walk(&[inner], t, pos, e, caps) && walk(rest, t, e, end, caps) {
                    caps.push((*n, pos, e));
                    return true;
                }
                caps.truncate(mark);
            }
            false
        }
        other => {
            let mut ends = Vec::new();
            other.ends(t, pos, &mut ends);
            ends.sort_unstable_by(|a, b| b.cmp(a));
            ends.dedup();
            let gap = other.is_gap() && rest.first().is_some_and(|r| !r.opens_with_break());
            ends.into_iter()
                .filter(|&e| e <= end)
                .filter(|&e| !(gap && e > pos && e < t.count() && t.breaks_before(e)))
                .any(|e| walk(rest, t, e, end, caps))
        }
    }
}

impl Guard {
    /// Whether the guard's words end exactly at token `at` (for guards
    /// before a match).
    pub fn ends_at(&self, t: &dyn Tokens, at: usize) -> bool {
        let longest = self.expr.longest().min(at);
        let mut ends = Vec::new();
        (0..=longest).any(|k| {
            ends.clear();
            self.expr.ends(t, at - k, &mut ends);
            ends.contains(&at)
        })
    }

    /// Whether the guard's words start at token `at` (for guards after a
    /// match). A guard that can take no word at all (`(?= {break})`) is met
    /// where it stands; any other must take at least one, so that an
    /// optional group (`(?= [a])`) is not met by nothing.
    pub fn starts_at(&self, t: &dyn Tokens, at: usize) -> bool {
        let mut ends = Vec::new();
        self.expr.ends(t, at, &mut ends);
        let takes_no_word = self.expr.longest() == 0;
        ends.iter().any(|&e| e > at || (takes_no_word && e == at))
    }

    /// Whether a match from `first` to `end` (token positions) passes this
    /// guard, looking the way `before` says.
    pub fn allows(&self, t: &dyn Tokens, first: usize, end: usize, before: bool) -> bool {
        let found = if before {
            self.ends_at(t, first)
        } else {
            self.starts_at(t, end)
        };
        found != self.negative
    }
}
