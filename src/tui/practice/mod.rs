//! Practice mode in the terminal: an exercise's brief (setting, thread,
//! goals), a draft with the goals beside it as a checklist that ticks as the
//! draft meets them, the review of the draft, and the results: which goals
//! were met, the scores (first finished draft against the last), and the
//! model replies beside the person's own.
//!
//! The Elm architecture, as in the reply flow: [`Practice`] is the model,
//! [`Msg`] the inputs, [`update`] returns [`Effect`]s (analyse, autosave,
//! record the attempt, quit) and `view::draw` draws. The draft is
//! the reply flow's own [`Editor`], with the editing keys every text field
//! shares; the practice keys are data in [`keymap`].
//!
//! The review is the reply flow's (`widgets::review`), with its keys: apply
//! a rewrite, undo, dismiss, see what changed since the last check. A
//! finding dismissed here is set aside for this attempt only: the goals and
//! the results still read the draft as the engine does, so dismissing a
//! flag never meets a goal.

pub mod keymap;
pub mod run;
pub mod view;

use std::sync::Arc;

use crossterm::event::KeyEvent;

use crate::practice::goals::{self, GoalResult};
use crate::practice::{Attempt, Exercise};
use crate::tui::widgets::editor::{EditOp, Editor};
use crate::tui::widgets::keymap as shared;
use crate::tui::widgets::review::{self as rv, Item, Outcome, Review, ReviewUndo, Reviewed};
use Action as A;
pub use keymap::{Action, Binding, Place, lookup, table};
use tactful_engine::{Analysis, Engine};

/// The steps of practice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    /// Choosing an exercise (when started without one).
    Choose,
    Brief,
    Draft,
    Review,
    Results,
}

/// A finished draft and what the engine read in it.
#[derive(Debug, Clone)]
pub struct Checked {
    pub text: String,
    pub analysis: Analysis,
}

/// An exercise on the chooser, with where the person stands on it.
#[derive(Debug, Clone)]
pub struct Choice {
    pub exercise: Exercise,
    /// "passed 25 Nov 2026", "tried 2×", or empty.
    pub status: String,
}

/// Everything practice knows.
#[derive(Debug)]
pub struct Practice {
    pub engine: Arc<Engine>,
    pub exercise: Exercise,
    /// The exercises to choose from (empty when started on one).
    pub choices: Vec<Choice>,
    pub cursor: usize,
    pub screen: Screen,
    pub editor: Editor,
    /// The last live check and the draft version it read.
    pub live: Option<(u64, Analysis)>,
    /// The first finished draft, and the last.
    pub first: Option<Checked>,
    pub last: Option<Checked>,
    /// The review of the draft: checks, selection, what can be undone,
    /// findings set aside.
    pub review: Review,
    /// The model reply shown beside the draft on the results screen.
    pub model_shown: usize,
    pub scroll: u16,
    pub help: bool,
    pub confirm_quit: bool,
    /// The draft version last autosaved.
    pub autosaved: u64,
    pub started_at: String,
    pub status: Option<String>,
    pub color: bool,
}

/// An input to practice.
#[derive(Debug, Clone)]
pub enum Msg {
    Key(KeyEvent),
    Paste(String),
    /// No key for a moment: time for a live check and an autosave.
    Idle,
    Analyzed(u64, Box<Analysis>),
    /// The kept draft of the chosen exercise (empty if none).
    DraftLoaded(String),
}

/// What the run loop should do.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Analyse this draft and send back `Msg::Analyzed`.
    Analyze {
        version: u64,
        text: String,
    },
    /// Keep the draft in progress.
    Autosave(String),
    /// Read the kept draft of this exercise and send `Msg::DraftLoaded`.
    LoadDraft(String),
    /// Append the attempt to the history (and export it, if asked).
    Record(Box<Attempt>),
    Quit,
}

