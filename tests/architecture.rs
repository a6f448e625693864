//! The house has one direction for every arrow: a module only uses modules
//! of a lower layer, files inside a module never use each other in a circle,
//! and the pure modules never touch the terminal.
//!
//! This reads every path the code names from `crate::`, `super::` or
//! `self::` (use-trees expanded, `use super::{a, b::{c, d}}` included) in
//! `src/` and in the engine crate, whole files with comments, strings and
//! `#[cfg(test)] mod … { … }` blocks left out (tests may use the whole
//! stack), and checks the layers, the circles and the terminal.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Top-level modules by layer: each may use only modules of lower layers.
const LAYERS: &[(&str, u8)] = &[
    ("files", 0),
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
    "files",
    "thread",
    "prompts",
    "reading",
    "config",
    "eval",
    "practice",
    "store",
];

/// Circles between the files of a module that are known and being taken
/// apart: (the module's folder, the files in the circle). The circle test
/// prints them on every run and fails on any other circle, and on an entry
/// here that is no longer a circle (delete it then, so it cannot come back).
const KNOWN_CYCLES: &[(&str, &[&str])] = &[];

/// The engine crate's circles between files, known and being taken apart
/// (see [`KNOWN_CYCLES`]): none left.
const KNOWN_ENGINE_CYCLES: &[(&str, &[&str])] = &[];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

// ---------------------------------------------------------------- reading

/// The code of a file as the compiler builds it outside tests: comments,
/// string and character literals blanked, `#[cfg(test)] mod … { … }` and
/// `#[cfg(test)] mod …;` left out. The rest of the file is read to its end.
fn production_code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    drop_test_modules(&blank_comments_and_literals(&text))
}

/// Comments and literals become spaces (newlines kept), so neither a path
/// in a doc comment nor a brace in a string is read as code.
fn blank_comments_and_literals(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let blank = |c: char| if c == '\n' { '\n' } else { ' ' };
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                out.push(' ');
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    out.push(blank(chars[i]));
                    i += 1;
                }
            }
        } else if (c == 'r' || c == 'b')
            && !(i > 0 && ident(chars[i - 1]))
            && raw_string_hashes(&chars[i..]).is_some()
        {
            // r"…", r#"…"#, br"…": no escapes, ends at `"` and the hashes.
            let (prefix, hashes) = raw_string_hashes(&chars[i..]).unwrap();
            out.extend(std::iter::repeat_n(' ', prefix));
            i += prefix;
            while i < chars.len() {
                if chars[i] == '"' && (1..=hashes).all(|k| chars.get(i + k) == Some(&'#')) {
                    out.extend(std::iter::repeat_n(' ', hashes + 1));
                    i += hashes + 1;
                    break;
                }
                out.push(blank(chars[i]));
                i += 1;
            }
        } else if c == '"' {
            out.push(' ');
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    out.push(' ');
                    i += 1;
                }
                if i < chars.len() {
                    out.push(blank(chars[i]));
                    i += 1;
                }
            }
            out.push(' ');
            i += 1;
        } else if c == '\'' {
            // A character literal ('x', '\n', '\u{1F600}'), or a lifetime.
            let end = if next == Some('\\') {
                (i + 2..chars.len()).find(|&k| chars[k] == '\'')
            } else if chars.get(i + 2) == Some(&'\'') {
                Some(i + 2)
            } else {
                None
            };
            match end {
                Some(end) => {
                    out.extend(std::iter::repeat_n(' ', end + 1 - i));
                    i = end + 1;
                }
                None => {
                    out.push(c);
                    i += 1;
                }
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// For text starting `r"`, `r#"`, `br"`, `br#"`…: the length of the opening
/// and the number of hashes.
fn raw_string_hashes(chars: &[char]) -> Option<(usize, usize)> {
    let mut i = 0;
    if chars.first() == Some(&'b') {
        i += 1;
    }
    if chars.get(i) != Some(&'r') {
        return None;
    }
    i += 1;
    let hashes = chars[i..].iter().take_while(|&&c| c == '#').count();
    i += hashes;
    (chars.get(i) == Some(&'"')).then_some((i + 1, hashes))
}

/// Leaves out every `#[cfg(test)]` module, inline (`mod tests { … }`,
/// braces balanced) or in its own file (`mod tests;`). Other items under
/// `#[cfg(test)]` stay: they are few, and reading more is the safe side.
fn drop_test_modules(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    let mut rest = code;
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        let after = &rest[at + "#[cfg(test)]".len()..];
        let item = after.trim_start();
        let Some(module) = item.strip_prefix("mod ") else {
            out.push_str("#[cfg(test)]");
            rest = after;
            continue;
        };
        let head = module.find(['{', ';']).unwrap_or(module.len());
        let body_start = item.len() - module.len() + head;
        let skipped = after.len() - item.len();
        if module[head..].starts_with(';') {
            rest = &after[skipped + body_start + 1..];
            continue;
        }
        let mut depth = 0;
        let mut end = item.len();
        for (k, c) in item[body_start..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = body_start + k + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        // Keep the line count, for nothing but tidy debugging.
        out.extend(item[..end].chars().filter(|&c| c == '\n'));
        rest = &after[skipped + end..];
    }
    out.push_str(rest);
    out
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Ident(String),
    /// `::`
    Path,
    Punct(char),
}

fn tokens(code: &str) -> Vec<Token> {
    let chars: Vec<char> = code.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            out.push(Token::Ident(chars[start..i].iter().collect()));
        } else if c == ':' && chars.get(i + 1) == Some(&':') {
            out.push(Token::Path);
            i += 2;
        } else if c.is_whitespace() {
            i += 1;
        } else {
            out.push(Token::Punct(c));
            i += 1;
        }
    }
    out
}

