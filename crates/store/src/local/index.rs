//! Keeping the secondary tables in step with the orders table, inside the caller's write
//! transaction, so an order and its index entries always commit together.

use super::ready_order::{ReadyOrder, SealedRecords};
use super::records::{self, Format, ORDER, ROW, StoreError, StoreResult, identity};
use super::schema::*;
use super::search_index::Postings;
use crate::domain::search_text::order_gram_positions;
use crate::domain::{CaptureMethod, Order, OrderStatus};
use crate::query::OrderRow;
use redb::{ReadableTable, Table, WriteTransaction};

/// Reads one order by id through the `ids` table, from any transaction's tables.
pub fn lookup(
    format: Format,
    ids: &impl ReadableTable<&'static str, i64>,
    orders: &impl ReadableTable<(i64, &'static str), &'static [u8]>,
    id: &str,
) -> StoreResult<Option<Order>> {
    let Some(created) = ids.get(id)?.map(|v| v.value()) else { return Ok(None) };
    match orders.get((created, id))? {
        Some(bytes) => decode_order(format, created, id, bytes.value()).map(Some),
        None => Err(StoreError::damaged(ORDER, id, "its record is missing (the id index points nowhere)")),
    }
}

/// An order record verified against its checksum and the key it is stored under.
pub fn decode_order(format: Format, created: i64, id: &str, bytes: &[u8]) -> StoreResult<Order> {
    let payload = records::payload(format, identity(ORDER, Some(created), id), bytes)?;
    // Either record layout (see `order_record`), never a record with bytes left over.
    let order =
        super::order_record::decode(payload).map_err(|_| StoreError::damaged(ORDER, id, "cannot be decoded"))?;
    if order.id != id || order.created_at != created {
        return Err(StoreError::damaged(ORDER, id, "stored under another key"));
    }
    Ok(order)
}

/// A list row verified against its checksum and its key.
pub fn decode_row(format: Format, created: i64, id: &str, bytes: &[u8]) -> StoreResult<OrderRow> {
    let payload = records::payload(format, identity(ROW, Some(created), id), bytes)?;
    let row =
        super::order_record::decode_row(payload).map_err(|_| StoreError::damaged(ROW, id, "cannot be decoded"))?;
    if row.id != id || row.created_at != created {
        return Err(StoreError::damaged(ROW, id, "stored under another key"));
    }
    Ok(row)
}

pub use super::records::search_text;

pub use crate::domain::search_text::haystack;

fn tracks_deadline(order: &Order) -> Option<i64> {
    let waiting = order.status == OrderStatus::RequiresCapture && order.capture_method == CaptureMethod::Manual;
    order.expires_at.filter(|_| waiting)
}

/// Every table an order write touches, opened once per transaction.
pub struct Tables<'t> {
    orders: Table<'t, (i64, &'static str), &'static [u8]>,
    ids: Table<'t, &'static str, i64>,
    rows: Table<'t, (i64, &'static str), &'static [u8]>,
    search: Table<'t, (i64, &'static str), &'static [u8]>,
    by_amount: Table<'t, (i64, &'static str), i64>,
    by_customer: Table<'t, (&'static str, &'static str), i64>,
    by_status: Table<'t, (&'static str, i64, &'static str), ()>,
    deadlines: Table<'t, (i64, &'static str), ()>,
    meta: Table<'t, &'static str, u64>,
    postings: Postings<'t>,
    /// False while a bulk load leaves the search index to be built at its end.
    indexing: bool,
}

