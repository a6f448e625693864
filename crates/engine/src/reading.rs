//! A fitted reading of whole sentences: hostility in ordinary words that
//! no phrase rule names ("People have stopped replying to you for a
//! reason.").
//!
//! A sentence's words, pairs and runs of three neighbouring words each carry a weight,
//! fitted by logistic regression on replies labelled hostile or civil
//! (`scripts/fit_reading.py`, which writes `prompts/lexicon/reading.tsv`);
//! the probability that the sentence is heard as an attack on the reader is
//! `sigmoid(bias + Σ weights)`. A sentence that reaches the table's
//! threshold is a finding of the rule with `computed = "reading"`, unless a
//! warning or an error already stands in it (the phrase rules say better what
//! it does; a note such as "lol" does not) or it leans civil read together
//! with its neighbours. A sentence with no word that evaluates must reach its
//! own threshold (a lower one when it speaks of the reader: "Nobody's holding
//! a seat for you at the next meetup."), be long enough that more than its
//! "you" is read, and hold words beside "you" that lean hostile on their own:
//! "You opened a pull request." is judged on its "you" alone.
//! A sentence of very few words is not read on its own ("Your team lost on
//! Saturday."); two short sentences side by side that address the reader
//! are also read together ("Bless, you tried. I'll take it from here."),
//! and a short reply of several sentences is read whole as well ("I'll
//! handle the release notes. You focus on the emoji.").
//! Words inside quotes are someone else's and are not read.
//!
//! The tokens are the fit's: the lower-cased text with curly apostrophes
//! made straight, split into runs of `a`–`z` and apostrophes, with `?` and
//! `!` as tokens of their own. A hand-written scanner, because the fit's
//! tokenizer is a regular expression over ASCII letters that the matcher's
//! folding (contractions, intensifiers, disguises) does not reproduce.

use std::ops::Range;
use std::sync::OnceLock;

use hashbrown::HashTable;
use rustc_hash::FxHasher;

use serde::{Deserialize, Serialize};

use crate::serial::packed::{Bytes, Table};

use crate::quotes::Quotes;
use crate::raw::{Named, Raw};
use crate::text::{Folded, TokenKind};

/// From this many bytes a draft is a long text, for which the reading and
/// what it names build their hash indexes (see [`SortedWords::index`]).
pub(crate) const LONG_TEXT: usize = 64 * 1024;

/// Below this probability, a sentence read together with its neighbours
/// leans civil, and the sentence is not marked.
const NEIGHBOURS_BAR: f32 = 0.5;

/// The fitted weights: a bias, the probability from which a sentence is
/// flagged, a weight per word, pair or run of three words ("you're", "your
/// kind", "who asked you"), and
/// the words that evaluate ("careless", "lazy", "shame") and the words that
/// address the reader ("you", "your"). A sentence without a word that
/// evaluates is flagged only from `plain_threshold`, from `plain_words`
/// words, and when its words other than those that address the reader lean
/// hostile on their own, so that "You opened a pull request." is not judged
/// on its "you" alone.
///
/// The words, pairs and threes are kept sorted, one after another in one run of
/// bytes, with tables of where each starts, its weight and whether it
/// evaluates, and looked up by binary search: an engine read from the
/// binary's image reads them in place, with nothing to parse at start.
#[derive(Default, Serialize, Deserialize)]
pub struct Reading {
    pub bias: f32,
    pub threshold: f32,
    /// The threshold of a sentence that holds no word that evaluates.
    pub plain_threshold: f32,
    /// The threshold of such a sentence when it addresses the reader ("you",
    /// "your"): what it says is said of them.
    pub address_threshold: f32,
    /// The fewest words such a sentence is read with.
    pub plain_words: u32,
    /// The fewest words a sentence is read with on its own.
    pub fewest_words: u32,
    /// Two sentences of at most this many words each, one of which
    /// addresses the reader, are also read together.
    pub pair_words: u32,
    /// A reply of two sentences or more and at most this many words, none
    /// of them marked, is also read whole (0: never).
    pub whole_words: u32,
    keys: SortedWords,
    /// Each one's weight, as the bits of an `f32`.
    weights: Table<u32>,
    negative: Table<bool>,
    address: Table<bool>,
}

impl std::fmt::Debug for Reading {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reading")
            .field("bias", &self.bias)
            .field("threshold", &self.threshold)
            .field("plain_threshold", &self.plain_threshold)
            .field("address_threshold", &self.address_threshold)
            .field("plain_words", &self.plain_words)
            .field("fewest_words", &self.fewest_words)
            .field("pair_words", &self.pair_words)
            .field("whole_words", &self.whole_words)
            .field("entries", &self.len())
            .finish()
    }
}

