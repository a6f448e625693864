//! What a rule is and how the engine reads it: the rule model that the
//! packs are loaded into. The engine owns these types; `prompts` is only the
//! loader and validator of the TOML files that build them, and depends on
//! the engine, never the other way.

use std::collections::HashMap;

pub use crate::types::Scope;
use arcstr::ArcStr;

use crate::types::{Dimension, Kind, Severity};

/// How a cue under negation is treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Negation {
    /// "I don't appreciate…" is not appreciation: the finding is dropped,
    /// also after a hypothetical ("if you need to…", "do you need to…").
    Drop,
    /// Dropped after a negator only: "you're not an idiot" is no attack,
    /// but "how does an idiot…" still is one.
    Grammatical,
    /// The finding stands whatever comes before it.
    Keep,
}

/// Cues and flags the engine computes rather than matches as phrases.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Computed {
    /// A question that invites an answer rather than a yes or a no.
    OpenQuestion,
    /// Runs of upper-case words.
    Shouting,
    /// Content words of the message being answered, said back.
    Reflection,
    /// An acknowledgment taken back by "but" (raised from `yes_but` cues).
    YesBut,
    /// A sentence whose words carry heat (see `tone`).
    Heat,
    /// A sentence whose words carry warmth.
    Warmth,
    /// A sentence whose words carry heat about a thing, not the reader.
    TopicHeat,
    /// A sentence the fitted reading hears as an attack (see `reading`).
    Reading,
}

impl Computed {
    pub const NAMES: [&'static str; 8] = [
        "open_question",
        "shouting",
        "reflection",
        "yes_but",
        "heat",
        "warmth",
        "topic_heat",
        "reading",
    ];

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "open_question" => Some(Computed::OpenQuestion),
            "shouting" => Some(Computed::Shouting),
            "reflection" => Some(Computed::Reflection),
            "yes_but" => Some(Computed::YesBut),
            "heat" => Some(Computed::Heat),
            "warmth" => Some(Computed::Warmth),
            "topic_heat" => Some(Computed::TopicHeat),
            "reading" => Some(Computed::Reading),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Computed::OpenQuestion => "open_question",
            Computed::Shouting => "shouting",
            Computed::Reflection => "reflection",
            Computed::YesBut => "yes_but",
            Computed::Heat => "heat",
            Computed::Warmth => "warmth",
            Computed::TopicHeat => "topic_heat",
            Computed::Reading => "reading",
        }
    }
}

/// Where something was defined.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Origin {
    pub file: String,
    pub line: usize,
    pub column: usize,
}

/// A text with the place it was written, for located errors.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Located {
    pub text: String,
    /// Byte range in the source file.
    pub span: std::ops::Range<usize>,
}

/// A rule, resolved and checked.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Rule {
    pub id: ArcStr,
    pub pack: String,
    pub kind: Kind,
    pub dimension: Dimension,
    pub severity: Severity,
    /// How much one finding moves its dimension (0.5 to 5).
    pub weight: f64,
    /// The highest overall score a draft holding this flag can have, if
    /// the rule sets one (see [`crate::score`]).
    #[serde(default)]
    pub cap: Option<u8>,
    pub message: ArcStr,
    pub why: String,
    pub source: Option<String>,
    /// As written (for `rules` and located errors; read from an engine
    /// image when first asked for, as are the examples).
    pub patterns: crate::serial::Lazy<Vec<Located>>,
    /// The patterns compiled for matching, in the order of `patterns`.
    /// Each read from an engine image when it is first tried.
    pub compiled: Vec<crate::serial::Lazy<crate::pattern::Compiled>>,
    pub computed: Option<Computed>,
    pub negation: Negation,
    pub yes_but: bool,
    /// A flag that marks the draft as ironic (`irony = true`): where one is
    /// found, warm words earn nothing (in the whole draft where it is a
    /// warning, in its own sentence where it is a note).
    #[serde(default)]
    pub irony: bool,
    /// A cue of sympathy or apology (`sympathy = true`): hard words after
    /// it in its sentence, before any "but", carry no heat ("I'm sorry the
    /// driver was rude to you").
    #[serde(default)]
    pub sympathy: bool,
    /// A cue of sincere praise (`praise = true`): a sentence that holds it
    /// and no word that evaluates is not read as an attack ("You did a good
    /// job on the deck." reads, word by word, like the mock praise the
    /// reading learnt from).
    #[serde(default)]
    pub praise: bool,
    /// The form each pattern belongs to, in the order of `patterns`: 0 for
    /// the rule's own patterns, then one per `[[rule.form]]`.
    pub pattern_forms: Vec<usize>,
    /// Every rewrite of the rule, each for its form.
    pub rewrites: Vec<Rewrite>,
    /// Asked instead of a rewrite where none fits the sentence.
    pub question: Option<ArcStr>,
    /// For the fitted reading (`computed = "reading"`): what its flag says
    /// for each kind of attack a marked stretch is heard as (see
    /// `reads_as`), in place of `message` and `question`.
    #[serde(default)]
    pub reads_as: Vec<ReadsAsText>,
    /// What the reading's flag says of a stretch heard as one of two kinds
    /// (`reads_as_either`), with `{first}` and `{second}` for their
    /// `heard_as` words.
    #[serde(default)]
    pub reads_as_either: Option<ArcStr>,
    pub examples_match: crate::serial::Lazy<Vec<Located>>,
    pub examples_no_match: crate::serial::Lazy<Vec<Located>>,
    pub example_context: Option<String>,
    pub origin: Origin,
}

