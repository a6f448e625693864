//! Every screen of the guided flow, drawn on a `TestBackend` and compared
//! with a snapshot (text only; styles that carry meaning are asserted on
//! the buffer).

use std::sync::{Arc, OnceLock};

use crossterm::event::{KeyCode, KeyModifiers};
use ratatui::style::Modifier;
use tactful::tui::Screen;
use tactful::tui::reply::headless::Headless;
use tactful_engine::Engine;

fn engine() -> Arc<Engine> {
    static ENGINE: OnceLock<Arc<Engine>> = OnceLock::new();
    ENGINE
        .get_or_init(|| Arc::new(tactful::prompts::builtin_engine().expect("built-in packs")))
        .clone()
}

const HEATED: &str =
    "You always ignore the users. Did you even read the docs? Thanks for the report.";

/// On the draft step of the sample thread, aiming to calm things down.
#[track_caller]
fn at_draft() -> Headless {
    let mut h = Headless::sample(engine());
    h.key(KeyCode::Enter); // read -> intent
    h.key(KeyCode::Down); // "Calm things down"
    h.key(KeyCode::Enter);
    assert_eq!(h.model.screen, Screen::Draft);
    h
}

#[track_caller]
fn at_review() -> Headless {
    let mut h = at_draft();
    h.type_text(HEATED);
    h.ctrl('r');
    assert_eq!(h.model.screen, Screen::Review);
    h
}

#[test]
fn home() {
    let mut h = Headless::new(engine());
    insta::assert_snapshot!(h.screen(80, 24));
}

#[test]
fn read() {
    let mut h = Headless::sample(engine());
    insta::assert_snapshot!(h.screen(100, 30));
}

#[test]
fn read_marks_the_heat_in_their_words() {
    let mut h = Headless::sample(engine());
    let t = h.draw(100, 30);
    let buf = t.backend().buffer();
    let text = tactful::tui::reply::view::text_of(buf);
    // "You people" (a label) is in the answered message.
    let (y, line) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("You people always"))
        .expect("the answered message is on screen");
    let x = line.find("people").unwrap();
    let x = line[..x].chars().count() as u16;
    let cell = &buf[(x, y as u16)];
    assert!(
        cell.modifier.contains(Modifier::UNDERLINED),
        "heat is marked in place: {cell:?}"
    );
}

#[test]
fn intent() {
    let mut h = Headless::sample(engine());
    h.key(KeyCode::Enter);
    h.key(KeyCode::Down);
    insta::assert_snapshot!(h.screen(100, 30));
}

#[test]
fn draft() {
    let mut h = at_draft();
    h.type_text(HEATED);
    h.idle();
    insta::assert_snapshot!(h.screen(120, 30));
}

#[test]
fn review_with_findings() {
    let mut h = at_review();
    insta::assert_snapshot!(h.screen(120, 34));
}

#[test]
fn review_marks_flags_in_place() {
    let mut h = at_review();
    let t = h.draw(120, 34);
    let buf = t.backend().buffer();
    // The draft pane starts at column 1, row 2: "You always" is the
    // selected flag, drawn reversed.
    assert_eq!(buf[(1u16, 2u16)].symbol(), "Y");
    assert!(buf[(1u16, 2u16)].modifier.contains(Modifier::REVERSED));
}

#[test]
fn help() {
    let mut h = at_review();
    h.char('?');
    insta::assert_snapshot!(h.screen(100, 40));
}

#[test]
fn help_in_the_editor_opens_with_f1() {
    let mut h = at_draft();
    h.key(KeyCode::F(1));
    let s = h.screen(100, 40);
    assert!(s.contains("Ctrl+R"), "{s}");
    h.key(KeyCode::Esc);
    assert!(h.model.overlay.is_none());
}

#[test]
fn finish() {
    let mut h = at_review();
    h.char('a');
    h.char('f');
    assert_eq!(h.model.screen, Screen::Finish);
    h.char('1');
    insta::assert_snapshot!(h.screen(100, 34));
}

/// A phrase a suggestion took away is reported as removed, not softened.
#[test]
fn finish_tells_a_removed_phrase_from_a_softened_one() {
    let mut h = at_draft();
    h.type_text("Shit, the build broke again.");
    h.ctrl('r');
    assert_eq!(h.model.screen, Screen::Review);
    h.char('1');
    let review = h.screen(100, 34);
    assert!(review.contains("│The build broke again."), "{review}");
    h.char('f');
    assert_eq!(h.model.screen, Screen::Finish);
    let finish = h.screen(100, 34);
    assert!(finish.contains("Removed: “Shit”"), "{finish}");
    assert!(!finish.contains("Softened"), "{finish}");
}

