//! Hacker News: an Algolia item (`/api/v1/items/ID`, with nested
//! `children` and HTML `text`), or Firebase items (`by`, `text`, `time`,
//! `parent`), one or several, linked by their `parent` ids. Deleted
//! comments have no author and no text; they are kept as "[deleted]" only
//! when replies hang from them.

use std::collections::HashMap;

use serde_json::Value;

use crate::thread::html;
use crate::thread::json::{flatten, id_field, str_field};
use crate::thread::time::from_unix;
use crate::thread::{Format, ImportError, Message, Thread};

fn is_algolia(v: &Value) -> bool {
    v.get("children").is_some_and(Value::is_array)
        && v.get("author").is_some()
        && (v.get("created_at_i").is_some()
            || v.get("story_id").is_some()
            || v.get("parent_id").is_some())
}

fn is_firebase(v: &Value) -> bool {
    v.get("by").is_some() && v.get("type").is_some() && v.get("time").is_some()
}

pub(crate) fn matches(values: &[Value]) -> bool {
    let items = flatten(values);
    !items.is_empty() && items.iter().all(|v| is_algolia(v) || is_firebase(v))
}

pub(crate) fn import(values: &[Value]) -> Result<Thread, ImportError> {
    let mut title = None;
    let mut messages = Vec::new();
    let mut parents = Vec::new();
    for item in flatten(values) {
        if is_algolia(item) {
            walk(item, None, &mut title, &mut messages, 0);
        } else if is_firebase(item) {
            if title.is_none() {
                title = str_field(item, "title").map(|t| htmlize::unescape(t).into_owned());
            }
            messages.push(Message {
                author: str_field(item, "by").map(str::to_string),
                time: item.get("time").and_then(Value::as_f64).and_then(from_unix),
                body: body(item),
                reply_to: None,
                source_id: id_field(item, "id"),
            });
            parents.push((messages.len() - 1, id_field(item, "parent")));
        }
    }
    // Firebase items stand alone and name their parent by id.
    if !parents.is_empty() {
        let by_id: HashMap<String, usize> = messages
            .iter()
            .enumerate()
            .filter_map(|(i, m)| m.source_id.clone().map(|id| (id, i)))
            .collect();
        for (index, parent) in parents {
            messages[index].reply_to = parent.and_then(|p| by_id.get(&p).copied());
        }
    }
    if messages.is_empty() {
        return Err(ImportError::new(
            "not a Hacker News item: expected an Algolia item with \"children\" or a Firebase item",
        ));
    }
    Ok(Thread::new(Format::HackerNews, title, messages))
}

fn body(item: &Value) -> String {
    if let Some(text) = str_field(item, "text") {
        return html::to_text(text);
    }
    str_field(item, "url")
        .map(str::to_string)
        .unwrap_or_default()
}

fn walk(
    item: &Value,
    parent: Option<usize>,
    title: &mut Option<String>,
    messages: &mut Vec<Message>,
    depth: usize,
) {
    if title.is_none() {
        *title = str_field(item, "title").map(|t| htmlize::unescape(t).into_owned());
    }
    let children: &[Value] = item
        .get("children")
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice);
    let mut text = body(item);
    if text.is_empty() {
        if children.is_empty() {
            return;
        }
        text = "[deleted]".to_string();
    }
    let time = str_field(item, "created_at")
        .map(str::to_string)
        .or_else(|| {
            item.get("created_at_i")
                .and_then(Value::as_f64)
                .and_then(from_unix)
        });
    let index = messages.len();
    messages.push(Message {
        author: str_field(item, "author").map(str::to_string),
        time,
        body: text,
        reply_to: parent,
        source_id: id_field(item, "id"),
    });
    if depth < 512 {
        for child in children {
            walk(child, Some(index), title, messages, depth + 1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::thread::json::values;

    #[test]
    fn firebase_items_link_by_parent_id() {
        let text = r#"{"by":"ann","id":10,"kids":[11],"time":1709546400,"title":"Ask HN: tabs?","type":"story"}
{"by":"bo","id":11,"kids":[12],"parent":10,"text":"Spaces.","time":1709546500,"type":"comment"}
{"by":"cy","id":12,"parent":11,"text":"Tabs.","time":1709546600,"type":"comment"}
{"by":"dee","id":13,"parent":99,"text":"Elsewhere.","time":1709546700,"type":"comment"}"#;
        let thread = import(&values(text).unwrap()).unwrap();
        let got: Vec<_> = thread
            .messages
            .iter()
            .map(|m| (m.source_id.as_deref(), m.reply_to))
            .collect();
        assert_eq!(
            got,
            [
                (Some("10"), None),
                (Some("11"), Some(0)),
                (Some("12"), Some(1)),
                (Some("13"), None)
            ]
        );
    }

    #[test]
    fn algolia_tree_with_deleted_comment() {
        let text = r#"{"id":1,"type":"story","author":"ann","title":"Show HN: x","url":"https://example.org","text":null,"created_at":"2024-03-04T10:00:00.000Z","created_at_i":1709546400,"parent_id":null,"story_id":1,
          "children":[{"id":2,"type":"comment","author":null,"text":null,"parent_id":1,"story_id":1,"children":[
            {"id":3,"type":"comment","author":"bo","text":"<p>This is &quot;fine&quot;<p>Really.","parent_id":2,"story_id":1,"children":[]}]},
            {"id":4,"type":"comment","author":null,"text":null,"parent_id":1,"story_id":1,"children":[]}]}"#;
        let thread = import(&values(text).unwrap()).unwrap();
        assert_eq!(thread.title.as_deref(), Some("Show HN: x"));
        let got: Vec<_> = thread
            .messages
            .iter()
            .map(|m| (m.body.as_str(), m.reply_to))
            .collect();
        assert_eq!(
            got,
            [
                ("https://example.org", None),
                ("[deleted]", Some(0)),
                ("This is \"fine\"\n\nReally.", Some(1))
            ]
        );
    }
}
