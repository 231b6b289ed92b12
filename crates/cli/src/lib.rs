//! The command line: clap definitions and the dispatcher for the non-interactive subcommands.
//! With no subcommand the console starts the TUI.

// The layers below, under the names this crate's paths use (`crate::domain::Order`).
use smartpay_client as smartpay;
use smartpay_config as config;
use smartpay_config::source;
use smartpay_demo as demo;
use smartpay_domain as domain;
use smartpay_hygiene::{redact, text};
use smartpay_online as online;
use smartpay_sandbox as sandbox;
use smartpay_store as backend;
use smartpay_store::outcome_text;
use smartpay_tui as tui;
use smartpay_wire as wire;

mod bulk;
mod check;
mod console;
mod export;
mod failure;
mod generated;
mod global_args;
pub mod help_lang;
mod info_check;
mod journal;
mod list_args;
mod load;
pub mod logging;
mod migrate;
mod open;
mod operate;
mod orders;
mod output;
mod reconcile;
pub mod usage;
pub(crate) mod words;

pub use console::launch;
pub use failure::Failure;
pub use global_args::{GlobalArgs, LangArg};
pub use smartpay_i18n::Lang;
pub use words::UsageText;

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "smartpay-console",
    version,
    about = "A terminal admin console for Smartpay payment orders: find an order, read its history, capture, refund or void it — never twice.",
    after_help = "Run with no command to open the interactive console.\nExit status: 0 done (now, or earlier under the same key), 1 failure, 2 usage (including a reused idempotency key), 3 refused: nothing changed, 4 outcome unknown: open the order (`orders show ID`) to resolve it, never re-run blindly, 5 partly done: the output lists each part, 6 differences found (reconcile)."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(flatten)]
    pub console: console::ConsoleArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
