//! The guided flow's state: the [`Model`], the messages that change it
//! ([`Msg`]) and what the run loop should do ([`Effect`]). `update/`
//! applies the messages, one file per step, and returns effects as values;
//! nothing here touches the terminal, the clock or the file system, so
//! every step of the flow is tested as plain function calls.

use std::path::PathBuf;
use std::sync::Arc;

use crossterm::event::KeyEvent;

use super::keymap::{Action, Place};
use crate::store::{Autosave, Dismissed, Origin};
use crate::thread::choose::{Choice, Why};
use crate::tui::widgets::editor::Editor;
use crate::tui::widgets::review::{self as rv, Review, Reviewed};
pub use crate::tui::widgets::review::{Item, ReviewUndo, Revision, changes, flag_counts};
use crate::tui::widgets::thread_view::{Hit, Scroll, ThreadData, ThreadView};
use crate::tui::widgets::words::{Flow, flow};
use tactful_engine::{Analysis, Context, Dismissal, Engine, Finding};

/// The steps of the flow, and the home screen before them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Home,
    Read,
    Intent,
    Draft,
    Review,
    Finish,
}

impl Screen {
    /// The steps shown in the header.
    pub const STEPS: [Screen; 5] = [
        Screen::Read,
        Screen::Intent,
        Screen::Draft,
        Screen::Review,
        Screen::Finish,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Screen::Home => "Home",
            Screen::Read => "Read",
            Screen::Intent => "Intent",
            Screen::Draft => "Draft",
            Screen::Review => "Review",
            Screen::Finish => "Finish",
        }
    }
}

/// What a path typed in is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathPurpose {
    OpenThread,
    SaveReply,
}

/// Something shown over the current screen that takes the keys.
#[derive(Debug, Clone)]
pub enum Overlay {
    Help,
    ConfirmQuit,
    Restore(Box<Autosave>),
    PathInput {
        purpose: PathPurpose,
        input: Editor,
        error: Option<String>,
        /// What Tab found when it could not finish the path alone.
        hint: Option<String>,
    },
    Paste {
        input: Editor,
        error: Option<String>,
    },
    /// Asking why a finding is dismissed (its index in the analysis).
    Dismiss(usize),
    /// Flags remain; the action the user asked for waits for a yes.
    Nudge(Action),
    /// Blanks (`___`) are unfilled; the action waits for a yes.
    Blanks(Action),
    /// Quitting from Finish with a reply not yet saved or printed: print
    /// it (or save it to `--out`), quit without it, or stay.
    QuitWithReply,
    /// Answering this message (its index) while a draft answers another:
    /// take the draft along, or start a new one.
    Reanswer(usize),
}

/// Searching the thread in the Read step: what is typed, what it finds,
/// and which match is current.
#[derive(Debug, Clone)]
pub struct Search {
    pub input: Editor,
    pub hits: Vec<Hit>,
    pub current: Option<usize>,
    /// The message under the cursor when the search began: typing finds
    /// the first match from there on.
    pub from: usize,
}

/// Everything the flow knows.
#[derive(Debug)]
pub struct Model {
    pub engine: Arc<Engine>,
    pub flow: &'static Flow,
    pub screen: Screen,
    pub overlay: Option<Overlay>,
    /// The overlay under the help overlay, restored when help closes.
    pub under_help: Option<Overlay>,
    /// First row of the help shown.
    pub help_scroll: usize,
    pub home_cursor: usize,
    pub thread: Option<ThreadView>,
    pub origin: Option<Origin>,
    /// The key the open thread's draft is autosaved under
    /// ([`ThreadData::key`]).
    pub thread_key: Option<String>,
    /// A draft being restored whose thread file is loading.
    pub pending_restore: Option<Box<Autosave>>,
    /// The message under the cursor in the Read step.
    pub read_cursor: usize,
    /// Where the Read step's thread starts; `None` until the person scrolls,
    /// which shows the cursor's message (the view works it out).
    pub read_scroll: Option<Scroll>,
    pub search: Option<Search>,
    pub draft_scroll: Option<Scroll>,
    pub notes: Editor,
    pub notes_focus: bool,
    pub intent: Option<String>,
    pub intent_cursor: usize,
    pub editor: Editor,
    pub live: bool,
    pub show_thread: bool,
    /// The last live check and the draft version it read.
    pub live_result: Option<(u64, Analysis)>,
    pub live_requested: u64,
    /// The review: the current check, the selection, what can be undone,
    /// every check kept.
    pub review: Review,
    pub dismissed: Vec<Dismissed>,
    pub checklist: Vec<bool>,
    /// First row of the Finish screen shown, and the last row it can start
    /// at (set by the view, for scrolling).
    pub finish_scroll: usize,
    pub finish_max: std::cell::Cell<usize>,
    /// `--out`, if given.
    pub out: Option<PathBuf>,
    /// The draft version last saved or printed.
    pub saved_version: Option<u64>,
    /// Whether a reply left tactful this session (saved, printed or
    /// copied): the exit status says so.
    pub replied: bool,
    /// The draft version last copied with `c` on Finish: quitting after
    /// it asks nothing (it stays autosaved, as a terminal may refuse the
    /// copy).
    pub copied_version: Option<u64>,
    /// Quit once the save under way succeeds.
    pub quit_after_save: bool,
    pub autosaved: (u64, u64, Option<String>),
    pub status: Option<String>,
    /// Terminal size, for layouts that update needs (page sizes, wrapping).
    pub size: (u16, u16),
    /// Whether to draw in colour (off with `NO_COLOR`).
    pub color: bool,
    /// Practice or a workshop, chosen on the home screen: opened by the
    /// run loop once this flow has quit.
    pub launch: Option<crate::tui::practice::run::Launch>,
}