/// Every path the code names from `crate`, `super` or `self`, as written
/// (`["super", "json", "flatten"]`), with use-trees spread out.
fn named_paths(code: &str) -> Vec<Vec<String>> {
    let tokens = tokens(code);
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let starts = matches!(&tokens[i], Token::Ident(w) if w == "crate" || w == "super" || w == "self")
            && tokens.get(i + 1) == Some(&Token::Path)
            && (i == 0 || tokens[i - 1] != Token::Path);
        if starts {
            i = path(&tokens, i, Vec::new(), &mut out);
        } else {
            i += 1;
        }
    }
    out
}

/// Reads a path (or use-tree) from `tokens[i]` after `prefix`, pushes every
/// full path to `out`, and returns where it ends.
fn path(
    tokens: &[Token],
    mut i: usize,
    mut prefix: Vec<String>,
    out: &mut Vec<Vec<String>>,
) -> usize {
    if let Some(Token::Ident(word)) = tokens.get(i) {
        if word != "self" || prefix.is_empty() {
            prefix.push(word.clone());
        }
        i += 1;
    }
    while tokens.get(i) == Some(&Token::Path) {
        match tokens.get(i + 1) {
            Some(Token::Ident(word)) => {
                prefix.push(word.clone());
                i += 2;
            }
            Some(Token::Punct('{')) => {
                i += 2;
                loop {
                    match tokens.get(i) {
                        None => return i,
                        Some(Token::Punct('}')) => return i + 1,
                        Some(Token::Punct(',' | '*')) => i += 1,
                        Some(Token::Ident(_)) => {
                            i = path(tokens, i, prefix.clone(), out);
                            // `a as b`
                            if tokens.get(i) == Some(&Token::Ident("as".into())) {
                                i += 2;
                            }
                        }
                        Some(_) => i += 1,
                    }
                }
            }
            _ => break,
        }
    }
    out.push(prefix);
    i
}

/// A named path made absolute (module segments from the crate root), for a
/// file whose module is `module`; `None` when it climbs above the root.
fn resolve(module: &[String], named: &[String]) -> Option<Vec<String>> {
    let mut at: Vec<String> = module.to_vec();
    let mut rest = named;
    match rest.first().map(String::as_str) {
        Some("crate") => {
            at.clear();
            rest = &rest[1..];
        }
        Some("self") => rest = &rest[1..],
        _ => {}
    }
    while rest.first().map(String::as_str) == Some("super") {
        at.pop()?;
        rest = &rest[1..];
    }
    at.extend(rest.iter().cloned());
    Some(at)
}

/// One crate's source: every file's module path and the absolute paths its
/// production code names.
struct Crate {
    files: Vec<SourceFile>,
}

struct SourceFile {
    /// Relative to the crate's folder, for messages.
    rel: String,
    /// `src/thread/detect.rs` → `thread::detect`; `src/thread/mod.rs` →
    /// `thread`; `src/lib.rs` → the root.
    module: Vec<String>,
    uses: Vec<Vec<String>>,
}

impl Crate {
    fn read(dir: &Path) -> Crate {
        let mut paths = Vec::new();
        rust_files(dir, &mut paths);
        let files = paths
            .into_iter()
            .map(|path| {
                let rel = path.strip_prefix(dir).unwrap();
                let mut module: Vec<String> = rel
                    .iter()
                    .map(|c| c.to_str().unwrap().trim_end_matches(".rs").to_string())
                    .collect();
                if matches!(
                    module.last().map(String::as_str),
                    Some("mod" | "lib" | "main")
                ) {
                    module.pop();
                }
                let code = production_code(&path);
                let uses = named_paths(&code)
                    .iter()
                    .filter_map(|named| resolve(&module, named))
                    .collect();
                SourceFile {
                    rel: rel.display().to_string(),
                    module,
                    uses,
                }
            })
            .collect();
        Crate { files }
    }