/// A curse taken out of a request leaves the request: the phrase was
/// softened, not removed.
#[test]
fn finish_calls_a_request_without_its_curse_softened() {
    let mut h = at_draft();
    h.type_text("Get the fuck out of the way.");
    h.ctrl('r');
    h.char('1');
    let review = h.screen(100, 34);
    assert!(review.contains("│Get out of the way."), "{review}");
    h.char('f');
    let finish = h.screen(100, 34);
    assert!(
        finish.contains("Softened: “Get the fuck out of the way”"),
        "{finish}"
    );
    assert!(!finish.contains("Removed"), "{finish}");
}

/// A flag dismissed as meant leaves the list but not the reply: Finish
/// names it.
#[test]
fn finish_names_a_flag_kept_as_meant() {
    let mut h = at_draft();
    h.type_text("You're either lying or you didn't read it.");
    h.ctrl('r');
    assert_eq!(h.model.screen, Screen::Review);
    h.char('d');
    h.char('1');
    let review = h.screen(100, 34);
    assert!(review.contains("Kept as you meant it"), "{review}");
    h.char('f');
    assert_eq!(h.model.screen, Screen::Finish);
    let finish = h.screen(100, 34);
    assert!(
        finish.contains("Kept as you meant it, and still counted: “You're either lying”."),
        "{finish}"
    );
}

#[test]
fn small_terminal_60x20() {
    let mut h = at_review();
    insta::assert_snapshot!("review_60x20", h.screen(60, 20));
    h.key(KeyCode::Char('e'));
    insta::assert_snapshot!("draft_60x20", h.screen(60, 20));
    let mut h = Headless::sample(engine());
    insta::assert_snapshot!("read_60x20", h.screen(60, 20));
}

/// A draft whose first flag ("I understand, but") has no rewrite: its
/// detail holds the message, the rule's question, what to do instead and
/// why, more than a small pane shows.
const YES_BUT: &str = "I understand, but you always ignore this and it is your fault.";

#[test]
fn the_detail_pane_scrolls_and_the_selected_finding_shows_whole_at_60x20_and_120x40() {
    let mut h = at_draft();
    h.type_text(YES_BUT);
    h.ctrl('r');
    let small = h.screen(60, 20);
    // More below, and the title and the footer say which key shows it.
    assert!(small.contains("Flag · line 1 · J more ↓"), "{small}");
    assert!(!small.contains("No rewrite fits here"), "{small}");
    assert!(small.contains("  J "), "the footer names the key: {small}");
    // The selected finding is shown whole, wrapped, with no "…".
    assert!(small.contains("takes part of │"), "{small}");
    assert!(small.contains("│   the acknowledgment back."), "{small}");
    for _ in 0..20 {
        h.char('J');
    }
    let scrolled = h.screen(60, 20);
    insta::assert_snapshot!("review_detail_scrolled_60x20", scrolled);
    assert!(scrolled.contains("· K back ↑"), "{scrolled}");
    assert!(
        scrolled.contains("does not start with \"but\"."),
        "the last words of why: {scrolled}"
    );
    // Back up with Shift+↑; the next finding starts at its top.
    h.press(KeyCode::Up, KeyModifiers::SHIFT);
    assert!(h.screen(60, 20).contains("J more ↓"));
    h.char('j');
    assert_eq!(h.model.review.detail_scroll, 0);

    // At 120×40 the detail has the room for all of it.
    let mut h = at_draft();
    h.type_text(YES_BUT);
    h.ctrl('r');
    h.char('J');
    let big = h.screen(120, 40);
    insta::assert_snapshot!("review_detail_scrolled_120x40", big);
    for needle in [
        "and give your",
        "view in a sentence of its own?",
        "No rewrite fits here: Enter to edit it, d to dismiss.",
        "does not start with \"but\".",
    ] {
        assert!(big.contains(needle), "{needle}: {big}");
    }
    assert!(!big.contains("more ↓"), "{big}");
    // Help lists the keys.
    h.char('?');
    let mut help = String::new();
    for _ in 0..4 {
        help.push_str(&h.screen(120, 40));
        h.key(KeyCode::Down);
    }
    assert!(
        help.contains("J / Shift+↓") && help.contains("Scroll the finding's detail down"),
        "{help}"
    );
}

