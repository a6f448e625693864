//! The exercises built into the binary. A test checks that every file in
//! `prompts/exercises/` is listed here.

/// (file name, contents) of every built-in exercise.
pub const FILES: &[(&str, &str)] = &[
    (
        "article-pile-on.toml",
        include_str!("../../prompts/exercises/article-pile-on.toml"),
    ),
    (
        "birthday-plans.toml",
        include_str!("../../prompts/exercises/birthday-plans.toml"),
    ),
    (
        "career-choice.toml",
        include_str!("../../prompts/exercises/career-choice.toml"),
    ),
    (
        "double-charged.toml",
        include_str!("../../prompts/exercises/double-charged.toml"),
    ),
    (
        "feature-demand.toml",
        include_str!("../../prompts/exercises/feature-demand.toml"),
    ),
    (
        "garden-plots.toml",
        include_str!("../../prompts/exercises/garden-plots.toml"),
    ),
    (
        "parking-complaint.toml",
        include_str!("../../prompts/exercises/parking-complaint.toml"),
    ),
    (
        "release-broke-ci.toml",
        include_str!("../../prompts/exercises/release-broke-ci.toml"),
    ),
    (
        "removed-post.toml",
        include_str!("../../prompts/exercises/removed-post.toml"),
    ),
    (
        "reorg-plan.toml",
        include_str!("../../prompts/exercises/reorg-plan.toml"),
    ),
    (
        "review-rewrite-everything.toml",
        include_str!("../../prompts/exercises/review-rewrite-everything.toml"),
    ),
    (
        "standup-blame.toml",
        include_str!("../../prompts/exercises/standup-blame.toml"),
    ),
];

/// The built-in exercise files as (name shown in errors, text).
pub fn files() -> Vec<(String, String)> {
    FILES
        .iter()
        .map(|(name, text)| (format!("prompts/exercises/{name}"), (*text).to_string()))
        .collect()
}
