//! Every example of every built-in pack, and of the custom pack fixtures,
//! behaves as declared; and tactful's own texts raise no flag.

use std::path::Path;

use tactful_engine::Engine;
use tactful_engine::packs::selftest;

#[test]
fn every_builtin_example_behaves_as_declared() {
    let engine = tactful::prompts::builtin_engine().expect("built-in packs load");
    let errors = selftest::check_examples(&engine, false);
    let listed: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    assert!(
        errors.is_empty(),
        "{} broken examples:\n\n{}",
        errors.len(),
        listed.join("\n\n")
    );
}

#[test]
fn the_coach_follows_its_own_advice() {
    let engine = tactful::prompts::builtin_engine().expect("built-in packs load");
    let problems = selftest::own_advice(&engine, &[]);
    assert!(
        problems.is_empty(),
        "{} flags in tactful's own texts:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn custom_pack_fixture_examples_behave_as_declared() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/packs/good");
    let engine =
        Engine::new(tactful_engine::packs::load(Some(&dir)).expect("fixture pack loads")).unwrap();
    let errors = selftest::check_examples(&engine, true);
    assert!(errors.is_empty(), "{errors:?}");
    assert!(
        engine
            .library()
            .rules
            .iter()
            .any(|r| r.id == "community.thanks-reporter")
    );
}

#[test]
fn every_pack_file_in_prompts_is_built_in() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let lib = tactful_engine::packs::builtin().unwrap();
    // Packs sit in prompts/ and word lists in prompts/lists/ (exercises and
    // the flow's words have their own loaders).
    let files = ["prompts", "prompts/lists"].into_iter().flat_map(|dir| {
        std::fs::read_dir(root.join(dir))
            .unwrap()
            .map(move |e| (dir, e.unwrap().path()))
    });
    for (dir, path) in files {
        if path.extension().is_some_and(|e| e == "toml") {
            let name = format!("{dir}/{}", path.file_name().unwrap().to_string_lossy());
            assert!(
                lib.sources.contains_key(&name),
                "{name} is not listed in crates/engine/src/packs/embedded.rs"
            );
        }
    }
}

/// A suggestion that is wrong costs more than no suggestion: applying any
/// rewrite of a flag to its own examples must remove that flag there and
/// must not raise a new one.
#[test]
fn every_rewrite_removes_its_flag_and_raises_none() {
    use tactful_engine::{Context, Kind, rewrite};
    let engine = tactful::prompts::builtin_engine().expect("built-in packs load");
    let mut problems = Vec::new();
    let mut checked = 0;
    for rule in engine
        .library()
        .rules
        .iter()
        .filter(|r| r.kind == Kind::Flag)
    {
        for ex in &rule.examples_match {
            let ctx = Context {
                answering: rule.example_context.as_deref(),
                ..Context::default()
            };
            let before = engine.analyze(&ex.text, &ctx);
            let Some(finding) = before.findings.iter().find(|f| f.rule_id == rule.id) else {
                continue;
            };
            let flags_before: Vec<&str> = before.flags().map(|f| f.rule_id.as_str()).collect();
            for suggestion in &finding.suggestions {
                let Some(applied) = rewrite::apply(&ex.text, finding, suggestion) else {
                    problems.push(format!(
                        "{}: cannot apply {suggestion:?} to {:?}",
                        rule.id, ex.text
                    ));
                    continue;
                };
                checked += 1;
                let after = engine.analyze(&applied.text, &ctx);
                // A flag of the rule on other words the example already had
                // (a second insult, mended by its own suggestion) is not
                // this suggestion's to mend, even where a capital at the
                // seam touches it.
                let other_before = |g: &tactful_engine::Finding| {
                    before.flags().any(|h| {
                        h.rule_id == g.rule_id
                            && h.byte_start != finding.byte_start
                            && h.matched.to_lowercase() == g.matched.to_lowercase()
                    })
                };
                let same_place = after.findings.iter().any(|f| {
                    f.rule_id == rule.id
                        && f.byte_start < applied.replaced.end.max(applied.replaced.start + 1)
                        && applied.replaced.start < f.byte_end
                        && !other_before(f)
                });
                // The fitted reading marks only a sentence no other flag
                // stands in; on the very sentence this suggestion mended it
                // says again what the rule said (see rewrite_oracle.rs).
                let mended = |g: &tactful_engine::Finding| {
                    g.rule_id == "judgment.reading"
                        && g.byte_start <= applied.replaced.end
                        && applied.replaced.start <= g.byte_end
                };
                let new_flags: Vec<&str> = after
                    .flags()
                    .filter(|f| !mended(f))
                    .map(|f| f.rule_id.as_str())
                    .filter(|id| !flags_before.contains(id))
                    .collect();
                if same_place || !new_flags.is_empty() {
                    problems.push(format!(
                        "{}: {:?} -> {:?}{}{}",
                        rule.id,
                        ex.text,
                        applied.text,
                        if same_place { " still flagged" } else { "" },
                        if new_flags.is_empty() {
                            String::new()
                        } else {
                            format!(" raises {}", new_flags.join(", "))
                        }
                    ));
                }
            }
        }
    }
    assert!(checked > 200, "only {checked} rewrites checked");
    assert!(
        problems.is_empty(),
        "{} rewrites that do not help:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
