//! From an analysis to what the editor shows: diagnostics, code actions,
//! hovers and the scores inlay. Pure functions of the buffer, the analysis
//! and the settings; the server loop (`server`) only moves their results.

use std::collections::HashMap;
use std::ops::Range;

use lsp_types as lsp;
use serde_json::json;

use super::context::{Problem, Source};
use super::settings::Settings;
use super::text::{Encoding, Pos, Text, diff};
use super::words::{fill, words};
use tactful_engine::rules::Library;
use tactful_engine::sentence::starter_place;
use tactful_engine::{Analysis, Dimension, Finding, Kind, Severity, rewrite};

/// The `source` of every diagnostic.
pub const SOURCE: &str = "tactful";
/// The command a "dismiss here" action runs: arguments are the rule id and
/// the matched words.
pub const DISMISS_COMMAND: &str = "tactful.dismiss";
/// The code action kind of "insert a sentence starter".
pub const STARTER_KIND: &str = "refactor.rewrite";
/// Sentence starters offered per missing dimension.
const STARTERS_PER_DIMENSION: usize = 2;

/// One reading of a buffer at one version.
#[derive(Debug, Clone)]
pub struct Checked {
    pub version: i32,
    pub analysis: Analysis,
    /// The buffer as the engine read it (what is not the writer's blanked).
    pub prepared_text: String,
    pub source: Source,
    pub problem: Option<Problem>,
}

/// What the conversions need besides the buffer and its reading.
pub struct View<'a> {
    pub text: &'a Text,
    pub checked: &'a Checked,
    pub library: &'a Library,
    pub settings: &'a Settings,
    pub enc: Encoding,
}

impl View<'_> {
    fn range(&self, bytes: Range<usize>) -> lsp::Range {
        lsp::Range {
            start: pos(self.text.position(bytes.start, self.enc)),
            end: pos(self.text.position(bytes.end, self.enc)),
        }
    }

    fn bytes(&self, range: lsp::Range) -> Range<usize> {
        self.text
            .byte_range(unpos(range.start), unpos(range.end), self.enc)
    }
}

fn pos(p: Pos) -> lsp::Position {
    lsp::Position {
        line: p.line,
        character: p.character,
    }
}

fn unpos(p: lsp::Position) -> Pos {
    Pos {
        line: p.line,
        character: p.character,
    }
}

fn severity(s: Severity) -> lsp::DiagnosticSeverity {
    match s {
        Severity::Error => lsp::DiagnosticSeverity::ERROR,
        Severity::Warning => lsp::DiagnosticSeverity::WARNING,
        Severity::Info => lsp::DiagnosticSeverity::INFORMATION,
    }
}

/// Whether a finding becomes a diagnostic: every flag, and the cues when
/// the client asked for cue hints.
fn shown(f: &Finding, settings: &Settings) -> bool {
    f.kind == Kind::Flag || settings.cue_hints
}

fn finding_diagnostic(v: &View, f: &Finding) -> lsp::Diagnostic {
    finding_diagnostic_at(f, v.range(f.byte_start..f.byte_end))
}

fn finding_diagnostic_at(f: &Finding, range: lsp::Range) -> lsp::Diagnostic {
    let severity = match f.kind {
        Kind::Flag => severity(f.severity),
        Kind::Cue => lsp::DiagnosticSeverity::INFORMATION,
    };
    lsp::Diagnostic {
        range,
        severity: Some(severity),
        code: Some(lsp::NumberOrString::String(f.rule_id.to_string())),
        source: Some(SOURCE.to_string()),
        message: format!(
            "{}\n{}",
            f.message,
            fill(&words().explain, &[("id", &f.rule_id)])
        ),
        data: Some(json!({ "kind": f.kind, "dimension": f.dimension })),
        ..Default::default()
    }
}

