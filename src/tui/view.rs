//! Drawing: reads the [`Model`] and draws a frame, nothing else. Every
//! screen has a header with the steps, a body, and a footer with the keys
//! that work here (from the keymap table).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::app::{Item, Model, Overlay, PathPurpose, Screen, home_choices};
use super::keymap::{self, Place};
use super::thread_view::{Row, Scroll, ThreadView};
use super::wrap::{self, Mark, fit};
use crate::engine::{Analysis, Dimension, Kind, Scores};

/// Width from which panes sit side by side.
pub const SIDE_BY_SIDE: u16 = 100;

/// Styles that read on dark and light terminals; without colour
/// (`NO_COLOR`), marks are carried by bold, underline and reverse video.
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    fn fg(self, c: Color) -> Style {
        if self.color {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }
    pub fn flag(self) -> Style {
        self.fg(Color::Red)
            .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }
    pub fn cue(self) -> Style {
        if self.color {
            self.fg(Color::Green).add_modifier(Modifier::UNDERLINED)
        } else {
            Style::new().add_modifier(Modifier::ITALIC | Modifier::UNDERLINED)
        }
    }
    pub fn selected(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }
    pub fn dim(self) -> Style {
        Style::new().add_modifier(Modifier::DIM)
    }
    pub fn bold(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }
    pub fn accent(self) -> Style {
        self.fg(Color::Magenta).add_modifier(Modifier::BOLD)
    }
    pub fn good(self) -> Style {
        self.fg(Color::Green)
    }
    pub fn bad(self) -> Style {
        self.fg(Color::Red)
    }
}

/// Draws the whole frame.
pub fn draw(m: &Model, f: &mut Frame) {
    let area = f.area();
    let theme = m.theme();
    let status_rows = u16::from(m.status.is_some());
    let [header, body, status, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(status_rows),
        Constraint::Length(1),
    ])
    .areas(area);
    draw_header(m, f, header, theme);
    match m.screen {
        Screen::Home => draw_home(m, f, body, theme),
        Screen::Read => draw_read(m, f, body, theme),
        Screen::Intent => draw_intent(m, f, body, theme),
        Screen::Draft => draw_draft(m, f, body, theme),
        Screen::Review => draw_review(m, f, body, theme),
        Screen::Finish => draw_finish(m, f, body, theme),
    }
    if let Some(s) = &m.status {
        f.render_widget(
            Paragraph::new(Line::styled(
                fit(&wrap::clean(s), area.width as usize),
                theme.bold(),
            )),
            status,
        );
    }
    draw_footer(m, f, footer, theme);
    if let Some(o) = &m.overlay {
        draw_overlay(m, o, f, body, theme);
    }
}