    /// The files and folders directly inside the module at `scope`.
    fn parts(&self, scope: &[String]) -> BTreeSet<String> {
        self.files
            .iter()
            .filter(|f| f.module.len() > scope.len() && f.module.starts_with(scope))
            .map(|f| f.module[scope.len()].clone())
            .collect()
    }

    /// Every module that has parts of its own (a folder), the root first.
    fn scopes(&self) -> Vec<Vec<String>> {
        let mut scopes: BTreeSet<Vec<String>> = BTreeSet::new();
        for file in &self.files {
            for len in 0..file.module.len() {
                scopes.insert(file.module[..len].to_vec());
            }
        }
        scopes.into_iter().collect()
    }

    /// (from, to) → the first file that draws the arrow, between the parts
    /// of the module at `scope`. A file of the module itself (its `mod.rs`)
    /// holds what its parts share and draws no arrow; an item of it named
    /// by a part is no arrow either.
    fn arrows(&self, scope: &[String]) -> BTreeMap<(String, String), String> {
        let parts = self.parts(scope);
        let mut out = BTreeMap::new();
        for file in &self.files {
            if file.module.len() <= scope.len() || !file.module.starts_with(scope) {
                continue;
            }
            let from = &file.module[scope.len()];
            for used in &file.uses {
                if used.len() <= scope.len() || !used.starts_with(scope) {
                    continue;
                }
                let to = &used[scope.len()];
                if to != from && parts.contains(to) {
                    out.entry((from.clone(), to.clone()))
                        .or_insert_with(|| file.rel.clone());
                }
            }
        }
        out
    }
}

// ----------------------------------------------------------------- layers

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
    let krate = Crate::read(&root().join("src"));
    let arrows = krate.arrows(&[]);
    assert!(
        arrows.contains_key(&("cli".into(), "thread".into())),
        "the reader found no arrows at all"
    );
    check_layers(&arrows, LAYERS, "arrows between top-level modules");
}

#[test]
fn terminal_flows_only_use_what_sits_below_them() {
    let krate = Crate::read(&root().join("src"));
    let arrows = krate.arrows(&["tui".to_string()]);
    assert!(arrows.contains_key(&("reply".into(), "widgets".into())));
    check_layers(&arrows, TUI_LAYERS, "arrows between the parts of tui/");
}

// ---------------------------------------------------------------- circles

/// The circles among the parts of one module: each a set of two or more
/// parts that all reach each other, with the arrows that close it.
fn circles(arrows: &BTreeMap<(String, String), String>) -> Vec<(Vec<String>, Vec<String>)> {
    let nodes: BTreeSet<&String> = arrows.keys().flat_map(|(a, b)| [a, b]).collect();
    let nodes: Vec<&String> = nodes.into_iter().collect();
    let index = |n: &String| nodes.iter().position(|m| *m == n).unwrap();
    let mut reach = vec![vec![false; nodes.len()]; nodes.len()];
    for (from, to) in arrows.keys() {
        reach[index(from)][index(to)] = true;
    }
    for k in 0..nodes.len() {
        for i in 0..nodes.len() {
            for j in 0..nodes.len() {
                if reach[i][k] && reach[k][j] {
                    reach[i][j] = true;
                }
            }
        }
    }
    let mut seen = vec![false; nodes.len()];
    let mut out = Vec::new();
    for i in 0..nodes.len() {
        if seen[i] || !reach[i][i] {
            continue;
        }
        let members: Vec<usize> = (0..nodes.len())
            .filter(|&j| reach[i][j] && reach[j][i])
            .collect();
        for &j in &members {
            seen[j] = true;
        }
        let names: Vec<String> = members.iter().map(|&j| nodes[j].clone()).collect();
        let closing = arrows
            .iter()
            .filter(|((a, b), _)| names.contains(a) && names.contains(b))
            .map(|((a, b), file)| format!("{a} -> {b} ({file})"))
            .collect();
        out.push((names, closing));
    }
    out
}

