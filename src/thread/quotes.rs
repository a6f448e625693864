//! Quoted reply chains: attribution lines ("On … wrote:", "Am … schrieb …:",
//! "Le … a écrit :", …) and the `>` blocks under them, split into the older
//! messages they quote. Email uses it for whole chains; plain text uses the
//! attribution parser for its "On DATE, Name wrote:" headers.
//!
//! The phrasings are parsing mechanism, kept here as small tables.

/// An attribution line understood: who wrote the quoted text, and when.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Attribution {
    pub author: Option<String>,
    pub time: Option<String>,
}

/// "<prefix> DATE, NAME <suffix>": the date comes first, the name last.
const DATE_NAME: &[(&str, &str)] = &[
    ("On ", "wrote:"),
    ("On ", "writes:"),
    ("On ", "said:"),
    ("Le ", "a écrit :"),
    ("Le ", "a écrit:"),
    ("El ", "escribió:"),
    ("El ", "escribio:"),
    ("Em ", "escreveu:"),
    ("Il giorno ", "ha scritto:"),
    ("Il ", "ha scritto:"),
    ("W dniu ", "pisze:"),
    ("W dniu ", "napisał:"),
    ("Dne ", "napsal(a):"),
    ("Dne ", "napsal:"),
];

/// "<prefix> DATE <verb> NAME:": the name follows a verb.
const DATE_VERB_NAME: &[(&str, &str)] = &[
    ("Am ", " schrieb "),
    ("Op ", " schreef "),
    ("Den ", " skrev "),
    ("Le ", " a écrit "),
];

/// "NAME <verb>": no date.
const NAME_ONLY: &[&str] = &[
    " wrote:",
    " writes:",
    " said:",
    " schrieb:",
    " a écrit :",
    " a écrit:",
    " escribió:",
    " ha scritto:",
    " schreef:",
    " skrev:",
];

/// Words that end a date and can never be part of a name in "DATE NAME".
const DATE_WORDS: &[&str] = &[
    "am",
    "pm",
    "a.m.",
    "p.m.",
    "utc",
    "gmt",
    "at",
    "um",
    "à",
    "a",
    "las",
    "alle",
    "om",
    "kl.",
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "mon",
    "tue",
    "wed",
    "thu",
    "fri",
    "sat",
    "sun",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Parse one (possibly re-joined) line as an attribution line.
pub(crate) fn attribution(line: &str) -> Option<Attribution> {
    let line = line.trim();
    // A quoted line is someone else's text; an attribution quoted along
    // with it is found by unquoting (see `attribution_inside_quote`).
    if line.len() > 300 || !line.ends_with(':') || line.starts_with('>') {
        return None;
    }
    for (prefix, suffix) in DATE_NAME {
        if let Some(inner) = strip_prefix_ci(line, prefix).and_then(|s| s.strip_suffix(suffix)) {
            let (date, name) = split_date_name(inner.trim().trim_end_matches(','));
            if date.is_some() || name.is_some() {
                return Some(Attribution {
                    author: name,
                    time: date,
                });
            }
        }
    }
    for (prefix, verb) in DATE_VERB_NAME {
        if let Some(rest) = strip_prefix_ci(line, prefix)
            && let Some(at) = rest.find(verb)
        {
            let date = rest[..at].trim().trim_end_matches(',').trim();
            let name = rest[at + verb.len()..].trim_end_matches(':').trim();
            let name = clean_name(name);
            if name.is_some() {
                return Some(Attribution {
                    author: name,
                    time: non_empty(date),
                });
            }
        }
    }
    // "DATE NAME <address>:" (Gmail in some locales).
    if line.ends_with(">:") && line.starts_with(|c: char| c.is_ascii_digit()) {
        let inner = &line[..line.len() - 1];
        let (date, name) = split_date_name(inner);
        if date.is_some() && name.is_some() {
            return Some(Attribution {
                author: name,
                time: date,
            });
        }
    }
    for suffix in NAME_ONLY {
        if let Some(name) = line.strip_suffix(suffix)
            && name.split_whitespace().count() <= 6
            && !name.contains(':')
            && let Some(name) = clean_name(name)
        {
            return Some(Attribution {
                author: Some(name),
                time: None,
            });
        }
    }
    None
}

fn strip_prefix_ci<'a>(line: &'a str, prefix: &str) -> Option<&'a str> {
    let head = line.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &line[prefix.len()..])
}

