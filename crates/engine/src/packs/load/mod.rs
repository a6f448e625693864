//! Reading pack files into a [`Library`]: parse every file, check every
//! field, report every problem with its position, and expand every pattern
//! into the phrases the matcher will search for.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use toml::Spanned;

use super::schema::{LanguageDef, ListDef, PackFile};
use super::{PackError, PackErrors};
use crate::Dimension;
use crate::pattern::{self, Lists};
use crate::rules::{Intent, Language, Library, Pack, Question, Rule, WordListInfo};
use crate::text::{Lexicon, fold_tokens_with};

mod rule;

/// The largest pack file read, in bytes.
const MAX_PACK_BYTES: u64 = 4 << 20;

/// Reads every `*.toml` file of a directory (not recursively), sorted by name.
pub fn read_dir(dir: &Path) -> Result<Vec<(String, String)>, PackErrors> {
    let shown = dir.display().to_string();
    let (files, mut errors) = toml_files(dir, MAX_PACK_BYTES, "packs").map_err(|e| {
        PackErrors(vec![PackError::file(
            &shown,
            format!("cannot read the directory: {e}"),
        )])
    })?;
    if files.is_empty() && errors.is_empty() {
        errors.push(PackError::file(
            &shown,
            "no *.toml pack files in this directory".into(),
        ));
    }
    if errors.is_empty() {
        Ok(files)
    } else {
        Err(PackErrors(errors))
    }
}

/// Files read, as (path, text), and the located errors of those that
/// could not be.
pub type ReadFiles = (Vec<(String, String)>, Vec<PackError>);

/// The `*.toml` files of a directory (not recursively), sorted by name, as
/// (path, text), each read within `limit` bytes (see [`read_text`]), and a
/// located error for each that could not be read. The error is the
/// directory's own, for the caller to word (a missing directory of
/// exercises holds none).
pub fn toml_files(dir: &Path, limit: u64, what: &str) -> std::io::Result<ReadFiles> {
    let mut paths: Vec<_> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml") && p.is_file())
        .collect();
    paths.sort();
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        let name = path.display().to_string();
        match read_text(&path, limit, what) {
            Ok(text) => files.push((name, text)),
            Err(msg) => errors.push(PackError::file(&name, msg)),
        }
    }
    Ok((files, errors))
}

