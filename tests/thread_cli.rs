//! `tactful thread show` as a process: exit codes, human and JSON output,
//! errors on standard error, escape stripping, broken pipes.

mod common;
use common::fixture;

use std::io::Read;
use std::path::Path;
use std::process::{Command as StdCommand, Stdio};

use assert_cmd::Command;

fn tactful() -> Command {
    let mut cmd = Command::cargo_bin("tactful").unwrap();
    // Times with a zone are shown in the local one: make it the same
    // everywhere the tests run.
    cmd.env("NO_COLOR", "1").env("TZ", "UTC");
    cmd
}

/// Run `thread show ARGS…`; returns (exit code, stdout, stderr).
#[track_caller]
fn show(args: &[&str], stdin: Option<&[u8]>) -> (i32, String, String) {
    let mut cmd = tactful();
    cmd.args(["thread", "show"]).args(args);
    if let Some(input) = stdin {
        cmd.write_stdin(input.to_vec());
    }
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn path(name: &str) -> String {
    fixture(name).to_string_lossy().into_owned()
}

#[test]
fn every_date_reads_one_way_and_a_quoted_date_takes_the_zone_of_the_mail_quoting_it() {
    // Apple Mail: the reply's Date is 08:14:22 +0100; the messages it
    // quotes say "On 4 Mar 2024, at 22:02" and "at 18:40", no zone.
    let (code, stdout, stderr) = show(&[&path("email-apple-mail-reply.eml")], None);
    assert_eq!(code, 0, "{stderr}");
    let heads: Vec<&str> = stdout
        .lines()
        .filter(|l| l.trim_start_matches('▶').trim_start().starts_with('#'))
        .collect();
    assert_eq!(
        heads,
        [
            "  #1 Devon Okafor · 4 Mar 2024 17:40",
            "  #2 Marta Kowalczyk · 4 Mar 2024 21:02 · reply to #1",
            "▶ #3 Priya Raman · 5 Mar 2024 07:14 · reply to #2  ← answering",
        ],
        "{stdout}"
    );
    // For tools: ISO 8601, the zone it was read in kept.
    let (_, json, _) = show(
        &[&path("email-apple-mail-reply.eml"), "--format", "json"],
        None,
    );
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let times: Vec<&str> = v["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["time"].as_str().unwrap())
        .collect();
    assert_eq!(
        times,
        [
            "2024-03-04T18:40:00+01:00",
            "2024-03-04T22:02:00+01:00",
            "2024-03-05T08:14:22+01:00"
        ]
    );
    // Machine times in the local zone, in the same form.
    let (_, out, _) = tactful()
        .env("TZ", "Europe/Berlin")
        .args(["thread", "show", &path("reddit-thread.json")])
        .output()
        .map(|o| (0, String::from_utf8(o.stdout).unwrap(), ()))
        .unwrap();
    assert!(out.contains("  #1 devon_o · 4 Mar 2024 12:00"), "{out}");
}

#[test]
fn in_a_tree_the_message_answered_is_chosen_as_reply_chooses_it_and_says_why() {
    let (code, stdout, stderr) = show(&[&path("reddit-big-thread.json")], None);
    assert_eq!(code, 0, "{stderr}");
    let head: Vec<&str> = stdout.lines().take(3).collect();
    assert_eq!(
        head,
        [
            "Photo server 3.0 moved album sharing to a paid relay",
            "reddit thread, 27 messages, answering #3",
            "Answering nadia_k: heat in their words (◐2), 2 replies.",
        ]
    );
    // Named, it stays, and nothing needs saying.
    let (_, stdout, _) = show(&[&path("reddit-big-thread.json"), "--reply-to", "22"], None);
    assert!(
        stdout.lines().nth(1).unwrap().ends_with("answering #22"),
        "{stdout}"
    );
    assert!(!stdout.contains("Answering "), "{stdout}");
}

#[test]
fn github_comments_without_a_title_start_with_the_thread_line() {
    for export in [
        r#"[{"id":1,"user":{"login":"ann"},"body":"It broke.","created_at":"2024-03-04T10:00:00Z"}]"#,
        r#"{"comments":[{"author":{"login":"ann"},"body":"It broke.","createdAt":"2024-03-04T10:00:00Z"}]}"#,
        r#"{"title":"","body":"","comments":[{"author":{"login":"ann"},"body":"It broke.","createdAt":"2024-03-04T10:00:00Z"}]}"#,
    ] {
        let (code, stdout, stderr) = show(&["-", "--from", "github"], Some(export.as_bytes()));
        assert_eq!(code, 0, "{stderr}");
        assert!(
            stdout.starts_with("github thread, 1 message, answering #1\n\n▶ #1 ann · "),
            "{export}:\n{stdout}"
        );
    }
}

#[test]
fn human_output_lists_messages_and_marks_the_answered_one() {
    let (code, stdout, stderr) = show(&[&path("markdown-headers.md")], None);
    assert_eq!(code, 0, "{stderr}");
    insta::assert_snapshot!(stdout, @r#"
    Sync option removed in 4.0
    text thread, 3 messages, answering #3

      #1 Devon Okafor
        You removed `legacy_sync` in 4.0 without a single line in the changelog.
        Our whole team lost a morning to this.

        Nobody asked for this "cleanup". Put it back.

      #2 Marta Kowalczyk
        It was deprecated for two releases and the warning
        printed on every run.

        > Nobody asked for this "cleanup".

        Three issues asked for it, linked in the release notes.

    ▶ #3 Priya Raman · 5 Mar 2024 09:12  ← answering
        I read the release notes. The deprecation warning went to a log file nobody reads,
        so "it printed on every run" is not quite fair either.

        Could we ship a 4.0.1 that restores it behind a flag?
    "#);
}

#[test]
fn json_output_is_versioned_and_exact() {
    let (code, stdout, _) = show(
        &[
            &path("reddit-thread.json"),
            "--format",
            "json",
            "--reply-to",
            "3",
        ],
        None,
    );
    assert_eq!(code, 0);
    let value: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(value["schema_version"], 1);
    assert_eq!(value["format"], "reddit");
    assert_eq!(value["answering"], 2);
    assert_eq!(value["messages"].as_array().unwrap().len(), 5);
    assert_eq!(value["messages"][1]["author"], serde_json::Value::Null);
    assert_eq!(value["messages"][2]["reply_to"], 1);
    assert_eq!(value["messages"][0]["time"], "2024-03-04T11:00:00Z");
}

#[test]
fn stdin_is_read_with_dash() {
    let (code, stdout, _) = show(
        &["-", "--format", "json"],
        Some(b"Ann: you broke it\n\nBo: no\n"),
    );
    assert_eq!(code, 0);
    let value: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(value["messages"][1]["author"], "Bo");
}

#[test]
fn from_forces_the_format() {
    let (code, stdout, _) = show(
        &["-", "--from", "gh", "--format", "json"],
        Some(br#"[{"user":{"login":"a"},"body":"x"}]"#),
    );
    assert_eq!(code, 0);
    assert!(stdout.contains("\"format\": \"github\""), "{stdout}");
}

#[test]
fn bad_input_exits_2_with_one_line_on_stderr() {
    let cases: Vec<(Vec<String>, &[u8], &str)> = vec![
        (
            vec!["-".into()],
            b"{\"a\": [1,\n 2,,]}",
            "tactful: <stdin>: json: 2:4: malformed JSON: expected value\n",
        ),
        (
            vec![path("no-such.json")],
            b"",
            "no-such.json: no such file\n",
        ),
        (vec![path("")], b"", ": is a directory, not a thread file\n"),
        (
            vec![
                path("github-comments.json"),
                "--from".into(),
                "mastodon".into(),
            ],
            b"",
            "github-comments.json: mastodon: not a Mastodon export",
        ),
        (
            vec![
                path("github-comments.json"),
                "--from".into(),
                "myspace".into(),
            ],
            b"",
            "tactful: --from: unknown thread format \"myspace\"",
        ),
        (
            vec![
                path("github-comments.json"),
                "--reply-to".into(),
                "9".into(),
            ],
            b"",
            "github-comments.json: github: --reply-to 9: the thread has 4 messages (use 1 to 4, an author's name, or id:ID)\n",
        ),
        (
            vec!["-".into()],
            b"\0\0\0",
            "tactful: <stdin>: detect: 1:1: binary file",
        ),
    ];
    for (args, stdin, expected) in cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (code, stdout, stderr) = show(&args, Some(stdin));
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(stdout.is_empty(), "{args:?}: {stdout}");
        assert!(
            stderr.contains(expected),
            "{args:?}: {stderr:?} lacks {expected:?}"
        );
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
    }
}

#[test]
fn huge_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let huge = dir.path().join("export.json");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(100_000_000)
        .unwrap();
    let (code, _, stderr) = show(&[huge.to_str().unwrap()], None);
    assert_eq!(code, 2);
    assert!(stderr.contains("file too large (95.4 MiB)"), "{stderr}");
}

#[test]
fn escape_sequences_never_reach_the_terminal() {
    for name in ["escapes.txt", "escapes-github.json"] {
        for format in ["human", "json"] {
            let out = tactful()
                .args(["thread", "show", &path(name), "--format", format])
                .output()
                .unwrap();
            assert!(out.status.success(), "{name} {format}");
            let text = String::from_utf8(out.stdout).unwrap();
            for bad in [
                '\u{1b}', '\u{9b}', '\u{9d}', '\u{90}', '\u{9c}', '\u{7}', '\u{8}', '\u{7f}', '\r',
            ] {
                assert!(!text.contains(bad), "{name} {format}: {bad:?} survived");
            }
            assert!(
                !text.contains("\\u001b") && !text.contains("\\u009b"),
                "{name} {format}"
            );
            assert!(
                !text.contains("52;c") && !text.contains("evil.example"),
                "{name} {format}: payload survived"
            );
            assert!(
                text.contains("mallory") || text.contains("Mallory"),
                "{name} {format}: {text}"
            );
        }
    }
}

#[test]
fn broken_pipe_is_a_clean_exit() {
    let dir = tempfile::tempdir().unwrap();
    let long = dir.path().join("long.txt");
    let text: String = (0..50_000)
        .map(|i| format!("Message number {i}, still angry.\n\n"))
        .collect();
    std::fs::write(&long, text).unwrap();
    let mut child = StdCommand::new(assert_cmd::cargo::cargo_bin("tactful"))
        .args(["thread", "show"])
        .arg(&long)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 64];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    let status = child.wait().unwrap();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert_eq!(status.code(), Some(0), "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
}

/// Every real export in `../shared/data/threads` (when present) shows,
/// for people and as JSON, with exit 0.
#[test]
fn shared_real_threads_show() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/threads");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        println!("note: {} is absent; skipping", dir.display());
        return;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        for format in ["human", "json"] {
            let (code, stdout, stderr) = show(&[path.to_str().unwrap(), "--format", format], None);
            assert_eq!(code, 0, "{}: {stderr}", path.display());
            assert!(
                !stdout.is_empty() && stderr.is_empty(),
                "{}",
                path.display()
            );
        }
    }
}