impl Practice {
    /// Practice on an exercise, with a draft to restore (may be empty).
    pub fn new(
        engine: Arc<Engine>,
        exercise: Exercise,
        draft: &str,
        started_at: String,
    ) -> Practice {
        let restored = !draft.trim().is_empty();
        Practice {
            engine,
            exercise,
            choices: Vec::new(),
            cursor: 0,
            screen: Screen::Brief,
            editor: Editor::new(draft).with_placeholder("Write your reply here…"),
            live: None,
            first: None,
            last: None,
            review: Review::default(),
            model_shown: 0,
            scroll: 0,
            help: false,
            confirm_quit: false,
            autosaved: 0,
            started_at,
            status: restored.then(|| "Your unfinished draft is back.".to_string()),
            color: true,
        }
    }

    /// Practice that starts by choosing among `choices` (at least one).
    pub fn chooser(engine: Arc<Engine>, choices: Vec<Choice>, started_at: String) -> Practice {
        let first = choices[0].exercise.clone();
        let mut p = Practice::new(engine, first, "", started_at);
        p.choices = choices;
        p.screen = Screen::Choose;
        p
    }

    pub fn place(&self) -> Place {
        if self.help {
            Place::Help
        } else if self.confirm_quit {
            Place::ConfirmQuit
        } else {
            match self.screen {
                Screen::Choose => Place::Choose,
                Screen::Brief => Place::Brief,
                Screen::Draft => Place::Draft,
                Screen::Review => Place::Review,
                Screen::Results => Place::Results,
            }
        }
    }

    /// The analysis the checklist shows: the live one, if current enough.
    pub fn current(&self) -> Option<&Analysis> {
        self.live.as_ref().map(|(_, a)| a)
    }

    /// The goals checked against the live analysis (all unmet before it).
    pub fn checklist(&self) -> Vec<GoalResult> {
        match self.current() {
            Some(a) => goals::check_all(&self.exercise.goals, a),
            None => self
                .exercise
                .goals
                .iter()
                .map(|g| GoalResult {
                    text: g.text.clone(),
                    kind: g.check.kind().to_string(),
                    met: false,
                    detail: "not checked yet".into(),
                })
                .collect(),
        }
    }

    /// The attempt as it stands (after at least one finished draft).
    pub fn attempt(&self, finished_at: String) -> Option<Attempt> {
        let last = self.last.as_ref()?;
        let first = self.first.as_ref().unwrap_or(last);
        Some(Attempt::from_analyses(
            &self.exercise,
            (&first.text, &first.analysis),
            (&last.text, &last.analysis),
            Some(self.started_at.clone()),
            finished_at,
        ))
    }

    /// The heated words of the message answered, worst first, each once.
    pub fn their_heat(&self) -> Vec<String> {
        let body = self.exercise.answered();
        let a = self
            .engine
            .analyze(body, &tactful_engine::Context::default());
        let mut flags: Vec<_> = a.flags().collect();
        flags.sort_by_key(|f| (std::cmp::Reverse(f.severity), f.byte_start));
        let mut out: Vec<String> = Vec::new();
        for f in flags {
            let text = f.matched.split_whitespace().collect::<Vec<_>>().join(" ");
            if !out.iter().any(|o| o.eq_ignore_ascii_case(&text)) {
                out.push(text);
            }
        }
        out
    }

    fn finish(&mut self) {
        let text = self.editor.text();
        let analysis = self.exercise.analyze(&self.engine, &text);
        self.live = Some((self.editor.version(), analysis.clone()));
        let checked = Checked { text, analysis };
        if self.first.is_none() {
            self.first = Some(checked.clone());
        }
        self.last = Some(checked);
        self.screen = Screen::Results;
        self.model_shown = 0;
        self.scroll = 0;
    }
}

