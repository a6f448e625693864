//! The flow as a state machine, driven by key events as plain function
//! calls: no terminal, no clock.

use std::sync::{Arc, OnceLock};

use crossterm::event::KeyCode;
use tactful::store::Store;
use tactful::tui::reply::headless::Headless;
use tactful::tui::reply::model::{Effect, Item, Overlay};
use tactful::tui::widgets::thread_view::{Message, ThreadData};
use tactful::tui::{Msg, Screen};
use tactful_engine::{Engine, Kind};

fn engine() -> Arc<Engine> {
    static ENGINE: OnceLock<Arc<Engine>> = OnceLock::new();
    ENGINE
        .get_or_init(|| Arc::new(tactful::prompts::builtin_engine().expect("built-in packs")))
        .clone()
}

const HEATED: &str = "You always ignore the users. Did you even read the docs?";

#[track_caller]
fn reviewing(text: &str) -> Headless {
    let mut h = Headless::sample(engine());
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    assert_eq!(h.model.screen, Screen::Draft);
    h.type_text(text);
    h.ctrl('r');
    assert_eq!(h.model.screen, Screen::Review);
    h
}

fn selected_flag(h: &Headless) -> String {
    let f = h.model.selected_finding().expect("a finding is selected");
    assert_eq!(f.kind, Kind::Flag);
    f.matched.to_string()
}

#[test]
fn the_review_opens_on_the_first_flag() {
    let h = reviewing(HEATED);
    assert_eq!(selected_flag(&h), "You always");
}

#[test]
fn applying_a_suggestion_rewrites_the_draft_and_undo_takes_it_back() {
    let mut h = reviewing(HEATED);
    let finding = h.model.selected_finding().unwrap().clone();
    let flags_before = h.model.review.analysis.as_ref().unwrap().flags().count();
    let first = tactful_engine::rewrite::apply(HEATED, &finding, &finding.suggestions[0])
        .unwrap()
        .text;
    let second = tactful_engine::rewrite::apply(HEATED, &finding, &finding.suggestions[1])
        .unwrap()
        .text;
    h.char('a');
    let text = h.model.editor.text();
    assert_eq!(text, first);
    assert!(!text.contains("You always"), "{text}");
    assert_eq!(
        h.model.review.revisions.len(),
        2,
        "each check is a revision"
    );
    assert!(h.model.review.analysis.as_ref().unwrap().flags().count() < flags_before);
    h.char('u');
    assert_eq!(h.model.editor.text(), HEATED);
    // The same undo works in the editor.
    h.char('2');
    assert_eq!(h.model.editor.text(), second);
    h.char('e');
    h.ctrl('z');
    assert_eq!(h.model.editor.text(), HEATED);
    h.ctrl('y');
    assert_eq!(h.model.editor.text(), second);
}

#[test]
fn dismissing_a_finding_remembers_the_phrase_for_the_next_draft() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = reviewing(HEATED);
    h.store = Some(Store::at(dir.path()));
    h.char('d');
    assert!(matches!(h.model.overlay, Some(Overlay::Dismiss(_))));
    h.char('1'); // "meant it"
    assert!(h.model.overlay.is_none());
    let a = h.model.review.analysis.as_ref().unwrap();
    assert!(!a.findings.iter().any(|f| f.matched == "You always"));
    let saved = Store::at(dir.path()).load_dismissals();
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].reason.as_deref(), Some("meant it"));
    assert_eq!(saved[0].dismissal.rule_id, "escalation.absolute");

    // A new session loads it, and the same words are not flagged again.
    let mut next = Headless::sample(engine());
    next.model.dismissed = saved;
    next.key(KeyCode::Enter);
    next.key(KeyCode::Enter);
    next.type_text("you ALWAYS say that.");
    next.ctrl('r');
    let a = next.model.review.analysis.as_ref().unwrap();
    assert!(
        !a.findings
            .iter()
            .any(|f| f.rule_id == "escalation.absolute")
    );

    // And undo brings it back in the first session.
    h.char('u');
    assert_eq!(selected_flag(&h), "You always");
    assert!(Store::at(dir.path()).load_dismissals().is_empty());
}

#[test]
fn a_missing_dimension_offers_its_question_and_inserts_a_scaffold() {
    let mut h = reviewing("The fix ships on Monday.");
    let first = h
        .model
        .review_items()
        .iter()
        .find_map(|i| match i {
            Item::Missing(d) => Some(*d),
            _ => None,
        })
        .expect("something is missing");
    select_missing(&mut h, first);
    let before = h.model.editor.text();
    h.char('a');
    let after = h.model.editor.text();
    assert!(after.len() > before.len());
    assert!(after.contains("___"), "{after}");
    // Typing fills the blank.
    assert_eq!(h.model.screen, Screen::Draft);
    h.type_text("this");
    let filled = h.model.editor.text();
    assert_eq!(
        filled.matches("___").count() + 1,
        after.matches("___").count(),
        "{filled}"
    );
}

#[test]
fn jumping_to_a_finding_selects_its_words_in_the_editor() {
    let mut h = reviewing(HEATED);
    h.key(KeyCode::Enter);
    assert_eq!(h.model.screen, Screen::Draft);
    // Typing replaces the selected words.
    h.type_text("This time");
    assert_eq!(
        h.model.editor.text(),
        HEATED.replacen("You always", "This time", 1)
    );
}

#[test]
fn quitting_with_unsaved_text_asks_first() {
    let mut h = reviewing(HEATED);
    h.char('q');
    assert!(matches!(h.model.overlay, Some(Overlay::ConfirmQuit)));
    assert_eq!(h.quit, None);
    h.char('n');
    assert!(h.model.overlay.is_none());
    h.char('q');
    h.char('y');
    assert_eq!(h.quit, Some(None));
    assert!(
        h.effects.iter().any(|e| matches!(e, Effect::Autosave(_))),
        "the draft is kept"
    );
}

