//! `LocalStore`: the redb order file of demo and offline modes (and behind the sandbox).
//!
//! Every operation re-reads the order, expires it if its window is over, validates it by the
//! domain rules and applies it inside one write transaction. redb allows one write transaction
//! at a time across every process that has the file open (`ConcurrencyMode::MultiWriter`), so
//! two operators on one host can never both spend the same captured yen.

use super::failures::{corrupt, open_error, store_error};
use super::index::{OrderToPut, Tables, Unsealed, decode_order};
use super::ready_order::ReadyOrder;
use super::records::{Format, StoreError, StoreResult};
use super::schema::{self, KEY_VERSION, META, ORDERS, SCHEMA_VERSION};
use crate::domain::{Millis, Order};
use crate::{BackendError, SourceKind};
use redb::{
    ConcurrencyMode, Database, ReadOnlyDatabase, ReadTransaction, ReadableDatabase, ReadableTable,
    ReadableTableMetadata, WriteTransaction,
};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

/// A clock, so tests can move time without sleeping.
pub type Clock = fn() -> Millis;

pub struct LocalStore {
    /// An existing file is first opened read-only: a reader writes nothing to the file (no
    /// header update, no fsync on open and close), so `orders list`/`show` and a TUI that only
    /// looks cost no disk flushes. The writer is opened on the first write transaction.
    reader: Option<ReadOnlyDatabase>,
    writer: OnceLock<Database>,
    opening: Mutex<()>,
    cache_bytes: usize,
    pub(super) path: PathBuf,
    pub(super) kind: SourceKind,
    /// Sealed (schema 2 and 3), or unverified (schema 1: read-only until `migrate`).
    pub(super) format: Format,
    /// Schema 1 or 2: without the search index, read-only until `migrate`.
    pub(super) unindexed: bool,
    /// Whether the search index held every order when the file was opened (read with the
    /// schema version, so it costs nothing more).
    index_complete_at_open: bool,
    clock: Clock,
    /// The demo's temporary folder, deleted when the store goes.
    _demo_dir: Option<tempfile::TempDir>,
}

impl Drop for LocalStore {
    /// Closing writes to the file (the writer records its allocator state), which a damaged
    /// file can turn into a panic inside the storage engine: it stays quiet here.
    fn drop(&mut self) {
        let writer = self.writer.take();
        let reader = self.reader.take();
        crate::panic_guard::quietly(move || drop((writer, reader)));
    }
}

/// How to open the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    /// The file must exist already.
    Existing,
    /// Create the file if it does not exist (sandbox, demo).
    CreateIfMissing,
    /// Create if missing, with a large cache: for loading many orders at once (generate, import).
    Bulk,
    /// The file must exist; opened for a long run of operations one after another (`bulk
    /// FILE`), with a small cache, so memory stays flat however many rows the run has.
    Streaming,
}

/// The page cache of an interactive or one-shot open: small, so memory stays flat however
/// many orders the file holds (listing reads a page of keys, not the file).
const CACHE_BYTES: usize = 16 * 1024 * 1024;
/// Bulk loads write every index; a larger cache keeps their upper levels in memory.
const BULK_CACHE_BYTES: usize = 512 * 1024 * 1024;
/// A run of one operation after another: every commit writes its pages afresh (copy on write)
/// and they pass through the cache, so a 16 MiB cache fills over ~10,000 operations and the
/// run's memory grows with its length (measured: docs/PERFORMANCE.md, `bulk`). This much holds
/// the tables' upper levels, which is what each operation reads again; it is full within the
/// first few hundred operations.
const STREAMING_CACHE_BYTES: usize = 2 * 1024 * 1024;

impl LocalStore {
    pub fn open(path: &Path, mode: OpenMode) -> Result<LocalStore, BackendError> {
        LocalStore::open_with_clock(path, mode, crate::domain::time::now_millis)
    }