/// Applies a message and says what should happen next. `now` is the time
/// an attempt is recorded at (RFC 3339), given by the caller so that
/// update stays free of the clock.
pub fn update(p: &mut Practice, msg: Msg, now: &str) -> Vec<Effect> {
    let mut fx = Vec::new();
    match msg {
        Msg::Idle => {
            let v = p.editor.version();
            if p.live.as_ref().is_none_or(|(lv, _)| *lv != v) {
                fx.push(Effect::Analyze {
                    version: v,
                    text: p.editor.text(),
                });
            }
            if p.autosaved != v {
                p.autosaved = v;
                fx.push(Effect::Autosave(p.editor.text()));
            }
        }
        Msg::Analyzed(v, a) => {
            if v == p.editor.version() {
                p.live = Some((v, *a));
            }
        }
        Msg::DraftLoaded(text) => {
            p.status =
                (!text.trim().is_empty()).then(|| "Your unfinished draft is back.".to_string());
            p.editor = Editor::new(&text).with_placeholder("Write your reply here…");
            p.autosaved = p.editor.version();
        }
        Msg::Paste(text) => {
            if p.place() == Place::Draft {
                p.editor.apply(EditOp::InsertText(text));
            }
        }
        Msg::Key(k) => match lookup(p.place(), &k) {
            Some(Ok(a)) => action(p, a, now, &mut fx),
            Some(Err(op)) => {
                p.status = None;
                p.editor.apply(op);
            }
            None => {}
        },
    }
    fx
}

fn action(p: &mut Practice, a: Action, now: &str, fx: &mut Vec<Effect>) {
    match (p.place(), a) {
        (Place::Help, A::Close) => p.help = false,
        (_, A::Help) => p.help = true,
        (Place::ConfirmQuit, A::Yes) => {
            // A draft finished before counts as an attempt; the draft in
            // progress is kept after it.
            if let Some(att) = p.attempt(now.to_string()) {
                fx.push(Effect::Record(Box::new(att)));
            }
            fx.push(Effect::Autosave(p.editor.text()));
            fx.push(Effect::Quit);
        }
        (Place::ConfirmQuit, A::No) => p.confirm_quit = false,
        (Place::Choose, A::Quit) => fx.push(Effect::Quit),
        (Place::Choose, A::Up) => p.cursor = p.cursor.saturating_sub(1),
        (Place::Choose, A::Down) => {
            p.cursor = (p.cursor + 1).min(p.choices.len().saturating_sub(1))
        }
        (Place::Choose, A::Choose) => {
            if let Some(c) = p.choices.get(p.cursor) {
                p.exercise = c.exercise.clone();
                p.screen = Screen::Brief;
                p.scroll = 0;
                p.live = None;
                p.first = None;
                p.last = None;
                p.review.clear();
                p.started_at = now.to_string();
                fx.push(Effect::LoadDraft(p.exercise.id.clone()));
            }
        }
        (Place::Brief, A::Back) if !p.choices.is_empty() => {
            if !p.editor.is_blank() {
                fx.push(Effect::Autosave(p.editor.text()));
            }
            p.editor = Editor::new("").with_placeholder("Write your reply here…");
            p.status = None;
            p.screen = Screen::Choose;
        }
        (Place::Brief | Place::Draft | Place::Review, A::Quit) => {
            if p.editor.is_blank() {
                fx.push(Effect::Quit);
            } else {
                p.confirm_quit = true;
            }
        }
        (Place::Brief, A::Up) => p.scroll = p.scroll.saturating_sub(2),
        (Place::Brief, A::Down) => p.scroll = p.scroll.saturating_add(2),
        (Place::Brief, A::Write) => {
            p.screen = Screen::Draft;
            p.scroll = 0;
        }
        (Place::Draft, A::Back) => p.screen = Screen::Brief,
        (Place::Draft, A::Review) => {
            if p.editor.is_blank() {
                p.status = Some("Write a reply first.".into());
            } else {
                rv::start(p);
                p.screen = Screen::Review;
            }
        }
        (Place::Review, A::InReview(a)) => review(p, a),
        (Place::Draft, A::Finish) => {
            if p.editor.is_blank() {
                p.status = Some("Write a reply first.".into());
            } else {
                p.finish();
            }
        }
        (Place::Results, A::Up) => p.scroll = p.scroll.saturating_sub(2),
        (Place::Results, A::Down) => p.scroll = p.scroll.saturating_add(2),
        (Place::Results, A::NextModel) => {
            p.scroll = 0;
            p.model_shown = (p.model_shown + 1) % p.exercise.models.len().max(1);
        }
        (Place::Results, A::PrevModel) => {
            p.scroll = 0;
            let n = p.exercise.models.len().max(1);
            p.model_shown = (p.model_shown + n - 1) % n;
        }
        (Place::Results, A::Revise) => p.screen = Screen::Draft,
        (Place::Results, A::Done) => {
            if let Some(att) = p.attempt(now.to_string()) {
                fx.push(Effect::Record(Box::new(att)));
            }
            fx.push(Effect::Quit);
        }
        _ => {}
    }
}

