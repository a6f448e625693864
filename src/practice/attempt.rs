//! An attempt at an exercise: the first and the final draft with their
//! scores and flags, and which goals the final draft met. Attempts are what
//! the history keeps (one JSON line each) and what `--export` writes for a
//! facilitator (one JSON document).
//!
//! The JSON is API (schema version 1): adding a field is fine, renaming or
//! removing one bumps `schema_version`.
//!
//! ```json
//! {
//!   "schema_version": 1,
//!   "kind": "tactful.attempt",
//!   "exercise": "release-broke-ci", "exercise_title": "…", "difficulty": 1,
//!   "intent": "de-escalate",
//!   "name": "Robin",                        // only with --name
//!   "started_at": "2026-11-25T09:01:00Z",   // may be absent
//!   "finished_at": "2026-11-25T09:14:12Z",
//!   "first": { "text": "…", "words": 52, "scores": { "overall": 41, … },
//!              "flags": ["escalation.absolute"], "cues": ["empathy.appreciate"] },
//!   "final": { … the same fields … },
//!   "goals": [ { "text": "…", "kind": "has_rule", "met": true, "detail": "found 1, 1 needed" } ],
//!   "passed": true,
//!   "tactful_version": "0.1.0"
//! }
//! ```

use serde::{Deserialize, Serialize};

use super::exercise::Exercise;
use super::goals::{self, GoalResult};
use tactful_engine::{Analysis, Engine, Scores};

/// The version of the attempt JSON.
pub const SCHEMA_VERSION: u32 = 1;
/// The `kind` every attempt file carries, to tell it from other JSON.
pub const KIND: &str = "tactful.attempt";

/// One draft as checked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub text: String,
    pub words: usize,
    pub scores: Scores,
    /// Rule ids of the flags raised, in text order (repeats kept).
    pub flags: Vec<String>,
    /// Rule ids of the cues found, in text order (repeats kept).
    pub cues: Vec<String>,
}

impl Draft {
    pub fn new(text: &str, a: &Analysis) -> Draft {
        Draft {
            text: text.to_string(),
            words: a.words,
            scores: a.scores,
            flags: a.flags().map(|f| f.rule_id.to_string()).collect(),
            cues: a.cues().map(|f| f.rule_id.to_string()).collect(),
        }
    }
}

/// One attempt at an exercise.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attempt {
    pub schema_version: u32,
    pub kind: String,
    pub exercise: String,
    pub exercise_title: String,
    pub difficulty: u8,
    pub intent: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_at: Option<String>,
    pub finished_at: String,
    pub first: Draft,
    #[serde(rename = "final")]
    pub last: Draft,
    pub goals: Vec<GoalResult>,
    pub passed: bool,
    pub tactful_version: String,
}

impl Attempt {
    /// Checks the drafts and records the attempt. `first` is the first draft
    /// checked (the same as `last` when there was only one).
    pub fn new(
        ex: &Exercise,
        engine: &Engine,
        first: &str,
        last: &str,
        started_at: Option<String>,
        finished_at: String,
    ) -> Attempt {
        let a_first = ex.analyze(engine, first);
        let a_last = ex.analyze(engine, last);
        Attempt::from_analyses(
            ex,
            (first, &a_first),
            (last, &a_last),
            started_at,
            finished_at,
        )
    }

    /// Records an attempt from drafts already analysed.
    pub fn from_analyses(
        ex: &Exercise,
        first: (&str, &Analysis),
        last: (&str, &Analysis),
        started_at: Option<String>,
        finished_at: String,
    ) -> Attempt {
        let results = goals::check_all(&ex.goals, last.1);
        Attempt {
            schema_version: SCHEMA_VERSION,
            kind: KIND.to_string(),
            exercise: ex.id.clone(),
            exercise_title: ex.title.clone(),
            difficulty: ex.difficulty,
            intent: ex.intent.clone(),
            name: None,
            started_at,
            finished_at,
            first: Draft::new(first.0, first.1),
            last: Draft::new(last.0, last.1),
            passed: goals::all_met(&results),
            goals: results,
            tactful_version: env!("CARGO_PKG_VERSION").to_string(),
        }
    }

