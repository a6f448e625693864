//! `tactful rules`: every rule documented from its own pack — listed,
//! explained, and custom packs validated with `file:line:col` errors.
//!
//! Exit codes: 0 fine, 1 a custom pack has problems, 2 the command could
//! not run (an unreadable directory, an unknown rule id).

use std::fmt::Write as _;
use std::io::Write;

use super::output::Out;
use super::{GlobalArgs, RulesArgs, Status};
use tactful_engine::packs::selftest;
use tactful_engine::rules::{Library, Rewrite, Rule, Scope};
use tactful_engine::{Engine, Kind};

pub fn run(global: &GlobalArgs, args: RulesArgs) -> anyhow::Result<Status> {
    if let Some(dir) = &args.validate {
        return validate(dir);
    }
    let engine = super::engine(global)?;
    let mut out = Out::new();
    if let Some(id) = &args.explain {
        let lib = engine.library();
        let Some(rule) = lib.rule(id) else {
            let near = crate::prompts::nearest(lib.rules.iter().map(|r| r.id.as_str()), id);
            anyhow::bail!(
                "no rule has the id \"{id}\"{}; `tactful rules --list` lists them all",
                near.map(|n| format!(" (did you mean \"{n}\"?)"))
                    .unwrap_or_default()
            );
        };
        out.write_all(explain(rule).as_bytes())?;
    } else if args.markdown {
        out.write_all(markdown(engine.library()).as_bytes())?;
    } else {
        out.write_all(list(engine.library()).as_bytes())?;
    }
    out.flush()?;
    Ok(0)
}

/// One line per rule, grouped by pack.
pub fn list(lib: &Library) -> String {
    let mut s = String::new();
    for pack in &lib.packs {
        let rules: Vec<&Rule> = lib.rules.iter().filter(|r| r.pack == pack.id).collect();
        if rules.is_empty() {
            continue;
        }
        let _ = writeln!(
            s,
            "{} — {} ({} rules{})",
            pack.id,
            pack.title,
            rules.len(),
            if pack.custom { ", custom" } else { "" }
        );
        let width = rules.iter().map(|r| r.id.len()).max().unwrap_or(0);
        for r in rules {
            let kind = match r.kind {
                Kind::Cue => "cue ",
                Kind::Flag => "flag",
            };
            let _ = writeln!(s, "  {:width$}  {kind}  {}", r.id, r.message);
        }
        s.push('\n');
    }
    let patterns: usize = lib.rules.iter().map(|r| r.patterns.len()).sum();
    let _ = writeln!(
        s,
        "{} rules, {} patterns. `tactful rules --explain ID` explains one.",
        lib.rules.len(),
        patterns
    );
    s
}

/// What a rule does, why, examples and rewrites: the rule's own fields.
pub fn explain(r: &Rule) -> String {
    let mut s = String::new();
    let kind = match r.kind {
        Kind::Cue => "cue (good to find)",
        Kind::Flag => "flag (to soften)",
    };
    let _ = writeln!(s, "{}\n", r.id);
    let _ = writeln!(s, "{}\n", r.message);
    let _ = writeln!(s, "Why: {}\n", r.why);
    let _ = writeln!(
        s,
        "Kind: {kind} · dimension: {} · severity: {:?} · weight: {}",
        r.dimension, r.severity, r.weight
    );
    if let Some(src) = &r.source {
        let _ = writeln!(s, "Source: {src}");
    }
    let _ = writeln!(
        s,
        "Defined in: {}:{}:{}",
        r.origin.file, r.origin.line, r.origin.column
    );
    let forms = forms(r);
    if let Some(c) = r.computed {
        let _ = writeln!(s, "\nComputed: {} (not a phrase list)", c.name());
    } else if let Some((patterns, _)) = forms.first().filter(|(p, _)| !p.is_empty()) {
        let _ = writeln!(s, "\nPatterns:");
        for p in patterns {
            let _ = writeln!(s, "  {p}");
        }
    }
    if let Some((_, rewrites)) = forms.first().filter(|(_, w)| !w.is_empty()) {
        let _ = writeln!(s, "\nInstead, try:");
        for w in rewrites {
            let _ = writeln!(s, "  {}", shown_rewrite(w, true));
        }
    }
    if forms.len() > 1 {
        let _ = write!(s, "\nWords of one form, with rewrites of their own:");
    }
    for (patterns, rewrites) in forms.iter().skip(1) {
        s.push('\n');
        for p in patterns {
            let _ = writeln!(s, "  {p}");
        }
        for w in rewrites {
            let _ = writeln!(s, "    try: {}", shown_rewrite(w, true));
        }
        if rewrites.is_empty()
            && let Some(q) = &r.question
        {
            let _ = writeln!(s, "    asks: \"{q}\"");
        }
    }
    if let Some(q) = &r.question {
        let _ = writeln!(s, "\nWhere no rewrite fits, asks: \"{q}\"");
    }
    if !r.reads_as.is_empty() {
        let _ = writeln!(
            s,
            "\nWhat it says when the words name the kind of attack (prompts/lexicon/reads-as.tsv):"
        );
        for t in &r.reads_as {
            let _ = writeln!(s, "  {}: {}", t.kind, t.message);
            if let Some(q) = &t.question {
                let _ = writeln!(s, "    asks: \"{q}\"");
            }
        }
        if let Some(either) = &r.reads_as_either {
            let _ = writeln!(
                s,
                "  either of two kinds: \"{either}\", each kind as it is heard ({}), asking the first kind's question",
                heard_as(r)
            );
        }
    }
    let _ = writeln!(s, "\nMatches:");
    for e in &r.examples_match {
        let _ = writeln!(s, "  + {}", e.text);
    }
    let _ = writeln!(s, "Does not match:");
    for e in &r.examples_no_match {
        let _ = writeln!(s, "  - {}", e.text);
    }
    s
}

