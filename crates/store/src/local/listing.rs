//! Listing a page of orders by key range or secondary index, never loading every order.
//!
//! - Newest first with no filter walks the `rows` table backwards and stops after the page.
//! - A status filter walks the `by_status` index; its count comes from a kept counter.
//! - Sorting by amount or customer walks that index and fetches each row on the page.
//! - A search asks the search index for candidates (`search_index::candidates`), checks each
//!   against its entry in the compact `search` table, and decodes only the rows that match,
//!   keeping at most `offset + limit` of them; the count is of checked matches, so exact.
//!   Where the index cannot narrow the query (only one- or two-character ASCII terms, or while
//!   `reindex` is building it) the `search` table is scanned instead, with the same matching.
//! - The deadline queue (sort or filter) scans the `search` table too: it moves with the clock.
//! - A row or search entry whose checksum fails is left out and named in `Page::damaged`.
//! - "Awaiting capture" leaves out the orders whose deadline has passed since the last expiry
//!   sweep (read from the `deadlines` index), so an order that expires while the console is
//!   open leaves the filter and its count on the next read.

use super::index::decode_row;
use super::records::{Format, StoreError};
use super::schema::{BY_AMOUNT, BY_CUSTOMER, BY_STATUS, DEADLINES, KEY_COUNT, META, ROWS, SEARCH, status_count_key};
use super::search_index::{self, KEY_INDEX_COMPLETE};
use super::store::LocalStore;
use crate::BackendError;
use crate::checksum::printable;
use crate::domain::search_text::Query;
use crate::query::{LeftOut, ListQuery, OrderRow, Page, SortKey};
use matches::Matches;
use redb::{ReadOnlyTable, ReadTransaction, ReadableTable};
use std::cell::{Cell, RefCell};
use std::collections::HashSet;

#[path = "listing_matches.rs"]
mod matches;

#[path = "listing_first.rs"]
mod first;

pub(crate) fn list(store: &LocalStore, query: &ListQuery) -> Result<Page, BackendError> {
    Ok(list_until(store, query, &|| false)?.unwrap_or_default())
}

/// As [`list`], giving up (`None`) once `stop` says so; a search checks it every
/// [`STOP_CHECK_EVERY`] entries.
pub(crate) fn list_until(
    store: &LocalStore,
    query: &ListQuery,
    stop: &dyn Fn() -> bool,
) -> Result<Option<Page>, BackendError> {
    answer(store, stop, |reader| reader.list(query))
}

/// The TUI filter's first answer: the page once it is full, the count perhaps not finished
/// (`Page::at_least`); see `listing_first.rs`.
pub(crate) fn first_page_until(
    store: &LocalStore,
    query: &ListQuery,
    stop: &dyn Fn() -> bool,
) -> Result<Option<Page>, BackendError> {
    answer(store, stop, |reader| reader.first_page(query))
}

/// Runs `read` in one read transaction: `None` if it was stopped, damaged records noted.
fn answer(
    store: &LocalStore,
    stop: &dyn Fn() -> bool,
    read: impl FnOnce(&Reader) -> R<Page>,
) -> Result<Option<Page>, BackendError> {
    let txn = store.db().begin_read().map_err(|e| store.fail(e))?;
    let reader = Reader::new(store, &txn, stop);
    let mut page = read(&reader).map_err(|e| store.fail(e))?;
    if reader.stopped.get() {
        return Ok(None);
    }
    page.damaged = reader.damaged.into_inner();
    for damage in &page.damaged {
        tracing::warn!("{damage}; left out of the list");
    }
    Ok(Some(page))
}

/// How many entries a search reads between two looks at its stop check.
const STOP_CHECK_EVERY: usize = 1024;

/// Orders awaiting capture (the status count less those whose deadline has passed unswept),
/// and those of them due within `window`: a counter and a range of the `deadlines` index.
pub fn queue_counts(store: &LocalStore, window: crate::domain::Millis) -> Result<(usize, usize), BackendError> {
    let txn = store.db().begin_read().map_err(|e| store.fail(e))?;
    let reader = Reader::new(store, &txn, &|| false);
    let counts = || -> R<(usize, usize)> {
        let awaiting_query =
            ListQuery { status: Some(crate::domain::OrderStatus::RequiresCapture), ..ListQuery::default() };
        let overdue = reader.overdue(&awaiting_query)?.len();
        let awaiting = reader.counter(&status_count_key(crate::domain::OrderStatus::RequiresCapture.as_str()))?;
        let deadlines = txn.open_table(DEADLINES)?;
        let now = reader.now;
        let mut expiring = 0;
        for entry in deadlines.range((now.saturating_add(1), "")..(now.saturating_add(window).saturating_add(1), ""))? {
            entry?;
            expiring += 1;
        }
        Ok((awaiting.saturating_sub(overdue), expiring))
    };
    counts().map_err(|e| store.fail(e))
}

