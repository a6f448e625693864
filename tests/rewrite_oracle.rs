//! A test oracle from outside the rules: every suggestion of every flag,
//! applied to every heated and civil sentence written for these tests
//! (`tests/fixtures/heated/`, `tests/fixtures/civil/`) and to every rule's
//! own examples, must read as a sentence a person could send:
//!
//! - the flag it was for is gone, and no flag appears that was not there;
//! - no word is doubled at a seam, no article stands before a pronoun;
//! - a question ends with "?" and the coach's own statement does not; no
//!   word inside the sentence gains a capital the draft did not give it;
//!   a verb stands after "could you", "is to" and their kind (by Harper's
//!   dictionary), and the sentence keeps a word that can be a verb;
//! - a grammar checker from outside the project (Harper) finds no problem
//!   in the new sentence that it did not find in the old one.
//!
//! The same oracle runs over the first suggestions on ParaDetox's real
//! toxic comments, read by path from `../shared/data` where it is there.

use std::collections::BTreeSet;
use std::path::Path;

use harper_core::linting::{LintGroup, Linter};
use harper_core::parsers::PlainEnglish;
use harper_core::spell::{Dictionary, FstDictionary};
use harper_core::{Dialect, Document};
use tactful_engine::{Context, Engine, Kind, rewrite};

/// Every sentence of the corpus files in `dir`: one per line, a tab, then
/// its label; `#` lines are comments.
fn corpus(dir: &str) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut files: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        for line in std::fs::read_to_string(&f).unwrap().lines() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let text = line.rsplit_once('\t').map_or(line, |(t, _)| t);
            out.push(text.to_string());
        }
    }
    out
}

fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Pairs of neighbouring words that read wrong: the same word twice, an
/// article before a pronoun.
fn bad_pairs(s: &str) -> BTreeSet<String> {
    const PRONOUNS: &[&str] = &[
        "i", "you", "he", "she", "we", "they", "it", "me", "him", "us", "them", "my", "your",
        "our", "their",
    ];
    let w = words(s);
    w.windows(2)
        .filter(|p| {
            (p[0] == p[1]
                && p[0].chars().any(char::is_alphabetic)
                && p[0] != "that"
                && p[0] != "had")
                || (matches!(p[0].as_str(), "a" | "an" | "the")
                    && PRONOUNS.contains(&p[1].as_str()))
        })
        .map(|p| p.join(" "))
        .collect()
}

/// Words that open a question when they open a sentence, and the words a
/// statement of the coach's own opens with.
const QUESTION_OPENERS: &[&str] = &[
    "could", "would", "can", "will", "do", "does", "did", "is", "are", "have", "has", "what",
    "why", "how",
];
const SUBJECTS: &[&str] = &[
    "you", "we", "i", "they", "it", "he", "she", "this", "that", "there",
];
/// Subjects that may take words after them ("nobody in this family").
const OPEN_SUBJECTS: &[&str] = &[
    "nobody", "anyone", "anybody", "someone", "somebody", "everyone", "no", "the", "a", "your",
    "my", "our", "their",
];

/// A sentence whose closing mark does not fit how it opens: "Could you
/// stop." or "I see it differently?".
fn wrong_mood(sentence: &str) -> Option<String> {
    // The first sentence of the suggestion, up to its closing mark.
    let end = sentence
        .char_indices()
        .find(|&(i, c)| matches!(c, '.' | '?' | '!') && sentence[i + 1..].starts_with(' '))
        .map_or(sentence.len(), |(i, _)| i + 1);
    let sentence = &sentence[..end];
    let w = words(sentence);
    let last = sentence.trim_end().chars().last()?;
    let question = match w.as_slice() {
        [first, second, ..] if QUESTION_OPENERS[..11].contains(&first.as_str()) => {
            SUBJECTS.contains(&second.as_str())
        }
        // "What a mess." exclaims; it does not ask.
        [first, second, ..] if first == "what" && matches!(second.as_str(), "a" | "an") => false,
        [first, ..] => QUESTION_OPENERS[11..].contains(&first.as_str()),
        [] => return None,
    };
    // A statement of one clause: "I'd like this fixed; could you…?" asks.
    let statement = matches!(
        w.first().map(String::as_str),
        Some("i" | "i'm" | "i'd" | "i've")
    ) && !sentence.contains([',', ';', ':']);
    if question && last == '.' {
        Some("a question that ends with a full stop".into())
    } else if statement && last == '?' {
        Some("a statement that ends with a question mark".into())
    } else {
        None
    }
}

