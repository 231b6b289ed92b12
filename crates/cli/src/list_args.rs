//! The flags of `orders list` and the query they make: status, search, the deadline queue
//! (`--expiring-within`, `--status expired`) and the sort.

use super::Failure;
use crate::backend::{ListQuery, SortKey};
use crate::domain::Lang;
use crate::domain::OrderStatus;
use crate::domain::deadline_queue::{DeadlineFilter, parse_window, parse_window_in};
use crate::tui::saved_view::ViewQuery;
use crate::words::CliText as W;
use clap::{Args, ValueEnum};

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only orders with this status: requires_authorization, rejected, requires_capture,
    /// succeeded, canceled, or expired (the 7-day capture window closed with money uncaptured).
    #[arg(long, value_name = "S")]
    pub status: Option<String>,
    /// Only orders matching every word of TEXT in their id, reference, payment or refund ids,
    /// customer name (kanji or kana, either script), email or phone (digits only).
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
    /// Start from this saved view (views.toml: its status, sort, direction and search); the
    /// flags given beside it override its values. An unknown name exits 2.
    #[arg(long, value_name = "NAME")]
    pub view: Option<String>,
    /// Show at most N orders.
    #[arg(long, value_name = "N", default_value_t = 50)]
    pub limit: usize,
    /// Skip the first N matching orders (the next page).
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
    /// The query these flags ask for, on top of the saved view `view` (`--view`, already
    /// read), or a usage error naming the flag at fault.
    pub fn query(&self, view: Option<&ViewQuery>) -> Result<ListQuery, Failure> {
        let expired = self.status.as_deref().is_some_and(|s| s.trim().eq_ignore_ascii_case("expired"));
        let status = match &self.status {
            Some(_) if expired => None,
            Some(s) => Some(parse_status(s)?),
            None => None,
        };
        let window = match self.expiring_within.as_deref() {
            Some(text) => Some(parse_window(text).map_err(|en| {
                Failure::usage(en).with_japanese(parse_window_in(text, Lang::Ja).err().unwrap_or_default())
            })?),
            None => None,
        };
        let mut query = self.filtered(status, window, expired)?;
        if let Some(view) = view {
            // A status or a window given here replaces the view's filter whole.
            if self.status.is_none() && window.is_none() {
                query.status = view.status.clone();
                query.deadline = view.deadline;
            }
            if query.search.is_none() && !view.search.is_empty() {
                query.search = Some(view.search.clone());
            }
            query.sort = view.sort;
            query.descending = view.descending;
        }
        Ok(self.sorted(query))
    }

    /// The filter of the flags (status, deadline window, search), sorted the default way.
    fn filtered(&self, status: Option<OrderStatus>, window: Option<i64>, expired: bool) -> Result<ListQuery, Failure> {
        let deadline = match (window, expired) {
            (Some(_), true) => {
                return Err(Failure::usage_told(W::WindowWithExpired, &[]));
            }
            (Some(ms), false) => Some(DeadlineFilter::ExpiringWithin(ms)),
            (None, true) => Some(DeadlineFilter::Expired),
            (None, false) => None,
        };
        if window.is_some() && status.as_ref().is_some_and(|s| *s != OrderStatus::RequiresCapture) {
            return Err(Failure::usage_told(W::WindowNeedsCapture, &[]));
        }
        Ok(ListQuery {
            status,
            search: self.search.clone(),
            deadline,
            sort: SortKey::Created,
            descending: true,
            offset: self.offset,
            limit: self.limit,
        })
    }

    fn sort_key(&self) -> SortKey {
        match self.sort.unwrap_or(SortArg::Created) {
            SortArg::Deadline => SortKey::Deadline,
            SortArg::Created => SortKey::Created,
            SortArg::Amount => SortKey::Amount,
            SortArg::Customer => SortKey::Customer,
        }
    }

    /// `--sort`, `--asc` and `--desc` over the sort `query` has (the view's or the default).
    fn sorted(&self, query: ListQuery) -> ListQuery {
        let sort = if self.sort.is_some() { self.sort_key() } else { query.sort };
        let descending = match (self.asc, self.desc) {
            (true, _) => false,
            (_, true) => true,
            _ if self.sort.is_some() => sort.descending_by_default(),
            _ => query.descending,
        };
        ListQuery { sort, descending, ..query }
    }
}

/// The saved view `name` as the list's query; unknown, damaged or naming a status the console
/// does not know: exit 2 with one sentence.
pub fn saved_view(
    settings: &crate::config::Settings,
    name: &str,
) -> Result<crate::tui::saved_view::ViewQuery, Failure> {
    let view = crate::config::views::find(&settings.views_file, name)?;
    crate::tui::saved_view::query(&view).map_err(|bad| {
        Failure::usage(bad.sentence(Lang::En)).with_japanese(bad.sentence(Lang::Ja)).with_code("view.file_invalid")
    })
}

/// `--status`: one of the statuses the console knows, or a usage error naming them.
pub fn parse_status(s: &str) -> Result<OrderStatus, Failure> {
    let status = OrderStatus::parse(s);
    match status {
        OrderStatus::Other(_) => {
            let known = OrderStatus::KNOWN.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ");
            Err(Failure::usage_told(W::NotAStatus, &[("input", &s), ("known", &known)]))
        }
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
        Probe::try_parse_from(full).map_err(|e| Failure::usage(e.to_string()))?.args.query(None)
    }

    #[test]
    fn a_saved_view_gives_the_query_and_flags_beside_it_override_it() {
        let view = ViewQuery {
            status: Some(OrderStatus::RequiresCapture),
            deadline: None,
            sort: SortKey::Amount,
            descending: false,
            search: "山田".into(),
        };
        let parse = |argv: &[&str]| {
            let mut full = vec!["probe"];
            full.extend_from_slice(argv);
            Probe::try_parse_from(full).expect("parses").args.query(Some(&view)).expect("query")
        };
        let q = parse(&[]);
        assert_eq!(
            (q.status.clone(), q.sort, q.descending, q.search.as_deref()),
            (Some(OrderStatus::RequiresCapture), SortKey::Amount, false, Some("山田"))
        );
        let q = parse(&["--status", "succeeded", "--search", "x", "--desc"]);
        assert_eq!(
            (q.status, q.search.as_deref(), q.sort, q.descending),
            (Some(OrderStatus::Succeeded), Some("x"), SortKey::Amount, true)
        );
        let q = parse(&["--sort", "deadline"]);
        assert_eq!((q.sort, q.descending), (SortKey::Deadline, false), "--sort starts in its own direction");
        let q = parse(&["--expiring-within", "24h"]);
        assert_eq!((q.status, q.deadline), (None, Some(DeadlineFilter::ExpiringWithin(24 * 3_600_000))));
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
