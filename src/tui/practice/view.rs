//! Drawing practice: the brief, the draft with the goals checklist beside
//! it, and the results with the model replies beside the person's reply.
//! Reads the model, draws, nothing else.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::{Place, Practice, Screen, table};
use crate::practice::goals::{GoalResult, ScoreName};
use crate::tui::widgets::review::view::Look;
use crate::tui::widgets::theme::Theme;
use crate::tui::widgets::wrap::{Mark, clean, fit};
use tactful_engine::{Analysis, Kind};

/// Draws the whole frame.
pub fn draw(p: &Practice, f: &mut Frame) {
    let theme = Theme { color: p.color };
    let [head, body, status, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(f.area());
    let e = &p.exercise;
    let steps = [
        (Screen::Choose, "Choose"),
        (Screen::Brief, "Brief"),
        (Screen::Draft, "Draft"),
        (Screen::Review, "Review"),
        (Screen::Results, "Results"),
    ];
    let title = if p.screen == Screen::Choose {
        " Practice · choose an exercise ".to_string()
    } else {
        format!(" Practice · {} ", clean(&e.title))
    };
    let steps: Vec<(Screen, &str)> = steps
        .into_iter()
        .filter(|(s, _)| *s != Screen::Choose || !p.choices.is_empty())
        .collect();
    // The steps always show whole; the title takes what is left.
    let steps_w: usize = steps.iter().map(|(_, n)| n.chars().count() + 3).sum();
    let title_w = (head.width as usize).saturating_sub(steps_w).clamp(12, 48);
    let mut spans = vec![Span::styled(fit(&title, title_w), theme.bold())];
    for (s, name) in steps {
        spans.push(Span::raw(" "));
        spans.push(if s == p.screen {
            Span::styled(format!(" {name} "), theme.selected())
        } else {
            Span::styled(format!(" {name} "), theme.dim())
        });
    }
    f.render_widget(Paragraph::new(Line::from(spans)), head);
    match p.screen {
        Screen::Choose => choose(p, f, body, theme),
        Screen::Brief => brief(p, f, body, theme),
        Screen::Draft => draft(p, f, body, theme),
        Screen::Review => review(p, f, body, theme),
        Screen::Results => results(p, f, body, theme),
    }
    if let Some(s) = &p.status {
        f.render_widget(
            Paragraph::new(Span::styled(format!(" {s}"), theme.accent())),
            status,
        );
    }
    footer(p, f, foot, theme);
    if p.confirm_quit {
        popup(
            f,
            body,
            " Quit? ",
            vec![Line::from(
                "Your draft is kept and comes back next time you open this exercise.",
            )],
        );
    }
    if p.help {
        help(p, f, body, theme);
    }
}

fn footer(p: &Practice, f: &mut Frame, area: Rect, theme: Theme) {
    use crate::tui::widgets::keymap::Action as K;
    // "more" only where the finding's detail runs past its pane.
    let more = p.review.detail_overflows();
    let items: Vec<(String, String)> = table(p.place())
        .iter()
        .filter(|b| !b.label.is_empty())
        .filter(|b| more || b.action != super::Action::InReview(K::DetailDown))
        .map(|bd| {
            (
                crate::tui::widgets::keymap::key_name(&bd.keys[0]),
                bd.label.to_string(),
            )
        })
        .collect();
    let mut spans = Vec::new();
    // Each item is drawn " key " then " label  ": four cells more.
    for (key, label) in crate::tui::widgets::keymap::fit_footer(&items, area.width as usize, 4) {
        spans.push(Span::styled(format!(" {key} "), theme.selected()));
        spans.push(Span::raw(if label.is_empty() {
            " ".to_string()
        } else {
            format!(" {label}  ")
        }));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn dots(d: u8) -> String {
    (1..=3).map(|i| if i <= d { '●' } else { '○' }).collect()
}

fn choose(p: &Practice, f: &mut Frame, area: Rect, theme: Theme) {
    let [list, detail] =
        Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(area);
    let width = list.width.saturating_sub(2) as usize;
    let lines: Vec<Line> = p
        .choices
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let e = &c.exercise;
            let status = if c.status.is_empty() {
                String::new()
            } else {
                format!(" · {}", c.status)
            };
            let text = fit(
                &format!(" {}  {}{status}", dots(e.difficulty), clean(&e.title)),
                width,
            );
            if i == p.cursor {
                Line::from(Span::styled(format!("{text:width$}"), theme.selected()))
            } else {
                Line::from(text)
            }
        })
        .collect();
    let top = (p.cursor as u16).saturating_sub(list.height.saturating_sub(3));
    f.render_widget(
        Paragraph::new(lines)
            .scroll((top, 0))
            .block(Block::default().borders(Borders::ALL).title(" Exercises ")),
        list,
    );
    if let Some(c) = p.choices.get(p.cursor) {
        let e = &c.exercise;
        let lines = vec![
            Line::from(Span::styled(clean(&e.title), theme.bold())),
            Line::from(format!("{} · {}", clean(&e.venue), e.id)),
            Line::from(""),
            Line::from(clean(&e.setting)),
        ];
        f.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .block(Block::default().borders(Borders::ALL).title(" About ")),
            detail,
        );
    }
}

