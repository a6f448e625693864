//! End to end: the real binary in a real terminal (tmux). Open the sample
//! thread, type a heated sentence, see the flag, apply its rewrite, finish
//! with `--out`, and check the file.
//!
//! Skipped (with a note) when tmux is not installed; CI installs it. Uses
//! the binary Cargo built for this test run; `cargo test --release --test
//! e2e_tmux` runs the release binary, and `TACTFUL_BIN` names any other.

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

    fn screen(&self) -> String {
        String::from_utf8_lossy(&self.cmd(&["capture-pane", "-p", "-t", "e2e"]).stdout).into_owned()
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "e2e"];
        args.extend_from_slice(keys);
        self.cmd(&args);
    }

    fn type_text(&self, text: &str) {
        self.cmd(&["send-keys", "-t", "e2e", "-l", text]);
    }

    #[track_caller]
    fn wait_for(&self, what: &str) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if s.contains(what) {
                return s;
            }
            if start.elapsed() > Duration::from_secs(15) {
                panic!("waited for {what:?}; the screen shows:\n{s}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn alive(&self) -> bool {
        self.cmd(&["has-session", "-t", "e2e"]).status.success()
    }

    /// Waits until the session (and with it the tmux server, which may
    /// still be closing after its last program ended) is gone, so that a
    /// new session of the same name can start.
    fn wait_gone(&self) {
        let start = Instant::now();
        while self.alive() && start.elapsed() < Duration::from_secs(10) {
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Starts session "e2e" running `command` at `x`×`y`, trying again
    /// while a server that is still exiting refuses it.
    #[track_caller]
    fn start(&self, x: u16, y: u16, command: &str) {
        self.wait_gone();
        let (x, y) = (x.to_string(), y.to_string());
        let begun = Instant::now();
        loop {
            let out = self.cmd(&[
                "new-session",
                "-d",
                "-s",
                "e2e",
                "-x",
                &x,
                "-y",
                &y,
                command,
            ]);
            if out.status.success() {
                return;
            }
            if begun.elapsed() > Duration::from_secs(10) {
                panic!(
                    "tmux new-session failed: {}",
                    String::from_utf8_lossy(&out.stderr)
                );
            }
            std::thread::sleep(Duration::from_millis(100));
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

/// The autosaved drafts in a state directory (one file per thread).
fn drafts_in(state: &Path) -> Vec<String> {
    std::fs::read_dir(state.join("drafts"))
        .map(|d| {
            d.filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok())
                .collect()
        })
        .unwrap_or_default()
}

fn quote(p: &Path) -> String {
    format!("'{}'", p.display().to_string().replace('\'', r"'\''"))
}

/// The exit status the shell wrote to `path` once tactful quit (within
/// ten seconds). The shell creates the file before it writes the status
/// into it, so this waits for the status itself.
fn exit_status(path: &Path) -> String {
    let written = || std::fs::read_to_string(path).is_ok_and(|c| !c.trim().is_empty());
    let start = Instant::now();
    while !written() && start.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(50));
    }
    std::fs::read_to_string(path).expect("tactful quit")
}

#[test]
fn reply_to_the_sample_thread_from_first_read_to_a_saved_file() {
    if !tmux_available() {
        eprintln!("note: tmux is not installed; skipping the end-to-end test");
        return;
    }
    let bin = std::env::var("TACTFUL_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_tactful").into());
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state");
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let out = dir.path().join("reply.md");
    let tmux = Tmux {
        socket: format!("tactful-e2e-{}", std::process::id()),
    };
    let command = format!(
        "env -u NO_COLOR XDG_STATE_HOME={} HOME={} TERM=xterm-256color {} reply --out {}",
        quote(&state),
        quote(&home),
        quote(Path::new(&bin)),
        quote(&out)
    );
    tmux.start(100, 30, &command);

    // Read: the sample thread with the answered message marked.
    tmux.wait_for("◆ answering");
    tmux.keys(&["Enter"]);
    // Intent: the first aim is fine.
    tmux.wait_for("What do you want this reply to do?");
    tmux.keys(&["Enter"]);
    // Draft: type something heated and wait for the live check.
    tmux.wait_for("Your reply");
    tmux.type_text("You always ignore the users.");
    let s = tmux.wait_for("⚑ “You always”");
    assert!(s.contains("1 flag"), "{s}");
    // Review: the flag is selected; apply its first rewrite.
    tmux.keys(&["C-r"]);
    tmux.wait_for("Flag · line 1");
    tmux.keys(&["a"]);
    let s = tmux.wait_for("Applied");
    assert!(!s.contains("You always"), "{s}");
    // Finish and save to --out.
    tmux.keys(&["f"]);
    let s = tmux.wait_for("Before you send it");
    if s.contains("A moment") {
        tmux.keys(&["Enter"]);
    }
    tmux.keys(&["s"]);
    let s = tmux.wait_for("Saved to");
    assert!(s.contains("reply.md"), "{s}");
    tmux.keys(&["q"]);
    let start = Instant::now();
    while tmux.alive() && start.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(!tmux.alive(), "tactful quit without asking after saving");

    let reply = std::fs::read_to_string(&out).expect("the reply was saved");
    assert!(reply.ends_with("ignore the users.\n"), "{reply:?}");
    assert!(!reply.contains("You always"), "{reply:?}");
    assert!(
        drafts_in(&state.join("tactful")).is_empty(),
        "a saved reply leaves no autosave behind"
    );
}

#[test]
fn a_killed_session_offers_the_draft_back() {
    if !tmux_available() {
        eprintln!("note: tmux is not installed; skipping the end-to-end test");
        return;
    }
    let bin = std::env::var("TACTFUL_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_tactful").into());
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state");
    let tmux = Tmux {
        socket: format!("tactful-e2e-kill-{}", std::process::id()),
    };
    let command = format!(
        "env XDG_STATE_HOME={} HOME={} {} reply",
        quote(&state),
        quote(dir.path()),
        quote(Path::new(&bin)),
    );
    tmux.start(80, 24, &command);
    tmux.wait_for("◆ answering");
    tmux.keys(&["Enter"]);
    tmux.wait_for("What do you want this reply to do?");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Your reply");
    tmux.type_text("Nothing typed is ever lost.");
    tmux.wait_for("5 words");
    // Close the terminal: tactful gets SIGHUP and keeps the draft.
    tmux.cmd(&["kill-session", "-t", "e2e"]);
    let dir = state.join("tactful");
    let start = Instant::now();
    let kept = || {
        drafts_in(&dir)
            .into_iter()
            .find(|s| s.contains("Nothing typed is ever lost."))
    };
    while start.elapsed() < Duration::from_secs(5) && kept().is_none() {
        std::thread::sleep(Duration::from_millis(50));
    }
    let saved = kept().expect("the draft was kept");
    assert!(saved.contains("Nothing typed is ever lost."), "{saved}");

    // The next start offers it back.
    tmux.start(80, 24, &command);
    tmux.wait_for("Restore your draft?");
    tmux.keys(&["r"]);
    tmux.wait_for("Nothing typed is ever lost.");
    tmux.keys(&["C-q"]);
    tmux.wait_for("Quit?");
    tmux.keys(&["y"]);
}

