//! Naming a message the way a person does on the command line
//! (`--reply-to`): by its number, by its author, or by its id in the source.

use std::fmt;
use std::str::FromStr;

use super::{Format, ImportError, Thread};

/// How many authors an error lists before "and N more".
const AUTHORS_LISTED: usize = 30;

/// A message named on the command line.
///
/// | written        | means                                                        |
/// |----------------|--------------------------------------------------------------|
/// | `3`            | message 3, counted from 1 as `thread show` numbers them; a number past the last message may be an id in the source |
/// | `id:ID`        | the message whose id in the source is `ID` ([`super::Message::source_id`]) |
/// | anything else  | the most recent message by that author (case-insensitive), or else the message with that id in the source |
///
/// Ids are compared without surrounding `<…>` (email Message-IDs) and a
/// leading `#`, and a Reddit id matches with or without its kind prefix
/// (`t1_kx3b2a` = `kx3b2a`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MessageRef {
    Number(usize),
    Id(String),
    Name(String),
}

impl FromStr for MessageRef {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        if s.is_empty() {
            return Err("expected a message number, an author's name or id:ID".into());
        }
        if let Some(id) = s.strip_prefix("id:") {
            let id = id.trim();
            if id.is_empty() {
                return Err("id: needs the message's id in the source, e.g. id:t1_kx3b2a".into());
            }
            return Ok(MessageRef::Id(id.to_string()));
        }
        if s.bytes().all(|b| b.is_ascii_digit()) {
            // Too many digits for a count is still an id.
            return Ok(match s.parse() {
                Ok(n) => MessageRef::Number(n),
                Err(_) => MessageRef::Id(s.to_string()),
            });
        }
        Ok(MessageRef::Name(s.to_string()))
    }
}

impl fmt::Display for MessageRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MessageRef::Number(n) => write!(f, "{n}"),
            MessageRef::Id(id) => write!(f, "id:{id}"),
            MessageRef::Name(name) => f.write_str(name),
        }
    }
}

/// An id as typed or as stored, reduced to what identifies it.
fn bare_id(id: &str) -> &str {
    let id = id.trim();
    let id = id
        .strip_prefix('<')
        .and_then(|i| i.strip_suffix('>'))
        .unwrap_or(id);
    id.strip_prefix('#').unwrap_or(id)
}

/// Reddit's "fullname" is the id behind a kind prefix (`t1_`, `t3_`).
fn reddit_id(id: &str) -> &str {
    match id.as_bytes() {
        [b't', b'0'..=b'9', b'_', ..] => &id[3..],
        _ => id,
    }
}

impl Thread {
    /// The 0-based index of the message `r` names, or an error that says
    /// what the thread holds (its size, its authors, whether it has ids).
    pub fn find(&self, r: &MessageRef) -> Result<usize, ImportError> {
        let fail = |message: String| Err(ImportError::new(message).format(self.format.name()));
        match r {
            MessageRef::Number(n) => {
                if (1..=self.messages.len()).contains(n) {
                    return Ok(n - 1);
                }
                if let Some(i) = self.find_id(&n.to_string()) {
                    return Ok(i);
                }
                let len = self.messages.len();
                fail(format!(
                    "--reply-to {n}: the thread has {len} message{} (use 1 to {len}, an author's name, or id:ID)",
                    if len == 1 { "" } else { "s" },
                ))
            }
            MessageRef::Id(id) => match self.find_id(id) {
                Some(i) => Ok(i),
                None if self.messages.iter().all(|m| m.source_id.is_none()) => fail(format!(
                    "--reply-to id:{id}: this {} thread has no message ids; use a message number or an author's name",
                    self.format
                )),
                None => fail(format!(
                    "--reply-to id:{id}: no message has that id (`thread show --format json` lists each message's source_id)"
                )),
            },
            MessageRef::Name(name) => {
                if let Some(i) = self.find_author(name) {
                    return Ok(i);
                }
                if let Some(i) = self.find_id(name) {
                    return Ok(i);
                }
                let authors = self.authors();
                if authors.is_empty() {
                    return fail(format!(
                        "--reply-to \"{name}\": the thread names no authors; use a message number (1 to {})",
                        self.messages.len()
                    ));
                }
                let mut listed = authors
                    .iter()
                    .take(AUTHORS_LISTED)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ");
                if authors.len() > AUTHORS_LISTED {
                    listed.push_str(&format!(" and {} more", authors.len() - AUTHORS_LISTED));
                }
                fail(format!(
                    "--reply-to \"{name}\": no message by that author; the authors are {listed}"
                ))
            }
        }
    }

    /// Answer the message `r` names instead of the default; `None` keeps
    /// the default.
    pub fn answer(mut self, r: Option<&MessageRef>) -> Result<Thread, ImportError> {
        if let Some(r) = r {
            self.answering = self.find(r)?;
            self.answer_given = true;
        }
        Ok(self)
    }

