//! `tactful check`: findings, suggestions and scores for a draft, without a
//! UI — for scripts, editors, git hooks and bots.
//!
//! Exit codes are a contract: 0 the draft reaches the bar, 1 it falls below
//! it, 2 bad usage or bad input.
//!
//! # JSON output (`--format json`), schema version 2
//!
//! ```text
//! {
//!   "schema_version": 2,
//!   "tool": "tactful", "version": "<crate version>",
//!   "file": "<path or <stdin>>",
//!   "intent": "<intent id>" | null,
//!   "answering": null | {              // with --context: the message the draft answers
//!       "thread",                        // the thread file as named (<stdin> for -)
//!       "number",                        // 1-based, as --reply-to and `thread show` count
//!       "author", "time", "source_id"    // each a string or null
//!   },
//!   "min_score": <0-100>, "passed": <bool>,
//!   "words": <words in the author's own voice>,
//!   "scores": { "overall", "empathy", "humility", "listening", "next_step", "calm" },  // 0-100, higher is better
//!   "findings": [ {
//!       "rule_id", "dimension", "kind": "cue"|"flag", "severity": "info"|"warning"|"error",
//!       "byte_start", "byte_end",        // half-open byte offsets into the input
//!       "line", "column",                // 1-based; column counts characters
//!       "end_line", "end_column",        // 1-based, the character after the span
//!       "matched", "message",
//!       "suggestions": [ {               // each rewrite fitted to its sentence
//!           "replacement",               // the words that go in place of…
//!           "byte_start", "byte_end",    // …this half-open byte range of the input
//!           "replaces": "match"|"clause"|"sentence",  // what the rule's rewrite replaces
//!           "sentence"                   // the whole sentence as it reads after the change
//!       } ],                             //   ("" when the change removes the sentence)
//!       "question",                      // only on a flag no rewrite fits: a question to ask
//!       "strength",                      // 0-1: how strongly the finding counts
//!       "reads_as", "reads_as_or"        // only on judgment.reading: the kind of attack the words
//!   } ],                                 //   are heard as, and a second one when neither is sure
//!   "contributions": [ { "rule_id", "dimension", "kind", "count", "evidence" } ],
//!   "missing": [<dimension with no cue>, ...]
//! }
//! ```
//!
//! With `--jsonl`, each input line is `{"id": <any JSON>, "text": "<draft>"}`
//! (optionally `"context": "<message answered>"`), and each output line is
//! `{"id", "passed", "scores", "words", "findings"}` with the same fields as
//! above, in input order (blank input lines are skipped). A line that cannot
//! be checked (not UTF-8, not JSON, no string `"text"`, or an empty one) does
//! not stop the others: in its place comes
//! `{"id": <its id, or null when it has none>, "line": <1-based line of the
//! input>, "column": <1-based, in characters, or null>, "error": "<why>"}`,
//! every other line is checked, and the exit status is 2 at the end. A file
//! that is binary from its first bytes on (a NUL in the first 8 KiB) is
//! refused as a whole, before anything is written.
//!
//! A UTF-8 byte-order mark is not part of any text: one at the start of the
//! input (the draft, or the `--jsonl` stream), at the start of a `"text"` or
//! a `"context"`, or in a `--context` thread, is dropped, and byte offsets,
//! lines and columns count from the character after it, as editors count.
//!
//! Adding a field keeps the version; renaming or removing one bumps it.
//! Version 2 (this one) made each suggestion an object with its edit and its
//! sentence; in version 1 it was the rewrite's words alone. Since version 2
//! came out, `answering` and the `--jsonl` error lines were added.

use std::borrow::Cow;
use std::io::Write;
use std::path::Path;
use std::sync::{Condvar, Mutex};

use rayon::prelude::*;
use serde::Serialize;

use super::input;
use super::output::use_color;
use super::pieces::{self, Piece, Reading};
use super::{CheckArgs, GlobalArgs, OutputFormat, Status};
use crate::thread::{self, Format, MessageRef};
use tactful_engine::{Analysis, Context, Engine, Finding, Severity, Summary, text::LineIndex};

/// The JSON schema version of `check` output.
pub const SCHEMA_VERSION: u32 = 2;

pub fn run(global: &GlobalArgs, mut args: CheckArgs) -> anyhow::Result<Status> {
    let config = crate::config::Config::load(global.config.as_deref())?;
    let min_score = args
        .min_score
        .or(config.min_score)
        .unwrap_or(super::DEFAULT_MIN_SCORE);
    if args.intent.is_none() {
        args.intent = config.intent.clone();
    }
    // Many texts are read while the packs load.
    let texts = args.jsonl.then(|| {
        let file = args.file.clone();
        std::thread::spawn(move || input::read_bytes(file.as_deref()))
    });
    let engine = super::engine_with(global, &config)?;
    if let Some(intent) = &args.intent
        && engine.library().intent(intent).is_none()
    {
        let ids: Vec<&str> = engine
            .library()
            .intents
            .iter()
            .map(|i| i.id.as_str())
            .collect();
        anyhow::bail!("unknown intent \"{intent}\" (one of: {})", ids.join(", "));
    }
    if let Some(texts) = texts {
        let bytes = texts
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
        let status = jsonl(&engine, &args, min_score, bytes);
        // As below: the process ends here.
        std::mem::forget(engine);
        return status;
    }
    let name = input::display_name(args.file.as_deref());
    let draft = input::read_text(args.file.as_deref())?;
    if draft.trim().is_empty() {
        anyhow::bail!("{name}: the draft is empty; there is nothing to check");
    }
    let answering = match &args.context {
        Some(path) => Some(Answering::load(
            &engine,
            path,
            args.from.as_deref(),
            args.reply_to.as_ref(),
        )?),
        None => None,
    };
    let ctx = Context {
        answering: answering.as_ref().map(|a| a.body.as_str()),
        intent: args.intent.as_deref(),
        dismissed: &[],
    };
    let reading = pieces::analyze(&engine, &draft, &ctx);
    let passed = reading.summary.passes(min_score);
    let head = Head {
        name: &name,
        intent: args.intent.as_deref(),
        min_score,
        answering: answering.as_ref(),
    };
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout());
    match args.format {
        OutputFormat::Json => write_json_parallel(&mut out, &head, &draft, &reading)?,
        OutputFormat::Human => {
            write_human_parallel(&mut out, &head, &draft, &reading, use_color())?;
        }
    }
    out.flush()?;
    // The process ends here: freeing the compiled packs, or tens of
    // thousands of findings one by one, would only cost time the operating
    // system saves anyway.
    std::mem::forget(engine);
    std::mem::forget(reading);
    Ok(if passed { 0 } else { 1 })
}

