//! Drawing the workshop: high contrast (bold, reversed headers, no dim
//! text), the countdown in large block digits that read from the back of a
//! room, and one big panel at a time. Reads the model, draws, nothing else.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::{Panel, Place, Screen, Workshop, table};
use crate::practice::goals::ScoreName;
use crate::tui::widgets::review::view::bar;
use crate::tui::widgets::wrap::{clean, fit};

/// Block digits, five rows each, for the timer.
const DIGITS: [[&str; 5]; 11] = [
    ["███", "█ █", "█ █", "█ █", "███"],
    ["  █", "  █", "  █", "  █", "  █"],
    ["███", "  █", "███", "█  ", "███"],
    ["███", "  █", "███", "  █", "███"],
    ["█ █", "█ █", "███", "  █", "  █"],
    ["███", "█  ", "███", "  █", "███"],
    ["███", "█  ", "███", "█ █", "███"],
    ["███", "  █", "  █", "  █", "  █"],
    ["███", "█ █", "███", "█ █", "███"],
    ["███", "█ █", "███", "  █", "███"],
    ["   ", " █ ", "   ", " █ ", "   "],
];

/// `m:ss` in block digits: five lines.
pub fn big_text(s: &str) -> Vec<String> {
    let mut rows = vec![String::new(); 5];
    for (i, c) in s.chars().enumerate() {
        let g = match c {
            '0'..='9' => &DIGITS[c as usize - '0' as usize],
            ':' => &DIGITS[10],
            _ => continue,
        };
        for (r, row) in rows.iter_mut().enumerate() {
            if i > 0 {
                row.push(' ');
            }
            row.push_str(g[r]);
        }
    }
    rows
}

struct Look {
    color: bool,
}

impl Look {
    fn header(&self) -> Style {
        let s = Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED);
        if self.color {
            Style::new()
                .fg(Color::Black)
                .bg(Color::White)
                .add_modifier(Modifier::BOLD)
        } else {
            s
        }
    }
    fn bold(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }
    fn timer(&self, secs: u64, up: bool) -> Style {
        let base = self.bold();
        if !self.color {
            return if up {
                base.add_modifier(Modifier::REVERSED)
            } else {
                base
            };
        }
        match (up, secs) {
            (true, _) => base.fg(Color::LightRed),
            (false, 0..=60) => base.fg(Color::Yellow),
            _ => base.fg(Color::White),
        }
    }
    fn good(&self) -> Style {
        if self.color {
            self.bold().fg(Color::LightGreen)
        } else {
            self.bold()
        }
    }
    fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }
}

/// Draws the whole frame.
pub fn draw(w: &Workshop, f: &mut Frame) {
    let look = Look { color: w.color };
    let area = f.area();
    let [head, body, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(1),
    ])
    .areas(area);
    match w.screen {
        Screen::Choose => {
            header(f, head, " tactful workshop · choose an exercise", &look);
            choose(w, f, body, &look);
        }
        Screen::Run => {
            let title = w.exercise().map_or(String::new(), |e| {
                format!(" {} · {} · {}", e.title, dots(e.difficulty), e.venue)
            });
            header(f, head, &title, &look);
            run(w, f, body, &look);
        }
    }
    footer(w, f, foot);
    if w.results.as_ref().is_some_and(|r| r.opened) && w.screen == Screen::Run {
        opened(w, f, body, &look);
    }
    if w.help {
        help(w, f, body, &look);
    }
}

fn dots(d: u8) -> String {
    (1..=3).map(|i| if i <= d { '●' } else { '○' }).collect()
}

fn header(f: &mut Frame, area: Rect, text: &str, look: &Look) {
    let t = fit(&clean(text), area.width as usize);
    f.render_widget(
        Paragraph::new(Line::from(Span::styled(
            format!("{t:width$}", width = area.width as usize),
            look.header(),
        ))),
        area,
    );
}

