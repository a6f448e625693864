//! `tactful check` and `tactful rules` as a process: exit codes, the JSON
//! schema, `--jsonl` order, colour, and bad input.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

const HEATED: &str = "You always ignore this. Obviously you never read the docs!!\n";
const RECEPTIVE: &str = "Thanks for the detailed report, and I'm sorry the upgrade broke your builds. \
It sounds like you were caught off guard by the missing notice. I might be wrong, but I think the flag \
was removed in 3.0. Could you tell me which pipelines still need it? Would you be open to a short call \
to plan the migration?\n";

fn tactful() -> Command {
    let mut cmd = Command::cargo_bin("tactful").unwrap();
    cmd.env_remove("NO_COLOR");
    // No configuration file of the machine's user may change the results.
    cmd.env(
        "XDG_CONFIG_HOME",
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/no-config"),
    );
    cmd
}

fn json(output: &[u8]) -> Value {
    serde_json::from_slice(output).expect("valid JSON")
}

#[test]
fn a_suggestion_that_only_takes_words_away_names_them() {
    let out = tactful()
        .args(["check", "-"])
        .write_stdin("This piece of shit needs fixing before the release.\n")
        .assert()
        .code(1);
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(
        text.contains(
            "= leave out \u{201c}piece of shit\u{201d}: This needs fixing before the release."
        ),
        "{text}"
    );
}

#[test]
fn a_heated_draft_is_flagged_with_rewrites_and_exits_1() {
    let out = tactful()
        .args(["check", "-"])
        .write_stdin(HEATED)
        .assert()
        .code(1);
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    for rule in [
        "escalation.absolute",
        "escalation.certainty",
        "escalation.exclamations",
    ] {
        assert!(text.contains(rule), "{rule} missing in:\n{text}");
    }
    assert!(text.contains("= try:"), "{text}");
    assert!(text.contains("<stdin>:1:1:"), "{text}");
    assert!(
        !text.contains('\x1b'),
        "no colour when stdout is not a terminal"
    );
}

#[test]
fn a_receptive_reply_passes_and_exits_0() {
    tactful()
        .args(["check", "-"])
        .write_stdin(RECEPTIVE)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("passes the bar"));
}

#[test]
fn json_output_follows_schema_version_2() {
    let out = tactful()
        .args(["check", "-", "--format", "json"])
        .write_stdin(HEATED)
        .assert()
        .code(1);
    let v = json(&out.get_output().stdout);
    assert_eq!(v["schema_version"], 2);
    assert_eq!(v["tool"], "tactful");
    assert_eq!(v["file"], "<stdin>");
    assert_eq!(v["passed"], false);
    assert_eq!(v["min_score"], 50);
    for key in [
        "overall",
        "empathy",
        "humility",
        "listening",
        "next_step",
        "calm",
    ] {
        assert!(v["scores"][key].is_u64(), "scores.{key}");
    }
    let first = &v["findings"][0];
    assert_eq!(first["rule_id"], "escalation.absolute");
    assert_eq!(first["dimension"], "escalation");
    assert_eq!(first["kind"], "flag");
    assert_eq!(first["severity"], "warning");
    assert_eq!(first["byte_start"], 0);
    assert_eq!(first["byte_end"], 10);
    assert_eq!(first["line"], 1);
    assert_eq!(first["column"], 1);
    assert_eq!(first["end_line"], 1);
    assert_eq!(first["end_column"], 11);
    assert_eq!(first["matched"], "You always");
    let s = &first["suggestions"][0];
    assert_eq!(s["replacement"], "You often");
    assert_eq!(s["replaces"], "match");
    assert_eq!(s["byte_start"], 0);
    assert_eq!(s["byte_end"], 10);
    assert_eq!(s["sentence"], "You often ignore this.");
}

