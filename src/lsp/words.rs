//! The words the language server shows a person, kept as data in
//! `prompts/lsp/words.toml` and embedded in the binary.

use std::sync::OnceLock;

use serde::Deserialize;

const WORDS_TOML: &str = include_str!("../../prompts/lsp/words.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Words {
    pub explain: String,
    pub below_bar: String,
    pub thread_unreadable: String,
    pub action: Actions,
    pub hover: Hover,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Actions {
    pub rewrite: String,
    pub leave_out: String,
    pub dismiss: String,
    pub starter: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hover {
    pub why: String,
    pub source: String,
    #[serde(rename = "try")]
    pub try_: String,
    pub scores: String,
    pub overall: String,
    pub passes: String,
    pub below: String,
    pub missing: String,
    pub context: String,
    pub context_quoted: String,
}

#[cfg(test)]
impl Words {
    /// Every string a person reads, for the self-check test.
    pub fn texts(&self) -> Vec<&str> {
        let (a, h) = (&self.action, &self.hover);
        vec![
            &self.explain,
            &self.below_bar,
            &self.thread_unreadable,
            &a.rewrite,
            &a.dismiss,
            &a.starter,
            &h.why,
            &h.source,
            &h.try_,
            &h.scores,
            &h.overall,
            &h.passes,
            &h.below,
            &h.missing,
            &h.context,
            &h.context_quoted,
        ]
    }
}

/// The built-in words, parsed once.
pub fn words() -> &'static Words {
    static WORDS: OnceLock<Words> = OnceLock::new();
    WORDS.get_or_init(|| toml::from_str(WORDS_TOML).expect("prompts/lsp/words.toml is valid"))
}

/// Fills `{name}` placeholders.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use tactful_engine::{Context, Kind};

    #[test]
    fn the_words_parse_and_fill() {
        let w = words();
        assert_eq!(
            fill(&w.explain, &[("id", "escalation.absolute")]),
            "More: tactful rules --explain escalation.absolute"
        );
    }

    /// The coach follows its own advice: nothing the server says raises a
    /// flag.
    #[test]
    fn the_servers_own_words_raise_no_flag() {
        let engine = crate::prompts::builtin_engine().unwrap();
        for text in words().texts() {
            let plain = text.replace(['{', '}'], "");
            let a = engine.analyze(&plain, &Context::default());
            let flags: Vec<_> = a
                .findings
                .iter()
                .filter(|f| f.kind == Kind::Flag)
                .map(|f| (&f.rule_id, &f.matched))
                .collect();
            assert!(flags.is_empty(), "{text:?} raises {flags:?}");
        }
    }
}
