//! The shape of a prompt-pack file, as serde reads it. Unknown keys are
//! errors (`deny_unknown_fields`), and every value a person may get wrong
//! keeps its position (`toml::Spanned`) so that validation can point at it.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

/// One TOML file in `prompts/` (or in a `--prompts DIR`). A file may hold a
/// pack of rules with its questions and scaffolds, the intents, or the
/// language tables; any combination is allowed.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct PackFile {
    pub pack: Option<PackMeta>,
    #[serde(default)]
    pub lists: BTreeMap<Spanned<String>, Vec<Spanned<String>>>,
    #[serde(default)]
    pub rule: Vec<RuleDef>,
    #[serde(default)]
    pub question: Vec<QuestionDef>,
    #[serde(default)]
    pub scaffold: Vec<QuestionDef>,
    #[serde(default)]
    pub intent: Vec<IntentDef>,
    pub language: Option<LanguageDef>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackMeta {
    pub id: Spanned<String>,
    pub title: String,
    pub description: String,
    /// The dimension rules in this pack belong to unless they say otherwise.
    pub dimension: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleDef {
    pub id: Spanned<String>,
    pub kind: Spanned<String>,
    pub dimension: Option<Spanned<String>>,
    pub severity: Option<Spanned<String>>,
    pub weight: Option<Spanned<f64>>,
    pub message: Spanned<String>,
    pub why: Spanned<String>,
    pub source: Option<String>,
    #[serde(default)]
    pub patterns: Vec<Spanned<String>>,
    pub computed: Option<Spanned<String>>,
    pub negation: Option<Spanned<String>>,
    #[serde(default)]
    pub yes_but: bool,
    #[serde(default)]
    pub rewrites: Vec<Spanned<String>>,
    pub examples: Spanned<ExamplesDef>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExamplesDef {
    #[serde(rename = "match", default)]
    pub must_match: Vec<Spanned<String>>,
    #[serde(rename = "no_match", default)]
    pub must_not_match: Vec<Spanned<String>>,
    /// Optional thread message the examples answer (for computed listening
    /// rules that need a context).
    pub context: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
/// A reflective question, or (under `[[scaffold]]`) a fill-in sentence
/// start with a `___` blank.
pub struct QuestionDef {
    pub dimension: Spanned<String>,
    #[serde(default)]
    pub intents: Vec<Spanned<String>>,
    pub text: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IntentDef {
    pub id: Spanned<String>,
    pub title: Spanned<String>,
    pub description: Spanned<String>,
    /// Relative weight of each dimension in the overall score
    /// (`empathy`, `humility`, `listening`, `next_step`, `calm`).
    pub weights: Spanned<BTreeMap<String, f64>>,
    /// Questions asked on the read step for this intent.
    #[serde(default)]
    pub prompts: Vec<Spanned<String>>,
}

/// Word lists the matcher's mechanisms read. Kept as data so that the
/// language lives in `prompts/`, not in code.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct LanguageDef {
    /// Contracted form → the full forms it stands for (`"don't" = ["do not"]`).
    #[serde(default)]
    pub contractions: BTreeMap<String, Vec<String>>,
    /// Words that negate what follows them ("not", "never", "don't").
    #[serde(default)]
    pub negators: Vec<String>,
    /// Words that take back what came before ("but", "however").
    #[serde(default)]
    pub contrast: Vec<String>,
    /// Openings of open questions ("what", "how", "could you say more").
    #[serde(default)]
    pub open_question_starters: Vec<String>,
    /// Words too common to count as reflecting someone's point.
    #[serde(default)]
    pub stopwords: Vec<String>,
    /// Upper-case words that are names, not shouting ("JSON", "README").
    #[serde(default)]
    pub acronyms: Vec<String>,
    /// Words that only add emphasis, skipped in text and patterns alike.
    #[serde(default)]
    pub intensifiers: Vec<String>,
}
