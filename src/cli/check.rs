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
use crate::engine::{Analysis, Context, Engine, Finding, Kind, Severity, text::LineIndex};

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
        OutputFormat::Json => {
            let report = Report {
                schema_version: SCHEMA_VERSION,
                tool: "tactful",
                version: env!("CARGO_PKG_VERSION"),
                file: &name,
                intent: args.intent.as_deref(),
                min_score,
                passed,
                words: analysis.words,
                scores: &analysis.scores,
                findings: findings_json(&draft, &analysis.findings),
                contributions: &analysis.contributions,
                missing: analysis.missing.iter().map(|d| d.id()).collect(),
            };
            serde_json::to_writer_pretty(&mut out, &report)?;
            writeln!(out)?;
        }
        OutputFormat::Human => {
            let text = human(&name, &draft, &analysis, min_score, use_color());
            out.write_all(text.as_bytes())?;
        }
    }
    out.flush()?;
    // The process ends here: freeing the compiled packs would only cost
    // start-up time the operating system saves anyway.
    std::mem::forget(engine);
    Ok(if passed { 0 } else { 1 })
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
    let p = Paint { on: color };
    let mut s = String::new();
    let flags: Vec<&Finding> = analysis.flags().collect();
    for f in &flags {
        let label = match f.severity {
            Severity::Error => p.red(&format!("error[{}]", f.rule_id)),
            Severity::Warning => p.yellow(&format!("warning[{}]", f.rule_id)),
            Severity::Info => p.blue(&format!("note[{}]", f.rule_id)),
        };
        s.push_str(&format!(
            "{}: {label}: {}\n",
            p.bold(&format!("{name}:{}:{}", f.line, f.column)),
            f.message
        ));
        snippet(&mut s, draft, f, &p);
        for rw in &f.suggestions {
            let shown = if rw.sentence.is_empty() {
                "(leave this sentence out)".to_string()
            } else {
                one_line(&rw.sentence, usize::MAX)
            };
            s.push_str(&format!("   {} {}\n", p.green("= try:"), shown));
        }
        if let Some(q) = &f.question {
            s.push_str(&format!("   {} {}\n", p.green("= ask yourself:"), q));
        }
        s.push('\n');
    }
    let cues: Vec<&Finding> = analysis.cues().collect();
    if !cues.is_empty() {
        s.push_str(&p.bold("What already works:\n"));
        for f in cues {
            s.push_str(&format!(
                "  {} {} \"{}\" — {}\n",
                p.green("+"),
                p.dim(&format!("{}:{}", f.line, f.column)),
                one_line(&f.matched, 60),
                f.message
            ));
        }
        s.push('\n');
    }
    let sc = &analysis.scores;
    let verdict = if analysis.passes(min_score) {
        p.green(&format!("passes the bar of {min_score}"))
    } else {
        p.yellow(&format!("below the bar of {min_score}"))
    };
    s.push_str(&format!(
        "{} {}/100 ({verdict})\n",
        p.bold("Receptiveness:"),
        sc.overall
    ));
    let dims: Vec<String> = crate::engine::Dimension::ALL
        .iter()
        .map(|d| format!("{} {}", d.title().to_lowercase(), sc.get(*d)))
        .collect();
    s.push_str(&format!("  {}\n", dims.join(" · ")));
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
        s.push_str(&format!("  {} {}\n", p.dim("moved by:"), moved.join(", ")));
    }
    if flags.is_empty() && analysis.findings.iter().all(|f| f.kind != Kind::Cue) {
        s.push_str("  Nothing flagged, and no cues found yet.\n");
    }
    s
}

fn one_line(s: &str, max: usize) -> String {
    let flat: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() > max {
        format!("{}…", flat.chars().take(max).collect::<String>())
    } else {
        flat
    }
}

/// The draft line of a finding with a caret underline.
fn snippet(s: &mut String, draft: &str, f: &Finding, p: &Paint) {
    let line_start = draft[..f.byte_start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = draft[f.byte_start..]
        .find('\n')
        .map_or(draft.len(), |i| f.byte_start + i);
    let line = draft[line_start..line_end].trim_end_matches('\r');
    let clean: String = line
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
    let gutter = f.line.to_string().len();
    let lead =
        unicode_width::UnicodeWidthStr::width(&line[..(f.byte_start - line_start).min(line.len())]);
    let end = f.byte_end.min(line_start + line.len());
    let width =
        unicode_width::UnicodeWidthStr::width(&draft[f.byte_start..end.max(f.byte_start)]).max(1);
    s.push_str(&format!("{:gutter$} {}\n", "", p.blue("|")));
    s.push_str(&format!(
        "{} {} {clean}\n",
        p.blue(&f.line.to_string()),
        p.blue("|")
    ));
    s.push_str(&format!(
        "{:gutter$} {} {}{}\n",
        "",
        p.blue("|"),
        " ".repeat(lead),
        p.yellow(&"^".repeat(width))
    ));
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
/// an error naming its line and column), then analysed on every core, then
/// written in input order.
fn jsonl(engine: &Engine, args: &CheckArgs, min_score: u8) -> anyhow::Result<Status> {
    let name = input::display_name(args.file.as_deref());
    let text = input::read_text(args.file.as_deref())?;
    let mut items = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let item: JsonlIn = serde_json::from_str(line)
            .map_err(|e| anyhow::anyhow!("{name}:{}:{}: {}", i + 1, e.column(), json_reason(&e)))?;
        items.push(item);
    }
    let analyses: Vec<Analysis> = items
        .par_iter()
        .with_min_len(64)
        .map(|it| {
            engine.analyze(
                &it.text,
                &Context {
                    answering: it.context.as_deref(),
                    intent: args.intent.as_deref(),
                    dismissed: &[],
                },
            )
        })
        .collect();
    let mut out = Out::new();
    let mut all_pass = true;
    for (it, a) in items.iter().zip(&analyses) {
        let passed = a.passes(min_score);
        all_pass &= passed;
        let line = JsonlOut {
            id: &it.id,
            passed,
            scores: &a.scores,
            words: a.words,
            findings: findings_json(&it.text, &a.findings),
        };
        serde_json::to_writer(&mut out, &line)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
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
