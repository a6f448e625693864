//! Practice screens through ratatui's `TestBackend`: the brief, the draft
//! with the goals checklist ticking beside it, and the results with the
//! model reply beside the person's own. Colour is asserted on the buffer
//! where it carries meaning (a met goal is green).

use std::sync::Arc;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Color;
use tactful::practice::Exercises;
use tactful::tui::practice::view::draw;
use tactful::tui::practice::{Msg, Practice, drive};
use tactful_engine::Engine;

const NOW: &str = "2026-11-25T09:30:00Z";

fn practice(id: &str, color: bool) -> Practice {
    let lib = tactful_engine::packs::builtin().unwrap();
    let engine = Arc::new(Engine::new(lib.clone()).unwrap());
    let ex = Exercises::builtin(&lib).unwrap().get(id).unwrap().clone();
    let mut p = Practice::new(engine, ex, "", "2026-11-25T09:20:00Z".into());
    p.color = color;
    p
}

fn key(p: &mut Practice, code: KeyCode, mods: KeyModifiers) {
    drive(p, Msg::Key(KeyEvent::new(code, mods)), NOW);
}

fn paste(p: &mut Practice, s: &str) {
    drive(p, Msg::Paste(s.to_string()), NOW);
    drive(p, Msg::Idle, NOW);
}

fn render(p: &Practice, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| draw(p, f)).unwrap();
    t
}

