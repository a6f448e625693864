//! Mastodon: a status's context (`/api/v1/statuses/:id/context`, with
//! `ancestors` and `descendants`), a single status, or both back to back.
//! When the status itself is there, it is the one being answered.
//! Content is HTML; a content warning comes first as "CW: …".

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use crate::thread::html;
use crate::thread::json::{flatten, id_field, str_field, str_path};
use crate::thread::{Format, ImportError, Message, Thread};

fn is_status(v: &Value) -> bool {
    v.get("content").is_some() && v.get("account").is_some_and(Value::is_object)
}

fn is_context(v: &Value) -> bool {
    v.get("ancestors").is_some_and(Value::is_array)
        || v.get("descendants").is_some_and(Value::is_array)
}

pub(crate) fn matches(values: &[Value]) -> bool {
    let items = flatten(values);
    !items.is_empty() && items.iter().all(|v| is_status(v) || is_context(v))
}

pub(crate) fn import(values: &[Value]) -> Result<Thread, ImportError> {
    let mut ancestors = Vec::new();
    let mut focus = Vec::new();
    let mut descendants = Vec::new();
    for item in flatten(values) {
        if is_context(item) {
            for (key, list) in [
                ("ancestors", &mut ancestors),
                ("descendants", &mut descendants),
            ] {
                if let Some(statuses) = item.get(key).and_then(Value::as_array) {
                    list.extend(statuses.iter().filter(|s| is_status(s)));
                }
            }
        } else if is_status(item) {
            focus.push(item);
        }
    }
    let focus_id = focus.first().and_then(|s| id_field(s, "id"));
    let mut seen = HashSet::new();
    let statuses: Vec<&Value> = ancestors
        .into_iter()
        .chain(focus)
        .chain(descendants)
        .filter(|s| id_field(s, "id").is_none_or(|id| seen.insert(id)))
        .collect();
    if statuses.is_empty() {
        return Err(ImportError::new(
            "not a Mastodon export: expected a status or a context with \"ancestors\" and \"descendants\"",
        ));
    }
    let by_id: HashMap<String, usize> = statuses
        .iter()
        .enumerate()
        .filter_map(|(i, s)| id_field(s, "id").map(|id| (id, i)))
        .collect();
    let messages = statuses.iter().map(|s| message(s, &by_id)).collect();
    let mut thread = Thread::new(Format::Mastodon, None, messages);
    if let Some(index) = focus_id.and_then(|id| by_id.get(&id).copied()) {
        thread.answering = index;
        thread.answer_given = true;
    }
    Ok(thread)
}

fn message(status: &Value, by_id: &HashMap<String, usize>) -> Message {
    // A boost carries the boosted status.
    let shown = status
        .get("reblog")
        .filter(|r| is_status(r))
        .unwrap_or(status);
    let author = str_path(shown, &["account", "display_name"])
        .filter(|n| !n.trim().is_empty())
        .or_else(|| str_path(shown, &["account", "acct"]))
        .or_else(|| str_path(shown, &["account", "username"]))
        .map(str::to_string);
    let mut body = html::to_text(str_field(shown, "content").unwrap_or(""));
    // A post of pictures alone still says something: name the media.
    if body.trim().is_empty() {
        let media: Vec<String> = shown
            .get("media_attachments")
            .and_then(Value::as_array)
            .map(|list| {
                list.iter()
                    .map(|m| match str_field(m, "description") {
                        Some(text) => format!("[media: {text}]"),
                        None => "[media]".to_string(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        body = media.join("\n");
    }
    if let Some(options) = shown.pointer("/poll/options").and_then(Value::as_array) {
        let titles: Vec<&str> = options
            .iter()
            .filter_map(|o| str_field(o, "title"))
            .collect();
        if !titles.is_empty() {
            body = format!("{body}\n\n[poll: {}]", titles.join(" / "));
        }
    }
    if let Some(warning) = str_field(shown, "spoiler_text") {
        body = format!("CW: {}\n\n{body}", html::to_text(warning));
    }
    Message {
        author,
        time: str_field(status, "created_at").map(str::to_string),
        body,
        reply_to: id_field(status, "in_reply_to_id").and_then(|id| by_id.get(&id).copied()),
        source_id: id_field(status, "id"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::thread::json::values;

    fn status(id: &str, parent: Option<&str>, name: &str, content: &str) -> String {
        let parent = parent.map_or("null".to_string(), |p| format!("\"{p}\""));
        format!(
            r#"{{"id":"{id}","in_reply_to_id":{parent},"created_at":"2024-03-04T10:00:00.000Z","spoiler_text":"","content":"{content}","account":{{"acct":"{name}","display_name":""}}}}"#
        )
    }

    #[test]
    fn status_and_context_put_the_status_between_and_answer_it() {
        let text = format!(
            "{}\n{{\"ancestors\":[{}],\"descendants\":[{}]}}",
            status("2", Some("1"), "bo", "<p>middle</p>"),
            status("1", None, "ann", "<p>root</p>"),
            status("3", Some("2"), "cy", "<p>@bo <a href='x'>link</a></p>")
        );
        let thread = import(&values(&text).unwrap()).unwrap();
        let bodies: Vec<_> = thread.messages.iter().map(|m| m.body.as_str()).collect();
        assert_eq!(bodies, ["root", "middle", "@bo link"]);
        assert_eq!(thread.answering, 1);
        assert_eq!(thread.messages[2].reply_to, Some(1));
    }

    #[test]
    fn media_only_status_names_its_media() {
        let text = r#"{"id":"1","content":"","account":{"acct":"a"},"media_attachments":[{"type":"image","description":"a burning bin"},{"type":"image"}]}"#;
        let thread = import(&values(text).unwrap()).unwrap();
        assert_eq!(thread.messages[0].body, "[media: a burning bin]\n[media]");
    }

    #[test]
    fn poll_options_are_listed() {
        let text = r#"{"id":"1","content":"<p>Tabs?</p>","account":{"acct":"a"},"poll":{"options":[{"title":"tabs"},{"title":"spaces"}]}}"#;
        let thread = import(&values(text).unwrap()).unwrap();
        assert_eq!(thread.messages[0].body, "Tabs?\n\n[poll: tabs / spaces]");
    }

    #[test]
    fn parent_outside_the_context_is_unknown() {
        let text = format!(
            "{{\"ancestors\":[],\"descendants\":[{}]}}",
            status("5", Some("4"), "bo", "hi")
        );
        let thread = import(&values(&text).unwrap()).unwrap();
        assert_eq!(thread.messages[0].reply_to, None);
        assert_eq!(thread.messages[0].author.as_deref(), Some("bo"));
    }
}
