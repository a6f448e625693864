//! Every example of every built-in pack, and of the custom pack fixtures,
//! behaves as declared; and tactful's own texts raise no flag.

use std::path::Path;

use tactful::engine::{Engine, selftest};
use tactful::prompts::Library;

#[test]
fn every_builtin_example_behaves_as_declared() {
    let engine = Engine::builtin().expect("built-in packs load");
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
    let engine = Engine::builtin().expect("built-in packs load");
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
    let engine = Engine::new(Library::load(Some(&dir)).expect("fixture pack loads")).unwrap();
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
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("prompts");
    let lib = Library::builtin().unwrap();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            let name = format!("prompts/{}", path.file_name().unwrap().to_string_lossy());
            assert!(
                lib.sources.contains_key(&name),
                "{name} is not listed in src/prompts/embedded.rs"
            );
        }
    }
}
