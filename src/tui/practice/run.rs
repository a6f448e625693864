//! Practice's run loop: the only part of practice mode that does I/O. It
//! sets up the terminal (ratatui's `init`, whose panic hook restores the
//! terminal first; bracketed paste on), turns events into messages, sends
//! `Idle` after a pause in typing, autosaves the draft in the data
//! directory, and records the finished attempt in the history (and the
//! export file, if asked).

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste, Event};
use crossterm::execute;

use super::view::draw;
use super::{Choice, Effect, Msg, Practice, Screen, drive};
use crate::files::{self, Base, now, write_atomic};
use crate::practice::{Attempt, Exercise, history, time};
use crate::store::journal::{self, Journal};
use tactful_engine::Engine;

/// How long without a key before the draft is checked and saved.
const IDLE: Duration = Duration::from_millis(300);

/// What practice starts with.
pub struct Options {
    pub engine: Arc<Engine>,
    /// The exercise to practise, or the exercises to choose from.
    pub start: Start,
    /// Write the finished attempt here too (atomically).
    pub export: Option<PathBuf>,
    pub name: Option<String>,
    /// Keep the attempt out of the history.
    pub no_history: bool,
}

/// Practice or a workshop, chosen on the reply flow's home screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Launch {
    Practice,
    Workshop,
}

/// Opens practice (on the chooser) or a workshop (10 minutes, no results
/// folder) with the built-in exercises, after the home screen has quit.
/// `tactful practice` and `tactful workshop` take custom exercises and the
/// other options.
pub fn launch(engine: Arc<Engine>, which: Launch) -> anyhow::Result<()> {
    let exercises = crate::practice::Exercises::builtin(engine.library())
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    match which {
        Launch::Practice => {
            let h = history::History::read(&history::default_path()?)?;
            let choices = exercises
                .all
                .into_iter()
                .map(|e| Choice {
                    status: h.status(&e.id),
                    exercise: e,
                })
                .collect();
            let recorded = run(Options {
                engine,
                start: Start::Choose(choices),
                export: None,
                name: None,
                no_history: false,
            })?;
            if let Some(att) = recorded {
                eprintln!(
                    "tactful: {} of {} goals met; attempt recorded.",
                    att.goals_met(),
                    att.goals.len()
                );
            }
        }
        Launch::Workshop => crate::tui::workshop::run::run(crate::tui::workshop::run::Options {
            workshop: crate::tui::workshop::Workshop::new(exercises.all, 10, None),
            results: None,
        })?,
    }
    Ok(())
}

/// What practice opens on.
pub enum Start {
    Exercise(Box<Exercise>),
    Choose(Vec<Choice>),
}

/// Where an unfinished draft of an exercise is kept (and beside it, with
/// the extension `journal`, the changes since it was saved whole: see
/// `store::journal`).
pub fn draft_path(exercise: &str) -> anyhow::Result<PathBuf> {
    Ok(files::dir(Base::Data)?
        .join("drafts")
        .join(format!("{exercise}.txt")))
}

/// The unfinished draft of an exercise, with every change its journal
/// kept; empty when there is none.
pub fn read_draft(exercise: &str) -> anyhow::Result<String> {
    let path = draft_path(exercise)?;
    let base = std::fs::read(&path).unwrap_or_default();
    let mut fields = [String::from_utf8_lossy(&base).into_owned()];
    journal::replay(&path.with_extension("journal"), &base, &mut fields);
    let [text] = fields;
    Ok(text)
}

/// Saves the draft of an exercise whole (or forgets it when it is blank)
/// and, with `keep_on`, starts its journal afresh on top of it.
fn save_draft(exercise: &str, text: &str, keep_on: bool) -> anyhow::Result<Option<Journal>> {
    let path = draft_path(exercise)?;
    let journal_path = path.with_extension("journal");
    if text.trim().is_empty() {
        let _ = std::fs::remove_file(&journal_path);
        let _ = std::fs::remove_file(&path);
        return Ok(None);
    }
    write_atomic(&path, text.as_bytes())?;
    if keep_on {
        Ok(Some(Journal::begin(
            &journal_path,
            text.as_bytes(),
            vec![text.to_string()],
        )?))
    } else {
        let _ = std::fs::remove_file(&journal_path);
        Ok(None)
    }
}