fn footer(w: &Workshop, f: &mut Frame, area: Rect) {
    let items: Vec<(String, String)> = table(w.place())
        .iter()
        .filter(|b| !b.label.is_empty())
        .map(|bd| {
            (
                crate::tui::widgets::keymap::key_name(&bd.keys[0]),
                bd.label.to_string(),
            )
        })
        .collect();
    let mut spans = Vec::new();
    // Each item is drawn " key " then " label  ": four cells more.
    for (key, label) in crate::tui::widgets::keymap::fit_footer(&items, area.width as usize, 4) {
        spans.push(Span::styled(
            format!(" {key} "),
            Style::new().add_modifier(Modifier::REVERSED),
        ));
        spans.push(Span::raw(if label.is_empty() {
            " ".to_string()
        } else {
            format!(" {label}  ")
        }));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn choose(w: &Workshop, f: &mut Frame, area: Rect, look: &Look) {
    let [list, detail] =
        Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(area);
    let lines: Vec<Line> = w
        .exercises
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let text = format!(" {}  {}", dots(e.difficulty), e.title);
            let text = fit(&clean(&text), list.width.saturating_sub(2) as usize);
            if i == w.cursor {
                Line::from(Span::styled(text, look.selected()))
            } else {
                Line::from(Span::styled(text, look.bold()))
            }
        })
        .collect();
    let top = (w.cursor as u16).saturating_sub(list.height.saturating_sub(3));
    f.render_widget(
        Paragraph::new(lines)
            .scroll((top, 0))
            .block(Block::default().borders(Borders::ALL).title(" Exercises ")),
        list,
    );
    if let Some(e) = w.exercises.get(w.cursor) {
        let mut lines = vec![
            Line::from(Span::styled(clean(&e.title), look.bold())),
            Line::from(format!("{} · {}", e.venue, e.id)),
            Line::from(""),
            Line::from(clean(&e.setting)),
            Line::from(""),
            Line::from(Span::styled("Goals", look.bold())),
        ];
        for g in &e.goals {
            lines.push(Line::from(format!("• {}", clean(&g.text))));
        }
        f.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .block(Block::default().borders(Borders::ALL).title(" About ")),
            detail,
        );
    }
}

/// Below this many rows the timer is drawn in one line of plain digits,
/// so that the panel keeps the room (a laptop, not a projector).
const COMPACT_BELOW: u16 = 24;

fn run(w: &Workshop, f: &mut Frame, area: Rect, look: &Look) {
    let compact = area.height < COMPACT_BELOW;
    let body = if compact {
        let [top, body] = Layout::vertical([Constraint::Length(2), Constraint::Min(3)]).areas(area);
        compact_top(w, f, top, look);
        body
    } else {
        let [top, body] = Layout::vertical([Constraint::Length(7), Constraint::Min(3)]).areas(area);
        big_top(w, f, top, look);
        body
    };
    panel(w, f, body, look);
}

/// The timer state in words.
fn timer_state(w: &Workshop) -> &'static str {
    let t = &w.timer;
    if t.is_up() {
        "TIME UP"
    } else if t.running {
        "RUNNING"
    } else if t.elapsed_ms == 0 {
        "READY · Space starts the timer"
    } else {
        "PAUSED"
    }
}

/// The panel tabs; short titles when `narrow`.
fn tabs(w: &Workshop, look: &Look, narrow: bool) -> Line<'static> {
    let mut tabs = Vec::new();
    for (i, p) in Panel::ALL.iter().enumerate() {
        let title = match (narrow, p) {
            (true, Panel::Notes) => "Notes",
            (true, Panel::Models) => "Models",
            _ => p.title(),
        };
        let label = format!(" {} {} ", i + 1, title);
        tabs.push(if *p == w.panel {
            Span::styled(label, look.selected())
        } else {
            Span::styled(label, look.bold())
        });
        tabs.push(Span::raw(" "));
    }
    Line::from(tabs)
}

fn replies_in(w: &Workshop) -> Option<String> {
    w.results.as_ref().map(|r| {
        format!(
            "{} repl{} in",
            r.attempts.len(),
            if r.attempts.len() == 1 { "y" } else { "ies" }
        )
    })
}

