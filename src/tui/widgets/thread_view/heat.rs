//! The heat in their words: the flags the engine finds in each part of a
//! message (read as a thread is read: cheering is no heat), a message's
//! mark at a glance, its heated phrases, and jumping between heated
//! messages.

use std::ops::Range;
use std::rc::Rc;

use super::{ThreadView, trail_start};
use tactful_engine::{Context, Engine, Severity};

/// The flags the engine finds in one part of a message: byte spans of the
/// message body, with how much each matters.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Heat {
    pub spans: Vec<(Range<usize>, Severity)>,
}

/// A message's heat at a glance: the worst flag in it and how many there
/// are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeatMark {
    pub worst: Severity,
    pub flags: usize,
    /// The message is huge and only its first part was read: there may be
    /// more.
    pub more: bool,
}

impl HeatMark {
    /// The mark of a heat the engine read for choosing a message.
    pub fn of(heat: crate::thread::choose::Heat) -> HeatMark {
        use crate::thread::choose::Level;
        HeatMark {
            worst: match heat.level {
                Level::Attack => Severity::Error,
                Level::Heated => Severity::Warning,
                Level::Note | Level::Calm => Severity::Info,
            },
            flags: heat.flags,
            more: false,
        }
    }

    /// Whether the message counts as heated for jumping between heated
    /// messages: a warning or worse (notes alone do not).
    pub fn heated(&self) -> bool {
        self.worst >= Severity::Warning
    }

    /// The mark as drawn: a circle filled by the worst severity (○ a note,
    /// ◐ heat, ● an attack on the person) and the number of flags.
    pub fn text(&self) -> String {
        let glyph = match self.worst {
            Severity::Info => '○',
            Severity::Warning => '◐',
            Severity::Error => '●',
        };
        format!("{glyph}{}{}", self.flags, if self.more { "+" } else { "" })
    }
}

impl ThreadView {
    /// The flags in part `part` (an index into [`Self::parts`]), analysed
    /// once.
    fn part_heat(&self, engine: &Engine, part: usize) -> Rc<Heat> {
        if let Some(h) = self.heat.borrow().get(&part) {
            return h.clone();
        }
        let p = &self.parts[part];
        let full = &self.data.messages[p.message].body;
        // Their words: a quoted trail, a signature or a list footer is not
        // what they wrote here, folded or not.
        let end = if p.last {
            trail_start(full)
                .filter(|&t| t > p.range.start && t < p.range.end)
                .unwrap_or(p.range.end)
        } else {
            p.range.end
        };
        let body = &full[p.range.start..end];
        let base = p.range.start;
        // Heat as a thread's words are read: cheering is not heat.
        let analysis = engine.analyze(body, &Context::default());
        let spans = crate::reading::heat_flags(engine, body, &analysis)
            .into_iter()
            .map(|f| (base + f.byte_start..base + f.byte_end, f.severity))
            .collect();
        let heat = Rc::new(Heat { spans });
        let mut cache = self.heat.borrow_mut();
        if cache.len() > 4096 {
            cache.clear();
        }
        cache.insert(part, heat.clone());
        heat
    }

    /// The flags in the part shown at `pos`.
    pub fn heat(&self, engine: &Engine, pos: usize) -> Rc<Heat> {
        self.part_heat(engine, self.shown[pos])
    }

    /// Message `m`'s heat mark, if the engine flags anything in it. A
    /// message in several parts (a huge one) is judged by its first part.
    pub fn mark(&self, engine: &Engine, m: usize) -> Option<HeatMark> {
        let first = *self.first_part.get(m)?;
        let heat = self.part_heat(engine, first);
        let worst = heat.spans.iter().map(|(_, s)| *s).max()?;
        Some(HeatMark {
            worst,
            flags: heat.spans.len(),
            more: self.first_part[m + 1] - first > 1,
        })
    }