#[test]
fn spans_are_bytes_and_columns_are_characters() {
    let draft = "Café: “you always” is quoted. But you always skip it!!";
    let out = tactful()
        .args(["check", "-", "--format", "json"])
        .write_stdin(draft)
        .assert();
    let v = json(&out.get_output().stdout);
    let f = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule_id"] == "escalation.absolute")
        .expect("the unquoted absolute is flagged");
    let start = f["byte_start"].as_u64().unwrap() as usize;
    let end = f["byte_end"].as_u64().unwrap() as usize;
    assert_eq!(&draft[start..end], "you always");
    assert_eq!(
        f["column"].as_u64().unwrap() as usize,
        draft[..start].chars().count() + 1
    );
    let absolutes = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule_id"] == "escalation.absolute")
        .count();
    assert_eq!(absolutes, 1, "the quoted one is not flagged");
}

#[test]
fn min_score_sets_the_bar() {
    tactful()
        .args(["check", "-", "--min-score", "0"])
        .write_stdin(HEATED)
        .assert()
        .code(0);
    tactful()
        .args(["check", "-", "--min-score", "100"])
        .write_stdin("Thanks for the report.")
        .assert()
        .code(1);
    tactful()
        .args(["check", "-", "--min-score", "101"])
        .write_stdin(HEATED)
        .assert()
        .code(2);
}

#[test]
fn jsonl_keeps_input_order() {
    let mut input = String::new();
    for i in 0..300 {
        let text = if i % 2 == 0 {
            HEATED.trim()
        } else {
            RECEPTIVE.trim()
        };
        input.push_str(&serde_json::json!({"id": format!("r{i}"), "text": text}).to_string());
        input.push('\n');
    }
    let out = tactful()
        .args(["check", "--jsonl", "-"])
        .write_stdin(input)
        .assert()
        .code(1);
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    let lines: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 300);
    for (i, l) in lines.iter().enumerate() {
        assert_eq!(l["id"], format!("r{i}"));
        assert_eq!(l["passed"], i % 2 == 1, "line {i}");
        assert!(l["scores"]["overall"].is_u64());
    }
}

#[test]
fn jsonl_a_bad_line_gets_an_error_in_its_place_and_the_rest_is_checked() {
    let input = "{\"id\":1,\"text\":\"Thanks for the report.\"}\n\
                 {\"id\":2,\"text\":\"You always ignore this.\"}\n\
                 {\"id\":3,\"text\":}\n\
                 \n\
                 {\"id\":4,\"text\":\"Could you tell me more?\"}\n";
    let out = tactful()
        .args(["check", "--jsonl", "-"])
        .write_stdin(input)
        .assert()
        .code(2);
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let lines: Vec<Value> = stdout.lines().map(|l| json(l.as_bytes())).collect();
    assert_eq!(lines.len(), 4, "{stdout}");
    assert_eq!(
        lines.iter().map(|l| l["id"].clone()).collect::<Vec<_>>(),
        [1, 2, 3, 4]
    );
    assert_eq!(lines[0]["passed"], true);
    assert_eq!(lines[1]["passed"], false);
    assert_eq!(lines[3]["passed"], true);
    // The error line's whole shape: nothing else, so no one reads it as
    // a result.
    assert_eq!(
        lines[2],
        serde_json::json!({"id": 3, "line": 3, "column": 16, "error": "expected value"})
    );
    assert_eq!(
        String::from_utf8_lossy(&out.get_output().stderr),
        "tactful: <stdin>: 1 of 4 lines could not be checked; each has an error in its place \
         in the output (the first, <stdin>:3:16: expected value)\n"
    );
}

