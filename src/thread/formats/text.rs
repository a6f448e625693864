//! Plain text and Markdown threads, as people paste them.
//!
//! Messages are separated by `---` lines (always), and by headers —
//! "Name:", "Name wrote:", "On DATE, Name wrote:" (and other languages'
//! attribution lines), "[10:32] Name: …", "name commented on DATE" and
//! "Name — Today at 10:32" as pages copy them — when there are any: a
//! header starts a message and the blank lines after it belong to that
//! message. An attribution line over a `>` quote splits as in email: the
//! quote is the named person's message, the text after it answers it.
//!
//! Without any header, each blank-line-separated paragraph is a message (a
//! paragraph of `>` quotes or a greeting goes with the paragraph after it, a
//! sign-off with the one before). `>` quotes stay in the body. Fenced code
//! blocks are never split.
//!
//! **What makes "Name:" a header, and "Whatever: …" prose.** Prose puts
//! words before a colon too, so a "Name:" line is a header only when all of
//! these hold:
//! 1. *Where it stands*: it starts a paragraph (after a blank line, a `---`
//!    or the top), or it is a line of a chat log (a paragraph whose lines
//!    each start with "Name: …").
//! 2. *What the name looks like*: at most 40 characters and three words,
//!    letters, digits and `. - _ ' @` only, starting with a letter or `@`;
//!    a name of two or three words is capitalised word by word ("Ann Lee",
//!    particles such as "van" or "de" aside).
//! 3. *It is not a common word*: its first word is not a label ("Note",
//!    "Update", "Expected"), a function word, an interjection or a
//!    discourse marker ("Whatever", "Seriously", "Look") — [`NOT_NAMES`].
//! 4. *The thread bears it out*, for the one shape prose shares with names:
//!    a single plain word ("Ann", "bob") with text after the colon and no
//!    time. Such a line is a header only when the thread shows speakers:
//!    another header of any kind, the same name heading a second message,
//!    or two different names. A header that stands alone on its line
//!    ("Ann:"), carries a time ("Ann (10:02): …", "[10:02] Ann: …"), is in
//!    bold ("**Ann:** …"), has a handle's shape (digits, `_ - . @`, inner
//!    capitals: "devon_okafor", "mKowalczyk") or two or three capitalised
//!    words needs no such support.
//!
//! So "Whatever: you never listen." alone is a message by nobody, and
//! "Ann: you broke it" / "Bo: I did not" is two messages by Ann and Bo.

use crate::thread::quotes;
use crate::thread::{Format, ImportError, Message, Thread};

/// Words that look like "Name:" but start a line of prose: labels, function
/// words, interjections and discourse markers.
#[rustfmt::skip]
const NOT_NAMES: &[&str] = &[
    "note", "notes", "nb", "n.b", "edit", "edited", "update", "updated", "ps", "p.s", "pps",
    "tl;dr", "tldr", "example", "examples", "e.g", "i.e", "background", "summary", "steps", "step",
    "expected", "actual", "question", "questions", "answer", "reason", "result", "results",
    "error", "errors", "warning", "fix", "todo", "re", "fw", "fwd", "subject", "title", "date",
    "to", "cc", "bcc", "from", "sent", "important", "disclaimer", "caveat", "context", "problem",
    "solution", "issue", "bug", "details", "output", "input", "code", "version", "status", "http",
    "https", "mailto", "ftp", "file", "tip", "hint", "source", "sources", "see", "also",
    "why", "what", "how", "when", "where", "who", "but", "and", "so", "yes", "no", "ok", "okay",
    "well", "because", "however", "therefore", "anyway", "first", "second", "third",
    "finally", "then", "now", "today", "yesterday", "tomorrow", "here", "there", "this", "that",
    "these", "those", "it", "i", "we", "you", "they", "he", "she", "my", "our", "your", "the", "a",
    "an", "quote", "link", "links", "ref", "refs", "reference", "references", "pros", "cons",
    "plan", "goal", "goals", "proposal", "option", "options", "idea", "ideas", "honestly",
    "seriously", "again", "look", "listen", "fine", "sorry", "thanks", "thank", "please", "agreed",
    "exactly", "correct", "wrong", "true", "false", "right", "nope", "yep", "btw", "fyi", "imo",
    "imho", "lol", "wow", "ugh", "oh", "hey", "hi", "hello", "dear", "regards", "cheers",
    "meanwhile", "otherwise", "instead", "basically", "actually", "conclusion", "verdict",
    "workaround", "cause", "impact", "timeline", "changelog", "docs", "documentation", "config",
    "command", "usage", "log", "logs", "trace", "traceback", "stacktrace", "environment", "env",
    "whatever", "anyways", "sure", "really", "wait", "meh", "nah", "jeez", "geez", "damn", "dude",
    "man", "gosh", "god", "wtf", "omg", "smh", "ffs", "newsflash", "spoiler", "spoilers",
    "reminder", "psa", "translation", "correction", "clarification", "upd", "nevermind", "nvm",
    "srsly", "also", "plus", "besides", "like", "literally", "obviously", "clearly", "frankly",
    "personally", "ironically", "funny", "bonus", "rule", "fact", "facts", "truth", "point",
    "lesson", "moral", "reality", "news", "breaking", "caution", "attention", "short", "long",
    "quick", "hmm", "huh", "uh", "um", "erm", "yeah", "yes", "nope", "definitely", "absolutely",
    "totally", "great", "cool", "nice", "awesome", "sigh", "sadly", "luckily", "unfortunately",
    "hopefully", "apparently", "surprise", "bottom", "verdict", "recap", "answer", "hot",
    "unpopular", "counterpoint", "objection", "response", "reply", "follow-up", "followup",
];

