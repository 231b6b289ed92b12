//! The store's side of `import`: what an order file already holds under an id (and whether
//! operations were made on it here), read before anything is written, and one write
//! transaction that either takes every imported order or none.

use super::index::{Tables, lookup};
use super::records::StoreResult;
use super::schema::{IDEMPOTENCY, IDS, ORDERS};
use super::store::LocalStore;
use crate::BackendError;
use crate::domain::Order;
use redb::{ReadOnlyTable, ReadableTable, Table, WriteTransaction};

/// An order already in the file under an id that is being imported.
#[derive(Debug, Clone)]
pub struct StoredOrder {
    pub order: Order,
    /// The idempotency keys of its history entries that this file recorded: operations made
    /// here, which an import must never roll back.
    pub made_here: Vec<String>,
}

/// Where an import looks up the orders a file already holds.
pub trait ExistingOrders {
    fn existing(&self, id: &str) -> Result<Option<StoredOrder>, BackendError>;
}

/// A file that does not exist yet holds nothing.
pub struct NoOrders;

impl ExistingOrders for NoOrders {
    fn existing(&self, _id: &str) -> Result<Option<StoredOrder>, BackendError> {
        Ok(None)
    }
}

/// The stored order with the keys of the operations made on it here.
fn with_keys(
    order: Option<Order>,
    keys: &impl ReadableTable<&'static str, &'static [u8]>,
) -> StoreResult<Option<StoredOrder>> {
    let Some(order) = order else { return Ok(None) };
    let mut made_here: Vec<String> = Vec::new();
    for key in order.history.iter().filter_map(|h| h.idempotency_key.as_deref()) {
        if !made_here.iter().any(|k| k == key) && keys.get(key)?.is_some() {
            made_here.push(key.to_string());
        }
    }
    Ok(Some(StoredOrder { order, made_here }))
}

/// A read-only view of the file, for checking a whole import before writing anything.
pub struct ImportView<'s> {
    store: &'s LocalStore,
    ids: ReadOnlyTable<&'static str, i64>,
    orders: ReadOnlyTable<(i64, &'static str), &'static [u8]>,
    keys: ReadOnlyTable<&'static str, &'static [u8]>,
}

impl ExistingOrders for ImportView<'_> {
    fn existing(&self, id: &str) -> Result<Option<StoredOrder>, BackendError> {
        lookup(self.store.format(), &self.ids, &self.orders, id)
            .and_then(|o| with_keys(o, &self.keys))
            .map_err(|e| self.store.fail(e))
    }
}

/// The one write transaction of an import.
pub struct ImportWriter<'t> {
    store: &'t LocalStore,
    tables: Tables<'t>,
    keys: Table<'t, &'static str, &'static [u8]>,
}

impl ExistingOrders for ImportWriter<'_> {
    fn existing(&self, id: &str) -> Result<Option<StoredOrder>, BackendError> {
        self.tables.read_order(id).and_then(|o| with_keys(o, &self.keys)).map_err(|e| self.store.fail(e))
    }
}

impl ImportWriter<'_> {
    /// Writes `order`, replacing `old` (which must be what is stored under its id).
    pub(crate) fn put(&mut self, old: Option<&Order>, order: &Order) -> Result<(), BackendError> {
        self.tables.put_order(old, order).map_err(|e| self.store.fail(e))
    }
}

impl LocalStore {
    pub(crate) fn import_view(&self) -> Result<ImportView<'_>, BackendError> {
        let txn = self.db().begin_read().map_err(|e| self.fail(e))?;
        Ok(ImportView {
            store: self,
            ids: txn.open_table(IDS).map_err(|e| self.fail(e))?,
            orders: txn.open_table(ORDERS).map_err(|e| self.fail(e))?,
            keys: txn.open_table(IDEMPOTENCY).map_err(|e| self.fail(e))?,
        })
    }

    /// Runs `load` in one write transaction, committed only if it succeeds: an import that
    /// fails half-way leaves the file exactly as it was.
    pub(crate) fn import_atomically<T, E: From<BackendError>>(
        &self,
        load: impl FnOnce(&mut ImportWriter<'_>) -> Result<T, E>,
    ) -> Result<T, E> {
        let txn = self.writer()?.begin_write().map_err(|e| self.fail(e))?;
        let (value, deferred) = {
            let mut writer = self.import_writer(&txn)?;
            // Into an empty file the index is built once, in gram order, after the orders.
            let deferred = writer.tables.defer_search_index_if_empty().map_err(|e| self.fail(e))?;
            let value = load(&mut writer)?;
            writer.tables.finish().map_err(|e| self.fail(e))?;
            (value, deferred)
        };
        if deferred {
            super::search_index::build_index(&txn).map_err(|e| self.fail(e))?;
        }
        txn.commit().map_err(|e| self.fail(e))?;
        Ok(value)
    }

    fn import_writer<'t>(&'t self, txn: &'t WriteTransaction) -> Result<ImportWriter<'t>, BackendError> {
        let open = || -> StoreResult<ImportWriter<'t>> {
            Ok(ImportWriter { store: self, tables: Tables::open(txn)?, keys: txn.open_table(IDEMPOTENCY)? })
        };
        open().map_err(|e| self.fail(e))
    }
}
