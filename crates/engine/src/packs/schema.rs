//! The shape of a prompt-pack file, as serde reads it. Unknown keys are
//! errors (`deny_unknown_fields`), and every value a person may get wrong
//! keeps its position (`toml::Spanned`) so that validation can point at it.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

/// One TOML file in `prompts/` (or in a `--prompts DIR`). A file may hold a
/// pack of rules with its questions and scaffolds, the intents, or the
/// language tables; any combination is allowed.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct PackFile {
    pub pack: Option<PackMeta>,
    #[serde(default)]
    pub lists: BTreeMap<Spanned<String>, ListDef>,
    #[serde(default)]
    pub rule: Vec<RuleDef>,
    #[serde(default)]
    pub question: Vec<QuestionDef>,
    #[serde(default)]
    pub scaffold: Vec<QuestionDef>,
    #[serde(default)]
    pub intent: Vec<IntentDef>,
    pub language: Option<LanguageDef>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackMeta {
    pub id: Spanned<String>,
    pub title: String,
    pub description: String,
    /// The dimension rules in this pack belong to unless they say otherwise.
    pub dimension: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleDef {
    pub id: Spanned<String>,
    pub kind: Spanned<String>,
    pub dimension: Option<Spanned<String>>,
    pub severity: Option<Spanned<String>>,
    pub weight: Option<Spanned<f64>>,
    /// The highest overall score a draft holding this flag can have (a
    /// judgment of the person keeps a draft below the bar whatever else
    /// it says).
    pub cap: Option<Spanned<i64>>,
    pub message: Spanned<String>,
    pub why: Spanned<String>,
    pub source: Option<String>,
    #[serde(default)]
    pub patterns: Vec<Spanned<String>>,
    pub computed: Option<Spanned<String>>,
    pub negation: Option<Spanned<String>>,
    #[serde(default)]
    pub yes_but: bool,
    /// A flag that marks the draft as ironic: its warm words are read as
    /// irony and earn nothing.
    #[serde(default)]
    pub irony: bool,
    /// A cue of sympathy or apology: hard words after it in its sentence
    /// name what went wrong for the reader, not an attack on them.
    #[serde(default)]
    pub sympathy: bool,
    /// A cue of sincere praise: a sentence that holds it and no word that
    /// evaluates is not read as an attack by the fitted reading.
    #[serde(default)]
    pub praise: bool,
    #[serde(default)]
    pub rewrites: Vec<Spanned<RewriteDef>>,
    /// Asked instead of a rewrite where none fits the sentence.
    pub question: Option<Spanned<String>>,
    pub examples: Spanned<ExamplesDef>,
    /// Further forms of the same flag, each with the rewrites that fit its
    /// words (`[[rule.form]]`): "obviously" can simply go, but "you clearly
    /// didn't" needs its own.
    #[serde(default)]
    pub form: Vec<FormDef>,
    /// For the fitted reading: what its flag says of a stretch heard as
    /// each kind of attack (`[[rule.reads_as]]`).
    #[serde(default)]
    pub reads_as: Vec<ReadsAsDef>,
    /// For the fitted reading: what its flag says of a stretch heard as one
    /// of two kinds, with `{first}` and `{second}` for their `heard_as`.
    pub reads_as_either: Option<Spanned<String>>,
}

/// The words of the reading's flag for one kind of attack.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReadsAsDef {
    /// A kind of `prompts/lexicon/reads-as.tsv` ("sarcasm").
    pub kind: Spanned<String>,
    pub message: Spanned<String>,
    pub question: Option<Spanned<String>>,
    /// The kind in a few words that follow "heard as" ("talking down to
    /// them"), for `reads_as_either`.
    pub heard_as: Option<Spanned<String>>,
}

/// One form of a flag: patterns whose words take the same rewrites. No
/// rewrites means none fits these words: the rule's question is asked.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormDef {
    pub patterns: Vec<Spanned<String>>,
    #[serde(default)]
    pub rewrites: Vec<Spanned<RewriteDef>>,
}

