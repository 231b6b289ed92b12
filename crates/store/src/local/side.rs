//! Side tables: what a crate above the store keeps in the order file beside the orders — the
//! online mirror's source and `updatedAt` stamps, the sandbox's payment objects, idempotency
//! keys and totals.
//!
//! The store hands out no raw transaction. A side table is opened through [`SideWrite`] (inside
//! [`LocalStore::write_side`], one write transaction) or [`SideRead`] (inside
//! [`LocalStore::read_side`]), and both refuse every table of the store's own: the orders,
//! their indexes, the operation keys and the counters change only through the store's
//! operations, under the payment rules.

use super::LocalStore;
use super::index::Tables;
use super::records::{self, Format, StoreError, StoreResult, identity};
use super::schema;
use crate::BackendError;
use crate::domain::Order;
use redb::{
    Key, ReadOnlyTable, ReadTransaction, Table, TableDefinition, TableError, TableHandle, Value, WriteTransaction,
};

/// A table of a crate above the store, by name and key and value types.
pub struct SideTable<K: Key + 'static, V: Value + 'static>(TableDefinition<'static, K, V>);

impl<K: Key + 'static, V: Value + 'static> SideTable<K, V> {
    pub const fn new(name: &'static str) -> SideTable<K, V> {
        SideTable(TableDefinition::new(name))
    }

    fn definition(&self) -> StoreResult<TableDefinition<'static, K, V>> {
        let name = self.0.name();
        if schema::is_store_table(name) {
            return Err(StoreError::Reserved(name.to_string()));
        }
        Ok(self.0)
    }
}

impl<K: Key + 'static, V: Value + 'static> Clone for SideTable<K, V> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<K: Key + 'static, V: Value + 'static> Copy for SideTable<K, V> {}

/// Side tables inside one write transaction of the store (committed together, or not at all).
pub struct SideWrite<'t> {
    txn: &'t WriteTransaction,
}

impl<'t> SideWrite<'t> {
    /// Opens (creating it if needed) a side table; a table of the store's own is refused.
    pub fn open<K: Key + 'static, V: Value + 'static>(&self, table: SideTable<K, V>) -> StoreResult<Table<'t, K, V>> {
        Ok(self.txn.open_table(table.definition()?)?)
    }
}

/// Side tables as of one read transaction.
pub struct SideRead {
    txn: ReadTransaction,
}

impl SideRead {
    /// A side table, or `None` when it was never written; a table of the store's own is refused.
    pub fn open<K: Key + 'static, V: Value + 'static>(
        &self,
        table: SideTable<K, V>,
    ) -> StoreResult<Option<ReadOnlyTable<K, V>>> {
        match self.txn.open_table(table.definition()?) {
            Ok(table) => Ok(Some(table)),
            Err(TableError::TableDoesNotExist(_)) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }
}

/// A side record's bytes sealed with a checksum bound to its kind and key, like every record
/// of the file.
pub fn seal(kind: &'static str, key: &str, bytes: Vec<u8>) -> Vec<u8> {
    crate::checksum::seal(identity(kind, None, key), bytes)
}

/// The verified bytes of a side record sealed by [`seal`]; a damaged one is named, never read
/// as empty.
pub fn unseal<'a>(kind: &'static str, key: &str, bytes: &'a [u8]) -> StoreResult<&'a [u8]> {
    records::payload(Format::Sealed, identity(kind, None, key), bytes)
}

impl LocalStore {
    /// Runs `f` on side tables in one write transaction and commits it; nothing is written if
    /// `f` fails. A damaged file is an error naming it, never a crash.
    pub fn write_side<T>(&self, f: impl FnOnce(&SideWrite<'_>) -> StoreResult<T>) -> Result<T, BackendError> {
        self.write(|txn| f(&SideWrite { txn }))
    }

    /// Adds (or replaces) `orders` as [`Self::insert_orders`] does and, in the same write
    /// transaction, what `note` writes to side tables: the online mirror's orders and its
    /// `updatedAt` stamps of them land together or not at all.
    pub fn insert_orders_noting(
        &self,
        orders: &[Order],
        note: impl FnOnce(&SideWrite<'_>) -> StoreResult<()>,
    ) -> Result<(), BackendError> {
        self.write(|txn| {
            let mut tables = Tables::open(txn)?;
            for order in orders {
                let old = tables.read_order_or_purge(&order.id)?;
                tables.put_order(old.as_ref(), order)?;
            }
            tables.finish()?;
            drop(tables);
            note(&SideWrite { txn })
        })
    }

    /// Runs `f` on side tables as of now, in one read transaction.
    pub fn read_side<T>(&self, f: impl FnOnce(&SideRead) -> StoreResult<T>) -> Result<T, BackendError> {
        self.guard(|| {
            let txn = self.begin_read()?;
            f(&SideRead { txn }).map_err(|e| self.fail(e))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::local::OpenMode;

    const NOTES: SideTable<&str, u64> = SideTable::new("test_notes");
    const DISGUISED: SideTable<&str, u64> = SideTable::new("meta");

    #[test]
    fn a_side_table_is_written_and_read_back_in_the_order_file() {
        let dir = tempfile::tempdir().expect("dir");
        let store = LocalStore::open(&dir.path().join("o.redb"), OpenMode::CreateIfMissing).expect("opens");
        assert_eq!(store.read_side(|side| Ok(side.open(NOTES)?.is_none())).ok(), Some(true), "never written");
        store.write_side(|side| Ok(side.open(NOTES)?.insert("n", 7).map(|_| ())?)).expect("writes");
        let read = store.read_side(|side| match side.open(NOTES)? {
            Some(table) => Ok(table.get("n")?.map(|v| v.value())),
            None => Ok(None),
        });
        assert_eq!(read.ok(), Some(Some(7)));
    }

    #[test]
    fn a_table_of_the_store_cannot_be_opened_as_a_side_table() {
        let dir = tempfile::tempdir().expect("dir");
        let store = LocalStore::open(&dir.path().join("o.redb"), OpenMode::CreateIfMissing).expect("opens");
        let count_before = store.count().expect("count");
        let written = store.write_side(|side| Ok(side.open(DISGUISED)?.insert("count", 999).map(|_| ())?));
        let Err(err) = written else { panic!("the store's own counter was written through a side table") };
        assert!(err.to_string().contains("meta"), "{err}");
        assert!(store.read_side(|side| side.open(DISGUISED).map(|_| ())).is_err());
        assert_eq!(store.count().expect("count"), count_before);
    }

    #[test]
    fn every_table_a_new_file_holds_is_reserved_to_the_store() {
        let dir = tempfile::tempdir().expect("dir");
        let store = LocalStore::open(&dir.path().join("o.redb"), OpenMode::CreateIfMissing).expect("opens");
        let names: Vec<String> = store
            .guard(|| {
                let txn = store.begin_read()?;
                let tables = txn.list_tables().map_err(|e| store.fail(e))?;
                Ok(tables.map(|t| t.name().to_string()).collect())
            })
            .expect("lists");
        assert!(names.len() >= 12, "{names:?}");
        for name in names {
            assert!(schema::is_store_table(&name), "the store's table {name} is not reserved");
        }
    }
}
