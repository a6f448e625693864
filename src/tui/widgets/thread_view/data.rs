//! A thread ready to show: the imported messages, the one answered, and
//! the key its draft is kept under; reading one from bytes, a file, or the
//! built-in sample.

use super::Message;

/// A thread, ready to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThreadData {
    pub title: Option<String>,
    pub messages: Vec<Message>,
    /// 0-based index of the message being answered.
    pub answering: usize,
    /// Whether `answering` is the importer's default, for the flow to
    /// choose again from what the engine reads in the thread (the message
    /// was not named with `--reply-to`, the export does not centre on it,
    /// and no draft answers it).
    pub default_answer: bool,
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
        self.key_of(self.answering)
    }

    /// The key a draft answering message `i` of this thread is kept under.
    pub fn key_of(&self, i: usize) -> String {
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        h.update(b"tactful thread key 1\0");
        let mut field = |s: &str| {
            h.update((s.len() as u64).to_le_bytes());
            h.update(s.as_bytes());
        };
        field(self.title.as_deref().unwrap_or(""));
        for m in [self.messages.first(), self.messages.get(i)] {
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
            default_answer: !t.answer_given,
            messages: t.messages,
        }
    }
}

/// Reads a thread from bytes through the one door ([`crate::thread::parse`]:
/// a thread without messages is an error there); `name` is shown in errors.
/// `from` forces a format; `reply_to` picks the answered message (1-based).
pub fn import(
    bytes: &[u8],
    name: &str,
    from: Option<&str>,
    reply_to: Option<usize>,
) -> Result<ThreadData, String> {
    let from = from
        .map(str::parse)
        .transpose()
        .map_err(|e: crate::thread::UnknownFormat| e.to_string())?;
    crate::thread::parse(bytes, name, from)
        .and_then(|t| t.with_reply_to(reply_to))
        .map(ThreadData::from)
        .map_err(|e| e.to_string())
}

/// Reads a thread file through the one door ([`crate::thread::read_limited`],
/// then [`import`]).
pub fn import_file(
    path: &std::path::Path,
    from: Option<&str>,
    reply_to: Option<usize>,
) -> Result<ThreadData, String> {
    let (bytes, name) = crate::thread::read_limited(path).map_err(|e| e.to_string())?;
    import(&bytes, &name, from, reply_to)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::widgets::thread_view::tests::msg;

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
        later.messages.push(msg(Some("Newcomer"), "Me too."));
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
    fn the_sample_thread_answers_the_last_message() {
        let t = sample();
        assert!(t.messages.len() >= 3);
        assert_eq!(t.answering, t.messages.len() - 1);
        assert!(t.title.is_some());
    }
}
