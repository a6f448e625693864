//! The engine's files form a tree of layers, not a web: no file uses
//! another that (through any chain of uses) uses it back, `lib.rs` only
//! declares modules and re-exports, and no file grows past a size where it
//! holds more than one job.
//!
//! This reads every file of `src/` as text: the paths it names
//! (`crate::…`, `super::…`, `self::…`, a child module's name, `use` trees,
//! and `#[serde(with = "…")]` strings), resolves each through the modules
//! and the names that `use` binds in them (re-exports included) to the
//! file that defines the item, and looks for circles among the files. Test
//! code (`#[cfg(test)]` items) may use anything and is left out.
//!
//! Method calls do not name a path, so a file that adds methods to a type
//! defined elsewhere (`impl Engine` in another file) would hide an arrow:
//! the engine keeps its `impl` blocks beside their types, and the
//! pipeline's steps are functions that take what they need.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// A module path: `[]` is the crate root, `["pattern", "parse"]` is
/// `pattern/parse.rs`.
type ModPath = Vec<String>;

/// The most lines of code (tests, comments and blank lines aside) one
/// file holds.
const MAX_LINES: usize = 900;

/// A path of a `use`, and the name it binds (`*` for a glob).
type UsePath = (Vec<String>, String);

/// One source file: its module path and its code as [`clean`] leaves it.
struct File {
    path: ModPath,
    shown: String,
    code: String,
    lines: usize,
}

/// The code without comments, `#[cfg(test)]` items, or the contents of
/// string and character literals, except strings that are paths (serde
/// attributes name their helpers in strings).
fn clean(source: &str) -> String {
    let chars: Vec<char> = source.chars().collect();
    let mut out = String::with_capacity(source.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            out.push(' ');
        } else if c == 'r'
            && (next == Some('"') || next == Some('#'))
            && !prev_is_ident(&chars, i)
            && raw_string_end(&chars, i).is_some()
        {
            let end = raw_string_end(&chars, i).unwrap_or(chars.len());
            out.push('"');
            out.extend(chars[i..end].iter().map(|_| ' '));
            out.push('"');
            i = end;
        } else if c == '"' {
            let mut j = i + 1;
            while j < chars.len() && chars[j] != '"' {
                j += if chars[j] == '\\' { 2 } else { 1 };
            }
            let inner: String = chars[i + 1..j.min(chars.len())].iter().collect();
            out.push('"');
            out.push_str(&path_or_blank(&inner));
            out.push('"');
            i = j + 1;
        } else if c == '\'' && char_literal_len(&chars, i).is_some() {
            let n = char_literal_len(&chars, i).unwrap_or(1);
            out.push_str("' '");
            i += n;
        } else {
            out.push(c);
            i += 1;
        }
    }
    without_test_items(&out)
}

fn prev_is_ident(chars: &[char], i: usize) -> bool {
    i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_')
}

/// Where a raw string starting at `i` (`r"…"`, `r#"…"#`) ends.
fn raw_string_end(chars: &[char], i: usize) -> Option<usize> {
    let mut j = i + 1;
    let mut hashes = 0;
    while chars.get(j) == Some(&'#') {
        hashes += 1;
        j += 1;
    }
    if chars.get(j) != Some(&'"') {
        return None;
    }
    j += 1;
    while j < chars.len() {
        if chars[j] == '"' && (0..hashes).all(|k| chars.get(j + 1 + k) == Some(&'#')) {
            return Some(j + 1 + hashes);
        }
        j += 1;
    }
    None
}

/// The length of a character literal at `i` (`'a'`, `'\n'`, `'\u{1F600}'`),
/// or `None` for a lifetime.
fn char_literal_len(chars: &[char], i: usize) -> Option<usize> {
    match chars.get(i + 1)? {
        '\\' => {
            let close = (i + 3..chars.len().min(i + 12)).find(|&j| chars[j] == '\'')?;
            Some(close - i + 1)
        }
        _ => (chars.get(i + 2) == Some(&'\'')).then_some(3),
    }
}

