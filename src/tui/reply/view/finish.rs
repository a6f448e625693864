//! The Finish step: first draft against final, the reply as it will leave,
//! the checklist, and where the reply goes. Where it goes stays pinned at
//! the bottom; the rest scrolls (↑/↓), so a small terminal reaches all of
//! it.

use super::*;

pub(super) fn draw_finish(m: &Model, f: &mut Frame, area: Rect, theme: Theme) {
    let b = block("Finish");
    let inner = b.inner(area);
    f.render_widget(b, area);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    let width = inner.width as usize;
    let dest = match &m.out {
        Some(p) => format!("s saves to {}", wrap::clean(&p.display().to_string())),
        None => "s saves to a file you name".to_string(),
    };
    let dest = format!("{dest} · p prints it after quitting · c copies it");
    let dest_rows: Vec<Line> = wrap::rows(&dest, width)
        .into_iter()
        .map(|r| Line::styled(dest[r].trim_end().to_string(), theme.dim()))
        .collect();
    let mut lines = finish_lines(m, width, inner.height < 24, theme);
    // Where the reply goes follows the rest when all of it fits, and is
    // pinned to the bottom when the rest must scroll.
    let fits = lines.len() + 1 + dest_rows.len() <= inner.height as usize;
    let dest_h = if fits {
        lines.push(Line::raw(""));
        lines.extend(dest_rows);
        0
    } else {
        (dest_rows.len() as u16).min(inner.height.saturating_sub(1))
    };
    let [body, pinned] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(dest_h)]).areas(inner);
    if !fits {
        let rows = wrap::rows(&dest, width);
        let dest_rows: Vec<Line> = rows
            .into_iter()
            .map(|r| Line::styled(dest[r].trim_end().to_string(), theme.dim()))
            .collect();
        f.render_widget(Paragraph::new(dest_rows), pinned);
    }
    let h = body.height as usize;
    let max = lines.len().saturating_sub(h);
    m.finish_max.set(max);
    let top = m.finish_scroll.min(max);
    let shown: Vec<Line> = lines.into_iter().skip(top).take(h).collect();
    f.render_widget(Paragraph::new(shown), body);
    // Say there is more, on the border, where it takes no row.
    let more = match (top > 0, top < max) {
        (true, true) => " ↑↓ more ",
        (false, true) => " ↓ more ",
        (true, false) => " ↑ more ",
        (false, false) => "",
    };
    if !more.is_empty() && area.width as usize > more.chars().count() + 10 {
        let x = area.x + area.width - 2 - more.chars().count() as u16;
        f.buffer_mut()
            .set_string(x, area.y + area.height - 1, more, theme.bold());
    }
}

