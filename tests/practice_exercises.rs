//! The built-in exercises prove themselves: every file in
//! `prompts/exercises/` is embedded and loads, every model reply meets its
//! exercise's goals and raises no flag, and the coaching text tactful speaks
//! raises no flag either.

use std::collections::BTreeSet;

use tactful::practice::{embedded, exercise};
use tactful_engine::Engine;
use tactful_engine::rules::Library;

fn setup() -> (Library, Engine) {
    let lib = tactful_engine::packs::builtin().expect("built-in packs load");
    let engine = Engine::new(lib.clone()).expect("built-in packs compile");
    (lib, engine)
}

#[test]
fn every_exercise_file_is_embedded() {
    let on_disk: BTreeSet<String> =
        std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/prompts/exercises"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".toml"))
            .collect();
    let listed: BTreeSet<String> = embedded::FILES.iter().map(|(n, _)| n.to_string()).collect();
    assert_eq!(
        on_disk, listed,
        "list every exercise in src/practice/embedded.rs"
    );
}

#[test]
fn every_model_reply_meets_its_goals_and_raises_no_flag() {
    let (lib, engine) = setup();
    let exercises = tactful::practice::Exercises::builtin(&lib).unwrap_or_else(|e| panic!("{e}"));
    let problems: Vec<String> = exercises
        .all
        .iter()
        .flat_map(|ex| exercise::check_models(ex, &engine))
        .map(|e| e.to_string())
        .collect();
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n\n"));
}

#[test]
fn the_coach_follows_its_own_advice_in_exercises() {
    let (lib, engine) = setup();
    let exercises = tactful::practice::Exercises::builtin(&lib).unwrap();
    let mut problems = Vec::new();
    for ex in &exercises.all {
        for (place, text) in exercise::own_texts(ex) {
            let a = engine.analyze(&text, &Default::default());
            for f in a.against_own_advice() {
                problems.push(format!(
                    "{place}: `{}` on \"{}\" in: {text}",
                    f.rule_id, f.matched
                ));
            }
        }
    }
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}

#[test]
fn the_exercises_cover_settings_difficulties_and_intents() {
    let (lib, _) = setup();
    let exercises = tactful::practice::Exercises::builtin(&lib).unwrap();
    assert!(
        exercises.all.len() >= 12,
        "{} exercises",
        exercises.all.len()
    );
    let venues: BTreeSet<&str> = exercises.all.iter().map(|e| e.venue.as_str()).collect();
    for v in [
        "open-source issue",
        "workplace chat",
        "neighbourhood forum",
        "family group chat",
        "public social post",
        "code review",
        "customer complaint",
        "moderation call",
    ] {
        assert!(venues.contains(v), "no exercise in a {v}");
    }
    let levels: BTreeSet<u8> = exercises.all.iter().map(|e| e.difficulty).collect();
    assert_eq!(levels, BTreeSet::from([1, 2, 3]));
    let intents: BTreeSet<&str> = exercises.all.iter().map(|e| e.intent.as_str()).collect();
    for i in [
        "understand",
        "de-escalate",
        "correct",
        "disagree",
        "boundary",
        "agree",
    ] {
        assert!(intents.contains(i), "no exercise with the intent {i}");
    }
    for ex in &exercises.all {
        assert!((2..=3).contains(&ex.models.len()), "{}", ex.id);
        assert!(!ex.questions.is_empty(), "{}", ex.id);
    }
}