#[test]
fn a_reply_printed_at_the_end_lands_in_the_redirected_file() {
    if !tmux_available() {
        eprintln!("note: tmux is not installed; skipping the end-to-end test");
        return;
    }
    let bin = std::env::var("TACTFUL_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_tactful").into());
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state");
    let thread = dir.path().join("thread.md");
    std::fs::write(
        &thread,
        "Title: Release broke the build\n\nAnn:\nThe new release broke our CI again.\n\n\
         Bo:\nThis is the third time. Does anyone test anything?\n",
    )
    .unwrap();
    let out = dir.path().join("reply.md");
    let status = dir.path().join("status");
    let tmux = Tmux {
        socket: format!("tactful-e2e-stdout-{}", std::process::id()),
    };
    // The shell redirects standard output to a file, as a person would,
    // and records the exit status once tactful has quit.
    let command = format!(
        "env XDG_STATE_HOME={} HOME={} {} reply {} > {}; echo $? > {}",
        quote(&state),
        quote(dir.path()),
        quote(Path::new(&bin)),
        quote(&thread),
        quote(&out),
        quote(&status),
    );
    tmux.start(60, 20, &command);
    tmux.wait_for("answering");
    tmux.keys(&["Enter"]);
    tmux.wait_for("What do you want this reply to do?");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Your reply");
    tmux.type_text("Thanks for telling us, and sorry it broke twice.");
    tmux.wait_for("words");
    tmux.keys(&["C-r"]);
    tmux.wait_for("Findings");
    tmux.keys(&["f"]);
    tmux.wait_for("┌ Finish");
    // Quitting from Finish offers to print the reply; p prints it.
    tmux.keys(&["q"]);
    tmux.wait_for("not saved or printed yet");
    tmux.keys(&["p"]);
    let code = exit_status(&status);
    assert_eq!(code.trim(), "0", "a reply was produced");
    let reply = std::fs::read_to_string(&out).unwrap();
    assert_eq!(reply, "Thanks for telling us, and sorry it broke twice.\n");

    // Leaving without a reply prints nothing and says so: exit status 1.
    std::fs::remove_file(&status).unwrap();
    tmux.start(60, 20, &command);
    tmux.wait_for("answering");
    tmux.keys(&["q"]);
    let code = exit_status(&status);
    assert_eq!(code.trim(), "1", "abandoned");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "");
}

