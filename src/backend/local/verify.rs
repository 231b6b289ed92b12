//! `check` over an order file: every record verified against its checksum and its key, and
//! every id index entry against the order it points to. Reads only; memory stays flat.

use super::index::{decode_order, decode_row, search_text};
use super::records::{self, Format, IDEMPOTENCY_RESULT, INDEX, StoreError, StoreResult, identity};
use super::schema::{IDEMPOTENCY, IDS, ORDERS, ROWS, SEARCH};
use super::store::{LocalStore, StoredResult};
use crate::backend::BackendError;
use crate::backend::checksum::Damage;
use redb::{ReadTransaction, ReadableTable};

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
            verify_tables(&txn, self.format(), &mut found).map_err(|e| self.fail(e))?;
            Ok(found)
        })
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

fn verify_tables(txn: &ReadTransaction, format: Format, found: &mut Vec<Damage>) -> StoreResult<()> {
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
    for entry in txn.open_table(IDEMPOTENCY)?.iter()? {
        let (key, bytes) = entry?;
        let key = key.value();
        let opened: StoreResult<StoredResult> =
            records::open(format, IDEMPOTENCY_RESULT, key, &identity(IDEMPOTENCY_RESULT, None, key), bytes.value());
        note(found, opened)?;
    }
    Ok(())
}
