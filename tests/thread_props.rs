//! Property tests: no input makes an importer panic, nothing that comes
//! out of an import carries a control character, and the replies always
//! form a well-formed tree.

use proptest::prelude::*;
use tactful::thread::{self, Format, sanitize};

/// Pieces that steer inputs into the importers' interesting paths.
const TOKENS: &[&str] = &[
    "\n",
    "\n\n",
    "\r\n",
    "---\n",
    "> ",
    ">> ",
    "On Mon, 4 Mar 2024, Ann wrote:\n",
    "Am 4.3. schrieb Bo:\n",
    "Ann: ",
    "Bo wrote:\n",
    "From ",
    "From: a@b\n",
    "Subject: x\n",
    "Content-Type: text/html\n",
    "Content-Transfer-Encoding: quoted-printable\n",
    "=E9",
    "=\n",
    "<p>",
    "</p>",
    "<br>",
    "<blockquote>",
    "</blockquote>",
    "&amp;",
    "&#",
    "\u{1b}]52;c;",
    "\u{1b}[",
    "\u{9b}",
    "\u{7}",
    "{",
    "}",
    "[",
    "]",
    "\"",
    ",",
    ":",
    "\"body\":",
    "\"user\":{\"login\":\"x\"}",
    "\"kind\":\"Listing\"",
    "\"data\":",
    "\"children\":",
    "\"replies\":\"\"",
    "\"content\":",
    "\"account\":{}",
    "\"ancestors\":[]",
    "\"post_stream\":",
    "\"posts\":",
    "\"cooked\":",
    "\"author\":",
    "\"created_at_i\":1",
    "null",
    "1e999",
    "-",
    "```\n",
    "# ",
    "é",
    "🥳",
    "\u{0}",
];

fn tokens() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(TOKENS), 0..60).prop_map(|t| t.concat())
}

fn formats() -> impl Strategy<Value = Option<Format>> {
    prop::option::of(prop::sample::select(Format::ALL.to_vec()))
}

#[track_caller]
fn check(bytes: &[u8], name: &str, from: Option<Format>) {
    if let Ok(thread) = thread::parse(bytes, name, from) {
        assert!(thread.answering < thread.messages.len());
        let clean = |s: &str| !s.chars().any(|c| c.is_control() && c != '\n' && c != '\t');
        assert!(thread.title.as_deref().is_none_or(clean));
        for (i, m) in thread.messages.iter().enumerate() {
            assert!(clean(&m.body));
            assert!(m.author.as_deref().is_none_or(clean));
            assert!(m.time.as_deref().is_none_or(clean));
            // A reply always names an earlier message: no cycles.
            assert!(m.reply_to.is_none_or(|r| r < i));
            assert!(m.source_id.as_deref().is_none_or(clean));
        }
        let tree = thread.tree();
        let mut order = tree.order();
        order.sort_unstable();
        assert!(order.iter().copied().eq(0..thread.messages.len()));
        assert!(tree.default_answer() < thread.messages.len());
    }
}

proptest! {
    // PROPTEST_CASES raises the count for a longer local run.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(1024),
        ..ProptestConfig::default()
    })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512), from in formats()) {
        check(&bytes, "<stdin>", from);
    }

    #[test]
    fn arbitrary_bytes_with_every_extension_never_panic(
        bytes in prop::collection::vec(any::<u8>(), 0..256),
        ext in prop::sample::select(vec!["json", "eml", "mbox", "md", "txt", ""]),
    ) {
        check(&bytes, &format!("thread.{ext}"), None);
    }

    #[test]
    fn token_soup_never_panics(text in tokens(), from in formats()) {
        check(text.as_bytes(), "<stdin>", from);
    }

    #[test]
    fn sanitize_leaves_no_controls(text in any::<String>()) {
        let clean = sanitize(&text);
        prop_assert!(!clean.chars().any(|c| c.is_control() && c != '\n' && c != '\t'));
    }

    #[test]
    fn sanitize_keeps_ordinary_text(text in "[a-zA-Z0-9 .,!?'\"é—🥳\n\t-]{0,80}") {
        prop_assert_eq!(sanitize(&text), text);
    }
}