/// A string's contents as code sees them: a path (`"crate::serial::words"`
/// in a serde attribute) is kept, anything else blanked.
fn path_or_blank(inner: &str) -> String {
    if inner.contains("::") && inner.chars().all(|c| is_ident(c) || c == ':') {
        inner.to_string()
    } else {
        " ".repeat(inner.chars().count())
    }
}

/// The code without the items marked `#[cfg(test)]` (a test module, a
/// helper): up to the end of their braces, or their `;`.
fn without_test_items(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    let mut rest = code;
    while let Some(i) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..i]);
        let item = &rest[i..];
        let open = item.find('{');
        let semi = item.find(';');
        let end = match (open, semi) {
            (Some(o), Some(s)) if s < o => s + 1,
            (Some(o), _) => {
                let mut depth = 0;
                let mut end = item.len();
                for (k, c) in item[o..].char_indices() {
                    match c {
                        '{' => depth += 1,
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                end = o + k + 1;
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                end
            }
            (None, Some(s)) => s + 1,
            (None, None) => item.len(),
        };
        rest = &item[end..];
    }
    out.push_str(rest);
    out
}

fn read_files(root: &Path) -> Vec<File> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path.strip_prefix(root).unwrap();
                let mut parts: ModPath = rel
                    .iter()
                    .map(|p| p.to_str().unwrap().trim_end_matches(".rs").to_string())
                    .collect();
                if matches!(parts.last().map(String::as_str), Some("lib" | "mod")) {
                    parts.pop();
                }
                let code = clean(&std::fs::read_to_string(&path).unwrap());
                out.push(File {
                    path: parts,
                    shown: rel.display().to_string().replace('\\', "/"),
                    lines: code.lines().filter(|l| !l.trim().is_empty()).count(),
                    code,
                });
            }
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The paths of a `use` tree (after `use`, up to its `;`), each with the
/// name it binds: `a::{b, c::d as e}` gives `a::b` (b) and `a::c::d` (e);
/// a glob binds `*`.
fn use_tree(tree: &str) -> Vec<UsePath> {
    fn walk(s: &[char], i: &mut usize, prefix: &[String], out: &mut Vec<UsePath>) {
        let mut path = prefix.to_vec();
        loop {
            while *i < s.len() && s[*i].is_whitespace() {
                *i += 1;
            }
            if *i >= s.len() {
                return;
            }
            if s[*i] == '{' {
                *i += 1;
                loop {
                    walk(s, i, &path, out);
                    while *i < s.len() && s[*i].is_whitespace() {
                        *i += 1;
                    }
                    match s.get(*i) {
                        Some(',') => {
                            *i += 1;
                            while *i < s.len() && s[*i].is_whitespace() {
                                *i += 1;
                            }
                            if s.get(*i) == Some(&'}') {
                                *i += 1;
                                return;
                            }
                        }
                        Some('}') => {
                            *i += 1;
                            return;
                        }
                        _ => return,
                    }
                }
            }
            if s[*i] == '*' {
                *i += 1;
                out.push((path, "*".into()));
                return;
            }
            let start = *i;
            while *i < s.len() && is_ident(s[*i]) {
                *i += 1;
            }
            let seg: String = s[start..*i].iter().collect();
            if seg.is_empty() {
                return;
            }
            let rest: String = s[*i..].iter().take(2).collect();
            if rest == "::" {
                *i += 2;
                path.push(seg);
                continue;
            }
            // The end of this path: `self` names the module before it.
            let mut bound = seg.clone();
            if seg == "self" {
                bound = path.last().cloned().unwrap_or_default();
            } else {
                path.push(seg);
            }
            let after: String = s[*i..].iter().collect();
            let trimmed = after.trim_start();
            if let Some(alias) = trimmed.strip_prefix("as ") {
                let alias = alias.trim_start();
                let name: String = alias.chars().take_while(|c| is_ident(*c)).collect();
                *i += after.len() - trimmed.len() + 3 + (alias.len() - alias.trim_start().len());
                *i += name.len();
                bound = name;
            }
            out.push((path, bound));
            return;
        }
    }
    let chars: Vec<char> = tree.chars().collect();
    let mut out = Vec::new();
    walk(&chars, &mut 0, &[], &mut out);
    out
}

