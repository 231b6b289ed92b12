//! Building the whole index at once, after a bulk load into an empty file (`generate`).
//!
//! Written order by order, the lists grow by rewriting their last piece in every batch, in
//! gram order scattered over the table: redb splits the leaves it inserts into in half and
//! frees the pages each rewrite replaces, so the file ends up much larger than the lists it
//! holds. Built here instead, from the orders' stored search text (in `createdAt` order, so
//! each list comes out ascending), every piece is written once, in key order, into empty
//! tables: redb packs leaves filled in ascending order, and nothing is freed.
//!
//! The grams of a million orders do not fit in memory at once: each pass gathers one range of
//! grams (ranges chosen from a sample so the passes are about even), and the ranges ascend,
//! so the whole table is still written in key order. Everything happens in one write
//! transaction: no other writer can add an order the build has not seen.

use super::chunk::{self, CAPACITY};
use super::{GRAM_SIZES, POSTINGS, SHARED_TIMES};
use crate::domain::search_text::text_gram_offsets;
use crate::local::records::search_text;
use crate::local::records::{Format, StoreResult};
use crate::local::schema::SEARCH;
use redb::{ReadableTable, ReadableTableMetadata, WriteTransaction};
use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher, RandomState};

/// A piece is closed at [`CAPACITY`] entries or once it holds this many bytes, so several
/// pieces share a 4 KiB leaf and a leaf closed in ascending order is nearly full.
const PIECE_BYTES: usize = if cfg!(test) { 40 } else { 1_000 };
/// Orders whose grams one pass gathers, at most: what bounds the memory a build takes.
const ORDERS_PER_PASS: u64 = if cfg!(test) { 16 } else { 500_000 };
/// Orders sampled to split the grams into even ranges.
const SAMPLED_ORDERS: u64 = 20_000;

/// Rebuilds the posting lists, the gram sizes and the shared times from the stored search
/// text, in the caller's write transaction. Returns how many orders were indexed.
pub fn build(txn: &WriteTransaction) -> StoreResult<u64> {
    txn.delete_table(POSTINGS)?;
    txn.delete_table(GRAM_SIZES)?;
    txn.delete_table(SHARED_TIMES)?;
    let search = txn.open_table(SEARCH)?;
    let mut postings = txn.open_table(POSTINGS)?;
    let mut sizes = txn.open_table(GRAM_SIZES)?;
    let mut shared_times = txn.open_table(SHARED_TIMES)?;
    let orders = search.len()?;
    let bounds = gram_bounds(&search, orders)?;
    let mut indexed = 0;
    let mut grams: Vec<(u64, u32)> = Vec::new();
    for (pass, range) in bounds.windows(2).enumerate() {
        let (low, high) = (range[0].unwrap_or(0), range[1]);
        let mut lists: HashMap<u64, List, GramHashing> = HashMap::with_hasher(GramHashing::new());
        let mut before: Option<i64> = None;
        for entry in search.iter()? {
            let (key, bytes) = entry?;
            let (created, id) = key.value();
            if pass == 0 && before == Some(created) {
                shared_times.insert(created, ())?;
            }
            before = Some(created);
            let Some(text) = stored_text(created, id, bytes.value()) else { continue };
            indexed += u64::from(pass == 0);
            grams.clear();
            text_gram_offsets(text, &mut grams);
            grams.retain(|&(gram, _)| low <= gram && high.is_none_or(|high| gram < high));
            grams.sort_unstable();
            grams.dedup();
            for &(gram, at) in &grams {
                lists.entry(gram).or_default().add(gram, created, at);
            }
        }
        let mut in_order: Vec<(u64, List)> = lists.into_iter().collect();
        in_order.sort_unstable_by_key(|(gram, _)| *gram);
        for (gram, list) in in_order {
            let (pieces, size) = list.finish(gram);
            for (first, sealed) in pieces {
                postings.insert((gram, first), sealed.as_slice())?;
            }
            sizes.insert(gram, size)?;
        }
    }
    Ok(indexed)
}

/// The folded fields of a stored search entry (`status\x1f` + the text), or `None` for an
/// entry that does not read back (left for `check` to name, as `reindex` leaves it).
fn stored_text<'a>(created: i64, id: &str, bytes: &'a [u8]) -> Option<&'a str> {
    let payload = search_text(Format::Sealed, created, id, bytes).ok()?;
    let text = &payload[payload.iter().position(|&b| b == 0x1f)? + 1..];
    std::str::from_utf8(text).ok()
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

/// One gram's list as it is built: sealed pieces, the piece being written, and the entry
/// still gathering offsets (orders sharing a `createdAt` share one entry).
#[derive(Default)]
struct List {
    sealed: Vec<(i64, Vec<u8>)>,
    piece: Vec<u8>,
    piece_first: i64,
    piece_last: Option<i64>,
    piece_entries: usize,
    pending: Option<i64>,
    offsets: Vec<u32>,
    size: u64,
}

impl List {
    fn add(&mut self, gram: u64, value: i64, at: u32) {
        if self.pending != Some(value) {
            self.write_pending(gram);
            self.pending = Some(value);
        }
        self.offsets.push(at);
    }

    fn write_pending(&mut self, gram: u64) {
        let Some(value) = self.pending.take() else { return };
        if !self.offsets.is_sorted() {
            self.offsets.sort_unstable();
        }
        self.offsets.dedup();
        if self.piece_entries == 0 {
            self.piece_first = value;
            self.piece.reserve(PIECE_BYTES + 32);
        }
        chunk::push_entry(&mut self.piece, self.piece_last, value, &self.offsets);
        self.offsets.clear();
        self.piece_last = Some(value);
        self.piece_entries += 1;
        self.size += 1;
        if self.piece_entries >= CAPACITY || self.piece.len() >= PIECE_BYTES {
            self.seal_piece(gram);
        }
    }

    fn seal_piece(&mut self, gram: u64) {
        if self.piece_entries > 0 {
            let bytes = std::mem::take(&mut self.piece);
            self.sealed.push((self.piece_first, chunk::seal(gram, Some(self.piece_first), bytes)));
        }
        self.piece_entries = 0;
        self.piece_last = None;
    }

    /// The sealed pieces, ascending, and how many values the list holds.
    fn finish(mut self, gram: u64) -> (Vec<(i64, Vec<u8>)>, u64) {
        self.write_pending(gram);
        self.seal_piece(gram);
        (self.sealed, self.size)
    }
}

/// A fast hash for grams, keyed per build (a gram is made of customers' text).
struct GramHashing {
    key: u64,
}

impl GramHashing {
    fn new() -> GramHashing {
        GramHashing { key: RandomState::new().build_hasher().finish() | 1 }
    }
}

impl BuildHasher for GramHashing {
    type Hasher = GramHasher;
    fn build_hasher(&self) -> GramHasher {
        GramHasher { key: self.key, state: 0 }
    }
}

struct GramHasher {
    key: u64,
    state: u64,
}

impl Hasher for GramHasher {
    fn finish(&self) -> u64 {
        self.state
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.write_u64(u64::from(byte));
        }
    }

    fn write_u64(&mut self, n: u64) {
        let mixed = (self.state ^ n ^ self.key).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        self.state = mixed ^ (mixed >> 29);
    }
}