/// A real Reddit export (a post and a ten-comment chain that forks at the
/// end), from the shared data next to the project; the test is skipped
/// when it is not there.
fn real_reddit_chain() -> Option<std::path::PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/threads/reddit-redditdev-chain.json");
    p.exists().then_some(p)
}

#[test]
fn move_to_another_message_of_a_real_export_and_answer_it() {
    if !tmux_available() {
        eprintln!("note: tmux is not installed; skipping the end-to-end test");
        return;
    }
    let Some(thread) = real_reddit_chain() else {
        eprintln!("note: the shared thread exports are not here; skipping");
        return;
    };
    let bin = std::env::var("TACTFUL_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_tactful").into());
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state");
    let out = dir.path().join("reply.md");
    let tmux = Tmux {
        socket: format!("tactful-e2e-tree-{}", std::process::id()),
    };
    let command = format!(
        "env XDG_STATE_HOME={} HOME={} {} reply {} --out {}",
        quote(&state),
        quote(dir.path()),
        quote(Path::new(&bin)),
        quote(&thread),
        quote(&out),
    );
    tmux.start(60, 20, &command);
    // The tree: the default answer is the latest message of the chain,
    // nine replies deep (indented four levels, its depth said).
    let s = tmux.wait_for("◆ answering");
    assert!(s.contains("↳9 bboe"), "{s}");
    // Move: to the top, then search for another message and leave the
    // search with the cursor on it.
    tmux.keys(&["g"]);
    tmux.keys(&["/"]);
    tmux.wait_for("Search the thread");
    tmux.type_text("dev for this bot");
    tmux.wait_for("1 of 1");
    tmux.keys(&["Escape"]);
    tmux.wait_for("What might they be feeling?");
    // Answer it.
    tmux.keys(&["r"]);
    tmux.wait_for("Now answering cdrootrmdashrfstar");
    // This thread has no heat to jump to, and says so.
    tmux.keys(&["h"]);
    tmux.wait_for("No heated words in this thread.");
    tmux.keys(&["Enter"]);
    tmux.wait_for("What do you want this reply to do?");
    tmux.keys(&["Enter"]);
    // Their words are the message chosen.
    let s = tmux.wait_for("Their words");
    assert!(s.contains("cdrootrmdashrfstar"), "{s}");
    assert!(s.contains("Hello, the dev for this bot here."), "{s}");
    tmux.type_text("Thanks for jumping in. Which id did you pass?");
    tmux.wait_for("9 words");
    tmux.keys(&["C-r"]);
    tmux.wait_for("Findings");
    tmux.keys(&["f"]);
    let s = tmux.wait_for("┌ Finish");
    if s.contains("A moment") {
        tmux.keys(&["Enter"]);
    }
    tmux.keys(&["s"]);
    tmux.wait_for("Saved to");
    tmux.keys(&["q"]);
    let start = Instant::now();
    while tmux.alive() && start.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(50));
    }
    let reply = std::fs::read_to_string(&out).expect("the reply was saved");
    assert_eq!(reply, "Thanks for jumping in. Which id did you pass?\n");
}

/// A Reddit page written for the tests: 27 comments in four branches,
/// where the longest branch ends in a one-line joke and a heated exchange
/// with the maintainer sits in another.
const BIG_REDDIT: &str = "tests/fixtures/threads/reddit-big-thread.json";

