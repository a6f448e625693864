//! The Read step: the thread with a cursor on a message, the answered
//! message marked, replies under what they answer, each message's heat
//! mark and the heat in their words, a search; and the thread pane the
//! other steps share.

use ratatui::style::Color;

use super::*;
use crate::tui::widgets::thread_view::{HeatMark, INDENT};

/// Draws the thread from `scroll` into `area` (inside a block), with the
/// cursor on message `cursor` if given.
pub(super) fn draw_thread(
    m: &Model,
    f: &mut Frame,
    area: Rect,
    scroll: Scroll,
    title: &str,
    cursor: Option<usize>,
    theme: Theme,
) {
    let Some(t) = &m.thread else {
        return;
    };
    let mut b = block(title);
    // Where the cursor sits in the tree, on the bottom border: past four
    // levels the indentation no longer says it.
    if let Some(crumb) = cursor.and_then(|c| breadcrumb(m, t, c, area.width as usize)) {
        b = b.title_bottom(Line::styled(crumb, theme.dim()));
    }
    let inner = b.inner(area);
    f.render_widget(b, area);
    let lines = thread_lines(
        m,
        t,
        scroll,
        (inner.width as usize, inner.height as usize),
        cursor,
        theme,
    );
    f.render_widget(Paragraph::new(lines), inner);
}

/// The path from the thread's top to message `msg` in a thread whose
/// replies branch — its depth, then who wrote each message on the way
/// (`↳6 ana › bo › … › jo`), cut from the left to fit `width` cells — or
/// `None` for a message at the top or a flat thread.
fn breadcrumb(m: &Model, t: &ThreadView, msg: usize, width: usize) -> Option<String> {
    use unicode_width::UnicodeWidthStr;
    let depth = t.depth(msg);
    if !t.is_branching() || depth == 0 {
        return None;
    }
    let mut path: Vec<usize> = t.tree().ancestors(msg).collect();
    path.reverse();
    path.push(msg);
    let lead = fill(&m.flow.read.deeper, &[("depth", &depth.to_string())]);
    let room = width.saturating_sub(lead.width() + 6);
    let mut shown = wrap::clean(&m.who(msg));
    for &i in path.iter().rev().skip(1) {
        let longer = format!("{} › {shown}", wrap::clean(&m.who(i)));
        if longer.width() > room {
            shown = format!("… › {shown}");
            break;
        }
        shown = longer;
    }
    Some(format!(" {lead} {} ", fit(&shown, room + 4)))
}

/// The style of a heat mark: an attack in bold red, heat in red, a note
/// dim (the glyph carries it without colour).
fn heat_style(mark: &HeatMark, theme: Theme) -> Style {
    match mark.worst {
        tactful_engine::Severity::Error => theme.bad().add_modifier(Modifier::BOLD),
        tactful_engine::Severity::Warning => theme.bad(),
        tactful_engine::Severity::Info => theme.dim(),
    }
}

/// A search match: the current one stands out from the others.
fn hit_style(current: bool, theme: Theme) -> Style {
    let s = Style::new().add_modifier(Modifier::REVERSED);
    match (current, theme.color) {
        (true, true) => Style::new()
            .fg(Color::Black)
            .bg(Color::Yellow)
            .add_modifier(Modifier::BOLD),
        (true, false) => s.add_modifier(Modifier::BOLD),
        (false, _) => s,
    }
}

/// `base` marks with `over` marks on top: where they overlap, `over` wins.
/// Both sorted by start; the result is sorted and without overlaps.
fn overlay_marks(base: Vec<Mark>, over: Vec<Mark>) -> Vec<Mark> {
    if over.is_empty() {
        return base;
    }
    let mut out = over.clone();
    for mk in base {
        let mut pieces = vec![mk.range.clone()];
        for o in &over {
            pieces = pieces
                .into_iter()
                .flat_map(|p| {
                    if o.range.end <= p.start || p.end <= o.range.start {
                        vec![p]
                    } else {
                        let mut v = Vec::new();
                        if p.start < o.range.start {
                            v.push(p.start..o.range.start);
                        }
                        if o.range.end < p.end {
                            v.push(o.range.end..p.end);
                        }
                        v
                    }
                })
                .collect();
        }
        out.extend(pieces.into_iter().map(|range| Mark {
            range,
            style: mk.style,
        }));
    }
    out.sort_by_key(|mk| mk.range.start);
    out
}

