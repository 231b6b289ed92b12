//! The command line: clap definitions and the dispatcher for the non-interactive subcommands.
//! With no subcommand the console starts the TUI.

mod check;
mod failure;
mod journal;
mod load;
mod operate;
mod orders;
mod output;

pub use failure::Failure;

use crate::config::{Lang, Overrides};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "smartpay-console",
    version,
    about = "A terminal admin console for Smartpay payment orders: find an order, read its history, capture, refund or void it — never twice.",
    after_help = "Run with no command to open the interactive console.\nExit status: 0 done (now, or earlier under the same key), 1 failure, 2 usage (including a reused idempotency key), 3 refused: nothing changed, 4 outcome unknown: open the order (`orders show ID`) to resolve it, never re-run blindly, 5 partly done: the output lists each part."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Args)]
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
    /// The config file to read instead of the default one.
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Switch capture, refund and void off everywhere.
    #[arg(long, global = true)]
    pub read_only: bool,
    /// The name recorded in the history (default: $USER).
    #[arg(long, global = true, value_name = "NAME")]
    pub operator: Option<String>,
    /// Interface language.
    #[arg(long, global = true, value_enum)]
    pub lang: Option<LangArg>,
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
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List, show or export orders.
    #[command(subcommand)]
    Orders(OrdersCommand),
    /// Capture AMOUNT of a manual-capture order.
    Capture(AmountArgs),
    /// Refund AMOUNT, split over the order's payments newest first.
    Refund(RefundArgs),
    /// Cancel the uncaptured remainder of a manual-capture order.
    Void(VoidArgs),
    /// The operation journal of online mode: list entries, settle one by hand.
    #[command(subcommand)]
    Journal(JournalCommand),
    /// Load orders from a JSON file (Smartpay order objects, expanded) into --db.
    Import {
        /// A JSON array of orders as `GET /orders?expand=all` returns them.
        file: PathBuf,
    },
    /// Fill --db with realistic synthetic orders.
    Generate {
        #[arg(long, value_name = "N")]
        orders: u64,
        #[arg(long, value_name = "S", default_value_t = 1)]
        seed: u64,
    },
    /// Serve the Smartpay API v1 subset over --db, for trying and testing online mode.
    Sandbox(SandboxArgs),
    /// Print the source in use (and whether a flag, the environment or the config file named
    /// it), the config, data and log paths, and the key's mode and account.
    Info {
        #[arg(long)]
        json: bool,
        /// Ask the API once: is the URL reachable, is the key accepted, test or live, and the
        /// clock skew. Exit 1 when it is unreachable or refuses the key.
        #[arg(long)]
        check: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum OrdersCommand {
    /// Newest first.
    List {
        #[arg(long, value_name = "S")]
        status: Option<String>,
        #[arg(long, value_name = "TEXT")]
        search: Option<String>,
        #[arg(long, value_name = "N", default_value_t = 50)]
        limit: usize,
        #[arg(long, value_name = "N", default_value_t = 0)]
        offset: usize,
        #[arg(long)]
        json: bool,
    },
    /// One order with its payments, refunds, figures and history.
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Every order, streamed.
    Export {
        #[arg(long, value_enum, default_value_t = ExportFormat::Jsonl)]
        format: ExportFormat,
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum JournalCommand {
    /// Every journaled operation, oldest first, with its state (open, done, partly done, not done).
    List {
        /// Only the entries whose outcome is still unknown.
        #[arg(long)]
        open: bool,
        #[arg(long)]
        json: bool,
    },
    /// Settle an open entry by hand, after checking the order: `--done ID…` with the payment or
    /// refund ids it created (in part order; none for a void), or `--not-done --note TEXT`.
    /// Recorded with the operator.
    Resolve(ResolveArgs),
}

#[derive(Debug, Args)]
pub struct ResolveArgs {
    /// The idempotency key of the entry (`journal list --open` shows them).
    pub key: String,
    /// It happened: the ids it created, in part order (fewer ids than parts: partly done).
    #[arg(long, value_name = "ID", num_args = 0.., conflicts_with = "not_done", required_unless_present = "not_done")]
    pub done: Vec<String>,
    /// It did not happen: nothing moved.
    #[arg(long, requires = "note")]
    pub not_done: bool,
    /// Why (required with --not-done).
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Csv,
    Jsonl,
}

#[derive(Debug, Args)]
pub struct AmountArgs {
    pub id: String,
    /// 1000, 1,000, ¥1,000, 1000円 or full-width digits.
    // A negative amount reaches the amount parser, which explains why it is refused.
    #[arg(allow_negative_numbers = true)]
    pub amount: String,
    #[arg(long)]
    pub json: bool,
    /// Makes the operation happen once: the same KEY again moves nothing and replays the first
    /// result (a refusal included). 1–64 characters of A-Z a-z 0-9 _ -.
    #[arg(long, value_name = "KEY")]
    pub idempotency_key: Option<String>,
}

#[derive(Debug, Args)]
pub struct RefundArgs {
    pub id: String,
    #[arg(allow_negative_numbers = true)]
    pub amount: String,
    #[arg(long, value_enum, default_value_t = ReasonArg::RequestedByCustomer)]
    pub reason: ReasonArg,
    #[arg(long)]
    pub json: bool,
    /// Makes the operation happen once: the same KEY again moves nothing and replays the first
    /// result (a refusal included). 1–64 characters of A-Z a-z 0-9 _ -.
    #[arg(long, value_name = "KEY")]
    pub idempotency_key: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReasonArg {
    #[value(name = "requested_by_customer")]
    RequestedByCustomer,
    #[value(name = "fraudulent")]
    Fraudulent,
}

#[derive(Debug, Args)]
pub struct VoidArgs {
    pub id: String,
    #[arg(long)]
    pub json: bool,
    /// Makes the operation happen once: the same KEY again moves nothing and replays the first
    /// result (a refusal included). 1–64 characters of A-Z a-z 0-9 _ -.
    #[arg(long, value_name = "KEY")]
    pub idempotency_key: Option<String>,
}

#[derive(Debug, Args)]
pub struct SandboxArgs {
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8787")]
    pub listen: String,
    /// Delay every response by this many milliseconds.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub latency_ms: u64,
    /// Fail this fraction of requests (0.0–1.0) with a 503, before or after the write.
    #[arg(long, value_name = "F", default_value_t = 0.0)]
    pub fail_rate: f64,
}

/// Runs a non-interactive subcommand.
pub fn run(global: &GlobalArgs, command: Command) -> Result<(), Failure> {
    let settings = crate::config::Settings::load(&global.overrides())?;
    // Before any source opens, so that the start-up journal replay is in the log too.
    crate::logging::start(&settings, global.demo);
    match command {
        Command::Orders(OrdersCommand::List { status, search, limit, offset, json }) => {
            orders::list(global, &settings, status, search, limit, offset, json)
        }
        Command::Orders(OrdersCommand::Show { id, json }) => orders::show(global, &settings, &id, json),
        Command::Orders(OrdersCommand::Export { format, out }) => orders::export(global, &settings, format, out),
        Command::Capture(args) => operate::capture(global, &settings, args),
        Command::Refund(args) => operate::refund(global, &settings, args),
        Command::Void(args) => operate::void(global, &settings, args),
        Command::Journal(JournalCommand::List { open, json }) => journal::list(&settings, open, json),
        Command::Journal(JournalCommand::Resolve(args)) => journal::resolve(&settings, args),
        Command::Import { file } => load::import(global, &settings, &file),
        Command::Generate { orders, seed } => load::generate(global, &settings, orders, seed),
        Command::Sandbox(args) => load::sandbox(global, &settings, args),
        Command::Info { json, check } => output::info(&settings, global.demo, json, check),
    }
}
