//! The thread as the flow shows it: the imported messages, the one being
//! answered, the heat in their words (flags the engine finds in *their*
//! messages), and wrapped rows computed lazily per message and width, so a
//! huge thread opens at once and a frame only wraps what it shows.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;

use crate::engine::{Context, Engine, Kind};

/// One message, already sanitized by the importer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub author: Option<String>,
    pub time: Option<String>,
    pub body: String,
}

/// A thread, ready to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThreadData {
    pub title: Option<String>,
    pub messages: Vec<Message>,
    /// 0-based index of the message being answered.
    pub answering: usize,
}

impl ThreadData {
    /// The message being answered.
    pub fn answered(&self) -> Option<&Message> {
        self.messages.get(self.answering)
    }

    /// Total bytes of text.
    pub fn len(&self) -> usize {
        self.messages.iter().map(|m| m.body.len()).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.messages.is_empty()
    }

    /// The key a draft for this thread is kept under: 16 hex digits of a
    /// SHA-256 over what identifies the conversation and the reply's
    /// place in it — the title, the opening message and the message being
    /// answered (author and text of each). Times and the messages in
    /// between are left out, so the same thread pasted, moved to another
    /// path or exported again with newer comments keeps its draft, while
    /// answering another message (or another thread) starts a new one.
    pub fn key(&self) -> String {
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        h.update(b"tactful thread key 1\0");
        let mut field = |s: &str| {
            h.update((s.len() as u64).to_le_bytes());
            h.update(s.as_bytes());
        };
        field(self.title.as_deref().unwrap_or(""));
        for m in [self.messages.first(), self.answered()] {
            let (author, body) = m.map_or(("", ""), |m| {
                (m.author.as_deref().unwrap_or(""), m.body.trim())
            });
            field(author);
            field(body);
        }
        h.finalize()[..8]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

impl From<crate::thread::Thread> for ThreadData {
    fn from(t: crate::thread::Thread) -> Self {
        ThreadData {
            title: t.title,
            answering: t.answering.min(t.messages.len().saturating_sub(1)),
            messages: t
                .messages
                .into_iter()
                .map(|m| Message {
                    author: m.author,
                    time: m.time,
                    body: m.body,
                })
                .collect(),
        }
    }
}

/// Reads a thread from bytes with the importer (`name` is shown in errors).
/// `from` forces a format; `reply_to` picks the answered message (1-based).
pub fn import(
    bytes: &[u8],
    name: &str,
    from: Option<&str>,
    reply_to: Option<usize>,
) -> Result<ThreadData, String> {
    let format = match from {
        Some(f) => Some(
            f.parse::<crate::thread::Format>()
                .map_err(|e| e.to_string())?,
        ),
        None => None,
    };
    let mut thread = crate::thread::parse(bytes, name, format).map_err(|e| e.to_string())?;
    if reply_to.is_some() {
        thread = thread.with_reply_to(reply_to).map_err(|e| e.to_string())?;
    }
    if thread.messages.is_empty() {
        return Err(format!("{name}: no messages found in the thread"));
    }
    Ok(thread.into())
}

/// Reads a thread file with the importer.
pub fn import_file(
    path: &std::path::Path,
    from: Option<&str>,
    reply_to: Option<usize>,
) -> Result<ThreadData, String> {
    let format = match from {
        Some(f) => Some(
            f.parse::<crate::thread::Format>()
                .map_err(|e| e.to_string())?,
        ),
        None => None,
    };
    let mut thread = crate::thread::load(path, format).map_err(|e| e.to_string())?;
    if reply_to.is_some() {
        thread = thread.with_reply_to(reply_to).map_err(|e| e.to_string())?;
    }
    if thread.messages.is_empty() {
        return Err(format!(
            "{}: no messages found in the thread",
            path.display()
        ));
    }
    Ok(thread.into())
}

/// The built-in sample thread.
pub fn sample() -> ThreadData {
    import(
        crate::prompts::sample_thread().as_bytes(),
        "sample thread",
        None,
        None,
    )
    .expect("the sample thread parses")
}

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
}

/// Where the trail of a message starts, if it has one worth folding: the
/// lines after what the author wrote that nobody needs to read again —
/// a quoted trail of `>` lines (with its "On … wrote:" line), a signature
/// after `-- `, a mailing-list footer after a rule of underscores, or the
/// "next part" an archive adds for attachments. Returns the byte offset
/// of the trail's first line; never the whole message, and never less than
/// two lines (one line is cheaper to read than to unfold).
pub fn trail_start(body: &str) -> Option<usize> {
    // Lines with their byte offsets.
    let mut lines: Vec<(usize, &str)> = Vec::new();
    let mut at = 0;
    for l in body.split('\n') {
        lines.push((at, l.trim_end_matches('\r')));
        at += l.len() + 1;
    }
    while lines.last().is_some_and(|(_, l)| l.trim().is_empty()) {
        lines.pop();
    }
    let is_marker = |l: &str| {
        let t = l.trim_end();
        t == "--"
            || l == "-- "
            || (t.len() >= 10 && t.bytes().all(|b| b == b'_'))
            || (t.starts_with("-----") && t.contains("next part"))
    };
    // From the first marker to the end, all of it is trail.
    let mut start = lines
        .iter()
        .position(|(_, l)| is_marker(l))
        .unwrap_or(lines.len());
    // Then a run of quoted or blank lines just before that, with the line
    // that introduces the quote ("On …, Ann wrote:").
    let mut i = start;
    while i > 0 {
        let l = lines[i - 1].1.trim();
        if l.starts_with('>') || l.is_empty() {
            i -= 1;
        } else {
            break;
        }
    }
    let quoted = lines[i..start]
        .iter()
        .any(|(_, l)| l.trim_start().starts_with('>'));
    if quoted {
        start = i;
        if start > 0 && lines[start - 1].1.trim_end().ends_with(':') {
            start -= 1;
        }
    }
    // Blank lines before the trail stay with the text.
    while start < lines.len() && lines[start].1.trim().is_empty() {
        start += 1;
    }
    let trail = &lines[start.min(lines.len())..];
    let has_text_before = lines[..start].iter().any(|(_, l)| !l.trim().is_empty());
    (trail.len() >= 2 && has_text_before).then(|| lines[start].0)
}

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

/// The thread with its lazily computed heat and wrapping.
#[derive(Debug)]
pub struct ThreadView {
    pub data: ThreadData,
    pub parts: Vec<Part>,
    /// Whether trails (quotes, signatures, list footers) are folded.
    folded: Cell<bool>,
    heat: RefCell<HashMap<usize, Rc<Vec<Range<usize>>>>>,
    rows: RefCell<(usize, RowCache)>,
}

impl ThreadView {
    pub fn new(data: ThreadData) -> Self {
        let mut parts = Vec::with_capacity(data.messages.len());
        for (i, m) in data.messages.iter().enumerate() {
            parts_of(i, &m.body, &mut parts);
        }
        ThreadView {
            data,
            parts,
            folded: Cell::new(true),
            heat: RefCell::default(),
            rows: RefCell::new((0, HashMap::new())),
        }
    }