/// A rule's patterns and rewrites form by form: the rule's own (form 0)
/// first, then each `[[rule.form]]` in the order the pack gives them.
fn forms(r: &Rule) -> Vec<(Vec<&str>, Vec<&Rewrite>)> {
    let count = r
        .pattern_forms
        .iter()
        .copied()
        .chain(r.rewrites.iter().map(|w| w.form))
        .max()
        .map_or(1, |m| m + 1);
    (0..count)
        .map(|form| {
            let patterns = r
                .patterns
                .iter()
                .zip(r.pattern_forms.iter().copied().chain(std::iter::repeat(0)))
                .filter(|&(_, f)| f == form)
                .map(|(p, _)| p.text.as_str())
                .collect();
            let rewrites = r.rewrites.iter().filter(|w| w.form == form).collect();
            (patterns, rewrites)
        })
        .collect()
}

/// A rewrite as a person reads it in the docs: its words with placeholders
/// described, and what it replaces when that is more than the match.
fn shown_rewrite(w: &Rewrite, quoted: bool) -> String {
    let what = match w.scope {
        Scope::Match => "words",
        Scope::Clause => "clause",
        Scope::Sentence => "sentence",
    };
    if w.text.trim().is_empty() {
        return format!("(remove the {what})");
    }
    let mut shown = String::new();
    let mut rest = w.text.as_str();
    while let Some(i) = rest.find('{') {
        shown.push_str(&rest[..i]);
        let Some(j) = rest[i..].find('}') else { break };
        let name = &rest[i + 1..i + j];
        shown.push_str(&match name {
            "ack" => "(your acknowledgment)".to_string(),
            "lower" => "(the same words in lower case)".to_string(),
            "first" => "(the first word)".to_string(),
            "last" => "(the last word)".to_string(),
            other => format!("({})", other.replace(['_', '-'], " ")),
        });
        rest = &rest[i + j + 1..];
    }
    shown.push_str(rest);
    let shown = if quoted {
        format!("\"{shown}\"")
    } else {
        shown
    };
    match w.scope {
        Scope::Match => shown,
        _ => format!("{shown} (in place of the whole {what})"),
    }
}