/// A path as written in `module`, made absolute: `crate::`, `super::`
/// (as many as written), `self::`, or a child module's name first;
/// `None` for other crates.
fn absolute(module: &ModPath, path: &[String], modules: &BTreeSet<ModPath>) -> Option<ModPath> {
    let first = path.first()?;
    match first.as_str() {
        "crate" => Some(path[1..].to_vec()),
        "self" => Some(module.iter().chain(&path[1..]).cloned().collect()),
        "super" => {
            let mut base = module.clone();
            let mut k = 0;
            while path.get(k).is_some_and(|s| s == "super") {
                base.pop();
                k += 1;
            }
            Some(base.into_iter().chain(path[k..].iter().cloned()).collect())
        }
        _ => {
            let child: ModPath = module.iter().chain([first]).cloned().collect();
            modules
                .contains(&child)
                .then(|| module.iter().chain(path).cloned().collect())
        }
    }
}

/// The modules declared inline in a file (`mod words { … }`): where each
/// one's braces open and close, and its name.
fn inline_modules(code: &str) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    for (at, _) in code.match_indices("mod ") {
        if at > 0 && is_ident(code.as_bytes()[at - 1] as char) {
            continue;
        }
        let rest = &code[at + 4..];
        let name: String = rest.chars().take_while(|c| is_ident(*c)).collect();
        let after = rest[name.len()..].trim_start();
        if name.is_empty() || !after.starts_with('{') {
            continue;
        }
        let open = code.len() - after.len();
        let mut depth = 0;
        for (k, c) in code[open..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        out.push((open, open + k, name.clone()));
                        break;
                    }
                }
                _ => {}
            }
        }
    }
    out
}

/// Every `use` of a file, and every other path it names, each with the
/// module it is written in (the file's, or one declared inline in it).
struct Paths {
    uses: Vec<(ModPath, UsePath)>,
    named: Vec<(ModPath, Vec<String>)>,
}

fn paths(file: &File) -> Paths {
    let code = file.code.as_str();
    let inline = inline_modules(code);
    let module_at = |at: usize| -> ModPath {
        let mut m = file.path.clone();
        m.extend(
            inline
                .iter()
                .filter(|(open, close, _)| *open < at && at < *close)
                .map(|(_, _, name)| name.clone()),
        );
        m
    };
    let mut uses = Vec::new();
    let mut named = Vec::new();
    let bytes = code.as_bytes();
    let mut i = 0;
    while i < code.len() {
        let c = bytes[i] as char;
        let starts_word = i == 0 || !(is_ident(bytes[i - 1] as char) || bytes[i - 1] == b':');
        if !starts_word || !(c.is_ascii_alphabetic() || c == '_') {
            i += 1;
            continue;
        }
        let word: String = code[i..].chars().take_while(|c| is_ident(*c)).collect();
        if word == "use" {
            let end = code[i..].find(';').map_or(code.len(), |e| i + e);
            let m = module_at(i);
            uses.extend(
                use_tree(&code[i + 3..end])
                    .into_iter()
                    .map(|u| (m.clone(), u)),
            );
            i = end;
            continue;
        }
        // A path: words joined by `::`.
        let mut segs = vec![word.clone()];
        let mut j = i + word.len();
        while code[j..].starts_with("::") {
            let seg: String = code[j + 2..].chars().take_while(|c| is_ident(*c)).collect();
            if seg.is_empty() {
                break;
            }
            j += 2 + seg.len();
            segs.push(seg);
        }
        if segs.len() > 1 {
            named.push((module_at(i), segs));
        }
        i = j.max(i + 1);
    }
    Paths { uses, named }
}

/// The modules' files, and for each the names its `use`s bind.
struct Crate {
    modules: BTreeSet<ModPath>,
    bindings: BTreeMap<ModPath, BTreeMap<String, ModPath>>,
}

