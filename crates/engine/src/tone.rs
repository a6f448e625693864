//! The tone that words carry, sentence by sentence: heat aimed at the
//! reader costs calm, warmth earns empathy.
//!
//! Each word of the valence lexicon (`prompts/lexicon/valence.tsv`, the
//! VADER ratings from −4 to +4) is found by the same automaton as every
//! phrase. A sentence's tone is the sum of its words' ratings, adjusted the
//! way readers hear them (the heuristics Hutto and Gilbert, 2014, validated
//! for sentiment; the numbers below are theirs):
//!
//! - a booster before a word ("so rude", or a skipped intensifier as in
//!   "really rude") strengthens it by [`BOOST`], fading with distance; a
//!   dampener ("a bit rude") weakens it as much;
//! - a word in capitals in a sentence that is not all capitals gains
//!   [`CAPS`];
//! - a negator in the three words before turns a warm word round and
//!   weakens it ([`NEGATE`]): "not great" is mildly negative; it takes a
//!   hard word's weight away without making it warm ("not bad", "stop
//!   being rude"); a warm word the writer denies of their own state ("I'm
//!   not comfortable", the language table's `self_states`) is an
//!   I-statement and carries no heat;
//! - a "but" halves what came before it and adds half to what follows;
//! - each `!` (up to four) adds [`EXCLAIM`] in the sentence's direction.
//!
//! The sum becomes a score in (−1, 1) as `sum / sqrt(sum² + 15)`. A sentence
//! at or beyond [`THRESHOLD`] either way is a finding: `tone.heat` (a flag
//! on its strongest negative word where the sentence names the reader),
//! `tone.topic-heat` (a lighter note where it names no one and leans at
//! least [`THRESHOLD_TOPIC`]: hard words about a thing still colour a
//! reply, at half the weight) or `tone.warmth` (a cue on its strongest
//! positive word). Words
//! the language tables call neutral in a thread ("failed", "bug") and the
//! words of the lists they name (feelings: "frustrated") carry no heat, nor
//! does a negative word inside a cue ("you sound exhausted") or after a
//! cue of sympathy in its sentence, before any "but" ("I'm sorry the driver
//! was rude to you"). The finding's `strength` is the score's size,
//! so "fine" and "furious" do not count alike.

use crate::lang::Lang;
use crate::quotes::Quotes;
use crate::raw::Raw;
use crate::rules::Rule;
use crate::sentence;
use crate::text::{Folded, TokenKind};
use crate::types::Kind;

/// What a booster or dampener adds to or takes from a word.
const BOOST: f32 = 0.293;
/// What capitals add to a word in a sentence that is not all capitals.
const CAPS: f32 = 0.733;
/// What a negator multiplies a word by.
const NEGATE: f32 = -0.74;
/// What each exclamation mark adds, up to four.
const EXCLAIM: f32 = 0.292;
/// How far back a booster, dampener or negator reaches, in words.
const REACH: usize = 3;
/// How far after a cue of sympathy its sentence's hard words are its own,
/// in tokens.
const SYMPATHY_REACH: usize = 16;
/// How near the hottest word the reader must be named, in tokens.
const AIM_REACH: usize = 8;
/// A sentence of at most this many words leaning warm is an interjection
/// ("Wow.", "Sure."): it earns [`BARE_SHARE`] of the warmth it would.
const BARE_WORDS: usize = 2;
const BARE_SHARE: f32 = 0.25;
/// How strongly a sentence must lean towards warmth to be a finding.
pub const THRESHOLD: f32 = 0.3;
/// How strongly a sentence that names the reader must lean towards heat:
/// one mildly negative word ("you'll regret it if…") is not yet heat.
pub const THRESHOLD_HEAT: f32 = 0.4;
/// How strongly a sentence that names no reader must lean towards heat to
/// be a finding (`tone.topic-heat`), and how much of its lean counts.
pub const THRESHOLD_TOPIC: f32 = 0.6;
const TOPIC_SHARE: f32 = 0.5;

/// A word of the lexicon found at token `token`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hit {
    pub token: usize,
    pub valence: f32,
    /// The word stands inside a flag: its tone is what the flag is about,
    /// and a negator around it ("no shit") does not turn it warm.
    pub in_flag: bool,
}

/// What the tone readings need of the compiled packs: their rules for
/// heat, heat about a thing and warmth (if the packs have them), all the
/// rules (to tell the cues and flags found so far apart) and the language
/// tables.
pub(crate) struct ToneRules<'a> {
    pub heat: Option<usize>,
    pub topic_heat: Option<usize>,
    pub warmth: Option<usize>,
    pub rules: &'a [Rule],
    pub lang: &'a Lang,
}