/// The message of a thread (`--context`) a draft answers: which one it is,
/// for the report, and its text, for the engine.
#[derive(Debug, Clone, Serialize)]
pub struct Answering {
    /// The thread file as named on the command line (`<stdin>` for `-`).
    pub thread: String,
    /// Its number in the thread, from 1, as `--reply-to` and `thread show`
    /// count.
    pub number: usize,
    pub author: Option<String>,
    pub time: Option<String>,
    /// Its id in the source, which `--reply-to id:ID` accepts.
    pub source_id: Option<String>,
    #[serde(skip)]
    pub body: String,
}

impl Answering {
    /// Reads the thread and finds the message `reply_to` names, or the one
    /// tactful answers by default, chosen as `reply` and `thread show`
    /// choose it (in a tree, from what people would answer); errors name
    /// the file.
    pub fn load(
        engine: &tactful_engine::Engine,
        path: &Path,
        from: Option<&str>,
        reply_to: Option<&MessageRef>,
    ) -> anyhow::Result<Answering> {
        let format = match from {
            Some(name) => Some(
                name.parse::<Format>()
                    .map_err(|e| anyhow::anyhow!("--from {name}: {e}"))?,
            ),
            None => None,
        };
        let name = input::display_name(Some(path));
        let mut thread = thread::load(path, format)?
            .answer(reply_to)
            .map_err(|mut err| {
                if err.file.is_empty() {
                    err.file = name.clone();
                }
                err
            })?;
        if !thread.answer_given && !thread.tree().is_linear() {
            crate::reading::choose_answer(engine, &mut thread);
        }
        let number = thread.answering + 1;
        let message = thread.messages.swap_remove(thread.answering);
        Ok(Answering {
            thread: name,
            number,
            author: message.author,
            time: message.time,
            source_id: message.source_id,
            body: message.body,
        })
    }
}

/// What a report says besides the analysis.
#[derive(Debug, Clone, Copy)]
pub struct Head<'a> {
    /// The draft's name: its path, or `<stdin>`.
    pub name: &'a str,
    pub intent: Option<&'a str>,
    pub min_score: u8,
    /// The message answered, with `--context`.
    pub answering: Option<&'a Answering>,
}

impl<'a> Head<'a> {
    /// A draft checked without context or intent against `min_score`.
    pub fn new(name: &'a str, min_score: u8) -> Head<'a> {
        Head {
            name,
            intent: None,
            min_score,
            answering: None,
        }
    }

    fn report<'b>(&self, summary: &'b Summary, findings: Vec<FindingJson<'b>>) -> Report<'b>
    where
        'a: 'b,
    {
        Report {
            schema_version: SCHEMA_VERSION,
            tool: "tactful",
            version: env!("CARGO_PKG_VERSION"),
            file: self.name,
            intent: self.intent,
            answering: self.answering,
            min_score: self.min_score,
            passed: summary.passes(self.min_score),
            words: summary.words,
            scores: &summary.scores,
            findings,
            contributions: &summary.contributions,
            missing: summary.missing.iter().map(|d| d.id()).collect(),
        }
    }
}

/// Writes the JSON report (the schema at the top of this file) in one pass.
pub fn write_json(
    out: &mut impl Write,
    head: &Head,
    draft: &str,
    analysis: &Analysis,
) -> anyhow::Result<()> {
    let summary = analysis.summary();
    let report = head.report(&summary, findings_json(draft, 0, 1, &analysis.findings));
    serde_json::to_writer_pretty(&mut *out, &report)?;
    writeln!(out)?;
    Ok(())
}

/// Findings rendered as one part of a report on one core: small enough
/// that the parts being rendered and waiting to be written in order take
/// little memory. Each thread holds a part or two at a time (about 140 KB
/// of JSON at this size); parts of 1,024 findings added about 4 MiB to
/// the peak of checking 10 MB.
const RENDER_GROUP: usize = 256;

/// The findings of `reading` in parts of at most [`RENDER_GROUP`], in
/// order: each a piece and a range of its findings.
fn groups(reading: &Reading) -> Vec<(&Piece, std::ops::Range<usize>)> {
    let mut out = Vec::new();
    for piece in &reading.pieces {
        let n = piece.found.len();
        out.extend(
            (0..n.div_ceil(RENDER_GROUP))
                .map(|g| (piece, g * RENDER_GROUP..((g + 1) * RENDER_GROUP).min(n))),
        );
    }
    out
}

/// Writes what [`write_json`] writes of the analysis `reading` is, the
/// findings rendered in parts on every core, each written as soon as those
/// before it are out.
pub fn write_json_parallel<W: Write + Send>(
    out: &mut W,
    head: &Head,
    draft: &str,
    reading: &Reading,
) -> anyhow::Result<()> {
    // The report without its findings, opened where they go.
    let empty = serde_json::to_string_pretty(&head.report(&reading.summary, Vec::new()))?;
    const KEY: &str = "\n  \"findings\": []";
    let at = empty
        .find(KEY)
        .map(|i| i + KEY.len() - "[]".len())
        .ok_or_else(|| anyhow::anyhow!("the report has no findings at the depth expected"))?;
    let (before, after) = empty.split_at(at);
    out.write_all(before.as_bytes())?;
    let groups = groups(reading);
    if groups.is_empty() {
        out.write_all(after.as_bytes())?;
    } else {
        out.write_all(b"[")?;
        in_order(out, groups.len(), AHEAD, |g, buf| {
            let (piece, ref range) = groups[g];
            let findings = &piece.findings(draft, range.clone());
            // Ends are located from the start of the first finding's line.
            let first = &findings[0];
            let base =
                memchr::memrchr(b'\n', &draft.as_bytes()[..first.byte_start]).map_or(0, |i| i + 1);
            let items = findings_json(draft, base, first.line, findings);
            // Printed as an array on its own, the items are one level deep;
            // in the report they are two: each line gains one indent, and
            // the brackets go. (One pass over the printed bytes: indenting
            // as serde_json writes would cost a call for every token.)
            // A buffer of this thread's, kept from part to part.
            thread_local! {
                static PRINTED: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
            }
            PRINTED.with_borrow_mut(|printed| {
                printed.clear();
                // Writing into a Vec cannot fail, and the values are plain.
                let _ = serde_json::to_writer_pretty(&mut *printed, &items);
                let inner = &printed["[".len()..printed.len() - "\n]".len()];
                if g > 0 {
                    buf.push(b',');
                }
                let mut from = 0;
                for nl in memchr::memchr_iter(b'\n', inner) {
                    buf.extend_from_slice(&inner[from..=nl]);
                    buf.extend_from_slice(b"  ");
                    from = nl + 1;
                }
                buf.extend_from_slice(&inner[from..]);
            });
        })?;
        out.write_all(b"\n  ]")?;
        out.write_all(&after.as_bytes()["[]".len()..])?;
    }
    writeln!(out)?;
    Ok(())
}

#[derive(Serialize)]
struct Report<'a> {
    schema_version: u32,
    tool: &'static str,
    version: &'static str,
    file: &'a str,
    intent: Option<&'a str>,
    answering: Option<&'a Answering>,
    min_score: u8,
    passed: bool,
    words: usize,
    scores: &'a tactful_engine::Scores,
    findings: Vec<FindingJson<'a>>,
    contributions: &'a [tactful_engine::Contribution],
    missing: Vec<&'static str>,
}