fn non_empty(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

/// A name without its `<address>`; the address alone when there is no name.
fn clean_name(name: &str) -> Option<String> {
    let name = name.trim().trim_matches('"');
    let (display, address) = match (name.find('<'), name.rfind('>')) {
        (Some(open), Some(close)) if open < close => {
            (name[..open].trim(), Some(name[open + 1..close].trim()))
        }
        _ => (name, None),
    };
    let display = display.trim_matches(|c: char| c.is_whitespace() || matches!(c, '"' | '(' | ')'));
    if !display.is_empty() {
        return Some(display.to_string());
    }
    address.and_then(non_empty)
}

/// Split "DATE, NAME" or "DATE NAME <address>" into its parts.
fn split_date_name(inner: &str) -> (Option<String>, Option<String>) {
    // The address, if any, marks where the name ends.
    let (head, address) = match (inner.rfind('<'), inner.rfind('>')) {
        (Some(open), Some(close)) if open < close => {
            (inner[..open].trim_end(), Some(&inner[open..=close]))
        }
        _ => (inner.trim_end(), None),
    };
    // "DATE, NAME": the last comma, when what follows has no digits.
    if let Some(comma) = head.rfind(", ") {
        let name = head[comma + 2..].trim();
        if !name.is_empty()
            && !name.chars().any(|c| c.is_ascii_digit())
            && name.split_whitespace().count() <= 6
        {
            let date = head[..comma].trim();
            return (non_empty(date), clean_name(&with_address(name, address)));
        }
    }
    // "DATE NAME": the name is the run of trailing words that do not look
    // like part of a date.
    let words: Vec<&str> = head.split_whitespace().collect();
    let mut start = words.len();
    while start > 0 {
        let word = words[start - 1];
        let lower = word.to_lowercase();
        let lower = lower.trim_end_matches([',', '.']);
        if word.chars().any(|c| c.is_ascii_digit())
            || DATE_WORDS.contains(&lower)
            || word.starts_with(['+', '-', '('])
        {
            break;
        }
        start -= 1;
    }
    if start == words.len() {
        // No name words: the address stands for the name.
        let name = address.and_then(clean_name);
        return (non_empty(head.trim_end_matches(',')), name);
    }
    let date = words[..start].join(" ");
    let name = words[start..].join(" ");
    (non_empty(&date), clean_name(&with_address(&name, address)))
}

fn with_address(name: &str, address: Option<&str>) -> String {
    match address {
        Some(address) => format!("{name} {address}"),
        None => name.to_string(),
    }
}

/// One message recovered from a quoted chain.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Piece {
    pub author: Option<String>,
    pub time: Option<String>,
    pub body: String,
    /// A fingerprint of the whole text this piece was cut from (its own
    /// words and everything it quoted), to recognise the same message when
    /// an archive holds both it and a quoted copy.
    pub key: String,
}

/// How deep quoted chains are followed.
const MAX_CHAIN: usize = 64;

/// Body size times depth beyond which a chain is not split further.
const MAX_CHAIN_BYTES: usize = 256 * 1024 * 1024;

/// Split a message body into the chain it quotes: older messages first,
/// the body's own new text last. Only quotes under an attribution line are
/// split off; other `>` text stays in the body. When the reply interleaves
/// its answers with pieces of the quote, the quoted pieces become the older
/// message and the reply keeps its quotes (they are its context).
pub(crate) fn split_chain(body: &str) -> Vec<Piece> {
    let mut chain = Vec::new();
    split_into(body, 0, &mut chain);
    chain
}

fn split_into(body: &str, depth: usize, chain: &mut Vec<Piece>) {
    let key = fingerprint(body);
    let lines: Vec<&str> = body.lines().collect();
    // Each level copies what it quotes; a huge, deeply nested body would
    // hold many copies at once, so the depth allowed shrinks with size.
    let affordable = body.len().saturating_mul(depth + 1) <= MAX_CHAIN_BYTES;
    let found = if depth < MAX_CHAIN && affordable {
        find_quote(&lines)
    } else {
        None
    };
    let Some(found) = found else {
        chain.push(Piece {
            body: body.to_string(),
            key,
            ..Piece::default()
        });
        return;
    };
    let older_start = chain.len();
    split_into(&found.older, depth + 1, chain);
    let grew = chain.len() > older_start;
    if let Some(parent) = chain.last_mut().filter(|_| grew) {
        parent.author = found.attribution.author.clone().or(parent.author.take());
        parent.time = found.attribution.time.clone().or(parent.time.take());
    }
    chain.push(Piece {
        body: found.newer,
        key,
        ..Piece::default()
    });
}

