//! The registry of thread formats: every format tactful imports is one file
//! in this folder (its importer, and how to tell its input) and one entry
//! in [`formats!`] below (its name, the other names `--from` takes, the file
//! extensions that name it, how it is detected, and which function reads
//! it). The [`Format`] enum, the parser of `--from`, the error that lists
//! the known names, detection ([`super::detect`]) and the CLI help all come
//! from the entries, so none of them can forget a format.
//!
//! A new format, say a Lemmy post's JSON: write `lemmy.rs` here with
//! `matches(&[Value]) -> bool` and `import(&[Value]) -> Result<Thread,
//! ImportError>`, declare it below (`mod lemmy;`) and add its entry:
//!
//! ```text
//! /// A Lemmy post with its comments.
//! Lemmy = "lemmy" {
//!     aliases: &[],
//!     unlisted: &[],
//!     extensions: &[],
//!     detect: Detect::Json { matches: lemmy::matches, lenient: false },
//!     import: Import::Json(lemmy::import),
//! },
//! ```

use std::fmt;
use std::str::FromStr;

use serde_json::Value;

use super::{ImportError, Thread};

mod discourse;
mod email;
mod github;
mod hackernews;
mod mastodon;
mod reddit;
mod text;

/// How the door recognises a format when `--from` does not name it. The
/// file extension comes first (see [`Spec::extensions`]); then the content:
/// JSON is tried by the shape of its values, other input by its first bytes,
/// and what nothing recognises is read by the fallback.
#[derive(Clone, Copy)]
pub(crate) enum Detect {
    /// The values of a JSON input have this shape. Strict shapes are tried
    /// in registry order; a `lenient` one (it matches much of what other
    /// APIs export too) only after every strict one.
    Json {
        matches: fn(&[Value]) -> bool,
        lenient: bool,
    },
    /// Input that is not JSON starts like this (tried in registry order).
    Sniff(fn(&[u8]) -> bool),
    /// What is read when nothing else is recognised: one format only.
    Fallback,
}

/// The function that reads a format, and what it is given.
#[derive(Clone, Copy)]
pub(crate) enum Import {
    /// The bytes as they are (a format with its own encodings: email).
    Bytes(fn(&[u8]) -> Result<Thread, ImportError>),
    /// The bytes decoded as UTF-8 (a byte-order mark dropped).
    Text(fn(&str) -> Result<Thread, ImportError>),
    /// Every JSON value of the input, in order (`gh api --paginate` prints
    /// one array per page, back to back).
    Json(fn(&[Value]) -> Result<Thread, ImportError>),
}

/// One entry of the registry.
pub(crate) struct Spec {
    pub format: Format,
    /// The canonical name: what `--from` takes, the JSON's `format` field,
    /// the format in error messages.
    pub name: &'static str,
    /// Other names `--from` takes, shown in the help and in errors.
    pub aliases: &'static [&'static str],
    /// Names `--from` takes as well without showing them (abbreviations and
    /// spellings people type).
    pub unlisted: &'static [&'static str],
    /// Lowercase file extensions (without the dot) read as this format
    /// without looking inside.
    pub extensions: &'static [&'static str],
    pub detect: Detect,
    pub import: Import,
}

impl Spec {
    /// Whether `--from NAME` names this format (any case, spaces around).
    fn is_named(&self, name: &str) -> bool {
        let name = name.trim();
        std::iter::once(&self.name)
            .chain(self.aliases)
            .chain(self.unlisted)
            .any(|n| n.eq_ignore_ascii_case(name))
    }
}

