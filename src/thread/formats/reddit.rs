//! Reddit comment pages (`…/comments/ID.json`): an array of two listings,
//! the post and then the comment tree. `replies` is `""` when empty,
//! "more" stubs stand for comments not loaded, deleted authors read
//! `[deleted]`. Reddit escapes `&`, `<` and `>` in Markdown bodies.

use std::collections::HashMap;

use serde_json::Value;

use crate::thread::json::{flatten, str_field};
use crate::thread::time::from_unix;
use crate::thread::{Format, ImportError, Message, Thread};

fn is_listing(v: &Value) -> bool {
    v.get("kind").and_then(Value::as_str) == Some("Listing")
}

pub(crate) fn matches(values: &[Value]) -> bool {
    flatten(values).first().is_some_and(|v| is_listing(v))
}

pub(crate) fn import(values: &[Value]) -> Result<Thread, ImportError> {
    let listings: Vec<&Value> = flatten(values)
        .into_iter()
        .filter(|v| is_listing(v))
        .collect();
    if listings.is_empty() {
        return Err(ImportError::new(
            "not a Reddit comment page: expected an array of {\"kind\": \"Listing\"} objects",
        ));
    }
    let mut state = State::default();
    for listing in listings {
        state.listing(listing, 0);
    }
    if state.messages.is_empty() {
        return Err(ImportError::new(
            "the Reddit listings hold no post or comment",
        ));
    }
    Ok(Thread::new(Format::Reddit, state.title, state.messages))
}

#[derive(Default)]
struct State {
    title: Option<String>,
    messages: Vec<Message>,
    by_name: HashMap<String, usize>,
}

impl State {
    fn listing(&mut self, listing: &Value, depth: usize) {
        let Some(children) = listing.pointer("/data/children").and_then(Value::as_array) else {
            return;
        };
        for child in children {
            let kind = child.get("kind").and_then(Value::as_str).unwrap_or("");
            let Some(data) = child.get("data") else {
                continue;
            };
            match kind {
                "t3" => self.post(data),
                "t1" => {
                    self.comment(data);
                    // `replies` is "" when there are none.
                    if let Some(replies) = data.get("replies").filter(|r| r.is_object())
                        && depth < 512
                    {
                        self.listing(replies, depth + 1);
                    }
                }
                // "more": comments the page did not load.
                _ => {}
            }
        }
    }

    fn post(&mut self, data: &Value) {
        let title = str_field(data, "title").map(unescape);
        if self.title.is_none() {
            self.title = title.clone();
        }
        let body = str_field(data, "selftext")
            .map(unescape)
            .or_else(|| {
                str_field(data, "url")
                    .filter(|_| data.get("is_self") != Some(&Value::Bool(true)))
                    .map(str::to_string)
            })
            .or(title)
            .unwrap_or_default();
        self.push(data, body);
    }

    fn comment(&mut self, data: &Value) {
        let body = str_field(data, "body").map(unescape).unwrap_or_default();
        self.push(data, body);
    }

    fn push(&mut self, data: &Value, body: String) {
        let author = str_field(data, "author")
            .filter(|a| *a != "[deleted]")
            .map(str::to_string);
        // Old pages may lack `created_utc` and carry `created` only.
        let time = data
            .get("created_utc")
            .or_else(|| data.get("created"))
            .and_then(Value::as_f64)
            .and_then(from_unix);
        let reply_to = str_field(data, "parent_id").and_then(|p| self.by_name.get(p).copied());
        let index = self.messages.len();
        if let Some(name) = str_field(data, "name") {
            self.by_name.insert(name.to_string(), index);
        }
        // The short id, as permalinks show it; `name` is "t1_" + id.
        let source_id = str_field(data, "id")
            .map(str::to_string)
            .or_else(|| str_field(data, "name").map(|n| n.get(3..).unwrap_or(n).to_string()));
        self.messages.push(Message {
            author,
            time,
            body,
            reply_to,
            source_id,
        });
    }
}

/// Reddit's Markdown has `&amp;`, `&lt;` and `&gt;` escaped. Its editor
/// also writes `&#x200B;` (a zero-width space, escaped twice) to keep empty
/// paragraphs; those go.
fn unescape(text: &str) -> String {
    htmlize::unescape(text).replace("&#x200B;", "")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::thread::json::values;

    const PAGE: &str = r#"[{"kind":"Listing","data":{"children":[{"kind":"t3","data":{"name":"t3_p","title":"Why &amp; how","author":"ann","selftext":"Post &lt;3","created_utc":1709546400.0}}]}},
      {"kind":"Listing","data":{"children":[
        {"kind":"t1","data":{"name":"t1_a","parent_id":"t3_p","author":"[deleted]","body":"[removed]","created_utc":1709550000,
          "replies":{"kind":"Listing","data":{"children":[
            {"kind":"t1","data":{"name":"t1_b","parent_id":"t1_a","author":"bo","body":"reply","replies":""}},
            {"kind":"more","data":{"count":3,"children":["x"]}}]}}}},
        {"kind":"t1","data":{"name":"t1_c","parent_id":"t3_p","author":"cy","body":"top","replies":""}}]}}]"#;

    #[test]
    fn tree_is_walked_in_order_with_parents() {
        let thread = import(&values(PAGE).unwrap()).unwrap();
        assert_eq!(thread.title.as_deref(), Some("Why & how"));
        let got: Vec<_> = thread
            .messages
            .iter()
            .map(|m| (m.body.as_str(), m.reply_to))
            .collect();
        assert_eq!(
            got,
            [
                ("Post <3", None),
                ("[removed]", Some(0)),
                ("reply", Some(1)),
                ("top", Some(0))
            ]
        );
    }

    #[test]
    fn zero_width_paragraph_fillers_are_dropped() {
        assert_eq!(
            unescape("a\n\n&amp;#x200B;\n\nb &amp;amp; c"),
            "a\n\n\n\nb &amp; c"
        );
    }

    #[test]
    fn deleted_author_is_unknown_and_time_is_iso() {
        let thread = import(&values(PAGE).unwrap()).unwrap();
        assert_eq!(thread.messages[1].author, None);
        assert_eq!(
            thread.messages[0].time.as_deref(),
            Some("2024-03-04T10:00:00Z")
        );
    }
}