impl Crate {
    fn new(files: &[File]) -> Crate {
        let modules: BTreeSet<ModPath> = files.iter().map(|f| f.path.clone()).collect();
        let mut bindings: BTreeMap<ModPath, BTreeMap<String, ModPath>> = BTreeMap::new();
        for f in files {
            let uses = paths(f).uses;
            for (module, (path, bound)) in uses {
                let Some(abs) = absolute(&module, &path, &modules) else {
                    continue;
                };
                // A glob binds no one name; its path counts as an arrow.
                if bound != "*" {
                    bindings.entry(module).or_default().insert(bound, abs);
                }
            }
        }
        Crate { modules, bindings }
    }

    /// The module whose file defines what an absolute path names.
    fn resolve(&self, path: &[String], depth: usize) -> ModPath {
        let mut m: ModPath = Vec::new();
        for (k, seg) in path.iter().enumerate() {
            let child: ModPath = m.iter().chain([seg]).cloned().collect();
            if self.modules.contains(&child) {
                m = child;
                continue;
            }
            if depth < 16
                && let Some(target) = self.bindings.get(&m).and_then(|b| b.get(seg))
            {
                let full: Vec<String> = target.iter().chain(&path[k + 1..]).cloned().collect();
                return self.resolve(&full, depth + 1);
            }
            return m;
        }
        m
    }

    /// File → the files it uses (itself left out).
    fn arrows(&self, files: &[File]) -> BTreeMap<ModPath, BTreeSet<ModPath>> {
        let mut out: BTreeMap<ModPath, BTreeSet<ModPath>> = BTreeMap::new();
        for f in files {
            let Paths { uses, named } = paths(f);
            let mut targets = Vec::new();
            // A name bound by a `use` of this file is counted at the `use`.
            let written = uses
                .into_iter()
                .map(|(m, (path, _))| (m, path))
                .chain(named);
            for (module, path) in written {
                if let Some(abs) = absolute(&module, &path, &self.modules) {
                    targets.push(self.resolve(&abs, 0));
                }
            }
            let set = out.entry(f.path.clone()).or_default();
            set.extend(targets.into_iter().filter(|t| *t != f.path));
        }
        out
    }
}

/// Every circle among the files, each once, as a chain of modules.
fn circles(arrows: &BTreeMap<ModPath, BTreeSet<ModPath>>) -> Vec<Vec<ModPath>> {
    // Tarjan's strongly connected components, then one circle in each.
    struct State<'a> {
        arrows: &'a BTreeMap<ModPath, BTreeSet<ModPath>>,
        index: BTreeMap<&'a ModPath, usize>,
        low: BTreeMap<&'a ModPath, usize>,
        stack: Vec<&'a ModPath>,
        on_stack: BTreeSet<&'a ModPath>,
        components: Vec<Vec<&'a ModPath>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a ModPath) {
        let n = s.index.len();
        s.index.insert(v, n);
        s.low.insert(v, n);
        s.stack.push(v);
        s.on_stack.insert(v);
        for w in s.arrows.get(v).into_iter().flatten() {
            if !s.arrows.contains_key(w) {
                continue;
            }
            if !s.index.contains_key(w) {
                visit(s, w);
                let low = s.low[v].min(s.low[w]);
                s.low.insert(v, low);
            } else if s.on_stack.contains(w) {
                let low = s.low[v].min(s.index[w]);
                s.low.insert(v, low);
            }
        }
        if s.low[v] == s.index[v] {
            let mut comp = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                comp.push(w);
                if w == v {
                    break;
                }
            }
            if comp.len() > 1 {
                s.components.push(comp);
            }
        }
    }
    let mut s = State {
        arrows,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        components: Vec::new(),
    };
    for v in arrows.keys() {
        if !s.index.contains_key(v) {
            visit(&mut s, v);
        }
    }
    // A circle through each component: walk from its first member along
    // arrows inside it until a member repeats.
    s.components
        .iter()
        .map(|comp| {
            let members: BTreeSet<&ModPath> = comp.iter().copied().collect();
            let mut chain = vec![comp[0].clone()];
            loop {
                let last = chain.last().unwrap();
                let next = arrows[last].iter().find(|w| members.contains(w)).unwrap();
                if let Some(at) = chain.iter().position(|m| m == next) {
                    let mut circle = chain[at..].to_vec();
                    circle.push(next.clone());
                    return circle;
                }
                chain.push(next.clone());
            }
        })
        .collect()
}

