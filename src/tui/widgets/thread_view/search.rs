//! Searching the thread as you type: every match of a query in the
//! messages' words, in reading order, any case in any script.

use std::ops::Range;

use super::{ThreadView, trail_start};

/// The most matches a search keeps (the count says when there are more).
pub const MAX_HITS: usize = 100_000;

/// A search match: a byte range of a message body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub message: usize,
    pub range: Range<usize>,
}

impl ThreadView {
    /// Every match of `query` in the messages' words, in reading order
    /// (collapsed branches included, folded trails not, while they are
    /// folded), at most [`MAX_HITS`]. Letters match whatever their case.
    pub fn search(&self, query: &str) -> Vec<Hit> {
        let mut out = Vec::new();
        if query.is_empty() {
            return out;
        }
        let finder = Finder::new(query);
        for &m in &self.order {
            let body = &self.data.messages[m].body;
            let end = if self.folded.get() {
                trail_start(body).unwrap_or(body.len())
            } else {
                body.len()
            };
            finder.each(&body[..end], |range| {
                out.push(Hit { message: m, range });
                out.len() < MAX_HITS
            });
            if out.len() >= MAX_HITS {
                break;
            }
        }
        out
    }
}

/// Case-insensitive search for one query. ASCII queries use aho-corasick's
/// ASCII case folding (fast on a huge thread); others compare the
/// lower-case forms of each character, which the crate does not offer.
enum Finder {
    Ascii(aho_corasick::AhoCorasick),
    Unicode(Vec<char>),
}

impl Finder {
    fn new(query: &str) -> Finder {
        if query.is_ascii()
            && let Ok(ac) = aho_corasick::AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build([query])
        {
            return Finder::Ascii(ac);
        }
        Finder::Unicode(query.chars().flat_map(char::to_lowercase).collect())
    }

    /// Calls `hit` with each match's byte range until it returns false.
    fn each(&self, text: &str, mut hit: impl FnMut(Range<usize>) -> bool) {
        match self {
            Finder::Ascii(ac) => {
                for m in ac.find_iter(text) {
                    if !hit(m.start()..m.end()) {
                        return;
                    }
                }
            }
            Finder::Unicode(query) => {
                let mut from = 0;
                while from < text.len() {
                    if let Some(end) = match_at(text, from, query) {
                        if !hit(from..end) {
                            return;
                        }
                        from = end.max(from + 1);
                    } else {
                        from += 1;
                    }
                    while !text.is_char_boundary(from) {
                        from += 1;
                    }
                }
            }
        }
    }
}

/// Where a match of the lower-cased `query` starting at byte `at` of
/// `text` ends, if one starts there.
fn match_at(text: &str, at: usize, query: &[char]) -> Option<usize> {
    let mut q = query.iter();
    let mut want = q.next();
    for (i, c) in text[at..].char_indices() {
        for lc in c.to_lowercase() {
            match want {
                Some(&w) if w == lc => want = q.next(),
                _ => return None,
            }
        }
        if want.is_none() {
            return Some(at + i + c.len_utf8());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::widgets::thread_view::tests::msg;
    use crate::tui::widgets::thread_view::{Message, ThreadData};

    #[test]
    fn search_ignores_case_in_any_script_and_keeps_reading_order() {
        let v = ThreadView::new(ThreadData {
            title: None,
            messages: vec![
                Message {
                    ..msg(Some("a"), "Straße und STRASSE. Ärger über ärger.")
                },
                Message {
                    reply_to: Some(0),
                    ..msg(Some("b"), "offline OFFLINE Offline")
                },
                Message {
                    reply_to: Some(0),
                    ..msg(Some("c"), "no match here")
                },
                Message {
                    reply_to: Some(1),
                    ..msg(Some("d"), "offline again")
                },
            ],
            answering: 0,
            default_answer: false,
        });
        let hits = v.search("OffLine");
        let at: Vec<usize> = hits.iter().map(|h| h.message).collect();
        // Tree order: 0, 1, 3, 2.
        assert_eq!(at, [1, 1, 1, 3]);
        assert_eq!(&v.data.messages[1].body[hits[1].range.clone()], "OFFLINE");
        let umlaut = v.search("ärger");
        assert_eq!(umlaut.len(), 2);
        assert_eq!(&v.data.messages[0].body[umlaut[0].range.clone()], "Ärger");
        assert!(v.search("").is_empty());
        assert!(v.search("zebra").is_empty());
    }

    #[test]
    fn search_leaves_folded_trails_alone_until_they_are_shown() {
        let v = ThreadView::new(ThreadData {
            title: None,
            messages: vec![msg(
                Some("Bo"),
                "Works now.\n\n-- \nBo\nworks at example.org\n",
            )],
            answering: 0,
            default_answer: false,
        });
        assert_eq!(v.search("works").len(), 1);
        v.set_folded(false);
        assert_eq!(v.search("works").len(), 2);
    }
}
