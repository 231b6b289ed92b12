//! The `reconcile` command line.

use super::shop_file::ShopEncoding;
use crate::domain::reconcile::Severity;
use clap::{Args, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct ReconcileArgs {
    /// The shop's export: CSV with a header (order or reference, amount, captured, refunded,
    /// and optional status, updated_at), or JSON Lines with the same fields.
    #[arg(long, value_name = "FILE")]
    pub shop: PathBuf,
    /// The shop's column names: SHOP=OURS,… (repeatable), e.g. 注文番号=reference.
    #[arg(long, value_name = "SHOP=OURS,…")]
    pub map: Vec<String>,
    /// The shop's status words: WORD=open|shipped|canceled|returned,… (repeatable), e.g. 発送済み=shipped.
    #[arg(long, value_name = "WORD=STATUS,…")]
    pub map_status: Vec<String>,
    /// The shop file's text encoding.
    #[arg(long, value_enum, default_value_t = ShopEncoding::Utf8)]
    pub encoding: ShopEncoding,
    /// Expect in the shop only orders created on or after this day (YYYY-MM-DD, JST) or time;
    /// default: the shop file's first updated_at day (every order when it has no dates).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Expect in the shop only orders created on or before this day (JST) or time; default:
    /// the shop file's last updated_at day.
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// Exit 6 when a finding of this severity or above is reported (else 0).
    #[arg(long, value_enum, value_name = "SEVERITY", default_value_t = SeverityArg::Medium)]
    pub fail_on: SeverityArg,
    /// Also write the findings to FILE (replaced whole, or not at all).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// The format of --out.
    #[arg(long, value_enum, default_value_t = OutFormat::Jsonl, requires = "out")]
    pub format: OutFormat,
    /// Write the suggested money operations to FILE in the `bulk` file format (never carried
    /// out by reconcile).
    #[arg(long, value_name = "FILE")]
    pub fix_plan: Option<PathBuf>,
    /// Known differences to leave out: CSV with the columns order, kind, reason.
    #[arg(long, value_name = "FILE")]
    pub ignore: Option<PathBuf>,
}

impl ReconcileArgs {
    /// The console's `--shop FILE` (and its map and encoding): every other flag at its default.
    pub fn for_console(shop: PathBuf, map: Vec<String>, map_status: Vec<String>, encoding: ShopEncoding) -> Self {
        ReconcileArgs {
            shop,
            map,
            map_status,
            encoding,
            since: None,
            until: None,
            fail_on: SeverityArg::Medium,
            out: None,
            format: OutFormat::Jsonl,
            fix_plan: None,
            ignore: None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SeverityArg {
    /// Money moved wrongly or about to be lost: a possible duplicate refund, a capture on a
    /// canceled order, a shipped order near its deadline.
    High,
    /// The shop and Smartpay disagree on an amount, or an order is missing on one side.
    Medium,
    /// A refund made outside the console.
    Low,
    /// The shop's row is older than Smartpay's last change to the order.
    Hint,
}

impl SeverityArg {
    pub fn severity(self) -> Severity {
        match self {
            SeverityArg::High => Severity::High,
            SeverityArg::Medium => Severity::Medium,
            SeverityArg::Low => Severity::Low,
            SeverityArg::Hint => Severity::Hint,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutFormat {
    Csv,
    Jsonl,
}