#[test]
fn a_big_reddit_thread_opens_on_the_heated_exchange_and_answering_near_the_bottom_shows_the_text() {
    if !tmux_available() {
        eprintln!("note: tmux is not installed; skipping the end-to-end test");
        return;
    }
    let bin = std::env::var("TACTFUL_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_tactful").into());
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state");
    let thread = Path::new(env!("CARGO_MANIFEST_DIR")).join(BIG_REDDIT);
    let tmux = Tmux {
        socket: format!("tactful-e2e-big-{}", std::process::id()),
    };
    let command = format!(
        "env XDG_STATE_HOME={} HOME={} {} reply {}",
        quote(&state),
        quote(dir.path()),
        quote(Path::new(&bin)),
        quote(&thread),
    );
    tmux.start(60, 20, &command);
    // The heated message that drew replies, not the joke, and why.
    // Waits for the whole status line, not the first mark drawn: under
    // load a screen can be read while the frame is still being drawn.
    tmux.wait_for("◆ answering");
    let s = tmux.wait_for("Answering nadia_k: heat in their words (◐2), 2");
    let answered = s.lines().find(|l| l.contains("◆ answering")).unwrap();
    assert!(answered.contains("nadia_k"), "{s}");
    assert!(s.contains("You never listen to the people who"), "{s}");
    // The last message, long, scrolled up with the mouse wheel until its
    // header and one line sit at the bottom edge: answering it (the
    // status line then takes a row) shows its words, not only its header.
    tmux.keys(&["G"]);
    tmux.wait_for("without any extra work.");
    for _ in 0..4 {
        tmux.type_text("\x1b[<64;10;5M");
    }
    // The four wheel events may be drawn one by one: wait for the last.
    let header_at_the_bottom = |s: &str| {
        let rows: Vec<&str> = s.lines().collect();
        rows.iter()
            .position(|l| l.contains("│    marek_s · "))
            .is_some_and(|at| rows.get(at + 2).is_some_and(|r| r.starts_with('└')))
    };
    let start = Instant::now();
    while !header_at_the_bottom(&tmux.screen()) {
        assert!(
            start.elapsed() < Duration::from_secs(15),
            "the header never reached the bottom: {}",
            tmux.screen()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    tmux.keys(&["r"]);
    tmux.wait_for("Now answering marek_s");
    let s = tmux.wait_for("dates and places, and the album folders");
    for words in [
        "The export keeps the original files too",
        "dates and places, and the album folders",
    ] {
        assert!(s.contains(words), "{words}: {s}");
    }
    let answered = s.lines().find(|l| l.contains("◆")).unwrap();
    assert!(answered.contains("marek_s"), "{s}");
    // Their words follow to the draft.
    tmux.keys(&["Enter"]);
    tmux.wait_for("What do you want this reply to do?");
    tmux.keys(&["Enter"]);
    let s = tmux.wait_for("Their words");
    assert!(s.contains("The export keeps the original files too"), "{s}");
    tmux.keys(&["C-q"]);
    let start = Instant::now();
    while tmux.alive() && start.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(!tmux.alive(), "nothing typed: quits without asking");
}

/// The process running in the session's pane: tactful itself, or the one
/// child of the shell that started it.
fn pane_process(tmux: &Tmux) -> u32 {
    let out = tmux.cmd(&["list-panes", "-t", "e2e", "-F", "#{pane_pid}"]);
    let pid: u32 = String::from_utf8_lossy(&out.stdout).trim().parse().unwrap();
    let comm = std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default();
    if comm.trim() == "tactful" {
        return pid;
    }
    let children = std::fs::read_to_string(format!("/proc/{pid}/task/{pid}/children")).unwrap();
    children.split_whitespace().next().unwrap().parse().unwrap()
}

#[test]
fn a_kill_9_right_after_typing_loses_nothing_shown() {
    if !tmux_available() || !Path::new("/proc/self").exists() {
        eprintln!("note: tmux or /proc is missing; skipping the end-to-end test");
        return;
    }
    let bin = std::env::var("TACTFUL_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_tactful").into());
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state");
    let tmux = Tmux {
        socket: format!("tactful-e2e-kill9-{}", std::process::id()),
    };
    let command = format!(
        "exec env XDG_STATE_HOME={} HOME={} {} reply",
        quote(&state),
        quote(dir.path()),
        quote(Path::new(&bin)),
    );
    tmux.start(80, 24, &command);
    tmux.wait_for("◆ answering");
    tmux.keys(&["Enter"]);
    tmux.wait_for("What do you want this reply to do?");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Your reply");
    let typed = "Every word shown is kept, even through kill -9.";
    tmux.type_text(typed);
    // As soon as the screen shows the last word, kill it without a chance
    // to save anything.
    tmux.wait_for("through kill -9.");
    let pid = pane_process(&tmux);
    let killed = Command::new("kill")
        .args(["-KILL", &pid.to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    tmux.wait_gone();
    let kept = tactful::store::Store::at(state.join("tactful"))
        .load_draft()
        .expect("the draft was kept");
    assert_eq!(kept.draft, typed);

    // The next start offers it back whole.
    tmux.start(80, 24, &command);
    tmux.wait_for("Restore your draft?");
    tmux.keys(&["r"]);
    tmux.wait_for(typed);
    tmux.keys(&["C-q"]);
    tmux.wait_for("Quit?");
    tmux.keys(&["y"]);
}

#[test]
fn the_home_screen_and_reply_share_one_exit_rule() {
    if !tmux_available() {
        eprintln!("note: tmux is not installed; skipping the end-to-end test");
        return;
    }
    let bin = std::env::var("TACTFUL_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_tactful").into());
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state");
    let status = dir.path().join("status");
    let tmux = Tmux {
        socket: format!("tactful-e2e-exit-{}", std::process::id()),
    };
    // `tactful`, then q: left without a reply, as `tactful reply` then q.
    let command = format!(
        "env XDG_STATE_HOME={} HOME={} {}; echo $? > {}",
        quote(&state),
        quote(dir.path()),
        quote(Path::new(&bin)),
        quote(&status),
    );
    tmux.start(60, 20, &command);
    tmux.wait_for("Reply to the sample thread");
    tmux.keys(&["q"]);
    let code = exit_status(&status);
    assert_eq!(code.trim(), "1", "left without a reply");
}
