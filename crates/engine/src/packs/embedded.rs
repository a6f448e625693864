//! The packs built into the engine, so that tactful (and any program that
//! uses this crate) runs on a fresh machine with no files beside it. A test
//! checks that every pack file in `prompts/` is listed here.

/// (file name, contents) of every built-in pack file.
pub const FILES: &[(&str, &str)] = &[
    (
        "language.toml",
        include_str!("../../../../prompts/language.toml"),
    ),
    (
        "intents.toml",
        include_str!("../../../../prompts/intents.toml"),
    ),
    (
        "empathy.toml",
        include_str!("../../../../prompts/empathy.toml"),
    ),
    (
        "humility.toml",
        include_str!("../../../../prompts/humility.toml"),
    ),
    (
        "listening.toml",
        include_str!("../../../../prompts/listening.toml"),
    ),
    (
        "escalation.toml",
        include_str!("../../../../prompts/escalation.toml"),
    ),
    (
        "next-step.toml",
        include_str!("../../../../prompts/next-step.toml"),
    ),
    (
        "warmth.toml",
        include_str!("../../../../prompts/warmth.toml"),
    ),
    ("voice.toml", include_str!("../../../../prompts/voice.toml")),
    (
        "attacks.toml",
        include_str!("../../../../prompts/attacks.toml"),
    ),
    ("tone.toml", include_str!("../../../../prompts/tone.toml")),
    (
        "politeness.toml",
        include_str!("../../../../prompts/politeness.toml"),
    ),
    (
        "lists/attacks.toml",
        include_str!("../../../../prompts/lists/attacks.toml"),
    ),
    (
        "judgment.toml",
        include_str!("../../../../prompts/judgment.toml"),
    ),
    (
        "lists/judgment.toml",
        include_str!("../../../../prompts/lists/judgment.toml"),
    ),
];

/// Word valence (the VADER lexicon's single words; see its README).
pub const VALENCE: &str = include_str!("../../../../prompts/lexicon/valence.tsv");
pub const VALENCE_NAME: &str = "prompts/lexicon/valence.tsv";

/// The weights of the fitted sentence reading (`judgment.reading`; see
/// `scripts/fit_reading.py`).
pub const READING: &str = include_str!("../../../../prompts/lexicon/reading.tsv");
pub const READING_NAME: &str = "prompts/lexicon/reading.tsv";

/// The weights that name what a sentence the reading marks does
/// (`judgment.reading`'s kinds; see `scripts/fit_reads_as.py`).
pub const READS_AS: &str = include_str!("../../../../prompts/lexicon/reads-as.tsv");
pub const READS_AS_NAME: &str = "prompts/lexicon/reads-as.tsv";

/// Every built-in pack file as (path as shown in errors, contents).
pub fn files() -> Vec<(String, String)> {
    FILES
        .iter()
        .map(|(name, text)| (format!("prompts/{name}"), (*text).to_string()))
        .collect()
}