struct Found {
    attribution: Attribution,
    older: String,
    newer: String,
}

fn is_quote(line: &str) -> bool {
    line.trim_start().starts_with('>')
}

fn unquote(line: &str) -> &str {
    let line = line.trim_start();
    let line = line.strip_prefix('>').unwrap_or(line);
    line.strip_prefix(' ').unwrap_or(line)
}

/// The first attribution line followed by a quote block (or an Outlook
/// "Original Message" header block, or a quote block that opens with its
/// own attribution, as Apple Mail writes it), and what it splits the body
/// into.
fn find_quote(lines: &[&str]) -> Option<Found> {
    let mut i = 0;
    while i < lines.len() {
        if let Some(found) = outlook_block(lines, i) {
            return Some(found);
        }
        if let Some(found) = attribution_inside_quote(lines, i) {
            return Some(found);
        }
        // An attribution may be wrapped over two lines.
        let (attribution, used) = match attribution(lines[i]) {
            Some(a) => (a, 1),
            None => match lines.get(i + 1) {
                Some(next)
                    if !is_quote(lines[i]) && !lines[i].trim().is_empty() && !is_quote(next) =>
                {
                    match attribution(&format!("{} {}", lines[i].trim_end(), next.trim_start())) {
                        Some(a) => (a, 2),
                        None => {
                            i += 1;
                            continue;
                        }
                    }
                }
                _ => {
                    i += 1;
                    continue;
                }
            },
        };
        let mut start = i + used;
        while start < lines.len() && lines[start].trim().is_empty() {
            start += 1;
        }
        if start >= lines.len() || !is_quote(lines[start]) {
            i += 1;
            continue;
        }
        // The quote block: quote lines, with blank lines inside it.
        let mut end = start;
        let mut last_quote = start;
        while end < lines.len() && (is_quote(lines[end]) || lines[end].trim().is_empty()) {
            if is_quote(lines[end]) {
                last_quote = end;
            }
            end += 1;
        }
        let end = last_quote + 1;
        let rest_has_quotes = lines[end..].iter().any(|l| is_quote(l));
        let older: Vec<&str>;
        let newer: String;
        if rest_has_quotes {
            // Interleaved: the older message is every quoted line; the reply
            // keeps its quotes for context.
            let mut kept: Vec<&str> = Vec::new();
            for line in &lines[start..] {
                if is_quote(line) {
                    kept.push(unquote(line));
                } else if line.trim().is_empty() && kept.last().is_some_and(|l| !l.is_empty()) {
                    kept.push("");
                }
            }
            older = kept;
            newer = lines
                .iter()
                .enumerate()
                .filter(|&(n, _)| n < i || n >= i + used)
                .map(|(_, l)| *l)
                .collect::<Vec<_>>()
                .join("\n");
        } else {
            older = lines[start..end].iter().map(|l| unquote(l)).collect();
            let mut kept: Vec<&str> = lines[..i].to_vec();
            if !lines[end..].iter().all(|l| l.trim().is_empty()) {
                if !kept.is_empty() {
                    kept.push("");
                }
                kept.extend_from_slice(&lines[end..]);
            }
            newer = kept.join("\n");
        }
        return Some(Found {
            attribution,
            older: older.join("\n").trim_matches('\n').to_string(),
            newer: newer.trim().to_string(),
        });
    }
    None
}