/// `thread show FILE --reply-to R --format json`'s answered index.
#[track_caller]
fn answering(file: &str, reply_to: &str) -> serde_json::Value {
    let (code, stdout, stderr) = show(
        &[&path(file), "--reply-to", reply_to, "--format", "json"],
        None,
    );
    assert_eq!(code, 0, "{stderr}");
    let value: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    value["answering"].clone()
}

#[test]
fn reply_to_accepts_a_number_an_author_or_a_source_id() {
    assert_eq!(answering("reddit-thread.json", "2"), 1);
    // An author: their most recent message, whatever the case.
    assert_eq!(answering("reddit-thread.json", "DEVON_O"), 4);
    assert_eq!(answering("reddit-thread.json", "marta_k"), 2);
    // The id in the source, with or without `id:` and Reddit's prefix.
    assert_eq!(answering("reddit-thread.json", "id:t1_c3"), 3);
    assert_eq!(answering("reddit-thread.json", "c3"), 3);
    assert_eq!(answering("list.mbox", "id:<m2@example.es>"), 1);
    // A number past the last message may be an id (Hacker News items).
    assert_eq!(answering("hn-item.json", "3005"), 4);
}

#[test]
fn json_carries_each_messages_source_id() {
    let (code, stdout, _) = show(&[&path("reddit-thread.json"), "--format", "json"], None);
    assert_eq!(code, 0);
    let value: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let ids: Vec<_> = value["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["source_id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["abc1", "c1", "c2", "c3", "c4"]);
    // Fields the schema had before stay as they were.
    let first = &value["messages"][0];
    for key in ["author", "time", "body", "reply_to"] {
        assert!(first.get(key).is_some(), "{key} missing");
    }
}

#[test]
fn unknown_reply_to_names_the_authors() {
    let out = tactful()
        .current_dir(fixture(""))
        .args([
            "thread",
            "show",
            "reddit-thread.json",
            "--reply-to",
            "Whoever",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8(out.stderr).unwrap();
    insta::assert_snapshot!(stderr, @r#"tactful: reddit-thread.json: reddit: --reply-to "Whoever": no message by that author; the authors are devon_o, marta_k, tomas_h"#);
}

#[test]
fn reply_command_checks_reply_to_before_opening_the_screen() {
    let out = tactful()
        .args(["reply", &path("markdown-headers.md"), "--reply-to", "id:7"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains(
            "markdown-headers.md: text: --reply-to id:7: this text thread has no message ids"
        ),
        "{stderr}"
    );
}
