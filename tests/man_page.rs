//! `tactful man`: the manual page is generated from the clap definitions,
//! so it names every command the binary has, and `--out-dir` writes a page
//! for each of them.

use assert_cmd::Command;
use clap::CommandFactory;
use tactful::cli::Cli;

fn tactful() -> Command {
    Command::cargo_bin("tactful").unwrap()
}

/// Every command `tactful --help` shows, with its subcommands
/// (`["check"]`, …, `["thread", "show"]`).
fn commands() -> Vec<Vec<String>> {
    fn walk(cmd: &clap::Command, path: &[String], out: &mut Vec<Vec<String>>) {
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            let mut path = path.to_vec();
            path.push(sub.get_name().to_string());
            out.push(path.clone());
            walk(sub, &path, out);
        }
    }
    let mut out = Vec::new();
    walk(&Cli::command(), &[], &mut out);
    out
}

#[test]
fn the_manual_page_names_every_command() {
    let out = tactful().arg("man").assert().code(0);
    let page = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(page.contains(".TH tactful 1"), "not a manual page:\n{page}");
    let commands = commands();
    let top: Vec<&String> = commands
        .iter()
        .filter(|c| c.len() == 1)
        .map(|c| &c[0])
        .collect();
    assert!(top.len() >= 10, "too few commands: {top:?}");
    for name in top {
        let named = format!("tactful\\-{name}(1)");
        assert!(page.contains(&named), "the page does not name {named}");
    }
    assert!(
        !page.contains("tactful\\-man(1)"),
        "the hidden `man` is listed"
    );
    assert!(
        !page.contains("tactful\\-help(1)"),
        "clap's `help` is listed"
    );
}

#[test]
fn out_dir_writes_a_page_for_every_command() {
    let dir = tempfile::tempdir().unwrap();
    tactful()
        .args(["man", "--out-dir"])
        .arg(dir.path())
        .assert()
        .code(0);
    let mut expected = vec!["tactful.1".to_string()];
    expected.extend(
        commands()
            .iter()
            .map(|c| format!("tactful-{}.1", c.join("-"))),
    );
    expected.sort();
    let mut written: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    assert_eq!(written, expected);
    let check = std::fs::read_to_string(dir.path().join("tactful-check.1")).unwrap();
    assert!(check.contains("\\-\\-min\\-score"), "{check}");
}
