//! Email: one RFC 5322 message (`.eml`) or an mbox archive. MIME, charsets,
//! transfer encodings and multipart are mail-parser's; this module picks
//! the body (text/plain first, else text/html as text), rejoins
//! `format=flowed` text (see `flowed`), and turns quoted "On … wrote:"
//! chains into the earlier messages they quote.
//!
//! An mbox is read in date order (see [`parse_mbox`]) and threaded by
//! `In-Reply-To` and `References`, and by the quotes when those are missing.

use std::collections::HashMap;

use mail_parser::{MessageParser, MimeHeaders};

use crate::thread::flowed;
use crate::thread::quotes::{self, Piece};
use crate::thread::{Format, ImportError, Message, Thread, html, time};

/// Mailman replaces attachments with this line and a note; the note is not
/// part of what the person wrote.
const MAILMAN_SCRUBBED: &str = "-------------- next part --------------";

/// One parsed mail, before threading.
struct Mail {
    author: Option<String>,
    time: Option<String>,
    /// Unix seconds of a valid `Date:`.
    timestamp: Option<i64>,
    subject: Option<String>,
    message_id: Option<String>,
    parent_ids: Vec<String>,
    body: String,
}

pub(crate) fn parse_eml(bytes: &[u8]) -> Result<Thread, ImportError> {
    let mail = read_mail(bytes).map_err(|e| e.format(Format::Email.name()))?;
    let title = mail.subject.clone();
    let chain = quotes::split_chain(&mail.body);
    let count = chain.len();
    // A quoted "On … wrote:" time names no zone: the mail client wrote it
    // in the replying person's time, which the mail's Date states.
    let zone = mail.time.as_deref().and_then(time::offset_of);
    let messages = chain
        .into_iter()
        .enumerate()
        .map(|(i, piece)| {
            let newest = i + 1 == count;
            Message {
                author: if newest {
                    mail.author.clone()
                } else {
                    piece.author
                },
                time: if newest {
                    mail.time.clone()
                } else {
                    piece.time.map(|t| time::tidy(t, zone))
                },
                body: piece.body,
                reply_to: i.checked_sub(1),
                // The mail's own id; the message it quotes last is the one
                // it answers, named by its In-Reply-To.
                source_id: if newest {
                    mail.message_id.clone()
                } else if i + 2 == count {
                    mail.parent_ids.first().cloned()
                } else {
                    None
                },
            }
        })
        .collect();
    let messages = drop_empty(messages);
    Ok(Thread::new(Format::Email, title, messages))
}

fn read_mail(bytes: &[u8]) -> Result<Mail, ImportError> {
    if !has_header_block(bytes) {
        return Err(ImportError::new(
            "not an email message: expected header lines (From:, Subject:, …) then a blank line",
        )
        .at(1, 1));
    }
    let message = MessageParser::default()
        .parse(bytes)
        .ok_or_else(|| ImportError::new("not an email message: no headers found").at(1, 1))?;
    let body = body_text(&message);
    let body = match body.find(MAILMAN_SCRUBBED) {
        Some(at) => body[..at].to_string(),
        None => body,
    };
    if body.trim().is_empty() {
        return Err(ImportError::new("the email has no body text"));
    }
    let author = message
        .from()
        .and_then(|from| from.first())
        .and_then(|addr| {
            addr.name()
                .filter(|n| !n.trim().is_empty())
                .or(addr.address())
                .map(|s| display_name(s.trim()))
        });
    let valid_date = message.date().filter(|d| d.is_valid());
    let timestamp = valid_date.map(|d| d.to_timestamp());
    let time = match valid_date {
        Some(date) => Some(date.to_rfc3339()),
        None => message
            .header_raw("Date")
            .map(|raw| String::from_utf8_lossy(raw.as_bytes()).trim().to_string()),
    };
    let subject = message
        .thread_name()
        .or(message.subject())
        .map(|s| s.trim().to_string());
    let mut parent_ids: Vec<String> = message
        .in_reply_to()
        .as_text_list()
        .map(|l| l.iter().map(|s| s.to_string()).collect())
        .or_else(|| message.in_reply_to().as_text().map(|s| vec![s.to_string()]))
        .unwrap_or_default();
    if let Some(refs) = message.references().as_text_list() {
        parent_ids.extend(refs.iter().rev().map(|s| s.to_string()));
    } else if let Some(r) = message.references().as_text() {
        parent_ids.push(r.to_string());
    }
    Ok(Mail {
        author,
        time,
        timestamp,
        subject,
        message_id: message.message_id().map(str::to_string),
        parent_ids,
        body,
    })
}