/// A key of the review.
fn review(p: &mut Practice, a: shared::Action) {
    use shared::Action as K;
    p.status = None;
    match a {
        K::NextItem => p.review.step(true),
        K::PrevItem => p.review.step(false),
        K::DetailDown => p.review.scroll_detail(1),
        K::DetailUp => p.review.scroll_detail(-1),
        K::PageUp => p.review.page(REVIEW_PAGE, false),
        K::PageDown => p.review.page(REVIEW_PAGE, true),
        K::Apply(k) => match rv::apply(p, k.max(1) as usize - 1) {
            Outcome::Stay(s) => p.status = (!s.is_empty()).then_some(s),
            Outcome::ToDraft(s) => {
                p.screen = Screen::Draft;
                p.status = Some(s);
            }
        },
        K::Dismiss => match p.review.selected_item() {
            Some(Item::Finding(i)) => {
                let Some((dismissal, at)) = rv::dismissal_of(&p.review, i) else {
                    return;
                };
                p.review.set_aside.push(dismissal.clone());
                p.review.undo.push(ReviewUndo::Dismiss(dismissal, at));
                rv::recheck_at(p, at);
                p.status = Some(
                    "Set aside for this attempt; the goals still count it. u brings it back."
                        .into(),
                );
            }
            _ => p.status = Some("Only findings can be dismissed.".into()),
        },
        K::Undo => match p.review.undo.pop() {
            Some(ReviewUndo::Edit(at)) => {
                rv::undo_edit(p, at);
                p.status = Some("Undone.".into());
            }
            Some(ReviewUndo::Dismiss(d, at)) => {
                p.review.set_aside.retain(|x| *x != d);
                rv::recheck_at(p, at);
                p.status = Some("The finding is back.".into());
            }
            None => p.status = Some("Nothing to undo here.".into()),
        },
        K::Jump => {
            rv::jump(p);
            p.screen = Screen::Draft;
        }
        K::Edit => p.screen = Screen::Draft,
        K::Finish => p.finish(),
        _ => {}
    }
}

/// Rows the review's draft scrolls by a page (practice does not track the
/// terminal's size).
const REVIEW_PAGE: usize = 8;

impl Reviewed for Practice {
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
    /// The exercise's own reading (what it answers, its aim): the same the
    /// goals are checked against.
    fn analyze(&self, text: &str) -> Analysis {
        self.exercise.analyze(&self.engine, text)
    }
    fn library(&self) -> &tactful_engine::rules::Library {
        self.engine.library()
    }
    fn intent(&self) -> Option<&str> {
        Some(&self.exercise.intent)
    }
}

