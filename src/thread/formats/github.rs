//! GitHub issues and pull requests: the REST API's issue object and
//! comments array (alone, together in one array, or back to back as
//! `gh api --paginate` prints pages), and `gh issue view --json` /
//! `gh pr view --json` output (`author`, `comments`, `reviews`).
//!
//! Bodies are Markdown and are kept as written (CRLF is normalised later).
//!
//! GitHub issues are flat, but two things make a reply answer a particular
//! comment: a pull-request review comment's `in_reply_to_id`, and a *quote
//! reply*: a comment that opens with `>` lines quoting an earlier comment
//! answers it (see [`quote_replies`]).

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use crate::thread::html;
use crate::thread::json::{flatten, id_field, str_field, str_path};
use crate::thread::{Format, ImportError, Message, Thread};

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
            // With neither (`gh … --json title,body,comments` of a blank
            // export), the issue says nothing: its comments are the thread.
            if !(is_root && root.message.body.trim().is_empty()) {
                entries.push(root);
            }
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
    let mut messages: Vec<Message> = entries
        .into_iter()
        .map(|e| {
            let mut message = e.message;
            message.reply_to = e.reply_to_id.and_then(|id| index.get(&id).copied());
            message.source_id = e.id;
            message
        })
        .collect();
    quote_replies(&mut messages);
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
        message: Message::new(author, time, body),
    }
}

/// How far back a quote reply is looked for, in messages: a quote answers
/// something recent, and the bound keeps a huge export linear.
const QUOTE_LOOKBACK: usize = 256;

/// The fewest words an opening quote needs to name the comment it quotes
/// ("> No." could quote anyone).
const QUOTE_MIN_WORDS: usize = 2;

/// A comment without a link that opens with a quote (its first non-blank
/// line starts with `>`) answers the most recent earlier message whose own
/// words (its lines outside quotes) contain the quoted words, compared as
/// lowercase words so that Markdown and line breaks do not matter. Only the
/// quote's first level counts: `>>` lines are what the quoted comment
/// itself quoted. A quote of fewer than [`QUOTE_MIN_WORDS`] words links
/// nothing, and only the [`QUOTE_LOOKBACK`] messages before are searched.
fn quote_replies(messages: &mut [Message]) {
    let own: Vec<String> = messages
        .iter()
        .map(|m| {
            let text: Vec<&str> = m
                .body
                .lines()
                .filter(|l| !l.trim_start().starts_with('>'))
                .collect();
            format!(" {} ", words(&text.join("\n")))
        })
        .collect();
    for (j, message) in messages.iter_mut().enumerate().skip(1) {
        if message.reply_to.is_some() {
            continue;
        }
        let Some(quote) = opening_quote(&message.body) else {
            continue;
        };
        let needle = format!(" {quote} ");
        let from = j.saturating_sub(QUOTE_LOOKBACK);
        message.reply_to = (from..j).rev().find(|&i| own[i].contains(&needle));
    }
}

/// The first-level words of the quote a body opens with, when there are
/// enough of them.
fn opening_quote(body: &str) -> Option<String> {
    let mut quoted = Vec::new();
    for line in body.lines().skip_while(|l| l.trim().is_empty()) {
        let Some(rest) = line.trim_start().strip_prefix('>') else {
            break;
        };
        if !rest.trim_start().starts_with('>') {
            quoted.push(rest);
        }
    }
    let quote = words(&quoted.join("\n"));
    (quote.split(' ').count() >= QUOTE_MIN_WORDS).then_some(quote)
}

/// Lowercase runs of letters and digits, one space apart.
fn words(text: &str) -> String {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
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
    fn quote_reply_answers_the_comment_it_quotes() {
        let text = r#"{"title":"Crash","user":{"login":"ann"},"body":"It crashes on start.","created_at":"2024-03-04T10:00:00Z"}
[{"id":1,"user":{"login":"bo"},"body":"Works for me. Did you *clear the cache*?","created_at":"2024-03-04T11:00:00Z"},
 {"id":2,"user":{"login":"cy"},"body":"Same here.","created_at":"2024-03-04T12:00:00Z"},
 {"id":3,"user":{"login":"ann"},"body":"> Did you clear the\r\n> cache?\r\n\r\nYes, twice.","created_at":"2024-03-04T13:00:00Z"},
 {"id":4,"user":{"login":"bo"},"body":"> Yes\n\nGood.","created_at":"2024-03-04T14:00:00Z"},
 {"id":5,"user":{"login":"cy"},"body":"\n> > Did you clear the cache?\n> Yes, twice.\n\nThen it is not the cache.","created_at":"2024-03-04T15:00:00Z"},
 {"id":6,"user":{"login":"dee"},"body":"> it crashes on start\n\nOn mine too.","created_at":"2024-03-04T16:00:00Z"}]"#;
        let thread = import(&values(text).unwrap()).unwrap();
        let parents: Vec<_> = thread.messages.iter().map(|m| m.reply_to).collect();
        // 3 quotes bo (1); 4 quotes one word; 5 quotes ann's own words in
        // 3, not the cache question 3 quoted; 6 quotes the issue.
        assert_eq!(parents, [None, None, None, Some(1), None, Some(3), Some(0)]);
        assert_eq!(thread.messages[3].source_id.as_deref(), Some("3"));
    }

    #[test]
    fn overlapping_pages_do_not_duplicate() {
        let text = r#"[{"id":1,"user":{"login":"a"},"body":"x"}][{"id":1,"user":{"login":"a"},"body":"x"}]"#;
        assert_eq!(import(&values(text).unwrap()).unwrap().messages.len(), 1);
    }
}