    pub fn open_with_clock(path: &Path, mode: OpenMode, clock: Clock) -> Result<LocalStore, BackendError> {
        let exists = path.exists();
        let must_exist = matches!(mode, OpenMode::Existing | OpenMode::Streaming);
        if !exists && must_exist {
            return Err(BackendError::Missing { path: path.to_path_buf() });
        }
        if path.is_dir() {
            return Err(BackendError::Io {
                path: path.to_path_buf(),
                detail: "it is a directory, not an order file.".into(),
            });
        }
        if exists && !path.is_file() {
            // Opening a FIFO for reading would wait for a writer forever.
            return Err(BackendError::Io {
                path: path.to_path_buf(),
                detail: "it is not a regular file (a FIFO, a socket or a device), not an order file.".into(),
            });
        }
        let cache_bytes = match mode {
            OpenMode::Bulk => BULK_CACHE_BYTES,
            OpenMode::Streaming => STREAMING_CACHE_BYTES,
            OpenMode::Existing | OpenMode::CreateIfMissing => CACHE_BYTES,
        };
        // A file that needs recovery (or anything else a reader refuses) is opened by the writer,
        // which repairs it or names the problem.
        let reader = if exists && must_exist {
            crate::panic_guard::quietly(|| builder(cache_bytes).open_read_only(path)).and_then(Result::ok)
        } else {
            None
        };
        let mut store = LocalStore {
            reader,
            writer: OnceLock::new(),
            opening: Mutex::new(()),
            cache_bytes,
            path: path.to_path_buf(),
            kind: SourceKind::Offline,
            format: Format::Sealed,
            unindexed: false,
            index_complete_at_open: true,
            clock,
            _demo_dir: None,
        };
        if store.reader.is_none() {
            store.open_writer(exists)?;
        }
        (store.format, store.unindexed, store.index_complete_at_open) = store.guard(|| store.prepare_schema())?;
        if store.unindexed && store.format == Format::Sealed {
            tracing::warn!(path = %store.path.display(), "schema 2 file opened read-only until migrated");
        }
        if store.format == Format::Unverified {
            tracing::warn!(path = %store.path.display(), "schema 1 file opened read-only and unverified");
        }
        Ok(store)
    }

    /// The writer, opened on first use; refused on an unverified (schema 1) file, which
    /// only `migrate` writes.
    pub(crate) fn writer(&self) -> Result<&Database, BackendError> {
        if self.format == Format::Unverified {
            return Err(BackendError::Unverified { path: self.path.clone() });
        }
        if self.unindexed {
            return Err(BackendError::Unindexed { path: self.path.clone() });
        }
        self.migration_writer()
    }

    /// The writer, whatever the schema: for `migrate`.
    pub(super) fn migration_writer(&self) -> Result<&Database, BackendError> {
        match self.writer.get() {
            Some(db) => Ok(db),
            None => self.open_writer(true),
        }
    }

    fn open_writer(&self, exists: bool) -> Result<&Database, BackendError> {
        let _one_at_a_time = self.opening.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(db) = self.writer.get() {
            return Ok(db);
        }
        let builder = builder(self.cache_bytes);
        let path = self.path.as_path();
        let opened = crate::panic_guard::quietly(|| if exists { builder.open(path) } else { builder.create(path) });
        let db = match opened {
            Some(result) => result.map_err(|e| open_error(path, e))?,
            None => return Err(corrupt(path, "the file is damaged.")),
        };
        Ok(self.writer.get_or_init(|| db))
    }

    pub(super) fn begin_read(&self) -> Result<ReadTransaction, BackendError> {
        self.db().begin_read().map_err(|e| self.fail(e))
    }