fn text(t: &Terminal<TestBackend>) -> String {
    let buf = t.backend().buffer();
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut line = String::new();
        for x in 0..buf.area.width {
            line.push_str(buf[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[test]
fn brief() {
    let p = practice("release-broke-ci", false);
    let s = text(&render(&p, 100, 30));
    insta::assert_snapshot!("practice_tui_brief", s);
    // A message's words keep their indent on every wrapped row.
    let rows: Vec<&str> = s
        .lines()
        .skip_while(|l| !l.contains("Upgraded to 4.0"))
        .take_while(|l| !l.trim_matches(['│', ' ']).is_empty())
        .collect();
    assert!(rows.len() >= 3, "{s}");
    for r in rows {
        assert!(r.starts_with("│  ") && !r.starts_with("│   "), "{r:?}");
    }
}

#[test]
fn draft_with_the_checklist_half_ticked() {
    let mut p = practice("parking-complaint", true);
    key(&mut p, KeyCode::Enter, KeyModifiers::NONE);
    paste(
        &mut p,
        "Sorry, the white van parked outside number 14 is mine. Where would it be out of your way?",
    );
    let t = render(&p, 100, 30);
    insta::assert_snapshot!("practice_tui_draft", text(&t));
    // The met goal's box is drawn green; an unmet one is not.
    let buf = t.backend().buffer();
    let row_of = |needle: &str| {
        (0..buf.area.height)
            .find(|y| {
                (0..buf.area.width)
                    .map(|x| buf[(x, *y)].symbol())
                    .collect::<String>()
                    .contains(needle)
            })
            .unwrap()
    };
    let x = (0..buf.area.width)
        .find(|x| buf[(*x, row_of("[x] Say back"))].symbol() == "[")
        .unwrap();
    assert_eq!(buf[(x, row_of("[x] Say back"))].fg, Color::Green);
    assert_ne!(buf[(x, row_of("[ ] Offer something"))].fg, Color::Green);
}

#[test]
fn results_put_a_model_reply_beside_the_draft() {
    let mut p = practice("parking-complaint", false);
    key(&mut p, KeyCode::Enter, KeyModifiers::NONE);
    paste(&mut p, "Move it yourself, whatever.");
    key(&mut p, KeyCode::Char('d'), KeyModifiers::CONTROL);
    key(&mut p, KeyCode::Char('e'), KeyModifiers::NONE);
    key(&mut p, KeyCode::Char('a'), KeyModifiers::CONTROL);
    paste(
        &mut p,
        "Hi Teodor, the van is mine, and I'm sorry. I'm going to fix that tonight by parking \
further down the street. Where would it be out of your way when you back out?",
    );
    key(&mut p, KeyCode::Char('d'), KeyModifiers::CONTROL);
    key(&mut p, KeyCode::Right, KeyModifiers::NONE);
    insta::assert_snapshot!("practice_tui_results", text(&render(&p, 110, 34)));
}

#[test]
fn a_small_terminal_still_draws() {
    let mut p = practice("reorg-plan", false);
    key(&mut p, KeyCode::Enter, KeyModifiers::NONE);
    paste(&mut p, "Thanks, Noor.");
    insta::assert_snapshot!("practice_tui_small", text(&render(&p, 60, 20)));
}

#[test]
fn choosing_an_exercise() {
    let lib = tactful_engine::packs::builtin().unwrap();
    let engine = Arc::new(Engine::new(lib.clone()).unwrap());
    let choices: Vec<tactful::tui::practice::Choice> = Exercises::builtin(&lib)
        .unwrap()
        .all
        .into_iter()
        .enumerate()
        .map(|(i, exercise)| tactful::tui::practice::Choice {
            exercise,
            status: if i == 1 {
                "passed 24 Nov 2026".into()
            } else {
                String::new()
            },
        })
        .collect();
    let mut p = Practice::chooser(engine, choices, NOW.into());
    p.color = false;
    key(&mut p, KeyCode::Down, KeyModifiers::NONE);
    insta::assert_snapshot!("practice_tui_choose", text(&render(&p, 100, 24)));
}

#[test]
fn every_screen_draws_at_any_size_without_panicking() {
    let mut p = practice("article-pile-on", true);
    for (w, h) in [(1, 1), (10, 4), (20, 6), (40, 10), (60, 20), (200, 60)] {
        render(&p, w, h);
    }
    key(&mut p, KeyCode::Enter, KeyModifiers::NONE);
    paste(&mut p, "Fair point on the survey.");
    for (w, h) in [(1, 1), (10, 4), (20, 6), (40, 10), (60, 20), (200, 60)] {
        render(&p, w, h);
    }
    key(&mut p, KeyCode::F(1), KeyModifiers::NONE);
    for (w, h) in [(1, 1), (10, 4), (60, 20)] {
        render(&p, w, h);
    }
    key(&mut p, KeyCode::Esc, KeyModifiers::NONE);
    key(&mut p, KeyCode::Char('d'), KeyModifiers::CONTROL);
    for (w, h) in [(1, 1), (10, 4), (20, 6), (40, 10), (60, 20), (200, 60)] {
        render(&p, w, h);
    }
}

#[test]
fn flags_are_listed_beside_the_draft_with_a_rewrite() {
    let mut p = practice("parking-complaint", false);
    key(&mut p, KeyCode::Enter, KeyModifiers::NONE);
    paste(&mut p, "You always park like that. Whatever.");
    insta::assert_snapshot!("practice_tui_draft_flags", text(&render(&p, 110, 30)));
}

#[test]
fn the_home_screen_opens_practice_and_workshops() {
    use tactful::tui::practice::run::Launch;
    use tactful::tui::reply::headless::Headless;
    let engine = Arc::new(tactful::prompts::builtin_engine().unwrap());
    for (key, launch) in [('x', Launch::Practice), ('w', Launch::Workshop)] {
        let mut h = Headless::new(engine.clone());
        let home = h.screen(80, 24);
        assert!(home.contains("Practise on an exercise"), "{home}");
        assert!(home.contains("Run a workshop"), "{home}");
        h.char(key);
        assert_eq!(h.model.launch, Some(launch));
        assert!(
            h.quit.is_some(),
            "the reply flow quits so the run loop can open it"
        );
    }
}

#[test]
fn results_at_60x20_scroll_to_the_end_of_the_model_reply() {
    let mut p = practice("parking-complaint", false);
    key(&mut p, KeyCode::Enter, KeyModifiers::NONE);
    paste(
        &mut p,
        "Hi Teodor, the van is mine, and I'm sorry. I'm going to fix that tonight by parking \
further down the street. Where would it be out of your way when you back out?",
    );
    key(&mut p, KeyCode::Char('d'), KeyModifiers::CONTROL);
    let top = text(&render(&p, 60, 20));
    insta::assert_snapshot!("practice_tui_results_60x20", top);
    assert!(!top.contains("Why it works"), "{top}");
    for _ in 0..5 {
        key(&mut p, KeyCode::Down, KeyModifiers::NONE);
    }
    let scrolled = text(&render(&p, 60, 20));
    assert!(scrolled.contains("Why it works"), "{scrolled}");
}

/// On the review of a heated draft, after applying a rewrite and setting a
/// finding aside: "since last check" says what changed.
fn reviewing() -> Practice {
    let mut p = practice("parking-complaint", false);
    key(&mut p, KeyCode::Enter, KeyModifiers::NONE);
    paste(
        &mut p,
        "You always park like that. Whatever. Move it yourself.",
    );
    key(&mut p, KeyCode::Char('r'), KeyModifiers::CONTROL);
    key(&mut p, KeyCode::Char('a'), KeyModifiers::NONE);
    p
}

#[test]
fn review_at_60x20_and_120x40() {
    let mut p = reviewing();
    let small = text(&render(&p, 60, 20));
    insta::assert_snapshot!("practice_tui_review_60x20", small);
    assert!(
        small.contains("[Review]") || small.contains(" Review "),
        "{small}"
    );
    assert!(small.contains("Since last check: 1 fixed"), "{small}");
    let big = text(&render(&p, 120, 40));
    insta::assert_snapshot!("practice_tui_review_120x40", big);
    assert!(big.contains("Findings"), "{big}");
    // Setting a finding aside says so, and u brings it back.
    key(&mut p, KeyCode::Char('d'), KeyModifiers::NONE);
    let set_aside = text(&render(&p, 120, 40));
    assert!(
        set_aside.contains("Set aside for this attempt"),
        "{set_aside}"
    );
    key(&mut p, KeyCode::Char('u'), KeyModifiers::NONE);
    assert!(text(&render(&p, 120, 40)).contains("The finding is back."));
}

#[test]
fn review_help_lists_the_reply_flows_keys_in_practice_words() {
    let mut p = reviewing();
    key(&mut p, KeyCode::F(1), KeyModifiers::NONE);
    let help = text(&render(&p, 120, 40));
    assert!(help.contains("1–9"), "{help}");
    assert!(
        help.contains("Set this finding aside for this attempt"),
        "{help}"
    );
    assert!(help.contains("see the goals met"), "{help}");
}