#[test]
fn jsonl_an_empty_text_is_an_error_for_its_line_not_a_pass() {
    let input = "{\"id\":\"a\",\"text\":\"\"}\n\
                 {\"id\":\"b\",\"text\":\"  \\n \"}\n\
                 {\"id\":\"c\",\"text\":\"Thanks for the report.\"}\n\
                 [1, 2]\n\
                 {\"text\":\"no id\"}\n";
    let out = tactful()
        .args(["check", "--jsonl", "-"])
        .write_stdin(input)
        .assert()
        .code(2);
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let lines: Vec<Value> = stdout.lines().map(|l| json(l.as_bytes())).collect();
    let empty = "the text is empty; there is nothing to check";
    assert_eq!(
        lines[0],
        serde_json::json!({"id": "a", "line": 1, "column": null, "error": empty})
    );
    assert_eq!(
        lines[1],
        serde_json::json!({"id": "b", "line": 2, "column": null, "error": empty})
    );
    assert_eq!(lines[2]["id"], "c");
    assert_eq!(lines[2]["passed"], true);
    // Not an object, and an object without an id: no id to give back.
    assert_eq!(lines[3]["id"], Value::Null);
    assert_eq!(lines[3]["line"], 4);
    assert_eq!(lines[4]["id"], Value::Null);
    assert_eq!(lines[4]["error"], "missing field `id`");
    assert_eq!(lines.len(), 5);
}

/// Many texts (hundreds of kilobytes, so the input is cut into many
/// batches), with blank lines and CRLF line ends among them.
fn many_texts(count: usize) -> String {
    let mut input = String::new();
    for i in 0..count {
        let text = if i % 3 == 0 { HEATED } else { RECEPTIVE }.trim();
        input.push_str(&serde_json::json!({"id": i, "text": text}).to_string());
        input.push_str(if i % 7 == 0 { "\r\n" } else { "\n" });
        if i % 11 == 0 {
            input.push_str("  \n");
        }
    }
    input
}

#[test]
fn jsonl_lines_match_single_checks_in_input_order() {
    let single = |draft: &str| {
        let out = tactful()
            .args(["check", "--format", "json", "-"])
            .write_stdin(draft)
            .output()
            .unwrap();
        json(&out.stdout)
    };
    let heated = single(HEATED.trim());
    let receptive = single(RECEPTIVE.trim());
    let out = tactful()
        .args(["check", "--jsonl", "-"])
        .write_stdin(many_texts(3000))
        .assert()
        .code(1);
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 3000);
    for (i, line) in lines.into_iter().enumerate() {
        let got = json(line.as_bytes());
        let want = if i % 3 == 0 { &heated } else { &receptive };
        assert_eq!(got["id"], i, "line {i}");
        for field in ["passed", "scores", "words", "findings"] {
            assert_eq!(got[field], want[field], "line {i}, {field}");
        }
        let mut fields: Vec<&String> = got.as_object().unwrap().keys().collect();
        fields.sort();
        assert_eq!(fields, ["findings", "id", "passed", "scores", "words"]);
    }
}

#[test]
fn jsonl_bad_lines_far_down_are_reported_in_place_with_their_line() {
    let mut input = many_texts(3000);
    // Lines so far: 3000 texts and a blank line after every eleventh.
    let line = 3000 + 3000usize.div_ceil(11) + 1;
    input.push_str("{\"id\": 3000, \"text\": 7}\n");
    input.push_str(&many_texts(100));
    let mut bytes = input.into_bytes();
    let nul_line = line + 101 + 100usize.div_ceil(11);
    bytes.extend(b"{\"id\": 1, \"text\": \"a\0b\"}\n");
    bytes.extend(b"{\"id\": 2, \"text\": \"caf\xe9\"}\n");
    bytes.extend(many_texts(10).into_bytes());
    let out = tactful()
        .args(["check", "--jsonl", "-"])
        .write_stdin(bytes)
        .assert()
        .code(2);
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let lines: Vec<Value> = stdout.lines().map(|l| json(l.as_bytes())).collect();
    assert_eq!(lines.len(), 3000 + 1 + 100 + 2 + 10);
    assert_eq!(
        lines[3000],
        serde_json::json!({
            "id": 3000, "line": line, "column": 22,
            "error": "invalid type: integer `7`, expected a string"
        })
    );
    assert_eq!(lines[3001]["id"], 0);
    assert!(lines[3001]["scores"].is_object());
    assert_eq!(
        lines[3101],
        serde_json::json!({
            "id": null, "line": nul_line, "column": 21,
            "error": "a NUL byte: the line is not text"
        })
    );
    assert_eq!(
        lines[3102],
        serde_json::json!({
            "id": null, "line": nul_line + 1, "column": 23,
            "error": "the line is not valid UTF-8"
        })
    );
    assert_eq!(lines[3112]["id"], 9);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        err.contains("3 of 3113 lines could not be checked"),
        "{err}"
    );
    assert!(
        err.contains(&format!("(the first, <stdin>:{line}:22: invalid type")),
        "{err}"
    );
}

