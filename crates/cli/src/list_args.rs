//! The flags of `orders list` and the query they make: status, search, the deadline queue
//! (`--expiring-within`, `--status expired`) and the sort.

use super::Failure;
use crate::backend::{ListQuery, SortKey};
use crate::domain::OrderStatus;
use crate::domain::deadline_queue::{DeadlineFilter, parse_window};
use clap::{Args, ValueEnum};

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only orders with this status; `expired` lists those whose 7-day capture window closed
    /// with money uncaptured.
    #[arg(long, value_name = "S")]
    pub status: Option<String>,
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,
    /// Only orders awaiting capture whose deadline falls within this window from now: a whole
    /// number and m, h or d (`24h`). Orders already expired are left out.
    #[arg(long, value_name = "WINDOW")]
    pub expiring_within: Option<String>,
    /// The column to sort by (default: created).
    #[arg(long, value_enum, value_name = "KEY")]
    pub sort: Option<SortArg>,
    /// Smallest (oldest, soonest) first. The default for `--sort deadline`.
    #[arg(long, conflicts_with = "desc")]
    pub asc: bool,
    /// Largest (newest, latest) first. The default for the other sorts.
    #[arg(long)]
    pub desc: bool,
    #[arg(long, value_name = "N", default_value_t = 50)]
    pub limit: usize,
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub offset: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortArg {
    Deadline,
    Created,
    Amount,
    Customer,
}

impl ListArgs {
    /// The query these flags ask for, or a usage error naming the flag at fault.
    pub fn query(&self) -> Result<ListQuery, Failure> {
        let expired = self.status.as_deref().is_some_and(|s| s.trim().eq_ignore_ascii_case("expired"));
        let status = match &self.status {
            Some(_) if expired => None,
            Some(s) => Some(parse_status(s)?),
            None => None,
        };
        let window = self.expiring_within.as_deref().map(parse_window).transpose().map_err(Failure::usage)?;
        let deadline = match (window, expired) {
            (Some(_), true) => {
                return Err(Failure::usage(
                    "--expiring-within lists orders still awaiting capture, so it cannot be combined with --status expired.",
                ));
            }
            (Some(ms), false) => Some(DeadlineFilter::ExpiringWithin(ms)),
            (None, true) => Some(DeadlineFilter::Expired),
            (None, false) => None,
        };
        if window.is_some() && status.as_ref().is_some_and(|s| *s != OrderStatus::RequiresCapture) {
            return Err(Failure::usage(
                "--expiring-within lists orders awaiting capture: combine it with --status requires_capture or no --status.",
            ));
        }
        let sort = match self.sort.unwrap_or(SortArg::Created) {
            SortArg::Deadline => SortKey::Deadline,
            SortArg::Created => SortKey::Created,
            SortArg::Amount => SortKey::Amount,
            SortArg::Customer => SortKey::Customer,
        };
        let descending = match (self.asc, self.desc) {
            (true, _) => false,
            (_, true) => true,
            _ => sort.descending_by_default(),
        };
        Ok(ListQuery {
            status,
            search: self.search.clone(),
            deadline,
            sort,
            descending,
            offset: self.offset,
            limit: self.limit,
        })
    }
}

/// `--status`: one of the statuses the console knows, or a usage error naming them.
pub fn parse_status(s: &str) -> Result<OrderStatus, Failure> {
    let status = OrderStatus::parse(s);
    match status {
        OrderStatus::Other(_) => Err(Failure::usage(format!(
            "\"{s}\" is not a status: use one of {}, expired.",
            OrderStatus::KNOWN.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
        ))),
        known => Ok(known),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Probe {
        #[command(flatten)]
        args: ListArgs,
    }

    fn query(argv: &[&str]) -> Result<ListQuery, Failure> {
        let mut full = vec!["probe"];
        full.extend_from_slice(argv);
        Probe::try_parse_from(full).map_err(|e| Failure::usage(e.to_string()))?.args.query()
    }

    #[test]
    fn the_deadline_sort_starts_soonest_first_and_the_others_largest_first() {
        let q = query(&["--sort", "deadline"]).expect("query");
        assert_eq!((q.sort, q.descending), (SortKey::Deadline, false));
        let q = query(&["--sort", "amount"]).expect("query");
        assert_eq!((q.sort, q.descending), (SortKey::Amount, true));
        let q = query(&["--sort", "deadline", "--desc"]).expect("query");
        assert!(q.descending);
        let q = query(&["--sort", "customer", "--asc"]).expect("query");
        assert!(!q.descending);
    }

    #[test]
    fn expiring_within_combines_with_awaiting_capture_and_not_with_expired() {
        let q = query(&["--expiring-within", "24h", "--status", "requires_capture"]).expect("query");
        assert_eq!(q.deadline, Some(DeadlineFilter::ExpiringWithin(24 * 3_600_000)));
        assert_eq!(q.status, Some(OrderStatus::RequiresCapture));
        let q = query(&["--status", "expired"]).expect("query");
        assert_eq!((q.deadline, q.status), (Some(DeadlineFilter::Expired), None));
        for bad in [
            &["--expiring-within", "24h", "--status", "expired"][..],
            &["--expiring-within", "24h", "--status", "succeeded"],
            &["--expiring-within", "soon"],
            &["--status", "lost"],
        ] {
            let err = query(bad).expect_err("refused");
            assert_eq!(err.exit, 2, "{bad:?}");
        }
        let err = query(&["--status", "lost"]).expect_err("refused");
        assert!(err.message.contains("expired"), "the message names every accepted word: {}", err.message);
    }
}