/// Adds a heat or warmth finding for every sentence whose words lean far
/// enough either way. `hits` are the lexicon's words in this chunk.
/// Negative words inside the cues found in this chunk (`raw[from..]`) and
/// positive words inside its flags are left out.
pub(crate) fn sentences(
    tr: &ToneRules,
    f: &Folded,
    quotes: &Quotes,
    hits: &mut Vec<Hit>,
    from: usize,
    raw: &mut Vec<Raw>,
) {
    let (heat, topic_heat, warmth) = (tr.heat, tr.topic_heat, tr.warmth);
    if hits.is_empty() || (heat.is_none() && warmth.is_none() && topic_heat.is_none()) {
        return;
    }
    // A negative word inside a cue is a feeling named with care; a positive
    // word inside a flag is praise said in mockery ("nice going, genius").
    let spans = |kind: Kind| {
        let mut v: Vec<(usize, usize)> = raw[from..]
            .iter()
            .filter(|r| tr.rules[r.rule].kind == kind)
            .map(|r| (r.span.start, r.span.end))
            .collect();
        v.sort_unstable();
        v
    };
    let (cues, flags) = (spans(Kind::Cue), spans(Kind::Flag));
    // Where a cue of sympathy or apology ends: the hard words after it in
    // its sentence say what went wrong for the reader.
    let mut sympathy: Vec<usize> = raw[from..]
        .iter()
        .filter(|r| tr.rules[r.rule].sympathy)
        .map(|r| r.span.end)
        .collect();
    sympathy.sort_unstable();
    if !cues.is_empty() || !flags.is_empty() {
        let inside = |v: &[(usize, usize)], at: usize| {
            let n = v.partition_point(|c| c.0 <= at);
            n > 0 && v[..n].iter().rev().take(8).any(|c| c.1 > at)
        };
        hits.retain_mut(|h| {
            let at = f.tokens[h.token].byte_start as usize;
            h.in_flag = inside(&flags, at);
            if h.valence > 0.0 {
                !h.in_flag
            } else {
                !inside(&cues, at) && !after_sympathy(tr.lang, f, &sympathy, h.token)
            }
        });
        if hits.is_empty() {
            return;
        }
    }
    hits.sort_unstable_by_key(|h| h.token);
    let mut k = 0;
    while k < hits.len() {
        let (start, end) = sentence::around_token(f, hits[k].token);
        let mut j = k;
        while j < hits.len() && hits[j].token < end {
            j += 1;
        }
        let tone = sentence_tone(tr.lang, f, start, end, &hits[k..j]);
        if let Some(t) = tone {
            // Heat counts where it is aimed at the reader; a hot sentence
            // about a thing ("this release is a disaster") is the phrase
            // rules' business.
            // Aimed: the reader is named near the hottest word ("you,
            // sir, are a disgrace"), not anywhere in a long sentence.
            let near = t.strongest.saturating_sub(AIM_REACH).max(start)
                ..(t.strongest + AIM_REACH + 1).min(end);
            let aimed = || {
                near.clone().any(|i| {
                    let t = &f.tokens[i];
                    tr.lang.second_person.contains(f.token_text(i))
                        && !quotes.overlaps(t.byte_start as usize..t.byte_end as usize)
                })
            };
            let (rule, strength) = if t.score < 0.0 {
                if t.score > -THRESHOLD_HEAT {
                    k = j.max(k + 1);
                    continue;
                }
                if aimed() {
                    (heat, -t.score)
                } else if t.score <= -THRESHOLD_TOPIC {
                    (topic_heat, -t.score * TOPIC_SHARE)
                } else {
                    k = j.max(k + 1);
                    continue;
                }
            } else {
                // A sentence of a word or two ("Wow.", "Sure.") is an
                // interjection, not warmth the reader can rely on.
                let words = (start..end)
                    .filter(|&i| f.tokens[i].kind == TokenKind::Word)
                    .count();
                let bare = if words <= BARE_WORDS { BARE_SHARE } else { 1.0 };
                (warmth, t.score * bare)
            };
            if let Some(rule) = rule {
                // Heat made by turning a warm word round ("nobody wants to
                // help you") is in the negator and the word together.
                let from = &f.tokens[t.from];
                let tok = &f.tokens[t.strongest];
                let mut r = Raw::new(rule, from.byte_start as usize..tok.byte_end as usize);
                r.strength = strength;
                raw.push(r);
            }
        }
        k = j.max(k + 1);
    }
}

/// Whether token `i` follows the end of a sympathy cue (`ends`, sorted
/// byte offsets) in its own sentence with no contrast word ("but") between:
/// "I'm sorry the driver was rude to you" names what happened to them, "I'm
/// sorry, but you're rude" does not. Looks back at most [`SYMPATHY_REACH`]
/// tokens.
fn after_sympathy(lang: &Lang, f: &Folded, ends: &[usize], i: usize) -> bool {
    let at = f.tokens[i].byte_start as usize;
    let n = ends.partition_point(|&e| e <= at);
    let Some(&end) = n.checked_sub(1).map(|k| &ends[k]) else {
        return false;
    };
    let mut j = i;
    for _ in 0..SYMPATHY_REACH {
        if j == 0 {
            return false;
        }
        j -= 1;
        if (f.tokens[j].byte_end as usize) <= end {
            return true;
        }
        if f.is_boundary(j) || lang.contrast.contains(f.token_text(j)) {
            return false;
        }
    }
    false
}