#[derive(Serialize)]
struct FindingJson<'a> {
    #[serde(flatten)]
    finding: &'a Finding,
    end_line: usize,
    end_column: usize,
}

/// The findings with the line and column where each ends. `findings` lie
/// in `draft` from byte `base` on, which starts line `first_line`.
fn findings_json<'a>(
    draft: &str,
    base: usize,
    first_line: usize,
    findings: &'a [Finding],
) -> Vec<FindingJson<'a>> {
    let mut ends: Vec<(usize, usize)> = findings.iter().map(|f| (f.byte_end, 0)).collect();
    let mut order: Vec<usize> = (0..ends.len()).collect();
    order.sort_by_key(|&i| ends[i].0);
    let mut index = LineIndex::new(&draft[base..]);
    let mut located = vec![(0, 0); ends.len()];
    for i in order {
        let (line, column) = index.locate(ends[i].0 - base);
        located[i] = (line + first_line - 1, column);
    }
    for (e, l) in ends.iter_mut().zip(&located) {
        *e = *l;
    }
    findings
        .iter()
        .zip(ends)
        .map(|(finding, (end_line, end_column))| FindingJson {
            finding,
            end_line,
            end_column,
        })
        .collect()
}

/// ANSI styles, or nothing when colour is off.
struct Paint {
    on: bool,
}

