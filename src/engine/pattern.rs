//! The pattern language of rule packs, and its expansion into phrases.
//!
//! A pattern is a phrase, not a regular expression:
//!
//! | syntax        | meaning                                        |
//! |---------------|------------------------------------------------|
//! | `you always`  | these words in this order                      |
//! | `(a|b c)`     | one of the alternatives; `(a|)` makes it optional |
//! | `[a b]`       | optional words, the same as `(a b|)`           |
//! | `{feeling}`   | any entry of the named word list `feeling`     |
//! | `^hi`         | only at the start of a sentence or paragraph   |
//!
//! Words are matched case- and apostrophe-insensitively, whole words only,
//! across any spacing and line breaks; soft punctuation (commas, quotation
//! marks, dashes) is ignored and hard punctuation (`?`, `!`, `/`) is a word
//! of its own. Contractions match their long forms both ways (`don't` also
//! matches `do not`): words are folded through the [`Lexicon`] built from
//! the `[language]` tables, in text and patterns alike.
//!
//! Every pattern expands into a finite set of phrases, and all phrases of all
//! rules compile into one Aho-Corasick automaton (see `matcher`). There is
//! deliberately no wildcard: it would break that single-pass design.

use std::collections::HashMap;
use std::sync::Arc;

use super::text::{Lexicon, fold_tokens_with};

/// The most phrases one pattern may expand into.
pub const MAX_EXPANSION: usize = 4096;

#[derive(Debug, Clone, PartialEq)]
enum Node {
    Seq(Vec<Node>),
    Alt(Vec<Node>),
    Lit(String),
    /// A word list, with the byte offset of its `{` in the pattern.
    List(String, usize),
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

/// Named word lists, folded: name → phrases (each a word sequence).
pub type Lists = HashMap<String, Arc<Vec<Vec<Word>>>>;

/// A pattern ready for matching: the phrases of its opening words go into
/// the shared automaton (the *anchors*), and whatever follows is checked
/// token by token after an anchor is found (the *tail*). Expanding a whole
/// pattern would multiply its slots (`subject × verb × {list}` is thousands
/// of phrases); anchoring on a prefix of at most [`ANCHOR_LIMIT`] phrases
/// keeps the automaton small and the patterns expressive.
#[derive(Debug, Clone, PartialEq)]
pub struct Compiled {
    pub anchors: Vec<Vec<Word>>,
    pub tail: Option<Tail>,
    /// The pattern began with `^`: it matches only where a sentence or a
    /// paragraph starts.
    pub at_start: bool,
}

/// The part of a pattern matched after its anchor.
#[derive(Debug, Clone, PartialEq)]
pub enum Tail {
    Seq(Vec<Tail>),
    Alt(Vec<Tail>),
    /// Any of these token sequences (an empty one matches nothing at all).
    Phrases(Vec<Vec<Word>>),
    /// Any entry of a word list (shared, not copied per pattern).
    List(Arc<Vec<Vec<Word>>>),
}

/// Anchor phrases per pattern once every anchor has at least two words.
pub const ANCHOR_LIMIT: usize = 48;

impl Tail {
    fn phrase_ends<'a>(
        phrases: &[Vec<Word>],
        token: &dyn Fn(usize) -> Option<&'a str>,
        pos: usize,
        out: &mut Vec<usize>,
    ) {
        for p in phrases {
            if p.iter()
                .enumerate()
                .all(|(k, w)| token(pos + k) == Some(&**w))
            {
                out.push(pos + p.len());
            }
        }
    }