/// A header line understood.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct Header {
    author: Option<String>,
    time: Option<String>,
    /// Text after "Name:" on the same line.
    rest: Option<String>,
    /// An email-style attribution ("… wrote:"), not a "Name:" label.
    attribution: bool,
    /// "Word: text": a single plain word with text after it and no time,
    /// the shape prose shares with names (rule 4 of the module docs).
    ambiguous: bool,
}

/// Which header lines a thread accepts: [`header`], with lines of the
/// ambiguous shape only when the thread bears them out.
#[derive(Clone, Copy)]
struct Headers {
    allow_ambiguous: bool,
}

impl Headers {
    /// Look at every line in header position (paragraph starts, chat lines)
    /// to decide whether ambiguous "Word: text" lines are headers.
    fn of(blocks: &[Vec<Vec<&str>>]) -> Headers {
        let mut names: Vec<String> = Vec::new();
        let mut any_clear = false;
        for para in blocks.iter().flatten() {
            let Some(first) = header(para[0]) else {
                continue;
            };
            let chat = first.rest.is_some();
            let rest = para[1..]
                .iter()
                .filter_map(|l| header(l).filter(|h| chat && h.rest.is_some()));
            for head in std::iter::once(first).chain(rest) {
                any_clear |= !head.ambiguous;
                names.extend(head.author.map(|a| a.to_lowercase()));
            }
        }
        let total = names.len();
        names.sort();
        names.dedup();
        // Two names, or one name twice: speakers.
        Headers {
            allow_ambiguous: any_clear || names.len() >= 2 || total > names.len(),
        }
    }

    fn get(self, line: &str) -> Option<Header> {
        header(line).filter(|h| !h.ambiguous || self.allow_ambiguous)
    }
}

pub(crate) fn parse(text: &str) -> Result<Thread, ImportError> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut lines: Vec<&str> = text.lines().collect();
    let mut title = None;
    front_matter(&mut lines, &mut title);
    let blocks = split_blocks(&lines);
    let mut blocks: Vec<Vec<Vec<&str>>> = blocks.iter().map(|b| paragraphs(b)).collect();
    take_title(&mut blocks, &mut title);
    blocks.retain(|b| !b.is_empty());
    let several_blocks = blocks.len() > 1;
    let headers = Headers::of(&blocks);

    let mut messages = Vec::new();
    for block in &blocks {
        let has_headers = block.iter().any(|p| headers.get(p[0]).is_some());
        if has_headers {
            by_headers(block, headers, &mut messages);
        } else if several_blocks {
            messages.push(message(None, None, join_paragraphs(block)));
        } else {
            by_paragraphs(block, &mut messages);
        }
    }
    messages.retain(|m| !m.body.trim().is_empty());
    Ok(Thread::new(Format::Text, title, messages))
}