#[test]
fn quitting_without_text_does_not_ask() {
    let mut h = Headless::new(engine());
    h.char('q');
    assert_eq!(h.quit, Some(None));
    let mut h = Headless::sample(engine());
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    h.ctrl('q');
    assert_eq!(h.quit, Some(None));
}

#[test]
fn saving_to_out_writes_the_file_and_then_quits_without_asking() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("reply.md");
    let mut h = reviewing("Thanks for raising this. What would help you most right now?");
    h.store = Some(Store::at(dir.path().join("state")));
    h.model.out = Some(out.clone());
    h.char('f');
    assert_eq!(h.model.screen, Screen::Finish);
    h.char('s');
    if matches!(h.model.overlay, Some(Overlay::Nudge(_))) {
        h.key(KeyCode::Enter);
    }
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "Thanks for raising this. What would help you most right now?\n"
    );
    h.char('q');
    assert_eq!(h.quit, Some(None));
}

#[test]
fn flags_left_nudge_but_never_block() {
    let mut h = reviewing(HEATED);
    h.char('f');
    h.char('p');
    assert!(matches!(h.model.overlay, Some(Overlay::Nudge(_))));
    h.key(KeyCode::Enter);
    assert_eq!(h.quit, Some(Some(format!("{HEATED}\n"))));
}

#[test]
fn the_save_path_can_be_typed_over() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("mine.txt");
    let mut h = reviewing("Thanks for raising this.");
    h.char('f');
    h.char('s');
    if matches!(h.model.overlay, Some(Overlay::Nudge(_))) {
        h.key(KeyCode::Enter);
    }
    assert!(matches!(h.model.overlay, Some(Overlay::PathInput { .. })));
    h.type_text(out.to_str().unwrap());
    h.key(KeyCode::Enter);
    assert!(out.exists(), "{:?}", h.model.status);
}

#[test]
fn a_paste_is_one_edit_and_its_newlines_are_not_commands() {
    let mut h = Headless::sample(engine());
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    let para = "q\n?\nCtrl+R is just text here.\n".repeat(200);
    h.send(Msg::Paste(para.clone()));
    assert_eq!(h.model.screen, Screen::Draft);
    assert!(h.model.overlay.is_none());
    assert_eq!(h.model.editor.text(), para);
    h.ctrl('z');
    assert_eq!(h.model.editor.text(), "");
}

#[test]
fn a_byte_order_mark_never_reaches_the_draft_its_suggestions_or_a_thread() {
    // Pasted at the start of a draft, as text copied out of a file that
    // begins with one.
    let mut h = Headless::sample(engine());
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    h.send(Msg::Paste("\u{feff}You always ignore this!!".into()));
    assert_eq!(h.model.editor.text(), "You always ignore this!!");
    h.ctrl('r');
    let a = h.model.review.analysis.as_ref().unwrap();
    let f = a.flags().next().expect("a flag");
    assert_eq!((f.byte_start, f.column), (0, 1));
    for s in a.findings.iter().flat_map(|f| &f.suggestions) {
        assert!(!s.sentence.contains('\u{feff}'), "{s:?}");
    }
    // A thread file that starts with one (an email saved by Notepad).
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("reply.eml");
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(
        b"From: Ann <ann@example.org>\nSubject: Build\n\nThe build broke again.\n",
    );
    std::fs::write(&path, bytes).unwrap();
    let t = tactful::tui::widgets::thread_view::import_file(&path, None, None).unwrap();
    assert_eq!(t.title.as_deref(), Some("Build"));
    assert_eq!(t.messages[0].author.as_deref(), Some("Ann"));
}

#[test]
fn pasting_a_thread_on_the_home_screen_opens_it() {
    let mut h = Headless::new(engine());
    h.char('p');
    h.send(Msg::Paste(
        "Ana:\nThis is broken AGAIN.\n\nBo wrote:\nWorks for me.\n".into(),
    ));
    h.ctrl('d');
    assert_eq!(h.model.screen, Screen::Read);
    let t = h.model.thread.as_ref().unwrap();
    assert_eq!(t.data.messages.len(), 2);
}

#[test]
fn live_checking_runs_on_idle_and_can_be_switched_off() {
    let mut h = Headless::sample(engine());
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    h.type_text(HEATED);
    assert!(
        h.model.live_result.is_none(),
        "typing never waits for a check"
    );
    h.idle();
    let (v, a) = h.model.live_result.as_ref().unwrap();
    assert_eq!(*v, h.model.editor.version());
    assert!(a.flags().count() > 0);
    h.ctrl('l');
    assert!(!h.model.live);
    h.type_text(" more");
    let n = h.effects.len();
    h.idle();
    assert!(
        !h.effects[n..]
            .iter()
            .any(|e| matches!(e, Effect::Analyze { .. }))
    );
}

#[test]
fn an_autosaved_draft_is_offered_back() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path());
    let mut h = Headless::sample(engine());
    h.store = Some(store.clone());
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    h.type_text("I hear you.");
    h.idle();
    let saved = store.load_draft().expect("autosaved on idle");
    assert_eq!(saved.draft, "I hear you.");

    let mut next = Headless::new(engine());
    next.model.offer_restore(saved.clone());
    // Every key that answers is listed, Enter too.
    let s = next.screen(60, 20);
    assert!(s.contains("r / Enter restore · n / Esc start fresh"), "{s}");
    next.char('r');
    assert_eq!(next.model.screen, Screen::Draft);
    assert_eq!(next.model.editor.text(), "I hear you.");
    assert!(next.model.thread.is_some());
    let mut by_enter = Headless::new(engine());
    by_enter.model.offer_restore(saved);
    by_enter.key(KeyCode::Enter);
    assert_eq!(by_enter.model.editor.text(), "I hear you.");
}