impl Paint {
    fn wrap(&self, code: &str, s: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    fn bold(&self, s: &str) -> String {
        self.wrap("1", s)
    }
    fn red(&self, s: &str) -> String {
        self.wrap("1;31", s)
    }
    fn yellow(&self, s: &str) -> String {
        self.wrap("1;33", s)
    }
    fn green(&self, s: &str) -> String {
        self.wrap("1;32", s)
    }
    fn blue(&self, s: &str) -> String {
        self.wrap("1;34", s)
    }
    fn dim(&self, s: &str) -> String {
        self.wrap("2", s)
    }
}

/// The human report: flags first, like compiler diagnostics, then the cues
/// found, then the scores and what moved them.
pub fn human(head: &Head, draft: &str, analysis: &Analysis, color: bool) -> String {
    let mut out = Vec::new();
    // Writing into a Vec cannot fail.
    let _ = write_human(&mut out, head, draft, analysis, color);
    String::from_utf8(out).unwrap_or_default()
}

/// Writes the human report as it goes, in one pass, in time linear in the
/// draft and the findings: lines come from one index of the draft's line
/// starts, and an excerpt reads only its own line (a window of it, for very
/// long lines).
pub fn write_human(
    s: &mut impl Write,
    head: &Head,
    draft: &str,
    analysis: &Analysis,
    color: bool,
) -> std::io::Result<()> {
    let p = Paint { on: color };
    let lines = Lines::new(draft);
    let flags = write_flags(s, head.name, draft, &lines, &analysis.findings, &p)?;
    let any_cue = analysis.cues().next().is_some();
    if any_cue {
        write!(s, "{}", p.bold("What already works:\n"))?;
        write_cues(s, &analysis.findings, &p)?;
        writeln!(s)?;
    }
    write_summary(s, head, &analysis.summary(), flags == 0 && !any_cue, &p)
}

/// Writes the same bytes as [`write_human`], the flags and the cues
/// rendered in parts on every core, each written as soon as those before it
/// are out.
pub fn write_human_parallel<W: Write + Send>(
    out: &mut W,
    head: &Head,
    draft: &str,
    reading: &Reading,
    color: bool,
) -> std::io::Result<()> {
    let p = Paint { on: color };
    let lines = Lines::new(draft);
    let groups = groups(reading);
    let of = |g: usize| {
        let (piece, ref range) = groups[g];
        piece.findings(draft, range.clone())
    };
    let flags: usize = in_order(out, groups.len(), AHEAD, |g, buf| {
        // Writing into a Vec cannot fail.
        write_flags(buf, head.name, draft, &lines, &of(g), &p).unwrap_or(0)
    })?
    .into_iter()
    .sum();
    let any_cue = reading.any_cue();
    if any_cue {
        write!(out, "{}", p.bold("What already works:\n"))?;
        in_order(out, groups.len(), AHEAD, |g, buf| {
            let (piece, ref range) = groups[g];
            let _ = write_cues(buf, &piece.cues(draft, range.clone()), &p);
        })?;
        writeln!(out)?;
    }
    write_summary(out, head, &reading.summary, flags == 0 && !any_cue, &p)
}

/// Each flag among `findings` as a compiler diagnostic: where, what, the
/// line with the words underlined, and what to try. Returns how many.
fn write_flags(
    s: &mut impl Write,
    name: &str,
    draft: &str,
    lines: &Lines,
    findings: &[Finding],
    p: &Paint,
) -> std::io::Result<usize> {
    let mut flags = 0usize;
    for f in findings
        .iter()
        .filter(|f| f.kind == tactful_engine::Kind::Flag)
    {
        flags += 1;
        let label = match f.severity {
            Severity::Error => p.red(&format!("error[{}]", f.rule_id)),
            Severity::Warning => p.yellow(&format!("warning[{}]", f.rule_id)),
            Severity::Info => p.blue(&format!("note[{}]", f.rule_id)),
        };
        writeln!(
            s,
            "{}: {label}: {}",
            p.bold(&format!("{name}:{}:{}", f.line, f.column)),
            f.message
        )?;
        snippet(s, draft, lines, f, p)?;
        for rw in &f.suggestions {
            // A suggestion that only takes words away says which, apart
            // from one that says them another way: the writer should know
            // what of theirs would be gone.
            let gone = draft
                .get(rw.byte_start..rw.byte_end)
                .and_then(|span| words_taken_away(span, &rw.replacement));
            match (rw.sentence.is_empty(), gone) {
                (true, _) => writeln!(s, "   {} (leave this sentence out)", p.green("= try:"))?,
                (false, Some(g)) => writeln!(
                    s,
                    "   {} \u{201c}{}\u{201d}: {}",
                    p.green("= leave out"),
                    one_line(&g, 60),
                    one_line(&rw.sentence, usize::MAX)
                )?,
                (false, None) => writeln!(
                    s,
                    "   {} {}",
                    p.green("= try:"),
                    one_line(&rw.sentence, usize::MAX)
                )?,
            }
        }
        if let Some(q) = &f.question {
            writeln!(s, "   {} {}", p.green("= ask yourself:"), q)?;
        }
        writeln!(s)?;
    }
    Ok(flags)
}

/// One line for each cue among `findings`.
fn write_cues(s: &mut impl Write, findings: &[Finding], p: &Paint) -> std::io::Result<()> {
    for f in findings
        .iter()
        .filter(|f| f.kind == tactful_engine::Kind::Cue)
    {
        writeln!(
            s,
            "  {} {} \"{}\" — {}",
            p.green("+"),
            p.dim(&format!("{}:{}", f.line, f.column)),
            one_line(&f.matched, 60),
            f.message
        )?;
    }
    Ok(())
}

/// The scores, what moved them, and the message answered.
fn write_summary(
    s: &mut impl Write,
    head: &Head,
    analysis: &Summary,
    nothing_found: bool,
    p: &Paint,
) -> std::io::Result<()> {
    let min_score = head.min_score;
    let sc = &analysis.scores;
    let verdict = if analysis.passes(min_score) {
        p.green(&format!("passes the bar of {min_score}"))
    } else {
        p.yellow(&format!("below the bar of {min_score}"))
    };
    writeln!(
        s,
        "{} {}/100 ({verdict})",
        p.bold("Receptiveness:"),
        sc.overall
    )?;
    let dims: Vec<String> = tactful_engine::Dimension::ALL
        .iter()
        .map(|d| format!("{} {}", d.title().to_lowercase(), sc.get(*d)))
        .collect();
    writeln!(s, "  {}", dims.join(" · "))?;
    let moved: Vec<String> = analysis
        .contributions
        .iter()
        .take(6)
        .map(|c| {
            format!(
                "{} {:+.1}{}",
                c.rule_id,
                c.evidence,
                if c.count > 1 {
                    format!(" (×{})", c.count)
                } else {
                    String::new()
                }
            )
        })
        .collect();
    if !moved.is_empty() {
        writeln!(s, "  {} {}", p.dim("moved by:"), moved.join(", "))?;
    }
    if nothing_found {
        writeln!(s, "  Nothing flagged, and no cues found yet.")?;
    }
    if let Some(a) = head.answering {
        let mut who = format!("#{} of {}", a.number, a.thread);
        let about: Vec<&str> = [a.author.as_deref(), a.time.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        if !about.is_empty() {
            who.push_str(&format!(" ({})", about.join(", ")));
        }
        writeln!(
            s,
            "  {} {who}: \"{}\"",
            p.dim("answering:"),
            one_line(&a.body, 60)
        )?;
    }
    Ok(())
}

/// The words of `span` that `replacement` leaves out, where it adds none
/// of its own (a capital mended at the seam is not a word of its own:
/// "Obviously y" becoming "Y" takes away "Obviously"); `None` where the
/// replacement says something new.
fn words_taken_away(span: &str, replacement: &str) -> Option<String> {
    let split = |t: &str| -> Vec<String> {
        t.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '\u{2019}')
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect()
    };
    let mut kept: Vec<String> = split(replacement)
        .iter()
        .map(|w| w.to_lowercase())
        .collect();
    let mut gone = Vec::new();
    for w in split(span) {
        match kept.iter().position(|k| *k == w.to_lowercase()) {
            Some(i) => {
                kept.remove(i);
            }
            None => gone.push(w),
        }
    }
    (kept.is_empty() && !gone.is_empty()).then(|| gone.join(" "))
}

fn one_line(s: &str, max: usize) -> String {
    let flat: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() > max {
        format!("{}…", flat.chars().take(max).collect::<String>())
    } else {
        flat
    }
}

/// The byte offset where each line of a text starts, found in one pass.
struct Lines {
    starts: Vec<usize>,
    len: usize,
}

impl Lines {
    fn new(text: &str) -> Lines {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        Lines {
            starts,
            len: text.len(),
        }
    }

