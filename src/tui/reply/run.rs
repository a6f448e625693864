//! The run loop: the only part of the flow that does I/O. It sets up the
//! terminal (and always restores it: on return, on a panic, on SIGTERM and
//! SIGHUP), turns terminal events into messages, runs live checks on a
//! worker thread, and carries out the effects `update` asks for.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event, MouseEventKind,
};
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use crossterm::{cursor, execute};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use super::model::{Effect, Model, Msg};
use super::update::update;
use crate::store::{self, Autosave, DraftJournal, Origin, Store};
use crate::tui::widgets::thread_view::{self, ThreadData};
use tactful_engine::{Context, Engine};

/// How long without a key before the draft is saved and checked.
const IDLE: Duration = Duration::from_millis(300);
/// The longest wait between autosaves while typing without a pause.
const MAX_BUSY: Duration = Duration::from_secs(2);

/// What the flow starts with.
pub struct Options {
    pub engine: Engine,
    /// A thread to answer; `None` starts on the home screen.
    pub thread: Option<(ThreadData, Origin)>,
    pub out: Option<PathBuf>,
}

/// How the flow ended.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Outcome {
    /// The reply to print on standard output, now that the terminal is
    /// restored.
    pub print: Option<String>,
    /// Whether a reply left tactful (saved, printed or copied).
    pub replied: bool,
    /// Whether the home screen went on to practice or a workshop.
    pub went_on: bool,
}

impl Outcome {
    /// The exit status of the guided flow, the same for `tactful` and
    /// `tactful reply`: 0 when a reply left (or practice or a workshop
    /// took over from the home screen), 1 when it was left without one.
    pub fn status(&self) -> u8 {
        if self.replied || self.went_on { 0 } else { 1 }
    }
}

type Writer = Box<dyn Write + Send>;

/// Where the screen is drawn: standard output when it is a terminal, else
/// the controlling terminal (so `tactful reply t.md > reply.md` works).
fn tty_writer() -> anyhow::Result<Writer> {
    if std::io::stdout().is_terminal() {
        return Ok(Box::new(std::io::stdout()));
    }
    #[cfg(unix)]
    {
        let tty = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/tty")
            .context(
                "tactful needs a terminal for the guided flow (use `tactful check` in scripts)",
            )?;
        Ok(Box::new(tty))
    }
    #[cfg(not(unix))]
    anyhow::bail!("tactful needs a terminal for the guided flow (use `tactful check` in scripts)")
}

fn setup(w: &mut Writer) -> std::io::Result<()> {
    enable_raw_mode()?;
    execute!(
        w,
        EnterAlternateScreen,
        EnableBracketedPaste,
        EnableMouseCapture,
        cursor::Hide
    )
}

/// Puts the terminal back as it was. Safe to call more than once.
fn restore_terminal() {
    let _ = disable_raw_mode();
    if let Ok(mut w) = tty_writer() {
        let _ = execute!(
            w,
            DisableMouseCapture,
            DisableBracketedPaste,
            LeaveAlternateScreen,
            cursor::Show
        );
        let _ = w.flush();
    }
}

/// A job for the live-check worker.
struct Job {
    version: u64,
    text: String,
    answering: Option<String>,
    intent: Option<String>,
    dismissed: Vec<tactful_engine::Dismissal>,
}

/// Runs the guided flow. Returns the reply to print, if the user chose to
/// print it (after the terminal is restored), and whether a reply left.
pub fn run(opts: Options) -> anyhow::Result<Outcome> {
    let (store, note) = match Store::open() {
        Ok(s) => (s, None),
        Err(e) => {
            // No home directory: keep drafts somewhere rather than nowhere.
            let dir = std::env::temp_dir().join("tactful-state");
            let note = format!("{e:#}; drafts are kept in {}", dir.display());
            (Store::at(dir), Some(note))
        }
    };
    let engine = Arc::new(opts.engine);
    let mut model = Model::new(engine.clone());
    model.status = note;
    model.color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    model.out = opts.out;
    model.dismissed = store.load_dismissals();
    migrate_legacy_draft(&store);
    let saved = match opts.thread {
        Some((data, origin)) => {
            // Only a draft written for this very thread (and the message
            // it answers, once chosen) is offered.
            let any_message = data.default_answer;
            model.open_thread(data, origin);
            model.draft_of_this_thread(store.drafts(), any_message)
        }
        // On the home screen: the latest draft, which reopens its thread.
        None => store.load_draft(),
    };
    if let Some(saved) = saved {
        model.offer_restore(saved);
    }

    let mut writer = tty_writer()?;
    // The last state of the draft, for the panic hook and signals.
    let snapshot: Arc<Mutex<Option<Autosave>>> = Arc::new(Mutex::new(None));
    install_panic_hook(store.clone(), snapshot.clone());
    let term_flag = Arc::new(AtomicBool::new(false));
    watch_signals(store.clone(), snapshot.clone(), term_flag.clone())?;
    setup(&mut writer).context("cannot set up the terminal")?;
    let result = (|| {
        let mut terminal = Terminal::new(CrosstermBackend::new(writer))?;
        let size = terminal.size()?;
        model.size = (size.width, size.height);
        event_loop(
            &mut model,
            &mut terminal,
            &store,
            &engine,
            &snapshot,
            &term_flag,
        )
    })();
    // Whatever happened, the draft is kept.
    if let Some(save) = current_autosave(&model) {
        let _ = store.save_draft(&save);
    }
    restore_terminal();
    // Practice or a workshop, chosen on the home screen.
    let mut went_on = false;
    if result.is_ok()
        && let Some(launch) = model.launch.take()
    {
        crate::tui::practice::run::launch(engine, launch)?;
        went_on = true;
    }
    result.map(|print| Outcome {
        replied: model.replied || print.is_some(),
        went_on,
        print,
    })
}

