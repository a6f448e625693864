//! Cues and flags that are computed rather than matched as phrases: open
//! questions, shouting in capitals, and reflecting the words of the message
//! being answered. Each belongs to a rule with `computed = "…"` in a pack,
//! which gives it its id, message, weight and examples; the word lists these
//! mechanisms read (question openings, stopwords, acronyms) are pack data too.

use std::collections::HashSet;

use crate::disguise::Disguises;
use crate::lang::Lang;
use crate::raw::Raw;
use crate::sentence::{self, Ends};
use crate::text::{self, Folded, TokenKind};
use crate::types::{Finding, Kind, Severity};

/// A run of capitalised words counts as shouting from this many letters.
const SHOUT_LETTERS: usize = 6;
/// Tokens from the start of a sentence within which an open question's
/// opening may stand ("Out of curiosity, what…").
const OPENING_REACH: usize = 5;
/// Content words shorter than this are not counted as reflecting.
const MIN_CONTENT_LEN: usize = 4;
/// Reflected words reported at most, per draft.
const MAX_REFLECTED: usize = 6;

/// ALL-CAPS runs: two or more capitalised words in a row that are not known
/// acronyms. One capitalised word is emphasis or a name ("EXACTLY",
/// "IPHONE"), not a raised voice.
/// `rule` is the pack's rule for shouting, if any.
pub(crate) fn shouting(rule: Option<usize>, lang: &Lang, f: &Folded, raw: &mut Vec<Raw>) {
    let Some(rule) = rule else {
        return;
    };
    let mut i = 0;
    let n = f.tokens.len();
    while i < n {
        let t = &f.tokens[i];
        if !(t.all_caps && t.kind == TokenKind::Word && is_shouted(lang, f, i)) {
            i += 1;
            continue;
        }
        let start = i;
        let mut letters = 0;
        let mut words = 0;
        let mut j = i;
        while j < n
            && (is_shouted(lang, f, j)
                || (f.tokens[j].kind == TokenKind::Punct
                    && j + 1 < n
                    && is_shouted(lang, f, j + 1)
                    && !f.is_boundary(j)))
        {
            if f.tokens[j].kind == TokenKind::Word {
                letters += f
                    .token_text(j)
                    .chars()
                    .filter(|c| c.is_alphabetic())
                    .count();
                words += 1;
            }
            j += 1;
        }
        if words >= 2 && letters >= SHOUT_LETTERS {
            raw.push(Raw::new(
                rule,
                (f.tokens[start].byte_start as usize)..(f.tokens[j - 1].byte_end as usize),
            ));
        }
        i = j;
    }
}

fn is_shouted(lang: &Lang, f: &Folded, i: usize) -> bool {
    let t = &f.tokens[i];
    if t.kind != TokenKind::Word || !t.all_caps {
        return false;
    }
    let text = f.token_text(i);
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 2
        && !text.chars().any(|c| c.is_ascii_digit())
        && !lang.acronyms.contains(&text.to_uppercase())
}

/// The content words of a message, stemmed: what a reply could reflect.
pub(crate) fn content_words(message: &str, lang: &Lang) -> HashSet<String> {
    let f = text::fold(message);
    (0..f.tokens.len())
        .filter(|&i| f.tokens[i].kind == TokenKind::Word)
        .map(|i| f.token_text(i))
        .filter(|w| is_content(w, lang))
        .map(stem)
        .collect()
}

fn is_content(word: &str, lang: &Lang) -> bool {
    word.chars().count() >= MIN_CONTENT_LEN
        && word.chars().any(|c| c.is_alphabetic())
        && !lang.stopwords.contains(word)
}

/// A light suffix-stripping stemmer, enough to see "crashes" and "crashed"
/// as "crash". A full stemmer (Porter, Snowball) would add a dependency for
/// little gain on the short messages this compares; this keeps stems
/// recognisable and never shorter than three letters.
pub fn stem(word: &str) -> String {
    let w = word.trim_end_matches("'s");
    for suffix in ["ing", "ed", "es", "s", "ly"] {
        if let Some(base) = w.strip_suffix(suffix)
            && base.chars().count() >= 3
            && !(suffix == "s" && base.ends_with('s'))
        {
            return base.to_string();
        }
    }
    w.to_string()
}