    /// The byte range of the line holding byte `at`, without its `\n`.
    fn around(&self, at: usize) -> std::ops::Range<usize> {
        let k = self.starts.partition_point(|&s| s <= at).max(1) - 1;
        let end = self.starts.get(k + 1).map_or(self.len, |&s| s - 1);
        self.starts[k]..end
    }
}

/// Lines longer than this many bytes are shown as a window around the
/// finding: printing a whole long line under every finding on it would make
/// the report grow with the square of the line.
const EXCERPT_LINE: usize = 1024;
/// Bytes of context kept on either side of a finding in such a window.
const EXCERPT_CONTEXT: usize = 160;

/// The draft line of a finding with a caret underline.
fn snippet(
    s: &mut impl Write,
    draft: &str,
    lines: &Lines,
    f: &Finding,
    p: &Paint,
) -> std::io::Result<()> {
    let full = lines.around(f.byte_start);
    let (line_start, mut shown_end) = (full.start, full.end);
    let mut from = line_start;
    let mut cut_before = false;
    let mut cut_after = false;
    if full.end - full.start > EXCERPT_LINE {
        from = floor_char(
            draft,
            f.byte_start.saturating_sub(EXCERPT_CONTEXT).max(line_start),
        );
        let to = ceil_char(draft, (f.byte_end + EXCERPT_CONTEXT).min(full.end));
        cut_before = from > line_start;
        cut_after = to < full.end;
        shown_end = to;
    }
    let line = draft[from..shown_end].trim_end_matches('\r');
    let mut clean: String = line
        .chars()
        .map(|c| {
            if c == '\t' {
                ' '
            } else if c.is_control() {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect();
    if cut_before {
        clean.insert(0, '…');
    }
    if cut_after {
        clean.push('…');
    }
    let gutter = f.line.to_string().len();
    let lead = usize::from(cut_before)
        + unicode_width::UnicodeWidthStr::width(&line[..(f.byte_start - from).min(line.len())]);
    let end = f.byte_end.min(from + line.len());
    let width =
        unicode_width::UnicodeWidthStr::width(&draft[f.byte_start..end.max(f.byte_start)]).max(1);
    writeln!(s, "{:gutter$} {}", "", p.blue("|"))?;
    writeln!(s, "{} {} {clean}", p.blue(&f.line.to_string()), p.blue("|"))?;
    writeln!(
        s,
        "{:gutter$} {} {}{}",
        "",
        p.blue("|"),
        " ".repeat(lead),
        p.yellow(&"^".repeat(width))
    )
}

fn floor_char(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_char(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// One `--jsonl` input line.
struct JsonlIn<'a> {
    id: serde_json::Value,
    /// Borrowed from the input unless it holds an escape.
    text: Cow<'a, str>,
    context: Option<String>,
}

impl<'a> JsonlIn<'a> {
    /// Parses a line; when it is not a text to check, the error comes with
    /// the line's id if the id came before what is wrong, so that even a
    /// line cut short can be told apart in the output.
    fn parse(line: &'a str) -> Result<JsonlIn<'a>, (serde_json::Error, serde_json::Value)> {
        use serde::de::DeserializeSeed;
        let mut id = None;
        let mut de = serde_json::Deserializer::from_str(line);
        let input = JsonlSeed { id: &mut id }
            .deserialize(&mut de)
            .map_err(|e| (e, id.unwrap_or(serde_json::Value::Null)))?;
        match de.end() {
            Ok(()) => Ok(input),
            Err(e) => Err((e, input.id)),
        }
    }
}

/// Reads a [`JsonlIn`], keeping its id in `id` as soon as it is read.
/// Written out rather than derived for that alone; unknown fields are
/// ignored, as they were.
struct JsonlSeed<'s> {
    id: &'s mut Option<serde_json::Value>,
}

/// A string borrowed from the input where it holds no escape.
#[derive(serde::Deserialize)]
struct Text<'a>(#[serde(borrow)] Cow<'a, str>);

impl<'de> serde::de::DeserializeSeed<'de> for JsonlSeed<'_> {
    type Value = JsonlIn<'de>;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<JsonlIn<'de>, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> serde::de::Visitor<'de> for JsonlSeed<'_> {
    type Value = JsonlIn<'de>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an object with \"id\" and \"text\"")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<JsonlIn<'de>, A::Error> {
        use serde::de::Error;
        let mut text = None;
        let mut context = None;
        while let Some(key) = map.next_key::<Text>()? {
            match &*key.0 {
                "id" => {
                    let value = map.next_value()?;
                    *self.id = Some(value);
                }
                "text" => text = Some(map.next_value::<Text>()?.0),
                "context" => context = map.next_value::<Option<String>>()?,
                _ => {
                    map.next_value::<serde::de::IgnoredAny>()?;
                }
            }
        }
        // The id stays behind for the error while anything can go wrong.
        let text = text.ok_or_else(|| A::Error::missing_field("text"))?;
        let id = self
            .id
            .take()
            .ok_or_else(|| A::Error::missing_field("id"))?;
        Ok(JsonlIn { id, text, context })
    }
}

#[derive(Serialize)]
struct JsonlOut<'a> {
    id: &'a serde_json::Value,
    passed: bool,
    scores: &'a tactful_engine::Scores,
    words: usize,
    findings: Vec<FindingJson<'a>>,
}

/// The line written in place of a line that could not be checked.
#[derive(Serialize)]
struct JsonlError<'a> {
    id: &'a serde_json::Value,
    line: usize,
    column: Option<usize>,
    error: &'a str,
}

/// Bytes of input per batch of `--jsonl` lines: a batch is the unit of work
/// a thread takes and of output written at once (about a hundred texts of a
/// few sentences, a fraction of a millisecond of work).
const JSONL_BATCH: usize = 16 * 1024;

/// Bytes at the start of the input in which a NUL byte means the whole
/// input is a binary file, not lines of text (as grep and git decide it).
const BINARY_PROBE: usize = 8 * 1024;

/// Scores many texts, `bytes` as read from the input, in three steps:
///
/// 1. The input is cut into batches of whole lines, at line ends found
///    near every [`JSONL_BATCH`] bytes.
/// 2. The batches' lines are parsed, on every core. A line that is not a
///    text to check (not UTF-8, not JSON, no `"text"`, an empty one) is
///    kept as an error in its place; only input that is binary from its
///    first bytes on is refused as a whole, before anything is written.
/// 3. The batches are analysed on every core, taken in input order, each
///    into its own buffer, which goes out as soon as those before it are
///    out (see [`in_order`]), so writing overlaps the analysis instead of
///    following it.
///
/// The status is 2 when any line could not be checked (after every other
/// line was), else 1 when any text falls below the bar, else 0.
fn jsonl(
    engine: &Engine,
    args: &CheckArgs,
    min_score: u8,
    bytes: Vec<u8>,
) -> anyhow::Result<Status> {
    let name = input::display_name(args.file.as_deref());
    let probe = &bytes[..bytes.len().min(BINARY_PROBE)];
    if memchr::memchr(0, probe).is_some() {
        // Located, in the words every command uses.
        let located = input::to_text(&name, probe.to_vec()).err();
        return Err(located.unwrap_or_else(|| anyhow::anyhow!("{name}: the input is not text")));
    }
    let body = thread::without_bom(&bytes);
    // More than a few lines: the reading's index pays for itself.
    engine.prepare_for_many_texts(body.len());
    let batches = line_batches(body, JSONL_BATCH);
    let parsed: Vec<Vec<JsonlLine>> = batches
        .par_iter()
        .map(|range| parse_batch(&body[range.clone()]))
        .collect();
    // The line each batch starts on, counted only when a line must be
    // named: no good input pays for line numbers.
    let any_bad = parsed
        .par_iter()
        .any(|b| b.iter().any(|l| matches!(l, JsonlLine::Bad(_))));
    let first_lines: Vec<usize> = if any_bad {
        let counts: Vec<usize> = batches
            .par_iter()
            .map(|r| memchr::memchr_iter(b'\n', &body[r.clone()]).count())
            .collect();
        counts
            .iter()
            .scan(1, |line, n| {
                let first = *line;
                *line += n;
                Some(first)
            })
            .collect()
    } else {
        vec![0; batches.len()]
    };
    let analyse = |i: usize, buf: &mut Vec<u8>| {
        let mut outcome = Outcome::default();
        for line in &parsed[i] {
            match line {
                JsonlLine::Text(it) => {
                    let a = engine.analyze(
                        &it.text,
                        &Context {
                            answering: it.context.as_deref(),
                            intent: args.intent.as_deref(),
                            dismissed: &[],
                        },
                    );
                    let passed = a.passes(min_score);
                    outcome.all_pass &= passed;
                    let line = JsonlOut {
                        id: &it.id,
                        passed,
                        scores: &a.scores,
                        words: a.words,
                        findings: findings_json(&it.text, 0, 1, &a.findings),
                    };
                    // Writing into a Vec cannot fail, and the values are plain.
                    let _ = serde_json::to_writer(&mut *buf, &line);
                }
                JsonlLine::Bad(bad) => {
                    let line = first_lines[i] + bad.index;
                    outcome.failed += 1;
                    if outcome.first_failure.is_none() {
                        let at = bad.column.map_or(String::new(), |c| format!(":{c}"));
                        outcome.first_failure = Some(format!("{line}{at}: {}", bad.reason));
                    }
                    let _ = serde_json::to_writer(
                        &mut *buf,
                        &JsonlError {
                            id: &bad.id,
                            line,
                            column: bad.column,
                            error: &bad.reason,
                        },
                    );
                }
            }
            buf.push(b'\n');
        }
        outcome
    };
    // An error (a closed pipe) stops the threads: the rest need not be
    // analysed.
    let mut stdout = std::io::stdout();
    let outcomes = in_order(&mut stdout, parsed.len(), UNBOUNDED, analyse)?;
    let failed: usize = outcomes.iter().map(|o| o.failed).sum();
    let all_pass = outcomes.iter().all(|o| o.all_pass);
    if let Some(first) = outcomes.iter().find_map(|o| o.first_failure.as_ref()) {
        let texts: usize = parsed.iter().map(Vec::len).sum();
        eprintln!(
            "tactful: {name}: {failed} of {texts} line{} could not be checked; each has an \
             error in its place in the output (the first, {name}:{first})",
            if texts == 1 { "" } else { "s" }
        );
    }
    // The process ends here: freeing tens of thousands of texts and
    // results one by one would only delay its exit.
    std::mem::forget(parsed);
    std::mem::forget(bytes);
    Ok(if failed > 0 {
        2
    } else if all_pass {
        0
    } else {
        1
    })
}

/// What came of a batch of `--jsonl` lines.
#[derive(Debug)]
struct Outcome {
    all_pass: bool,
    /// Lines that could not be checked, and where the first one is and why.
    failed: usize,
    first_failure: Option<String>,
}

impl Default for Outcome {
    fn default() -> Self {
        Outcome {
            all_pass: true,
            failed: 0,
            first_failure: None,
        }
    }
}

/// How many parts per thread past the one next in line may be rendered
/// before it is written, for [`in_order`]'s `ahead`: a thread that gets
/// that far ahead waits. Without a bound, a thread the system stopped for
/// a moment held back the output while the others rendered dozens of
/// parts (6 MiB of them when checking 10 MB on a busy machine).
const AHEAD: usize = 4;

/// For [`in_order`]: no thread waits, however far ahead. A part that is
/// rendered with rayon inside (`--jsonl` reads long texts on every core)
/// must not wait: a thread that waits for its turn there might hold the
/// part next in line further down its own stack, stolen from while it
/// waited on its own workers.
const UNBOUNDED: usize = usize::MAX;

/// Renders `count` parts with `render` on every core, each into a buffer,
/// and writes each to `out` in order, as soon as those before it are out;
/// returns what `render` said of each part, in order. The parts are handed
/// out in order, so they finish nearly in order and few wait to be
/// written: a thread more than `ahead` parts per thread past the one next
/// in line waits for it before rendering ([`AHEAD`], or [`UNBOUNDED`] when
/// `render` uses rayon); a buffer once written is cleared and serves
/// another part, so few are ever allocated. One part is rendered on the
/// calling thread.
fn in_order<W, R, F>(out: &mut W, count: usize, ahead: usize, render: F) -> std::io::Result<Vec<R>>
where
    W: Write + Send,
    R: Send,
    F: Fn(usize, &mut Vec<u8>) -> R + Sync + Send,
{
    if count <= 1 {
        let mut said = Vec::with_capacity(count);
        let mut buf = Vec::new();
        for i in 0..count {
            buf.clear();
            said.push(render(i, &mut buf));
            out.write_all(&buf)?;
        }
        return Ok(said);
    }
    let state = Mutex::new(InOrder {
        out,
        next: 0,
        failed: false,
        waiting: (0..count).map(|_| None).collect(),
        spare: Vec::new(),
        said: (0..count).map(|_| None).collect(),
    });
    let written = Condvar::new();
    let ahead = ahead.saturating_mul(rayon::current_num_threads().max(1));
    let lock = || state.lock().unwrap_or_else(|e| e.into_inner());
    (0..count).par_bridge().try_for_each(|i| {
        let mut buf = {
            let mut state = lock();
            // The part next in line is being rendered by another thread,
            // which never waits here: it is not ahead of itself.
            while i >= state.next.saturating_add(ahead) && !state.failed {
                state = written.wait(state).unwrap_or_else(|e| e.into_inner());
            }
            if state.failed {
                return Err(std::io::Error::other(
                    "an earlier part could not be written",
                ));
            }
            state.spare.pop().unwrap_or_default()
        };
        let r = render(i, &mut buf);
        let mut state = lock();
        state.said[i] = Some(r);
        let put = state.put(i, buf);
        state.failed |= put.is_err();
        written.notify_all();
        put
    })?;
    let state = state.into_inner().unwrap_or_else(|e| e.into_inner());
    Ok(state.said.into_iter().flatten().collect())
}

/// The output of numbered parts, written in their order whatever order
/// they finish in, by the thread that finishes the one next in line: no
/// thread is kept apart to write, to be woken for every part.
struct InOrder<'a, W, R> {
    /// Written to a part at a time: each is one write (a part that ends
    /// with a line end passes standard output's line buffer straight on).
    out: &'a mut W,
    /// The first part not written yet.
    next: usize,
    /// Whether writing failed: the threads waiting for their turn stop.
    failed: bool,
    /// Finished parts waiting for those before them.
    waiting: Vec<Option<Vec<u8>>>,
    /// Buffers written out, emptied, to be used again.
    spare: Vec<Vec<u8>>,
    said: Vec<Option<R>>,
}

impl<W: Write, R> InOrder<'_, W, R> {
    fn put(&mut self, part: usize, buf: Vec<u8>) -> std::io::Result<()> {
        self.waiting[part] = Some(buf);
        while let Some(mut buf) = self.waiting.get_mut(self.next).and_then(Option::take) {
            self.out.write_all(&buf)?;
            self.next += 1;
            buf.clear();
            self.spare.push(buf);
        }
        Ok(())
    }
}

