//! The configuration file: defaults for options a person sets once. The
//! command line, the reply flow and the language server all read it.
//!
//! Read from `--config FILE`, or else from `tactful/config.toml` in the
//! user's configuration directory (`$XDG_CONFIG_HOME`, usually
//! `~/.config`) when it exists. Command-line options win over the file.
//!
//! ```toml
//! prompts = "~/my-packs"   # extra or overriding packs (relative to the file)
//! min_score = 60           # the bar for `tactful check`
//! intent = "de-escalate"   # the default intent for `tactful check`
//! ```

use std::path::{Path, PathBuf};

use serde::Deserialize;

use tactful_engine::packs::PackError;

use crate::files::expand_home;

/// The largest configuration file read, in bytes.
const MAX_CONFIG_BYTES: u64 = 1 << 20;

#[derive(Debug, Default, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub prompts: Option<PathBuf>,
    pub min_score: Option<u8>,
    pub intent: Option<String>,
}

impl Config {
    /// Loads the configuration: the file named, or the default one if it
    /// exists, or none.
    pub fn load(explicit: Option<&Path>) -> anyhow::Result<Config> {
        let path = match explicit {
            Some(p) => p.to_path_buf(),
            None => match default_path() {
                Some(p) if p.is_file() => p,
                _ => return Ok(Config::default()),
            },
        };
        let name = path.display().to_string();
        let text =
            tactful_engine::packs::load::read_text(&path, MAX_CONFIG_BYTES, "configuration files")
                .map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
        let mut config = parse(&name, &text).map_err(|e| anyhow::anyhow!("{e}"))?;
        if let Some(p) = &config.prompts {
            let expanded = PathBuf::from(expand_home(&p.to_string_lossy()));
            config.prompts = Some(if expanded.is_relative() {
                path.parent().unwrap_or(Path::new(".")).join(expanded)
            } else {
                expanded
            });
        }
        Ok(config)
    }
}

/// Parses configuration text, with errors located in the file.
pub fn parse(name: &str, text: &str) -> Result<Config, PackError> {
    let config: Config = toml::from_str(text).map_err(|e| {
        PackError::at(
            name,
            text,
            e.span().unwrap_or(0..0),
            e.message().trim().replace('\n', " "),
        )
    })?;
    if let Some(m) = config.min_score
        && m > 100
    {
        return Err(PackError::file(name, format!("min_score {m} is above 100")));
    }
    Ok(config)
}

/// The configuration file in tactful's configuration directory
/// (`$XDG_CONFIG_HOME/tactful/config.toml`, see [`crate::files::dir`]).
fn default_path() -> Option<PathBuf> {
    Some(
        crate::files::dir(crate::files::Base::Config)
            .ok()?
            .join("config.toml"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_known_keys_and_points_at_unknown_ones() {
        let c = parse("c.toml", "min_score = 70\nintent = \"understand\"\n").unwrap();
        assert_eq!(c.min_score, Some(70));
        let e = parse("c.toml", "min_score = 70\nminscore = 3\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, 1));
        assert!(
            e.message.contains("unknown field `minscore`"),
            "{}",
            e.message
        );
    }
}
