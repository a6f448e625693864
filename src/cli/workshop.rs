//! `tactful workshop`: an exercise for a group, on a projector.
//!
//! The screen is `tui::workshop`; `--print` writes the facilitator sheet (setting, thread, goals, notes,
//! discussion questions, model replies) to standard output.

use std::fmt::Write as _;
use std::io::Write;

use super::output::Out;
use super::{GlobalArgs, Status, WorkshopArgs};
use crate::practice::Exercise;
use crate::tui::workshop::Workshop;
use tactful_engine::Engine;

pub fn run(global: &GlobalArgs, args: WorkshopArgs) -> anyhow::Result<Status> {
    let (engine, exercises) = super::practice::load(global, args.pack.as_deref())?;
    if args.print {
        let Some(id) = args.exercise.as_deref() else {
            anyhow::bail!(
                "name the exercise to print: `tactful workshop ID --print` (`tactful practice --list` lists them)"
            );
        };
        let ex = super::practice::find(&exercises, id)?;
        let mut out = Out::new();
        out.write_all(sheet_text(ex, &engine, args.minutes).as_bytes())?;
        out.flush()?;
        return Ok(0);
    }
    let chosen = match args.exercise.as_deref() {
        Some(id) => {
            let ex = super::practice::find(&exercises, id)?;
            exercises.all.iter().position(|e| e.id == ex.id)
        }
        None => None,
    };
    if let Some(dir) = &args.results
        && !dir.is_dir()
    {
        anyhow::bail!(
            "{}: not a folder; create it and share it with the participants",
            dir.display()
        );
    }
    let mut w = Workshop::new(
        exercises.all,
        args.minutes,
        args.results.as_ref().map(|d| d.display().to_string()),
    );
    if let Some(i) = chosen {
        w.choose(i);
    }
    crate::tui::workshop::run::run(crate::tui::workshop::run::Options {
        workshop: w,
        results: args.results,
    })?;
    Ok(0)
}

/// The facilitator sheet: everything for running the exercise, in order.
pub fn sheet_text(ex: &Exercise, engine: &Engine, minutes: u16) -> String {
    let mut s = super::practice::brief_text(ex, engine);
    let _ = writeln!(s, "\nTime: {minutes} minutes of writing.");
    if let Some(n) = &ex.notes {
        let _ = writeln!(s, "\nFacilitator notes\n");
        super::practice::wrap(&mut s, n, "  ");
    }
    let _ = writeln!(s, "\nDiscussion questions\n");
    for q in &ex.questions {
        super::practice::wrap_hanging(&mut s, q, "  • ", "    ");
    }
    if !ex.watch_for.is_empty() {
        let _ = writeln!(s, "\nWatch for\n");
        for w in &ex.watch_for {
            super::practice::wrap_hanging(&mut s, w, "  • ", "    ");
        }
    }
    let _ = writeln!(s, "\nModel replies (reveal when time is up)\n");
    for (i, m) in ex.models.iter().enumerate() {
        super::practice::wrap_hanging(&mut s, &m.text, &format!("  {}. ", i + 1), "     ");
        super::practice::wrap_hanging(
            &mut s,
            &format!("Why it works: {}", m.note),
            "     ",
            "     ",
        );
        s.push('\n');
    }
    while s.ends_with("\n\n") {
        s.pop();
    }
    s
}