    /// Marks this store as the throwaway demo file, for the status bar badge.
    pub fn into_demo(mut self, dir: tempfile::TempDir) -> LocalStore {
        self.kind = SourceKind::Demo;
        self._demo_dir = Some(dir);
        self
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub(crate) fn now(&self) -> Millis {
        (self.clock)()
    }

    /// Reads the schema number (stamping a new file with the current one) and says how the
    /// records are encoded, whether the search index is missing (a file older than it), and
    /// whether it is complete (a new file's is: complete and empty).
    fn prepare_schema(&self) -> Result<(Format, bool, bool), BackendError> {
        let Some((version, complete)) = self.schema_and_index()? else {
            self.write(|txn| Ok(schema::initialize(txn)?))?;
            return Ok((Format::Sealed, false, true));
        };
        match version {
            v if v > SCHEMA_VERSION => {
                Err(BackendError::SchemaTooNew { path: self.path.clone(), found: v, supported: SCHEMA_VERSION })
            }
            SCHEMA_VERSION => Ok((Format::Sealed, false, complete)),
            schema::UNINDEXED_VERSION => Ok((Format::Sealed, true, false)),
            schema::UNSEALED_VERSION => Ok((Format::Unverified, true, false)),
            other => Err(corrupt(&self.path, &format!("it claims schema {other}, which never existed."))),
        }
    }

    /// Whether the search index held every order when the file was opened: `false` after a
    /// bulk load stopped before its build, a write that replaced a damaged piece of the index,
    /// or for a file older than the index. Searches then read every order (the same answers,
    /// more slowly) until `reindex` (or `migrate`) builds it.
    pub fn index_complete_at_open(&self) -> bool {
        self.index_complete_at_open
    }

    /// Whether the file is older than this console's schema (1 or 2): readable, read-only
    /// until `migrate`.
    pub fn needs_migration(&self) -> bool {
        self.unindexed
    }

    /// Whether the file is schema 1: readable, but without checksums and read-only.
    pub fn is_unverified(&self) -> bool {
        self.format == Format::Unverified
    }

    pub(crate) fn format(&self) -> Format {
        self.format
    }

    /// Runs a read or write that may meet damaged bytes: a panic inside the storage engine
    /// becomes an error naming the file, never a crash.
    pub(crate) fn guard<T>(&self, f: impl FnOnce() -> Result<T, BackendError>) -> Result<T, BackendError> {
        crate::panic_guard::quietly(f).unwrap_or_else(|| {
            Err(corrupt(
                &self.path,
                "it is damaged (the storage engine could not read it); run `smartpay-console check`.",
            ))
        })
    }

    /// The schema version and whether the search index is marked complete, in one read
    /// (`None`: a new file, no version yet).
    fn schema_and_index(&self) -> Result<Option<(u64, bool)>, BackendError> {
        let txn = self.begin_read()?;
        let meta = match txn.open_table(META) {
            Ok(meta) => meta,
            Err(redb::TableError::TableDoesNotExist(_)) => return Ok(None),
            Err(e) => return Err(self.fail(e)),
        };
        let read = |key| meta.get(key).map(|v| v.map(|v| v.value())).map_err(|e| self.fail(e));
        let Some(version) = read(KEY_VERSION)? else { return Ok(None) };
        Ok(Some((version, read(schema::KEY_INDEX_COMPLETE)? == Some(1))))
    }

    /// Runs `f` in one write transaction and commits it; nothing is written if `f` fails.
    pub(crate) fn write<T>(&self, f: impl FnOnce(&WriteTransaction) -> StoreResult<T>) -> Result<T, BackendError> {
        self.guard(|| {
            let txn = self.writer()?.begin_write().map_err(|e| self.fail(e))?;
            let value = f(&txn).map_err(|e| self.fail(e))?;
            txn.commit().map_err(|e| self.fail(e))?;
            Ok(value)
        })
    }

    /// What reads go through: the writer once it is open (it sees its own commits), else the reader.
    pub(crate) fn db(&self) -> &dyn ReadableDatabase {
        match (self.writer.get(), &self.reader) {
            (Some(writer), _) => writer,
            (None, Some(reader)) => reader,
            (None, None) => unreachable!("a store opens its reader or its writer"),
        }
    }

    pub(crate) fn fail(&self, err: impl Into<StoreError>) -> BackendError {
        store_error(&self.path, err.into())
    }

    /// Adds orders (import, generate, demo) in one transaction; existing ids are replaced.
    pub fn insert_orders(&self, orders: &[Order]) -> Result<(), BackendError> {
        self.insert_all(orders).map(|_| ())
    }

    /// As [`Self::insert_orders`], taking the orders as they come, so a bulk load need not hold
    /// its batch in memory. Returns how many were written.
    pub fn insert_all<O: std::borrow::Borrow<Order>>(
        &self,
        orders: impl IntoIterator<Item = O>,
    ) -> Result<u64, BackendError> {
        self.insert_each(orders.into_iter().map(|order| Ok(Unsealed(order))), true, drop)
    }

    /// As [`Self::insert_all`], with each order's records already sealed ([`ReadyOrder`]), and
    /// leaving the orders out of the search index while a bulk load has deferred it (see
    /// [`Self::defer_search_index`]; indexed as usual otherwise). Each order written is handed
    /// to `written` (a bulk load gives it back to the thread that made it, to be freed there).
    /// An order that could not be sealed stops the batch: nothing of it is written.
    pub fn insert_ready(
        &self,
        orders: impl IntoIterator<Item = StoreResult<ReadyOrder>>,
        written: impl FnMut(ReadyOrder),
    ) -> Result<u64, BackendError> {
        self.insert_each(orders, false, written)
    }

    fn insert_each<W: OrderToPut>(
        &self,
        orders: impl IntoIterator<Item = StoreResult<W>>,
        index: bool,
        mut written: impl FnMut(W),
    ) -> Result<u64, BackendError> {
        self.write(|txn| {
            let mut tables = Tables::open(txn)?;
            if !index {
                tables.leave_search_index()?;
            }
            let mut count = 0;
            for order in orders {
                let order = order?;
                let old = tables.read_order_or_purge(&order.order().id)?;
                order.put(&mut tables, old.as_ref())?;
                written(order);
                count += 1;
            }
            tables.finish()?;
            Ok(count)
        })
    }

    /// How many orders the file holds, read from the counter, not by counting.
    pub fn count(&self) -> Result<usize, BackendError> {
        self.guard(|| {
            let txn = self.begin_read()?;
            let meta = txn.open_table(META).map_err(|e| self.fail(e))?;
            let n = meta.get(schema::KEY_COUNT).map_err(|e| self.fail(e))?.map(|v| v.value());
            Ok(n.unwrap_or(0) as usize)
        })
    }

    /// How many operations the file has recorded (one idempotency key each).
    pub fn operation_count(&self) -> Result<u64, BackendError> {
        self.guard(|| {
            let txn = self.begin_read()?;
            match txn.open_table(schema::IDEMPOTENCY) {
                Ok(keys) => keys.len().map_err(|e| self.fail(e)),
                Err(redb::TableError::TableDoesNotExist(_)) => Ok(0),
                Err(e) => Err(self.fail(e)),
            }
        })
    }

    /// Streams every order, newest first, to `visit` without holding them all in memory; a
    /// record that cannot be decoded reaches `visit` as its error.
    pub(super) fn stream_orders(
        &self,
        visit: &mut dyn FnMut(Result<Order, BackendError>) -> Result<(), BackendError>,
    ) -> Result<(), BackendError> {
        let txn = self.begin_read()?;
        let orders = txn.open_table(ORDERS).map_err(|e| self.fail(e))?;
        for entry in orders.iter().map_err(|e| self.fail(e))?.rev() {
            let (key, bytes) = entry.map_err(|e| self.fail(e))?;
            let (created, id) = key.value();
            // A record that cannot be read is handed on as an error naming it (export decides).
            visit(decode_order(self.format, created, id, bytes.value()).map_err(|e| self.fail(e)))?;
        }
        Ok(())
    }
}

fn builder(cache_bytes: usize) -> redb::Builder {
    let mut builder = Database::builder();
    builder.set_concurrency_mode(ConcurrencyMode::MultiWriter);
    builder.set_cache_size(cache_bytes);
    builder
}
