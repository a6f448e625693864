//! The Finish step: first draft against final, the checklist, and where
//! the reply goes.

use super::*;

pub(super) fn draw_finish(m: &Model, f: &mut Frame, area: Rect, theme: Theme) {
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
        let (fixed, _) = crate::tui::reply::model::changes(first, now, &m.dismissed);
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