/// Capitalised words inside a sentence that the draft wrote in lower case
/// ("I think You're got…"), other than "I" and the first word of each
/// sentence.
fn stray_capitals(draft: &str, sentence: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut prev = '.';
    let mut word = String::new();
    let mut word_prev = '.';
    for c in sentence.chars().chain(std::iter::once(' ')) {
        if c.is_alphanumeric() || c == '\'' {
            if word.is_empty() {
                word_prev = prev;
            }
            word.push(c);
        } else {
            if !word.is_empty() {
                let capital = word.chars().next().is_some_and(char::is_uppercase);
                let opens = matches!(word_prev, '.' | '?' | '!' | '"' | '“');
                let is_i = word == "I" || word.starts_with("I'");
                if capital && !opens && !is_i && !draft.contains(word.as_str()) {
                    out.push(word.clone());
                }
                word.clear();
            }
            if !c.is_whitespace() {
                prev = c;
            }
        }
    }
    out
}

struct Grammar {
    linter: LintGroup,
    dict: std::sync::Arc<FstDictionary>,
}

impl Grammar {
    fn new() -> Grammar {
        Grammar {
            linter: LintGroup::new_curated(FstDictionary::curated(), Dialect::American),
            dict: FstDictionary::curated(),
        }
    }

    fn can_be_verb(&self, word: &str) -> Option<bool> {
        if word.contains('\'') {
            // Contractions carry their verb ("it's", "don't").
            return Some(true);
        }
        self.dict
            .get_word_metadata_str(word)
            .map(|m| m.verb.is_some())
    }

    /// A word that cannot be a verb where one must stand: after a modal
    /// and its subject ("Could you the header"), after "to" in "is to",
    /// "try to" ("One option is to one flag").
    fn missing_verb(&self, sentence: &str) -> Option<String> {
        let w = words(sentence);
        for (i, word) in w.iter().enumerate() {
            let after_modal = matches!(
                word.as_str(),
                "could" | "would" | "can" | "should" | "might" | "will" | "must"
            );
            let next = if after_modal {
                let mut j = i + 1;
                if w.get(j)
                    .is_some_and(|s| OPEN_SUBJECTS.contains(&s.as_str()))
                {
                    continue;
                }
                if w.get(j).is_some_and(|s| SUBJECTS.contains(&s.as_str())) {
                    j += 1;
                }
                while w.get(j).is_some_and(|s| s == "please" || s == "just") {
                    j += 1;
                }
                w.get(j)
            } else if word == "to"
                && i > 0
                && matches!(
                    w[i - 1].as_str(),
                    "is" | "try" | "willing" | "like" | "help" | "need"
                )
            {
                w.get(i + 1)
            } else {
                None
            };
            if let Some(next) = next
                && self.can_be_verb(next) == Some(false)
            {
                return Some(format!("no verb after {word:?}: {next:?}"));
            }
        }
        None
    }

    /// Whether a sentence has a word that can be a verb at all.
    fn has_verb(&self, sentence: &str) -> bool {
        words(sentence)
            .iter()
            .any(|w| self.can_be_verb(w) != Some(false))
    }

    /// What the grammar checker says of a sentence, as messages. Harper
    /// 3.0 trips a debug assertion of its own on a few real sentences (a
    /// capitalised "Partys"); what it cannot read, it says nothing of.
    fn problems(&mut self, text: &str) -> BTreeSet<String> {
        let linter = &mut self.linter;
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let doc = Document::new_curated(text, &PlainEnglish);
            linter
                .lint(&doc)
                .into_iter()
                .map(|l| l.message.to_lowercase())
                .collect()
        }))
        .unwrap_or_default()
    }
}

