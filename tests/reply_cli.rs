//! `tactful reply` as a process: what `--help` promises about standard
//! output and exit codes, and the exit code when it cannot run. The flow
//! itself needs a terminal; `e2e_tmux.rs` runs it in one, with standard
//! output redirected to a file, and checks 0 (a reply) and 1 (none).

use assert_cmd::Command;

fn tactful() -> Command {
    let mut c = Command::cargo_bin("tactful").unwrap();
    c.env_remove("NO_COLOR");
    c
}

#[test]
fn help_documents_stdout_and_the_exit_codes() {
    let out = tactful().args(["reply", "--help"]).assert().code(0);
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    for must in [
        "goes to\nstandard output once the terminal is restored",
        "Exit status: 0 a reply was saved, printed or copied; 1 none was",
        "2 bad usage or input",
    ] {
        assert!(text.contains(must), "{must:?} missing from:\n{text}");
    }
}

#[test]
fn a_missing_thread_exits_2_with_nothing_on_stdout() {
    let out = tactful()
        .args(["reply", "no/such/thread.md"])
        .assert()
        .code(2);
    assert!(out.get_output().stdout.is_empty());
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(err.contains("no/such/thread.md"), "{err}");
}

#[test]
fn without_a_terminal_it_says_so_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let thread = dir.path().join("t.md");
    std::fs::write(&thread, "Ann:\nThis broke.\n\nBo:\nIt did.\n").unwrap();
    // No terminal at all: `setsid` starts tactful in a new session, with
    // no controlling terminal, and standard output is a pipe.
    if std::process::Command::new("setsid")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("note: setsid is not installed; skipped");
        return;
    }
    let bin = assert_cmd::cargo::cargo_bin("tactful");
    let out = std::process::Command::new("setsid")
        .arg("--wait")
        .arg(bin)
        .env("XDG_STATE_HOME", dir.path().join("state"))
        .arg("reply")
        .arg(&thread)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(out.stdout.is_empty());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("needs a terminal"), "{err}");
}
