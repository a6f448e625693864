//! The Draft step: the editor with findings marked in place, their words
//! beside it, and the live-check line.

use super::*;

pub(super) fn draw_draft(m: &Model, f: &mut Frame, area: Rect, theme: Theme) {
    let side = area.width >= SIDE_BY_SIDE;
    let (thread_area, editor_col) = if !m.show_thread || m.thread.is_none() {
        (None, area)
    } else if side {
        let [l, r] = Layout::horizontal([Constraint::Percentage(40), Constraint::Percentage(60)])
            .areas(area);
        (Some(l), r)
    } else {
        let th = layout::draft_thread_height(area.height);
        let [t, b] = Layout::vertical([Constraint::Length(th), Constraint::Min(3)]).areas(area);
        (Some(t), b)
    };
    if let (Some(ta), Some(t)) = (thread_area, &m.thread) {
        let scroll = m.draft_scroll.unwrap_or(Scroll {
            part: t.part_of_message(t.data.answering),
            row: 0,
        });
        draw_thread(m, f, ta, scroll, "Their words", None, theme);
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
    // Their heated words, which the listening questions point at.
    let their_heat = m.their_heat();
    if !their_heat.is_empty() {
        ask_lines.push(crate::tui::widgets::review::view::heat_line(
            &their_heat,
            editor_col.width as usize,
        ));
    }
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
    // Unfilled blanks, always, drawn over anything else.
    let marks = with_blanks(&m.editor.text(), marks, theme);
    m.editor.render(inner, f.buffer_mut(), &marks, true);
    f.render_widget(
        Paragraph::new(live_line(m, theme, live.width as usize)),
        live,
    );
}

pub(super) fn live_line(m: &Model, theme: Theme, width: usize) -> Line<'static> {
    let mut line = live_status(m, theme, width);
    let blanks = m.blanks().len();
    if blanks > 0 {
        line.spans.insert(
            0,
            Span::styled(
                format!(
                    "{blanks} blank{} to fill · ",
                    if blanks == 1 { "" } else { "s" }
                ),
                theme.bad(),
            ),
        );
        let mut used = 0usize;
        line.spans.retain(|s| {
            used += s.width();
            used <= width
        });
    }
    line
}

fn live_status(m: &Model, theme: Theme, width: usize) -> Line<'static> {
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
