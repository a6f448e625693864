//! Reading one long draft on every core: the draft is cut at paragraph
//! breaks into pieces, the engine reads each piece on its own, all at once,
//! and the findings are put back in order, with their positions (bytes,
//! lines, suggestions) counted in the whole draft again. (`check.rs` then
//! writes the report in parts on every core as well.)
//!
//! This gives the same analysis as one reading of the whole draft, because
//! the engine reads paragraphs independently: no phrase, sentence, clause
//! or suggestion crosses a blank line (the promise
//! [`tactful_engine::AnalysisCache`] rests on). Three things could tie
//! paragraphs together, and the cut avoids each:
//!
//! - a fenced code block may hold blank lines: no cut falls inside a quoted
//!   region of the whole draft;
//! - the engine reads a long text in chunks (its own cut, usually a blank
//!   line): cuts are made only where the engine's own chunks end, so every
//!   piece is read in exactly the chunks the whole would be;
//! - reflection counts each word of the message answered once, where it is
//!   first said back: a draft read with a message to answer is read whole.
//!
//! The scores are computed once, from all the findings, as the engine
//! scores one reading. `tests/cli_pieces.rs` holds the proof that the
//! reports are the same byte for byte.

use std::ops::Range;

use super::packed::Packed;
use tactful_engine::score::Found;
use tactful_engine::{Context, Engine, Finding, Kind, Summary, quotes::Quotes, text};

/// The size of the engine's own chunks (`CHUNK` in the engine crate): a
/// piece is made of whole chunks, so it is read in the same chunks as the
/// whole draft (see the module documentation).
const ENGINE_CHUNK: usize = 64 * 1024;

/// The size of the pieces a draft is cut into: drafts shorter than twice
/// this are read in one piece (cutting them would cost more than it
/// saves). Small, so that a core that finishes early finds work left, and
/// so that the pieces being read at once, whose findings are not packed
/// yet, take little memory: pieces of a quarter of a 10 MB draft per core
/// added 2 MiB to the peak of checking it.
const PIECE: usize = 256 * 1024;

/// One piece of a draft as it was read.
#[derive(Debug, Clone, PartialEq)]
pub struct Piece {
    /// Its bytes in the draft; it starts at the start of a line.
    pub bytes: Range<usize>,
    /// The line of the draft it starts on, 1-based.
    pub first_line: usize,
    /// Its findings, packed, their positions counted in the piece.
    pub found: Packed,
}

impl Piece {
    /// Its findings `range` (indices among its own), positions counted in
    /// `draft`.
    pub fn findings(&self, draft: &str, range: Range<usize>) -> Vec<Finding> {
        self.found
            .unpack(range, draft, self.bytes.start, self.first_line, |_| true)
    }

    /// Its cues among its findings `range`, as [`Piece::findings`] gives
    /// them: the flags, and their suggestions, are not made again.
    pub fn cues(&self, draft: &str, range: Range<usize>) -> Vec<Finding> {
        self.found
            .unpack(range, draft, self.bytes.start, self.first_line, |k| {
                k == Kind::Cue
            })
    }
}

/// A draft as the engine read it, and the pieces it was read in (one piece
/// for a short draft), which hold its findings.
#[derive(Debug)]
pub struct Reading {
    pub summary: Summary,
    pub pieces: Vec<Piece>,
}

impl Reading {
    /// All its findings, as [`Engine::analyze`] lists them.
    pub fn findings(&self, draft: &str) -> Vec<Finding> {
        self.pieces
            .iter()
            .flat_map(|p| p.findings(draft, 0..p.found.len()))
            .collect()
    }

    /// Whether any finding is a cue.
    pub fn any_cue(&self) -> bool {
        self.pieces.iter().any(|p| p.found.any_cue())
    }
}

/// Reads `draft` as [`Engine::analyze`] does, in pieces on every core when
/// it is long enough.
pub fn analyze(engine: &Engine, draft: &str, ctx: &Context) -> Reading {
    analyze_in_pieces(engine, draft, ctx, PIECE)
}