    /// Every token position at which this tail can end when it starts at
    /// `pos`, given the token texts.
    pub fn ends<'a>(
        &self,
        token: &dyn Fn(usize) -> Option<&'a str>,
        pos: usize,
        out: &mut Vec<usize>,
    ) {
        match self {
            Tail::Phrases(phrases) => Tail::phrase_ends(phrases, token, pos, out),
            Tail::List(phrases) => Tail::phrase_ends(phrases, token, pos, out),
            Tail::Alt(items) => items.iter().for_each(|t| t.ends(token, pos, out)),
            Tail::Seq(items) => {
                let mut at = vec![pos];
                for item in items {
                    let mut next = Vec::new();
                    for &p in &at {
                        item.ends(token, p, &mut next);
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
}

/// Compiles a pattern into anchors and a tail.
pub fn compile(pattern: &str, lists: &Lists, lexicon: &Lexicon) -> Result<Compiled, PatternError> {
    let trimmed = pattern.trim_start();
    let at_start = trimmed.starts_with('^');
    let body = if at_start { &trimmed[1..] } else { pattern };
    let node = parse(body).map_err(|mut e| {
        e.offset += pattern.len() - body.len();
        e
    })?;
    let items = match node {
        Node::Seq(items) => items,
        other => vec![other],
    };
    let mut acc: Vec<Vec<Word>> = vec![Vec::new()];
    let mut k = 0;
    while k < items.len() {
        let next = expand_node(&items[k], lists, lexicon)?;
        // An anchor of one word ("the", "you") would be found everywhere
        // and send every occurrence through the tail: keep expanding until
        // anchors have two words, within the hard limit.
        let too_short = acc.iter().any(|p| p.len() < 2);
        if !too_short && acc.len() * next.len() > ANCHOR_LIMIT {
            break;
        }
        acc = product(&acc, &next)?;
        k += 1;
    }
    let anchors: Vec<Vec<Word>> = acc.into_iter().filter(|p| !p.is_empty()).collect();
    if anchors.is_empty() {
        return Err(PatternError {
            offset: 0,
            message: "the pattern matches no words".into(),
        });
    }
    let tail = if k < items.len() {
        Some(Tail::Seq(
            items[k..]
                .iter()
                .map(|n| to_tail(n, lists, lexicon))
                .collect::<Result<_, _>>()?,
        ))
    } else {
        None
    };
    Ok(Compiled {
        anchors,
        tail,
        at_start,
    })
}

fn to_tail(node: &Node, lists: &Lists, lexicon: &Lexicon) -> Result<Tail, PatternError> {
    Ok(match node {
        Node::Seq(items) => Tail::Seq(
            items
                .iter()
                .map(|n| to_tail(n, lists, lexicon))
                .collect::<Result<_, _>>()?,
        ),
        Node::Alt(items) => Tail::Alt(
            items
                .iter()
                .map(|n| to_tail(n, lists, lexicon))
                .collect::<Result<_, _>>()?,
        ),
        Node::List(name, at) => {
            Tail::List(lists.get(name).cloned().ok_or_else(|| PatternError {
                offset: *at,
                message: format!("the word list \"{name}\" is not defined in any pack's [lists]"),
            })?)
        }
        Node::Lit(_) => Tail::Phrases(expand_node(node, lists, lexicon)?),
    })
}

/// Expands a pattern into every phrase (token sequence) it matches.
/// Used for patterns small enough to enumerate, and by tests.
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
        Node::List(name, at) => lists
            .get(name)
            .map(|l| l.to_vec())
            .ok_or_else(|| PatternError {
                offset: *at,
                message: format!("the word list \"{name}\" is not defined in any pack's [lists]"),
            }),
        Node::Alt(items) => {
            let mut out = Vec::new();
            for item in items {
                if let Node::Seq(parts) = item
                    && !parts.is_empty()
                    && parts.iter().all(
                        |p| matches!(p, Node::Lit(t) if fold_tokens_with(t, lexicon).is_empty()),
                    )
                {
                    // Only soft punctuation or intensifiers: it would
                    // silently make the whole group optional.
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

    fn sequence(&mut self) -> Result<Node, PatternError> {
        let mut items = Vec::new();
        let mut literal = String::new();
        while let Some(c) = self.peek() {
            match c {
                '(' | '[' => {
                    flush(&mut literal, &mut items);
                    let open = self.pos;
                    self.pos += 1;
                    let close = if c == '(' { ')' } else { ']' };
                    let inner = self.alternation(Some(close))?;
                    if self.peek() != Some(close) {
                        self.pos = open;
                        return Err(self.error(&format!("`{c}` is never closed with `{close}`")));
                    }
                    self.pos += 1;
                    items.push(if c == '[' {
                        Node::Alt(vec![inner, Node::Seq(Vec::new())])
                    } else {
                        inner
                    });
                }
                '{' => {
                    flush(&mut literal, &mut items);
                    let open = self.pos;
                    let Some(end) = self.src[open..].find('}') else {
                        return Err(self.error("`{` is never closed with `}`"));
                    };
                    let name = self.src[open + 1..open + end].trim();
                    if name.is_empty()
                        || !name
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
                    {
                        return Err(self.error(&format!(
                            "\"{name}\" is not a list name (letters, digits, `_` and `-`)"
                        )));
                    }
                    items.push(Node::List(name.to_string(), open));
                    self.pos = open + end + 1;
                }
                ')' | ']' | '|' => break,
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
            Arc::new(vec![
                vec!["angry".into()],
                vec!["let".into(), "down".into()],
            ]),
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

    #[track_caller]
    fn matches(pattern: &str, text: &str) -> bool {
        let c = compile(pattern, &lists(), &lexicon()).unwrap();
        let toks = crate::engine::text::fold_tokens_with(text, &lexicon());
        let token = |i: usize| toks.get(i).map(|s| s.as_str());
        c.anchors.iter().any(|a| {
            (0..toks.len()).any(|start| {
                a.iter()
                    .enumerate()
                    .all(|(k, w)| token(start + k) == Some(&**w))
                    && match &c.tail {
                        None => true,
                        Some(t) => {
                            let mut ends = Vec::new();
                            t.ends(&token, start + a.len(), &mut ends);
                            !ends.is_empty()
                        }
                    }
            })
        })
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
        assert!(matches(p, "a b c x let down"));
        assert!(matches(p, "h h h y z angry"));
        assert!(!matches(p, "a b c x happy"));
        assert!(!matches(p, "a b c angry"));
    }

    #[test]
    fn contractions_work_in_the_tail_too() {
        let p = "(a|b|c|d|e|f|g|h) (a|b|c|d|e|f|g|h) (a|b|c|d|e|f|g|h) (a|b|c|d|e|f|g|h) you're {feeling}";
        assert!(matches(p, "a b c d you are angry"));
        assert!(matches(p, "a b c d you're angry"));
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
    fn a_caret_marks_sentence_starts() {
        let c = compile("^ (hi|hello)", &lists(), &lexicon()).unwrap();
        assert!(c.at_start);
        assert_eq!(
            c.anchors,
            vec![vec![Word::from("hello")], vec![Word::from("hi")]]
        );
        let e = compile("^ (hi", &lists(), &lexicon()).unwrap_err();
        assert_eq!(e.offset, 2);
    }

    #[test]
    fn leading_optional_words_still_anchor() {
        assert!(matches("[so] [well] i think", "i think so"));
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
}
