//! Drawing the review: the draft with flags and good cues marked in place
//! beside (or above) the scores, the findings grouped by dimension with the
//! selected one whole, and its detail (rewrites as whole sentences, the
//! question, why it matters), which scrolls when it runs past its pane.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::{Item, Review, changes};
use crate::store::Dismissed;
use crate::tui::widgets::keymap::{self, Action};
use crate::tui::widgets::theme::Theme;
use crate::tui::widgets::wrap::{self, Mark, fit};
use tactful_engine::rules::Library;
use tactful_engine::{Analysis, Dimension, Kind, Scores, rewrite};

/// `marks` with every unfilled blank of `text` marked over them: a mark
/// that overlaps a blank gives way to it.
pub fn with_blanks(text: &str, marks: Vec<Mark>, theme: Theme) -> Vec<Mark> {
    let blanks = tactful_engine::blanks::blank_spans(text);
    if blanks.is_empty() {
        return marks;
    }
    let mut out: Vec<Mark> = marks
        .into_iter()
        .filter(|mk| {
            !blanks
                .iter()
                .any(|b| b.start < mk.range.end && mk.range.start < b.end)
        })
        .collect();
    out.extend(blanks.into_iter().map(|range| Mark {
        range,
        style: theme.blank(),
    }));
    out.sort_by_key(|mk| mk.range.start);
    out
}

/// The draft with every finding marked in place (findings set aside
/// left out).
pub fn draft_marks(r: &Review, a: &Analysis, selected: Option<usize>, theme: Theme) -> Vec<Mark> {
    let mut marks: Vec<Mark> = a
        .findings
        .iter()
        .enumerate()
        .filter(|(_, f)| f.byte_end > f.byte_start && r.shown(f))
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

/// What the review draws from.
pub struct Look<'a> {
    pub review: &'a Review,
    /// The draft as it is now.
    pub text: &'a str,
    pub library: &'a Library,
    pub intent: Option<&'a str>,
    /// Dismissals kept by the flow (a flag gone because it was dismissed
    /// is not "fixed").
    pub dismissed: &'a [Dismissed],
    /// The heated words of the message answered, which the listening
    /// questions point at.
    pub their_heat: &'a [String],
    pub theme: Theme,
}

fn block(title: &str) -> Block<'static> {
    Block::new()
        .borders(Borders::ALL)
        .title(format!(" {} ", wrap::clean(title)))
}

/// Draws the review into `area`: the marked draft beside (or above) the
/// scores, the findings and the selected one's detail. `side_by_side`
/// puts the draft on the left.
pub fn draw(look: &Look, f: &mut Frame, area: Rect, side_by_side: bool) {
    let r = look.review;
    let theme = look.theme;
    let Some(a) = &r.analysis else {
        return;
    };
    let (draft_area, right) = if side_by_side {
        let [l, r] = Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
            .areas(area);
        (l, r)
    } else {
        let dh = (area.height / 3).max(4);
        let [t, b] = Layout::vertical([Constraint::Length(dh), Constraint::Min(4)]).areas(area);
        (t, b)
    };
    // The draft, marked.
    let text = look.text;
    let selected = match r.selected_item() {
        Some(Item::Finding(i)) => Some(i),
        _ => None,
    };
    let blanks = tactful_engine::blanks::blank_spans(text).len();
    let title = match blanks {
        0 => "Your reply, marked".to_string(),
        1 => "Your reply, marked · 1 blank to fill".to_string(),
        n => format!("Your reply, marked · {n} blanks to fill"),
    };
    let b = block(&title);
    let inner = b.inner(draft_area);
    f.render_widget(b, draft_area);
    let rows = wrap::rows(text, inner.width as usize);
    let marks = with_blanks(text, draft_marks(r, a, selected, theme), theme);
    let h = inner.height as usize;
    let top = if r.scroll == usize::MAX {
        // Follow the selection.
        let sel_row = selected
            .and_then(|i| a.findings.get(i))
            .map(|f| rows.partition_point(|r| r.end < f.byte_start))
            .unwrap_or(0);
        sel_row.saturating_sub(h / 3)
    } else {
        r.scroll
    }
    .min(rows.len().saturating_sub(h.max(1)));
    r.top.set(top);
    let lines: Vec<Line> = rows
        .iter()
        .skip(top)
        .take(h)
        .map(|row| wrap::styled_row(text, row.clone(), &marks, Style::new()))
        .collect();
    f.render_widget(Paragraph::new(lines), inner);

    // Scores, findings, detail: the detail takes the rows its text needs
    // (as far as the list keeps a few), the list the rest.
    let compact = right.height < 26;
    let score_h = if compact { 2 } else { 8 };
    let list_min: u16 = if compact { 5 } else { 7 };
    let detail = detail_lines(look, a, right.width.saturating_sub(2) as usize);
    let room = right.height.saturating_sub(score_h + list_min);
    let detail_h = (detail.lines.len() as u16 + 2).min(room).max(3.min(room));
    let [scores, list, detail_area] = Layout::vertical([
        Constraint::Length(score_h),
        Constraint::Min(0),
        Constraint::Length(detail_h),
    ])
    .areas(right);
    draw_scores(look, a, f, scores, compact);
    draw_findings(look, a, f, list);
    draw_detail(look, detail, f, detail_area);
}

