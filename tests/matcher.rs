//! The matcher knows what people actually write: negation, quotes,
//! yes-but, apostrophes and curly quotes, CRLF, emoji and other non-ASCII
//! text, overlapping patterns, patterns at the very start and end.

use proptest::prelude::*;
use tactful_engine::{Analysis, Context, Engine, Kind};

fn engine() -> &'static Engine {
    static ENGINE: std::sync::OnceLock<Engine> = std::sync::OnceLock::new();
    ENGINE.get_or_init(|| tactful::prompts::builtin_engine().expect("built-in packs"))
}

fn analyze(text: &str) -> Analysis {
    engine().analyze(text, &Context::default())
}

#[track_caller]
fn rules(text: &str) -> Vec<String> {
    analyze(text)
        .findings
        .iter()
        .map(|f| f.rule_id.to_string())
        .collect()
}

#[track_caller]
fn assert_finds(text: &str, rule: &str) {
    let found = rules(text);
    assert!(
        found.iter().any(|r| r == rule),
        "{rule} not found in {text:?}; found {found:?}"
    );
}

#[track_caller]
fn assert_not_finds(text: &str, rule: &str) {
    let found = rules(text);
    assert!(
        !found.iter().any(|r| r == rule),
        "{rule} wrongly found in {text:?}"
    );
}

#[test]
fn a_cue_under_negation_does_not_count() {
    assert_finds("I appreciate the quick reply.", "empathy.appreciate");
    assert_not_finds("I don't appreciate the tone here.", "empathy.appreciate");
    assert_not_finds("I do not appreciate the tone here.", "empathy.appreciate");
    assert_not_finds("I never appreciate being ignored.", "empathy.appreciate");
}

#[test]
fn negation_stops_at_a_clause_break() {
    assert_finds(
        "I don't know, I appreciate you asking though.",
        "empathy.appreciate",
    );
}

#[test]
fn quoted_text_is_not_the_authors_voice() {
    assert_not_finds(
        "> You always ignore these reports.\n\nI hear you.",
        "escalation.absolute",
    );
    assert_not_finds(
        "You wrote \"you always ignore these\" and I get why.",
        "escalation.absolute",
    );
    assert_not_finds(
        "You wrote “you always ignore these” and I get why.",
        "escalation.absolute",
    );
    assert_not_finds("```\nyou always\n```", "escalation.absolute");
    assert_finds(
        "You wrote \"that\" but you always ignore me.",
        "escalation.absolute",
    );
}

#[test]
fn praise_in_an_ironic_draft_is_no_warmth() {
    // Said plainly, the praise is warmth.
    assert_finds("Great timing, truly wonderful.", "tone.warmth");
    // After mock praise (a warning), no warm word of the draft counts.
    let mocked = rules("Nice of you to finally show up. Great timing, truly wonderful.");
    assert!(
        mocked.iter().any(|r| r == "judgment.mock-praise"),
        "{mocked:?}"
    );
    assert!(!mocked.iter().any(|r| r == "tone.warmth"), "{mocked:?}");
    // A mark of irony (a note) takes the warm words of its own sentence,
    // not a phrase that thanks...
    let noted = rules("Oh sure, great idea, thank you so much.");
    assert!(noted.iter().any(|r| r == "judgment.irony"), "{noted:?}");
    assert!(!noted.iter().any(|r| r == "tone.warmth"), "{noted:?}");
    assert!(noted.iter().any(|r| r.starts_with("empathy.")), "{noted:?}");
    // ...and no more: "Sure, …" and "Yeah, …" open civil replies too, and
    // are no mark of irony themselves.
    assert_finds("Sure. Thank you so much for the quick fix!", "tone.warmth");
    assert_finds("Yeah, great idea, thank you so much.", "tone.warmth");
    assert_not_finds("Sure, I can do that tomorrow.", "judgment.irony");
}