/// Content words of the answered message said again in the draft: one
/// finding for the first use of each, up to a few.
pub(crate) fn reflection(
    rule: Option<usize>,
    lang: &Lang,
    disguises: &Disguises,
    f: &Folded,
    words: &HashSet<String>,
    seen: &mut HashSet<String>,
    raw: &mut Vec<Raw>,
) {
    let Some(rule) = rule else {
        return;
    };
    for i in 0..f.tokens.len() {
        if seen.len() >= MAX_REFLECTED {
            return;
        }
        if f.tokens[i].kind != TokenKind::Word {
            continue;
        }
        let w = f.token_text(i);
        // Their insult said back ("shill") is not listening.
        if !is_content(w, lang) || disguises.contains(w) {
            continue;
        }
        let s = stem(w);
        if words.contains(&s) && seen.insert(s) {
            raw.push(Raw::new(
                rule,
                (f.tokens[i].byte_start as usize)..(f.tokens[i].byte_end as usize),
            ));
        }
    }
}

/// Questions that open with a question word other than a yes/no opener.
pub(crate) fn open_questions(rule: Option<usize>, lang: &Lang, f: &Folded, raw: &mut Vec<Raw>) {
    let Some(rule) = rule else {
        return;
    };
    for (sentence_start, i) in sentence::by_tokens(f) {
        if f.token_text(i) == "?" && i > sentence_start {
            let reach = (sentence_start + OPENING_REACH).min(i);
            let opens = (sentence_start..reach).any(|s| {
                lang.open_starters.iter().any(|starter| {
                    s + starter.len() <= i
                        && starter
                            .iter()
                            .enumerate()
                            .all(|(k, w)| f.token_text(s + k) == w)
                })
            });
            if opens {
                raw.push(Raw::new(
                    rule,
                    (f.tokens[sentence_start].byte_start as usize)..(f.tokens[i].byte_end as usize),
                ));
            }
        }
    }
}

/// Their words said back inside a jab ("you never *read* the notes") are
/// not listening: a reflected word in a sentence that carries a flag is not
/// credited.
pub(crate) fn drop_reflections_in_flagged_sentences(
    reflection: Option<&str>,
    draft: &str,
    findings: &mut Vec<Finding>,
) {
    // Any mark or line break ends the sentence here: the jab and the word
    // said back stand close together.
    drop_where_flagged(reflection, findings, |f| {
        let start = sentence::start_before(draft, f.byte_start, Ends::Marks);
        let end = sentence::next_end(draft, f.byte_end, Ends::Marks).unwrap_or(draft.len());
        (start, end)
    });
}

/// A cue inside a sentence that attacks, mocks or dismisses earns nothing:
/// "Thanks for the lecture, professor", "Wow, another genius who…", "I hear
/// you, so you're only saying this for attention". The warm words there
/// are part of the jab, not warmth. Notes, "yes, but" (advice about
/// emphasis) and the tone of single words (`not_hostile`: "hurts your
/// workflow" is not a jab) cancel nothing.
pub(crate) fn drop_cues_in_hostile_sentences(
    not_hostile: &[&str],
    draft: &str,
    findings: &mut Vec<Finding>,
) {
    let mut starts = Vec::new();
    let mut max_end = Vec::new();
    for f in findings.iter().filter(|f| {
        f.kind == Kind::Flag
            && f.severity > Severity::Info
            && !not_hostile.contains(&f.rule_id.as_str())
    }) {
        let end = max_end.last().copied().unwrap_or(0).max(f.byte_end);
        starts.push(f.byte_start);
        max_end.push(end);
    }
    if starts.is_empty() {
        return;
    }
    findings.retain(|f| {
        if f.kind != Kind::Cue {
            return true;
        }
        let a = sentence::start_before(draft, f.byte_start, Ends::Marks);
        let b = sentence::next_end(draft, f.byte_end, Ends::Marks).unwrap_or(draft.len());
        let n = starts.partition_point(|&s| s < b);
        !(n > 0 && max_end[n - 1] > a)
    });
}