pub(super) struct Reader<'a> {
    txn: &'a ReadTransaction,
    format: Format,
    /// The moment deadlines are read against.
    now: crate::domain::Millis,
    /// What was left out because it failed its checksum.
    damaged: RefCell<Vec<LeftOut>>,
    /// Whether the answer is still wanted (the TUI's filter: a newer key overtook it).
    stop: &'a dyn Fn() -> bool,
    stopped: Cell<bool>,
}

pub(super) type R<T> = Result<T, StoreError>;

/// Walks an iterator forwards or backwards.
fn ordered<'a, I: DoubleEndedIterator + 'a>(iter: I, descending: bool) -> Box<dyn Iterator<Item = I::Item> + 'a> {
    if descending { Box::new(iter.rev()) } else { Box::new(iter) }
}

impl<'a> Reader<'a> {
    fn new(store: &LocalStore, txn: &'a ReadTransaction, stop: &'a dyn Fn() -> bool) -> Reader<'a> {
        Reader {
            txn,
            format: store.format(),
            now: store.now(),
            damaged: RefCell::default(),
            stop,
            stopped: Cell::new(false),
        }
    }
}

impl Reader<'_> {
    /// Whether to give up, looked at once every [`STOP_CHECK_EVERY`] entries.
    fn stopping(&self, visited: usize) -> bool {
        if visited.is_multiple_of(STOP_CHECK_EVERY) && (self.stop)() {
            self.stopped.set(true);
        }
        self.stopped.get()
    }

    fn list(&self, q: &ListQuery) -> R<Page> {
        let total = self.counter(KEY_COUNT)?;
        if let Some(query) = q.search.as_deref().and_then(Query::parse) {
            return self.search(q, Some(&query), total);
        }
        // The deadline queue moves with the clock, so no index holds it: it is a scan of the
        // compact search table with every order kept.
        if q.sort == SortKey::Deadline || q.deadline.is_some() {
            return self.search(q, None, total);
        }
        let status = q.status.as_ref().map(|s| s.as_str().to_string());
        let overdue = self.overdue(q)?;
        let matching = match &status {
            Some(s) => self.counter(&status_count_key(s))?.saturating_sub(overdue.len()),
            None => total,
        };
        let rows_table = self.txn.open_table(ROWS)?;
        let mut rows = Vec::with_capacity(q.limit.min(1000));
        match (q.sort, &status) {
            (SortKey::Created, None) => {
                for entry in ordered(rows_table.iter()?, q.descending).skip(q.offset).take(q.limit) {
                    let (key, bytes) = entry?;
                    let (created, id) = key.value();
                    rows.extend(self.usable(decode_row(self.format, created, id, bytes.value()))?);
                }
            }
            (SortKey::Created, Some(s)) => {
                let index = self.txn.open_table(BY_STATUS)?;
                let range = index.range((s.as_str(), i64::MIN, "")..=(s.as_str(), i64::MAX, "\u{10ffff}"))?;
                let mut skipped = 0;
                for entry in ordered(range, q.descending) {
                    if rows.len() >= q.limit {
                        break;
                    }
                    let (key, _) = entry?;
                    let (_, created, id) = key.value();
                    if overdue.contains(id) {
                        continue;
                    }
                    if skipped < q.offset {
                        skipped += 1;
                        continue;
                    }
                    rows.extend(self.row(&rows_table, created, id)?);
                }
            }
            (sort, status) => {
                let wanted = |row: &OrderRow| {
                    status.as_deref().is_none_or(|s| row.status.as_str() == s) && !overdue.contains(&row.id)
                };
                let amount_index;
                let customer_index;
                let keys: Box<dyn Iterator<Item = R<(i64, String)>> + '_> = match sort {
                    SortKey::Amount => {
                        amount_index = self.txn.open_table(BY_AMOUNT)?;
                        Box::new(ordered(amount_index.iter()?, q.descending).map(|e| {
                            let (k, created) = e?;
                            Ok((created.value(), k.value().1.to_string()))
                        }))
                    }
                    _ => {
                        customer_index = self.txn.open_table(BY_CUSTOMER)?;
                        Box::new(ordered(customer_index.iter()?, q.descending).map(|e| {
                            let (k, created) = e?;
                            Ok((created.value(), k.value().1.to_string()))
                        }))
                    }
                };
                let mut skipped = 0;
                for key in keys {
                    let (created, id) = key?;
                    let Some(row) = self.row(&rows_table, created, &id)? else { continue };
                    if !wanted(&row) {
                        continue;
                    }
                    if skipped < q.offset {
                        skipped += 1;
                        continue;
                    }
                    rows.push(row);
                    if rows.len() >= q.limit {
                        break;
                    }
                }
            }
        }
        Ok(Page { rows, matching, total, damaged: Vec::new(), at_least: false })
    }

    /// "Awaiting capture" asked: the orders in it whose deadline has passed since the last
    /// sweep (a short range of the `deadlines` index); otherwise none.
    fn overdue(&self, q: &ListQuery) -> R<HashSet<String>> {
        let mut ids = HashSet::new();
        if q.status != Some(crate::domain::OrderStatus::RequiresCapture) {
            return Ok(ids);
        }
        let deadlines = self.txn.open_table(DEADLINES)?;
        for entry in deadlines.range(..(self.now.saturating_add(1), ""))? {
            let (key, _) = entry?;
            ids.insert(key.value().1.to_string());
        }
        Ok(ids)
    }

    fn row(
        &self,
        table: &ReadOnlyTable<(i64, &'static str), &'static [u8]>,
        created: i64,
        id: &str,
    ) -> R<Option<OrderRow>> {
        match table.get((created, id))? {
            Some(bytes) => self.usable(decode_row(self.format, created, id, bytes.value())),
            None => Ok(None),
        }
    }

    /// A damaged record becomes `None`, noted for the warning; any other failure stays one.
    fn usable<T>(&self, read: R<T>) -> R<Option<T>> {
        match read {
            Ok(value) => Ok(Some(value)),
            Err(StoreError::Damaged { what, id, detail }) => {
                let id = printable(&id);
                self.damaged.borrow_mut().push(LeftOut { what, id, detail, scanned_instead: false });
                Ok(None)
            }
            Err(other) => Err(other),
        }
    }

    fn counter(&self, key: &str) -> R<usize> {
        let meta = self.txn.open_table(META)?;
        Ok(meta.get(key)?.map(|v| v.value() as usize).unwrap_or(0))
    }

    /// The index's candidates; `None` to scan (no usable index, or a damaged one).
    fn candidates(&self, query: &Query) -> R<Option<search_index::Candidates>> {
        if self.counter(KEY_INDEX_COMPLETE)? != 1 {
            return Ok(None);
        }
        match search_index::candidates(self.txn, query) {
            Err(StoreError::Damaged { what, id, detail }) => {
                self.damaged.borrow_mut().push(LeftOut { what, id, detail, scanned_instead: true });
                Ok(None)
            }
            other => other,
        }
    }

    /// A search (or, with no query, the deadline queue): the index's candidates, or every
    /// entry of the compact `search` table, each checked against its stored text; only
    /// matches are decoded.
    fn search(&self, q: &ListQuery, query: Option<&Query>, total: usize) -> R<Page> {
        let search = self.txn.open_table(SEARCH)?;
        let mut matches = Matches::new(self, q, query)?;
        let descending = q.sort != SortKey::Created || q.descending;
        let found = match query {
            Some(query) => self.candidates(query)?,
            None => None,
        };
        let Some(found) = found else {
            for (n, entry) in ordered(search.iter()?, descending).enumerate() {
                if self.stopping(n) {
                    break;
                }
                let (key, text) = entry?;
                let (created, id) = key.value();
                matches.visit(created, id, text.value())?;
            }
            return Ok(matches.into_page(total));
        };
        // An exact list needs no reading past the page for the newest-first count: each value
        // is one match, except the times several orders share.
        let counted = found.exact && q.status.is_none() && q.deadline.is_none() && q.sort == SortKey::Created;
        let shared = match counted {
            true => search_index::shared_among(self.txn, &found.newest_first)?,
            false => Default::default(),
        };
        for (n, created) in ordered(found.newest_first.into_iter(), !descending).enumerate() {
            if self.stopping(n) {
                break;
            }
            if counted && matches.page_full() && !shared.contains(&created) {
                matches.count_unseen();
                continue;
            }
            let same_time: Vec<_> = search
                .range((created, "")..)?
                .take_while(|e| e.as_ref().map_or(true, |(key, _)| key.value().0 == created))
                .collect::<Result<_, _>>()?;
            for (key, text) in ordered(same_time.iter(), descending) {
                matches.visit(created, key.value().1, text.value())?;
            }
        }
        Ok(matches.into_page(total))
    }
}

#[cfg(test)]
#[path = "listing_tests.rs"]
mod tests;
