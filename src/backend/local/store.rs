//! `LocalStore`: the redb order file of demo and offline modes (and behind the sandbox).
//!
//! Every operation re-reads the order, expires it if its window is over, validates it by the
//! domain rules and applies it inside one write transaction. redb allows one write transaction
//! at a time across every process that has the file open (`ConcurrencyMode::MultiWriter`), so
//! two operators on one host can never both spend the same captured yen.

use super::index::{StoreResult, Tables, lookup};
use super::schema::{self, IDEMPOTENCY, IDS, KEY_VERSION, META, ORDERS, SCHEMA_VERSION};
use super::stored_result::{StoredPart, StoredResult};
use crate::backend::ids::RandomIds;
use crate::backend::outcome::{done_parts, requested_amount};
use crate::backend::{Backend, BackendError, ListQuery, OperationRequest, Outcome, Page, SourceKind};
use crate::domain::rules::{self, Stamp};
use crate::domain::{Millis, Order};
use redb::{
    ConcurrencyMode, Database, DatabaseError, ReadOnlyDatabase, ReadTransaction, ReadableDatabase, ReadableTable,
    WriteTransaction,
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
    path: PathBuf,
    kind: SourceKind,
    clock: Clock,
    /// The demo's temporary folder, deleted when the store goes.
    _demo_dir: Option<tempfile::TempDir>,
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
}

/// The page cache of an interactive or one-shot open: small, so memory stays flat however
/// many orders the file holds (listing reads a page of keys, not the file).
const CACHE_BYTES: usize = 16 * 1024 * 1024;
/// Bulk loads write every index; a larger cache keeps their upper levels in memory.
const BULK_CACHE_BYTES: usize = 512 * 1024 * 1024;

impl LocalStore {
    pub fn open(path: &Path, mode: OpenMode) -> Result<LocalStore, BackendError> {
        LocalStore::open_with_clock(path, mode, crate::domain::time::now_millis)
    }

    pub fn open_with_clock(path: &Path, mode: OpenMode, clock: Clock) -> Result<LocalStore, BackendError> {
        let exists = path.exists();
        if !exists && mode == OpenMode::Existing {
            return Err(BackendError::Missing { path: path.to_path_buf() });
        }
        if path.is_dir() {
            return Err(BackendError::Io {
                path: path.to_path_buf(),
                detail: "it is a directory, not an order file.".into(),
            });
        }
        let cache_bytes = if mode == OpenMode::Bulk { BULK_CACHE_BYTES } else { CACHE_BYTES };
        // A file that needs recovery (or anything else a reader refuses) is opened by the writer,
        // which repairs it or names the problem.
        let reader = if exists && mode == OpenMode::Existing {
            crate::panic_guard::quietly(|| builder(cache_bytes).open_read_only(path)).and_then(Result::ok)
        } else {
            None
        };
        let store = LocalStore {
            reader,
            writer: OnceLock::new(),
            opening: Mutex::new(()),
            cache_bytes,
            path: path.to_path_buf(),
            kind: SourceKind::Offline,
            clock,
            _demo_dir: None,
        };
        if store.reader.is_none() {
            store.open_writer(exists)?;
        }
        store.prepare_schema()?;
        Ok(store)
    }