#[command(defer = true)]
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
    /// Capture, refund or void every row of a CSV file, each row once even when run again.
    #[command(
        long_about = "Capture, refund or void every row of a CSV file, each row once even when the file is run again.\n\nThe file (UTF-8, a BOM allowed, or --encoding shift_jis) has a lower-case header naming `order` (a Smartpay id or the order's reference) and `operation` (capture, refund, void), and optionally `amount` (any amount form; empty = the most allowed; empty for void), `reason` (refunds: requested_by_customer, the default, or fraudulent) and `key`. Line numbers count the header as line 1. Every row is checked against the current state and the payment rules as one sequence before anything is sent; a row's problem refuses that row, a problem with the file exits 2.\n\nEach row's idempotency key is its `key`, or one derived from the batch name, the order, operation, amount and reason, and which occurrence of that same row it is: a row done in an earlier run (recorded by this console, or in the order's history) is reported as replayed and never sent again.\n\nExit status: 0 every row done (now or in an earlier run), 4 any row unknown, 5 done and refused rows mixed, 3 none done, 2 the file itself is bad (or the run was not confirmed off a terminal), 1 I/O.\n\nIn the interactive console: Space, V and * (every order matching the filter, at most bulk.confirm_above_orders) mark orders; a opens bulk Payment Actions (capture all, a fixed amount or a percentage, void, refund all); a run cut off is shown at the next start (r resumes after a confirmation); e exports its summary as CSV next to <data dir>/bulk-runs/RUN.json."
    )]
    Bulk(bulk::BulkArgs),
    /// The operation journal of online mode: list entries, settle one by hand.
    #[command(subcommand)]
    Journal(JournalCommand),
    /// Load orders from a file into --db: whole file or nothing, every order checked first.
    #[command(
        long_about = "Load orders from a file into --db: whole file or nothing.\n\nThe file is a JSON array of Smartpay orders as `GET /orders?expand=all` returns them, or JSONL (one order per line, what `orders export` writes). Every order is checked before anything is written: a positive amount in a known currency, captures within the amount, refunds within their payment, ids unique across the file and --db, timestamps from 2015-01-01 to one day from now. An order already in --db is skipped when identical, refused when different (unless --replace), and never replaced when it carries operations made in --db. A manual order awaiting capture without expiresAt gets createdAt + 7 days. History in the file is not trusted: it is rebuilt from the payments and refunds, keeping the operator and key of matching entries, marked imported."
    )]
    Import {
        /// A JSON array of orders, or JSONL.
        file: PathBuf,
        /// Overwrite orders whose money differs from the copy in --db (never one carrying
        /// operations made in --db).
        #[arg(long)]
        replace: bool,
        /// Check the whole file and say what would be imported; write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Fill --db with realistic synthetic orders.
    Generate {
        /// How many orders to add.
        #[arg(long, value_name = "N")]
        orders: u64,
        /// The same seed makes the same orders.
        #[arg(long, value_name = "S", default_value_t = 1)]
        seed: u64,
    },
    /// Serve the Smartpay API v1 over --db and the --account files, for trying and testing online mode.
    Sandbox(SandboxArgs),
    /// Print the source in use (and whether a flag, the environment or the config file named
    /// it), the config, data and log paths, and the key's mode and account.
    Info {
        /// Ask the API once: is the URL reachable, is the key accepted, test or live, and the
        /// clock skew. Exit 1 when it is unreachable or refuses the key.
        #[arg(long)]
        check: bool,
    },
    /// Verify every record's checksum in --db (and the journal, the online mirror); list the
    /// damaged ones as `kind id reason`, and say when the search index is incomplete (run
    /// `reindex`; `migrate` for a file older than the index). Exit 0 clean, 1 damaged.
    Check(CheckArgs),
    /// Compare the shop's export with Smartpay and the console's ledger: every difference with
    /// its severity and fix. Exit 0 nothing at or above --fail-on, 6 differences found, 1
    /// failure, 2 a bad shop file (each bad line named).
    Reconcile(reconcile::ReconcileArgs),
    /// Bring an older --db file up to schema 3: seal a schema-1 file's records with checksums,
    /// then build the search index (a progress bar on a terminal). Until then the file opens
    /// read-only.
    Migrate,
    /// Rebuild --db's search index from its orders, a batch of 5,000 orders per write
    /// transaction, so other consoles' writes wait for one batch at most; searches scan
    /// meanwhile, with the same results.
    Reindex,
    /// Print a completion script for SHELL on stdout, e.g.
    /// `smartpay-console completions bash > ~/.local/share/bash-completion/completions/smartpay-console`.
    Completions {
        /// The shell to complete for.
        #[arg(value_enum)]
        shell: CompletionShell,
    },
    /// Print the manual page (roff) on stdout, e.g. `smartpay-console man | man -l -`.
    Man,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CompletionShell {
    Bash,
    Zsh,
    Fish,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Also verify the online operation journal (the key's account's).
    #[arg(long)]
    pub journal: bool,
    /// Also verify the online mode's local mirror (the key's account's).
    #[arg(long)]
    pub mirror: bool,
}

#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum OrdersCommand {
    /// Newest first (or by --sort); `--expiring-within 24h --sort deadline` is the deadline queue.
    List(list_args::ListArgs),
    /// One order with its payments, refunds, figures and history.
    Show {
        /// The order's Smartpay id (`order_…`).
        id: String,
    },
    /// Every order, streamed (JSONL can be imported again).
    #[command(
        long_about = "Every order, streamed, as JSONL (one order per line; `import` reads it back) or CSV.\n\n--out PATH writes through to what PATH is: a regular file (or a new one) is replaced atomically, only if it may be written; a symlink is followed and its target replaced in the target's folder; a FIFO or a device is written in place; without --out (or with `-`) the orders go to stdout. A write error, a full disk included, exits 1 and leaves an existing file untouched. CSV times are ISO 8601 with the JST offset (+09:00). A damaged record stops the export (exit 1) unless --skip-damaged."
    )]
    Export {
        /// JSONL (one order per line, what `import` reads) or CSV (one row per order).
        #[arg(long, value_enum, default_value_t = ExportFormat::Jsonl)]
        format: ExportFormat,
        /// Where to write (default: stdout).
        #[arg(long, value_name = "PATH")]
        out: Option<PathBuf>,
        /// CSV for Excel: a UTF-8 BOM, and text cells starting with = + - @ (or tab, CR)
        /// prefixed with ' so they are never run as formulas.
        #[arg(long)]
        excel: bool,
        /// Skip records that cannot be read (damaged), each with a warning on stderr.
        #[arg(long)]
        skip_damaged: bool,
    },
}

#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum JournalCommand {
    /// Every journaled operation, oldest first, with its state (open, done, partly done, not done).
    List {
        /// Only the entries whose outcome is still unknown.
        #[arg(long)]
        open: bool,
    },
    /// Settle an open entry by hand, after checking the order: `--done ID…` with the payment or
    /// refund ids it created (in part order; none for a void), or `--not-done --note TEXT`.
    /// Recorded with the operator.
    Resolve(ResolveArgs),
    /// Rebuild a damaged journal from every entry that can be read; the damaged file is kept
    /// beside it and the entries left out are listed. Close every other console first.
    Repair,
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
    /// The order's Smartpay id (`order_…`).
    pub id: String,
    /// 1000, 1,000, ¥1,000, 1000円 or full-width digits.
    // A negative amount reaches the amount parser, which explains why it is refused.
    #[arg(allow_negative_numbers = true)]
    pub amount: String,
    /// Makes the operation happen once: the same KEY again moves nothing and replays the first
    /// result (a refusal included). 1–64 characters of A-Z a-z 0-9 _ -.
    #[arg(long, value_name = "KEY")]
    pub idempotency_key: Option<String>,
}

#[derive(Debug, Args)]
pub struct RefundArgs {
    /// The order's Smartpay id (`order_…`).
    pub id: String,
    /// 1000, 1,000, ¥1,000, 1000円 or full-width digits.
    #[arg(allow_negative_numbers = true)]
    pub amount: String,
    /// Why the money goes back, as Smartpay records it.
    #[arg(long, value_enum, default_value_t = ReasonArg::RequestedByCustomer)]
    pub reason: ReasonArg,
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
    /// The order's Smartpay id (`order_…`).
    pub id: String,
    /// Makes the operation happen once: the same KEY again moves nothing and replays the first
    /// result (a refusal included). 1–64 characters of A-Z a-z 0-9 _ -.
    #[arg(long, value_name = "KEY")]
    pub idempotency_key: Option<String>,
}

