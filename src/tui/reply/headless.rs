//! The whole flow without a terminal: messages in, effects carried out on
//! the spot (analysis inline, files in the given store), frames drawn on a
//! `TestBackend`. Tests and benchmarks drive tactful through this.

use std::sync::Arc;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::model::{Effect, Model, Msg};
use super::update::update;
use crate::store::{Origin, Store};
use crate::tui::widgets::thread_view::{self, ThreadData};
use tactful_engine::{AnalysisCache, Context, Engine};

/// A flow driven by plain function calls.
pub struct Headless {
    pub model: Model,
    /// Where autosaves, dismissals and saved replies go (none: dropped).
    pub store: Option<Store>,
    /// Every effect `update` asked for, in order.
    pub effects: Vec<Effect>,
    /// Set when the flow quit: with the text to print, if any.
    pub quit: Option<Option<String>>,
    /// Text sent to the clipboard.
    pub copied: Vec<String>,
    /// Whether live checks run when asked (off: they are left pending,
    /// as they would be while a worker thread is busy).
    pub run_live_checks: bool,
    /// Paragraphs read by the last live check, as the run loop keeps them.
    cache: AnalysisCache,
}

impl Headless {
    pub fn new(engine: Arc<Engine>) -> Headless {
        let mut model = Model::new(engine);
        model.color = false;
        Headless {
            model,
            store: None,
            effects: Vec::new(),
            quit: None,
            copied: Vec::new(),
            run_live_checks: true,
            cache: AnalysisCache::default(),
        }
    }

    /// On the read step of the sample thread.
    pub fn sample(engine: Arc<Engine>) -> Headless {
        let mut h = Headless::new(engine);
        h.model.open_thread(thread_view::sample(), Origin::Sample);
        h
    }

    /// On the read step of any thread.
    pub fn with_thread(engine: Arc<Engine>, thread: ThreadData) -> Headless {
        let mut h = Headless::new(engine);
        h.model.open_thread(thread, Origin::Sample);
        h
    }

    /// Sends a message and carries out what it asks for.
    pub fn send(&mut self, msg: Msg) {
        let mut queue = vec![msg];
        while let Some(msg) = queue.pop() {
            for effect in update(&mut self.model, msg) {
                self.effects.push(effect.clone());
                if let Some(next) = self.perform(effect) {
                    queue.push(next);
                }
            }
        }
    }

    fn perform(&mut self, effect: Effect) -> Option<Msg> {
        match effect {
            Effect::Analyze {
                version,
                text,
                answering,
                intent,
                dismissed,
            } => {
                if !self.run_live_checks {
                    return None;
                }
                let a = self.model.engine.analyze_incremental(
                    &text,
                    &Context {
                        answering: answering.as_deref(),
                        intent: intent.as_deref(),
                        dismissed: &dismissed,
                    },
                    &mut self.cache,
                );
                Some(Msg::Analyzed(version, Box::new(a)))
            }
            Effect::Autosave(save) => self
                .store
                .as_ref()
                .and_then(|s| s.save_draft(&save).err())
                .map(|e| Msg::KeepFailed(format!("Autosave failed: {e:#}"))),
            Effect::ClearAutosave(key) => {
                if let Some(s) = &self.store {
                    let _ = s.clear_draft(&key);
                }
                None
            }
            Effect::ListDir { dir, input } => Some(Msg::Listed {
                input,
                entries: super::run::list_dir(&dir),
            }),
            Effect::TakeAlong { carried, from } => {
                let from = from.as_ref().map(|(k, a)| (k.as_str(), *a));
                self.store
                    .as_ref()
                    .and_then(|s| s.take_draft(&carried, from).ok().flatten())
                    .map(|existing| Msg::TakeRefused(Box::new(existing)))
            }
            Effect::FindDraft { key, any_message } => Some(Msg::DraftsFound {
                drafts: match &self.store {
                    Some(s) if any_message => s.drafts(),
                    Some(s) => s.load_draft_for(&key).into_iter().collect(),
                    None => Vec::new(),
                },
                any_message,
            }),
            Effect::SaveDismissals(d) => self
                .store
                .as_ref()
                .and_then(|s| s.save_dismissals(&d).err())
                .map(|e| {
                    Msg::KeepFailed(format!(
                        "The dismissal holds for this draft, but could not be kept for later ones: {e:#}"
                    ))
                }),
            Effect::LoadThread(path) => Some(Msg::ThreadLoaded(
                thread_view::import_file(&path, None, None).map(|t| (t, Origin::File { path })),
            )),
            Effect::Save { path, text } => Some(Msg::Saved(
                crate::store::write_atomic(&path, text.as_bytes())
                    .map(|_| path)
                    .map_err(|e| format!("{e:#}")),
            )),
            Effect::Copy(text) => {
                self.copied.push(text);
                Some(Msg::Copied)
            }
            Effect::Print(text) => {
                self.quit = Some(Some(text));
                None
            }
            Effect::Quit => {
                self.quit = Some(None);
                None
            }
        }
    }

    /// Presses a key with modifiers.
    pub fn press(&mut self, code: KeyCode, mods: KeyModifiers) {
        self.send(Msg::Key(KeyEvent::new(code, mods)));
    }

    /// Presses a key.
    pub fn key(&mut self, code: KeyCode) {
        self.press(code, KeyModifiers::NONE);
    }

    /// Presses a character key.
    pub fn char(&mut self, c: char) {
        self.key(KeyCode::Char(c));
    }

    /// Presses Ctrl and a letter.
    pub fn ctrl(&mut self, c: char) {
        self.press(KeyCode::Char(c), KeyModifiers::CONTROL);
    }

    /// Types text key by key (`\n` presses Enter).
    pub fn type_text(&mut self, s: &str) {
        for c in s.chars() {
            if c == '\n' {
                self.key(KeyCode::Enter);
            } else {
                self.char(c);
            }
        }
    }

    /// A pause in typing: autosave and live check.
    pub fn idle(&mut self) {
        self.send(Msg::Idle);
    }

    /// Draws a frame of `w`×`h` and returns the terminal.
    pub fn draw(&mut self, w: u16, h: u16) -> Terminal<TestBackend> {
        if self.model.size != (w, h) {
            self.send(Msg::Resize(w, h));
        }
        let mut t = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
        t.draw(|f| super::view::draw(&self.model, f)).expect("draw");
        t
    }

    /// Draws a frame and returns its text, one line per row.
    pub fn screen(&mut self, w: u16, h: u16) -> String {
        let t = self.draw(w, h);
        super::view::text_of(t.backend().buffer())
    }
}