fn message(author: Option<String>, time: Option<String>, body: String) -> Message {
    Message::new(author, time, body)
}

/// YAML front matter (`---` … `---` at the very top): its `title:` is the
/// thread's title, and it is not a message.
fn front_matter(lines: &mut Vec<&str>, title: &mut Option<String>) {
    if lines.first().map(|l| l.trim()) != Some("---") {
        return;
    }
    let Some(end) = lines.iter().skip(1).position(|l| l.trim() == "---") else {
        return;
    };
    let inner = &lines[1..=end];
    // Only YAML with the keys pages use: "---\nbob: hi\n---" is a message.
    const KEYS: &[&str] = &[
        "title",
        "date",
        "author",
        "tags",
        "layout",
        "description",
        "draft",
        "categories",
        "slug",
    ];
    let key = |l: &str| l.split_once(':').map(|(k, _)| k.trim().to_string());
    let all_keys = inner.iter().all(|l| {
        l.trim().is_empty()
            || l.starts_with([' ', '-'])
            || key(l).is_some_and(|k| {
                !k.is_empty()
                    && k.chars()
                        .all(|c| c.is_ascii_lowercase() || c == '_' || c == '-')
            })
    }) && inner
        .iter()
        .any(|l| key(l).is_some_and(|k| KEYS.contains(&k.as_str())));
    if !all_keys {
        return;
    }
    for line in inner {
        if let Some(value) = line.strip_prefix("title:") {
            *title = Some(value.trim().trim_matches(['"', '\'']).to_string());
        }
    }
    lines.drain(..end + 2);
}

/// A leading "# Title", "Subject: …" or "Title: …" line names the thread.
fn take_title(blocks: &mut [Vec<Vec<&str>>], title: &mut Option<String>) {
    let Some(first) = blocks.first_mut().and_then(|b| b.first_mut()) else {
        return;
    };
    let line = first[0].trim();
    let found = if let Some(t) = line.strip_prefix("# ") {
        Some(t.trim())
    } else {
        ["Subject:", "Title:"]
            .iter()
            .find_map(|p| line.strip_prefix(p))
            .map(str::trim)
    };
    if let Some(found) = found {
        if title.is_none() {
            *title = Some(found.to_string());
        }
        first.remove(0);
        if first.is_empty() {
            blocks[0].remove(0);
        }
    }
}

fn is_fence(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with("```") || t.starts_with("~~~")
}

fn is_separator(line: &str) -> bool {
    let t: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    t.len() >= 3
        && (t.chars().all(|c| c == '-')
            || t.chars().all(|c| c == '*')
            || t.chars().all(|c| c == '_'))
}

/// Split at separator lines outside code fences.
fn split_blocks<'a>(lines: &[&'a str]) -> Vec<Vec<&'a str>> {
    let mut blocks = vec![Vec::new()];
    let mut fenced = false;
    for &line in lines {
        if is_fence(line) {
            fenced = !fenced;
        }
        if !fenced && is_separator(line) {
            blocks.push(Vec::new());
        } else if let Some(block) = blocks.last_mut() {
            block.push(line);
        }
    }
    blocks
}