/// Fails on every circle between the files of a module in `krate` that
/// `known` does not list, and on every entry of `known` that is no longer
/// a circle. `base` prefixes the folders in messages and in `known`.
#[track_caller]
fn check_circles(krate: &Crate, base: &str, known: &[(&str, &[&str])], list: &str) {
    let mut wrong = Vec::new();
    let mut found = Vec::new();
    for scope in krate.scopes() {
        let folder = format!(
            "{base}{}",
            scope.iter().map(|s| format!("{s}/")).collect::<String>()
        );
        for (members, closing) in circles(&krate.arrows(&scope)) {
            let is_known = known.iter().any(|(dir, files)| {
                *dir == folder && {
                    let mut files: Vec<&str> = files.to_vec();
                    files.sort();
                    files == members.iter().map(String::as_str).collect::<Vec<_>>()
                }
            });
            let line = format!(
                "in {folder}: {} use each other:\n    {}",
                members.join(", "),
                closing.join("\n    ")
            );
            if is_known {
                println!("known circle, listed in {list}: {line}");
            } else {
                wrong.push(format!(
                    "{line}\n  (move what they share into a file of its own that neither uses back)"
                ));
            }
            found.push((folder.clone(), members));
        }
    }
    for (dir, files) in known {
        let mut files: Vec<String> = files.iter().map(|f| f.to_string()).collect();
        files.sort();
        if !found.iter().any(|(d, m)| d == dir && *m == files) {
            wrong.push(format!(
                "{list} lists {dir}: {} as a circle, and it is one no longer: delete the entry",
                files.join(", ")
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "circles between files:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn files_inside_a_module_never_use_each_other_in_a_circle() {
    let krate = Crate::read(&root().join("src"));
    assert!(
        krate
            .arrows(&["thread".to_string()])
            .contains_key(&("detect".into(), "json".into())),
        "the reader found no arrows between files"
    );
    check_circles(&krate, "src/", KNOWN_CYCLES, "KNOWN_CYCLES");
}

#[test]
fn files_of_the_engine_crate_never_use_each_other_in_a_circle() {
    let krate = Crate::read(&root().join("crates/engine/src"));
    assert!(!krate.arrows(&[]).is_empty(), "the reader found no arrows");
    check_circles(
        &krate,
        "crates/engine/src/",
        KNOWN_ENGINE_CYCLES,
        "KNOWN_ENGINE_CYCLES",
    );
}

// --------------------------------------------------------------- terminal

#[test]
fn pure_modules_never_touch_the_terminal() {
    let src = root().join("src");
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
            let code = production_code(&file);
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

// ------------------------------------------------------- the reader itself

#[test]
fn the_reader_sees_grouped_nested_and_relative_uses() {
    let code = "use crate::{engine::Engine, thread};\nlet x = crate::store::open();\n\
                use super::{json::{flatten, str_field as s}, self, html};\nsuper::super::x::y();";
    assert_eq!(
        named_paths(code),
        [
            vec!["crate", "engine", "Engine"],
            vec!["crate", "thread"],
            vec!["crate", "store", "open"],
            vec!["super", "json", "flatten"],
            vec!["super", "json", "str_field"],
            vec!["super"],
            vec!["super", "html"],
            vec!["super", "super", "x", "y"],
        ]
    );
    let module: Vec<String> = vec!["tui".into(), "reply".into(), "model".into()];
    let named: Vec<String> = ["super", "super", "widgets", "keymap"]
        .map(String::from)
        .to_vec();
    assert_eq!(
        resolve(&module, &named).unwrap(),
        ["tui", "widgets", "keymap"]
    );
}

#[test]
fn the_reader_reads_past_test_modules_and_skips_comments_and_strings() {
    let file = "fn a() {}\n#[cfg(test)]\nmod tests {\n    fn t() { let s = \"}\"; crate::tui::x(); }\n}\n\
                // crate::in_a_comment\nfn b() { let s = r#\"crate::in_a_string\"#; let c = '}'; crate::after::tests(); }\n\
                #[cfg(test)]\nmod more;\nfn c<'a>(x: &'a str) { crate::last(); }\n";
    let code = drop_test_modules(&blank_comments_and_literals(file));
    assert_eq!(
        named_paths(&code),
        [vec!["crate", "after", "tests"], vec!["crate", "last"]]
    );
}

#[test]
fn the_circle_finder_sees_a_circle_of_three_and_not_a_chain() {
    let arrows: BTreeMap<(String, String), String> =
        [("a", "b"), ("b", "c"), ("c", "a"), ("c", "d"), ("d", "e")]
            .into_iter()
            .map(|(x, y)| ((x.to_string(), y.to_string()), format!("{x}.rs")))
            .collect();
    let found = circles(&arrows);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0, ["a", "b", "c"]);
    assert_eq!(
        found[0].1,
        ["a -> b (a.rs)", "b -> c (b.rs)", "c -> a (c.rs)"]
    );
}
