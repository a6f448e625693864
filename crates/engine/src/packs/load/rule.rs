//! One rule of a pack checked and resolved: its kind, dimension, severity,
//! weight and cap, its patterns and forms, its rewrites and examples.

use toml::Spanned;

use super::super::schema::{RewriteDef, RuleDef};
use super::{Parsed, Pending, Resolver, valid_id};
use crate::pattern;
use crate::rewrite::placeholders;
use crate::rules::{Computed, Located, Negation, Origin, ReadsAsText, Rewrite, Rule, Scope};
use crate::{Dimension, Kind, Severity};

impl Resolver {
    /// The reading's words for each kind of attack (`[[rule.reads_as]]`):
    /// only on the rule with `computed = "reading"`, each kind one that
    /// `prompts/lexicon/reads-as.tsv` names, once, with a one-line message;
    /// with `reads_as_either`, which names `{first}` and `{second}`, each
    /// kind says what it is heard as (`heard_as`).
    fn reads_as(
        &mut self,
        p: &Parsed,
        def: &RuleDef,
        computed: Option<Computed>,
    ) -> (Vec<ReadsAsText>, Option<arcstr::ArcStr>) {
        if def.reads_as.is_empty() && def.reads_as_either.is_none() {
            return (Vec::new(), None);
        }
        if computed != Some(Computed::Reading) {
            let msg = "`[[rule.reads_as]]` and `reads_as_either` belong to the rule with `computed = \"reading\"`";
            match (def.reads_as.first(), &def.reads_as_either) {
                (Some(r), _) => self.err(p, &r.kind, msg.into()),
                (None, Some(e)) => self.err(p, e, msg.into()),
                (None, None) => {}
            }
            return (Vec::new(), None);
        }
        let either = def.reads_as_either.as_ref().and_then(|e| {
            let text = e.get_ref().trim();
            if text.contains("{first}") && text.contains("{second}") && !text.contains('\n') {
                Some(arcstr::ArcStr::from(text))
            } else {
                self.err(
                    p,
                    e,
                    "`reads_as_either` is one line naming both `{first}` and `{second}`".into(),
                );
                None
            }
        });
        let mut out: Vec<ReadsAsText> = Vec::new();
        for r in &def.reads_as {
            let kind = r.kind.get_ref().trim();
            if !self.reads_as_kinds.iter().any(|k| k == kind) {
                self.err(
                    p,
                    &r.kind,
                    format!(
                        "\"{kind}\" is not a kind of prompts/lexicon/reads-as.tsv ({})",
                        self.reads_as_kinds.join(", ")
                    ),
                );
                continue;
            }
            if out.iter().any(|t| &*t.kind == kind) {
                self.err(p, &r.kind, format!("the kind \"{kind}\" is given twice"));
                continue;
            }
            let message = r.message.get_ref().trim();
            if message.is_empty() || message.contains('\n') {
                self.err(
                    p,
                    &r.message,
                    "the message must be one non-empty line".into(),
                );
                continue;
            }
            let heard_as = r.heard_as.as_ref().map(|h| h.get_ref().trim());
            if either.is_some() && heard_as.is_none_or(str::is_empty) {
                self.err(
                    p,
                    &r.kind,
                    format!("with `reads_as_either`, the kind \"{kind}\" needs `heard_as`"),
                );
                continue;
            }
            out.push(ReadsAsText {
                kind: kind.into(),
                message: message.into(),
                question: r.question.as_ref().map(|q| q.get_ref().trim().into()),
                heard_as: heard_as.map(Into::into),
            });
        }
        (out, either)
    }