/// Reads a data file (a pack, an exercise) as UTF-8 within `limit` bytes;
/// the error says what is wrong in words, for a located `PackError`.
pub fn read_text(path: &Path, limit: u64, what: &str) -> Result<String, String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read the file: {e}"))?;
    if meta.len() > limit {
        return Err(format!(
            "the file is {} bytes; {what} are limited to {limit}",
            meta.len()
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read the file: {e}"))?;
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "the file is not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })
}

struct Parsed {
    name: String,
    text: String,
    file: PackFile,
    custom: bool,
}

/// Loads built-in files, then custom ones.
pub fn load(
    builtin: Vec<(String, String)>,
    custom: Vec<(String, String)>,
) -> Result<Library, PackErrors> {
    let mut errors = Vec::new();
    let valence = match valence(super::embedded::VALENCE_NAME, super::embedded::VALENCE) {
        Ok(v) => v,
        Err(e) => {
            errors.push(e);
            Vec::new()
        }
    };
    // The reading's table is checked here; engines read it from the binary.
    if let Err((at, msg)) = crate::reading::Reading::parse(super::embedded::READING) {
        let (name, text) = (super::embedded::READING_NAME, super::embedded::READING);
        errors.push(PackError::at(name, text, at, msg));
    }
    // …and the kinds its words are named for, which `[[rule.reads_as]]`
    // gives words to.
    let reads_as_kinds = match crate::reads_as::ReadsAs::parse(super::embedded::READS_AS) {
        Ok(table) => table.kinds().to_vec(),
        Err((at, msg)) => {
            let (name, text) = (super::embedded::READS_AS_NAME, super::embedded::READS_AS);
            errors.push(PackError::at(name, text, at, msg));
            Vec::new()
        }
    };
    let mut parsed = Vec::new();
    for (custom_flag, files) in [(false, builtin), (true, custom)] {
        for (name, text) in files {
            match toml::from_str::<PackFile>(&text) {
                Ok(file) => parsed.push(Parsed {
                    name,
                    text,
                    file,
                    custom: custom_flag,
                }),
                Err(e) => {
                    let span = e.span().unwrap_or(0..0);
                    let msg = e.message().trim().replace('\n', " ");
                    errors.push(PackError::at(&name, &text, span, msg));
                }
            }
        }
    }
    // A custom pack replaces the built-in pack with the same id.
    let custom_ids: HashSet<String> = parsed
        .iter()
        .filter(|p| p.custom)
        .filter_map(|p| p.file.pack.as_ref().map(|m| m.id.get_ref().clone()))
        .collect();
    parsed.retain(|p| {
        p.custom
            || p.file
                .pack
                .as_ref()
                .is_none_or(|m| !custom_ids.contains(m.id.get_ref()))
    });
    let mut r = Resolver {
        errors,
        reads_as_kinds,
        ..Resolver::default()
    };
    r.language(&parsed);
    r.lists(&parsed);
    for name in r
        .language
        .disguised_lists
        .iter()
        .chain(&r.language.tone_neutral_lists)
    {
        if !r.lists.contains_key(name) {
            r.errors.push(PackError::file(
                "prompts/language.toml",
                format!(
                    "the language tables name the list \"{name}\", which no pack defines in [lists]"
                ),
            ));
        }
    }
    r.intents(&parsed);
    r.packs(&parsed);
    for p in &parsed {
        for def in &p.file.rule {
            r.rule(p, def);
        }
    }
    r.questions(&parsed);
    r.compile_patterns(&parsed);
    if !r.errors.is_empty() {
        // By file, then by position, as a person reads them.
        r.errors
            .sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
        return Err(PackErrors(r.errors));
    }
    let mut intents: Vec<Intent> = r.intents.into_values().collect();
    intents.sort_by_key(|i| r.intent_order.iter().position(|x| *x == i.id));
    Ok(Library {
        packs: r.packs,
        rules: r.rules,
        lists: r.raw_lists,
        questions: r.questions,
        scaffolds: r.scaffolds,
        intents,
        language: r.language,
        valence,
        sources: parsed
            .into_iter()
            .map(|p| (p.name, p.text.into()))
            .collect(),
    })
}

/// A pattern waiting to be compiled: which rule and pattern it belongs to,
/// and where it was written.
struct Pending {
    rule: usize,
    pattern: usize,
    text: String,
    /// Byte offset of the pattern's string in its file.
    at: usize,
    file: String,
}

#[derive(Default)]
struct Resolver {
    pending: Vec<Pending>,
    errors: Vec<PackError>,
    language: Language,
    lexicon: Lexicon,
    lists: Lists,
    raw_lists: HashMap<String, WordListInfo>,
    packs: Vec<Pack>,
    rules: Vec<Rule>,
    rule_ids: HashSet<String>,
    questions: Vec<Question>,
    scaffolds: Vec<Question>,
    intents: HashMap<String, Intent>,
    intent_order: Vec<String>,
    /// The kinds of `prompts/lexicon/reads-as.tsv`.
    reads_as_kinds: Vec<String>,
}

impl Resolver {
    /// Compiles every pattern of every rule. Expanding patterns is the
    /// larger part of start-up, and patterns are independent of each
    /// other, so they compile in parallel.
    fn compile_patterns(&mut self, parsed: &[Parsed]) {
        use rayon::prelude::*;
        let results: Vec<_> = self
            .pending
            .par_iter()
            .with_min_len(32)
            .map(|p| pattern::compile(&p.text, &self.lists, &self.lexicon))
            .collect();
        for (p, result) in self.pending.iter().zip(results) {
            match result {
                Ok(c) => {
                    if let Some(rule) = self.rules.get_mut(p.rule)
                        && rule.compiled.len() == p.pattern
                    {
                        rule.compiled.push(c.into());
                    }
                }
                Err(e) => {
                    let source = parsed
                        .iter()
                        .find(|f| f.name == p.file)
                        .map_or("", |f| f.text.as_str());
                    // Point inside the string: +1 for the opening quote.
                    let at = p.at + 1 + e.offset;
                    self.errors.push(PackError::at(
                        &p.file,
                        source,
                        at..at + 1,
                        format!("bad pattern: {}", e.message),
                    ));
                }
            }
        }
    }

    fn err<T>(&mut self, p: &Parsed, s: &Spanned<T>, msg: String) {
        self.errors
            .push(PackError::at(&p.name, &p.text, s.span(), msg));
    }

    fn language(&mut self, parsed: &[Parsed]) {
        for p in parsed {
            if let Some(l) = &p.file.language {
                self.language_words(p, l);
                let lang = &mut self.language;
                for (k, v) in &l.contractions {
                    lang.contractions.insert(
                        k.to_lowercase(),
                        v.iter().map(|s| s.to_lowercase()).collect(),
                    );
                }
                extend(&mut lang.negators, &l.negators);
                extend(&mut lang.contrast, &l.contrast);
                extend(&mut lang.open_question_starters, &l.open_question_starters);
                extend(&mut lang.stopwords, &l.stopwords);
                extend(&mut lang.acronyms, &l.acronyms);
                extend(&mut lang.intensifiers, &l.intensifiers);
                extend(&mut lang.disguised_lists, &l.disguised_lists);
                extend(&mut lang.hypotheticals, &l.hypotheticals);
                extend(&mut lang.boosters, &l.boosters);
                extend(&mut lang.dampeners, &l.dampeners);
                extend(&mut lang.second_person, &l.second_person);
                extend(&mut lang.self_states, &l.self_states);
                extend(&mut lang.reporting, &l.reporting);
                extend(&mut lang.tone_neutral, &l.tone_neutral);
                extend(&mut lang.tone_neutral_lists, &l.tone_neutral_lists);
                extend(&mut lang.tone_verbs, &l.tone_verbs);
                extend(&mut lang.tone_verb_after, &l.tone_verb_after);
            }
        }
        self.lexicon = Lexicon::new(&self.language.intensifiers, &self.language.contractions);
    }

    /// The abbreviations and `[language.rewrites]` of one file, checked:
    /// each entry one word (an abbreviation may hold inner full stops, as
    /// "e.g" does), each modifier named like a placeholder and mapping
    /// single words.
    fn language_words(&mut self, p: &Parsed, l: &LanguageDef) {
        let mut abbreviations = Vec::new();
        for e in &l.abbreviations {
            let word = e.get_ref().trim_end_matches('.');
            let inner = word.split('.').all(is_word);
            if word.is_empty() || !inner {
                let msg = format!(
                    "\"{}\" is not an abbreviation: write one word, with inner full stops only (\"e.g\")",
                    e.get_ref()
                );
                self.err(p, e, msg);
            } else if word.len() < e.get_ref().len() {
                let msg = format!(
                    "write \"{word}\" without its last full stop: it is the word before the mark"
                );
                self.err(p, e, msg);
            } else {
                abbreviations.push(word.to_string());
            }
        }
        extend(&mut self.language.abbreviations, &abbreviations);
        let Some(r) = &l.rewrites else {
            return;
        };
        let into = &mut self.language.rewrites;
        let tables: [(&[Spanned<String>], &mut Vec<String>); 27] = [
            (&r.question_openers, &mut into.question_openers),
            (&r.statement_openers, &mut into.statement_openers),
            (
                &r.question_clause_openers,
                &mut into.question_clause_openers,
            ),
            (
                &r.question_clause_joiners,
                &mut into.question_clause_joiners,
            ),
            (&r.subordinators, &mut into.subordinators),
            (&r.fillers, &mut into.fillers),
            (&r.dangling, &mut into.dangling),
            (&r.pairing, &mut into.pairing),
            (&r.never_after_article, &mut into.never_after_article),
            (&r.question_words, &mut into.question_words),
            (&r.clitics, &mut into.clitics),
            (&r.stub_subjects, &mut into.stub_subjects),
            (&r.copulas, &mut into.copulas),
            (&r.list_continuations, &mut into.list_continuations),
            (&r.coordinators, &mut into.coordinators),
            (&r.plural_endings, &mut into.plural_endings),
            (&r.singular_endings, &mut into.singular_endings),
            (&r.plurals, &mut into.plurals),
            (&r.subjects, &mut into.subjects),
            (&r.statement_joiners, &mut into.statement_joiners),
            (&r.clause_joiners, &mut into.clause_joiners),
            (&r.comma_joiners, &mut into.comma_joiners),
            (&r.articles, &mut into.articles),
            (&r.pronouns, &mut into.pronouns),
            (&r.function_words, &mut into.function_words),
            (&r.chat_you, &mut into.chat_you),
            (&r.expletives, &mut into.expletives),
        ];
        let mut errors = Vec::new();
        for (entries, list) in tables {
            let mut words = Vec::new();
            for e in entries {
                if is_word(e.get_ref()) {
                    words.push(e.get_ref().clone());
                } else {
                    errors.push((e.span(), not_a_word(e.get_ref())));
                }
            }
            extend(list, &words);
        }
        // Neutral words and plainer words may be phrases ("lack of
        // information", "brain-dead").
        let phrase_ok = |s: &String| !s.is_empty() && s.split([' ', '-']).all(is_word);
        let word_or_words = |w: &String| format!("\"{w}\" is not a word or words");
        for (name, forms) in &r.modifiers {
            if let Some(forms) =
                checked_table(name, forms, |w| is_word(w), |w| not_a_word(w), &mut errors)
            {
                let modifier = into.modifiers.entry(name.clone()).or_default();
                for (from, to) in forms {
                    modifier.insert(from.clone(), to.clone());
                }
            }
        }
        for (name, table) in &r.replace {
            if let Some(table) = checked_table(name, table, phrase_ok, word_or_words, &mut errors) {
                let into = into.replace.entry(name.clone()).or_default();
                for (from, to) in table {
                    into.insert(from.to_lowercase(), to.clone());
                }
            }
        }
        for (name, words) in &r.neutral {
            if !valid_modifier(name) {
                errors.push((words.span(), not_a_modifier(name)));
            } else if words.get_ref().len() != 2 {
                errors.push((
                    words.span(),
                    "write two words: the one for one, the one for many (\"person\", \"people\")"
                        .into(),
                ));
            } else if let Some(w) = words.get_ref().iter().find(|w| !phrase_ok(w)) {
                errors.push((words.span(), word_or_words(w)));
            } else {
                let [one, many] = [&words.get_ref()[0], &words.get_ref()[1]];
                into.neutral
                    .insert(name.clone(), [one.clone(), many.clone()]);
            }
        }
        for (span, msg) in errors {
            self.errors.push(PackError::at(&p.name, &p.text, span, msg));
        }
    }

    fn lists(&mut self, parsed: &[Parsed]) {
        let mut defined: HashMap<String, String> = HashMap::new();
        for p in parsed {
            for (name, def) in &p.file.lists {
                let n = name.get_ref().clone();
                if let Some(first) = defined.get(&n) {
                    let msg = format!(
                        "the word list \"{n}\" is already defined in {first}; rename one of them"
                    );
                    self.err(p, name, msg);
                    continue;
                }
                if n == "any" || n.starts_with("any:") {
                    self.err(
                        p,
                        name,
                        "\"any\" is the gap `{any}`, not a list name".into(),
                    );
                    continue;
                }
                let entries = def.entries();
                if entries.is_empty() {
                    self.err(p, name, format!("the word list \"{n}\" is empty"));
                }
                defined.insert(n.clone(), p.name.clone());
                let mut folded = Vec::new();
                for e in entries {
                    let toks = fold_tokens_with(e.get_ref(), &self.lexicon);
                    let plain = fold_tokens_with(e.get_ref(), &Lexicon::default());
                    let skipped: Vec<&String> = plain
                        .iter()
                        .filter(|w| self.lexicon.lookup(w).is_some_and(<[String]>::is_empty))
                        .collect();
                    if toks.is_empty() {
                        self.err(p, e, "this list entry has no words".into());
                    } else if !skipped.is_empty() && toks.len() == 1 && plain.len() > 1 {
                        // "quite the" would match every "the": the matcher
                        // skips intensifiers in the text, so they cannot
                        // carry an entry.
                        let skipped: Vec<&str> = skipped.iter().map(|s| s.as_str()).collect();
                        self.err(
                            p,
                            e,
                            format!(
                                "\"{}\" is an intensifier the matcher skips, so this entry matches \"{}\" alone; drop the entry or the word",
                                skipped.join(" "),
                                toks.join(" ")
                            ),
                        );
                    } else {
                        folded.push(
                            toks.into_iter()
                                .map(pattern::Word::from)
                                .collect::<Vec<_>>(),
                        );
                    }
                }
                let words = std::sync::Arc::new(pattern::WordList::new(folded));
                self.lists.insert(n.clone(), words.clone());
                let (source, about) = match def {
                    ListDef::Plain(_) => (None, None),
                    ListDef::Described(d) => (Some(d.source.clone()), d.about.clone()),
                };
                self.raw_lists.insert(
                    n,
                    WordListInfo {
                        entries: entries.iter().map(|e| e.get_ref().clone()).collect(),
                        words,
                        source,
                        about,
                        file: p.name.clone(),
                    },
                );
            }
        }
    }

    fn intents(&mut self, parsed: &[Parsed]) {
        for p in parsed {
            for def in &p.file.intent {
                let id = def.id.get_ref().clone();
                let mut weights = HashMap::new();
                for (k, v) in def.weights.get_ref() {
                    match k.parse::<Dimension>() {
                        Ok(d) if (0.0..=10.0).contains(v) => {
                            weights.insert(d, *v);
                        }
                        Ok(_) => self.err(
                            p,
                            &def.weights,
                            format!("the weight of \"{k}\" must be between 0 and 10"),
                        ),
                        Err(e) => self.err(p, &def.weights, e),
                    }
                }
                if weights.values().all(|w| *w == 0.0) {
                    self.err(
                        p,
                        &def.weights,
                        "at least one weight must be above 0".into(),
                    );
                }
                if !self.intent_order.contains(&id) {
                    self.intent_order.push(id.clone());
                }
                self.intents.insert(
                    id.clone(),
                    Intent {
                        id,
                        title: def.title.get_ref().clone(),
                        description: def.description.get_ref().clone(),
                        weights,
                        prompts: def.prompts.iter().map(|s| s.get_ref().clone()).collect(),
                    },
                );
            }
        }
    }

    fn packs(&mut self, parsed: &[Parsed]) {
        let mut seen: HashMap<String, String> = HashMap::new();
        for p in parsed {
            let Some(meta) = &p.file.pack else {
                if !p.file.rule.is_empty() {
                    self.errors.push(PackError::file(
                        &p.name,
                        "rules need a [pack] table with an id, title and description".into(),
                    ));
                }
                continue;
            };
            let id = meta.id.get_ref().clone();
            if let Some(first) = seen.get(&id) {
                let msg = format!("the pack id \"{id}\" is already used by {first}");
                self.err(p, &meta.id, msg);
            }
            seen.insert(id.clone(), p.name.clone());
            if let Some(d) = &meta.dimension
                && let Err(e) = d.get_ref().parse::<Dimension>()
            {
                self.err(p, d, e);
            }
            self.packs.push(Pack {
                id,
                title: meta.title.clone(),
                description: meta.description.clone(),
                file: p.name.clone(),
                custom: p.custom,
            });
        }
    }

    fn questions(&mut self, parsed: &[Parsed]) {
        for p in parsed {
            for (defs, is_scaffold) in [(&p.file.question, false), (&p.file.scaffold, true)] {
                for def in defs {
                    let (dim, intents, text) = (&def.dimension, &def.intents, &def.text);
                    let Ok(dimension) = dim
                        .get_ref()
                        .parse::<Dimension>()
                        .map_err(|e| self.err(p, dim, e))
                    else {
                        continue;
                    };
                    for i in intents {
                        if !self.intents.contains_key(i.get_ref()) {
                            self.err(p, i, format!("no intent has the id \"{}\"", i.get_ref()));
                        }
                    }
                    if is_scaffold && !text.get_ref().contains("___") {
                        self.err(
                            p,
                            text,
                            "a scaffold needs a blank `___` for the person to fill in".into(),
                        );
                    }
                    let q = Question {
                        dimension,
                        intents: intents.iter().map(|s| s.get_ref().clone()).collect(),
                        text: text.get_ref().clone(),
                    };
                    if is_scaffold {
                        self.scaffolds.push(q)
                    } else {
                        self.questions.push(q)
                    }
                }
            }
        }
    }
}

/// Reads a word-valence table: `word<TAB>rating` per line, `#` comments,
/// ratings from −4 to +4.
pub fn valence(name: &str, text: &str) -> Result<Vec<(String, f32)>, PackError> {
    let mut out = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let start = at;
        at += line.len();
        let l = line.trim_end();
        if l.is_empty() || l.starts_with('#') {
            continue;
        }
        let bad = |msg: &str| PackError::at(name, text, start..start + l.len(), msg.to_string());
        let (word, rating) = l
            .split_once('\t')
            .ok_or_else(|| bad("a valence line is `word<TAB>rating`"))?;
        let rating: f32 = rating
            .trim()
            .parse()
            .map_err(|_| bad("the rating is not a number"))?;
        if !(-4.0..=4.0).contains(&rating) {
            return Err(bad("ratings go from -4 to 4"));
        }
        out.push((word.trim().to_lowercase(), rating));
    }
    Ok(out)
}

/// Whether a language table's entry is one word: letters, digits and
/// apostrophes.
fn is_word(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_alphanumeric() || c == '\'' || c == '’')
}