/// Every diagnostic of a buffer.
pub fn diagnostics(v: &View) -> Vec<lsp::Diagnostic> {
    let a = &v.checked.analysis;
    let shown: Vec<&Finding> = a.findings.iter().filter(|f| shown(f, v.settings)).collect();
    let offsets: Vec<usize> = shown
        .iter()
        .flat_map(|f| [f.byte_start, f.byte_end])
        .collect();
    let positions = v.text.positions(&offsets, v.enc);
    let mut out: Vec<lsp::Diagnostic> = shown
        .iter()
        .zip(positions.chunks(2))
        .map(|(f, p)| {
            let range = lsp::Range {
                start: pos(p[0]),
                end: pos(p[1]),
            };
            finding_diagnostic_at(f, range)
        })
        .collect();
    if let Some(p) = &v.checked.problem {
        out.push(lsp::Diagnostic {
            range: v.range(p.span.clone()),
            severity: Some(lsp::DiagnosticSeverity::WARNING),
            code: Some(lsp::NumberOrString::String("thread".into())),
            source: Some(SOURCE.to_string()),
            message: fill(
                &words().thread_unreadable,
                &[("path", &p.path.display().to_string()), ("error", &p.error)],
            ),
            ..Default::default()
        });
    }
    if a.words > 0 && !a.passes(v.settings.min_score) {
        out.push(lsp::Diagnostic {
            range: v.range(first_line(v.text)),
            severity: Some(lsp::DiagnosticSeverity::INFORMATION),
            code: Some(lsp::NumberOrString::String("score".into())),
            source: Some(SOURCE.to_string()),
            message: fill(
                &words().below_bar,
                &[
                    ("overall", &a.scores.overall.to_string()),
                    ("min", &v.settings.min_score.to_string()),
                ],
            ),
            ..Default::default()
        });
    }
    out
}

fn first_line(text: &Text) -> Range<usize> {
    text.line_range(0)
}

/// How the client takes workspace edits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditStyle {
    /// `changes`: a map from URI to edits.
    Changes,
    /// `documentChanges`, with the version the edit was made for, so a
    /// client refuses it on a buffer that changed since.
    Versioned,
}

/// A change to the buffer, in bytes of its current text. Every kind of
/// suggestion comes down to one of these.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replacement {
    pub range: Range<usize>,
    pub text: String,
}

/// A suggestion for a finding: its title and its replacement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggested {
    pub title: String,
    pub replacement: Replacement,
}

/// The suggestions of a flag, each as the smallest replacement of the
/// buffer that the engine's rewrite makes, titled with the sentence as it
/// would read. The one place that turns a suggestion into an edit: when
/// suggestions carry their own rewritten sentence and span, only this
/// function changes.
pub fn suggestions(text: &str, f: &Finding) -> Vec<Suggested> {
    f.suggestions
        .iter()
        .filter_map(|s| {
            let applied = rewrite::apply(text, f, s)?;
            let (range, new) = diff(text, &applied.text);
            let sentence = if s.sentence.is_empty() {
                words().action.leave_out.clone()
            } else {
                one_line(&s.sentence, 100)
            };
            Some(Suggested {
                title: fill(&words().action.rewrite, &[("sentence", &sentence)]),
                replacement: Replacement { range, text: new },
            })
        })
        .collect()
}

fn edit(
    v: &View,
    uri: &lsp::Uri,
    style: EditStyle,
    replacement: &Replacement,
) -> lsp::WorkspaceEdit {
    let text_edit = lsp::TextEdit {
        range: v.range(replacement.range.clone()),
        new_text: replacement.text.clone(),
    };
    match style {
        EditStyle::Changes => lsp::WorkspaceEdit {
            changes: Some(HashMap::from([(uri.clone(), vec![text_edit])])),
            ..Default::default()
        },
        EditStyle::Versioned => lsp::WorkspaceEdit {
            document_changes: Some(lsp::DocumentChanges::Edits(vec![lsp::TextDocumentEdit {
                text_document: lsp::OptionalVersionedTextDocumentIdentifier {
                    uri: uri.clone(),
                    version: Some(v.checked.version),
                },
                edits: vec![lsp::OneOf::Left(text_edit)],
            }])),
            ..Default::default()
        },
    }
}

fn wanted(only: Option<&[lsp::CodeActionKind]>, kind: &lsp::CodeActionKind) -> bool {
    only.is_none_or(|only| {
        only.iter().any(|o| {
            kind.as_str() == o.as_str() || kind.as_str().starts_with(&format!("{}.", o.as_str()))
        })
    })
}

