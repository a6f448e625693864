//! The reply structure of a thread, for views that show replies under what
//! they answer.
//!
//! Every [`Message::reply_to`] names an earlier message, so the replies form
//! a forest: the *roots* are the messages that answer nothing named (a
//! Reddit post, an issue and its ordinary comments, paragraphs of pasted
//! text), and every other message hangs under the one it answers. A
//! [`Tree`] is computed once from the messages in linear time and answers,
//! without touching the messages again:
//!
//! - [`Tree::depth`], [`Tree::parent`], [`Tree::children`] (in message
//!   order), [`Tree::roots`], [`Tree::ancestors`], [`Tree::subtree_len`];
//! - [`Tree::visible`]: the tree's reading order (depth first, each message
//!   followed by its replies, in message order) with the replies under
//!   collapsed messages left out;
//! - [`Tree::default_answer`]: the message to answer when the user has not
//!   chosen one.
//!
//! **Recency.** "Most recent" compares the messages' times when *every*
//! message of the thread has a machine-readable time (ISO 8601 with a time
//! of day, as the JSON exports and email give), and otherwise their
//! position in the thread (a later message is more recent). Mixing the two
//! would rank a message without a time arbitrarily. Equal times fall back to
//! position.
//!
//! **The default message to answer.** A thread is *linear* when no message
//! has two or more replies: a flat list (GitHub comments, a pasted chat), a
//! chain (an email quote chain), or a flat list with a few single
//! quote-replies. For a linear thread the default is the last message. In a
//! tree, the *branches* are found where the conversation first forks: start
//! from the roots; while there is exactly one, step down to its replies.
//! Each message there, with every reply under it, is a branch. The
//! *liveliest* branch is the one with the most messages; between branches
//! of the same size, the one whose most recent message is more recent. The
//! default is the most recent message of the liveliest branch. (On a Reddit
//! page: the top-level comment that drew the largest discussion, and the
//! newest message in that discussion.)

use super::Message;
use super::time::timestamp;

/// The reply forest of a thread's messages. Indices are 0-based positions
/// in the thread's `messages`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tree {
    parent: Vec<Option<usize>>,
    children: Vec<Vec<usize>>,
    roots: Vec<usize>,
    depth: Vec<usize>,
    /// Messages in each subtree, the message itself included.
    size: Vec<usize>,
    /// The most recent message of each subtree.
    latest: Vec<usize>,
    /// Unix seconds per message, when every message has one.
    times: Option<Vec<i64>>,
}

impl Tree {
    /// The forest of `messages`. A `reply_to` that does not name an earlier
    /// message (imports never produce one) is taken as no link.
    pub fn new(messages: &[Message]) -> Tree {
        let n = messages.len();
        let parent: Vec<Option<usize>> = messages
            .iter()
            .enumerate()
            .map(|(i, m)| m.reply_to.filter(|&p| p < i))
            .collect();
        let times: Option<Vec<i64>> = messages
            .iter()
            .map(|m| m.time.as_deref().and_then(timestamp))
            .collect();
        let mut children = vec![Vec::new(); n];
        let mut roots = Vec::new();
        let mut depth = vec![0; n];
        for (i, p) in parent.iter().enumerate() {
            match *p {
                Some(p) => {
                    children[p].push(i);
                    depth[i] = depth[p] + 1;
                }
                None => roots.push(i),
            }
        }
        let mut tree = Tree {
            parent,
            children,
            roots,
            depth,
            size: vec![1; n],
            latest: (0..n).collect(),
            times,
        };
        // Parents come before their replies: one backward pass folds every
        // subtree into its parent.
        for i in (0..n).rev() {
            if let Some(p) = tree.parent[i] {
                tree.size[p] += tree.size[i];
                if tree.more_recent(tree.latest[i], tree.latest[p]) {
                    tree.latest[p] = tree.latest[i];
                }
            }
        }
        tree
    }

    /// Number of messages.
    pub fn len(&self) -> usize {
        self.parent.len()
    }

    pub fn is_empty(&self) -> bool {
        self.parent.is_empty()
    }

    /// The message `i` answers, if any.
    pub fn parent(&self, i: usize) -> Option<usize> {
        self.parent[i]
    }

    /// The replies to message `i`, in message order.
    pub fn children(&self, i: usize) -> &[usize] {
        &self.children[i]
    }

    /// The messages that answer nothing named, in message order.
    pub fn roots(&self) -> &[usize] {
        &self.roots
    }

    /// How deep message `i` sits: 0 for a root, 1 for a reply to a root, …
    pub fn depth(&self, i: usize) -> usize {
        self.depth[i]
    }

