//! The guided flow as a state machine: the [`Model`], the messages that
//! change it ([`Msg`]), and [`update`], which returns what the run loop
//! should do ([`Effect`]) instead of doing it. Nothing here touches the
//! terminal, the clock or the file system, so every step of the flow is
//! tested as plain function calls.

use std::path::PathBuf;
use std::sync::Arc;

use crossterm::event::KeyEvent;

use crate::store::{Autosave, Dismissed, Origin};
use crate::thread::choose::{Choice, Why};
use crate::tui::widgets::editor::{EditOp, Editor};
use crate::tui::widgets::keymap::{self, Action, Place};
use crate::tui::widgets::review::{self as rv, Outcome, Review, Reviewed};
pub use crate::tui::widgets::review::{Item, ReviewUndo, Revision, changes, flag_counts};
use crate::tui::widgets::thread_view::{self, Hit, Scroll, ThreadData, ThreadView};
use crate::tui::widgets::words::{Flow, fill, flow};
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

    fn answering_text(&self) -> Option<String> {
        self.thread
            .as_ref()
            .and_then(|t| t.data.answered())
            .map(|m| m.body.clone())
    }

    fn dismissals(&self) -> Vec<Dismissal> {
        self.dismissed.iter().map(|d| d.dismissal.clone()).collect()
    }

    /// Analyses the draft now (the review: an explicit request, not typing).
    pub fn analyze_now(&self) -> Analysis {
        Reviewed::analyze(self, &self.editor.text())
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

    /// Rows of the Read step's thread pane (must match the view).
    pub fn read_height(&self) -> usize {
        let body = self
            .size
            .1
            .saturating_sub(2 + u16::from(self.status.is_some())) as usize;
        let notes_h = if self.notes_focus { 7 } else { 4 }.min(body / 2);
        body.saturating_sub(notes_h + 2).max(1)
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

    /// Thread pane width for a screen of this size (must match the view).
    pub fn thread_width(&self) -> usize {
        let (w, _) = self.size;
        match self.screen {
            Screen::Draft if w >= super::view::SIDE_BY_SIDE => {
                (w as usize * 2 / 5).saturating_sub(2)
            }
            _ => (w as usize).saturating_sub(2),
        }
    }

    fn page(&self) -> isize {
        (self.size.1 as isize - 8).max(3)
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

    fn check(&mut self) {
        rv::check(self);
    }

    fn enter_review(&mut self) {
        rv::start(self);
        self.screen = Screen::Review;
    }

    /// The unfilled blanks (`___`) of the draft, as byte spans.
    pub fn blanks(&self) -> Vec<std::ops::Range<usize>> {
        tactful_engine::blanks::blank_spans(&self.editor.text())
    }

    fn flags_left(&self) -> usize {
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

/// Turns a key into what it means here. Unbound keys in a text field type.
pub fn key_to_msg_action(model: &Model, key: &KeyEvent) -> Option<Result<Action, EditOp>> {
    let place = model.place();
    if let Some(a) = keymap::lookup(place, key) {
        return Some(Ok(a));
    }
    if place.takes_text() {
        use crossterm::event::{KeyCode, KeyEventKind, KeyModifiers};
        if key.kind == KeyEventKind::Release {
            return None;
        }
        if let KeyCode::Char(c) = key.code
            && !key
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
        {
            return Some(Err(EditOp::Char(c)));
        }
        if key.code == KeyCode::Tab && place == Place::Draft {
            return Some(Err(EditOp::Char('\t')));
        }
    }
    None
}

/// Applies a message to the model and says what should happen next.
pub fn update(m: &mut Model, msg: Msg) -> Vec<Effect> {
    let mut fx = Vec::new();
    match msg {
        Msg::Key(key) => match key_to_msg_action(m, &key) {
            Some(Ok(action)) => {
                m.status = None;
                action_(m, action, &mut fx);
            }
            Some(Err(op)) => {
                m.status = None;
                edit(m, op, &mut fx)
            }
            None => {}
        },
        Msg::Paste(text) => paste(m, text),
        Msg::Scroll(rows, col, row) => scroll(m, rows, col, row),
        Msg::Resize(w, h) => m.size = (w, h),
        Msg::Idle => idle(m, &mut fx),
        Msg::Analyzed(version, analysis) => {
            m.live_result = Some((version, *analysis));
        }
        Msg::ThreadLoaded(Ok((mut data, origin))) => match m.pending_restore.take() {
            Some(saved) => {
                // The draft answers the message it was saved with, if the
                // file still holds it.
                let chosen = (data.answering, data.default_answer);
                data.answering = saved.answering.min(data.messages.len().saturating_sub(1));
                data.default_answer = false;
                if saved.thread_key == data.key() {
                    enter_thread(m, data, origin, &mut fx);
                    apply_draft(m, &saved);
                } else {
                    (data.answering, data.default_answer) = chosen;
                    switch_thread(m, data, origin, &mut fx);
                    m.status = Some(
                        "That file no longer holds the message your draft answered; \
                         the draft stays saved."
                            .into(),
                    );
                }
            }
            None => switch_thread(m, data, origin, &mut fx),
        },
        Msg::Listed {
            input: typed,
            entries,
        } => {
            if let Some(Overlay::PathInput {
                input, error, hint, ..
            }) = &mut m.overlay
                && input.text() == typed
            {
                match entries {
                    Ok(entries) => {
                        let c = complete_path(&typed, &entries);
                        if let Some(new) = c.text {
                            *input = Editor::new(&new);
                            input.set_cursor_byte(new.len());
                        }
                        *hint = c.hint;
                        *error = None;
                    }
                    Err(e) => *error = Some(e),
                }
            }
        }
        Msg::TakeRefused(existing) => {
            // Both drafts are kept: the one taken along stayed saved for
            // the message it answered; the one found opens here.
            let who = m.who(existing.answering);
            m.reset_draft();
            m.status = Some(fill(&m.flow.answer.kept_both, &[("who", &who)]));
            m.offer_restore(*existing);
        }
        Msg::DraftsFound {
            drafts,
            any_message,
        } => {
            if m.editor.is_blank()
                && m.overlay.is_none()
                && let Some(saved) = m.draft_of_this_thread(drafts, any_message)
            {
                m.offer_restore(saved);
            }
        }
        Msg::ThreadLoaded(Err(e)) => {
            m.pending_restore = None;
            match &mut m.overlay {
                Some(Overlay::PathInput { error, .. }) => *error = Some(e),
                _ => m.status = Some(e),
            }
        }
        Msg::Saved(Ok(path)) => {
            m.saved_version = Some(m.editor.version());
            m.replied = true;
            if std::mem::take(&mut m.quit_after_save) {
                fx.push(Effect::Quit);
            }
            m.status = Some(format!(
                "Saved to {}. Press q to quit, or keep editing.",
                path.display()
            ));
            m.overlay = None;
            if let Some(key) = &m.thread_key {
                fx.push(Effect::ClearAutosave(key.clone()));
            }
        }
        Msg::Saved(Err(e)) => {
            m.quit_after_save = false;
            match &mut m.overlay {
                Some(Overlay::PathInput { error, .. }) => *error = Some(e),
                _ => m.status = Some(e),
            }
        }
        Msg::KeepFailed(e) => m.status = Some(e),
        Msg::Copied => {
            m.status = Some(
                "Copied with OSC 52 (if your terminal allows it). Paste it where it goes.".into(),
            );
        }
    }
    fx
}

fn idle(m: &mut Model, fx: &mut Vec<Effect>) {
    let key = (m.editor.version(), m.notes.version(), m.intent.clone());
    if key != m.autosaved
        && !m.editor.is_blank()
        && let Some(save) = m.autosave_value()
    {
        fx.push(Effect::Autosave(Box::new(save)));
        m.autosaved = key;
    }
    let v = m.editor.version();
    if m.live && m.screen == Screen::Draft && m.live_requested != v && !m.editor.is_blank() {
        m.live_requested = v;
        fx.push(Effect::Analyze {
            version: v,
            text: m.editor.text(),
            answering: m.answering_text(),
            intent: m.intent.clone(),
            dismissed: m.dismissals(),
        });
    }
}

fn paste(m: &mut Model, text: String) {
    match &mut m.overlay {
        Some(Overlay::PathInput { input, .. }) => {
            let line = text.lines().next().unwrap_or("").trim().to_string();
            input.apply(EditOp::InsertText(line));
        }
        Some(Overlay::Paste { input, .. }) => {
            input.apply(EditOp::InsertText(text));
        }
        Some(_) => {}
        None => match m.screen {
            Screen::Draft => {
                m.editor.apply(EditOp::InsertText(text));
            }
            Screen::Read if m.notes_focus => {
                m.notes.apply(EditOp::InsertText(text));
            }
            Screen::Read if m.search.is_some() => {
                let line = text.lines().next().unwrap_or("").to_string();
                search_edit(m, EditOp::InsertText(line));
            }
            Screen::Home => {
                // A paste on the home screen is a thread.
                let mut input = Editor::default();
                input.apply(EditOp::InsertText(text));
                m.overlay = Some(Overlay::Paste { input, error: None });
            }
            _ => {}
        },
    }
}

fn scroll(m: &mut Model, rows: i16, col: u16, row: u16) {
    match m.screen {
        Screen::Read => scroll_read(m, rows as isize),
        Screen::Draft => {
            let side = m.size.0 >= super::view::SIDE_BY_SIDE;
            let over_thread = m.show_thread
                && if side {
                    (col as usize) < m.thread_width() + 2
                } else {
                    // The thread sits on top, a third of the body high.
                    let th = (m.size.1.saturating_sub(2) / 3).max(3);
                    row >= 1 && row < 1 + th
                };
            if over_thread {
                scroll_draft_thread(m, rows as isize);
            } else {
                m.editor.apply(EditOp::Scroll(rows));
            }
        }
        Screen::Review => {
            m.review.scroll = (m.review.top.get() as isize + rows as isize).max(0) as usize;
        }
        _ => {}
    }
}

fn scroll_draft_thread(m: &mut Model, rows: isize) {
    let width = m.thread_width();
    if let Some(t) = &m.thread {
        let start = m.draft_scroll.unwrap_or(Scroll {
            part: t.part_of_message(t.data.answering),
            row: 0,
        });
        m.draft_scroll = Some(start.moved(t, width, rows));
    }
}

fn edit(m: &mut Model, op: EditOp, fx: &mut Vec<Effect>) {
    match &mut m.overlay {
        Some(Overlay::PathInput {
            input, error, hint, ..
        }) => {
            *error = None;
            *hint = None;
            input.apply(op);
        }
        Some(Overlay::Paste { input, error }) => {
            *error = None;
            input.apply(op);
        }
        Some(_) => {}
        None => match m.screen {
            Screen::Draft => {
                let copy = matches!(op, EditOp::Copy | EditOp::Cut);
                m.editor.apply(op);
                if copy && !m.editor.yank_text().is_empty() {
                    fx.push(Effect::Copy(m.editor.yank_text()));
                }
            }
            Screen::Read if m.notes_focus => {
                m.notes.apply(op);
            }
            Screen::Read if m.search.is_some() => search_edit(m, op),
            _ => {}
        },
    }
}

fn edit_op(action: Action) -> Option<EditOp> {
    Some(match action {
        Action::Move(mo, sel) => EditOp::Move(mo, sel),
        Action::Undo => EditOp::Undo,
        Action::Redo => EditOp::Redo,
        Action::Copy => EditOp::Copy,
        Action::Cut => EditOp::Cut,
        Action::Paste => EditOp::Paste,
        Action::SelectAll => EditOp::SelectAll,
        Action::Backspace => EditOp::Backspace,
        Action::Delete => EditOp::Delete,
        Action::DeleteWordBack => EditOp::DeleteWordBack,
        Action::Newline => EditOp::Newline,
        _ => return None,
    })
}

fn request_quit(m: &mut Model, fx: &mut Vec<Effect>) {
    // A reply copied as it stands has left: nothing to ask.
    let delivered = m.copied_version == Some(m.editor.version());
    if m.unsaved() && !delivered && m.screen == Screen::Finish && m.overlay.is_none() {
        m.overlay = Some(Overlay::QuitWithReply);
    } else if m.unsaved() && !delivered {
        m.overlay = Some(Overlay::ConfirmQuit);
    } else {
        fx.push(Effect::Quit);
    }
}

fn action_(m: &mut Model, action: Action, fx: &mut Vec<Effect>) {
    let place = m.place();
    // Keys common to every place first.
    match action {
        Action::Help if place != Place::Help => {
            m.under_help = m.overlay.take();
            m.overlay = Some(Overlay::Help);
            m.help_scroll = 0;
            return;
        }
        Action::Quit => return request_quit(m, fx),
        _ => {}
    }
    if place.takes_text()
        && let Some(op) = edit_op(action)
    {
        return edit(m, op, fx);
    }
    match place {
        Place::Help => match action {
            Action::Down => m.help_scroll += 5,
            Action::Up => m.help_scroll = m.help_scroll.saturating_sub(5),
            _ => m.overlay = m.under_help.take(),
        },
        Place::ConfirmQuit => match action {
            Action::Yes => {
                if let Some(save) = m.autosave_value()
                    && !m.editor.is_blank()
                {
                    fx.push(Effect::Autosave(Box::new(save)));
                }
                fx.push(Effect::Quit);
            }
            _ => m.overlay = None,
        },
        Place::Restore => {
            let Some(Overlay::Restore(saved)) = m.overlay.take() else {
                return;
            };
            if action == Action::Restore {
                restore(m, *saved, fx);
            }
        }
        Place::Home => home(m, action, fx),
        Place::PathInput => path_input(m, action, fx),
        Place::Paste => match action {
            Action::Submit => {
                let Some(Overlay::Paste { input, .. }) = &m.overlay else {
                    return;
                };
                let text = input.text();
                match thread_view::import(text.as_bytes(), "the pasted thread", None, None) {
                    Ok(data) => switch_thread(m, data, Origin::Pasted { text }, fx),
                    Err(e) => {
                        if let Some(Overlay::Paste { error, .. }) = &mut m.overlay {
                            *error = Some(e);
                        }
                    }
                }
            }
            _ => m.overlay = None,
        },
        Place::Read => read(m, action, fx),
        Place::Search => search(m, action),
        Place::Reanswer => {
            let Some(Overlay::Reanswer(target)) = m.overlay.take() else {
                return;
            };
            match action {
                Action::TakeDraft => answer(m, target, Carry::Take, fx),
                Action::NewDraft => answer(m, target, Carry::New, fx),
                _ => {}
            }
        }
        Place::Notes => {
            if action == Action::Cancel {
                m.notes_focus = false;
            }
        }
        Place::Intent => intent(m, action),
        Place::Draft => draft(m, action),
        Place::Review => review(m, action, fx),
        Place::Dismiss => dismiss(m, action, fx),
        Place::Finish => finish(m, action, fx),
        Place::QuitWithReply => {
            m.overlay = None;
            match action {
                Action::Print => {
                    m.quit_after_save = m.out.is_some();
                    let deliver = if m.out.is_some() {
                        Action::Save
                    } else {
                        Action::Print
                    };
                    // Blanks or flags may ask first; the save quits once
                    // it succeeds, and a "no" to those questions stays.
                    finish_action(m, deliver, fx, Passed::default());
                }
                Action::Yes => fx.push(Effect::Quit),
                _ => {}
            }
        }
        Place::Blanks => {
            let Some(Overlay::Blanks(then)) = m.overlay.take() else {
                return;
            };
            match action {
                Action::Yes => finish_action(
                    m,
                    then,
                    fx,
                    Passed {
                        blanks: true,
                        flags: false,
                    },
                ),
                Action::Edit => {
                    m.quit_after_save = false;
                    if let Some(b) = m.blanks().first() {
                        m.editor.select_bytes(b.clone());
                    }
                    m.screen = Screen::Draft;
                }
                _ => m.quit_after_save = false,
            }
        }
        Place::Nudge => {
            let Some(Overlay::Nudge(then)) = m.overlay.take() else {
                return;
            };
            match action {
                Action::Yes => finish_action(
                    m,
                    then,
                    fx,
                    Passed {
                        blanks: true,
                        flags: true,
                    },
                ),
                Action::Back => {
                    m.quit_after_save = false;
                    m.enter_review();
                }
                _ => m.quit_after_save = false,
            }
        }
    }
}

/// Restores an autosaved draft: on the open thread when it is the draft's
/// own, else on its thread reopened from where it came from.
fn restore(m: &mut Model, saved: Autosave, fx: &mut Vec<Effect>) {
    if m.thread.is_some() && m.thread_key.as_deref() == Some(saved.thread_key.as_str()) {
        apply_draft(m, &saved);
        return;
    }
    // A draft for another message of the open thread: answer that one.
    if let Some(t) = m.thread.as_mut()
        && saved.answering < t.data.messages.len()
        && t.data.key_of(saved.answering) == saved.thread_key
    {
        t.data.answering = saved.answering;
        m.thread_key = Some(saved.thread_key.clone());
        m.read_cursor = saved.answering;
        m.read_scroll = None;
        m.draft_scroll = None;
        apply_draft(m, &saved);
        return;
    }
    match saved.origin.clone() {
        Origin::Sample => {
            let mut t = thread_view::sample();
            t.answering = saved.answering.min(t.messages.len().saturating_sub(1));
            t.default_answer = false;
            enter_thread(m, t, Origin::Sample, fx);
            apply_draft(m, &saved);
        }
        Origin::Pasted { text } => {
            match thread_view::import(text.as_bytes(), "the saved thread", None, None) {
                Ok(mut t) => {
                    t.answering = saved.answering.min(t.messages.len().saturating_sub(1));
                    t.default_answer = false;
                    enter_thread(m, t, Origin::Pasted { text }, fx);
                    apply_draft(m, &saved);
                }
                Err(e) => m.status = Some(e),
            }
        }
        Origin::File { path } => {
            m.pending_restore = Some(Box::new(saved));
            fx.push(Effect::LoadThread(path));
        }
    }
}

/// Puts a saved draft in the editor (the thread is open) and goes to it.
fn apply_draft(m: &mut Model, saved: &Autosave) {
    // Checks of whatever draft was here before are not this draft's.
    m.reset_draft();
    m.editor = draft_editor(&saved.draft);
    m.editor.set_cursor_byte(saved.draft.len());
    m.notes = Editor::new(&saved.notes);
    m.intent = saved.intent.clone();
    if let Some(i) = m
        .intents()
        .iter()
        .position(|x| Some(&x.id) == saved.intent.as_ref())
    {
        m.intent_cursor = i;
    }
    m.autosaved = (m.editor.version(), m.notes.version(), m.intent.clone());
    m.screen = Screen::Draft;
}

/// Opens a thread at the read step. Another thread than the open one
/// starts a fresh draft (the old one is autosaved under its own thread
/// first); the same thread keeps the draft in progress.
fn enter_thread(m: &mut Model, data: ThreadData, origin: Origin, fx: &mut Vec<Effect>) {
    if m.thread_key.as_deref() != Some(data.key().as_str()) {
        if m.unsaved()
            && let Some(save) = m.autosave_value()
        {
            fx.push(Effect::Autosave(Box::new(save)));
        }
        m.reset_draft();
    }
    m.open_thread(data, origin);
}

/// Opens a thread, then looks for a draft saved for it to offer back:
/// for the message it answers, or, when that message was a default
/// choice, for any message of the thread.
fn switch_thread(m: &mut Model, data: ThreadData, origin: Origin, fx: &mut Vec<Effect>) {
    let any_message = data.default_answer;
    enter_thread(m, data, origin, fx);
    if m.editor.is_blank()
        && let Some(key) = &m.thread_key
    {
        fx.push(Effect::FindDraft {
            key: key.clone(),
            any_message,
        });
    }
}

const HOME_CHOICES: [Action; 6] = [
    Action::Sample,
    Action::OpenFile,
    Action::PasteThread,
    Action::Practise,
    Action::Workshop,
    Action::Quit,
];

/// The home screen's choices, as shown.
pub fn home_choices() -> [(&'static str, &'static str); 6] {
    [
        ("Reply to the sample thread", "s"),
        ("Open a thread file", "o"),
        ("Paste a thread", "p"),
        ("Practise on an exercise", "x"),
        ("Run a workshop", "w"),
        ("Quit", "q"),
    ]
}

fn home(m: &mut Model, action: Action, fx: &mut Vec<Effect>) {
    let action = match action {
        Action::Up => {
            m.home_cursor = m.home_cursor.saturating_sub(1);
            return;
        }
        Action::Down => {
            m.home_cursor = (m.home_cursor + 1).min(HOME_CHOICES.len() - 1);
            return;
        }
        Action::Select => HOME_CHOICES[m.home_cursor],
        other => other,
    };
    match action {
        Action::Sample => switch_thread(m, thread_view::sample(), Origin::Sample, fx),
        Action::OpenFile => {
            m.overlay = Some(Overlay::PathInput {
                purpose: PathPurpose::OpenThread,
                input: Editor::default(),
                error: None,
                hint: None,
            })
        }
        Action::PasteThread => {
            m.overlay = Some(Overlay::Paste {
                input: Editor::default(),
                error: None,
            })
        }
        Action::Practise => {
            m.launch = Some(crate::tui::practice::run::Launch::Practice);
            fx.push(Effect::Quit);
        }
        Action::Workshop => {
            m.launch = Some(crate::tui::practice::run::Launch::Workshop);
            fx.push(Effect::Quit);
        }
        // Reached through Enter on "Quit".
        Action::Quit => request_quit(m, fx),
        _ => {}
    }
}

fn path_input(m: &mut Model, action: Action, fx: &mut Vec<Effect>) {
    let Some(Overlay::PathInput { purpose, input, .. }) = &m.overlay else {
        return;
    };
    match action {
        Action::Submit => {
            let path = input.text().trim().to_string();
            if path.is_empty() {
                return;
            }
            if path == "-" {
                if let Some(Overlay::PathInput { error, .. }) = &mut m.overlay {
                    *error = Some(
                        "Type the path of a file (standard input is the terminal here).".into(),
                    );
                }
                return;
            }
            let path = PathBuf::from(expand_home(&path));
            match purpose {
                PathPurpose::OpenThread => fx.push(Effect::LoadThread(path)),
                PathPurpose::SaveReply => fx.push(Effect::Save {
                    path,
                    text: final_text(m),
                }),
            }
        }
        Action::Complete => {
            let typed = input.text();
            let expanded = expand_home(&typed);
            let dir = match expanded.rfind('/') {
                Some(0) => PathBuf::from("/"),
                Some(i) => PathBuf::from(&expanded[..i]),
                None => PathBuf::from("."),
            };
            fx.push(Effect::ListDir { dir, input: typed });
        }
        Action::Cancel => m.overlay = None,
        _ => {}
    }
}

/// What Tab does to a typed path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    /// The path with as much added as the entries agree on, if anything.
    pub text: Option<String>,
    /// The names that still match, when more than one does (or why none).
    pub hint: Option<String>,
}

/// Completes the last part of `typed` against the entries of its
/// directory (name, is a directory): one match is completed whole (a
/// directory gets its `/`), several to their longest common start, and
/// their names are listed. Hidden entries only match a part that starts
/// with a dot.
pub fn complete_path(typed: &str, entries: &[(String, bool)]) -> Completion {
    let prefix = &typed[typed.rfind('/').map_or(0, |i| i + 1)..];
    let head = &typed[..typed.len() - prefix.len()];
    let mut matches: Vec<&(String, bool)> = entries
        .iter()
        .filter(|(name, _)| name.starts_with(prefix))
        .filter(|(name, _)| prefix.starts_with('.') || !name.starts_with('.'))
        .collect();
    matches.sort();
    match matches.as_slice() {
        [] => Completion {
            text: None,
            hint: Some(format!("Nothing here starts with “{prefix}”.")),
        },
        [(name, dir)] => Completion {
            text: Some(format!("{head}{name}{}", if *dir { "/" } else { "" })),
            hint: None,
        },
        many => {
            let first = &many[0].0;
            let mut common = first.len();
            for (name, _) in &many[1..] {
                common = common.min(
                    first
                        .char_indices()
                        .zip(name.chars())
                        .find(|((_, a), b)| a != b)
                        .map_or(first.len().min(name.len()), |((i, _), _)| i),
                );
            }
            let names: Vec<String> = many
                .iter()
                .map(|(n, d)| format!("{n}{}", if *d { "/" } else { "" }))
                .collect();
            Completion {
                text: (common > prefix.len()).then(|| format!("{head}{}", &first[..common])),
                hint: Some(names.join("  ")),
            }
        }
    }
}

fn expand_home(p: &str) -> String {
    match (p.strip_prefix("~/"), std::env::var("HOME")) {
        (Some(rest), Ok(home)) => format!("{home}/{rest}"),
        _ => p.to_string(),
    }
}

/// The Read step: a cursor on a message, the tree, the heat, answering.
fn read(m: &mut Model, action: Action, fx: &mut Vec<Effect>) {
    let Some(t) = &m.thread else {
        m.screen = Screen::Home;
        return;
    };
    let (w, h) = (m.thread_width(), m.read_height());
    let top = m
        .read_scroll
        .unwrap_or_else(|| t.into_view(m.read_cursor, w, h, Scroll::default()));
    let cursor = shown_cursor(t, m.read_cursor);
    let flow = m.flow;
    let engine = m.engine.clone();
    let page = m.page();
    let Some(t) = m.thread.as_mut() else { return };
    let mut status = None;
    let (cursor, top) = match action {
        Action::Down => {
            let bottom = top.moved(t, w, h as isize - 1);
            match (t.extent(cursor, w), t.next_shown(cursor)) {
                // The message goes on below: read on, a line at a time.
                (Some((_, end)), _) if end > bottom => (cursor, top.moved(t, w, 1)),
                (_, Some(next)) => (next, t.into_view(next, w, h, top)),
                // The last message, all of it in view: nothing below.
                _ => (cursor, top),
            }
        }
        Action::Up => match (t.extent(cursor, w), t.prev_shown(cursor)) {
            (Some((start, _)), _) if start < top => (cursor, top.moved(t, w, -1)),
            (_, Some(prev)) => (prev, t.into_view(prev, w, h, top)),
            _ => (cursor, top.moved(t, w, -1)),
        },
        Action::PageUp | Action::PageDown => {
            let page = page.min(h as isize).max(1);
            let delta = if action == Action::PageUp {
                -page
            } else {
                page
            };
            let top = top.moved(t, w, delta);
            (follow(t, cursor, top, w, h), top)
        }
        Action::Top => (t.first_shown().unwrap_or(0), Scroll::default()),
        Action::Bottom => (t.last_shown().unwrap_or(0), Scroll::end(t, w, h)),
        Action::JumpAnswered => {
            let answered = t.data.answering;
            let top = keep_top(t, top, |t| t.reveal(answered));
            let top = t
                .first_pos(answered)
                .map_or(top, |part| Scroll { part, row: 0 });
            (answered, top)
        }
        Action::Collapse | Action::Expand | Action::ToggleBranch if !t.is_branching() => {
            status = Some(flow.read.flat.clone());
            (cursor, top)
        }
        Action::Collapse => {
            if t.can_collapse(cursor) && !t.is_collapsed(cursor) {
                let top = keep_top(t, top, |t| t.set_collapsed(cursor, true));
                (cursor, show_end(t, cursor, w, h, top))
            } else if let Some(parent) = t.tree().parent(cursor) {
                (parent, t.into_view(parent, w, h, top))
            } else {
                (cursor, top)
            }
        }
        Action::Expand => {
            if t.is_collapsed(cursor) {
                let top = keep_top(t, top, |t| t.set_collapsed(cursor, false));
                (cursor, top)
            } else if let Some(&child) = t.tree().children(cursor).first() {
                (child, t.into_view(child, w, h, top))
            } else {
                status = Some(flow.read.no_replies.clone());
                (cursor, top)
            }
        }
        Action::ToggleBranch => {
            // On a message without replies, the branch it belongs to.
            let at = if t.can_collapse(cursor) {
                Some(cursor)
            } else {
                t.tree().parent(cursor)
            };
            match at {
                Some(at) => {
                    let fold = !t.is_collapsed(at);
                    let top = keep_top(t, top, |t| t.set_collapsed(at, fold));
                    let top = t.into_view(at, w, h, top);
                    (
                        at,
                        if fold {
                            show_end(t, at, w, h, top)
                        } else {
                            top
                        },
                    )
                }
                None => {
                    status = Some(flow.read.no_replies.clone());
                    (cursor, top)
                }
            }
        }
        Action::NextHeat | Action::PrevHeat => {
            match t.next_heated(&engine, cursor, action == Action::NextHeat) {
                Some((hot, wrapped)) => {
                    if wrapped {
                        status = Some(flow.read.heat_wrapped.clone());
                    }
                    let top = keep_top(t, top, |t| t.reveal(hot));
                    (hot, t.into_view(hot, w, h, top))
                }
                None => {
                    status = Some(flow.read.no_heat.clone());
                    (cursor, top)
                }
            }
        }
        Action::ToggleFold => {
            let folded = !t.folded();
            t.set_folded(folded);
            if !t.has_trails() {
                status = Some("Nothing to fold in this thread.".into());
            }
            (cursor, top)
        }
        Action::Next => {
            // The draft's pane shows the answered message: never hidden.
            let answered = t.data.answering;
            let top = keep_top(t, top, |t| t.reveal(answered));
            (cursor, top)
        }
        _ => (cursor, top),
    };
    m.read_cursor = cursor;
    m.read_scroll = Some(top);
    if status.is_some() {
        m.status = status;
    }
    match action {
        Action::AnswerThis => {
            let answered = m.thread.as_ref().map_or(0, |t| t.data.answering);
            if cursor == answered {
                m.status = Some(m.flow.answer.already.clone());
            } else if m.editor.is_blank() {
                answer(m, cursor, Carry::Nothing, fx);
            } else {
                m.overlay = Some(Overlay::Reanswer(cursor));
            }
        }
        Action::Search => {
            m.search = Some(Search {
                input: Editor::default(),
                hits: Vec::new(),
                current: None,
                from: cursor,
            });
        }
        Action::EditNotes => m.notes_focus = true,
        Action::Next => m.screen = Screen::Intent,
        Action::Back => m.screen = Screen::Home,
        _ => {}
    }
    // A status line that came or went changed the rows: the cursor's
    // message stays in view.
    if m.screen == Screen::Read
        && m.read_height() != h
        && let Some(t) = &m.thread
        && let Some(top) = m.read_scroll
    {
        m.read_scroll = Some(t.into_view(cursor, w, m.read_height(), top));
    }
}

/// The cursor's message if it is shown, else the message shown in its
/// place (the collapsed message above it).
fn shown_cursor(t: &ThreadView, cursor: usize) -> usize {
    if t.first_pos(cursor).is_some() {
        cursor
    } else {
        t.message_at(t.part_of_message(cursor))
    }
}

/// `top`, moved down just enough that message `m`'s last row (say, the
/// replies a collapsed message hides) is in view.
fn show_end(t: &ThreadView, m: usize, w: usize, h: usize, top: Scroll) -> Scroll {
    match t.extent(m, w) {
        Some((_, end)) if end > top.moved(t, w, h as isize - 1) => {
            end.moved(t, w, -(h as isize - 1))
        }
        _ => top,
    }
}

/// After the view scrolled to `top`: the cursor stays when any of its
/// message is still in view, else it moves to the message at the top.
fn follow(t: &ThreadView, cursor: usize, top: Scroll, w: usize, h: usize) -> usize {
    if t.is_empty() {
        return cursor;
    }
    let bottom = top.moved(t, w, h as isize - 1);
    if let Some((start, end)) = t.extent(cursor, w)
        && start <= bottom
        && end >= top
    {
        return cursor;
    }
    let at = t.message_at(top.part.min(t.len() - 1));
    // The gap after a message belongs to the next one.
    match t.extent(at, w) {
        Some((_, end)) if end < top => t.next_shown(at).unwrap_or(at),
        _ => at,
    }
}

/// Runs a change to what is shown (collapsing, expanding) and returns
/// where the view starts now: on the same row of the same part when it is
/// still shown, else on the message shown in its place.
fn keep_top(
    t: &mut ThreadView,
    top: Scroll,
    change: impl FnOnce(&mut ThreadView) -> bool,
) -> Scroll {
    let part = (!t.is_empty()).then(|| t.part_id_at(top.part.min(t.len() - 1)));
    if !change(t) {
        return top;
    }
    let Some(part) = part else { return top };
    match t.pos_of_part(part) {
        Some(pos) => Scroll {
            part: pos,
            row: top.row,
        },
        None => Scroll {
            part: t.part_of_message(t.parts[part].message),
            row: 0,
        },
    }
}

/// The mouse wheel over the Read step: the view scrolls, the cursor
/// follows when its message leaves the view.
fn scroll_read(m: &mut Model, rows: isize) {
    let (w, h) = (m.thread_width(), m.read_height());
    let Some(t) = &m.thread else { return };
    let top = m
        .read_scroll
        .unwrap_or_else(|| t.into_view(m.read_cursor, w, h, Scroll::default()))
        .moved(t, w, rows);
    m.read_cursor = follow(t, shown_cursor(t, m.read_cursor), top, w, h);
    m.read_scroll = Some(top);
}

/// What happens to the draft when another message is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Carry {
    /// There is no draft.
    Nothing,
    /// The draft now answers the new message.
    Take,
    /// The draft stays saved for the message it answered; a new one starts.
    New,
}

/// Answers message `target` instead of the one answered: the Draft step's
/// "Their words" and the listening check follow, and the draft's key
/// changes with it.
fn answer(m: &mut Model, target: usize, carry: Carry, fx: &mut Vec<Effect>) {
    let Some(t) = &m.thread else { return };
    if target >= t.data.messages.len() {
        return;
    }
    let old = m.who(t.data.answering);
    let old_answering = t.data.answering;
    let who = m.who(target);
    let old_key = m.thread_key.clone();
    if carry == Carry::New
        && m.unsaved()
        && let Some(save) = m.autosave_value()
    {
        fx.push(Effect::Autosave(Box::new(save)));
    }
    if carry == Carry::New {
        m.reset_draft();
    }
    let Some(t) = m.thread.as_mut() else { return };
    t.data.answering = target;
    let key = t.data.key();
    m.thread_key = Some(key.clone());
    m.draft_scroll = None;
    // Live checks read the draft against what it answers: check again.
    m.live_result = None;
    m.live_requested = u64::MAX;
    match carry {
        Carry::Take => {
            // A draft already saved for the new message is never
            // overwritten (see `Store::take_draft`).
            if let Some(save) = m.autosave_value() {
                fx.push(Effect::TakeAlong {
                    carried: Box::new(save),
                    from: old_key.map(|k| (k, old_answering)),
                });
                m.autosaved = (m.editor.version(), m.notes.version(), m.intent.clone());
            }
            m.status = Some(fill(&m.flow.answer.took_along, &[("who", &who)]));
        }
        Carry::New => {
            fx.push(Effect::FindDraft {
                key,
                any_message: false,
            });
            m.status = Some(fill(
                &m.flow.answer.new_reply,
                &[("who", &who), ("old", &old)],
            ));
        }
        Carry::Nothing => {
            fx.push(Effect::FindDraft {
                key,
                any_message: false,
            });
            m.status = Some(fill(&m.flow.answer.now, &[("who", &who)]));
        }
    }
    // The message answered shows its text, not only its header, with the
    // status line that now takes a row.
    let (w, h) = (m.thread_width(), m.read_height());
    if let Some(t) = &m.thread {
        let top = m
            .read_scroll
            .unwrap_or_else(|| t.into_view(target, w, h, Scroll::default()));
        m.read_scroll = Some(t.text_into_view(target, w, h, top));
    }
}

/// A key in the search: the next or previous match, or leave.
fn search(m: &mut Model, action: Action) {
    match action {
        Action::NextMatch | Action::PrevMatch => {
            let Some(s) = &mut m.search else { return };
            let n = s.hits.len();
            if n == 0 {
                return;
            }
            s.current = Some(match (s.current, action == Action::NextMatch) {
                (None, _) => 0,
                (Some(c), true) => (c + 1) % n,
                (Some(c), false) => (c + n - 1) % n,
            });
            go_to_hit(m);
        }
        Action::Cancel => m.search = None,
        _ => {}
    }
}

/// Types into the search and finds again: the first match from where the
/// search began.
fn search_edit(m: &mut Model, op: EditOp) {
    let (Some(s), Some(t)) = (&mut m.search, &m.thread) else {
        return;
    };
    s.input.apply(op);
    let query = s.input.text();
    s.hits = t.search(query.trim_matches('\n'));
    let from = t.reading_pos(s.from);
    s.current = if s.hits.is_empty() {
        None
    } else {
        Some(
            s.hits
                .iter()
                .position(|hit| t.reading_pos(hit.message) >= from)
                .unwrap_or(0),
        )
    };
    if s.current.is_some() {
        go_to_hit(m);
    }
}

/// Puts the cursor on the current match's message (expanding its branch)
/// and scrolls the match into view.
fn go_to_hit(m: &mut Model) {
    let (w, h) = (m.thread_width(), m.read_height());
    let Some(hit) = m
        .search
        .as_ref()
        .and_then(|s| s.hits.get(s.current?))
        .cloned()
    else {
        return;
    };
    let Some(t) = m.thread.as_mut() else { return };
    let top = m
        .read_scroll
        .unwrap_or_else(|| t.into_view(m.read_cursor, w, h, Scroll::default()));
    let top = keep_top(t, top, |t| t.reveal(hit.message));
    let at = t.locate(hit.message, hit.range.start, w);
    let bottom = top.moved(t, w, h as isize - 1);
    let top = match at {
        Some(at) if at < top || at > bottom => at.moved(t, w, -(h as isize / 3)),
        _ => top,
    };
    m.read_cursor = hit.message;
    m.read_scroll = Some(top);
}

fn intent(m: &mut Model, action: Action) {
    let n = m.intents().len();
    match action {
        Action::Up => m.intent_cursor = m.intent_cursor.saturating_sub(1),
        Action::Down => m.intent_cursor = (m.intent_cursor + 1).min(n.saturating_sub(1)),
        Action::Select => {
            m.intent = m.intents().get(m.intent_cursor).map(|i| i.id.clone());
            m.live_requested = u64::MAX;
            m.screen = Screen::Draft;
        }
        Action::Back => m.screen = Screen::Read,
        _ => {}
    }
}

fn draft(m: &mut Model, action: Action) {
    match action {
        Action::Review => {
            if m.editor.is_blank() {
                m.status = Some("Write a few words first, then check them.".into());
            } else {
                m.enter_review();
            }
        }
        Action::ToggleLive => {
            m.live = !m.live;
            m.live_requested = u64::MAX;
            if !m.live {
                m.live_result = None;
            }
        }
        Action::ToggleThread => m.show_thread = !m.show_thread,
        Action::ThreadUp => scroll_draft_thread(m, -3),
        Action::ThreadDown => scroll_draft_thread(m, 3),
        Action::Back => m.screen = Screen::Intent,
        _ => {}
    }
}

fn review(m: &mut Model, action: Action, fx: &mut Vec<Effect>) {
    match action {
        Action::NextItem => m.review.step(true),
        Action::PrevItem => m.review.step(false),
        Action::DetailDown => m.review.scroll_detail(1),
        Action::DetailUp => m.review.scroll_detail(-1),
        Action::PageUp => m.review.page(m.page() as usize, false),
        Action::PageDown => m.review.page(m.page() as usize, true),
        Action::Apply(k) => match rv::apply(m, k.max(1) as usize - 1) {
            Outcome::Stay(s) => m.status = (!s.is_empty()).then_some(s),
            Outcome::ToDraft(s) => {
                m.screen = Screen::Draft;
                m.status = Some(s);
            }
        },
        Action::Dismiss => {
            if let Some(Item::Finding(i)) = m.selected_item() {
                m.overlay = Some(Overlay::Dismiss(i));
            } else {
                m.status = Some("Only findings can be dismissed.".into());
            }
        }
        Action::Undo => match m.review.undo.pop() {
            Some(ReviewUndo::Edit(at)) => {
                rv::undo_edit(m, at);
                m.status = Some("Undone.".into());
            }
            Some(ReviewUndo::Dismiss(d, at)) => {
                m.dismissed.retain(|x| x.dismissal != d);
                fx.push(Effect::SaveDismissals(m.dismissed.clone()));
                rv::recheck_at(m, at);
                m.status = Some("The finding is back.".into());
            }
            None => m.status = Some("Nothing to undo here.".into()),
        },
        Action::Jump => {
            rv::jump(m);
            m.screen = Screen::Draft;
        }
        Action::Edit => m.screen = Screen::Draft,
        Action::Finish => {
            if m.review.revisions.is_empty() {
                m.check();
            }
            m.finish_scroll = 0;
            m.screen = Screen::Finish;
        }
        _ => {}
    }
}

fn dismiss(m: &mut Model, action: Action, fx: &mut Vec<Effect>) {
    let Some(Overlay::Dismiss(i)) = m.overlay.take() else {
        return;
    };
    let reason = match action {
        Action::Reason(0) => None,
        Action::Reason(n) => m.flow.dismiss.reasons.get(n as usize - 1).cloned(),
        _ => return,
    };
    let Some((dismissal, at)) = rv::dismissal_of(&m.review, i) else {
        return;
    };
    m.dismissed.retain(|d| d.dismissal != dismissal);
    m.dismissed.push(Dismissed {
        dismissal: dismissal.clone(),
        reason,
    });
    m.review.undo.push(ReviewUndo::Dismiss(dismissal, at));
    fx.push(Effect::SaveDismissals(m.dismissed.clone()));
    m.check();
    m.status =
        Some("Dismissed for this phrase, here and in later drafts. u brings it back.".into());
}

fn final_text(m: &Model) -> String {
    let mut t = m.editor.text().trim_end().to_string();
    t.push('\n');
    t
}

fn finish(m: &mut Model, action: Action, fx: &mut Vec<Effect>) {
    match action {
        Action::Check(n) => {
            if let Some(c) = m.checklist.get_mut(n as usize - 1) {
                *c = !*c;
            }
        }
        Action::Save | Action::Print | Action::CopyReply => {
            finish_action(m, action, fx, Passed::default())
        }
        Action::Back => m.enter_review(),
        Action::Edit => m.screen = Screen::Draft,
        Action::Up
        | Action::Down
        | Action::PageUp
        | Action::PageDown
        | Action::Top
        | Action::Bottom => {
            let page = m.page() as usize;
            let max = m.finish_max.get();
            let s = m.finish_scroll.min(max);
            m.finish_scroll = match action {
                Action::Up => s.saturating_sub(1),
                Action::Down => (s + 1).min(max),
                Action::PageUp => s.saturating_sub(page),
                Action::PageDown => (s + page).min(max),
                Action::Top => 0,
                _ => max,
            };
        }
        _ => {}
    }
}

/// The questions asked before a reply leaves and already answered.
#[derive(Debug, Clone, Copy, Default)]
struct Passed {
    /// Unfilled blanks: go on anyway.
    blanks: bool,
    /// Flags left: go on anyway.
    flags: bool,
}

fn finish_action(m: &mut Model, action: Action, fx: &mut Vec<Effect>, passed: Passed) {
    if !passed.blanks && !m.blanks().is_empty() {
        m.overlay = Some(Overlay::Blanks(action));
        return;
    }
    if !passed.flags && m.flags_left() > 0 && action != Action::CopyReply {
        m.overlay = Some(Overlay::Nudge(action));
        return;
    }
    let text = final_text(m);
    match action {
        Action::Save => match &m.out {
            Some(path) => fx.push(Effect::Save {
                path: path.clone(),
                text,
            }),
            None => {
                // Selected, so typing replaces the suggested name.
                let mut input = Editor::new("reply.md");
                input.select_bytes(0.."reply.md".len());
                m.overlay = Some(Overlay::PathInput {
                    purpose: PathPurpose::SaveReply,
                    input,
                    error: None,
                    hint: None,
                });
            }
        },
        Action::Print => {
            m.replied = true;
            // Printed is delivered: nothing left to autosave.
            m.saved_version = Some(m.editor.version());
            if let Some(key) = &m.thread_key {
                fx.push(Effect::ClearAutosave(key.clone()));
            }
            fx.push(Effect::Print(text));
        }
        Action::CopyReply => {
            m.replied = true;
            m.copied_version = Some(m.editor.version());
            fx.push(Effect::Copy(text));
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::{Completion, complete_path};

    fn entries(v: &[(&str, bool)]) -> Vec<(String, bool)> {
        v.iter().map(|(n, d)| (n.to_string(), *d)).collect()
    }

    #[test]
    fn tab_completes_one_match_whole_and_many_to_what_they_share() {
        let e = entries(&[
            ("threads", true),
            ("thread-1.json", false),
            ("thread-2.json", false),
            (".hidden", false),
            ("notes.md", false),
        ]);
        assert_eq!(
            complete_path("data/no", &e),
            Completion {
                text: Some("data/notes.md".into()),
                hint: None
            }
        );
        assert_eq!(
            complete_path("~/threads", &entries(&[("threads", true)])).text,
            Some("~/threads/".into())
        );
        let c = complete_path("th", &e);
        assert_eq!(c.text.as_deref(), Some("thread"));
        assert_eq!(
            c.hint.as_deref(),
            Some("thread-1.json  thread-2.json  threads/")
        );
        // Nothing more to add: the names are listed, the text stays.
        let c = complete_path("thread-", &e);
        assert_eq!(c.text, None);
        assert!(c.hint.unwrap().contains("thread-2.json"));
        // Hidden files only for a dot; nothing found says so.
        assert!(!complete_path("", &e).hint.unwrap().contains(".hidden"));
        assert_eq!(complete_path(".h", &e).text.as_deref(), Some(".hidden"));
        assert!(complete_path("zzz", &e).hint.unwrap().contains("zzz"));
    }
}
