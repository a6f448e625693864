//! Applying a suggested rewrite to a draft: the finding's span is replaced
//! by the rewrite, with its capitalisation fitted to where it lands. An
//! empty rewrite means "remove these words", and takes a following comma
//! and space along so the sentence still reads.

use std::ops::Range;

use super::Finding;

/// A rewrite applied: the new text and the byte range the rewrite occupies
/// in it (for placing the cursor or highlighting the change).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    pub text: String,
    pub replaced: Range<usize>,
}

/// Replaces `finding`'s span in `draft` by `rewrite`.
///
/// `{lower}` in a rewrite stands for the matched words in lower case (a
/// rewrite for shouting); `{ack}` for the matched words without their last
/// word (the acknowledgment before a "but"); `{first}` and `{last}` for the
/// first and last word (or, for punctuation, the first and last character). Returns `None` when the span no
/// longer fits the draft (the draft changed since the analysis).
pub fn apply(draft: &str, finding: &Finding, rewrite: &str) -> Option<Applied> {
    let span = finding.byte_start..finding.byte_end;
    if span.end > draft.len()
        || !draft.is_char_boundary(span.start)
        || !draft.is_char_boundary(span.end)
        || draft[span.clone()] != finding.matched
    {
        return None;
    }
    let mut replacement = fill(rewrite, &finding.matched);
    let mut end = span.end;
    let before = &draft[..span.start];
    let at_sentence_start = before.trim_end().is_empty()
        || before.trim_end().ends_with(['.', '!', '?', '\n', ':'])
        || before.ends_with("\n");
    if replacement.trim().is_empty() {
        // Remove the words and the comma or space that followed them.
        let rest = &draft[end..];
        let skip = rest.len()
            - rest
                .trim_start_matches([',', ';'])
                .trim_start_matches(' ')
                .len();
        end += skip;
        replacement.clear();
        let mut text = String::with_capacity(draft.len());
        text.push_str(before);
        let after = &draft[end..];
        if at_sentence_start {
            text.push_str(&capitalise_first(after));
        } else {
            text.push_str(after);
        }
        return Some(Applied {
            text,
            replaced: span.start..span.start,
        });
    }
    replacement = if at_sentence_start {
        capitalise_first(&replacement)
    } else {
        lower_first(&replacement)
    };
    // Words that ended a sentence ("Seriously?") leave its mark behind when
    // the rewrite brings none of its own.
    if let Some(mark) = finding
        .matched
        .trim_end()
        .chars()
        .last()
        .filter(|c| matches!(c, '?' | '.' | '!'))
        && finding.matched.chars().any(char::is_alphanumeric)
        && !replacement
            .trim_end()
            .ends_with(['?', '.', '!', ',', ':', ';'])
    {
        replacement = format!("{}{mark}", replacement.trim_end());
    }
    // A rewrite ending in a space or comma joins the words after it; when
    // nothing but punctuation follows, its own trailing ":" or "," would
    // dangle ("I see it differently: .").
    let rest = &draft[end..];
    if rest.trim_start().is_empty() || rest.trim_start().starts_with(['.', '!', '?', ';', ',']) {
        let trimmed = replacement
            .trim_end()
            .trim_end_matches([':', ','])
            .trim_end()
            .to_string();
        if !trimmed.is_empty() {
            replacement = trimmed;
        }
    } else if replacement.ends_with(' ') && rest.starts_with(' ') {
        replacement.pop();
    }
    let mut text = String::with_capacity(draft.len() + replacement.len());
    text.push_str(before);
    text.push_str(&replacement);
    text.push_str(&draft[end..]);
    Some(Applied {
        text,
        replaced: span.start..span.start + replacement.len(),
    })
}