/// What the reading's flag says of a stretch heard as one kind of attack
/// (`[[rule.reads_as]]`).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct ReadsAsText {
    /// The kind, as `prompts/lexicon/reads-as.tsv` names it ("sarcasm").
    pub kind: ArcStr,
    pub message: ArcStr,
    pub question: Option<ArcStr>,
    /// The kind in a few words that follow "heard as" ("talking down to
    /// them"), for a stretch heard as one of two kinds.
    pub heard_as: Option<ArcStr>,
}

impl Rule {
    /// The rewrites that fit words matched by pattern `pattern`.
    pub fn rewrites_for(&self, pattern: usize) -> impl Iterator<Item = &Rewrite> {
        let form = self.pattern_forms.get(pattern).copied().unwrap_or(0);
        self.rewrites.iter().filter(move |w| w.form == form)
    }
}

/// A suggested rewrite of a flag: its words, with placeholders (`{lower}`,
/// `{ack}`, `{first}`, `{last}`, and the names of the pattern's captures),
/// and what it replaces.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Rewrite {
    pub text: String,
    pub scope: Scope,
    /// The form of the rule whose words it fits (see `Rule::pattern_forms`).
    pub form: usize,
}

/// A named word list, with where its entries come from.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct WordListInfo {
    /// The entries as written.
    pub entries: Vec<String>,
    /// The entries folded for matching.
    #[serde(with = "crate::serial::shared_list")]
    pub words: std::sync::Arc<crate::wordlist::WordList>,
    pub source: Option<String>,
    pub about: Option<String>,
    /// The pack file that defines it.
    pub file: String,
}

/// A reflective question offered when a dimension is missing.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Question {
    pub dimension: Dimension,
    /// Intents it suits; empty means all.
    pub intents: Vec<String>,
    pub text: String,
}

/// A fill-in sentence start offered when a dimension is missing.
pub type Scaffold = Question;

/// What a reply is for, and how it weighs the dimensions.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Intent {
    pub id: String,
    pub title: String,
    pub description: String,
    /// Weight of each dimension in the overall score.
    pub weights: HashMap<Dimension, f64>,
    /// Questions for the read step.
    pub prompts: Vec<String>,
}