#[test]
fn jsonl_binary_input_is_refused_as_a_whole_before_any_output() {
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    bytes.extend(many_texts(10).into_bytes());
    let out = tactful()
        .args(["check", "--jsonl", "-"])
        .write_stdin(bytes)
        .assert()
        .code(2);
    assert!(out.get_output().stdout.is_empty());
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        err.starts_with("tactful: <stdin>:3:1: this looks like a binary file"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn jsonl_stops_cleanly_when_its_reader_goes() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("texts.jsonl");
    std::fs::write(&file, many_texts(3000)).unwrap();
    let bin = assert_cmd::cargo::cargo_bin("tactful");
    let mut child = std::process::Command::new(bin)
        .env(
            "XDG_CONFIG_HOME",
            concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/no-config"),
        )
        .args(["check", "--jsonl"])
        .arg(&file)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(child.stdout.take().unwrap()),
        &mut first,
    )
    .unwrap();
    assert_eq!(json(first.as_bytes())["id"], 0);
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0), "{status:?}");
}

#[test]
fn bad_input_is_one_clear_line_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("draft.bin");
    std::fs::write(&bin, b"hello\0world").unwrap();
    let latin1 = dir.path().join("latin1.txt");
    std::fs::write(&latin1, b"caf\xe9\n").unwrap();
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "  \n").unwrap();
    let cases = [
        (dir.path().join("missing.txt"), "no such file"),
        (dir.path().to_path_buf(), "is a directory"),
        (bin, "binary file"),
        (latin1, "not valid UTF-8"),
        (empty, "nothing to check"),
    ];
    for (path, words) in cases {
        let out = tactful().arg("check").arg(&path).assert().code(2);
        let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
        assert!(err.starts_with("tactful: "), "{err}");
        assert!(err.contains(words), "{path:?}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
        assert!(
            err.contains(&path.display().to_string()),
            "names the file: {err}"
        );
    }
}

#[test]
fn a_large_file_is_refused_without_reading_it_whole() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.txt");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(100 * 1024 * 1024).unwrap();
    tactful()
        .arg("check")
        .arg(&big)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("100 MB").and(predicate::str::contains("at most")));
}

#[test]
fn no_color_is_honoured_and_json_never_has_colour() {
    let out = tactful()
        .env("NO_COLOR", "1")
        .args(["check", "-", "--format", "json"])
        .write_stdin(HEATED)
        .assert();
    assert!(!out.get_output().stdout.contains(&0x1b));
}

#[test]
fn unknown_intent_is_bad_usage() {
    tactful()
        .args(["check", "-", "--intent", "win"])
        .write_stdin(HEATED)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown intent \"win\""));
}

#[test]
fn rules_list_and_explain_read_the_packs() {
    tactful().args(["rules", "--list"]).assert().code(0).stdout(
        predicate::str::contains("escalation.absolute").and(predicate::str::contains("rules,")),
    );
    tactful()
        .args(["rules", "--explain", "escalation.yes-but"])
        .assert()
        .code(0)
        .stdout(
            predicate::str::contains("Why:").and(predicate::str::contains("Computed: yes_but")),
        );
    tactful()
        .args(["rules", "--explain", "escalation.absolut"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "did you mean \"escalation.absolute\"",
        ));
}