/// Where a draft carries a flag of irony (`ironic`: "Oh, sure.", "lol",
/// "Nice of you to finally show up"), its warm words (the findings of
/// `warmth`) are read as irony. A warning of irony reaches the whole
/// draft: in "Nice of you to finally show up. Great timing." no warm word
/// is warmth. A note reaches its own sentence only ("Yeah, great idea."),
/// and takes its warm words alone: "Sure, …" and "Oh, …" open civil
/// replies too, and a phrase that thanks or offers keeps its credit there.
/// (A cue in a sentence that holds a warning is dropped already, by
/// [`drop_cues_in_hostile_sentences`].)
pub(crate) fn drop_warmth_in_irony(
    warmth: Option<&str>,
    ironic: &[String],
    draft: &str,
    findings: &mut Vec<Finding>,
) {
    let Some(warmth) = warmth else {
        return;
    };
    let flags = || {
        findings
            .iter()
            .filter(|f| f.kind == Kind::Flag && ironic.iter().any(|r| *r == f.rule_id))
    };
    let draft_wide = flags().any(|f| f.severity > Severity::Info);
    let mut spans: Vec<(usize, usize)> = flags()
        .map(|f| {
            (
                sentence::start_before(draft, f.byte_start, Ends::Marks),
                sentence::next_end(draft, f.byte_end, Ends::Marks).unwrap_or(draft.len()),
            )
        })
        .collect();
    if spans.is_empty() {
        return;
    }
    // Sorted by start, with the furthest end reached so far: a warm word
    // overlaps a span where some span starting before its end reaches past
    // its start, found by binary search (a long draft can hold thousands
    // of both).
    spans.sort_unstable();
    let reach: Vec<usize> = spans
        .iter()
        .scan(0, |far, &(_, b)| {
            *far = (*far).max(b);
            Some(*far)
        })
        .collect();
    let in_irony = |f: &Finding| {
        let n = spans.partition_point(|&(a, _)| a < f.byte_end);
        n > 0 && reach[n - 1] > f.byte_start
    };
    findings.retain(|f| f.rule_id != warmth || !(draft_wide || in_irony(f)));
}

/// An open question that carries a flag ("what is wrong with you?") is a
/// jab: it is not credited as listening.
pub(crate) fn drop_flagged_questions(open_question: Option<&str>, findings: &mut Vec<Finding>) {
    drop_where_flagged(open_question, findings, |f| (f.byte_start, f.byte_end));
}

/// Drops the findings of a computed rule (`id`) whose window (given by `window`)
/// overlaps any flag. Findings are sorted by start, so a running maximum of
/// flag ends answers each window with one binary search.
fn drop_where_flagged(
    id: Option<&str>,
    findings: &mut Vec<Finding>,
    window: impl Fn(&Finding) -> (usize, usize),
) {
    let Some(id) = id else {
        return;
    };
    let mut starts = Vec::new();
    let mut max_end = Vec::new();
    // A note (an info-level flag) does not cancel a cue.
    for f in findings
        .iter()
        .filter(|f| f.kind == Kind::Flag && f.severity > Severity::Info)
    {
        let end = max_end.last().copied().unwrap_or(0).max(f.byte_end);
        starts.push(f.byte_start);
        max_end.push(end);
    }
    if starts.is_empty() {
        return;
    }
    findings.retain(|f| {
        if f.rule_id != id {
            return true;
        }
        let (a, b) = window(f);
        let n = starts.partition_point(|&s| s < b);
        !(n > 0 && max_end[n - 1] > a)
    });
}

#[cfg(test)]
mod tests {
    use super::stem;

    #[test]
    fn stems_common_suffixes_only_when_a_stem_remains() {
        assert_eq!(stem("crashes"), "crash");
        assert_eq!(stem("crashed"), "crash");
        assert_eq!(stem("testing"), "test");
        assert_eq!(stem("bus"), "bus");
        assert_eq!(stem("class"), "class");
        assert_eq!(stem("release's"), "release");
    }
}
