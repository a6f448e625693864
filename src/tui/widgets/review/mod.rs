//! The review of a draft, shared by the reply flow and practice: the draft
//! with flags and good cues marked in place, the findings grouped by
//! dimension, the selected finding's rewrites (each shown as its whole
//! sentence would read) or, for a dimension with no cue, its question and
//! sentence starts; apply with one key, undo, dismiss, and what changed
//! since the last check.
//!
//! [`Review`] is the state; the functions over a [`Reviewed`] flow (its
//! editor, how it analyses a draft, its packs and aim) apply the actions,
//! and [`view::draw`] draws it. What happens to a dismissal (kept in the state
//! directory by the reply flow, set aside for the attempt by practice) and
//! which screen comes next stay with each flow.

pub mod view;

use std::cell::Cell;

use super::editor::{EditOp, Editor};
use crate::store::Dismissed;
use tactful_engine::rules::Library;
use tactful_engine::{Analysis, Dimension, Dismissal, Finding, Kind, rewrite};

/// A line of the review list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    /// A finding: its index in the analysis.
    Finding(usize),
    /// A dimension with no cue at all: its question and scaffolds.
    Missing(Dimension),
}

/// Each check of the draft, kept to show what changed.
#[derive(Debug, Clone)]
pub struct Revision {
    pub text: String,
    pub analysis: Analysis,
}

/// What the review can take back with `u`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReviewUndo {
    /// An edit made with the finding at this byte selected.
    Edit(usize),
    Dismiss(Dismissal, usize),
}

/// The review's state.
#[derive(Debug, Default)]
pub struct Review {
    /// The analysis of the current draft.
    pub analysis: Option<Analysis>,
    /// The selected line of the list.
    pub sel: usize,
    /// First row of the marked draft; `usize::MAX` follows the selected
    /// finding.
    pub scroll: usize,
    /// The first row the review last drew (for scrolling from there).
    pub top: Cell<usize>,
    /// First row of the selected finding's detail shown; back to the top
    /// whenever the selection changes.
    pub detail_scroll: usize,
    /// The last row the detail can start at, as the view last drew it
    /// (0 when it all fits).
    pub detail_max: Cell<usize>,
    pub undo: Vec<ReviewUndo>,
    pub revisions: Vec<Revision>,
    /// Findings set aside without asking the engine (practice keeps the
    /// engine's whole reading for its goals): left out of the list and the
    /// marks.
    pub set_aside: Vec<Dismissal>,
    /// The flagged phrases (folded) a suggestion took away with nothing in
    /// their place, so that the end of the flow can say "removed" of them
    /// rather than "softened".
    pub removed: Vec<String>,
}

impl Review {
    /// Forgets everything about the draft reviewed so far.
    pub fn clear(&mut self) {
        *self = Review::default();
    }

    fn shown(&self, f: &Finding) -> bool {
        self.set_aside.is_empty()
            || !self
                .set_aside
                .contains(&Dismissal::new(&f.rule_id, &f.matched))
    }

    /// The lines of the list, grouped by dimension: flags, then cues, then
    /// a missing dimension's question.
    pub fn items(&self) -> Vec<Item> {
        let Some(a) = &self.analysis else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for d in Dimension::ALL {
            for kind in [Kind::Flag, Kind::Cue] {
                out.extend(
                    a.findings
                        .iter()
                        .enumerate()
                        .filter(|(_, f)| f.dimension == d && f.kind == kind && self.shown(f))
                        .map(|(i, _)| Item::Finding(i)),
                );
            }
            if a.missing.contains(&d) {
                out.push(Item::Missing(d));
            }
        }
        out
    }

    /// The selected line of the list.
    pub fn selected_item(&self) -> Option<Item> {
        let items = self.items();
        items
            .get(self.sel.min(items.len().saturating_sub(1)))
            .copied()
    }

