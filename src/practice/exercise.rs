//! Exercises as data: the shape of an exercise file, loading with located
//! errors (`file:line:col` and the line with a caret), and the checks that
//! tie an exercise to the rule packs — its intent, the rules and dimensions
//! its goals name, and that every model reply meets its own goals without
//! raising a flag.
//!
//! An exercise file (`prompts/exercises/*.toml`):
//!
//! ```toml
//! id = "release-broke-ci"           # lower case, digits and `-`
//! title = "The release that broke their CI"
//! difficulty = 1                    # 1 (gentle) to 3 (hard)
//! venue = "open-source issue"       # where it happens, a few words
//! setting = "You maintain a library; a user whose build broke writes…"
//! intent = "de-escalate"            # an id from prompts/intents.toml
//!
//! [thread]
//! title = "v3 broke everything"     # optional
//! answering = 2                     # 1-based; the last message if absent
//! [[thread.message]]
//! author = "Dana"
//! body = "…"
//!
//! [[goal]]                          # one to six; see `goals`
//! kind = "has_rule"
//! rules = ["listening.reflect", "listening.paraphrase"]
//! text = "Say one of their points back"
//!
//! [[model]]                         # two or three
//! text = "…"
//! note = "What makes it work."
//!
//! [facilitator]
//! questions = ["…"]                 # discussion questions
//! watch_for = ["…"]                 # what to watch for
//! notes = "…"                       # optional
//! ```

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::goals::{Check, Goal, ScoreName};
use tactful_engine::packs::{PackError, PackErrors};
use tactful_engine::rules::Library;
use tactful_engine::{Analysis, Context, Dimension, Engine, Kind};

