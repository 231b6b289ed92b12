//! A bulk load into an empty file builds the search index once, at its end (see [`bulk`]),
//! instead of order by order: `LocalStore::defer_search_index` first, the orders through
//! `LocalStore::insert_ready`, then `LocalStore::build_search_index`. Until the
//! build commits the file says its index is incomplete, so a search meanwhile (or after the
//! load was stopped) scans the stored text, and `reindex` builds what a stopped load left.
//! An import into an empty file does the same inside its one transaction ([`build_index`]).
//!
//! [`bulk`]: super::bulk

use super::{KEY_INDEX_COMPLETE, bulk};
use crate::local::records::StoreResult;
use crate::local::schema::META;
use redb::WriteTransaction;

/// Builds the whole search index in the caller's write transaction (no table of the index
/// may be open in it) and marks it complete. Returns how many orders it indexed.
pub fn build_index(txn: &WriteTransaction) -> StoreResult<u64> {
    let indexed = bulk::build(txn)?;
    txn.open_table(META)?.insert(KEY_INDEX_COMPLETE, 1)?;
    Ok(indexed)
}
