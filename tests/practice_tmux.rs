//! End to end, as a workshop runs it: the real binary in a real terminal
//! (tmux). The facilitator's `tactful workshop --results DIR` screen is up;
//! one participant practises in the terminal and exports, two more submit
//! with `--draft`; the workshop counts them as they arrive, and
//! `tactful report DIR` sums them up.
//!
//! Skipped (with a note) when tmux is not installed.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

struct Tmux {
    socket: String,
}

impl Tmux {
    fn cmd(&self, args: &[&str]) -> std::process::Output {
        Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("tmux runs")
    }

    fn start(&self, name: &str, command: &str) {
        let out = self.cmd(&[
            "new-session",
            "-d",
            "-s",
            name,
            "-x",
            "110",
            "-y",
            "34",
            command,
        ]);
        assert!(out.status.success(), "{out:?}");
    }

    fn screen(&self, name: &str) -> String {
        String::from_utf8_lossy(&self.cmd(&["capture-pane", "-p", "-t", name]).stdout).into_owned()
    }

    fn keys(&self, name: &str, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", name];
        args.extend_from_slice(keys);
        self.cmd(&args);
    }

    fn type_text(&self, name: &str, text: &str) {
        self.cmd(&["send-keys", "-t", name, "-l", text]);
    }

    #[track_caller]
    fn wait_for(&self, name: &str, what: &str) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen(name);
            if s.contains(what) {
                return s;
            }
            if start.elapsed() > Duration::from_secs(20) {
                panic!("waited for {what:?} in {name}; the screen shows:\n{s}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.cmd(&["kill-server"]);
    }
}

fn tmux_available() -> bool {
    Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn quote(p: &Path) -> String {
    format!("'{}'", p.display().to_string().replace('\'', r"'\''"))
}

#[test]
fn a_workshop_collects_three_attempts_and_reports_them() {
    if !tmux_available() {
        eprintln!("note: tmux is not installed; skipping the end-to-end test");
        return;
    }
    let bin = env!("CARGO_BIN_EXE_tactful");
    let dir = tempfile::tempdir().unwrap();
    let shared = dir.path().join("shared");
    std::fs::create_dir_all(&shared).unwrap();
    let data = dir.path().join("data");
    let tmux = Tmux {
        socket: format!("tactful-practice-e2e-{}", std::process::id()),
    };
    let env = format!("env XDG_DATA_HOME={} TERM=xterm-256color", quote(&data));

    // The facilitator's screen.
    tmux.start(
        "facilitator",
        &format!(
            "{env} {} workshop parking-complaint --minutes 20 --results {}",
            quote(Path::new(bin)),
            quote(&shared)
        ),
    );
    tmux.wait_for("facilitator", "READY");
    tmux.keys("facilitator", &["Space"]);
    tmux.wait_for("facilitator", "RUNNING");
    tmux.wait_for("facilitator", "0 replies in");

    // Robin practises in the terminal and exports.
    tmux.start(
        "robin",
        &format!(
            "{env} {} practice parking-complaint --name Robin --export {}; sleep 5",
            quote(Path::new(bin)),
            quote(&shared.join("robin.json"))
        ),
    );
    tmux.wait_for("robin", "Goals");
    tmux.keys("robin", &["Enter"]);
    tmux.wait_for("robin", "Your reply");
    tmux.type_text("robin", "Hi Teodor, the van is mine, and I'm sorry.");
    tmux.wait_for("robin", "[x] Raise no flag");
    tmux.type_text(
        "robin",
        " I'm going to fix that tonight by parking further down the street. Where would it be out of your way when you back out?",
    );
    tmux.wait_for("robin", "Goals 4/4");
    tmux.keys("robin", &["C-d"]);
    tmux.wait_for("robin", "4 of 4 goals met: passed");
    tmux.keys("robin", &["Enter"]);
    tmux.wait_for("robin", "attempt recorded and exported");

    // Two more submit from files.
    for (name, text) in [
        ("kai", "Move it yourself. Whatever.\n"),
        (
            "sam",
            "Sorry about the van, I'm going to fix that tonight. What spot would help?\n",
        ),
    ] {
        let draft = dir.path().join(format!("{name}.txt"));
        std::fs::write(&draft, text).unwrap();
        Command::new(bin)
            .env("XDG_DATA_HOME", &data)
            .args(["practice", "parking-complaint", "--draft"])
            .arg(&draft)
            .arg("--export")
            .arg(shared.join(format!("{name}.json")))
            .output()
            .unwrap();
    }

    // The workshop picks them up on its next read of the folder.
    tmux.wait_for("facilitator", "3 replies in");
    tmux.keys("facilitator", &["4"]);
    tmux.wait_for("facilitator", "Group average");
    // A capture can fall between two writes of a frame: wait, don't assume.
    let s = tmux.wait_for("facilitator", "Robin");
    assert!(
        !s.contains("Whatever"),
        "no participant's text before it is opened:\n{s}"
    );
    tmux.keys("facilitator", &["q"]);

    let out = Command::new(bin)
        .arg("report")
        .arg(&shared)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let report = String::from_utf8(out.stdout).unwrap();
    assert!(
        report.contains("## The van on Elm Street (`parking-complaint`)"),
        "{report}"
    );
    assert!(report.contains("3 attempts; "), "{report}");
    assert!(
        !report.contains("Robin"),
        "the report is anonymous:\n{report}"
    );
}