/// An input to the flow.
#[derive(Debug, Clone)]
pub enum Msg {
    Key(KeyEvent),
    Paste(String),
    /// Mouse wheel: rows, positive down; the column and row of the pointer.
    Scroll(i16, u16, u16),
    Resize(u16, u16),
    /// No input for a moment: time for autosave and live checks.
    Idle,
    Analyzed(u64, Box<Analysis>),
    ThreadLoaded(Result<(ThreadData, Origin), String>),
    /// The autosaved drafts found for the thread just opened or the
    /// message just answered (see [`Effect::FindDraft`]).
    DraftsFound {
        drafts: Vec<Autosave>,
        any_message: bool,
    },
    /// The message a draft was to be taken to has a draft of its own,
    /// kept: this one. The draft taken along stays saved where it was.
    TakeRefused(Box<Autosave>),
    /// The entries of a directory (name, whether it is a directory), for
    /// completing the path `input`.
    Listed {
        input: String,
        entries: Result<Vec<(String, bool)>, String>,
    },
    Saved(Result<PathBuf, String>),
    /// What tactful keeps for you (the autosave, a dismissal) could not be
    /// written: said on the status line.
    KeepFailed(String),
    Copied,
}

/// What the run loop should do.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Analyse the draft off the key path and send back `Msg::Analyzed`.
    Analyze {
        version: u64,
        text: String,
        answering: Option<String>,
        intent: Option<String>,
        dismissed: Vec<Dismissal>,
    },
    Autosave(Box<Autosave>),
    /// Forget the autosaved draft of the thread with this key.
    ClearAutosave(String),
    /// Look for the autosaved draft with this key, or with
    /// `any_message` every draft (those of this thread's other messages
    /// among them), and send them back in `Msg::DraftsFound`.
    FindDraft {
        key: String,
        any_message: bool,
    },
    /// Save the draft for the message it now answers and forget it where
    /// it was (`from`: that key and message), unless the new message has
    /// a draft of its own: then send back `Msg::TakeRefused`.
    TakeAlong {
        carried: Box<Autosave>,
        from: Option<(String, usize)>,
    },
    /// List a directory for Tab completion of `input`, and send back
    /// `Msg::Listed`.
    ListDir {
        dir: PathBuf,
        input: String,
    },
    SaveDismissals(Vec<Dismissed>),
    LoadThread(PathBuf),
    Save {
        path: PathBuf,
        text: String,
    },
    /// Copy to the clipboard with OSC 52.
    Copy(String),
    /// Quit, then print this on standard output.
    Print(String),
    Quit,
}

impl Model {
    pub fn new(engine: Arc<Engine>) -> Model {
        let flow = flow();
        Model {
            engine,
            flow,
            screen: Screen::Home,
            overlay: None,
            under_help: None,
            help_scroll: 0,
            home_cursor: 0,
            thread: None,
            origin: None,
            thread_key: None,
            pending_restore: None,
            read_cursor: 0,
            read_scroll: None,
            search: None,
            draft_scroll: None,
            notes: Editor::default(),
            notes_focus: false,
            intent: None,
            intent_cursor: 0,
            editor: draft_editor(""),
            live: true,
            show_thread: true,
            live_result: None,
            live_requested: 0,
            review: Review::default(),
            dismissed: Vec::new(),
            checklist: vec![false; flow.finish.checklist.len()],
            finish_scroll: 0,
            finish_max: std::cell::Cell::new(0),
            out: None,
            saved_version: None,
            replied: false,
            copied_version: None,
            quit_after_save: false,
            autosaved: (0, 0, None),
            status: None,
            size: (80, 24),
            color: true,
            launch: None,
        }
    }