fn draw_header(m: &Model, f: &mut Frame, area: Rect, theme: Theme) {
    let mut spans = vec![Span::styled(" tactful ", theme.bold())];
    if m.screen == Screen::Home {
        spans.push(Span::raw(" reply coach"));
    } else {
        let wide = area.width >= 64;
        for (i, s) in Screen::STEPS.iter().enumerate() {
            if i > 0 {
                spans.push(Span::styled(if wide { " › " } else { "›" }, theme.dim()));
            }
            let label = if wide {
                format!("{} {}", i + 1, s.title())
            } else {
                s.title().to_string()
            };
            if *s == m.screen {
                spans.push(Span::styled(
                    format!("[{label}]"),
                    theme.selected().add_modifier(Modifier::BOLD),
                ));
            } else {
                spans.push(Span::styled(format!(" {label} "), theme.dim()));
            }
        }
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The place whose keys the footer and help show.
fn keys_place(m: &Model) -> Place {
    if matches!(m.overlay, Some(Overlay::Help)) {
        // Help lists the keys of what is under it.
        return match &m.under_help {
            Some(o) => place_of_overlay(o),
            None => Model::screen_place(m.screen, m.notes_focus),
        };
    }
    m.place()
}

fn place_of_overlay(o: &Overlay) -> Place {
    match o {
        Overlay::Help => Place::Help,
        Overlay::ConfirmQuit => Place::ConfirmQuit,
        Overlay::Restore(_) => Place::Restore,
        Overlay::PathInput { .. } => Place::PathInput,
        Overlay::Paste { .. } => Place::Paste,
        Overlay::Dismiss(_) => Place::Dismiss,
        Overlay::Nudge(_) => Place::Nudge,
    }
}

fn draw_footer(m: &Model, f: &mut Frame, area: Rect, theme: Theme) {
    let place = m.place();
    let mut spans = Vec::new();
    let mut width = 0usize;
    let max = area.width as usize;
    for (key, label) in keymap::footer(place) {
        let item = format!("{key} {label}");
        let w = unicode_width::UnicodeWidthStr::width(item.as_str()) + 2;
        if width + w > max {
            break;
        }
        width += w;
        spans.push(Span::styled(key, theme.bold()));
        spans.push(Span::raw(format!(" {label}  ")));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn block(title: &str) -> Block<'static> {
    Block::new()
        .borders(Borders::ALL)
        .title(format!(" {} ", wrap::clean(title)))
}

fn draw_home(m: &Model, f: &mut Frame, area: Rect, theme: Theme) {
    let w = area.width.min(64);
    let h = area.height.min(14);
    let r = centered(area, w, h);
    let mut lines = vec![
        Line::raw(""),
        Line::styled(format!(" {}", m.flow.steps.home), theme.bold()),
        Line::raw(""),
    ];
    for (i, (label, key)) in home_choices().iter().enumerate() {
        let marker = if i == m.home_cursor { "›" } else { " " };
        let text = format!(" {marker} {label:<30} {key}");
        let style = if i == m.home_cursor {
            theme.selected()
        } else {
            Style::new()
        };
        lines.push(Line::styled(text, style));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        " ↑/↓ and Enter, or the letter on the right.",
        theme.dim(),
    ));
    f.render_widget(
        Paragraph::new(lines).block(block("tactful — reply to a heated thread")),
        r,
    );
}

fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// Draws the thread from `scroll` into `area` (inside a block).
fn draw_thread(m: &Model, f: &mut Frame, area: Rect, scroll: Scroll, title: &str, theme: Theme) {
    let Some(t) = &m.thread else {
        return;
    };
    let b = block(title);
    let inner = b.inner(area);
    f.render_widget(b, area);
    let lines = thread_lines(
        m,
        t,
        scroll,
        inner.width as usize,
        inner.height as usize,
        theme,
    );
    f.render_widget(Paragraph::new(lines), inner);
}

fn thread_lines(
    m: &Model,
    t: &ThreadView,
    scroll: Scroll,
    width: usize,
    height: usize,
    theme: Theme,
) -> Vec<Line<'static>> {
    let mut out = Vec::with_capacity(height);
    let mut part = scroll.part.min(t.len().saturating_sub(1));
    let mut row = scroll.row;
    while out.len() < height && part < t.len() {
        let rows = t.rows(part, width);
        let msg = t.parts[part].message;
        let message = &t.data.messages[msg];
        let answered = msg == t.data.answering;
        let heat = t.heat(&m.engine, part);
        let marks: Vec<Mark> = heat
            .iter()
            .map(|r| Mark {
                range: r.clone(),
                style: theme.flag(),
            })
            .collect();
        for r in rows.iter().skip(row) {
            if out.len() >= height {
                break;
            }
            let line = match r {
                Row::Header => {
                    let mut name = message
                        .author
                        .clone()
                        .unwrap_or_else(|| "Someone".to_string());
                    if let Some(time) = &message.time {
                        name.push_str(" · ");
                        name.push_str(time);
                    }
                    let mut spans = vec![Span::styled(
                        fit(&wrap::clean(&name), width.saturating_sub(16).max(8)),
                        theme.bold(),
                    )];
                    if answered {
                        spans.push(Span::styled("  ◆ answering", theme.accent()));
                    }
                    Line::from(spans)
                }
                Row::Body(range) => {
                    let body = &message.body;
                    let quoted = body[range.clone()].starts_with('>');
                    let base = if quoted { theme.dim() } else { Style::new() };
                    let mut line = wrap::styled_row(body, range.clone(), &marks, base);
                    let bar = if answered { "┃ " } else { "  " };
                    line.spans.insert(
                        0,
                        Span::styled(
                            bar,
                            if answered {
                                theme.accent()
                            } else {
                                Style::new()
                            },
                        ),
                    );
                    line
                }
                Row::Gap => Line::raw(""),
            };
            out.push(line);
        }
        row = 0;
        part += 1;
    }
    out
}

fn thread_title(m: &Model) -> String {
    let Some(t) = &m.thread else {
        return "Thread".into();
    };
    let n = t.data.messages.len();
    match &t.data.title {
        Some(title) => format!("{title} · {n} messages"),
        None => format!("Thread · {n} messages"),
    }
}

fn draw_read(m: &Model, f: &mut Frame, area: Rect, theme: Theme) {
    let notes_h = if m.notes_focus { 7 } else { 4 }.min(area.height / 2);
    let [top, prompt] =
        Layout::vertical([Constraint::Min(3), Constraint::Length(notes_h)]).areas(area);
    draw_thread(m, f, top, m.read_scroll, &thread_title(m), theme);
    let b = block(&m.flow.read.question);
    let inner = b.inner(prompt);
    f.render_widget(b, prompt);
    if m.notes_focus {
        m.notes.render(inner, f.buffer_mut(), &[], true);
    } else {
        let mut lines = Vec::new();
        if m.notes.is_blank() {
            lines.push(Line::raw(m.flow.read.notes_hint.clone()));
        } else {
            lines.push(Line::raw(format!(
                "Notes: {}",
                wrap::clean(&m.notes.text().replace('\n', " / "))
            )));
        }
        lines.push(Line::styled(m.flow.steps.read.clone(), theme.dim()));
        f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), inner);
    }
}