#[test]
fn rules_validate_accepts_a_good_pack() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/packs/good");
    tactful()
        .args(["rules", "--validate", dir])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("every example behaves"));
}

#[test]
fn rules_validate_reports_every_problem_with_its_position() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/packs/bad");
    let out = tactful()
        .args(["rules", "--validate", dir])
        .assert()
        .code(1);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    insta::assert_snapshot!("validate_bad_pack", err.replace(dir, "<dir>"));
}

#[test]
fn rules_validate_runs_the_examples_of_custom_packs() {
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/packs/bad-examples"
    );
    let out = tactful()
        .args(["rules", "--validate", dir])
        .assert()
        .code(1);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    insta::assert_snapshot!("validate_lying_examples", err.replace(dir, "<dir>"));
}

#[test]
fn custom_prompts_extend_check() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/packs/good");
    let out = tactful()
        .args(["--prompts", dir, "check", "-", "--format", "json"])
        .write_stdin("Typical noob question, read the FAQ.")
        .assert();
    let v = json(&out.get_output().stdout);
    assert!(
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule_id"] == "community.newcomer-label")
    );
}

#[test]
fn a_closed_pipe_is_a_clean_exit() {
    let bin = assert_cmd::cargo::cargo_bin("tactful");
    let mut child = std::process::Command::new(bin)
        .args(["rules", "--list"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let status = child.wait().unwrap();
    assert!(status.code() == Some(0), "{status:?}");
}

#[test]
fn the_configuration_file_sets_defaults_and_options_win() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("tactful").join("config.toml");
    std::fs::create_dir_all(config.parent().unwrap()).unwrap();
    std::fs::write(&config, "min_score = 0\n").unwrap();
    tactful()
        .env("XDG_CONFIG_HOME", dir.path())
        .args(["check", "-"])
        .write_stdin(HEATED)
        .assert()
        .code(0);
    tactful()
        .env("XDG_CONFIG_HOME", dir.path())
        .args(["check", "-", "--min-score", "50"])
        .write_stdin(HEATED)
        .assert()
        .code(1);
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "min_scor = 3\n").unwrap();
    tactful()
        .arg("--config")
        .arg(&bad)
        .args(["check", "-"])
        .write_stdin(HEATED)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "bad.toml:1:1: unknown field `min_scor`",
        ));
}

#[test]
fn version_and_completions() {
    tactful()
        .arg("--version")
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("tactful "));
    tactful()
        .args(["completions", "bash"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("_tactful()"));
}

#[test]
fn docs_rules_md_is_generated_from_the_packs() {
    let out = tactful().args(["rules", "--markdown"]).assert().code(0);
    let generated = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules.md");
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        generated == committed,
        "docs/rules.md is out of date: run `cargo run -- rules --markdown > docs/rules.md`"
    );
}

#[test]
fn human_output_reads_like_a_compiler_diagnostic() {
    let out = tactful()
        .env("NO_COLOR", "1")
        .args(["check", "-"])
        .write_stdin("Thanks for the report.\nYou always ignore this. Obviously you never\nread the docs!!\n")
        .assert()
        .code(1);
    insta::assert_snapshot!(
        "human_heated",
        String::from_utf8_lossy(&out.get_output().stdout)
    );
}

const BOM: &str = "\u{feff}";

