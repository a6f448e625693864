//! The pattern language of rule packs, and its compilation for matching.
//!
//! A pattern is a phrase, not a regular expression:
//!
//! | syntax            | meaning                                                  |
//! |-------------------|----------------------------------------------------------|
//! | `you always`      | these words in this order                                |
//! | `(a|b c)`         | one of the alternatives; `(a|)` makes it optional        |
//! | `[a b]`           | optional words, the same as `(a b|)`                     |
//! | `{feeling}`       | any entry of the named word list `feeling`               |
//! | `{any}`           | any one word                                             |
//! | `{any:0-3}`       | a gap of zero to three words within one clause           |
//! | `{list:0-2}`      | zero to two entries of a word list in a row (commas may stand between them) |
//! | `{a|b:0-2}`       | the same, from either list (`any` among them: any word)  |
//! | `{break}`         | a clause edge: a comma, dash, line break or sentence end (takes no word) |
//! | `{name}`          | one word written like a name: a capital, not all capitals, not a common word |
//! | `<label: …>`      | captures the words matched inside for a rewrite's `{label}` |
//! | `^hi`             | only at the start of a sentence or paragraph             |
//! | `… $`             | only at the end of a sentence or paragraph               |
//! | `(?<! the docs say) …` | at the start: not preceded by these words           |
//! | `(?<= …) …`       | at the start: only when preceded by these words          |
//! | `… (?! …)`        | at the end: not followed by these words                  |
//! | `… (?= …)`        | at the end: only when followed by these words            |
//!
//! Words are matched case- and apostrophe-insensitively, whole words only,
//! across any spacing and line breaks; soft punctuation (commas, quotation
//! marks, dashes) is ignored and hard punctuation (`?`, `!`, `/`) is a word
//! of its own. Contractions match their long forms both ways (`don't` also
//! matches `do not`): words are folded through the [`Lexicon`] built from
//! the `[language]` tables, in text and patterns alike.
//!
//! A gap (`{any:…}`) takes only words, never punctuation, and never crosses
//! a clause break (a comma, a dash, a bracket, a line break): `about {any:1-3}`
//! in "about your code, as usual" takes "your code" at most. Guards look at
//! the words around a match without making them part of it, so a rewrite
//! replaces only what the pattern matched; a guard may hold gaps and lists
//! like any pattern.
//!
//! A pattern's opening words expand into a finite set of *anchor* phrases,
//! and the anchors of all rules compile into one Aho-Corasick automaton (see
//! `matcher`); whatever follows the anchor (the *tail*) is checked token by
//! token where an anchor is found. Gaps therefore belong in the tail: a
//! pattern must open with a word, a list or a group of words.

use std::collections::HashMap;
use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::text::{Lexicon, fold_tokens_with};

/// The most phrases one pattern may expand into.
pub const MAX_EXPANSION: usize = 4096;
/// The longest gap a pattern may ask for, in words.
pub const MAX_GAP: u8 = 8;

#[derive(Debug, Clone, PartialEq)]
enum Node {
    Seq(Vec<Node>),
    Alt(Vec<Node>),
    Lit(String),
    /// A word list, with the byte offset of its `{` in the pattern.
    List(String, usize),
    /// `{any:min-max}`: a gap of words, with the offset of its `{`.
    Gap(u8, u8, usize),
    /// `{list|list:min-max}`: entries of the lists in a row.
    Repeat(Vec<String>, u8, u8, usize),
    /// `{break}`: a clause edge.
    Break(usize),
    /// `{name}`: a word written like a name.
    Name(usize),
    /// `<name: …>`, with the offset of its `<`.
    Capture(String, Box<Node>, usize),
    /// A guard, with the offset of its `(`.
    Look(Look, Box<Node>, usize),
}

/// Which way a guard looks, and whether it requires or forbids.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Look {
    Before,
    NotBefore,
    After,
    NotAfter,
}

/// A pattern that could not be read, with the byte offset of the problem
/// inside the pattern string.
#[derive(Debug, Clone, PartialEq)]
pub struct PatternError {
    pub offset: usize,
    pub message: String,
}

/// A folded word, shared: phrases are built by copying words into many
/// combinations, and a shared word is copied without allocating.
pub type Word = Arc<str>;

/// A named word list, folded, with its entries indexed by first word so a
/// pattern's tail looks an entry up instead of comparing every one.
#[derive(Debug, Default, PartialEq)]
pub struct WordList {
    pub phrases: Vec<Vec<Word>>,
    by_first: FxHashMap<Word, Vec<u32>>,
    longest: usize,
}

impl WordList {
    pub fn new(mut phrases: Vec<Vec<Word>>) -> WordList {
        phrases.retain(|p| !p.is_empty());
        phrases.sort_unstable();
        phrases.dedup();
        let mut by_first: FxHashMap<Word, Vec<u32>> = FxHashMap::default();
        for (i, p) in phrases.iter().enumerate() {
            by_first.entry(p[0].clone()).or_default().push(i as u32);
        }
        let longest = phrases.iter().map(Vec::len).max().unwrap_or(0);
        WordList {
            phrases,
            by_first,
            longest,
        }
    }

    /// Whether the list holds this exact folded phrase.
    pub fn contains(&self, words: &[&str]) -> bool {
        let Some(first) = words.first() else {
            return false;
        };
        self.by_first.get(*first).is_some_and(|ids| {
            ids.iter().any(|&i| {
                let p = &self.phrases[i as usize];
                p.len() == words.len() && p.iter().zip(words).all(|(a, b)| &**a == *b)
            })
        })
    }
}