#[test]
fn a_thread_file_is_opened_from_a_typed_path_and_errors_stay_in_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.md");
    std::fs::write(&path, "Ann:\nThis is broken AGAIN.\n\nBo:\nWorks for me.\n").unwrap();
    let mut h = Headless::new(engine());
    h.char('o');
    assert!(matches!(h.model.overlay, Some(Overlay::PathInput { .. })));
    h.type_text(dir.path().join("missing.md").to_str().unwrap());
    h.key(KeyCode::Enter);
    match &h.model.overlay {
        Some(Overlay::PathInput { error: Some(e), .. }) => assert!(e.contains("missing.md"), "{e}"),
        other => panic!("expected an error in the field, got {other:?}"),
    }
    h.ctrl('a');
    h.type_text(path.to_str().unwrap());
    h.key(KeyCode::Enter);
    assert_eq!(h.model.screen, Screen::Read);
    assert_eq!(h.model.thread.as_ref().unwrap().data.messages.len(), 2);
}

#[test]
fn the_mouse_wheel_scrolls_the_thread() {
    let mut h = Headless::sample(engine());
    let _ = h.screen(60, 20);
    h.send(Msg::Scroll(3, 10, 5));
    assert_ne!(h.model.read_scroll, Some(Default::default()));
    h.send(Msg::Scroll(-30, 10, 5));
    assert_eq!(h.model.read_scroll, Some(Default::default()));
}

#[test]
fn escape_sequences_in_a_pasted_thread_never_reach_the_screen() {
    let hostile = "Mallory:\nHello \x1b]52;c;ZWNobyBwd25lZA==\x07there \x1b[2J\x1b[31mred\x1b[0m \u{9b}31m and a bell\x07.\n\nBob wrote:\nOk \x1bP+q\x1b\\ fine.\n";
    let mut h = Headless::new(engine());
    h.char('p');
    h.send(Msg::Paste(hostile.into()));
    h.ctrl('d');
    assert_eq!(h.model.screen, Screen::Read);
    let screen = h.screen(100, 30);
    assert!(screen.contains("Mallory"), "{screen}");
    for c in screen.chars() {
        assert!(
            c == '\n' || !c.is_control(),
            "control character {c:?} drawn:\n{screen}"
        );
    }
    // A draft pasted from a clipboard full of escapes is drawn clean too.
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    assert_eq!(h.model.screen, Screen::Draft);
    h.send(Msg::Paste("Thanks \x1b[1mfor\x1b[0m this.\x07".into()));
    let screen = h.screen(100, 30);
    for c in screen.chars() {
        assert!(
            c == '\n' || !c.is_control(),
            "control character {c:?} drawn:\n{screen}"
        );
    }
}

/// Selects the review line of a missing dimension.
#[track_caller]
fn select_missing(h: &mut Headless, d: tactful_engine::Dimension) {
    let pos = h
        .model
        .review_items()
        .iter()
        .position(|i| *i == Item::Missing(d))
        .unwrap_or_else(|| panic!("{d:?} is missing"));
    while h.model.review.sel < pos {
        h.key(KeyCode::Down);
    }
    while h.model.review.sel > pos {
        h.key(KeyCode::Up);
    }
}

#[test]
fn a_sentence_start_after_a_rewrite_goes_after_that_sentence_not_mid_sentence() {
    use tactful_engine::Dimension;
    let mut h = reviewing("You always ignore the users and it's just wrong. See you.");
    // Apply the rewrite: the cursor ends inside the first sentence.
    h.char('a');
    let rewritten = h.model.editor.text();
    let (first, rest) = rewritten.split_once(". ").unwrap();
    select_missing(&mut h, Dimension::Empathy);
    h.char('a');
    let text = h.model.editor.text();
    let scaffold = "That sounds ___, especially since ___.";
    assert_eq!(text, format!("{first}. {scaffold} {rest}"));
    // The cursor is on the first blank, selected: typing replaces it.
    assert_eq!(h.model.screen, Screen::Draft);
    h.type_text("rough");
    assert!(
        h.model
            .editor
            .text()
            .contains("That sounds rough, especially since ___."),
        "{}",
        h.model.editor.text()
    );
}

#[test]
fn unfilled_blanks_earn_nothing_and_filling_them_does() {
    use tactful_engine::{Dimension, Kind};
    let mut h = reviewing("The fix ships on Monday.");
    let before = h.model.review.analysis.as_ref().unwrap().scores;
    select_missing(&mut h, Dimension::Empathy);
    h.char('a');
    h.ctrl('r');
    let a = h.model.review.analysis.as_ref().unwrap();
    assert_eq!(a.scores.empathy, before.empathy, "a template earns nothing");
    assert!(a.scores.overall <= before.overall);
    assert!(
        !a.findings
            .iter()
            .any(|f| f.kind == Kind::Cue && f.dimension == Dimension::Empathy)
    );
    assert!(a.missing.contains(&Dimension::Empathy));
    // Fill both blanks: now it is the author's sentence, and it counts.
    h.key(KeyCode::Char('e'));
    let text = h.model.editor.text().replacen("___", "rough", 1).replacen(
        "___",
        "the release broke twice",
        1,
    );
    h.model.editor = tactful::tui::reply::model::draft_editor(&text);
    h.ctrl('r');
    let a = h.model.review.analysis.as_ref().unwrap();
    assert!(a.scores.empathy > before.empathy, "{text}");
}

