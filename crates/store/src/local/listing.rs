//! Listing a page of orders by key range or secondary index, never loading every order.
//!
//! - Newest first with no filter walks the `rows` table backwards and stops after the page.
//! - A status filter walks the `by_status` index; its count comes from a kept counter.
//! - Sorting by amount or customer walks that index and fetches each row on the page.
//! - A search scans the compact `search` table (one short string per order) and decodes only
//!   the rows that match, keeping at most `offset + limit` of them.
//! - A row or search entry whose checksum fails is left out and named in `Page::damaged`.

use super::index::{decode_order, decode_row, search_text};
use super::records::{Format, StoreError};
use super::schema::{BY_AMOUNT, BY_CUSTOMER, BY_STATUS, KEY_COUNT, META, ORDERS, ROWS, SEARCH, status_count_key};
use super::store::LocalStore;
use crate::BackendError;
use crate::checksum::printable;
use crate::query::{ListQuery, OrderRow, Page, SortKey};
use redb::{ReadOnlyTable, ReadTransaction, ReadableTable};
use std::cell::RefCell;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

pub(crate) fn list(store: &LocalStore, query: &ListQuery) -> Result<Page, BackendError> {
    let txn = store.db().begin_read().map_err(|e| store.fail(e))?;
    let reader = Reader { txn: &txn, format: store.format(), now: store.now(), damaged: RefCell::default() };
    let mut page = reader.list(query).map_err(|e| store.fail(e))?;
    page.damaged = reader.damaged.into_inner();
    for damage in &page.damaged {
        tracing::warn!("{damage}; left out of the list");
    }
    Ok(page)
}

struct Reader<'a> {
    txn: &'a ReadTransaction,
    format: Format,
    /// The moment deadlines are read against.
    now: crate::domain::Millis,
    /// What was left out because it failed its checksum.
    damaged: RefCell<Vec<String>>,
}

type R<T> = Result<T, StoreError>;

/// Walks an iterator forwards or backwards.
fn ordered<'a, I: DoubleEndedIterator + 'a>(iter: I, descending: bool) -> Box<dyn Iterator<Item = I::Item> + 'a> {
    if descending { Box::new(iter.rev()) } else { Box::new(iter) }
}