#[test]
fn every_screen_survives_tiny_and_odd_sizes() {
    let mut h = at_review();
    for (w, hh) in [(1, 1), (10, 5), (20, 8), (59, 19), (200, 60)] {
        for screen in ["review", "draft", "finish"] {
            match screen {
                "draft" => h.key(KeyCode::Char('e')),
                "finish" => {
                    h.ctrl('r');
                    h.char('f');
                }
                _ => {}
            }
            let _ = h.screen(w, hh);
            if screen == "finish" {
                h.key(KeyCode::Char('r'));
            }
        }
    }
    h.press(KeyCode::Char('?'), KeyModifiers::SHIFT);
    let _ = h.screen(30, 10);
}

#[test]
fn the_flow_follows_its_own_advice() {
    use tactful::tui::reply::keymap::{Place, table};
    use tactful_engine::{Context, Kind};
    let engine = engine();
    let mut texts: Vec<String> = tactful::tui::widgets::words::flow()
        .texts()
        .into_iter()
        .map(String::from)
        .collect();
    for place in Place::ALL {
        for b in table(place) {
            texts.push(b.help.to_string());
        }
    }
    {
        use tactful::tui::practice::{Place as P, table as practice_table};
        for place in [
            P::Choose,
            P::Brief,
            P::Draft,
            P::Review,
            P::Results,
            P::Help,
            P::ConfirmQuit,
        ] {
            for b in practice_table(place) {
                texts.push(b.help.to_string());
            }
        }
    }
    let mut bad = Vec::new();
    for t in &texts {
        let a = engine.analyze(t, &Context::default());
        for f in a.findings.iter().filter(|f| f.kind == Kind::Flag) {
            bad.push(format!("{} on {:?} in: {t}", f.rule_id, f.matched));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn colour_carries_meaning_and_no_color_keeps_it_readable() {
    use ratatui::style::Color;
    // With colour: the selected flag is reversed, a good sign is green.
    let mut h = at_review();
    h.model.color = true;
    let t = h.draw(120, 34);
    let buf = t.backend().buffer();
    let text = tactful::tui::reply::view::text_of(buf);
    let (y, line) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("✓ “"))
        .expect("a good sign is listed");
    let x = line[..line.find('✓').unwrap()].chars().count() as u16;
    assert_eq!(buf[(x, y as u16)].fg, Color::Green);
    // Without colour: no cell has a colour, and marks still show.
    h.model.color = false;
    let t = h.draw(120, 34);
    let buf = t.backend().buffer();
    for cell in buf.content() {
        assert_eq!(cell.fg, Color::Reset);
        assert_eq!(cell.bg, Color::Reset);
    }
    assert!(buf[(1u16, 2u16)].modifier.contains(Modifier::REVERSED));
}

#[test]
fn live_check_marks_flags_in_the_editor() {
    let mut h = at_draft();
    h.type_text(HEATED);
    h.idle();
    let t = h.draw(120, 30);
    let buf = t.backend().buffer();
    let text = tactful::tui::reply::view::text_of(buf);
    let (y, line) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("│You always ignore"))
        .expect("the draft is on screen");
    let x = line[..line.find("You always ignore").unwrap()]
        .chars()
        .count() as u16;
    assert!(buf[(x, y as u16)].modifier.contains(Modifier::UNDERLINED));
}

/// A thread with the trails mail leaves in a message: a quote of the
/// message before, a signature, a list footer (as a mail importer keeps
/// them when they are not a chain it can split).
fn mail_thread() -> tactful::tui::widgets::thread_view::ThreadData {
    use tactful::tui::widgets::thread_view::{Message, ThreadData};
    let msg = |author: &str, body: &str| Message {
        author: Some(author.into()),
        // As a person wrote it (no zone), so the screen is the same in
        // every time zone.
        time: Some("15/03/2016 12:05".into()),
        body: body.into(),
        reply_to: None,
        source_id: None,
    };
    ThreadData {
        title: Some("Nightly builds".into()),
        messages: vec![
            msg(
                "Ann",
                "The nightly build has been red since Tuesday. Nobody answers.\n",
            ),
            msg(
                "Bo",
                "It is the cache again, I think. Stop shouting.\n\n\
                 Ann wrote:\n> The nightly build has been red since Tuesday.\n> Nobody answers.\n\n\
                 -- \nBo, build team\nhttps://example.org/bo\n\
                 _______________________________________________\nBuild mailing list\n",
            ),
        ],
        answering: 1,
        default_answer: false,
    }
}

/// A long reply with a blank left unfilled, on the Finish screen.
#[track_caller]
fn at_finish_with_a_blank() -> Headless {
    let mut h = at_draft();
    h.type_text(
        "Thanks for the report, and sorry the release broke your builds. \
         You always ignore the changelog though. I'm sorry for ___; we will \
         add a deprecation warning in 3.0.1 and a migration note this week.",
    );
    h.ctrl('r');
    h.char('f');
    assert_eq!(h.model.screen, Screen::Finish);
    h
}

#[test]
fn finish_at_60x20_and_120x40() {
    let mut h = at_finish_with_a_blank();
    let small = h.screen(60, 20);
    insta::assert_snapshot!("finish_60x20", small);
    // Where it goes is always there; the reply is reached by scrolling,
    // and every row of it is indented alike.
    assert!(small.contains("s saves to a file you name"), "{small}");
    h.key(KeyCode::End);
    let end = h.screen(60, 20);
    insta::assert_snapshot!("finish_60x20_scrolled", end);
    assert!(end.contains("1 [ ] Did I acknowledge them?"), "{end}");
    let mut h = at_finish_with_a_blank();
    let big = h.screen(120, 40);
    insta::assert_snapshot!("finish_120x40", big);
    let rows: Vec<&str> = big
        .lines()
        .skip_while(|l| !l.contains("Your reply:"))
        .skip(1)
        .take_while(|l| !l.trim_matches(['│', ' ']).is_empty())
        .collect();
    assert!(rows.len() >= 2, "the reply wraps: {big}");
    for r in rows {
        assert!(r.starts_with("│  ") && !r.starts_with("│   "), "{r:?}");
    }
}

#[test]
fn blanks_and_quitting_ask_first_at_60x20_and_120x40() {
    let mut h = at_finish_with_a_blank();
    h.char('s');
    insta::assert_snapshot!("blanks_60x20", h.screen(60, 20));
    insta::assert_snapshot!("blanks_120x40", h.screen(120, 40));
    h.key(KeyCode::Esc);
    h.char('q');
    insta::assert_snapshot!("quit_with_reply_60x20", h.screen(60, 20));
    insta::assert_snapshot!("quit_with_reply_120x40", h.screen(120, 40));
}

#[test]
fn review_and_draft_mark_blanks_at_60x20_and_120x40() {
    let mut h = at_finish_with_a_blank();
    h.char('r');
    assert_eq!(h.model.screen, Screen::Review);
    insta::assert_snapshot!("review_blank_60x20", h.screen(60, 20));
    insta::assert_snapshot!("review_blank_120x40", h.screen(120, 40));
    h.char('e');
    h.idle();
    insta::assert_snapshot!("draft_blank_60x20", h.screen(60, 20));
    insta::assert_snapshot!("draft_blank_120x40", h.screen(120, 40));
}

#[test]
fn read_folds_trails_at_60x20_and_120x40() {
    let mut h = Headless::with_thread(engine(), mail_thread());
    let small = h.screen(60, 20);
    insta::assert_snapshot!("read_folded_60x20", small);
    assert!(small.contains("· z unfolds"), "{small}");
    assert!(!small.contains("example.org/bo"), "{small}");
    insta::assert_snapshot!("read_folded_120x40", h.screen(120, 40));
    h.char('z');
    let open = h.screen(120, 40);
    assert!(open.contains("example.org/bo"), "{open}");
    assert!(open.contains("> Nobody answers."), "{open}");
}

#[test]
fn help_shows_whole_key_names_at_60x20_and_120x40() {
    let mut h = at_draft();
    h.key(KeyCode::F(1));
    for _ in 0..3 {
        h.key(KeyCode::Down);
    }
    let small = h.screen(60, 20);
    insta::assert_snapshot!("help_draft_60x20", small);
    let mut h = at_draft();
    h.key(KeyCode::F(1));
    let big = h.screen(120, 40);
    insta::assert_snapshot!("help_draft_120x40", big);
    // Every page of the help, at both sizes: no key name is cut.
    let mut all = String::new();
    for size in [(60, 20), (120, 40)] {
        let mut h = at_draft();
        h.key(KeyCode::F(1));
        for _ in 0..12 {
            all.push_str(&h.screen(size.0, size.1));
            h.key(KeyCode::Down);
        }
    }
    assert!(
        all.contains("Ctrl+W / Alt+Backspace / Ctrl+Backspace"),
        "{all}"
    );
    assert!(
        all.contains("│Ctrl+W / Alt+Backspace /"),
        "wrapped at 60: {all}"
    );
    for line in all.lines() {
        assert!(!line.contains("…│"), "cut: {line}");
    }
}

#[test]
fn home_and_open_box_at_60x20_and_120x40() {
    let mut h = Headless::new(engine());
    insta::assert_snapshot!("home_60x20", h.screen(60, 20));
    h.char('o');
    insta::assert_snapshot!("open_60x20", h.screen(60, 20));
    insta::assert_snapshot!("open_120x40", h.screen(120, 40));
}

/// A Reddit page with three branches, one five replies deep, and heat.
fn tree() -> Headless {
    let t = tactful::tui::widgets::thread_view::import_file(
        std::path::Path::new("tests/fixtures/threads/reddit-heated-tree.json"),
        None,
        None,
    )
    .expect("the fixture imports");
    Headless::with_thread(engine(), t)
}

#[test]
fn read_a_tree_at_60x20_and_120x40() {
    // It opens on the answered message, five replies deep.
    let mut h = tree();
    insta::assert_snapshot!("read_tree_60x20", h.screen(60, 20));
    let mut h = tree();
    insta::assert_snapshot!("read_tree_120x40", h.screen(120, 40));
    // From the top: replies under what they answer, the heat marked.
    h.char('g');
    let top = h.screen(60, 20);
    insta::assert_snapshot!("read_tree_top_60x20", top);
    assert!(top.contains("◐1"), "{top}");
}

#[test]
fn read_a_tree_collapsed_at_60x20_and_120x40() {
    let mut h = tree();
    let _ = h.screen(60, 20);
    h.char('g');
    h.key(KeyCode::Down);
    h.char('c');
    let small = h.screen(60, 20);
    insta::assert_snapshot!("read_tree_collapsed_60x20", small);
    assert!(
        small.contains("▸ 6 replies hidden (one you answer) · → shows them"),
        "{small}"
    );
    let mut h = tree();
    let _ = h.screen(120, 40);
    h.char('g');
    h.key(KeyCode::Down);
    h.char('c');
    insta::assert_snapshot!("read_tree_collapsed_120x40", h.screen(120, 40));
}

#[test]
fn the_cursor_and_heat_marks_are_drawn_where_they_belong() {
    use ratatui::style::Color;
    let mut h = tree();
    h.model.color = true;
    let _ = h.screen(60, 20);
    h.char('g');
    h.char('h');
    let t = h.draw(60, 20);
    let buf = t.backend().buffer();
    let text = tactful::tui::reply::view::text_of(buf);
    // The cursor's header is reversed across the row.
    let (y, _) = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains("ana_dev"))
        .nth(1)
        .expect("the second ana_dev");
    assert!(buf[(3u16, y as u16)].modifier.contains(Modifier::REVERSED));
    // The mark is at the right edge, red for heat; an attack is bold.
    let x = buf.area.width - 3;
    assert_eq!(buf[(x, y as u16)].symbol(), "◐");
    assert_eq!(buf[(x, y as u16)].fg, Color::Red);
    h.char('h');
    h.char('h');
    let t = h.draw(60, 20);
    let buf = t.backend().buffer();
    let text = tactful::tui::reply::view::text_of(buf);
    let (y, line) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("kev_r"))
        .expect("kev_r");
    assert!(line.contains("●1"), "{line}");
    let x = buf.area.width - 3;
    assert!(buf[(x, y as u16)].modifier.contains(Modifier::BOLD));
}