fn brief(p: &Practice, f: &mut Frame, area: Rect, theme: Theme) {
    let e = &p.exercise;
    let intent = p.engine.library().intent(&e.intent);
    // Inside the border; indented text keeps its indent on every row.
    let width = area.width.saturating_sub(2) as usize;
    let hang = |lead: &str, text: &str| {
        crate::tui::widgets::wrap::hanging(Span::raw(lead.to_string()), text, Style::new(), width)
    };
    let mut lines = vec![
        Line::from(vec![
            Span::styled(clean(&e.title), theme.bold()),
            Span::raw(format!("  {} · {}", dots(e.difficulty), clean(&e.venue))),
        ]),
        Line::from(""),
        Line::from(clean(&e.setting)),
        Line::from(""),
    ];
    for (i, m) in e.messages.iter().enumerate() {
        let mut head = vec![Span::styled(clean(&m.author), theme.bold())];
        if let Some(t) = &m.time {
            let t = crate::practice::time::readable(t);
            head.push(Span::styled(format!(" · {}", clean(&t)), theme.dim()));
        }
        if i == e.answering {
            head.push(Span::styled("  ← you are answering this", theme.accent()));
        }
        lines.push(Line::from(head));
        for para in m.body.split("\n\n") {
            lines.extend(hang("  ", para));
        }
        lines.push(Line::from(""));
    }
    lines.push(Line::from(vec![
        Span::styled("Your aim: ", theme.bold()),
        Span::raw(intent.map_or(e.intent.clone(), |i| {
            format!("{}. {}", i.title, i.description)
        })),
    ]));
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled("Goals", theme.bold())));
    for g in &e.goals {
        lines.extend(hang("[ ] ", &g.text));
    }
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((p.scroll, 0))
            .block(
                Block::default()
                    .borders(Borders::ALL)
                    .title(" The exercise "),
            ),
        area,
    );
}

/// Marks for the draft: flags first, then cues, never overlapping.
fn marks(a: &Analysis, theme: Theme) -> Vec<Mark> {
    let mut fs: Vec<_> = a
        .findings
        .iter()
        .filter(|f| f.rule_id != "listening.open-question")
        .collect();
    fs.sort_by_key(|f| (f.kind != Kind::Flag, f.byte_start));
    let mut out: Vec<Mark> = Vec::new();
    for f in fs {
        if out
            .iter()
            .any(|m| m.range.start < f.byte_end && f.byte_start < m.range.end)
        {
            continue;
        }
        out.push(Mark {
            range: f.byte_start..f.byte_end,
            style: if f.kind == Kind::Flag {
                theme.flag()
            } else {
                theme.cue()
            },
        });
    }
    out.sort_by_key(|m| m.range.start);
    out
}

fn checklist_lines(results: &[GoalResult], theme: Theme) -> Vec<Line<'static>> {
    results
        .iter()
        .map(|g| {
            let (mark, style) = if g.met {
                ("[x] ", theme.good())
            } else {
                ("[ ] ", Style::new())
            };
            Line::from(vec![
                Span::styled(mark, style.add_modifier(Modifier::BOLD)),
                Span::styled(clean(&g.text), style),
            ])
        })
        .collect()
}