/// The header row of a message: its indentation, how deep it is when
/// deeper than shown, who and when, whether it is answered, and its heat
/// mark at the right edge.
fn header_line(
    m: &Model,
    t: &ThreadView,
    msg: usize,
    width: usize,
    cursor: bool,
    theme: Theme,
) -> Line<'static> {
    let message = &t.data.messages[msg];
    let levels = t.levels(msg, width);
    let indent = " ".repeat(INDENT * levels);
    let depth = t.depth(msg);
    let deep = if depth > levels {
        format!(
            "{} ",
            fill(&m.flow.read.deeper, &[("depth", &depth.to_string())])
        )
    } else {
        String::new()
    };
    let author = wrap::clean(message.author.as_deref().unwrap_or("Someone"));
    // When, and (in a flat list) whose message further up this answers.
    let mut tail = String::new();
    if let Some(time) = &message.time {
        tail.push_str(" · ");
        tail.push_str(&crate::practice::time::readable(time));
    }
    if !t.is_branching()
        && let Some(p) = message.reply_to
        && p + 1 != msg
    {
        tail.push_str(" · ");
        tail.push_str(&fill(&m.flow.read.answers, &[("who", &m.who(p))]));
    }
    let tail = wrap::clean(&tail);
    let answered = msg == t.data.answering;
    let mark = t.mark(&m.engine, msg);
    let mark_text = mark.map(|h| format!(" {}", h.text())).unwrap_or_default();
    use unicode_width::UnicodeWidthStr;
    let room = |tag: &str| {
        width
            .saturating_sub(indent.width() + deep.width() + tag.width() + mark_text.width())
            .min(width.saturating_sub(16))
            .max(8)
    };
    // Where room is short, "◆ answering" becomes "◆", then the name is cut
    // before the date is.
    let whole = author.width() + tail.width();
    let tag = match answered {
        false => "",
        true if whole <= room("  ◆ answering") => "  ◆ answering",
        true => "  ◆",
    };
    let room = room(tag);
    let name = if whole <= room || tail.width() + 4 > room {
        fit(&format!("{author}{tail}"), room)
    } else {
        format!("{}{tail}", fit(&author, room - tail.width()))
    };
    let mut spans = vec![Span::raw(indent)];
    if !deep.is_empty() {
        spans.push(Span::styled(deep, theme.dim()));
    }
    spans.push(Span::styled(name, theme.bold()));
    if answered {
        spans.push(Span::styled(tag, theme.accent()));
    }
    let used: usize = spans.iter().map(|s| s.width()).sum();
    if let Some(h) = mark {
        let pad = width.saturating_sub(used + mark_text.width());
        spans.push(Span::raw(" ".repeat(pad)));
        spans.push(Span::styled(mark_text, heat_style(&h, theme)));
    }
    if cursor {
        let used: usize = spans.iter().map(|s| s.width()).sum();
        spans.push(Span::raw(" ".repeat(width.saturating_sub(used))));
        for s in &mut spans {
            s.style = s.style.add_modifier(Modifier::REVERSED);
        }
    }
    Line::from(spans)
}

pub(super) fn thread_lines(
    m: &Model,
    t: &ThreadView,
    scroll: Scroll,
    (width, height): (usize, usize),
    cursor: Option<usize>,
    theme: Theme,
) -> Vec<Line<'static>> {
    let mut out = Vec::with_capacity(height);
    let mut pos = scroll.part.min(t.len().saturating_sub(1));
    let mut row = scroll.row;
    let search = m.search.as_ref();
    while out.len() < height && pos < t.len() {
        let rows = t.rows(pos, width);
        let msg = t.message_at(pos);
        let message = &t.data.messages[msg];
        let answered = msg == t.data.answering;
        let here = cursor == Some(msg);
        let indent = " ".repeat(INDENT * t.levels(msg, width));
        let heat = t.heat(&m.engine, pos);
        let mut marks: Vec<Mark> = heat
            .spans
            .iter()
            .map(|(r, _)| Mark {
                range: r.clone(),
                style: theme.flag(),
            })
            .collect();
        if let Some(s) = search
            && !s.hits.is_empty()
        {
            let at = t.reading_pos(msg);
            let from = s.hits.partition_point(|h| t.reading_pos(h.message) < at);
            let hits: Vec<Mark> = s.hits[from..]
                .iter()
                .enumerate()
                .take_while(|(_, h)| h.message == msg)
                .map(|(i, h)| Mark {
                    range: h.range.clone(),
                    style: hit_style(s.current == Some(from + i), theme),
                })
                .collect();
            marks = overlay_marks(marks, hits);
        }
        for r in rows.iter().skip(row) {
            if out.len() >= height {
                break;
            }
            let line = match r {
                Row::Header => header_line(m, t, msg, width, here, theme),
                Row::Body(range) => {
                    let body = &message.body;
                    let quoted = body[range.clone()].starts_with('>');
                    let base = if quoted { theme.dim() } else { Style::new() };
                    let mut line = wrap::styled_row(body, range.clone(), &marks, base);
                    let (bar, style) = if answered {
                        ("┃ ", theme.accent())
                    } else if here {
                        ("│ ", theme.bold())
                    } else {
                        ("  ", Style::new())
                    };
                    line.spans.insert(0, Span::styled(bar, style));
                    line.spans.insert(0, Span::raw(indent.clone()));
                    line
                }
                Row::Gap => Line::raw(""),
                Row::Folded(n) => Line::styled(
                    fit(
                        &format!(
                            "{indent}  ⋯ {n} line{} of quotes and signatures · z unfolds",
                            if *n == 1 { "" } else { "s" }
                        ),
                        width,
                    ),
                    theme.dim(),
                ),
                Row::Hidden(n) => {
                    let r = &m.flow.read;
                    let yours = t.tree().ancestors(t.data.answering).any(|a| a == msg);
                    let words = match (*n == 1, yours) {
                        (true, false) => r.reply_hidden.clone(),
                        (true, true) => r.reply_hidden_answered.clone(),
                        (false, false) => fill(&r.replies_hidden, &[("n", &n.to_string())]),
                        (false, true) => fill(&r.replies_hidden_answered, &[("n", &n.to_string())]),
                    };
                    let style = if yours { theme.accent() } else { theme.dim() };
                    Line::styled(fit(&format!("{indent}  ▸ {words}"), width), style)
                }
            };
            out.push(line);
        }
        row = 0;
        pos += 1;
    }
    out
}

