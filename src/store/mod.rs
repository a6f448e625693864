//! What tactful keeps between runs: the autosaved drafts and the phrases the
//! user dismissed. Everything lives in the state directory (XDG:
//! `$XDG_STATE_HOME/tactful`, usually `~/.local/state/tactful`), and every
//! file is written atomically: a temporary file in the same directory,
//! flushed to disk, then renamed over the old one, so a crash leaves either
//! the old file or the new one, never half of each.
//!
//! A draft belongs to the thread and the message it answers: each is kept
//! in `drafts/KEY.json`, where KEY is the thread's key (the caller's
//! stable hash of what identifies the thread and the answered message, see
//! `ThreadData::key` in the terminal flow), so that opening a thread is
//! offered only its own draft. Drafts saved by tactful before this scheme
//! (one `draft.json` for every thread) are read by [`Store::legacy_draft`]
//! and moved into the new place by the flow once it knows their thread.
//!
//! No terminal here: these are plain functions on paths and values.

pub mod journal;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use tactful_engine::Dismissal;

// The reply flow saves through these: one definition each, in `files`.
pub use crate::files::{now, write_atomic};

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
    /// The key of the thread and message it answers (hex); empty in drafts
    /// saved before version 2.
    #[serde(default)]
    pub thread_key: String,
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
    /// 2: one file per thread, with `thread_key`.
    pub const VERSION: u32 = 2;
}