/// Group lines into paragraphs; blank lines inside a code fence do not end
/// one.
fn paragraphs<'a>(lines: &[&'a str]) -> Vec<Vec<&'a str>> {
    let mut out: Vec<Vec<&str>> = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    let mut fenced = false;
    for &line in lines {
        if is_fence(line) {
            fenced = !fenced;
        }
        if line.trim().is_empty() && !fenced {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
        } else {
            current.push(line);
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

fn join_paragraphs(paragraphs: &[Vec<&str>]) -> String {
    paragraphs
        .iter()
        .map(|p| p.join("\n"))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Openings that belong to the paragraph after them ("Hi all,").
#[rustfmt::skip]
const GREETINGS: &[&str] = &[
    "hi", "hello", "hey", "dear", "hallo", "bonjour", "hola", "greetings", "folks", "all",
    "everyone", "team", "morning", "good", "moin", "salut", "ciao",
];

/// Closings that belong to the paragraph before them ("Thanks,\nSam").
#[rustfmt::skip]
const SIGN_OFFS: &[&str] = &[
    "thanks", "thank you", "cheers", "regards", "best", "kind regards", "best regards",
    "sincerely", "thx", "ty", "--", "—", "greetings", "ciao", "danke", "merci", "saludos", "gruß",
    "grüße", "viele grüße", "cordialement",
];

fn is_greeting(para: &[&str]) -> bool {
    let [line] = para else { return false };
    let line = line.trim();
    let first = line
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("")
        .to_lowercase();
    line.chars().count() <= 40
        && line.ends_with([',', '!', ':'])
        && GREETINGS.contains(&first.as_str())
}

fn is_sign_off(para: &[&str]) -> bool {
    let first = para[0].trim().to_lowercase();
    para.len() <= 3
        && para.iter().all(|l| l.chars().count() <= 40)
        && SIGN_OFFS.iter().any(|s| {
            first.starts_with(s)
                && first[s.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_alphanumeric())
        })
}

/// No headers: each paragraph is a message; a paragraph of quotes or a
/// greeting goes with the paragraph after it, a sign-off with the one
/// before it.
fn by_paragraphs(block: &[Vec<&str>], messages: &mut Vec<Message>) {
    let mut pending_quote: Vec<String> = Vec::new();
    for para in block {
        let text = para.join("\n");
        if para.iter().all(|l| l.trim_start().starts_with('>')) || is_greeting(para) {
            pending_quote.push(text);
            continue;
        }
        if pending_quote.is_empty()
            && is_sign_off(para)
            && let Some(last) = messages.last_mut()
        {
            last.body.push_str("\n\n");
            last.body.push_str(&text);
            continue;
        }
        pending_quote.push(text);
        messages.push(message(None, None, pending_quote.join("\n\n")));
        pending_quote.clear();
    }
    if !pending_quote.is_empty() {
        let quote = pending_quote.join("\n\n");
        match messages.last_mut() {
            Some(last) => {
                last.body.push_str("\n\n");
                last.body.push_str(&quote);
            }
            None => messages.push(message(None, None, quote)),
        }
    }
}

/// Headers present: each header starts a message; other paragraphs belong
/// to the message before them. In a chat log ("Ann: hi" on every line) each
/// line is a message.
fn by_headers(block: &[Vec<&str>], headers: Headers, messages: &mut Vec<Message>) {
    let mut current: Option<Message> = None;
    for para in block {
        let mut lines = para.iter().peekable();
        let first = lines.next().copied().unwrap_or("");
        let Some(head) = headers.get(first) else {
            let text = para.join("\n");
            match current.as_mut() {
                Some(m) => {
                    if !m.body.is_empty() {
                        m.body.push_str("\n\n");
                    }
                    m.body.push_str(&text);
                }
                None => current = Some(message(None, None, text)),
            }
            continue;
        };
        messages.extend(current.take());
        if head.attribution
            && lines
                .peek()
                .is_some_and(|l| l.trim_start().starts_with('>'))
        {
            // "On …, Ann wrote:" over a quote is an email attribution: the
            // quote is Ann's message, what follows answers it.
            let chain = quotes::split_chain(&para.join("\n"));
            if chain.len() > 1 {
                let base = messages.len();
                let last = chain.len() - 1;
                for (i, piece) in chain.into_iter().enumerate() {
                    let mut m = message(piece.author, piece.time, piece.body);
                    m.reply_to = i.checked_sub(1).map(|p| base + p);
                    if i == last {
                        current = Some(m);
                    } else {
                        messages.push(m);
                    }
                }
                continue;
            }
        }
        let chat = head.rest.is_some();
        let mut body = head.rest.clone().unwrap_or_default();
        let mut author = head.author;
        let mut time = head.time;
        for &line in lines {
            if chat && let Some(next) = headers.get(line).filter(|h| h.rest.is_some()) {
                messages.push(message(
                    author.take(),
                    time.take(),
                    std::mem::take(&mut body),
                ));
                author = next.author;
                time = next.time;
                body = next.rest.unwrap_or_default();
                continue;
            }
            if !body.is_empty() {
                body.push('\n');
            }
            body.push_str(line);
        }
        current = Some(message(author, time, body));
    }
    messages.extend(current);
}

/// Parse a line as a message header.
fn header(line: &str) -> Option<Header> {
    // Markdown emphasis around the name ("**Ann:**") marks a label; the
    // marks themselves do not matter.
    let bold = line.trim_start().starts_with("**") || line.trim_start().starts_with("__");
    let cleaned: String;
    let line = if line.contains("**") || line.contains("__") {
        cleaned = line.replace("**", "").replace("__", "");
        cleaned.as_str()
    } else {
        line
    };
    let line = line.trim();
    if line.starts_with('>') || line.is_empty() {
        return None;
    }
    // "[10:32] Ann: …" — a chat timestamp first.
    let (stamp, line) = match line.strip_prefix('[').and_then(|l| l.split_once(']')) {
        Some((inside, rest))
            if inside.len() <= 32 && inside.chars().any(|c| c.is_ascii_digit()) =>
        {
            (Some(inside.trim().to_string()), rest.trim_start())
        }
        _ => (None, line),
    };
    if let Some(attribution) = quotes::attribution(line)
        && attribution.author.is_some()
    {
        return Some(Header {
            author: attribution.author,
            time: attribution.time.or(stamp),
            rest: None,
            attribution: true,
            ambiguous: false,
        });
    }
    if let Some(head) = web_copy_header(line) {
        return Some(head);
    }
    // "Name (time): …": the time may hold colons of its own.
    let split_at = match (line.find(" ("), line.find("):")) {
        (Some(open), Some(close)) if open < close && !line[..open].contains(':') => close + 1,
        _ => line.find(':')?,
    };
    let (name, rest) = (&line[..split_at], &line[split_at + 1..]);
    if rest.starts_with("//") {
        return None;
    }
    let (name, time) = match name
        .trim_end()
        .strip_suffix(')')
        .and_then(|n| n.rsplit_once('('))
    {
        Some((name, time)) if time.chars().any(|c| c.is_ascii_digit()) => {
            (name.trim(), Some(time.trim().to_string()))
        }
        _ => (name.trim(), stamp),
    };
    if !looks_like_name(name) {
        return None;
    }
    let rest = rest.trim();
    let ambiguous = !rest.is_empty()
        && time.is_none()
        && !bold
        && !name.contains(char::is_whitespace)
        && !handle_shaped(name);
    Some(Header {
        author: Some(name.to_string()),
        time,
        rest: (!rest.is_empty()).then(|| rest.to_string()),
        attribution: false,
        ambiguous,
    })
}

/// A user name rather than a word: digits, `_ - . @`, or a capital after
/// the first letter ("devon_okafor", "user42", "@ann", "mKowalczyk").
fn handle_shaped(name: &str) -> bool {
    name.chars()
        .any(|c| c.is_ascii_digit() || matches!(c, '_' | '-' | '.' | '@'))
        || name.chars().skip(1).any(char::is_uppercase)
}

/// Headers that web pages put above a comment when it is copied:
/// GitHub's "ann commented on Mar 4, 2024" and chat apps' "Ann — Today at
/// 10:32". The time must look like one.
fn web_copy_header(line: &str) -> Option<Header> {
    let looks_like_time = |t: &str| {
        let lower = t.to_lowercase();
        (t.chars().any(|c| c.is_ascii_digit()) && t.contains([':', ',', '/', '-', '.']))
            || lower.ends_with(" ago")
            || lower.starts_with("today")
            || lower.starts_with("yesterday")
    };
    let (name, time) = if let Some((name, time)) = line.split_once(" commented ") {
        (name, time.strip_prefix("on ").unwrap_or(time))
    } else if let Some((name, time)) = line.split_once(" — ") {
        (name, time)
    } else {
        return None;
    };
    let (name, time) = (name.trim(), time.trim());
    if !looks_like_name(name) || !looks_like_time(time) || time.chars().count() > 40 {
        return None;
    }
    Some(Header {
        author: Some(name.to_string()),
        time: Some(time.to_string()),
        rest: None,
        attribution: false,
        ambiguous: false,
    })
}

fn looks_like_name(name: &str) -> bool {
    if name.is_empty() || name.chars().count() > 40 {
        return false;
    }
    if !name
        .chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '@')
    {
        return false;
    }
    if !name
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '.' | '-' | '_' | '\'' | '@' | '’'))
    {
        return false;
    }
    let words: Vec<&str> = name.split_whitespace().collect();
    let first = words[0].to_lowercase();
    if NOT_NAMES.contains(&first.trim_end_matches('.')) {
        return false;
    }
    match words.len() {
        1 => true,
        2..=3 => words.iter().all(|w| {
            w.starts_with(|c: char| c.is_uppercase() || c == '@')
                || matches!(
                    *w,
                    "van" | "de" | "der" | "von" | "da" | "di" | "le" | "la" | "del"
                )
        }),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn parsed(text: &str) -> Vec<(Option<String>, String)> {
        parse(text)
            .unwrap()
            .messages
            .into_iter()
            .map(|m| (m.author, m.body))
            .collect()
    }

    fn some(s: &str) -> Option<String> {
        Some(s.to_string())
    }

    #[test]
    fn paragraphs_without_headers_are_messages() {
        assert_eq!(
            parsed("You broke it.\n\nI did not.\n"),
            [(None, "You broke it.".into()), (None, "I did not.".into())]
        );
    }

    #[test]
    fn header_keeps_blank_lines_inside_the_message() {
        assert_eq!(
            parsed("Ann:\nFirst para.\n\nSecond para.\n\nBo: reply\n"),
            [
                (some("Ann"), "First para.\n\nSecond para.".into()),
                (some("Bo"), "reply".into())
            ]
        );
    }

    #[test]
    fn dashes_always_separate() {
        assert_eq!(
            parsed("one\n\nstill one\n---\ntwo\n"),
            [(None, "one\n\nstill one".into()), (None, "two".into())]
        );
    }

    #[test]
    fn wrote_and_on_date_wrote_headers() {
        let thread =
            parse("Ann Lee wrote:\nNo.\n\nOn Mon, 4 Mar 2024, Bo Chan wrote:\nYes.\n").unwrap();
        assert_eq!(thread.messages[0].author.as_deref(), Some("Ann Lee"));
        assert_eq!(thread.messages[1].author.as_deref(), Some("Bo Chan"));
        assert_eq!(thread.messages[1].time.as_deref(), Some("Mon, 4 Mar 2024"));
    }

    #[test]
    fn quotes_stay_in_the_body() {
        assert_eq!(
            parsed("> you never test\n\nI test every day.\n"),
            [(None, "> you never test\n\nI test every day.".into())]
        );
    }

    #[test]
    fn label_words_are_not_authors() {
        assert_eq!(
            parsed("Ann: it broke\n\nNote: the nightly too\n\nBo: fixed\n"),
            [
                (some("Ann"), "it broke\n\nNote: the nightly too".into()),
                (some("Bo"), "fixed".into())
            ]
        );
    }

    #[test]
    fn prose_with_a_colon_is_not_a_header() {
        assert_eq!(
            parsed("Whatever: you never listen.\n\nI do listen.\n"),
            [
                (None, "Whatever: you never listen.".into()),
                (None, "I do listen.".into())
            ]
        );
        // Interjections are not names even among real speakers.
        assert_eq!(
            parsed("Ann: I tried it.\nSeriously: it works here.\nBo: ok\n"),
            [
                (some("Ann"), "I tried it.\nSeriously: it works here.".into()),
                (some("Bo"), "ok".into())
            ]
        );
    }

    #[test]
    fn a_lone_plain_word_needs_the_thread_to_bear_it_out() {
        // One "Word: text" line and nothing else: prose.
        assert_eq!(
            parsed("Dana: you broke it again.\n"),
            [(None, "Dana: you broke it again.".into())]
        );
        // The same word standing alone, with a time, in bold or shaped like
        // a handle: a header.
        for (text, name) in [
            ("Dana:\nyou broke it again.\n", "Dana"),
            ("Dana (10:02): you broke it again.\n", "Dana"),
            ("[10:02] Dana: you broke it again.\n", "Dana"),
            ("**Dana:** you broke it again.\n", "Dana"),
            ("dana_k: you broke it again.\n", "dana_k"),
            ("Dana Whitfield: you broke it again.\n", "Dana Whitfield"),
        ] {
            assert_eq!(parsed(text)[0].0.as_deref(), Some(name), "{text:?}");
        }
        // Two speakers, or one speaking twice, bear each other out.
        assert_eq!(parsed("Ann: no\n\nBo: yes\n")[1].0, some("Bo"));
        assert_eq!(parsed("Ann: no\n\nwell\n\nAnn: yes\n")[0].0, some("Ann"));
    }

    #[test]
    fn chat_log_lines_are_messages() {
        assert_eq!(
            parsed("Ann: you broke it\nBo: I did not\n[10:02] Ann: you did\n"),
            [
                (some("Ann"), "you broke it".into()),
                (some("Bo"), "I did not".into()),
                (some("Ann"), "you did".into())
            ]
        );
    }

    #[test]
    fn urls_are_not_headers() {
        assert_eq!(parsed("https://example.org/x\n").len(), 1);
        assert_eq!(parsed("https://example.org/x\n")[0].0, None);
    }

    #[test]
    fn markdown_title_and_bold_names() {
        let thread = parse("# Build broken\n\n**Ann:** it broke\n\n**Bo:** no\n").unwrap();
        assert_eq!(thread.title.as_deref(), Some("Build broken"));
        assert_eq!(thread.messages.len(), 2);
        assert_eq!(thread.messages[1].author.as_deref(), Some("Bo"));
    }

    #[test]
    fn code_fence_with_blank_lines_and_dashes_stays_whole() {
        let text = "Ann:\n```\na\n\n---\nb\n```\n";
        assert_eq!(
            parsed(text),
            [(some("Ann"), "```\na\n\n---\nb\n```".into())]
        );
    }

    #[test]
    fn front_matter_title_is_not_a_message() {
        let thread = parse("---\ntitle: \"Heated\"\n---\nhello\n").unwrap();
        assert_eq!(thread.title.as_deref(), Some("Heated"));
        assert_eq!(thread.messages.len(), 1);
    }

    #[test]
    fn leading_dashes_around_a_chat_line_are_not_front_matter() {
        assert_eq!(
            parsed("---\nbob: hi\n---\nann: hello\n"),
            [(some("bob"), "hi".into()), (some("ann"), "hello".into())]
        );
    }

    #[test]
    fn copied_github_and_chat_headers() {
        let thread = parse(
            "devon-okafor commented on Mar 4, 2024\nIt broke.\n\nmkowalczyk commented 2 days ago\nIt did not.\n\nLena Vogt — Today at 10:32\nStop.\n",
        )
        .unwrap();
        let got: Vec<_> = thread
            .messages
            .iter()
            .map(|m| (m.author.as_deref(), m.time.as_deref(), m.body.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (Some("devon-okafor"), Some("Mar 4, 2024"), "It broke."),
                (Some("mkowalczyk"), Some("2 days ago"), "It did not."),
                (Some("Lena Vogt"), Some("Today at 10:32"), "Stop."),
            ]
        );
        assert_eq!(parsed("Tabs — 3 reasons why\n")[0].0, None);
    }

    #[test]
    fn crlf_text_splits_like_lf() {
        assert_eq!(parsed("a\r\n\r\nb\r\n").len(), 2);
    }

    #[test]
    fn attribution_over_a_quote_splits_like_email() {
        let thread =
            parse("On Mon, 4 Mar 2024, Dana wrote:\n> It is broken.\n\nIt is not.\n").unwrap();
        let got: Vec<_> = thread
            .messages
            .iter()
            .map(|m| (m.author.as_deref(), m.body.as_str(), m.reply_to))
            .collect();
        assert_eq!(
            got,
            [
                (Some("Dana"), "It is broken.", None),
                (None, "It is not.", Some(0))
            ]
        );
    }

    #[test]
    fn greeting_and_sign_off_stay_with_their_paragraph() {
        assert_eq!(
            parsed("Hi all,\n\nThe build is broken.\n\nThanks,\nSam\n\nIt is not.\n"),
            [
                (
                    None,
                    "Hi all,\n\nThe build is broken.\n\nThanks,\nSam".into()
                ),
                (None, "It is not.".into())
            ]
        );
    }

    #[test]
    fn name_with_time_in_parentheses() {
        let thread = parse("Ann (2024-03-04 10:02): stop\n").unwrap();
        assert_eq!(thread.messages[0].time.as_deref(), Some("2024-03-04 10:02"));
    }
}