/// A named table of words for words, if its name is a modifier's and every
/// word on both sides passes `ok`; otherwise an error at the table.
fn checked_table<'t>(
    name: &str,
    table: &'t Spanned<std::collections::BTreeMap<String, String>>,
    ok: impl Fn(&String) -> bool,
    bad: impl Fn(&String) -> String,
    errors: &mut Vec<(std::ops::Range<usize>, String)>,
) -> Option<&'t std::collections::BTreeMap<String, String>> {
    let wrong = table
        .get_ref()
        .iter()
        .flat_map(|(from, to)| [from, to])
        .find(|w| !ok(w));
    if !valid_modifier(name) {
        errors.push((table.span(), not_a_modifier(name)));
    } else if let Some(w) = wrong {
        errors.push((table.span(), bad(w)));
    } else {
        return Some(table.get_ref());
    }
    None
}

fn not_a_modifier(name: &str) -> String {
    format!("\"{name}\" is not a modifier name: lower-case letters and `_` only")
}

fn not_a_word(s: &str) -> String {
    format!("\"{s}\" is not one word: this table is compared word by word")
}

/// A modifier's name, as a rewrite writes it after a colon (`{who:object}`).
fn valid_modifier(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '_')
}

fn extend(into: &mut Vec<String>, from: &[String]) {
    for s in from {
        let s = s.to_lowercase();
        if !into.contains(&s) {
            into.push(s);
        }
    }
}

