//! Workshop mode: one exercise for a group, on a projector. The
//! facilitator chooses an exercise, runs a countdown (pause, resume,
//! extend), shows the scenario, their notes and discussion questions,
//! reveals the model replies when time is up, and watches the group's
//! exported attempts arrive: how many are in, the average per dimension,
//! the goals met most and least. A participant's text is shown only when
//! the facilitator opens it.
//!
//! The Elm architecture, as in the reply flow: [`Workshop`] is the model,
//! [`Msg`] the inputs (keys, clock ticks, a rescan of the results folder),
//! [`update`] returns [`Effect`]s instead of doing I/O, and
//! `view::draw` draws. Keys are data ([`table`]): the footer and
//! the help overlay are built from the same tables.

pub mod run;
pub mod view;

use crossterm::event::{KeyCode, KeyEvent};

use crate::practice::report::{self, Collected, ExerciseSummary};
use crate::practice::{Attempt, Exercise};
use crate::tui::widgets::keymap;

/// The screens of the workshop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Choose,
    Run,
}

/// What the big area of the run screen shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Panel {
    Scenario,
    Notes,
    Models,
    Results,
}

impl Panel {
    pub const ALL: [Panel; 4] = [Panel::Scenario, Panel::Notes, Panel::Models, Panel::Results];

    pub fn title(self) -> &'static str {
        match self {
            Panel::Scenario => "Scenario",
            Panel::Notes => "Facilitator notes",
            Panel::Models => "Model replies",
            Panel::Results => "Results",
        }
    }
}

/// Where the keys are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Choose,
    Run,
    Opened,
    Help,
}

/// What a key does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Up,
    Down,
    Start,
    PauseResume,
    Extend,
    Shorten,
    Restart,
    Show(Panel),
    NextPanel,
    Reveal,
    Open,
    Close,
    Back,
    Help,
    Quit,
}

/// One line of this screen's keymap.
pub type Binding = keymap::Entry<Action>;

use Action as A;
use KeyCode as C;
use keymap::{c as ch, ctrl, entry as b, k as key};

const HELP: Binding = b(&[ch('?'), key(C::F(1))], A::Help, "help", "Show every key");
const QUIT: Binding = b(&[ch('q'), ctrl('c')], A::Quit, "quit", "Quit the workshop");

const CHOOSE: &[Binding] = &[
    b(&[key(C::Up), ch('k')], A::Up, "", "Previous exercise"),
    b(&[key(C::Down), ch('j')], A::Down, "", "Next exercise"),
    b(
        &[key(C::Enter)],
        A::Start,
        "run this one",
        "Run this exercise",
    ),
    HELP,
    QUIT,
];

const RUN: &[Binding] = &[
    b(
        &[ch(' ')],
        A::PauseResume,
        "start/pause",
        "Start, pause or resume the timer",
    ),
    b(
        &[ch('+'), ch('=')],
        A::Extend,
        "+1 min",
        "Add a minute to the timer",
    ),
    b(&[ch('-')], A::Shorten, "", "Take a minute off the timer"),
    b(
        &[ch('r')],
        A::Restart,
        "",
        "Restart the timer from the full time",
    ),
    b(
        &[ch('1')],
        A::Show(Panel::Scenario),
        "",
        "Show the scenario",
    ),
    b(
        &[ch('2')],
        A::Show(Panel::Notes),
        "",
        "Show the notes and discussion questions",
    ),
    b(
        &[ch('3')],
        A::Reveal,
        "models",
        "Reveal and show the model replies",
    ),
    b(
        &[ch('4')],
        A::Show(Panel::Results),
        "results",
        "Show the group's results",
    ),
    b(&[key(C::Tab)], A::NextPanel, "next panel", "Next panel"),
    b(
        &[key(C::Up), ch('k')],
        A::Up,
        "",
        "Scroll up, or the previous participant in results",
    ),
    b(
        &[key(C::Down), ch('j')],
        A::Down,
        "",
        "Scroll down, or the next participant in results",
    ),
    b(
        &[key(C::Enter)],
        A::Open,
        "",
        "Results: open the selected participant's reply",
    ),
    b(&[key(C::Esc)], A::Back, "", "Back to choosing an exercise"),
    HELP,
    QUIT,
];

const OPENED: &[Binding] = &[
    b(
        &[key(C::Esc), key(C::Enter), ch('q')],
        A::Close,
        "close",
        "Close the reply",
    ),
    b(&[key(C::Up), ch('k')], A::Up, "", "Previous participant"),
    b(&[key(C::Down), ch('j')], A::Down, "", "Next participant"),
];