/// Declares the [`Format`] enum and [`REGISTRY`] from one list of entries
/// `Variant = "name" { field: value, … }` (the fields of [`Spec`] but its
/// `format` and `name`). The order of the entries is the order of the enum,
/// of the help and of errors.
macro_rules! formats {
    (
        $( $(#[$doc:meta])* $variant:ident = $name:literal { $($field:ident: $value:expr),* $(,)? } ),* $(,)?
    ) => {
        /// The formats tactful imports (see the [registry](self)).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        pub enum Format {
            $( $(#[$doc])* #[serde(rename = $name)] $variant, )*
        }

        /// Every format's entry, in the order of the [`Format`] enum.
        pub(crate) static REGISTRY: &[Spec] = &[
            $( Spec { format: Format::$variant, name: $name, $($field: $value),* }, )*
        ];

        impl Format {
            /// Every format, in registry order.
            pub const ALL: &[Format] = &[$(Format::$variant),*];
        }
    };
}

formats! {
    /// Plain text and Markdown, as people paste threads.
    Text = "text" {
        aliases: &["markdown", "md"],
        unlisted: &["txt", "plain"],
        extensions: &["txt", "md", "markdown", "text"],
        detect: Detect::Fallback,
        import: Import::Text(text::parse),
    },
    /// One email (`.eml`), with its quoted "On … wrote:" chain.
    Email = "email" {
        aliases: &["eml"],
        unlisted: &["mail"],
        extensions: &["eml", "msg"],
        detect: Detect::Sniff(email::looks_like_eml),
        import: Import::Bytes(email::parse_eml),
    },
    /// An mbox archive.
    Mbox = "mbox" {
        aliases: &[],
        unlisted: &[],
        extensions: &["mbox", "mbx"],
        detect: Detect::Sniff(email::looks_like_mbox),
        import: Import::Bytes(email::parse_mbox),
    },
    /// GitHub issues and pull requests (REST and `gh … --json`).
    Github = "github" {
        aliases: &["gh"],
        unlisted: &[],
        extensions: &[],
        detect: Detect::Json { matches: github::matches, lenient: true },
        import: Import::Json(github::import),
    },
    /// A Reddit comment page (`…/comments/ID.json`).
    Reddit = "reddit" {
        aliases: &[],
        unlisted: &[],
        extensions: &[],
        detect: Detect::Json { matches: reddit::matches, lenient: false },
        import: Import::Json(reddit::import),
    },
    /// A Mastodon status and its context.
    Mastodon = "mastodon" {
        aliases: &[],
        unlisted: &["fediverse"],
        extensions: &[],
        detect: Detect::Json { matches: mastodon::matches, lenient: false },
        import: Import::Json(mastodon::import),
    },
    /// A Discourse topic (`/t/ID.json`).
    Discourse = "discourse" {
        aliases: &[],
        unlisted: &[],
        extensions: &[],
        detect: Detect::Json { matches: discourse::matches, lenient: false },
        import: Import::Json(discourse::import),
    },
    /// Hacker News items (Algolia or Firebase).
    HackerNews = "hackernews" {
        aliases: &["hn"],
        unlisted: &["hacker-news"],
        extensions: &[],
        detect: Detect::Json { matches: hackernews::matches, lenient: false },
        import: Import::Json(hackernews::import),
    },
}

impl Format {
    /// This format's entry in the registry.
    pub(crate) fn spec(self) -> &'static Spec {
        &REGISTRY[self as usize]
    }

    /// The canonical name, as accepted by `--from` and written in JSON.
    pub fn name(self) -> &'static str {
        self.spec().name
    }

    /// The names `--from` takes, for help and errors:
    /// `text (markdown, md), email (eml), mbox, …`.
    pub fn known_names() -> String {
        REGISTRY
            .iter()
            .map(|spec| match spec.aliases {
                [] => spec.name.to_string(),
                aliases => format!("{} ({})", spec.name, aliases.join(", ")),
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The error of an unknown `--from` name; lists the names that work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownFormat(pub String);

impl fmt::Display for UnknownFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown thread format \"{}\" (known: {})",
            self.0,
            Format::known_names()
        )
    }
}

impl std::error::Error for UnknownFormat {}

impl FromStr for Format {
    type Err = UnknownFormat;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        REGISTRY
            .iter()
            .find(|spec| spec.is_named(s))
            .map(|spec| spec.format)
            .ok_or_else(|| UnknownFormat(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn the_registry_is_in_enum_order_and_names_are_unique() {
        let mut names = HashSet::new();
        for (i, spec) in REGISTRY.iter().enumerate() {
            assert_eq!(spec.format as usize, i, "{} out of order", spec.name);
            for name in std::iter::once(&spec.name)
                .chain(spec.aliases)
                .chain(spec.unlisted)
            {
                assert!(names.insert(*name), "\"{name}\" names two formats");
            }
        }
        let mut extensions = HashSet::new();
        for ext in REGISTRY.iter().flat_map(|s| s.extensions) {
            assert!(extensions.insert(*ext), ".{ext} names two formats");
        }
    }

    #[test]
    fn exactly_one_format_is_the_fallback() {
        let fallbacks: Vec<&str> = REGISTRY
            .iter()
            .filter(|s| matches!(s.detect, Detect::Fallback))
            .map(|s| s.name)
            .collect();
        assert_eq!(fallbacks, ["text"]);
    }

    #[test]
    fn format_names_round_trip() {
        for &format in Format::ALL {
            assert_eq!(format.name().parse::<Format>(), Ok(format));
            assert_eq!(
                serde_json::to_string(&format).unwrap(),
                format!("\"{}\"", format.name())
            );
        }
        assert_eq!("md".parse::<Format>(), Ok(Format::Text));
        assert_eq!("Markdown".parse::<Format>(), Ok(Format::Text));
        assert_eq!(" plain ".parse::<Format>(), Ok(Format::Text));
        assert_eq!("eml".parse::<Format>(), Ok(Format::Email));
        assert_eq!("gh".parse::<Format>(), Ok(Format::Github));
        assert_eq!("hn".parse::<Format>(), Ok(Format::HackerNews));
        assert_eq!("hacker-news".parse::<Format>(), Ok(Format::HackerNews));
        assert!("myspace".parse::<Format>().is_err());
    }

    #[test]
    fn format_serializes_lowercase() {
        assert_eq!(
            serde_json::to_string(&Format::HackerNews).unwrap(),
            "\"hackernews\""
        );
        assert_eq!(
            serde_json::from_str::<Format>("\"hackernews\"").unwrap(),
            Format::HackerNews
        );
    }

    #[test]
    fn unknown_name_lists_every_format_with_its_aliases() {
        assert_eq!(
            UnknownFormat("myspace".into()).to_string(),
            "unknown thread format \"myspace\" (known: text (markdown, md), email (eml), mbox, github (gh), reddit, mastodon, discourse, hackernews (hn))"
        );
    }
}
