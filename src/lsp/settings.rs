//! What the server is configured with, in layers: the defaults, then what
//! the command line and the configuration file said (resolved by
//! `tactful lsp` before the server starts), then what the client sends in
//! `initializationOptions` and `workspace/didChangeConfiguration`. The
//! client's layer wins, key by key: a key it sends replaces the value, a
//! key it sends as `null` goes back to the file's value, a key it leaves
//! out is kept.
//!
//! Client settings may be flat (`{"intent": "understand"}`) or under a
//! `tactful` section (`{"tactful": {"intent": "understand"}}`), as editors
//! that scope settings by server send them. Keys are camelCase; the
//! configuration file's snake_case spellings are accepted too.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::Value;

/// How long the server waits after the last change before it reads the
/// buffer again, unless the client sets `debounceMs`.
pub const DEFAULT_DEBOUNCE: Duration = Duration::from_millis(150);

/// What `tactful lsp` resolved from its command line and the configuration
/// file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Base {
    /// Extra or overriding packs.
    pub prompts: Option<PathBuf>,
    pub intent: Option<String>,
    pub min_score: u8,
}

/// The client's layer.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ClientLayer {
    pub prompts: Option<PathBuf>,
    pub intent: Option<String>,
    pub min_score: Option<u8>,
    pub cue_hints: Option<bool>,
    pub debounce_ms: Option<u64>,
}

/// The settings in force.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub prompts: Option<PathBuf>,
    pub intent: Option<String>,
    pub min_score: u8,
    /// Whether good cues are reported as information-level diagnostics.
    pub cue_hints: bool,
    pub debounce: Duration,
}

impl Settings {
    pub fn resolve(base: &Base, client: &ClientLayer) -> Settings {
        Settings {
            prompts: client.prompts.clone().or_else(|| base.prompts.clone()),
            intent: client.intent.clone().or_else(|| base.intent.clone()),
            min_score: client.min_score.unwrap_or(base.min_score),
            cue_hints: client.cue_hints.unwrap_or(false),
            debounce: client
                .debounce_ms
                .map_or(DEFAULT_DEBOUNCE, Duration::from_millis),
        }
    }
}

impl ClientLayer {
    /// Applies what the client sent. Relative pack directories are read
    /// from `root` (the workspace root, or the server's directory).
    /// Returns one line per key that could not be used, to tell the user;
    /// the other keys still apply.
    pub fn update(&mut self, value: &Value, root: &Path) -> Vec<String> {
        let mut problems = Vec::new();
        let map = match value {
            Value::Object(m) => match m.get("tactful") {
                Some(Value::Object(inner)) => inner,
                Some(Value::Null) => return problems,
                None => m,
                Some(other) => {
                    problems.push(format!(
                        "the tactful settings should be an object, not {}",
                        kind(other)
                    ));
                    return problems;
                }
            },
            Value::Null => return problems,
            other => {
                problems.push(format!(
                    "the settings should be an object, not {}",
                    kind(other)
                ));
                return problems;
            }
        };
        for (key, v) in map {
            match key.as_str() {
                "prompts" | "promptsDir" | "prompts_dir" => match v {
                    Value::Null => self.prompts = None,
                    Value::String(s) if !s.trim().is_empty() => {
                        let p = PathBuf::from(crate::files::expand_home(s.trim()));
                        self.prompts = Some(if p.is_relative() { root.join(p) } else { p });
                    }
                    other => problems.push(format!(
                        "{key}: expected the path of a directory of packs, got {}",
                        kind(other)
                    )),
                },
                "intent" => match v {
                    Value::Null => self.intent = None,
                    Value::String(s) if s.trim().is_empty() => self.intent = None,
                    Value::String(s) => self.intent = Some(s.trim().to_string()),
                    other => problems.push(format!(
                        "intent: expected an intent id such as \"understand\", got {}",
                        kind(other)
                    )),
                },
                "minScore" | "min_score" => match v {
                    Value::Null => self.min_score = None,
                    Value::Number(n) if n.as_u64().is_some_and(|n| n <= 100) => {
                        self.min_score = n.as_u64().map(|n| n as u8);
                    }
                    other => problems.push(format!(
                        "{key}: expected a whole number from 0 to 100, got {}",
                        kind(other)
                    )),
                },
                "cueHints" | "cue_hints" => match v {
                    Value::Null => self.cue_hints = None,
                    Value::Bool(b) => self.cue_hints = Some(*b),
                    other => problems.push(format!(
                        "{key}: expected true or false, got {}",
                        kind(other)
                    )),
                },
                "debounceMs" | "debounce_ms" => match v {
                    Value::Null => self.debounce_ms = None,
                    Value::Number(n) if n.as_u64().is_some_and(|n| n <= 10_000) => {
                        self.debounce_ms = n.as_u64();
                    }
                    other => problems.push(format!(
                        "{key}: expected milliseconds from 0 to 10000, got {}",
                        kind(other)
                    )),
                },
                other => problems.push(format!(
                    "unknown setting \"{other}\" (known: prompts, intent, minScore, cueHints, debounceMs)"
                )),
            }
        }
        problems
    }
}

fn kind(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => format!("\"{s}\""),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "an object".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn base() -> Base {
        Base {
            prompts: Some(PathBuf::from("/file/packs")),
            intent: Some("understand".into()),
            min_score: 60,
        }
    }

    #[test]
    fn the_client_wins_key_by_key_and_null_goes_back_to_the_file() {
        let mut c = ClientLayer::default();
        let root = Path::new("/ws");
        assert!(
            c.update(
                &json!({"tactful": {"minScore": 70, "cueHints": true}}),
                root
            )
            .is_empty()
        );
        let s = Settings::resolve(&base(), &c);
        assert_eq!(s.min_score, 70);
        assert!(s.cue_hints);
        assert_eq!(s.intent.as_deref(), Some("understand"));
        assert_eq!(s.debounce, DEFAULT_DEBOUNCE);
        // A later notification that leaves keys out keeps them.
        assert!(
            c.update(&json!({"intent": "de-escalate", "prompts": "packs"}), root)
                .is_empty()
        );
        let s = Settings::resolve(&base(), &c);
        assert_eq!(s.min_score, 70);
        assert_eq!(s.intent.as_deref(), Some("de-escalate"));
        assert_eq!(s.prompts, Some(PathBuf::from("/ws/packs")));
        assert!(c.update(&json!({"minScore": null}), root).is_empty());
        assert_eq!(Settings::resolve(&base(), &c).min_score, 60);
    }

    #[test]
    fn bad_keys_are_named_and_the_rest_still_apply() {
        let mut c = ClientLayer::default();
        let mut problems = c.update(
            &json!({"minScore": 300, "cue_hints": "yes", "colour": 1, "debounce_ms": 20}),
            Path::new("/"),
        );
        problems.sort();
        assert_eq!(
            problems,
            vec![
                "cue_hints: expected true or false, got \"yes\"",
                "minScore: expected a whole number from 0 to 100, got 300",
                "unknown setting \"colour\" (known: prompts, intent, minScore, cueHints, debounceMs)",
            ]
        );
        assert_eq!(c.debounce_ms, Some(20));
        assert_eq!(c.min_score, None);
    }

    #[test]
    fn empty_and_null_settings_change_nothing() {
        let mut c = ClientLayer::default();
        assert!(c.update(&json!({}), Path::new("/")).is_empty());
        assert!(c.update(&Value::Null, Path::new("/")).is_empty());
        assert!(
            c.update(&json!({"tactful": null}), Path::new("/"))
                .is_empty()
        );
        assert_eq!(c, ClientLayer::default());
    }
}
