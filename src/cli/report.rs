//! `tactful report FILE|DIR...`: exported practice attempts summed up per
//! exercise, as Markdown to paste into notes or as JSON (schema version 1).
//! Files that are not readable attempts are listed as skipped with the
//! reason; they never stop the report.
//!
//! Exit codes: 0 a report with at least one attempt, 1 no attempt could be
//! read (the report still lists what was skipped), 2 bad usage.

use std::io::Write;

use super::output::Out;
use super::{GlobalArgs, ReportArgs, ReportFormat, Status};
use crate::practice::report;

pub fn run(_global: &GlobalArgs, args: ReportArgs) -> anyhow::Result<Status> {
    let collected = report::collect(&args.paths);
    let r = report::aggregate(&collected);
    let text = match args.format {
        ReportFormat::Markdown => report::markdown(&r),
        ReportFormat::Json => report::json(&r),
    };
    let mut out = Out::new();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(if r.attempts > 0 { 0 } else { 1 })
}