#[test]
fn acknowledgment_taken_back_is_yes_but() {
    let a = analyze("I understand your frustration, but the answer is no.");
    let ids: Vec<&str> = a.findings.iter().map(|f| f.rule_id.as_str()).collect();
    assert!(ids.contains(&"escalation.yes-but"), "{ids:?}");
    // An acknowledgment taken back earns no credit of its own.
    assert!(!ids.contains(&"empathy.acknowledge"), "{ids:?}");
    let yb = a
        .findings
        .iter()
        .find(|f| f.rule_id == "escalation.yes-but")
        .unwrap();
    assert_eq!(yb.matched, "I understand your frustration, but");
    // The smallest edit first: "but" becomes "and".
    assert_eq!(
        yb.suggestions[0].sentence,
        "I understand your frustration, and the answer is no."
    );
    let calm = analyze("I understand your frustration, and the answer is no.");
    assert!(calm.scores.calm > a.scores.calm);
    assert_finds(
        "I understand your frustration. However, the freeze stays.",
        "escalation.yes-but",
    );
    assert_finds(
        "I understand your frustration, and I want to fix it.",
        "empathy.acknowledge",
    );
}

#[test]
fn apostrophes_and_contractions_fold() {
    for text in [
        "You're clueless about this.",
        "You’re clueless about this.",
        "You are clueless about this.",
        "youre clueless about this.",
        "YOU'RE clueless about this.",
    ] {
        assert_finds(text, "attack.insult");
    }
}

#[test]
fn crlf_line_endings_keep_spans_and_lines() {
    let text = "Hello.\r\nYou always\r\nignore this.";
    let a = analyze(text);
    let f = a
        .findings
        .iter()
        .find(|f| f.rule_id == "escalation.absolute")
        .unwrap();
    assert_eq!(&text[f.byte_start..f.byte_end], "You always");
    assert_eq!((f.line, f.column), (2, 1));
}

#[test]
fn a_phrase_may_run_across_a_line_break_but_not_a_paragraph() {
    assert_finds(
        "I can see why\nyou expected the old behaviour.",
        "empathy.acknowledge",
    );
    assert_not_finds(
        "I can see why\n\nyou expected the old behaviour.",
        "empathy.acknowledge",
    );
}

#[test]
fn emoji_and_non_ascii_text_keep_spans_on_character_boundaries() {
    let text = "😤 Ça suffit — you always ignore this 🙄 and you NEVER LISTEN!!";
    let a = analyze(text);
    assert!(!a.findings.is_empty());
    for f in &a.findings {
        assert!(text.is_char_boundary(f.byte_start) && text.is_char_boundary(f.byte_end));
        assert_eq!(&text[f.byte_start..f.byte_end], f.matched);
    }
    let abs = a
        .findings
        .iter()
        .find(|f| f.rule_id == "escalation.absolute")
        .unwrap();
    assert_eq!(abs.column, text[..abs.byte_start].chars().count() + 1);
    assert!(
        a.findings
            .iter()
            .any(|f| f.rule_id == "escalation.shouting")
    );
}

#[test]
fn patterns_match_at_the_very_start_and_end() {
    let a = analyze("Obviously");
    assert_eq!(a.findings[0].byte_start, 0);
    assert_eq!(a.findings[0].byte_end, "Obviously".len());
    let text = "fine, whatever";
    let a = analyze(text);
    let f = a
        .findings
        .iter()
        .find(|f| f.rule_id == "escalation.dismissal")
        .unwrap();
    assert_eq!(f.byte_end, text.len());
}

#[test]
fn overlapping_patterns_each_report_once() {
    let a = analyze("You always, always, always ignore this.");
    let n = a
        .findings
        .iter()
        .filter(|f| f.rule_id == "escalation.absolute")
        .count();
    assert_eq!(n, 1);
    // A flag over a cue's words wins: a non-apology is not an apology.
    assert_finds("I'm sorry you feel that way.", "escalation.non-apology");
    assert_not_finds("I'm sorry you feel that way.", "humility.own-mistake");
}

