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
mod gather;
mod lookup;
mod newest;
mod piece_list;
mod postings;

pub use bulk::{FOLLOWED_AT_MOST, Follower};
pub use deferred::build_index;
pub use lookup::{Candidates, candidates, candidates_within, estimate, shared_among};
pub use newest::NewestWindows;
pub use postings::Postings;

use crate::local::records::StoreResult;
use redb::{ReadTransaction, ReadableTable};

// The index's tables are described with the rest of the file's layout, in `schema`.
pub use super::schema::{GRAM_SIZES, KEY_INDEX_COMPLETE, POSTINGS, SHARED_TIMES};

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
mod follow_tests;
#[cfg(test)]
mod tests;