#[test]
fn a_byte_order_mark_is_neither_a_column_nor_part_of_a_suggestion() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("reply.md");
    std::fs::write(&file, format!("{BOM}You always ignore this!!\n")).unwrap();
    for source in ["file", "stdin"] {
        let run = |format: &str| {
            let mut cmd = tactful();
            cmd.env("NO_COLOR", "1").args(["check", "--format", format]);
            if source == "file" {
                cmd.arg(&file);
            } else {
                cmd.arg("-")
                    .write_stdin(format!("{BOM}You always ignore this!!\n"));
            }
            let out = cmd.assert().code(1);
            String::from_utf8(out.get_output().stdout.clone()).unwrap()
        };
        let v = json(run("json").as_bytes());
        let first = &v["findings"][0];
        assert_eq!(first["rule_id"], "escalation.absolute", "{source}");
        assert_eq!(first["column"], 1, "{source}");
        assert_eq!(first["byte_start"], 0, "{source}");
        assert_eq!(first["matched"], "You always", "{source}");
        let sentence = first["suggestions"][0]["sentence"].as_str().unwrap();
        assert!(sentence.starts_with("You often"), "{source}: {sentence:?}");
        let human = run("human");
        assert!(!human.contains(BOM), "{source}: {human}");
        assert!(
            human.contains(":1:1: warning[escalation.absolute]"),
            "{source}: {human}"
        );
        assert!(
            human.contains("= try: You often ignore this"),
            "{source}: {human}"
        );
    }
}

#[test]
fn a_byte_order_mark_is_skipped_in_jsonl_and_in_a_context_thread() {
    // One before the stream, one kept inside a text, one escaped.
    let input = format!(
        "{BOM}{}\n{}\n",
        serde_json::json!({"id": 1, "text": format!("{BOM}You always ignore this.")}),
        r#"{"id": 2, "text": "\ufeffYou always ignore this."}"#
    );
    let out = tactful()
        .args(["check", "--jsonl", "-"])
        .write_stdin(input)
        .assert()
        .code(1);
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    for line in stdout.lines() {
        let v = json(line.as_bytes());
        let first = &v["findings"][0];
        assert_eq!(first["column"], 1, "{line}");
        assert_eq!(first["byte_start"], 0, "{line}");
        assert_eq!(
            first["suggestions"][0]["sentence"],
            "You often ignore this."
        );
    }
    assert_eq!(stdout.lines().count(), 2);

    let dir = tempfile::tempdir().unwrap();
    let thread = dir.path().join("thread.md");
    std::fs::write(
        &thread,
        format!(
            "{BOM}Ann: The nightly export crashes whenever the archive folder is empty.\n\n\
             Bo: Works here.\n"
        ),
    )
    .unwrap();
    let out = tactful()
        .args([
            "check",
            "--format",
            "json",
            "-",
            "--reply-to",
            "ann",
            "--context",
        ])
        .arg(&thread)
        .write_stdin("So the export crashes when the archive is empty? I'll look at that path.")
        .assert();
    let v = json(&out.get_output().stdout);
    assert_eq!(v["answering"]["author"], "Ann");
    assert!(
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule_id"] == "listening.reflect"),
        "{v}"
    );
}

/// Three messages: the first about a crash, the others about other things.
fn three_messages(dir: &std::path::Path) -> std::path::PathBuf {
    let thread = dir.join("thread.md");
    std::fs::write(
        &thread,
        "Ann: The nightly export crashes whenever the archive folder is empty.\n\n\
         Bo: Please follow the issue template next time.\n\n\
         Cara: The logo colours look off on dark mode.\n",
    )
    .unwrap();
    thread
}

const REFLECTING: &str = "So the export crashes when the archive is empty? I'll look at that path.";

#[track_caller]
fn reflects(v: &Value) -> bool {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["rule_id"] == "listening.reflect")
}