    /// The finding selected.
    pub fn selected_finding(&self) -> Option<&Finding> {
        match self.selected_item()? {
            Item::Finding(i) => self.analysis.as_ref()?.findings.get(i),
            Item::Missing(_) => None,
        }
    }

    /// The check before the current one, for "what changed".
    pub fn previous_revision(&self) -> Option<&Revision> {
        let n = self.revisions.len();
        (n >= 2).then(|| &self.revisions[n - 2])
    }

    /// Flags still to look at (notes aside).
    pub fn flags_left(&self) -> usize {
        self.analysis.as_ref().map_or(0, |a| {
            a.to_fix()
                .filter(|f| {
                    self.set_aside.is_empty()
                        || !self
                            .set_aside
                            .contains(&Dismissal::new(&f.rule_id, &f.matched))
                })
                .count()
        })
    }

    /// Selects the first flag at or after byte `at` (else the first flag).
    pub fn select_flag_from(&mut self, at: usize) {
        let Some(a) = &self.analysis else { return };
        let items = self.items();
        let flag_from = |min: usize| {
            items.iter().position(|it| {
                matches!(it, Item::Finding(i)
                    if a.findings[*i].kind == Kind::Flag && a.findings[*i].byte_start >= min)
            })
        };
        if let Some(pos) = flag_from(at).or_else(|| flag_from(0)) {
            self.sel = pos;
            self.detail_scroll = 0;
        }
    }

    /// Keeps a check: a new revision unless nothing changed.
    pub fn record(&mut self, text: String, analysis: Analysis) {
        let same = self
            .revisions
            .last()
            .is_some_and(|r| r.text == text && r.analysis == analysis);
        if !same {
            self.revisions.push(Revision {
                text,
                analysis: analysis.clone(),
            });
        }
        self.analysis = Some(analysis);
        let n = self.items().len();
        self.sel = self.sel.min(n.saturating_sub(1));
        self.detail_scroll = 0;
    }

    /// Moves the selection by one line.
    pub fn step(&mut self, forward: bool) {
        let n = self.items().len();
        self.sel = if forward {
            (self.sel + 1).min(n.saturating_sub(1))
        } else {
            self.sel.saturating_sub(1)
        };
        self.scroll = usize::MAX;
        self.detail_scroll = 0;
    }

    /// Scrolls the selected finding's detail by `rows` (down when
    /// positive), within what the view last drew.
    pub fn scroll_detail(&mut self, rows: isize) {
        let max = self.detail_max.get();
        self.detail_scroll = self
            .detail_scroll
            .min(max)
            .saturating_add_signed(rows)
            .min(max);
    }

    /// Whether the selected finding's detail runs past its pane.
    pub fn detail_overflows(&self) -> bool {
        self.detail_max.get() > 0
    }

    /// Scrolls the marked draft by a page of `rows`.
    pub fn page(&mut self, rows: usize, down: bool) {
        self.scroll = if down {
            self.top.get().saturating_add(rows)
        } else {
            self.top.get().saturating_sub(rows)
        };
    }
}

/// A flow whose draft can be reviewed: its editor, how it reads a draft,
/// and its packs and aim (for sentence starts and questions).
pub trait Reviewed {
    fn review(&self) -> &Review;
    fn review_mut(&mut self) -> &mut Review;
    fn editor(&self) -> &Editor;
    fn editor_mut(&mut self) -> &mut Editor;
    /// The draft read in the flow's context (what it answers, its aim,
    /// what the engine is told to leave out).
    fn analyze(&self, text: &str) -> Analysis;
    fn library(&self) -> &Library;
    fn intent(&self) -> Option<&str>;
}

/// What an action in the review leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Stay in the review and say this.
    Stay(String),
    /// Go to the editor (a sentence start was inserted) and say this.
    ToDraft(String),
}

/// Checks the draft now and keeps the check.
pub fn check(d: &mut impl Reviewed) {
    let text = d.editor().text();
    let analysis = d.analyze(&text);
    d.review_mut().record(text, analysis);
}

