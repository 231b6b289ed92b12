//! The flags every command takes (`global = true`), and the overrides they make.

use crate::Lang;
use crate::config::Overrides;
use clap::{Args, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Clone, Args)]
// Under their own heading, so a command's `--help` lists its own flags first, not interleaved.
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// Use a fresh throwaway copy of the demo orders (nothing persists).
    #[arg(long, global = true, conflicts_with_all = ["db", "api_url"])]
    pub demo: bool,
    /// The local order file (offline mode). A source given on the command line (--demo, --db,
    /// --api-url) beats SMARTPAY_CONSOLE_DB / SMARTPAY_API_URL, which beat the config file.
    #[arg(long, global = true, value_name = "PATH", conflicts_with = "api_url")]
    pub db: Option<PathBuf>,
    /// A Smartpay API base URL (online mode); the key comes from SMARTPAY_SECRET_KEY.
    /// Cannot be combined with --db or --demo.
    #[arg(long, global = true, value_name = "URL")]
    pub api_url: Option<String>,
    /// The config file to read instead of the default one (or SMARTPAY_CONSOLE_CONFIG).
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Switch capture, refund and void off everywhere.
    #[arg(long, global = true)]
    pub read_only: bool,
    /// The name recorded in the history (default: SMARTPAY_CONSOLE_OPERATOR, then
    /// console.operator in the config file, then $USER).
    #[arg(long, global = true, value_name = "NAME")]
    pub operator: Option<String>,
    /// Interface language of every human text, the TUI's and the commands' alike (refusals,
    /// errors, results, countdowns, dates); `--json` codes and fields are the same in both.
    /// Default: SMARTPAY_CONSOLE_LANG, then console.lang in the config file, then en.
    #[arg(long, global = true, value_enum)]
    pub lang: Option<LangArg>,
    /// Machine-readable output on stdout, accepted by every command. A failure then prints
    /// only {"error": {"code", "message", "exit"}} on stdout (codes: docs/INTERFACE.md).
    #[arg(long, global = true)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    En,
    Ja,
}

impl GlobalArgs {
    pub fn overrides(&self) -> Overrides {
        Overrides {
            config: self.config.clone(),
            demo: self.demo,
            db: self.db.clone(),
            api_url: self.api_url.clone(),
            operator: self.operator.clone(),
            read_only: self.read_only,
            lang: self.lang.map(|l| match l {
                LangArg::En => Lang::En,
                LangArg::Ja => Lang::Ja,
            }),
            mouse: false,
        }
    }
}