/// The language tables the engine's mechanisms read.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Language {
    pub contractions: std::collections::BTreeMap<String, Vec<String>>,
    pub negators: Vec<String>,
    pub contrast: Vec<String>,
    pub open_question_starters: Vec<String>,
    pub stopwords: Vec<String>,
    pub acronyms: Vec<String>,
    pub intensifiers: Vec<String>,
    /// Word lists whose words are recognised in disguise.
    pub disguised_lists: Vec<String>,
    /// Words that take a phrase out of the assertive voice ("if", "do"):
    /// they cancel cues and flags like negators, but do not turn tone round.
    pub hypotheticals: Vec<String>,
    /// Words that strengthen the tone of the word after them ("so rude").
    pub boosters: Vec<String>,
    /// Words that soften it ("a bit rude").
    pub dampeners: Vec<String>,
    /// Words whose rating carries no heat in a thread ("failed", "bug").
    pub tone_neutral: Vec<String>,
    /// Lists whose words carry no heat either (feelings).
    pub tone_neutral_lists: Vec<String>,
    /// Words rated as verbs that are as often a preposition ("like"): they
    /// carry their tone only right after one of `tone_verb_after`.
    pub tone_verbs: Vec<String>,
    /// The words that make one of `tone_verbs` a verb ("I", "would").
    pub tone_verb_after: Vec<String>,
    /// Words for the reader ("you", "your"): tone in a sentence with one is
    /// aimed at them.
    pub second_person: Vec<String>,
    /// The writer speaking of their own state ("I am"): a warm word denied
    /// right after ("I'm not comfortable") carries no heat.
    pub self_states: Vec<String>,
    /// Words that report someone else's words ("you called it"): words in
    /// single quotation marks after one are theirs.
    pub reporting: Vec<String>,
    /// Words whose full stop does not end a sentence of prose ("e.g",
    /// "dr"), lower case, without their last full stop.
    pub abbreviations: Vec<String>,
    /// The words suggested rewrites are fitted to their sentence with.
    pub rewrites: RewriteWords,
}

/// The words `rewrite` fits a suggestion to its sentence with
/// (`[language.rewrites]` in `prompts/language.toml`, where each table says
/// what it is for). Single words, lower case.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct RewriteWords {
    /// Words that open a question when they open a sentence ("could").
    pub question_openers: Vec<String>,
    /// Besides those, words that open a question of its own after a comma
    /// ("where").
    pub question_clause_openers: Vec<String>,
    /// Words that may come before such an opener ("but").
    pub question_clause_joiners: Vec<String>,
    /// Words that open a statement of its own when they open a rewrite
    /// ("I think…", "This isn't…"), as a swapped word ("unwise") does not.
    pub statement_openers: Vec<String>,
    /// Words that open a clause leaning on the next one ("when").
    pub subordinators: Vec<String>,
    /// Words that carry nothing on their own ("honestly", "well").
    pub fillers: Vec<String>,
    /// Words that cannot end a sentence ("the", "is").
    pub dangling: Vec<String>,
    /// Words that join two of a kind ("and", "or"): one of `dangling` right
    /// before one cannot be left by a removal ("because and").
    #[serde(default)]
    pub pairing: Vec<String>,
    /// Words no article stands right before ("for", "about"): a removal
    /// that leaves one after "a" ("I feel like a for asking") is not
    /// offered.
    #[serde(default)]
    pub never_after_article: Vec<String>,
    /// Words that ask ("how", "why"): one with only a verb of
    /// `question_openers` after it ("how can?") has lost what it asked.
    #[serde(default)]
    pub question_words: Vec<String>,
    /// The tails of contractions ("'s", "'re"): a removal never leaves one
    /// without the word it belonged to ("'s going to hit the fan").
    #[serde(default)]
    pub clitics: Vec<String>,
    /// Subjects that let two words still read as a sentence ("it").
    pub stub_subjects: Vec<String>,
    /// Forms of "be" that join a subject to what it is said to be ("are",
    /// "you're").
    pub copulas: Vec<String>,
    /// Words that open the second item of a list ("and", "a").
    pub list_continuations: Vec<String>,
    /// Words that join two clauses as equals ("and", "or"): a clause
    /// removed from either end of a sentence takes its joining word along.
    pub coordinators: Vec<String>,
    /// Words that open a clause as its subject ("you", "it's").
    pub subjects: Vec<String>,
    /// Words a first-person statement may follow inside a sentence ("and").
    pub statement_joiners: Vec<String>,
    /// Words by which a statement may be followed by the clause it joins.
    pub clause_joiners: Vec<String>,
    /// Words that join a clause to the one before it with a comma.
    pub comma_joiners: Vec<String>,
    /// Articles ("a", "the").
    pub articles: Vec<String>,
    /// Pronouns ("you", "them"), which no article may stand before.
    pub pronouns: Vec<String>,
    /// Words that open a sentence only by position ("you", "the").
    pub function_words: Vec<String>,
    /// Chat spellings of "you" ("u").
    pub chat_you: Vec<String>,
    /// Swear words that only add force ("fucking"): the coach leaves them
    /// out where a rewrite repeats words it captured.
    #[serde(default)]
    pub expletives: Vec<String>,
    /// Placeholder modifiers (`{who:object}`): by name, the words they
    /// change, exactly as written, and what replaces them.
    pub modifiers: std::collections::BTreeMap<String, std::collections::BTreeMap<String, String>>,
    /// Placeholder modifiers that put a neutral word in place of the
    /// captured ones, agreeing in number (`{label:person}`: "person" for
    /// "idiot", "people" for "idiots"): by name, the word for one and the
    /// word for many.
    pub neutral: std::collections::BTreeMap<String, [String; 2]>,
    /// Placeholder modifiers that put a plainer word in place of a loaded
    /// one (`{lower:plain}`: "unwise" for "stupid"): by name, each word in
    /// lower case and its replacement. A word the table does not hold
    /// leaves the rewrite unoffered.
    pub replace: std::collections::BTreeMap<String, std::collections::BTreeMap<String, String>>,
    /// Endings that make a word plural ("s"), unless it ends in one of
    /// `singular_endings` ("ss").
    pub plural_endings: Vec<String>,
    pub singular_endings: Vec<String>,
    /// Plurals of other shapes ("people", "men").
    pub plurals: Vec<String>,
}

