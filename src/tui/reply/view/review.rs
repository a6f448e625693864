//! The Review step: the draft with flags and cues marked, the findings by
//! dimension, the selected finding's detail and the score gauges.

use super::*;
use crate::engine::rewrite;

pub(super) fn draw_review(m: &Model, f: &mut Frame, area: Rect, theme: Theme) {
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
    let blanks = m.blanks().len();
    let title = match blanks {
        0 => "Your reply, marked".to_string(),
        1 => "Your reply, marked · 1 blank to fill".to_string(),
        n => format!("Your reply, marked · {n} blanks to fill"),
    };
    let b = block(&title);
    let inner = b.inner(draft_area);
    f.render_widget(b, draft_area);
    let rows = wrap::rows(&text, inner.width as usize);
    let marks = with_blanks(&text, draft_marks(a, selected, theme), theme);
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

pub(super) fn delta(now: u8, before: Option<u8>, theme: Theme) -> Span<'static> {
    match before {
        Some(b) if now > b => Span::styled(format!(" ▲{}", now - b), theme.good()),
        Some(b) if now < b => Span::styled(format!(" ▼{}", b - now), theme.bad()),
        Some(_) => Span::styled(" =", theme.dim()),
        None => Span::raw(""),
    }
}

pub(super) fn bar(score: u8, width: usize) -> String {
    let filled = (score as usize * width + 50) / 100;
    format!("{}{}", "█".repeat(filled), "░".repeat(width - filled))
}

pub(super) fn draw_scores(
    m: &Model,
    a: &Analysis,
    f: &mut Frame,
    area: Rect,
    compact: bool,
    theme: Theme,
) {
    let prev: Option<Scores> = m.previous_revision().map(|r| r.analysis.scores);
    let mut lines = Vec::new();
    let since = match m.previous_revision() {
        Some(p) => {
            let (fixed, new) = crate::tui::reply::model::changes(&p.analysis, a, &m.dismissed);
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

pub(super) fn draw_findings(m: &Model, a: &Analysis, f: &mut Frame, area: Rect, theme: Theme) {
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

pub(super) fn draw_detail(m: &Model, a: &Analysis, f: &mut Frame, area: Rect, theme: Theme) {
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
                if let Some(q) = &fd.question {
                    lines.push(Line::styled(wrap::clean(q), theme.bold()));
                }
                if fd.kind == Kind::Flag {
                    lines.push(Line::styled(
                        "No rewrite fits here: Enter to edit it, d to dismiss.",
                        theme.dim(),
                    ));
                }
            } else {
                for (n, s) in fd.suggestions.iter().enumerate().take(9) {
                    let shown = if s.sentence.is_empty() {
                        "(leave this sentence out)".to_string()
                    } else {
                        format!("“{}”", wrap::clean(&s.sentence))
                    };
                    lines.push(Line::from(vec![
                        Span::styled(format!("{} ", n + 1), theme.bold()),
                        Span::raw(shown),
                    ]));
                }
                // Each suggestion as its whole sentence would read, then the
                // sentence as it reads now: chosen with the result in view.
                if let Some(text) = m
                    .revisions
                    .last()
                    .map(|r| r.text.as_str())
                    .filter(|t| t.get(fd.byte_start..fd.byte_end) == Some(fd.matched.as_str()))
                {
                    let now = rewrite::sentence_at(text, fd.byte_start..fd.byte_end);
                    lines.push(Line::from(vec![
                        Span::styled("now ", theme.dim()),
                        Span::raw(format!(
                            "“{}”",
                            wrap::clean(text[now.start..now.end].trim())
                        )),
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
