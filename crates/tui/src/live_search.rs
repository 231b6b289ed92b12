//! Searching as you type: every key that changes the filter starts a new list request at once
//! (no pause), on the blocking pool, never the render loop. Requests are numbered; the newest
//! number is the only one wanted, as gitui's async jobs keep theirs:
//!
//! - a running search checks [`overtaken`] between batches of entries and stops, answering
//!   nothing, once a newer request exists (the store's `OrderReader::list_until`);
//! - an answer that arrives anyway for an older request is dropped by `update` (`on_rows`);
//! - until the newest request has answered, the count says `…` ([`count_label`]), so the
//!   number on screen is always the exact count of the filter on screen.

use crate::state::ListView;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// Whether `request` is no longer the newest list request: a stop check for its search.
pub fn overtaken(latest: Arc<AtomicU64>, request: u64) -> impl Fn() -> bool + Send + Sync + 'static {
    move || latest.load(Ordering::SeqCst) != request
}

/// Whether the list shown is not yet the answer to the query shown: a new filter, status or
/// sort was asked for and its first window has not come back.
pub fn counting(list: &ListView) -> bool {
    list.pending.is_some() && list.window.rows.is_empty() && list.anchor.is_none()
}

/// The "N" of "N of TOTAL": the exact count written by `group`, or `…` while the newest
/// search is counting.
pub fn count_label(list: &ListView, group: fn(usize) -> String) -> String {
    if counting(list) { "…".to_string() } else { group(list.matching) }
}

#[cfg(test)]
#[path = "live_search_tests.rs"]
mod tests;
