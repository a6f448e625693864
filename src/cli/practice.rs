//! `tactful practice`: the exercises, your progress, and checking a reply
//! against an exercise's goals.
//!
//! * `--list`: every exercise with its difficulty and when you passed it.
//! * `--history`: your final scores over time per dimension, as sparklines,
//!   and the exercises not passed yet.
//! * `ID --brief`: the exercise to read before writing.
//! * `ID --draft FILE`: checks a reply against the goals, shows the scores
//!   and then the model replies, records the attempt in the history and
//!   (with `--export FILE`) writes it for a facilitator.
//!
//! Exit codes: 0 done (with `--draft`: every goal met), 1 a draft that does
//! not meet every goal yet, 2 bad usage or input.

use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::output::Out;
use super::{GlobalArgs, PracticeArgs, Status};
use crate::files::{now, write_atomic};
use crate::practice::goals::{GoalResult, ScoreName};
use crate::practice::history::{self, History};
use crate::practice::{Attempt, Exercise, Exercises, time};
use crate::tui::widgets::review::view::bar;
use tactful_engine::{Analysis, Engine};

/// Text width for wrapped prose.
const WIDTH: usize = 78;

pub fn run(global: &GlobalArgs, args: PracticeArgs) -> anyhow::Result<Status> {
    let (engine, exercises) = load(global, args.pack.as_deref())?;
    let mut out = Out::new();
    if args.history {
        let h = History::read(&history::default_path()?)?;
        out.write_all(history_text(&h, &exercises).as_bytes())?;
        out.flush()?;
        return Ok(0);
    }
    let Some(id) = args.exercise.as_deref() else {
        let h = History::read(&history::default_path()?)?;
        use std::io::IsTerminal;
        if args.list || !std::io::stdout().is_terminal() {
            out.write_all(list_text(&exercises, &h).as_bytes())?;
            out.flush()?;
            return Ok(0);
        }
        drop(out);
        let choices = exercises
            .all
            .iter()
            .map(|e| crate::tui::practice::Choice {
                exercise: e.clone(),
                status: h.status(&e.id),
            })
            .collect();
        return interactive(
            &args,
            engine,
            crate::tui::practice::run::Start::Choose(choices),
        );
    };
    let ex = find(&exercises, id)?;
    if let Some(draft) = &args.draft {
        let last = super::input::read_text(Some(draft))?;
        let first = match &args.first {
            Some(p) => super::input::read_text(Some(p))?,
            None => last.clone(),
        };
        let attempt = Attempt::new(ex, &engine, &first, &last, None, time::rfc3339(now()))
            .with_name(args.name.as_deref());
        let analysis = ex.analyze(&engine, &last);
        let compare = args.first.is_some();
        out.write_all(result_text(ex, &attempt, &analysis, compare).as_bytes())?;
        out.flush()?;
        record(&attempt, args.no_history, args.export.as_deref())?;
        return Ok(if attempt.passed { 0 } else { 1 });
    }
    if args.brief {
        out.write_all(brief_text(ex, &engine).as_bytes())?;
        out.flush()?;
        return Ok(0);
    }
    drop(out);
    let start = crate::tui::practice::run::Start::Exercise(Box::new(ex.clone()));
    interactive(&args, engine, start)
}

/// The practice screens; after them, one line on what was recorded.
fn interactive(
    args: &PracticeArgs,
    engine: Engine,
    start: crate::tui::practice::run::Start,
) -> anyhow::Result<Status> {
    let recorded = crate::tui::practice::run::run(crate::tui::practice::run::Options {
        engine: std::sync::Arc::new(engine),
        start,
        export: args.export.clone(),
        name: args.name.clone(),
        no_history: args.no_history,
    })?;
    match recorded {
        Some(att) => {
            eprintln!(
                "tactful: {} of {} goals met{}; attempt recorded{}.",
                att.goals_met(),
                att.goals.len(),
                if att.passed { ", exercise passed" } else { "" },
                args.export
                    .as_ref()
                    .map(|p| format!(" and exported to {}", p.display()))
                    .unwrap_or_default()
            );
            Ok(if att.passed { 0 } else { 1 })
        }
        None => Ok(0),
    }
}

