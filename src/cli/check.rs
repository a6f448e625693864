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
//!   "schema_version": 1,
//!   "tool": "tactful", "version": "<crate version>",
//!   "file": "<path or <stdin>>",
//!   "intent": "<intent id>" | null,
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
//!       "question"                       // only on a flag no rewrite fits: a question to ask
//!   } ],
//!   "contributions": [ { "rule_id", "dimension", "kind", "count", "evidence" } ],
//!   "missing": [<dimension with no cue>, ...]
//! }
//! ```
//!
//! With `--jsonl`, each input line is `{"id": <any JSON>, "text": "<draft>"}`
//! (optionally `"context": "<message answered>"`), and each output line is
//! `{"id", "passed", "scores", "words", "findings"}` with the same fields as
//! above, in input order. Adding a field keeps the version; renaming or
//! removing one bumps it. Version 2 (this one) made each suggestion an
//! object with its edit and its sentence; in version 1 it was the rewrite's
//! words alone.

use std::borrow::Cow;
use std::io::Write;

use rayon::prelude::*;
use serde::Serialize;

use super::input;
use super::output::{Out, use_color};
use super::{CheckArgs, GlobalArgs, OutputFormat, Status};
use tactful_engine::{Analysis, Context, Engine, Finding, Severity, text::LineIndex};

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
    let reading = args.jsonl.then(|| {
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
    if let Some(reading) = reading {
        let bytes = reading
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
    let context = match &args.context {
        Some(path) => Some(super::context_message(path, args.from.as_deref())?),
        None => None,
    };
    let ctx = Context {
        answering: context.as_deref(),
        intent: args.intent.as_deref(),
        dismissed: &[],
    };
    let analysis = engine.analyze(&draft, &ctx);
    let passed = analysis.passes(min_score);
    let mut out = Out::new();
    match args.format {
        OutputFormat::Json => write_json(
            &mut out,
            &name,
            &draft,
            &analysis,
            args.intent.as_deref(),
            min_score,
        )?,
        OutputFormat::Human => {
            write_human(&mut out, &name, &draft, &analysis, min_score, use_color())?;
        }
    }
    out.flush()?;
    // The process ends here: freeing the compiled packs would only cost
    // start-up time the operating system saves anyway.
    std::mem::forget(engine);
    Ok(if passed { 0 } else { 1 })
}

/// Writes the JSON report (the schema at the top of this file).
pub fn write_json(
    out: &mut impl Write,
    name: &str,
    draft: &str,
    analysis: &Analysis,
    intent: Option<&str>,
    min_score: u8,
) -> anyhow::Result<()> {
    let report = Report {
        schema_version: SCHEMA_VERSION,
        tool: "tactful",
        version: env!("CARGO_PKG_VERSION"),
        file: name,
        intent,
        min_score,
        passed: analysis.passes(min_score),
        words: analysis.words,
        scores: &analysis.scores,
        findings: findings_json(draft, &analysis.findings),
        contributions: &analysis.contributions,
        missing: analysis.missing.iter().map(|d| d.id()).collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &report)?;
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

fn findings_json<'a>(draft: &str, findings: &'a [Finding]) -> Vec<FindingJson<'a>> {
    let mut ends: Vec<(usize, usize)> = findings.iter().map(|f| (f.byte_end, 0)).collect();
    let mut order: Vec<usize> = (0..ends.len()).collect();
    order.sort_by_key(|&i| ends[i].0);
    let mut index = LineIndex::new(draft);
    let mut located = vec![(0, 0); ends.len()];
    for i in order {
        located[i] = index.locate(ends[i].0);
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
pub fn human(name: &str, draft: &str, analysis: &Analysis, min_score: u8, color: bool) -> String {
    let mut out = Vec::new();
    // Writing into a Vec cannot fail.
    let _ = write_human(&mut out, name, draft, analysis, min_score, color);
    String::from_utf8(out).unwrap_or_default()
}

/// Writes the human report as it goes, in time linear in the draft and the
/// findings: lines come from one index of the draft's line starts, and an
/// excerpt reads only its own line (a window of it, for very long lines).
pub fn write_human(
    s: &mut impl Write,
    name: &str,
    draft: &str,
    analysis: &Analysis,
    min_score: u8,
    color: bool,
) -> std::io::Result<()> {
    let p = Paint { on: color };
    let lines = Lines::new(draft);
    let mut flags = 0usize;
    for f in analysis.flags() {
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
        snippet(s, draft, &lines, f, &p)?;
        for rw in &f.suggestions {
            let shown = if rw.sentence.is_empty() {
                "(leave this sentence out)".to_string()
            } else {
                one_line(&rw.sentence, usize::MAX)
            };
            writeln!(s, "   {} {}", p.green("= try:"), shown)?;
        }
        if let Some(q) = &f.question {
            writeln!(s, "   {} {}", p.green("= ask yourself:"), q)?;
        }
        writeln!(s)?;
    }
    let mut cues = analysis.cues().peekable();
    let any_cue = cues.peek().is_some();
    if any_cue {
        write!(s, "{}", p.bold("What already works:\n"))?;
        for f in cues {
            writeln!(
                s,
                "  {} {} \"{}\" — {}",
                p.green("+"),
                p.dim(&format!("{}:{}", f.line, f.column)),
                one_line(&f.matched, 60),
                f.message
            )?;
        }
        writeln!(s)?;
    }
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
    if flags == 0 && !any_cue {
        writeln!(s, "  Nothing flagged, and no cues found yet.")?;
    }
    Ok(())
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

#[derive(serde::Deserialize)]
struct JsonlIn<'a> {
    id: serde_json::Value,
    /// Borrowed from the input unless it holds an escape.
    #[serde(borrow)]
    text: Cow<'a, str>,
    #[serde(default)]
    context: Option<String>,
}

#[derive(Serialize)]
struct JsonlOut<'a> {
    id: &'a serde_json::Value,
    passed: bool,
    scores: &'a tactful_engine::Scores,
    words: usize,
    findings: Vec<FindingJson<'a>>,
}

/// Bytes of input per batch of `--jsonl` lines: a batch is the unit of work
/// a thread takes and of output written at once (about a hundred texts of a
/// few sentences, a fraction of a millisecond of work).
const JSONL_BATCH: usize = 16 * 1024;

/// Scores many texts, `bytes` as read from the input, in three steps:
///
/// 1. The input is cut into batches of whole lines, at line ends found
///    near every [`JSONL_BATCH`] bytes.
/// 2. The batches are checked for text and their lines parsed, on every
///    core. Input that is not text is refused as `input::to_text` refuses
///    it; otherwise the first bad line in input order is an error naming
///    its line and column. Either comes before anything is written.
/// 3. The batches are analysed on every core, taken in input order, each
///    into its own buffer, which goes out as soon as those before it are
///    out (see [`InOrder`]), so writing overlaps the analysis instead of
///    following it.
fn jsonl(
    engine: &Engine,
    args: &CheckArgs,
    min_score: u8,
    bytes: Vec<u8>,
) -> anyhow::Result<Status> {
    let name = input::display_name(args.file.as_deref());
    let batches = line_batches(&bytes, JSONL_BATCH);
    let results: Vec<Result<Vec<JsonlIn>, BadLine>> = batches
        .par_iter()
        .map(|range| parse_batch(&bytes[range.clone()]))
        .collect();
    if results.iter().any(|r| matches!(r, Err(BadLine::NotText))) {
        // Located in the whole input, in the words every command uses.
        let located = input::to_text(&name, bytes).err();
        return Err(located.unwrap_or_else(|| anyhow::anyhow!("{name}: the input is not text")));
    }
    if let Some((range, index, column, reason)) =
        batches.iter().zip(&results).find_map(|(range, r)| match r {
            Err(BadLine::Json {
                index,
                column,
                reason,
            }) => Some((range, index, column, reason)),
            _ => None,
        })
    {
        // Counted only now: no good input pays for line numbers.
        let line = memchr::memchr_iter(b'\n', &bytes[..range.start]).count() + index + 1;
        anyhow::bail!("{name}:{line}:{column}: {reason}");
    }
    let parsed: Vec<&[JsonlIn]> = results.iter().flatten().map(Vec::as_slice).collect();
    let analyse = |batch: &[JsonlIn]| {
        let mut buf = Vec::with_capacity(batch.len() * 512);
        let mut all_pass = true;
        for it in batch {
            let a = engine.analyze(
                &it.text,
                &Context {
                    answering: it.context.as_deref(),
                    intent: args.intent.as_deref(),
                    dismissed: &[],
                },
            );
            let passed = a.passes(min_score);
            all_pass &= passed;
            let line = JsonlOut {
                id: &it.id,
                passed,
                scores: &a.scores,
                words: a.words,
                findings: findings_json(&it.text, &a.findings),
            };
            // Writing into a Vec cannot fail, and the values are plain.
            let _ = serde_json::to_writer(&mut buf, &line);
            buf.push(b'\n');
        }
        (buf, all_pass)
    };
    let output = std::sync::Mutex::new(InOrder {
        stdout: std::io::stdout(),
        next: 0,
        waiting: vec![None; parsed.len()],
        all_pass: true,
    });
    // `par_bridge` hands the batches out in input order, so they finish
    // nearly in order and few wait to be written. An error (a closed pipe)
    // stops the threads: the rest need not be analysed.
    parsed
        .iter()
        .enumerate()
        .par_bridge()
        .try_for_each(|(i, batch)| {
            let (buf, pass) = analyse(batch);
            let mut output = output.lock().unwrap_or_else(|e| e.into_inner());
            output.all_pass &= pass;
            output.put(i, buf)
        })?;
    let output = output.into_inner().unwrap_or_else(|e| e.into_inner());
    let all_pass = output.all_pass;
    // The process ends here: freeing tens of thousands of texts and
    // results one by one would only delay its exit.
    drop(parsed);
    std::mem::forget(results);
    std::mem::forget(bytes);
    Ok(if all_pass { 0 } else { 1 })
}

/// The output of numbered batches, written in their order whatever order
/// they finish in, by the thread that finishes the one next in line: no
/// thread is kept apart to write, to be woken for every batch.
struct InOrder {
    /// Written to a batch at a time: each is one write (every buffer ends
    /// with a line end, so standard output's line buffer passes it
    /// straight on).
    stdout: std::io::Stdout,
    /// The first batch not written yet.
    next: usize,
    /// Finished batches waiting for those before them.
    waiting: Vec<Option<Vec<u8>>>,
    all_pass: bool,
}

impl InOrder {
    fn put(&mut self, batch: usize, buf: Vec<u8>) -> std::io::Result<()> {
        self.waiting[batch] = Some(buf);
        while let Some(buf) = self.waiting.get_mut(self.next).and_then(Option::take) {
            self.stdout.write_all(&buf)?;
            self.next += 1;
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

/// Why a batch of lines holds no texts to check.
#[derive(Debug)]
enum BadLine {
    /// The batch has a NUL byte or is not UTF-8 (where and why is found
    /// again in the whole input).
    NotText,
    /// A line that is not a text in JSON.
    Json {
        /// Which line of its batch (0-based).
        index: usize,
        /// serde_json's column, 1-based.
        column: usize,
        reason: String,
    },
}

/// The texts of a batch of lines, blank lines skipped; or why it has none.
/// A batch ends at a line end, so it is valid UTF-8 exactly when the whole
/// input is valid where the batch lies.
fn parse_batch(batch: &[u8]) -> Result<Vec<JsonlIn<'_>>, BadLine> {
    if memchr::memchr(0, batch).is_some() {
        return Err(BadLine::NotText);
    }
    let batch = std::str::from_utf8(batch).map_err(|_| BadLine::NotText)?;
    let mut items = Vec::with_capacity(batch.len() / 128);
    for (index, line) in batch.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        items.push(serde_json::from_str(line).map_err(|e| BadLine::Json {
            index,
            column: e.column(),
            reason: json_reason(&e),
        })?);
    }
    Ok(items)
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
    fn a_batch_parses_its_lines_or_names_its_first_bad_one() {
        let items =
            parse_batch(b"{\"id\":1,\"text\":\"a\"}\n \n{\"id\":\"x\",\"text\":\"b\\\"c\"}\r\n")
                .unwrap();
        assert_eq!(items.len(), 2);
        assert!(matches!(items[0].text, Cow::Borrowed("a")));
        assert_eq!(items[1].id, "x");
        assert_eq!(items[1].text, "b\"c");
        match parse_batch(b"{\"id\":1,\"text\":\"a\"}\n\n{\"id\":2}\n{\"text\":}\n") {
            Err(BadLine::Json {
                index,
                column,
                reason,
            }) => assert_eq!(
                (index, column, reason.as_str()),
                (2, 8, "missing field `text`")
            ),
            _ => panic!("a bad line"),
        }
        assert!(matches!(
            parse_batch(b"{\"id\":1,\"text\":\"\0\"}\n"),
            Err(BadLine::NotText)
        ));
        assert!(matches!(
            parse_batch(b"{\"id\":1,\"text\":\"\xff\"}\n"),
            Err(BadLine::NotText)
        ));
    }
}
