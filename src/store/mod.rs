//! What tactful keeps between runs: the autosaved draft and the phrases the
//! user dismissed. Everything lives in the state directory (XDG:
//! `$XDG_STATE_HOME/tactful`, usually `~/.local/state/tactful`), and every
//! file is written atomically: a temporary file in the same directory,
//! flushed to disk, then renamed over the old one, so a crash leaves either
//! the old file or the new one, never half of each.
//!
//! No terminal here: these are plain functions on paths and values.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use serde::{Deserialize, Serialize};

use crate::engine::Dismissal;

/// The directory tactful keeps its state in, created on demand.
pub fn state_dir() -> anyhow::Result<PathBuf> {
    let base = match std::env::var_os("XDG_STATE_HOME").filter(|v| !v.is_empty()) {
        Some(dir) => PathBuf::from(dir),
        None => {
            use etcetera::BaseStrategy as _;
            etcetera::choose_base_strategy()
                .context("cannot find the home directory for the state directory")?
                .state_dir()
                .context("this platform has no state directory")?
        }
    };
    Ok(base.join("tactful"))
}

/// Writes `bytes` to `path` atomically: a temporary file beside it, synced,
/// then renamed over `path`.
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

/// Where the thread of a draft came from, so a restored draft can reopen it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Origin {
    /// The built-in sample thread.
    Sample,
    /// A thread file.
    File { path: PathBuf },
    /// Text pasted in (or read from standard input).
    Pasted { text: String },
}

/// A draft in progress, as autosaved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Autosave {
    pub version: u32,
    pub origin: Origin,
    /// The thread's title, for the restore question.
    pub title: Option<String>,
    /// 0-based index of the message being answered.
    pub answering: usize,
    pub intent: Option<String>,
    pub notes: String,
    pub draft: String,
    /// Seconds since the Unix epoch when it was saved.
    pub saved_at: u64,
}

impl Autosave {
    pub const VERSION: u32 = 1;
}

/// A dismissal with the reason the user gave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dismissed {
    #[serde(flatten)]
    pub dismissal: Dismissal,
    /// "meant it", "wrong here", or nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct DismissalsFile {
    version: u32,
    dismissed: Vec<Dismissed>,
}

/// The state files in one directory.
#[derive(Debug, Clone)]
pub struct Store {
    dir: PathBuf,
}

impl Store {
    /// The store in the user's state directory.
    pub fn open() -> anyhow::Result<Store> {
        Ok(Store { dir: state_dir()? })
    }

    /// A store in any directory (tests).
    pub fn at(dir: impl Into<PathBuf>) -> Store {
        Store { dir: dir.into() }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn draft_path(&self) -> PathBuf {
        self.dir.join("draft.json")
    }

    fn dismissals_path(&self) -> PathBuf {
        self.dir.join("dismissals.json")
    }

    /// Saves the draft in progress.
    pub fn save_draft(&self, draft: &Autosave) -> anyhow::Result<()> {
        let json = serde_json::to_vec_pretty(draft)?;
        write_atomic(&self.draft_path(), &json)
    }

    /// The autosaved draft, if there is one with text in it. An unreadable
    /// file is treated as absent (it will be overwritten by the next save).
    pub fn load_draft(&self) -> Option<Autosave> {
        let bytes = std::fs::read(self.draft_path()).ok()?;
        let draft: Autosave = serde_json::from_slice(&bytes).ok()?;
        (!draft.draft.trim().is_empty()).then_some(draft)
    }

    /// Forgets the autosaved draft (it was saved where the user wanted it).
    pub fn clear_draft(&self) -> anyhow::Result<()> {
        match std::fs::remove_file(self.draft_path()) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e.into()),
            _ => Ok(()),
        }
    }

    /// Every remembered dismissal.
    pub fn load_dismissals(&self) -> Vec<Dismissed> {
        std::fs::read(self.dismissals_path())
            .ok()
            .and_then(|b| serde_json::from_slice::<DismissalsFile>(&b).ok())
            .map(|f| f.dismissed)
            .unwrap_or_default()
    }

    /// Replaces the remembered dismissals.
    pub fn save_dismissals(&self, dismissed: &[Dismissed]) -> anyhow::Result<()> {
        let file = DismissalsFile {
            version: 1,
            dismissed: dismissed.to_vec(),
        };
        write_atomic(&self.dismissals_path(), &serde_json::to_vec_pretty(&file)?)
    }
}

/// Seconds since the Unix epoch.
pub fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Autosave {
        Autosave {
            version: Autosave::VERSION,
            origin: Origin::Sample,
            title: Some("t".into()),
            answering: 2,
            intent: Some("de-escalate".into()),
            notes: "they are tired".into(),
            draft: "Hello there".into(),
            saved_at: 1,
        }
    }

    #[test]
    fn a_saved_draft_comes_back() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path().join("tactful"));
        assert_eq!(store.load_draft(), None);
        store.save_draft(&sample()).unwrap();
        assert_eq!(store.load_draft(), Some(sample()));
        store.clear_draft().unwrap();
        assert_eq!(store.load_draft(), None);
        store.clear_draft().unwrap();
    }

    #[test]
    fn an_empty_draft_is_not_offered() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path());
        store
            .save_draft(&Autosave {
                draft: "  \n".into(),
                ..sample()
            })
            .unwrap();
        assert_eq!(store.load_draft(), None);
    }

    #[test]
    fn dismissals_round_trip_with_reasons() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path());
        let d = vec![Dismissed {
            dismissal: Dismissal::new("escalation.absolute", "You ALWAYS"),
            reason: Some("meant it".into()),
        }];
        store.save_dismissals(&d).unwrap();
        assert_eq!(store.load_dismissals(), d);
    }

    #[test]
    fn atomic_write_replaces_and_leaves_no_temp_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.md");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "two");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
