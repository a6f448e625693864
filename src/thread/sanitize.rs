//! Untrusted text made safe to draw: every imported string passes through
//! [`sanitize`] before tactful returns it, so a thread cannot move the
//! cursor, retitle the window, write the clipboard (OSC 52) or hide text.
//!
//! Written by hand because the crates that strip ANSI colour codes
//! (`strip-ansi-escapes` and friends) aim at colour, not at hostile input:
//! they keep 8-bit C1 controls, or keep the payload of unterminated strings.

/// Remove terminal escape sequences and control characters.
///
/// - 7-bit sequences: CSI (`ESC [` … final byte), OSC (`ESC ]` … BEL or ST),
///   DCS, SOS, PM and APC (`ESC P`, `ESC X`, `ESC ^`, `ESC _` … ST), and the
///   short `ESC` + intermediates + final forms;
/// - their 8-bit C1 forms (U+009B CSI, U+009D OSC, U+0090 DCS, …);
/// - every other C0 and C1 control and DEL, except newline and tab.
///
/// The payload of a string sequence (an OSC 52 clipboard write, say) goes
/// with it; an unterminated one runs to the end of the text. CR LF and lone
/// CR become LF. Everything else is kept as it is.
pub fn sanitize(text: &str) -> String {
    if !text.chars().any(needs_work) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' | '\t' => out.push(c),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            '\u{1b}' => match chars.next() {
                Some('[') => skip_csi(&mut chars),
                Some(']' | 'P' | 'X' | '^' | '_') => skip_string(&mut chars),
                Some(c) if ('\u{20}'..='\u{2f}').contains(&c) => {
                    // nF escape: intermediates, then one final byte.
                    while let Some(&n) = chars.peek() {
                        chars.next();
                        if !('\u{20}'..='\u{2f}').contains(&n) {
                            break;
                        }
                    }
                }
                // Fp/Fe/Fs two-byte escapes (ESC 7, ESC c, ESC M, …): the
                // second character goes with the ESC. A control character
                // there is handled on its own.
                Some(c) if ('\u{30}'..='\u{7e}').contains(&c) => {}
                Some(other) => {
                    // Not a sequence: drop the ESC, look at the rest again.
                    push_if_kept(&mut out, other, &mut chars);
                }
                None => {}
            },
            '\u{9b}' => skip_csi(&mut chars),
            '\u{9d}' | '\u{90}' | '\u{98}' | '\u{9e}' | '\u{9f}' => skip_string(&mut chars),
            _ => push_if_kept(&mut out, c, &mut chars),
        }
    }
    out
}

fn needs_work(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || c == '\r'
}

fn push_if_kept(out: &mut String, c: char, chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    match c {
        '\n' | '\t' => out.push(c),
        '\r' => {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
        }
        c if c.is_control() => {}
        c => out.push(c),
    }
}

/// CSI: parameter bytes 0x30–0x3F, intermediates 0x20–0x2F, one final byte
/// 0x40–0x7E. Any other character ends the sequence and is looked at again.
fn skip_csi(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while let Some(&c) = chars.peek() {
        if ('\u{20}'..='\u{3f}').contains(&c) {
            chars.next();
        } else {
            if ('\u{40}'..='\u{7e}').contains(&c) {
                chars.next();
            }
            return;
        }
    }
}

/// OSC, DCS, SOS, PM, APC: everything up to BEL, ST (`ESC \`) or 8-bit ST.
fn skip_string(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while let Some(c) = chars.next() {
        match c {
            '\u{7}' | '\u{9c}' => return,
            '\u{1b}' => {
                if chars.peek() == Some(&'\\') {
                    chars.next();
                }
                return;
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::sanitize;

    #[test]
    fn plain_text_is_unchanged() {
        let text = "Hello — “quotes”, tabs\tand\nnewlines, emoji 🥳";
        assert_eq!(sanitize(text), text);
    }

    #[test]
    fn crlf_and_lone_cr_become_lf() {
        assert_eq!(sanitize("a\r\nb\rc"), "a\nb\nc");
    }

    #[test]
    fn csi_colour_and_cursor_moves_are_removed() {
        assert_eq!(
            sanitize("\x1b[31mred\x1b[0m \x1b[2J\x1b[1;1Hhome"),
            "red home"
        );
        assert_eq!(sanitize("\x1b[?1049hx"), "x");
    }

    #[test]
    fn osc_52_clipboard_write_is_removed_with_payload() {
        assert_eq!(sanitize("a\x1b]52;c;cm0gLXJmIH4=\x07b"), "ab");
        assert_eq!(sanitize("a\x1b]52;c;cm0gLXJmIH4=\x1b\\b"), "ab");
    }

    #[test]
    fn osc_title_and_hyperlink_are_removed() {
        assert_eq!(sanitize("\x1b]0;pwned\x07ok"), "ok");
        assert_eq!(
            sanitize("\x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\"),
            "link"
        );
    }

    #[test]
    fn unterminated_osc_runs_to_the_end() {
        assert_eq!(sanitize("keep\x1b]52;c;payload"), "keep");
    }

    #[test]
    fn dcs_sos_pm_apc_are_removed() {
        for intro in ['P', 'X', '^', '_'] {
            let text = format!("a\x1b{intro}payload\x1b\\b");
            assert_eq!(sanitize(&text), "ab", "ESC {intro}");
        }
    }

    #[test]
    fn eight_bit_c1_forms_are_removed() {
        assert_eq!(sanitize("a\u{9b}31mb"), "ab");
        assert_eq!(sanitize("a\u{9d}52;c;eA==\u{9c}b"), "ab");
        assert_eq!(sanitize("a\u{90}q\u{9c}b\u{85}c"), "abc");
    }

    #[test]
    fn short_escapes_and_charset_designations_are_removed() {
        assert_eq!(sanitize("a\x1bcb\x1b7c\x1b(Bd"), "abcd");
    }

    #[test]
    fn c0_controls_and_del_are_removed_but_newline_and_tab_kept() {
        assert_eq!(sanitize("a\x07b\x08c\x7fd\x00e\n\tf"), "abcde\n\tf");
    }

    #[test]
    fn lone_esc_at_end_is_removed() {
        assert_eq!(sanitize("abc\x1b"), "abc");
    }
}
