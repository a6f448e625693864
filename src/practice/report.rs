//! Group reports: exported attempts gathered from files and folders and
//! summed up per exercise — how many attempts, each score's spread, first
//! draft against final, the most frequent flags, and the goals least met.
//! Names are never shown: a report is an anonymised summary of the group.
//!
//! A file that is not a readable attempt is skipped with the reason; it
//! never stops the report. The JSON form is API (schema version 1).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::attempt::Attempt;
use super::goals::ScoreName;

/// The version of the report JSON.
pub const SCHEMA_VERSION: u32 = 1;
/// The largest attempt file read, in bytes.
const MAX_ATTEMPT_BYTES: u64 = 4 << 20;
/// How many flags and goals each exercise lists.
const TOP: usize = 5;

/// A file that was not used, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    pub file: String,
    pub reason: String,
}

/// An attempt with the file it came from.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub file: String,
    pub attempt: Attempt,
}

/// Attempts read from files and folders (each folder's `*.json` files, not
/// recursively; hidden files such as half-written temporaries are ignored).
#[derive(Debug, Clone, Default)]
pub struct Collected {
    pub attempts: Vec<Loaded>,
    pub skipped: Vec<Skipped>,
}

/// Reads every attempt under `paths`.
pub fn collect(paths: &[PathBuf]) -> Collected {
    let mut c = Collected::default();
    for p in paths {
        if p.is_dir() {
            let mut files: Vec<PathBuf> = match std::fs::read_dir(p) {
                Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
                Err(e) => {
                    c.skipped.push(Skipped {
                        file: p.display().to_string(),
                        reason: format!("cannot read the folder: {e}"),
                    });
                    continue;
                }
            };
            files.sort();
            for f in files {
                let hidden = f
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'));
                if hidden || f.is_dir() {
                    continue;
                }
                if f.extension().is_some_and(|x| x == "json") {
                    read_one(&f, &mut c);
                } else {
                    c.skipped.push(Skipped {
                        file: f.display().to_string(),
                        reason: "not a .json file".into(),
                    });
                }
            }
        } else {
            read_one(p, &mut c);
        }
    }
    c
}

fn read_one(path: &Path, c: &mut Collected) {
    let file = path.display().to_string();
    let reason = match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => "no such file".to_string(),
        Err(e) => format!("cannot read: {e}"),
        Ok(m) if m.len() > MAX_ATTEMPT_BYTES => {
            format!("{} bytes is too large for an attempt", m.len())
        }
        Ok(_) => match std::fs::read(path) {
            Err(e) => format!("cannot read: {e}"),
            Ok(bytes) => match String::from_utf8(bytes) {
                Err(_) => "not UTF-8 text".to_string(),
                Ok(text) => match Attempt::from_json(&text) {
                    Ok(attempt) => {
                        c.attempts.push(Loaded { file, attempt });
                        return;
                    }
                    Err(reason) => reason,
                },
            },
        },
    };
    c.skipped.push(Skipped { file, reason });
}

/// Min, median, mean and max of a score.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Spread {
    pub min: u8,
    pub median: f64,
    pub mean: f64,
    pub max: u8,
}

impl Spread {
    pub fn of(values: &[u8]) -> Option<Spread> {
        if values.is_empty() {
            return None;
        }
        let mut v = values.to_vec();
        v.sort_unstable();
        let n = v.len();
        let median = if n % 2 == 1 {
            f64::from(v[n / 2])
        } else {
            (f64::from(v[n / 2 - 1]) + f64::from(v[n / 2])) / 2.0
        };
        let mean = v.iter().map(|x| f64::from(*x)).sum::<f64>() / n as f64;
        Some(Spread {
            min: v[0],
            median,
            mean: (mean * 10.0).round() / 10.0,
            max: v[n - 1],
        })
    }
}