const HELP_KEYS: &[Binding] = &[b(
    &[key(C::Esc), ch('?'), ch('q'), key(C::F(1)), key(C::Enter)],
    A::Close,
    "close",
    "Close the help",
)];

/// The keymap of a place.
pub fn table(place: Place) -> &'static [Binding] {
    match place {
        Place::Choose => CHOOSE,
        Place::Run => RUN,
        Place::Opened => OPENED,
        Place::Help => HELP_KEYS,
    }
}

/// The action `key` triggers in `place`, if any.
pub fn lookup(place: Place, ev: &KeyEvent) -> Option<Action> {
    keymap::find(table(place), ev)
}

/// The countdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timer {
    /// The full time in seconds (changed by extend and shorten).
    pub total_secs: u64,
    pub elapsed_ms: u64,
    pub running: bool,
}

impl Timer {
    pub fn new(minutes: u16) -> Timer {
        Timer {
            total_secs: u64::from(minutes) * 60,
            elapsed_ms: 0,
            running: false,
        }
    }

    /// Seconds left, rounded up (a timer at 0.4 s still shows 0:01).
    pub fn remaining_secs(&self) -> u64 {
        (self.total_secs * 1000)
            .saturating_sub(self.elapsed_ms)
            .div_ceil(1000)
    }

    pub fn is_up(&self) -> bool {
        self.elapsed_ms >= self.total_secs * 1000
    }

    /// `m:ss`.
    pub fn display(&self) -> String {
        let s = self.remaining_secs();
        format!("{}:{:02}", s / 60, s % 60)
    }
}

/// The results folder as last read, for the chosen exercise.
#[derive(Debug, Clone, Default)]
pub struct Results {
    /// The folder, as the facilitator named it.
    pub dir: String,
    /// Attempts at the chosen exercise, by file name.
    pub attempts: Vec<Attempt>,
    /// Attempts at other exercises in the folder.
    pub other: usize,
    /// Files that are not readable attempts.
    pub skipped: usize,
    pub summary: Option<ExerciseSummary>,
    /// The participant selected in the list.
    pub selected: usize,
    /// Whether the selected participant's reply is open.
    pub opened: bool,
}

impl Results {
    /// A participant as the list shows them: their name or pseudonym, or a
    /// number.
    pub fn label(&self, i: usize) -> String {
        match self.attempts.get(i).and_then(|a| a.name.clone()) {
            Some(n) => n,
            None => format!("participant {}", i + 1),
        }
    }
}

/// Everything the workshop knows.
#[derive(Debug, Clone)]
pub struct Workshop {
    pub exercises: Vec<Exercise>,
    pub screen: Screen,
    pub cursor: usize,
    pub chosen: Option<usize>,
    pub minutes: u16,
    pub timer: Timer,
    pub panel: Panel,
    pub revealed: bool,
    pub scroll: u16,
    pub results: Option<Results>,
    pub help: bool,
    pub color: bool,
}

/// An input to the workshop.
#[derive(Debug, Clone)]
pub enum Msg {
    Key(KeyEvent),
    /// Milliseconds passed since the last tick.
    Tick(u64),
    /// The results folder, read again.
    Results(Collected),
}

/// What the run loop should do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Read the results folder now (after choosing an exercise).
    ScanResults,
    Quit,
}

impl Workshop {
    /// A workshop over `exercises`, with a results folder if given.
    pub fn new(exercises: Vec<Exercise>, minutes: u16, results_dir: Option<String>) -> Workshop {
        Workshop {
            exercises,
            screen: Screen::Choose,
            cursor: 0,
            chosen: None,
            minutes,
            timer: Timer::new(minutes),
            panel: Panel::Scenario,
            revealed: false,
            scroll: 0,
            results: results_dir.map(|dir| Results {
                dir,
                ..Results::default()
            }),
            help: false,
            color: true,
        }
    }

    /// Starts on an exercise (by index) directly.
    pub fn choose(&mut self, i: usize) {
        self.chosen = Some(i.min(self.exercises.len().saturating_sub(1)));
        self.cursor = self.chosen.unwrap_or(0);
        self.screen = Screen::Run;
        self.timer = Timer::new(self.minutes);
        self.panel = Panel::Scenario;
        self.revealed = false;
        self.scroll = 0;
        if let Some(r) = &mut self.results {
            let dir = std::mem::take(&mut r.dir);
            *r = Results {
                dir,
                ..Results::default()
            };
        }
    }

