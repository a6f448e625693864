//! The one door every input goes through: which format reads it, from the
//! registry ([`super::formats`]). `--from` names one; otherwise the file
//! extension, then the content: JSON by the shape of its values (an unknown
//! shape is an error that says what was tried, never a guess), other input
//! by its first bytes (an mbox "From " line, an email header block), and
//! plain text when nothing else is recognised.

use serde_json::Value;

use super::formats::{Detect, Import, REGISTRY, Spec};
use super::{Format, ImportError, Thread, json, utf8};

/// Extensions of JSON input, whose format its shape tells.
const JSON_EXTENSIONS: &[&str] = &["json", "jsonl", "ndjson"];

/// Parse with a forced format.
pub(crate) fn parse_as(bytes: &[u8], format: Format) -> Result<Thread, ImportError> {
    let named = |e: ImportError| e.format(format.name());
    match format.spec().import {
        Import::Bytes(import) => import(bytes).map_err(named),
        Import::Text(import) => import(utf8(bytes, format)?).map_err(named),
        Import::Json(import) => {
            let source = utf8(bytes, format)?;
            let values = json::values(source).map_err(|mut e| {
                e.format = Some(format.name().to_string());
                e
            })?;
            import(&values).map_err(named)
        }
    }
}

/// Parse with the format detected from `name` and the content.
pub(crate) fn parse_detected(bytes: &[u8], name: &str) -> Result<Thread, ImportError> {
    let extension = name
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default();
    if JSON_EXTENSIONS.contains(&extension.as_str()) {
        return parse_json(bytes);
    }
    if let Some(spec) = REGISTRY
        .iter()
        .find(|spec| spec.extensions.contains(&extension.as_str()))
    {
        return parse_as(bytes, spec.format);
    }
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let first = body.iter().copied().find(|b| !b.is_ascii_whitespace());
    if matches!(first, Some(b'{' | b'[')) && looks_like_json(body) {
        return parse_json(bytes);
    }
    let sniffed = REGISTRY.iter().find(|spec| match spec.detect {
        Detect::Sniff(sniff) => sniff(body),
        _ => false,
    });
    let fallback = || {
        REGISTRY
            .iter()
            .find(|spec| matches!(spec.detect, Detect::Fallback))
            .expect("the registry has a fallback format")
    };
    parse_as(bytes, sniffed.unwrap_or_else(fallback).format)
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

/// The JSON formats in the order their shapes are tried: the strict ones
/// in registry order, then the lenient ones.
fn json_formats() -> impl Iterator<Item = (&'static Spec, fn(&[Value]) -> bool)> {
    let shaped = |lenient_ones: bool| {
        REGISTRY.iter().filter_map(move |spec| match spec.detect {
            Detect::Json { matches, lenient } if lenient == lenient_ones => Some((spec, matches)),
            _ => None,
        })
    };
    shaped(false).chain(shaped(true))
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
    for (spec, matches) in json_formats() {
        if matches(&values) {
            let import = |import: Import| match import {
                Import::Json(import) => import(&values),
                Import::Text(import) => import(source),
                Import::Bytes(import) => import(bytes),
            };
            return import(spec.import).map_err(|e| e.format(spec.name));
        }
    }
    let tried: Vec<&str> = json_formats().map(|(spec, _)| spec.name).collect();
    Err(ImportError::new(format!(
        "unknown JSON shape: {} (tried {}; use --from to force one)",
        describe(&values),
        tried.join(", ")
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
    fn unknown_json_without_an_extension_is_an_error_naming_the_input_never_github() {
        // `user` and `body` alone would pass GitHub's lenient shape: one of
        // them is not enough for any format.
        let err = super::super::parse(br#"[{"user": "ann", "text": "hi"}]"#, "<stdin>", None)
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "<stdin>: json: unknown JSON shape: an array (tried reddit, mastodon, discourse, hackernews, github; use --from to force one)"
        );
    }

    #[test]
    fn every_strict_shape_is_tried_before_a_lenient_one() {
        let order: Vec<&str> = json_formats().map(|(spec, _)| spec.name).collect();
        assert_eq!(
            order,
            ["reddit", "mastodon", "discourse", "hackernews", "github"]
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
