//! The home screen: reply to the sample thread, open or paste a thread,
//! practise, or run a workshop.

use super::*;

pub(super) fn draw_home(m: &Model, f: &mut Frame, area: Rect, theme: Theme) {
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