/// Old archives write "andy at example.com (Andy Grunwald)": the comment
/// is the name.
fn display_name(from: &str) -> String {
    if let Some((_, name)) = from.strip_suffix(')').and_then(|f| f.rsplit_once('(')) {
        let name = name.trim();
        if !name.is_empty() {
            return name.to_string();
        }
    }
    from.to_string()
}

/// text/plain if there is one (rejoined when it is `format=flowed`), else
/// the HTML body as text.
fn body_text(message: &mail_parser::Message<'_>) -> String {
    if let Some(part) = message
        .text_bodies()
        .find(|p| p.is_text() && !p.is_text_html())
        && let Some(text) = part.text_contents().filter(|t| !t.trim().is_empty())
    {
        let param = |name: &str| {
            part.content_type()
                .and_then(|ct| ct.attributes())
                .and_then(|attrs| attrs.iter().find(|a| a.name.eq_ignore_ascii_case(name)))
                .map(|a| a.value.trim().to_ascii_lowercase())
        };
        if param("format").as_deref() == Some("flowed") {
            return flowed::unflow(text, param("delsp").as_deref() == Some("yes"));
        }
        return text.to_string();
    }
    if let Some(html_part) = message.html_bodies().find(|p| p.is_text_html())
        && let Some(text) = html_part.text_contents()
    {
        return html::to_text(text);
    }
    message
        .body_text(0)
        .map(|t| t.into_owned())
        .unwrap_or_default()
}

/// Does the input start with RFC 5322 header lines ended by a blank line?
fn has_header_block(bytes: &[u8]) -> bool {
    let mut lines = bytes.split(|&b| b == b'\n');
    let mut count = 0;
    for line in lines.by_ref() {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.is_empty() {
            return count > 0;
        }
        if line[0] == b' ' || line[0] == b'\t' {
            if count == 0 {
                return false;
            }
            continue;
        }
        let Some(colon) = line.iter().position(|&b| b == b':') else {
            return false;
        };
        if colon == 0 || !line[..colon].iter().all(|&b| b.is_ascii_graphic()) {
            return false;
        }
        count += 1;
    }
    // Headers that never end: no body at all.
    false
}

/// Whether the input opens with an email's header block: at least two
/// well-known headers before the first blank line.
pub(crate) fn looks_like_eml(body: &[u8]) -> bool {
    const KNOWN: &[&str] = &[
        "from",
        "to",
        "subject",
        "date",
        "message-id",
        "mime-version",
        "received",
        "return-path",
        "delivered-to",
        "in-reply-to",
        "references",
        "content-type",
        "path",
        "newsgroups",
        "cc",
        "reply-to",
        "x-mailer",
        "user-agent",
    ];
    let mut known = 0;
    for line in body.split(|&b| b == b'\n').take(200) {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.is_empty() {
            break;
        }
        if line[0] == b' ' || line[0] == b'\t' {
            continue;
        }
        let Some(colon) = line.iter().position(|&b| b == b':') else {
            return false;
        };
        let name = String::from_utf8_lossy(&line[..colon]).to_ascii_lowercase();
        if name.is_empty() || name.contains(' ') {
            return false;
        }
        if KNOWN.contains(&name.as_str()) {
            known += 1;
        }
    }
    known >= 2
}

