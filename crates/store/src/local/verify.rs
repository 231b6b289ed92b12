//! `check` over an order file: every record verified against its checksum and its key, and
//! every id index entry against the order it points to. Reads only; memory stays flat.

use super::index::{decode_order, decode_row, search_text};
use super::records::{self, Format, IDEMPOTENCY_RESULT, INDEX, StoreError, StoreResult, identity};
use super::schema::{
    BY_AMOUNT, BY_CUSTOMER, BY_STATUS, DEADLINES, IDEMPOTENCY, IDS, KEY_COUNT, META, ORDERS, ROWS, SEARCH,
};
use super::store::LocalStore;
use super::stored_result::StoredResult;
use crate::BackendError;
use crate::checksum::Damage;
use redb::{ConcurrencyMode, Database, ReadOnlyTable, ReadTransaction, ReadableTable, ReadableTableMetadata};
use std::path::Path;

impl LocalStore {
    /// Every damaged record of the file, in table order. A schema-1 file has nothing to verify
    /// and says so as one `file` line.
    pub fn verify(&self) -> Result<Vec<Damage>, BackendError> {
        if self.is_unverified() {
            let path = self.path().display().to_string();
            return Ok(vec![Damage::new("file", &path, "unverified: schema 1 has no checksums (run `migrate`)")]);
        }
        self.guard(|| {
            let txn = self.db().begin_read().map_err(|e| self.fail(e))?;
            let mut found = Vec::new();
            verify_tables(&txn, self.format(), self.needs_migration(), &mut found).map_err(|e| self.fail(e))?;
            Ok(found)
        })
    }
}

/// The sort and filter indexes: each entry must name an order the id index knows, at the
/// same creation time (a damaged entry would list an order in the wrong place or twice).
fn verify_secondary(
    txn: &ReadTransaction,
    ids: &ReadOnlyTable<&'static str, i64>,
    found: &mut Vec<Damage>,
) -> StoreResult<()> {
    let mut check = |id: &str, created: Option<i64>, index: &str| -> StoreResult<()> {
        let known = ids.get(id)?.map(|v| v.value());
        if known.is_none() || created.is_some_and(|c| Some(c) != known) {
            found.push(Damage::new(INDEX, id, format!("the {index} index names an order that is not there")));
        }
        Ok(())
    };
    for entry in txn.open_table(BY_AMOUNT)?.iter()? {
        let (key, created) = entry?;
        check(key.value().1, Some(created.value()), "amount")?;
    }
    for entry in txn.open_table(BY_CUSTOMER)?.iter()? {
        let (key, created) = entry?;
        check(key.value().1, Some(created.value()), "customer")?;
    }
    for entry in txn.open_table(BY_STATUS)?.iter()? {
        let (key, _) = entry?;
        let (_, created, id) = key.value();
        check(id, Some(created), "status")?;
    }
    for entry in txn.open_table(DEADLINES)?.iter()? {
        let (key, _) = entry?;
        check(key.value().1, None, "deadline")?;
    }
    Ok(())
}

/// The storage engine's own check: the checksum of every page of the committed trees, which
/// covers keys and structure where the record checksums cover values. It opens the file by
/// itself, so call it while no store of this process has the file open. A file the engine
/// can repair (its allocator state) is repaired, and said so.
pub fn verify_pages(path: &Path) -> Option<Damage> {
    let name = path.display().to_string();
    let mut builder = Database::builder();
    builder.set_concurrency_mode(ConcurrencyMode::MultiWriter);
    let checked = crate::panic_guard::quietly(|| {
        let mut db = builder.open(path)?;
        let clean = db.check_integrity();
        // Closing a damaged file can panic inside the storage engine.
        crate::panic_guard::quietly(move || drop(db));
        clean
    });
    match checked {
        Some(Ok(true)) => None,
        Some(Ok(false)) => Some(Damage::new(
            "file",
            &name,
            "storage pages were inconsistent and the storage engine repaired them; run `check` again",
        )),
        Some(Err(e)) => Some(Damage::new("file", &name, format!("storage pages are damaged: {e}"))),
        None => Some(Damage::new("file", &name, "storage pages are damaged: the storage engine could not read them")),
    }
}

/// Keeps a damaged record as a finding; any other failure stops the check.
fn note<T>(found: &mut Vec<Damage>, read: StoreResult<T>) -> StoreResult<()> {
    match read {
        Ok(_) => Ok(()),
        Err(StoreError::Damaged { what, id, detail }) => {
            found.push(Damage::new(what, &id, detail));
            Ok(())
        }
        Err(other) => Err(other),
    }
}

/// `unindexed`: a file older than the search index (schema 1 or 2) has none to verify.
fn verify_tables(txn: &ReadTransaction, format: Format, unindexed: bool, found: &mut Vec<Damage>) -> StoreResult<()> {
    let ids = txn.open_table(IDS)?;
    let orders = txn.open_table(ORDERS)?;
    for entry in orders.iter()? {
        let (key, bytes) = entry?;
        let (created, id) = key.value();
        note(found, decode_order(format, created, id, bytes.value()))?;
        if ids.get(id)?.map(|v| v.value()) != Some(created) {
            found.push(Damage::new(INDEX, id, "missing from the id index"));
        }
    }
    for entry in ids.iter()? {
        let (id, created) = entry?;
        if orders.get((created.value(), id.value()))?.is_none() {
            found.push(Damage::new(INDEX, id.value(), "the id index points to no order"));
        }
    }
    verify_secondary(txn, &ids, found)?;
    let counted = txn.open_table(META)?.get(KEY_COUNT)?.map(|v| v.value()).unwrap_or(0);
    let held = orders.len()?;
    if counted != held {
        found.push(Damage::new(INDEX, KEY_COUNT, format!("the order count says {counted}, the file holds {held}")));
    }
    for entry in txn.open_table(ROWS)?.iter()? {
        let (key, bytes) = entry?;
        let (created, id) = key.value();
        note(found, decode_row(format, created, id, bytes.value()))?;
    }
    for entry in txn.open_table(SEARCH)?.iter()? {
        let (key, bytes) = entry?;
        let (created, id) = key.value();
        note(found, search_text(format, created, id, bytes.value()))?;
    }
    if !unindexed {
        super::search_index::verify_pieces(txn, &mut |read| note(found, read))?;
    }
    for entry in txn.open_table(IDEMPOTENCY)?.iter()? {
        let (key, bytes) = entry?;
        let key = key.value();
        let opened: StoreResult<StoredResult> =
            records::payload(format, identity(IDEMPOTENCY_RESULT, None, key), bytes.value()).and_then(|payload| {
                StoredResult::decode(payload)
                    .map_err(|_| StoreError::damaged(IDEMPOTENCY_RESULT, key, "cannot be decoded"))
            });
        note(found, opened)?;
    }
    Ok(())
}