#[test]
fn computed_cues_and_flags() {
    assert_finds(
        "What would help you most right now?",
        "listening.open-question",
    );
    assert_not_finds("Did you even read it?", "listening.open-question");
    assert_finds("PLEASE READ THE ISSUE.", "escalation.shouting");
    assert_not_finds("The JSON API and the README agree.", "escalation.shouting");
    assert_finds("This is broken!!!", "escalation.exclamations");
    let ctx = Context {
        answering: Some("The nightly export crashes whenever the archive folder is empty."),
        ..Context::default()
    };
    let a = engine().analyze("Sorry the export crashed on an empty archive.", &ctx);
    assert!(a.findings.iter().any(|f| f.rule_id == "listening.reflect"));
    // Their words inside a jab are not listening.
    let a = engine().analyze("You obviously never checked the archive folder!!", &ctx);
    assert!(
        a.findings.iter().all(|f| f.rule_id != "listening.reflect"),
        "{:?}",
        a.findings
    );
}

#[test]
fn dismissed_findings_do_not_come_back() {
    let text = "Obviously this is a cache problem.";
    let dismissed = [tactful_engine::Dismissal::new(
        "escalation.certainty",
        "obviously",
    )];
    let a = engine().analyze(
        text,
        &Context {
            dismissed: &dismissed,
            ..Context::default()
        },
    );
    assert!(
        a.findings
            .iter()
            .all(|f| f.rule_id != "escalation.certainty")
    );
    assert_eq!(a.scores.calm, 100);
}

#[test]
fn scores_reward_receptiveness_and_punish_heat() {
    let heated = analyze("You always ignore this. Obviously you never read the docs!!");
    let calm = analyze(
        "Thanks for raising this. I might be wrong, but it sounds like the upgrade caught you off guard. What would help most?",
    );
    assert!(heated.scores.overall < 50, "{:?}", heated.scores);
    assert!(calm.scores.overall > 60, "{:?}", calm.scores);
    assert!(heated.flags().count() >= 3);
    assert!(
        calm.findings.iter().all(|f| f.kind == Kind::Cue),
        "{:?}",
        calm.findings
    );
}

#[test]
fn length_alone_earns_nothing() {
    let one = analyze("Thanks for the report.");
    let padded = format!(
        "Thanks for the report. {}",
        "The build runs on the server every night. ".repeat(200)
    );
    assert!(analyze(&padded).scores.empathy < one.scores.empathy);
    let repeated = "Thanks for the report. ".repeat(50);
    assert!(analyze(&repeated).scores.empathy <= one.scores.empathy + 10);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn any_unicode_input_analyses_without_panic_and_spans_fit(text in "\\PC{0,300}") {
        let a = analyze(&text);
        for f in &a.findings {
            prop_assert!(f.byte_start <= f.byte_end && f.byte_end <= text.len());
            prop_assert!(text.is_char_boundary(f.byte_start) && text.is_char_boundary(f.byte_end));
            prop_assert_eq!(&text[f.byte_start..f.byte_end], f.matched.as_str());
            prop_assert!(f.line >= 1 && f.column >= 1);
        }
        prop_assert!(a.scores.overall <= 100);
    }

    #[test]
    fn heated_words_in_any_surroundings_keep_spans_valid(
        pre in "[\\PC\\s]{0,40}",
        post in "[\\PC\\s]{0,40}",
        phrase in prop::sample::select(vec!["You ALWAYS", "obviously", "I understand, but", "you’re clueless", "!!", "what do you need?"]),
    ) {
        let text = format!("{pre}{phrase}{post}");
        let a = analyze(&text);
        for f in &a.findings {
            prop_assert!(text.is_char_boundary(f.byte_start) && text.is_char_boundary(f.byte_end));
            prop_assert_eq!(&text[f.byte_start..f.byte_end], f.matched.as_str());
        }
    }
}