    pub(super) fn rule(&mut self, p: &Parsed, def: &RuleDef) {
        let before = self.errors.len();
        let id = def.id.get_ref().clone();
        let pack = p
            .file
            .pack
            .as_ref()
            .map(|m| m.id.get_ref().clone())
            .unwrap_or_default();
        if !valid_id(&id) {
            self.err(p, &def.id, format!("\"{id}\" is not a rule id: write it as `dimension.name` in lower case, e.g. `empathy.acknowledge`"));
        }
        if !self.rule_ids.insert(id.clone()) {
            self.err(p, &def.id, format!("the rule id \"{id}\" is defined twice"));
        }
        let kind = match def.kind.get_ref().as_str() {
            "cue" => Kind::Cue,
            "flag" => Kind::Flag,
            other => {
                self.err(
                    p,
                    &def.kind,
                    format!("kind \"{other}\" is not `cue` or `flag`"),
                );
                Kind::Cue
            }
        };
        let dim_src =
            def.dimension
                .as_ref()
                .or(p.file.pack.as_ref().and_then(|m| m.dimension.as_ref()));
        let dimension = match dim_src {
            Some(d) => d.get_ref().parse::<Dimension>().unwrap_or_else(|e| {
                self.err(p, d, e);
                Dimension::Empathy
            }),
            None => {
                self.err(
                    p,
                    &def.id,
                    "no dimension: set `dimension` on the rule or its [pack]".into(),
                );
                Dimension::Empathy
            }
        };
        let severity = match (&def.severity, kind) {
            (None, Kind::Cue) => Severity::Info,
            (None, Kind::Flag) => Severity::Warning,
            (Some(s), _) => match s.get_ref().as_str() {
                "info" => Severity::Info,
                "warning" => Severity::Warning,
                "error" => Severity::Error,
                other => {
                    self.err(
                        p,
                        s,
                        format!("severity \"{other}\" is not `info`, `warning` or `error`"),
                    );
                    Severity::Warning
                }
            },
        };
        let weight = match &def.weight {
            None => 2.0,
            Some(w) if (0.5..=5.0).contains(w.get_ref()) => *w.get_ref(),
            Some(w) => {
                self.err(p, w, format!("weight {} is outside 0.5 to 5", w.get_ref()));
                2.0
            }
        };
        let cap = match &def.cap {
            None => None,
            Some(c) if kind != Kind::Flag => {
                self.err(p, c, "only a flag can cap the overall score".into());
                None
            }
            Some(c) if (0..=100).contains(c.get_ref()) => Some(*c.get_ref() as u8),
            Some(c) => {
                self.err(p, c, format!("cap {} is outside 0 to 100", c.get_ref()));
                None
            }
        };
        let message = def.message.get_ref().trim().to_string();
        if message.is_empty() || message.contains('\n') {
            self.err(
                p,
                &def.message,
                "the message must be one non-empty line".into(),
            );
        }
        if def.why.get_ref().trim().is_empty() {
            self.err(
                p,
                &def.why,
                "`why` must explain the rule in a sentence or two".into(),
            );
        }
        let computed = def.computed.as_ref().and_then(|c| {
            let parsed = Computed::parse(c.get_ref());
            if parsed.is_none() {
                self.err(
                    p,
                    c,
                    format!(
                        "computed \"{}\" is not one of {}",
                        c.get_ref(),
                        Computed::NAMES.join(", ")
                    ),
                );
            }
            parsed
        });
        let no_patterns = def.patterns.is_empty() && def.form.is_empty();
        match (no_patterns, &def.computed) {
            (true, None) => self.err(
                p,
                &def.id,
                "the rule has no `patterns` and is not `computed`".into(),
            ),
            (false, Some(c)) => self.err(
                p,
                c,
                "a rule is either `computed` or has `patterns`, not both".into(),
            ),
            _ => {}
        }
        let negation = match &def.negation {
            None => {
                if kind == Kind::Cue {
                    Negation::Drop
                } else {
                    Negation::Keep
                }
            }
            Some(n) => match n.get_ref().as_str() {
                "drop" => Negation::Drop,
                "keep" => Negation::Keep,
                "grammatical" => Negation::Grammatical,
                other => {
                    self.err(
                        p,
                        n,
                        format!("negation \"{other}\" is not `drop`, `grammatical` or `keep`"),
                    );
                    Negation::Keep
                }
            },
        };
        if def.yes_but && kind != Kind::Cue {
            self.err(p, &def.id, "`yes_but` only applies to cues".into());
        }
        if def.irony && kind != Kind::Flag {
            self.err(p, &def.id, "`irony` only applies to flags".into());
        }
        if def.sympathy && kind != Kind::Cue {
            self.err(p, &def.id, "`sympathy` only applies to cues".into());
        }
        if def.praise && kind != Kind::Cue {
            self.err(p, &def.id, "`praise` only applies to cues".into());
        }
        if kind == Kind::Flag && def.question.is_none() {
            let own_form_bare =
                def.rewrites.is_empty() && (!def.patterns.is_empty() || def.computed.is_some());
            if own_form_bare || def.form.iter().any(|f| f.rewrites.is_empty()) {
                self.err(
                    p,
                    &def.id,
                    "a flag needs suggested rewrites for each of its forms (`rewrites`), or a `question` to ask where none fits".into(),
                );
            }
        }
        let (reads_as, reads_as_either) = self.reads_as(p, def, computed);
        if kind == Kind::Cue && !def.form.is_empty() {
            self.err(
                p,
                &def.id,
                "`[[rule.form]]` gives a flag's forms their own rewrites; a cue has none".into(),
            );
        }
        if def.patterns.is_empty() && !def.form.is_empty() && !def.rewrites.is_empty() {
            self.err(
                p,
                &def.rewrites[0],
                "these rewrites are for the rule's own `patterns`, and it has none: put them in a `[[rule.form]]`".into(),
            );
        }
        let ex = def.examples.get_ref();
        if ex.must_match.len() < 2 {
            self.err(
                p,
                &def.examples,
                "give at least two examples under `match`".into(),
            );
        }
        if ex.must_not_match.len() < 2 {
            self.err(
                p,
                &def.examples,
                "give at least two examples under `no_match`".into(),
            );
        }
        // Patterns compile later, all at once and on every core (see `load`).
        let compiled = Vec::new();
        let all_patterns: Vec<(usize, &Spanned<String>)> = def
            .patterns
            .iter()
            .map(|pat| (0, pat))
            .chain(
                def.form
                    .iter()
                    .enumerate()
                    .flat_map(|(k, f)| f.patterns.iter().map(move |pat| (k + 1, pat))),
            )
            .collect();
        for (k, (_, pat)) in all_patterns.iter().enumerate() {
            self.pending.push(Pending {
                rule: self.rules.len(),
                pattern: k,
                text: pat.get_ref().clone(),
                at: pat.span().start,
                file: p.name.clone(),
            });
        }
        let rewrites = self.rewrites(p, def);
        if self.errors.len() > before {
            return;
        }
        let loc = |s: &Spanned<String>| Located {
            text: s.get_ref().clone(),
            span: s.span(),
        };
        let (line, column) = super::super::error::line_col(&p.text, def.id.span().start);
        self.rules.push(Rule {
            id: id.into(),
            pack,
            kind,
            dimension,
            severity,
            weight,
            cap,
            message: message.into(),
            why: def.why.get_ref().trim().to_string(),
            source: def.source.clone(),
            patterns: all_patterns
                .iter()
                .map(|(_, pat)| loc(pat))
                .collect::<Vec<_>>()
                .into(),
            pattern_forms: all_patterns.iter().map(|(form, _)| *form).collect(),
            compiled,
            computed,
            negation,
            yes_but: def.yes_but,
            irony: def.irony,
            sympathy: def.sympathy,
            praise: def.praise,
            rewrites,
            question: def.question.as_ref().map(|q| q.get_ref().trim().into()),
            reads_as,
            reads_as_either,
            examples_match: ex.must_match.iter().map(loc).collect::<Vec<_>>().into(),
            examples_no_match: ex.must_not_match.iter().map(loc).collect::<Vec<_>>().into(),
            example_context: ex.context.clone(),
            origin: Origin {
                file: p.name.clone(),
                line,
                column,
            },
        });
    }

