//! Drawing: reads the [`Model`] and draws a frame, nothing else. Every
//! screen has a header with the steps, a body, and a footer with the keys
//! that work here (from the keymap table). One file per screen; this one
//! holds the frame around them.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::keymap::{self, Place, home_choices};
use super::layout;
pub use super::layout::SIDE_BY_SIDE;
use super::model::{Model, Overlay, PathPurpose, Screen};
use crate::tui::widgets::review::view::{delta, with_blanks};
pub use crate::tui::widgets::theme::Theme;
use crate::tui::widgets::thread_view::{Row, Scroll, ThreadView};
use crate::tui::widgets::words::fill;
use crate::tui::widgets::wrap::{self, Mark, fit};
use tactful_engine::Dimension;

mod draft;
mod finish;
mod home;
mod intent;
mod overlay;
mod read;
mod review;

use draft::*;
use finish::*;
use home::*;
use intent::*;
use overlay::*;
use read::*;
use review::*;

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
            None => m.screen_keys(),
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
        Overlay::Blanks(_) => Place::Blanks,
        Overlay::QuitWithReply => Place::QuitWithReply,
        Overlay::Reanswer(_) => Place::Reanswer,
    }
}

fn draw_footer(m: &Model, f: &mut Frame, area: Rect, theme: Theme) {
    let place = m.place();
    let mut spans = Vec::new();
    // Collapsing needs a thread whose replies branch.
    let branching = m.thread.as_ref().is_some_and(|t| t.is_branching());
    // Scrolling a finding's detail, where it runs past its pane.
    let more = m.review.detail_overflows();
    let applies = |a: keymap::Action| match a {
        keymap::Action::ToggleBranch => branching,
        keymap::Action::DetailDown => more,
        _ => true,
    };
    let items: Vec<(String, String)> = keymap::footer_where(place, applies)
        .into_iter()
        .map(|(k, l)| (k, l.to_string()))
        .collect();
    for (key, label) in crate::tui::widgets::keymap::fit_footer(&items, area.width as usize, 2) {
        spans.push(Span::styled(key, theme.bold()));
        if label.is_empty() {
            spans.push(Span::raw("  "));
        } else {
            spans.push(Span::raw(format!(" {label}  ")));
        }
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn block(title: &str) -> Block<'static> {
    Block::new()
        .borders(Borders::ALL)
        .title(format!(" {} ", wrap::clean(title)))
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
