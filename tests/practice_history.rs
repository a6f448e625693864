//! The history survives crashes: lines are appended whole and synced, a
//! torn last line (a crash mid-write) is skipped on reading and does not
//! swallow the next attempt, and exports are written atomically.

use std::io::Write;

use tactful::files::write_atomic;
use tactful::practice::history::{self, History};
use tactful::practice::{Attempt, Exercises};
use tactful_engine::Engine;

fn attempt(n: u64) -> Attempt {
    let lib = tactful_engine::packs::builtin().unwrap();
    let engine = Engine::new(lib.clone()).unwrap();
    let exercises = Exercises::builtin(&lib).unwrap();
    let ex = exercises.get("parking-complaint").unwrap();
    Attempt::new(
        ex,
        &engine,
        "Move it yourself.",
        &ex.models[0].text,
        None,
        format!("2026-11-2{n}T10:00:00Z"),
    )
}

#[test]
fn a_torn_last_line_is_skipped_and_the_next_append_stays_readable() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tactful").join(history::FILE);
    history::append(&path, &attempt(1)).unwrap();
    history::append(&path, &attempt(2)).unwrap();
    // A crash in the middle of writing the third line.
    let third = attempt(3).to_json_line();
    std::fs::OpenOptions::new()
        .append(true)
        .open(&path)
        .unwrap()
        .write_all(&third.as_bytes()[..third.len() / 2])
        .unwrap();

    let h = History::read(&path).unwrap();
    assert_eq!(h.attempts.len(), 2);
    assert_eq!(h.bad.len(), 1);
    assert!(h.bad[0].torn, "{:?}", h.bad);
    assert_eq!(h.bad[0].line, 3);

    history::append(&path, &attempt(4)).unwrap();
    let h = History::read(&path).unwrap();
    let days: Vec<&str> = h.attempts.iter().map(|a| &a.finished_at[..10]).collect();
    assert_eq!(days, ["2026-11-21", "2026-11-22", "2026-11-24"]);
    assert_eq!(h.bad.len(), 1);
    assert!(!h.bad[0].torn, "no longer the last line");
    assert_eq!(
        h.first_pass("parking-complaint"),
        Some("2026-11-21T10:00:00Z")
    );
}

#[test]
fn a_missing_history_is_empty() {
    let dir = tempfile::tempdir().unwrap();
    let h = History::read(&dir.path().join("none.jsonl")).unwrap();
    assert!(h.attempts.is_empty() && h.bad.is_empty());
}

#[test]
fn an_export_replaces_the_file_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shared").join("robin.json");
    write_atomic(&path, attempt(1).to_json_pretty().as_bytes()).unwrap();
    write_atomic(&path, attempt(2).to_json_pretty().as_bytes()).unwrap();
    let back = Attempt::from_json(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(back.finished_at, "2026-11-22T10:00:00Z");
    let names: Vec<_> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["robin.json"], "no temporary file left behind");
}