    /// A rule's rewrites, checked: a known scope, and placeholders that are
    /// either the match's own (`{lower}` …) or a capture some pattern of
    /// the rule names.
    fn rewrites(&mut self, p: &Parsed, def: &RuleDef) -> Vec<Rewrite> {
        let mut out = Vec::new();
        let forms = std::iter::once((&def.patterns, &def.rewrites))
            .chain(def.form.iter().map(|f| (&f.patterns, &f.rewrites)));
        for (form, (patterns, rewrites)) in forms.enumerate() {
            self.form_rewrites(p, form, patterns, rewrites, &mut out);
        }
        out
    }

    /// The rewrites of one form of a rule, checked against its patterns.
    fn form_rewrites(
        &mut self,
        p: &Parsed,
        form: usize,
        patterns: &[Spanned<String>],
        rewrites: &[Spanned<RewriteDef>],
        out: &mut Vec<Rewrite>,
    ) {
        for rw in rewrites {
            let (text, scope) = match rw.get_ref() {
                RewriteDef::Match(t) => (t.clone(), Scope::Match),
                RewriteDef::Scoped(s) => match Scope::parse(&s.replaces) {
                    Some(scope) => (s.text.clone(), scope),
                    None => {
                        self.err(
                            p,
                            rw,
                            format!(
                                "replaces \"{}\" is not one of {}",
                                s.replaces,
                                Scope::NAMES.join(", ")
                            ),
                        );
                        continue;
                    }
                },
            };
            for (name, modifier) in placeholders(&text) {
                let modifiers = &self.language.rewrites.modifiers;
                let neutral = &self.language.rewrites.neutral;
                let replace = &self.language.rewrites.replace;
                if !modifier.is_empty()
                    && !modifiers.contains_key(modifier)
                    && !neutral.contains_key(modifier)
                    && !replace.contains_key(modifier)
                {
                    let known: Vec<&str> = modifiers
                        .keys()
                        .chain(neutral.keys())
                        .chain(replace.keys())
                        .map(String::as_str)
                        .collect();
                    self.err(
                        p,
                        rw,
                        format!(
                            "{{{name}:{modifier}}}: \"{modifier}\" is not one of {}",
                            known.join(", ")
                        ),
                    );
                }
                if pattern::is_placeholder(name) {
                    continue;
                }
                let captured = patterns
                    .iter()
                    .any(|pat| pat.get_ref().contains(&format!("<{name}:")));
                if !captured {
                    self.err(
                        p,
                        rw,
                        format!(
                            "the rewrite uses {{{name}}}, but no pattern of its form captures it (write `<{name}: …>` in a pattern, or use {{lower}}, {{ack}}, {{first}} or {{last}})"
                        ),
                    );
                }
            }
            out.push(Rewrite { text, scope, form });
        }
    }
}