impl Reading {
    /// Reads a table of `words<TAB>weight[<TAB>negative|address]` lines with
    /// `#` comments (`negative` marks a word that evaluates, `address` one
    /// that addresses the reader); the bias, the thresholds and the numbers
    /// of words are lines of their own, `(bias)`, `(threshold)`, `(plain
    /// threshold)`, `(address threshold)` (the plain one when left out),
    /// `(fewest words)`, `(plain words)`, `(pair words)` and `(whole words)`,
    /// names no word can have. A bad line is an error with its byte range
    /// in `text`.
    pub fn parse(text: &str) -> Result<Reading, (Range<usize>, String)> {
        let mut bias = 0.0;
        let mut threshold = 1.0;
        let mut plain_threshold = 1.0;
        let mut address_threshold = None;
        let mut plain_words = 0;
        let mut pair_words = 0;
        let mut whole_words = 0;
        let mut fewest_words = 0;
        let mut entries: Vec<(&str, f32, Mark)> = Vec::new();
        let mut at = 0;
        for line in text.split_inclusive('\n') {
            let start = at;
            at += line.len();
            let l = line.trim_end_matches(['\n', '\r']);
            if l.trim().is_empty() || l.starts_with('#') {
                continue;
            }
            let bad = |msg: &str| (start..start + l.len(), msg.to_string());
            let mut cols = l.split('\t');
            let (Some(key), Some(value)) = (cols.next(), cols.next()) else {
                return Err(bad(
                    "a reading line is `words<TAB>weight[<TAB>negative|address]`",
                ));
            };
            let mark = match cols.next() {
                None => Mark::None,
                Some("negative") => Mark::Negative,
                Some("address") => Mark::Address,
                Some(_) => {
                    return Err(bad("the third column, if any, is `negative` or `address`"));
                }
            };
            let value: f32 = value
                .trim()
                .parse()
                .map_err(|_| bad("the weight is not a number"))?;
            if !value.is_finite() {
                return Err(bad("the weight is not a finite number"));
            }
            match key {
                "(bias)" => bias = value,
                "(threshold)" if (0.0..=1.0).contains(&value) => threshold = value,
                "(plain threshold)" if (0.0..=1.0).contains(&value) => plain_threshold = value,
                "(address threshold)" if (0.0..=1.0).contains(&value) => {
                    address_threshold = Some(value)
                }
                "(threshold)" | "(plain threshold)" | "(address threshold)" => {
                    return Err(bad("a threshold is a probability, from 0 to 1"));
                }
                "(plain words)" | "(pair words)" | "(fewest words)" | "(whole words)"
                    if value >= 0.0 && value.fract() == 0.0 && value < 1000.0 =>
                {
                    let n = value as u32;
                    match key {
                        "(plain words)" => plain_words = n,
                        "(pair words)" => pair_words = n,
                        "(whole words)" => whole_words = n,
                        _ => fewest_words = n,
                    }
                }
                "(plain words)" | "(pair words)" | "(fewest words)" | "(whole words)" => {
                    return Err(bad("a number of words is a whole number"));
                }
                _ if value != 0.0 || mark != Mark::None => entries.push((key, value, mark)),
                _ => {}
            }
        }
        entries.sort_by(|a, b| a.0.cmp(b.0));
        entries.dedup_by(|a, b| a.0 == b.0);
        let keys = SortedWords::new(entries.iter().map(|e| e.0));
        let weights: Vec<u32> = entries.iter().map(|e| e.1.to_bits()).collect();
        let negative: Vec<bool> = entries.iter().map(|e| e.2 == Mark::Negative).collect();
        let address: Vec<bool> = entries.iter().map(|e| e.2 == Mark::Address).collect();
        Ok(Reading {
            bias,
            threshold,
            plain_threshold,
            address_threshold: address_threshold.unwrap_or(plain_threshold),
            plain_words,
            pair_words,
            whole_words,
            fewest_words,
            keys,
            weights: Table::new(&weights),
            negative: Table::new(&negative),
            address: Table::new(&address),
        })
    }

    fn len(&self) -> usize {
        self.weights.len()
    }

    /// Builds the hash index, for reading a long text (see
    /// [`SortedWords::index`]).
    #[cfg(test)]
    fn index(&self) {
        self.keys.index();
    }

    /// Builds the hash index when `bytes` of text are to be read (a long
    /// draft, or a stream of many short ones), from [`LONG_TEXT`].
    pub(crate) fn index_for(&self, bytes: usize) {
        self.keys.index_for(bytes);
    }

    /// The entry of a word, a pair or three words.
    fn find(&self, key: &str) -> Option<usize> {
        self.keys.find(key.as_bytes())
    }

    /// The weight of a word, a pair or three words ("you people"), 0 if none.
    pub fn weight(&self, key: &str) -> f32 {
        self.find(key)
            .map_or(0.0, |i| f32::from_bits(self.weights.get(i)))
    }

