//! Reading a pattern's text into a tree of nodes (see the syntax table in
//! the module above), with the byte offset of every problem.

/// The longest gap a pattern may ask for, in words.
pub const MAX_GAP: u8 = 8;

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Node {
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

pub(super) fn parse(pattern: &str) -> Result<Node, PatternError> {
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
