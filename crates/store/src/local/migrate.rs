//! `migrate`: brings an older file up to the current schema. Schema 1 (no checksums) is
//! rewritten as schema 2 in one write transaction, so that step is wholly done or not at all;
//! then the search index is built batch by batch (schema 2 → 3, see `reindex::rebuild`),
//! and the file is stamped schema 3 once it covers every order. `reindex` is that second step
//! alone, on a file of any sealed schema.
//!
//! Orders are re-read strictly (every byte must decode) and sealed; their list rows and search
//! entries are rebuilt from them. A record that does not decode is left as it was, so the
//! migrated file names it as damaged instead of sealing garbage as good.

use super::index::haystack;
use super::records::{self, IDEMPOTENCY_RESULT, ORDER, ROW, SEARCH_ENTRY, StoreError, StoreResult, identity};
use super::reindex::{self, Progress};
use super::schema::{IDEMPOTENCY, KEY_VERSION, META, ORDERS, ROWS, SEARCH, UNINDEXED_VERSION, UNSEALED_VERSION};
use super::store::LocalStore;
use super::stored_result::StoredResult;
use crate::BackendError;
use crate::checksum;
use crate::domain::Order;
use crate::query::OrderRow;
use redb::{ReadableTable, WriteTransaction};
use std::ops::Bound;

/// How many records are read before they are written back (memory stays flat).
const BATCH: usize = 10_000;

/// What a migration did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Migrated {
    pub orders: u64,
    pub idempotency_results: u64,
    /// Orders the search index was built from.
    pub indexed: u64,
    /// Records that did not decode and were left for `check` to name: `kind id`.
    pub left_damaged: Vec<String>,
}

impl LocalStore {
    /// Seals every record of a schema-1 file, then builds the search index of a schema-2
    /// file, stamping it schema 3. `None` when the file is current already.
    pub fn migrate(&self, progress: Progress<'_>) -> Result<Option<Migrated>, BackendError> {
        if !self.needs_migration() {
            return Ok(None);
        }
        let mut migrated = if self.is_unverified() {
            self.guard(|| {
                let txn = self.migration_writer()?.begin_write().map_err(|e| self.fail(e))?;
                let migrated = seal_all(&txn).map_err(|e| self.fail(e))?;
                txn.commit().map_err(|e| self.fail(e))?;
                Ok(migrated)
            })?
        } else {
            Migrated::default()
        };
        migrated.indexed = reindex::rebuild(self, self.migration_writer()?, reindex::BATCH, progress)?;
        Ok(Some(migrated))
    }

    /// Rebuilds the search index from the orders, a batch per write transaction; returns how
    /// many orders were indexed. A schema-1 file must be migrated (sealed) first.
    pub fn reindex(&self, progress: Progress<'_>) -> Result<u64, BackendError> {
        if self.is_unverified() {
            return Err(BackendError::Unverified { path: self.path().to_path_buf() });
        }
        reindex::rebuild(self, self.migration_writer()?, reindex::BATCH, progress)
    }
}

fn seal_all(txn: &WriteTransaction) -> StoreResult<Migrated> {
    let mut meta = txn.open_table(META)?;
    let version = meta.get(KEY_VERSION)?.map(|v| v.value());
    if version != Some(UNSEALED_VERSION) {
        return Err(StoreError::Redb(redb::Error::Corrupted("the file changed while it was migrated".into())));
    }
    let mut migrated = Migrated::default();
    seal_orders(txn, &mut migrated)?;
    seal_idempotency(txn, &mut migrated)?;
    meta.insert(KEY_VERSION, UNINDEXED_VERSION)?;
    Ok(migrated)
}

fn seal_orders(txn: &WriteTransaction, migrated: &mut Migrated) -> StoreResult<()> {
    let mut orders = txn.open_table(ORDERS)?;
    let mut rows = txn.open_table(ROWS)?;
    let mut search = txn.open_table(SEARCH)?;
    let mut after: Option<(i64, String)> = None;
    loop {
        let start = match &after {
            Some((created, id)) => Bound::Excluded((*created, id.as_str())),
            None => Bound::Unbounded,
        };
        let mut batch: Vec<(i64, String, Vec<u8>)> = Vec::with_capacity(BATCH);
        for entry in orders.range::<(i64, &str)>((start, Bound::Unbounded))?.take(BATCH) {
            let (key, bytes) = entry?;
            let (created, id) = key.value();
            batch.push((created, id.to_string(), bytes.value().to_vec()));
        }
        let Some((created, id, _)) = batch.last() else { return Ok(()) };
        after = Some((*created, id.clone()));
        for (created, id, bytes) in batch {
            let order: Option<Order> =
                super::order_record::decode(&bytes).ok().filter(|o: &Order| o.id == id && o.created_at == created);
            let Some(order) = order else {
                migrated.left_damaged.push(format!("{ORDER} {}", checksum::printable(&id)));
                continue;
            };
            let key = (created, id.as_str());
            let at = Some(created);
            orders.insert(key, records::seal(identity(ORDER, at, &id), &order)?.as_slice())?;
            rows.insert(key, records::seal(identity(ROW, at, &id), &OrderRow::of(&order))?.as_slice())?;
            let text = format!("{}\u{1f}{}", order.status.as_str(), haystack(&order)).into_bytes();
            search.insert(key, checksum::seal(identity(SEARCH_ENTRY, at, &id), text).as_slice())?;
            migrated.orders += 1;
        }
    }
}

fn seal_idempotency(txn: &WriteTransaction, migrated: &mut Migrated) -> StoreResult<()> {
    let mut keys = txn.open_table(IDEMPOTENCY)?;
    let mut after: Option<String> = None;
    loop {
        let start = match &after {
            Some(key) => Bound::Excluded(key.as_str()),
            None => Bound::Unbounded,
        };
        let mut batch: Vec<(String, Vec<u8>)> = Vec::with_capacity(BATCH);
        for entry in keys.range::<&str>((start, Bound::Unbounded))?.take(BATCH) {
            let (key, bytes) = entry?;
            batch.push((key.value().to_string(), bytes.value().to_vec()));
        }
        let Some((last, _)) = batch.last() else { return Ok(()) };
        after = Some(last.clone());
        for (key, bytes) in batch {
            // Results written before parts and refusals were kept decode through their legacy shape.
            let Ok(stored) = StoredResult::decode(&bytes) else {
                migrated.left_damaged.push(format!("{IDEMPOTENCY_RESULT} {}", checksum::printable(&key)));
                continue;
            };
            keys.insert(key.as_str(), records::seal(identity(IDEMPOTENCY_RESULT, None, &key), &stored)?.as_slice())?;
            migrated.idempotency_results += 1;
        }
    }
}