fn score_lines(a: Option<&Analysis>, theme: Theme, width: usize) -> Vec<Line<'static>> {
    ScoreName::ALL
        .into_iter()
        .map(|s| {
            let v = a.map_or(0, |a| s.of(&a.scores));
            let bar_w = width.saturating_sub(16).clamp(4, 20);
            let full = usize::from(v) * bar_w / 100;
            Line::from(vec![
                Span::raw(format!("{:10}", s.title())),
                Span::styled("█".repeat(full), theme.accent()),
                Span::styled("░".repeat(bar_w - full), theme.dim()),
                Span::raw(if a.is_some() {
                    format!(" {v:>3}")
                } else {
                    "   –".to_string()
                }),
            ])
        })
        .collect()
}

fn draft(p: &Practice, f: &mut Frame, area: Rect, theme: Theme) {
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(62), Constraint::Percentage(38)]).areas(area);
    let e = &p.exercise;
    let answered = &e.messages[e.answering];
    let [thread, editor_area] =
        Layout::vertical([Constraint::Length(7), Constraint::Min(3)]).areas(left);
    f.render_widget(
        Paragraph::new(clean(&answered.body))
            .wrap(Wrap { trim: true })
            .block(
                Block::default()
                    .borders(Borders::ALL)
                    .title(format!(" {} wrote ", clean(&answered.author))),
            ),
        thread,
    );
    let block = Block::default().borders(Borders::ALL).title(" Your reply ");
    let inner = block.inner(editor_area);
    f.render_widget(block, editor_area);
    let ms = p.current().map(|a| marks(a, theme)).unwrap_or_default();
    p.editor.render(inner, f.buffer_mut(), &ms, true);

    let results = p.checklist();
    let met = results.iter().filter(|g| g.met).count();
    let mut lines = checklist_lines(&results, theme);
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled("Scores", theme.bold())));
    lines.extend(score_lines(
        p.current(),
        theme,
        (right.width as usize).saturating_sub(2),
    ));
    if let Some(a) = p.current() {
        let flags: Vec<_> = a.flags().collect();
        lines.push(Line::from(""));
        if flags.is_empty() {
            lines.push(Line::from(Span::styled("Nothing flagged.", theme.good())));
        } else {
            lines.push(Line::from(Span::styled(
                format!("Flagged ({})", flags.len()),
                theme.bad().add_modifier(Modifier::BOLD),
            )));
            for f in flags.iter().take(4) {
                lines.push(Line::from(vec![
                    Span::styled(format!("“{}” ", clean(&f.matched)), theme.flag()),
                    Span::raw(clean(&f.message)),
                ]));
                if let Some(s) = f.suggestions.iter().find(|s| !s.sentence.trim().is_empty()) {
                    lines.push(Line::from(Span::styled(
                        format!("  try: “{}”", clean(&s.sentence)),
                        theme.dim(),
                    )));
                }
            }
        }
    }
    f.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }).block(
            Block::default()
                .borders(Borders::ALL)
                .title(format!(" Goals {met}/{} ", results.len())),
        ),
        right,
    );
}

/// The review: the reply flow's, on the exercise's reading of the draft.
fn review(p: &Practice, f: &mut Frame, area: Rect, theme: Theme) {
    let text = p.editor.text();
    let their_heat = p.their_heat();
    let look = Look {
        review: &p.review,
        text: &text,
        library: p.engine.library(),
        intent: Some(&p.exercise.intent),
        dismissed: &[],
        their_heat: &their_heat,
        theme,
    };
    crate::tui::widgets::review::view::draw(&look, f, area, area.width >= 100);
}