/// Opens the review: a fresh check, nothing to undo, the first flag
/// selected.
pub fn start(d: &mut impl Reviewed) {
    {
        let r = d.review_mut();
        r.undo.clear();
        r.sel = 0;
        r.scroll = 0;
    }
    check(d);
    let r = d.review_mut();
    if let Some(a) = &r.analysis {
        let items = r.items();
        if let Some(pos) = items
            .iter()
            .position(|it| matches!(it, Item::Finding(i) if a.findings[*i].kind == Kind::Flag))
        {
            r.sel = pos;
        }
    }
}

/// Checks again and selects the first flag at or after byte `at`.
pub fn recheck_at(d: &mut impl Reviewed, at: usize) {
    check(d);
    d.review_mut().select_flag_from(at);
}

/// Checks again after a change made in the review, keeping the selection
/// near where it was: on the first flag from there on.
pub fn recheck(d: &mut impl Reviewed) {
    let at = d.review().selected_finding().map_or(0, |f| f.byte_start);
    recheck_at(d, at);
}

/// Applies suggestion `k` (from 0) of the selected finding, or inserts
/// sentence start `k` of the selected missing dimension after the sentence
/// the cursor is in.
pub fn apply(d: &mut impl Reviewed, k: usize) -> Outcome {
    match d.review().selected_item() {
        Some(Item::Finding(_)) => {
            let Some(f) = d.review().selected_finding().cloned() else {
                return Outcome::Stay(String::new());
            };
            let Some(s) = f.suggestions.get(k) else {
                return Outcome::Stay(if f.suggestions.is_empty() {
                    "No suggestion for this one; edit it yourself (Enter) or dismiss it (d).".into()
                } else {
                    format!("There are {} suggestions.", f.suggestions.len())
                });
            };
            let text = d.editor().text();
            match rewrite::apply(&text, &f, s) {
                Some(applied) => {
                    let phrase = tactful_engine::fold_phrase(&f.matched);
                    // Taken away: nothing new in their place, and none of the
                    // flagged words left ("Get the fuck out of the way" as "Get
                    // out of the way" is the same order, softened).
                    let took_away = adds_no_words(&text[s.byte_start..s.byte_end], &s.replacement)
                        && !shares_a_word(&f.matched, &s.replacement);
                    let review = d.review_mut();
                    review.removed.retain(|p| *p != phrase);
                    if took_away {
                        review.removed.push(phrase);
                    }
                    let at = applied.replaced.end;
                    d.editor_mut().replace_text(&applied.text, at, None);
                    d.review_mut().undo.push(ReviewUndo::Edit(f.byte_start));
                    recheck(d);
                    Outcome::Stay("Applied. Press u to undo.".into())
                }
                None => Outcome::Stay("The draft changed; check it again.".into()),
            }
        }
        Some(Item::Missing(dim)) => {
            let scaffolds = d.library().scaffolds_for(dim, d.intent());
            let Some(s) = scaffolds.get(k) else {
                return Outcome::Stay("No sentence start for this one.".into());
            };
            let scaffold = s.text.clone();
            let at = d.editor().cursor_byte();
            let text = d.editor().text();
            let (new, cursor, blank) = scaffold_insertion(&text, at, &scaffold);
            d.editor_mut().replace_text(&new, cursor, blank);
            d.review_mut().undo.push(ReviewUndo::Edit(at));
            check(d);
            Outcome::ToDraft("Inserted. Type to fill in the blank; Ctrl+Z takes it back.".into())
        }
        None => Outcome::Stay(String::new()),
    }
}

/// Whether `new`, put in place of `old`, says nothing of its own: each of
/// its words was one of `old`'s (a removal that capitalises the next word
/// replaces "Shit, t" with "T").
fn adds_no_words(old: &str, new: &str) -> bool {
    let mut old = words(old);
    words(new).into_iter().all(|w| {
        old.iter()
            .position(|o| *o == w)
            .map(|i| old.swap_remove(i))
            .is_some()
    })
}