/// The engine and every exercise: built in, from `--prompts DIR/exercises`
/// and from `--pack DIR` (a folder of exercises, or of packs with an
/// `exercises/` folder).
pub fn load(global: &GlobalArgs, pack: Option<&Path>) -> anyhow::Result<(Engine, Exercises)> {
    let engine = super::engine(global)?;
    let mut dirs: Vec<PathBuf> = Vec::new();
    if let Some(p) = &global.prompts {
        dirs.push(p.join("exercises"));
    }
    if let Some(p) = pack {
        if !p.is_dir() {
            anyhow::bail!("{}: not a directory of exercises", p.display());
        }
        let sub = p.join("exercises");
        dirs.push(if sub.is_dir() { sub } else { p.to_path_buf() });
    }
    let refs: Vec<&Path> = dirs.iter().map(PathBuf::as_path).collect();
    let exercises = Exercises::load(&refs, engine.library()).map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok((engine, exercises))
}

/// An exercise by id, or an error that lists or suggests.
pub fn find<'a>(exercises: &'a Exercises, id: &str) -> anyhow::Result<&'a Exercise> {
    exercises.get(id).ok_or_else(|| {
        let near = exercises
            .nearest(id)
            .map(|n| format!(" (did you mean \"{n}\"?)"))
            .unwrap_or_default();
        anyhow::anyhow!(
            "no exercise has the id \"{id}\"{near}; `tactful practice --list` lists them"
        )
    })
}

/// Appends the attempt to the history and writes the export, as asked.
pub fn record(attempt: &Attempt, no_history: bool, export: Option<&Path>) -> anyhow::Result<()> {
    if !no_history {
        history::append(&history::default_path()?, attempt)?;
    }
    if let Some(path) = export {
        write_atomic(path, attempt.to_json_pretty().as_bytes())?;
        eprintln!("tactful: attempt exported to {}", path.display());
    }
    Ok(())
}

/// Difficulty as three dots: ●●○.
pub fn dots(difficulty: u8) -> String {
    (1..=3)
        .map(|i| if i <= difficulty { '●' } else { '○' })
        .collect()
}

/// Appends `text` wrapped at the text width, every line indented.
pub(crate) fn wrap(s: &mut String, text: &str, indent: &str) {
    wrap_hanging(s, text, indent, indent);
}

/// Appends `text` wrapped, the first line after `first`, the rest after
/// `rest`, at word boundaries (textwrap), widths in terminal cells. Blank
/// lines separate paragraphs; other line breaks are spaces.
pub(crate) fn wrap_hanging(s: &mut String, text: &str, first: &str, rest: &str) {
    for para in text.split("\n\n") {
        let flat = para.split_whitespace().collect::<Vec<_>>().join(" ");
        if flat.is_empty() {
            continue;
        }
        let options = textwrap::Options::new(WIDTH)
            .initial_indent(first)
            .subsequent_indent(rest)
            .break_words(false);
        for line in textwrap::wrap(&flat, options) {
            let _ = writeln!(s, "{}", line.trim_end());
        }
    }
}

/// `--list`: every exercise, its difficulty, and when it was passed.
pub fn list_text(exercises: &Exercises, h: &History) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "Exercises ({})\n", exercises.all.len());
    let id_w = exercises.all.iter().map(|e| e.id.len()).max().unwrap_or(0);
    let title_w = exercises
        .all
        .iter()
        .map(|e| e.title.chars().count())
        .max()
        .unwrap_or(0);
    let mut passed = 0;
    for e in &exercises.all {
        let status = h.status(&e.id);
        if h.first_pass(&e.id).is_some() {
            passed += 1;
        }
        let title_pad = title_w - e.title.chars().count();
        let _ = writeln!(
            s,
            "  {}  {:id_w$}  {}{}  {}{}",
            dots(e.difficulty),
            e.id,
            e.title,
            " ".repeat(title_pad),
            e.venue,
            if status.is_empty() {
                String::new()
            } else {
                format!(" · {status}")
            },
        );
    }
    let _ = writeln!(
        s,
        "\n{passed} of {} passed. `tactful practice ID` starts one.",
        exercises.all.len()
    );
    s
}