    /// Whether the table has any words.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether `words` hold a word that evaluates.
    pub fn evaluates(&self, words: &Words, range: Range<usize>) -> bool {
        self.weigh(words, range, &mut Scratch::default()).evaluates
    }

    /// Whether `word` addresses the reader ("you", "your").
    fn addresses(&self, word: &str) -> bool {
        self.find(word).is_some_and(|k| self.address.get(k))
    }

    /// The weight of the tokens `range` of `words` without the reader:
    /// the words that do not address them and the pairs and threes that hold none,
    /// each counted once.
    pub fn without_address(&self, words: &Words, range: Range<usize>) -> f32 {
        self.weigh(words, range, &mut Scratch::default())
            .without_address
    }

    /// The probability that the tokens `range` of `words` are heard as an
    /// attack. Each word, pair and run of three neighbouring words counts once,
    /// however often it stands (the fit's binary features).
    pub fn probability(&self, words: &Words, range: Range<usize>, s: &mut Scratch) -> f32 {
        self.weigh(words, range, s).probability
    }

    /// The probability, as [`Reading::probability`], whether the tokens hold
    /// a word that evaluates, and their weight without the reader, in one
    /// pass: each word, pair and three is looked up once, and duplicates are
    /// dropped by their entry number.
    pub fn weigh(&self, words: &Words, range: Range<usize>, s: &mut Scratch) -> Weighed {
        s.found.clear();
        let mut evaluates = false;
        let mut addressed = false;
        // Whether the word before, and the one before that, address the
        // reader, for the pair and the three words that end here.
        let mut after_address = false;
        let mut two_back = false;
        for i in range.clone() {
            let entry = self.find(words.get(i));
            let addresses = entry.is_some_and(|k| self.address.get(k));
            addressed |= addresses;
            if let Some(k) = entry {
                evaluates |= self.negative.get(k);
                s.found.push((k as u32, !addresses));
            }
            if i > range.start
                && let Some(k) = self.find(words.pair(i - 1))
            {
                s.found.push((k as u32, !(addresses || after_address)));
            }
            if i > range.start + 1
                && let Some(k) = self.find(words.triple(i - 2))
            {
                s.found
                    .push((k as u32, !(addresses || after_address || two_back)));
            }
            two_back = after_address;
            after_address = addresses;
        }
        // An entry is a word, a pair or a three, so whether it holds the reader is
        // the same wherever it stands.
        s.found.sort_unstable();
        s.found.dedup_by_key(|e| e.0);
        let weight = |k: u32| f32::from_bits(self.weights.get(k as usize));
        let sum = self.bias + s.found.iter().map(|&(k, _)| weight(k)).sum::<f32>();
        Weighed {
            probability: 1.0 / (1.0 + (-sum).exp()),
            evaluates,
            addresses: addressed,
            without_address: s
                .found
                .iter()
                .filter(|e| e.1)
                .map(|&(k, _)| weight(k))
                .sum(),
        }
    }

    /// The probability that `text`, read as one stretch, is heard as an
    /// attack, and the words, pairs and threes that carried it, heaviest first.
    pub fn read(&self, text: &str) -> (f32, Vec<(String, f32)>) {
        let mut words = Words::default();
        words.push_text(text);
        let p = self.probability(&words, 0..words.len(), &mut Scratch::default());
        let mut carried: Vec<(String, f32)> = (0..words.len())
            .map(|i| words.get(i).to_string())
            .chain((1..words.len()).map(|i| words.pair(i - 1).to_string()))
            .chain((2..words.len()).map(|i| words.triple(i - 2).to_string()))
            .map(|k| {
                let w = self.weight(&k);
                (k, w)
            })
            .filter(|(_, w)| *w != 0.0)
            .collect();
        carried.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        carried.dedup();
        (p, carried)
    }
}

/// Words, pairs or threes kept sorted one after another in one run of
/// bytes, with where each starts: found by binary search, and read in place
/// from an engine image with nothing to parse at start; for a long text, by
/// a hash index built on first use. The fitted reading's entries and those
/// of [`crate::reads_as`] are kept so.
#[derive(Default, Serialize, Deserialize)]
pub(crate) struct SortedWords {
    bytes: Bytes,
    /// Where each entry starts in `bytes`, and where the last ends.
    starts: Table<u32>,
    /// The entries by their words, built on first use for a long text,
    /// where hashing beats the binary search (see [`SortedWords::index`]).
    #[serde(skip)]
    index: OnceLock<HashTable<u32>>,
}

