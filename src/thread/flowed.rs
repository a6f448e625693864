//! `format=flowed` text (RFC 3676), as Thunderbird, Apple Mail and many
//! list archives send plain text: a line that ends in a space continues on
//! the next line (a *soft* break), so the sender's client could wrap long
//! paragraphs at 72 columns and the reader's can rewrap them. Decoding joins
//! the soft breaks back into whole lines.
//!
//! The rules (RFC 3676 §4):
//! - a line's quote depth is its count of leading `>`; the marks are
//!   removed, and written back as `>` per level and a space;
//! - after the quote marks, one leading space is removed (*space-stuffing*:
//!   senders add it before a line that starts with a space, `>` or `From `);
//! - a line that then ends in a space is flowed and joins the next line,
//!   unless that line has another quote depth (then the break stays), the
//!   line is the signature separator `-- `, or it is the last line;
//! - with `DelSp=yes` the trailing space of a flowed line is deleted when
//!   joining (the sender added it only to mark the break), otherwise kept.
//!
//! mail-parser decodes charsets and transfer encodings but leaves the text
//! flowed; no maintained crate does only this, and it is a page of code.

/// Join the soft line breaks of flowed text.
pub(crate) fn unflow(text: &str, delsp: bool) -> String {
    let mut out = String::with_capacity(text.len());
    // The logical line being built: its quote depth and text so far.
    let mut open: Option<(usize, String)> = None;
    for raw in text.split('\n') {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        let depth = raw.bytes().take_while(|&b| b == b'>').count();
        let content = &raw[depth..];
        let content = content.strip_prefix(' ').unwrap_or(content);
        let flowed = content.ends_with(' ') && content != "-- ";
        let (depth, mut line) = match open.take() {
            Some((d, text)) if d == depth => (d, text),
            Some((d, text)) => {
                // A flowed line before a change of depth ends there.
                write_line(&mut out, d, text.strip_suffix(' ').unwrap_or(&text));
                (depth, String::new())
            }
            None => (depth, String::new()),
        };
        if flowed {
            let kept = if delsp {
                &content[..content.len() - 1]
            } else {
                content
            };
            line.push_str(kept);
            open = Some((depth, line));
        } else {
            line.push_str(content);
            write_line(&mut out, depth, &line);
        }
    }
    if let Some((depth, text)) = open {
        write_line(&mut out, depth, text.strip_suffix(' ').unwrap_or(&text));
    }
    // `split` saw one more (empty) line after a final newline.
    if text.ends_with('\n') {
        out.truncate(out.trim_end_matches('\n').len());
        out.push('\n');
    } else if out.ends_with('\n') {
        out.pop();
    }
    out
}

fn write_line(out: &mut String, depth: usize, text: &str) {
    for _ in 0..depth {
        out.push('>');
    }
    if depth > 0 && !text.is_empty() {
        out.push(' ');
    }
    out.push_str(text);
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::unflow;

    #[test]
    fn soft_breaks_join_and_hard_breaks_stay() {
        let text =
            "This paragraph was wrapped \nby the sender's client \nat 72 columns.\nA new line.\n";
        assert_eq!(
            unflow(text, false),
            "This paragraph was wrapped by the sender's client at 72 columns.\nA new line.\n"
        );
    }

    #[test]
    fn delsp_deletes_the_marking_space() {
        // DelSp=yes lets a sender break inside a long word.
        assert_eq!(
            unflow("super \ncalifragilistic\n", true),
            "supercalifragilistic\n"
        );
        assert_eq!(
            unflow("super \ncalifragilistic\n", false),
            "super califragilistic\n"
        );
    }

    #[test]
    fn quoted_lines_join_within_their_depth() {
        let text = "> You removed the \n> option.\n>> Earlier \n>> words.\nMine \nhere.";
        assert_eq!(
            unflow(text, false),
            "> You removed the option.\n>> Earlier words.\nMine here."
        );
    }

    #[test]
    fn change_of_depth_ends_a_flowed_line() {
        assert_eq!(unflow("> Hi \nHello\n", false), "> Hi\nHello\n");
    }

    #[test]
    fn space_stuffing_is_removed() {
        assert_eq!(
            unflow(" From here on.\n >not a quote\n", false),
            "From here on.\n>not a quote\n"
        );
    }

    #[test]
    fn signature_separator_is_not_flowed() {
        assert_eq!(unflow("Thanks\n-- \nAnn\n", false), "Thanks\n-- \nAnn\n");
    }

    #[test]
    fn crlf_and_blank_quote_lines() {
        assert_eq!(
            unflow("> a \r\n> b\r\n>\r\n> c\r\n", false),
            "> a b\n>\n> c\n"
        );
    }
}
