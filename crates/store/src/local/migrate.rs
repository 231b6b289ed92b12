//! `migrate`: rewrites a schema-1 file (no checksums) as schema 2, in one write transaction,
//! so a file is either wholly migrated or left as it was.
//!
//! Orders are re-read strictly (every byte must decode) and sealed; their list rows and search
//! entries are rebuilt from them. A record that does not decode is left as it was, so the
//! migrated file names it as damaged instead of sealing garbage as good.

use super::index::haystack;
use super::records::{self, IDEMPOTENCY_RESULT, ORDER, ROW, SEARCH_ENTRY, StoreError, StoreResult, identity};
use super::schema::{IDEMPOTENCY, KEY_VERSION, META, ORDERS, ROWS, SCHEMA_VERSION, SEARCH, UNSEALED_VERSION};
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
    /// Records that did not decode and were left for `check` to name: `kind id`.
    pub left_damaged: Vec<String>,
}

impl LocalStore {
    /// Seals every record of a schema-1 file and stamps it schema 2. `None` when the file is
    /// schema 2 already.
    pub fn migrate(&self) -> Result<Option<Migrated>, BackendError> {
        if !self.is_unverified() {
            return Ok(None);
        }
        self.guard(|| {
            let txn = self.migration_writer()?.begin_write().map_err(|e| self.fail(e))?;
            let migrated = seal_all(&txn).map_err(|e| self.fail(e))?;
            txn.commit().map_err(|e| self.fail(e))?;
            Ok(Some(migrated))
        })
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
    meta.insert(KEY_VERSION, SCHEMA_VERSION)?;
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
