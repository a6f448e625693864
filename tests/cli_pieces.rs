//! A long draft is read and reported in pieces on every core
//! (`src/cli/pieces.rs`), and the reports are the same, byte for byte, as
//! one reading of the whole draft written in one pass: JSON and human
//! output, with and without colour, positions, lines and columns counted
//! in the whole file, also for the findings right beside each cut.

use assert_cmd::Command;
use tactful::cli::check::{self, Head};
use tactful::cli::pieces;
use tactful_engine::{Analysis, Context, Engine};

fn engine() -> &'static Engine {
    static ENGINE: std::sync::OnceLock<Engine> = std::sync::OnceLock::new();
    ENGINE.get_or_init(|| tactful::prompts::builtin_engine().expect("built-in packs"))
}

/// Paragraphs as heated threads have them: flags with rewrites and cues,
/// sentences over two lines, words outside ASCII, quotes, and now and then
/// a fenced block holding a blank line (a cut must not fall inside it).
fn draft(bytes: usize) -> String {
    const SENTENCES: &[&str] = &[
        "You always ignore these reports.",
        "I understand your frustration, but this is how it works.",
        "Obviously nobody tested this!!",
        "Could you tell me more\nabout your setup?",
        "Thanks for the détailed report — I might be wrong here.",
        "You clearly didn't read the docs, you idiot.",
        "Would you be open to a short call?",
        "She wrote \"you never listen\" in the tracker.",
        "That's ridiculous, and frankly lazy.",
        "It sounds like the upgrade caught you off guard; I'm sorry.",
        "WHY IS THIS STILL BROKEN?",
        "Calm down, it's just a build.",
    ];
    let mut out = String::with_capacity(bytes + 200);
    let mut p = 0usize;
    while out.len() < bytes {
        if p % 53 == 7 {
            out.push_str("```\nyou always break it\n\nobviously\n```\n\n");
        }
        if p % 41 == 3 {
            out.push_str("> You never read anything.\n");
        }
        for s in 0..1 + p % 5 {
            out.push_str(SENTENCES[(p * 7 + s * 5) % SENTENCES.len()]);
            out.push(if s % 3 == 2 { '\n' } else { ' ' });
        }
        out.push_str("\n\n");
        p += 1;
    }
    out
}

fn json(head: &Head, draft: &str, analysis: &Analysis) -> Vec<u8> {
    let mut out = Vec::new();
    check::write_json(&mut out, head, draft, analysis).unwrap();
    out
}

#[track_caller]
fn same(what: &str, got: &[u8], want: &[u8]) {
    if got != want {
        let at = got.iter().zip(want).take_while(|(a, b)| a == b).count();
        let show = |b: &[u8]| {
            String::from_utf8_lossy(&b[at.saturating_sub(200)..(at + 200).min(b.len())]).to_string()
        };
        panic!(
            "{what}: differs from one pass at byte {at}:\n--- in pieces\n{}\n--- one pass\n{}",
            show(got),
            show(want)
        );
    }
}

#[test]
fn a_long_draft_reads_and_reports_the_same_in_pieces() {
    let text = draft(420_000);
    let intent = Some("de-escalate");
    let ctx = Context {
        intent,
        ..Context::default()
    };
    let whole = engine().analyze(&text, &ctx);
    let reading = pieces::analyze_in_pieces(engine(), &text, &ctx, 64 * 1024);
    assert!(reading.pieces.len() >= 5, "{} pieces", reading.pieces.len());
    assert_eq!(reading.findings(&text), whole.findings);
    assert_eq!(reading.summary, whole.summary());
    // Findings with rewrites sit right before and right after every cut,
    // so the proof covers the neighbourhood of each.
    for pair in reading.pieces.windows(2) {
        let cut = pair[0].bytes.end;
        let near = |range: std::ops::Range<usize>| {
            whole.findings.iter().any(|f| {
                range.contains(&f.byte_start)
                    && !f.suggestions.is_empty()
                    && f.suggestions.iter().all(|s| s.byte_start >= range.start)
            })
        };
        assert!(near(cut.saturating_sub(400)..cut), "before {cut}");
        assert!(near(cut..cut + 400), "after {cut}");
        assert!(text[..cut].ends_with("\n\n"), "{cut}");
        // Lines count in the whole file.
        assert_eq!(
            pair[1].first_line,
            text[..cut].matches('\n').count() + 1,
            "{cut}"
        );
    }
    let head = Head {
        intent,
        ..Head::new("reply.md", 50)
    };
    let mut got = Vec::new();
    check::write_json_parallel(&mut got, &head, &text, &reading).unwrap();
    same("JSON", &got, &json(&head, &text, &whole));
    for color in [false, true] {
        let mut got = Vec::new();
        check::write_human_parallel(&mut got, &head, &text, &reading, color).unwrap();
        let mut want = Vec::new();
        check::write_human(&mut want, &head, &text, &whole, color).unwrap();
        same(&format!("human, colour {color}"), &got, &want);
    }
}

#[test]
fn a_draft_without_findings_or_in_one_piece_reports_the_same() {
    let head = Head::new("reply.md", 50);
    for text in [
        "The build is green again.\n",
        "You always do this.\n\nNever.\n",
    ] {
        let ctx = Context::default();
        let whole = engine().analyze(text, &ctx);
        let reading = pieces::analyze(engine(), text, &ctx);
        assert_eq!(reading.pieces.len(), 1);
        let mut got = Vec::new();
        check::write_json_parallel(&mut got, &head, text, &reading).unwrap();
        same(text, &got, &json(&head, text, &whole));
        let mut got = Vec::new();
        check::write_human_parallel(&mut got, &head, text, &reading, false).unwrap();
        same(
            text,
            &got,
            check::human(&head, text, &whole, false).as_bytes(),
        );
    }
}

#[test]
fn check_as_a_process_writes_what_one_pass_writes() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("long.md");
    // Long enough to be cut (at least twice 256 KiB).
    let text = draft(540_000);
    std::fs::write(&file, &text).unwrap();
    let name = file.display().to_string();
    let whole = engine().analyze(&text, &Context::default());
    let head = Head::new(&name, 50);
    for format in ["json", "human"] {
        let out = Command::cargo_bin("tactful")
            .unwrap()
            .env("NO_COLOR", "1")
            .env(
                "XDG_CONFIG_HOME",
                concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/no-config"),
            )
            .args(["check", "--format", format])
            .arg(&file)
            .assert()
            .code(1);
        let want = if format == "json" {
            json(&head, &text, &whole)
        } else {
            check::human(&head, &text, &whole, false).into_bytes()
        };
        same(format, &out.get_output().stdout, &want);
    }
}
