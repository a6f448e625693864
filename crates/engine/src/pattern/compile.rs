//! Compiling a pattern for matching: its opening words expanded into
//! anchor phrases, the rest into a tail of expressions, its guards and
//! captures.

use crate::text::Lexicon;
use crate::wordlist::{Lists, Word};

use super::expand::{MAX_EXPANSION, check_alternatives, expand_node, list, product};
use super::matching::{Expr, Guard, Tokens};
use super::parse::{Look, Node, PatternError, parse};

/// A pattern ready for matching: the phrases of its opening words go into
/// the shared automaton (the *anchors*), and whatever follows is checked
/// token by token after an anchor is found (the *tail*). Expanding a whole
/// pattern would multiply its slots (`subject × verb × {list}` is thousands
/// of phrases); anchoring on a prefix of at most [`ANCHOR_LIMIT`] phrases
/// keeps the automaton small and the patterns expressive.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Compiled {
    /// Not in the engine image (see `image`): the matcher, built from them,
    /// holds them, and reading tens of thousands of phrases a second time
    /// was a fifth of start-up. An engine read from an image has none.
    #[serde(skip)]
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

/// The offset of a `$` standing as a word before the pattern's end
/// (`(.|!|$)`), where it would be matched as a word.
fn inner_end(body: &str) -> Option<usize> {
    let bytes = body.as_bytes();
    let edge = |b: Option<&u8>| b.is_none_or(|b| b" ([|)]>".contains(b));
    bytes.iter().enumerate().find_map(|(i, &b)| {
        (b == b'$' && edge(i.checked_sub(1).and_then(|j| bytes.get(j))) && edge(bytes.get(i + 1)))
            .then_some(i)
    })
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
    if let Some(at) = inner_end(body) {
        return Err(PatternError {
            offset: at,
            message: "`$` (the end of a sentence) can only end the whole pattern: inside a group it would be read as a word and never match; write that alternative as a pattern of its own ending in `$`".into(),
        });
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