/// Whether the input opens as an mbox does: a "From " postmark line.
pub(crate) fn looks_like_mbox(body: &[u8]) -> bool {
    body.starts_with(b"From ")
}

/// Split an mbox at its "From " lines (a "From " line at the start or after
/// a blank line, as mboxo/mboxrd write them), undo ">From " escaping, put
/// the messages in date order ([`date_order`]) and thread them. Written here
/// rather than with mail-parser's mbox reader so errors can say the line of
/// the broken message.
pub(crate) fn parse_mbox(bytes: &[u8]) -> Result<Thread, ImportError> {
    let fail = |e: ImportError| e.format(Format::Mbox.name());
    if !bytes.starts_with(b"From ") {
        return Err(fail(
            ImportError::new("not an mbox: the first line must start with \"From \"").at(1, 1),
        ));
    }
    // (byte offset, 1-based line) of each message's "From " line.
    // A body line "From here…" after a blank line that an mboxo writer
    // did not escape is not a new message: one is only where a header
    // line follows the "From " line.
    let mut starts = vec![(0usize, 1usize)];
    let mut prev_blank = false;
    let mut pos = 0;
    let mut lines = bytes
        .split_inclusive(|&b| b == b'\n')
        .enumerate()
        .peekable();
    while let Some((number, line)) = lines.next() {
        if pos > 0
            && prev_blank
            && line.starts_with(b"From ")
            && lines.peek().is_some_and(|(_, next)| is_header_line(next))
        {
            starts.push((pos, number + 1));
        }
        prev_blank = line == b"\n" || line == b"\r\n";
        pos += line.len();
    }
    starts.push((bytes.len(), 0));

    let mut mails = Vec::new();
    for (n, window) in starts.windows(2).enumerate() {
        let chunk = &bytes[window[0].0..window[1].0];
        let line = window[0].1;
        // Skip the "From " postmark line.
        let content = match chunk.iter().position(|&b| b == b'\n') {
            Some(nl) => &chunk[nl + 1..],
            None => &[][..],
        };
        let content = unescape_from(content);
        if !has_header_block(&content) {
            return Err(fail(
                ImportError::new(format!(
                    "message {} ends inside its headers (truncated mbox?)",
                    n + 1
                ))
                .at(line, 1),
            ));
        }
        match read_mail(&content) {
            Ok(mail) => mails.push(mail),
            // A message with nothing to say is left out of the thread.
            Err(e) if e.message.contains("no body") => {}
            Err(e) => {
                return Err(fail(
                    ImportError::new(format!("message {}: {}", n + 1, e.message)).at(line, 1),
                ));
            }
        }
    }
    let mails = date_order(mails);
    let title = mails.iter().find_map(|m| m.subject.clone());
    Ok(Thread::new(Format::Mbox, title, thread_mails(mails)))
}