#[test]
fn finish_asks_about_unfilled_blanks_before_a_reply_leaves() {
    use tactful_engine::Dimension;
    let mut h = reviewing("The fix ships on Monday.");
    select_missing(&mut h, Dimension::Empathy);
    h.char('a');
    h.ctrl('r');
    h.char('f');
    assert_eq!(h.model.screen, Screen::Finish);
    for key in ['s', 'p', 'c'] {
        h.char(key);
        assert!(
            matches!(h.model.overlay, Some(Overlay::Blanks(_))),
            "{key}: {:?}",
            h.model.overlay
        );
        h.key(KeyCode::Esc);
        assert!(h.model.overlay.is_none());
    }
    assert!(h.copied.is_empty() && h.quit.is_none());
    // Enter goes on (to the file name here); e goes to the first blank.
    h.char('s');
    h.key(KeyCode::Enter);
    assert!(matches!(h.model.overlay, Some(Overlay::PathInput { .. })));
    h.key(KeyCode::Esc);
    h.char('c');
    h.char('e');
    assert_eq!(h.model.screen, Screen::Draft);
    let (a, b) = h.model.editor.selection().expect("the blank is selected");
    assert_ne!(a, b);
    let screen = h.screen(60, 20);
    assert!(screen.contains("2 blanks to fill"), "{screen}");
}

#[test]
fn a_blank_is_marked_in_the_editor_and_in_the_review() {
    use ratatui::style::Modifier;
    let mut h = reviewing("Thanks. I'm sorry for ___ and will fix it.");
    let t = h.draw(120, 34);
    let buf = t.backend().buffer();
    let text = tactful::tui::reply::view::text_of(buf);
    assert!(text.contains("1 blank to fill"), "{text}");
    let (y, line) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("sorry for ___"))
        .unwrap();
    let x = line[..line.find("___").unwrap()].chars().count() as u16;
    // No colour in tests: the blank is reversed and dim.
    let m = buf[(x, y as u16)].modifier;
    assert!(m.contains(Modifier::REVERSED | Modifier::DIM), "{m:?}");
    h.char('e');
    let t = h.draw(120, 34);
    let buf = t.backend().buffer();
    let text = tactful::tui::reply::view::text_of(buf);
    let (y, line) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("sorry for ___"))
        .unwrap();
    let x = line[..line.find("___").unwrap()].chars().count() as u16;
    assert!(buf[(x, y as u16)].modifier.contains(Modifier::DIM));
}

#[test]
fn another_thread_from_home_starts_fresh_and_gets_only_its_own_draft() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path().join("state"));
    let path = dir.path().join("other.md");
    std::fs::write(&path, "Ann:\nThis is broken AGAIN.\n\nBo:\nWorks for me.\n").unwrap();
    let mut h = Headless::sample(engine());
    h.store = Some(store.clone());
    h.key(KeyCode::Enter);
    h.key(KeyCode::Down);
    h.key(KeyCode::Enter);
    h.type_text("A draft for the sample thread.");
    h.idle();
    let sample_key = h.model.thread_key.clone().unwrap();
    // Esc back to the home screen, then open another thread.
    for _ in 0..3 {
        h.key(KeyCode::Esc);
    }
    assert_eq!(h.model.screen, Screen::Home);
    h.char('o');
    h.type_text(path.to_str().unwrap());
    h.key(KeyCode::Enter);
    assert_eq!(h.model.screen, Screen::Read, "a new thread starts at Read");
    assert!(h.model.editor.is_blank());
    assert_eq!(h.model.intent, None);
    assert!(h.model.review.revisions.is_empty());
    assert!(
        h.model.overlay.is_none(),
        "the sample's draft is not offered"
    );
    assert_ne!(h.model.thread_key.as_ref(), Some(&sample_key));
    // The sample thread's draft was kept under its own key...
    assert_eq!(
        store.load_draft_for(&sample_key).unwrap().draft,
        "A draft for the sample thread."
    );
    // ...and is offered when the sample thread is opened again.
    h.key(KeyCode::Esc);
    h.char('s');
    match &h.model.overlay {
        Some(Overlay::Restore(saved)) => assert_eq!(saved.draft, "A draft for the sample thread."),
        other => panic!("expected the sample's draft offered back, got {other:?}"),
    }
    h.char('r');
    assert_eq!(h.model.screen, Screen::Draft);
    assert_eq!(h.model.editor.text(), "A draft for the sample thread.");
    // Its first check compares with nothing from another draft.
    h.ctrl('r');
    assert!(h.model.previous_revision().is_none());
    let screen = h.screen(120, 40);
    assert!(screen.contains("First check"), "{screen}");
    assert!(!screen.contains("Since last check"), "{screen}");
}

#[test]
fn since_last_check_compares_checks_of_the_same_draft_only() {
    // Review a draft, go home, open another thread, write and review there.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.md");
    std::fs::write(&path, "Ann:\nThis is broken AGAIN.\n\nBo:\nWorks for me.\n").unwrap();
    let mut h = reviewing(HEATED);
    h.char('a');
    assert_eq!(h.model.review.revisions.len(), 2);
    h.char('e');
    for _ in 0..3 {
        h.key(KeyCode::Esc);
    }
    h.char('o');
    h.type_text(path.to_str().unwrap());
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    h.type_text("Thanks for the report, I hear you.");
    h.ctrl('r');
    assert_eq!(h.model.review.revisions.len(), 1);
    let screen = h.screen(120, 40);
    assert!(screen.contains("First check"), "{screen}");
    assert!(!screen.contains('▲') && !screen.contains('▼'), "{screen}");
}

