//! The seams: [`OrderReader`] (where orders come from), [`OrderOperator`] (where operations
//! go) and, together, [`Backend`]; online status is [`sync::OnlineStatus`].
//!
//! Three implementations speak it: the local redb store (demo and offline modes), the Smartpay
//! REST client (online mode) and, on the far side of HTTP, the sandbox serves the local store.
//! The trait is blocking on purpose: the CLI calls it directly and the TUI calls it from
//! `spawn_blocking`, so no layer needs to know which kind of I/O sits underneath.

// The layers below, under the names this crate's paths use (`crate::domain::Order`).
use smartpay_domain as domain;
use smartpay_hygiene::{panic_guard, text};
use smartpay_wire as wire;

pub mod checksum;
pub mod error;
pub mod find;
pub mod findings;
pub mod ids;
pub mod import;
pub mod local;
pub mod outcome;
pub mod outcome_text;
pub mod query;
pub mod sync;

pub use error::BackendError;
pub use outcome::{Outcome, PartOutcome, PartResult, Resolved, Verdict};
pub use query::{LeftOut, ListQuery, OrderRow, Page, SortKey};

use crate::domain::reconcile::ConsoleMark;
use crate::domain::{Operation, Order};

/// One confirmed operation: what to do, who asked, and the key that makes it happen once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperationRequest {
    pub operation: Operation,
    pub operator: Option<String>,
    /// Generated once per confirmed operation and reused on every retry.
    pub idempotency_key: String,
}

/// Which kind of source the console is attached to, for the status bar badge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    Demo,
    Offline,
    Online,
}

/// Reading orders: the list, one order, the walk over all of them, and what the source is.
/// What the CLI's read commands, the export and the TUI's list and details need.
pub trait OrderReader: Send + Sync {
    /// Where the data comes from, for `info` and the status bar (never contains a secret).
    fn describe(&self) -> String;

    fn kind(&self) -> SourceKind;

    /// One page of orders matching `query`, with how many match in all.
    fn list(&self, query: &ListQuery) -> Result<Page, BackendError>;

    /// As [`OrderReader::list`], giving up (`Ok(None)`) once `stop` says the answer is no longer
    /// wanted. A source that can stop mid-way (the local store) checks it between batches of
    /// entries; the TUI's filter asks this way, so a search overtaken by the next key stops.
    fn list_until(&self, query: &ListQuery, stop: &dyn Fn() -> bool) -> Result<Option<Page>, BackendError> {
        if stop() {
            return Ok(None);
        }
        self.list(query).map(Some)
    }

    /// The first answer to a search typed in the TUI: the page as soon as it is full, perhaps
    /// before the count has finished — then [`Page::at_least`] is set and `matching` counts
    /// only the matches seen so far (a lower bound, never more than the count). Asked again
    /// with [`OrderReader::list_until`], the same query gives the exact count. A source with
    /// no quicker way answers as `list_until` does.
    fn first_page_until(&self, query: &ListQuery, stop: &dyn Fn() -> bool) -> Result<Option<Page>, BackendError> {
        self.list_until(query, stop)
    }

    /// The deadline queue's counts: orders awaiting capture, and how many of them expire
    /// within `window` ms (the TUI's header). A store with a deadline index answers from it.
    fn queue_counts(&self, window: domain::Millis) -> Result<(usize, usize), BackendError> {
        use domain::deadline_queue::DeadlineFilter;
        let count = |query: ListQuery| self.list(&ListQuery { limit: 0, ..query }).map(|page| page.matching);
        let awaiting = count(ListQuery { status: Some(domain::OrderStatus::RequiresCapture), ..ListQuery::default() })?;
        let expiring =
            count(ListQuery { deadline: Some(DeadlineFilter::ExpiringWithin(window)), ..ListQuery::default() })?;
        Ok((awaiting, expiring))
    }

    /// One order with payments, refunds and history, read fresh from the source of truth.
    fn get(&self, id: &str) -> Result<Order, BackendError>;

    /// As [`OrderReader::get`], plus what the source knows beyond the history about who made each
    /// refund (online: the console key and operator in its metadata), for `reconcile`.
    fn get_with_marks(&self, id: &str) -> Result<(Order, Vec<ConsoleMark>), BackendError> {
        Ok((self.get(id)?, Vec::new()))
    }

    /// The order behind a row of a list just read, as that list saw it: online, the mirrored
    /// copy the list was served from, so a list never makes one request per row.
    fn get_listed(&self, id: &str) -> Result<Order, BackendError> {
        self.get(id)
    }

    /// What the operator must know about the data just listed (orders the API sent that could
    /// not be read), one sentence each.
    fn warnings(&self) -> Vec<String> {
        vec![]
    }

    /// Visits every order, newest first, a page at a time (export). A record that cannot be
    /// read stops the walk with its error.
    fn for_each_order(&self, visit: &mut dyn FnMut(Order) -> Result<(), BackendError>) -> Result<(), BackendError> {
        self.for_each_record(&mut |record| visit(record?))
    }

    /// `reconcile` with a date range: as [`OrderReader::for_each_record`], but only the orders
    /// created at or after `since` need be fresh; older ones may come as a mirror last saw
    /// them (the caller reads again by id those it needs). Online, that spares listing every
    /// order; everywhere else it is `for_each_record`.
    fn for_each_record_since(
        &self,
        since: crate::domain::Millis,
        visit: &mut dyn FnMut(Result<Order, BackendError>) -> Result<(), BackendError>,
    ) -> Result<(), BackendError> {
        let _ = since;
        self.for_each_record(visit)
    }

    /// As [`OrderReader::for_each_order`], but a record that cannot be read (damaged) is handed to
    /// `visit` as its error, so the caller decides whether to stop or skip it. Backends with a
    /// cheaper way to stream override it.
    fn for_each_record(
        &self,
        visit: &mut dyn FnMut(Result<Order, BackendError>) -> Result<(), BackendError>,
    ) -> Result<(), BackendError> {
        let mut query = ListQuery { limit: 200, ..ListQuery::default() };
        loop {
            let page = self.list(&query)?;
            if page.rows.is_empty() {
                return Ok(());
            }
            for row in &page.rows {
                visit(self.get(&row.id))?;
            }
            query.offset += page.rows.len();
        }
    }
}

/// Operating on orders: carrying out a confirmed operation, and what a key was spent on.
/// What the actions modal, `capture`/`refund`/`void` and `bulk` need, besides reading.
pub trait OrderOperator: Send + Sync {
    /// Re-reads the order, validates the operation by the domain rules and carries it out.
    /// Once anything may have been sent the answer is an [`Outcome`] (done, refused, partly
    /// done or unknown, part by part); an error means nothing was done.
    fn execute(&self, order_id: &str, request: &OperationRequest) -> Result<Outcome, BackendError>;

    /// The order and operation an idempotency key was already spent on, where this source
    /// records keys (the order file offline, the journal online): a bulk run re-sends exactly
    /// that under the same key, so a row is never done twice.
    fn recorded_operation(&self, _key: &str) -> Result<Option<(String, Operation)>, BackendError> {
        Ok(None)
    }
}

/// A source the console is attached to: it reads orders and operates on them. Every type that
/// does both is one; a function that only reads takes `&dyn OrderReader`, one that only
/// operates `&dyn OrderOperator`. Online status is the separate [`sync::OnlineStatus`].
pub trait Backend: OrderReader + OrderOperator {}

impl<T: OrderReader + OrderOperator + ?Sized> Backend for T {}