    /// Number of messages in the branch under `i`, `i` included: what a
    /// view hides when it collapses `i` is `subtree_len(i) - 1` replies.
    pub fn subtree_len(&self, i: usize) -> usize {
        self.size[i]
    }

    /// The messages `i` answers, nearest first: its parent, the parent's
    /// parent, … up to a root. A view expands these to reveal `i`.
    pub fn ancestors(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        std::iter::successors(self.parent[i], |&p| self.parent[p])
    }

    /// Whether `a` is more recent than `b` (see the module documentation).
    pub fn more_recent(&self, a: usize, b: usize) -> bool {
        match &self.times {
            Some(times) => (times[a], a) > (times[b], b),
            None => a > b,
        }
    }

    /// The most recent of some messages.
    pub fn most_recent(&self, messages: impl IntoIterator<Item = usize>) -> Option<usize> {
        messages
            .into_iter()
            .reduce(|best, i| if self.more_recent(i, best) { i } else { best })
    }

    /// No message has two or more replies.
    pub fn is_linear(&self) -> bool {
        self.children.iter().all(|c| c.len() < 2)
    }

    /// Every message in the tree's reading order: depth first, each message
    /// followed by its replies in message order.
    pub fn order(&self) -> Vec<usize> {
        self.visible(|_| false)
    }

    /// The messages a view shows, in the tree's reading order, when the
    /// messages for which `is_collapsed` is true have their replies hidden
    /// (a collapsed message itself is shown). For example, with the
    /// collapsed messages in a set:
    /// `tree.visible(|i| collapsed.contains(&i))`.
    pub fn visible(&self, is_collapsed: impl Fn(usize) -> bool) -> Vec<usize> {
        let mut out = Vec::with_capacity(self.len());
        let mut stack: Vec<usize> = self.roots.iter().rev().copied().collect();
        while let Some(i) = stack.pop() {
            out.push(i);
            if !is_collapsed(i) {
                stack.extend(self.children[i].iter().rev());
            }
        }
        out
    }

    /// The message to answer when none was chosen (see the module
    /// documentation): the last message of a linear thread, otherwise the
    /// most recent message of the liveliest branch. 0 for an empty tree.
    pub fn default_answer(&self) -> usize {
        if self.is_empty() {
            return 0;
        }
        if self.is_linear() {
            return self.len() - 1;
        }
        let branches = self.branches();
        let liveliest = branches
            .iter()
            .copied()
            .reduce(|best, b| {
                let bigger = self.size[b] > self.size[best];
                let as_big_but_fresher = self.size[b] == self.size[best]
                    && self.more_recent(self.latest[b], self.latest[best]);
                if bigger || as_big_but_fresher {
                    b
                } else {
                    best
                }
            })
            .unwrap_or(self.len() - 1);
        self.latest[liveliest]
    }

