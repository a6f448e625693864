//! The home screen and the path box: choosing what to do, typing a path
//! with Tab completion.

use std::path::PathBuf;

use super::overlay::request_quit;
use super::threads::switch_thread;
use crate::files::expand_home;
use crate::store::Origin;
use crate::tui::reply::keymap::Action;
use crate::tui::reply::keymap::HOME_CHOICES;
use crate::tui::reply::model::PathPurpose;
use crate::tui::reply::model::{Effect, Model, Overlay};
use crate::tui::widgets::editor::Editor;
use crate::tui::widgets::thread_view;

pub(super) fn home(m: &mut Model, action: Action, fx: &mut Vec<Effect>) {
    let action = match action {
        Action::Up => {
            m.home_cursor = m.home_cursor.saturating_sub(1);
            return;
        }
        Action::Down => {
            m.home_cursor = (m.home_cursor + 1).min(HOME_CHOICES.len() - 1);
            return;
        }
        Action::Select => HOME_CHOICES[m.home_cursor],
        other => other,
    };
    match action {
        Action::Sample => switch_thread(m, thread_view::sample(), Origin::Sample, fx),
        Action::OpenFile => {
            m.overlay = Some(Overlay::PathInput {
                purpose: PathPurpose::OpenThread,
                input: Editor::default(),
                error: None,
                hint: None,
            })
        }
        Action::PasteThread => {
            m.overlay = Some(Overlay::Paste {
                input: Editor::default(),
                error: None,
            })
        }
        Action::Practise => {
            m.launch = Some(crate::tui::practice::run::Launch::Practice);
            fx.push(Effect::Quit);
        }
        Action::Workshop => {
            m.launch = Some(crate::tui::practice::run::Launch::Workshop);
            fx.push(Effect::Quit);
        }
        // Reached through Enter on "Quit".
        Action::Quit => request_quit(m, fx),
        _ => {}
    }
}

pub(super) fn path_input(m: &mut Model, action: Action, fx: &mut Vec<Effect>) {
    let Some(Overlay::PathInput { purpose, input, .. }) = &m.overlay else {
        return;
    };
    match action {
        Action::Submit => {
            let path = input.text().trim().to_string();
            if path.is_empty() {
                return;
            }
            if path == "-" {
                if let Some(Overlay::PathInput { error, .. }) = &mut m.overlay {
                    *error = Some(
                        "Type the path of a file (standard input is the terminal here).".into(),
                    );
                }
                return;
            }
            let path = PathBuf::from(expand_home(&path));
            match purpose {
                PathPurpose::OpenThread => fx.push(Effect::LoadThread(path)),
                PathPurpose::SaveReply => fx.push(Effect::Save {
                    path,
                    text: super::finish::final_text(m),
                }),
            }
        }
        Action::Complete => {
            let typed = input.text();
            let expanded = expand_home(&typed);
            let dir = match expanded.rfind('/') {
                Some(0) => PathBuf::from("/"),
                Some(i) => PathBuf::from(&expanded[..i]),
                None => PathBuf::from("."),
            };
            fx.push(Effect::ListDir { dir, input: typed });
        }
        Action::Cancel => m.overlay = None,
        _ => {}
    }
}

/// What Tab does to a typed path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    /// The path with as much added as the entries agree on, if anything.
    pub text: Option<String>,
    /// The names that still match, when more than one does (or why none).
    pub hint: Option<String>,
}

/// Completes the last part of `typed` against the entries of its
/// directory (name, is a directory): one match is completed whole (a
/// directory gets its `/`), several to their longest common start, and
/// their names are listed. Hidden entries only match a part that starts
/// with a dot.
pub fn complete_path(typed: &str, entries: &[(String, bool)]) -> Completion {
    let prefix = &typed[typed.rfind('/').map_or(0, |i| i + 1)..];
    let head = &typed[..typed.len() - prefix.len()];
    let mut matches: Vec<&(String, bool)> = entries
        .iter()
        .filter(|(name, _)| name.starts_with(prefix))
        .filter(|(name, _)| prefix.starts_with('.') || !name.starts_with('.'))
        .collect();
    matches.sort();
    match matches.as_slice() {
        [] => Completion {
            text: None,
            hint: Some(format!("Nothing here starts with “{prefix}”.")),
        },
        [(name, dir)] => Completion {
            text: Some(format!("{head}{name}{}", if *dir { "/" } else { "" })),
            hint: None,
        },
        many => {
            let first = &many[0].0;
            let mut common = first.len();
            for (name, _) in &many[1..] {
                common = common.min(
                    first
                        .char_indices()
                        .zip(name.chars())
                        .find(|((_, a), b)| a != b)
                        .map_or(first.len().min(name.len()), |((i, _), _)| i),
                );
            }
            let names: Vec<String> = many
                .iter()
                .map(|(n, d)| format!("{n}{}", if *d { "/" } else { "" }))
                .collect();
            Completion {
                text: (common > prefix.len()).then(|| format!("{head}{}", &first[..common])),
                hint: Some(names.join("  ")),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Completion, complete_path};

    fn entries(v: &[(&str, bool)]) -> Vec<(String, bool)> {
        v.iter().map(|(n, d)| (n.to_string(), *d)).collect()
    }

    #[test]
    fn tab_completes_one_match_whole_and_many_to_what_they_share() {
        let e = entries(&[
            ("threads", true),
            ("thread-1.json", false),
            ("thread-2.json", false),
            (".hidden", false),
            ("notes.md", false),
        ]);
        assert_eq!(
            complete_path("data/no", &e),
            Completion {
                text: Some("data/notes.md".into()),
                hint: None
            }
        );
        assert_eq!(
            complete_path("~/threads", &entries(&[("threads", true)])).text,
            Some("~/threads/".into())
        );
        let c = complete_path("th", &e);
        assert_eq!(c.text.as_deref(), Some("thread"));
        assert_eq!(
            c.hint.as_deref(),
            Some("thread-1.json  thread-2.json  threads/")
        );
        // Nothing more to add: the names are listed, the text stays.
        let c = complete_path("thread-", &e);
        assert_eq!(c.text, None);
        assert!(c.hint.unwrap().contains("thread-2.json"));
        // Hidden files only for a dot; nothing found says so.
        assert!(!complete_path("", &e).hint.unwrap().contains(".hidden"));
        assert_eq!(complete_path(".h", &e).text.as_deref(), Some(".hidden"));
        assert!(complete_path("zzz", &e).hint.unwrap().contains("zzz"));
    }
}