/// Runs `msg` and carries out analysis effects on the spot (drafts are
/// short; the engine reads one in well under a millisecond), returning the
/// other effects. The run loop and the tests drive practice through this.
pub fn drive(p: &mut Practice, msg: Msg, now: &str) -> Vec<Effect> {
    let mut out = Vec::new();
    let mut queue = vec![msg];
    while let Some(m) = queue.pop() {
        for e in update(p, m, now) {
            match e {
                Effect::Analyze { version, text } => {
                    let a = p.exercise.analyze(&p.engine, &text);
                    queue.push(Msg::Analyzed(version, Box::new(a)));
                }
                other => out.push(other),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::practice::Exercises;
    use crossterm::event::{KeyCode, KeyModifiers};

    const NOW: &str = "2026-11-25T09:30:00Z";

    fn practice(id: &str) -> Practice {
        let lib = tactful_engine::packs::builtin().unwrap();
        let engine = Arc::new(Engine::new(lib.clone()).unwrap());
        let ex = Exercises::builtin(&lib).unwrap();
        let e = ex.get(id).unwrap().clone();
        Practice::new(engine, e, "", "2026-11-25T09:20:00Z".into())
    }

    fn key(p: &mut Practice, code: KeyCode, mods: KeyModifiers) -> Vec<Effect> {
        drive(p, Msg::Key(KeyEvent::new(code, mods)), NOW)
    }

    fn typ(p: &mut Practice, s: &str) {
        for c in s.chars() {
            key(p, KeyCode::Char(c), KeyModifiers::NONE);
        }
    }

    #[test]
    fn the_checklist_ticks_as_the_draft_meets_the_goals() {
        let mut p = practice("parking-complaint");
        key(&mut p, KeyCode::Enter, KeyModifiers::NONE);
        assert_eq!(p.screen, Screen::Draft);
        assert!(p.checklist().iter().all(|g| !g.met));
        typ(
            &mut p,
            "Sorry, the white van parked outside number 14 is mine.",
        );
        drive(&mut p, Msg::Idle, NOW);
        let met: Vec<bool> = p.checklist().iter().map(|g| g.met).collect();
        assert_eq!(met, [true, false, false, true], "{:?}", p.checklist());
        typ(&mut p, " Where would it be out of your way?");
        drive(&mut p, Msg::Idle, NOW);
        assert!(p.checklist()[1].met, "{:?}", p.checklist());
    }

    #[test]
    fn finishing_twice_compares_first_and_last_and_done_records_the_attempt() {
        let mut p = practice("parking-complaint");
        key(&mut p, KeyCode::Enter, KeyModifiers::NONE);
        typ(&mut p, "Move it yourself.");
        key(&mut p, KeyCode::Char('d'), KeyModifiers::CONTROL);
        assert_eq!(p.screen, Screen::Results);
        key(&mut p, KeyCode::Char('e'), KeyModifiers::NONE);
        key(&mut p, KeyCode::Char('a'), KeyModifiers::CONTROL);
        let model = p.exercise.models[0].text.clone();
        typ(&mut p, &model);
        key(&mut p, KeyCode::Char('d'), KeyModifiers::CONTROL);
        let fx = key(&mut p, KeyCode::Enter, KeyModifiers::NONE);
        let Some(Effect::Record(att)) = fx.first() else {
            panic!("{fx:?}")
        };
        assert_eq!(fx.last(), Some(&Effect::Quit));
        assert_eq!(att.first.text, "Move it yourself.");
        assert!(att.passed, "{:?}", att.goals);
        assert_eq!(att.finished_at, NOW);
        assert_eq!(att.started_at.as_deref(), Some("2026-11-25T09:20:00Z"));
    }

    #[test]
    fn quitting_with_a_draft_asks_and_keeps_it() {
        let mut p = practice("parking-complaint");
        key(&mut p, KeyCode::Enter, KeyModifiers::NONE);
        typ(&mut p, "Hello");
        assert!(key(&mut p, KeyCode::Char('q'), KeyModifiers::CONTROL).is_empty());
        assert_eq!(p.place(), Place::ConfirmQuit);
        let fx = key(&mut p, KeyCode::Char('y'), KeyModifiers::NONE);
        assert_eq!(fx, vec![Effect::Autosave("Hello".into()), Effect::Quit]);
    }

    #[test]
    fn the_chooser_opens_an_exercise_and_asks_for_its_kept_draft() {
        let lib = tactful_engine::packs::builtin().unwrap();
        let engine = Arc::new(Engine::new(lib.clone()).unwrap());
        let choices: Vec<Choice> = Exercises::builtin(&lib)
            .unwrap()
            .all
            .into_iter()
            .map(|exercise| Choice {
                exercise,
                status: String::new(),
            })
            .collect();
        let second = choices[1].exercise.id.clone();
        let mut p = Practice::chooser(engine, choices, NOW.into());
        assert_eq!(p.place(), Place::Choose);
        key(&mut p, KeyCode::Down, KeyModifiers::NONE);
        let fx = key(&mut p, KeyCode::Enter, KeyModifiers::NONE);
        assert_eq!(fx, vec![Effect::LoadDraft(second.clone())]);
        assert_eq!(p.exercise.id, second);
        drive(&mut p, Msg::DraftLoaded("Kept.".into()), NOW);
        assert_eq!(p.editor.text(), "Kept.");
        let fx = key(&mut p, KeyCode::Esc, KeyModifiers::NONE);
        assert_eq!(fx, vec![Effect::Autosave("Kept.".into())]);
        assert_eq!(p.screen, Screen::Choose);
    }

    #[test]
    fn quitting_while_revising_records_the_finished_draft_and_keeps_the_new_one() {
        let mut p = practice("parking-complaint");
        key(&mut p, KeyCode::Enter, KeyModifiers::NONE);
        typ(&mut p, "Sorry.");
        key(&mut p, KeyCode::F(5), KeyModifiers::NONE);
        key(&mut p, KeyCode::Char('e'), KeyModifiers::NONE);
        typ(&mut p, " More");
        key(&mut p, KeyCode::Char('q'), KeyModifiers::CONTROL);
        let fx = key(&mut p, KeyCode::Char('y'), KeyModifiers::NONE);
        assert!(
            matches!(&fx[0], Effect::Record(a) if a.last.text == "Sorry."),
            "{fx:?}"
        );
        assert_eq!(
            fx[1..],
            [Effect::Autosave("Sorry. More".into()), Effect::Quit]
        );
    }

    #[test]
    fn a_blank_draft_cannot_finish() {
        let mut p = practice("parking-complaint");
        key(&mut p, KeyCode::Enter, KeyModifiers::NONE);
        key(&mut p, KeyCode::F(5), KeyModifiers::NONE);
        assert_eq!(p.screen, Screen::Draft);
        assert_eq!(p.status.as_deref(), Some("Write a reply first."));
    }

    #[test]
    fn the_review_applies_undoes_and_sets_findings_aside_without_meeting_goals() {
        let mut p = practice("parking-complaint");
        key(&mut p, KeyCode::Enter, KeyModifiers::NONE);
        typ(&mut p, "You always park like that. Whatever.");
        key(&mut p, KeyCode::Char('r'), KeyModifiers::CONTROL);
        assert_eq!(p.screen, Screen::Review);
        let flag = p.review.selected_finding().expect("a flag").clone();
        assert_eq!(flag.matched, "You always");
        // Apply the first rewrite, then take it back.
        key(&mut p, KeyCode::Char('a'), KeyModifiers::NONE);
        assert!(
            !p.editor.text().contains("You always"),
            "{}",
            p.editor.text()
        );
        assert_eq!(p.review.revisions.len(), 2);
        key(&mut p, KeyCode::Char('u'), KeyModifiers::NONE);
        assert_eq!(p.editor.text(), "You always park like that. Whatever.");
        // Set the flag aside: it leaves the list, not the engine's reading.
        let flags = p.review.flags_left();
        key(&mut p, KeyCode::Char('d'), KeyModifiers::NONE);
        assert_eq!(p.review.flags_left(), flags - 1);
        assert!(p.review.items().iter().all(|it| match it {
            Item::Finding(i) =>
                p.review.analysis.as_ref().unwrap().findings[*i].matched != "You always",
            Item::Missing(_) => true,
        }));
        let a = p.exercise.analyze(&p.engine, &p.editor.text());
        assert!(a.flags().any(|f| f.matched == "You always"));
        key(&mut p, KeyCode::Char('u'), KeyModifiers::NONE);
        assert_eq!(p.review.flags_left(), flags);
        // Enter edits at the finding; f finishes from the review.
        key(&mut p, KeyCode::Enter, KeyModifiers::NONE);
        assert_eq!(p.screen, Screen::Draft);
        typ(&mut p, "This time you");
        assert_eq!(p.editor.text(), "This time you park like that. Whatever.");
        key(&mut p, KeyCode::Char('r'), KeyModifiers::CONTROL);
        key(&mut p, KeyCode::Char('f'), KeyModifiers::NONE);
        assert_eq!(p.screen, Screen::Results);
    }
}
