//! Measuring scores against human judgments: read a labelled CSV, score
//! every row with the same engine `check` uses, and report how well each
//! score agrees with the labels. Pure: reads values, returns values.

pub mod stats;

use rayon::prelude::*;
use serde::Serialize;

use stats::Estimate;
use tactful_engine::{Context, Dimension, Engine, Scores};

/// Bootstrap resamples for the 95% intervals.
pub const RESAMPLES: usize = 1000;
const SEED: u64 = 0x7AC7_F011;

/// One labelled text.
#[derive(Debug, Clone)]
pub struct Row {
    pub text: String,
    pub label: f64,
}

/// Whether the labels are two classes or a scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LabelKind {
    Binary,
    Continuous,
}

/// Agreement of one score with the labels.
#[derive(Debug, Clone, Serialize)]
pub struct Agreement {
    pub score: String,
    pub spearman: Option<Estimate>,
    pub pearson: Option<Estimate>,
    /// Binary labels: AUC of the score separating 1 from 0. Continuous
    /// labels: AUC of separating the top quartile from the bottom one.
    pub auc: Option<Estimate>,
    /// Mean score over the rows.
    pub mean: f64,
}

/// The whole evaluation.
#[derive(Debug, Clone, Serialize)]
pub struct Evaluation {
    pub n: usize,
    pub label_kind: LabelKind,
    pub resamples: usize,
    pub scores: Vec<Agreement>,
}

/// The score names reported, overall first.
pub fn score_names() -> Vec<&'static str> {
    let mut v = vec!["overall"];
    v.extend(Dimension::ALL.iter().map(|d| d.score_key()));
    v
}

fn pick(s: &Scores, name: &str) -> f64 {
    let v = match name {
        "overall" => s.overall,
        other => Dimension::ALL
            .iter()
            .find(|d| d.score_key() == other)
            .map_or(0, |d| s.get(*d)),
    };
    f64::from(v)
}

/// Scores every row (on all cores) and measures agreement.
pub fn evaluate(engine: &Engine, rows: &[Row], intent: Option<&str>) -> Evaluation {
    let scores: Vec<Scores> = rows
        .par_iter()
        .map(|r| {
            engine
                .analyze(
                    &r.text,
                    &Context {
                        intent,
                        ..Context::default()
                    },
                )
                .scores
        })
        .collect();
    measure(&scores, &rows.iter().map(|r| r.label).collect::<Vec<_>>())
}

/// Agreement of already computed scores with labels.
pub fn measure(scores: &[Scores], labels: &[f64]) -> Evaluation {
    let binary = labels.iter().all(|l| *l == 0.0 || *l == 1.0);
    let label_kind = if binary {
        LabelKind::Binary
    } else {
        LabelKind::Continuous
    };
    // For a continuous label, the groups are the top and bottom quartiles of
    // the whole data; resamples draw rows and keep their group.
    let groups: Vec<Option<bool>> = if binary {
        labels.iter().map(|l| Some(*l == 1.0)).collect()
    } else {
        let (q1, q3) = (stats::quantile(labels, 0.25), stats::quantile(labels, 0.75));
        labels
            .iter()
            .map(|l| {
                if *l >= q3 {
                    Some(true)
                } else if *l <= q1 {
                    Some(false)
                } else {
                    None
                }
            })
            .collect()
    };
    let n = labels.len();
    let out = score_names()
        .into_iter()
        .enumerate()
        .map(|(k, name)| {
            let x: Vec<f64> = scores.iter().map(|s| pick(s, name)).collect();
            let seed = SEED + k as u64;
            let take = |idx: &[usize]| -> (Vec<f64>, Vec<f64>) {
                (
                    idx.iter().map(|&i| x[i]).collect(),
                    idx.iter().map(|&i| labels[i]).collect(),
                )
            };
            let spearman = stats::bootstrap(n, RESAMPLES, seed, |idx| {
                let (a, b) = take(idx);
                stats::spearman(&a, &b)
            });
            let pearson = stats::bootstrap(n, RESAMPLES, seed + 100, |idx| {
                let (a, b) = take(idx);
                stats::pearson(&a, &b)
            });
            let auc = stats::bootstrap(n, RESAMPLES, seed + 200, |idx| {
                let (mut a, mut pos) = (Vec::new(), Vec::new());
                for &i in idx {
                    if let Some(g) = groups[i] {
                        a.push(x[i]);
                        pos.push(g);
                    }
                }
                stats::auc(&a, &pos)
            });
            Agreement {
                score: name.to_string(),
                spearman,
                pearson,
                auc,
                mean: if n > 0 {
                    x.iter().sum::<f64>() / n as f64
                } else {
                    0.0
                },
            }
        })
        .collect();
    Evaluation {
        n,
        label_kind,
        resamples: RESAMPLES,
        scores: out,
    }
}

/// Reads labelled rows from CSV text: a header row naming the columns.
/// Errors name the line (1-based, counting the header) and what is wrong.
pub fn read_csv(
    name: &str,
    data: &str,
    text_column: &str,
    label_column: &str,
) -> anyhow::Result<Vec<Row>> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(data.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| anyhow::anyhow!("{name}:1: cannot read the header row: {e}"))?
        .clone();
    let find = |col: &str, flag: &str| {
        headers.iter().position(|h| h == col).ok_or_else(|| {
            anyhow::anyhow!(
                "{name}:1: no column \"{col}\" (the columns are: {}); name the right one with {flag}",
                headers.iter().collect::<Vec<_>>().join(", ")
            )
        })
    };
    let (t, l) = (
        find(text_column, "--text-column")?,
        find(label_column, "--label-column")?,
    );
    let mut rows = Vec::new();
    for rec in reader.records() {
        let rec = rec.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            anyhow::anyhow!("{name}:{line}: {}", csv_reason(&e))
        })?;
        let line = rec.position().map_or(0, |p| p.line());
        let label_text = rec.get(l).unwrap_or("").trim();
        let label: f64 = label_text.parse().map_err(|_| {
            anyhow::anyhow!("{name}:{line}: the label \"{label_text}\" in column \"{label_column}\" is not a number")
        })?;
        if !label.is_finite() {
            anyhow::bail!("{name}:{line}: the label \"{label_text}\" is not a finite number");
        }
        rows.push(Row {
            text: rec.get(t).unwrap_or("").to_string(),
            label,
        });
    }
    if rows.len() < 3 {
        anyhow::bail!(
            "{name}: {} labelled row(s); at least 3 are needed to measure anything",
            rows.len()
        );
    }
    Ok(rows)
}

fn csv_reason(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            format!("this row has {len} fields but the header has {expected_len}")
        }
        _ => e.to_string(),
    }
}