#[test]
fn search_at_60x20_and_120x40() {
    for (w, hh) in [(60, 20), (120, 40)] {
        let mut h = tree();
        let _ = h.screen(w, hh);
        h.char('g');
        h.char('/');
        h.type_text("offline m");
        h.key(KeyCode::Enter);
        let s = h.screen(w, hh);
        assert!(s.contains("2 of 4"), "{s}");
        insta::assert_snapshot!(format!("read_search_{w}x{hh}"), s);
        // The current match is marked on the buffer.
        let t = h.draw(w, hh);
        let buf = t.backend().buffer();
        let text = tactful::tui::reply::view::text_of(buf);
        let (y, line) = text
            .lines()
            .enumerate()
            .find(|(_, l)| l.contains("Offline mode had"))
            .expect("the second match is in view");
        let x = line[..line.find("Offline").unwrap()].chars().count() as u16;
        let cell = &buf[(x, y as u16)];
        assert!(
            cell.modifier.contains(Modifier::REVERSED | Modifier::BOLD),
            "{cell:?}"
        );
    }
}

#[test]
fn choosing_another_message_and_their_words_follow_at_60x20_and_120x40() {
    for (w, hh) in [(60, 20), (120, 40)] {
        let mut h = tree();
        let _ = h.screen(w, hh);
        h.char('g');
        h.key(KeyCode::Down);
        h.key(KeyCode::Down);
        h.char('r');
        insta::assert_snapshot!(format!("read_answer_another_{w}x{hh}"), h.screen(w, hh));
        h.key(KeyCode::Enter);
        h.key(KeyCode::Enter);
        let s = h.screen(w, hh);
        insta::assert_snapshot!(format!("draft_their_words_follow_{w}x{hh}"), s);
        assert!(s.contains("You never listen to your users"), "{s}");
        // Their words keep their header's date whole.
        assert!(s.contains("ana_dev · 24 Apr 2024 23:26"), "{s}");
        if hh >= 40 {
            assert!(s.contains("Heat in their words: “You never”"), "{s}");
        }
    }
}