#[derive(Debug, Args)]
pub struct SandboxArgs {
    /// The address to listen on (port 0 picks a free port; the URL is the first line printed).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8787")]
    pub listen: String,
    /// Delay every response by this many milliseconds.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub latency_ms: u64,
    /// Fail this fraction of requests (0.0–1.0) with a 503, before or after the write.
    #[arg(long, value_name = "F", default_value_t = 0.0)]
    pub fail_rate: f64,
    /// Draw the --fail-rate failures from this seed, so a run can be repeated exactly.
    #[arg(long, value_name = "N")]
    pub fail_seed: Option<u64>,
    /// Serve this secret key's orders from FILE (repeatable). A live-format key (sk_live_…)
    /// is accepted on a loopback address only. --db then serves any other test key.
    #[arg(long = "account", value_name = "KEY=FILE", value_parser = crate::sandbox::parse_account)]
    pub accounts: Vec<crate::sandbox::AccountSpec>,
    /// Answer in one of the shapes the real API may use (repeatable, combinable).
    #[arg(long = "variant", value_name = "VARIANT", value_enum)]
    pub variants: Vec<crate::sandbox::Variant>,
    /// Start the sandbox clock this many milliseconds ahead of the wall clock (idempotency keys'
    /// 6-hour window and capture deadlines follow it; POST /_sandbox/clock moves it further).
    #[arg(long, value_name = "MS", default_value_t = 0)]
    pub clock_offset_ms: i64,
    /// Close a connection whose request headers take longer than this (milliseconds).
    #[arg(long, value_name = "MS", default_value_t = 10_000)]
    pub header_timeout_ms: u64,
    /// Close a connection with no traffic for this long (milliseconds). Longer than a
    /// client's own pool timeout (reqwest: 90 s), so the client closes an idle connection first.
    #[arg(long, value_name = "MS", default_value_t = 120_000)]
    pub idle_timeout_ms: u64,
}

/// Runs a non-interactive subcommand; a failure comes back in the language of its stderr line:
/// the settings' once they are loaded, else the one the flags and the environment name (the
/// config file is then read for `console.lang` alone: only on that path, not on every start).
pub fn run(global: &GlobalArgs, command: Command) -> Result<(), Failure> {
    let mut lang = None;
    run_in(global, command, &mut lang).map_err(|failure| {
        let lang = lang.unwrap_or_else(|| crate::config::early_lang(&global.overrides()));
        failure.in_lang(lang)
    })
}

fn run_in(global: &GlobalArgs, command: Command, lang: &mut Option<Lang>) -> Result<(), Failure> {
    let json = global.json;
    // Neither needs a config or a source: they describe the command line itself (the scripts
    // in the language `--help` would speak; the manual page in English).
    match command {
        Command::Completions { shell } => {
            return generated::completions(shell, config::early_lang(&global.overrides()));
        }
        Command::Man => return generated::man_page(),
        _ => {}
    }
    let settings = crate::config::Settings::load(&global.overrides())?;
    *lang = Some(settings.lang);
    // Before any source opens, so that the start-up journal replay is in the log too.
    crate::logging::start(&settings, global.demo, crate::logging::Writer::Direct);
    settings.show_warnings();
    match command {
        Command::Orders(OrdersCommand::List(args)) => orders::list(global, &settings, &args, json),
        Command::Orders(OrdersCommand::Show { id }) => orders::show(global, &settings, &id, json),
        Command::Orders(OrdersCommand::Export { format, out, excel, skip_damaged }) => {
            export::export(global, &settings, export::ExportOptions { format, out, excel, skip_damaged })
        }
        Command::Capture(args) => operate::capture(global, &settings, args),
        Command::Refund(args) => operate::refund(global, &settings, args),
        Command::Void(args) => operate::void(global, &settings, args),
        Command::Bulk(args) => bulk::bulk(global, &settings, args, json),
        Command::Journal(JournalCommand::List { open }) => journal::list(&settings, open, json),
        Command::Journal(JournalCommand::Resolve(args)) => journal::resolve(&settings, args, json),
        Command::Import { file, replace, dry_run } => {
            load::import(global, &settings, &file, crate::backend::import::ImportOptions { replace, dry_run })
        }
        Command::Generate { orders, seed } => load::generate(global, &settings, orders, seed),
        Command::Sandbox(args) => load::sandbox(global, &settings, args),
        Command::Info { check } => output::info(&settings, global.demo, json, check),
        Command::Check(args) => check::check(&settings, args, json),
        Command::Migrate => migrate::migrate(&settings),
        Command::Reindex => migrate::reindex(&settings),
        Command::Reconcile(args) => reconcile::reconcile(global, &settings, args),
        Command::Journal(JournalCommand::Repair) => check::repair_journal(&settings),
        Command::Completions { .. } | Command::Man => Ok(()),
    }
}
