//! The reply tree of every format that has one, the default message to
//! answer, and the tree helpers on real shapes: the project's fixtures and,
//! when they are there, the shared real exports.

mod common;
use common::{fixture, import};

use std::path::Path;

use tactful::thread::{self, Thread, Tree};

/// Each message's parent, 1-based as `thread show` prints them.
fn parents(thread: &Thread) -> Vec<Option<usize>> {
    thread
        .messages
        .iter()
        .map(|m| m.reply_to.map(|p| p + 1))
        .collect()
}

#[test]
fn reddit_comments_hang_from_their_parent_id() {
    let thread = import("reddit-thread.json");
    assert_eq!(parents(&thread), [None, Some(1), Some(2), Some(1), Some(4)]);
}

#[test]
fn hacker_news_children_hang_from_their_item() {
    let thread = import("hn-item.json");
    assert_eq!(parents(&thread), [None, Some(1), Some(2), Some(3), Some(1)]);
}

#[test]
fn discourse_posts_hang_from_reply_to_post_number() {
    let thread = import("discourse-topic.json");
    assert_eq!(parents(&thread), [None, Some(1), None, Some(2)]);
    let ids: Vec<_> = thread
        .messages
        .iter()
        .map(|m| m.source_id.as_deref())
        .collect();
    assert_eq!(ids, [Some("1"), Some("2"), Some("3"), Some("4")]);
}

#[test]
fn mastodon_statuses_hang_from_in_reply_to_id() {
    let thread = import("mastodon-status-and-context.json");
    assert_eq!(parents(&thread), [None, Some(1), Some(2), Some(3)]);
}

#[test]
fn github_quote_replies_answer_the_comment_they_quote() {
    let thread = import("github-quote-replies.json");
    // 4 quotes 2's question; 5 quotes the first comment; 6 quotes 4's own
    // words (its `> >` lines are 2's, quoted by 4); 7 quotes nothing.
    assert_eq!(
        parents(&thread),
        [None, None, None, Some(2), Some(1), Some(4), None]
    );
    assert_eq!(thread.messages[3].source_id.as_deref(), Some("2004"));
}

#[test]
fn email_replies_hang_from_in_reply_to_and_quotes() {
    let thread = import("mbox-out-of-order.mbox");
    assert_eq!(parents(&thread), [None, Some(1), Some(1), Some(1), Some(3)]);
    let chain = import("email-apple-mail-reply.eml");
    assert_eq!(parents(&chain), [None, Some(1), Some(2)]);
}

#[test]
fn default_answer_follows_the_liveliest_branch() {
    // Reddit: two branches of two; the later activity wins.
    assert_eq!(import("reddit-thread.json").answering, 4);
    // Hacker News: the three-message branch, not the late top-level one.
    assert_eq!(import("hn-item.json").answering, 3);
    // An mbox: the branch where Tom was answered.
    let mbox = import("mbox-out-of-order.mbox");
    assert_eq!(
        mbox.messages[mbox.answering].author.as_deref(),
        Some("Kemal Arslan")
    );
    // Linear threads: the last message.
    assert_eq!(import("github-quote-replies.json").answering, 6);
    assert_eq!(import("markdown-headers.md").answering, 2);
    // The export's own focus wins (a Mastodon status with its context).
    assert_eq!(import("mastodon-status-and-context.json").answering, 1);
}

#[test]
fn visible_order_on_a_real_shape() {
    let thread = import("hn-item.json");
    let tree = thread.tree();
    assert_eq!(tree.order(), [0, 1, 2, 3, 4]);
    assert_eq!(tree.visible(|i| i == 1), [0, 1, 4]);
    let depths: Vec<_> = (0..5).map(|i| tree.depth(i)).collect();
    assert_eq!(depths, [0, 1, 2, 3, 1]);
    assert_eq!(tree.children(0), [1, 4]);
    assert_eq!(tree.ancestors(3).collect::<Vec<_>>(), [2, 1, 0]);
}

/// The tree of any imported thread is well formed.
#[track_caller]
fn check_tree(name: &str, thread: &Thread) {
    let tree: Tree = thread.tree();
    let n = thread.messages.len();
    let mut order = tree.order();
    assert_eq!(order.len(), n, "{name}");
    order.sort_unstable();
    assert!(
        order.iter().copied().eq(0..n),
        "{name}: order is not a permutation"
    );
    for i in 0..n {
        match tree.parent(i) {
            Some(p) => {
                assert!(p < i, "{name}: #{i} answers a later message");
                assert_eq!(tree.depth(i), tree.depth(p) + 1, "{name}");
            }
            None => assert_eq!(tree.depth(i), 0, "{name}"),
        }
    }
    assert!(thread.answering < n, "{name}");
    assert!(tree.default_answer() < n, "{name}");
}

#[test]
fn every_fixture_and_shared_export_has_a_well_formed_tree() {
    let mut dirs = vec![fixture("")];
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/threads");
    if shared.is_dir() {
        dirs.push(shared);
    }
    let mut checked = 0;
    for dir in dirs {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if path.is_dir() || name.starts_with("README") {
                continue;
            }
            if let Ok(thread) = thread::load(&path, None) {
                check_tree(&name, &thread);
                checked += 1;
            }
        }
    }
    assert!(checked >= 25, "only {checked} threads checked");
}