impl Reader<'_> {
    fn list(&self, q: &ListQuery) -> R<Page> {
        let total = self.counter(KEY_COUNT)?;
        if let Some(needle) = q.search.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            return self.search(q, &super::index::normalize_search(needle), total);
        }
        // The deadline queue moves with the clock, so no index holds it: it is a scan of the
        // compact search table with every order matching the empty needle.
        if q.sort == SortKey::Deadline || q.deadline.is_some() {
            return self.search(q, "", total);
        }
        let status = q.status.as_ref().map(|s| s.as_str().to_string());
        let matching = match &status {
            Some(s) => self.counter(&status_count_key(s))?,
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
                for entry in ordered(range, q.descending).skip(q.offset).take(q.limit) {
                    let (key, _) = entry?;
                    let (_, created, id) = key.value();
                    rows.extend(self.row(&rows_table, created, id)?);
                }
            }
            (sort, status) => {
                let wanted = |row: &OrderRow| status.as_deref().is_none_or(|s| row.status.as_str() == s);
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
        Ok(Page { rows, matching, total, damaged: Vec::new() })
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
                self.damaged.borrow_mut().push(format!("{what} {} is damaged: {detail}", printable(&id)));
                Ok(None)
            }
            Err(other) => Err(other),
        }
    }

    fn counter(&self, key: &str) -> R<usize> {
        let meta = self.txn.open_table(META)?;
        Ok(meta.get(key)?.map(|v| v.value() as usize).unwrap_or(0))
    }

    /// Full scan of the compact search strings; only matches are decoded.
    fn search(&self, q: &ListQuery, needle: &str, total: usize) -> R<Page> {
        let status = q.status.as_ref().map(|s| s.as_str().as_bytes());
        let finder = memchr::memmem::Finder::new(needle.as_bytes());
        let search = self.txn.open_table(SEARCH)?;
        let rows_table = self.txn.open_table(ROWS)?;
        let orders_table = self.txn.open_table(ORDERS)?;
        let keep = q.offset.saturating_add(q.limit);
        let mut matching = 0usize;
        // Newest-first order is the scan order, so the first `keep` matches are the answer.
        let mut by_scan: Vec<OrderRow> = Vec::new();
        // Other sorts keep the best `keep` matches in a bounded heap (memory stays flat).
        let mut heap: BinaryHeap<(HeapKey, usize)> = BinaryHeap::new();
        let mut heap_rows: Vec<Option<OrderRow>> = Vec::new();
        for entry in ordered(search.iter()?, q.sort != SortKey::Created || q.descending) {
            let (key, text) = entry?;
            let (created, id) = key.value();
            let Some(text) = self.usable(search_text(self.format, created, id, text.value()))? else { continue };
            let split = memchr::memchr(0x1f, text).unwrap_or(0);
            let (row_status, haystack) = (&text[..split], &text[split..]);
            if status.is_some_and(|s| s != row_status) || finder.find(haystack).is_none() {
                continue;
            }
            let mut decoded = None;
            if let Some(filter) = q.deadline {
                match self.row(&rows_table, created, id)? {
                    Some(row) if row.passes(filter, self.now) => decoded = Some(row),
                    _ => continue,
                }
            }
            matching += 1;
            if q.sort == SortKey::Created {
                if by_scan.len() < keep {
                    by_scan.extend(match decoded {
                        Some(row) => Some(row),
                        None => self.row(&rows_table, created, id)?,
                    });
                }
                continue;
            }
            let row = match decoded {
                Some(row) => row,
                None => match self.row(&rows_table, created, id)? {
                    Some(row) => row,
                    None => continue,
                },
            };
            let number = match q.sort {
                SortKey::Amount => row.amount,
                SortKey::Deadline => row.deadline_rank(self.now),
                _ => 0,
            };
            // The customer sort reads the name as the index does (the row keeps only the
            // name, not the reading), so typing a search never reorders the customers.
            let text = match q.sort {
                SortKey::Customer => match orders_table.get((created, id))? {
                    Some(bytes) => match self.usable(decode_order(self.format, created, id, bytes.value()))? {
                        Some(order) => order.customer.sort_name(),
                        None => continue,
                    },
                    None => continue,
                },
                _ => String::new(),
            };
            let sort_key = HeapKey::of(number, text, &row.id, q.descending);
            if heap.len() < keep {
                heap_rows.push(Some(row));
                heap.push((sort_key, heap_rows.len() - 1));
            } else if heap.peek().is_some_and(|(worst, _)| sort_key < *worst)
                && let Some((_, slot)) = heap.pop()
            {
                heap_rows[slot] = Some(row);
                heap.push((sort_key, slot));
            }
        }
        let rows = if q.sort == SortKey::Created {
            by_scan.into_iter().skip(q.offset).collect()
        } else {
            let mut sorted = heap.into_sorted_vec();
            sorted.truncate(keep);
            sorted.into_iter().skip(q.offset).filter_map(|(_, slot)| heap_rows[slot].take()).collect()
        };
        Ok(Page { rows, matching, total, damaged: Vec::new() })
    }
}

/// Orders search matches so that "smaller" means "earlier on the page".
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum HeapKey {
    Asc(i64, String, String),
    Desc(Reverse<i64>, Reverse<String>, Reverse<String>),
}

impl HeapKey {
    fn of(number: i64, text: String, id: &str, descending: bool) -> HeapKey {
        if descending {
            HeapKey::Desc(Reverse(number), Reverse(text), Reverse(id.to_string()))
        } else {
            HeapKey::Asc(number, text, id.to_string())
        }
    }
}

#[cfg(test)]
#[path = "listing_tests.rs"]
mod tests;
