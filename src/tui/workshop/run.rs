//! The workshop's run loop: the only part of workshop mode that does I/O.
//! It sets up the terminal (ratatui's `init`, whose panic hook restores the
//! terminal first), sends clock ticks, re-reads the results folder every few
//! seconds, and restores the terminal however the loop ends.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crossterm::event::{self, Event};

use super::view::draw;
use super::{Effect, Msg, Workshop, update};
use crate::practice::report;

/// How often the results folder is read again.
const RESCAN: Duration = Duration::from_secs(3);
/// How often the clock ticks.
const TICK: Duration = Duration::from_millis(200);

/// What the workshop starts with.
pub struct Options {
    pub workshop: Workshop,
    pub results: Option<PathBuf>,
}

/// Runs the workshop until the facilitator quits.
pub fn run(opts: Options) -> anyhow::Result<()> {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() {
        anyhow::bail!(
            "the workshop screen needs a terminal; `tactful workshop ID --print` prints the facilitator sheet instead"
        );
    }
    let mut w = opts.workshop;
    w.color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let mut terminal = ratatui::init();
    let result = (|| -> anyhow::Result<()> {
        let mut last = Instant::now();
        let mut last_scan: Option<Instant> = None;
        let scan = |w: &mut Workshop| {
            if let Some(dir) = &opts.results {
                let c = report::collect(std::slice::from_ref(dir));
                update(w, Msg::Results(c));
            }
        };
        if w.chosen.is_some() {
            scan(&mut w);
            last_scan = Some(Instant::now());
        }
        loop {
            terminal.draw(|f| draw(&w, f))?;
            let mut msgs = Vec::new();
            if event::poll(TICK)? {
                loop {
                    if let Event::Key(k) = event::read()? {
                        msgs.push(Msg::Key(k));
                    }
                    if !event::poll(Duration::ZERO)? {
                        break;
                    }
                }
            }
            let now = Instant::now();
            msgs.push(Msg::Tick((now - last).as_millis() as u64));
            last = now;
            for msg in msgs {
                for fx in update(&mut w, msg) {
                    match fx {
                        Effect::Quit => return Ok(()),
                        Effect::ScanResults => {
                            scan(&mut w);
                            last_scan = Some(Instant::now());
                        }
                    }
                }
            }
            if w.chosen.is_some() && last_scan.is_none_or(|t| t.elapsed() >= RESCAN) {
                scan(&mut w);
                last_scan = Some(Instant::now());
            }
        }
    })();
    ratatui::restore();
    result
}