impl<'t> Tables<'t> {
    pub fn open(txn: &'t WriteTransaction) -> StoreResult<Tables<'t>> {
        Ok(Tables {
            orders: txn.open_table(ORDERS)?,
            ids: txn.open_table(IDS)?,
            rows: txn.open_table(ROWS)?,
            search: txn.open_table(SEARCH)?,
            by_amount: txn.open_table(BY_AMOUNT)?,
            by_customer: txn.open_table(BY_CUSTOMER)?,
            by_status: txn.open_table(BY_STATUS)?,
            deadlines: txn.open_table(DEADLINES)?,
            meta: txn.open_table(META)?,
            postings: Postings::open(txn)?,
            indexing: true,
        })
    }

    /// Leaves the search index to a build at the end of the transaction
    /// (`search_index::build_index`) when the file holds no order yet: a bulk import into an
    /// empty file. Returns whether it does.
    pub fn defer_search_index_if_empty(&mut self) -> StoreResult<bool> {
        let empty = self.meta.get(KEY_COUNT)?.map(|v| v.value()).unwrap_or(0) == 0;
        self.indexing &= !empty;
        Ok(empty)
    }

    /// Leaves the orders written through these tables out of the search index, when the file
    /// says the index is incomplete (a bulk load builds it at the end, see
    /// `search_index::bulk`); a complete index keeps being written, order by order.
    pub fn leave_search_index(&mut self) -> StoreResult<()> {
        let complete = self.meta.get(super::search_index::KEY_INDEX_COMPLETE)?.map(|v| v.value());
        self.indexing = complete == Some(1);
        Ok(())
    }

    pub fn read_order(&self, id: &str) -> StoreResult<Option<Order>> {
        lookup(Format::Sealed, &self.ids, &self.orders, id)
    }

    /// The stored order, or `None`; a damaged record is taken out (with every index entry
    /// its intact list row still names) so that a fresh copy can replace it.
    pub fn read_order_or_purge(&mut self, id: &str) -> StoreResult<Option<Order>> {
        match self.read_order(id) {
            Err(StoreError::Damaged { .. }) => {
                tracing::warn!(order = id, "a damaged order record is replaced by a fresh copy");
                self.purge(id)?;
                Ok(None)
            }
            other => other,
        }
    }

    fn purge(&mut self, id: &str) -> StoreResult<()> {
        let Some(created) = self.ids.remove(id)?.map(|v| v.value()) else { return Ok(()) };
        self.postings.distrust(created)?;
        let key = (created, id);
        self.orders.remove(key)?;
        let row = self.rows.remove(key)?.and_then(|bytes| decode_row(Format::Sealed, created, id, bytes.value()).ok());
        self.search.remove(key)?;
        if let Some(row) = row {
            self.by_amount.remove((row.amount, id))?;
            self.by_status.remove((row.status.as_str(), created, id))?;
            if let Some(deadline) = row.expires_at {
                self.deadlines.remove((deadline, id))?;
            }
            self.bump(&status_count_key(row.status.as_str()), -1)?;
        }
        self.bump(KEY_COUNT, -1)
    }

    fn bump(&mut self, key: &str, delta: i64) -> StoreResult<()> {
        let current = self.meta.get(key)?.map(|v| v.value()).unwrap_or(0);
        self.meta.insert(key, current.saturating_add_signed(delta))?;
        Ok(())
    }

    /// Writes `new` and its index entries, replacing `old`'s (which must be what is stored).
    /// The search index is written by [`Self::finish`], which must run before the commit.
    pub fn put_order(&mut self, old: Option<&Order>, new: &Order) -> StoreResult<()> {
        self.put_sealed(old, new, &SealedRecords::of(new)?)
    }

    /// As [`Self::put_order`], with `new`'s records already sealed (`sealed` must be `new`'s).
    fn put_sealed(&mut self, old: Option<&Order>, new: &Order, sealed: &SealedRecords) -> StoreResult<()> {
        if self.indexing {
            self.index_search(old, new);
        }
        match old {
            Some(old) => self.remove_index_entries(old)?,
            None => self.bump(KEY_COUNT, 1)?,
        }
        let id = new.id.as_str();
        let key = (new.created_at, id);
        self.ids.insert(id, new.created_at)?;
        self.orders.insert(key, sealed.order.as_slice())?;
        self.rows.insert(key, sealed.row.as_slice())?;
        self.search.insert(key, sealed.search.as_slice())?;
        self.by_amount.insert((new.amount(), id), new.created_at)?;
        self.by_customer.insert((new.customer.sort_name().as_str(), id), new.created_at)?;
        self.by_status.insert((new.status.as_str(), new.created_at, id), ())?;
        if let Some(deadline) = tracks_deadline(new) {
            self.deadlines.insert((deadline, id), ())?;
        }
        self.bump(&status_count_key(new.status.as_str()), 1)
    }

    fn index_search(&mut self, old: Option<&Order>, new: &Order) {
        let new_grams = order_gram_positions(new);
        match old {
            Some(old) if old.created_at == new.created_at => {
                self.postings.replace(new.created_at, &new.id, &order_gram_positions(old), &new_grams);
            }
            Some(old) => {
                self.postings.replace(old.created_at, &old.id, &order_gram_positions(old), &[]);
                self.postings.replace(new.created_at, &new.id, &[], &new_grams);
                self.postings.arrived(new.created_at, &new.id);
            }
            None => {
                self.postings.replace(new.created_at, &new.id, &[], &new_grams);
                self.postings.arrived(new.created_at, &new.id);
            }
        }
    }

    /// Writes the search index entries of every order put since the last call.
    pub fn finish(&mut self) -> StoreResult<()> {
        self.postings.flush(&self.rows)?;
        if self.postings.dropped_damage() {
            // The index lost what a damaged piece held: searches scan until `reindex`.
            self.meta.insert(super::search_index::KEY_INDEX_COMPLETE, 0)?;
        }
        Ok(())
    }

    fn remove_index_entries(&mut self, old: &Order) -> StoreResult<()> {
        let id = old.id.as_str();
        let key = (old.created_at, id);
        self.orders.remove(key)?;
        self.rows.remove(key)?;
        self.search.remove(key)?;
        self.by_amount.remove((old.amount(), id))?;
        self.by_customer.remove((old.customer.sort_name().as_str(), id))?;
        self.by_status.remove((old.status.as_str(), old.created_at, id))?;
        if let Some(deadline) = tracks_deadline(old) {
            self.deadlines.remove((deadline, id))?;
        }
        self.bump(&status_count_key(old.status.as_str()), -1)
    }
}

/// An order on its way into the file: as it is, or with its records sealed already.
pub(crate) trait OrderToPut {
    fn order(&self) -> &Order;
    fn put(&self, tables: &mut Tables, old: Option<&Order>) -> StoreResult<()>;
}

/// An order whose records are sealed as it is written.
pub(crate) struct Unsealed<O>(pub(crate) O);

impl<O: std::borrow::Borrow<Order>> OrderToPut for Unsealed<O> {
    fn order(&self) -> &Order {
        self.0.borrow()
    }

    fn put(&self, tables: &mut Tables, old: Option<&Order>) -> StoreResult<()> {
        tables.put_order(old, self.0.borrow())
    }
}

impl OrderToPut for ReadyOrder {
    fn order(&self) -> &Order {
        &self.order
    }

    fn put(&self, tables: &mut Tables, old: Option<&Order>) -> StoreResult<()> {
        tables.put_sealed(old, &self.order, &self.sealed)
    }
}