fn draw_intent(m: &Model, f: &mut Frame, area: Rect, theme: Theme) {
    let intents = m.intents();
    let list_h = (intents.len() as u16 + 2)
        .min(area.height.saturating_sub(4))
        .max(3);
    let [list_area, detail] =
        Layout::vertical([Constraint::Length(list_h), Constraint::Min(1)]).areas(area);
    let mut lines = Vec::new();
    let visible = list_h.saturating_sub(2) as usize;
    let first = m.intent_cursor.saturating_sub(visible.saturating_sub(1));
    for (i, intent) in intents.iter().enumerate().skip(first).take(visible) {
        let marker = if i == m.intent_cursor { "›" } else { " " };
        let chosen = if m.intent.as_deref() == Some(intent.id.as_str()) {
            " ✓"
        } else {
            ""
        };
        let text = format!("{marker} {}{chosen}", intent.title);
        let style = if i == m.intent_cursor {
            theme.selected()
        } else {
            Style::new()
        };
        lines.push(Line::styled(
            fit(&text, list_area.width.saturating_sub(2) as usize),
            style,
        ));
    }
    f.render_widget(
        Paragraph::new(lines).block(block(&m.flow.steps.intent)),
        list_area,
    );
    if let Some(intent) = intents.get(m.intent_cursor) {
        let mut lines = vec![Line::raw(intent.description.clone()), Line::raw("")];
        lines.push(Line::styled("You will be asked:", theme.bold()));
        for p in &intent.prompts {
            lines.push(Line::raw(format!("• {p}")));
        }
        f.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: true })
                .block(block(&intent.title)),
            detail,
        );
    }
}

fn intent_title(m: &Model) -> Option<String> {
    let id = m.intent.as_deref()?;
    m.engine.library().intent(id).map(|i| i.title.clone())
}

fn draw_draft(m: &Model, f: &mut Frame, area: Rect, theme: Theme) {
    let side = area.width >= SIDE_BY_SIDE;
    let (thread_area, editor_col) = if !m.show_thread || m.thread.is_none() {
        (None, area)
    } else if side {
        let [l, r] = Layout::horizontal([Constraint::Percentage(40), Constraint::Percentage(60)])
            .areas(area);
        (Some(l), r)
    } else {
        let th = (area.height / 3).max(3);
        let [t, b] = Layout::vertical([Constraint::Length(th), Constraint::Min(3)]).areas(area);
        (Some(t), b)
    };
    if let (Some(ta), Some(t)) = (thread_area, &m.thread) {
        let scroll = m.draft_scroll.unwrap_or(Scroll {
            part: t.part_of_message(t.data.answering),
            row: 0,
        });
        draw_thread(m, f, ta, scroll, "Their words", theme);
    }
    // The questions of the chosen aim, when there is room.
    let prompts: Vec<String> = m
        .intent
        .as_deref()
        .and_then(|id| m.engine.library().intent(id))
        .map(|i| i.prompts.clone())
        .unwrap_or_default();
    // What to keep in mind: the aim's questions and the user's own notes.
    let mut ask_lines: Vec<String> = prompts
        .iter()
        .take(2)
        .map(|p| format!("Ask yourself: {p}"))
        .collect();
    if !m.notes.is_blank() {
        ask_lines.push(format!(
            "Your notes: {}",
            wrap::clean(&m.notes.text().replace('\n', " / "))
        ));
    }
    let ask_h = if editor_col.height >= 16 {
        ask_lines.len() as u16
    } else {
        0
    };
    let [ask, editor_area, live] = Layout::vertical([
        Constraint::Length(ask_h),
        Constraint::Min(3),
        Constraint::Length(1),
    ])
    .areas(editor_col);
    if ask_h > 0 {
        let lines: Vec<Line> = ask_lines
            .iter()
            .map(|l| Line::styled(fit(l, ask.width as usize), theme.dim()))
            .collect();
        f.render_widget(Paragraph::new(lines), ask);
    }
    let title = match intent_title(m) {
        Some(t) => format!("Your reply · {t}"),
        None => "Your reply".to_string(),
    };
    let b = block(&title);
    let inner = b.inner(editor_area);
    f.render_widget(b, editor_area);
    // Live-check marks, when the check read this very text.
    let marks = match &m.live_result {
        Some((v, a)) if m.live && *v == m.editor.version() => {
            let mut marks: Vec<Mark> = a
                .flags()
                .map(|f| Mark {
                    range: f.byte_start..f.byte_end,
                    style: theme.flag(),
                })
                .collect();
            marks.sort_by_key(|mk| mk.range.start);
            marks
        }
        _ => Vec::new(),
    };
    m.editor.render(inner, f.buffer_mut(), &marks, true);
    f.render_widget(
        Paragraph::new(live_line(m, theme, live.width as usize)),
        live,
    );
}