/// Reads `draft` as [`Engine::analyze`] does, in pieces of about `target`
/// bytes (whole chunks of the engine's, so at least 64 KiB each).
pub fn analyze_in_pieces(engine: &Engine, draft: &str, ctx: &Context, target: usize) -> Reading {
    let ranges = if ctx.answering.is_some() {
        std::iter::once(0..draft.len()).collect()
    } else {
        cuts(draft, target)
    };
    analyze_in(engine, draft, ctx, ranges)
}

/// Reads `draft` in the pieces `ranges` (in order, covering the draft, each
/// ending where [`cuts`] may end one).
fn analyze_in(engine: &Engine, draft: &str, ctx: &Context, ranges: Vec<Range<usize>>) -> Reading {
    if ranges.len() <= 1 {
        let analysis = engine.analyze(draft, ctx);
        let pieces = vec![Piece {
            bytes: 0..draft.len(),
            first_line: 1,
            found: Packed::new(draft, &analysis.findings),
        }];
        return Reading {
            summary: analysis.summary(),
            pieces,
        };
    }
    let parts = read_and_pack(engine, draft, ctx, &ranges);
    let mut kept = Vec::new();
    let mut pieces = Vec::with_capacity(parts.len());
    let mut words = 0;
    let mut line = 1;
    for (part, range) in parts.into_iter().zip(ranges) {
        kept.extend(part.kept);
        words += part.words;
        pieces.push(Piece {
            bytes: range,
            first_line: line,
            found: part.found,
        });
        line += part.lines;
    }
    let listed = pieces.iter().flat_map(|p| p.found.found());
    // As the engine scores one reading.
    let summary = engine.summarize(listed, kept.iter().map(Found::from), words, ctx);
    Reading { summary, pieces }
}

/// A piece as [`read_and_pack`] gives it.
struct Part {
    found: Packed,
    /// The flags the writer kept (not listed, still scored).
    kept: Vec<Finding>,
    words: usize,
    /// How many line ends it holds.
    lines: usize,
}

/// Reads the pieces `ranges` of `draft` on every core and returns each,
/// in order, its findings packed by the calling thread as soon as the
/// piece is read.
///
/// Why packed as they come, here: a thread that reads a piece allocates
/// the findings' words and suggestions among the far more numerous
/// short-lived values of the reading, so once those are freed, each of its
/// pages is held by a few findings. Held like that until the report is
/// written, a 10 MB draft's findings kept about 26 MiB resident. Packed as they
/// come (see `packed`), by a thread that waits on the others anyway, they
/// take a few large allocations, and the reading threads' pages empty and
/// go back to the system. The calling thread waits on a channel meanwhile,
/// so it must not be one of rayon's threads, on which pieces could be left
/// queued (`check` calls this from the main thread).
fn read_and_pack(
    engine: &Engine,
    draft: &str,
    ctx: &Context,
    ranges: &[Range<usize>],
) -> Vec<Part> {
    let mut parts: Vec<Option<Part>> = ranges.iter().map(|_| None).collect();
    let (send, read) = std::sync::mpsc::channel();
    rayon::in_place_scope(|scope| {
        for (i, range) in ranges.iter().enumerate() {
            let send = send.clone();
            scope.spawn(move |_| {
                let part = &draft[range.clone()];
                let lines = memchr::memchr_iter(b'\n', part.as_bytes()).count();
                // The receiver lives until every piece is in.
                let _ = send.send((i, engine.analyze(part, ctx), lines));
            });
        }
        drop(send);
        for (i, analysis, lines) in read {
            let text = &draft[ranges[i].clone()];
            parts[i] = Some(Part {
                found: Packed::new(text, &analysis.findings),
                kept: analysis.kept.to_vec(),
                words: analysis.words,
                lines,
            });
        }
    });
    give_back_freed_memory();
    parts.into_iter().flatten().collect()
}

/// The findings of the pieces were allocated by the threads that read them
/// and freed on this one, as they were packed: mimalloc gives such memory
/// back only when the thread that owns it next allocates, and the threads
/// that read the pieces sleep until the report is written, so the pieces'
/// findings would stay beside the packed ones. Each thread collects its own.
fn give_back_freed_memory() {
    rayon::broadcast(|_| {
        // SAFETY: collecting the calling thread's own heap only frees
        // memory no longer in use.
        unsafe { libmimalloc_sys::mi_collect(false) }
    });
}