#[test]
fn quitting_from_finish_offers_to_print_and_says_whether_a_reply_left() {
    let mut h = reviewing("Thanks for the report. I hear you.");
    h.char('f');
    h.char('q');
    assert!(matches!(h.model.overlay, Some(Overlay::QuitWithReply)));
    let screen = h.screen(60, 20);
    assert!(
        screen.contains("p print it on standard output and quit"),
        "{screen}"
    );
    h.char('p');
    assert_eq!(
        h.quit,
        Some(Some("Thanks for the report. I hear you.\n".into()))
    );
    assert!(h.model.replied);

    // y quits without it: nothing printed, no reply.
    let mut h = reviewing("Thanks for the report. I hear you.");
    h.char('f');
    h.char('q');
    h.char('y');
    assert_eq!(h.quit, Some(None));
    assert!(!h.model.replied);
}

#[test]
fn a_reply_copied_from_finish_has_left_and_quitting_asks_nothing() {
    let mut h = reviewing("Thanks for the report. I hear you.");
    h.char('f');
    h.char('c');
    assert_eq!(h.copied, ["Thanks for the report. I hear you.\n"]);
    h.char('q');
    assert!(h.model.overlay.is_none(), "{:?}", h.model.overlay);
    assert_eq!(h.quit, Some(None));
    assert!(h.model.replied, "a copied reply counts as one that left");
    // Edited after the copy, it is a reply not yet out: asked again.
    let mut h = reviewing("Thanks for the report. I hear you.");
    h.char('f');
    h.char('c');
    h.char('e');
    h.type_text(" More.");
    h.ctrl('q');
    assert!(matches!(h.model.overlay, Some(Overlay::ConfirmQuit)));
}

#[test]
fn the_draft_and_the_review_count_words_alike() {
    let text = "I don't think it's right — e.g. the well-known co-op flag > 3.5 hours.";
    let mut h = reviewing(text);
    let review = h.screen(120, 40);
    assert!(review.contains("First check · 12 words"), "{review}");
    h.char('e');
    h.idle();
    let draft = h.screen(120, 40);
    assert!(draft.contains("· 12 words"), "{draft}");
    h.ctrl('r');
    h.char('f');
    let finish = h.screen(120, 40);
    assert!(finish.contains("Words: 12 → 12."), "{finish}");
}

#[test]
fn a_dismissal_that_cannot_be_kept_says_so() {
    let dir = tempfile::tempdir().unwrap();
    // The state directory is a file: nothing can be written under it.
    let blocked = dir.path().join("state");
    std::fs::write(&blocked, "").unwrap();
    let mut h = reviewing(HEATED);
    h.store = Some(Store::at(&blocked));
    h.char('d');
    h.char('1');
    let status = h.model.status.clone().unwrap_or_default();
    assert!(
        status.contains("could not be kept for later ones"),
        "{status}"
    );
}

#[test]
fn quitting_from_finish_with_out_saves_there_then_quits() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("reply.md");
    let mut h = reviewing("Thanks for the report. I hear you.");
    h.model.out = Some(out.clone());
    h.char('f');
    h.char('q');
    h.key(KeyCode::Enter);
    assert_eq!(h.quit, Some(None));
    assert!(h.model.replied);
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "Thanks for the report. I hear you.\n"
    );
}

#[test]
fn tab_completes_the_path_of_a_thread_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("exports")).unwrap();
    std::fs::write(
        dir.path().join("exports").join("angry-issue.md"),
        "Ann:\nThis is broken AGAIN.\n\nBo:\nWorks for me.\n",
    )
    .unwrap();
    let mut h = Headless::new(engine());
    h.char('o');
    h.type_text(&format!("{}/exp", dir.path().display()));
    h.key(KeyCode::Tab);
    h.type_text("an");
    h.key(KeyCode::Tab);
    match &h.model.overlay {
        Some(Overlay::PathInput { input, .. }) => assert_eq!(
            input.text(),
            format!("{}/exports/angry-issue.md", dir.path().display())
        ),
        other => panic!("{other:?}"),
    }
    h.key(KeyCode::Enter);
    assert_eq!(h.model.screen, Screen::Read);
}

// The Read step: a cursor on a message, the tree, the heat, answering.

/// A Reddit page as the site exports it: a post and twelve comments in
/// three branches, one of them five replies deep; heat in several.
const TREE: &str = "tests/fixtures/threads/reddit-heated-tree.json";

fn tree_thread() -> tactful::tui::widgets::thread_view::ThreadData {
    tree_thread_answering(None)
}

/// The tree, answering message `n` (1-based) as `--reply-to n` would.
fn tree_thread_answering(n: Option<usize>) -> tactful::tui::widgets::thread_view::ThreadData {
    tactful::tui::widgets::thread_view::import_file(std::path::Path::new(TREE), None, n)
        .expect("the fixture imports")
}

#[track_caller]
fn reading_tree() -> Headless {
    reading(tree_thread())
}

#[track_caller]
fn reading(t: tactful::tui::widgets::thread_view::ThreadData) -> Headless {
    let mut h = Headless::with_thread(engine(), t);
    let _ = h.screen(60, 20);
    h
}

fn answering(h: &Headless) -> usize {
    h.model.thread.as_ref().unwrap().data.answering
}

fn author(h: &Headless, i: usize) -> String {
    h.model.thread.as_ref().unwrap().data.messages[i]
        .author
        .clone()
        .unwrap()
}