fn current_autosave(m: &Model) -> Option<Autosave> {
    if !m.unsaved() {
        return None;
    }
    let mut save = m.autosave_value()?;
    save.saved_at = store::now();
    Some(save)
}

/// Moves a draft saved before drafts were kept per thread (one
/// `draft.json`) to its thread's place, once its thread can be read again
/// from where it came from. A draft whose thread is gone stays where it
/// is, untouched and not offered: nothing typed is deleted.
pub fn migrate_legacy_draft(store: &Store) {
    let Some(mut old) = store.legacy_draft() else {
        return;
    };
    let thread = match &old.origin {
        Origin::Sample => Ok(thread_view::sample()),
        Origin::Pasted { text } => {
            thread_view::import(text.as_bytes(), "the saved thread", None, None)
        }
        Origin::File { path } => thread_view::import_file(path, None, None),
    };
    let Ok(mut thread) = thread else {
        return;
    };
    thread.answering = old.answering.min(thread.messages.len().saturating_sub(1));
    old.thread_key = thread.key();
    old.version = Autosave::VERSION;
    // Never overwrite a newer draft of the same thread.
    if store.load_draft_for(&old.thread_key).is_none() && store.save_draft(&old).is_err() {
        return;
    }
    let _ = store.forget_legacy_draft();
}

/// SIGTERM, SIGHUP (the terminal closed) and SIGINT: keep the draft,
/// restore the terminal, exit. This runs on its own thread because the main
/// thread may be inside a read from a terminal that is gone.
fn watch_signals(
    store: Store,
    snapshot: Arc<Mutex<Option<Autosave>>>,
    flag: Arc<AtomicBool>,
) -> anyhow::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT])?;
    std::thread::spawn(move || {
        if let Some(sig) = signals.forever().next() {
            flag.store(true, Ordering::SeqCst);
            if let Ok(guard) = snapshot.lock()
                && let Some(save) = guard.as_ref()
            {
                let _ = store.save_draft(save);
            }
            restore_terminal();
            std::process::exit(128 + sig);
        }
    });
    Ok(())
}

fn install_panic_hook(store: Store, snapshot: Arc<Mutex<Option<Autosave>>>) {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal();
        if let Ok(guard) = snapshot.lock()
            && let Some(save) = guard.as_ref()
        {
            let _ = store.save_draft(save);
            eprintln!(
                "tactful: your draft is saved in {} and will be offered back next time.",
                store.dir().display()
            );
        }
        previous(info);
    }));
}

