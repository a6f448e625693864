//! `tactful practice` as a process: the list, checking a draft (exit codes,
//! history, export), the history chart, and `rules --validate` on exercises.
//! Every test has its own XDG data directory.

use assert_cmd::Command;
use serde_json::Value;

fn tactful(data: &std::path::Path) -> Command {
    let mut cmd = Command::cargo_bin("tactful").unwrap();
    cmd.env("XDG_DATA_HOME", data).env("NO_COLOR", "1");
    cmd
}

fn stdout(out: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

/// Today's date as the history writes it, replaced so snapshots are stable.
fn undate(s: &str) -> String {
    let now = tactful::practice::time::rfc3339(tactful::files::now());
    let today = tactful::practice::time::readable_date(&now);
    s.replace(&today, "<date>")
}

#[test]
fn list_shows_every_exercise_by_difficulty() {
    let data = tempfile::tempdir().unwrap();
    let out = tactful(data.path())
        .args(["practice", "--list"])
        .assert()
        .code(0);
    insta::assert_snapshot!("practice_list_fresh", stdout(&out));
}

#[test]
fn a_draft_that_misses_goals_exits_1_and_one_that_meets_them_exits_0() {
    let data = tempfile::tempdir().unwrap();
    let out = tactful(data.path())
        .args(["practice", "parking-complaint", "--draft", "-"])
        .write_stdin("Move your car? Whatever. You people always complain.\n")
        .assert()
        .code(1);
    insta::assert_snapshot!("practice_draft_missing_goals", stdout(&out));

    let good = "Hi Teodor, the van is mine, and I'm sorry. Almost hitting a kid while backing out \
must have been scary. I'm going to fix that tonight by parking further down the street. \
Where would it be out of your way when you back out?\n";
    let shared = data.path().join("shared");
    let export = shared.join("dee.json");
    tactful(data.path())
        .args([
            "practice",
            "parking-complaint",
            "--draft",
            "-",
            "--name",
            "Dee",
            "--export",
        ])
        .arg(&export)
        .write_stdin(good)
        .assert()
        .code(0);
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&export).unwrap()).unwrap();
    assert_eq!(v["kind"], "tactful.attempt");
    assert_eq!(v["exercise"], "parking-complaint");
    assert_eq!(v["name"], "Dee");
    assert_eq!(v["passed"], true);
    assert_eq!(v["goals"].as_array().unwrap().len(), 4);

    let out = tactful(data.path())
        .args(["practice", "--history"])
        .assert()
        .code(0);
    insta::assert_snapshot!("practice_history_two_attempts", undate(&stdout(&out)));
    let out = tactful(data.path())
        .args(["practice", "--list"])
        .assert()
        .code(0);
    assert!(
        undate(&stdout(&out)).contains("parking-complaint          The van on Elm Street                neighbourhood forum · passed <date>"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn no_history_leaves_the_data_directory_alone() {
    let data = tempfile::tempdir().unwrap();
    tactful(data.path())
        .args(["practice", "double-charged", "--draft", "-", "--no-history"])
        .write_stdin("Sorry.\n")
        .assert()
        .code(1);
    assert!(!data.path().join("tactful").exists());
}

#[test]
fn an_unknown_exercise_suggests_the_nearest() {
    let data = tempfile::tempdir().unwrap();
    let out = tactful(data.path())
        .args(["practice", "parking-complaints", "--brief"])
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert_eq!(
        err,
        "tactful: no exercise has the id \"parking-complaints\" (did you mean \"parking-complaint\"?); `tactful practice --list` lists them\n"
    );
}

#[test]
fn brief_shows_the_thread_and_the_goals_but_not_the_models() {
    let data = tempfile::tempdir().unwrap();
    let out = tactful(data.path())
        .args(["practice", "standup-blame", "--brief"])
        .assert()
        .code(0);
    insta::assert_snapshot!("practice_brief", stdout(&out));
}

#[test]
fn validate_checks_exercises_in_a_pack_folder() {
    let data = tempfile::tempdir().unwrap();
    let dir = "tests/fixtures/exercises/good";
    tactful(data.path())
        .args(["rules", "--validate", dir])
        .assert()
        .code(0)
        .stdout(predicates::str::contains(
            "1 exercise(s); every model reply meets its goals.",
        ));
    let out = tactful(data.path())
        .args(["rules", "--validate", "tests/fixtures/exercises/bad"])
        .assert()
        .code(1);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    insta::assert_snapshot!("validate_bad_exercises", err);
}

#[test]
fn validate_takes_a_folder_of_exercises_without_packs() {
    let data = tempfile::tempdir().unwrap();
    tactful(data.path())
        .args(["rules", "--validate", "tests/fixtures/exercises/only"])
        .assert()
        .code(0)
        .stdout("tests/fixtures/exercises/only/exercises: 1 exercise(s); every model reply meets its goals.\n");
}

#[test]
fn workshop_print_is_the_facilitator_sheet() {
    let data = tempfile::tempdir().unwrap();
    let out = tactful(data.path())
        .args(["workshop", "garden-plots", "--print", "--minutes", "15"])
        .assert()
        .code(0);
    insta::assert_snapshot!("workshop_print", stdout(&out));
}

#[test]
fn custom_exercises_come_in_with_pack() {
    let data = tempfile::tempdir().unwrap();
    let out = tactful(data.path())
        .args([
            "practice",
            "--list",
            "--pack",
            "tests/fixtures/exercises/good",
        ])
        .assert()
        .code(0);
    assert!(stdout(&out).contains("printer-queue"), "{}", stdout(&out));
}