#[test]
fn the_read_step_opens_on_the_message_people_would_answer_and_says_why() {
    let mut h = reading_tree();
    // The heated exchange, not the latest message of the longest branch
    // (jo_ops's calm numbers, five replies deep): jo_ops's "This is a
    // disaster for us", which drew the maintainer's answer.
    assert_eq!(answering(&h), 4);
    assert_eq!(h.model.read_cursor, 4);
    assert_eq!(
        h.model.status.as_deref(),
        Some("Answering jo_ops: heat in their words (◐2), 1 reply.")
    );
    let s = h.screen(60, 20);
    assert!(
        s.contains("This is a disaster") && s.contains("◆ answering"),
        "{s}"
    );
    // Named with --reply-to, the message stays and nothing is said.
    let mut h = reading(tree_thread_answering(Some(7)));
    assert_eq!(answering(&h), 6);
    assert_eq!(h.model.status, None);
    let s = h.screen(60, 20);
    assert!(
        s.contains("↳6 jo_ops"),
        "deeper than shown, and says so: {s}"
    );
    // The path to it, on the thread's bottom border.
    assert!(
        s.contains("└ ↳6 … › ana_dev › pk_maint › jo_ops › pk_maint › jo_ops "),
        "{s}"
    );
}

#[test]
fn moving_to_another_message_and_answering_it_makes_their_words_follow() {
    let mut h = reading_tree();
    h.char('g');
    assert_eq!(h.model.read_cursor, 0);
    h.key(KeyCode::Down);
    assert_eq!(author(&h, h.model.read_cursor), "pk_maint");
    let key_before = h.model.thread_key.clone();
    h.char('r');
    assert_eq!(answering(&h), 1);
    assert_ne!(h.model.thread_key, key_before, "the draft's key follows");
    assert!(
        h.model.status.as_deref().unwrap().contains("pk_maint"),
        "{:?}",
        h.model.status
    );
    // Their words, in the draft, are the chosen message's.
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    assert_eq!(h.model.screen, Screen::Draft);
    let s = h.screen(120, 40);
    let theirs = s
        .lines()
        .find(|l| l.contains("Their words"))
        .expect("their words");
    assert!(theirs.contains("Their words"), "{s}");
    assert!(
        s.contains("pk_maint") && s.contains("Offline mode had been broken"),
        "{s}"
    );
    // The live check reads the draft against the message answered.
    h.type_text("Offline mode had been broken for you too, I hear that.");
    h.idle();
    let body = h.model.thread.as_ref().unwrap().data.messages[1]
        .body
        .clone();
    assert!(
        h.effects.iter().any(|e| matches!(e,
            Effect::Analyze { answering: Some(a), .. } if *a == body)),
        "{:?}",
        h.effects
    );
}

/// The tree thread answering jo_ops's last message (five replies deep),
/// with a store and a draft typed (and autosaved) for it; returns that
/// draft's key.
fn tree_with_a_draft(dir: &std::path::Path) -> (Headless, Store, String) {
    let store = Store::at(dir);
    let mut h = reading(tree_thread_answering(Some(7)));
    h.store = Some(store.clone());
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    h.type_text("Forty ships is a lot to keep in sync.");
    h.idle();
    let key = h.model.thread_key.clone().unwrap();
    (h, store, key)
}

#[test]
fn answering_another_message_with_a_draft_asks_whether_to_take_it_along() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, store, first_key) = tree_with_a_draft(dir.path());
    assert!(store.load_draft_for(&first_key).is_some());
    h.key(KeyCode::Esc);
    h.key(KeyCode::Esc);
    assert_eq!(h.model.screen, Screen::Read);
    h.key(KeyCode::Up);
    assert_eq!(author(&h, h.model.read_cursor), "pk_maint");
    h.char('r');
    assert!(matches!(h.model.overlay, Some(Overlay::Reanswer(5))));
    let s = h.screen(60, 20);
    assert!(s.contains("Answer another message?"), "{s}");
    // Esc keeps everything as it was.
    h.key(KeyCode::Esc);
    assert_eq!(answering(&h), 6);
    // t takes the draft along: it is kept under its new key only.
    h.char('r');
    h.char('t');
    assert_eq!(answering(&h), 5);
    assert_eq!(
        h.model.editor.text(),
        "Forty ships is a lot to keep in sync."
    );
    let second_key = h.model.thread_key.clone().unwrap();
    assert_eq!(
        store.load_draft_for(&second_key).unwrap().draft,
        "Forty ships is a lot to keep in sync."
    );
    assert!(
        store.load_draft_for(&first_key).is_none(),
        "moved, not copied"
    );
    // n starts a new reply; the draft stays saved for the message it
    // answered and comes back when that message is answered again.
    h.key(KeyCode::Up);
    h.char('r');
    h.char('n');
    assert_eq!(answering(&h), 4);
    assert!(h.model.editor.is_blank());
    assert!(store.load_draft_for(&second_key).is_some());
    h.key(KeyCode::Down);
    assert_eq!(h.model.read_cursor, 5);
    h.char('r');
    match &h.model.overlay {
        Some(Overlay::Restore(saved)) => {
            assert_eq!(saved.draft, "Forty ships is a lot to keep in sync.")
        }
        other => panic!("expected the draft offered back, got {other:?}"),
    }
}