/// The scrolling part of the Finish screen, already wrapped to `width`.
fn finish_lines(m: &Model, width: usize, compact: bool, theme: Theme) -> Vec<Line<'static>> {
    let first = m.review.revisions.first().map(|r| &r.analysis);
    let now = m.review.revisions.last().map(|r| &r.analysis);
    let mut lines = Vec::new();
    let para = |lines: &mut Vec<Line<'static>>, text: &str, style: Style| {
        for r in wrap::rows(text, width) {
            lines.push(Line::styled(text[r].trim_end().to_string(), style));
        }
    };
    para(&mut lines, &m.flow.steps.finish, theme.dim());
    if let (Some(first), Some(now)) = (first, now) {
        if compact {
            // Two lines: each score now, with how it moved since the
            // first draft.
            let short = |d: Dimension| match d {
                Dimension::Empathy => "Emp",
                Dimension::Humility => "Hum",
                Dimension::Listening => "Lis",
                Dimension::NextStep => "Nxt",
                Dimension::Escalation => "Calm",
            };
            let mut l = vec![Span::styled(
                format!(
                    "Overall {} (first {})",
                    now.scores.overall, first.scores.overall
                ),
                theme.bold(),
            )];
            l.push(delta(now.scores.overall, Some(first.scores.overall), theme));
            lines.push(Line::from(l));
            let mut l = Vec::new();
            for d in Dimension::ALL {
                l.push(Span::raw(format!("{} {}", short(d), now.scores.get(d))));
                l.push(delta(now.scores.get(d), Some(first.scores.get(d)), theme));
                l.push(Span::raw(" "));
            }
            lines.push(Line::from(l));
        } else {
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
        }
        let (fixed, _) = crate::tui::reply::model::changes(first, now, &m.dismissed);
        // Counted as the Draft step counts them.
        let count = |r: Option<&crate::tui::widgets::review::Revision>| {
            r.map_or(0, |r| crate::tui::widgets::editor::word_count(&r.text))
        };
        let mut changed = format!(
            "{} {} → {}.",
            m.flow.finish.words,
            count(m.review.revisions.first()),
            count(m.review.revisions.last())
        );
        // A phrase a suggestion took away is "removed", one said another
        // way "softened": the writer should know which of their words are
        // gone.
        let (removed, softened): (Vec<&String>, Vec<&String>) = fixed.iter().partition(|x| {
            m.review
                .removed
                .contains(&tactful_engine::fold_phrase(x.as_str()))
        });
        let finish = &m.flow.finish;
        for (label, phrases) in [(&finish.softened, softened), (&finish.removed, removed)] {
            if !phrases.is_empty() {
                changed.push_str(&format!(
                    " {label} {}.",
                    quoted(phrases.into_iter().map(String::as_str))
                ));
            }
        }
        para(&mut lines, &changed, Style::new());
        let left = now.to_fix().count();
        if left > 0 {
            let s = format!(
                "{} {left} flag{} left.",
                m.flow.finish.nudge,
                if left == 1 { "" } else { "s" }
            );
            para(&mut lines, &s, theme.bad());
        }
        // Flags dismissed as meant left the list, not the reply: the
        // writer sees once more what the reader will read.
        if !now.kept.is_empty() {
            let kept = quoted(now.kept.iter().map(|f| f.matched.as_str()));
            let s = format!("{} {kept}.", m.flow.finish.kept);
            para(&mut lines, &s, Style::new());
        }
    }
    let text = m.editor.text();
    let blanks = tactful_engine::blanks::blank_spans(&text);
    if !blanks.is_empty() {
        let s = format!(
            "{} blank{} (___) still to fill, marked below.",
            blanks.len(),
            if blanks.len() == 1 { "" } else { "s" }
        );
        para(&mut lines, &s, theme.bad());
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("Your reply:", theme.bold()));
    // Every row of the reply indented alike, wrapped rows too.
    let marks: Vec<Mark> = blanks
        .into_iter()
        .map(|range| Mark {
            range,
            style: theme.blank(),
        })
        .collect();
    let reply = text.trim_end();
    for r in wrap::rows(reply, width.saturating_sub(2)) {
        let mut l = wrap::styled_row(reply, r, &marks, Style::new());
        l.spans.insert(0, Span::raw("  "));
        lines.push(l);
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("Before you send it:", theme.bold()));
    for (i, item) in m.flow.finish.checklist.iter().enumerate() {
        let mark = if m.checklist.get(i).copied().unwrap_or(false) {
            "[x]"
        } else {
            "[ ]"
        };
        let s = format!("{} {mark} {item}", i + 1);
        // Continuation rows line up under the item's text.
        let rows = wrap::rows(&s, width.saturating_sub(6).max(1));
        for (n, r) in rows.into_iter().enumerate() {
            let pad = if n == 0 { "" } else { "      " };
            lines.push(Line::raw(format!("{pad}{}", s[r].trim_end())));
        }
    }
    lines
}

/// Phrases of the draft in quotation marks, one after another: “a”, “b”.
fn quoted<'a>(phrases: impl IntoIterator<Item = &'a str>) -> String {
    phrases
        .into_iter()
        .map(|x| format!("“{}”", wrap::clean(x)))
        .collect::<Vec<_>>()
        .join(", ")
}