    pub fn exercise(&self) -> Option<&Exercise> {
        self.chosen.and_then(|i| self.exercises.get(i))
    }

    /// Where the keys go now.
    pub fn place(&self) -> Place {
        if self.help {
            return Place::Help;
        }
        match self.screen {
            Screen::Choose => Place::Choose,
            Screen::Run if self.results.as_ref().is_some_and(|r| r.opened) => Place::Opened,
            Screen::Run => Place::Run,
        }
    }

    /// Takes in a fresh read of the results folder.
    fn take_results(&mut self, c: Collected) {
        let Some(id) = self.exercise().map(|e| e.id.clone()) else {
            return;
        };
        let Some(r) = &mut self.results else {
            return;
        };
        let mut mine: Vec<(String, Attempt)> = Vec::new();
        let mut other = 0;
        for l in c.attempts {
            if l.attempt.exercise == id {
                mine.push((l.file, l.attempt));
            } else {
                other += 1;
            }
        }
        mine.sort_by(|a, b| a.0.cmp(&b.0));
        r.attempts = mine.into_iter().map(|(_, a)| a).collect();
        r.other = other;
        r.skipped = c.skipped.len();
        let refs: Vec<&Attempt> = r.attempts.iter().collect();
        r.summary = (!refs.is_empty()).then(|| report::summarize(&id, &refs));
        r.selected = r.selected.min(r.attempts.len().saturating_sub(1));
        if r.attempts.is_empty() {
            r.opened = false;
        }
    }
}

/// Applies a message and says what should happen next.
pub fn update(w: &mut Workshop, msg: Msg) -> Vec<Effect> {
    let mut fx = Vec::new();
    match msg {
        Msg::Tick(ms) => {
            if w.screen == Screen::Run && w.timer.running {
                let was_up = w.timer.is_up();
                w.timer.elapsed_ms = w.timer.elapsed_ms.saturating_add(ms);
                if w.timer.is_up() {
                    w.timer.running = false;
                    w.timer.elapsed_ms = w.timer.total_secs * 1000;
                    if !was_up {
                        // Time is up: the model replies are revealed.
                        w.revealed = true;
                        w.panel = Panel::Models;
                        w.scroll = 0;
                    }
                }
            }
        }
        Msg::Results(c) => w.take_results(c),
        Msg::Key(k) => {
            if let Some(a) = lookup(w.place(), &k) {
                action(w, a, &mut fx);
            }
        }
    }
    fx
}

