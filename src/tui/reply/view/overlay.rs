//! Overlays over any step: help, questions, dismissal reasons, paths,
//! confirmations.

use super::*;
use crate::tui::widgets::keymap::{Binding, keys_text};

/// The help: every binding's whole key names (wrapped at " / " when they
/// do not fit their column, never cut) beside its help text (wrapped).
fn help_lines(table: &[Binding], inner_w: usize, theme: Theme) -> Vec<Line<'static>> {
    use unicode_width::UnicodeWidthStr;
    let names: Vec<Vec<String>> = table
        .iter()
        .map(|b| {
            let text = keys_text(b);
            text.split(" / ").map(str::to_string).collect()
        })
        .collect();
    let widest = names
        .iter()
        .map(|n| n.join(" / ").width())
        .max()
        .unwrap_or(0);
    // The key column: as wide as the widest keys, but at most half the
    // box; longer key lists wrap between names.
    let longest_name = names.iter().flatten().map(|n| n.width()).max().unwrap_or(0);
    let key_w = widest.min(inner_w / 2).max(longest_name).min(inner_w);
    let text_w = inner_w.saturating_sub(key_w + 1).max(1);
    let mut lines = Vec::new();
    for (b, names) in table.iter().zip(&names) {
        let mut key_rows: Vec<String> = Vec::new();
        for (i, n) in names.iter().enumerate() {
            // A row that more names follow ends in " /": leave it room.
            let tail = if i + 1 < names.len() { 2 } else { 0 };
            match key_rows.last_mut() {
                Some(row) if row.width() + 3 + n.width() + tail <= key_w => {
                    row.push_str(" / ");
                    row.push_str(n);
                }
                Some(row) => {
                    row.push_str(" /");
                    key_rows.push(n.clone());
                }
                None => key_rows.push(n.clone()),
            }
        }
        let help_rows: Vec<String> = wrap::rows(b.help, text_w)
            .into_iter()
            .map(|r| b.help[r].trim_end().to_string())
            .collect();
        for i in 0..key_rows.len().max(help_rows.len()) {
            let k = key_rows.get(i).map_or("", String::as_str);
            let pad = key_w.saturating_sub(k.width());
            lines.push(Line::from(vec![
                Span::styled(format!("{k}{} ", " ".repeat(pad)), theme.bold()),
                Span::raw(help_rows.get(i).cloned().unwrap_or_default()),
            ]));
        }
    }
    let note = "Mouse wheel scrolls. Your draft is autosaved as you type.";
    for r in wrap::rows(note, inner_w) {
        lines.push(Line::styled(note[r].trim_end().to_string(), theme.dim()));
    }
    lines
}

/// The choices of a question, from its keymap: every key that answers
/// it (`r / Enter restore · n / Esc start fresh`).
fn choices(place: Place) -> String {
    keymap::table(place)
        .iter()
        .filter(|b| b.footer)
        .map(|b| format!("{} {}", keys_text(b), b.label))
        .collect::<Vec<_>>()
        .join(" · ")
}

pub(super) fn draw_overlay(m: &Model, o: &Overlay, f: &mut Frame, area: Rect, theme: Theme) {
    match o {
        Overlay::Help => {
            let place = keys_place(m);
            let w = area.width.min(96);
            let inner_w = w.saturating_sub(2) as usize;
            let lines = help_lines(&keymap::table(place), inner_w, theme);
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
                Line::raw(if saved.saved_at > 0 {
                    let when = crate::practice::time::readable(&crate::practice::time::rfc3339(
                        saved.saved_at,
                    ));
                    format!("You were writing a reply ({words} words, {when}) to:")
                } else {
                    format!("You were writing a reply ({words} words) to:")
                }),
                Line::styled(fit(&wrap::clean(&title), 56), theme.bold()),
                Line::styled(fit(&format!("“{}”", wrap::clean(&first)), 56), theme.dim()),
                Line::raw(""),
                Line::styled(choices(Place::Restore), theme.bold()),
            ];
            popup(f, area, 62, 7, "Restore your draft?", lines);
        }
        Overlay::PathInput {
            purpose,
            input,
            error,
            hint,
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
            let text = match (error, hint) {
                (Some(e), _) => {
                    Line::styled(fit(&wrap::clean(e), msg.width as usize * 2), theme.bad())
                }
                (None, Some(h)) => Line::raw(fit(&wrap::clean(h), msg.width as usize * 3)),
                (None, None) => {
                    Line::styled("Tab completes, Enter confirms, Esc cancels.", theme.dim())
                }
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
                .review
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
        Overlay::Blanks(_) => {
            let n = m.blanks().len();
            let lines = vec![
                Line::raw(format!(
                    "Your reply still has {n} unfilled blank{} (___), marked in it:",
                    if n == 1 { "" } else { "s" }
                )),
                Line::raw("the words you meant to put there are missing."),
                Line::raw(""),
                Line::styled("e fill them in · Enter go on · Esc stay", theme.bold()),
            ];
            popup(f, area, 66, 6, "Blanks to fill", lines);
        }
        Overlay::QuitWithReply => {
            let deliver = match &m.out {
                Some(p) => format!(
                    "p save it to {} and quit",
                    wrap::clean(&p.display().to_string())
                ),
                None => "p print it on standard output and quit".to_string(),
            };
            let lines = vec![
                Line::raw("Your reply is not saved or printed yet."),
                Line::raw(""),
                Line::styled(deliver, theme.bold()),
                Line::styled("y quit without it (it stays autosaved)", theme.bold()),
                Line::styled("n stay", theme.bold()),
            ];
            popup(f, area, 62, 7, "Quit?", lines);
        }
        Overlay::Reanswer(target) => {
            let old = m.thread.as_ref().map_or(0, |t| t.data.answering);
            let question = fill(
                &m.flow.answer.question,
                &[("old", &m.who(old)), ("who", &m.who(*target))],
            );
            let words = m.editor.words();
            let lines = vec![
                Line::raw(question),
                Line::styled(
                    format!(
                        "Your draft: {words} word{}",
                        if words == 1 { "" } else { "s" }
                    ),
                    theme.dim(),
                ),
                Line::raw(""),
                Line::styled("t take it along · n new reply · Esc cancel", theme.bold()),
            ];
            popup(f, area, 62, 7, "Answer another message?", lines);
        }
        Overlay::Nudge(_) => {
            let left = m.review.flags_left();
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
