//! Where tactful keeps its files and how it writes them, in one place: the
//! XDG base directories (state, data, configuration), `~` in paths people
//! type, files written atomically, history lines appended, and the clock
//! their timestamps read.
//!
//! No terminal here: plain functions on paths and values.

use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use etcetera::BaseStrategy as _;

/// One of the base directories tactful keeps a `tactful` folder in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Base {
    /// Drafts and dismissals: `$XDG_STATE_HOME`, usually `~/.local/state`.
    State,
    /// The practice history: `$XDG_DATA_HOME`, usually `~/.local/share`.
    Data,
    /// The configuration file: `$XDG_CONFIG_HOME`, usually `~/.config`.
    Config,
}

impl Base {
    fn variable(self) -> &'static str {
        match self {
            Base::State => "XDG_STATE_HOME",
            Base::Data => "XDG_DATA_HOME",
            Base::Config => "XDG_CONFIG_HOME",
        }
    }

    fn what(self) -> &'static str {
        match self {
            Base::State => "state",
            Base::Data => "data",
            Base::Config => "configuration",
        }
    }
}

/// tactful's folder in a base directory (`~/.local/state/tactful`, …),
/// not created here. The `XDG_*_HOME` variable wins when it is set and not
/// empty, on every platform; otherwise the platform's place, which
/// etcetera knows (the XDG defaults on Unix and macOS, `%APPDATA%` on
/// Windows).
pub fn dir(base: Base) -> anyhow::Result<PathBuf> {
    let root = match std::env::var_os(base.variable()).filter(|v| !v.is_empty()) {
        Some(dir) => PathBuf::from(dir),
        None => {
            let strategy = etcetera::choose_base_strategy().with_context(|| {
                format!(
                    "cannot find the home directory for the {} directory",
                    base.what()
                )
            })?;
            match base {
                Base::State => strategy
                    .state_dir()
                    .context("this platform has no state directory")?,
                Base::Data => strategy.data_dir(),
                Base::Config => strategy.config_dir(),
            }
        }
    };
    Ok(root.join("tactful"))
}

/// A path typed by a person with a leading `~` for the home directory
/// expanded: `~` alone and `~/…` (and `~\…` on Windows) become the home
/// directory and what follows; anything else (`~ann/…`, `a/~`) is left as
/// it is, and so is everything when there is no home directory.
pub fn expand_home(path: &str) -> String {
    let rest = match path.strip_prefix('~') {
        Some("") => "",
        Some(rest) if rest.starts_with(std::path::is_separator) => &rest[1..],
        _ => return path.to_string(),
    };
    match etcetera::home_dir() {
        Ok(home) if rest.is_empty() => home.display().to_string(),
        Ok(home) => home.join(rest).display().to_string(),
        Err(_) => path.to_string(),
    }
}

/// Writes `bytes` to `path` atomically: a temporary file beside it (the
/// tempfile crate names and cleans it), synced, then renamed over `path`,
/// so a crash leaves the old file or the new one, never half of either.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir)
        .with_context(|| format!("cannot create the directory {}", dir.display()))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".tactful-")
        .suffix(".tmp")
        .tempfile_in(&dir)
        .with_context(|| format!("cannot write in {}", dir.display()))?;
    tmp.write_all(bytes)
        .and_then(|_| tmp.as_file().sync_all())
        .with_context(|| format!("cannot write {}", path.display()))?;
    tmp.persist(path)
        .map_err(|e| e.error)
        .with_context(|| format!("cannot write {}", path.display()))?;
    // Make the rename itself durable where the platform allows it.
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Appends one line to `path` with a single write, then syncs it. If the
/// file ends in a torn line (a crash mid-write), the new line starts on a
/// line of its own so that it stays readable.
pub fn append_line(path: &Path, line: &str) -> anyhow::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("{}: cannot create the directory", dir.display()))?;
    }
    let mut f = std::fs::OpenOptions::new()
        .read(true)
        .append(true)
        .create(true)
        .open(path)
        .with_context(|| format!("{}: cannot open for appending", path.display()))?;
    let mut buf = Vec::with_capacity(line.len() + 2);
    let len = f.metadata().map(|m| m.len()).unwrap_or(0);
    if len > 0 {
        let mut last = [0u8; 1];
        f.seek(SeekFrom::Start(len - 1))
            .and_then(|_| f.read_exact(&mut last))
            .with_context(|| format!("{}: cannot read", path.display()))?;
        if last[0] != b'\n' {
            buf.push(b'\n');
        }
    }
    buf.extend_from_slice(line.trim_end_matches('\n').as_bytes());
    buf.push(b'\n');
    f.write_all(&buf)
        .and_then(|_| f.sync_data())
        .with_context(|| format!("{}: cannot append", path.display()))?;
    Ok(())
}

/// Seconds since the Unix epoch, now (0 on a clock set before 1970): when
/// a draft was saved, when an attempt started.
pub fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.json");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "two");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn atomic_write_creates_the_directory() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a/b/c.json");
        write_atomic(&p, b"x").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"x");
    }

    #[test]
    fn append_after_a_torn_line_starts_a_new_line() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("h.jsonl");
        append_line(&p, "{\"a\":1}").unwrap();
        std::fs::OpenOptions::new()
            .append(true)
            .open(&p)
            .unwrap()
            .write_all(b"{\"a\":")
            .unwrap();
        append_line(&p, "{\"a\":2}").unwrap();
        assert_eq!(
            std::fs::read_to_string(&p).unwrap(),
            "{\"a\":1}\n{\"a\":\n{\"a\":2}\n"
        );
    }

    #[test]
    fn only_a_leading_tilde_of_its_own_is_home() {
        let Ok(home) = etcetera::home_dir() else {
            return;
        };
        let home = home.display().to_string();
        assert_eq!(expand_home("~"), home);
        assert_eq!(
            expand_home("~/notes/t.md"),
            std::path::Path::new(&home)
                .join("notes/t.md")
                .display()
                .to_string()
        );
        assert_eq!(expand_home("~ann/t.md"), "~ann/t.md");
        assert_eq!(expand_home("a/~/t.md"), "a/~/t.md");
        assert_eq!(expand_home("/abs/t.md"), "/abs/t.md");
    }
}