/// The byte ranges of `text` in batches of whole lines: each ends just
/// after the first line end at or past `target` bytes from its start, or at
/// the end of the text.
fn line_batches(bytes: &[u8], target: usize) -> Vec<std::ops::Range<usize>> {
    let mut batches = Vec::with_capacity(bytes.len() / target + 1);
    let mut start = 0;
    while start < bytes.len() {
        let from = (start + target).min(bytes.len()) - 1;
        let end = memchr::memchr(b'\n', &bytes[from..]).map_or(bytes.len(), |k| from + k + 1);
        batches.push(start..end);
        start = end;
    }
    batches
}

/// A line of `--jsonl` input that is not blank.
enum JsonlLine<'a> {
    Text(JsonlIn<'a>),
    /// A line that cannot be checked.
    Bad(BadLine),
}

/// Why a line cannot be checked.
#[derive(Debug)]
struct BadLine {
    /// Which line of its batch (0-based).
    index: usize,
    /// The line's `"id"`, when it has one; `null` otherwise.
    id: serde_json::Value,
    /// Where in the line it goes wrong, 1-based, in characters.
    column: Option<usize>,
    reason: String,
}

/// The lines of a batch, blank lines skipped, each a text to check or why
/// it is not one.
fn parse_batch(batch: &[u8]) -> Vec<JsonlLine<'_>> {
    let mut items = Vec::with_capacity(batch.len() / 128);
    let mut start = 0;
    let mut index = 0;
    while start < batch.len() {
        let end = memchr::memchr(b'\n', &batch[start..]).map_or(batch.len(), |k| start + k);
        let line = &batch[start..end];
        start = end + 1;
        index += 1;
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        items.push(parse_line(line).unwrap_or_else(|(column, reason, id)| {
            JsonlLine::Bad(BadLine {
                index: index - 1,
                id,
                column,
                reason,
            })
        }));
    }
    items
}

