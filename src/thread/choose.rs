//! Which message a reply most likely answers, when nobody named one.
//!
//! A person opens a thread to answer what got to them, so in a thread whose
//! replies branch (a Reddit page, a Discourse topic) the default is chosen
//! from what people answer, in this order of weight:
//!
//! 1. **heat**: what the engine finds in the message's own words (an
//!    attack on the person, heat, a note), and more so when the message
//!    drew replies: a heated exchange rather than a drive-by remark;
//! 2. **replies**: how many messages answer it;
//! 3. **substance**: how many words it has (a one-line joke has little to
//!    answer);
//! 4. **recency**: newer messages are where the conversation is.
//!
//! Each message gets a score (see [`score`]); the highest wins, the later
//! message between equals. Messages above the point where the conversation
//! first forks (the post of a Reddit page) are not candidates: their replies
//! are the thread itself. A linear thread (no message with two replies: a
//! GitHub issue, a mail chain, a chat) is answered at its last message, as
//! a conversation goes on at its end.
//!
//! Heat comes from the caller (the engine reads it; this module stays
//! pure), and is asked for only for the [`SHORTLIST`] messages the other
//! signals rank highest, so that a thread of a hundred thousand comments
//! opens at once.

use super::Message;
use super::tree::Tree;

/// At most this many messages have their heat read.
pub const SHORTLIST: usize = 300;

/// How hot a message's own words are: the worst flag in them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    #[default]
    Calm,
    /// Only notes (an `info` flag).
    Note,
    /// A warning: heat.
    Heated,
    /// An `error` flag: an attack on the person.
    Attack,
}

/// What the engine found in a message's own words.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Heat {
    pub level: Level,
    /// How many flags.
    pub flags: usize,
}

/// Why a message was chosen, for the person to read (the words are the
/// caller's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// The last message of a linear thread.
    Last,
    /// Its words are heated, or attack someone.
    Heat(Heat),
    /// This many messages answer it.
    Replies(usize),
    /// It is the most recent message of the thread.
    Newest,
    /// Recent, and with words to answer (when nothing else stands out).
    Recent,
}

/// The message chosen and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub message: usize,
    pub why: Vec<Why>,
}

/// What a message's score is made of.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Signals {
    pub heat: Heat,
    /// Direct replies.
    pub replies: usize,
    /// Words of its own (quotes aside).
    pub words: usize,
    /// Its place among the candidates from oldest (0) to newest (1).
    pub recency: f64,
}

/// A message's score: heat, counted more for a message that drew
/// replies; then replies, words and recency, each worth less than any
/// heat (see the module documentation).
pub fn score(s: &Signals) -> f64 {
    let heat = match s.heat.level {
        Level::Calm => 0.0,
        Level::Note => 0.5,
        Level::Heated => 2.0,
        Level::Attack => 2.2,
    } + if s.heat.level > Level::Calm {
        0.25 * (s.heat.flags.saturating_sub(1).min(4) as f64)
    } else {
        0.0
    };
    let engaged = (1.0 + s.replies as f64).ln();
    // 60 words or more say all a reply needs to answer.
    let substance = ((1.0 + s.words as f64).ln() / 61f64.ln()).min(1.0);
    heat * (1.0 + engaged) + 0.3 * engaged + 0.8 * substance + s.recency
}

/// Words of a message that are its own: `>` quote lines aside.
pub fn own_words(body: &str) -> usize {
    body.lines()
        .filter(|l| !l.trim_start().starts_with('>'))
        .map(|l| l.split_whitespace().count())
        .sum()
}