fn live_line(m: &Model, theme: Theme, width: usize) -> Line<'static> {
    let words = m.editor.words();
    if !m.live {
        return Line::styled(
            fit(
                &format!("{words} words · live check off (Ctrl+L) · Ctrl+R to check"),
                width,
            ),
            theme.dim(),
        );
    }
    let Some((version, a)) = &m.live_result else {
        return Line::styled(
            fit(
                &format!("{words} words · live check on: it reads when you pause"),
                width,
            ),
            theme.dim(),
        );
    };
    let stale = *version != m.editor.version();
    let flags = a.flags().count();
    let cues = a.cues().count();
    let mut spans = Vec::new();
    if let Some(first) = a.flags().next() {
        spans.push(Span::styled(
            format!("⚑ “{}”", wrap::clean(&first.matched)),
            theme.flag(),
        ));
        spans.push(Span::raw(" · "));
    }
    spans.push(Span::styled(
        format!("{flags} flag{}", if flags == 1 { "" } else { "s" }),
        if flags > 0 { theme.bad() } else { Style::new() },
    ));
    spans.push(Span::raw(" · "));
    spans.push(Span::styled(
        format!("{cues} good sign{}", if cues == 1 { "" } else { "s" }),
        if cues > 0 { theme.good() } else { Style::new() },
    ));
    spans.push(Span::raw(format!(
        " · overall {} · {words} words",
        a.scores.overall
    )));
    if stale {
        spans.push(Span::styled(" …", theme.dim()));
    }
    let mut line = Line::from(spans);
    // Keep within the width.
    let mut used = 0usize;
    line.spans.retain(|s| {
        used += s.width();
        used <= width
    });
    line
}

/// The draft with every finding marked in place.
fn draft_marks(a: &Analysis, selected: Option<usize>, theme: Theme) -> Vec<Mark> {
    let mut marks: Vec<Mark> = a
        .findings
        .iter()
        .enumerate()
        .filter(|(_, f)| f.byte_end > f.byte_start)
        .map(|(i, f)| Mark {
            range: f.byte_start..f.byte_end,
            style: if Some(i) == selected {
                theme.selected().add_modifier(Modifier::BOLD)
            } else if f.kind == Kind::Flag {
                theme.flag()
            } else {
                theme.cue()
            },
        })
        .collect();
    marks.sort_by_key(|mk| (mk.range.start, std::cmp::Reverse(mk.range.end)));
    // Drop overlaps: the earlier (longer) mark wins, except the selection.
    let mut out: Vec<Mark> = Vec::with_capacity(marks.len());
    for mk in marks {
        if let Some(last) = out.last()
            && mk.range.start < last.range.end
        {
            continue;
        }
        out.push(mk);
    }
    out
}