/// A score's move since the last check: ▲ up, ▼ down, = the same.
pub fn delta(now: u8, before: Option<u8>, theme: Theme) -> Span<'static> {
    match before {
        Some(b) if now > b => Span::styled(format!(" ▲{}", now - b), theme.good()),
        Some(b) if now < b => Span::styled(format!(" ▼{}", b - now), theme.bad()),
        Some(_) => Span::styled(" =", theme.dim()),
        None => Span::raw(""),
    }
}

/// A gauge of `width` cells for a 0–100 score (clamped to 100).
pub fn bar(score: u8, width: usize) -> String {
    let filled = (usize::from(score.min(100)) * width + 50) / 100;
    format!("{}{}", "█".repeat(filled), "░".repeat(width - filled))
}

fn draw_scores(look: &Look, a: &Analysis, f: &mut Frame, area: Rect, compact: bool) {
    let theme = look.theme;
    let prev_rev = look.review.previous_revision();
    let prev: Option<Scores> = prev_rev.map(|r| r.analysis.scores);
    let mut lines = Vec::new();
    let since = match prev_rev {
        Some(p) => {
            let (fixed, new) = changes(&p.analysis, a, look.dismissed);
            let mut s = format!("Since last check: {} fixed, {} new", fixed.len(), new.len());
            if let Some(x) = fixed.first() {
                s.push_str(&format!(" (fixed “{}”)", wrap::clean(x)));
            }
            s
        }
        None => format!(
            "First check · {} words",
            crate::tui::widgets::editor::word_count(look.text)
        ),
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

fn draw_findings(look: &Look, a: &Analysis, f: &mut Frame, area: Rect) {
    let theme = look.theme;
    let b = block("Findings (↑/↓)");
    let inner = b.inner(area);
    f.render_widget(b, area);
    let items = look.review.items();
    if items.is_empty() {
        f.render_widget(Paragraph::new("Nothing to show."), inner);
        return;
    }
    let sel = look.review.sel.min(items.len() - 1);
    // Lines with group headers; remember which show the selection.
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
        // A mark, then what was found and why it matters.
        let (lead, text, style) = match item {
            Item::Finding(fi) => {
                let fd = &a.findings[*fi];
                let (mark, style) = if fd.kind == Kind::Flag {
                    ("⚑", theme.flag())
                } else {
                    ("✓", theme.good())
                };
                (
                    format!(" {mark} "),
                    format!("“{}” {}", wrap::clean(&fd.matched), fd.message),
                    style,
                )
            }
            Item::Missing(_) => (
                " ? ".to_string(),
                "nothing yet — a question may help".to_string(),
                theme.dim(),
            ),
        };
        if i == sel {
            // The selected row whole, wrapped under its mark.
            let style = theme.selected();
            for mut line in wrap::hanging(Span::styled(lead, style), &text, style, width) {
                let pad = width.saturating_sub(line.width());
                line.spans.push(Span::styled(" ".repeat(pad), style));
                lines.push((line, true));
            }
        } else {
            lines.push((
                Line::styled(fit(&format!("{lead}{text}"), width), style),
                false,
            ));
        }
    }
    let h = inner.height as usize;
    let sel_first = lines.iter().position(|(_, s)| *s).unwrap_or(0);
    let sel_end = lines
        .iter()
        .rposition(|(_, s)| *s)
        .map_or(sel_first, |p| p + 1);
    // Keep the selection a third of the way down, so what follows shows,
    // with as much of it in view as fits.
    let top = sel_first
        .saturating_sub(h / 3)
        .max(sel_end.saturating_sub(h))
        .min(sel_first)
        .min(lines.len().saturating_sub(h));
    let shown: Vec<Line> = lines
        .into_iter()
        .skip(top)
        .take(h)
        .map(|(l, _)| l)
        .collect();
    f.render_widget(Paragraph::new(shown), inner);
}

/// The selected line's detail, wrapped to the pane's inner width: its
/// title and every row of its text.
struct Detail {
    title: String,
    lines: Vec<Line<'static>>,
}

fn detail_lines(look: &Look, a: &Analysis, width: usize) -> Detail {
    let theme = look.theme;
    let mut lines: Vec<Line<'static>> = Vec::new();
    let para = |lines: &mut Vec<Line<'static>>, text: &str, style: Style| {
        lines.extend(wrap::hanging(Span::raw(""), text, style, width));
    };
    let title;
    match look.review.selected_item() {
        Some(Item::Finding(i)) => {
            let fd = &a.findings[i];
            title = if fd.kind == Kind::Flag {
                format!("Flag · line {}", fd.line)
            } else {
                format!("Good sign · line {}", fd.line)
            };
            para(&mut lines, &fd.message, Style::new());
            if fd.suggestions.is_empty() {
                if let Some(q) = &fd.question {
                    para(&mut lines, q, theme.bold());
                }
                if fd.kind == Kind::Flag {
                    para(
                        &mut lines,
                        "No rewrite fits here: Enter to edit it, d to dismiss.",
                        theme.dim(),
                    );
                }
            } else {
                for (n, s) in fd.suggestions.iter().enumerate().take(9) {
                    let shown = if s.sentence.is_empty() {
                        "(leave this sentence out)".to_string()
                    } else {
                        format!("“{}”", s.sentence)
                    };
                    let lead = Span::styled(format!("{} ", n + 1), theme.bold());
                    lines.extend(wrap::hanging(lead, &shown, Style::new(), width));
                }
                // Each suggestion as its whole sentence would read, then the
                // sentence as it reads now: chosen with the result in view.
                if let Some(text) = look
                    .review
                    .revisions
                    .last()
                    .map(|r| r.text.as_str())
                    .filter(|t| t.get(fd.byte_start..fd.byte_end) == Some(fd.matched.as_str()))
                {
                    let abbreviations = &look.library.language.abbreviations;
                    let now = rewrite::sentence_at(text, fd.byte_start..fd.byte_end, abbreviations);
                    let shown = format!("“{}”", text[now.start..now.end].trim());
                    let lead = Span::styled("now ", theme.dim());
                    lines.extend(wrap::hanging(lead, &shown, Style::new(), width));
                }
            }
            // Why it matters, from the rule itself.
            if let Some(rule) = look.library.rule(&fd.rule_id)
                && !rule.why.is_empty()
            {
                para(&mut lines, &rule.why, theme.dim());
            }
        }
        Some(Item::Missing(d)) => {
            title = format!("{} · missing", d.title());
            let lib = look.library;
            if let Some(q) = lib.questions_for(d, look.intent).first() {
                para(&mut lines, &q.text, theme.bold());
            }
            // The listening questions ask what they said: their heated
            // words are where to look first.
            if d == Dimension::Listening && !look.their_heat.is_empty() {
                para(
                    &mut lines,
                    &heat_line(look.their_heat, usize::MAX),
                    theme.dim(),
                );
            }
            for (n, s) in lib.scaffolds_for(d, look.intent).iter().enumerate().take(9) {
                let lead = Span::styled(format!("{} ", n + 1), theme.bold());
                lines.extend(wrap::hanging(
                    lead,
                    &format!("“{}”", s.text),
                    Style::new(),
                    width,
                ));
            }
        }
        None => title = "Details".into(),
    }
    Detail { title, lines }
}