/// A named word list: plain entries, or a table that also says where the
/// entries come from.
#[derive(Debug)]
pub enum ListDef {
    Plain(Vec<Spanned<String>>),
    Described(DescribedList),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DescribedList {
    /// Where the entries come from (written for tactful, or a named public
    /// lexicon and its licence).
    pub source: String,
    /// What belongs in the list, in one line.
    pub about: Option<String>,
    pub entries: Vec<Spanned<String>>,
}

impl ListDef {
    pub fn entries(&self) -> &[Spanned<String>] {
        match self {
            ListDef::Plain(e) => e,
            ListDef::Described(d) => &d.entries,
        }
    }
}

// Written out rather than `#[serde(untagged)]`: an untagged enum buffers
// its input, and the positions `Spanned` keeps for located errors would be
// lost on the way.
impl<'de> Deserialize<'de> for ListDef {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = ListDef;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an array of entries, or a table with `source` and `entries`")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, seq: A) -> Result<ListDef, A::Error> {
                Vec::deserialize(serde::de::value::SeqAccessDeserializer::new(seq))
                    .map(ListDef::Plain)
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<ListDef, A::Error> {
                DescribedList::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(ListDef::Described)
            }
        }
        d.deserialize_any(V)
    }
}

/// A suggested rewrite: its words (replacing the match), or its words and
/// what they replace.
#[derive(Debug)]
pub enum RewriteDef {
    Match(String),
    Scoped(ScopedRewrite),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScopedRewrite {
    pub text: String,
    /// `match` (the default), `clause` or `sentence`.
    #[serde(default = "match_scope")]
    pub replaces: String,
}

fn match_scope() -> String {
    "match".into()
}

impl<'de> Deserialize<'de> for RewriteDef {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = RewriteDef;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string, or a table with `text` and `replaces`")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<RewriteDef, E> {
                Ok(RewriteDef::Match(v.to_string()))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<RewriteDef, E> {
                Ok(RewriteDef::Match(v))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<RewriteDef, A::Error> {
                ScopedRewrite::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(RewriteDef::Scoped)
            }
        }
        d.deserialize_any(V)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExamplesDef {
    #[serde(rename = "match", default)]
    pub must_match: Vec<Spanned<String>>,
    #[serde(rename = "no_match", default)]
    pub must_not_match: Vec<Spanned<String>>,
    /// Optional thread message the examples answer (for computed listening
    /// rules that need a context).
    pub context: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
/// A reflective question, or (under `[[scaffold]]`) a fill-in sentence
/// start with a `___` blank.
pub struct QuestionDef {
    pub dimension: Spanned<String>,
    #[serde(default)]
    pub intents: Vec<Spanned<String>>,
    pub text: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IntentDef {
    pub id: Spanned<String>,
    pub title: Spanned<String>,
    pub description: Spanned<String>,
    /// Relative weight of each dimension in the overall score
    /// (`empathy`, `humility`, `listening`, `next_step`, `calm`).
    pub weights: Spanned<BTreeMap<String, f64>>,
    /// Questions asked on the read step for this intent.
    #[serde(default)]
    pub prompts: Vec<Spanned<String>>,
}

/// Word lists the matcher's mechanisms read. Kept as data so that the
/// language lives in `prompts/`, not in code.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct LanguageDef {
    /// Contracted form → the full forms it stands for (`"don't" = ["do not"]`).
    #[serde(default)]
    pub contractions: BTreeMap<String, Vec<String>>,
    /// Words that negate what follows them ("not", "never", "don't").
    #[serde(default)]
    pub negators: Vec<String>,
    /// Words that take back what came before ("but", "however").
    #[serde(default)]
    pub contrast: Vec<String>,
    /// Openings of open questions ("what", "how", "could you say more").
    #[serde(default)]
    pub open_question_starters: Vec<String>,
    /// Words too common to count as reflecting someone's point.
    #[serde(default)]
    pub stopwords: Vec<String>,
    /// Upper-case words that are names, not shouting ("JSON", "README").
    #[serde(default)]
    pub acronyms: Vec<String>,
    /// Words that only add emphasis, skipped in text and patterns alike.
    #[serde(default)]
    pub intensifiers: Vec<String>,
    /// Word lists whose words are recognised in disguise (`f*ck`, `m0ron`).
    #[serde(default)]
    pub disguised_lists: Vec<String>,
    /// Words that take a phrase out of the assertive voice ("if", "do").
    #[serde(default)]
    pub hypotheticals: Vec<String>,
    /// Words that strengthen the tone of the next word ("so rude").
    #[serde(default)]
    pub boosters: Vec<String>,
    /// Words that soften the tone of what follows ("a bit rude").
    #[serde(default)]
    pub dampeners: Vec<String>,
    /// Words whose rating in the valence lexicon carries no heat in a
    /// thread ("failed", "bug").
    #[serde(default)]
    pub tone_neutral: Vec<String>,
    /// Lists whose words carry no heat either (feelings).
    #[serde(default)]
    pub tone_neutral_lists: Vec<String>,
    /// Words rated as verbs that are as often a preposition ("like"):
    /// they carry their tone only right after one of `tone_verb_after`.
    #[serde(default)]
    pub tone_verbs: Vec<String>,
    /// The words that make one of `tone_verbs` a verb ("I", "would").
    #[serde(default)]
    pub tone_verb_after: Vec<String>,
    /// Words that name the reader ("you", "your").
    #[serde(default)]
    pub second_person: Vec<String>,
    /// The writer speaking of their own state ("I am", "we are"): a warm
    /// word they deny right after ("I'm not comfortable") is how they feel,
    /// not heat.
    #[serde(default)]
    pub self_states: Vec<String>,
    /// Words that report what someone else said or thought ("you called
    /// it", "as they say"): words in single quotation marks after one are
    /// theirs.
    #[serde(default)]
    pub reporting: Vec<String>,
    /// Words whose full stop does not end a sentence ("e.g", "dr").
    #[serde(default)]
    pub abbreviations: Vec<Spanned<String>>,
    /// The words suggested rewrites are fitted to their sentence with.
    #[serde(default)]
    pub rewrites: Option<RewritesDef>,
}

/// `[language.rewrites]`: the words `rewrite` fits suggestions with. Every
/// list holds single words.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RewritesDef {
    #[serde(default)]
    pub question_openers: Vec<Spanned<String>>,
    #[serde(default)]
    pub question_clause_openers: Vec<Spanned<String>>,
    #[serde(default)]
    pub statement_openers: Vec<Spanned<String>>,
    #[serde(default)]
    pub question_clause_joiners: Vec<Spanned<String>>,
    #[serde(default)]
    pub subordinators: Vec<Spanned<String>>,
    #[serde(default)]
    pub fillers: Vec<Spanned<String>>,
    #[serde(default)]
    pub dangling: Vec<Spanned<String>>,
    #[serde(default)]
    pub pairing: Vec<Spanned<String>>,
    #[serde(default)]
    pub never_after_article: Vec<Spanned<String>>,
    #[serde(default)]
    pub question_words: Vec<Spanned<String>>,
    #[serde(default)]
    pub clitics: Vec<Spanned<String>>,
    #[serde(default)]
    pub stub_subjects: Vec<Spanned<String>>,
    #[serde(default)]
    pub copulas: Vec<Spanned<String>>,
    #[serde(default)]
    pub list_continuations: Vec<Spanned<String>>,
    #[serde(default)]
    pub coordinators: Vec<Spanned<String>>,
    #[serde(default)]
    pub subjects: Vec<Spanned<String>>,
    #[serde(default)]
    pub statement_joiners: Vec<Spanned<String>>,
    #[serde(default)]
    pub clause_joiners: Vec<Spanned<String>>,
    #[serde(default)]
    pub comma_joiners: Vec<Spanned<String>>,
    #[serde(default)]
    pub articles: Vec<Spanned<String>>,
    #[serde(default)]
    pub pronouns: Vec<Spanned<String>>,
    #[serde(default)]
    pub function_words: Vec<Spanned<String>>,
    #[serde(default)]
    pub chat_you: Vec<Spanned<String>>,
    #[serde(default)]
    pub expletives: Vec<Spanned<String>>,
    /// Placeholder modifiers by name: word as written → what replaces it.
    #[serde(default)]
    pub modifiers: BTreeMap<String, Spanned<BTreeMap<String, String>>>,
    /// Neutral-word modifiers by name: the word for one, the word for many.
    #[serde(default)]
    pub neutral: BTreeMap<String, Spanned<Vec<String>>>,
    /// Strict replacement modifiers by name: word → plainer words.
    #[serde(default)]
    pub replace: BTreeMap<String, Spanned<BTreeMap<String, String>>>,
    #[serde(default)]
    pub plural_endings: Vec<Spanned<String>>,
    #[serde(default)]
    pub singular_endings: Vec<Spanned<String>>,
    #[serde(default)]
    pub plurals: Vec<Spanned<String>>,
}