fn draw_review(m: &Model, f: &mut Frame, area: Rect, theme: Theme) {
    let Some(a) = &m.analysis else {
        return;
    };
    let side = area.width >= SIDE_BY_SIDE;
    let (draft_area, right) = if side {
        let [l, r] = Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
            .areas(area);
        (l, r)
    } else {
        let dh = (area.height / 3).max(4);
        let [t, b] = Layout::vertical([Constraint::Length(dh), Constraint::Min(4)]).areas(area);
        (t, b)
    };
    // The draft, marked.
    let text = m.editor.text();
    let selected = match m.selected_item() {
        Some(Item::Finding(i)) => Some(i),
        _ => None,
    };
    let b = block("Your reply, marked");
    let inner = b.inner(draft_area);
    f.render_widget(b, draft_area);
    let rows = wrap::rows(&text, inner.width as usize);
    let marks = draft_marks(a, selected, theme);
    let h = inner.height as usize;
    let top = if m.review_scroll == usize::MAX {
        // Follow the selection.
        let sel_row = selected
            .and_then(|i| a.findings.get(i))
            .map(|f| rows.partition_point(|r| r.end < f.byte_start))
            .unwrap_or(0);
        sel_row.saturating_sub(h / 3)
    } else {
        m.review_scroll
    }
    .min(rows.len().saturating_sub(h.max(1)));
    m.review_top.set(top);
    let lines: Vec<Line> = rows
        .iter()
        .skip(top)
        .take(h)
        .map(|r| wrap::styled_row(&text, r.clone(), &marks, Style::new()))
        .collect();
    f.render_widget(Paragraph::new(lines), inner);

    // Scores, findings, detail.
    let compact = right.height < 26;
    let score_h = if compact { 2 } else { 8 };
    let detail_h = if compact { 5 } else { 9 };
    let [scores, list, detail] = Layout::vertical([
        Constraint::Length(score_h),
        Constraint::Min(3),
        Constraint::Length(detail_h),
    ])
    .areas(right);
    draw_scores(m, a, f, scores, compact, theme);
    draw_findings(m, a, f, list, theme);
    draw_detail(m, a, f, detail, theme);
}

fn delta(now: u8, before: Option<u8>, theme: Theme) -> Span<'static> {
    match before {
        Some(b) if now > b => Span::styled(format!(" ▲{}", now - b), theme.good()),
        Some(b) if now < b => Span::styled(format!(" ▼{}", b - now), theme.bad()),
        Some(_) => Span::styled(" =", theme.dim()),
        None => Span::raw(""),
    }
}

fn bar(score: u8, width: usize) -> String {
    let filled = (score as usize * width + 50) / 100;
    format!("{}{}", "█".repeat(filled), "░".repeat(width - filled))
}

fn draw_scores(m: &Model, a: &Analysis, f: &mut Frame, area: Rect, compact: bool, theme: Theme) {
    let prev: Option<Scores> = m.previous_revision().map(|r| r.analysis.scores);
    let mut lines = Vec::new();
    let since = match m.previous_revision() {
        Some(p) => {
            let (fixed, new) = super::app::changes(&p.analysis, a, &m.dismissed);
            let mut s = format!("Since last check: {} fixed, {} new", fixed.len(), new.len());
            if let Some(x) = fixed.first() {
                s.push_str(&format!(" (fixed “{}”)", wrap::clean(x)));
            }
            s
        }
        None => format!("First check · {} words", a.words),
    };
    if compact {
        // Two lines: each dimension with an arrow when it moved, then the
        // overall score and what changed.
        let arrow = |now: u8, before: Option<u8>| match before {
            Some(b) if now > b => Span::styled("▲", theme.good()),
            Some(b) if now < b => Span::styled("▼", theme.bad()),
            _ => Span::raw(""),
        };
        let mut l = Vec::new();
        for d in Dimension::ALL {
            let short = match d {
                Dimension::Empathy => "Emp",
                Dimension::Humility => "Hum",
                Dimension::Listening => "Lis",
                Dimension::NextStep => "Nxt",
                Dimension::Escalation => "Calm",
            };
            l.push(Span::raw(format!("{short} {}", a.scores.get(d))));
            l.push(arrow(a.scores.get(d), prev.map(|p| p.get(d))));
            l.push(Span::raw("  "));
        }
        lines.push(Line::from(l));
        let mut l = vec![Span::styled(
            format!("Overall {}", a.scores.overall),
            theme.bold(),
        )];
        l.push(delta(a.scores.overall, prev.map(|p| p.overall), theme));
        l.push(Span::styled(format!(" · {since}"), theme.dim()));
        lines.push(Line::from(l));
        f.render_widget(Paragraph::new(lines), area);
        return;
    }
    let mut l = vec![Span::styled(
        format!(
            "{:<10} {} {:>3}",
            "Overall",
            bar(a.scores.overall, 12),
            a.scores.overall
        ),
        theme.bold(),
    )];
    l.push(delta(a.scores.overall, prev.map(|p| p.overall), theme));
    lines.push(Line::from(l));
    for d in Dimension::ALL {
        let s = a.scores.get(d);
        let mut l = vec![Span::raw(format!(
            "{:<10} {} {:>3}",
            d.title(),
            bar(s, 12),
            s
        ))];
        l.push(delta(s, prev.map(|p| p.get(d)), theme));
        lines.push(Line::from(l));
    }
    lines.push(Line::styled(fit(&since, area.width as usize), theme.dim()));
    f.render_widget(Paragraph::new(lines), area);
}