/// Records the draft's latest change in its exercise's journal before it
/// is drawn, starting one (with a whole save) when there is none.
fn keep_journal(p: &Practice, journal: &mut Option<(String, Journal)>) -> anyhow::Result<()> {
    if !matches!(p.screen, Screen::Brief | Screen::Draft | Screen::Review) {
        return Ok(());
    }
    let id = &p.exercise.id;
    let text = p.editor.text();
    match journal {
        Some((kept, j)) if kept == id => j.record(&[&text], now()),
        _ if !text.trim().is_empty() => {
            *journal = save_draft(id, &text, true)?.map(|j| (id.clone(), j));
            Ok(())
        }
        _ => Ok(()),
    }
}

/// Runs practice. Returns the recorded attempt, if the person finished.
pub fn run(opts: Options) -> anyhow::Result<Option<Attempt>> {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() {
        anyhow::bail!(
            "practice needs a terminal; without one, use `tactful practice ID --draft FILE`"
        );
    }
    let engine = opts.engine;
    let started = time::rfc3339(now());
    let mut p = match opts.start {
        Start::Exercise(ex) => {
            let restored = read_draft(&ex.id)?;
            Practice::new(engine, *ex, &restored, started)
        }
        Start::Choose(choices) if !choices.is_empty() => {
            Practice::chooser(engine, choices, started)
        }
        Start::Choose(_) => anyhow::bail!("there are no exercises to practise"),
    };
    p.color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let mut terminal = ratatui::init();
    let _ = execute!(std::io::stdout(), EnableBracketedPaste);
    let mut recorded = None;
    // The journal of the draft's changes: every change reaches it before
    // it is drawn, so a closed terminal or a kill loses nothing shown.
    let mut journal: Option<(String, Journal)> = None;
    let result = (|| -> anyhow::Result<()> {
        let mut last_key = Instant::now();
        let mut idled = false;
        loop {
            terminal.draw(|f| draw(&p, f))?;
            let mut msgs = Vec::new();
            if event::poll(Duration::from_millis(100))? {
                loop {
                    match event::read()? {
                        Event::Key(k) => msgs.push(Msg::Key(k)),
                        Event::Paste(s) => msgs.push(Msg::Paste(s)),
                        _ => {}
                    }
                    if !event::poll(Duration::ZERO)? {
                        break;
                    }
                }
                last_key = Instant::now();
                idled = false;
            } else if !idled && last_key.elapsed() >= IDLE {
                msgs.push(Msg::Idle);
                idled = true;
            }
            let changed = !msgs.is_empty();
            for msg in msgs {
                let now = time::rfc3339(now());
                for fx in drive(&mut p, msg, &now) {
                    match fx {
                        Effect::LoadDraft(id) => {
                            let text = read_draft(&id)?;
                            drive(&mut p, Msg::DraftLoaded(text), &now);
                        }
                        Effect::Autosave(text) => {
                            // A pause: saved whole, the journal afresh.
                            let id = p.exercise.id.clone();
                            let keep_on = journal.take().is_some_and(|(k, _)| k == id);
                            journal = save_draft(&id, &text, keep_on)?.map(|j| (id, j));
                        }
                        Effect::Record(att) => {
                            let att = att.with_name(opts.name.as_deref());
                            if !opts.no_history {
                                history::append(&history::default_path()?, &att)?;
                            }
                            if let Some(path) = &opts.export {
                                write_atomic(path, att.to_json_pretty().as_bytes())?;
                            }
                            journal = None;
                            save_draft(&att.exercise, "", false)?;
                            recorded = Some(att);
                        }
                        Effect::Quit => return Ok(()),
                        Effect::Analyze { .. } => {}
                    }
                }
            }
            if changed && let Err(e) = keep_journal(&p, &mut journal) {
                journal = None;
                p.status = Some(format!("Autosave failed: {e:#}"));
            }
        }
    })();
    let _ = execute!(std::io::stdout(), DisableBracketedPaste);
    ratatui::restore();
    result.map(|_| recorded)
}