/// Whether `key` can name a file: a thread key is hex, and nothing else is
/// let near a path.
fn valid_key(key: &str) -> bool {
    !key.is_empty() && key.len() <= 64 && key.bytes().all(|b| b.is_ascii_hexdigit())
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
        Ok(Store {
            dir: crate::files::dir(crate::files::Base::State)?,
        })
    }

    /// A store in any directory (tests).
    pub fn at(dir: impl Into<PathBuf>) -> Store {
        Store { dir: dir.into() }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Where tactful before version 2 kept its one draft.
    fn legacy_path(&self) -> PathBuf {
        self.dir.join("draft.json")
    }

    fn drafts_dir(&self) -> PathBuf {
        self.dir.join("drafts")
    }

    fn draft_path(&self, key: &str) -> anyhow::Result<PathBuf> {
        anyhow::ensure!(valid_key(key), "not a thread key: \"{key}\"");
        Ok(self.drafts_dir().join(format!("{key}.json")))
    }

    fn dismissals_path(&self) -> PathBuf {
        self.dir.join("dismissals.json")
    }

    /// Saves the draft in progress whole, under its thread's key (any
    /// journal of changes to an older save is done with).
    pub fn save_draft(&self, draft: &Autosave) -> anyhow::Result<()> {
        let path = self.draft_path(&draft.thread_key)?;
        let json = serde_json::to_vec_pretty(draft)?;
        write_atomic(&path, &json)?;
        remove_if_there(&path.with_extension("journal"))
    }

    /// Saves the draft whole and starts a journal of its changes beside
    /// it (see [`journal`]): [`DraftJournal::record`] then keeps every
    /// change as it is made.
    pub fn begin_journal(&self, draft: &Autosave) -> anyhow::Result<DraftJournal> {
        let path = self.draft_path(&draft.thread_key)?;
        let json = serde_json::to_vec_pretty(draft)?;
        write_atomic(&path, &json)?;
        Ok(DraftJournal {
            key: draft.thread_key.clone(),
            journal: journal::Journal::begin(
                &path.with_extension("journal"),
                &json,
                journaled(draft).map(str::to_string).to_vec(),
            )?,
        })
    }

    /// The autosaved draft for the thread with this key, if there is one
    /// with text in it. An unreadable file is treated as absent (it will be
    /// overwritten by the next save).
    pub fn load_draft_for(&self, key: &str) -> Option<Autosave> {
        read_draft(&self.draft_path(key).ok()?).filter(|d| d.thread_key == key)
    }

    /// The most recently saved draft of any thread (for the home screen,
    /// where no thread is open yet).
    pub fn load_draft(&self) -> Option<Autosave> {
        self.drafts().into_iter().next()
    }

    /// Every autosaved draft with text in it, the newest first.
    pub fn drafts(&self) -> Vec<Autosave> {
        let Ok(dir) = std::fs::read_dir(self.drafts_dir()) else {
            return Vec::new();
        };
        let mut out: Vec<Autosave> = dir
            .filter_map(|e| e.ok())
            .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
            .filter_map(|e| read_draft(&e.path()))
            .filter(|d| valid_key(&d.thread_key))
            .collect();
        out.sort_by(|a, b| {
            b.saved_at
                .cmp(&a.saved_at)
                .then_with(|| a.thread_key.cmp(&b.thread_key))
        });
        out
    }

    /// Moves a draft to the message it now answers (`carried`, already
    /// keyed for it) from the one it answered (`from`: that key and
    /// message). Where a different draft is already saved for the new
    /// message, nothing is overwritten: the carried draft stays saved for
    /// the message it answered, and the one found is returned.
    pub fn take_draft(
        &self,
        carried: &Autosave,
        from: Option<(&str, usize)>,
    ) -> anyhow::Result<Option<Autosave>> {
        let existing = self
            .load_draft_for(&carried.thread_key)
            .filter(|d| d.draft.trim() != carried.draft.trim());
        if let Some(existing) = existing {
            if let Some((key, answering)) = from.filter(|(k, _)| *k != carried.thread_key) {
                self.save_draft(&Autosave {
                    thread_key: key.to_string(),
                    answering,
                    ..carried.clone()
                })?;
            }
            return Ok(Some(existing));
        }
        self.save_draft(carried)?;
        if let Some((key, _)) = from.filter(|(k, _)| *k != carried.thread_key) {
            self.clear_draft(key)?;
        }
        Ok(None)
    }

    /// Forgets the autosaved draft of a thread (it was saved where the
    /// user wanted it), and its journal.
    pub fn clear_draft(&self, key: &str) -> anyhow::Result<()> {
        let path = self.draft_path(key)?;
        remove_if_there(&path.with_extension("journal"))?;
        remove_if_there(&path)
    }

    /// A draft saved by tactful before drafts were kept per thread, if
    /// there is a readable one with text in it. It has no thread key: the
    /// caller finds its thread from its origin and saves it again with one
    /// ([`Store::save_draft`], then [`Store::forget_legacy_draft`]).
    pub fn legacy_draft(&self) -> Option<Autosave> {
        read_draft(&self.legacy_path())
    }

    /// Removes the draft of the old scheme (after it was saved anew).
    pub fn forget_legacy_draft(&self) -> anyhow::Result<()> {
        remove_if_there(&self.legacy_path())
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

/// The fields of a draft its journal keeps: the draft, the notes and the
/// aim (empty for none).
fn journaled(d: &Autosave) -> [&str; 3] {
    [&d.draft, &d.notes, d.intent.as_deref().unwrap_or("")]
}

/// A draft's journal being written, for the thread with this key.
#[derive(Debug)]
pub struct DraftJournal {
    key: String,
    journal: journal::Journal,
}

impl DraftJournal {
    /// The key of the thread whose draft this journal keeps.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// Appends what changed in the draft, its notes or its aim since the
    /// last record (one write, not synced: see [`journal`]).
    pub fn record(&mut self, draft: &Autosave) -> anyhow::Result<()> {
        self.journal.record(&journaled(draft), now())
    }
}

/// A draft as saved whole, with the changes its journal holds replayed.
fn read_draft(path: &Path) -> Option<Autosave> {
    let bytes = std::fs::read(path).ok()?;
    let mut draft: Autosave = serde_json::from_slice(&bytes).ok()?;
    let mut fields = journaled(&draft).map(str::to_string);
    if let Some(at) = journal::replay(&path.with_extension("journal"), &bytes, &mut fields) {
        let [text, notes, intent] = fields;
        draft.draft = text;
        draft.notes = notes;
        draft.intent = (!intent.is_empty()).then_some(intent);
        draft.saved_at = draft.saved_at.max(at);
    }
    (!draft.draft.trim().is_empty()).then_some(draft)
}

fn remove_if_there(path: &Path) -> anyhow::Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e.into()),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Autosave {
        Autosave {
            version: Autosave::VERSION,
            thread_key: "00ff".into(),
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
        assert_eq!(store.load_draft_for("00ff"), Some(sample()));
        store.clear_draft("00ff").unwrap();
        assert_eq!(store.load_draft(), None);
        store.clear_draft("00ff").unwrap();
    }

    #[test]
    fn each_thread_keeps_its_own_draft_and_the_newest_comes_first() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path());
        let a = sample();
        let b = Autosave {
            thread_key: "abc1".into(),
            draft: "For the other thread".into(),
            saved_at: 5,
            ..sample()
        };
        store.save_draft(&a).unwrap();
        store.save_draft(&b).unwrap();
        assert_eq!(store.load_draft_for("00ff"), Some(a.clone()));
        assert_eq!(store.load_draft_for("abc1"), Some(b.clone()));
        assert_eq!(store.load_draft_for("1234"), None);
        assert_eq!(store.drafts(), vec![b.clone(), a]);
        assert_eq!(store.load_draft(), Some(b));
    }

    #[test]
    fn a_key_that_is_not_hex_never_names_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path());
        let bad = Autosave {
            thread_key: "../../etc/passwd".into(),
            ..sample()
        };
        assert!(store.save_draft(&bad).is_err());
        assert_eq!(store.load_draft_for("../x"), None);
        assert!(store.clear_draft("").is_err());
    }

    #[test]
    fn a_draft_of_the_old_scheme_is_still_read() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path());
        // As tactful 0.1 wrote it: version 1, no thread key, one file.
        let old = r#"{"version":1,"origin":{"kind":"file","path":"/t/thread.md"},
            "title":"Build broke","answering":1,"intent":null,"notes":"",
            "draft":"Sorry about the build.","saved_at":7}"#;
        std::fs::write(dir.path().join("draft.json"), old).unwrap();
        let d = store.legacy_draft().expect("the old draft is readable");
        assert_eq!(d.thread_key, "");
        assert_eq!(d.draft, "Sorry about the build.");
        assert_eq!(d.answering, 1);
        // It is not among the keyed drafts until it has a key.
        assert_eq!(store.load_draft(), None);
        store
            .save_draft(&Autosave {
                thread_key: "beef".into(),
                ..d
            })
            .unwrap();
        store.forget_legacy_draft().unwrap();
        assert_eq!(store.legacy_draft(), None);
        assert_eq!(
            store.load_draft_for("beef").unwrap().draft,
            "Sorry about the build."
        );
        // A garbled old file is ignored, not fatal.
        std::fs::write(dir.path().join("draft.json"), "{not json").unwrap();
        assert_eq!(store.legacy_draft(), None);
    }

    #[test]
    fn every_change_journaled_after_a_whole_save_comes_back() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path());
        let mut j = store.begin_journal(&sample()).unwrap();
        for (text, intent) in [
            ("Hello there, Ann.", Some("de-escalate")),
            ("Hello there, Ann. I hear", Some("understand")),
        ] {
            j.record(&Autosave {
                draft: text.into(),
                intent: intent.map(str::to_string),
                ..sample()
            })
            .unwrap();
        }
        // As a process killed now leaves it: the whole save and the journal.
        drop(j);
        let back = store.load_draft_for("00ff").unwrap();
        assert_eq!(back.draft, "Hello there, Ann. I hear");
        assert_eq!(back.intent.as_deref(), Some("understand"));
        assert_eq!(back.notes, "they are tired");
        assert!(back.saved_at > 1, "the time of the last change");
        // A whole save supersedes the journal; forgetting the draft
        // forgets both.
        store.save_draft(&sample()).unwrap();
        assert_eq!(store.load_draft_for("00ff"), Some(sample()));
        assert!(!dir.path().join("drafts/00ff.journal").exists());
        let mut j = store.begin_journal(&sample()).unwrap();
        j.record(&Autosave {
            draft: "More".into(),
            ..sample()
        })
        .unwrap();
        store.clear_draft("00ff").unwrap();
        assert_eq!(store.load_draft_for("00ff"), None);
        assert_eq!(
            std::fs::read_dir(dir.path().join("drafts"))
                .unwrap()
                .count(),
            0
        );
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
}