fn draw_findings(m: &Model, a: &Analysis, f: &mut Frame, area: Rect, theme: Theme) {
    let b = block("Findings (↑/↓)");
    let inner = b.inner(area);
    f.render_widget(b, area);
    let items = m.review_items();
    if items.is_empty() {
        f.render_widget(Paragraph::new("Nothing to show."), inner);
        return;
    }
    let sel = m.review_sel.min(items.len() - 1);
    // Lines with group headers; remember where the selection is.
    let mut lines: Vec<(Line<'static>, bool)> = Vec::new();
    let mut current: Option<Dimension> = None;
    let width = inner.width as usize;
    for (i, item) in items.iter().enumerate() {
        let dim = match item {
            Item::Finding(fi) => a.findings[*fi].dimension,
            Item::Missing(d) => *d,
        };
        if current != Some(dim) {
            current = Some(dim);
            lines.push((
                Line::styled(
                    format!("{} · {}", dim.title(), a.scores.get(dim)),
                    theme.bold(),
                ),
                false,
            ));
        }
        let (text, style) = match item {
            Item::Finding(fi) => {
                let fd = &a.findings[*fi];
                let (mark, style) = if fd.kind == Kind::Flag {
                    ("⚑", theme.flag())
                } else {
                    ("✓", theme.good())
                };
                (
                    format!(" {mark} “{}” {}", wrap::clean(&fd.matched), fd.message),
                    style,
                )
            }
            Item::Missing(_) => (
                " ? nothing yet — a question may help".to_string(),
                theme.dim(),
            ),
        };
        let style = if i == sel { theme.selected() } else { style };
        lines.push((Line::styled(fit(&text, width), style), i == sel));
    }
    let h = inner.height as usize;
    let sel_line = lines.iter().position(|(_, s)| *s).unwrap_or(0);
    // Keep the selection a third of the way down, so what follows shows.
    let top = sel_line
        .saturating_sub(h / 3)
        .min(lines.len().saturating_sub(h));
    let shown: Vec<Line> = lines
        .into_iter()
        .skip(top)
        .take(h)
        .map(|(l, _)| l)
        .collect();
    f.render_widget(Paragraph::new(shown), inner);
}

fn draw_detail(m: &Model, a: &Analysis, f: &mut Frame, area: Rect, theme: Theme) {
    let mut lines: Vec<Line> = Vec::new();
    let title;
    match m.selected_item() {
        Some(Item::Finding(i)) => {
            let fd = &a.findings[i];
            title = if fd.kind == Kind::Flag {
                format!("Flag · line {}", fd.line)
            } else {
                format!("Good sign · line {}", fd.line)
            };
            lines.push(Line::raw(fd.message.clone()));
            if fd.suggestions.is_empty() {
                if fd.kind == Kind::Flag {
                    lines.push(Line::styled(
                        "No ready rewrite: Enter to edit it, d to dismiss.",
                        theme.dim(),
                    ));
                }
            } else {
                for (n, s) in fd.suggestions.iter().enumerate().take(9) {
                    let shown = if s.trim().is_empty() {
                        "(remove these words)".to_string()
                    } else {
                        s.replace("{lower}", &fd.matched.to_lowercase())
                    };
                    lines.push(Line::from(vec![
                        Span::styled(format!("{} ", n + 1), theme.bold()),
                        Span::raw(format!("“{}”", wrap::clean(&shown))),
                    ]));
                }
            }
            // Why it matters, from the rule itself, when there is room.
            if let Some(rule) = m.engine.library().rule(&fd.rule_id)
                && !rule.why.is_empty()
            {
                lines.push(Line::styled(rule.why.clone(), theme.dim()));
            }
        }
        Some(Item::Missing(d)) => {
            title = format!("{} · missing", d.title());
            let lib = m.engine.library();
            if let Some(q) = lib.questions_for(d, m.intent.as_deref()).first() {
                lines.push(Line::styled(q.text.clone(), theme.bold()));
            }
            for (n, s) in lib
                .scaffolds_for(d, m.intent.as_deref())
                .iter()
                .enumerate()
                .take(9)
            {
                lines.push(Line::from(vec![
                    Span::styled(format!("{} ", n + 1), theme.bold()),
                    Span::raw(format!("“{}”", s.text)),
                ]));
            }
        }
        None => title = "Details".into(),
    }
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .block(block(&title)),
        area,
    );
}