    /// With a name or pseudonym for the facilitator (trimmed; empty is none).
    pub fn with_name(mut self, name: Option<&str>) -> Attempt {
        self.name = name.map(|n| n.trim().to_string()).filter(|n| !n.is_empty());
        self
    }

    /// How many goals were met.
    pub fn goals_met(&self) -> usize {
        self.goals.iter().filter(|g| g.met).count()
    }

    /// The export document: pretty JSON with a final newline.
    pub fn to_json_pretty(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).expect("attempts serialize");
        s.push('\n');
        s
    }

    /// One history line, without the newline.
    pub fn to_json_line(&self) -> String {
        serde_json::to_string(self).expect("attempts serialize")
    }

    /// Reads an attempt from JSON, telling a foreign or newer document from
    /// a malformed one. The error is one line for people.
    pub fn from_json(text: &str) -> Result<Attempt, String> {
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
            format!(
                "not valid JSON at line {}, column {}: {}",
                e.line(),
                e.column(),
                strip_position(&e.to_string())
            )
        })?;
        match value.get("kind").and_then(|k| k.as_str()) {
            Some(KIND) => {}
            Some(other) => {
                return Err(format!(
                    "not a tactful attempt (its kind is \"{other}\", not \"{KIND}\")"
                ));
            }
            None => return Err(format!("not a tactful attempt (no \"kind\": \"{KIND}\")")),
        }
        match value.get("schema_version").and_then(|v| v.as_u64()) {
            Some(v) if v <= u64::from(SCHEMA_VERSION) => {}
            Some(v) => {
                return Err(format!(
                    "written by a newer tactful (schema_version {v}; this one reads {SCHEMA_VERSION})"
                ));
            }
            None => return Err("the attempt has no schema_version".to_string()),
        }
        serde_json::from_value(value)
            .map_err(|e| format!("a tactful attempt with a bad field: {e}"))
    }
}

fn strip_position(msg: &str) -> &str {
    msg.rfind(" at line ").map_or(msg, |p| &msg[..p])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::practice::Exercises;

    fn attempt() -> Attempt {
        let lib = tactful_engine::packs::builtin().unwrap();
        let engine = crate::prompts::builtin_engine().unwrap();
        let exercises = Exercises::builtin(&lib).unwrap();
        let ex = &exercises.all[0];
        Attempt::new(
            ex,
            &engine,
            "You always do this.",
            &ex.models[0].text,
            None,
            "2026-11-25T09:00:00Z".into(),
        )
        .with_name(Some("  Robin "))
    }

    #[test]
    fn an_attempt_round_trips_and_keeps_first_and_final() {
        let a = attempt();
        assert_eq!(a.name.as_deref(), Some("Robin"));
        assert_eq!(a.first.flags, vec!["escalation.absolute"]);
        assert!(a.last.flags.is_empty());
        assert!(a.passed);
        let back = Attempt::from_json(&a.to_json_pretty()).unwrap();
        assert_eq!(back, a);
        let v: serde_json::Value = serde_json::from_str(&a.to_json_line()).unwrap();
        assert_eq!(v["schema_version"], 1);
        assert_eq!(v["kind"], "tactful.attempt");
        assert!(v["final"]["scores"]["overall"].is_u64());
        assert!(v.get("started_at").is_none());
    }

    #[test]
    fn foreign_newer_and_malformed_documents_say_why() {
        assert_eq!(
            Attempt::from_json("{\"kind\": \"eslint\"}").unwrap_err(),
            "not a tactful attempt (its kind is \"eslint\", not \"tactful.attempt\")"
        );
        assert_eq!(
            Attempt::from_json("[1, 2]").unwrap_err(),
            "not a tactful attempt (no \"kind\": \"tactful.attempt\")"
        );
        assert_eq!(
            Attempt::from_json("{\"kind\": \"tactful.attempt\", \"schema_version\": 9}")
                .unwrap_err(),
            "written by a newer tactful (schema_version 9; this one reads 1)"
        );
        assert_eq!(
            Attempt::from_json("{\"kind\": \n").unwrap_err(),
            "not valid JSON at line 2, column 0: EOF while parsing a value"
        );
        assert!(
            Attempt::from_json("{\"kind\": \"tactful.attempt\", \"schema_version\": 1}")
                .unwrap_err()
                .starts_with("a tactful attempt with a bad field: missing field")
        );
    }
}