/// The largest exercise file read, in bytes.
const MAX_FILE_BYTES: u64 = 1 << 20;
/// The most goals an exercise may have: a checklist people can hold in mind.
const MAX_GOALS: usize = 6;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExerciseFile {
    id: Spanned<String>,
    title: Spanned<String>,
    difficulty: Spanned<i64>,
    venue: Spanned<String>,
    setting: Spanned<String>,
    intent: Spanned<String>,
    thread: Spanned<ThreadDef>,
    #[serde(default)]
    goal: Vec<GoalDef>,
    #[serde(default)]
    model: Vec<ModelDef>,
    facilitator: Spanned<FacilitatorDef>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ThreadDef {
    title: Option<String>,
    answering: Option<Spanned<i64>>,
    #[serde(default)]
    message: Vec<MessageDef>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MessageDef {
    author: Spanned<String>,
    time: Option<String>,
    body: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GoalDef {
    kind: Spanned<String>,
    text: Spanned<String>,
    rule: Option<Spanned<String>>,
    rules: Option<Vec<Spanned<String>>>,
    min: Option<Spanned<i64>>,
    dimension: Option<Spanned<String>>,
    score: Option<Spanned<String>>,
    value: Option<Spanned<i64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ModelDef {
    text: Spanned<String>,
    note: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FacilitatorDef {
    #[serde(default)]
    questions: Vec<Spanned<String>>,
    #[serde(default)]
    watch_for: Vec<Spanned<String>>,
    notes: Option<String>,
}

/// One message of an exercise's thread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThreadMessage {
    pub author: String,
    pub time: Option<String>,
    pub body: String,
}

/// A model reply and what makes it work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelReply {
    pub text: String,
    pub note: String,
    /// Where the text is in the exercise file (bytes), for located errors.
    pub span: Range<usize>,
}

/// An exercise, loaded and checked.
#[derive(Debug, Clone)]
pub struct Exercise {
    pub id: String,
    pub title: String,
    /// 1 (gentle) to 3 (hard).
    pub difficulty: u8,
    /// Where it happens: "open-source issue", "family group chat".
    pub venue: String,
    /// The situation in a few sentences, addressed to the person practising.
    pub setting: String,
    /// The intent id the reply is for.
    pub intent: String,
    pub thread_title: Option<String>,
    pub messages: Vec<ThreadMessage>,
    /// 0-based index of the message being answered.
    pub answering: usize,
    pub goals: Vec<Goal>,
    pub models: Vec<ModelReply>,
    pub questions: Vec<String>,
    pub watch_for: Vec<String>,
    pub notes: Option<String>,
    /// The file it was read from (`prompts/exercises/x.toml` when built in).
    pub file: String,
    /// The file's text, for located errors after loading.
    pub source: String,
    /// Whether it came from a directory rather than the binary.
    pub custom: bool,
}

impl Exercise {
    /// The text of the message being answered.
    pub fn answered(&self) -> &str {
        &self.messages[self.answering].body
    }

    /// The analysis context of a draft for this exercise.
    pub fn context(&self) -> Context<'_> {
        Context {
            answering: Some(self.answered()),
            intent: Some(&self.intent),
            dismissed: &[],
        }
    }

    /// Analyses a draft in this exercise's context.
    pub fn analyze(&self, engine: &Engine, draft: &str) -> Analysis {
        engine.analyze(draft, &self.context())
    }

    /// The thread in tactful's plain-text thread format (`Name:` headers,
    /// messages separated by blank lines).
    pub fn thread_text(&self) -> String {
        let mut s = String::new();
        if let Some(t) = &self.thread_title {
            s.push_str(&format!("# {t}\n\n"));
        }
        for (i, m) in self.messages.iter().enumerate() {
            if i > 0 {
                s.push('\n');
            }
            s.push_str(&format!("{}:\n{}\n", m.author, m.body.trim_end()));
        }
        s
    }

    /// A problem at a model reply's text.
    fn error_at_model(&self, model: usize, message: String) -> PackError {
        PackError::at(
            &self.file,
            &self.source,
            self.models[model].span.clone(),
            message,
        )
    }
}

/// Every exercise, in the order they are listed (difficulty, then id).
#[derive(Debug, Clone, Default)]
pub struct Exercises {
    pub all: Vec<Exercise>,
}

impl Exercises {
    /// The built-in exercises.
    pub fn builtin(lib: &Library) -> Result<Exercises, PackErrors> {
        load(super::embedded::files(), Vec::new(), lib)
    }

    /// The built-in exercises, then every `*.toml` file of each directory
    /// (not recursively): a custom exercise with a built-in id replaces it.
    pub fn load(dirs: &[&Path], lib: &Library) -> Result<Exercises, PackErrors> {
        let mut custom = Vec::new();
        for dir in dirs {
            custom.extend(read_dir(dir)?);
        }
        load(super::embedded::files(), custom, lib)
    }

    /// An exercise by id.
    pub fn get(&self, id: &str) -> Option<&Exercise> {
        self.all.iter().find(|e| e.id == id)
    }

    /// The id nearest to a mistyped one, for "did you mean".
    pub fn nearest(&self, id: &str) -> Option<&str> {
        crate::prompts::nearest(self.all.iter().map(|e| e.id.as_str()), id)
    }
}

/// Reads every `*.toml` file of a directory, sorted by name. A missing
/// directory holds no exercises.
pub fn read_dir(dir: &Path) -> Result<Vec<(String, String)>, PackErrors> {
    let (files, errors) =
        match tactful_engine::packs::load::toml_files(dir, MAX_FILE_BYTES, "exercises") {
            Ok(read) => read,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => {
                return Err(PackErrors(vec![PackError::file(
                    &dir.display().to_string(),
                    format!("cannot read the directory: {e}"),
                )]));
            }
        };
    if errors.is_empty() {
        Ok(files)
    } else {
        Err(PackErrors(errors))
    }
}

/// Loads built-in files, then custom ones, checking each against `lib`.
/// Every problem of every file is reported.
pub fn load(
    builtin: Vec<(String, String)>,
    custom: Vec<(String, String)>,
    lib: &Library,
) -> Result<Exercises, PackErrors> {
    let mut errors = Vec::new();
    let mut all: Vec<Exercise> = Vec::new();
    let mut seen: HashMap<String, (String, bool)> = HashMap::new();
    for (is_custom, files) in [(false, builtin), (true, custom)] {
        for (name, text) in files {
            let mut r = Resolver {
                name: &name,
                text: &text,
                lib,
                errors: Vec::new(),
            };
            let Some(ex) = r.file(is_custom) else {
                errors.extend(r.errors);
                continue;
            };
            if !r.errors.is_empty() {
                errors.extend(r.errors);
                continue;
            }
            match seen.get(&ex.id) {
                Some((first, first_custom)) if *first_custom == is_custom => {
                    errors.push(PackError::at(
                        &name,
                        &text,
                        id_span(&text),
                        format!(
                            "the exercise id \"{}\" is already used by {first}; rename one of them",
                            ex.id
                        ),
                    ));
                    continue;
                }
                Some(_) => all.retain(|e| e.id != ex.id),
                None => {}
            }
            seen.insert(ex.id.clone(), (name.clone(), is_custom));
            all.push(ex);
        }
    }
    if !errors.is_empty() {
        return Err(PackErrors(errors));
    }
    all.sort_by(|a, b| (a.difficulty, &a.id).cmp(&(b.difficulty, &b.id)));
    Ok(Exercises { all })
}

fn id_span(text: &str) -> Range<usize> {
    text.find("id").map_or(0..0, |p| p..p + 2)
}

struct Resolver<'a> {
    name: &'a str,
    text: &'a str,
    lib: &'a Library,
    errors: Vec<PackError>,
}

impl Resolver<'_> {
    fn err<T>(&mut self, at: &Spanned<T>, msg: String) {
        self.err_span(at.span(), msg);
    }

    fn err_span(&mut self, span: Range<usize>, msg: String) {
        self.errors
            .push(PackError::at(self.name, self.text, span, msg));
    }

    fn non_empty(&mut self, s: &Spanned<String>, what: &str) -> String {
        let t = s.get_ref().trim();
        if t.is_empty() {
            self.err(s, format!("{what} must not be empty"));
        }
        t.to_string()
    }

    fn file(&mut self, custom: bool) -> Option<Exercise> {
        let def = match toml::from_str::<ExerciseFile>(self.text) {
            Ok(d) => d,
            Err(e) => {
                let span = e.span().unwrap_or(0..0);
                let msg = e.message().trim().replace('\n', " ");
                self.err_span(span, msg);
                return None;
            }
        };
        let id = def.id.get_ref().clone();
        if !valid_id(&id) {
            self.err(
                &def.id,
                format!(
                    "\"{id}\" is not an exercise id: use lower-case letters, digits and `-`, e.g. `release-broke-ci`"
                ),
            );
        }
        let title = self.non_empty(&def.title, "the title");
        let venue = self.non_empty(&def.venue, "the venue");
        let setting = self.non_empty(&def.setting, "the setting");
        let difficulty = *def.difficulty.get_ref();
        if !(1..=3).contains(&difficulty) {
            self.err(
                &def.difficulty,
                format!("difficulty {difficulty} is not 1, 2 or 3"),
            );
        }
        let intent = def.intent.get_ref().clone();
        if self.lib.intent(&intent).is_none() || intent == "default" {
            let known: Vec<&str> = self
                .lib
                .intents
                .iter()
                .map(|i| i.id.as_str())
                .filter(|i| *i != "default")
                .collect();
            self.err(
                &def.intent,
                format!(
                    "no intent has the id \"{intent}\"; choose one of {}",
                    known.join(", ")
                ),
            );
        }
        let (messages, answering) = self.thread(&def.thread);
        let mut goals = Vec::new();
        for g in &def.goal {
            if let Some(goal) = self.goal(g) {
                goals.push(goal);
            }
        }
        if def.goal.is_empty() || def.goal.len() > MAX_GOALS {
            self.err(
                &def.id,
                format!(
                    "an exercise needs 1 to {MAX_GOALS} `[[goal]]` tables; this one has {}",
                    def.goal.len()
                ),
            );
        }
        if !(2..=3).contains(&def.model.len()) {
            self.err(
                &def.id,
                format!(
                    "an exercise needs two or three `[[model]]` replies; this one has {}",
                    def.model.len()
                ),
            );
        }
        let models = def
            .model
            .iter()
            .map(|m| ModelReply {
                text: self.non_empty(&m.text, "a model reply"),
                note: self.non_empty(&m.note, "the note on a model reply"),
                span: content_span(self.text, m.text.span()),
            })
            .collect();
        let f = def.facilitator.get_ref();
        if f.questions.is_empty() {
            self.err(
                &def.facilitator,
                "give the facilitator at least one discussion question under `questions`".into(),
            );
        }
        let questions = f
            .questions
            .iter()
            .map(|q| self.non_empty(q, "a discussion question"))
            .collect();
        let watch_for = f
            .watch_for
            .iter()
            .map(|q| self.non_empty(q, "a `watch_for` entry"))
            .collect();
        Some(Exercise {
            id,
            title,
            difficulty: difficulty.clamp(1, 3) as u8,
            venue,
            setting,
            intent,
            thread_title: def.thread.get_ref().title.clone(),
            messages,
            answering,
            goals,
            models,
            questions,
            watch_for,
            notes: f.notes.clone().filter(|n| !n.trim().is_empty()),
            file: self.name.to_string(),
            source: self.text.to_string(),
            custom,
        })
    }

    fn thread(&mut self, t: &Spanned<ThreadDef>) -> (Vec<ThreadMessage>, usize) {
        let def = t.get_ref();
        if def.message.is_empty() {
            self.err(
                t,
                "the thread needs at least one `[[thread.message]]` with an author and a body"
                    .into(),
            );
            return (Vec::new(), 0);
        }
        let messages: Vec<ThreadMessage> = def
            .message
            .iter()
            .map(|m| ThreadMessage {
                author: self.non_empty(&m.author, "the author"),
                time: m.time.clone(),
                body: self.non_empty(&m.body, "the body of a message"),
            })
            .collect();
        let answering = match &def.answering {
            None => messages.len() - 1,
            Some(n) => {
                let v = *n.get_ref();
                if v < 1 || v as usize > messages.len() {
                    self.err(
                        n,
                        format!(
                            "answering {v} is not a message: the thread has {} (count from 1)",
                            messages.len()
                        ),
                    );
                    messages.len() - 1
                } else {
                    v as usize - 1
                }
            }
        };
        (messages, answering)
    }

    fn goal(&mut self, g: &GoalDef) -> Option<Goal> {
        let before = self.errors.len();
        let text = self.non_empty(&g.text, "a goal's `text`");
        let kind = g.kind.get_ref().as_str();
        // Which optional fields each kind takes.
        let takes: &[&str] = match kind {
            "has_rule" => &["rule", "rules", "min"],
            "no_rule" => &["rule", "rules"],
            "has_cue" => &["dimension", "min"],
            "no_flags" => &["dimension"],
            "score_at_least" => &["score", "value"],
            "words_at_most" => &["value"],
            other => {
                self.err(
                    &g.kind,
                    format!(
                        "goal kind \"{other}\" is not one of {}",
                        Check::KINDS.join(", ")
                    ),
                );
                return None;
            }
        };
        let given: [(&str, Option<Range<usize>>); 6] = [
            ("rule", g.rule.as_ref().map(|s| s.span())),
            (
                "rules",
                g.rules.as_ref().and_then(|v| v.first()).map(|s| s.span()),
            ),
            ("min", g.min.as_ref().map(|s| s.span())),
            ("dimension", g.dimension.as_ref().map(|s| s.span())),
            ("score", g.score.as_ref().map(|s| s.span())),
            ("value", g.value.as_ref().map(|s| s.span())),
        ];
        for (field, span) in given {
            if let Some(span) = span
                && !takes.contains(&field)
            {
                self.err_span(
                    span,
                    format!("`{field}` does not apply to a `{kind}` goal; remove it"),
                );
            }
        }
        let check = match kind {
            "has_rule" | "no_rule" => {
                let rules = self.rules(g)?;
                if kind == "has_rule" {
                    Check::HasRule {
                        rules,
                        min: self.min(g),
                    }
                } else {
                    Check::NoRule { rules }
                }
            }
            "has_cue" => {
                let dimension = self.dimension(g);
                if dimension == Some(Dimension::Escalation) {
                    let d = g.dimension.as_ref().expect("a dimension was given");
                    self.err(
                        d,
                        "the escalation dimension has no cues, only flags; use a `no_flags` goal"
                            .into(),
                    );
                }
                Check::HasCue {
                    dimension,
                    min: self.min(g),
                }
            }
            "no_flags" => Check::NoFlags {
                dimension: self.dimension(g),
            },
            "score_at_least" => {
                let Some(s) = &g.score else {
                    self.err(
                        &g.kind,
                        "a `score_at_least` goal needs `score` (overall, empathy, humility, listening, next_step or calm)".into(),
                    );
                    return None;
                };
                let score = match s.get_ref().parse::<ScoreName>() {
                    Ok(sc) => sc,
                    Err(e) => {
                        self.err(s, e);
                        return None;
                    }
                };
                let value = self.value(g, 0, 100)?;
                Check::ScoreAtLeast {
                    score,
                    value: value as u8,
                }
            }
            "words_at_most" => Check::WordsAtMost {
                value: self.value(g, 1, 10_000)? as u32,
            },
            _ => unreachable!("kinds are checked above"),
        };
        (self.errors.len() == before).then_some(Goal { text, check })
    }

    fn rules(&mut self, g: &GoalDef) -> Option<Vec<String>> {
        let mut named: Vec<&Spanned<String>> = Vec::new();
        named.extend(g.rule.iter());
        named.extend(g.rules.iter().flatten());
        if named.is_empty() || (g.rule.is_some() && g.rules.is_some()) {
            self.err(
                &g.kind,
                format!(
                    "a `{}` goal names its rule with `rule = \"…\"` or several with `rules = [\"…\"]`, one of the two",
                    g.kind.get_ref()
                ),
            );
            return None;
        }
        let has = g.kind.get_ref() == "has_rule";
        let mut out = Vec::new();
        for r in named {
            let id = r.get_ref();
            match self.lib.rule(id) {
                None => {
                    let near = crate::prompts::nearest(self.lib.rules.iter().map(|r| r.id.as_str()), id)
                        .map(|n| format!(" (did you mean \"{n}\"?)"))
                        .unwrap_or_default();
                    self.err(
                        r,
                        format!(
                            "no rule has the id \"{id}\"{near}; `tactful rules --list` lists them"
                        ),
                    );
                }
                Some(rule) if has && rule.kind == Kind::Flag => self.err(
                    r,
                    format!(
                        "\"{id}\" is a flag, something to soften; a `has_rule` goal asks for a cue (use `no_rule` to ask for its absence)"
                    ),
                ),
                Some(_) => out.push(id.clone()),
            }
        }
        Some(out)
    }

    fn min(&mut self, g: &GoalDef) -> u32 {
        match &g.min {
            None => 1,
            Some(m) if (1..=20).contains(m.get_ref()) => *m.get_ref() as u32,
            Some(m) => {
                self.err(m, format!("min {} is outside 1 to 20", m.get_ref()));
                1
            }
        }
    }

    fn dimension(&mut self, g: &GoalDef) -> Option<Dimension> {
        let d = g.dimension.as_ref()?;
        match d.get_ref().parse::<Dimension>() {
            Ok(dim) => Some(dim),
            Err(e) => {
                self.err(d, e);
                None
            }
        }
    }

    fn value(&mut self, g: &GoalDef, lo: i64, hi: i64) -> Option<i64> {
        let Some(v) = &g.value else {
            self.err(
                &g.kind,
                format!("a `{}` goal needs a `value`", g.kind.get_ref()),
            );
            return None;
        };
        let n = *v.get_ref();
        if !(lo..=hi).contains(&n) {
            self.err(v, format!("value {n} is outside {lo} to {hi}"));
            return None;
        }
        Some(n)
    }
}