fn draw_finish(m: &Model, f: &mut Frame, area: Rect, theme: Theme) {
    let first = m.revisions.first().map(|r| &r.analysis);
    let now = m.revisions.last().map(|r| &r.analysis);
    let mut lines = vec![Line::styled(m.flow.steps.finish.clone(), theme.dim())];
    if let (Some(first), Some(now)) = (first, now) {
        lines.push(Line::styled(
            format!("{:<10} {:>5} {:>5}", "", "first", "now"),
            theme.bold(),
        ));
        let row = |name: &str, b: u8, n: u8| {
            Line::from(vec![
                Span::raw(format!("{name:<10} {b:>5} {n:>5}")),
                delta(n, Some(b), theme),
            ])
        };
        lines.push(row("Overall", first.scores.overall, now.scores.overall));
        for d in Dimension::ALL {
            lines.push(row(d.title(), first.scores.get(d), now.scores.get(d)));
        }
        let (fixed, _) = super::app::changes(first, now, &m.dismissed);
        let mut changed = format!("Words: {} → {}.", first.words, now.words);
        if !fixed.is_empty() {
            let list: Vec<String> = fixed
                .iter()
                .map(|x| format!("“{}”", wrap::clean(x)))
                .collect();
            changed.push_str(&format!(" Softened: {}.", list.join(", ")));
        }
        lines.push(Line::raw(changed));
        let left = now.flags().count();
        if left > 0 {
            lines.push(Line::styled(
                format!(
                    "{} {left} flag{} left.",
                    m.flow.finish.nudge,
                    if left == 1 { "" } else { "s" }
                ),
                theme.bad(),
            ));
        }
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("Before you send it:", theme.bold()));
    for (i, item) in m.flow.finish.checklist.iter().enumerate() {
        let mark = if m.checklist.get(i).copied().unwrap_or(false) {
            "[x]"
        } else {
            "[ ]"
        };
        lines.push(Line::raw(format!("{} {mark} {item}", i + 1)));
    }
    lines.push(Line::raw(""));
    let dest = match &m.out {
        Some(p) => format!("s saves to {}", p.display()),
        None => "s saves to a file you name".to_string(),
    };
    lines.push(Line::styled(
        format!("{dest} · p prints it after quitting · c copies it"),
        theme.dim(),
    ));
    lines.push(Line::raw(""));
    lines.push(Line::styled("Your reply:", theme.bold()));
    for l in m.editor.lines() {
        lines.push(Line::raw(format!("  {}", wrap::clean(l))));
    }
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block("Finish")),
        area,
    );
}

fn popup(
    f: &mut Frame,
    area: Rect,
    w: u16,
    h: u16,
    title: &str,
    lines: Vec<Line<'static>>,
) -> Rect {
    let r = centered(area, w.min(area.width), h.min(area.height));
    f.render_widget(Clear, r);
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block(title)),
        r,
    );
    r
}