/// The mails of an archive in the order they were written:
/// - by `Date:`; mails with the same date keep their order in the file;
/// - a mail without a usable date (none, or one that does not parse) keeps
///   its place after the mail before it in the file (it takes that mail's
///   date; at the very start, it comes first);
/// - a reply never comes before the mail it answers (`In-Reply-To`,
///   `References`): one dated earlier (a sender's clock was wrong) waits and
///   follows it. Mails whose links go round in a circle are placed by date.
fn date_order(mails: Vec<Mail>) -> Vec<Mail> {
    let mut key = i64::MIN;
    let keys: Vec<i64> = mails
        .iter()
        .map(|m| {
            key = m.timestamp.unwrap_or(key);
            key
        })
        .collect();
    let mut sorted: Vec<(i64, Mail)> = keys.into_iter().zip(mails).collect();
    // Stable: equal keys keep the file's order.
    sorted.sort_by_key(|(k, _)| *k);
    let mails: Vec<Mail> = sorted.into_iter().map(|(_, m)| m).collect();

    let mut position: HashMap<&str, usize> = HashMap::new();
    for (k, mail) in mails.iter().enumerate() {
        if let Some(id) = &mail.message_id {
            position.entry(id.as_str()).or_insert(k);
        }
    }
    let parent: Vec<Option<usize>> = mails
        .iter()
        .enumerate()
        .map(|(k, mail)| {
            mail.parent_ids
                .iter()
                .find_map(|id| position.get(id.as_str()).copied().filter(|&p| p != k))
        })
        .collect();
    let n = mails.len();
    let mut placed = vec![false; n];
    let mut waiting: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut order = Vec::with_capacity(n);
    let mut place = |k: usize, placed: &mut Vec<bool>, waiting: &mut Vec<Vec<usize>>| {
        let mut stack = vec![k];
        while let Some(x) = stack.pop() {
            placed[x] = true;
            order.push(x);
            stack.extend(std::mem::take(&mut waiting[x]).into_iter().rev());
        }
    };
    for (k, p) in parent.iter().enumerate() {
        match *p {
            Some(p) if !placed[p] => waiting[p].push(k),
            _ => place(k, &mut placed, &mut waiting),
        }
    }
    for k in 0..n {
        if !placed[k] {
            place(k, &mut placed, &mut waiting);
        }
    }
    let mut slots: Vec<Option<Mail>> = mails.into_iter().map(Some).collect();
    order.into_iter().filter_map(|k| slots[k].take()).collect()
}

/// "Name: value", the name without spaces or controls.
fn is_header_line(line: &[u8]) -> bool {
    match line.iter().position(|&b| b == b':') {
        Some(colon) => colon > 0 && line[..colon].iter().all(|b| b.is_ascii_graphic()),
        None => false,
    }
}

/// mboxrd: ">From " (any number of ">") loses one ">".
fn unescape_from(content: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(content.len());
    for line in content.split_inclusive(|&b| b == b'\n') {
        let quotes = line.iter().take_while(|&&b| b == b'>').count();
        if quotes > 0 && line[quotes..].starts_with(b"From ") {
            out.extend_from_slice(&line[1..]);
        } else {
            out.extend_from_slice(line);
        }
    }
    out
}

/// Order and link the mails of an archive. A mail's quoted chain is only
/// kept as separate messages when the archive does not already hold the
/// message it quotes.
fn thread_mails(mails: Vec<Mail>) -> Vec<Message> {
    let mut messages: Vec<Message> = Vec::with_capacity(mails.len());
    let mut by_id: HashMap<String, usize> = HashMap::new();
    let mut by_key: HashMap<String, usize> = HashMap::new();
    for mail in mails {
        let mut chain = quotes::split_chain(&mail.body);
        let own = chain.pop().unwrap_or_default();
        let mut parent = mail.parent_ids.iter().find_map(|id| by_id.get(id).copied());
        if parent.is_none()
            && let Some(quoted) = chain.last()
        {
            parent = by_key.get(&quoted.key).copied();
        }
        if parent.is_none() && !chain.is_empty() {
            let zone = mail.time.as_deref().and_then(time::offset_of);
            parent = push_chain(&mut messages, chain, zone);
            // The message quoted last is the one the mail answers: it
            // carries the In-Reply-To id, and later replies to that id
            // hang from it.
            if let (Some(p), Some(id)) = (parent, mail.parent_ids.first())
                && !by_id.contains_key(id)
            {
                messages[p].source_id = Some(id.clone());
                by_id.insert(id.clone(), p);
            }
        }
        if own.body.trim().is_empty() {
            // Only a quote (a bare forward): the mail adds no words; replies
            // to it hang from what it quoted.
            if let (Some(id), Some(parent)) = (&mail.message_id, parent) {
                by_id.insert(id.clone(), parent);
            }
            continue;
        }
        let index = messages.len();
        by_key.entry(own.key.clone()).or_insert(index);
        if let Some(id) = &mail.message_id {
            by_id.insert(id.clone(), index);
        }
        messages.push(Message {
            author: mail.author,
            time: mail.time,
            body: own.body,
            reply_to: parent,
            source_id: mail.message_id,
        });
    }
    messages
}