fn event_loop(
    model: &mut Model,
    terminal: &mut Terminal<CrosstermBackend<Writer>>,
    store: &Store,
    engine: &Arc<Engine>,
    snapshot: &Arc<Mutex<Option<Autosave>>>,
    term_flag: &Arc<AtomicBool>,
) -> anyhow::Result<Option<String>> {
    let (job_tx, job_rx) = mpsc::channel::<Job>();
    let (res_tx, res_rx) = mpsc::channel::<Msg>();
    {
        let engine = engine.clone();
        std::thread::spawn(move || {
            // Paragraphs that did not change are not read again.
            let mut cache = tactful_engine::AnalysisCache::default();
            while let Ok(mut job) = job_rx.recv() {
                // Only the newest draft matters.
                while let Ok(newer) = job_rx.try_recv() {
                    job = newer;
                }
                let a = engine.analyze_incremental(
                    &job.text,
                    &Context {
                        answering: job.answering.as_deref(),
                        intent: job.intent.as_deref(),
                        dismissed: &job.dismissed,
                    },
                    &mut cache,
                );
                if res_tx
                    .send(Msg::Analyzed(job.version, Box::new(a)))
                    .is_err()
                {
                    break;
                }
            }
        });
    }
    // The journal of the draft's changes (see `store::journal`), and what
    // it last recorded: every change reaches it before it is drawn.
    let mut journal: Option<DraftJournal> = None;
    let mut journaled = (u64::MAX, u64::MAX, None);
    let mut journal_failed = false;
    let mut dirty = true;
    let mut last_input = Instant::now();
    let mut last_idle = Instant::now();
    let mut idled = false;
    let mut snap_version = u64::MAX;
    loop {
        if term_flag.load(Ordering::Relaxed) {
            return Ok(None);
        }
        if dirty {
            terminal.draw(|f| super::view::draw(model, f))?;
            dirty = false;
        }
        let mut msgs = Vec::new();
        if event::poll(Duration::from_millis(50))? {
            // Take everything waiting, then draw once.
            loop {
                if let Some(msg) = to_msg(event::read()?) {
                    msgs.push(msg);
                }
                if !event::poll(Duration::ZERO)? || msgs.len() > 256 {
                    break;
                }
            }
            last_input = Instant::now();
            idled = false;
        }
        while let Ok(msg) = res_rx.try_recv() {
            msgs.push(msg);
        }
        let now = Instant::now();
        if (!idled && now - last_input >= IDLE) || now - last_idle >= MAX_BUSY {
            msgs.push(Msg::Idle);
            idled = true;
            last_idle = now;
        }
        for msg in msgs {
            if !matches!(msg, Msg::Idle) {
                dirty = true;
            }
            let mut queue = vec![msg];
            while let Some(msg) = queue.pop() {
                for effect in update(model, msg) {
                    dirty = true;
                    match perform(effect, store, &mut journal, &job_tx, terminal)? {
                        Step::Continue => {}
                        Step::Then(m) => queue.push(m),
                        Step::Quit(print) => return Ok(print),
                    }
                }
            }
        }
        let now = (
            model.editor.version(),
            model.notes.version(),
            model.intent.clone(),
        );
        if now != journaled {
            journaled = now;
            if let Err(e) = keep_journal(model, store, &mut journal) {
                journal = None;
                // Said once, until the journal works again.
                if !journal_failed {
                    update(model, Msg::KeepFailed(format!("Autosave failed: {e:#}")));
                }
                journal_failed = true;
                dirty = true;
            } else {
                journal_failed = false;
            }
        }
        if model.editor.version() != snap_version {
            snap_version = model.editor.version();
            if let Ok(mut guard) = snapshot.lock() {
                *guard = current_autosave(model);
            }
        }
    }
}

/// Records the draft's latest change in its journal, starting one (with a
/// whole save) when there is none for its thread. A draft with nothing
/// unsaved is not journaled, unless its journal is under way (a draft
/// emptied is recorded as empty).
fn keep_journal(
    model: &Model,
    store: &Store,
    journal: &mut Option<DraftJournal>,
) -> anyhow::Result<()> {
    let Some(mut save) = model.autosave_value() else {
        return Ok(());
    };
    match journal {
        Some(j) if j.key() == save.thread_key => j.record(&save),
        _ if model.unsaved() => {
            save.saved_at = store::now();
            *journal = Some(store.begin_journal(&save)?);
            Ok(())
        }
        _ => Ok(()),
    }
}

fn to_msg(ev: Event) -> Option<Msg> {
    match ev {
        Event::Key(k) => Some(Msg::Key(k)),
        Event::Paste(s) => Some(Msg::Paste(s)),
        Event::Resize(w, h) => Some(Msg::Resize(w, h)),
        Event::Mouse(me) => match me.kind {
            MouseEventKind::ScrollDown => Some(Msg::Scroll(3, me.column, me.row)),
            MouseEventKind::ScrollUp => Some(Msg::Scroll(-3, me.column, me.row)),
            _ => None,
        },
        _ => None,
    }
}

enum Step {
    Continue,
    Then(Msg),
    Quit(Option<String>),
}