#[test]
fn check_context_answers_the_message_reply_to_names_and_says_which() {
    let dir = tempfile::tempdir().unwrap();
    let thread = three_messages(dir.path());
    let run = |reply_to: Option<&str>| {
        let mut cmd = tactful();
        cmd.args(["check", "-", "--format", "json", "--context"])
            .arg(&thread)
            .write_stdin(REFLECTING);
        if let Some(r) = reply_to {
            cmd.args(["--reply-to", r]);
        }
        json(&cmd.output().unwrap().stdout)
    };
    // By default, the last message of a linear thread.
    let v = run(None);
    assert_eq!(
        v["answering"],
        serde_json::json!({
            "thread": thread.display().to_string(),
            "number": 3, "author": "Cara", "time": null, "source_id": null
        })
    );
    assert!(!reflects(&v), "{v}");
    for which in ["1", "ann", "Ann"] {
        let v = run(Some(which));
        assert_eq!(v["answering"]["number"], 1, "{which}");
        assert_eq!(v["answering"]["author"], "Ann", "{which}");
        assert!(reflects(&v), "{which}: {v}");
    }
    // Without --context there is nothing answered.
    let out = tactful()
        .args(["check", "-", "--format", "json"])
        .write_stdin(REFLECTING)
        .output()
        .unwrap();
    assert_eq!(json(&out.stdout)["answering"], Value::Null);
}

#[test]
fn check_reply_to_takes_an_id_in_the_source_and_human_output_names_the_message() {
    let reddit = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/threads/reddit-thread.json"
    );
    let out = tactful()
        .env("NO_COLOR", "1")
        .args(["check", "-", "--context", reddit, "--reply-to", "id:c4"])
        .write_stdin("I hear you: production broke, and that is on us.")
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let last = stdout.lines().last().unwrap();
    assert!(
        last.starts_with("  answering: #") && last.contains(reddit),
        "{stdout}"
    );
    assert!(
        last.contains("(devon_o") && last.ends_with(": \"Both sides? One side broke production.\""),
        "{last}"
    );
    let v = json(
        &tactful()
            .args(["check", "-", "--format", "json", "--context", reddit])
            .args(["--reply-to", "id:c4"])
            .write_stdin("I hear you.")
            .output()
            .unwrap()
            .stdout,
    );
    assert_eq!(v["answering"]["source_id"], "c4");
    assert_eq!(v["answering"]["author"], "devon_o");
}

#[test]
fn check_reply_to_errors_name_the_thread_and_need_a_context() {
    let dir = tempfile::tempdir().unwrap();
    let thread = three_messages(dir.path());
    let out = tactful()
        .args(["check", "-", "--context"])
        .arg(&thread)
        .args(["--reply-to", "9"])
        .write_stdin(REFLECTING)
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        err.starts_with(&format!("tactful: {}: ", thread.display())),
        "{err}"
    );
    assert!(err.contains("--reply-to 9"), "{err}");
    tactful()
        .args(["check", "-", "--context"])
        .arg(&thread)
        .args(["--reply-to", "zed"])
        .write_stdin(REFLECTING)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("zed"));
    tactful()
        .args(["check", "-", "--reply-to", "1"])
        .write_stdin(REFLECTING)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--context"));
}

/// In a thread whose replies branch, `check --context` answers the message
/// `reply` and `thread show` choose by default, not merely the last one.
#[test]
fn check_context_answers_the_message_reply_would_choose() {
    let thread = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/threads/reddit-big-thread.json"
    );
    let shown = tactful()
        .args(["thread", "show", "--format", "json", thread])
        .assert()
        .code(0);
    let shown: serde_json::Value = serde_json::from_slice(&shown.get_output().stdout).unwrap();
    let index = shown["answering"].as_u64().unwrap() as usize;
    let author = shown["messages"][index]["author"]
        .as_str()
        .unwrap()
        .to_string();
    let checked = tactful()
        .args(["check", "--format", "json", "--context", thread, "-"])
        .write_stdin("I hear you, and I'd like to understand the pricing change.\n")
        .assert();
    let checked: serde_json::Value = serde_json::from_slice(&checked.get_output().stdout).unwrap();
    assert_eq!(
        checked["answering"]["number"].as_u64(),
        Some(index as u64 + 1)
    );
    assert_eq!(
        checked["answering"]["author"].as_str(),
        Some(author.as_str())
    );
}
