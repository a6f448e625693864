//! The house has one direction for every arrow: a module only uses modules
//! of a lower layer, so there is no import cycle, and the pure modules never
//! touch the terminal. This reads every `crate::…` path in `src/` (test
//! modules aside: tests may use the whole stack) and checks both.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Top-level modules by layer: each may use only modules of lower layers.
const LAYERS: &[(&str, u8)] = &[
    ("thread", 0),
    ("prompts", 1),
    ("reading", 1),
    ("config", 2),
    ("eval", 2),
    ("practice", 2),
    ("store", 2),
    ("tui", 3),
    ("lsp", 3),
    ("cli", 4),
];

/// The parts of `tui/`, by layer: the shared widgets under every flow; the
/// reply flow's home screen launches practice, which launches a workshop.
const TUI_LAYERS: &[(&str, u8)] = &[
    ("widgets", 0),
    ("workshop", 1),
    ("practice", 2),
    ("reply", 3),
];

/// Modules that never draw, read keys or print: they take values and
/// return values. The engine crate (`crates/engine`) is pure as a whole.
const PURE: &[&str] = &[
    "../crates/engine/src",
    "thread",
    "prompts",
    "reading",
    "config",
    "eval",
    "practice",
    "store",
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The file's text without its test module (by house habit the last item).
fn non_test_code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    match text.find("#[cfg(test)]") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

/// Every `crate::name` the code mentions, also inside `use crate::{a, b}`.
fn used_modules(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for part in group[..end].split(',') {
                let name: String = part
                    .trim()
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    out.push(name);
                }
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            out.push(name);
        }
    }
    out
}

/// (from, to) → the first file that draws the arrow, for every arrow.
fn arrows(root: &Path, prefix: &[&str]) -> BTreeMap<(String, String), String> {
    let mut files = Vec::new();
    rust_files(root, &mut files);
    let mut out = BTreeMap::new();
    for file in files {
        let rel = file.strip_prefix(root).unwrap();
        let Some(from) = rel.iter().next().and_then(|c| c.to_str()) else {
            continue;
        };
        let from = from.trim_end_matches(".rs").to_string();
        if matches!(from.as_str(), "lib" | "main" | "mod") {
            continue;
        }
        let code = non_test_code(&file);
        let mut targets = used_modules(&code);
        if !prefix.is_empty() {
            // Inside `tui/`: `crate::tui::x` names the part `x`.
            let needle = format!("crate::{}::", prefix.join("::"));
            targets = code
                .match_indices(&needle)
                .map(|(i, _)| {
                    code[i + needle.len()..]
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect()
                })
                .collect();
        }
        for to in targets {
            if to != from {
                out.entry((from.clone(), to))
                    .or_insert_with(|| rel.display().to_string());
            }
        }
    }
    out
}

#[track_caller]
fn check_layers(arrows: &BTreeMap<(String, String), String>, layers: &[(&str, u8)], what: &str) {
    let layer = |m: &str| layers.iter().find(|(n, _)| *n == m).map(|(_, l)| *l);
    let mut wrong = Vec::new();
    for ((from, to), file) in arrows {
        match (layer(from), layer(to)) {
            (Some(a), Some(b)) if b < a => {}
            (None, _) => wrong.push(format!("{from} is not placed in a layer ({file})")),
            (_, None) => wrong.push(format!("{to} is not placed in a layer (used in {file})")),
            _ => wrong.push(format!(
                "{from} -> {to} runs against the layers ({file}); move what both need down"
            )),
        }
    }
    assert!(wrong.is_empty(), "{what}:\n{}", wrong.join("\n"));
}

#[test]
fn top_level_modules_only_use_lower_layers() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let arrows = arrows(&src, &[]);
    assert!(
        arrows.contains_key(&("cli".into(), "thread".into())),
        "the reader found no arrows at all"
    );
    check_layers(&arrows, LAYERS, "arrows between top-level modules");
}

#[test]
fn terminal_flows_only_use_what_sits_below_them() {
    let tui = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/tui");
    let arrows = arrows(&tui, &["tui"]);
    assert!(arrows.contains_key(&("reply".into(), "widgets".into())));
    check_layers(&arrows, TUI_LAYERS, "arrows between the parts of tui/");
}

#[test]
fn pure_modules_never_touch_the_terminal() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut wrong = Vec::new();
    for module in PURE {
        let mut files = Vec::new();
        let dir = src.join(module);
        if dir.is_dir() {
            rust_files(&dir, &mut files);
        } else {
            files.push(src.join(format!("{module}.rs")));
        }
        for file in files {
            // Comments aside: a doc example may print what it shows.
            let code: String = non_test_code(&file)
                .lines()
                .filter(|l| !l.trim_start().starts_with("//"))
                .collect::<Vec<_>>()
                .join("\n");
            for word in [
                "ratatui",
                "crossterm",
                "println!",
                "eprintln!",
                "print!(",
                "stdout()",
            ] {
                if code.contains(word) {
                    wrong.push(format!("{} uses {word}", file.display()));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_reader_sees_grouped_and_plain_uses() {
    assert_eq!(
        used_modules("use crate::{engine::Engine, thread};\nlet x = crate::store::open();"),
        ["engine", "thread", "store"]
    );
}