    /// The heads of the branches where the conversation first forks.
    pub fn branches(&self) -> &[usize] {
        let mut level: &[usize] = &self.roots;
        while let [only] = level {
            if self.children[*only].is_empty() {
                break;
            }
            level = &self.children[*only];
        }
        level
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Messages with these parents and no times.
    fn messages(parents: &[Option<usize>]) -> Vec<Message> {
        parents
            .iter()
            .enumerate()
            .map(|(i, &p)| Message {
                reply_to: p,
                ..Message::new(None, None, format!("m{i}"))
            })
            .collect()
    }

    fn timed(parents: &[Option<usize>], times: &[&str]) -> Vec<Message> {
        let mut m = messages(parents);
        for (m, t) in m.iter_mut().zip(times) {
            m.time = Some(t.to_string());
        }
        m
    }

    //  0
    //  ├─ 1
    //  │  └─ 3
    //  └─ 2
    //     ├─ 4
    //     └─ 5
    //        └─ 6
    //  7
    const FOREST: &[Option<usize>] = &[
        None,
        Some(0),
        Some(0),
        Some(1),
        Some(2),
        Some(2),
        Some(5),
        None,
    ];

    #[test]
    fn depth_children_and_roots() {
        let tree = Tree::new(&messages(FOREST));
        assert_eq!(tree.roots(), [0, 7]);
        assert_eq!(tree.children(2), [4, 5]);
        assert_eq!(tree.parent(6), Some(5));
        let depths: Vec<_> = (0..8).map(|i| tree.depth(i)).collect();
        assert_eq!(depths, [0, 1, 1, 2, 2, 2, 3, 0]);
        assert_eq!(tree.subtree_len(0), 7);
        assert_eq!(tree.subtree_len(2), 4);
        assert_eq!(tree.ancestors(6).collect::<Vec<_>>(), [5, 2, 0]);
        assert_eq!(tree.ancestors(0).count(), 0);
    }

    #[test]
    fn reading_order_is_depth_first_in_message_order() {
        let tree = Tree::new(&messages(FOREST));
        assert_eq!(tree.order(), [0, 1, 3, 2, 4, 5, 6, 7]);
    }

    #[test]
    fn collapsed_messages_stay_visible_without_their_replies() {
        let tree = Tree::new(&messages(FOREST));
        assert_eq!(tree.visible(|i| i == 2), [0, 1, 3, 2, 7]);
        assert_eq!(tree.visible(|i| i == 0), [0, 7]);
        assert_eq!(tree.visible(|_| true), [0, 7]);
    }

    #[test]
    fn links_that_do_not_point_back_are_ignored() {
        let tree = Tree::new(&messages(&[Some(1), Some(1), Some(9), Some(0)]));
        assert_eq!(tree.roots(), [0, 1, 2]);
        assert_eq!(tree.order(), [0, 3, 1, 2]);
    }

    #[test]
    fn flat_thread_answers_the_last_message() {
        let tree = Tree::new(&messages(&[None, None, None]));
        assert!(tree.is_linear());
        assert_eq!(tree.default_answer(), 2);
    }

    #[test]
    fn chain_and_single_quote_replies_are_linear() {
        assert_eq!(
            Tree::new(&messages(&[None, Some(0), Some(1)])).default_answer(),
            2
        );
        let tree = Tree::new(&messages(&[None, None, Some(0), None, Some(1), None]));
        assert!(tree.is_linear());
        assert_eq!(tree.default_answer(), 5);
    }

    #[test]
    fn tree_answers_the_latest_message_of_the_largest_branch() {
        // Two roots: the conversation forks at once, and 0's branch (seven
        // messages) beats 7's; 6 is the latest message in it.
        let tree = Tree::new(&messages(FOREST));
        assert_eq!(tree.branches(), [0, 7]);
        assert_eq!(tree.default_answer(), 6);
        // Without 7, the single root leads down to the fork at 0's replies:
        // 1 (two messages) and 2 (four).
        let tree = Tree::new(&messages(&FOREST[..7]));
        assert_eq!(tree.branches(), [1, 2]);
        assert_eq!(tree.default_answer(), 6);
    }

    #[test]
    fn late_one_liner_does_not_win_over_the_argument() {
        // A post; a long exchange under the first comment; a last short
        // comment at the top level.
        let parents = [None, Some(0), Some(1), Some(2), Some(3), Some(0)];
        assert_eq!(Tree::new(&messages(&parents)).default_answer(), 4);
    }

    #[test]
    fn equal_branches_go_to_the_more_recent_activity() {
        // Two branches of two messages; by position 4 is the latest, but
        // by time 2 is.
        let parents = [None, Some(0), Some(1), Some(0), Some(3)];
        assert_eq!(Tree::new(&messages(&parents)).default_answer(), 4);
        let times = [
            "2024-03-04T10:00:00Z",
            "2024-03-04T11:00:00Z",
            "2024-03-04T15:00:00Z",
            "2024-03-04T12:00:00Z",
            "2024-03-04T13:00:00+00:00",
        ];
        assert_eq!(Tree::new(&timed(&parents, &times)).default_answer(), 2);
    }

    #[test]
    fn times_count_only_when_every_message_has_one() {
        let parents = [None, Some(0), Some(1), Some(0), Some(3)];
        let times = ["2024-03-04T10:00:00Z", "", "2024-03-04T15:00:00Z", "", ""];
        let tree = Tree::new(&timed(&parents, &times));
        assert!(tree.more_recent(4, 2));
        assert_eq!(tree.default_answer(), 4);
    }

    #[test]
    fn fork_below_a_single_chain_is_found() {
        // 0 → 1 → 2, and 2 forks into 3 (one message) and 4 → 5.
        let parents = [None, Some(0), Some(1), Some(2), Some(2), Some(4)];
        let tree = Tree::new(&messages(&parents));
        assert_eq!(tree.branches(), [3, 4]);
        assert_eq!(tree.default_answer(), 5);
    }

    #[test]
    fn deep_chains_need_no_recursion() {
        let parents: Vec<Option<usize>> = (0usize..200_000).map(|i| i.checked_sub(1)).collect();
        let tree = Tree::new(&messages(&parents));
        assert_eq!(tree.depth(199_999), 199_999);
        assert_eq!(tree.order().len(), 200_000);
        assert_eq!(tree.default_answer(), 199_999);
    }

    #[test]
    fn empty_tree() {
        let tree = Tree::new(&[]);
        assert!(tree.is_empty());
        assert_eq!(tree.default_answer(), 0);
        assert!(tree.order().is_empty());
    }
}
