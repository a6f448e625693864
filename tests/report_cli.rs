//! `tactful report` over a fixture folder of exported attempts, including a
//! torn file, a foreign JSON file and a text file: the Markdown people paste
//! into notes is snapshotted; the JSON machines read is asserted exactly.

use assert_cmd::Command;
use serde_json::Value;

const DIR: &str = "tests/fixtures/attempts";

fn tactful() -> Command {
    Command::cargo_bin("tactful").unwrap()
}

#[test]
fn markdown_report_of_a_folder_lists_skipped_files_and_never_names_people() {
    let out = tactful().args(["report", DIR]).assert().code(0);
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    for name in ["Ash", "Bo", "Dee"] {
        assert!(!text.contains(name), "the report names {name}");
    }
    insta::assert_snapshot!("report_markdown", text);
}

#[test]
fn json_report_has_a_schema_and_exact_counts() {
    let out = tactful()
        .args(["report", DIR, "--format", "json"])
        .assert()
        .code(0);
    let v: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["attempts"], 4);
    let ex = v["exercises"].as_array().unwrap();
    assert_eq!(ex.len(), 2);
    assert_eq!(ex[1]["exercise"], "release-broke-ci");
    assert_eq!(ex[1]["attempts"], 3);
    assert_eq!(ex[1]["scores"][0]["score"], "overall");
    assert!(ex[1]["scores"][0]["final"]["median"].is_number());
    let skipped: Vec<(&str, &str)> = v["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["file"].as_str().unwrap(), s["reason"].as_str().unwrap()))
        .collect();
    assert_eq!(
        skipped,
        vec![
            (
                "tests/fixtures/attempts/github-issue.json",
                "not a tactful attempt (no \"kind\": \"tactful.attempt\")"
            ),
            ("tests/fixtures/attempts/notes.txt", "not a .json file"),
            (
                "tests/fixtures/attempts/torn.json",
                "not valid JSON at line 4, column 25: EOF while parsing a string"
            ),
        ]
    );
}

#[test]
fn files_and_folders_mix_and_missing_files_are_skipped_not_fatal() {
    let out = tactful()
        .args([
            "report",
            "tests/fixtures/attempts/dee.json",
            "tests/fixtures/attempts/no-such.json",
            "--format",
            "json",
        ])
        .assert()
        .code(0);
    let v: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(v["attempts"], 1);
    assert_eq!(v["skipped"][0]["reason"], "no such file");
}

#[test]
fn a_report_with_no_attempt_exits_1() {
    tactful()
        .args(["report", "tests/fixtures/attempts/notes.txt"])
        .assert()
        .code(1);
}