/// Draws the detail from its scroll position; when it runs past the pane,
/// the title says which way there is more and the key that shows it.
fn draw_detail(look: &Look, detail: Detail, f: &mut Frame, area: Rect) {
    let r = look.review;
    let h = area.height.saturating_sub(2) as usize;
    let max = detail.lines.len().saturating_sub(h);
    r.detail_max.set(max);
    let top = r.detail_scroll.min(max);
    let key = |a| keymap::first_key(keymap::REVIEW, a).unwrap_or_default();
    let title = match (top > 0, top < max) {
        (_, true) => format!("{} · {} more ↓", detail.title, key(Action::DetailDown)),
        (true, false) => format!("{} · {} back ↑", detail.title, key(Action::DetailUp)),
        (false, false) => detail.title,
    };
    let shown: Vec<Line> = detail.lines.into_iter().skip(top).take(h).collect();
    f.render_widget(Paragraph::new(shown).block(block(&title)), area);
}

/// The heated words of the message answered, as one line: the flow's
/// lead-in, then each phrase in quotes, as many as fit in `width` cells.
pub fn heat_line(phrases: &[String], width: usize) -> String {
    let lead = &crate::tui::widgets::words::flow().draft.their_heat;
    let mut out = lead.clone();
    for (i, p) in phrases.iter().enumerate() {
        let piece = format!("{}“{}”", if i == 0 { " " } else { " · " }, wrap::clean(p));
        use unicode_width::UnicodeWidthStr;
        if i > 0 && out.width() + piece.width() > width {
            break;
        }
        out.push_str(&piece);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::bar;

    #[test]
    fn the_gauge_is_clamped_to_its_width() {
        assert_eq!(bar(0, 4), "░░░░");
        assert_eq!(bar(50, 4), "██░░");
        assert_eq!(bar(250, 4), "████");
    }
}