    /// Opens a thread and goes to the read step. When the message to
    /// answer is the importer's default, it is chosen from what the engine
    /// reads in the thread, and the status line says why.
    pub fn open_thread(&mut self, mut data: ThreadData, origin: Origin) {
        let chosen = data
            .default_answer
            .then(|| crate::reading::choose_in(&self.engine, &data.messages));
        if let Some(c) = &chosen {
            data.answering = c.message;
            data.default_answer = false;
        }
        self.thread_key = Some(data.key());
        self.read_cursor = data.answering;
        self.thread = Some(ThreadView::new(data));
        self.origin = Some(origin);
        self.read_scroll = None;
        self.search = None;
        self.draft_scroll = None;
        self.screen = Screen::Read;
        self.overlay = None;
        // Where replies branch, which message is answered is a choice: say
        // why (the last message of a linear thread needs no word).
        if let Some(c) = chosen.filter(|c| c.why != [Why::Last])
            && self.status.is_none()
        {
            self.status = Some(self.why_chosen(&c));
        }
    }

    /// Of the autosaved `drafts`, the one for the open thread: the one for
    /// the message answered, else (with `any_message`) the latest written
    /// for another message of this thread, so that a draft is found again
    /// when the thread, exported anew, would open on another message.
    pub fn draft_of_this_thread(
        &self,
        drafts: Vec<Autosave>,
        any_message: bool,
    ) -> Option<Autosave> {
        let key = self.thread_key.as_deref()?;
        let t = self.thread.as_ref()?;
        let mut others = None;
        for d in drafts {
            if d.thread_key == key {
                return Some(d);
            }
            if any_message
                && others.is_none()
                && d.answering < t.data.messages.len()
                && t.data.key_of(d.answering) == d.thread_key
            {
                others = Some(d);
            }
        }
        others
    }

    /// Why the message answered was chosen, for the status line.
    pub fn why_chosen(&self, c: &Choice) -> String {
        crate::tui::widgets::words::why_chosen(self.flow, &self.who(c.message), c)
    }

    /// Forgets the draft and everything about it (a new thread starts
    /// fresh): text, notes, aim, checks, checklist.
    pub fn reset_draft(&mut self) {
        self.editor = draft_editor("");
        self.notes = Editor::default();
        self.notes_focus = false;
        self.intent = None;
        self.intent_cursor = 0;
        self.live_result = None;
        self.live_requested = 0;
        self.review.clear();
        self.checklist = vec![false; self.flow.finish.checklist.len()];
        self.finish_scroll = 0;
        self.saved_version = None;
        self.copied_version = None;
        self.autosaved = (self.editor.version(), self.notes.version(), None);
    }

    /// Offers an autosaved draft back.
    pub fn offer_restore(&mut self, saved: Autosave) {
        self.overlay = Some(Overlay::Restore(Box::new(saved)));
    }

    /// Where the keys go now.
    pub fn place(&self) -> Place {
        match &self.overlay {
            Some(Overlay::Help) => Place::Help,
            Some(Overlay::ConfirmQuit) => Place::ConfirmQuit,
            Some(Overlay::Restore(_)) => Place::Restore,
            Some(Overlay::PathInput { .. }) => Place::PathInput,
            Some(Overlay::Paste { .. }) => Place::Paste,
            Some(Overlay::Dismiss(_)) => Place::Dismiss,
            Some(Overlay::Nudge(_)) => Place::Nudge,
            Some(Overlay::Blanks(_)) => Place::Blanks,
            Some(Overlay::QuitWithReply) => Place::QuitWithReply,
            Some(Overlay::Reanswer(_)) => Place::Reanswer,
            None => self.screen_keys(),
        }
    }

    /// Where the keys go on the current screen, overlays aside.
    pub fn screen_keys(&self) -> Place {
        if self.screen == Screen::Read && self.search.is_some() && !self.notes_focus {
            return Place::Search;
        }
        Model::screen_place(self.screen, self.notes_focus)
    }