/// Two rows: the time left, its state and the replies in; the tabs.
fn compact_top(w: &Workshop, f: &mut Frame, area: Rect, look: &Look) {
    let t = &w.timer;
    let style = look.timer(t.remaining_secs(), t.is_up());
    let mut first = vec![
        Span::styled(format!(" {} ", t.display()), style),
        Span::styled(timer_state(w), style),
    ];
    if let Some(n) = replies_in(w) {
        first.push(Span::raw(" · "));
        first.push(Span::styled(n, look.good()));
    }
    let narrow = area.width < 70;
    f.render_widget(
        Paragraph::new(vec![Line::from(first), tabs(w, look, narrow)]),
        area,
    );
}

fn big_top(w: &Workshop, f: &mut Frame, top: Rect, look: &Look) {
    let [clock, status] =
        Layout::horizontal([Constraint::Length(24), Constraint::Min(10)]).areas(top);
    let t = &w.timer;
    let style = look.timer(t.remaining_secs(), t.is_up());
    let mut rows: Vec<Line> = vec![Line::from("")];
    rows.extend(
        big_text(&t.display())
            .into_iter()
            .map(|r| Line::from(Span::styled(format!("  {r}"), style))),
    );
    f.render_widget(Paragraph::new(rows), clock);

    let mut lines = vec![
        Line::from(""),
        Line::from(Span::styled(timer_state(w), style)),
        Line::from(""),
    ];
    lines.push(tabs(w, look, status.width < 70));
    if let Some(n) = replies_in(w) {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(n, look.good())));
    }
    f.render_widget(Paragraph::new(lines), status);
}

/// The panel below the timer: scrolls with ↑/↓, except Results, which
/// keeps the selected reply in view.
fn panel(w: &Workshop, f: &mut Frame, body: Rect, look: &Look) {
    let Some(e) = w.exercise() else {
        return;
    };
    let mut lines: Vec<Line> = Vec::new();
    match w.panel {
        Panel::Scenario => {
            lines.push(Line::from(clean(&e.setting)));
            lines.push(Line::from(""));
            for (i, m) in e.messages.iter().enumerate() {
                let mark = if i == e.answering {
                    "  ← the message to answer"
                } else {
                    ""
                };
                lines.push(Line::from(vec![
                    Span::styled(clean(&m.author), look.bold()),
                    Span::raw(mark),
                ]));
                for para in m.body.split("\n\n") {
                    lines.push(Line::from(format!("  {}", clean(para))));
                }
                lines.push(Line::from(""));
            }
            lines.push(Line::from(Span::styled("Goals", look.bold())));
            for g in &e.goals {
                lines.push(Line::from(format!("• {}", clean(&g.text))));
            }
        }
        Panel::Notes => {
            if let Some(n) = &e.notes {
                lines.push(Line::from(clean(n)));
                lines.push(Line::from(""));
            }
            lines.push(Line::from(Span::styled(
                "Discussion questions",
                look.bold(),
            )));
            for (i, q) in e.questions.iter().enumerate() {
                lines.push(Line::from(format!("{}. {}", i + 1, clean(q))));
            }
            if !e.watch_for.is_empty() {
                lines.push(Line::from(""));
                lines.push(Line::from(Span::styled("Watch for", look.bold())));
                for q in &e.watch_for {
                    lines.push(Line::from(format!("• {}", clean(q))));
                }
            }
        }
        Panel::Models if !w.revealed => {
            lines.push(Line::from(Span::styled(
                "The model replies are hidden until time is up. Press 3 to reveal them now.",
                look.bold(),
            )));
        }
        Panel::Models => {
            for (i, m) in e.models.iter().enumerate() {
                lines.push(Line::from(Span::styled(
                    format!("Model reply {}", i + 1),
                    look.bold(),
                )));
                lines.push(Line::from(clean(&m.text)));
                lines.push(Line::from(Span::styled(
                    format!("Why it works: {}", clean(&m.note)),
                    Style::new().add_modifier(Modifier::ITALIC),
                )));
                lines.push(Line::from(""));
            }
        }
        Panel::Results => {
            let inner_h = body.height.saturating_sub(1) as usize;
            let (lines, selected_row) = results(w, look, body.width as usize, inner_h);
            // Keep the selected reply in view: the list is what the
            // facilitator moves through here.
            let scroll = selected_row.map_or(0, |row| (row + 2).saturating_sub(inner_h));
            f.render_widget(
                Paragraph::new(lines)
                    .scroll((scroll as u16, 0))
                    .block(panel_block(w, look)),
                body,
            );
            return;
        }
    }
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((w.scroll, 0))
            .block(panel_block(w, look)),
        body,
    );
}