/// Leave out messages without words (a chain piece that was only an
/// attribution, a forward with nothing added), relinking their replies to
/// what they answered.
fn drop_empty(messages: Vec<Message>) -> Vec<Message> {
    if messages.len() < 2 || messages.iter().all(|m| !m.body.trim().is_empty()) {
        return messages;
    }
    let mut new_index: Vec<Option<usize>> = Vec::with_capacity(messages.len());
    let mut kept: Vec<Message> = Vec::with_capacity(messages.len());
    for mut message in messages {
        // Parents come first, so their new index is known.
        message.reply_to = message.reply_to.and_then(|p| new_index[p]);
        if message.body.trim().is_empty() {
            new_index.push(message.reply_to);
        } else {
            new_index.push(Some(kept.len()));
            kept.push(message);
        }
    }
    kept
}

/// Add quoted older messages, their times read in the quoting mail's
/// `zone`; returns the index of the newest one.
fn push_chain(
    messages: &mut Vec<Message>,
    chain: Vec<Piece>,
    zone: Option<jiff::tz::Offset>,
) -> Option<usize> {
    let mut last = None;
    for piece in chain {
        let when = piece.time.map(|t| time::tidy(t, zone));
        messages.push(Message {
            reply_to: last,
            ..Message::new(piece.author, when, piece.body)
        });
        last = Some(messages.len() - 1);
    }
    last
}

#[cfg(test)]
mod tests {
    use super::*;

    const REPLY: &str = "From: Bo Chan <bo@example.org>\r\nTo: dev@example.org\r\nSubject: Re: build\r\nDate: Tue, 5 Mar 2024 09:00:00 +0000\r\nMessage-ID: <b@example.org>\r\nIn-Reply-To: <a@example.org>\r\n\r\nIt is not my fault.\r\n\r\nOn Mon, 4 Mar 2024, Ann Lee wrote:\r\n> You broke the build.\r\n";

    #[test]
    fn eml_quote_chain_becomes_two_messages() {
        let thread = parse_eml(REPLY.as_bytes()).unwrap();
        assert_eq!(thread.messages.len(), 2);
        assert_eq!(thread.messages[0].author.as_deref(), Some("Ann Lee"));
        assert_eq!(thread.messages[0].body, "You broke the build.");
        assert_eq!(thread.messages[1].author.as_deref(), Some("Bo Chan"));
        assert_eq!(
            thread.messages[1].time.as_deref(),
            Some("2024-03-05T09:00:00Z")
        );
        assert_eq!(thread.messages[1].reply_to, Some(0));
        assert_eq!(thread.title.as_deref(), Some("build"));
    }

    #[test]
    fn archive_style_from_comment_is_the_name() {
        let mail = b"From: ann at example.org (Ann Lee)\nSubject: x\n\nhi\n";
        let thread = parse_eml(mail).unwrap();
        assert_eq!(thread.messages[0].author.as_deref(), Some("Ann Lee"));
    }

    #[test]
    fn quoted_printable_latin1_is_decoded() {
        let mail = b"From: Jos\xe9 <j@example.org>\nSubject: x\nContent-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: quoted-printable\n\nC'est d=E9j=E0 cass=E9.\n";
        let thread = parse_eml(mail).unwrap();
        assert_eq!(thread.messages[0].body.trim(), "C'est déjà cassé.");
    }