/// What reads wrong in `applied`, the draft `text` after suggestion `s`
/// of flag `f` of its reading `before`: empty when the suggestion reads as
/// a sentence a person could send.
fn judge(
    engine: &Engine,
    grammar: &mut Grammar,
    text: &str,
    before: &tactful_engine::Analysis,
    f: &tactful_engine::Finding,
    s: &tactful_engine::Suggestion,
    applied: &rewrite::Applied,
) -> Vec<String> {
    let ctx = Context::default();
    let flags_before: BTreeSet<&str> = before.flags().map(|f| f.rule_id.as_str()).collect();
    let new = applied.text.as_str();
    let after = engine.analyze(new, &ctx);
    let mut wrong = Vec::new();
    // A flag of the same rule on other words the draft already
    // had ("Shut up, nobody asked you": two flags, each mended
    // by its own suggestion) is not this suggestion's to mend,
    // even where a capital at the seam touches it.
    let other_before = |g: &tactful_engine::Finding| {
        before.flags().any(|h| {
            h.rule_id == g.rule_id
                && h.byte_start != f.byte_start
                && h.matched.to_lowercase() == g.matched.to_lowercase()
        })
    };
    if after.findings.iter().any(|g| {
        g.rule_id == f.rule_id
            && g.byte_start < applied.replaced.end.max(applied.replaced.start + 1)
            && applied.replaced.start < g.byte_end
            && !other_before(g)
    }) {
        wrong.push("the flag is still there".to_string());
    }
    // The fitted reading marks only a sentence no other flag stands in:
    // once a suggestion takes out the words a rule flagged, what is left of
    // that same sentence may still read as an attack ("Somebody should
    // revoke your commit access before you wreck anything else."). That
    // sentence was an attack before the suggestion; the reading saying so
    // again is not a flag the suggestion raised. On any other sentence it
    // is.
    let mended = |g: &tactful_engine::Finding| {
        g.rule_id == "judgment.reading"
            && g.byte_start <= applied.replaced.end
            && applied.replaced.start <= g.byte_end
    };
    let raised: BTreeSet<&str> = after
        .flags()
        .filter(|g| !mended(g))
        .map(|g| g.rule_id.as_str())
        .filter(|id| !flags_before.contains(id))
        .collect();
    if !raised.is_empty() {
        wrong.push(format!("raises {raised:?}"));
    }
    let pairs: Vec<String> = bad_pairs(new)
        .difference(&bad_pairs(text))
        .cloned()
        .collect();
    if !pairs.is_empty() {
        wrong.push(format!("reads {pairs:?}"));
    }
    let abbreviations = &engine.library().language.abbreviations;
    let old_span = rewrite::sentence_at(text, f.byte_start..f.byte_end, abbreviations);
    let old_sentence = &text[old_span.start..old_span.content];
    let old_marked = text[old_span.start..old_span.end].trim_end();
    // What the writer's own sentence already did ("why do you hate me ."
    // in real comments) is not the suggestion's doing.
    if let Some(why) = wrong_mood(&s.sentence).filter(|_| wrong_mood(old_marked).is_none()) {
        wrong.push(why);
    }
    let capitals = stray_capitals(text, &s.sentence);
    if !capitals.is_empty() {
        wrong.push(format!("capitals inside the sentence: {capitals:?}"));
    }
    if let Some(why) = grammar
        .missing_verb(&s.sentence)
        .filter(|_| grammar.missing_verb(old_sentence).is_none())
    {
        wrong.push(why);
    }
    if !s.sentence.is_empty() && grammar.has_verb(old_sentence) && !grammar.has_verb(&s.sentence) {
        wrong.push("no verb left in the sentence".into());
    }
    let grammar_new: Vec<String> = grammar
        .problems(new)
        .difference(&grammar.problems(text))
        .cloned()
        .collect();
    if !grammar_new.is_empty() {
        wrong.push(format!("grammar: {grammar_new:?}"));
    }
    wrong
}