fn perform(
    effect: Effect,
    store: &Store,
    journal: &mut Option<DraftJournal>,
    jobs: &mpsc::Sender<Job>,
    terminal: &mut Terminal<CrosstermBackend<Writer>>,
) -> anyhow::Result<Step> {
    Ok(match effect {
        Effect::Analyze {
            version,
            text,
            answering,
            intent,
            dismissed,
        } => {
            let _ = jobs.send(Job {
                version,
                text,
                answering,
                intent,
                dismissed,
            });
            Step::Continue
        }
        Effect::Autosave(mut save) => {
            save.saved_at = store::now();
            // A pause: the draft saved whole (and synced), its journal
            // started afresh on top of it.
            let saved = match journal.take() {
                Some(j) if j.key() == save.thread_key => {
                    store.begin_journal(&save).map(|j| *journal = Some(j))
                }
                _ => store.save_draft(&save),
            };
            match saved {
                Ok(()) => Step::Continue,
                Err(e) => Step::Then(Msg::KeepFailed(format!("Autosave failed: {e:#}"))),
            }
        }
        Effect::ClearAutosave(key) => {
            *journal = None;
            let _ = store.clear_draft(&key);
            Step::Continue
        }
        Effect::ListDir { dir, input } => Step::Then(Msg::Listed {
            input,
            entries: list_dir(&dir),
        }),
        Effect::TakeAlong { carried, from } => {
            *journal = None;
            let from = from.as_ref().map(|(k, a)| (k.as_str(), *a));
            let mut carried = *carried;
            carried.saved_at = store::now();
            match store.take_draft(&carried, from) {
                Ok(Some(existing)) => Step::Then(Msg::TakeRefused(Box::new(existing))),
                Ok(None) => Step::Continue,
                Err(e) => Step::Then(Msg::KeepFailed(format!("Autosave failed: {e:#}"))),
            }
        }
        Effect::FindDraft { key, any_message } => Step::Then(Msg::DraftsFound {
            drafts: if any_message {
                store.drafts()
            } else {
                store.load_draft_for(&key).into_iter().collect()
            },
            any_message,
        }),
        Effect::SaveDismissals(d) => match store.save_dismissals(&d) {
            Ok(()) => Step::Continue,
            Err(e) => Step::Then(Msg::KeepFailed(format!(
                "The dismissal holds for this draft, but could not be kept for later ones: {e:#}"
            ))),
        },
        Effect::LoadThread(path) => {
            let shown = path.display().to_string();
            let full = std::path::absolute(&path).unwrap_or(path.clone());
            Step::Then(Msg::ThreadLoaded(
                thread_view::import_file(&path, None, None)
                    .map(|t| (t, Origin::File { path: full }))
                    .map_err(|e| {
                        if e.contains(&shown) {
                            e
                        } else {
                            format!("{shown}: {e}")
                        }
                    }),
            ))
        }
        Effect::Save { path, text } => Step::Then(Msg::Saved(
            store::write_atomic(&path, text.as_bytes())
                .map(|_| path.clone())
                .map_err(|e| format!("{e:#}")),
        )),
        Effect::Copy(text) => {
            let seq = osc52(&text);
            let w = terminal.backend_mut();
            let _ = w.write_all(seq.as_bytes());
            let _ = w.flush();
            Step::Then(Msg::Copied)
        }
        Effect::Print(text) => Step::Quit(Some(text)),
        Effect::Quit => Step::Quit(None),
    })
}

/// The entries of a directory, for Tab completion: name and whether it
/// is a directory (following links).
pub fn list_dir(dir: &std::path::Path) -> Result<Vec<(String, bool)>, String> {
    let rd = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    Ok(rd
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            Some((name, e.path().is_dir()))
        })
        .collect())
}

/// The OSC 52 sequence that puts `text` on the system clipboard.
pub fn osc52(text: &str) -> String {
    format!("\x1b]52;c;{}\x07", base64(text.as_bytes()))
}

fn base64(bytes: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(T[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_old_draft_moves_to_its_thread_and_one_without_a_thread_stays_put() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path());
        let old = r#"{"version":1,"origin":{"kind":"sample"},"title":"t","answering":99,
            "intent":null,"notes":"","draft":"Kept across versions.","saved_at":3}"#;
        std::fs::write(dir.path().join("draft.json"), old).unwrap();
        migrate_legacy_draft(&store);
        let key = thread_view::sample().key();
        let d = store
            .load_draft_for(&key)
            .expect("moved under the sample's key");
        assert_eq!(d.draft, "Kept across versions.");
        assert_eq!(d.version, Autosave::VERSION);
        assert!(!dir.path().join("draft.json").exists());

        let gone = r#"{"version":1,"origin":{"kind":"file","path":"/nowhere/t.md"},
            "title":null,"answering":0,"intent":null,"notes":"","draft":"Mine.","saved_at":3}"#;
        std::fs::write(dir.path().join("draft.json"), gone).unwrap();
        migrate_legacy_draft(&store);
        assert!(dir.path().join("draft.json").exists(), "not deleted");
        assert_eq!(store.drafts().len(), 1, "and not offered");
    }

    #[test]
    fn base64_matches_the_standard() {
        assert_eq!(super::base64(b""), "");
        assert_eq!(super::base64(b"f"), "Zg==");
        assert_eq!(super::base64(b"fo"), "Zm8=");
        assert_eq!(super::base64(b"foo"), "Zm9v");
        assert_eq!(super::base64(b"hello world"), "aGVsbG8gd29ybGQ=");
    }
}