/// `--history`: progress per dimension and what is left to pass.
pub fn history_text(h: &History, exercises: &Exercises) -> String {
    let mut s = String::new();
    if h.attempts.is_empty() {
        let _ = writeln!(
            s,
            "No attempts yet. `tactful practice --list` shows the exercises."
        );
    } else {
        const SHOWN: usize = 40;
        let n = h.attempts.len();
        let _ = writeln!(
            s,
            "Progress over {n} attempt{} (final drafts, oldest first{})\n",
            if n == 1 { "" } else { "s" },
            if n > SHOWN {
                format!("; the last {SHOWN}")
            } else {
                String::new()
            }
        );
        for (score, values) in h.series() {
            let shown = &values[values.len().saturating_sub(SHOWN)..];
            let latest = values.last().copied().unwrap_or(0);
            let best = values.iter().copied().max().unwrap_or(0);
            let _ = writeln!(
                s,
                "  {:10} {}  latest {latest:>3} · best {best:>3}",
                score.title(),
                history::sparkline(shown),
            );
        }
        let _ = writeln!(s, "\nBy exercise\n");
        let id_w = exercises.all.iter().map(|e| e.id.len()).max().unwrap_or(0);
        for e in &exercises.all {
            let tries = h.of(&e.id).count();
            if tries == 0 {
                continue;
            }
            let _ = writeln!(
                s,
                "  {:id_w$}  {tries} attempt{} · best overall {}{}",
                e.id,
                if tries == 1 { "" } else { "s" },
                h.best(&e.id).unwrap_or(0),
                h.first_pass(&e.id)
                    .map(|w| format!(" · passed {}", time::readable_date(w)))
                    .unwrap_or_default()
            );
        }
    }
    let left = h.not_passed(exercises);
    if left.is_empty() {
        let _ = writeln!(s, "\nEvery exercise passed.");
    } else {
        let _ = writeln!(s, "\nNot passed yet ({})\n", left.len());
        let id_w = left.iter().map(|e| e.id.len()).max().unwrap_or(0);
        for e in left {
            let _ = writeln!(s, "  {}  {:id_w$}  {}", dots(e.difficulty), e.id, e.title);
        }
    }
    if !h.bad.is_empty() {
        let torn = h.bad.iter().any(|b| b.torn);
        let _ = writeln!(
            s,
            "\n{} line{} of the history could not be read and {} skipped{}.",
            h.bad.len(),
            if h.bad.len() == 1 { "" } else { "s" },
            if h.bad.len() == 1 { "was" } else { "were" },
            if torn {
                " (the last was cut short, as by a crash mid-write)"
            } else {
                ""
            }
        );
    }
    s
}

/// `ID --brief`: what to read before writing.
pub fn brief_text(ex: &Exercise, engine: &Engine) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{}  {}  ({}, {})\n",
        dots(ex.difficulty),
        ex.title,
        ex.venue,
        ex.id
    );
    wrap(&mut s, &ex.setting, "");
    let _ = writeln!(s, "\nThe thread\n");
    if let Some(t) = &ex.thread_title {
        let _ = writeln!(s, "  # {t}\n");
    }
    for (i, m) in ex.messages.iter().enumerate() {
        let marker = if i == ex.answering {
            "  (you are answering this)"
        } else {
            ""
        };
        let when = m
            .time
            .as_deref()
            .map(|t| format!(" · {}", crate::practice::time::readable(t)))
            .unwrap_or_default();
        let _ = writeln!(s, "  {}{when}{marker}", m.author);
        wrap(&mut s, &m.body, "  │ ");
        s.push('\n');
    }
    let intent = engine.library().intent(&ex.intent);
    let _ = writeln!(
        s,
        "Your intent: {}{}\n",
        intent.map_or(ex.intent.as_str(), |i| i.title.as_str()),
        intent
            .map(|i| format!(" — {}", i.description))
            .unwrap_or_default()
    );
    let _ = writeln!(s, "Goals\n");
    for g in &ex.goals {
        let _ = writeln!(s, "  [ ] {}", g.text);
    }
    s
}

