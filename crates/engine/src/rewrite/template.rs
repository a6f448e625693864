//! A rule's rewrite filled in: its placeholders (`{lower}`, `{ack}`,
//! `{first}`, `{last}` and the pattern's captures) from the matched words,
//! changed as their modifiers say (`{who:object}`).

use crate::rules::RewriteWords;

use super::wording::{has, lower_first};

/// A rewrite with its placeholders filled from the matched words; captures
/// come from `capture`. `None` when the rewrite names a capture the match
/// did not take.
pub fn fill_with(
    rewrite: &str,
    matched: &str,
    capture: impl Fn(&str) -> Option<String>,
    w: &RewriteWords,
) -> Option<String> {
    let mut out = String::with_capacity(rewrite.len() + matched.len());
    let mut rest = rewrite;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        let Some(j) = rest[i..].find('}') else {
            out.push_str(&rest[i..]);
            rest = "";
            break;
        };
        let (name, modifier) = rest[i + 1..i + j]
            .split_once(':')
            .unwrap_or((&rest[i + 1..i + j], ""));
        let (name, modifier) = (name.trim(), modifier.trim());
        let value = placeholder(name, matched).or_else(|| capture(name))?;
        out.push_str(modified(&value, modifier, w)?);
        rest = &rest[i + j + 1..];
    }
    out.push_str(rest);
    Some(out)
}

/// The placeholders of a rewrite in the order written, each as its name and
/// modifier (`{who:object}` is `("who", "object")`, `{be}` is `("be", "")`).
/// The pack loader checks them with this, and `suggest` orders captures by
/// it.
pub(crate) fn placeholders(rewrite: &str) -> impl Iterator<Item = (&str, &str)> {
    let mut rest = rewrite;
    std::iter::from_fn(move || {
        let i = rest.find('{')?;
        let j = rest[i..].find('}')?;
        let inner = &rest[i + 1..i + j];
        rest = &rest[i + j + 1..];
        let (name, modifier) = inner.split_once(':').unwrap_or((inner, ""));
        Some((name.trim(), modifier.trim()))
    })
}

/// A filled placeholder changed as its modifier says: `{who:object}`
/// puts the captured words in the form `[language.rewrites.modifiers]`
/// gives them ("they" becomes "them"); words it does not list stay.
/// `None` where a strict table (`[language.rewrites.replace]`) does not
/// hold the word: the rewrite is then not offered.
fn modified<'a>(value: &'a str, modifier: &str, w: &'a RewriteWords) -> Option<&'a str> {
    if let Some([one, many]) = w.neutral.get(modifier) {
        return Some(if is_plural(value, w) { many } else { one });
    }
    if let Some(table) = w.replace.get(modifier) {
        return table.get(&value.trim().to_lowercase()).map(String::as_str);
    }
    Some(
        w.modifiers
            .get(modifier)
            .and_then(|forms| forms.get(value))
            .map_or(value, String::as_str),
    )
}

/// Whether captured words name many: the word that carries the number (the
/// one before "of" in "pieces of work", otherwise the last) is one of the
/// `plurals`, or ends in a plural ending and no singular one.
fn is_plural(value: &str, w: &RewriteWords) -> bool {
    let words: Vec<String> = super::wording::words(value).collect();
    let head = match words.iter().position(|x| x == "of") {
        Some(i) if i > 0 => &words[i - 1],
        _ => match words.last() {
            Some(last) => last,
            None => return false,
        },
    };
    has(&w.plurals, head)
        || (w.plural_endings.iter().any(|e| head.ends_with(e.as_str()))
            && !w
                .singular_endings
                .iter()
                .any(|e| head.ends_with(e.as_str())))
}

/// A rewrite with the match's own placeholders filled (no captures).
pub fn fill(rewrite: &str, matched: &str, w: &RewriteWords) -> String {
    fill_with(rewrite, matched, |_| None, w).unwrap_or_else(|| rewrite.to_string())
}

fn placeholder(name: &str, matched: &str) -> Option<String> {
    Some(match name {
        "lower" => matched.to_lowercase(),
        "first" | "last" => {
            let words: Vec<&str> = matched.split_whitespace().collect();
            match words.as_slice() {
                [] => String::new(),
                [one] if !one.chars().any(char::is_alphanumeric) => {
                    let c = if name == "first" {
                        one.chars().next()
                    } else {
                        one.chars().last()
                    };
                    c.map(String::from).unwrap_or_default()
                }
                many => {
                    if name == "first" {
                        many[0].to_string()
                    } else {
                        many[many.len() - 1].to_string()
                    }
                }
            }
        }
        "ack" => {
            let trimmed = matched.trim_end();
            trimmed
                .rfind(char::is_whitespace)
                .map_or("", |i| &trimmed[..i])
                .trim_end_matches([',', ';', ' ', '.', '—', '–', '-'])
                .to_string()
        }
        _ => return None,
    })
}

pub(super) fn as_inner_words(captured: &str, w: &RewriteWords) -> String {
    // The coach writes out a chat spelling of "you" it captured: the
    // suggestion is in its voice ("I think you got this one wrong", not
    // "I think u got…").
    if has(&w.chat_you, &captured.trim().to_lowercase()) {
        return "you".to_string();
    }
    let captured = without_expletives(captured, w);
    let captured = captured.as_str();
    let first = captured
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("")
        .to_lowercase();
    if has(&w.function_words, &first) {
        lower_first(captured)
    } else {
        captured.to_string()
    }
}

/// `captured` without the swear words that only add force
/// (`expletives`): "has to fucking say" is "has to say". The words are
/// rejoined with single spaces only where one was taken out; a capture of
/// nothing else stays whole.
fn without_expletives(captured: &str, w: &RewriteWords) -> String {
    let is_expletive = |word: &str| {
        let word = word.trim_end_matches('\'');
        w.expletives.iter().any(|e| e.eq_ignore_ascii_case(word))
    };
    // A capture that is the swear word itself is the word a modifier
    // turns into a plain one (`{v:mess}`: "fucking" is "messing").
    if !captured.split_whitespace().any(is_expletive)
        || captured.split_whitespace().all(is_expletive)
    {
        return captured.to_string();
    }
    captured
        .split_whitespace()
        .filter(|word| !is_expletive(word))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words() -> RewriteWords {
        RewriteWords {
            expletives: vec!["fucking".into(), "fuckin".into()],
            ..RewriteWords::default()
        }
    }

    #[test]
    fn placeholders_come_in_order_with_their_modifiers() {
        let found: Vec<_> = placeholders("I think {who:object} { be } wrong {unclosed").collect();
        assert_eq!(found, [("who", "object"), ("be", "")]);
    }

    #[test]
    fn captured_words_lose_the_swear_words_that_only_add_force() {
        let w = words();
        assert_eq!(
            as_inner_words("what he has to fucking say", &w),
            "what he has to say"
        );
        assert_eq!(as_inner_words("your Fuckin' opinion", &w), "your opinion");
        // Words without one keep their spacing.
        assert_eq!(
            as_inner_words("the  release notes", &w),
            "the  release notes"
        );
        // The swear word alone is left for a modifier to change.
        assert_eq!(as_inner_words("fucking", &w), "fucking");
    }
}