fn panel_block(w: &Workshop, look: &Look) -> Block<'static> {
    Block::default()
        .borders(Borders::TOP)
        .title(Span::styled(format!(" {} ", w.panel.title()), look.bold()))
}

/// `text` wrapped to `width` cells, one line per row, in `style`.
fn wrapped(lines: &mut Vec<Line<'static>>, text: &str, style: Style, width: usize) {
    let text = clean(text);
    for r in crate::tui::widgets::wrap::rows(&text, width) {
        lines.push(Line::from(Span::styled(
            text[r].trim_end().to_string(),
            style,
        )));
    }
}

/// The Results panel, wrapped to `width`, for a panel `height` rows high,
/// and the row of the selected reply. The group's scores are one short
/// line each when there is room, else two lines for all, so that what was
/// met most and least and the list of replies stay on a small screen.
fn results(
    w: &Workshop,
    look: &Look,
    width: usize,
    height: usize,
) -> (Vec<Line<'static>>, Option<usize>) {
    let mut lines = Vec::new();
    let Some(r) = &w.results else {
        wrapped(
            &mut lines,
            "No results folder. Start with `tactful workshop --results DIR` and ask everyone to run `tactful practice ID --export DIR/NAME.json`.",
            Style::new(),
            width,
        );
        return (lines, None);
    };
    let passed = r.attempts.iter().filter(|a| a.passed).count();
    let head = format!(
        "{} repl{} in, {passed} met every goal · folder {}{}",
        r.attempts.len(),
        if r.attempts.len() == 1 { "y" } else { "ies" },
        clean(&r.dir),
        if r.other + r.skipped > 0 {
            format!(
                " · {} other file{} ignored",
                r.other + r.skipped,
                if r.other + r.skipped == 1 { "" } else { "s" }
            )
        } else {
            String::new()
        }
    );
    wrapped(&mut lines, &head, look.bold(), width);
    let Some(s) = &r.summary else {
        lines.push(Line::from(""));
        wrapped(
            &mut lines,
            "Waiting for the first reply… the folder is read every few seconds.",
            Style::new(),
            width,
        );
        return (lines, None);
    };
    // Rows the rest needs: the goals lines, the list and the gaps.
    let goal_rows = 4;
    let roomy = height >= lines.len() + 8 + goal_rows + 2 + r.attempts.len();
    lines.push(Line::from(""));
    if roomy {
        lines.push(Line::from(Span::styled(
            "Group average (final drafts)",
            look.bold(),
        )));
        let bar_w = width.saturating_sub(16).min(30);
        for name in ScoreName::ALL {
            if let Some(sc) = s.scores.iter().find(|x| x.score == name) {
                let v = sc.final_mean.round().clamp(0.0, 100.0) as u8;
                lines.push(Line::from(vec![
                    Span::styled(format!("{:10} ", name.title()), look.bold()),
                    Span::styled(bar(v, bar_w), look.good()),
                    Span::raw(format!(" {v:>3}")),
                ]));
            }
        }
    } else {
        let mut parts = Vec::new();
        for name in ScoreName::ALL {
            if let Some(sc) = s.scores.iter().find(|x| x.score == name) {
                let v = sc.final_mean.round().clamp(0.0, 100.0) as u8;
                parts.push(format!("{} {v}", name.title()));
            }
        }
        let avg = format!("Group average: {}", parts.join(" · "));
        wrapped(&mut lines, &avg, Style::new(), width);
    }
    lines.push(Line::from(""));
    // Every goal met as often as every other: one line says so, where
    // "most" and "least" would name two goals for nothing.
    let tied = s
        .goals
        .first()
        .zip(s.goals.last())
        .is_some_and(|(a, b)| a.met * b.of == b.met * a.of);
    let extremes: Vec<(&str, String)> = match (s.goals.last(), s.goals.first()) {
        (Some(g), Some(_)) if tied => vec![(
            "Each goal: ",
            format!("met in {} of {} attempts", g.met, g.of),
        )],
        (Some(most), Some(least)) => [("Met most:  ", most), ("Met least: ", least)]
            .into_iter()
            .map(|(label, g)| (label, format!("{} ({} of {})", clean(&g.text), g.met, g.of)))
            .collect(),
        _ => Vec::new(),
    };
    for (label, said) in extremes {
        let text = format!("{label}{said}");
        let rows = crate::tui::widgets::wrap::rows(&text, width);
        for (i, row) in rows.into_iter().enumerate() {
            let t = text[row].trim_end().to_string();
            if i == 0 {
                let (l, rest) = t.split_at(label.len().min(t.len()));
                lines.push(Line::from(vec![
                    Span::styled(l.to_string(), look.bold()),
                    Span::raw(rest.to_string()),
                ]));
            } else {
                lines.push(Line::from(t));
            }
        }
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        crate::tui::widgets::wrap::fit("Replies (↑/↓ choose, Enter opens one)", width),
        look.bold(),
    )));
    let mut selected_row = None;
    for (i, a) in r.attempts.iter().enumerate() {
        let text = format!(
            " {}  {} of {} goals",
            clean(&r.label(i)),
            a.goals_met(),
            a.goals.len()
        );
        let text = crate::tui::widgets::wrap::fit(&text, width);
        lines.push(if i == r.selected {
            selected_row = Some(lines.len());
            Line::from(Span::styled(text, look.selected()))
        } else {
            Line::from(text)
        });
    }
    (lines, selected_row)
}

fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

fn opened(w: &Workshop, f: &mut Frame, area: Rect, look: &Look) {
    let Some(r) = &w.results else { return };
    let Some(a) = r.attempts.get(r.selected) else {
        return;
    };
    let rect = centered(
        area,
        area.width.saturating_sub(8),
        area.height.saturating_sub(2),
    );
    f.render_widget(Clear, rect);
    let mut lines = Vec::new();
    for g in &a.goals {
        lines.push(Line::from(format!(
            "[{}] {}",
            if g.met { 'x' } else { ' ' },
            clean(&g.text)
        )));
    }
    lines.push(Line::from(""));
    for para in a.last.text.split('\n') {
        lines.push(Line::from(clean(para)));
    }
    f.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }).block(
            Block::default().borders(Borders::ALL).title(Span::styled(
                format!(" {} ", clean(&r.label(r.selected))),
                look.bold(),
            )),
        ),
        rect,
    );
}

fn help(w: &Workshop, f: &mut Frame, area: Rect, look: &Look) {
    let under = if w.screen == Screen::Choose {
        Place::Choose
    } else {
        Place::Run
    };
    let rows = table(under);
    let rect = centered(area, 70, rows.len() as u16 + 2);
    f.render_widget(Clear, rect);
    let lines: Vec<Line> = rows
        .iter()
        .map(|b| {
            let keys: Vec<String> = b
                .keys
                .iter()
                .map(crate::tui::widgets::keymap::key_name)
                .collect();
            Line::from(vec![
                Span::styled(format!("{:14}", keys.join(" ")), look.bold()),
                Span::raw(b.help),
            ])
        })
        .collect();
    f.render_widget(
        Paragraph::new(lines).block(Block::default().borders(Borders::ALL).title(" Keys ")),
        rect,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn big_digits_line_up() {
        let rows = big_text("9:05");
        assert_eq!(rows.len(), 5);
        assert!(rows.iter().all(|r| r.chars().count() == 15), "{rows:?}");
        assert_eq!(rows[0], "███     ███ ███");
    }
}
