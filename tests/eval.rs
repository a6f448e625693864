//! A guard against regressions in the scores' validity: on a small labelled
//! set written for tactful, heated replies must score below receptive ones.
//! The full figures on research data live in docs/validity.md, not here.

use std::path::Path;

use tactful::eval::{self, LabelKind};

fn fixture() -> Vec<eval::Row> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/eval/replies.csv");
    let data = std::fs::read_to_string(&path).unwrap();
    eval::read_csv("replies.csv", &data, "text", "label").unwrap()
}

#[test]
fn heated_replies_score_below_receptive_ones() {
    let engine = tactful::prompts::builtin_engine().unwrap();
    let rows = fixture();
    let e = eval::evaluate(&engine, &rows, None);
    assert_eq!(e.label_kind, LabelKind::Binary);
    assert_eq!(e.n, 20);
    let overall = e.scores.iter().find(|a| a.score == "overall").unwrap();
    let auc = overall.auc.unwrap();
    assert!(auc.value >= 0.95, "overall AUC {auc:?}");
    let calm = e.scores.iter().find(|a| a.score == "calm").unwrap();
    assert!(calm.auc.unwrap().value >= 0.85, "calm AUC {:?}", calm.auc);
    // Every heated reply is below every receptive reply's median.
    let scores: Vec<(f64, u8)> = rows
        .iter()
        .map(|r| {
            (
                r.label,
                engine.analyze(&r.text, &Default::default()).scores.overall,
            )
        })
        .collect();
    let max_heated = scores
        .iter()
        .filter(|(l, _)| *l == 0.0)
        .map(|(_, s)| *s)
        .max()
        .unwrap();
    let mut receptive: Vec<u8> = scores
        .iter()
        .filter(|(l, _)| *l == 1.0)
        .map(|(_, s)| *s)
        .collect();
    receptive.sort();
    assert!(max_heated < receptive[receptive.len() / 2], "{scores:?}");
}

#[test]
fn eval_runs_as_a_command_with_json_output() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/eval/replies.csv");
    let out = assert_cmd::Command::cargo_bin("tactful")
        .unwrap()
        .args(["eval", "--format", "json"])
        .arg(&path)
        .assert()
        .code(0);
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["n"], 20);
    assert_eq!(v["label_kind"], "binary");
    let names: Vec<&str> = v["scores"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["score"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "overall",
            "empathy",
            "humility",
            "listening",
            "next_step",
            "calm"
        ]
    );
    let auc = &v["scores"][0]["auc"];
    assert!(auc["low"].as_f64().unwrap() <= auc["value"].as_f64().unwrap());
}

#[test]
fn eval_names_a_missing_column_and_a_bad_label() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "id,body,label\n1,hello,1\n2,there,x\n3,you,0\n").unwrap();
    assert_cmd::Command::cargo_bin("tactful")
        .unwrap()
        .arg("eval")
        .arg(&bad)
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "no column \"text\" (the columns are: id, body, label)",
        ));
    assert_cmd::Command::cargo_bin("tactful")
        .unwrap()
        .args(["eval", "--text-column", "body"])
        .arg(&bad)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("bad.csv:3: the label \"x\""));
}