/// Apple Mail (macOS and iOS) puts the attribution inside the quote:
///
/// ```text
/// Not on my machine.
///
/// > On 4 Mar 2024, at 22:02, Dana Whitfield <dana@example.org> wrote:
/// >
/// > It crashes on start.
/// ```
///
/// A quote block (starting at `i`, after a non-quote line or at the top)
/// whose first words are an attribution: the rest of the block is the
/// named person's message. Nested replies repeat the shape one level down
/// (`>> On …`), which the recursion of [`split_chain`] unwraps.
fn attribution_inside_quote(lines: &[&str], i: usize) -> Option<Found> {
    if !is_quote(lines[i]) || (i > 0 && is_quote(lines[i - 1])) {
        return None;
    }
    // The block: quote lines, with blank lines inside it.
    let mut end = i;
    let mut last_quote = i;
    while end < lines.len() && (is_quote(lines[end]) || lines[end].trim().is_empty()) {
        if is_quote(lines[end]) {
            last_quote = end;
        }
        end += 1;
    }
    let end = last_quote + 1;
    // Its first line with words (Apple writes none before the attribution,
    // but an empty `>` line costs nothing to skip).
    let first = (i..end).find(|&k| !unquote(lines[k]).trim().is_empty())?;
    let (attribution, used) = match attribution(unquote(lines[first])) {
        Some(a) => (a, 1),
        None => {
            let next = lines
                .get(first + 1)
                .filter(|l| first + 1 < end && is_quote(l))?;
            let joined = format!(
                "{} {}",
                unquote(lines[first]).trim_end(),
                unquote(next).trim_start()
            );
            // Two lines of a quote read as one only for a dated attribution
            // (as Apple Mail writes): "It broke. Ann wrote:" is not one.
            (attribution(&joined).filter(|a| a.time.is_some())?, 2)
        }
    };
    let body_start = first + used;
    let rest_has_quotes = lines[end..].iter().any(|l| is_quote(l));
    let (older, newer): (Vec<&str>, Vec<&str>) = if rest_has_quotes {
        // Interleaved answers: the older message is every quoted line, the
        // reply keeps its quotes (without the attribution) for context.
        let older = lines[body_start..]
            .iter()
            .filter(|l| is_quote(l))
            .map(|l| unquote(l))
            .collect();
        // Without the attribution and the empty `>` lines under it.
        let resume = (body_start..lines.len())
            .find(|&k| !(is_quote(lines[k]) && unquote(lines[k]).trim().is_empty()))
            .unwrap_or(lines.len());
        let newer = lines
            .iter()
            .enumerate()
            .filter(|&(n, _)| n < first || n >= resume)
            .map(|(_, l)| *l)
            .collect();
        (older, newer)
    } else {
        let older = lines[body_start..end].iter().map(|l| unquote(l)).collect();
        let mut newer: Vec<&str> = lines[..i].to_vec();
        if !lines[end..].iter().all(|l| l.trim().is_empty()) {
            if !newer.is_empty() {
                newer.push("");
            }
            newer.extend_from_slice(&lines[end..]);
        }
        (older, newer)
    };
    let older = older.join("\n").trim_matches('\n').to_string();
    if older.trim().is_empty() {
        return None;
    }
    Some(Found {
        attribution,
        older,
        newer: newer.join("\n").trim().to_string(),
    })
}

/// Outlook's unquoted forward/reply block:
/// "-----Original Message-----" (or a line of underscores) and then
/// From:/Sent:/To:/Subject: lines; everything after is the older message.
fn outlook_block(lines: &[&str], i: usize) -> Option<Found> {
    let line = lines[i].trim();
    let marker = (line.starts_with("-----")
        && line.to_ascii_lowercase().contains("original message"))
        || (line.len() >= 20 && line.chars().all(|c| c == '_'));
    // Outlook's HTML replies lose the marker (it was an <hr>) but keep
    // "From:" directly followed by "Sent:".
    let bare = line.starts_with("From:")
        && lines
            .get(i + 1)
            .is_some_and(|next| next.trim_start().starts_with("Sent:"));
    if !marker && !bare {
        return None;
    }
    let mut j = if bare { i } else { i + 1 };
    let mut attribution = Attribution::default();
    let mut saw_from = false;
    while j < lines.len() {
        let l = lines[j].trim();
        let Some((key, value)) = l.split_once(':') else {
            break;
        };
        match key.trim().to_ascii_lowercase().as_str() {
            "from" | "von" | "de" | "van" | "från" => {
                saw_from = true;
                attribution.author = clean_name(value);
            }
            "sent" | "date" | "gesendet" | "envoyé" | "enviado" | "verzonden" | "skickat" => {
                attribution.time = non_empty(value)
            }
            "to" | "cc" | "subject" | "an" | "betreff" | "à" | "objet" | "para" | "asunto" => {}
            _ => break,
        }
        j += 1;
    }
    if !saw_from {
        return None;
    }
    let older = lines[j..].join("\n");
    let newer = lines[..i].join("\n");
    Some(Found {
        attribution,
        older: older.trim().to_string(),
        newer: newer.trim().to_string(),
    })
}

