//! `tactful eval`: how well tactful's scores agree with human judgments in
//! a labelled CSV file. Every row is scored by the same engine `check` uses,
//! so what is measured is what users get.
//!
//! JSON output (`--format json`), schema version 1:
//! `{"schema_version": 1, "file", "n", "label_kind": "binary"|"continuous",
//! "resamples", "scores": [{"score": "overall"|<dimension>, "mean",
//! "spearman"|"pearson"|"auc": {"value", "low", "high"} | null}]}` — the
//! interval is a 95% percentile bootstrap.

use std::fmt::Write as _;
use std::io::Write;

use serde::Serialize;

use super::output::Out;
use super::{EvalArgs, GlobalArgs, OutputFormat, Status, input};
use crate::eval::{self, Evaluation, LabelKind, stats::Estimate};

pub fn run(global: &GlobalArgs, args: EvalArgs) -> anyhow::Result<Status> {
    let engine = super::engine(global)?;
    let name = input::display_name(Some(&args.file));
    let data = input::read_text(Some(&args.file))?;
    let rows = eval::read_csv(&name, &data, &args.text_column, &args.label_column)?;
    let evaluation = eval::evaluate(&engine, &rows, args.intent.as_deref());
    let mut out = Out::new();
    match args.format {
        OutputFormat::Json => {
            #[derive(Serialize)]
            struct Report<'a> {
                schema_version: u32,
                file: &'a str,
                #[serde(flatten)]
                evaluation: &'a Evaluation,
            }
            serde_json::to_writer_pretty(
                &mut out,
                &Report {
                    schema_version: 1,
                    file: &name,
                    evaluation: &evaluation,
                },
            )?;
            writeln!(out)?;
        }
        OutputFormat::Human => out.write_all(human(&name, &evaluation).as_bytes())?,
    }
    out.flush()?;
    Ok(0)
}

/// A table a person reads.
pub fn human(name: &str, e: &Evaluation) -> String {
    let mut s = String::new();
    let kind = match e.label_kind {
        LabelKind::Binary => "binary label: AUC separates 1 from 0",
        LabelKind::Continuous => {
            "continuous label: AUC separates the top quartile from the bottom one"
        }
    };
    let _ = writeln!(s, "{name}: {} rows ({kind})", e.n);
    let _ = writeln!(
        s,
        "95% intervals from {} bootstrap resamples\n",
        e.resamples
    );
    let _ = writeln!(
        s,
        "{:<10} {:>22} {:>22} {:>22} {:>6}",
        "score", "Spearman rho", "Pearson r", "ROC AUC", "mean"
    );
    for a in &e.scores {
        let _ = writeln!(
            s,
            "{:<10} {:>22} {:>22} {:>22} {:>6.1}",
            a.score,
            cell(a.spearman),
            cell(a.pearson),
            cell(a.auc),
            a.mean
        );
    }
    s
}

fn cell(e: Option<Estimate>) -> String {
    match e {
        Some(e) => format!("{:.3} [{:.3}, {:.3}]", e.value, e.low, e.high),
        None => "n/a (no variance)".to_string(),
    }
}
