//! Picking the source of truth from the flags and settings: demo, offline file or online API.
//!
//! Precedence: the source comes from the highest level that names any source — command-line
//! flags, then environment variables, then the config file. A lower level is never consulted
//! once a higher one names a source, and two sources named at one level are a usage error.

use crate::Settings;
use std::path::PathBuf;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Demo,
    Offline(PathBuf),
    Online(String),
}

impl Source {
    /// `demo`, `offline` or `online`, as `info --json` writes it.
    pub fn kind(&self) -> &'static str {
        match self {
            Source::Demo => "demo",
            Source::Offline(_) => "offline",
            Source::Online(_) => "online",
        }
    }

    /// The file's path or the API's URL; nothing for the demo.
    pub fn location(&self) -> Option<String> {
        match self {
            Source::Demo => None,
            Source::Offline(path) => Some(path.display().to_string()),
            Source::Online(url) => Some(url.clone()),
        }
    }

    /// A short name for the status bar: the file's name, or the API's host.
    pub fn label(&self) -> String {
        match self {
            Source::Demo => String::new(),
            Source::Offline(path) => {
                path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
            }
            Source::Online(url) => {
                let rest = url.split_once("://").map_or(url.as_str(), |(_, rest)| rest);
                let authority = rest.split('/').next().unwrap_or(rest);
                // Never credentials written into the URL: only the host and port.
                authority.rsplit_once('@').map_or(authority, |(_, host)| host).to_string()
            }
        }
    }
}

/// Which level named the source in use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Flag,
    Environment,
    ConfigFile,
}

impl Origin {
    pub fn as_str(self) -> &'static str {
        match self {
            Origin::Flag => "flag",
            Origin::Environment => "environment",
            Origin::ConfigFile => "config",
        }
    }

    /// Where the operator set it, in words.
    pub fn words(self) -> &'static str {
        match self {
            Origin::Flag => "the command line",
            Origin::Environment => "the environment",
            Origin::ConfigFile => "the config file",
        }
    }
}

/// The source in use and the level that named it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chosen {
    pub source: Source,
    pub origin: Origin,
}

/// What one level names: each candidate with the name the operator wrote it under
/// (`--db`, `SMARTPAY_API_URL`, `offline.db` …).
pub struct Level {
    pub origin: Origin,
    pub named: Vec<(&'static str, Source)>,
}

/// Two sources named at one level, as a sentence.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{first} and {second} name two different sources, both in {origin}; keep one, or choose on the command line with --demo, --db PATH or --api-url URL."
)]
pub struct TwoSources {
    pub first: &'static str,
    pub second: &'static str,
    pub origin: &'static str,
}

/// The first level (in the order given: flags, environment, config file) that names a source.
pub fn by_precedence(levels: Vec<Level>) -> Result<Option<Chosen>, TwoSources> {
    for level in levels {
        let mut named = level.named.into_iter();
        let Some((first, source)) = named.next() else { continue };
        if let Some((second, _)) = named.next() {
            return Err(TwoSources { first, second, origin: level.origin.words() });
        }
        return Ok(Some(Chosen { source, origin: level.origin }));
    }
    Ok(None)
}

/// Why no source could be chosen.
pub const NO_SOURCE: &str =
    "No orders to open: use --demo, --db PATH or --api-url URL (or set offline.db or online.api_url in the config).";

/// The source in use: `--demo`, or what the settings chose by precedence.
pub fn choose(demo: bool, settings: &Settings) -> Option<Source> {
    if demo {
        return Some(Source::Demo);
    }
    settings.source.as_ref().map(|chosen| chosen.source.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn level(origin: Origin, named: Vec<(&'static str, Source)>) -> Level {
        Level { origin, named }
    }

    #[test]
    fn the_highest_level_naming_a_source_wins_and_two_at_one_level_are_refused() {
        let file = || level(Origin::ConfigFile, vec![("offline.db", Source::Offline("a.redb".into()))]);
        let env = || level(Origin::Environment, vec![("SMARTPAY_API_URL", Source::Online("http://e/v1".into()))]);
        let chosen = by_precedence(vec![level(Origin::Flag, vec![]), env(), file()]).expect("one per level");
        assert_eq!(chosen, Some(Chosen { source: Source::Online("http://e/v1".into()), origin: Origin::Environment }));
        let flag = level(Origin::Flag, vec![("--db", Source::Offline("f.redb".into()))]);
        let chosen = by_precedence(vec![flag, env(), file()]).expect("flag");
        assert_eq!(chosen.map(|c| c.origin), Some(Origin::Flag));
        let both = level(
            Origin::Environment,
            vec![
                ("SMARTPAY_CONSOLE_DB", Source::Offline("x".into())),
                ("SMARTPAY_API_URL", Source::Online("u".into())),
            ],
        );
        let err = by_precedence(vec![both, file()]).expect_err("two in the environment");
        assert!(err.to_string().starts_with("SMARTPAY_CONSOLE_DB and SMARTPAY_API_URL name two"), "{err}");
        assert_eq!(by_precedence(vec![]), Ok(None));
    }

    #[test]
    fn labels_name_the_file_or_the_host() {
        assert_eq!(Source::Offline("/srv/x/orders.redb".into()).label(), "orders.redb");
        assert_eq!(Source::Online("http://127.0.0.1:8787/v1".into()).label(), "127.0.0.1:8787");
        assert_eq!(Source::Online("https://api.smartpay.co/v1".into()).label(), "api.smartpay.co");
        assert_eq!(Source::Online("https://user:sk_test_x@api.smartpay.co/v1".into()).label(), "api.smartpay.co");
    }
}