pub(super) fn thread_title(m: &Model) -> String {
    let Some(t) = &m.thread else {
        return "Thread".into();
    };
    let n = t.data.messages.len();
    match &t.data.title {
        Some(title) => format!("{title} · {n} messages"),
        None => format!("Thread · {n} messages"),
    }
}

/// Where the Read step's thread starts: where the person scrolled, or
/// else where the cursor's message is in view.
pub(super) fn read_top(m: &Model, t: &ThreadView, width: usize, height: usize) -> Scroll {
    m.read_scroll
        .unwrap_or_else(|| t.into_view(m.read_cursor, width, height, Scroll::default()))
}

pub(super) fn draw_read(m: &Model, f: &mut Frame, area: Rect, theme: Theme) {
    let notes_h = layout::notes_height(m.notes_focus, area.height);
    let [top, prompt] =
        Layout::vertical([Constraint::Min(3), Constraint::Length(notes_h)]).areas(area);
    if let Some(t) = &m.thread {
        let inner = block("").inner(top);
        let scroll = read_top(m, t, inner.width as usize, inner.height as usize);
        draw_thread(
            m,
            f,
            top,
            scroll,
            &thread_title(m),
            Some(m.read_cursor),
            theme,
        );
    }
    if let Some(s) = &m.search {
        draw_search(m, s, f, prompt, theme);
        return;
    }
    let b = block(&m.flow.read.question);
    let inner = b.inner(prompt);
    f.render_widget(b, prompt);
    if m.notes_focus {
        m.notes.render(inner, f.buffer_mut(), &[], true);
    } else {
        let mut lines = Vec::new();
        if m.notes.is_blank() {
            lines.push(Line::raw(m.flow.read.notes_hint.clone()));
        } else {
            lines.push(Line::raw(format!(
                "Notes: {}",
                wrap::clean(&m.notes.text().replace('\n', " / "))
            )));
        }
        lines.push(Line::styled(m.flow.steps.read.clone(), theme.dim()));
        f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), inner);
    }
}

/// The search box in place of the notes: what is typed, and how many
/// matches it finds.
fn draw_search(
    m: &Model,
    s: &super::super::model::Search,
    f: &mut Frame,
    area: Rect,
    theme: Theme,
) {
    let words = &m.flow.search;
    let b = block(&words.title);
    let inner = b.inner(area);
    f.render_widget(b, area);
    if inner.height == 0 || inner.width < 3 {
        return;
    }
    let [field, info] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(inner);
    let [slash, input] =
        Layout::horizontal([Constraint::Length(2), Constraint::Min(1)]).areas(field);
    f.render_widget(Paragraph::new(Span::styled("/", theme.bold())), slash);
    s.input.render(input, f.buffer_mut(), &[], true);
    let count = match s.current {
        _ if s.input.is_blank() => String::new(),
        None => words.none.clone(),
        Some(c) => {
            let template = if s.hits.len() >= crate::tui::widgets::thread_view::MAX_HITS {
                &words.many
            } else {
                &words.count
            };
            fill(
                template,
                &[
                    ("at", &(c + 1).to_string()),
                    ("n", &s.hits.len().to_string()),
                ],
            )
        }
    };
    let mut spans = Vec::new();
    let width = info.width as usize;
    if !count.is_empty() {
        let style = if s.current.is_none() {
            theme.bad()
        } else {
            theme.bold()
        };
        spans.push(Span::styled(fit(&count, width), style));
    }
    // The keys, when they fit beside the count (the footer has them too).
    let used: usize = spans.iter().map(|sp| sp.width()).sum();
    let sep = if spans.is_empty() { "" } else { " · " };
    use unicode_width::UnicodeWidthStr;
    if used + sep.width() + words.hint.width() <= width {
        spans.push(Span::raw(sep));
        spans.push(Span::styled(words.hint.clone(), theme.dim()));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), info);
}