#[test]
fn help_in_the_read_step_lists_the_new_keys() {
    let mut h = tree();
    h.char('?');
    let mut all = String::new();
    for _ in 0..6 {
        all.push_str(&h.screen(120, 40));
        h.key(KeyCode::Down);
    }
    for needle in [
        "Answer the message under the cursor",
        "Collapse or expand the replies",
        "Next heated message",
        "Search the thread as you type",
    ] {
        assert!(all.contains(needle), "{needle}: {all}");
    }
}

/// A Reddit page of 27 comments where the longest branch ends in a
/// one-line joke and a heated exchange sits in another.
fn big_reddit() -> Headless {
    let t = tactful::tui::widgets::thread_view::import_file(
        std::path::Path::new("tests/fixtures/threads/reddit-big-thread.json"),
        None,
        None,
    )
    .expect("the fixture imports");
    Headless::with_thread(engine(), t)
}

#[test]
fn a_big_thread_opens_on_the_heated_exchange_and_says_why_at_60x20_and_120x40() {
    for (w, hh) in [(60, 20), (120, 40)] {
        let mut h = big_reddit();
        let s = h.screen(w, hh);
        insta::assert_snapshot!(format!("read_big_thread_{w}x{hh}"), s);
        assert!(
            s.contains("Answering nadia_k: heat in their words (◐2), 2 replies."),
            "{s}"
        );
        assert!(s.contains("You never listen to the people"), "{s}");
        assert!(!s.contains("friends we made"), "not the joke: {s}");
    }
}

#[test]
fn answering_a_message_at_the_bottom_edge_brings_its_words_into_view_at_60x20_and_120x40() {
    for (w, hh) in [(60u16, 20u16), (120, 40)] {
        let mut h = big_reddit();
        let _ = h.screen(w, hh);
        h.char('G');
        let t = h.model.thread.as_ref().unwrap();
        let last = h.model.read_cursor;
        assert_eq!(t.data.messages[last].author.as_deref(), Some("marek_s"));
        // Scroll back until the last message's header is on the bottom
        // row, as the mouse wheel leaves it.
        let mut shown = h.screen(w, hh);
        while !shown
            .lines()
            .nth(hh as usize - 8)
            .is_some_and(|l| l.contains("marek_s · "))
        {
            h.send(tactful::tui::Msg::Scroll(-1, 5, 5));
            shown = h.screen(w, hh);
        }
        assert_eq!(h.model.read_cursor, last, "{shown}");
        h.char('r');
        let s = h.screen(w, hh);
        insta::assert_snapshot!(format!("read_answer_at_the_bottom_{w}x{hh}"), s);
        assert!(s.contains("Now answering marek_s"), "{s}");
        assert!(s.contains("The export keeps the original files too"), "{s}");
    }
}
