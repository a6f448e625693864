//! Packs that prove themselves: every rule's examples must behave as
//! declared, and the coach must follow its own advice (no message, reason,
//! rewrite, question or scaffold in a pack may raise a flag). The test suite
//! runs these over the built-in packs, and `tactful rules --validate` over
//! custom ones, so both report every broken example at once.

use super::PackError;
use crate::rules::{Located, Rule};
use crate::{Context, Engine};

/// Checks every example of every rule (or only of custom packs).
pub fn check_examples(engine: &Engine, custom_only: bool) -> Vec<PackError> {
    let lib = engine.library();
    let mut errors = Vec::new();
    for rule in &lib.rules {
        let custom = lib.packs.iter().any(|p| p.id == rule.pack && p.custom);
        if custom_only && !custom {
            continue;
        }
        let ctx = Context {
            answering: rule.example_context.as_deref(),
            ..Context::default()
        };
        for (examples, expect) in [
            (&rule.examples_match, true),
            (&rule.examples_no_match, false),
        ] {
            for ex in examples {
                let analysis = engine.analyze(&ex.text, &ctx);
                let found = analysis.findings.iter().any(|f| f.rule_id == rule.id);
                if found != expect {
                    let others: Vec<&str> = analysis
                        .findings
                        .iter()
                        .map(|f| f.rule_id.as_str())
                        .collect();
                    let msg = if expect {
                        format!(
                            "`{}` should match this example but does not (found: {})",
                            rule.id,
                            if others.is_empty() {
                                "nothing".to_string()
                            } else {
                                others.join(", ")
                            }
                        )
                    } else {
                        let m = analysis
                            .findings
                            .iter()
                            .find(|f| f.rule_id == rule.id)
                            .map(|f| f.matched.clone());
                        format!(
                            "`{}` should not match this example but matches \"{}\"",
                            rule.id,
                            m.unwrap_or_default()
                        )
                    };
                    errors.push(located(engine, rule, ex, msg));
                }
            }
        }
    }
    errors
}

fn located(engine: &Engine, rule: &Rule, ex: &Located, msg: String) -> PackError {
    match engine.library().sources.get(&rule.origin.file) {
        Some(src) => PackError::at(&rule.origin.file, src, ex.span.clone(), msg),
        None => PackError::file(&rule.origin.file, msg),
    }
}

/// Every text tactful itself says to a person, with where it comes from.
pub fn own_texts(engine: &Engine) -> Vec<(String, String)> {
    let lib = engine.library();
    let mut out = Vec::new();
    for r in &lib.rules {
        out.push((format!("{} message", r.id), r.message.to_string()));
        out.push((format!("{} why", r.id), r.why.clone()));
        for w in &r.rewrites {
            out.push((format!("{} rewrite", r.id), w.text.clone()));
        }
        if let Some(q) = &r.question {
            out.push((format!("{} question", r.id), q.to_string()));
        }
    }
    for q in &lib.questions {
        out.push((format!("{} question", q.dimension), q.text.clone()));
    }
    for s in &lib.scaffolds {
        out.push((format!("{} scaffold", s.dimension), s.text.clone()));
    }
    for i in &lib.intents {
        out.push((
            format!("intent {}", i.id),
            format!("{}. {}", i.title, i.description),
        ));
        for p in &i.prompts {
            out.push((format!("intent {} prompt", i.id), p.clone()));
        }
    }
    out
}

/// The flags tactful's own texts raise: each as "where: rule on \"words\"".
/// Quoted words inside the texts (examples of what to avoid) do not count.
pub fn own_advice(engine: &Engine, extra: &[(String, String)]) -> Vec<String> {
    let mut problems = Vec::new();
    let mut texts = own_texts(engine);
    texts.extend(extra.iter().cloned());
    for (place, text) in texts {
        let analysis = engine.analyze(&text, &Context::default());
        for f in analysis.against_own_advice() {
            problems.push(format!(
                "{place}: `{}` on \"{}\" in: {text}",
                f.rule_id, f.matched
            ));
        }
    }
    problems
}