/// The lower-cased words of `t`.
fn words(t: &str) -> Vec<String> {
    t.split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Whether `new` keeps a word of `phrase`.
fn shares_a_word(phrase: &str, new: &str) -> bool {
    let phrase = words(phrase);
    words(new).iter().any(|w| phrase.contains(w))
}

/// Takes back an edit made in the review (the editor's own undo), and
/// checks again near where it was.
pub fn undo_edit(d: &mut impl Reviewed, at: usize) {
    d.editor_mut().apply(EditOp::Undo);
    recheck_at(d, at);
}

/// Selects the finding's words in the editor (or puts the cursor at the
/// end for a missing dimension), to edit there.
pub fn jump(d: &mut impl Reviewed) {
    match d
        .review()
        .selected_finding()
        .map(|f| f.byte_start..f.byte_end)
    {
        Some(r) => d.editor_mut().select_bytes(r),
        None => {
            let end = d.editor().text().len();
            d.editor_mut().set_cursor_byte(end);
        }
    }
}

/// The dismissal the selected finding would make, with its index and
/// where it starts.
pub fn dismissal_of(r: &Review, i: usize) -> Option<(Dismissal, usize)> {
    let f = r.analysis.as_ref()?.findings.get(i)?;
    Some((Dismissal::new(&f.rule_id, &f.matched), f.byte_start))
}

/// Where a sentence start goes in `text` when the cursor is at byte `at`:
/// never inside a sentence. Returns the new text, the cursor after the
/// inserted words, and the span of its first blank (`___`), if any.
///
/// The scaffold goes after the sentence that holds the cursor (after its
/// `.`, `!`, `?` or `…` and any closing quote or bracket), or right there
/// when the cursor is already between sentences. A sentence that ends
/// without a mark, at a line break or the end of the draft, gets the
/// scaffold on a line of its own, so no sentence runs into it.
pub fn scaffold_insertion(
    text: &str,
    at: usize,
    scaffold: &str,
) -> (String, usize, Option<std::ops::Range<usize>>) {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let is_mark = |c: char| matches!(c, '.' | '!' | '?' | '…');
    let is_closer = |c: char| matches!(c, '"' | '\'' | ')' | ']' | '”' | '’' | '»');
    let ends_sentence = |before: &str| {
        let t = before.trim_end_matches(is_closer);
        t.ends_with(is_mark)
    };
    // Between sentences already (or at the very start)?
    let before_trim = text[..at].trim_end();
    let between = before_trim.is_empty() || ends_sentence(before_trim);
    let (pos, on_own_line) = if between {
        (before_trim.len(), false)
    } else {
        // The end of the sentence that holds the cursor.
        let rest = &text[at..];
        let mut end = None;
        let mut it = rest.char_indices().peekable();
        while let Some((i, c)) = it.next() {
            if c == '\n' {
                end = Some((at + i, true));
                break;
            }
            if is_mark(c) {
                // Take the whole run of marks and closers with it.
                let mut j = i + c.len_utf8();
                while let Some(&(k, d)) = it.peek() {
                    if is_mark(d) || is_closer(d) {
                        j = k + d.len_utf8();
                        it.next();
                    } else {
                        break;
                    }
                }
                // "3.5" or "e.g.x": a mark followed by a letter ends nothing.
                if rest[j..].chars().next().is_none_or(char::is_whitespace) {
                    end = Some((at + j, false));
                    break;
                }
            }
        }
        end.unwrap_or((text.trim_end().len().max(at), true))
    };
    let before = &text[..pos];
    let after = &text[pos..];
    let mut ins = String::new();
    if on_own_line && !before.trim_end().is_empty() {
        ins.push('\n');
    } else if !before.is_empty() && !before.ends_with(char::is_whitespace) {
        ins.push(' ');
    }
    ins.push_str(scaffold);
    if !after.is_empty() && !after.starts_with(char::is_whitespace) {
        ins.push(' ');
    }
    let mut new = String::with_capacity(text.len() + ins.len());
    new.push_str(before);
    new.push_str(&ins);
    new.push_str(after);
    let blank = tactful_engine::blanks::blank_spans(&ins)
        .first()
        .map(|b| pos + b.start..pos + b.end);
    (new, pos + ins.len(), blank)
}

/// A count of flags by what they matched, to tell what changed.
pub fn flag_counts(a: &Analysis) -> std::collections::HashMap<(String, String), usize> {
    let mut out = std::collections::HashMap::new();
    for f in a.flags() {
        *out.entry((
            f.rule_id.to_string(),
            tactful_engine::fold_phrase(&f.matched),
        ))
        .or_default() += 1;
    }
    out
}

/// Flags fixed and flags new between two analyses (matched words). A flag
/// that went away because it was dismissed was not fixed.
pub fn changes(
    before: &Analysis,
    after: &Analysis,
    dismissed: &[Dismissed],
) -> (Vec<String>, Vec<String>) {
    let b = flag_counts(before);
    let a = flag_counts(after);
    let mut fixed = Vec::new();
    let mut new = Vec::new();
    for f in before.flags() {
        let key = (
            f.rule_id.to_string(),
            tactful_engine::fold_phrase(&f.matched),
        );
        let was_dismissed = dismissed
            .iter()
            .any(|d| d.dismissal.rule_id == key.0 && d.dismissal.phrase == key.1);
        if !was_dismissed
            && a.get(&key).copied().unwrap_or(0) < b[&key]
            && !fixed.iter().any(|m| *m == f.matched)
        {
            fixed.push(f.matched.to_string());
        }
    }
    for f in after.flags() {
        let key = (
            f.rule_id.to_string(),
            tactful_engine::fold_phrase(&f.matched),
        );
        if b.get(&key).copied().unwrap_or(0) < a[&key] && !new.iter().any(|m| *m == f.matched) {
            new.push(f.matched.to_string());
        }
    }
    (fixed, new)
}

#[cfg(test)]
mod tests {
    use super::scaffold_insertion;

    const S: &str = "Would you be open to ___?";

    #[track_caller]
    fn insert(text_with_cursor: &str) -> String {
        let at = text_with_cursor.find('|').expect("a cursor mark");
        let text = text_with_cursor.replace('|', "");
        let (new, cursor, blank) = scaffold_insertion(&text, at, S);
        let blank = blank.expect("the scaffold has a blank");
        assert_eq!(&new[blank.clone()], "___");
        assert!(cursor >= blank.end);
        new
    }

    #[test]
    fn a_sentence_start_goes_after_the_sentence_that_holds_the_cursor() {
        assert_eq!(
            insert("I understand your point. At the same time, |it's just wrong. Bye."),
            "I understand your point. At the same time, it's just wrong. \
             Would you be open to ___? Bye."
        );
        assert_eq!(
            insert("It cost us 3.5 hours| of our time!) Sorry."),
            "It cost us 3.5 hours of our time!) Would you be open to ___? Sorry."
        );
    }

    #[test]
    fn between_sentences_it_goes_right_there() {
        assert_eq!(
            insert("Thanks. |We will fix it."),
            "Thanks. Would you be open to ___? We will fix it."
        );
        assert_eq!(insert("|"), S);
        assert_eq!(insert("Done.|"), "Done. Would you be open to ___?");
    }

    #[test]
    fn a_sentence_without_an_end_mark_gets_a_line_of_its_own() {
        assert_eq!(
            insert("thanks for the re|port"),
            "thanks for the report\nWould you be open to ___?"
        );
        assert_eq!(
            insert("hype and could |you\nour time."),
            "hype and could you\nWould you be open to ___?\nour time."
        );
    }
}