fn action(w: &mut Workshop, a: Action, fx: &mut Vec<Effect>) {
    match (w.place(), a) {
        (_, A::Quit) => fx.push(Effect::Quit),
        (Place::Help, A::Close) => w.help = false,
        (_, A::Help) => w.help = true,
        (Place::Choose, A::Up) => w.cursor = w.cursor.saturating_sub(1),
        (Place::Choose, A::Down) => {
            w.cursor = (w.cursor + 1).min(w.exercises.len().saturating_sub(1))
        }
        (Place::Choose, A::Start) if !w.exercises.is_empty() => {
            w.choose(w.cursor);
            if w.results.is_some() {
                fx.push(Effect::ScanResults);
            }
        }
        (Place::Opened, A::Close) => {
            if let Some(r) = &mut w.results {
                r.opened = false;
            }
        }
        (Place::Opened | Place::Run, A::Up | A::Down) if w.panel == Panel::Results => {
            if let Some(r) = &mut w.results {
                let n = r.attempts.len();
                r.selected = if a == A::Up {
                    r.selected.saturating_sub(1)
                } else {
                    (r.selected + 1).min(n.saturating_sub(1))
                };
            }
        }
        (Place::Run, A::Up) => w.scroll = w.scroll.saturating_sub(2),
        (Place::Run, A::Down) => w.scroll = w.scroll.saturating_add(2),
        (Place::Run, A::PauseResume) if !w.timer.is_up() => {
            w.timer.running = !w.timer.running;
        }
        (Place::Run, A::Extend) => {
            w.timer.total_secs += 60;
        }
        (Place::Run, A::Shorten) => {
            let elapsed_secs = w.timer.elapsed_ms.div_ceil(1000);
            // Never below what has already run, nor below a minute.
            w.timer.total_secs = w
                .timer
                .total_secs
                .saturating_sub(60)
                .max(elapsed_secs)
                .max(60);
        }
        (Place::Run, A::Restart) => {
            w.timer = Timer::new(w.minutes);
        }
        (Place::Run, A::Show(p)) => {
            w.panel = p;
            w.scroll = 0;
        }
        (Place::Run, A::Reveal) => {
            w.revealed = true;
            w.panel = Panel::Models;
            w.scroll = 0;
        }
        (Place::Run, A::NextPanel) => {
            let i = Panel::ALL.iter().position(|p| *p == w.panel).unwrap_or(0);
            w.panel = Panel::ALL[(i + 1) % Panel::ALL.len()];
            if w.panel == Panel::Models {
                w.revealed = true;
            }
            w.scroll = 0;
        }
        (Place::Run, A::Open) if w.panel == Panel::Results => {
            if let Some(r) = &mut w.results
                && !r.attempts.is_empty()
            {
                r.opened = true;
            }
        }
        (Place::Run, A::Back) => {
            w.screen = Screen::Choose;
            w.timer.running = false;
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::practice::Exercises;

    use crossterm::event::KeyModifiers;

    fn workshop() -> Workshop {
        let lib = tactful_engine::packs::builtin().unwrap();
        let ex = Exercises::builtin(&lib).unwrap();
        Workshop::new(ex.all, 2, Some("shared".into()))
    }

    fn press(w: &mut Workshop, c: KeyCode) -> Vec<Effect> {
        update(w, Msg::Key(KeyEvent::new(c, KeyModifiers::NONE)))
    }

    #[test]
    fn choosing_starts_paused_and_asks_for_results() {
        let mut w = workshop();
        press(&mut w, KeyCode::Down);
        let fx = press(&mut w, KeyCode::Enter);
        assert_eq!(fx, vec![Effect::ScanResults]);
        assert_eq!(w.chosen, Some(1));
        assert!(!w.timer.running);
        update(&mut w, Msg::Tick(5_000));
        assert_eq!(w.timer.display(), "2:00", "paused until started");
    }

    #[test]
    fn the_timer_pauses_extends_and_reveals_the_models_when_time_is_up() {
        let mut w = workshop();
        w.choose(0);
        press(&mut w, KeyCode::Char(' '));
        update(&mut w, Msg::Tick(30_500));
        assert_eq!(w.timer.display(), "1:30");
        press(&mut w, KeyCode::Char(' '));
        update(&mut w, Msg::Tick(60_000));
        assert_eq!(w.timer.display(), "1:30", "paused");
        press(&mut w, KeyCode::Char('+'));
        assert_eq!(w.timer.display(), "2:30");
        press(&mut w, KeyCode::Char('-'));
        press(&mut w, KeyCode::Char('-'));
        press(&mut w, KeyCode::Char('-'));
        assert_eq!(w.timer.total_secs, 60, "never below a minute");
        press(&mut w, KeyCode::Char(' '));
        assert!(!w.revealed);
        update(&mut w, Msg::Tick(40_000));
        assert!(w.timer.is_up());
        assert!(w.revealed);
        assert_eq!(w.panel, Panel::Models);
        assert_eq!(w.timer.display(), "0:00");
    }

    #[test]
    fn results_count_only_the_chosen_exercise_and_open_on_request() {
        let mut w = workshop();
        let id = w.exercises[0].id.clone();
        w.choose(0);
        let attempt = |ex: &str, name: Option<&str>| {
            let mut a: Attempt =
                serde_json::from_str(include_str!("../../../tests/fixtures/attempts/dee.json"))
                    .unwrap();
            a.exercise = ex.to_string();
            a.name = name.map(str::to_string);
            report::Loaded {
                file: format!("{}.json", name.unwrap_or("x")),
                attempt: a,
            }
        };
        let c = Collected {
            attempts: vec![
                attempt(&id, Some("Robin")),
                attempt(&id, None),
                attempt("another", Some("Kai")),
            ],
            skipped: vec![],
        };
        update(&mut w, Msg::Results(c));
        let r = w.results.as_ref().unwrap();
        assert_eq!((r.attempts.len(), r.other), (2, 1));
        assert_eq!(r.label(0), "Robin");
        assert_eq!(r.label(1), "participant 2");
        assert!(!r.opened);
        press(&mut w, KeyCode::Char('4'));
        press(&mut w, KeyCode::Enter);
        assert!(w.results.as_ref().unwrap().opened);
        assert_eq!(w.place(), Place::Opened);
        press(&mut w, KeyCode::Esc);
        assert!(!w.results.as_ref().unwrap().opened);
    }
}