/// Checks that every model reply of an exercise meets all its goals and
/// raises no flag: the exercise practises what it preaches. Returns one
/// located error per problem.
pub fn check_models(ex: &Exercise, engine: &Engine) -> Vec<PackError> {
    let mut out = Vec::new();
    for (i, m) in ex.models.iter().enumerate() {
        let a = ex.analyze(engine, &m.text);
        for f in a.to_fix() {
            out.push(ex.error_at_model(
                i,
                format!(
                    "model reply {} of \"{}\" raises `{}` on \"{}\"; a model reply must raise no flag",
                    i + 1,
                    ex.id,
                    f.rule_id,
                    f.matched
                ),
            ));
        }
        for r in super::goals::check_all(&ex.goals, &a) {
            if !r.met {
                out.push(ex.error_at_model(
                    i,
                    format!(
                        "model reply {} of \"{}\" does not meet the goal \"{}\" ({})",
                        i + 1,
                        ex.id,
                        r.text,
                        r.detail
                    ),
                ));
            }
        }
    }
    out
}

/// The coaching text of an exercise that tactful itself speaks (the setting,
/// goal texts, notes on model replies, facilitator questions and notes), for the test
/// that the coach follows its own advice.
pub fn own_texts(ex: &Exercise) -> Vec<(String, String)> {
    let mut v = vec![(format!("{} setting", ex.id), ex.setting.clone())];
    for g in &ex.goals {
        v.push((format!("{} goal", ex.id), g.text.clone()));
    }
    for (i, m) in ex.models.iter().enumerate() {
        v.push((format!("{} model {} note", ex.id, i + 1), m.note.clone()));
    }
    for q in &ex.questions {
        v.push((format!("{} question", ex.id), q.clone()));
    }
    for w in &ex.watch_for {
        v.push((format!("{} watch_for", ex.id), w.clone()));
    }
    if let Some(n) = &ex.notes {
        v.push((format!("{} notes", ex.id), n.clone()));
    }
    v
}