impl SortedWords {
    /// Keeps `sorted`, which must be in byte order without repeats.
    pub(crate) fn new<'a>(sorted: impl IntoIterator<Item = &'a str>) -> SortedWords {
        let mut bytes = Vec::new();
        let mut starts = Vec::new();
        for k in sorted {
            starts.push(bytes.len() as u32);
            bytes.extend_from_slice(k.as_bytes());
        }
        starts.push(bytes.len() as u32);
        SortedWords {
            bytes: Bytes(bytes.into()),
            starts: Table::new(&starts),
            index: OnceLock::new(),
        }
    }

    /// Builds the hash index, for reading a long text (from
    /// [`LONG_TEXT`] bytes): building it costs about a millisecond for the
    /// reading's table, more than a short reply's binary searches. It holds
    /// only entry numbers, the words being read in place: a map owning a
    /// copy of each of the 19,565 built-in words and pairs took 953 KB of
    /// heap (in as many small allocations), this table about 160 KB. (The
    /// peak resident memory of checking 10 MB moved by less than its spread
    /// from run to run, a few hundred KB: most of the peak is elsewhere.)
    fn index(&self) {
        self.index.get_or_init(|| {
            let mut table = HashTable::with_capacity(self.len());
            for i in 0..self.len() {
                table.insert_unique(hash(self.get(i)), i as u32, |&j| hash(self.get(j as usize)));
            }
            table
        });
    }

    /// Builds the hash index when `bytes` of text are to be read (a long
    /// draft, or a stream of many short ones), from [`LONG_TEXT`].
    pub(crate) fn index_for(&self, bytes: usize) {
        if bytes >= LONG_TEXT {
            self.index();
        }
    }

    /// The entry that is `key`: by its hash once the index is built, by
    /// binary search before.
    pub(crate) fn find(&self, key: &[u8]) -> Option<usize> {
        if let Some(index) = self.index.get() {
            return index
                .find(hash(key), |&i| self.get(i as usize) == key)
                .map(|&i| i as usize);
        }
        self.search(key)
    }

    pub(crate) fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    /// Entry `i`, as bytes.
    pub(crate) fn get(&self, i: usize) -> &[u8] {
        &self.bytes.0[self.starts.get(i) as usize..self.starts.get(i + 1) as usize]
    }

    /// The entry that is `key`, by binary search.
    fn search(&self, key: &[u8]) -> Option<usize> {
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.get(mid).cmp(key) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid),
            }
        }
        None
    }
}

/// The hash of an entry's words in [`SortedWords::index`].
fn hash(key: &[u8]) -> u64 {
    use std::hash::Hasher;
    let mut h = FxHasher::default();
    h.write(key);
    h.finish()
}

/// How a word of the table is marked.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Mark {
    None,
    /// It evaluates ("careless").
    Negative,
    /// It addresses the reader ("you").
    Address,
}

/// What [`Reading::weigh`] finds in a stretch of words.
#[derive(Debug, Clone, Copy)]
pub struct Weighed {
    /// The probability that it is heard as an attack.
    pub probability: f32,
    /// Whether it holds a word that evaluates.
    pub evaluates: bool,
    /// Whether it holds a word that addresses the reader.
    pub addresses: bool,
    /// The weight of its words that do not address the reader and of the
    /// pairs and threes that hold none (the bias left out).
    pub without_address: f32,
}

/// What the rules found in a chunk before it is read: the byte spans of its
/// flags that are warnings or errors, and of its cues of sincere praise.
#[derive(Debug, Default)]
pub(crate) struct Seen {
    pub flags: Vec<(usize, usize)>,
    pub praise: Vec<(usize, usize)>,
}

/// Reusable room for [`Reading::weigh`].
#[derive(Default)]
pub struct Scratch {
    /// The entries a stretch holds, each with whether it leaves the reader
    /// out.
    found: Vec<(u32, bool)>,
}

/// Tokens as the fit reads them (see the module's documentation), held in
/// one lower-cased text without a string of their own each.
#[derive(Debug, Default)]
pub struct Words {
    text: String,
    spans: Vec<(u32, u32)>,
}