/// A rewrite with its placeholders filled from the matched words.
pub fn fill(rewrite: &str, matched: &str) -> String {
    let mut out = rewrite.replace("{lower}", &matched.to_lowercase());
    if out.contains("{first}") || out.contains("{last}") {
        let words: Vec<&str> = matched.split_whitespace().collect();
        let (first, last) = match words.as_slice() {
            [] => (String::new(), String::new()),
            [one] if !one.chars().any(char::is_alphanumeric) => (
                one.chars().next().map(String::from).unwrap_or_default(),
                one.chars().last().map(String::from).unwrap_or_default(),
            ),
            many => (many[0].to_string(), many[many.len() - 1].to_string()),
        };
        out = out.replace("{first}", &first).replace("{last}", &last);
    }
    if out.contains("{ack}") {
        let trimmed = matched.trim_end();
        let without_last = trimmed
            .rfind(char::is_whitespace)
            .map_or("", |i| &trimmed[..i])
            .trim_end_matches([',', ';', ' ', '.', '—', '–', '-']);
        out = out.replace("{ack}", without_last);
    }
    out
}

fn capitalise_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Lower-cases the first letter unless the first word is "I" or looks like
/// a name (a capital inside it, as in "GitHub").
fn lower_first(s: &str) -> String {
    let first_word = s.split_whitespace().next().unwrap_or("");
    let keep = first_word == "I"
        || first_word.starts_with("I'")
        || first_word.starts_with("I’")
        || first_word.chars().skip(1).any(char::is_uppercase);
    if keep {
        return s.to_string();
    }
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Dimension, Kind, Severity};

    fn finding(draft: &str, words: &str) -> Finding {
        let start = draft.find(words).unwrap();
        Finding {
            rule_id: "x.y".into(),
            dimension: Dimension::Escalation,
            kind: Kind::Flag,
            severity: Severity::Warning,
            byte_start: start,
            byte_end: start + words.len(),
            line: 1,
            column: 1,
            matched: words.into(),
            message: String::new(),
            suggestions: vec![],
        }
    }

    #[track_caller]
    fn check(draft: &str, words: &str, rewrite: &str, expected: &str) {
        let applied = apply(draft, &finding(draft, words), rewrite).unwrap();
        assert_eq!(applied.text, expected);
    }

    #[test]
    fn replaces_the_span_and_fits_capitals() {
        check(
            "You need to update it.",
            "You need to",
            "Could you",
            "Could you update it.",
        );
        check(
            "Well, you need to update it.",
            "you need to",
            "Could you",
            "Well, could you update it.",
        );
        check(
            "so I think it works",
            "I think",
            "I believe",
            "so I believe it works",
        );
    }

    #[test]
    fn a_lead_in_rewrite_does_not_dangle_before_a_full_stop() {
        check(
            "Honestly, you are wrong.",
            "you are wrong",
            "I see it differently: ",
            "Honestly, I see it differently.",
        );
    }

    #[test]
    fn an_empty_rewrite_removes_the_words() {
        check(
            "Obviously, this is a bug.",
            "Obviously",
            "",
            "This is a bug.",
        );
        check("It is obviously a bug.", "obviously", "", "It is a bug.");
    }

    #[test]
    fn lower_placeholder_keeps_the_words() {
        check(
            "Please READ THE ISSUE now.",
            "READ THE ISSUE",
            "{lower}",
            "Please read the issue now.",
        );
    }

    #[test]
    fn ack_keeps_the_acknowledgment_and_drops_the_but() {
        check(
            "I understand your frustration, but the answer is no.",
            "I understand your frustration, but",
            "{ack}, and ",
            "I understand your frustration, and the answer is no.",
        );
        check(
            "I see your point. However, the freeze stays.",
            "I see your point. However",
            "{ack}. At the same time, ",
            "I see your point. At the same time, the freeze stays.",
        );
    }

    #[test]
    fn first_and_last_words_fill_a_rewrite() {
        check(
            "You keep closing my issues.",
            "You keep closing",
            "{first} have been {last}",
            "You have been closing my issues.",
        );
        check("It broke!!", "!!", "{first}", "It broke!");
        check("Why?!", "?!", "{first}", "Why?");
    }

    #[test]
    fn the_end_of_a_sentence_survives_a_rewrite() {
        check(
            "Seriously?! You broke it.",
            "Seriously?",
            "What am I missing here",
            "What am I missing here?! You broke it.",
        );
        check(
            "Whatever. Do it.",
            "Whatever.",
            "I see it differently",
            "I see it differently. Do it.",
        );
    }

    #[test]
    fn a_stale_finding_is_refused() {
        let f = finding("You need to go", "You need to");
        assert!(apply("Changed text", &f, "x").is_none());
    }
}
