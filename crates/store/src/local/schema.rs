//! The redb schema: table definitions, the schema version, and migrations.
//!
//! Keys put the sort order in the key itself, so that listing reads a key range a page at a
//! time and never loads every order.

use redb::{ReadableTable, TableDefinition, TableHandle, WriteTransaction};

/// Bump when the layout changes, and teach `migrate` the step. Version 2 seals every record
/// with a checksum (see `records`); version 3 adds the search index (see `search_index`).
pub const SCHEMA_VERSION: u64 = 3;
/// Sealed records without the search index: opened read-only until migrated.
pub const UNINDEXED_VERSION: u64 = 2;
/// The first layout, without checksums: opened read-only as unverified until migrated.
pub const UNSEALED_VERSION: u64 = 1;

/// (createdAt, id) → the whole order (postcard, sealed). Keyed by time, not id, so that orders placed
/// together are stored together and bulk loads append instead of rewriting random pages.
pub const ORDERS: TableDefinition<(i64, &str), &[u8]> = TableDefinition::new("orders");
/// id → createdAt: finds an order's key from its id.
pub const IDS: TableDefinition<&str, i64> = TableDefinition::new("ids");
/// (createdAt, id) → the list row (postcard, sealed): the newest-first list is this table backwards.
pub const ROWS: TableDefinition<(i64, &str), &[u8]> = TableDefinition::new("rows");
/// (createdAt, id) → b"status\x1f" + the folded searchable fields (`domain::search_text`),
/// what search verifies its candidates against (and scans when the index cannot narrow). Bytes, not
/// `&str`, so a scan does not re-validate UTF-8 for a million entries.
pub const SEARCH: TableDefinition<(i64, &str), &[u8]> = TableDefinition::new("search");
/// (amount, id) → createdAt.
pub const BY_AMOUNT: TableDefinition<(i64, &str), i64> = TableDefinition::new("by_amount");
/// (customer sort name, id) → createdAt.
pub const BY_CUSTOMER: TableDefinition<(&str, &str), i64> = TableDefinition::new("by_customer");
/// (status, createdAt, id) → ().
pub const BY_STATUS: TableDefinition<(&str, i64, &str), ()> = TableDefinition::new("by_status");
/// (expiresAt, id) → () for manual orders still awaiting capture: what the expiry sweep reads.
pub const DEADLINES: TableDefinition<(i64, &str), ()> = TableDefinition::new("deadlines");
/// idempotency key → the stored result of the operation it made (postcard, sealed).
pub const IDEMPOTENCY: TableDefinition<&str, &[u8]> = TableDefinition::new("idempotency");
/// "schema_version", "count", "count:<status>" → number.
pub const META: TableDefinition<&str, u64> = TableDefinition::new("meta");

pub const KEY_VERSION: &str = "schema_version";
pub const KEY_COUNT: &str = "count";

pub fn status_count_key(status: &str) -> String {
    format!("count:{status}")
}

// The search index (see `search_index`).
/// (gram, first createdAt of the piece) → the piece's ascending createdAt values (sealed).
pub const POSTINGS: TableDefinition<(u64, i64), &[u8]> = TableDefinition::new("search_postings");
/// gram → how many values its list holds: which list to read first.
pub const GRAM_SIZES: TableDefinition<u64, u64> = TableDefinition::new("search_gram_sizes");
/// createdAt values held by more than one order (rare: orders placed in the same millisecond).
/// A list cannot tell those orders apart, so search verifies them; any other value of an exact
/// gram's list is one matching order, and is counted without reading its text.
pub const SHARED_TIMES: TableDefinition<i64, ()> = TableDefinition::new("search_shared_times");
/// In `meta`: 1 when the index covers every order, 0 while `reindex` is building it (search
/// then scans the stored text instead).
pub const KEY_INDEX_COMPLETE: &str = "search_index_complete";

/// Whether `name` is one of the store's own tables (what no side table may be: see `side`).
pub fn is_store_table(name: &str) -> bool {
    let own = [ORDERS.name(), IDS.name(), ROWS.name(), SEARCH.name(), BY_AMOUNT.name(), BY_CUSTOMER.name()];
    let more = [BY_STATUS.name(), DEADLINES.name(), IDEMPOTENCY.name(), META.name()];
    let index = [POSTINGS.name(), GRAM_SIZES.name(), SHARED_TIMES.name()];
    own.iter().chain(&more).chain(&index).any(|own| *own == name)
}

/// Creates every table and stamps the version on a new file.
pub(crate) fn initialize(txn: &WriteTransaction) -> Result<(), redb::Error> {
    txn.open_table(ORDERS)?;
    txn.open_table(IDS)?;
    txn.open_table(ROWS)?;
    txn.open_table(SEARCH)?;
    txn.open_table(BY_AMOUNT)?;
    txn.open_table(BY_CUSTOMER)?;
    txn.open_table(BY_STATUS)?;
    txn.open_table(DEADLINES)?;
    txn.open_table(IDEMPOTENCY)?;
    txn.open_table(POSTINGS)?;
    txn.open_table(GRAM_SIZES)?;
    txn.open_table(SHARED_TIMES)?;
    let mut meta = txn.open_table(META)?;
    if meta.get(KEY_VERSION)?.is_none() {
        meta.insert(KEY_VERSION, SCHEMA_VERSION)?;
        meta.insert(KEY_COUNT, 0)?;
        meta.insert(KEY_INDEX_COMPLETE, 1)?;
    }
    Ok(())
}