impl Words {
    /// Appends the tokens of `text`.
    pub fn push_text(&mut self, text: &str) {
        // Most text is ASCII, whose lower case needs no table.
        if text.is_ascii() {
            self.feed(text.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        } else {
            self.feed(text.chars().flat_map(char::to_lowercase));
        }
    }

    fn feed(&mut self, chars: impl Iterator<Item = char>) {
        let mut start = None;
        for c in chars {
            let c = if c == '\u{2019}' { '\'' } else { c };
            if c.is_ascii_lowercase() || c == '\'' {
                start.get_or_insert(self.text.len());
                self.text.push(c);
                continue;
            }
            if let Some(from) = start.take() {
                self.spans.push((from as u32, self.text.len() as u32));
                self.text.push(' ');
            }
            if c == '?' || c == '!' {
                let from = self.text.len();
                self.text.push(c);
                self.spans.push((from as u32, self.text.len() as u32));
                self.text.push(' ');
            }
        }
        if let Some(from) = start {
            self.spans.push((from as u32, self.text.len() as u32));
            self.text.push(' ');
        }
    }

    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// Token `i`.
    pub fn get(&self, i: usize) -> &str {
        let (a, b) = self.spans[i];
        &self.text[a as usize..b as usize]
    }

    /// Tokens `i` and `i + 1` as the pair the table names them by ("you
    /// people"): the text holds each token followed by one space, so the
    /// pair is the stretch from the one's start to the other's end.
    pub fn pair(&self, i: usize) -> &str {
        &self.text[self.spans[i].0 as usize..self.spans[i + 1].1 as usize]
    }

    /// Tokens `i` to `i + 2` as the three words the table names them by
    /// ("who asked you"), read the same way as [`Words::pair`].
    pub fn triple(&self, i: usize) -> &str {
        &self.text[self.spans[i].0 as usize..self.spans[i + 2].1 as usize]
    }
}

/// The fit's tokens of `text` (see the module's documentation).
pub fn tokens(text: &str) -> Vec<String> {
    let mut w = Words::default();
    w.push_text(text);
    (0..w.len()).map(|i| w.get(i).to_string()).collect()
}

/// What a stretch the reading marks becomes: a finding of `rule`, with the
/// kind of attack `kind_of` names for its words, if any.
pub(crate) struct Marker<'a> {
    pub rule: usize,
    pub kind_of: &'a dyn Fn(&Words, Range<usize>) -> Option<Named>,
}

impl Marker<'static> {
    /// Marks for `rule` without naming a kind.
    #[cfg(test)]
    fn plain(rule: usize) -> Marker<'static> {
        fn unnamed(_: &Words, _: Range<usize>) -> Option<Named> {
            None
        }
        Marker {
            rule,
            kind_of: &unnamed,
        }
    }
}

/// Adds a finding of `marker`'s rule for each sentence of this chunk that reads as an
/// attack (see [`Reading`] for the bar of one with no word that evaluates)
/// and holds none of `seen.flags` (the byte spans of the chunk's flags so
/// far), unless it and the sentences on either side of it, read together, lean
/// civil: "A payment glitch charged your card twice, and that should never
/// have reached you." after "Thank you for your patience, and I'm sorry for
/// the silence." is an apology. Two short sentences side by side that
/// address the reader are also read as one, and a short reply of more than
/// one sentence, none of them marked, is read whole (`whole_words`), as the
/// fit read the replies it learnt from. A sentence that holds one of
/// `seen.praise` (the spans of the chunk's cues of sincere praise, `praise =
/// true`) and no word that evaluates is not read as an attack: "You did a
/// good job on the deck." reads like the mock praise the fit learnt from,
/// and words cannot tell the two apart; the phrase rules name the mockery
/// they know. A marked stretch is a finding of `marker`'s rule, with the kind
/// of attack it is heard as if `marker` names one (see `reads_as`).
pub(crate) fn sentences(
    marker: &Marker,
    reading: &Reading,
    seen: &Seen,
    draft: &str,
    f: &Folded,
    quotes: &Quotes,
    raw: &mut Vec<Raw>,
) {
    if reading.is_empty() || f.tokens.is_empty() {
        return;
    }
    reading.index_for(draft.len());
    // The chunk's own words (quoted stretches left out), and for each
    // sentence its byte span and its tokens.
    let mut words = Words::default();
    let mut read: Vec<(usize, usize, Range<usize>)> = Vec::new();
    let mut start = 0;
    let n = f.tokens.len();
    while start < n {
        let mut end = start;
        while end < n && !ends_sentence(draft, f, end) {
            end += 1;
        }
        // The closing marks belong to the sentence ("?!").
        while end < n && ends_sentence(draft, f, end) {
            end += 1;
        }
        if let Some(first) = (start..end).find(|&i| f.tokens[i].kind == TokenKind::Word) {
            let a = f.tokens[first].byte_start as usize;
            let b = f.tokens[end - 1].byte_end as usize;
            let from = words.len();
            own_words(draft, quotes, a..b, &mut words);
            read.push((a, b, from..words.len()));
        }
        start = end;
    }
    let mut scratch = Scratch::default();
    let mut marked = vec![false; read.len()];
    let within =
        |spans: &[(usize, usize)], a: usize, b: usize| spans.iter().any(|&(s, e)| s < b && e > a);
    let clear = |a: usize, b: usize| !within(&seen.flags, a, b);
    for (k, (a, b, range)) in read.iter().enumerate() {
        if range.len() < reading.fewest_words as usize || !clear(*a, *b) {
            continue;
        }
        let praised = within(&seen.praise, *a, *b);
        let Some(p) = attack(reading, &words, range.clone(), praised, &mut scratch) else {
            continue;
        };
        let around = read[k.saturating_sub(1)].2.start..read[(k + 1).min(read.len() - 1)].2.end;
        if around.len() > range.len()
            && reading.probability(&words, around, &mut scratch) < NEIGHBOURS_BAR
        {
            continue;
        }
        marked[k] = true;
        let mut r = Raw::new(marker.rule, *a..*b);
        r.strength = p;
        r.reads_as = (marker.kind_of)(&words, range.clone());
        raw.push(r);
    }
    // Two short sentences next to each other that address the reader are
    // often one thought ("Bless, you tried. I'll take it from here."): read
    // together, they are marked as one.
    for k in 1..read.len() {
        let ((a, _, first), (_, b, second)) = (&read[k - 1], &read[k]);
        let short = |r: &Range<usize>| r.len() <= reading.pair_words as usize;
        if marked[k - 1]
            || marked[k]
            || !short(first)
            || !short(second)
            || !clear(*a, *b)
            || !(first.start..second.end).any(|i| reading.addresses(words.get(i)))
        {
            continue;
        }
        let praised = within(&seen.praise, *a, *b);
        if let Some(p) = attack(
            reading,
            &words,
            first.start..second.end,
            praised,
            &mut scratch,
        ) {
            marked[k] = true;
            let mut r = Raw::new(marker.rule, *a..*b);
            r.strength = p;
            r.reads_as = (marker.kind_of)(&words, first.start..second.end);
            raw.push(r);
        }
    }
    // A short reply of more than one sentence, none of them marked, is also
    // read whole, as the replies the fit learnt from were: "I'll handle the
    // release notes. You focus on the emoji." says in two sentences what
    // neither says alone.
    if read.len() > 1 && !marked.contains(&true) {
        let (a, b) = (read[0].0, read[read.len() - 1].1);
        let all = read[0].2.start..read[read.len() - 1].2.end;
        if all.len() <= reading.whole_words as usize && clear(a, b) {
            let praised = within(&seen.praise, a, b);
            if let Some(p) = attack(reading, &words, all.clone(), praised, &mut scratch) {
                let mut r = Raw::new(marker.rule, a..b);
                r.strength = p;
                r.reads_as = (marker.kind_of)(&words, all);
                raw.push(r);
            }
        }
    }
}