/// Named word lists, folded: name → entries.
pub type Lists = HashMap<String, Arc<WordList>>;

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

/// The compiled form of a pattern part, matched token by token.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Expr {
    Seq(Vec<Expr>),
    Alt(Vec<Expr>),
    /// Any of these token sequences (an empty one matches nothing at all).
    Phrases(#[serde(with = "super::image::words")] Vec<Vec<Word>>),
    /// Any entry of a word list (shared, not copied per pattern).
    List(#[serde(with = "super::image::shared_list")] Arc<WordList>),
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

/// A pattern ready for matching: the phrases of its opening words go into
/// the shared automaton (the *anchors*), and whatever follows is checked
/// token by token after an anchor is found (the *tail*). Expanding a whole
/// pattern would multiply its slots (`subject × verb × {list}` is thousands
/// of phrases); anchoring on a prefix of at most [`ANCHOR_LIMIT`] phrases
/// keeps the automaton small and the patterns expressive.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Compiled {
    #[serde(with = "super::image::words")]
    pub anchors: Vec<Vec<Word>>,
    pub tail: Option<Expr>,
    /// The pattern began with `^`: it matches only where a sentence or a
    /// paragraph starts.
    pub at_start: bool,
    /// The pattern ended with `$`: it matches only where a sentence or a
    /// paragraph ends.
    pub at_end: bool,
    /// Guards checked on the words before the match.
    pub before: Vec<Guard>,
    /// Guards checked on the words after the match.
    pub after: Vec<Guard>,
    /// Names of the captures, by number.
    pub captures: Vec<String>,
    /// The whole pattern (without guards), to recover what the captures
    /// took once a match is found; only for patterns with captures.
    pub whole: Option<Expr>,
}

/// Anchor phrases per pattern once every anchor has at least two words.
pub const ANCHOR_LIMIT: usize = 48;

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
                if let Some(ids) = list.by_first.get(t.text(pos)) {
                    for &i in ids {
                        let p = &list.phrases[i as usize];
                        if phrase_at(&p[1..], t, pos + 1) {
                            out.push(pos + p.len());
                        }
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
                        if k + 1 < items.len() && item.is_gap() {
                            // The words after a gap stand in its clause.
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

fn phrase_at(p: &[Word], t: &dyn Tokens, pos: usize) -> bool {
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
            let gap = other.is_gap() && !rest.is_empty();
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
    /// match).
    pub fn starts_at(&self, t: &dyn Tokens, at: usize) -> bool {
        let mut ends = Vec::new();
        self.expr.ends(t, at, &mut ends);
        ends.iter().any(|&e| e > at)
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

impl Compiled {
    /// Whether a match from token `first` to `end` (exclusive) satisfies
    /// the pattern's guards and its `$`.
    pub fn allows(&self, t: &dyn Tokens, first: usize, end: usize) -> bool {
        if self.at_end && end < t.count() && !t.is_boundary(end) {
            return false;
        }
        self.before.iter().all(|g| g.allows(t, first, end, true))
            && self.after.iter().all(|g| g.allows(t, first, end, false))
    }
}

/// The offset of a comma written right after a gap (`{any:0-3} , did
/// you`): the words after a gap stand in its clause (see `Expr::Seq`), so
/// such a pattern would never match past the comma.
fn comma_after_gap(pattern: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = pattern[from..].find("{any").map(|i| from + i) {
        let close = pattern[i..].find('}').map(|j| i + j + 1)?;
        let rest = &pattern[close..];
        let skipped = rest.len() - rest.trim_start_matches([' ', '>']).len();
        if rest[skipped..].starts_with(',') {
            return Some(close + skipped);
        }
        from = close;
    }
    None
}

/// Compiles a pattern into anchors, a tail and its guards.
pub fn compile(pattern: &str, lists: &Lists, lexicon: &Lexicon) -> Result<Compiled, PatternError> {
    if let Some(at) = comma_after_gap(pattern) {
        return Err(PatternError {
            offset: at,
            message: "the words after a gap keep to its clause, so nothing after this comma can match; write what the gap may hold as an optional group (`[it|this|the docs]`) instead".into(),
        });
    }
    let mut body = pattern.trim_end();
    let at_end = body.ends_with('$');
    if at_end {
        body = &body[..body.len() - 1];
    }
    let trimmed = body.trim_start();
    let at_start = trimmed.starts_with('^');
    let offset = if at_start {
        body.len() - trimmed.len() + 1
    } else {
        0
    };
    let node = parse(&body[offset..]).map_err(|mut e| {
        e.offset += offset;
        e
    })?;
    let mut items = match node {
        Node::Seq(items) => items,
        other => vec![other],
    };
    // Guards stand at the edges: before-guards first, after-guards last.
    let mut before = Vec::new();
    let mut after = Vec::new();
    while let Some(Node::Look(look, _, _)) = items.first()
        && matches!(look, Look::Before | Look::NotBefore)
    {
        let Node::Look(look, inner, _) = items.remove(0) else {
            unreachable!("matched just above")
        };
        before.push(Guard {
            negative: look == Look::NotBefore,
            expr: to_expr(&inner, lists, lexicon, &mut Vec::new())?,
        });
    }
    while let Some(Node::Look(look, _, _)) = items.last()
        && matches!(look, Look::After | Look::NotAfter)
    {
        let Some(Node::Look(look, inner, _)) = items.pop() else {
            unreachable!("matched just above")
        };
        after.insert(
            0,
            Guard {
                negative: look == Look::NotAfter,
                expr: to_expr(&inner, lists, lexicon, &mut Vec::new())?,
            },
        );
    }
    if let Some(at) = find_look(&items) {
        return Err(PatternError {
            offset: at + offset,
            message: "a guard must stand at the start (`(?<! …)`, `(?<= …)`) or at the end (`(?! …)`, `(?= …)`) of the pattern".into(),
        });
    }
    if let Some(Node::Gap(_, _, at) | Node::Repeat(_, _, _, at) | Node::Break(at)) = items.first() {
        return Err(PatternError {
            offset: at + offset,
            message: "a pattern cannot open with a gap: start with a word, a list or a group"
                .into(),
        });
    }
    let mut captures = Vec::new();
    collect_captures(&items, &mut captures).map_err(|mut e| {
        e.offset += offset;
        e
    })?;
    let mut acc: Vec<Vec<Word>> = vec![Vec::new()];
    let mut k = 0;
    while k < items.len() {
        if contains_gap(&items[k]) {
            break;
        }
        let next = expand_node(&items[k], lists, lexicon)?;
        // An anchor of one word ("the", "you") would be found everywhere
        // and send every occurrence through the tail: keep expanding until
        // anchors have two words, within the hard limit.
        let too_short = acc.iter().any(|p| p.len() < 2);
        let started = acc.iter().any(|p| !p.is_empty());
        if started
            && ((!too_short && acc.len() * next.len() > ANCHOR_LIMIT)
                || acc.len() * next.len() > MAX_EXPANSION)
        {
            // Enough anchors: a one-word anchor is still far rarer than
            // the tail is costly when both sides are long lists.
            break;
        }
        acc = product(&acc, &next)?;
        k += 1;
    }
    let anchors: Vec<Vec<Word>> = acc.into_iter().filter(|p| !p.is_empty()).collect();
    if anchors.is_empty() {
        return Err(PatternError {
            offset: 0,
            message: if items.first().is_some_and(contains_gap) {
                "the pattern's opening group holds a gap, a `{break}` or a `{name}`; open with words and put those after them, or look back with `(?<= {name})`".into()
            } else {
                "the pattern matches no words".into()
            },
        });
    }
    let mut names = Vec::new();
    let tail = if k < items.len() {
        Some(Expr::Seq(
            items[k..]
                .iter()
                .map(|n| to_expr(n, lists, lexicon, &mut names))
                .collect::<Result<_, _>>()?,
        ))
    } else {
        None
    };
    let whole = if captures.is_empty() {
        None
    } else {
        let mut names = Vec::new();
        Some(Expr::Seq(
            items
                .iter()
                .map(|n| to_expr(n, lists, lexicon, &mut names))
                .collect::<Result<_, _>>()?,
        ))
    };
    Ok(Compiled {
        anchors,
        tail,
        at_start,
        at_end,
        before,
        after,
        captures,
        whole,
    })
}

fn find_look(items: &[Node]) -> Option<usize> {
    items.iter().find_map(|n| match n {
        Node::Look(_, _, at) => Some(*at),
        Node::Seq(v) | Node::Alt(v) => find_look(v),
        Node::Capture(_, inner, _) => find_look(std::slice::from_ref(inner)),
        _ => None,
    })
}

fn contains_gap(node: &Node) -> bool {
    match node {
        Node::Gap(..) | Node::Repeat(..) | Node::Break(_) | Node::Name(_) => true,
        Node::Seq(v) | Node::Alt(v) => v.iter().any(contains_gap),
        Node::Capture(_, inner, _) | Node::Look(_, inner, _) => contains_gap(inner),
        _ => false,
    }
}

/// The names of the captures in the order they open. A name may stand in
/// several alternatives of one group (`(<who: you> [guys]|<who: {target}>)`),
/// since only one of them matches; twice in one sequence is a mistake.
fn collect_captures(items: &[Node], out: &mut Vec<String>) -> Result<(), PatternError> {
    let mut seen = Vec::new();
    names_in(items, &mut seen, out)
}

fn names_in(
    items: &[Node],
    seen: &mut Vec<String>,
    out: &mut Vec<String>,
) -> Result<(), PatternError> {
    for n in items {
        match n {
            Node::Capture(name, inner, at) => {
                if seen.contains(name) {
                    return Err(PatternError {
                        offset: *at,
                        message: format!("the capture \"{name}\" is named twice"),
                    });
                }
                if out.len() >= u8::MAX as usize {
                    return Err(PatternError {
                        offset: *at,
                        message: "too many captures in one pattern".into(),
                    });
                }
                seen.push(name.clone());
                out.push(name.clone());
                names_in(std::slice::from_ref(inner), seen, out)?;
            }
            Node::Seq(v) => names_in(v, seen, out)?,
            Node::Alt(v) => {
                let before = seen.clone();
                let mut all = before.clone();
                for branch in v {
                    let mut branch_seen = before.clone();
                    names_in(std::slice::from_ref(branch), &mut branch_seen, out)?;
                    for name in branch_seen {
                        if !all.contains(&name) {
                            all.push(name);
                        }
                    }
                }
                *seen = all;
            }
            _ => {}
        }
    }
    Ok(())
}

/// Compiles a node for token-by-token matching; captures are numbered in
/// the order they open (`names` collects them).
fn to_expr(
    node: &Node,
    lists: &Lists,
    lexicon: &Lexicon,
    names: &mut Vec<String>,
) -> Result<Expr, PatternError> {
    Ok(match node {
        Node::Seq(items) => Expr::Seq(
            items
                .iter()
                .map(|n| to_expr(n, lists, lexicon, names))
                .collect::<Result<_, _>>()?,
        ),
        Node::Alt(items) => {
            check_alternatives(items, lexicon)?;
            Expr::Alt(
                items
                    .iter()
                    .map(|n| to_expr(n, lists, lexicon, names))
                    .collect::<Result<_, _>>()?,
            )
        }
        Node::List(name, at) => Expr::List(list(lists, name, *at)?),
        Node::Gap(min, max, _) => Expr::Gap(*min, *max),
        Node::Repeat(names, min, max, at) => {
            // `any` among the lists stands for any word: `{insult_adj|any:0-3}`
            // is a gap that may run across commas ("a snotty, jumped up clown").
            let items = names
                .iter()
                .map(|n| {
                    if n == "any" {
                        Ok(Expr::Gap(1, 1))
                    } else {
                        list(lists, n, *at).map(Expr::List)
                    }
                })
                .collect::<Result<Vec<_>, _>>()?;
            let inner = if items.len() == 1 {
                items.into_iter().next().unwrap_or(Expr::Alt(Vec::new()))
            } else {
                Expr::Alt(items)
            };
            Expr::Repeat(Box::new(inner), *min, *max)
        }
        Node::Break(_) => Expr::Break,
        Node::Name(_) => Expr::Name,
        Node::Capture(name, inner, _) => {
            let n = names.len() as u8;
            names.push(name.clone());
            Expr::Capture(n, Box::new(to_expr(inner, lists, lexicon, names)?))
        }
        Node::Look(_, _, at) => {
            return Err(PatternError {
                offset: *at,
                message: "a guard cannot stand inside a group".into(),
            });
        }
        Node::Lit(_) => Expr::Phrases(expand_node(node, lists, lexicon)?),
    })
}

fn list(lists: &Lists, name: &str, at: usize) -> Result<Arc<WordList>, PatternError> {
    lists.get(name).cloned().ok_or_else(|| PatternError {
        offset: at,
        message: format!("the word list \"{name}\" is not defined in any pack's [lists]"),
    })
}

/// Expands a pattern into every phrase (token sequence) it matches.
/// Used for patterns small enough to enumerate, and by tests; gaps and
/// guards cannot be enumerated.
pub fn expand(
    pattern: &str,
    lists: &Lists,
    lexicon: &Lexicon,
) -> Result<Vec<Vec<Word>>, PatternError> {
    let node = parse(pattern)?;
    let out: Vec<Vec<Word>> = expand_node(&node, lists, lexicon)?
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect();
    if out.is_empty() {
        return Err(PatternError {
            offset: 0,
            message: "the pattern matches no words".into(),
        });
    }
    Ok(out)
}

/// Every phrase of `heads` followed by every phrase of `tails`, without
/// repeats.
fn product(heads: &[Vec<Word>], tails: &[Vec<Word>]) -> Result<Vec<Vec<Word>>, PatternError> {
    if heads.len() * tails.len() > MAX_EXPANSION {
        return Err(too_many());
    }
    let mut out = Vec::with_capacity(heads.len() * tails.len());
    for head in heads {
        for tail in tails {
            let mut p = Vec::with_capacity(head.len() + tail.len());
            p.extend(head.iter().cloned());
            p.extend(tail.iter().cloned());
            out.push(p);
        }
    }
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

fn too_many() -> PatternError {
    PatternError {
        offset: 0,
        message: format!(
            "the pattern expands into more than {MAX_EXPANSION} phrases; split it into several patterns"
        ),
    }
}

/// An alternative made only of soft punctuation or intensifiers would
/// silently make its whole group optional.
fn check_alternatives(items: &[Node], lexicon: &Lexicon) -> Result<(), PatternError> {
    for item in items {
        if let Node::Seq(parts) = item
            && !parts.is_empty()
            && parts
                .iter()
                .all(|p| matches!(p, Node::Lit(t) if fold_tokens_with(t, lexicon).is_empty()))
        {
            let shown: Vec<&str> = parts
                .iter()
                .filter_map(|p| {
                    if let Node::Lit(t) = p {
                        Some(t.trim())
                    } else {
                        None
                    }
                })
                .collect();
            return Err(PatternError {
                offset: 0,
                message: format!(
                    "the alternative \"{}\" has no words once folded (commas and intensifiers such as \"really\" are ignored), so it would make its group optional; remove it, or write (a|) if you mean optional",
                    shown.join(" ")
                ),
            });
        }
    }
    Ok(())
}

fn expand_node(
    node: &Node,
    lists: &Lists,
    lexicon: &Lexicon,
) -> Result<Vec<Vec<Word>>, PatternError> {
    match node {
        Node::Lit(text) => Ok(vec![
            fold_tokens_with(text, lexicon)
                .into_iter()
                .map(Word::from)
                .collect(),
        ]),
        Node::List(name, at) => Ok(list(lists, name, *at)?.phrases.clone()),
        Node::Capture(_, inner, _) => expand_node(inner, lists, lexicon),
        Node::Gap(_, _, at)
        | Node::Repeat(_, _, _, at)
        | Node::Break(at)
        | Node::Name(at)
        | Node::Look(_, _, at) => Err(PatternError {
            offset: *at,
            message: "gaps and guards cannot be expanded into phrases".into(),
        }),
        Node::Alt(items) => {
            check_alternatives(items, lexicon)?;
            let mut out = Vec::new();
            for item in items {
                out.extend(expand_node(item, lists, lexicon)?);
                if out.len() > MAX_EXPANSION {
                    return Err(too_many());
                }
            }
            out.sort_unstable();
            out.dedup();
            Ok(out)
        }
        Node::Seq(items) => {
            let mut acc: Vec<Vec<Word>> = vec![Vec::new()];
            for item in items {
                acc = product(&acc, &expand_node(item, lists, lexicon)?)?;
            }
            Ok(acc)
        }
    }
}

fn parse(pattern: &str) -> Result<Node, PatternError> {
    let mut parser = Parser {
        src: pattern,
        pos: 0,
    };
    let node = parser.alternation(None)?;
    if parser.pos < pattern.len() {
        return Err(parser.error("unexpected closing bracket"));
    }
    Ok(node)
}

struct Parser<'a> {
    src: &'a str,
    pos: usize,
}

impl Parser<'_> {
    fn error(&self, message: &str) -> PatternError {
        PatternError {
            offset: self.pos,
            message: message.to_string(),
        }
    }

    fn peek(&self) -> Option<char> {
        self.src[self.pos..].chars().next()
    }

    /// Alternatives separated by `|`, up to `close` (or the end).
    fn alternation(&mut self, close: Option<char>) -> Result<Node, PatternError> {
        let mut alts = vec![self.sequence()?];
        while self.peek() == Some('|') {
            if close.is_none() {
                return Err(self.error("`|` outside brackets; write alternatives as (a|b)"));
            }
            self.pos += 1;
            alts.push(self.sequence()?);
        }
        Ok(if alts.len() == 1 {
            alts.pop().unwrap_or(Node::Seq(Vec::new()))
        } else {
            Node::Alt(alts)
        })
    }

    /// A bracketed group up to `close`, whose opening has been read; the
    /// error points at `open` if it never closes.
    fn group(&mut self, open: usize, close: char) -> Result<Node, PatternError> {
        let inner = self.alternation(Some(close))?;
        if self.peek() != Some(close) {
            let c = self.src[open..].chars().next().unwrap_or(' ');
            self.pos = open;
            return Err(self.error(&format!("`{c}` is never closed with `{close}`")));
        }
        self.pos += 1;
        Ok(inner)
    }

    fn sequence(&mut self) -> Result<Node, PatternError> {
        let mut items = Vec::new();
        let mut literal = String::new();
        while let Some(c) = self.peek() {
            match c {
                '(' | '[' => {
                    flush(&mut literal, &mut items);
                    let open = self.pos;
                    let rest = &self.src[open..];
                    let look = [
                        ("(?<!", Look::NotBefore),
                        ("(?<=", Look::Before),
                        ("(?!", Look::NotAfter),
                        ("(?=", Look::After),
                    ]
                    .into_iter()
                    .find(|(p, _)| c == '(' && rest.starts_with(p));
                    if let Some((prefix, look)) = look {
                        self.pos += prefix.len();
                        let inner = self.group(open, ')')?;
                        items.push(Node::Look(look, Box::new(inner), open));
                        continue;
                    }
                    self.pos += 1;
                    let close = if c == '(' { ')' } else { ']' };
                    let inner = self.group(open, close)?;
                    items.push(if c == '[' {
                        Node::Alt(vec![inner, Node::Seq(Vec::new())])
                    } else {
                        inner
                    });
                }
                '<' => {
                    flush(&mut literal, &mut items);
                    let open = self.pos;
                    let Some(colon) = self.src[open..].find(':') else {
                        return Err(self.error("a capture is written `<name: words>`"));
                    };
                    let name = self.src[open + 1..open + colon].trim();
                    if !valid_name(name) {
                        return Err(self.error(&format!(
                            "\"{name}\" is not a capture name (letters, digits, `_` and `-`)"
                        )));
                    }
                    if is_placeholder(name) {
                        return Err(self.error(&format!(
                            "\"{name}\" is a rewrite placeholder of its own; name the capture otherwise"
                        )));
                    }
                    self.pos = open + colon + 1;
                    let inner = self.group(open, '>')?;
                    items.push(Node::Capture(name.to_string(), Box::new(inner), open));
                }
                '{' => {
                    flush(&mut literal, &mut items);
                    let open = self.pos;
                    let Some(end) = self.src[open..].find('}') else {
                        return Err(self.error("`{` is never closed with `}`"));
                    };
                    let name = self.src[open + 1..open + end].trim();
                    items.push(self.braces(name, open)?);
                    self.pos = open + end + 1;
                }
                ')' | ']' | '|' | '>' => break,
                '}' => return Err(self.error("`}` without `{`")),
                _ => {
                    literal.push(c);
                    self.pos += c.len_utf8();
                }
            }
        }
        flush(&mut literal, &mut items);
        Ok(Node::Seq(items))
    }

    /// What stands between `{` and `}`: a list name, or a gap.
    fn braces(&self, name: &str, open: usize) -> Result<Node, PatternError> {
        if name == "any" {
            return Ok(Node::Gap(1, 1, open));
        }
        if name == "break" {
            return Ok(Node::Break(open));
        }
        if name == "name" {
            return Ok(Node::Name(open));
        }
        if let Some((list, range)) = name.split_once(':') {
            let list = list.trim();
            let bad = || PatternError {
                offset: open,
                message: format!(
                    "\"{name}\" is not a gap: write {{any:0-3}} (from 0 to 3 words, at most {MAX_GAP}) or {{list:0-2}} (up to two entries of a list)"
                ),
            };
            if list != "any" && !list.split('|').all(|n| valid_name(n.trim())) {
                return Err(bad());
            }
            let (lo, hi) = range.split_once('-').ok_or_else(bad)?;
            let (lo, hi): (u8, u8) = (
                lo.trim().parse().map_err(|_| bad())?,
                hi.trim().parse().map_err(|_| bad())?,
            );
            if lo > hi || hi == 0 || hi > MAX_GAP {
                return Err(bad());
            }
            if list != "any" {
                let names = list.split('|').map(|n| n.trim().to_string()).collect();
                return Ok(Node::Repeat(names, lo, hi, open));
            }
            return Ok(Node::Gap(lo, hi, open));
        }
        if !valid_name(name) {
            return Err(PatternError {
                offset: open,
                message: format!("\"{name}\" is not a list name (letters, digits, `_` and `-`)"),
            });
        }
        Ok(Node::List(name.to_string(), open))
    }
}

fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// The placeholders a rewrite fills from the match itself (see
/// `rewrite`); captures may not take their names.
pub fn is_placeholder(name: &str) -> bool {
    matches!(name, "lower" | "ack" | "first" | "last")
}

fn flush(literal: &mut String, items: &mut Vec<Node>) {
    if !literal.trim().is_empty() {
        items.push(Node::Lit(std::mem::take(literal)));
    }
    literal.clear();
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn lists() -> Lists {
        let mut l = Lists::new();
        l.insert(
            "feeling".into(),
            Arc::new(WordList::new(vec![
                vec!["angry".into()],
                vec!["let".into(), "down".into()],
            ])),
        );
        l.insert(
            "insult".into(),
            Arc::new(WordList::new(vec![
                vec!["idiot".into()],
                vec!["moron".into()],
            ])),
        );
        l
    }

    fn lexicon() -> Lexicon {
        let mut t = BTreeMap::new();
        t.insert(
            "don't".to_string(),
            vec!["do not".to_string(), "dont".to_string()],
        );
        t.insert("you're".to_string(), vec!["you are".to_string()]);
        Lexicon::new(&[], &t)
    }

    #[track_caller]
    fn phrases(pattern: &str) -> Vec<String> {
        let mut v: Vec<String> = expand(pattern, &lists(), &lexicon())
            .unwrap()
            .into_iter()
            .map(|p| p.join(" "))
            .collect();
        v.sort();
        v
    }

    #[test]
    fn alternatives_optional_words_and_lists_expand() {
        assert_eq!(phrases("you (always|never)"), ["you always", "you never"]);
        assert_eq!(
            phrases("I [really] hear you"),
            ["i hear you", "i really hear you"]
        );
        assert_eq!(
            phrases("you feel {feeling}"),
            ["you feel angry", "you feel let down"]
        );
        assert_eq!(phrases("(a|(b|c) d)"), ["a", "b d", "c d"]);
    }

    #[test]
    fn contractions_fold_to_the_long_form() {
        assert_eq!(phrases("I don't know"), ["i do not know"]);
        assert_eq!(phrases("I dont know"), ["i do not know"]);
        assert_eq!(phrases("you're wrong"), ["you are wrong"]);
        assert_eq!(phrases("you are wrong"), ["you are wrong"]);
    }

    #[test]
    fn punctuation_is_folded_like_text() {
        assert_eq!(phrases("no offense, but"), ["no offense but"]);
        assert_eq!(phrases("!!"), ["! !"]);
        assert_eq!(phrases("/s"), ["/ s"]);
    }

    #[test]
    fn errors_point_at_the_problem() {
        let e = expand("you (always", &lists(), &lexicon()).unwrap_err();
        assert_eq!(e.offset, 4);
        let e = expand("a | b", &lists(), &lexicon()).unwrap_err();
        assert!(e.message.contains("outside brackets"), "{}", e.message);
        let e = expand("{nope}", &lists(), &lexicon()).unwrap_err();
        assert!(e.message.contains("\"nope\""));
        let e = expand("[]", &lists(), &lexicon()).unwrap_err();
        assert!(e.message.contains("no words"));
    }

    /// Tokens of a test sentence: commas mark clause breaks, `.` ends a
    /// sentence.
    struct Toks(Vec<(String, bool)>);

    impl Toks {
        fn new(text: &str) -> Toks {
            let f = crate::text::fold_with(text, &lexicon());
            Toks(
                (0..f.tokens.len())
                    .map(|i| (f.token_text(i).to_string(), f.tokens[i].after_break))
                    .collect(),
            )
        }
    }

    impl Tokens for Toks {
        fn count(&self) -> usize {
            self.0.len()
        }
        fn text(&self, i: usize) -> &str {
            &self.0[i].0
        }
        fn is_word(&self, i: usize) -> bool {
            self.0[i].0.chars().any(char::is_alphanumeric)
        }
        fn breaks_before(&self, i: usize) -> bool {
            self.0[i].1
        }
        fn is_boundary(&self, i: usize) -> bool {
            matches!(self.0[i].0.as_str(), "." | "!" | "?")
        }
    }

    /// The first match of `pattern` in `text`, as folded words, with the
    /// captures it took.
    fn find(pattern: &str, text: &str) -> Option<(String, Vec<(String, String)>)> {
        let c = compile(pattern, &lists(), &lexicon()).unwrap();
        let t = Toks::new(text);
        for start in 0..t.count() {
            if c.at_start && start > 0 && !t.is_boundary(start - 1) {
                continue;
            }
            for a in &c.anchors {
                if !phrase_at(a, &t, start) {
                    continue;
                }
                let after = start + a.len();
                let mut ends = vec![after];
                if let Some(tail) = &c.tail {
                    ends.clear();
                    tail.ends(&t, after, &mut ends);
                }
                ends.sort_unstable_by(|a, b| b.cmp(a));
                if let Some(&end) = ends.iter().find(|&&e| c.allows(&t, start, e)) {
                    let words = (start..end)
                        .map(|i| t.text(i))
                        .collect::<Vec<_>>()
                        .join(" ");
                    let mut caps = Vec::new();
                    if let Some(whole) = &c.whole {
                        assert!(whole.captures(&t, start, end, &mut caps));
                    }
                    let caps = caps
                        .into_iter()
                        .map(|(n, a, b)| {
                            (
                                c.captures[n as usize].clone(),
                                (a..b).map(|i| t.text(i)).collect::<Vec<_>>().join(" "),
                            )
                        })
                        .collect();
                    return Some((words, caps));
                }
            }
        }
        None
    }

    #[track_caller]
    fn matched(pattern: &str, text: &str) -> Option<String> {
        find(pattern, text).map(|(w, _)| w)
    }

    #[test]
    fn long_patterns_anchor_on_a_prefix_and_check_the_tail() {
        let p = "(a|b|c|d|e|f|g|h) (a|b|c|d|e|f|g|h) (a|b|c|d|e|f|g|h) (x|y) [z] {feeling}";
        let c = compile(p, &lists(), &lexicon()).unwrap();
        assert!(
            c.anchors.iter().all(|a| a.len() >= 2),
            "anchors of two words at least"
        );
        assert!(c.anchors.len() <= ANCHOR_LIMIT * 8, "{}", c.anchors.len());
        assert!(c.tail.is_some());
        assert!(matched(p, "a b c x let down").is_some());
        assert!(matched(p, "h h h y z angry").is_some());
        assert!(matched(p, "a b c x happy").is_none());
        assert!(matched(p, "a b c angry").is_none());
    }

    #[test]
    fn contractions_work_in_the_tail_too() {
        let p = "(a|b|c|d|e|f|g|h) (a|b|c|d|e|f|g|h) (a|b|c|d|e|f|g|h) (a|b|c|d|e|f|g|h) you're {feeling}";
        assert!(matched(p, "a b c d you are angry").is_some());
        assert!(matched(p, "a b c d you're angry").is_some());
    }

    #[test]
    fn an_alternative_without_words_is_an_error_not_an_optional() {
        let lex = Lexicon::new(&["really".to_string()], &BTreeMap::new());
        let e = compile("(really|seriously) ?", &lists(), &lex).unwrap_err();
        assert!(
            e.message.contains("\"really\" has no words"),
            "{}",
            e.message
        );
        assert!(compile("(a|) b , c", &lists(), &lex).is_ok());
    }

    #[test]
    fn a_caret_marks_sentence_starts_and_a_dollar_sentence_ends() {
        let c = compile("^ (hi|hello)", &lists(), &lexicon()).unwrap();
        assert!(c.at_start);
        assert_eq!(
            c.anchors,
            vec![vec![Word::from("hello")], vec![Word::from("hi")]]
        );
        let e = compile("^ (hi", &lists(), &lexicon()).unwrap_err();
        assert_eq!(e.offset, 2);
        assert_eq!(
            matched("thanks for nothing $", "Well, thanks for nothing.").as_deref(),
            Some("thanks for nothing")
        );
        assert_eq!(
            matched("thanks for nothing $", "thanks for nothing happened"),
            None
        );
        assert!(matched("thanks for nothing $", "thanks for nothing").is_some());
    }

    #[test]
    fn leading_optional_words_still_anchor() {
        assert!(matched("[so] [well] i think", "i think so").is_some());
        let c = compile("[so] [well]", &lists(), &lexicon()).unwrap();
        assert!(c.anchors.iter().all(|a| !a.is_empty()));
    }

    #[test]
    fn expansion_is_capped() {
        let big = "(a|b|c|d|e|f|g|h) ".repeat(5);
        assert!(compile(&big, &lists(), &lexicon()).is_ok());
        let e = expand(&big, &lists(), &lexicon()).unwrap_err();
        assert!(e.message.contains("more than"));
    }

    #[test]
    fn a_gap_takes_words_of_one_clause() {
        let p = "you are [a|an] {any:0-3} {insult}";
        assert_eq!(
            matched(p, "you're honestly a moron").as_deref(),
            Some("you are honestly a moron"),
            "the article is optional, and the gap takes it"
        );
        assert_eq!(
            matched("you are {any:0-3} {insult}", "you're honestly a moron").as_deref(),
            Some("you are honestly a moron")
        );
        assert_eq!(
            matched(p, "you are an absolute total idiot").as_deref(),
            Some("you are an absolute total idiot")
        );
        assert_eq!(matched(p, "you are a fine person, idiot"), None);
        assert_eq!(matched(p, "you are one two three four idiot"), None);
        assert_eq!(matched(p, "you are. idiot"), None);
    }

    #[test]
    fn a_pattern_cannot_open_with_a_gap_and_gaps_are_bounded() {
        let e = compile("{any:0-2} idiot", &lists(), &lexicon()).unwrap_err();
        assert!(
            e.message.contains("cannot open with a gap"),
            "{}",
            e.message
        );
        for bad in ["a {any:3-1}", "a {any:0-99}", "a {any:x}", "a {any:0-0}"] {
            let e = compile(bad, &lists(), &lexicon()).unwrap_err();
            assert!(e.message.contains("not a gap"), "{bad}: {}", e.message);
        }
        assert!(compile("a {any}", &lists(), &lexicon()).is_ok());
        let e = compile("you {any:0-3} , did you", &lists(), &lexicon()).unwrap_err();
        assert_eq!(e.offset, 14, "{}", e.message);
        assert!(e.message.contains("keep to its clause"), "{}", e.message);
        assert!(compile("you <what: {any:1-2}> , did you", &lists(), &lexicon()).is_err());
        assert!(compile("no , you {any:0-2} wrong", &lists(), &lexicon()).is_ok());
    }

    #[test]
    fn a_list_can_repeat_within_a_clause() {
        let p = "you are [a|an] {feeling:0-2} {insult}";
        assert!(matched(p, "you are an idiot").is_some());
        assert!(matched(p, "you are an angry idiot").is_some());
        assert!(matched(p, "you are an angry let down idiot").is_some());
        assert!(matched(p, "you are an angry angry angry idiot").is_none());
        assert!(matched(p, "you are an angry, let down idiot").is_some());
        let p = "you are [a|an] {feeling|insult:0-2} {insult}";
        assert!(matched(p, "you are an angry idiot idiot").is_some());
    }

    #[test]
    fn a_repeat_takes_at_least_its_minimum() {
        let p = "you [{any}] {feeling|insult:1-3} <label: {insult}>";
        assert_eq!(matched(p, "you the idiot"), None);
        assert!(matched(p, "you the angry idiot").is_some());
    }

    #[test]
    fn a_break_is_a_clause_edge_and_takes_no_word() {
        let p = "you {insult} {break}";
        assert_eq!(matched(p, "you idiot, stop").as_deref(), Some("you idiot"));
        assert_eq!(matched(p, "you idiot.").as_deref(), Some("you idiot"));
        assert_eq!(matched(p, "you idiot"), Some("you idiot".into()));
        assert_eq!(matched(p, "you idiot proof design"), None);
        let p = "(?<= {break}) {insult} $";
        assert_eq!(matched(p, "Stop it, idiot.").as_deref(), Some("idiot"));
        assert_eq!(matched(p, "the idiot."), None);
        let e = compile("{break} idiot", &lists(), &lexicon()).unwrap_err();
        assert!(e.message.contains("cannot open"), "{}", e.message);
    }

    #[test]
    fn captures_take_the_words_inside() {
        let (words, caps) = find(
            "<who: (the maintainer|he|she)> is [a|an] <label: {insult}>",
            "Honestly, the maintainer is an idiot.",
        )
        .unwrap();
        assert_eq!(words, "the maintainer is an idiot");
        assert_eq!(
            caps,
            [
                ("label".to_string(), "idiot".to_string()),
                ("who".to_string(), "the maintainer".to_string())
            ]
        );
        let (_, caps) = find(
            "you are wrong about <topic: {any:1-4}>",
            "You're wrong about the cache, as usual.",
        )
        .unwrap();
        assert_eq!(caps, [("topic".to_string(), "the cache".to_string())]);
    }

    #[test]
    fn capture_names_are_checked() {
        let e = compile("<a: x> <a: y>", &lists(), &lexicon()).unwrap_err();
        assert!(e.message.contains("named twice"), "{}", e.message);
        assert!(compile("(<a: x> y|<a: z>) w", &lists(), &lexicon()).is_ok());
        let (_, caps) = find(
            "(<who: you> [people]|<who: you people|he>) are {insult}",
            "you people are idiot",
        )
        .unwrap();
        assert_eq!(caps, [("who".to_string(), "you".to_string())]);
        let e = compile("<lower: x> y", &lists(), &lexicon()).unwrap_err();
        assert!(e.message.contains("placeholder"), "{}", e.message);
        let e = compile("<x y> z", &lists(), &lexicon()).unwrap_err();
        assert!(e.message.contains("<name: words>"), "{}", e.message);
        let e = compile("a <x: y z", &lists(), &lexicon()).unwrap_err();
        assert_eq!(e.offset, 2);
    }

    #[test]
    fn guards_look_around_without_taking_words() {
        let p = "(?<! (the docs|they) say) you need to (?! {any:0-1} restart)";
        assert_eq!(
            matched(p, "Honestly you need to learn").as_deref(),
            Some("you need to")
        );
        assert_eq!(matched(p, "the docs say you need to learn"), None);
        assert_eq!(matched(p, "they say you need to learn"), None);
        assert_eq!(matched(p, "you need to restart"), None);
        assert_eq!(matched(p, "you need to quickly restart"), None);
        let p = "(?<= oh) (great|wonderful) (?= another)";
        assert_eq!(
            matched(p, "oh great another outage").as_deref(),
            Some("great")
        );
        assert_eq!(matched(p, "great another outage"), None);
        assert_eq!(matched(p, "oh great work"), None);
    }

    #[test]
    fn guards_stand_only_at_the_edges() {
        let e = compile("a (?! b) c", &lists(), &lexicon()).unwrap_err();
        assert!(e.message.contains("at the start"), "{}", e.message);
        let e = compile("a (b (?= c))", &lists(), &lexicon()).unwrap_err();
        assert!(e.message.contains("at the start"), "{}", e.message);
        let e = compile("a (?= c", &lists(), &lexicon()).unwrap_err();
        assert_eq!(e.offset, 2);
    }

    #[test]
    fn old_style_question_mark_groups_still_work() {
        assert_eq!(
            matched("seriously (?|!)", "seriously?").as_deref(),
            Some("seriously ?")
        );
    }
}
