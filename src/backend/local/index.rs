//! Keeping the secondary tables in step with the orders table, inside the caller's write
//! transaction, so an order and its index entries always commit together.

use super::schema::*;
use crate::backend::query::OrderRow;
use crate::domain::{CaptureMethod, Order, OrderStatus};
use redb::{ReadableTable, Table, WriteTransaction};

pub type StoreResult<T> = Result<T, redb::Error>;

/// The lowercased text a search matches against: id, reference, name, kana, email.
pub fn haystack(order: &Order) -> String {
    let c = &order.customer;
    format!(
        "{} {} {}{} {} {}{} {} {}",
        order.id,
        order.reference,
        c.last_name,
        c.first_name,
        c.full_name(),
        c.last_name_kana,
        c.first_name_kana,
        c.full_kana(),
        c.email
    )
    .to_lowercase()
}

/// The customer column sorts by reading (kana) where there is one, as Japanese lists do.
pub fn customer_sort_name(order: &Order) -> String {
    let kana = order.customer.full_kana();
    if kana.is_empty() { order.customer.full_name() } else { kana }.to_lowercase()
}

fn tracks_deadline(order: &Order) -> Option<i64> {
    let waiting = order.status == OrderStatus::RequiresCapture && order.capture_method == CaptureMethod::Manual;
    order.expires_at.filter(|_| waiting)
}

fn encode<T: serde::Serialize>(value: &T) -> StoreResult<Vec<u8>> {
    postcard::to_allocvec(value).map_err(|e| redb::Error::Corrupted(e.to_string()))
}

/// Every table an order write touches, opened once per transaction.
pub struct Tables<'t> {
    orders: Table<'t, &'static str, &'static [u8]>,
    rows: Table<'t, (i64, &'static str), &'static [u8]>,
    search: Table<'t, (i64, &'static str), &'static str>,
    by_amount: Table<'t, (i64, &'static str), i64>,
    by_customer: Table<'t, (&'static str, &'static str), i64>,
    by_status: Table<'t, (&'static str, i64, &'static str), ()>,
    deadlines: Table<'t, (i64, &'static str), ()>,
    meta: Table<'t, &'static str, u64>,
}

impl<'t> Tables<'t> {
    pub fn open(txn: &'t WriteTransaction) -> StoreResult<Tables<'t>> {
        Ok(Tables {
            orders: txn.open_table(ORDERS)?,
            rows: txn.open_table(ROWS)?,
            search: txn.open_table(SEARCH)?,
            by_amount: txn.open_table(BY_AMOUNT)?,
            by_customer: txn.open_table(BY_CUSTOMER)?,
            by_status: txn.open_table(BY_STATUS)?,
            deadlines: txn.open_table(DEADLINES)?,
            meta: txn.open_table(META)?,
        })
    }

    pub fn read_order(&self, id: &str) -> StoreResult<Option<Order>> {
        match self.orders.get(id)? {
            Some(bytes) => postcard::from_bytes(bytes.value())
                .map(Some)
                .map_err(|e| redb::Error::Corrupted(format!("order {id} cannot be decoded ({e})."))),
            None => Ok(None),
        }
    }

    fn bump(&mut self, key: &str, delta: i64) -> StoreResult<()> {
        let current = self.meta.get(key)?.map(|v| v.value()).unwrap_or(0);
        self.meta.insert(key, current.saturating_add_signed(delta))?;
        Ok(())
    }

    /// Writes `new` and its index entries, replacing `old`'s (which must be what is stored).
    pub fn put_order(&mut self, old: Option<&Order>, new: &Order) -> StoreResult<()> {
        match old {
            Some(old) => self.remove_index_entries(old)?,
            None => self.bump(KEY_COUNT, 1)?,
        }
        let id = new.id.as_str();
        self.orders.insert(id, encode(new)?.as_slice())?;
        let key = (new.created_at, id);
        self.rows.insert(key, encode(&OrderRow::of(new))?.as_slice())?;
        let search = format!("{}\u{1f}{}", new.status.as_str(), haystack(new));
        self.search.insert(key, search.as_str())?;
        self.by_amount.insert((new.amount, id), new.created_at)?;
        self.by_customer.insert((customer_sort_name(new).as_str(), id), new.created_at)?;
        self.by_status.insert((new.status.as_str(), new.created_at, id), ())?;
        if let Some(deadline) = tracks_deadline(new) {
            self.deadlines.insert((deadline, id), ())?;
        }
        self.bump(&status_count_key(new.status.as_str()), 1)
    }

    fn remove_index_entries(&mut self, old: &Order) -> StoreResult<()> {
        let id = old.id.as_str();
        let key = (old.created_at, id);
        self.rows.remove(key)?;
        self.search.remove(key)?;
        self.by_amount.remove((old.amount, id))?;
        self.by_customer.remove((customer_sort_name(old).as_str(), id))?;
        self.by_status.remove((old.status.as_str(), old.created_at, id))?;
        if let Some(deadline) = tracks_deadline(old) {
            self.deadlines.remove((deadline, id))?;
        }
        self.bump(&status_count_key(old.status.as_str()), -1)
    }
}