/// One score across the group: the final drafts' spread, and the mean of
/// first drafts against final ones.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreSummary {
    pub score: ScoreName,
    #[serde(rename = "final")]
    pub last: Spread,
    pub first_mean: f64,
    pub final_mean: f64,
}

/// A rule flagged in the group's drafts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FlagCount {
    pub rule: String,
    /// Attempts whose first draft raised it.
    pub first_drafts: usize,
    /// Attempts whose final draft still raised it.
    pub final_drafts: usize,
}

/// How often a goal was met.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GoalCount {
    pub text: String,
    pub met: usize,
    pub of: usize,
}

/// The summary of one exercise.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExerciseSummary {
    pub exercise: String,
    pub title: String,
    pub attempts: usize,
    /// Attempts whose final draft met every goal.
    pub passed: usize,
    pub scores: Vec<ScoreSummary>,
    /// Most frequent first, at most five.
    pub flags: Vec<FlagCount>,
    /// Every goal, least met first.
    pub goals: Vec<GoalCount>,
}

/// The whole report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub schema_version: u32,
    pub attempts: usize,
    pub exercises: Vec<ExerciseSummary>,
    pub skipped: Vec<Skipped>,
}

/// Sums up attempts per exercise (exercises in order of first appearance
/// by id, sorted).
pub fn aggregate(c: &Collected) -> Report {
    let mut by: BTreeMap<&str, Vec<&Attempt>> = BTreeMap::new();
    for l in &c.attempts {
        by.entry(l.attempt.exercise.as_str())
            .or_default()
            .push(&l.attempt);
    }
    let exercises = by
        .into_iter()
        .map(|(id, atts)| summarize(id, &atts))
        .collect();
    Report {
        schema_version: SCHEMA_VERSION,
        attempts: c.attempts.len(),
        exercises,
        skipped: c.skipped.clone(),
    }
}

/// The summary of one exercise's attempts (at least one).
pub fn summarize(id: &str, atts: &[&Attempt]) -> ExerciseSummary {
    let mean = |v: &[u8]| {
        let m = v.iter().map(|x| f64::from(*x)).sum::<f64>() / v.len().max(1) as f64;
        (m * 10.0).round() / 10.0
    };
    let scores = ScoreName::ALL
        .into_iter()
        .filter_map(|s| {
            let last: Vec<u8> = atts.iter().map(|a| s.of(&a.last.scores)).collect();
            let first: Vec<u8> = atts.iter().map(|a| s.of(&a.first.scores)).collect();
            Some(ScoreSummary {
                score: s,
                last: Spread::of(&last)?,
                first_mean: mean(&first),
                final_mean: mean(&last),
            })
        })
        .collect();
    let mut flags: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for a in atts {
        for r in dedup(&a.first.flags) {
            flags.entry(r).or_default().0 += 1;
        }
        for r in dedup(&a.last.flags) {
            flags.entry(r).or_default().1 += 1;
        }
    }
    let mut flags: Vec<FlagCount> = flags
        .into_iter()
        .map(|(rule, (first_drafts, final_drafts))| FlagCount {
            rule: rule.to_string(),
            first_drafts,
            final_drafts,
        })
        .collect();
    flags.sort_by(|a, b| {
        (b.first_drafts + b.final_drafts)
            .cmp(&(a.first_drafts + a.final_drafts))
            .then_with(|| a.rule.cmp(&b.rule))
    });
    flags.truncate(TOP);
    let mut goals: Vec<GoalCount> = Vec::new();
    for a in atts {
        for g in &a.goals {
            match goals.iter_mut().find(|x| x.text == g.text) {
                Some(x) => {
                    x.of += 1;
                    x.met += usize::from(g.met);
                }
                None => goals.push(GoalCount {
                    text: g.text.clone(),
                    met: usize::from(g.met),
                    of: 1,
                }),
            }
        }
    }
    // Least met first (by share), ties in the exercise's own order.
    goals.sort_by(|a, b| (a.met * b.of).cmp(&(b.met * a.of)));
    ExerciseSummary {
        exercise: id.to_string(),
        title: atts
            .last()
            .map(|a| a.exercise_title.clone())
            .unwrap_or_default(),
        attempts: atts.len(),
        passed: atts.iter().filter(|a| a.passed).count(),
        scores,
        flags,
        goals,
    }
}

