//! `tactful workshop`: an exercise for a group, on a projector.
//!
//! `--print` writes the facilitator sheet (setting, thread, goals, notes,
//! discussion questions, model replies) to standard output.

use std::fmt::Write as _;
use std::io::Write;

use super::output::Out;
use super::{GlobalArgs, Status, WorkshopArgs};
use crate::engine::Engine;
use crate::practice::Exercise;

pub fn run(global: &GlobalArgs, args: WorkshopArgs) -> anyhow::Result<Status> {
    let (engine, exercises) = super::practice::load(global, args.pack.as_deref())?;
    let Some(id) = args.exercise.as_deref() else {
        anyhow::bail!(
            "name the exercise to run: `tactful workshop ID` (`tactful practice --list` lists them)"
        );
    };
    let ex = super::practice::find(&exercises, id)?;
    let mut out = Out::new();
    out.write_all(sheet_text(ex, &engine, args.minutes).as_bytes())?;
    out.flush()?;
    Ok(0)
}

/// The facilitator sheet: everything for running the exercise, in order.
pub fn sheet_text(ex: &Exercise, engine: &Engine, minutes: u16) -> String {
    let mut s = super::practice::brief_text(ex, engine);
    let _ = writeln!(s, "\nTime: {minutes} minutes of writing.");
    if let Some(n) = &ex.notes {
        let _ = writeln!(s, "\nFacilitator notes\n\n  {}", n.trim());
    }
    let _ = writeln!(s, "\nDiscussion questions\n");
    for q in &ex.questions {
        let _ = writeln!(s, "  • {q}");
    }
    if !ex.watch_for.is_empty() {
        let _ = writeln!(s, "\nWatch for\n");
        for w in &ex.watch_for {
            let _ = writeln!(s, "  • {w}");
        }
    }
    let _ = writeln!(s, "\nModel replies (reveal when time is up)\n");
    for (i, m) in ex.models.iter().enumerate() {
        let _ = writeln!(
            s,
            "  {}. {}\n     Why it works: {}\n",
            i + 1,
            m.text,
            m.note
        );
    }
    while s.ends_with("\n\n") {
        s.pop();
    }
    s
}