#[test]
fn every_suggestion_reads_as_a_sentence_a_person_could_send() {
    let engine: Engine = tactful::prompts::builtin_engine().expect("built-in packs load");
    let mut sentences = corpus("tests/fixtures/heated");
    let heated = sentences.len();
    assert!(heated >= 300, "only {heated} heated sentences");
    sentences.extend(corpus("tests/fixtures/civil"));
    for rule in &engine.library().rules {
        if rule.kind == Kind::Flag && rule.example_context.is_none() {
            sentences.extend(rule.examples_match.iter().map(|e| e.text.clone()));
        }
    }
    let mut grammar = Grammar::new();
    let ctx = Context::default();
    let mut problems = Vec::new();
    let mut checked = 0;
    for text in &sentences {
        let before = engine.analyze(text, &ctx);
        for f in before.flags() {
            for s in &f.suggestions {
                let Some(applied) = rewrite::apply(text, f, s) else {
                    problems.push(format!("{}: cannot apply to {text:?}", f.rule_id));
                    continue;
                };
                checked += 1;
                let wrong = judge(&engine, &mut grammar, text, &before, f, s, &applied);
                let new = applied.text.as_str();
                if !wrong.is_empty() {
                    problems.push(format!(
                        "{}: {text:?} -> {new:?}: {}",
                        f.rule_id,
                        wrong.join("; ")
                    ));
                }
            }
        }
    }
    assert!(checked > 300, "only {checked} suggestions checked");
    assert!(
        problems.is_empty(),
        "{} of {checked} suggestions do not read right:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The toxic sentences of ParaDetox's development file (Logacheva et al.
/// 2022, CC0: real comments, each with people's own neutral rewrites),
/// read by path from the data beside the repository; `None` where it is
/// not there.
fn paradetox() -> Option<Vec<String>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/paradetox-dev.tsv");
    let text = std::fs::read_to_string(&path).ok()?;
    Some(
        text.lines()
            .skip(1)
            .filter_map(|l| l.split('\t').next())
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(String::from)
            .collect(),
    )
}

/// Plays a user who presses the first suggestion of the first flag that
/// has one, again and again (up to six times), as `rewrite_bench.py` of the
/// shared tools does; returns the text left.
fn press_first_suggestions(engine: &Engine, text: &str) -> String {
    let ctx = Context::default();
    let mut cur = text.to_string();
    for _ in 0..6 {
        let a = engine.analyze(&cur, &ctx);
        let Some(applied) = a
            .flags()
            .filter_map(|f| f.suggestions.first().map(|s| (f, s)))
            .min_by_key(|(f, _)| f.byte_start)
            .and_then(|(f, s)| rewrite::apply(&cur, f, s))
        else {
            break;
        };
        let new = applied.text.trim().to_string();
        if new == cur {
            break;
        }
        cur = new;
    }
    cur
}

/// Whole sentences, and what a user who presses the first suggestion on
/// each flag is left with (`tests/fixtures/rewrites/first-suggestions.tsv`):
/// the writer's point, said without the attack.
#[test]
fn first_suggestions_keep_the_point_of_whole_sentences() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rewrites/first-suggestions.tsv");
    let text = std::fs::read_to_string(&path).expect("the fixture is there");
    let engine: Engine = tactful::prompts::builtin_engine().expect("built-in packs load");
    let mut wrong = Vec::new();
    let mut n = 0;
    for (i, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let (draft, expected) = line
            .split_once('\t')
            .unwrap_or_else(|| panic!("line {}: no tab", i + 1));
        n += 1;
        let got = press_first_suggestions(&engine, draft);
        if got != expected {
            wrong.push(format!(
                "line {}: {draft:?}\n  expected {expected:?}\n  got      {got:?}",
                i + 1
            ));
        }
    }
    assert!(n >= 20, "only {n} sentences");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The share of first suggestions on ParaDetox that may read wrong, in
/// percent: 156 of 3,596 (4.3%) when this test was written, two thirds of
/// them a swear word taken out that uncovers another flag its words hid
/// ("raises"); a ceiling to bring down, not a goal.
const PARADETOX_WRONG_PERCENT: usize = 5;

/// The oracle over people's real heated sentences, not only ours: the
/// first suggestion of every flag (the one a user takes with one key) is
/// judged as above, and a user who takes the first suggestion on every
/// flag is never left with an empty reply or a lone mark, and rarely with
/// half their words gone. The figures the bench reports (`sta`, `chrF`,
/// `J`) need an outside model and stay in `docs/validity.md`; this holds
/// the ceilings measured when it was written, so that a change which
/// makes first suggestions read worse fails here.
#[test]
fn first_suggestions_on_paradetox_read_right_and_keep_the_point() {
    let Some(sentences) = paradetox() else {
        eprintln!("skipped: ../shared/data/paradetox-dev.tsv is not beside the repository");
        return;
    };
    assert!(sentences.len() > 1000, "only {} sentences", sentences.len());
    let engine: Engine = tactful::prompts::builtin_engine().expect("built-in packs load");
    let mut grammar = Grammar::new();
    let ctx = Context::default();
    let (mut checked, mut problems, mut bare, mut emptied) = (0usize, Vec::new(), Vec::new(), 0);
    for text in &sentences {
        let before = engine.analyze(text, &ctx);
        for f in before.flags() {
            let Some(s) = f.suggestions.first() else {
                continue;
            };
            let Some(applied) = rewrite::apply(text, f, s) else {
                problems.push(format!("{}: cannot apply to {text:?}", f.rule_id));
                continue;
            };
            checked += 1;
            let wrong = judge(&engine, &mut grammar, text, &before, f, s, &applied);
            if !wrong.is_empty() {
                problems.push(format!(
                    "{}: {text:?} -> {:?}: {}",
                    f.rule_id,
                    applied.text,
                    wrong.join("; ")
                ));
            }
        }
        let result = press_first_suggestions(&engine, text);
        if !result.chars().any(char::is_alphanumeric) {
            bare.push(format!("{text:?} -> {result:?}"));
        }
        if words(&result).len() * 2 <= words(text).len() {
            emptied += 1;
        }
    }
    let n = sentences.len();
    eprintln!(
        "{n} sentences, {checked} first suggestions, {} read wrong, {emptied} emptied",
        problems.len()
    );
    assert!(checked > 1000, "only {checked} first suggestions checked");
    assert!(
        bare.is_empty(),
        "{} results left nothing of the writer's words:\n{}",
        bare.len(),
        bare.join("\n")
    );
    // Measured when written: 2.1% emptied (the bench's figure).
    assert!(
        emptied * 100 <= n * 3,
        "{emptied} of {n} results lost half their words or more"
    );
    assert!(
        problems.len() * 100 <= checked * PARADETOX_WRONG_PERCENT,
        "{} of {checked} first suggestions do not read right (ceiling {PARADETOX_WRONG_PERCENT}%):\n{}",
        problems.len(),
        problems.join("\n")
    );
}