/// Every rule documented in one template, from the packs' own fields: what
/// it finds, why it matters, examples, and what to write instead.
pub fn markdown(lib: &Library) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# tactful rules\n");
    let _ = writeln!(
        s,
        "Generated from the built-in packs by `tactful rules --markdown`; edit `prompts/`, not this file.\n"
    );
    for pack in lib.packs.iter().filter(|p| !p.custom) {
        let rules: Vec<&Rule> = lib.rules.iter().filter(|r| r.pack == pack.id).collect();
        if rules.is_empty() {
            continue;
        }
        let _ = writeln!(s, "## {}\n\n{}\n", pack.title, pack.description);
        for r in rules {
            let kind = match r.kind {
                Kind::Cue => "cue",
                Kind::Flag => "flag",
            };
            let _ = writeln!(s, "### `{}` ({kind}, weight {})\n", r.id, r.weight);
            let _ = writeln!(s, "{}\n\n**Why.** {}\n", r.message, r.why);
            if let Some(src) = &r.source {
                let _ = writeln!(s, "**Source.** {src}\n");
            }
            if !r.examples_match.is_empty() {
                let _ = writeln!(s, "**Found in:**\n");
                for e in &r.examples_match {
                    let _ = writeln!(s, "- {}", e.text);
                }
                s.push('\n');
            }
            let forms = forms(r);
            if let Some((_, rewrites)) = forms.first().filter(|(_, w)| !w.is_empty()) {
                let _ = writeln!(s, "**Instead, try:**\n");
                for w in rewrites {
                    let _ = writeln!(s, "- {}", shown_rewrite(w, false));
                }
                s.push('\n');
            }
            let own: Vec<_> = forms.iter().skip(1).collect();
            if !own.is_empty() {
                let _ = writeln!(s, "**Words of one form, with rewrites of their own:**\n");
                for (patterns, rewrites) in own {
                    let shown: Vec<String> = if rewrites.is_empty() {
                        vec!["(asks the question below)".to_string()]
                    } else {
                        rewrites.iter().map(|w| shown_rewrite(w, true)).collect()
                    };
                    let _ = writeln!(s, "- `{}` → {}", patterns.join("`, `"), shown.join("; "));
                }
                s.push('\n');
            }
            if let Some(q) = &r.question {
                let _ = writeln!(s, "**Where no rewrite fits, it asks:** {q}\n");
            }
            if !r.reads_as.is_empty() {
                let _ = writeln!(
                    s,
                    "**When the words name the kind of attack** (`prompts/lexicon/reads-as.tsv`), it says:\n"
                );
                for t in &r.reads_as {
                    let asks = t.question.as_ref().map(|q| format!(" It asks: {q}"));
                    let _ = writeln!(
                        s,
                        "- `{}`: {}{}",
                        t.kind,
                        t.message,
                        asks.unwrap_or_default()
                    );
                }
                if let Some(either) = &r.reads_as_either {
                    let _ = writeln!(
                        s,
                        "- either of two kinds: {either} Each kind is said as it is heard ({}), and the first kind's question is asked.",
                        heard_as(r)
                    );
                }
                s.push('\n');
            }
        }
    }
    s
}

fn validate(dir: &std::path::Path) -> anyhow::Result<Status> {
    let mut out = Out::new();
    if !dir.is_dir() {
        anyhow::bail!("{}: not a directory of pack files", dir.display());
    }
    // A folder of exercises only (`DIR/exercises/`, no packs): see
    // `cli::practice::validate_exercises_only`.
    if let Some(status) = super::practice::validate_exercises_only(dir)? {
        return Ok(status);
    }
    let library = match tactful_engine::packs::load(Some(dir)) {
        Ok(lib) => lib,
        Err(errors) => {
            let mut err = std::io::stderr().lock();
            writeln!(err, "{errors}")?;
            return Ok(1);
        }
    };
    let engine = Engine::new(library)?;
    let mut problems: Vec<String> = selftest::check_examples(&engine, true)
        .iter()
        .map(|e| e.to_string())
        .collect();
    let custom_rules: Vec<&Rule> = engine
        .library()
        .rules
        .iter()
        .filter(|r| {
            engine
                .library()
                .packs
                .iter()
                .any(|p| p.id == r.pack && p.custom)
        })
        .collect();
    let own: Vec<(String, String)> = custom_rules
        .iter()
        .flat_map(|r| {
            let mut v = vec![(format!("{} message", r.id), r.message.to_string())];
            v.extend(
                r.rewrites
                    .iter()
                    .map(|w| (format!("{} rewrite", r.id), w.text.clone())),
            );
            v
        })
        .collect();
    for (place, text) in own {
        let a = engine.analyze(&text, &Default::default());
        for f in a.against_own_advice() {
            problems.push(format!(
                "{place}: the coach's own text raises `{}` on \"{}\"",
                f.rule_id, f.matched
            ));
        }
    }
    // Exercises in DIR/exercises/ (see `cli::practice::validate_exercises`).
    let (exercises, exercise_problems) = super::practice::validate_exercises(dir, &engine);
    problems.extend(exercise_problems);
    if problems.is_empty() {
        let packs = engine.library().packs.iter().filter(|p| p.custom).count();
        writeln!(
            out,
            "{}: {packs} pack(s), {} rule(s); every example behaves as declared.",
            dir.display(),
            custom_rules.len()
        )?;
        if exercises > 0 {
            writeln!(
                out,
                "{}: {exercises} exercise(s); every model reply meets its goals.",
                dir.join("exercises").display()
            )?;
        }
        out.flush()?;
        Ok(0)
    } else {
        let mut err = std::io::stderr().lock();
        for p in &problems {
            writeln!(err, "{p}")?;
        }
        writeln!(err, "{} problem(s) in {}", problems.len(), dir.display())?;
        Ok(1)
    }
}

/// Each kind of the reading with the words it is heard as, for the message
/// that names two: "contempt: \"contempt\", …".
fn heard_as(r: &Rule) -> String {
    r.reads_as
        .iter()
        .filter_map(|t| Some(format!("{}: \"{}\"", t.kind, t.heard_as.as_deref()?)))
        .collect::<Vec<_>>()
        .join(", ")
}