fn results(p: &Practice, f: &mut Frame, area: Rect, theme: Theme) {
    let Some(last) = &p.last else { return };
    let first = p.first.as_ref().unwrap_or(last);
    let e = &p.exercise;
    let goals = crate::practice::goals::check_all(&e.goals, &last.analysis);
    let met = goals.iter().filter(|g| g.met).count();
    let passed = crate::practice::goals::all_met(&goals);
    let [top, bottom] = Layout::vertical([
        Constraint::Length((goals.len() as u16 + 2).max(8)),
        Constraint::Min(4),
    ])
    .areas(area);
    let [goal_area, score_area] =
        Layout::horizontal([Constraint::Percentage(60), Constraint::Percentage(40)]).areas(top);
    let title = if passed {
        format!(" {met} of {} goals met: passed ", goals.len())
    } else {
        format!(" {met} of {} goals met ", goals.len())
    };
    f.render_widget(
        Paragraph::new(checklist_lines(&goals, theme))
            .wrap(Wrap { trim: false })
            .block(Block::default().borders(Borders::ALL).title(Span::styled(
                title,
                if passed { theme.good() } else { theme.bold() },
            ))),
        goal_area,
    );
    let compare = p.first.is_some() && first.text != last.text;
    let score_rows: Vec<Line> = ScoreName::ALL
        .into_iter()
        .map(|s| {
            let (a, b) = (s.of(&first.analysis.scores), s.of(&last.analysis.scores));
            if compare {
                let d = i16::from(b) - i16::from(a);
                Line::from(vec![
                    Span::raw(format!("{:10} {a:>3} → ", s.title())),
                    Span::styled(format!("{b:>3}"), theme.bold()),
                    Span::styled(
                        format!(" ({d:+})"),
                        if d >= 0 { theme.good() } else { theme.bad() },
                    ),
                ])
            } else {
                Line::from(vec![
                    Span::raw(format!("{:10} ", s.title())),
                    Span::styled(format!("{b:>3}"), theme.bold()),
                ])
            }
        })
        .collect();
    f.render_widget(
        Paragraph::new(score_rows).block(Block::default().borders(Borders::ALL).title(
            if compare {
                " Scores: first draft → final "
            } else {
                " Scores "
            },
        )),
        score_area,
    );
    let [mine, model] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(bottom);
    f.render_widget(
        Paragraph::new(
            last.text
                .split('\n')
                .map(|l| Line::from(clean(l)))
                .collect::<Vec<_>>(),
        )
        .wrap(Wrap { trim: false })
        .scroll((p.scroll, 0))
        .block(Block::default().borders(Borders::ALL).title(" Your reply ")),
        mine,
    );
    if let Some(m) = e.models.get(p.model_shown) {
        let lines = vec![
            Line::from(clean(&m.text)),
            Line::from(""),
            Line::from(vec![
                Span::styled("Why it works: ", theme.bold()),
                Span::styled(clean(&m.note), Style::new().add_modifier(Modifier::ITALIC)),
            ]),
        ];
        f.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .scroll((p.scroll, 0))
                .block(Block::default().borders(Borders::ALL).title(format!(
                    " Model reply {} of {} ↑↓ ",
                    p.model_shown + 1,
                    e.models.len()
                ))),
            model,
        );
    }
}

fn popup(f: &mut Frame, area: Rect, title: &str, lines: Vec<Line<'static>>) {
    let w = 64.min(area.width);
    let h = (lines.len() as u16 + 4).min(area.height);
    let rect = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    );
    f.render_widget(Clear, rect);
    f.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }).block(
            Block::default()
                .borders(Borders::ALL)
                .title(title.to_string()),
        ),
        rect,
    );
}

fn help(p: &Practice, f: &mut Frame, area: Rect, theme: Theme) {
    let under = match p.screen {
        Screen::Choose => Place::Choose,
        Screen::Brief => Place::Brief,
        Screen::Draft => Place::Draft,
        Screen::Review => Place::Review,
        Screen::Results => Place::Results,
    };
    let mut lines: Vec<Line> = table(under)
        .iter()
        .map(|b| {
            let mut keys: Vec<String> = b
                .keys
                .iter()
                .map(crate::tui::widgets::keymap::key_name)
                .collect();
            // A row of digits reads as a range: "1–9".
            if keys.len() > 2 && keys.iter().all(|k| k.chars().all(|c| c.is_ascii_digit())) {
                keys = vec![format!("{}–{}", keys[0], keys[keys.len() - 1])];
            }
            Line::from(vec![
                Span::styled(format!("{:16}", keys.join(" ")), theme.bold()),
                Span::raw(b.help),
            ])
        })
        .collect();
    if under == Place::Draft {
        lines.push(Line::from(
            "Editing keys are the reply flow's: arrows, Ctrl+Z undo, Ctrl+Y redo, Ctrl+A select all.",
        ));
    }
    popup(f, area, " Keys ", lines);
}