/// Cuts `draft` into pieces of about `target` bytes: each ends where one of
/// the engine's chunks ends at a blank line, outside every quoted region.
fn cuts(draft: &str, target: usize) -> Vec<Range<usize>> {
    if draft.len() < 2 * target {
        return std::iter::once(0..draft.len()).collect();
    }
    // Only code fences span blank lines, and they are found without the
    // words that report a quote (which only mark words within a line).
    let quotes = Quotes::find(draft, &Default::default());
    let regions = quotes.regions();
    let mut out = Vec::new();
    let mut start = 0;
    for chunk in text::chunks(draft, ENGINE_CHUNK) {
        let end = chunk.end;
        if end - start < target || end == draft.len() || !draft[..end].ends_with("\n\n") {
            continue;
        }
        let k = regions.partition_point(|r| r.end <= end);
        if regions.get(k).is_some_and(|r| r.start < end) {
            continue;
        }
        out.push(start..end);
        start = end;
    }
    out.push(start..draft.len());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn engine() -> &'static Engine {
        static ENGINE: std::sync::OnceLock<Engine> = std::sync::OnceLock::new();
        ENGINE.get_or_init(|| crate::prompts::builtin_engine().expect("built-in packs"))
    }

    /// Paragraphs of heated and receptive sentences, some over two lines,
    /// with a fenced block holding a blank line now and then.
    fn draft(paragraphs: usize) -> String {
        let sentences = [
            "You always ignore these reports.",
            "I understand your frustration, but this is how it works.",
            "Obviously nobody tested this!!",
            "Could you tell me more\nabout your setup?",
            "Thanks for the détailed report — I might be wrong here.",
            "You clearly didn't read the docs, idiot.",
            "Would you be open to a short call?",
        ];
        let mut out = String::new();
        for p in 0..paragraphs {
            if p % 97 == 5 {
                out.push_str("```\nyou always\n\nyou never\n```\n\n");
            }
            for s in 0..1 + p % 4 {
                out.push_str(sentences[(p * 3 + s) % sentences.len()]);
                out.push(' ');
            }
            out.push_str("\n\n");
        }
        out
    }

    #[test]
    fn cuts_cover_the_draft_at_blank_lines_outside_quotes() {
        let text = draft(6000);
        let pieces = cuts(&text, 20_000);
        assert!(pieces.len() >= 6, "{}", pieces.len());
        assert_eq!(pieces[0].start, 0);
        assert_eq!(pieces.last().unwrap().end, text.len());
        for pair in pieces.windows(2) {
            assert_eq!(pair[0].end, pair[1].start);
            assert!(text[..pair[0].end].ends_with("\n\n"));
        }
        // A fence left open runs to the end: nothing after it is cut.
        let open = format!("{}```\n{}", draft(1500), draft(3000).replace("```", "'''"));
        let fence = open.rfind("```\n").unwrap();
        let pieces = cuts(&open, 20_000);
        assert!(pieces.len() >= 2, "{}", pieces.len());
        assert!(pieces.iter().all(|p| p.start <= fence));
        // A short draft is one piece.
        assert_eq!(cuts("You always.\n\nNever.", 20_000), vec![0..19]);
    }

    #[test]
    fn a_draft_read_in_pieces_reads_as_one() {
        let text = draft(3000);
        let ctx = Context::default();
        let whole = engine().analyze(&text, &ctx);
        let pieces = cuts(&text, 8_000);
        assert!(pieces.len() >= 3, "{}", pieces.len());
        let read = analyze_in(engine(), &text, &ctx, pieces);
        assert_eq!(read.findings(&text), whole.findings);
        assert_eq!(read.summary, whole.summary());
        assert!(
            whole.findings.iter().any(|f| !f.suggestions.is_empty()),
            "the proof needs suggestions"
        );
        for p in &read.pieces {
            let first = p.findings(&text, 0..p.found.len());
            assert!(first.iter().all(|f| p.bytes.contains(&f.byte_start)));
        }
        // With an intent, the scores are weighed the same way.
        let ctx = Context {
            intent: Some("de-escalate"),
            ..Context::default()
        };
        let read = analyze_in(engine(), &text, &ctx, cuts(&text, 8_000));
        assert_eq!(read.summary, engine().analyze(&text, &ctx).summary());
    }
}
