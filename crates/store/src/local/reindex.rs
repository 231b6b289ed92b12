//! Building the search index of a whole file (`reindex`, and `migrate` from schema 2), one
//! batch of orders per write transaction, so another console waiting to write waits for one
//! batch at most. Each batch also rewrites the orders' stored search text in the current
//! normalisation. Other writers keep the index up to date meanwhile (adding twice is harmless).

use super::search_index::{GRAM_SIZES, KEY_INDEX_COMPLETE, POSTINGS, Postings, SHARED_TIMES};
use crate::BackendError;
use crate::checksum;
use crate::domain::search_text::{haystack, order_gram_positions};
use crate::local::index::decode_order;
use crate::local::records::{Format, SEARCH_ENTRY, StoreResult, identity};
use crate::local::schema::{KEY_COUNT, KEY_VERSION, META, ORDERS, ROWS, SCHEMA_VERSION, SEARCH};
use crate::local::store::LocalStore;
use redb::{Database, ReadableTable, WriteTransaction};
use std::ops::Bound;

/// Orders per write transaction.
pub const BATCH: usize = 5_000;

/// Told after every batch: orders indexed so far, and how many the file holds.
pub type Progress<'a> = &'a mut dyn FnMut(u64, u64);

/// Rebuilds the index from the orders, `batch` orders per write transaction, and stamps the
/// file with the current schema. Returns how many orders were indexed.
pub fn rebuild(store: &LocalStore, db: &Database, batch: usize, progress: Progress<'_>) -> Result<u64, BackendError> {
    // Orders written after this first transaction are indexed by their writers; the rebuild
    // stops at the newest order present now, so steady new orders cannot keep it going.
    let (total, end) = in_txn(db, store, |txn| {
        txn.delete_table(POSTINGS)?;
        txn.delete_table(GRAM_SIZES)?;
        txn.delete_table(SHARED_TIMES)?;
        txn.open_table(POSTINGS)?;
        txn.open_table(GRAM_SIZES)?;
        txn.open_table(SHARED_TIMES)?;
        let mut meta = txn.open_table(META)?;
        meta.insert(KEY_INDEX_COMPLETE, 0)?;
        let total = meta.get(KEY_COUNT)?.map(|v| v.value()).unwrap_or(0);
        let end = txn.open_table(ORDERS)?.last()?.map(|(key, _)| {
            let (created, id) = key.value();
            (created, id.to_string())
        });
        Ok((total, end))
    })?;
    let Some(end) = end else { return finish(store, db).map(|()| 0) };
    let mut after: Option<(i64, String)> = None;
    let mut done = 0u64;
    loop {
        let (indexed, last) = in_txn(db, store, |txn| index_batch(txn, after.as_ref(), &end, batch))?;
        let Some(last) = last else { break };
        after = Some(last);
        done += indexed;
        progress(done, total.max(done));
    }
    finish(store, db)?;
    Ok(done)
}

/// Marks the index complete and the file current.
fn finish(store: &LocalStore, db: &Database) -> Result<(), BackendError> {
    in_txn(db, store, |txn| {
        let mut meta = txn.open_table(META)?;
        meta.insert(KEY_INDEX_COMPLETE, 1)?;
        meta.insert(KEY_VERSION, SCHEMA_VERSION)?;
        Ok(())
    })
}

fn in_txn<T>(
    db: &Database,
    store: &LocalStore,
    f: impl FnOnce(&WriteTransaction) -> StoreResult<T>,
) -> Result<T, BackendError> {
    store.guard(|| {
        let txn = db.begin_write().map_err(|e| store.fail(e))?;
        let value = f(&txn).map_err(|e| store.fail(e))?;
        txn.commit().map_err(|e| store.fail(e))?;
        Ok(value)
    })
}

/// Indexes the orders after `after`, up to a batch; returns how many and the last key seen.
fn index_batch(
    txn: &WriteTransaction,
    after: Option<&(i64, String)>,
    end: &(i64, String),
    batch: usize,
) -> StoreResult<(u64, Option<(i64, String)>)> {
    let orders = txn.open_table(ORDERS)?;
    let mut search = txn.open_table(SEARCH)?;
    let rows = txn.open_table(ROWS)?;
    let mut postings = Postings::open(txn)?;
    let start = match after {
        Some((created, id)) => Bound::Excluded((*created, id.as_str())),
        None => Bound::Unbounded,
    };
    let mut last = None;
    let mut indexed = 0;
    for entry in orders.range::<(i64, &str)>((start, Bound::Included((end.0, end.1.as_str()))))?.take(batch) {
        let (key, bytes) = entry?;
        let (created, id) = key.value();
        last = Some((created, id.to_string()));
        // A damaged order is left for `check` to name; it has nothing trustworthy to index.
        let Ok(order) = decode_order(Format::Sealed, created, id, bytes.value()) else { continue };
        let text = format!("{}\u{1f}{}", order.status.as_str(), haystack(&order)).into_bytes();
        search.insert((created, id), checksum::seal(identity(SEARCH_ENTRY, Some(created), id), text).as_slice())?;
        postings.replace(created, id, &[], &order_gram_positions(&order));
        postings.arrived(created, id);
        indexed += 1;
    }
    postings.flush(&rows)?;
    Ok((indexed, last))
}