/// A sentence's tone: its score in (−1, 1), the word that carried most,
/// and where the words carrying it start (the negator before a warm word
/// turned round, or that word itself).
#[derive(Debug, Clone, Copy)]
struct Tone {
    score: f32,
    strongest: usize,
    from: usize,
}

fn sentence_tone(lang: &Lang, f: &Folded, start: usize, end: usize, hits: &[Hit]) -> Option<Tone> {
    let words = (start..end).filter(|&i| f.tokens[i].kind == TokenKind::Word);
    let shouting = words.clone().all(|i| f.tokens[i].all_caps);
    let but = (start..end).find(|&i| lang.contrast.contains(f.token_text(i)));
    // "I'm not calling you an idiot", "nobody thinks you're stupid": a
    // word after a denied report is nobody's claim, not heat. Where the
    // sentence's first denied report stands, found once for all its words.
    let denied_report = (start..end).find(|&k| {
        lang.reporting.contains(f.token_text(k))
            && (1..=REACH).any(|b| {
                k.checked_sub(b)
                    .filter(|&j| j >= start)
                    .is_some_and(|j| lang.tone_negators.contains(f.token_text(j)))
            })
    });
    let mut sum = 0.0f32;
    let mut strongest = (0.0f32, hits[0].token);
    let mut strongest_from = hits[0].token;
    for h in hits {
        let i = h.token;
        let sign = h.valence.signum();
        let mut v = h.valence;
        if f.tokens[i].emphasized {
            v += sign * BOOST;
        }
        if f.tokens[i].all_caps && !shouting {
            v += sign * CAPS;
        }
        let mut negated = None;
        for back in 1..=REACH {
            let Some(j) = i.checked_sub(back).filter(|&j| j >= start) else {
                break;
            };
            let w = f.token_text(j);
            let fade = 1.0 - 0.05 * (back - 1) as f32;
            if lang.boosters.contains(w) {
                v += sign * BOOST * fade;
            } else if lang.dampeners.iter().any(|d| ends_with(f, j, start, d)) {
                v -= sign * BOOST * fade;
            }
            if lang.tone_negators.contains(w) && negated.is_none() {
                negated = Some(j);
            }
        }
        if let Some(j) = negated.filter(|_| !h.in_flag) {
            // A hard word taken back is no warmth: "stop being rude" and
            // "not bad" still speak of rudeness and badness, so they count
            // for nothing either way. A warm word the writer denies of
            // themselves ("I'm not comfortable lending you the car") is how
            // they feel, an I-statement, not heat.
            let own = || {
                j > start
                    && lang
                        .self_states
                        .iter()
                        .any(|p| ends_with(f, j - 1, start, p))
            };
            v = if v < 0.0 || own() { 0.0 } else { v * NEGATE };
        }
        if negated.is_none() && !h.in_flag && denied_report.is_some_and(|k| k < i) {
            v = 0.0;
        }
        match but {
            Some(b) if i < b => v *= 0.5,
            Some(b) if i > b => v *= 1.5,
            _ => {}
        }
        if v.abs() > strongest.0.abs() || (v.signum() != strongest.0.signum() && strongest.0 == 0.0)
        {
            // Where a negator turned the word round, the heat starts there.
            let from = negated.filter(|_| v.signum() != sign && !h.in_flag);
            strongest = (v, i);
            strongest_from = from.unwrap_or(i);
        }
        sum += v;
    }
    let exclaims = (start..end)
        .filter(|&i| f.token_text(i) == "!")
        .count()
        .min(4);
    if sum != 0.0 {
        sum += sum.signum() * EXCLAIM * exclaims as f32;
    }
    let score = sum / (sum * sum + 15.0).sqrt();
    if score.abs() < THRESHOLD {
        return None;
    }
    // The finding sits on the strongest word leaning the sentence's way.
    let (strongest, from) = if strongest.0.signum() == score.signum() {
        (strongest.1, strongest_from)
    } else {
        let t = hits
            .iter()
            .filter(|h| h.valence.signum() == score.signum())
            .max_by(|a, b| a.valence.abs().total_cmp(&b.valence.abs()))
            .map_or(strongest.1, |h| h.token);
        (t, t)
    };
    Some(Tone {
        score,
        strongest,
        from,
    })
}

/// Whether the words of `phrase` end at token `j` (not before `start`).
fn ends_with(f: &Folded, j: usize, start: usize, phrase: &[String]) -> bool {
    let n = phrase.len();
    j + 1 >= n
        && j + 1 - n >= start
        && phrase
            .iter()
            .enumerate()
            .all(|(k, w)| f.token_text(j + 1 - n + k) == w)
}
