//! What every thread target checks. An import may refuse its input with an
//! error, which must be one line; what it accepts must hold the model's
//! promises: at least one message, the answered one among them, no
//! control characters, every reply naming an earlier message. The tree
//! helpers and `--reply-to` resolution run on every accepted thread.

use tactful::thread::{self, Format, MessageRef, Thread};

pub fn thread(data: &[u8], name: &str, from: Option<Format>) {
    match thread::parse(data, name, from) {
        Ok(t) => check(&t),
        Err(e) => assert!(!e.to_string().contains('\n'), "{e}"),
    }
}

fn clean(s: &str) -> bool {
    !s.chars().any(|c| c.is_control() && c != '\n' && c != '\t')
}

fn check(t: &Thread) {
    let n = t.messages.len();
    assert!(n > 0);
    assert!(t.answering < n);
    assert!(t.title.as_deref().is_none_or(clean));
    for (i, m) in t.messages.iter().enumerate() {
        assert!(clean(&m.body));
        assert!(m.author.as_deref().is_none_or(clean));
        assert!(m.time.as_deref().is_none_or(clean));
        assert!(m.source_id.as_deref().is_none_or(clean));
        assert!(
            m.reply_to.is_none_or(|p| p < i),
            "#{i} answers {:?}",
            m.reply_to
        );
    }

    let tree = t.tree();
    let order = tree.order();
    let mut sorted = order.clone();
    sorted.sort_unstable();
    assert!(
        sorted.iter().copied().eq(0..n),
        "order is not a permutation"
    );
    for i in 0..n {
        match tree.parent(i) {
            Some(p) => assert_eq!(tree.depth(i), tree.depth(p) + 1),
            None => assert_eq!(tree.depth(i), 0),
        }
        assert!(tree.latest_in(i) < n);
        assert!(tree.subtree_len(i) >= 1);
    }
    // Collapse every third message: what shows is exactly the messages
    // with no collapsed ancestor.
    let collapsed = |i: usize| i % 3 == 0;
    let visible = tree.visible(collapsed);
    let expected: Vec<usize> = order
        .iter()
        .copied()
        .filter(|&i| tree.ancestors(i).all(|a| !collapsed(a)))
        .collect();
    assert_eq!(visible, expected);
    let answer = tree.default_answer();
    assert!(answer < n);

    let mut refs: Vec<String> = vec!["1".into(), n.to_string(), (n + 1).to_string()];
    refs.extend(t.messages.iter().filter_map(|m| m.author.clone()).take(3));
    refs.extend(
        t.messages
            .iter()
            .filter_map(|m| m.source_id.as_ref().map(|id| format!("id:{id}")))
            .take(3),
    );
    for text in refs {
        let Ok(r) = text.parse::<MessageRef>() else {
            continue;
        };
        match t.find(&r) {
            Ok(i) => assert!(i < n),
            Err(e) => assert!(!e.to_string().contains('\n'), "{e}"),
        }
    }
}