/// The probability that the tokens `range` of `words` are heard as an
/// attack, if it reaches the bar: the threshold for a stretch that holds a
/// word that evaluates; otherwise the plain threshold (the address threshold
/// when it speaks of the reader), from the fewest words, and only when its
/// words beside the ones that address the reader lean hostile on their own.
/// A plain sentence about a thing ("So I have to post this every day?")
/// needs more than one said of them ("Nobody here is holding a seat for
/// you."). A stretch of sincere praise (see [`sentences`]) is only read for
/// a word that evaluates.
fn attack(
    reading: &Reading,
    words: &Words,
    range: Range<usize>,
    praised: bool,
    s: &mut Scratch,
) -> Option<f32> {
    let w = reading.weigh(words, range.clone(), s);
    let p = w.probability;
    if w.evaluates {
        return (p >= reading.threshold).then_some(p);
    }
    if praised {
        return None;
    }
    (range.len() >= reading.plain_words as usize
        && p >= if w.addresses {
            reading.address_threshold
        } else {
            reading.plain_threshold
        }
        && w.without_address >= 0.0)
        .then_some(p)
}

/// Whether token `i` ends a sentence for the reading: a clause mark the
/// matcher stops at, unless the text runs straight on after it, as inside
/// an address or a file name ("praw4.zip", "https://…"): read from there,
/// the rest of the address would start a sentence of its own.
fn ends_sentence(draft: &str, f: &Folded, i: usize) -> bool {
    f.is_boundary(i)
        && !draft[f.tokens[i].byte_end as usize..]
            .chars()
            .next()
            .is_some_and(|c| {
                c.is_alphanumeric()
                    || matches!(c, '/' | '\\' | '_' | '@' | '#' | '%' | '=' | '&' | '~')
            })
}

