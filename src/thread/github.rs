//! GitHub issues and pull requests: the REST API's issue object and
//! comments array (alone, together in one array, or back to back as
//! `gh api --paginate` prints pages), and `gh issue view --json` /
//! `gh pr view --json` output (`author`, `comments`, `reviews`).
//!
//! Bodies are Markdown and are kept as written (CRLF is normalised later).

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use super::html;
use super::json::{flatten, id_field, str_field, str_path};
use super::{Format, ImportError, Message, Thread};

/// An object GitHub would have produced: something with a body and a user.
fn is_item(v: &Value) -> bool {
    v.is_object()
        && (v.get("body").is_some() || v.get("body_text").is_some() || v.get("body_html").is_some())
        && (v.get("user").is_some() || v.get("author").is_some())
}

/// `gh … --json title,body,comments,reviews` may hold any of those fields.
fn is_gh_view(v: &Value) -> bool {
    let list_of_items = |key: &str| {
        v.get(key)
            .and_then(Value::as_array)
            .is_some_and(|list| list.iter().any(is_item))
    };
    let has_list = v.get("comments").is_some_and(Value::is_array)
        || v.get("reviews").is_some_and(Value::is_array);
    has_list && (v.get("title").is_some() || v.get("body").is_some())
        || list_of_items("comments")
        || list_of_items("reviews")
}

/// Tried last, so it may be lenient: a timeline (`/issues/N/timeline`)
/// mixes comments with label and reference events, which are skipped.
pub(crate) fn matches(values: &[Value]) -> bool {
    flatten(values).iter().any(|v| is_item(v) || is_gh_view(v))
}

struct Entry {
    id: Option<String>,
    reply_to_id: Option<String>,
    is_root: bool,
    message: Message,
}

pub(crate) fn import(values: &[Value]) -> Result<Thread, ImportError> {
    let mut title = None;
    let mut entries = Vec::new();
    for item in flatten(values) {
        if !(is_item(item) || is_gh_view(item)) {
            continue;
        }
        if title.is_none() {
            title = str_field(item, "title").map(str::to_string);
        }
        let is_root = item.get("title").is_some();
        if is_item(item) || item.get("body").is_some() {
            let mut root = entry(item, is_root);
            // An issue without a description: its title is what was said.
            if is_root && root.message.body.trim().is_empty() {
                root.message.body = str_field(item, "title").unwrap_or("").to_string();
            }
            entries.push(root);
        }
        for key in ["comments", "reviews"] {
            if let Some(list) = item.get(key).and_then(Value::as_array) {
                entries.extend(
                    list.iter()
                        .filter(|c| c.is_object())
                        .map(|c| entry(c, false)),
                );
            }
        }
    }
    if entries.is_empty() {
        return Err(ImportError::new(
            "not a GitHub export: expected issue or comment objects with \"body\" and \"user\" or \"author\"",
        ));
    }
    // Pages may overlap; an id seen twice is one comment.
    let mut seen = HashSet::new();
    entries.retain(|e| e.id.as_ref().is_none_or(|id| seen.insert(id.clone())));
    // Reviews without text are approvals, not messages.
    entries.retain(|e| e.is_root || !e.message.body.trim().is_empty());
    // The issue first, then comments and reviews by time when all have one.
    if entries.iter().all(|e| e.message.time.is_some()) {
        entries.sort_by(|a, b| {
            b.is_root
                .cmp(&a.is_root)
                .then_with(|| a.message.time.cmp(&b.message.time))
        });
    } else {
        entries.sort_by_key(|e| !e.is_root);
    }
    let index: HashMap<String, usize> = entries
        .iter()
        .enumerate()
        .filter_map(|(i, e)| e.id.clone().map(|id| (id, i)))
        .collect();
    let messages = entries
        .into_iter()
        .map(|e| {
            let mut message = e.message;
            message.reply_to = e.reply_to_id.and_then(|id| index.get(&id).copied());
            message
        })
        .collect();
    Ok(Thread::new(Format::Github, title, messages))
}

