//! Keeping the secondary tables in step with the orders table, inside the caller's write
//! transaction, so an order and its index entries always commit together.

use super::schema::*;
use crate::backend::query::OrderRow;
use crate::domain::{CaptureMethod, Order, OrderStatus};
use redb::{ReadableTable, Table, WriteTransaction};

/// Reads one order by id through the `ids` table, from any transaction's tables.
pub fn lookup(
    ids: &impl ReadableTable<&'static str, i64>,
    orders: &impl ReadableTable<(i64, &'static str), &'static [u8]>,
    id: &str,
) -> StoreResult<Option<Order>> {
    let Some(created) = ids.get(id)?.map(|v| v.value()) else { return Ok(None) };
    match orders.get((created, id))? {
        Some(bytes) => super::order_record::decode(bytes.value())
            .map(Some)
            .map_err(|e| redb::Error::Corrupted(format!("order {id} cannot be decoded ({e})."))),
        None => Err(redb::Error::Corrupted(format!("order {id} is indexed but missing."))),
    }
}

pub type StoreResult<T> = Result<T, redb::Error>;

/// Separates the fields of a haystack so that a match never spans two of them.
const FIELD_BREAK: char = '\u{1}';

/// The lowercased text a search matches against: id, reference, name, kana, email, with the
/// spaces taken out (a query is compared without its spaces too, so "山田 太郎" and "山田太郎"
/// find the same orders).
pub fn haystack(order: &Order) -> String {
    let c = &order.customer;
    let fields = [
        order.id.as_str(),
        order.reference.as_str(),
        c.last_name.as_str(),
        c.first_name.as_str(),
        c.last_name_kana.as_str(),
        c.first_name_kana.as_str(),
        c.email.as_str(),
    ];
    let joined = format!(
        "{}{b}{}{b}{}{}{b}{}{}{b}{}",
        fields[0],
        fields[1],
        fields[2],
        fields[3],
        fields[4],
        fields[5],
        fields[6],
        b = FIELD_BREAK
    );
    normalize_search(&joined)
}

/// Lowercase, without white space: how both the haystack and the query are compared.
pub fn normalize_search(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect()
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
    orders: Table<'t, (i64, &'static str), &'static [u8]>,
    ids: Table<'t, &'static str, i64>,
    rows: Table<'t, (i64, &'static str), &'static [u8]>,
    search: Table<'t, (i64, &'static str), &'static [u8]>,
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
            ids: txn.open_table(IDS)?,
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
        lookup(&self.ids, &self.orders, id)
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
        let key = (new.created_at, id);
        self.ids.insert(id, new.created_at)?;
        self.orders.insert(key, encode(new)?.as_slice())?;
        self.rows.insert(key, encode(&OrderRow::of(new))?.as_slice())?;
        let search = format!("{}\u{1f}{}", new.status.as_str(), haystack(new));
        self.search.insert(key, search.as_bytes())?;
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
        self.orders.remove(key)?;
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
