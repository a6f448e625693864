//! The Intent step: what the reply is for.

use super::*;

pub(super) fn draw_intent(m: &Model, f: &mut Frame, area: Rect, theme: Theme) {
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

pub(super) fn intent_title(m: &Model) -> Option<String> {
    let id = m.intent.as_deref()?;
    m.engine.library().intent(id).map(|i| i.title.clone())
}