    #[test]
    fn html_only_email_is_converted() {
        let mail = "From: a@example.org\nSubject: x\nContent-Type: text/html\n\n<p>One</p><blockquote>quoted</blockquote><p>Two &amp; three</p>";
        let thread = parse_eml(mail.as_bytes()).unwrap();
        assert_eq!(thread.messages[0].body, "One\n\n> quoted\n\nTwo & three");
    }

    #[test]
    fn email_without_body_is_an_error() {
        let err = parse_eml(b"From: a@example.org\nSubject: x\n\n\n").unwrap_err();
        assert!(err.message.contains("no body"), "{}", err.message);
    }

    #[test]
    fn headers_without_end_are_not_an_email() {
        assert!(parse_eml(b"From: a@example.org\nSubject: x").is_err());
    }

    #[test]
    fn mbox_dedupes_quoted_copies_and_links_replies() {
        let mbox = format!(
            "From ann@example.org Mon Mar  4 10:00:00 2024\nFrom: Ann Lee <ann@example.org>\nSubject: build\nMessage-ID: <a@example.org>\n\nYou broke the build.\n\n>From here on, test first.\n\nFrom bo@example.org Tue Mar  5 09:00:00 2024\n{}",
            REPLY.replace("\r\n", "\n")
        );
        let thread = parse_mbox(mbox.as_bytes()).unwrap();
        assert_eq!(thread.messages.len(), 2, "{:#?}", thread.messages);
        assert!(thread.messages[0].body.contains("\nFrom here on"));
        assert_eq!(thread.messages[1].reply_to, Some(0));
        assert_eq!(thread.messages[1].body, "It is not my fault.");
    }

    #[test]
    fn unescaped_from_in_a_body_does_not_split() {
        let mbox = "From a Mon Mar  4 10:00:00 2024\nFrom: a@example.org\nSubject: x\n\nhi\n\nFrom now on we test.\n";
        let thread = parse_mbox(mbox.as_bytes()).unwrap();
        assert_eq!(thread.messages.len(), 1);
        assert!(
            thread.messages[0]
                .body
                .trim_end()
                .ends_with("From now on we test.")
        );
    }

    #[test]
    fn forward_with_nothing_added_is_left_out() {
        let mail =
            "From: b@example.org\nSubject: x\n\nOn Mon, 4 Mar 2024, Ann wrote:\n> You broke it.\n";
        let thread = parse_eml(mail.as_bytes()).unwrap();
        assert_eq!(thread.messages.len(), 1);
        assert_eq!(thread.messages[0].author.as_deref(), Some("Ann"));
    }

    #[track_caller]
    fn mbox(mails: &[(&str, Option<&str>, Option<&str>)]) -> Vec<String> {
        let mut text = String::new();
        for (id, date, parent) in mails {
            text.push_str(&format!(
                "From x Mon Mar  4 10:00:00 2024\nFrom: {id}@example.org\n"
            ));
            if let Some(date) = date {
                text.push_str(&format!("Date: {date}\n"));
            }
            text.push_str(&format!("Message-ID: <{id}@example.org>\n"));
            if let Some(parent) = parent {
                text.push_str(&format!("In-Reply-To: <{parent}@example.org>\n"));
            }
            text.push_str(&format!("\nSaid by {id}.\n\n"));
        }
        parse_mbox(text.as_bytes())
            .unwrap()
            .messages
            .into_iter()
            .map(|m| {
                m.body
                    .trim()
                    .trim_start_matches("Said by ")
                    .trim_end_matches('.')
                    .to_string()
            })
            .collect()
    }

    #[test]
    fn mbox_is_read_in_date_order() {
        let order = mbox(&[
            ("c", Some("Wed, 6 Mar 2024 10:00:00 +0000"), None),
            ("a", Some("Mon, 4 Mar 2024 10:00:00 +0000"), None),
            // An hour later than a, written in another zone.
            ("b", Some("Mon, 4 Mar 2024 12:00:00 +0100"), None),
        ]);
        assert_eq!(order, ["a", "b", "c"]);
    }