fn draw_overlay(m: &Model, o: &Overlay, f: &mut Frame, area: Rect, theme: Theme) {
    match o {
        Overlay::Help => {
            let place = keys_place(m);
            let w = area.width.min(80);
            let inner_w = w.saturating_sub(2) as usize;
            let key_w = 22.min(inner_w / 3);
            let mut lines = Vec::new();
            for b in keymap::table(place) {
                let keys = fit(&keymap::keys_text(&b), key_w);
                lines.push(Line::from(vec![
                    Span::styled(format!("{keys:<key_w$} "), theme.bold()),
                    Span::raw(fit(b.help, inner_w.saturating_sub(key_w + 1))),
                ]));
            }
            lines.push(Line::styled(
                fit(
                    "Mouse wheel scrolls. Your draft is autosaved as you type.",
                    inner_w,
                ),
                theme.dim(),
            ));
            let room = area.height.saturating_sub(2) as usize;
            let top = m.help_scroll.min(lines.len().saturating_sub(room));
            let more = lines.len() > room;
            let shown: Vec<Line> = lines.into_iter().skip(top).take(room).collect();
            let h = shown.len() as u16 + 2;
            let title = if more {
                "Keys here (↓ more, Esc closes)"
            } else {
                "Keys here (Esc closes)"
            };
            let r = centered(area, w, h);
            f.render_widget(Clear, r);
            f.render_widget(Paragraph::new(shown).block(block(title)), r);
        }
        Overlay::ConfirmQuit => {
            let lines = vec![
                Line::raw("Your reply is not saved to a file yet."),
                Line::raw("It stays autosaved, and tactful offers it back next time."),
                Line::raw(""),
                Line::styled("y quit · n stay", theme.bold()),
            ];
            popup(f, area, 62, 6, "Quit?", lines);
        }
        Overlay::Restore(saved) => {
            let words = saved.draft.split_whitespace().count();
            let title = saved.title.clone().unwrap_or_else(|| "a thread".into());
            let first: String = saved.draft.lines().next().unwrap_or("").to_string();
            let lines = vec![
                Line::raw(format!("You were writing a reply ({words} words) to:")),
                Line::styled(fit(&wrap::clean(&title), 56), theme.bold()),
                Line::styled(fit(&format!("“{}”", wrap::clean(&first)), 56), theme.dim()),
                Line::raw(""),
                Line::styled("r restore it · n start fresh", theme.bold()),
            ];
            popup(f, area, 62, 7, "Restore your draft?", lines);
        }
        Overlay::PathInput {
            purpose,
            input,
            error,
        } => {
            let title = match purpose {
                PathPurpose::OpenThread => "Open a thread file: type its path",
                PathPurpose::SaveReply => "Save the reply: type a path",
            };
            let r = centered(area, 70.min(area.width), 6.min(area.height));
            f.render_widget(Clear, r);
            let b = block(title);
            let inner = b.inner(r);
            f.render_widget(b, r);
            let [field, msg] =
                Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(inner);
            input.render(field, f.buffer_mut(), &[], true);
            let text = match error {
                Some(e) => Line::styled(fit(&wrap::clean(e), msg.width as usize * 2), theme.bad()),
                None => Line::styled("Enter to confirm, Esc to cancel.", theme.dim()),
            };
            f.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), msg);
        }
        Overlay::Paste { input, error } => {
            let r = centered(
                area,
                area.width.saturating_sub(4),
                area.height.saturating_sub(2),
            );
            f.render_widget(Clear, r);
            let b = block("Paste the thread (your terminal's paste), then Ctrl+D");
            let inner = b.inner(r);
            f.render_widget(b, r);
            let [field, msg] =
                Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(inner);
            input.render(field, f.buffer_mut(), &[], true);
            let text = match error {
                Some(e) => Line::styled(fit(&wrap::clean(e), msg.width as usize), theme.bad()),
                None => Line::styled(
                    fit(
                        "Messages start with a “Name:” line. Esc cancels.",
                        msg.width as usize,
                    ),
                    theme.dim(),
                ),
            };
            f.render_widget(Paragraph::new(text), msg);
        }
        Overlay::Dismiss(i) => {
            let matched = m
                .analysis
                .as_ref()
                .and_then(|a| a.findings.get(*i))
                .map(|f| f.matched.clone())
                .unwrap_or_default();
            let mut lines = vec![
                Line::raw(format!(
                    "Dismiss “{}” here and in later drafts?",
                    fit(&wrap::clean(&matched), 30)
                )),
                Line::raw(""),
            ];
            for (n, r) in m.flow.dismiss.reasons.iter().enumerate() {
                lines.push(Line::raw(format!("{} {r}", n + 1)));
            }
            lines.push(Line::raw("Enter no reason · Esc keep it"));
            popup(
                f,
                area,
                60,
                lines.len() as u16 + 2,
                "Why dismiss it?",
                lines,
            );
        }
        Overlay::Nudge(_) => {
            let left = m.analysis.as_ref().map_or(0, |a| a.flags().count());
            let lines = vec![
                Line::raw(m.flow.finish.nudge.clone()),
                Line::raw(format!(
                    "{left} flag{} left. Take a breath first.",
                    if left == 1 { "" } else { "s" }
                )),
                Line::raw(""),
                Line::styled("Enter go on · r review · Esc stay", theme.bold()),
            ];
            popup(f, area, 62, 6, "A moment", lines);
        }
    }
}

/// Text of the whole screen, for tests that read it.
pub fn text_of(buffer: &ratatui::buffer::Buffer) -> String {
    let mut out = String::new();
    for y in 0..buffer.area.height {
        let mut line = String::new();
        for x in 0..buffer.area.width {
            line.push_str(buffer[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