fn valid_id(id: &str) -> bool {
    let mut parts = id.splitn(2, '.');
    let ok = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
    };
    matches!((parts.next(), parts.next()), (Some(a), Some(b)) if ok(a) && b.split('.').all(ok))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors_of(custom: &str) -> Vec<PackError> {
        let custom = vec![("custom/language.toml".to_string(), custom.to_string())];
        match load(super::super::embedded::files(), custom) {
            Ok(_) => Vec::new(),
            Err(PackErrors(errors)) => errors,
        }
    }

    /// The rewrite tables are read, merged with the built-in ones and
    /// checked entry by entry, each error at its place.
    #[test]
    fn the_rewrite_word_tables_are_checked_where_they_are_written() {
        let errors = errors_of(
            "[language]\nabbreviations = [\"approx.\", \"e g\"]\n\n\
             [language.rewrites]\nfillers = [\"innit\", \"you know\"]\n\n\
             [language.rewrites.modifiers.Plural]\n\"it\" = \"they\"\n",
        );
        let shown: Vec<(usize, &str)> = errors
            .iter()
            .map(|e| (e.line, e.message.as_str()))
            .collect();
        assert_eq!(
            shown,
            vec![
                (
                    2,
                    "write \"approx\" without its last full stop: it is the word before the mark"
                ),
                (
                    2,
                    "\"e g\" is not an abbreviation: write one word, with inner full stops only (\"e.g\")"
                ),
                (
                    5,
                    "\"you know\" is not one word: this table is compared word by word"
                ),
                (
                    7,
                    "\"Plural\" is not a modifier name: lower-case letters and `_` only"
                ),
            ]
        );
        assert!(errors.iter().all(|e| e.file == "custom/language.toml"));
    }

    /// `sympathy` and `praise` belong to cues: on a flag each is an error.
    #[test]
    fn sympathy_and_praise_belong_to_cues() {
        for attribute in ["sympathy", "praise"] {
            let errors = errors_of(&format!(
                "[pack]\nid = \"custom\"\ntitle = \"c\"\ndescription = \"c\"\ndimension = \"empathy\"\n\n\
                 [[rule]]\nid = \"custom.kind\"\nkind = \"flag\"\nweight = 1\n{attribute} = true\n\
                 message = \"m\"\nwhy = \"w\"\nsource = \"s\"\nquestion = \"q\"\n\
                 patterns = [\"kind words\"]\nrewrites = [\"\"]\n\
                 examples.match = [\"kind words\"]\nexamples.no_match = [\"other\"]\n",
            ));
            let expected = format!("`{attribute}` only applies to cues");
            assert!(
                errors.iter().any(|e| e.message.contains(&expected)),
                "{attribute}: {errors:?}"
            );
        }
    }

    /// A pack of one rule, `computed` or with patterns, with the lines
    /// `rule` and one `[[rule.reads_as]]` with the lines `reads_as`.
    fn reading_pack(computed: &str, rule: &str, reads_as: &str) -> String {
        format!(
            "[pack]\nid = \"custom\"\ntitle = \"c\"\ndescription = \"c\"\ndimension = \"escalation\"\n\n\
             [[rule]]\nid = \"custom.read\"\nkind = \"flag\"\n{computed}\n\
             message = \"m\"\nwhy = \"w\"\nsource = \"s\"\nquestion = \"q\"\n\
             examples.match = [\"a\", \"b\"]\nexamples.no_match = [\"c\"]\n{rule}\n\
             [[rule.reads_as]]\n{reads_as}"
        )
    }

    /// Whether loading `pack` fails with an error that says `says`.
    fn fails_saying(pack: &str, says: &[&str]) -> bool {
        errors_of(pack)
            .iter()
            .any(|e| says.iter().all(|s| e.message.contains(s)))
    }

    /// `[[rule.reads_as]]` belongs to the reading, and names its kinds.
    #[test]
    fn the_words_for_each_kind_belong_to_the_reading() {
        let sarcasm = "kind = \"sarcasm\"\nmessage = \"heard as sarcasm\"\n";
        let patterns = "patterns = [\"kind words\"]\nrewrites = [\"\"]";
        assert!(fails_saying(
            &reading_pack(patterns, "", sarcasm),
            &["belong to the rule with `computed = \"reading\"`"]
        ));
        let irony = "kind = \"irony\"\nmessage = \"heard as irony\"\n";
        assert!(fails_saying(
            &reading_pack("computed = \"reading\"", "", irony),
            &["\"irony\" is not a kind", "sarcasm"]
        ));
    }

    /// `reads_as_either` names both kinds, and every kind then says how it
    /// is heard.
    #[test]
    fn the_words_for_two_kinds_name_both() {
        let sarcasm = "kind = \"sarcasm\"\nmessage = \"heard as sarcasm\"\n";
        for (either, heard, says) in [
            (
                "heard as {first}",
                "heard_as = \"sarcasm\"\n",
                "naming both `{first}` and `{second}`",
            ),
            (
                "heard as {first}, or as {second}",
                "",
                "\"sarcasm\" needs `heard_as`",
            ),
        ] {
            let pack = reading_pack(
                "computed = \"reading\"",
                &format!("reads_as_either = \"{either}\"\n"),
                &format!("{sarcasm}{heard}"),
            );
            assert!(
                fails_saying(&pack, &[says]),
                "{either}: {:?}",
                errors_of(&pack)
            );
        }
    }

    /// The built-in reading has words for every kind its table names.
    #[test]
    fn the_built_in_reading_has_words_for_every_kind() {
        let library = load(super::super::embedded::files(), Vec::new()).unwrap();
        let table = crate::reads_as::ReadsAs::parse(super::super::embedded::READS_AS).unwrap();
        let rule = library.rule("judgment.reading").unwrap();
        for kind in table.kinds() {
            let t = rule.reads_as.iter().find(|t| &*t.kind == kind);
            assert!(
                t.is_some_and(|t| t.question.is_some() && t.heard_as.is_some()),
                "judgment.reading has no message, question and heard_as for {kind}"
            );
        }
    }

    #[test]
    fn custom_rewrite_words_extend_the_built_in_ones() {
        let custom = vec![(
            "custom/language.toml".to_string(),
            "[language.rewrites]\nfillers = [\"Innit\"]\n\n\
             [language.rewrites.modifiers.object]\n\"it\" = \"it\"\n"
                .to_string(),
        )];
        let library = load(super::super::embedded::files(), custom).unwrap();
        let words = &library.language.rewrites;
        assert!(words.fillers.iter().any(|w| w == "honestly"));
        assert_eq!(words.fillers.last().map(String::as_str), Some("innit"));
        let object = &words.modifiers["object"];
        assert_eq!(
            (object["They"].as_str(), object["it"].as_str()),
            ("them", "it")
        );
    }
}
