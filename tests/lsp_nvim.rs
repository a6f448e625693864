//! End to end in a real editor: Neovim, headless, runs `tactful lsp` as its
//! language server on a heated reply, shows the diagnostics, applies the
//! first quick fix under the cursor, and sees the flag go
//! (`tests/fixtures/lsp/nvim_e2e.lua` drives it and writes what it saw).
//!
//! Skipped, saying why, when Neovim is missing or older than 0.6 (the first
//! with `vim.diagnostic`); CI installs Debian's `neovim`. Uses the binary
//! Cargo built for this test run, or `TACTFUL_BIN`.

use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::Value;

const REPLY: &str = "Thanks for the report, Café’s 🙂 — you always ignore this. Obviously you never read the docs!!\n";

/// Neovim's version, if it is installed.
fn nvim_version() -> Option<(u32, u32, u32)> {
    let out = Command::new("nvim").arg("--version").output().ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let v = text.lines().next()?.strip_prefix("NVIM v")?;
    let mut parts = v.split(['.', '-']).map(|p| p.parse::<u32>().ok());
    Some((parts.next()??, parts.next()??, parts.next()??))
}

/// Says why the test is skipped where a person sees it: straight to the
/// process's standard error, which the test harness does not capture (it
/// captures only `eprintln!`).
fn skip(why: &str) {
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "SKIPPED neovim_shows_the_diagnostics_and_applies_a_quick_fix: {why}"
    );
}

#[test]
fn neovim_shows_the_diagnostics_and_applies_a_quick_fix() {
    let Some(version) = nvim_version() else {
        skip(
            "`nvim` is not on PATH (install Debian's neovim package to run the editor \
             end-to-end test)",
        );
        return;
    };
    if version < (0, 6, 0) {
        skip(&format!(
            "Neovim {}.{}.{} has no vim.diagnostic; 0.6 or later is needed",
            version.0, version.1, version.2
        ));
        return;
    }
    let bin = std::env::var("TACTFUL_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_tactful").into());
    let script =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lsp/nvim_e2e.lua");
    let dir = tempfile::tempdir().unwrap();
    let reply = dir.path().join("reply.md");
    std::fs::write(&reply, REPLY).unwrap();
    let out = dir.path().join("seen.json");
    // Neovim and tactful both keep to the test's directory: no user
    // configuration, state or log is read or written.
    let mut child = Command::new("nvim")
        .args(["--headless", "--clean", "-n"])
        .arg(&reply)
        .arg("-c")
        .arg(format!("luafile {}", script.display()))
        .current_dir(dir.path())
        .env("HOME", dir.path())
        .env("XDG_CONFIG_HOME", dir.path().join("config"))
        .env("XDG_STATE_HOME", dir.path().join("state"))
        .env("XDG_CACHE_HOME", dir.path().join("cache"))
        .env("XDG_DATA_HOME", dir.path().join("data"))
        .env("TACTFUL_BIN", &bin)
        .env("TACTFUL_OUT", &out)
        .stdin(std::process::Stdio::null())
        .spawn()
        .expect("nvim starts");
    // A guard against a hung editor, not a measurement.
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            panic!("Neovim did not finish in two minutes");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "nvim exited with {status}");
    let seen: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    eprintln!("Neovim {} drove tactful lsp", seen["nvim"]);
    assert_eq!(
        seen["ok"], true,
        "the editor script failed: {}",
        seen["error"]
    );

    let codes = |key: &str| -> Vec<String> {
        seen[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["code"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        codes("before"),
        vec![
            "escalation.absolute",
            "escalation.certainty",
            "escalation.absolute-never",
            "escalation.exclamations",
            "score"
        ]
    );
    // Neovim turned the server's UTF-16 positions into byte columns: the
    // flag sits on "you always" whatever é, ’ and 🙂 before it weigh.
    let absolute = &seen["before"][0];
    let at = REPLY.find("you always").unwrap();
    assert_eq!(absolute["lnum"], 0);
    assert_eq!(absolute["col"], at);
    assert_eq!(absolute["end_col"], at + "you always".len());
    assert_eq!(absolute["source"], "tactful");
    assert_eq!(absolute["severity"], 2);
    assert_eq!(
        seen["applied"],
        "Try: Thanks for the report, Café’s 🙂 — you often ignore this."
    );
    assert_eq!(
        seen["lines"][0],
        "Thanks for the report, Café’s 🙂 — you often ignore this. Obviously you never read the docs!!"
    );
    assert!(!codes("after").contains(&"escalation.absolute".to_string()));
    assert!(codes("after").contains(&"escalation.certainty".to_string()));
    let hover = seen["hover"].as_str().unwrap();
    assert!(hover.starts_with("**Words like \"obviously\""), "{hover}");
    assert!(hover.contains("**Why.** "), "{hover}");
    assert!(hover.contains("Receptiveness "), "{hover}");
}