/// The span of a string value's first character, past the quotes and the
/// newline that opens a multi-line string.
fn content_span(source: &str, span: Range<usize>) -> Range<usize> {
    let value = source.get(span.clone()).unwrap_or("");
    let mut start = span.start;
    if value.starts_with("\"\"\"") || value.starts_with("'''") {
        start += 3;
        if source[start..].starts_with("\r\n") {
            start += 2;
        } else if source[start..].starts_with('\n') {
            start += 1;
        }
    } else if value.starts_with('"') || value.starts_with('\'') {
        start += 1;
    }
    start..span.end
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !id.starts_with('-')
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
id = "tiny"
title = "A tiny exercise"
difficulty = 1
venue = "test"
setting = "Someone is upset."
intent = "understand"

[thread]
[[thread.message]]
author = "Sam"
body = "The export crashes whenever the archive folder is empty."

[[goal]]
kind = "has_rule"
rules = ["listening.reflect", "listening.paraphrase"]
text = "Say their point back"

[[goal]]
kind = "no_flags"
text = "Raise no flag"

[[model]]
text = "Thanks: so the export crashes when the archive is empty? I'll look at that path."
note = "It picks up their words."

[[model]]
text = "An empty archive folder is a case we never tested. Thanks for finding it."
note = "It names their case."

[facilitator]
questions = ["What did Sam need?"]
"#;

    fn lib() -> Library {
        tactful_engine::packs::builtin().unwrap()
    }

    fn load_one(text: &str) -> Result<Exercises, PackErrors> {
        load(Vec::new(), vec![("x.toml".into(), text.into())], &lib())
    }

    #[test]
    fn a_good_exercise_loads_and_its_models_pass() {
        let ex = load_one(GOOD).unwrap();
        let e = ex.get("tiny").unwrap();
        assert_eq!(e.answering, 0);
        assert_eq!(e.goals.len(), 2);
        let engine = crate::prompts::builtin_engine().unwrap();
        assert_eq!(check_models(e, &engine), vec![]);
        assert_eq!(
            e.thread_text(),
            "Sam:\nThe export crashes whenever the archive folder is empty.\n"
        );
    }

    #[test]
    fn unknown_fields_are_located() {
        let bad = GOOD.replace(
            "text = \"Raise no flag\"",
            "text = \"Raise no flag\"\ncolour = 3",
        );
        let e = load_one(&bad).unwrap_err().to_string();
        assert!(e.starts_with("x.toml:22:1: unknown field `colour`"), "{e}");
    }

    #[test]
    fn goals_naming_unknown_rules_and_wrong_fields_are_all_reported() {
        let bad = GOOD
            .replace("\"listening.paraphrase\"]", "\"listening.parafrase\"]")
            .replace(
                "kind = \"no_flags\"",
                "kind = \"no_flags\"\nvalue = 3\ndimension = \"kindness\"",
            );
        let e = load_one(&bad).unwrap_err();
        let msgs: Vec<String> =
            e.0.iter()
                .map(|e| format!("{}:{} {}", e.line, e.column, e.message))
                .collect();
        assert_eq!(
            msgs,
            vec![
                "16:31 no rule has the id \"listening.parafrase\" (did you mean \"listening.paraphrase\"?); `tactful rules --list` lists them",
                "21:9 `value` does not apply to a `no_flags` goal; remove it",
                "22:13 unknown dimension \"kindness\" (expected empathy, humility, listening, escalation or next_step)",
            ]
        );
    }

    #[test]
    fn a_flag_cannot_be_a_has_rule_goal_and_intents_must_exist() {
        let bad = GOOD
            .replace(
                "[\"listening.reflect\", \"listening.paraphrase\"]",
                "[\"escalation.absolute\"]",
            )
            .replace("intent = \"understand\"", "intent = \"win\"");
        let e = load_one(&bad).unwrap_err().to_string();
        assert!(
            e.contains("no intent has the id \"win\"; choose one of understand"),
            "{e}"
        );
        assert!(e.contains("\"escalation.absolute\" is a flag"), "{e}");
    }

    #[test]
    fn model_replies_that_miss_goals_or_raise_flags_are_located() {
        let bad = GOOD.replace(
            "An empty archive folder is a case we never tested. Thanks for finding it.",
            "You always send these. Obviously it works.",
        );
        let ex = load_one(&bad).unwrap();
        let engine = crate::prompts::builtin_engine().unwrap();
        let errs: Vec<String> = check_models(ex.get("tiny").unwrap(), &engine)
            .iter()
            .map(|e| format!("{}:{} {}", e.line, e.column, e.message))
            .collect();
        assert!(
            errs.iter()
                .any(|e| e
                    .starts_with("28:9 model reply 2 of \"tiny\" raises `escalation.absolute`")),
            "{errs:?}"
        );
        assert!(
            errs.iter()
                .any(|e| e.contains("does not meet the goal \"Say their point back\"")),
            "{errs:?}"
        );
    }

    #[test]
    fn custom_exercises_replace_built_in_ones_with_the_same_id() {
        let ex = load(
            vec![("a.toml".into(), GOOD.into())],
            vec![("b.toml".into(), GOOD.replace("A tiny exercise", "Replaced"))],
            &lib(),
        )
        .unwrap();
        assert_eq!(ex.all.len(), 1);
        assert_eq!(ex.all[0].title, "Replaced");
        let dup = load(
            vec![
                ("a.toml".into(), GOOD.into()),
                ("b.toml".into(), GOOD.into()),
            ],
            Vec::new(),
            &lib(),
        )
        .unwrap_err()
        .to_string();
        assert!(
            dup.contains("b.toml:2:1: the exercise id \"tiny\" is already used by a.toml"),
            "{dup}"
        );
    }
}
