//! The values the engine hands out: findings, scores and the analysis that
//! holds them. Spans are half-open byte ranges into the analysed text
//! (`byte_start..byte_end`); lines and columns are 1-based and count
//! characters (Unicode scalar values), not bytes.

use std::fmt;
use std::str::FromStr;

use arcstr::ArcStr;
use compact_str::CompactString;
use serde::{Deserialize, Serialize};

/// A dimension of a reply that tactful reads and scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    Empathy,
    Humility,
    Listening,
    Escalation,
    NextStep,
}

impl Dimension {
    /// Every dimension, in the order they are shown.
    pub const ALL: [Dimension; 5] = [
        Dimension::Empathy,
        Dimension::Humility,
        Dimension::Listening,
        Dimension::NextStep,
        Dimension::Escalation,
    ];

    /// The identifier used in rule ids, packs and JSON (`next_step`).
    pub fn id(self) -> &'static str {
        match self {
            Dimension::Empathy => "empathy",
            Dimension::Humility => "humility",
            Dimension::Listening => "listening",
            Dimension::Escalation => "escalation",
            Dimension::NextStep => "next_step",
        }
    }

    /// The name a person reads.
    pub fn title(self) -> &'static str {
        match self {
            Dimension::Empathy => "Empathy",
            Dimension::Humility => "Humility",
            Dimension::Listening => "Listening",
            Dimension::Escalation => "Calm",
            Dimension::NextStep => "Next step",
        }
    }

    /// The key of this dimension's score in [`Scores`] and in JSON output.
    /// The escalation dimension is scored as *calm*: 100 means nothing
    /// escalates, so that every score reads "higher is better".
    pub fn score_key(self) -> &'static str {
        match self {
            Dimension::Escalation => "calm",
            other => other.id(),
        }
    }
}

impl fmt::Display for Dimension {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl FromStr for Dimension {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "empathy" => Ok(Dimension::Empathy),
            "humility" => Ok(Dimension::Humility),
            "listening" => Ok(Dimension::Listening),
            "escalation" | "calm" => Ok(Dimension::Escalation),
            "next_step" | "next-step" => Ok(Dimension::NextStep),
            _ => Err(format!(
                "unknown dimension \"{s}\" (expected empathy, humility, listening, escalation or next_step)"
            )),
        }
    }
}

/// Whether finding a rule is good (a cue) or something to soften (a flag).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Cue,
    Flag,
}

/// How much a flag matters. Cues carry `Info`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

/// One thing the engine noticed in a draft.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// The rule that matched, e.g. `escalation.absolute`. Shared with the
    /// rule (as are `message` and `question`): a long draft has tens of
    /// thousands of findings, and copies of these texts were a third of the
    /// memory that holding them took.
    pub rule_id: ArcStr,
    pub dimension: Dimension,
    pub kind: Kind,
    pub severity: Severity,
    /// Half-open byte range into the analysed text.
    pub byte_start: usize,
    pub byte_end: usize,
    /// 1-based line of `byte_start`.
    pub line: usize,
    /// 1-based column of `byte_start`, counted in characters.
    pub column: usize,
    /// The text at the span, as the author wrote it: most are a few words,
    /// kept in the finding itself without an allocation of their own.
    pub matched: CompactString,
    /// One line: what this is and why it matters.
    pub message: ArcStr,
    /// Suggested rewrites (flags), each fitted to its sentence: the exact
    /// edit and the sentence as it would read.
    pub suggestions: Vec<Suggestion>,
    /// For a flag that no rewrite fits: a question to think it over with.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub question: Option<ArcStr>,
    /// How strongly the finding counts, from 0 to 1: 1 for a phrase, the
    /// sentence's lean for a tone finding.
    pub strength: f32,
    /// For a stretch the fitted reading marks (`judgment.reading`): the
    /// kind of attack it is heard as ("sarcasm", "threat"; see
    /// `prompts/lexicon/reads-as.tsv`), when one is named.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reads_as: Option<ArcStr>,
    /// The second kind, when neither alone was sure enough and the two
    /// together were: the stretch is heard as `reads_as`, or as this.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reads_as_or: Option<ArcStr>,
}

/// Scores from 0 to 100, higher is better for every one of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Scores {
    pub overall: u8,
    pub empathy: u8,
    pub humility: u8,
    pub listening: u8,
    pub next_step: u8,
    /// The escalation dimension: 100 when nothing escalates.
    pub calm: u8,
}

impl Scores {
    /// The score of one dimension.
    pub fn get(&self, dimension: Dimension) -> u8 {
        match dimension {
            Dimension::Empathy => self.empathy,
            Dimension::Humility => self.humility,
            Dimension::Listening => self.listening,
            Dimension::NextStep => self.next_step,
            Dimension::Escalation => self.calm,
        }
    }