/// The first 64 letters and digits, lowercased: survives re-wrapping,
/// quoting and mangled spaces.
pub(crate) fn fingerprint(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .take(64)
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn attr(line: &str, author: Option<&str>, time: Option<&str>) {
        let got = attribution(line).unwrap_or_else(|| panic!("not an attribution: {line}"));
        assert_eq!(got.author.as_deref(), author, "author of {line}");
        assert_eq!(got.time.as_deref(), time, "time of {line}");
    }

    #[test]
    fn english_attribution_with_comma() {
        attr(
            "On Tue, 2024-03-05 at 09:12 +0100, Priya Raman wrote:",
            Some("Priya Raman"),
            Some("Tue, 2024-03-05 at 09:12 +0100"),
        );
    }

    #[test]
    fn gmail_attribution_with_address_and_no_comma() {
        attr(
            "On Mon, Mar 4, 2024 at 10:02 PM Dana Whitfield <dana@example.org> wrote:",
            Some("Dana Whitfield"),
            Some("Mon, Mar 4, 2024 at 10:02 PM"),
        );
    }

    #[test]
    fn gmail_date_first_attribution() {
        attr(
            "2024-03-04 22:02 GMT+01:00 Dana Whitfield <dana at example.org>:",
            Some("Dana Whitfield"),
            Some("2024-03-04 22:02 GMT+01:00"),
        );
    }

    #[test]
    fn german_french_spanish_attributions() {
        attr(
            "Am 04.03.2024 um 22:02 schrieb Jonas Keller <jonas@example.org>:",
            Some("Jonas Keller"),
            Some("04.03.2024 um 22:02"),
        );
        attr(
            "Le 4 mars 2024 à 22:02, Camille Roux <camille@example.org> a écrit :",
            Some("Camille Roux"),
            Some("4 mars 2024 à 22:02"),
        );
        attr(
            "El lun, 4 mar 2024 a las 22:02, Lucía Ortega (<lucia@example.org>) escribió:",
            Some("Lucía Ortega"),
            Some("lun, 4 mar 2024 a las 22:02"),
        );
    }

    #[test]
    fn name_only_attribution() {
        attr("Dana Whitfield wrote:", Some("Dana Whitfield"), None);
        assert_eq!(attribution("I think this is what she wrote: nothing"), None);
    }

    #[test]
    fn address_only_attribution_uses_the_address() {
        attr(
            "On 3/4/24, <dana@example.org> wrote:",
            Some("dana@example.org"),
            Some("3/4/24"),
        );
    }

    #[test]
    fn top_posted_reply_splits_into_older_and_newer() {
        let body =
            "No. Read the docs.\n\nOn Mon, 4 Mar 2024, Dana wrote:\n> It crashes.\n>\n> Again.\n";
        let chain = split_chain(body);
        assert_eq!(chain.len(), 2);
        assert_eq!(chain[0].author.as_deref(), Some("Dana"));
        assert_eq!(chain[0].body, "It crashes.\n\nAgain.");
        assert_eq!(chain[1].body, "No. Read the docs.");
    }

    #[test]
    fn bottom_posted_reply_splits_into_older_and_newer() {
        let body = "On 04/03/2024 10:00, Dana wrote:\n> It crashes.\nThen fix it.";
        let chain = split_chain(body);
        assert_eq!(chain.len(), 2);
        assert_eq!(chain[0].body, "It crashes.");
        assert_eq!(chain[1].body, "Then fix it.");
    }

    #[test]
    fn nested_chain_becomes_three_messages() {
        let body = "Third.\n\nOn Tue, Bo wrote:\n> Second.\n>\n> On Mon, Al wrote:\n> > First.\n";
        let chain = split_chain(body);
        let bodies: Vec<_> = chain.iter().map(|p| p.body.as_str()).collect();
        assert_eq!(bodies, ["First.", "Second.", "Third."]);
        assert_eq!(chain[0].author.as_deref(), Some("Al"));
        assert_eq!(chain[1].author.as_deref(), Some("Bo"));
    }

    #[test]
    fn wrapped_attribution_line_is_joined() {
        let body = "Fine.\n\nOn Mon, Mar 4, 2024 at 10:02 PM Dana Whitfield <\ndana@example.org> wrote:\n> Broken.";
        let chain = split_chain(body);
        assert_eq!(chain.len(), 2);
        assert_eq!(chain[0].author.as_deref(), Some("Dana Whitfield"));
    }

    #[test]
    fn interleaved_reply_keeps_its_quotes() {
        let body = "Dana wrote:\n> point one\nanswer one\n> point two\nanswer two";
        let chain = split_chain(body);
        assert_eq!(chain.len(), 2);
        assert_eq!(chain[0].body, "point one\npoint two");
        assert!(chain[1].body.contains("> point two\nanswer two"));
    }

    #[test]
    fn apple_mail_attribution_inside_the_quote() {
        let body = "Not on my machine.\n\nSent from my iPhone\n\n> On 4 Mar 2024, at 22:02, Dana Whitfield <dana@example.org> wrote:\n>\n> It crashes on start.\n>\n>> On 3 Mar 2024, at 09:15, Bo Chan <bo@example.org> wrote:\n>>\n>> Please test the release.\n";
        let chain = split_chain(body);
        let got: Vec<_> = chain
            .iter()
            .map(|p| (p.author.as_deref(), p.time.as_deref(), p.body.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    Some("Bo Chan"),
                    Some("3 Mar 2024, at 09:15"),
                    "Please test the release."
                ),
                (
                    Some("Dana Whitfield"),
                    Some("4 Mar 2024, at 22:02"),
                    "It crashes on start."
                ),
                (None, None, "Not on my machine.\n\nSent from my iPhone"),
            ]
        );
    }

    #[test]
    fn apple_mail_wrapped_attribution_and_interleaved_answers() {
        let body = "> On Mon, Mar 4, 2024 at 10:02 PM, Dana Whitfield\n> <dana@example.org> wrote:\n>\n> It crashes.\n\nWhere?\n\n> Every time.\n\nWhich version?";
        let chain = split_chain(body);
        assert_eq!(chain.len(), 2);
        assert_eq!(chain[0].author.as_deref(), Some("Dana Whitfield"));
        assert_eq!(chain[0].body, "It crashes.\nEvery time.");
        assert_eq!(
            chain[1].body,
            "> It crashes.\n\nWhere?\n\n> Every time.\n\nWhich version?"
        );
    }

    #[test]
    fn quote_that_mentions_wrote_in_its_middle_is_not_split() {
        let chain = split_chain("> It crashed.\n> On Mon, Al wrote:\n> > First.\nOk.");
        assert_eq!(chain.len(), 1);
    }

    #[test]
    fn quote_without_attribution_stays_in_body() {
        let chain = split_chain("> you never test\nI do.");
        assert_eq!(chain.len(), 1);
    }

    #[test]
    fn outlook_original_message_block() {
        let body = "Please stop.\n\n-----Original Message-----\nFrom: Dana Whitfield <dana@example.org>\nSent: Monday, March 4, 2024 10:02 PM\nTo: list\nSubject: build\n\nIt is broken again.";
        let chain = split_chain(body);
        assert_eq!(chain.len(), 2);
        assert_eq!(chain[0].author.as_deref(), Some("Dana Whitfield"));
        assert_eq!(
            chain[0].time.as_deref(),
            Some("Monday, March 4, 2024 10:02 PM")
        );
        assert_eq!(chain[0].body, "It is broken again.");
        assert_eq!(chain[1].body, "Please stop.");
    }

    #[test]
    fn outlook_html_reply_without_marker() {
        let body = "Not acceptable.\n\nFrom: Dana <dana@example.org>\nSent: Monday, March 4, 2024\nSubject: build\n\nIt broke.";
        let chain = split_chain(body);
        assert_eq!(chain.len(), 2);
        assert_eq!(chain[0].body, "It broke.");
        assert_eq!(chain[1].body, "Not acceptable.");
    }

    #[test]
    fn fingerprint_ignores_wrapping_and_quote_marks() {
        assert_eq!(
            fingerprint("Hello,\nworld  again"),
            fingerprint("> Hello, world\n> again")
        );
    }
}
