//! The importers on the project's own fixtures (snapshots of the parsed
//! threads), the errors bad input gets, and a pass over the shared real
//! exports when they are there.

mod common;
use common::{fixture, import};

use std::path::{Path, PathBuf};

use tactful::thread::{self, Format, ImportError, Thread};

#[track_caller]
fn import_err(bytes: &[u8], name: &str, from: Option<Format>) -> ImportError {
    match thread::parse(bytes, name, from) {
        Ok(thread) => panic!("expected an error, got {thread:#?}"),
        Err(err) => err,
    }
}

fn snapshot(thread: &Thread) -> String {
    serde_json::to_string_pretty(thread).unwrap()
}

/// Snapshots live beside the fixtures they describe.
fn snapshots() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("fixtures/threads/snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings
}

macro_rules! snapshot_tests {
    ($($test:ident: $file:literal => $format:ident, $count:literal;)*) => {$(
        #[test]
        fn $test() {
            let thread = import($file);
            assert_eq!(thread.format, Format::$format, "format of {}", $file);
            assert_eq!(thread.messages.len(), $count, "messages of {}", $file);
            snapshots().bind(|| insta::assert_snapshot!(stringify!($test), snapshot(&thread)));
        }
    )*};
}

snapshot_tests! {
    markdown_with_name_and_attribution_headers: "markdown-headers.md" => Text, 3;
    plain_paragraphs_with_quote: "plain-paragraphs.txt" => Text, 3;
    chat_log_with_crlf_and_timestamps: "chat-crlf.txt" => Text, 4;
    dash_separated_multi_paragraph_messages: "dashes.md" => Text, 3;
    email_quoted_printable_german_chain: "email-reply-qp.eml" => Email, 3;
    email_html_only: "email-html-only.eml" => Email, 1;
    email_gmail_html_reply_splits_its_quote: "email-gmail-html-reply.eml" => Email, 2;
    email_multipart_base64_french_bottom_posted: "email-multipart.eml" => Email, 2;
    mbox_threads_dedupes_and_recovers_quotes: "list.mbox" => Mbox, 5;
    github_issue_alone: "github-issue.json" => Github, 1;
    github_comments_alone: "github-comments.json" => Github, 4;
    github_issue_and_comments_in_one_array: "github-issue-and-comments.json" => Github, 5;
    github_paginated_back_to_back: "github-paginated.json" => Github, 5;
    gh_issue_view_json: "gh-issue-view.json" => Github, 3;
    gh_pr_view_json_with_reviews: "gh-pr-view.json" => Github, 3;
    reddit_tree_with_deleted_and_more: "reddit-thread.json" => Reddit, 5;
    mastodon_context: "mastodon-context.json" => Mastodon, 3;
    mastodon_single_status: "mastodon-status.json" => Mastodon, 1;
    mastodon_status_and_context: "mastodon-status-and-context.json" => Mastodon, 4;
    discourse_topic_with_quote: "discourse-topic.json" => Discourse, 4;
    hacker_news_algolia_item: "hn-item.json" => HackerNews, 5;
    email_apple_mail_attribution_inside_the_quote: "email-apple-mail-reply.eml" => Email, 3;
    email_format_flowed_rejoined: "email-flowed-thunderbird.eml" => Email, 2;
    mbox_in_date_order: "mbox-out-of-order.mbox" => Mbox, 5;
    github_quote_replies: "github-quote-replies.json" => Github, 7;
}

#[test]
fn mastodon_status_with_context_answers_the_status() {
    assert_eq!(import("mastodon-status-and-context.json").answering, 1);
}

#[test]
fn mbox_reply_links_by_in_reply_to_and_by_quote() {
    let thread = import("list.mbox");
    let parents: Vec<_> = thread.messages.iter().map(|m| m.reply_to).collect();
    assert_eq!(parents, [None, Some(0), Some(1), None, Some(3)]);
}

#[test]
fn escapes_never_survive_import() {
    for name in ["escapes.txt", "escapes-github.json"] {
        let thread = import(name);
        let all = snapshot(&thread);
        for bad in [
            '\u{1b}', '\u{9b}', '\u{9d}', '\u{90}', '\u{9c}', '\u{7}', '\u{8}', '\u{7f}', '\r',
        ] {
            assert!(!all.contains(bad), "{name}: {bad:?} survived");
        }
        assert!(!all.contains("52;c"), "{name}: OSC 52 payload survived");
        assert!(!all.contains("\\u001b"), "{name}: escaped ESC survived");
    }
}

#[test]
fn forced_format_overrides_detection() {
    let bytes = std::fs::read(fixture("plain-paragraphs.txt")).unwrap();
    let thread = thread::parse(&bytes, "notes.json", Some(Format::Text)).unwrap();
    assert_eq!(thread.format, Format::Text);
}

