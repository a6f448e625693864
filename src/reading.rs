//! What the engine reads in a thread: the heat in each message's own
//! words, and from it the message a reply most likely answers when nobody
//! named one ([`crate::thread::choose`]). The engine and the thread model
//! know nothing of each other; this is where they meet, for every command
//! that opens a thread (`reply`, `thread show`, `check --context`, the
//! language server), so that all of them answer the same message.

use crate::thread::choose::{self, Choice, Heat, Level};
use crate::thread::{Message, Thread, trail_start};
use tactful_engine::rules::Computed;
use tactful_engine::{Analysis, Context, Engine, Finding, Severity, rewrite};

/// The most of one message read for its heat: a giant message is judged
/// by its start, as the thread view marks it.
const READ: usize = 64 * 1024;

/// The flags the engine finds in a message's own words: what it wrote
/// here, without a quoted trail, a signature or a list footer.
pub fn heat(engine: &Engine, body: &str) -> Heat {
    let mut end = trail_start(body).unwrap_or(body.len()).min(READ);
    while !body.is_char_boundary(end) {
        end -= 1;
    }
    let own = &body[..end];
    let analysis = engine.analyze(own, &Context::default());
    let mut heat = Heat::default();
    for f in heat_flags(engine, own, &analysis) {
        heat.flags += 1;
        heat.level = heat.level.max(match f.severity {
            Severity::Info => Level::Note,
            Severity::Warning => Level::Heated,
            Severity::Error => Level::Attack,
        });
    }
    heat
}

/// The flags of `analysis` (of `text`, someone's words in a thread) that
/// are heat: every flag, except capitals and a run of "!!" in a sentence
/// that cheers — one that, said quietly (in small letters, with one "!"),
/// holds a good sign and no flag, as "THANK YOU SO MUCH!!" or "Amazing
/// work, congrats!!" do. (A draft is read as the engine reads it; this is
/// how a thread's heat is read.)
pub fn heat_flags<'a>(engine: &Engine, text: &str, analysis: &'a Analysis) -> Vec<&'a Finding> {
    let loud = |f: &Finding| {
        !f.matched.is_empty()
            && f.matched
                .chars()
                .all(|c| matches!(c, '!' | '?' | '‼' | '⁉'))
            || engine
                .library()
                .rule(&f.rule_id)
                .is_some_and(|r| r.computed == Some(Computed::Shouting))
    };
    let mut cheering: Vec<(usize, bool)> = Vec::new();
    analysis
        .flags()
        .filter(|f| {
            if !loud(f) {
                return true;
            }
            let abbreviations = &engine.library().language.abbreviations;
            let s = rewrite::sentence_at(text, f.byte_start..f.byte_end, abbreviations);
            let cheers = match cheering.iter().find(|(at, _)| *at == s.start) {
                Some(&(_, c)) => c,
                None => {
                    let c = cheers(engine, &text[s.start..s.end]);
                    cheering.push((s.start, c));
                    c
                }
            };
            !cheers
        })
        .collect()
}

/// Whether `sentence`, said quietly, is warm and raises no flag.
fn cheers(engine: &Engine, sentence: &str) -> bool {
    let mut quiet = String::with_capacity(sentence.len());
    for c in sentence.chars() {
        let loud_mark = matches!(c, '!' | '?' | '‼' | '⁉');
        if !(loud_mark && quiet.ends_with(['!', '?'])) {
            quiet.extend(if loud_mark { '!' } else { c }.to_lowercase());
        }
    }
    let a = engine.analyze(&quiet, &Context::default());
    a.flags().next().is_none() && a.cues().next().is_some()
}

/// The message to answer among `messages`, from what the engine reads in
/// them (see [`choose::choose`]).
pub fn choose_in(engine: &Engine, messages: &[Message]) -> Choice {
    choose::choose(messages, |i| heat(engine, &messages[i].body))
}

/// Answers the message people would answer when the thread's answer was
/// not given (named with `--reply-to`, or the message the export centres
/// on); returns the choice, or `None` when the given one stays.
pub fn choose_answer(engine: &Engine, thread: &mut Thread) -> Option<Choice> {
    if thread.answer_given || thread.messages.is_empty() {
        return None;
    }
    let choice = choose_in(engine, &thread.messages);
    thread.answering = choice.message;
    Some(choice)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn engine() -> Engine {
        crate::prompts::builtin_engine().expect("built-in packs")
    }

    #[test]
    fn heat_reads_their_words_not_the_quote_or_signature_under_them() {
        let e = engine();
        let own = heat(&e, "You people always break everything, you idiots.");
        assert_eq!(own.level, Level::Attack);
        let quoted = heat(
            &e,
            "Thanks, I will look.\n\nAnn wrote:\n> You idiots always break it.\n> Every time.\n",
        );
        assert_eq!(quoted.level, Level::Calm, "{quoted:?}");
    }

    #[test]
    fn cheering_in_capitals_and_a_friendly_double_bang_are_no_heat() {
        let e = engine();
        for cheer in [
            "THANK YOU SO MUCH!! This is GREAT work!!",
            "Congrats on the release, amazing job!!",
            "Wow, this fixed it for me!!",
        ] {
            assert_eq!(heat(&e, cheer), Heat::default(), "{cheer}");
        }
        for hot in [
            "This is BROKEN again!!",
            "WHY WOULD YOU DO THIS",
            "Thanks for nothing, you idiot!!",
        ] {
            assert!(heat(&e, hot).level >= Level::Heated, "{hot}");
        }
    }

    #[test]
    fn a_given_answer_stays_and_a_default_is_chosen_from_the_heat() {
        let e = engine();
        let text = std::fs::read("tests/fixtures/threads/reddit-heated-tree.json").unwrap();
        let mut t = crate::thread::parse(&text, "t.json", None).unwrap();
        let named = t.clone().answer(Some(&"2".parse().unwrap())).unwrap();
        let mut named_too = named.clone();
        assert_eq!(choose_answer(&e, &mut named_too), None);
        assert_eq!(named_too.answering, named.answering);
        let c = choose_answer(&e, &mut t).expect("a default is chosen");
        assert_eq!(t.answering, c.message);
        assert!(
            matches!(c.why.first(), Some(choose::Why::Heat(_))),
            "{c:?}: {}",
            t.messages[c.message].body
        );
    }
}