    /// Number of parts (messages, unless some are huge).
    pub fn len(&self) -> usize {
        self.parts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
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

    /// The first part of message `m`.
    pub fn part_of_message(&self, m: usize) -> usize {
        self.parts.partition_point(|p| p.message < m)
    }

    /// The flags in part `i` (byte spans of its message body), analysed once.
    pub fn heat(&self, engine: &Engine, i: usize) -> Rc<Vec<Range<usize>>> {
        if let Some(h) = self.heat.borrow().get(&i) {
            return h.clone();
        }
        let part = &self.parts[i];
        let body = &self.data.messages[part.message].body[part.range.clone()];
        let base = part.range.start;
        let spans: Vec<Range<usize>> = engine
            .analyze(body, &Context::default())
            .findings
            .into_iter()
            .filter(|f| f.kind == Kind::Flag)
            .map(|f| base + f.byte_start..base + f.byte_end)
            .collect();
        let spans = Rc::new(spans);
        let mut heat = self.heat.borrow_mut();
        if heat.len() > 4096 {
            heat.clear();
        }
        heat.insert(i, spans.clone());
        spans
    }

    /// The rows of part `i` at `width` cells: header, body, gap.
    pub fn rows(&self, i: usize, width: usize) -> Rc<Vec<Row>> {
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
        rows.extend(
            super::wrap::rows(body, width.saturating_sub(2))
                .into_iter()
                .map(|r| Row::Body(base + r.start..base + r.end)),
        );
        if let Some(f) = fold {
            let n = full[f..].trim_end().lines().count();
            rows.push(Row::Folded(n));
        }
        if part.last {
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

/// A position in the thread: a part (a message, unless it is huge) and a
/// row within it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
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

#[cfg(test)]
mod tests {
    use super::*;

    fn view(n: usize) -> ThreadView {
        ThreadView::new(ThreadData {
            title: None,
            messages: (0..n)
                .map(|i| Message {
                    author: Some(format!("P{i}")),
                    time: None,
                    body: "one two three four five six".into(),
                })
                .collect(),
            answering: n - 1,
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
            messages: vec![Message {
                author: None,
                time: None,
                body: body.clone(),
            }],
            answering: 0,
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
    fn a_thread_key_follows_the_answered_message_not_the_path_or_the_times() {
        let t = sample();
        let k = t.key();
        assert_eq!(k.len(), 16);
        assert!(k.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_eq!(sample().key(), k, "stable");
        // Times and a comment added after the answered one keep the key.
        let mut later = t.clone();
        for m in &mut later.messages {
            m.time = Some("2026-01-01T00:00:00Z".into());
        }
        later.messages.push(Message {
            author: Some("Newcomer".into()),
            time: None,
            body: "Me too.".into(),
        });
        assert_eq!(later.key(), k);
        // Answering another message, or another thread, changes it.
        let mut other = t.clone();
        other.answering = 0;
        assert_ne!(other.key(), k);
        let mut other = t.clone();
        other.title = Some("Another thread".into());
        assert_ne!(other.key(), k);
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
            messages: vec![Message {
                author: Some("Bo".into()),
                time: None,
                body: "Works now.\n\n-- \nBo\nhttps://example.org\n".into(),
            }],
            answering: 0,
        });
        assert!(v.has_trails());
        let rows = v.rows(0, 40);
        assert_eq!(rows.len(), 4, "{rows:?}");
        assert_eq!(rows[2], Row::Folded(3));
        v.set_folded(false);
        assert!(!v.rows(0, 40).contains(&Row::Folded(3)));
        assert_eq!(v.rows(0, 40).len(), 7);
    }

    #[test]
    fn the_sample_thread_answers_the_last_message() {
        let t = sample();
        assert!(t.messages.len() >= 3);
        assert_eq!(t.answering, t.messages.len() - 1);
        assert!(t.title.is_some());
    }
}