#[test]
fn taking_a_draft_to_a_message_with_a_draft_of_its_own_keeps_both() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, store, first_key) = tree_with_a_draft(dir.path());
    h.key(KeyCode::Esc);
    h.key(KeyCode::Esc);
    // A second reply, to another message.
    h.key(KeyCode::Up);
    h.char('r');
    h.char('n');
    assert_eq!(answering(&h), 5);
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    h.type_text("Thanks for the numbers.");
    h.idle();
    let second_key = h.model.thread_key.clone().unwrap();
    h.key(KeyCode::Esc);
    h.key(KeyCode::Esc);
    assert_eq!(h.model.screen, Screen::Read);
    // Taking the second draft to the first message does not overwrite the
    // first draft: both stay saved, and the first is offered back.
    h.key(KeyCode::Down);
    assert_eq!(h.model.read_cursor, 6);
    h.char('r');
    h.char('t');
    assert_eq!(
        store.load_draft_for(&first_key).unwrap().draft,
        "Forty ships is a lot to keep in sync."
    );
    assert_eq!(
        store.load_draft_for(&second_key).unwrap().draft,
        "Thanks for the numbers."
    );
    match &h.model.overlay {
        Some(Overlay::Restore(saved)) => {
            assert_eq!(saved.draft, "Forty ships is a lot to keep in sync.")
        }
        other => panic!("expected the first draft offered back, got {other:?}"),
    }
    assert!(
        h.model
            .status
            .as_deref()
            .unwrap()
            .contains("already had a draft"),
        "{:?}",
        h.model.status
    );
}

#[test]
fn branches_collapse_and_expand_and_the_cursor_stays_in_view() {
    let mut h = reading_tree();
    h.char('g');
    h.char('c');
    let t = h.model.thread.as_ref().unwrap();
    assert!(t.is_collapsed(0));
    assert_eq!(t.len(), 1, "everything under the post is hidden");
    let s = h.screen(60, 20);
    assert!(s.contains("▸ 11 replies hidden"), "{s}");
    h.key(KeyCode::Right);
    assert!(!h.model.thread.as_ref().unwrap().is_collapsed(0));
    // → again goes down to the first reply, ← back up to what it answers.
    h.key(KeyCode::Right);
    assert_eq!(h.model.read_cursor, 1);
    h.key(KeyCode::Left);
    assert!(h.model.thread.as_ref().unwrap().is_collapsed(1));
    h.key(KeyCode::Left);
    assert_eq!(h.model.read_cursor, 0);
    // c on a message without replies folds the branch it belongs to.
    h.char('G');
    let last = h.model.read_cursor;
    assert_eq!(author(&h, last), "pk_maint");
    h.char('c');
    assert_eq!(author(&h, h.model.read_cursor), "sam_r");
    assert!(h.model.thread.as_ref().unwrap().is_collapsed(10));
}

#[test]
fn a_flat_thread_has_no_branches_to_collapse() {
    let mut h = Headless::sample(engine());
    h.char('c');
    assert_eq!(
        h.model.status.as_deref(),
        Some("This thread has no branches to collapse.")
    );
    let s = h.screen(100, 30);
    assert!(!s.contains("c collapse"), "{s}");
}

#[test]
fn h_jumps_between_heated_messages_and_opens_their_branch() {
    let mut h = reading_tree();
    h.char('g');
    h.char('c');
    h.char('h');
    assert_eq!(author(&h, h.model.read_cursor), "ana_dev");
    assert_ne!(h.model.read_cursor, 0);
    assert!(
        !h.model.thread.as_ref().unwrap().is_collapsed(0),
        "expanded"
    );
    let mut seen = vec![h.model.read_cursor];
    for _ in 0..6 {
        h.char('h');
        seen.push(h.model.read_cursor);
    }
    // ana_dev (2), jo_ops (4), kev_r (7), lurker42 (8), ana_dev (9), then
    // round again.
    assert_eq!(seen, [2, 4, 7, 8, 9, 0, 2], "the post is heated too");
    assert_eq!(
        h.model.status.as_deref(),
        None,
        "no word about wrapping once past it"
    );
    h.char('H');
    assert_eq!(h.model.read_cursor, 0);
    h.char('H');
    assert_eq!(h.model.read_cursor, 9);
    assert_eq!(
        h.model.status.as_deref(),
        Some("Round the thread again: no more heated messages that way.")
    );
    let s = h.screen(60, 20);
    assert!(s.contains("●1") || s.contains("◐"), "{s}");
}

#[test]
fn search_finds_as_you_type_in_any_case_and_esc_leaves_it() {
    let mut h = reading_tree();
    h.char('g');
    h.char('/');
    assert!(h.model.search.is_some());
    h.type_text("OFFLINE");
    let s = h.model.search.as_ref().unwrap();
    assert_eq!(s.hits.len(), 4);
    assert_eq!(s.current, Some(0));
    assert_eq!(h.model.read_cursor, 0);
    // Letters typed in the search are not keys of the Read step.
    assert_eq!(h.model.screen, Screen::Read);
    h.key(KeyCode::Enter);
    assert_eq!(h.model.read_cursor, 1);
    h.key(KeyCode::Enter);
    assert_eq!(h.model.read_cursor, 6);
    h.key(KeyCode::Up);
    assert_eq!(h.model.read_cursor, 1);
    let screen = h.screen(60, 20);
    assert!(screen.contains("2 of 4"), "{screen}");
    // Typing searches again from where the search began.
    h.key(KeyCode::Backspace);
    assert_eq!(h.model.read_cursor, 0);
    h.type_text("x");
    assert_eq!(h.model.search.as_ref().unwrap().current, None);
    assert!(h.screen(60, 20).contains("No match"));
    h.key(KeyCode::Backspace);
    h.key(KeyCode::Down);
    assert_eq!(h.model.read_cursor, 1);
    h.key(KeyCode::Esc);
    assert!(h.model.search.is_none());
    assert_eq!(h.model.read_cursor, 1, "the cursor stays on the match");
}

