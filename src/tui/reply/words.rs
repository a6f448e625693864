//! The words of the guided flow — step prompts, the read question, the
//! finishing checklist — kept as data in `prompts/tui/flow.toml` and
//! embedded in the binary.

use std::sync::OnceLock;

use serde::Deserialize;

const FLOW_TOML: &str = include_str!("../../../prompts/tui/flow.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Flow {
    pub steps: Steps,
    pub read: Read,
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

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Read {
    pub question: String,
    pub notes_hint: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Finish {
    pub checklist: Vec<String>,
    pub nudge: String,
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
        let mut out = vec![
            s.home.as_str(),
            &s.read,
            &s.intent,
            &s.draft,
            &s.review,
            &s.finish,
            &self.read.question,
            &self.read.notes_hint,
            &self.finish.nudge,
        ];
        out.extend(self.finish.checklist.iter().map(String::as_str));
        out
    }
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
    }
}
