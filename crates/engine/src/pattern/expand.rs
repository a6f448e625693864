//! Expanding a pattern (or its opening words) into every phrase it
//! matches: the anchors the matcher searches for.

use crate::text::{Lexicon, fold_tokens_with};
use std::sync::Arc;

use crate::wordlist::{Lists, Word, WordList};

use super::parse::{Node, PatternError, parse};

/// The most phrases one pattern may expand into.
pub const MAX_EXPANSION: usize = 4096;

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
pub(super) fn product(
    heads: &[Vec<Word>],
    tails: &[Vec<Word>],
) -> Result<Vec<Vec<Word>>, PatternError> {
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

pub(super) fn too_many() -> PatternError {
    PatternError {
        offset: 0,
        message: format!(
            "the pattern expands into more than {MAX_EXPANSION} phrases; split it into several patterns"
        ),
    }
}

/// An alternative made only of soft punctuation or intensifiers would
/// silently make its whole group optional.
pub(super) fn check_alternatives(items: &[Node], lexicon: &Lexicon) -> Result<(), PatternError> {
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

pub(super) fn expand_node(
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

pub(super) fn list(lists: &Lists, name: &str, at: usize) -> Result<Arc<WordList>, PatternError> {
    lists.get(name).cloned().ok_or_else(|| PatternError {
        offset: at,
        message: format!("the word list \"{name}\" is not defined in any pack's [lists]"),
    })
}
