//! Configuration: `config.toml` (found through `directories`, or `--config`), then environment
//! overrides, then command-line flags. The result is one `Settings` value the rest reads.

mod bounded;
pub mod retry;
pub mod source;
pub mod views;

// The layers below, under the names this crate's paths use (`crate::domain::Order`).
use smartpay_hygiene::redact;

use crate::retry::RetryPolicy;
use crate::source::{Chosen, Level, Origin, Source, TwoSources, by_precedence};
use directories::ProjectDirs;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub mod keys;

/// The file as written by a person; every key is optional.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ConfigFile {
    pub console: ConsoleSection,
    pub offline: OfflineSection,
    pub online: OnlineSection,
    pub bulk: BulkSection,
}

/// `[bulk]`: above these a bulk run must be confirmed by typing its row count (on a terminal)
/// or by `--expect-rows` / `--expect-total` (off one).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BulkSection {
    pub confirm_above_orders: Option<u64>,
    /// In minor units (yen).
    pub confirm_above_amount: Option<i64>,
}

/// The limits of `[bulk]`, defaults applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BulkLimits {
    pub confirm_above_orders: u64,
    pub confirm_above_amount: i64,
}

impl BulkLimits {
    pub const DEFAULT: BulkLimits = BulkLimits { confirm_above_orders: 100, confirm_above_amount: 1_000_000 };
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ConsoleSection {
    pub operator: Option<String>,
    pub read_only: Option<bool>,
    pub lang: Option<String>,
    pub log_dir: Option<PathBuf>,
    /// The saved views file (default: `views.toml` beside the config file).
    pub views_file: Option<PathBuf>,
    /// Mouse in the console: click, double-click, wheel (default off: text selection works).
    pub mouse: Option<bool>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct OfflineSection {
    pub db: Option<PathBuf>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct OnlineSection {
    pub api_url: Option<String>,
    pub secret_key: Option<String>,
    pub timeout_secs: Option<u64>,
    /// The `reference` sent with each capture and refund; `{key}` becomes the part's key.
    pub reference_template: Option<String>,
    pub recheck_days: Option<u32>,
    pub full_sync_hours: Option<u32>,
    pub max_wait_secs: Option<u64>,
    pub backoff_base_ms: Option<u64>,
    pub backoff_cap_ms: Option<u64>,
}

pub use crate::redact::SecretKey;

/// UI language (`--lang`, `SMARTPAY_CONSOLE_LANG`, `console.lang`).
pub use smartpay_i18n::Lang;

/// Where the console keeps its own files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    pub config_file: PathBuf,
    pub data_dir: PathBuf,
    pub log_dir: PathBuf,
}

impl Paths {
    pub fn discover() -> Paths {
        match ProjectDirs::from("co", "smartpay", "smartpay-console") {
            Some(dirs) => Paths {
                config_file: dirs.config_dir().join("config.toml"),
                data_dir: dirs.data_dir().to_path_buf(),
                log_dir: dirs.state_dir().unwrap_or(dirs.data_dir()).join("logs"),
            },
            // No home directory (a bare container): fall back to the working directory.
            None => Paths {
                config_file: PathBuf::from("smartpay-console.toml"),
                data_dir: PathBuf::from(".smartpay-console"),
                log_dir: PathBuf::from(".smartpay-console/logs"),
            },
        }
    }

    /// The single journal of consoles older than accounts: each key now has its own (see
    /// `online::account`), and the first one used adopts this one's open entries.
    pub fn journal_file(&self) -> PathBuf {
        self.data_dir.join("journal.redb")
    }

    /// The single mirror of consoles older than accounts (each key now has its own).
    pub fn mirror_file(&self) -> PathBuf {
        self.data_dir.join("mirror.redb")
    }
}

/// Everything after the file, the environment and the flags have had their say.
#[derive(Debug, Clone)]
pub struct Settings {
    pub paths: Paths,
    /// Whether a config file was actually read.
    pub config_loaded: bool,
    /// One sentence per unknown section of the config file (ignored); shown once, on stderr.
    pub config_warnings: Vec<keys::UnknownSection>,
    /// The source named by the highest level that names one (see `crate::source`).
    pub source: Option<Chosen>,
    /// The order file of that source, when it is one (what `import`, `generate` and `sandbox` write).
    pub db: Option<PathBuf>,
    /// The API URL of that source, when it is one.
    pub api_url: Option<String>,
    pub secret_key: Option<SecretKey>,
    pub timeout_secs: u64,
    /// `online.reference_template` (`None`: the reference is the part's idempotency key).
    pub reference_template: Option<String>,
    /// Orders awaiting capture or still refundable and younger than this are re-read by sync.
    pub recheck_days: u32,
    /// Hours between two full sync passes.
    pub full_sync_hours: u32,
    /// How requests wait for a busy API (429, 503).
    pub retry: RetryPolicy,
    pub operator: String,
    pub read_only: bool,
    pub lang: Lang,
    pub bulk: BulkLimits,
    /// Where saved views are kept (`console.views_file`, else `views.toml` beside the config).
    pub views_file: PathBuf,
    /// The console takes the mouse (`--mouse` or `console.mouse = true`).
    pub mouse: bool,
}

pub const DEFAULT_API_URL: &str = "https://api.smartpay.co/v1";

/// A problem with the configuration, as one sentence.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("Cannot read the config file {path}: {detail}", path = path.display())]
    Unreadable { path: PathBuf, detail: String },
    #[error("The config file {path} is not valid: {detail}", path = path.display())]
    Invalid { path: PathBuf, detail: String },
    #[error("The config file {path} is not valid: {}", problem.text(Lang::En), path = path.display())]
    Keys { path: PathBuf, problem: keys::KeyProblem },
    #[error("{name}={value} is not valid: {expected}")]
    BadEnv { name: &'static str, value: String, expected: &'static str },
    #[error(transparent)]
    TwoSources(#[from] TwoSources),
}

/// The command-line values that override everything else.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub config: Option<PathBuf>,
    pub demo: bool,
    pub db: Option<PathBuf>,
    pub api_url: Option<String>,
    pub operator: Option<String>,
    pub read_only: bool,
    pub lang: Option<Lang>,
    pub mouse: bool,
}

impl Settings {
    /// Shows the config file's warnings (unknown sections) on stderr, and logs them.
    pub fn show_warnings(&self) {
        use smartpay_i18n::Message;
        use smartpay_i18n::sentences::ErrorText;
        use std::io::Write;
        for warning in &self.config_warnings {
            tracing::warn!("{}", warning.text(Lang::En));
            let said = ErrorText::Warning.fill(self.lang, &[("message", &warning.text(self.lang))]);
            let _ = writeln!(std::io::stderr(), "{said}");
        }
    }

