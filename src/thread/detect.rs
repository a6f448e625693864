//! Which importer reads an input: `--from` when given, otherwise the file
//! extension and the first bytes (JSON, an mbox "From " line, an email
//! header block), and for JSON the shape of the values.

use serde_json::Value;

use super::{
    Format, ImportError, Thread, discourse, email, github, hackernews, json, mastodon, reddit,
    text, utf8,
};

/// The JSON formats in the order their shapes are tried (loosest last).
const JSON_FORMATS: [Format; 5] = [
    Format::Reddit,
    Format::Mastodon,
    Format::Discourse,
    Format::HackerNews,
    Format::Github,
];

fn json_matches(format: Format, values: &[Value]) -> bool {
    match format {
        Format::Reddit => reddit::matches(values),
        Format::Mastodon => mastodon::matches(values),
        Format::Discourse => discourse::matches(values),
        Format::HackerNews => hackernews::matches(values),
        Format::Github => github::matches(values),
        _ => false,
    }
}

fn json_import(format: Format, values: &[Value]) -> Result<Thread, ImportError> {
    match format {
        Format::Reddit => reddit::import(values),
        Format::Mastodon => mastodon::import(values),
        Format::Discourse => discourse::import(values),
        Format::HackerNews => hackernews::import(values),
        _ => github::import(values),
    }
}

/// Parse with a forced format.
pub(crate) fn parse_as(bytes: &[u8], format: Format) -> Result<Thread, ImportError> {
    let named = |e: ImportError| e.format(format.name());
    match format {
        Format::Text => text::parse(utf8(bytes, format)?).map_err(named),
        Format::Email => email::parse_eml(bytes).map_err(named),
        Format::Mbox => email::parse_mbox(bytes).map_err(named),
        _ => {
            let source = utf8(bytes, format)?;
            let values = json::values(source).map_err(|mut e| {
                e.format = Some(format.name().to_string());
                e
            })?;
            json_import(format, &values).map_err(named)
        }
    }
}

/// Parse with the format detected from `name` and the content.
pub(crate) fn parse_detected(bytes: &[u8], name: &str) -> Result<Thread, ImportError> {
    let extension = name
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default();
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let first = body.iter().copied().find(|b| !b.is_ascii_whitespace());
    match extension.as_str() {
        "eml" | "msg" => return parse_as(bytes, Format::Email),
        "mbox" | "mbx" => return parse_as(bytes, Format::Mbox),
        "txt" | "md" | "markdown" | "text" => return parse_as(bytes, Format::Text),
        "json" | "jsonl" | "ndjson" => return parse_json(bytes),
        _ => {}
    }
    if matches!(first, Some(b'{' | b'[')) && looks_like_json(body) {
        return parse_json(bytes);
    }
    if body.starts_with(b"From ") {
        return parse_as(bytes, Format::Mbox);
    }
    if looks_like_email(body) {
        return parse_as(bytes, Format::Email);
    }
    parse_as(bytes, Format::Text)
}

/// `[` or `{` followed by something JSON could hold there (not "[Ann] hi").
fn looks_like_json(body: &[u8]) -> bool {
    let mut bytes = body.iter().copied().filter(|b| !b.is_ascii_whitespace());
    let _open = bytes.next();
    matches!(
        bytes.next(),
        None | Some(b'"' | b'{' | b'[' | b']' | b'}' | b'-' | b'0'..=b'9' | b't' | b'f' | b'n')
    )
}

/// At least two well-known headers in a header block at the top.
fn looks_like_email(body: &[u8]) -> bool {
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

fn parse_json(bytes: &[u8]) -> Result<Thread, ImportError> {
    let source = utf8(bytes, Format::Github).map_err(|mut e| {
        e.format = Some("json".into());
        e
    })?;
    let values = json::values(source)?;
    if json::flatten(&values).is_empty() {
        // A comments page of an issue nobody answered, say.
        return Err(
            ImportError::new("no messages: the JSON holds only empty arrays").format("json"),
        );
    }
    for format in JSON_FORMATS {
        if json_matches(format, &values) {
            return json_import(format, &values).map_err(|e| e.format(format.name()));
        }
    }
    Err(ImportError::new(format!(
        "unknown JSON shape: {} (tried {}; use --from to force one)",
        describe(&values),
        JSON_FORMATS.map(|f| f.name()).join(", ")
    ))
    .format("json"))
}

/// A short description of what the JSON holds, for the error message.
fn describe(values: &[Value]) -> String {
    let kind = |v: &Value| match v {
        Value::Object(map) => {
            let keys: Vec<&str> = map.keys().take(5).map(String::as_str).collect();
            if keys.is_empty() {
                "an empty object".to_string()
            } else {
                format!("an object with keys {}", keys.join(", "))
            }
        }
        Value::Array(items) if items.is_empty() => "an empty array".to_string(),
        Value::Array(_) => "an array".to_string(),
        Value::String(_) => "a string".to_string(),
        Value::Number(_) => "a number".to_string(),
        Value::Bool(_) => "a boolean".to_string(),
        Value::Null => "null".to_string(),
    };
    match values {
        [one] => kind(one),
        many => format!("{} values, the first {}", many.len(), kind(&many[0])),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_json_shape_lists_the_formats_tried() {
        let err = parse_detected(br#"{"foo": 1}"#, "x.json").unwrap_err();
        let message = err.message;
        assert!(message.contains("unknown JSON shape"), "{message}");
        assert!(
            message.contains("github") && message.contains("reddit, mastodon"),
            "{message}"
        );
    }

    #[test]
    fn empty_array_says_no_messages() {
        let err = parse_detected(b"[]\n[]", "c.json").unwrap_err();
        assert_eq!(err.message, "no messages: the JSON holds only empty arrays");
    }

    #[test]
    fn bracketed_text_is_not_json() {
        let thread = parse_detected(b"[Ann] you broke it\n", "<stdin>").unwrap();
        assert_eq!(thread.format, Format::Text);
    }

    #[test]
    fn header_block_is_detected_as_email() {
        let mail = b"From: a@example.org\nSubject: hi\n\nbody\n";
        assert_eq!(
            parse_detected(mail, "<stdin>").unwrap().format,
            Format::Email
        );
    }

    #[test]
    fn chat_lines_are_not_email() {
        let chat = b"Ann: hi\nBo: hello\n";
        assert_eq!(
            parse_detected(chat, "<stdin>").unwrap().format,
            Format::Text
        );
    }

    #[test]
    fn invalid_utf8_text_names_the_spot() {
        let err = parse_detected(b"ok\nbad \xff here\n", "t.txt").unwrap_err();
        assert_eq!(err.position, Some((2, 5)));
        assert_eq!(err.format.as_deref(), Some("text"));
    }
}