/// A text to check, or where and why the line is not one (and its id,
/// when it has one).
type LineError = (Option<usize>, String, serde_json::Value);

fn parse_line(line: &[u8]) -> Result<JsonlLine<'_>, LineError> {
    let null = serde_json::Value::Null;
    if let Some(pos) = memchr::memchr(0, line) {
        let column = String::from_utf8_lossy(&line[..pos]).chars().count() + 1;
        let reason = "a NUL byte: the line is not text".to_string();
        return Err((Some(column), reason, null));
    }
    let line = std::str::from_utf8(line).map_err(|e| {
        let valid = &line[..e.valid_up_to()];
        // Valid up to there by the error's word.
        let column = std::str::from_utf8(valid).map_or(1, |v| v.chars().count() + 1);
        let reason = "the line is not valid UTF-8".to_string();
        (Some(column), reason, serde_json::Value::Null)
    })?;
    let mut input = JsonlIn::parse(line).map_err(|(e, id)| {
        // serde_json counts columns in bytes; people count characters.
        let byte = e.column().saturating_sub(1).min(line.len());
        let column = line
            .get(..byte)
            .map_or(e.column(), |before| before.chars().count() + 1);
        (Some(column), json_reason(&e), id)
    })?;
    input.text = text_without_bom(input.text);
    if let Some(context) = &mut input.context
        && context.starts_with('\u{feff}')
    {
        context.drain(..'\u{feff}'.len_utf8());
    }
    if input.text.trim().is_empty() {
        let reason = "the text is empty; there is nothing to check".to_string();
        return Err((None, reason, input.id));
    }
    Ok(JsonlLine::Text(input))
}

