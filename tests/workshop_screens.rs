//! The workshop screen through ratatui's `TestBackend`: choosing, the
//! scenario with the countdown, the models revealed when time is up, and
//! the group's results read from a folder of exported attempts.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Modifier;
use tactful::practice::{Exercises, report};
use tactful::tui::workshop::view::draw;
use tactful::tui::workshop::{Msg, Panel, Workshop, update};

fn workshop(results: bool) -> Workshop {
    let lib = tactful_engine::packs::builtin().unwrap();
    let ex = Exercises::builtin(&lib).unwrap();
    let mut w = Workshop::new(
        ex.all,
        10,
        results.then(|| "tests/fixtures/attempts".to_string()),
    );
    w.color = false;
    w
}

fn key(w: &mut Workshop, c: KeyCode) {
    update(w, Msg::Key(KeyEvent::new(c, KeyModifiers::NONE)));
}

fn screen(w: &Workshop, width: u16, height: u16) -> (String, Terminal<TestBackend>) {
    let mut t = Terminal::new(TestBackend::new(width, height)).unwrap();
    t.draw(|f| draw(w, f)).unwrap();
    let buf = t.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut line = String::new();
        for x in 0..buf.area.width {
            line.push_str(buf[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    (out, t)
}

fn choose(w: &mut Workshop, id: &str) {
    let i = w.exercises.iter().position(|e| e.id == id).unwrap();
    for _ in 0..i {
        key(w, KeyCode::Down);
    }
    key(w, KeyCode::Enter);
}

#[test]
fn choose_an_exercise() {
    let mut w = workshop(false);
    key(&mut w, KeyCode::Down);
    insta::assert_snapshot!("workshop_choose", screen(&w, 100, 28).0);
}

#[test]
fn scenario_with_the_countdown_running() {
    let mut w = workshop(false);
    choose(&mut w, "release-broke-ci");
    key(&mut w, KeyCode::Char(' '));
    update(&mut w, Msg::Tick(83_000));
    let (text, t) = screen(&w, 100, 32);
    insta::assert_snapshot!("workshop_scenario_running", text);
    // The header is reversed and bold for contrast on a projector.
    let cell = &t.backend().buffer()[(1, 0)];
    assert!(cell.modifier.contains(Modifier::REVERSED | Modifier::BOLD));
}

#[test]
fn time_up_reveals_the_model_replies() {
    let mut w = workshop(false);
    choose(&mut w, "parking-complaint");
    key(&mut w, KeyCode::Char('3'));
    key(&mut w, KeyCode::Char('1'));
    w.revealed = false;
    key(&mut w, KeyCode::Char(' '));
    update(&mut w, Msg::Tick(600_000));
    assert_eq!(w.panel, Panel::Models);
    insta::assert_snapshot!("workshop_time_up", screen(&w, 100, 34).0);
}

#[test]
fn notes_and_discussion_questions() {
    let mut w = workshop(false);
    choose(&mut w, "removed-post");
    key(&mut w, KeyCode::Char('2'));
    insta::assert_snapshot!("workshop_notes", screen(&w, 100, 30).0);
}

#[test]
fn results_show_the_group_without_anyones_text_until_opened() {
    let mut w = workshop(true);
    choose(&mut w, "release-broke-ci");
    update(
        &mut w,
        Msg::Results(report::collect(&["tests/fixtures/attempts".into()])),
    );
    key(&mut w, KeyCode::Char('4'));
    let (text, _) = screen(&w, 100, 34);
    insta::assert_snapshot!("workshop_results", text);
    let bo_text = "you're right that removing";
    assert!(
        !text.contains(bo_text),
        "a reply is shown before it is opened"
    );
    key(&mut w, KeyCode::Down);
    key(&mut w, KeyCode::Enter);
    let (text, _) = screen(&w, 100, 34);
    assert!(text.contains(" Bo "), "{text}");
    assert!(text.contains(bo_text), "{text}");
}

#[test]
fn help_lists_every_key_of_the_screen() {
    let mut w = workshop(false);
    choose(&mut w, "release-broke-ci");
    key(&mut w, KeyCode::Char('?'));
    insta::assert_snapshot!("workshop_help", screen(&w, 100, 30).0);
}

#[test]
fn every_panel_draws_at_any_size_without_panicking() {
    let mut w = workshop(true);
    let sizes = [(1, 1), (10, 4), (20, 6), (40, 10), (60, 20), (200, 60)];
    for (x, y) in sizes {
        screen(&w, x, y);
    }
    choose(&mut w, "release-broke-ci");
    update(
        &mut w,
        Msg::Results(report::collect(&["tests/fixtures/attempts".into()])),
    );
    for panel in ['1', '2', '3', '4'] {
        key(&mut w, KeyCode::Char(panel));
        for (x, y) in sizes {
            screen(&w, x, y);
        }
    }
    key(&mut w, KeyCode::Enter);
    key(&mut w, KeyCode::Char('?'));
    for (x, y) in sizes {
        screen(&w, x, y);
    }
}

#[test]
fn results_at_60x20_and_120x40_keep_the_goals_and_the_replies_in_view() {
    let mut w = workshop(true);
    choose(&mut w, "release-broke-ci");
    update(
        &mut w,
        Msg::Results(report::collect(&["tests/fixtures/attempts".into()])),
    );
    key(&mut w, KeyCode::Char('4'));
    let (small, _) = screen(&w, 60, 20);
    insta::assert_snapshot!("workshop_results_60x20", small);
    for must in ["Met most:", "Met least:", "Replies", " ?  help"] {
        assert!(small.contains(must), "{must} is on screen:\n{small}");
    }
    // The last reply in the list is reachable: selecting it scrolls to it.
    let n = w.results.as_ref().unwrap().attempts.len();
    for _ in 1..n {
        key(&mut w, KeyCode::Down);
    }
    let (small, _) = screen(&w, 60, 20);
    let last = w.results.as_ref().unwrap().label(n - 1);
    assert!(small.contains(&format!(" {last} ")), "{small}");
    let (big, _) = screen(&w, 120, 40);
    insta::assert_snapshot!("workshop_results_120x40", big);
}

#[test]
fn goals_all_met_alike_are_said_once_not_as_most_and_least() {
    // Ash's attempt with every goal met: no goal was met more than another.
    let dir = tempfile::tempdir().unwrap();
    let mut ash: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string("tests/fixtures/attempts/ash.json").unwrap())
            .unwrap();
    for g in ash["goals"].as_array_mut().unwrap() {
        g["met"] = serde_json::Value::Bool(true);
    }
    std::fs::write(dir.path().join("ash.json"), ash.to_string()).unwrap();
    let mut w = workshop(true);
    choose(&mut w, "release-broke-ci");
    update(
        &mut w,
        Msg::Results(report::collect(&[dir.path().to_path_buf()])),
    );
    key(&mut w, KeyCode::Char('4'));
    let (text, _) = screen(&w, 100, 34);
    assert!(text.contains("Each goal: met in 1 of 1 attempts"), "{text}");
    assert!(
        !text.contains("Met most") && !text.contains("Met least"),
        "{text}"
    );
}