    pub(crate) fn set(&mut self, dimension: Dimension, value: u8) {
        match dimension {
            Dimension::Empathy => self.empathy = value,
            Dimension::Humility => self.humility = value,
            Dimension::Listening => self.listening = value,
            Dimension::NextStep => self.next_step = value,
            Dimension::Escalation => self.calm = value,
        }
    }
}

/// How one rule moved one dimension's score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Contribution {
    pub rule_id: String,
    pub dimension: Dimension,
    pub kind: Kind,
    /// How many times the rule was found.
    pub count: usize,
    /// Evidence it added (positive for cues, negative for flags), after
    /// diminishing returns and before length normalisation.
    pub evidence: f64,
}

/// Everything the engine says about one draft.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Analysis {
    /// Findings in text order (by `byte_start`, then rule id).
    pub findings: Vec<Finding>,
    pub scores: Scores,
    /// What moved each score, rule by rule.
    pub contributions: Vec<Contribution>,
    /// Words counted in the author's own voice (quotes excluded).
    pub words: usize,
    /// Dimensions with no cue at all: candidates for a reflective question.
    pub missing: Vec<Dimension>,
    /// Flags the writer dismissed and chose to keep ("I meant it"): no
    /// longer listed among the findings, still counted in the scores.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub kept: Vec<Finding>,
}

/// What a reading comes to besides its findings: an [`Analysis`] without
/// them (see [`crate::Engine::summarize`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    pub scores: Scores,
    pub contributions: Vec<Contribution>,
    pub words: usize,
    pub missing: Vec<Dimension>,
    /// Whether the draft holds an attack on the person (an `error` flag),
    /// listed or kept by its writer.
    pub attacks: bool,
}

impl Summary {
    /// Whether the draft reaches the bar, as [`Analysis::passes`] says.
    pub fn passes(&self, min_score: u8) -> bool {
        self.scores.overall >= min_score && !self.attacks
    }
}

impl Analysis {
    /// What the analysis comes to besides its findings.
    pub fn summary(&self) -> Summary {
        Summary {
            scores: self.scores,
            contributions: self.contributions.clone(),
            words: self.words,
            missing: self.missing.clone(),
            attacks: self.attacks(),
        }
    }

    /// Whether the draft reaches the bar: its overall score is at least
    /// `min_score`, and it attacks no one (no `error` flag), whatever the
    /// bar.
    pub fn passes(&self, min_score: u8) -> bool {
        self.scores.overall >= min_score && !self.attacks()
    }

    /// Whether the draft holds an attack on the person (an `error` flag),
    /// listed or kept by its writer.
    pub fn attacks(&self) -> bool {
        self.flags()
            .chain(self.kept.iter())
            .any(|f| f.kind == Kind::Flag && f.severity == Severity::Error)
    }

    /// Flags only.
    pub fn flags(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| f.kind == Kind::Flag)
    }

    /// Flags to fix: warnings and errors. Notes (`info` flags) are things
    /// to look at, not to fix: they do not count against "no flag".
    pub fn to_fix(&self) -> impl Iterator<Item = &Finding> {
        self.flags().filter(|f| f.severity > Severity::Info)
    }

    /// The flags the coach's own words may not raise: every flag but the
    /// note on hard words about a thing, which is what explaining threats
    /// and contempt is made of.
    pub fn against_own_advice(&self) -> impl Iterator<Item = &Finding> {
        self.flags().filter(|f| f.rule_id != "tone.topic-heat")
    }

    /// Cues only.
    pub fn cues(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| f.kind == Kind::Cue)
    }
}

/// A rewrite fitted to a draft: the exact edit and the sentence it gives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    /// What the edit puts in place of `byte_start..byte_end` (empty: the
    /// words are removed).
    pub replacement: String,
    /// What the rule's rewrite replaces: the match, its clause or its
    /// sentence.
    pub replaces: Scope,
    /// Half-open byte range of the draft that the edit replaces.
    pub byte_start: usize,
    pub byte_end: usize,
    /// The whole sentence as it reads after the change (empty when the
    /// change removes the sentence).
    pub sentence: String,
}

/// What a rewrite replaces: the words the rule matched, the clause they
/// stand in, or their whole sentence. A rewrite that is a whole clause
/// only ever replaces a whole clause.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    Match,
    Clause,
    Sentence,
}

impl Scope {
    pub const NAMES: [&'static str; 3] = ["match", "clause", "sentence"];

    pub fn parse(s: &str) -> Option<Scope> {
        match s {
            "match" => Some(Scope::Match),
            "clause" => Some(Scope::Clause),
            "sentence" => Some(Scope::Sentence),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        Scope::NAMES[self as usize]
    }
}