/// Appends the fit's tokens of `draft[span]` to `words`, leaving out quoted
/// stretches.
fn own_words(draft: &str, quotes: &Quotes, span: Range<usize>, words: &mut Words) {
    let (a, b) = (span.start, span.end);
    let regions = quotes.regions();
    let mut at = a;
    let first = regions.partition_point(|r| r.end <= a);
    for r in regions[first..].iter().take_while(|r| r.start < b) {
        if r.start > at {
            words.push_text(&draft[at..r.start]);
        }
        at = at.max(r.end);
    }
    if at < b {
        words.push_text(&draft[at..b]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_the_fits() {
        assert_eq!(
            tokens("You’re NOT welcome here?! Café-2"),
            ["you're", "not", "welcome", "here", "?", "!", "caf"]
        );
    }

    #[test]
    fn a_sentence_is_read_as_the_sum_of_its_words_and_pairs() {
        let r =
            Reading::parse("# c\n(bias)\t-1\n(threshold)\t0.5\nyou\t0.5\nyou people\t2\nthanks\t-1.5\nbias\t9\nlazy\t0\tnegative\n")
                .unwrap();
        let (p, carried) = r.read("You people, you people!");
        // bias −1, "you" once, "you people" once: 1.5.
        assert!((p - 1.0 / (1.0 + (-1.5f32).exp())).abs() < 1e-6, "{p}");
        assert_eq!(carried[0].0, "you people");
        assert!(r.read("thanks").0 < 0.5);
        let (lazy, you) = (words("so lazy"), words("you people"));
        assert!(r.evaluates(&lazy, 0..lazy.len()) && !r.evaluates(&you, 0..you.len()));
    }

    /// Three words in a row carry a weight of their own ("who asked you"),
    /// counted once, and one of them that addresses the reader keeps the
    /// three out of the weight without the reader.
    #[test]
    fn three_words_in_a_row_carry_their_own_weight() {
        let r = Reading::parse(
            "(bias)\t0\n(threshold)\t0.5\nyou\t0.5\taddress\nwho asked\t1\nwho asked you\t2\nasked\t0.25\n",
        )
        .unwrap();
        let (p, carried) = r.read("Who asked you? Who asked you?");
        // "asked" 0.25, "who asked" 1, "who asked you" 2, "you" 0.5, once each.
        assert!((p - 1.0 / (1.0 + (-3.75f32).exp())).abs() < 1e-6, "{p}");
        assert_eq!(carried[0].0, "who asked you");
        let w = words("who asked you");
        assert!((r.without_address(&w, 0..w.len()) - 1.25).abs() < 1e-6);
        let two = words("who asked");
        assert!((r.without_address(&two, 0..two.len()) - 1.25).abs() < 1e-6);
    }

    /// A sentence with no word that evaluates needs the plain threshold, the
    /// fewest words, and words beside "you" that lean hostile.
    #[test]
    fn a_plain_sentence_is_judged_on_more_than_its_you() {
        let r = Reading::parse(
            "(bias)\t0\n(threshold)\t0.6\n(plain threshold)\t0.7\n(plain words)\t4\n\
             you\t3\taddress\nnobody\t0.5\nwants\t0.2\naround\t0.1\nthe\t-0.1\nbuild\t-0.4\n",
        )
        .unwrap();
        assert_eq!((r.plain_threshold, r.plain_words), (0.7, 4));
        let flagged = |t: &str| !marks(&r, t).is_empty();
        let hostile = words("nobody wants you around");
        assert!((r.without_address(&hostile, 0..hostile.len()) - 0.8).abs() < 1e-6);
        assert!(flagged("Nobody wants you around."));
        // Too few words, or nothing hostile beside the "you".
        assert!(!flagged("Nobody wants you."));
        assert!(!flagged("You fixed the build again."));
    }

    /// A plain sentence that speaks of the reader is read at the address
    /// threshold; one about a thing keeps the plain threshold; a table
    /// without the line uses the plain threshold for both.
    #[test]
    fn a_plain_sentence_about_the_reader_has_its_own_threshold() {
        let table = "(bias)\t0\n(threshold)\t0.6\n(plain threshold)\t0.9\n(plain words)\t4\n\
                     you\t0\taddress\nnobody\t0.5\nwaits\t0.5\nfor\t0.2\nthe\t0.1\nbus\t0.1\n";
        let with = Reading::parse(&format!("{table}(address threshold)\t0.7\n")).unwrap();
        let without = Reading::parse(table).unwrap();
        assert_eq!(with.address_threshold, 0.7);
        assert_eq!(without.address_threshold, 0.9);
        // It reads about 0.77: over the address threshold, under the plain one;
        // the sentence about the bus reads 0.80, under the plain threshold.
        assert_eq!(marks(&with, "Nobody waits for you.").len(), 1);
        assert!(marks(&without, "Nobody waits for you.").is_empty());
        assert!(marks(&with, "Nobody waits for the bus.").is_empty());
    }

    /// The fit's tokens of `t`.
    fn words(t: &str) -> Words {
        let mut w = Words::default();
        w.push_text(t);
        w
    }

    /// The spans `sentences` marks in `t` with the weights `r`.
    fn marks(r: &Reading, t: &str) -> Vec<Range<usize>> {
        let mut raw = Vec::new();
        let f = crate::text::fold(t);
        sentences(
            &Marker::plain(0),
            r,
            &Seen::default(),
            t,
            &f,
            &Quotes::default(),
            &mut raw,
        );
        raw.iter().map(|x| x.span.clone()).collect()
    }

    #[test]
    fn an_address_does_not_cut_a_sentence() {
        // Every "." and ":" of an address is a clause mark to the matcher;
        // the reading reads the sentence around it whole, so the end of the
        // address does not start a sentence of its own.
        let r = Reading::parse(
            "(bias)\t-2\n(threshold)\t0.6\n(plain threshold)\t0.6\n(plain words)\t1\n\
             (pair words)\t0\nzip\t3\tnegative\n",
        )
        .unwrap();
        let marks = |t: &str| marks(&r, t);
        let t = "Get it from https://example.org/v4.zip or fix it. Then zip it.";
        assert_eq!(
            marks(t),
            vec![Range { start: 0, end: 49 }, Range { start: 50, end: 62 }]
        );
    }

    /// Two short sentences are read together, as one thought, and marked
    /// once over both.
    #[test]
    fn two_short_sentences_are_read_together() {
        let r = Reading::parse(
            "(bias)\t-2\n(threshold)\t0.6\n(plain threshold)\t0.7\n(plain words)\t1\n\
             (pair words)\t3\nexhausting\t0.5\tnegative\nfor you\t2\nfor them\t2\n\
             you\t0\taddress\n",
        )
        .unwrap();
        let marks = |t: &str| marks(&r, t);
        assert_eq!(
            marks("Sounds exhausting. For you."),
            vec![Range { start: 0, end: 27 }]
        );
        assert!(marks("Sounds exhausting.").is_empty() && marks("For you.").is_empty());
        // A longer sentence is its own thought.
        assert!(marks("It sounds so exhausting. For you.").is_empty());
        // Only a pair that addresses the reader.
        assert!(marks("Sounds exhausting. For them.").is_empty());
    }

    /// A short reply whose sentences are each under the bar is read whole,
    /// and marked once over all of it; a longer one, or one with a sentence
    /// already marked, is not.
    #[test]
    fn a_short_reply_is_also_read_whole() {
        let r = Reading::parse(
            "(bias)\t-2\n(threshold)\t0.6\n(plain threshold)\t0.6\n(plain words)\t1\n\
             (fewest words)\t1\n(pair words)\t0\n(whole words)\t8\ngreat\t1\tnegative\n\
             late\t1.5\tnegative\nawful\t4\tnegative\n",
        )
        .unwrap();
        let m = |t: &str| marks(&r, t);
        // Each sentence alone reads under 0.6 (−1 and −0.5); together 0.62.
        assert_eq!(
            m("Great work. Three weeks late."),
            vec![Range { start: 0, end: 29 }]
        );
        assert!(m("Great work.").is_empty() && m("Three weeks late.").is_empty());
        // Too long to be read as one thought.
        assert!(m("Great work on the whole budget. It was three weeks late.").is_empty());
        // A sentence already marked is what the reply does.
        assert_eq!(m("Great work. Awful."), vec![Range { start: 12, end: 18 }]);
        // Without the line, never.
        let off = Reading::parse(
            "(bias)\t-2\n(threshold)\t0.6\n(fewest words)\t1\ngreat\t1\tnegative\nlate\t1.5\tnegative\n",
        )
        .unwrap();
        assert!(marks(&off, "Great work. Three weeks late.").is_empty());
    }

    #[test]
    fn a_bad_line_is_an_error_at_its_place() {
        let (at, msg) = Reading::parse("(bias)\t0\nyou\tlots\n").unwrap_err();
        assert_eq!(at, 9..17, "{msg}");
        assert!(Reading::parse("(threshold)\t3\n").is_err());
        assert!(Reading::parse("you 1\n").is_err());
        assert!(Reading::parse("you\t1\tpositive\n").is_err());
        assert!(Reading::parse("(plain words)\t2.5\n").is_err());
        assert!(Reading::parse("(plain threshold)\t-1\n").is_err());
    }

    /// The hash index for long texts finds what the binary search finds.
    #[test]
    fn the_index_finds_what_the_search_finds() {
        let e = crate::packs::builtin_engine().unwrap();
        let r = &e.reading;
        let keys = [
            "you're",
            "your kind",
            "thanks",
            "!",
            "not a word at all",
            "zzz",
        ];
        let searched: Vec<f32> = keys.iter().map(|k| r.weight(k)).collect();
        r.index();
        let hashed: Vec<f32> = keys.iter().map(|k| r.weight(k)).collect();
        assert_eq!(searched, hashed);
        assert!(searched[0] != 0.0 && searched[4] == 0.0);
    }

    /// The built-in weights read hostility in plain words and pass a civil
    /// reply.
    #[test]
    fn the_built_in_weights_read_plain_hostility() {
        let e = crate::packs::builtin_engine().unwrap();
        let r = &e.reading;
        assert!(r.read("Nobody here wants you around, take the hint.").0 >= r.threshold);
        let marked = |t: &str| !marks(r, t).is_empty();
        // Two short sentences, one thought; a short plain report is not read.
        assert!(marked("Bless, you tried. I'll take it from here."));
        assert!(!marked("You opened a pull request."));
        assert!(!marked("Your team lost on Saturday."));
        assert!(
            r.read("Thanks for the report, I'll look at the logs tomorrow.")
                .0
                < r.threshold
        );
    }
}
