//! The search index: for every gram of the searchable fields (see `domain::search_text`), the
//! `createdAt` values of the orders holding it and where in their fields, kept in the order
//! file and written in the same transaction as the order. A search reads the lists of its
//! grams, intersects them and keeps the orders where a term's grams stand next to each other,
//! so the index decides each match itself: the answer is what a full scan would give, without
//! reading the orders' stored text (only orders sharing a `createdAt` millisecond, and terms of
//! one or two ASCII characters, are checked against it).

mod bulk;
mod chunk;
mod deferred;
mod lookup;
mod postings;

pub use deferred::build_index;
pub use lookup::{Candidates, candidates, estimate, shared_among};
pub use postings::Postings;

use crate::local::records::StoreResult;
use redb::{ReadTransaction, ReadableTable, TableDefinition};

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

/// Every stored piece of the posting lists read and checked against its checksum, for `check`:
/// `note` gets each piece's reading (a damaged one is an `Err` naming it).
pub fn verify_pieces(
    txn: &ReadTransaction,
    note: &mut dyn FnMut(StoreResult<()>) -> StoreResult<()>,
) -> StoreResult<()> {
    for entry in txn.open_table(POSTINGS)?.iter()? {
        let (key, sealed) = entry?;
        let (gram, first) = key.value();
        let mut entries = chunk::Entries::default();
        note(chunk::decode_into(gram, first, sealed.value(), &mut entries))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests;
