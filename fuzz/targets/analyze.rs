//! The analyser on any UTF-8 text. A NUL character splits the input: what
//! comes before it is the message being answered (the listening checks
//! read it), what follows is the draft. Every finding must sit on
//! character boundaries inside the draft, with a 1-based line and column
//! that agree with its byte offset, and every score must be 0–100.

use tactful_engine::Context;

fn main() {
    let engine = tactful::prompts::builtin_engine().expect("the built-in engine compiles");
    afl::fuzz!(|data: &[u8]| {
        let Ok(text) = std::str::from_utf8(data) else {
            return;
        };
        let (answering, draft) = match text.split_once('\0') {
            Some((answering, draft)) => (Some(answering), draft),
            None => (None, text),
        };
        let ctx = Context {
            answering,
            ..Context::default()
        };
        let analysis = engine.analyze(draft, &ctx);
        for f in &analysis.findings {
            assert!(
                f.byte_start < f.byte_end && f.byte_end <= draft.len(),
                "{f:?}"
            );
            assert!(draft.is_char_boundary(f.byte_start) && draft.is_char_boundary(f.byte_end));
            assert_eq!(&draft[f.byte_start..f.byte_end], f.matched);
            let before = &draft[..f.byte_start];
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
            assert_eq!((f.line, f.column), (line, column), "{f:?}");
        }
        let s = &analysis.scores;
        for score in [
            s.overall,
            s.empathy,
            s.humility,
            s.listening,
            s.next_step,
            s.calm,
        ] {
            assert!(score <= 100);
        }
    });
}