    /// Every author, once, in the order they first speak.
    pub fn authors(&self) -> Vec<String> {
        let mut seen = std::collections::HashSet::new();
        self.messages
            .iter()
            .filter_map(|m| m.author.clone())
            .filter(|a| seen.insert(a.to_lowercase()))
            .collect()
    }

    /// The most recent message by `name`, compared case-insensitively.
    fn find_author(&self, name: &str) -> Option<usize> {
        let wanted = name.trim().to_lowercase();
        let theirs = self
            .messages
            .iter()
            .enumerate()
            .filter(|(_, m)| {
                m.author
                    .as_deref()
                    .is_some_and(|a| a.to_lowercase() == wanted)
            })
            .map(|(i, _)| i);
        self.tree().most_recent(theirs)
    }

    fn find_id(&self, id: &str) -> Option<usize> {
        let wanted = bare_id(id);
        let same = |stored: &str| {
            let stored = bare_id(stored);
            stored == wanted
                || (self.format == Format::Reddit && reddit_id(stored) == reddit_id(wanted))
        };
        self.messages
            .iter()
            .position(|m| m.source_id.as_deref().is_some_and(same))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::thread::Message;

    fn thread(format: Format, messages: &[(Option<&str>, Option<&str>)]) -> Thread {
        let messages = messages
            .iter()
            .map(|&(author, id)| Message {
                source_id: id.map(str::to_string),
                ..Message::new(author.map(str::to_string), None, "x".into())
            })
            .collect();
        Thread::new(format, None, messages)
    }

    #[track_caller]
    fn find(t: &Thread, r: &str) -> Result<usize, String> {
        t.find(&r.parse().unwrap()).map_err(|e| e.to_string())
    }

    #[test]
    fn parses_numbers_ids_and_names() {
        assert_eq!("3".parse(), Ok(MessageRef::Number(3)));
        assert_eq!(" id:abc ".parse(), Ok(MessageRef::Id("abc".into())));
        assert_eq!("Ann Lee".parse(), Ok(MessageRef::Name("Ann Lee".into())));
        assert_eq!(
            "99999999999999999999999".parse(),
            Ok(MessageRef::Id("99999999999999999999999".into()))
        );
        assert!("".parse::<MessageRef>().is_err());
        assert!("id:".parse::<MessageRef>().is_err());
    }

    #[test]
    fn number_counts_from_one() {
        let t = thread(Format::Text, &[(Some("ann"), None), (Some("bo"), None)]);
        assert_eq!(find(&t, "1"), Ok(0));
        assert_eq!(
            find(&t, "3"),
            Err("text: --reply-to 3: the thread has 2 messages (use 1 to 2, an author's name, or id:ID)".into())
        );
        assert!(find(&t, "0").is_err());
    }

    #[test]
    fn author_names_their_latest_message_whatever_the_case() {
        let t = thread(
            Format::Text,
            &[
                (Some("Ann"), None),
                (Some("bo"), None),
                (Some("ann"), None),
                (None, None),
            ],
        );
        assert_eq!(find(&t, "ANN"), Ok(2));
        assert_eq!(find(&t, "Bo"), Ok(1));
    }

    #[test]
    fn unknown_author_lists_the_authors() {
        let t = thread(
            Format::Text,
            &[(Some("Ann"), None), (Some("bo"), None), (Some("ann"), None)],
        );
        assert_eq!(
            find(&t, "cy"),
            Err(
                "text: --reply-to \"cy\": no message by that author; the authors are Ann, bo"
                    .into()
            )
        );
    }

    #[test]
    fn ids_match_with_or_without_brackets_and_reddit_prefixes() {
        let t = thread(
            Format::Reddit,
            &[
                (Some("a"), Some("p1")),
                (Some("b"), Some("kx3b2a")),
                (Some("c"), Some("77")),
            ],
        );
        assert_eq!(find(&t, "id:t1_kx3b2a"), Ok(1));
        assert_eq!(find(&t, "kx3b2a"), Ok(1));
        assert_eq!(find(&t, "id:77"), Ok(2));
        // 77 is past the last message: an id.
        assert_eq!(find(&t, "77"), Ok(2));
        let mail = thread(Format::Mbox, &[(Some("a"), Some("abc@example.org"))]);
        assert_eq!(find(&mail, "id:<abc@example.org>"), Ok(0));
        assert!(
            find(&mail, "id:nope")
                .unwrap_err()
                .contains("no message has that id")
        );
    }

    #[test]
    fn thread_without_ids_says_so() {
        let t = thread(Format::Text, &[(Some("a"), None)]);
        assert_eq!(
            find(&t, "id:5"),
            Err("text: --reply-to id:5: this text thread has no message ids; use a message number or an author's name".into())
        );
    }

    #[test]
    fn answer_changes_only_when_asked() {
        let t = thread(Format::Text, &[(Some("a"), None), (Some("b"), None)]);
        assert_eq!(t.clone().answer(None).unwrap().answering, 1);
        let r = MessageRef::Name("A".into());
        assert_eq!(t.answer(Some(&r)).unwrap().answering, 0);
    }
}