fn entry(item: &Value, is_root: bool) -> Entry {
    let author = str_path(item, &["user", "login"])
        .or_else(|| str_path(item, &["author", "login"]))
        .or_else(|| str_path(item, &["author", "name"]))
        .map(str::to_string);
    let time = ["created_at", "createdAt", "submitted_at", "submittedAt"]
        .iter()
        .find_map(|k| str_field(item, k))
        .map(str::to_string);
    let body = if let Some(body) = item.get("body").and_then(Value::as_str) {
        body.to_string()
    } else if let Some(text) = str_field(item, "body_text") {
        text.to_string()
    } else if let Some(html_body) = str_field(item, "body_html") {
        html::to_text(html_body)
    } else {
        String::new()
    };
    Entry {
        id: id_field(item, "id"),
        reply_to_id: id_field(item, "in_reply_to_id"),
        is_root,
        message: Message {
            author,
            time,
            body,
            reply_to: None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::thread::json::values;

    #[test]
    fn issue_then_paginated_comment_pages() {
        let text = r#"{"title":"Crash","number":7,"user":{"login":"ann"},"body":"It crashes.","created_at":"2024-03-04T10:00:00Z"}
[{"id":1,"user":{"login":"bo"},"body":"Works for me.","created_at":"2024-03-04T11:00:00Z"}]
[{"id":2,"user":{"login":"ann"},"body":"Of course it does.","created_at":"2024-03-04T12:00:00Z"}]"#;
        let thread = import(&values(text).unwrap()).unwrap();
        assert_eq!(thread.title.as_deref(), Some("Crash"));
        let authors: Vec<_> = thread
            .messages
            .iter()
            .map(|m| m.author.as_deref())
            .collect();
        assert_eq!(authors, [Some("ann"), Some("bo"), Some("ann")]);
    }

    #[test]
    fn comments_before_issue_are_reordered() {
        let text = r#"[{"id":1,"user":{"login":"bo"},"body":"c","created_at":"2024-03-04T11:00:00Z"}]
{"title":"T","user":{"login":"ann"},"body":"issue","created_at":"2024-03-04T10:00:00Z"}"#;
        let thread = import(&values(text).unwrap()).unwrap();
        assert_eq!(thread.messages[0].body, "issue");
    }

    #[test]
    fn deleted_user_and_null_body() {
        let text = r#"[{"id":1,"user":null,"body":null,"title":"T"},{"id":2,"user":{"login":"bo"},"body":"x"}]"#;
        let thread = import(&values(text).unwrap()).unwrap();
        assert_eq!(thread.messages[0].author, None);
        assert_eq!(thread.messages[0].body, "T");
    }

    #[test]
    fn gh_view_json_with_comments_and_reviews() {
        let text = r#"{"title":"Fix","body":"Please merge.","author":{"login":"ann"},
          "comments":[{"author":{"login":"bo"},"body":"No.","createdAt":"2024-03-04T11:00:00Z"}],
          "reviews":[{"author":{"login":"cy"},"body":"","state":"APPROVED","submittedAt":"2024-03-04T12:00:00Z"},
                     {"author":{"login":"cy"},"body":"Why not?","submittedAt":"2024-03-04T13:00:00Z"}]}"#;
        let thread = import(&values(text).unwrap()).unwrap();
        let bodies: Vec<_> = thread.messages.iter().map(|m| m.body.as_str()).collect();
        assert_eq!(bodies, ["Please merge.", "No.", "Why not?"]);
    }

    #[test]
    fn timeline_events_without_body_are_skipped() {
        let text = r#"[{"event":"labeled","actor":{"login":"a"},"label":{"name":"bug"}},
          {"event":"commented","id":5,"user":{"login":"bo"},"body":"Still broken.","created_at":"2024-03-04T11:00:00Z"}]"#;
        let values = values(text).unwrap();
        assert!(matches(&values));
        let thread = import(&values).unwrap();
        assert_eq!(thread.messages.len(), 1);
        assert_eq!(thread.messages[0].body, "Still broken.");
    }

    #[test]
    fn gh_view_with_comments_only() {
        let text = r#"{"comments":[{"author":{"login":"bo"},"body":"No.","createdAt":"2024-03-04T11:00:00Z"}]}"#;
        let values = values(text).unwrap();
        assert!(matches(&values));
        assert_eq!(import(&values).unwrap().messages[0].body, "No.");
    }

    #[test]
    fn overlapping_pages_do_not_duplicate() {
        let text = r#"[{"id":1,"user":{"login":"a"},"body":"x"}][{"id":1,"user":{"login":"a"},"body":"x"}]"#;
        assert_eq!(import(&values(text).unwrap()).unwrap().messages.len(), 1);
    }
}