fn shown(m: &ModPath) -> String {
    if m.is_empty() {
        "lib".into()
    } else {
        m.join("::")
    }
}

fn engine() -> Vec<File> {
    read_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"))
}

#[test]
fn no_file_of_the_engine_uses_one_that_uses_it_back() {
    let files = engine();
    let krate = Crate::new(&files);
    let arrows = krate.arrows(&files);
    // The reader sees arrows at all: through a re-export, a `super::`
    // path and a serde string.
    let has = |from: &[&str], to: &[&str]| {
        let (from, to): (ModPath, ModPath) = (
            from.iter().map(|s| s.to_string()).collect(),
            to.iter().map(|s| s.to_string()).collect(),
        );
        arrows.get(&from).is_some_and(|t| t.contains(&to))
    };
    assert!(has(&["packs", "load"], &["rules"]));
    assert!(has(&["packs", "load"], &["packs", "error"]));
    assert!(has(&["matcher"], &["serial"]));
    let found = circles(&arrows);
    let listed: Vec<String> = found
        .iter()
        .map(|c| c.iter().map(shown).collect::<Vec<_>>().join(" -> "))
        .collect();
    assert!(
        listed.is_empty(),
        "files that use each other (move what both need into a file below them):\n{}",
        listed.join("\n")
    );
}

#[test]
fn lib_only_declares_modules_and_re_exports() {
    let files = engine();
    let lib = files.iter().find(|f| f.path.is_empty()).unwrap();
    let wrong: Vec<&str> = lib
        .code
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .filter(|l| {
            !(l.starts_with("pub mod ")
                || l.starts_with("mod ")
                || l.starts_with("pub use ")
                || l.starts_with("#[")
                || l.starts_with("#!["))
        })
        // The rest of a `pub use a::{b, c};` spread over lines.
        .filter(|l| !l.chars().all(|c| is_ident(c) || " ,:{};".contains(c)))
        .collect();
    assert!(
        wrong.is_empty(),
        "lib.rs holds more than declarations:\n{wrong:#?}"
    );
}

#[test]
fn no_file_of_the_engine_is_too_long_to_hold_one_job() {
    let long: Vec<String> = engine()
        .iter()
        .filter(|f| f.lines > MAX_LINES)
        .map(|f| format!("{}: {} lines of code", f.shown, f.lines))
        .collect();
    assert!(
        long.is_empty(),
        "split these by job (at most {MAX_LINES} lines of code each):\n{}",
        long.join("\n")
    );
}

/// The reader on a made-up crate: a circle through a re-export and
/// `super::`, a serde string, and a test module that may use anything.
#[test]
fn the_reader_finds_circles_through_re_exports_and_super() {
    let file = |path: &[&str], code: &str| File {
        path: path.iter().map(|s| s.to_string()).collect(),
        shown: path.join("/"),
        code: clean(code),
        lines: 0,
    };
    let files = vec![
        file(&[], "mod a;\nmod b;\nmod c;\npub use a::Thing;\n"),
        // `a` uses `b` through a child-module path in a `use` group.
        file(
            &["a"],
            "use crate::{b::{self, Other as O}};\npub struct Thing;",
        ),
        // `b` uses `a` through the root's re-export.
        file(
            &["b"],
            "pub struct Other(super::Thing);\n#[cfg(test)]\nmod tests { use crate::c::X; }",
        ),
        file(
            &["c"],
            "// use crate::a::Thing;\nstruct X { #[serde(with = \"crate::b::form\")] x: u8, s: &'static str }\nfn f() { let _ = \"use crate::a;\"; let _ = '{'; }",
        ),
    ];
    let krate = Crate::new(&files);
    let arrows = krate.arrows(&files);
    let path = |s: &str| vec![s.to_string()];
    assert_eq!(arrows[&path("a")], BTreeSet::from([path("b")]));
    assert_eq!(arrows[&path("b")], BTreeSet::from([path("a")]));
    // Comments and strings other than serde paths name nothing.
    assert_eq!(arrows[&path("c")], BTreeSet::from([path("b")]));
    let found = circles(&arrows);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].len(), 3, "{found:?}");
}