/// A pack's description.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Pack {
    pub id: String,
    pub title: String,
    pub description: String,
    pub file: String,
    /// Whether the pack came from `--prompts DIR` rather than the binary.
    pub custom: bool,
}

/// Every pack, loaded and checked.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Library {
    pub packs: Vec<Pack>,
    pub rules: Vec<Rule>,
    /// Named word lists by name. Not in the engine image (see `image`):
    /// only compiling an engine reads them (the patterns hold the lists
    /// they use), so an engine read from an image has none.
    #[serde(skip)]
    pub lists: HashMap<String, WordListInfo>,
    pub questions: Vec<Question>,
    pub scaffolds: Vec<Scaffold>,
    pub intents: Vec<Intent>,
    pub language: Language,
    /// Word valence from −4 to +4 (the tone words carry). Not in the
    /// engine image: compiling an engine puts it in the matcher, and an
    /// engine read from an image has none here.
    #[serde(skip)]
    pub valence: Vec<(String, f32)>,
    /// Every pack file's text by name, for located errors after loading.
    /// The engine image names a built-in file instead of holding its text
    /// (see `packs::sources`).
    #[serde(with = "crate::packs::sources")]
    pub sources: HashMap<String, std::borrow::Cow<'static, str>>,
}

impl Library {
    /// A rule by id.
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// An intent by id.
    pub fn intent(&self, id: &str) -> Option<&Intent> {
        self.intents.iter().find(|i| i.id == id)
    }

    /// Reflective questions for a dimension, those naming `intent` first.
    pub fn questions_for(&self, dimension: Dimension, intent: Option<&str>) -> Vec<&Question> {
        select(&self.questions, dimension, intent)
    }

    /// Scaffolds for a dimension, those naming `intent` first.
    pub fn scaffolds_for(&self, dimension: Dimension, intent: Option<&str>) -> Vec<&Scaffold> {
        select(&self.scaffolds, dimension, intent)
    }
}

fn select<'a>(
    items: &'a [Question],
    dimension: Dimension,
    intent: Option<&str>,
) -> Vec<&'a Question> {
    let mut out: Vec<&Question> = items
        .iter()
        .filter(|q| q.dimension == dimension)
        .filter(|q| {
            q.intents.is_empty() || intent.is_some_and(|i| q.intents.iter().any(|x| x == i))
        })
        .collect();
    out.sort_by_key(|q| q.intents.is_empty());
    out
}
