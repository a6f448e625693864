//! A test oracle from outside the rules: every suggestion of every flag,
//! applied to every heated and civil sentence written for these tests
//! (`tests/fixtures/heated/`, `tests/fixtures/civil/`) and to every rule's
//! own examples, must read as a sentence a person could send:
//!
//! - the flag it was for is gone, and no flag appears that was not there;
//! - no word is doubled at a seam, no article stands before a pronoun;
//! - a grammar checker from outside the project (Harper) finds no problem
//!   in the new sentence that it did not find in the old one.

use std::collections::BTreeSet;
use std::path::Path;

use harper_core::linting::{LintGroup, Linter};
use harper_core::parsers::PlainEnglish;
use harper_core::spell::FstDictionary;
use harper_core::{Dialect, Document};
use tactful::engine::{Context, Engine, Kind, rewrite};

/// Every sentence of the corpus files in `dir`: one per line, a tab, then
/// its label; `#` lines are comments.
fn corpus(dir: &str) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut files: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        for line in std::fs::read_to_string(&f).unwrap().lines() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let text = line.rsplit_once('\t').map_or(line, |(t, _)| t);
            out.push(text.to_string());
        }
    }
    out
}

fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Pairs of neighbouring words that read wrong: the same word twice, an
/// article before a pronoun.
fn bad_pairs(s: &str) -> BTreeSet<String> {
    const PRONOUNS: &[&str] = &[
        "i", "you", "he", "she", "we", "they", "it", "me", "him", "us", "them", "my", "your",
        "our", "their",
    ];
    let w = words(s);
    w.windows(2)
        .filter(|p| {
            (p[0] == p[1]
                && p[0].chars().any(char::is_alphabetic)
                && p[0] != "that"
                && p[0] != "had")
                || (matches!(p[0].as_str(), "a" | "an" | "the")
                    && PRONOUNS.contains(&p[1].as_str()))
        })
        .map(|p| p.join(" "))
        .collect()
}

struct Grammar {
    linter: LintGroup,
}

impl Grammar {
    fn new() -> Grammar {
        Grammar {
            linter: LintGroup::new_curated(FstDictionary::curated(), Dialect::American),
        }
    }

    /// What the grammar checker says of a sentence, as messages.
    fn problems(&mut self, text: &str) -> BTreeSet<String> {
        let doc = Document::new_curated(text, &PlainEnglish);
        self.linter
            .lint(&doc)
            .into_iter()
            .map(|l| l.message.to_lowercase())
            .collect()
    }
}

#[test]
fn every_suggestion_reads_as_a_sentence_a_person_could_send() {
    let engine: Engine = tactful::prompts::builtin_engine().expect("built-in packs load");
    let mut sentences = corpus("tests/fixtures/heated");
    let heated = sentences.len();
    assert!(heated >= 300, "only {heated} heated sentences");
    sentences.extend(corpus("tests/fixtures/civil"));
    for rule in &engine.library().rules {
        if rule.kind == Kind::Flag && rule.example_context.is_none() {
            sentences.extend(rule.examples_match.iter().map(|e| e.text.clone()));
        }
    }
    let mut grammar = Grammar::new();
    let ctx = Context::default();
    let mut problems = Vec::new();
    let mut checked = 0;
    for text in &sentences {
        let before = engine.analyze(text, &ctx);
        let flags_before: BTreeSet<&str> = before.flags().map(|f| f.rule_id.as_str()).collect();
        for f in before.flags() {
            for s in &f.suggestions {
                let Some(applied) = rewrite::apply(text, f, s) else {
                    problems.push(format!("{}: cannot apply to {text:?}", f.rule_id));
                    continue;
                };
                checked += 1;
                let new = applied.text.as_str();
                let after = engine.analyze(new, &ctx);
                let mut wrong = Vec::new();
                if after.findings.iter().any(|g| {
                    g.rule_id == f.rule_id
                        && g.byte_start < applied.replaced.end.max(applied.replaced.start + 1)
                        && applied.replaced.start < g.byte_end
                }) {
                    wrong.push("the flag is still there".to_string());
                }
                let raised: BTreeSet<&str> = after
                    .flags()
                    .map(|g| g.rule_id.as_str())
                    .filter(|id| !flags_before.contains(id))
                    .collect();
                if !raised.is_empty() {
                    wrong.push(format!("raises {raised:?}"));
                }
                let pairs: Vec<String> = bad_pairs(new)
                    .difference(&bad_pairs(text))
                    .cloned()
                    .collect();
                if !pairs.is_empty() {
                    wrong.push(format!("reads {pairs:?}"));
                }
                let grammar_new: Vec<String> = grammar
                    .problems(new)
                    .difference(&grammar.problems(text))
                    .cloned()
                    .collect();
                if !grammar_new.is_empty() {
                    wrong.push(format!("grammar: {grammar_new:?}"));
                }
                if !wrong.is_empty() {
                    problems.push(format!(
                        "{}: {text:?} -> {new:?}: {}",
                        f.rule_id,
                        wrong.join("; ")
                    ));
                }
            }
        }
    }
    assert!(checked > 300, "only {checked} suggestions checked");
    assert!(
        problems.is_empty(),
        "{} of {checked} suggestions do not read right:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