/// The message to answer in `messages` (see the module documentation).
/// `heat(i)` reads message `i`'s heat; it is called for at most
/// [`SHORTLIST`] messages, and never for a linear thread.
pub fn choose(messages: &[Message], mut heat: impl FnMut(usize) -> Heat) -> Choice {
    let tree = Tree::new(messages);
    if tree.is_empty() {
        return Choice {
            message: 0,
            why: Vec::new(),
        };
    }
    if tree.is_linear() {
        return Choice {
            message: tree.len() - 1,
            why: vec![Why::Last],
        };
    }
    // The messages from where the conversation first forks.
    let mut candidates: Vec<usize> = Vec::new();
    let mut stack: Vec<usize> = tree.branches().to_vec();
    while let Some(i) = stack.pop() {
        candidates.push(i);
        stack.extend_from_slice(tree.children(i));
    }
    // Oldest to newest.
    candidates.sort_by(|&a, &b| {
        if tree.more_recent(a, b) {
            std::cmp::Ordering::Greater
        } else if tree.more_recent(b, a) {
            std::cmp::Ordering::Less
        } else {
            a.cmp(&b)
        }
    });
    let n = candidates.len();
    let mut signals: Vec<(usize, Signals)> = candidates
        .iter()
        .enumerate()
        .map(|(rank, &i)| {
            (
                i,
                Signals {
                    heat: Heat::default(),
                    replies: tree.children(i).len(),
                    words: own_words(&messages[i].body),
                    recency: if n > 1 {
                        rank as f64 / (n - 1) as f64
                    } else {
                        1.0
                    },
                },
            )
        })
        .collect();
    // Heat for the messages the other signals rank highest.
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| score(&signals[b].1).total_cmp(&score(&signals[a].1)));
    for &k in order.iter().take(SHORTLIST) {
        signals[k].1.heat = heat(signals[k].0);
    }
    let best = signals
        .iter()
        .enumerate()
        .max_by(|(ka, (_, a)), (kb, (_, b))| score(a).total_cmp(&score(b)).then(ka.cmp(kb)))
        .map(|(k, _)| k)
        .unwrap_or(n - 1);
    let (message, s) = signals[best];
    let mut why = Vec::new();
    if s.heat.level >= Level::Heated {
        why.push(Why::Heat(s.heat));
    }
    if s.replies > 0 {
        why.push(Why::Replies(s.replies));
    }
    if best == n - 1 {
        why.push(Why::Newest);
    } else if why.is_empty() {
        why.push(Why::Recent);
    }
    Choice { message, why }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Messages with these parents and bodies, in time order.
    fn thread(spec: &[(Option<usize>, &str)]) -> Vec<Message> {
        spec.iter()
            .map(|&(parent, body)| Message {
                reply_to: parent,
                ..Message::new(Some("x".into()), None, body.into())
            })
            .collect()
    }

    /// Heat from a mark in the body: "!" heated, "#" an attack.
    fn marked(messages: &[Message]) -> impl FnMut(usize) -> Heat + '_ {
        |i| {
            let b = &messages[i].body;
            let level = if b.contains('#') {
                Level::Attack
            } else if b.contains('!') {
                Level::Heated
            } else {
                Level::Calm
            };
            Heat {
                level,
                flags: b.matches(['!', '#']).count(),
            }
        }
    }

    const LONG: &str = "The release removed the offline mode we rely on at sea, \
        and the notes say nothing about what to do instead of it.";

    #[test]
    fn a_linear_thread_is_answered_at_its_end_without_reading_heat() {
        let m = thread(&[(None, "It broke!"), (None, LONG), (Some(1), "lol")]);
        let c = choose(&m, |_| panic!("no heat is read for a linear thread"));
        assert_eq!(
            c,
            Choice {
                message: 2,
                why: vec![Why::Last]
            }
        );
    }

    #[test]
    fn the_heated_exchange_wins_over_a_late_one_line_joke() {
        let m = thread(&[
            (None, "The post."),
            (Some(0), LONG),
            (
                Some(1),
                "You never listen to your users! Nobody reads your blog!",
            ),
            (Some(2), LONG),
            (
                Some(0),
                "Calm and helpful, with enough words to matter here.",
            ),
            (Some(4), "Thanks, that helps."),
            (Some(4), "lol, ship it"),
        ]);
        let c = choose(&m, marked(&m));
        assert_eq!(c.message, 2, "{c:?}");
        assert_eq!(
            c.why,
            [
                Why::Heat(Heat {
                    level: Level::Heated,
                    flags: 2
                }),
                Why::Replies(1)
            ]
        );
    }

    #[test]
    fn heat_that_drew_replies_beats_a_drive_by_attack() {
        let m = thread(&[
            (None, "The post."),
            (
                Some(0),
                "This is a disaster for us! We run it on ships for weeks.",
            ),
            (Some(1), LONG),
            (Some(0), "Only a # would do this."),
            (Some(0), "Is there a fork?"),
        ]);
        assert_eq!(choose(&m, marked(&m)).message, 1);
        // Alone, the attack is what stands out.
        let m = thread(&[
            (None, "The post."),
            (Some(0), LONG),
            (Some(0), "Only a # would do this."),
            (Some(0), "Is there a fork?"),
        ]);
        let c = choose(&m, marked(&m));
        assert_eq!(c.message, 2);
        assert_eq!(
            c.why,
            [Why::Heat(Heat {
                level: Level::Attack,
                flags: 1
            })]
        );
    }

    #[test]
    fn without_heat_the_newest_message_with_words_to_answer_wins() {
        let m = thread(&[
            (None, "The post."),
            (Some(0), LONG),
            (Some(0), LONG),
            (Some(2), "Thanks!"),
        ]);
        let c = choose(&m, |_| Heat::default());
        assert_eq!(
            c.message, 2,
            "a one-word thanks is not what a reply answers"
        );
        assert_eq!(c.why, [Why::Replies(1)]);
        let m = thread(&[(None, "The post."), (Some(0), LONG), (Some(0), LONG)]);
        assert_eq!(
            choose(&m, |_| Heat::default()),
            Choice {
                message: 2,
                why: vec![Why::Newest]
            }
        );
    }

    #[test]
    fn the_post_above_the_fork_is_no_candidate() {
        let m = thread(&[
            (None, "Everything is broken! Who approved this! Shame!"),
            (Some(0), LONG),
            (Some(0), LONG),
        ]);
        assert_ne!(choose(&m, marked(&m)).message, 0);
    }

    #[test]
    fn heat_is_read_for_a_shortlist_of_a_huge_thread() {
        let mut spec = vec![(None, "The post.")];
        spec.extend(std::iter::repeat_n(
            (Some(0), "A reply with a few words."),
            5000,
        ));
        let m = thread(&spec);
        let mut asked = 0;
        let c = choose(&m, |_| {
            asked += 1;
            Heat::default()
        });
        assert_eq!(asked, SHORTLIST);
        assert_eq!(c.message, 5000, "the newest of equals");
    }

    #[test]
    fn own_words_leave_quotes_out() {
        assert_eq!(own_words("> you said this\nI did not.\n>> nor this"), 3);
    }
}