/// Code actions for a range of the buffer: the rewrites and a dismissal
/// for each flag it touches, and sentence starters for the dimensions the
/// draft has no cue for.
pub fn code_actions(
    v: &View,
    uri: &lsp::Uri,
    range: lsp::Range,
    only: Option<&[lsp::CodeActionKind]>,
    style: EditStyle,
) -> Vec<lsp::CodeActionOrCommand> {
    let at = v.bytes(range);
    let text = v.text.as_str();
    let mut out = Vec::new();
    let quickfix = lsp::CodeActionKind::QUICKFIX;
    if wanted(only, &quickfix) {
        for f in v.checked.analysis.flags() {
            let touches = f.byte_start <= at.end && at.start <= f.byte_end;
            if !touches {
                continue;
            }
            let diagnostic = finding_diagnostic(v, f);
            for (i, s) in suggestions(text, f).into_iter().enumerate() {
                out.push(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                    title: s.title,
                    kind: Some(quickfix.clone()),
                    diagnostics: Some(vec![diagnostic.clone()]),
                    edit: Some(edit(v, uri, style, &s.replacement)),
                    is_preferred: Some(i == 0),
                    ..Default::default()
                }));
            }
            let title = fill(
                &words().action.dismiss,
                &[("matched", &one_line(&f.matched, 40)), ("id", &f.rule_id)],
            );
            out.push(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                title: title.clone(),
                kind: Some(quickfix.clone()),
                diagnostics: Some(vec![diagnostic]),
                command: Some(lsp::Command {
                    title,
                    command: DISMISS_COMMAND.to_string(),
                    arguments: Some(vec![json!(f.rule_id), json!(f.matched)]),
                }),
                ..Default::default()
            }));
        }
    }
    let starter_kind = lsp::CodeActionKind::from(STARTER_KIND);
    if wanted(only, &starter_kind) {
        let (insert_at, before, after) = starter_place(&v.checked.prepared_text, at.start);
        for d in &v.checked.analysis.missing {
            let scaffolds = v
                .library
                .scaffolds_for(*d, v.settings.intent.as_deref())
                .into_iter()
                .take(STARTERS_PER_DIMENSION);
            for s in scaffolds {
                let replacement = Replacement {
                    range: insert_at..insert_at,
                    text: format!("{before}{}{after}", s.text),
                };
                out.push(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                    title: fill(
                        &words().action.starter,
                        &[
                            ("dimension", &d.title().to_lowercase()),
                            ("starter", &s.text),
                        ],
                    ),
                    kind: Some(starter_kind.clone()),
                    edit: Some(edit(v, uri, style, &replacement)),
                    ..Default::default()
                }));
            }
        }
    }
    out
}

fn one_line(s: &str, max: usize) -> String {
    let flat = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() > max {
        format!("{}…", flat.chars().take(max).collect::<String>())
    } else {
        flat
    }
}

/// The hover at a position: the findings there, or else the scores.
pub fn hover(v: &View, at: lsp::Position) -> lsp::Hover {
    let offset = v.text.offset(unpos(at), v.enc);
    let here: Vec<&Finding> = {
        let mut h: Vec<&Finding> = v
            .checked
            .analysis
            .findings
            .iter()
            .filter(|f| f.byte_start <= offset && offset < f.byte_end.max(f.byte_start + 1))
            .collect();
        h.sort_by_key(|f| f.kind != Kind::Flag);
        h
    };
    let w = &words().hover;
    let mut md = String::new();
    let mut range = None;
    for f in &here {
        if !md.is_empty() {
            md.push_str("\n---\n\n");
        }
        md.push_str(&finding_markdown(v, f));
        range.get_or_insert_with(|| v.range(f.byte_start..f.byte_end));
    }
    if !md.is_empty() {
        md.push_str("\n---\n\n");
        md.push_str(&score_line(v));
        md.push('\n');
    } else {
        md.push_str(&format!("**{}**\n\n", w.scores));
        md.push_str(&scores_markdown(v));
    }
    lsp::Hover {
        contents: lsp::HoverContents::Markup(lsp::MarkupContent {
            kind: lsp::MarkupKind::Markdown,
            value: md,
        }),
        range,
    }
}

fn finding_markdown(v: &View, f: &Finding) -> String {
    let w = &words().hover;
    let mut md = format!("**{}**\n\n", f.message);
    let what = match f.kind {
        Kind::Flag => format!("{:?}", f.severity).to_lowercase(),
        Kind::Cue => "cue".to_string(),
    };
    md.push_str(&format!(
        "`{}` · {} · {}\n\n",
        f.rule_id,
        f.dimension.title(),
        what
    ));
    if let Some(rule) = v.library.rule(&f.rule_id) {
        if !rule.why.trim().is_empty() {
            md.push_str(&format!("**{}.** {}\n\n", w.why, rule.why.trim()));
        }
        if let Some(source) = rule.source.as_deref().filter(|s| !s.trim().is_empty()) {
            md.push_str(&format!("**{}.** {}\n\n", w.source, source.trim()));
        }
    }
    if f.kind == Kind::Flag {
        for s in suggestions(v.text.as_str(), f) {
            let sentence = s.title;
            let shown = sentence
                .strip_prefix(&fill(&words().action.rewrite, &[("sentence", "")]))
                .unwrap_or(&sentence);
            md.push_str(&format!("- **{}:** {}\n", w.try_, shown));
        }
        if !f.suggestions.is_empty() {
            md.push('\n');
        }
    }
    md.push_str(&format!(
        "_{}_\n",
        fill(&words().explain, &[("id", &f.rule_id)])
    ));
    md
}