#[test]
fn a_restored_draft_reopens_its_file_on_the_message_it_answered() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path());
    let path = std::fs::canonicalize(TREE).unwrap();
    let mut h = Headless::new(engine());
    h.store = Some(store.clone());
    h.send(Msg::ThreadLoaded(Ok((
        tree_thread(),
        tactful::store::Origin::File { path: path.clone() },
    ))));
    h.char('g');
    h.char('r');
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    h.type_text("Thanks for the question.");
    h.idle();
    // The next session starts on the home screen and restores it.
    let saved = store.load_draft().expect("autosaved");
    assert_eq!(saved.answering, 0);
    let mut next = Headless::new(engine());
    next.store = Some(store.clone());
    next.model.offer_restore(saved);
    next.char('r');
    assert_eq!(next.model.screen, Screen::Draft);
    assert_eq!(next.model.editor.text(), "Thanks for the question.");
    assert_eq!(answering(&next), 0);
}

/// A message of a thread built for a test.
fn message(author: &str, body: &str, reply_to: Option<usize>) -> Message {
    Message {
        author: Some(author.into()),
        time: None,
        body: body.into(),
        reply_to,
        source_id: None,
    }
}

/// A message body of 30 lines, longer than the Read pane at 60×20.
fn long_body() -> String {
    (1..=30)
        .map(|i| format!("Line {i} of a long message."))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn down_reads_a_long_message_a_line_at_a_time_then_moves_on() {
    let mut h = Headless::with_thread(
        engine(),
        ThreadData {
            title: None,
            messages: vec![
                message("Ann", &long_body(), None),
                message("Bo", "Short.", None),
            ],
            answering: 0,
            default_answer: false,
        },
    );
    let _ = h.screen(60, 20);
    assert_eq!(h.model.read_cursor, 0);
    // The pane shows 12 rows: the header and 11 lines; Down scrolls the
    // rest of Ann's message into view before it moves to Bo.
    let mut scrolled = 0;
    while h.model.read_cursor == 0 {
        h.key(KeyCode::Down);
        scrolled += 1;
        assert!(scrolled < 40, "never moved on");
    }
    assert_eq!(h.model.read_cursor, 1);
    assert!(scrolled > 15, "it read on first: {scrolled}");
    let s = h.screen(60, 20);
    assert!(s.contains("Line 30 of a long message."), "{s}");
    // Up goes back to Ann, and then reads her message upwards.
    h.key(KeyCode::Up);
    assert_eq!(h.model.read_cursor, 0);
    let s = h.screen(60, 20);
    assert!(
        s.contains("│┃ Line 22 of") && !s.contains("Line 21 of"),
        "{s}"
    );
    h.key(KeyCode::Up);
    assert_eq!(h.model.read_cursor, 0);
    let s = h.screen(60, 20);
    assert!(s.contains("│┃ Line 21 of"), "{s}");
}

#[test]
fn the_review_points_the_listening_question_at_their_heated_words() {
    let mut h = reviewing("Noted.");
    select_missing(&mut h, tactful_engine::Dimension::Listening);
    let s = h.screen(120, 40);
    // Their heated phrases, in the order they wrote them (the fitted reading
    // also names a sentence before "You people always", so the list wraps).
    assert!(
        s.contains("Heat in their words: “") && s.contains("“You people"),
        "{s}"
    );
}

#[test]
fn collapsing_a_long_message_brings_its_hidden_replies_into_view() {
    let mut h = Headless::with_thread(
        engine(),
        ThreadData {
            title: None,
            messages: vec![
                message("Ann", &long_body(), None),
                message("Bo", "Yes.", Some(0)),
                message("Cy", "No.", Some(0)),
            ],
            answering: 0,
            default_answer: false,
        },
    );
    let _ = h.screen(60, 20);
    h.char('c');
    let s = h.screen(60, 20);
    assert!(s.contains("▸ 2 replies hidden"), "{s}");
    assert!(s.contains("Line 30 of"), "{s}");
}

#[test]
fn a_draft_for_another_message_of_a_thread_is_found_when_it_opens_on_its_default() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path());
    // A draft for message 22 (the joke), as `--reply-to 22` answers it.
    let path = std::path::Path::new("tests/fixtures/threads/reddit-big-thread.json");
    let named = tactful::tui::widgets::thread_view::import_file(path, None, Some(22)).unwrap();
    let mut h = Headless::with_thread(engine(), named);
    h.store = Some(store.clone());
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    h.type_text("Ha, fair enough.");
    h.idle();
    // Opened again without --reply-to: the default is another message,
    // and the draft is still offered; restoring it answers message 22.
    let mut next = Headless::new(engine());
    next.store = Some(store.clone());
    next.send(Msg::ThreadLoaded(Ok((
        tactful::tui::widgets::thread_view::import_file(path, None, None).unwrap(),
        tactful::store::Origin::File {
            path: path.to_path_buf(),
        },
    ))));
    match &next.model.overlay {
        Some(Overlay::Restore(saved)) => assert_eq!(saved.draft, "Ha, fair enough."),
        other => panic!("expected the draft offered back, got {other:?}"),
    }
    next.char('r');
    assert_eq!(answering(&next), 21);
    assert_eq!(next.model.editor.text(), "Ha, fair enough.");
    // Named, only the named message's own draft is offered.
    let mut named = Headless::new(engine());
    named.store = Some(store);
    named.send(Msg::ThreadLoaded(Ok((
        tactful::tui::widgets::thread_view::import_file(path, None, Some(3)).unwrap(),
        tactful::store::Origin::File {
            path: path.to_path_buf(),
        },
    ))));
    assert!(named.model.overlay.is_none());
}