/// A text without the byte-order mark it may have kept from a file (as a
/// character of a JSON string: [`thread::without_bom`] takes it off bytes).
fn text_without_bom(text: Cow<'_, str>) -> Cow<'_, str> {
    match text {
        Cow::Borrowed(t) => Cow::Borrowed(t.strip_prefix('\u{feff}').unwrap_or(t)),
        Cow::Owned(mut t) => {
            if t.starts_with('\u{feff}') {
                t.drain(..'\u{feff}'.len_utf8());
            }
            Cow::Owned(t)
        }
    }
}

fn json_reason(e: &serde_json::Error) -> String {
    let msg = e.to_string();
    // serde_json appends " at line L column C"; the position is already given.
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batches_are_whole_lines_covering_the_input() {
        let text = "{\"a\":1}\n\n{\"b\":22}\r\n{\"c\":333}\n{\"d\":4}";
        for target in 1..=text.len() + 1 {
            let batches = line_batches(text.as_bytes(), target);
            assert_eq!(batches.first().map(|b| b.start), Some(0), "{target}");
            assert_eq!(batches.last().map(|b| b.end), Some(text.len()), "{target}");
            for pair in batches.windows(2) {
                assert_eq!(pair[0].end, pair[1].start, "{target}");
                assert_eq!(text.as_bytes()[pair[0].end - 1], b'\n', "{target}");
            }
            for b in &batches {
                // Past the target only by the rest of the line it reaches.
                let batch = &text.as_bytes()[b.clone()];
                if batch.len() > target {
                    let rest = &batch[target - 1..batch.len() - 1];
                    assert!(!rest.contains(&b'\n'), "{target}: {batch:?}");
                }
            }
            let lines: Vec<&str> = batches
                .iter()
                .flat_map(|b| text[b.clone()].lines())
                .collect();
            assert_eq!(lines, text.lines().collect::<Vec<_>>(), "{target}");
        }
        assert!(line_batches(b"", 16).is_empty());
    }

    #[test]
    fn a_batch_parses_its_lines_and_keeps_bad_ones_in_their_place() {
        let texts = |batch: &[JsonlLine]| -> Vec<String> {
            batch
                .iter()
                .map(|l| match l {
                    JsonlLine::Text(it) => format!("{}={}", it.id, it.text),
                    JsonlLine::Bad(b) => {
                        format!("{}@{}:{:?} {}", b.id, b.index, b.column, b.reason)
                    }
                })
                .collect()
        };
        let batch =
            parse_batch(b"{\"id\":1,\"text\":\"a\"}\n \n{\"id\":\"x\",\"text\":\"b\\\"c\"}\r\n");
        assert_eq!(texts(&batch), ["1=a", "\"x\"=b\"c"]);
        assert!(matches!(&batch[0], JsonlLine::Text(it) if matches!(it.text, Cow::Borrowed("a"))));
        let batch = parse_batch(
            "{\"id\":1,\"text\":\"a\"}\n\n{\"id\":2}\n{\"téxt\":}\n{\"id\":3,\"text\":\" \"}\n{\"id\":4,\"text\":\"b\"}"
                .as_bytes(),
        );
        assert_eq!(
            texts(&batch),
            [
                "1=a",
                "2@2:Some(8) missing field `text`",
                "null@3:Some(9) expected value",
                "3@4:None the text is empty; there is nothing to check",
                "4=b",
            ]
        );
        let batch = parse_batch(b"{\"id\":1,\"text\":\"\0\"}\n{\"id\":2,\"text\":\"\xff\"}\n");
        assert_eq!(
            texts(&batch),
            [
                "null@0:Some(17) a NUL byte: the line is not text",
                "null@1:Some(17) the line is not valid UTF-8",
            ]
        );
    }

    #[test]
    fn a_text_keeps_no_byte_order_mark() {
        let batch = parse_batch(
            "{\"id\":1,\"text\":\"\u{feff}You always\",\"context\":\"\\ufeffHi\"}\n{\"id\":2,\"text\":\"\\ufeff\"}"
                .as_bytes(),
        );
        match &batch[0] {
            JsonlLine::Text(it) => {
                assert_eq!(it.text, "You always");
                assert_eq!(it.context.as_deref(), Some("Hi"));
            }
            JsonlLine::Bad(b) => panic!("{b:?}"),
        }
        assert!(matches!(&batch[1], JsonlLine::Bad(b) if b.reason.contains("empty")));
    }
}
