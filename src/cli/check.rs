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

use std::io::Write;

use rayon::prelude::*;
use serde::Serialize;

use super::input;
use super::output::{Out, use_color};
use super::{CheckArgs, GlobalArgs, OutputFormat, Status};
use crate::engine::{Analysis, Context, Engine, Finding, Severity, text::LineIndex};

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
    if args.jsonl {
        return jsonl(&engine, &args, min_score);
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
    scores: &'a crate::engine::Scores,
    findings: Vec<FindingJson<'a>>,
    contributions: &'a [crate::engine::Contribution],
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
    let dims: Vec<String> = crate::engine::Dimension::ALL
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
struct JsonlIn {
    id: serde_json::Value,
    text: String,
    #[serde(default)]
    context: Option<String>,
}

#[derive(Serialize)]
struct JsonlOut<'a> {
    id: &'a serde_json::Value,
    passed: bool,
    scores: &'a crate::engine::Scores,
    words: usize,
    findings: Vec<FindingJson<'a>>,
}

/// Scores many texts: all lines are read and checked first (a bad line is
/// an error naming its line and column), then each text is analysed and
/// its output line written into a buffer, on every core, and the buffers
/// go out in input order.
fn jsonl(engine: &Engine, args: &CheckArgs, min_score: u8) -> anyhow::Result<Status> {
    let name = input::display_name(args.file.as_deref());
    let text = input::read_text(args.file.as_deref())?;
    let lines: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .collect();
    let parsed: Vec<Result<JsonlIn, String>> = lines
        .par_iter()
        .with_min_len(256)
        .map(|&(i, line)| {
            serde_json::from_str(line)
                .map_err(|e| format!("{name}:{}:{}: {}", i + 1, e.column(), json_reason(&e)))
        })
        .collect();
    let mut items = Vec::with_capacity(parsed.len());
    for p in parsed {
        items.push(p.map_err(anyhow::Error::msg)?);
    }
    let written: Vec<(Vec<u8>, bool)> = items
        .par_chunks(64)
        .map(|batch| {
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
        })
        .collect();
    let mut out = Out::new();
    let mut all_pass = true;
    for (buf, pass) in &written {
        out.write_all(buf)?;
        all_pass &= pass;
    }
    out.flush()?;
    // The process ends here: freeing tens of thousands of texts and
    // results one by one would only delay its exit.
    drop(lines);
    std::mem::forget((written, items, text));
    Ok(if all_pass { 0 } else { 1 })
}

fn json_reason(e: &serde_json::Error) -> String {
    let msg = e.to_string();
    // serde_json appends " at line L column C"; the position is already given.
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg,
    }
}