/// `ID --draft FILE`: goals met, scores, flags, then the model replies.
pub fn result_text(ex: &Exercise, attempt: &Attempt, a: &Analysis, compare: bool) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{}  {}  ({})\n", dots(ex.difficulty), ex.title, ex.id);
    let _ = writeln!(s, "Goals");
    s.push_str(&checklist(&attempt.goals));
    let _ = writeln!(s, "\nScores");
    for name in ScoreName::ALL {
        let last = name.of(&attempt.last.scores);
        let first = name.of(&attempt.first.scores);
        let change = if compare && first != last {
            format!(
                "  (first draft {first}, {:+})",
                i16::from(last) - i16::from(first)
            )
        } else {
            String::new()
        };
        let _ = writeln!(
            s,
            "  {:10} {:>3}  {}{change}",
            name.title(),
            last,
            bar(last, 20)
        );
    }
    let flags: Vec<_> = a.flags().collect();
    if !flags.is_empty() {
        let _ = writeln!(s, "\nStill to soften");
        for f in flags {
            let _ = writeln!(
                s,
                "  {}:{}  \"{}\" ({}): {}",
                f.line, f.column, f.matched, f.rule_id, f.message
            );
        }
    }
    let met = attempt.goals_met();
    let _ = writeln!(
        s,
        "\n{met} of {} goals met{}.",
        attempt.goals.len(),
        if attempt.passed {
            ": exercise passed"
        } else {
            ""
        }
    );
    let _ = writeln!(s, "\nModel replies\n");
    for (i, m) in ex.models.iter().enumerate() {
        let _ = writeln!(s, "  {}.", i + 1);
        wrap(&mut s, &m.text, "  │ ");
        let _ = writeln!(s);
        wrap(&mut s, &format!("Why it works: {}", m.note), "    ");
        s.push('\n');
    }
    while s.ends_with("\n\n") {
        s.pop();
    }
    s
}

/// A goals checklist: `[x]` met, `[ ]` not yet, with what was found.
pub fn checklist(results: &[GoalResult]) -> String {
    let mut s = String::new();
    for r in results {
        let _ = writeln!(
            s,
            "  [{}] {}  ({})",
            if r.met { 'x' } else { ' ' },
            r.text,
            r.detail
        );
    }
    s
}

/// `tactful rules --validate DIR` for `DIR/exercises/`: every exercise file
/// loads, its goals name real rules, dimensions and intents, its model
/// replies meet its goals and raise no flag, and its coaching text raises
/// no flag. Returns the problems, one located message each.
pub fn validate_exercises(dir: &Path, engine: &Engine) -> (usize, Vec<String>) {
    let sub = dir.join("exercises");
    if !sub.is_dir() {
        return (0, Vec::new());
    }
    let files = match crate::practice::exercise::read_dir(&sub) {
        Ok(f) => f,
        Err(e) => return (0, e.0.iter().map(|e| e.to_string()).collect()),
    };
    // Each file on its own, so that one broken file does not hide the
    // model replies of the others.
    let mut problems = Vec::new();
    let mut seen: std::collections::HashMap<String, String> = Default::default();
    let mut count = 0;
    for (name, text) in files {
        let exercises = match crate::practice::exercise::load(
            Vec::new(),
            vec![(name.clone(), text)],
            engine.library(),
        ) {
            Ok(x) => x,
            Err(e) => {
                problems.extend(e.0.iter().map(|e| e.to_string()));
                continue;
            }
        };
        for ex in &exercises.all {
            count += 1;
            if let Some(first) = seen.insert(ex.id.clone(), name.clone()) {
                problems.push(format!(
                    "{name}: the exercise id \"{}\" is already used by {first}; rename one of them",
                    ex.id
                ));
            }
            problems.extend(
                crate::practice::exercise::check_models(ex, engine)
                    .iter()
                    .map(|e| e.to_string()),
            );
            for (place, text) in crate::practice::exercise::own_texts(ex) {
                for f in engine
                    .analyze(&text, &Default::default())
                    .against_own_advice()
                {
                    problems.push(format!(
                        "{}: {place}: the coach's own text raises `{}` on \"{}\"",
                        ex.file, f.rule_id, f.matched
                    ));
                }
            }
        }
    }
    (count, problems)
}

/// `tactful rules --validate DIR` where `DIR` holds no pack files, only an
/// `exercises/` folder: the exercises are checked against the built-in
/// packs. `None` when `DIR` has pack files (the packs are validated first).
pub fn validate_exercises_only(dir: &Path) -> anyhow::Result<Option<Status>> {
    let has_packs = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .any(|e| e.path().extension().is_some_and(|x| x == "toml"))
        })
        .unwrap_or(false);
    if has_packs || !dir.join("exercises").is_dir() {
        return Ok(None);
    }
    let engine = crate::prompts::builtin_engine()?;
    let (count, problems) = validate_exercises(dir, &engine);
    if problems.is_empty() {
        let mut out = Out::new();
        writeln!(
            out,
            "{}: {count} exercise(s); every model reply meets its goals.",
            dir.join("exercises").display()
        )?;
        out.flush()?;
        return Ok(Some(0));
    }
    let mut err = std::io::stderr().lock();
    for p in &problems {
        writeln!(err, "{p}")?;
    }
    writeln!(err, "{} problem(s) in {}", problems.len(), dir.display())?;
    Ok(Some(1))
}