    #[test]
    fn mail_without_a_usable_date_keeps_its_place_after_the_one_before_it() {
        let order = mbox(&[
            ("x", None, None),
            ("c", Some("Wed, 6 Mar 2024 10:00:00 +0000"), None),
            ("d", Some("the day after"), None),
            ("a", Some("Mon, 4 Mar 2024 10:00:00 +0000"), None),
        ]);
        assert_eq!(order, ["x", "a", "c", "d"]);
        // Same dates: file order.
        let same = Some("Mon, 4 Mar 2024 10:00:00 +0000");
        assert_eq!(mbox(&[("b", same, None), ("a", same, None)]), ["b", "a"]);
    }

    #[test]
    fn reply_dated_before_its_parent_follows_it() {
        let order = mbox(&[
            ("a", Some("Mon, 4 Mar 2024 10:00:00 +0000"), None),
            ("r", Some("Mon, 4 Mar 2024 09:00:00 +0000"), Some("b")),
            ("b", Some("Mon, 4 Mar 2024 11:00:00 +0000"), Some("a")),
            ("c", Some("Mon, 4 Mar 2024 12:00:00 +0000"), None),
        ]);
        assert_eq!(order, ["a", "b", "r", "c"]);
        // Links that go round in a circle fall back to the dates.
        let circle = mbox(&[
            ("p", Some("Mon, 4 Mar 2024 11:00:00 +0000"), Some("q")),
            ("q", Some("Mon, 4 Mar 2024 10:00:00 +0000"), Some("p")),
        ]);
        assert_eq!(circle.len(), 2);
    }

    #[test]
    fn flowed_body_is_rejoined_before_quotes_are_split() {
        let mail = "From: Bo <b@example.org>\nSubject: x\nContent-Type: text/plain; charset=utf-8; format=flowed; delsp=yes\n\nOn Mon, 4 Mar 2024, Ann wrote:\n> It is bro \n> ken.\n\nIt is not \nbroken.\n";
        let thread = parse_eml(mail.as_bytes()).unwrap();
        let bodies: Vec<_> = thread.messages.iter().map(|m| m.body.as_str()).collect();
        assert_eq!(bodies, ["It is broken.", "It is notbroken."]);
        // Without format=flowed, trailing spaces are only spaces.
        let fixed = mail.replace("; format=flowed; delsp=yes", "");
        let thread = parse_eml(fixed.as_bytes()).unwrap();
        // (Before `finish` tidies trailing spaces.)
        assert_eq!(thread.messages[1].body, "It is not \nbroken.");
    }

    #[test]
    fn quoted_message_carries_the_in_reply_to_id() {
        let thread = parse_eml(REPLY.as_bytes()).unwrap();
        let ids: Vec<_> = thread
            .messages
            .iter()
            .map(|m| m.source_id.as_deref())
            .collect();
        assert_eq!(ids, [Some("a@example.org"), Some("b@example.org")]);
    }

    #[test]
    fn truncated_mbox_names_the_message_and_line() {
        let mbox = "From a Mon Mar  4 10:00:00 2024\nFrom: a@example.org\n\nhi\n\nFrom b Mon Mar  4 10:00:00 2024\nFrom: b@exa";
        let err = parse_mbox(mbox.as_bytes()).unwrap_err();
        assert_eq!(err.position, Some((6, 1)));
        assert!(err.message.contains("message 2"), "{}", err.message);
    }

    #[test]
    fn mailman_scrubbed_attachment_note_is_dropped() {
        let mail = format!(
            "From: a@example.org\nSubject: x\n\nHello.\n{MAILMAN_SCRUBBED}\nAn HTML attachment was scrubbed...\n"
        );
        let thread = parse_eml(mail.as_bytes()).unwrap();
        assert_eq!(thread.messages[0].body.trim(), "Hello.");
    }
}
