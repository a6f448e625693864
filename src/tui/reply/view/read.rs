//! The Read step: the thread with the answered message marked and the heat
//! in their words, and the thread pane the other steps share.

use super::*;

/// Draws the thread from `scroll` into `area` (inside a block).
pub(super) fn draw_thread(
    m: &Model,
    f: &mut Frame,
    area: Rect,
    scroll: Scroll,
    title: &str,
    theme: Theme,
) {
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

pub(super) fn thread_lines(
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
                        name.push_str(&crate::practice::time::readable(time));
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
                Row::Folded(n) => Line::styled(
                    fit(
                        &format!(
                            "  ⋯ {n} line{} of quotes and signatures · z unfolds",
                            if *n == 1 { "" } else { "s" }
                        ),
                        width,
                    ),
                    theme.dim(),
                ),
            };
            out.push(line);
        }
        row = 0;
        part += 1;
    }
    out
}

pub(super) fn thread_title(m: &Model) -> String {
    let Some(t) = &m.thread else {
        return "Thread".into();
    };
    let n = t.data.messages.len();
    match &t.data.title {
        Some(title) => format!("{title} · {n} messages"),
        None => format!("Thread · {n} messages"),
    }
}

pub(super) fn draw_read(m: &Model, f: &mut Frame, area: Rect, theme: Theme) {
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
