//! Searching as you type: every key that changes the filter starts a new list request at once
//! (no pause), on the blocking pool, never the render loop. Requests are numbered; the newest
//! number is the only one wanted, as gitui's async jobs keep theirs:
//!
//! - a new search answers in two steps ([`Fetch::rows`]): first the page, as soon as it is
//!   full (`OrderReader::first_page_until`: a one-letter term fills it after a few dozen
//!   orders), its count a lower bound shown as `≥ N`; then the exact count, read off screen;
//! - a running search or count checks [`overtaken`] between batches of entries and stops,
//!   answering nothing, once a newer request exists (the store's `OrderReader::list_until`);
//! - an answer that arrives anyway for an older request is dropped by `update` (`on_rows`);
//! - until the newest request has answered, the count says `…` ([`count_label`]), then `≥ N`
//!   until its count is done, so the number on screen is never more than the filter matches
//!   and, once plain, exactly what it matches.

use crate::action::Action;
use crate::backend::{Backend, ListQuery, Page};
use crate::config::Lang;
use crate::list_window::{blocking, list_from_nearer_end_until};
use crate::state::ListView;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use tokio::sync::mpsc::UnboundedSender;

/// Whether `request` is no longer the newest list request: a stop check for its search.
pub fn overtaken(latest: Arc<AtomicU64>, request: u64) -> impl Fn() -> bool + Send + Sync + 'static {
    move || latest.load(Ordering::SeqCst) != request
}

/// Whether the list shown is not yet the answer to the query shown: a new filter, status or
/// sort was asked for and its first window has not come back.
pub fn counting(list: &ListView) -> bool {
    list.pending.is_some() && list.window.rows.is_empty() && list.anchor.is_none()
}

/// The "N" of "N of TOTAL": the exact count written by `group`, `…` while the newest search
/// has not answered, `≥ N` while its page is shown and its count still running.
pub fn count_label(list: &ListView, group: fn(usize) -> String) -> String {
    if counting(list) {
        "…".to_string()
    } else if list.at_least {
        format!("≥ {}", group(list.matching))
    } else {
        group(list.matching)
    }
}

/// One list request of the TUI, answered to the app loop as `RowsLoaded`.
pub struct Fetch {
    pub backend: Arc<dyn Backend>,
    pub request: u64,
    pub latest: Arc<AtomicU64>,
    pub tx: UnboundedSender<Action>,
    pub lang: Lang,
}

impl Fetch {
    /// Reads the window `query` asks for. With the count unknown (`matching` 0) a search sends
    /// its page first, then the same page with the exact count; anything else answers once.
    /// Overtaken by a newer request, it sends nothing more.
    pub async fn rows(self, query: ListQuery, offset: usize, matching: usize) {
        if matching == 0 && query.search.is_some() {
            let backend = Arc::clone(&self.backend);
            let (asked, stop) = (query.clone(), overtaken(Arc::clone(&self.latest), self.request));
            let first = blocking(move || backend.first_page_until(&asked, &stop)).await;
            match first {
                Ok(Some(page)) if page.at_least => self.send(offset, Ok(page)),
                other => return self.answer(offset, other),
            }
        }
        let backend = Arc::clone(&self.backend);
        let stop = overtaken(Arc::clone(&self.latest), self.request);
        let exact = blocking(move || list_from_nearer_end_until(&*backend, &query, matching, &stop)).await;
        self.answer(offset, exact);
    }

    fn answer(&self, offset: usize, result: Result<Option<Page>, crate::backend::BackendError>) {
        match result {
            Ok(Some(page)) => self.send(offset, Ok(page)),
            // Overtaken by a newer request, which answers instead.
            Ok(None) => {}
            Err(e) => self.send(offset, Err(e.text(self.lang))),
        }
    }

    fn send(&self, offset: usize, result: Result<Page, String>) {
        let _ = self.tx.send(Action::RowsLoaded { request: self.request, offset, result });
    }
}

#[cfg(test)]
#[path = "live_search_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "live_search_fetch_tests.rs"]
mod fetch_tests;