fn bar_words(v: &View) -> String {
    let w = &words().hover;
    let min = v.settings.min_score.to_string();
    if v.checked.analysis.passes(v.settings.min_score) {
        fill(&w.passes, &[("min", &min)])
    } else {
        fill(&w.below, &[("min", &min)])
    }
}

/// One line: the overall score and each dimension's.
pub fn score_line(v: &View) -> String {
    let s = &v.checked.analysis.scores;
    let mut parts = vec![format!(
        "{} {}/100 ({})",
        words().hover.overall,
        s.overall,
        bar_words(v)
    )];
    for d in Dimension::ALL {
        parts.push(format!("{} {}", d.title().to_lowercase(), s.get(d)));
    }
    parts.join(" · ")
}

fn scores_markdown(v: &View) -> String {
    let w = &words().hover;
    let a = &v.checked.analysis;
    let mut md = format!(
        "{} **{}**/100 ({})\n\n",
        w.overall,
        a.scores.overall,
        bar_words(v)
    );
    for d in Dimension::ALL {
        md.push_str(&format!("- {} {}\n", d.title(), a.scores.get(d)));
    }
    if !a.missing.is_empty() {
        let names: Vec<String> = a.missing.iter().map(|d| d.title().to_lowercase()).collect();
        md.push_str(&format!(
            "\n{}\n",
            fill(&w.missing, &[("dimensions", &names.join(", "))])
        ));
    }
    match &v.checked.source {
        Source::Thread(path) => md.push_str(&format!(
            "\n{}\n",
            fill(&w.context, &[("path", &path.display().to_string())])
        )),
        Source::Quoted => md.push_str(&format!("\n{}\n", w.context_quoted)),
        Source::None => {}
    }
    md
}

/// The scores as one inlay hint at the end of the first line.
pub fn inlay_hints(v: &View, range: lsp::Range) -> Vec<lsp::InlayHint> {
    if range.start.line > 0 || v.checked.analysis.words == 0 {
        return Vec::new();
    }
    let end = first_line(v.text).end;
    vec![lsp::InlayHint {
        position: pos(v.text.position(end, v.enc)),
        label: lsp::InlayHintLabel::String(score_line(v)),
        kind: None,
        text_edits: None,
        tooltip: None,
        padding_left: Some(true),
        padding_right: None,
        data: None,
    }]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn place(text: &str, cursor: &str) -> String {
        let at = text.find(cursor).unwrap();
        let (i, before, after) = starter_place(text, at);
        format!("{}{before}[S]{after}{}", &text[..i], &text[i..])
    }

    #[test]
    fn a_starter_goes_after_the_sentence_the_cursor_is_in() {
        assert_eq!(
            place("You broke it. Fix it now.", "broke"),
            "You broke it. [S] Fix it now."
        );
        assert_eq!(
            place("You broke it. Fix it now.", "now"),
            "You broke it. Fix it now. [S]"
        );
        assert_eq!(
            place("It said “stop!” Then it crashed.", "said"),
            "It said “stop!” [S] Then it crashed."
        );
        // A mark followed by a lower-case word does not end the sentence.
        assert_eq!(
            place("It said “stop!” and crashed. Then?", "said"),
            "It said “stop!” and crashed. [S] Then?"
        );
        assert_eq!(
            place("See e.g. the docs. Then?", "See"),
            "See e.g. the docs. [S] Then?"
        );
        // A sentence without a mark ends with its paragraph.
        assert_eq!(
            place("no full stop here\n\nnext one.", "full"),
            "no full stop here [S]\n\nnext one."
        );
        // Non-ASCII before and after.
        assert_eq!(
            place("Café’s shut 🙂. Sorry!", "shut"),
            "Café’s shut 🙂. [S] Sorry!"
        );
    }

    #[test]
    fn a_starter_from_a_quote_or_blank_line_goes_to_a_paragraph_boundary() {
        assert_eq!(
            place("> you always\n\nFine.\n", "always"),
            "> you always\n\nFine. [S]\n"
        );
        assert_eq!(
            place("Fine.\n\n> you always\n", "always"),
            "Fine.\n\n> you always\n\n[S]\n"
        );
        let text = "One.\n\n\nTwo.";
        let (i, before, after) = starter_place(text, 6);
        assert_eq!((i, before, after), (6, "", "\n"));
    }
}
