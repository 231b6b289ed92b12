//! Building the whole index at once, after a bulk load into an empty file (`generate`).
//!
//! Written order by order, the lists grow by rewriting their last piece in every batch, in
//! gram order scattered over the table: redb splits the leaves it inserts into in half and
//! frees the pages each rewrite replaces, so the file ends up much larger than the lists it
//! holds. Built here instead, from the orders' stored search text (in `createdAt` order, so
//! each list comes out ascending), every piece is written once, in key order, into empty
//! tables: redb packs leaves filled in ascending order, and nothing is freed.
//!
//! The grams of up to a million orders are gathered in one pass (about the index's size in
//! memory); above that each pass gathers one range of grams (ranges chosen from a sample so
//! the passes are about even), and the ranges ascend, so the whole table is still written in
//! key order. Each piece is closed before it would outgrow a quarter of a leaf, so leaves
//! hold four. Everything happens in one write transaction: no other writer can add an order
//! the build has not seen.
//!
//! A load of up to a million orders can instead be followed while it is written ([`Follower`]):
//! a second thread gathers what each of its commits wrote, and only the writing is left for
//! the end.

use super::gather::{Gathered, Gathering, stored_text};
use super::{GRAM_SIZES, POSTINGS, SHARED_TIMES};
use crate::domain::search_text::text_gram_offsets;
use crate::local::records::StoreResult;
use crate::local::schema::SEARCH;
use redb::{ReadTransaction, ReadableTable, ReadableTableMetadata, WriteTransaction};

/// Orders a [`Follower`] gathers at most: all their grams are in memory at once, as in one
/// pass of the build.
pub const FOLLOWED_AT_MOST: u64 = 1_000_000;
/// Orders whose grams one pass gathers, at most: what bounds the memory a build takes.
const ORDERS_PER_PASS: u64 = if cfg!(test) { 16 } else { FOLLOWED_AT_MOST };
/// Orders sampled to split the grams into even ranges.
const SAMPLED_ORDERS: u64 = 20_000;

/// Rebuilds the posting lists, the gram sizes and the shared times from the stored search
/// text, in the caller's write transaction. Returns how many orders were indexed.
pub fn build(txn: &WriteTransaction) -> StoreResult<u64> {
    start_afresh(txn)?;
    let search = txn.open_table(SEARCH)?;
    let bounds = gram_bounds(&search, search.len()?)?;
    let mut indexed = None;
    for (pass, range) in bounds.windows(2).enumerate() {
        let mut gathering = Gathering::new(range[0].unwrap_or(0), range[1], pass == 0);
        for entry in search.iter()? {
            let (key, bytes) = entry?;
            let (created, id) = key.value();
            gathering.feed(created, id, bytes.value());
        }
        let gathered = gathering.finish();
        indexed.get_or_insert(gathered.indexed);
        write_gathered(txn, gathered)?;
    }
    Ok(indexed.unwrap_or(0))
}

/// Empties the index's tables.
fn start_afresh(txn: &WriteTransaction) -> StoreResult<()> {
    txn.delete_table(POSTINGS)?;
    txn.delete_table(GRAM_SIZES)?;
    txn.delete_table(SHARED_TIMES)?;
    Ok(())
}

/// Writes one pass's lists (in gram order, each piece once), their sizes and shared times.
fn write_gathered(txn: &WriteTransaction, gathered: Gathered) -> StoreResult<()> {
    let mut postings = txn.open_table(POSTINGS)?;
    let mut sizes = txn.open_table(GRAM_SIZES)?;
    let mut shared_times = txn.open_table(SHARED_TIMES)?;
    for created in gathered.shared {
        shared_times.insert(created, ())?;
    }
    for (gram, list) in gathered.lists {
        let (pieces, size) = list.finish(gram);
        for (first, sealed) in pieces {
            postings.insert((gram, first), sealed.as_slice())?;
        }
        sizes.insert(gram, size)?;
    }
    Ok(())
}

/// Where the passes split the grams: `[0, b1, …, None]`, each pass taking `[low, high)`.
fn gram_bounds(
    search: &impl ReadableTable<(i64, &'static str), &'static [u8]>,
    orders: u64,
) -> StoreResult<Vec<Option<u64>>> {
    let passes = orders.div_ceil(ORDERS_PER_PASS).max(1);
    let mut bounds = vec![Some(0)];
    if passes > 1 {
        let step = (orders / SAMPLED_ORDERS).max(1) as usize;
        let mut sample: Vec<(u64, u32)> = Vec::new();
        for entry in search.iter()?.step_by(step) {
            let (key, bytes) = entry?;
            let (created, id) = key.value();
            if let Some(text) = stored_text(created, id, bytes.value()) {
                text_gram_offsets(text, &mut sample);
            }
        }
        sample.sort_unstable();
        for pass in 1..passes {
            let at = sample.len() * pass as usize / passes as usize;
            bounds.extend(sample.get(at).map(|&(gram, _)| Some(gram)));
        }
    }
    bounds.push(None);
    Ok(bounds)
}

/// The index of a bulk load gathered while the load is written: after each of the load's
/// commits it reads the search entries that commit made final, so only the writing is left
/// once the load ends. Holds every gram in memory: for loads of up to [`FOLLOWED_AT_MOST`].
pub struct Follower {
    gathering: Gathering,
    /// The first `createdAt` value not read yet.
    next: i64,
    read: u64,
}

impl Default for Follower {
    fn default() -> Follower {
        Follower { gathering: Gathering::new(0, None, true), next: i64::MIN, read: 0 }
    }
}

impl Follower {
    /// Reads the entries from where the last read stopped up to `below` (not included; `None`:
    /// to the end). The load must have committed every order placed before `below`.
    pub fn read(&mut self, txn: &ReadTransaction, below: Option<i64>) -> StoreResult<()> {
        let search = txn.open_table(SEARCH)?;
        let entries = match below {
            Some(below) if below <= self.next => return Ok(()),
            Some(below) => search.range((self.next, "")..(below, ""))?,
            None => search.range((self.next, "")..)?,
        };
        for entry in entries {
            let (key, bytes) = entry?;
            let (created, id) = key.value();
            self.gathering.feed(created, id, bytes.value());
            self.read += 1;
        }
        if let Some(below) = below {
            self.next = below;
        }
        Ok(())
    }

    /// Writes the gathered index in `txn` when it holds every stored order: `Some(indexed)`.
    /// `None`, with nothing written, when the load wrote an order after a commit that said its
    /// time was done (it would be missing): the caller builds the index from the file instead.
    pub fn write(self, txn: &WriteTransaction) -> StoreResult<Option<u64>> {
        if txn.open_table(SEARCH)?.len()? != self.read {
            return Ok(None);
        }
        start_afresh(txn)?;
        let gathered = self.gathering.finish();
        let indexed = gathered.indexed;
        write_gathered(txn, gathered)?;
        Ok(Some(indexed))
    }
}
