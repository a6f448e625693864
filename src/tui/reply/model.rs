//! The guided flow as a state machine: the [`Model`], the messages that
//! change it ([`Msg`]), and [`update`], which returns what the run loop
//! should do ([`Effect`]) instead of doing it. Nothing here touches the
//! terminal, the clock or the file system, so every step of the flow is
//! tested as plain function calls.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use crossterm::event::KeyEvent;

use super::words::{Flow, flow};
use crate::engine::{Analysis, Context, Dimension, Dismissal, Engine, Finding, Kind, rewrite};
use crate::store::{Autosave, Dismissed, Origin};
use crate::tui::widgets::editor::{EditOp, Editor};
use crate::tui::widgets::keymap::{self, Action, Place};
use crate::tui::widgets::thread_view::{self, Scroll, ThreadData, ThreadView};

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
}

/// A line of the review list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    /// A finding: its index in the analysis.
    Finding(usize),
    /// A dimension with no cue at all: its question and scaffolds.
    Missing(Dimension),
}

/// Each check of the draft, kept to show what changed.
#[derive(Debug, Clone)]
pub struct Revision {
    pub text: String,
    pub analysis: Analysis,
}

/// What the review can take back with `u`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReviewUndo {
    /// An edit made with the finding at this byte selected.
    Edit(usize),
    Dismiss(Dismissal, usize),
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
    pub read_scroll: Scroll,
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
    /// The analysis of the current draft in the review.
    pub analysis: Option<Analysis>,
    pub review_sel: usize,
    /// First row of the marked draft in the review; `usize::MAX` follows
    /// the selected finding.
    pub review_scroll: usize,
    /// The first row the review last drew (for scrolling from there).
    pub review_top: std::cell::Cell<usize>,
    pub review_undo: Vec<ReviewUndo>,
    pub revisions: Vec<Revision>,
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
    /// The autosaved draft for the thread just opened, if any.
    DraftFound(Option<Box<Autosave>>),
    /// The entries of a directory (name, whether it is a directory), for
    /// completing the path `input`.
    Listed {
        input: String,
        entries: Result<Vec<(String, bool)>, String>,
    },
    Saved(Result<PathBuf, String>),
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
    /// Look for an autosaved draft of the thread with this key and send
    /// back `Msg::DraftFound`.
    FindDraft(String),
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
            read_scroll: Scroll::default(),
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
            analysis: None,
            review_sel: 0,
            review_scroll: 0,
            review_top: std::cell::Cell::new(0),
            review_undo: Vec::new(),
            revisions: Vec::new(),
            dismissed: Vec::new(),
            checklist: vec![false; flow.finish.checklist.len()],
            finish_scroll: 0,
            finish_max: std::cell::Cell::new(0),
            out: None,
            saved_version: None,
            replied: false,
            quit_after_save: false,
            autosaved: (0, 0, None),
            status: None,
            size: (80, 24),
            color: true,
            launch: None,
        }
    }

    /// Opens a thread and goes to the read step.
    pub fn open_thread(&mut self, data: ThreadData, origin: Origin) {
        self.thread_key = Some(data.key());
        self.thread = Some(ThreadView::new(data));
        self.origin = Some(origin);
        self.read_scroll = Scroll::default();
        self.draft_scroll = None;
        self.screen = Screen::Read;
        self.overlay = None;
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
        self.analysis = None;
        self.review_sel = 0;
        self.review_scroll = 0;
        self.review_undo.clear();
        self.revisions.clear();
        self.checklist = vec![false; self.flow.finish.checklist.len()];
        self.finish_scroll = 0;
        self.saved_version = None;
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
            None => Model::screen_place(self.screen, self.notes_focus),
        }
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
    pub fn intents(&self) -> Vec<&crate::engine::rules::Intent> {
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
        let text = self.editor.text();
        let answering = self.answering_text();
        let dismissed = self.dismissals();
        self.engine.analyze(
            &text,
            &Context {
                answering: answering.as_deref(),
                intent: self.intent.as_deref(),
                dismissed: &dismissed,
            },
        )
    }

    /// The lines of the review list, grouped by dimension.
    pub fn review_items(&self) -> Vec<Item> {
        let Some(a) = &self.analysis else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for d in Dimension::ALL {
            for kind in [Kind::Flag, Kind::Cue] {
                out.extend(
                    a.findings
                        .iter()
                        .enumerate()
                        .filter(|(_, f)| f.dimension == d && f.kind == kind)
                        .map(|(i, _)| Item::Finding(i)),
                );
            }
            if a.missing.contains(&d) {
                out.push(Item::Missing(d));
            }
        }
        out
    }

    /// The selected line of the review list.
    pub fn selected_item(&self) -> Option<Item> {
        let items = self.review_items();
        items
            .get(self.review_sel.min(items.len().saturating_sub(1)))
            .copied()
    }

    /// The finding selected in the review.
    pub fn selected_finding(&self) -> Option<&Finding> {
        match self.selected_item()? {
            Item::Finding(i) => self.analysis.as_ref()?.findings.get(i),
            Item::Missing(_) => None,
        }
    }

    /// The check before the current one, for "what changed".
    pub fn previous_revision(&self) -> Option<&Revision> {
        let n = self.revisions.len();
        (n >= 2).then(|| &self.revisions[n - 2])
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

    /// Checks again after a change made in the review, keeping the
    /// selection near where it was: on the first flag from there on.
    fn recheck(&mut self) {
        let at = self.selected_finding().map(|f| f.byte_start).unwrap_or(0);
        self.recheck_at(at);
    }

    /// Checks again and selects the first flag at or after byte `at`.
    fn recheck_at(&mut self, at: usize) {
        self.check();
        let Some(a) = &self.analysis else { return };
        let items = self.review_items();
        let flag_from = |min: usize| {
            items.iter().position(|it| {
                matches!(it, Item::Finding(i)
                    if a.findings[*i].kind == Kind::Flag && a.findings[*i].byte_start >= min)
            })
        };
        if let Some(pos) = flag_from(at).or_else(|| flag_from(0)) {
            self.review_sel = pos;
        }
    }

    fn check(&mut self) {
        let analysis = self.analyze_now();
        let text = self.editor.text();
        let same = self
            .revisions
            .last()
            .is_some_and(|r| r.text == text && r.analysis == analysis);
        if !same {
            self.revisions.push(Revision {
                text,
                analysis: analysis.clone(),
            });
        }
        self.analysis = Some(analysis);
        let n = self.review_items().len();
        self.review_sel = self.review_sel.min(n.saturating_sub(1));
    }

    fn enter_review(&mut self) {
        self.review_undo.clear();
        self.review_sel = 0;
        self.review_scroll = 0;
        self.check();
        // Start on the first flag, if any.
        if let Some(a) = &self.analysis {
            let items = self.review_items();
            if let Some(pos) = items
                .iter()
                .position(|it| matches!(it, Item::Finding(i) if a.findings[*i].kind == Kind::Flag))
            {
                self.review_sel = pos;
            }
        }
        self.screen = Screen::Review;
    }

    /// The unfilled blanks (`___`) of the draft, as byte spans.
    pub fn blanks(&self) -> Vec<std::ops::Range<usize>> {
        crate::engine::blanks::blank_spans(&self.editor.text())
    }

    fn flags_left(&self) -> usize {
        self.analysis.as_ref().map_or(0, |a| a.to_fix().count())
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
        Msg::ThreadLoaded(Ok((data, origin))) => match m.pending_restore.take() {
            Some(saved) if saved.thread_key == data.key() => {
                enter_thread(m, data, origin, &mut fx);
                apply_draft(m, &saved);
            }
            Some(_) => {
                switch_thread(m, data, origin, &mut fx);
                m.status = Some(
                    "That file no longer holds the message your draft answered; \
                     the draft stays saved."
                        .into(),
                );
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
        Msg::DraftFound(found) => {
            if let Some(saved) = found
                && m.editor.is_blank()
                && m.overlay.is_none()
                && m.thread_key.as_deref() == Some(saved.thread_key.as_str())
            {
                m.offer_restore(*saved);
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
        Screen::Read => {
            if let Some(t) = &m.thread {
                m.read_scroll = m.read_scroll.moved(t, m.thread_width(), rows as isize);
            }
        }
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
            m.review_scroll = (m.review_top.get() as isize + rows as isize).max(0) as usize;
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
    if m.unsaved() && m.screen == Screen::Finish && m.overlay.is_none() {
        m.overlay = Some(Overlay::QuitWithReply);
    } else if m.unsaved() {
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
        Place::Read => read(m, action),
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
    match saved.origin.clone() {
        Origin::Sample => {
            let mut t = thread_view::sample();
            t.answering = saved.answering.min(t.messages.len().saturating_sub(1));
            enter_thread(m, t, Origin::Sample, fx);
            apply_draft(m, &saved);
        }
        Origin::Pasted { text } => {
            match thread_view::import(text.as_bytes(), "the saved thread", None, None) {
                Ok(mut t) => {
                    t.answering = saved.answering.min(t.messages.len().saturating_sub(1));
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

/// Opens a thread, then looks for a draft saved for it to offer back.
fn switch_thread(m: &mut Model, data: ThreadData, origin: Origin, fx: &mut Vec<Effect>) {
    enter_thread(m, data, origin, fx);
    if m.editor.is_blank()
        && let Some(key) = &m.thread_key
    {
        fx.push(Effect::FindDraft(key.clone()));
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

fn read(m: &mut Model, action: Action) {
    let Some(t) = &m.thread else {
        m.screen = Screen::Home;
        return;
    };
    let w = m.thread_width();
    let page = m.page();
    let s = m.read_scroll;
    m.read_scroll = match action {
        Action::Up => s.moved(t, w, -1),
        Action::Down => s.moved(t, w, 1),
        Action::PageUp => s.moved(t, w, -page),
        Action::PageDown => s.moved(t, w, page),
        Action::Top => Scroll::default(),
        Action::Bottom => Scroll::end(t, w, page as usize),
        Action::JumpAnswered => Scroll {
            part: t.part_of_message(t.data.answering),
            row: 0,
        },
        _ => s,
    };
    match action {
        Action::ToggleFold => {
            let folded = !t.folded();
            t.set_folded(folded);
            if !t.has_trails() {
                m.status = Some("Nothing to fold in this thread.".into());
            }
        }
        Action::EditNotes => m.notes_focus = true,
        Action::Next => m.screen = Screen::Intent,
        Action::Back => m.screen = Screen::Home,
        _ => {}
    }
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
    let n = m.review_items().len();
    match action {
        Action::NextItem => {
            m.review_sel = (m.review_sel + 1).min(n.saturating_sub(1));
            m.review_scroll = usize::MAX;
        }
        Action::PrevItem => {
            m.review_sel = m.review_sel.saturating_sub(1);
            m.review_scroll = usize::MAX;
        }
        Action::PageUp => m.review_scroll = m.review_top.get().saturating_sub(m.page() as usize),
        Action::PageDown => m.review_scroll = m.review_top.get().saturating_add(m.page() as usize),
        Action::Apply(k) => apply(m, k.max(1) as usize - 1),
        Action::Dismiss => {
            if let Some(Item::Finding(i)) = m.selected_item() {
                m.overlay = Some(Overlay::Dismiss(i));
            } else {
                m.status = Some("Only findings can be dismissed.".into());
            }
        }
        Action::Undo => match m.review_undo.pop() {
            Some(ReviewUndo::Edit(at)) => {
                m.editor.apply(EditOp::Undo);
                m.recheck_at(at);
                m.status = Some("Undone.".into());
            }
            Some(ReviewUndo::Dismiss(d, at)) => {
                m.dismissed.retain(|x| x.dismissal != d);
                fx.push(Effect::SaveDismissals(m.dismissed.clone()));
                m.recheck_at(at);
                m.status = Some("The finding is back.".into());
            }
            None => m.status = Some("Nothing to undo here.".into()),
        },
        Action::Jump => {
            match m.selected_item() {
                Some(Item::Finding(_)) => {
                    if let Some(f) = m.selected_finding() {
                        let r = f.byte_start..f.byte_end;
                        m.editor.select_bytes(r);
                    }
                }
                _ => {
                    let end = m.editor.text().len();
                    m.editor.set_cursor_byte(end);
                }
            }
            m.screen = Screen::Draft;
        }
        Action::Edit => m.screen = Screen::Draft,
        Action::Finish => {
            if m.revisions.is_empty() {
                m.check();
            }
            m.finish_scroll = 0;
            m.screen = Screen::Finish;
        }
        _ => {}
    }
}

/// Applies suggestion `k` of the selected finding, or inserts scaffold `k`
/// of the selected missing dimension.
fn apply(m: &mut Model, k: usize) {
    match m.selected_item() {
        Some(Item::Finding(_)) => {
            let Some(f) = m.selected_finding().cloned() else {
                return;
            };
            let Some(rewrite) = f.suggestions.get(k) else {
                m.status = Some(if f.suggestions.is_empty() {
                    "No suggestion for this one; edit it yourself (Enter) or dismiss it (d).".into()
                } else {
                    format!("There are {} suggestions.", f.suggestions.len())
                });
                return;
            };
            let text = m.editor.text();
            match rewrite::apply(&text, &f, rewrite) {
                Some(applied) => {
                    let at = applied.replaced.end;
                    m.editor.replace_text(&applied.text, at, None);
                    m.review_undo.push(ReviewUndo::Edit(f.byte_start));
                    m.recheck();
                    m.status = Some("Applied. Press u to undo.".into());
                }
                None => m.status = Some("The draft changed; check it again.".into()),
            }
        }
        Some(Item::Missing(d)) => {
            let lib = m.engine.library();
            let scaffolds = lib.scaffolds_for(d, m.intent.as_deref());
            let Some(s) = scaffolds.get(k) else {
                m.status = Some("No sentence start for this one.".into());
                return;
            };
            let scaffold = s.text.clone();
            let at = m.editor.cursor_byte();
            insert_scaffold(m, &scaffold);
            m.review_undo.push(ReviewUndo::Edit(at));
            m.check();
        }
        None => {}
    }
}

/// Inserts a scaffold at the sentence boundary at or after the cursor (see
/// [`scaffold_insertion`]), then goes to the draft with its first blank
/// selected, so typing fills it in.
fn insert_scaffold(m: &mut Model, scaffold: &str) {
    let text = m.editor.text();
    let (new, cursor, blank) = scaffold_insertion(&text, m.editor.cursor_byte(), scaffold);
    m.editor.replace_text(&new, cursor, blank);
    m.screen = Screen::Draft;
    m.status = Some("Inserted. Type to fill in the blank; Ctrl+Z takes it back.".into());
}

/// Where a sentence start goes in `text` when the cursor is at byte `at`:
/// never inside a sentence. Returns the new text, the cursor after the
/// inserted words, and the span of its first blank (`___`), if any.
///
/// The scaffold goes after the sentence that holds the cursor (after its
/// `.`, `!`, `?` or `…` and any closing quote or bracket), or right there
/// when the cursor is already between sentences. A sentence that ends
/// without a mark, at a line break or the end of the draft, gets the
/// scaffold on a line of its own, so no sentence runs into it.
pub fn scaffold_insertion(
    text: &str,
    at: usize,
    scaffold: &str,
) -> (String, usize, Option<std::ops::Range<usize>>) {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let is_mark = |c: char| matches!(c, '.' | '!' | '?' | '…');
    let is_closer = |c: char| matches!(c, '"' | '\'' | ')' | ']' | '”' | '’' | '»');
    let ends_sentence = |before: &str| {
        let t = before.trim_end_matches(is_closer);
        t.ends_with(is_mark)
    };
    // Between sentences already (or at the very start)?
    let before_trim = text[..at].trim_end();
    let between = before_trim.is_empty() || ends_sentence(before_trim);
    let (pos, on_own_line) = if between {
        (before_trim.len(), false)
    } else {
        // The end of the sentence that holds the cursor.
        let rest = &text[at..];
        let mut end = None;
        let mut it = rest.char_indices().peekable();
        while let Some((i, c)) = it.next() {
            if c == '\n' {
                end = Some((at + i, true));
                break;
            }
            if is_mark(c) {
                // Take the whole run of marks and closers with it.
                let mut j = i + c.len_utf8();
                while let Some(&(k, d)) = it.peek() {
                    if is_mark(d) || is_closer(d) {
                        j = k + d.len_utf8();
                        it.next();
                    } else {
                        break;
                    }
                }
                // "3.5" or "e.g.x": a mark followed by a letter ends nothing.
                if rest[j..].chars().next().is_none_or(char::is_whitespace) {
                    end = Some((at + j, false));
                    break;
                }
            }
        }
        end.unwrap_or((text.trim_end().len().max(at), true))
    };
    let before = &text[..pos];
    let after = &text[pos..];
    let mut ins = String::new();
    if on_own_line && !before.trim_end().is_empty() {
        ins.push('\n');
    } else if !before.is_empty() && !before.ends_with(char::is_whitespace) {
        ins.push(' ');
    }
    ins.push_str(scaffold);
    if !after.is_empty() && !after.starts_with(char::is_whitespace) {
        ins.push(' ');
    }
    let mut new = String::with_capacity(text.len() + ins.len());
    new.push_str(before);
    new.push_str(&ins);
    new.push_str(after);
    let blank = crate::engine::blanks::blank_spans(&ins)
        .first()
        .map(|b| pos + b.start..pos + b.end);
    (new, pos + ins.len(), blank)
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
    let Some(f) = m.analysis.as_ref().and_then(|a| a.findings.get(i)) else {
        return;
    };
    let dismissal = Dismissal::new(&f.rule_id, &f.matched);
    m.dismissed.retain(|d| d.dismissal != dismissal);
    m.dismissed.push(Dismissed {
        dismissal: dismissal.clone(),
        reason,
    });
    let at = m
        .analysis
        .as_ref()
        .and_then(|a| a.findings.get(i))
        .map_or(0, |f| f.byte_start);
    m.review_undo.push(ReviewUndo::Dismiss(dismissal, at));
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
            fx.push(Effect::Copy(text));
        }
        _ => {}
    }
}

/// A count of flags by what they matched, to tell what changed.
pub fn flag_counts(a: &Analysis) -> HashMap<(String, String), usize> {
    let mut out = HashMap::new();
    for f in a.flags() {
        *out.entry((f.rule_id.clone(), crate::engine::fold_phrase(&f.matched)))
            .or_default() += 1;
    }
    out
}

/// Flags fixed and flags new between two analyses (matched words). A flag
/// that went away because it was dismissed was not fixed.
pub fn changes(
    before: &Analysis,
    after: &Analysis,
    dismissed: &[Dismissed],
) -> (Vec<String>, Vec<String>) {
    let b = flag_counts(before);
    let a = flag_counts(after);
    let mut fixed = Vec::new();
    let mut new = Vec::new();
    for f in before.flags() {
        let key = (f.rule_id.clone(), crate::engine::fold_phrase(&f.matched));
        let was_dismissed = dismissed
            .iter()
            .any(|d| d.dismissal.rule_id == key.0 && d.dismissal.phrase == key.1);
        if !was_dismissed
            && a.get(&key).copied().unwrap_or(0) < b[&key]
            && !fixed.contains(&f.matched)
        {
            fixed.push(f.matched.clone());
        }
    }
    for f in after.flags() {
        let key = (f.rule_id.clone(), crate::engine::fold_phrase(&f.matched));
        if b.get(&key).copied().unwrap_or(0) < a[&key] && !new.contains(&f.matched) {
            new.push(f.matched.clone());
        }
    }
    (fixed, new)
}

#[cfg(test)]
mod tests {
    use super::{Completion, complete_path, scaffold_insertion};

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

    const S: &str = "Would you be open to ___?";

    #[track_caller]
    fn insert(text_with_cursor: &str) -> String {
        let at = text_with_cursor.find('|').expect("a cursor mark");
        let text = text_with_cursor.replace('|', "");
        let (new, cursor, blank) = scaffold_insertion(&text, at, S);
        let blank = blank.expect("the scaffold has a blank");
        assert_eq!(&new[blank.clone()], "___");
        assert!(cursor >= blank.end);
        new
    }

    #[test]
    fn a_sentence_start_goes_after_the_sentence_that_holds_the_cursor() {
        assert_eq!(
            insert("I understand your point. At the same time, |it's just wrong. Bye."),
            "I understand your point. At the same time, it's just wrong. \
             Would you be open to ___? Bye."
        );
        assert_eq!(
            insert("It cost us 3.5 hours| of our time!) Sorry."),
            "It cost us 3.5 hours of our time!) Would you be open to ___? Sorry."
        );
    }

    #[test]
    fn between_sentences_it_goes_right_there() {
        assert_eq!(
            insert("Thanks. |We will fix it."),
            "Thanks. Would you be open to ___? We will fix it."
        );
        assert_eq!(insert("|"), S);
        assert_eq!(insert("Done.|"), "Done. Would you be open to ___?");
    }

    #[test]
    fn a_sentence_without_an_end_mark_gets_a_line_of_its_own() {
        assert_eq!(
            insert("thanks for the re|port"),
            "thanks for the report\nWould you be open to ___?"
        );
        assert_eq!(
            insert("hype and could |you\nour time."),
            "hype and could you\nWould you be open to ___?\nour time."
        );
    }
}