    /// The words the engine flags in message `m` (its first part), each
    /// once, worst first.
    pub fn heated_phrases(&self, engine: &Engine, m: usize) -> Vec<String> {
        let Some(&first) = self.first_part.get(m) else {
            return Vec::new();
        };
        let heat = self.part_heat(engine, first);
        let body = &self.data.messages[m].body;
        let mut spans = heat.spans.clone();
        spans.sort_by_key(|(r, s)| (std::cmp::Reverse(*s), r.start));
        let mut out: Vec<String> = Vec::new();
        for (r, _) in spans {
            let Some(text) = body.get(r) else { continue };
            let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
            if !text.is_empty() && !out.iter().any(|o| o.eq_ignore_ascii_case(&text)) {
                out.push(text);
            }
        }
        out
    }

    /// The next heated message after `m` in reading order (collapsed
    /// branches included), going `forward` or back and wrapping round;
    /// with whether it wrapped. `m` itself counts only when it is the one
    /// heated message.
    pub fn next_heated(&self, engine: &Engine, m: usize, forward: bool) -> Option<(usize, bool)> {
        let n = self.order.len();
        if n == 0 {
            return None;
        }
        let at = self.reading_pos(m);
        for step in 1..=n {
            let p = if forward {
                (at + step) % n
            } else {
                (at + n - step % n) % n
            };
            let wrapped = if forward { p <= at } else { p >= at };
            let msg = self.order[p];
            if self.mark(engine, msg).is_some_and(|h| h.heated()) {
                return Some((msg, wrapped));
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::widgets::thread_view::ThreadData;
    use crate::tui::widgets::thread_view::tests::msg;

    #[test]
    fn heat_marks_count_flags_by_the_worst_and_jumps_skip_the_calm() {
        let engine = crate::prompts::builtin_engine().unwrap();
        let mut v = ThreadView::new(ThreadData {
            title: None,
            messages: vec![
                msg(Some("a"), "Thanks for looking into this."),
                msg(Some("b"), "You people always break things."),
                msg(Some("c"), "Sounds good to me."),
                msg(Some("d"), "Only an idiot would ship this."),
            ],
            answering: 0,
            default_answer: false,
        });
        assert_eq!(v.mark(&engine, 0), None);
        let warm = v.mark(&engine, 1).expect("heat");
        assert!(warm.heated() && warm.worst == Severity::Warning, "{warm:?}");
        assert!(warm.text().starts_with('◐'), "{}", warm.text());
        let hot = v.mark(&engine, 3).expect("an attack");
        assert_eq!(hot.worst, Severity::Error);
        assert!(hot.text().starts_with('●'));
        assert_eq!(v.next_heated(&engine, 0, true), Some((1, false)));
        assert_eq!(v.next_heated(&engine, 1, true), Some((3, false)));
        assert_eq!(v.next_heated(&engine, 3, true), Some((1, true)));
        assert_eq!(v.next_heated(&engine, 1, false), Some((3, true)));
        assert!(
            v.heated_phrases(&engine, 1)
                .iter()
                .any(|p| p.contains("always")),
            "{:?}",
            v.heated_phrases(&engine, 1)
        );
        v.data.messages.truncate(1);
        let calm = ThreadView::new(v.data.clone());
        assert_eq!(calm.next_heated(&engine, 0, true), None);
    }

    #[test]
    fn heat_is_read_in_their_words_not_in_a_signature_or_a_quote() {
        let engine = crate::prompts::builtin_engine().unwrap();
        let v = ThreadView::new(ThreadData {
            title: None,
            messages: vec![msg(
                Some("J"),
                "Which rights do you need?\n\n--\nhttp://example.org/j?????????? see you\n",
            )],
            answering: 0,
            default_answer: false,
        });
        assert_eq!(v.mark(&engine, 0), None);
    }

    #[test]
    fn cheering_in_capitals_is_no_heat_in_the_read_step_and_shouting_is() {
        let engine = crate::prompts::builtin_engine().unwrap();
        let v = ThreadView::new(ThreadData {
            title: None,
            messages: vec![
                msg(Some("A"), "THANK YOU SO MUCH!! Amazing work, congrats!!"),
                msg(Some("B"), "This is BROKEN again!!"),
            ],
            answering: 1,
            default_answer: false,
        });
        assert_eq!(v.mark(&engine, 0), None);
        assert!(v.mark(&engine, 1).is_some_and(|m| m.heated()));
        assert_eq!(v.heated_phrases(&engine, 1), ["!!"]);
    }
}