#[test]
fn forced_wrong_json_format_says_what_it_expected() {
    let bytes = std::fs::read(fixture("github-comments.json")).unwrap();
    let err = import_err(&bytes, "c.json", Some(Format::Reddit));
    insta::assert_snapshot!(err.to_string(), @r#"c.json: reddit: not a Reddit comment page: expected an array of {"kind": "Listing"} objects"#);
}

#[test]
fn malformed_json_names_file_format_and_position() {
    let err = import_err(
        b"[\n  {\"body\": \"hi\",\n  \"user\": }\n]",
        "comments.json",
        None,
    );
    insta::assert_snapshot!(err.to_string(), @"comments.json: json: 3:11: malformed JSON: expected value");
}

#[test]
fn unknown_json_shape_lists_formats_tried() {
    let err = import_err(br#"{"items": [1, 2]}"#, "x.json", None);
    insta::assert_snapshot!(err.to_string(), @"x.json: json: unknown JSON shape: an object with keys items (tried reddit, mastodon, discourse, hackernews, github; use --from to force one)");
}

#[test]
fn truncated_mbox_is_an_error_at_the_message() {
    let mut bytes = std::fs::read(fixture("list.mbox")).unwrap();
    let cut = bytes
        .windows(13)
        .rposition(|w| w == b"Subject: Re: ")
        .unwrap();
    bytes.truncate(cut + 5);
    let err = import_err(&bytes, "list.mbox", None);
    insta::assert_snapshot!(err.to_string(), @"list.mbox: mbox: 40:1: message 4 ends inside its headers (truncated mbox?)");
}

#[test]
fn email_without_body_is_an_error() {
    let err = import_err(b"From: a@example.org\nSubject: hi\n\n", "m.eml", None);
    insta::assert_snapshot!(err.to_string(), @"m.eml: email: the email has no body text");
}

#[test]
fn binary_file_is_refused() {
    let err = import_err(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "x.png", None);
    insta::assert_snapshot!(err.to_string(), @"x.png: detect: 3:1: binary file (NUL byte); expected a text or JSON thread");
}

#[test]
fn invalid_utf8_text_is_refused_with_position() {
    let err = import_err(b"Ann: fine\nBo: caf\xe9\n", "t.txt", None);
    insta::assert_snapshot!(err.to_string(), @"t.txt: text: 2:8: invalid UTF-8");
}

#[test]
fn empty_input_has_no_messages() {
    let err = import_err(b"\n\n  \n", "<stdin>", None);
    insta::assert_snapshot!(err.to_string(), @"<stdin>: text: no messages found");
}

#[test]
fn missing_file_and_directory_are_clear_errors() {
    let missing = fixture("no-such-thread.json");
    let err = thread::load(&missing, None).unwrap_err();
    assert!(
        err.to_string()
            .ends_with("no-such-thread.json: no such file"),
        "{err}"
    );
    let dir = fixture("");
    let err = thread::load(&dir, None).unwrap_err();
    assert!(
        err.to_string()
            .ends_with(": is a directory, not a thread file"),
        "{err}"
    );
}

#[test]
fn huge_file_is_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.json");
    // Sparse: 100 MB on paper, nothing on disk.
    std::fs::File::create(&path)
        .unwrap()
        .set_len(100_000_000)
        .unwrap();
    let err = thread::load(&path, None).unwrap_err();
    assert!(
        err.to_string()
            .ends_with(": file too large (95.4 MiB); tactful reads threads up to 64 MiB"),
        "{err}"
    );
}

#[test]
fn reply_to_picks_the_answered_message() {
    let thread = import("reddit-thread.json").with_reply_to(Some(2)).unwrap();
    assert_eq!(thread.answering, 1);
    assert_eq!(thread.answering_message().body, "[removed]");
    let err = import("reddit-thread.json")
        .with_reply_to(Some(6))
        .unwrap_err();
    assert_eq!(
        err.message,
        "--reply-to 6: the thread has 5 messages (use 1 to 5)"
    );
}

/// Real exports kept beside the repository (`../shared/data/threads`):
/// every file must import with a sensible number of messages, non-empty
/// bodies, and authors where the format has them.
#[test]
fn shared_real_threads_import() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/threads");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        println!(
            "note: {} is absent; skipping the real-export check",
            dir.display()
        );
        return;
    };
    let mut paths: Vec<PathBuf> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    paths.sort();
    let mut failures = Vec::new();
    for path in &paths {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let thread = match thread::load(path, None) {
            Ok(thread) => thread,
            Err(err) => {
                failures.push(format!("{err}"));
                continue;
            }
        };
        let count = thread.messages.len();
        if count == 0 || count > 100_000 {
            failures.push(format!("{name}: {count} messages"));
        }
        for (i, message) in thread.messages.iter().enumerate() {
            if message.body.trim().is_empty() {
                failures.push(format!("{name}: message {} has an empty body", i + 1));
            }
        }
        if thread.format != Format::Text {
            let with_author = thread
                .messages
                .iter()
                .filter(|m| m.author.is_some())
                .count();
            if with_author * 5 < count * 4 {
                failures.push(format!(
                    "{name}: only {with_author} of {count} messages have an author"
                ));
            }
        }
        if let Some(expected) = expected_count(&name)
            && count != expected
        {
            failures.push(format!("{name}: {count} messages, expected {expected}"));
        }
        println!("{name}: {} thread, {count} messages", thread.format);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Message counts of the shared files whose content is known.
fn expected_count(name: &str) -> Option<usize> {
    Some(match name {
        "github-go-github-2618-comments.json" => 5,
        "github-pygithub-3372-issue.json" => 1,
        "github-pygithub-3372-comments.json" => 4,
        "reddit-redditdev-chain.json" => 11,
        "reddit-redditdev-minimal.json" => 3,
        "mastodon-context-descendants.json" => 3,
        "discourse-sandbox-topic.json" => 4,
        "email-list-2015.mbox" => 4,
        "email-root-multipart.eml" => 1,
        "email-thunderbird-reply.eml" => 2,
        _ => return None,
    })
}