    /// Where the keys go on a screen with no overlay.
    pub fn screen_place(screen: Screen, notes_focus: bool) -> Place {
        match screen {
            Screen::Home => Place::Home,
            Screen::Read if notes_focus => Place::Notes,
            Screen::Read => Place::Read,
            Screen::Intent => Place::Intent,
            Screen::Draft => Place::Draft,
            Screen::Review => Place::Review,
            Screen::Finish => Place::Finish,
        }
    }

    pub fn theme(&self) -> crate::tui::widgets::theme::Theme {
        crate::tui::widgets::theme::Theme { color: self.color }
    }

    /// The intents offered (all but `default`).
    pub fn intents(&self) -> Vec<&tactful_engine::rules::Intent> {
        self.engine
            .library()
            .intents
            .iter()
            .filter(|i| i.id != "default")
            .collect()
    }

    /// Whether the draft has text that is not saved anywhere but the autosave.
    pub fn unsaved(&self) -> bool {
        !self.editor.is_blank() && self.saved_version != Some(self.editor.version())
    }

    pub(crate) fn answering_text(&self) -> Option<String> {
        self.thread
            .as_ref()
            .and_then(|t| t.data.answered())
            .map(|m| m.body.clone())
    }

    pub(crate) fn dismissals(&self) -> Vec<Dismissal> {
        self.dismissed.iter().map(|d| d.dismissal.clone()).collect()
    }

    /// The lines of the review list, grouped by dimension.
    pub fn review_items(&self) -> Vec<Item> {
        self.review.items()
    }

    /// The selected line of the review list.
    pub fn selected_item(&self) -> Option<Item> {
        self.review.selected_item()
    }

    /// The finding selected in the review.
    pub fn selected_finding(&self) -> Option<&Finding> {
        self.review.selected_finding()
    }

    /// The check before the current one, for "what changed".
    pub fn previous_revision(&self) -> Option<&Revision> {
        self.review.previous_revision()
    }

    /// The heated words of the message answered (their first part), worst
    /// first.
    pub fn their_heat(&self) -> Vec<String> {
        self.thread
            .as_ref()
            .map(|t| t.heated_phrases(&self.engine, t.data.answering))
            .unwrap_or_default()
    }

    /// Who wrote message `i`, as the flow names them.
    pub fn who(&self, i: usize) -> String {
        self.thread
            .as_ref()
            .and_then(|t| t.data.messages.get(i))
            .and_then(|msg| msg.author.clone())
            .map(|a| crate::tui::widgets::wrap::clean(&a))
            .unwrap_or_else(|| format!("message {}", i + 1))
    }

    /// The draft as it would be autosaved (`saved_at` left at 0).
    pub fn autosave_value(&self) -> Option<Autosave> {
        let thread = self.thread.as_ref()?;
        Some(Autosave {
            version: Autosave::VERSION,
            thread_key: self.thread_key.clone()?,
            origin: self.origin.clone()?,
            title: thread.data.title.clone(),
            answering: thread.data.answering,
            intent: self.intent.clone(),
            notes: self.notes.text(),
            draft: self.editor.text(),
            saved_at: 0,
        })
    }

    pub(crate) fn check(&mut self) {
        rv::check(self);
    }

    pub(crate) fn enter_review(&mut self) {
        rv::start(self);
        self.screen = Screen::Review;
    }

    /// The unfilled blanks (`___`) of the draft, as byte spans.
    pub fn blanks(&self) -> Vec<std::ops::Range<usize>> {
        tactful_engine::blanks::blank_spans(&self.editor.text())
    }

    pub(crate) fn flags_left(&self) -> usize {
        self.review.flags_left()
    }
}

impl Reviewed for Model {
    fn review(&self) -> &Review {
        &self.review
    }
    fn review_mut(&mut self) -> &mut Review {
        &mut self.review
    }
    fn editor(&self) -> &Editor {
        &self.editor
    }
    fn editor_mut(&mut self) -> &mut Editor {
        &mut self.editor
    }
    fn analyze(&self, text: &str) -> Analysis {
        let answering = self.answering_text();
        let dismissed = self.dismissals();
        self.engine.analyze(
            text,
            &Context {
                answering: answering.as_deref(),
                intent: self.intent.as_deref(),
                dismissed: &dismissed,
            },
        )
    }
    fn library(&self) -> &tactful_engine::rules::Library {
        self.engine.library()
    }
    fn intent(&self) -> Option<&str> {
        self.intent.as_deref()
    }
}

/// The draft editor, with its placeholder.
pub fn draft_editor(text: &str) -> Editor {
    Editor::new(text).with_placeholder("Start typing your reply…")
}
