//! Discourse topics (`/t/ID.json`): `post_stream.posts` with `cooked`
//! HTML and `reply_to_post_number`. Several pages of one topic may come
//! back to back; posts are ordered by number.

use std::collections::{BTreeMap, HashMap};

use serde_json::Value;

use crate::thread::html;
use crate::thread::json::{flatten, str_field};
use crate::thread::{Format, ImportError, Message, Thread};

fn posts(v: &Value) -> Option<&Vec<Value>> {
    v.pointer("/post_stream/posts").and_then(Value::as_array)
}

/// A single post (`/posts/ID.json`).
fn is_post(v: &Value) -> bool {
    v.get("cooked").is_some() && v.get("post_number").is_some()
}

pub(crate) fn matches(values: &[Value]) -> bool {
    flatten(values)
        .iter()
        .any(|v| posts(v).is_some() || is_post(v))
}

pub(crate) fn import(values: &[Value]) -> Result<Thread, ImportError> {
    let mut title = None;
    let mut by_number: BTreeMap<u64, &Value> = BTreeMap::new();
    let mut unnumbered = Vec::new();
    for item in flatten(values) {
        let list: &[Value] = match posts(item) {
            Some(list) => list,
            None if is_post(item) => std::slice::from_ref(item),
            None => continue,
        };
        if title.is_none() {
            title = str_field(item, "title")
                .or_else(|| str_field(item, "fancy_title"))
                .map(|t| htmlize::unescape(t).into_owned());
        }
        // Small actions ("closed the topic") carry a code and no words.
        let said_something = |p: &&Value| {
            p.get("action_code").is_none_or(Value::is_null)
                || str_field(p, "cooked").is_some_and(|c| !html::to_text(c).is_empty())
        };
        for post in list.iter().filter(|p| p.is_object()).filter(said_something) {
            match post.get("post_number").and_then(Value::as_u64) {
                Some(n) => {
                    by_number.entry(n).or_insert(post);
                }
                None => unnumbered.push(post),
            }
        }
    }
    if by_number.is_empty() && unnumbered.is_empty() {
        return Err(ImportError::new(
            "not a Discourse topic: expected \"post_stream\": {\"posts\": […]}",
        ));
    }
    let posts: Vec<&Value> = by_number.into_values().chain(unnumbered).collect();
    let index: HashMap<u64, usize> = posts
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.get("post_number").and_then(Value::as_u64).map(|n| (n, i)))
        .collect();
    let messages = posts
        .iter()
        .map(|post| Message {
            author: str_field(post, "username")
                .or_else(|| str_field(post, "name"))
                .map(str::to_string),
            time: str_field(post, "created_at").map(str::to_string),
            body: html::to_text(str_field(post, "cooked").unwrap_or("")),
            reply_to: post
                .get("reply_to_post_number")
                .and_then(Value::as_u64)
                .and_then(|n| index.get(&n).copied()),
            // The number people see and link to (`/t/slug/ID/5`).
            source_id: post
                .get("post_number")
                .and_then(Value::as_u64)
                .map(|n| n.to_string()),
        })
        .collect();
    Ok(Thread::new(Format::Discourse, title, messages))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::thread::json::values;

    #[test]
    fn posts_link_by_number_and_quotes_become_quote_lines() {
        let text = r#"{"title":"Tabs &amp; spaces","post_stream":{"posts":[
          {"post_number":2,"username":"bo","created_at":"t2","cooked":"<aside class=\"quote\"><blockquote><p>tabs</p></blockquote></aside><p>No.</p>","reply_to_post_number":1},
          {"post_number":1,"username":"ann","created_at":"t1","cooked":"<p>tabs</p>","reply_to_post_number":null}]}}"#;
        let thread = import(&values(text).unwrap()).unwrap();
        assert_eq!(thread.title.as_deref(), Some("Tabs & spaces"));
        assert_eq!(thread.messages[0].author.as_deref(), Some("ann"));
        assert_eq!(thread.messages[1].body, "> tabs\n\nNo.");
        assert_eq!(thread.messages[1].reply_to, Some(0));
    }

    #[test]
    fn small_actions_without_words_are_left_out() {
        let text = r#"{"post_stream":{"posts":[
          {"post_number":1,"username":"ann","cooked":"<p>Hot take.</p>"},
          {"post_number":2,"username":"mod","cooked":"","action_code":"closed.enabled","post_type":3}]}}"#;
        assert_eq!(import(&values(text).unwrap()).unwrap().messages.len(), 1);
    }

    #[test]
    fn single_post_is_a_thread_of_one() {
        let text = r#"{"id":9,"post_number":3,"username":"cy","cooked":"<p>Calm down.</p>"}"#;
        let values = values(text).unwrap();
        assert!(matches(&values));
        assert_eq!(import(&values).unwrap().messages[0].body, "Calm down.");
    }
}
