//! The words of the guided flow — step prompts, the read question, the
//! thread's tree and search, the finishing checklist, the reasons to
//! dismiss a finding — kept as data in `prompts/tui/flow.toml` and
//! embedded in the binary. The reply flow and practice both read them.

use std::sync::OnceLock;

use serde::Deserialize;

const FLOW_TOML: &str = include_str!("../../../prompts/tui/flow.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Flow {
    pub steps: Steps,
    pub read: Read,
    pub answer: Answer,
    pub chosen: Chosen,
    pub search: Search,
    pub draft: Draft,
    pub finish: Finish,
    pub dismiss: Dismiss,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Steps {
    pub home: String,
    pub read: String,
    pub intent: String,
    pub draft: String,
    pub review: String,
    pub finish: String,
}

/// The Read step: the question, the notes, and the thread's tree and heat.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Read {
    pub question: String,
    pub notes_hint: String,
    /// `{n}` replies under a collapsed message.
    pub reply_hidden: String,
    pub replies_hidden: String,
    pub reply_hidden_answered: String,
    pub replies_hidden_answered: String,
    /// A reply deeper than the levels indented: `{depth}`.
    pub deeper: String,
    /// In a flat list, a message that answers one further up: `{who}`.
    pub answers: String,
    pub flat: String,
    pub no_replies: String,
    pub no_heat: String,
    pub heat_wrapped: String,
}

/// Choosing the message to answer.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    pub already: String,
    pub now: String,
    pub question: String,
    pub took_along: String,
    pub new_reply: String,
    pub kept_both: String,
}

/// Why the message answered by default was chosen.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Chosen {
    /// `{who}`: `{why}`.
    pub line: String,
    pub last: String,
    /// `{mark}`: the message's heat mark.
    pub heat: String,
    pub attack: String,
    pub reply: String,
    /// `{n}` replies.
    pub replies: String,
    pub newest: String,
    pub recent: String,
}

/// Searching the thread.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Search {
    pub title: String,
    pub hint: String,
    pub none: String,
    /// `{at}` of `{n}`.
    pub count: String,
    pub many: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Draft {
    /// Before the answered message's heated phrases.
    pub their_heat: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Finish {
    pub checklist: Vec<String>,
    pub nudge: String,
    /// What the Finish screen says before the flags kept as meant.
    pub kept: String,
    /// Before the draft's word counts, first and now.
    pub words: String,
    /// Before the phrases a suggestion said another way.
    pub softened: String,
    /// Before the phrases a suggestion took away.
    pub removed: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dismiss {
    pub reasons: Vec<String>,
}

impl Flow {
    /// Every string a person reads, for the self-check test.
    pub fn texts(&self) -> Vec<&str> {
        let s = &self.steps;
        let r = &self.read;
        let a = &self.answer;
        let q = &self.search;
        let mut out = vec![
            s.home.as_str(),
            &s.read,
            &s.intent,
            &s.draft,
            &s.review,
            &s.finish,
            &r.question,
            &r.notes_hint,
            &r.reply_hidden,
            &r.replies_hidden,
            &r.reply_hidden_answered,
            &r.replies_hidden_answered,
            &r.deeper,
            &r.answers,
            &r.flat,
            &r.no_replies,
            &r.no_heat,
            &r.heat_wrapped,
            &a.already,
            &a.now,
            &a.question,
            &a.took_along,
            &a.new_reply,
            &a.kept_both,
            &self.chosen.line,
            &self.chosen.last,
            &self.chosen.heat,
            &self.chosen.attack,
            &self.chosen.reply,
            &self.chosen.replies,
            &self.chosen.newest,
            &self.chosen.recent,
            &q.title,
            &q.hint,
            &q.none,
            &q.count,
            &q.many,
            &self.draft.their_heat,
            &self.finish.nudge,
            &self.finish.kept,
            &self.finish.words,
            &self.finish.softened,
            &self.finish.removed,
        ];
        out.extend(self.finish.checklist.iter().map(String::as_str));
        out
    }
}

/// `template` with each `{name}` replaced by its value.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// Why message `who` was chosen as the one to answer, as one line:
/// "Answering jo_ops: heat in their words (◐2), 1 reply."
pub fn why_chosen(flow: &Flow, who: &str, c: &crate::thread::choose::Choice) -> String {
    use crate::thread::choose::{Level, Why};
    let w = &flow.chosen;
    let why: Vec<String> = c
        .why
        .iter()
        .map(|why| match *why {
            Why::Last => w.last.clone(),
            Why::Heat(h) => {
                let mark = super::thread_view::HeatMark::of(h).text();
                let template = if h.level == Level::Attack {
                    &w.attack
                } else {
                    &w.heat
                };
                fill(template, &[("mark", &mark)])
            }
            Why::Replies(1) => w.reply.clone(),
            Why::Replies(n) => fill(&w.replies, &[("n", &n.to_string())]),
            Why::Newest => w.newest.clone(),
            Why::Recent => w.recent.clone(),
        })
        .collect();
    fill(&w.line, &[("who", who), ("why", &why.join(", "))])
}

/// The built-in flow text, parsed once.
pub fn flow() -> &'static Flow {
    static FLOW: OnceLock<Flow> = OnceLock::new();
    FLOW.get_or_init(|| toml::from_str(FLOW_TOML).expect("prompts/tui/flow.toml is valid"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_built_in_flow_parses() {
        let f = super::flow();
        assert_eq!(f.finish.checklist.len(), 3);
        assert_eq!(f.dismiss.reasons.len(), 2);
        assert_eq!(
            super::fill(&f.search.count, &[("at", "2"), ("n", "7")]),
            "2 of 7"
        );
    }
}