    /// The writer, opened on first use.
    fn writer(&self) -> Result<&Database, BackendError> {
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

    fn begin_read(&self) -> Result<ReadTransaction, BackendError> {
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

    pub fn now(&self) -> Millis {
        (self.clock)()
    }

    fn prepare_schema(&self) -> Result<(), BackendError> {
        let found = self.schema_version()?;
        match found {
            Some(v) if v > SCHEMA_VERSION => {
                Err(BackendError::SchemaTooNew { path: self.path.clone(), found: v, supported: SCHEMA_VERSION })
            }
            Some(v) if v == SCHEMA_VERSION => Ok(()),
            found => self.write(|txn| {
                schema::initialize(txn)?;
                if let Some(v) = found {
                    schema::migrate(txn, v)?;
                }
                Ok(())
            }),
        }
    }

    fn schema_version(&self) -> Result<Option<u64>, BackendError> {
        let txn = self.begin_read()?;
        match txn.open_table(META) {
            Ok(meta) => Ok(meta.get(KEY_VERSION).map_err(|e| self.fail(e))?.map(|v| v.value())),
            Err(redb::TableError::TableDoesNotExist(_)) => Ok(None),
            Err(e) => Err(self.fail(e)),
        }
    }

    /// Runs `f` in one write transaction and commits it; nothing is written if `f` fails.
    pub(crate) fn write<T>(&self, f: impl FnOnce(&WriteTransaction) -> StoreResult<T>) -> Result<T, BackendError> {
        let txn = self.writer()?.begin_write().map_err(|e| self.fail(e))?;
        let value = f(&txn).map_err(|e| self.fail(e))?;
        txn.commit().map_err(|e| self.fail(e))?;
        Ok(value)
    }

    /// What reads go through: the writer once it is open (it sees its own commits), else the reader.
    pub(crate) fn db(&self) -> &dyn ReadableDatabase {
        match (self.writer.get(), &self.reader) {
            (Some(writer), _) => writer,
            (None, Some(reader)) => reader,
            (None, None) => unreachable!("a store opens its reader or its writer"),
        }
    }

    pub(crate) fn fail(&self, err: impl Into<redb::Error>) -> BackendError {
        let err: redb::Error = err.into();
        match err {
            redb::Error::Corrupted(detail) => corrupt(&self.path, &detail),
            redb::Error::Io(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => corrupt(&self.path, TRUNCATED),
            redb::Error::Io(io) => BackendError::Io { path: self.path.clone(), detail: io.to_string() },
            redb::Error::DatabaseAlreadyOpen => BackendError::Locked { path: self.path.clone() },
            other => BackendError::storage(other),
        }
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
        self.write(|txn| {
            let mut tables = Tables::open(txn)?;
            let mut written = 0;
            for order in orders {
                let order = order.borrow();
                let old = tables.read_order(&order.id)?;
                tables.put_order(old.as_ref(), order)?;
                written += 1;
            }
            Ok(written)
        })
    }

    /// How many orders the file holds, read from the counter, not by counting.
    pub fn count(&self) -> Result<usize, BackendError> {
        let txn = self.begin_read()?;
        let meta = txn.open_table(META).map_err(|e| self.fail(e))?;
        let n = meta.get(schema::KEY_COUNT).map_err(|e| self.fail(e))?.map(|v| v.value());
        Ok(n.unwrap_or(0) as usize)
    }

    /// Records the expiry of every manual-capture order whose 7 days are over. Cheap when none
    /// is due: it reads the deadline index from its start and stops at `now`.
    pub fn sweep_expired(&self) -> Result<usize, BackendError> {
        let now = self.now();
        let due = {
            let txn = self.begin_read()?;
            let deadlines = txn.open_table(schema::DEADLINES).map_err(|e| self.fail(e))?;
            let mut ids = Vec::new();
            for entry in deadlines.range(..(now, "")).map_err(|e| self.fail(e))? {
                let (key, _) = entry.map_err(|e| self.fail(e))?;
                ids.push(key.value().1.to_string());
            }
            ids
        };
        if due.is_empty() {
            return Ok(0);
        }
        self.write(|txn| {
            let mut expired = 0;
            let mut tables = Tables::open(txn)?;
            for id in &due {
                if let Some(old) = tables.read_order(id)? {
                    let mut order = old.clone();
                    if rules::expire(&mut order, now) {
                        tables.put_order(Some(&old), &order)?;
                        expired += 1;
                    }
                }
            }
            Ok(expired)
        })
    }

    /// Streams every order, newest first, to `visit` without holding them all in memory.
    fn stream_orders(&self, visit: &mut dyn FnMut(Order) -> Result<(), BackendError>) -> Result<(), BackendError> {
        let txn = self.begin_read()?;
        let orders = txn.open_table(ORDERS).map_err(|e| self.fail(e))?;
        for entry in orders.iter().map_err(|e| self.fail(e))?.rev() {
            let (_, bytes) = entry.map_err(|e| self.fail(e))?;
            visit(decode_order(&self.path, bytes.value())?)?;
        }
        Ok(())
    }

    fn execute_in(
        &self,
        txn: &WriteTransaction,
        order_id: &str,
        request: &OperationRequest,
        planner: Planner<'_>,
    ) -> Result<Result<Outcome, BackendError>, redb::Error> {
        let mut keys = txn.open_table(IDEMPOTENCY)?;
        let key = request.idempotency_key.as_str();
        if let Some(stored) = keys.get(key)? {
            let stored = StoredResult::decode(stored.value())?;
            if stored.order_id != order_id || stored.operation != request.operation {
                return Ok(Err(BackendError::KeyReused { key: key.to_string() }));
            }
            let order = Tables::open(txn)?.read_order(order_id)?;
            return Ok(order
                .map(|order| stored.replay(order, key))
                .ok_or_else(|| BackendError::NotFound { id: order_id.to_string() }));
        }
        let mut tables = Tables::open(txn)?;
        let Some(old) = tables.read_order(order_id)? else {
            return Ok(Err(BackendError::NotFound { id: order_id.to_string() }));
        };
        let now = self.now();
        let mut order = old.clone();
        // An expiry is a fact even when the operation is then refused, so it is written either way.
        let expired = rules::expire(&mut order, now);
        let mut stored = StoredResult {
            order_id: order_id.to_string(),
            operation: request.operation.clone(),
            created: vec![],
            parts: vec![],
            refusal: None,
        };
        let plan = match planner(&order, now) {
            Ok(plan) => plan,
            Err(BackendError::Refused(refusal)) => {
                if expired {
                    tables.put_order(Some(&old), &order)?;
                }
                // A refused key is spent: the same key replays this refusal.
                stored.refusal = Some(refusal.clone());
                keys.insert(key, stored.encode()?.as_slice())?;
                let mut outcome = Outcome::refused_by_rule(order_id, &request.operation, key, refusal);
                outcome.order = Some(order);
                return Ok(Ok(outcome));
            }
            Err(other) => return Ok(Err(other)),
        };
        let stamp = Stamp { now, operator: request.operator.clone(), idempotency_key: Some(key.to_string()) };
        let created = rules::apply(&mut order, &plan, &stamp, &mut RandomIds);
        tables.put_order(Some(&old), &order)?;
        let parts = done_parts(&plan, &created);
        stored.created = created;
        stored.parts = parts
            .iter()
            .map(|p| StoredPart { payment: p.payment.clone(), amount: p.amount, id: p.id.clone() })
            .collect();
        keys.insert(key, stored.encode()?.as_slice())?;
        let mut outcome = Outcome::new(order_id, &request.operation, key, plan.amount());
        outcome.requested = requested_amount(&request.operation, plan.amount());
        outcome.parts = parts;
        outcome.order = Some(order);
        Ok(Ok(outcome))
    }
}

impl Backend for LocalStore {
    fn describe(&self) -> String {
        self.path.display().to_string()
    }

    fn kind(&self) -> SourceKind {
        self.kind
    }

    fn list(&self, query: &ListQuery) -> Result<Page, BackendError> {
        super::listing::list(self, query)
    }

    fn for_each_order(&self, visit: &mut dyn FnMut(Order) -> Result<(), BackendError>) -> Result<(), BackendError> {
        self.stream_orders(visit)
    }

    fn get(&self, id: &str) -> Result<Order, BackendError> {
        let txn = self.begin_read()?;
        let ids = txn.open_table(IDS).map_err(|e| self.fail(e))?;
        let orders = txn.open_table(ORDERS).map_err(|e| self.fail(e))?;
        let mut order = lookup(&ids, &orders, id)
            .map_err(|e| self.fail(e))?
            .ok_or_else(|| BackendError::NotFound { id: id.to_string() })?;
        // Show the expiry even before a writer has swept it in.
        rules::expire(&mut order, self.now());
        Ok(order)
    }

    fn execute(&self, order_id: &str, request: &OperationRequest) -> Result<Outcome, BackendError> {
        self.execute_planned(order_id, request, &|order, now| {
            rules::validate(order, &request.operation, now).map_err(BackendError::Refused)
        })
    }
}

/// Decides the plan for an order read inside the write transaction (the rules, or the sandbox's
/// per-payment refund); an error changes nothing.
pub type Planner<'a> = &'a dyn Fn(&Order, Millis) -> Result<rules::Plan, BackendError>;

impl LocalStore {
    /// As [`Backend::execute`], with the plan decided by `planner` instead of the order-level
    /// rules: the sandbox uses it for `POST /refunds`, which names one payment. The key is kept
    /// and replayed exactly as `execute` does.
    pub fn execute_planned(
        &self,
        order_id: &str,
        request: &OperationRequest,
        planner: Planner<'_>,
    ) -> Result<Outcome, BackendError> {
        let txn = self.writer()?.begin_write().map_err(|e| self.fail(e))?;
        match self.execute_in(&txn, order_id, request, planner).map_err(|e| self.fail(e))? {
            Ok(outcome) => {
                // A refusal is committed too: it may carry an expiry, and it spends the key.
                txn.commit().map_err(|e| self.fail(e))?;
                tracing::info!(order = order_id, key = %request.idempotency_key, replayed = outcome.replayed, moved = outcome.moved(), "{} {}", request.operation.verb(), outcome.verdict().as_str());
                Ok(outcome)
            }
            Err(err) => {
                txn.abort().map_err(|e| self.fail(e))?;
                Err(err)
            }
        }
    }
}

fn builder(cache_bytes: usize) -> redb::Builder {
    let mut builder = Database::builder();
    builder.set_concurrency_mode(ConcurrencyMode::MultiWriter);
    builder.set_cache_size(cache_bytes);
    builder
}

pub(crate) fn decode_order(path: &Path, bytes: &[u8]) -> Result<Order, BackendError> {
    super::order_record::decode(bytes).map_err(|e| corrupt(path, &format!("an order record cannot be decoded ({e}).")))
}

/// A file cut short: a copy that did not finish, or a full disk.
const TRUNCATED: &str = "the file is shorter than its own header says (truncated or damaged).";

fn corrupt(path: &Path, detail: &str) -> BackendError {
    BackendError::Corrupt { path: path.to_path_buf(), detail: detail.to_string() }
}

fn open_error(path: &Path, err: DatabaseError) -> BackendError {
    match err {
        DatabaseError::DatabaseAlreadyOpen | DatabaseError::LockProtocolMismatch => {
            BackendError::Locked { path: path.to_path_buf() }
        }
        DatabaseError::UpgradeRequired(v) => corrupt(path, &format!("it uses the old redb file format {v}.")),
        DatabaseError::Storage(redb::StorageError::Io(io)) => match io.kind() {
            std::io::ErrorKind::PermissionDenied => {
                BackendError::Io { path: path.to_path_buf(), detail: "permission denied.".into() }
            }
            std::io::ErrorKind::NotFound => {
                BackendError::Io { path: path.to_path_buf(), detail: "its folder does not exist.".into() }
            }
            std::io::ErrorKind::InvalidData => corrupt(path, "it is not a redb file."),
            std::io::ErrorKind::UnexpectedEof => corrupt(path, TRUNCATED),
            _ => BackendError::Io { path: path.to_path_buf(), detail: format!("{io}.") },
        },
        DatabaseError::Storage(redb::StorageError::Corrupted(detail)) => corrupt(path, &detail),
        other => corrupt(path, &other.to_string()),
    }
}