fn dedup(v: &[String]) -> Vec<&str> {
    let mut out: Vec<&str> = v.iter().map(String::as_str).collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Formats a number with at most one decimal ("62", "62.5").
fn num(x: f64) -> String {
    if (x - x.round()).abs() < 0.05 {
        format!("{}", x.round() as i64)
    } else {
        format!("{x:.1}")
    }
}

/// The report as Markdown, to paste into notes.
pub fn markdown(r: &Report) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# Practice report\n");
    let n_ex = r.exercises.len();
    let _ = writeln!(
        s,
        "{} attempt{} at {} exercise{}{}.\n",
        r.attempts,
        plural(r.attempts),
        n_ex,
        plural(n_ex),
        if r.skipped.is_empty() {
            String::new()
        } else {
            format!(
                "; {} file{} skipped (listed at the end)",
                r.skipped.len(),
                plural(r.skipped.len())
            )
        }
    );
    for e in &r.exercises {
        let _ = writeln!(s, "## {} (`{}`)\n", e.title, e.exercise);
        let _ = writeln!(
            s,
            "{} attempt{}; {} met every goal.\n",
            e.attempts,
            plural(e.attempts),
            e.passed
        );
        let _ = writeln!(
            s,
            "| score | min | median | max | first draft (mean) | final (mean) | change |"
        );
        let _ = writeln!(s, "| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        for sc in &e.scores {
            let change = sc.final_mean - sc.first_mean;
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} | {} | {} | {}{} |",
                sc.score.title(),
                sc.last.min,
                num(sc.last.median),
                sc.last.max,
                num(sc.first_mean),
                num(sc.final_mean),
                if change > 0.04 { "+" } else { "" },
                num(change)
            );
        }
        s.push('\n');
        if e.flags.is_empty() {
            let _ = writeln!(s, "No flags were raised in any draft.\n");
        } else {
            let _ = writeln!(s, "Most frequent flags (drafts that raised each):\n");
            for f in &e.flags {
                let _ = writeln!(
                    s,
                    "- `{}`: {} first draft{}, {} final",
                    f.rule,
                    f.first_drafts,
                    plural(f.first_drafts),
                    f.final_drafts
                );
            }
            s.push('\n');
        }
        let _ = writeln!(s, "Goals, least met first:\n");
        for g in &e.goals {
            let _ = writeln!(s, "- {} of {}: {}", g.met, g.of, g.text);
        }
        s.push('\n');
    }
    if !r.skipped.is_empty() {
        let _ = writeln!(s, "## Skipped files\n");
        for k in &r.skipped {
            let _ = writeln!(s, "- `{}`: {}", k.file, k.reason);
        }
        s.push('\n');
    }
    while s.ends_with("\n\n") {
        s.pop();
    }
    s
}

/// The report as JSON (schema version 1).
pub fn json(r: &Report) -> String {
    let mut s = serde_json::to_string_pretty(r).expect("reports serialize");
    s.push('\n');
    s
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spread_of_even_and_odd_counts() {
        let s = Spread::of(&[40, 80, 60]).unwrap();
        assert_eq!((s.min, s.median, s.mean, s.max), (40, 60.0, 60.0, 80));
        let s = Spread::of(&[40, 81]).unwrap();
        assert_eq!((s.median, s.mean), (60.5, 60.5));
        assert!(Spread::of(&[]).is_none());
    }

    #[test]
    fn numbers_read_cleanly() {
        assert_eq!(num(62.0), "62");
        assert_eq!(num(62.5), "62.5");
        assert_eq!(num(-3.0), "-3");
    }
}