    /// Reads the config file (the `--config` one must exist; the default one may not) and
    /// applies the environment and the flags on top.
    pub fn load(flags: &Overrides) -> Result<Settings, ConfigError> {
        Settings::load_from(flags, Paths::discover(), |name| std::env::var(name).ok())
    }

    pub fn load_from(
        flags: &Overrides,
        paths: Paths,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Settings, ConfigError> {
        let explicit = flags.config.clone().or_else(|| env("SMARTPAY_CONSOLE_CONFIG").map(PathBuf::from));
        let path = explicit.clone().unwrap_or_else(|| paths.config_file.clone());
        let ((file, config_warnings), config_loaded) = match read_file(&path) {
            Ok(read) => (read, true),
            Err(ConfigError::Unreadable { .. }) if explicit.is_none() && !path.exists() => {
                ((ConfigFile::default(), Vec::new()), false)
            }
            Err(e) => return Err(e),
        };
        let views_file = file.console.views_file.clone().unwrap_or_else(|| views_beside(&path));
        let mouse = flags.mouse || file.console.mouse.unwrap_or(false);
        let mut paths = paths;
        paths.config_file = path;
        if let Some(dir) = file.console.log_dir.clone() {
            paths.log_dir = dir;
        }
        let read_only = match env("SMARTPAY_CONSOLE_READ_ONLY") {
            Some(v) => parse_bool("SMARTPAY_CONSOLE_READ_ONLY", &v)?,
            None => file.console.read_only.unwrap_or(false),
        };
        let lang = match flags.lang {
            Some(lang) => lang,
            None => match env("SMARTPAY_CONSOLE_LANG").or(file.console.lang.clone()) {
                Some(v) => Lang::parse(&v).ok_or(ConfigError::BadEnv {
                    name: "SMARTPAY_CONSOLE_LANG",
                    value: v,
                    expected: "use en or ja.",
                })?,
                None => Lang::En,
            },
        };
        let operator = flags
            .operator
            .clone()
            .or_else(|| env("SMARTPAY_CONSOLE_OPERATOR"))
            .or(file.console.operator.clone())
            .or_else(|| env("USER"))
            .or_else(|| env("USERNAME"))
            .unwrap_or_else(|| "operator".into());
        let source = choose_source(flags, &env, &file)?;
        let db = match &source {
            Some(Chosen { source: Source::Offline(path), .. }) => Some(path.clone()),
            _ => None,
        };
        let api_url = match &source {
            Some(Chosen { source: Source::Online(url), .. }) => Some(url.clone()),
            _ => None,
        };
        Ok(Settings {
            config_loaded,
            config_warnings,
            source,
            db,
            api_url,
            secret_key: env("SMARTPAY_SECRET_KEY")
                .or(file.online.secret_key.clone())
                .filter(|k| !k.trim().is_empty())
                .map(|k| SecretKey::new(k.trim().to_string())),
            timeout_secs: file.online.timeout_secs.unwrap_or(10),
            retry: retry_policy(&file.online),
            reference_template: file.online.reference_template.clone().filter(|t| !t.trim().is_empty()),
            recheck_days: file.online.recheck_days.unwrap_or(14),
            full_sync_hours: file.online.full_sync_hours.unwrap_or(6).max(1),
            operator,
            read_only: flags.read_only || read_only,
            lang,
            bulk: BulkLimits {
                confirm_above_orders: file
                    .bulk
                    .confirm_above_orders
                    .unwrap_or(BulkLimits::DEFAULT.confirm_above_orders),
                confirm_above_amount: file
                    .bulk
                    .confirm_above_amount
                    .unwrap_or(BulkLimits::DEFAULT.confirm_above_amount)
                    .max(0),
            },
            paths,
            views_file,
            mouse,
        })
    }
}

/// `views.toml` in the config file's folder.
fn views_beside(config_file: &Path) -> PathBuf {
    match config_file.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.join("views.toml"),
        _ => PathBuf::from("views.toml"),
    }
}

fn retry_policy(online: &OnlineSection) -> RetryPolicy {
    let default = RetryPolicy::default();
    let busy_base = online.backoff_base_ms.map(Duration::from_millis).unwrap_or(default.busy_base);
    RetryPolicy {
        busy_base,
        busy_cap: online.backoff_cap_ms.map(Duration::from_millis).unwrap_or(default.busy_cap).max(busy_base),
        max_wait: online.max_wait_secs.map(Duration::from_secs).unwrap_or(default.max_wait),
        ..default
    }
}

/// Flags, then the environment, then the file: the first level that names a source decides.
fn choose_source(
    flags: &Overrides,
    env: &impl Fn(&str) -> Option<String>,
    file: &ConfigFile,
) -> Result<Option<Chosen>, TwoSources> {
    fn named(candidates: Vec<(&'static str, Option<Source>)>) -> Vec<(&'static str, Source)> {
        candidates.into_iter().filter_map(|(name, source)| source.map(|s| (name, s))).collect()
    }
    let non_empty = |v: Option<String>| v.filter(|v| !v.trim().is_empty());
    let levels = vec![
        Level {
            origin: Origin::Flag,
            named: named(vec![
                ("--demo", flags.demo.then_some(Source::Demo)),
                ("--db", flags.db.clone().map(Source::Offline)),
                ("--api-url", flags.api_url.clone().map(Source::Online)),
            ]),
        },
        Level {
            origin: Origin::Environment,
            named: named(vec![
                ("SMARTPAY_CONSOLE_DB", non_empty(env("SMARTPAY_CONSOLE_DB")).map(|p| Source::Offline(p.into()))),
                ("SMARTPAY_API_URL", non_empty(env("SMARTPAY_API_URL")).map(Source::Online)),
            ]),
        },
        Level {
            origin: Origin::ConfigFile,
            named: named(vec![
                ("offline.db", file.offline.db.clone().map(Source::Offline)),
                ("online.api_url", file.online.api_url.clone().map(Source::Online)),
            ]),
        },
    ];
    by_precedence(levels)
}

fn parse_bool(name: &'static str, value: &str) -> Result<bool, ConfigError> {
    match value.to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" | "" => Ok(false),
        _ => Err(ConfigError::BadEnv { name, value: value.to_string(), expected: "use true or false." }),
    }
}

/// The language to speak before the settings are loaded, or when they cannot be (a usage error,
/// a config file that is refused): `--lang`, then SMARTPAY_CONSOLE_LANG, then `console.lang`
/// read from the config file as far as it can be read; English otherwise.
pub fn early_lang(flags: &Overrides) -> Lang {
    let env = |name: &str| std::env::var(name).ok();
    let from_file = || {
        let path = flags
            .config
            .clone()
            .or_else(|| env("SMARTPAY_CONSOLE_CONFIG").map(PathBuf::from))
            .unwrap_or_else(|| Paths::discover().config_file);
        let table: toml::Table = toml::from_str(&bounded::read_config_text(&path).ok()?).ok()?;
        Some(table.get("console")?.get("lang")?.as_str()?.to_string())
    };
    flags
        .lang
        .or_else(|| env("SMARTPAY_CONSOLE_LANG").or_else(from_file).and_then(|v| Lang::parse(&v)))
        .unwrap_or_default()
}

/// The file, and a warning for each unknown section it had (see `keys`).
fn read_file(path: &Path) -> Result<(ConfigFile, Vec<keys::UnknownSection>), ConfigError> {
    let text = bounded::read_config_text(path)
        .map_err(|e| ConfigError::Unreadable { path: path.to_path_buf(), detail: e.to_string() })?;
    let invalid =
        |e: toml::de::Error| ConfigError::Invalid { path: path.to_path_buf(), detail: e.message().to_string() };
    let mut table: toml::Table = toml::from_str(&text).map_err(invalid)?;
    let warnings = keys::check(path, &mut table)?;
    let file = ConfigFile::deserialize(table).map_err(invalid)?;
    Ok((file, warnings))
}

#[cfg(test)]
mod tests;
