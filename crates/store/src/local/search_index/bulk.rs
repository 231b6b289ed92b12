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

use super::chunk::{self, CAPACITY};
use super::{GRAM_SIZES, POSTINGS, SHARED_TIMES};
use crate::domain::search_text::text_gram_offsets;
use crate::local::records::search_text;
use crate::local::records::{Format, StoreResult};
use crate::local::schema::SEARCH;
use redb::{ReadableTable, ReadableTableMetadata, WriteTransaction};
use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher, RandomState};

/// A piece's bytes before its checksum, at most, so that four sealed pieces with their keys
/// fill one 4 KiB leaf: a leaf holds a 4-byte header and, per piece, its 16-byte key, a 4-byte
/// length and the piece with its 4-byte checksum. (A piece closed only once it held 1,000
/// bytes left room for three: leaves three quarters full.)
const LEAF_PIECE_BYTES: usize = (4096 - 4) / 4 - 16 - 4 - 4;
const PIECE_BYTES: usize = if cfg!(test) { 40 } else { LEAF_PIECE_BYTES };
/// Orders whose grams one pass gathers, at most: what bounds the memory a build takes.
const ORDERS_PER_PASS: u64 = if cfg!(test) { 16 } else { 1_000_000 };
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
    let mut moment = Moment::default();
    let mut batch = Batch::default();
    for (pass, range) in bounds.windows(2).enumerate() {
        let (low, high) = (range[0].unwrap_or(0), range[1]);
        let every_gram = low == 0 && high.is_none();
        let mut lists: Lists = HashMap::with_hasher(GramHashing::new());
        for entry in search.iter()? {
            let (key, bytes) = entry?;
            let (created, id) = key.value();
            if moment.value == Some(created) {
                if pass == 0 {
                    shared_times.insert(created, ())?;
                }
            } else {
                moment.write_into(&mut batch, &mut lists);
                moment.value = Some(created);
            }
            let Some(text) = stored_text(created, id, bytes.value()) else { continue };
            indexed += u64::from(pass == 0);
            let from = moment.grams.len();
            text_gram_offsets(text, &mut moment.grams);
            if !every_gram {
                let mut n = from;
                while n < moment.grams.len() {
                    let gram = moment.grams[n].0;
                    if low <= gram && high.is_none_or(|high| gram < high) {
                        n += 1;
                    } else {
                        moment.grams.swap_remove(n);
                    }
                }
            }
            if moment.grams.len() >= BATCH_GRAMS {
                // Many orders in one millisecond (a crafted import could hold a million): their
                // grams go on in batches as well; a list joins the entries of a value that
                // arrive apart, so memory stays bounded by the batch.
                moment.write_into(&mut batch, &mut lists);
            }
        }
        moment.write_into(&mut batch, &mut lists);
        moment.value = None;
        batch.write_into(&mut lists);
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

/// The grams of the orders at one `createdAt` value, gathered until the value changes: orders
/// placed in the same millisecond share one entry of each list, with the offsets of both.
#[derive(Default)]
struct Moment {
    value: Option<i64>,
    grams: Vec<(u64, u32)>,
}

impl Moment {
    /// Hands the grams gathered so far to `batch` (the moment's value stays: more orders of
    /// it may follow).
    fn write_into(&mut self, batch: &mut Batch, lists: &mut Lists) {
        let Some(value) = self.value else { return };
        let moment = batch.values.len() as u32;
        batch.values.push(value);
        if batch.groups.is_empty() {
            batch.groups.resize_with(GROUPS, Vec::new);
        }
        for &(gram, at) in &self.grams {
            batch.groups[group(gram)].push((gram, moment, at));
        }
        batch.gathered += self.grams.len();
        self.grams.clear();
        if batch.gathered >= BATCH_GRAMS {
            batch.write_into(lists);
        }
    }
}

type Lists = HashMap<u64, List, GramHashing>;

/// Grams a batch gathers before they go into their lists.
const BATCH_GRAMS: usize = if cfg!(test) { 50 } else { 1 << 22 };
/// The groups a batch's grams are put in, by a hash of the gram.
const GROUPS: usize = 256;

/// The grams of many orders on their way into their lists. Put into the lists one order after
/// another, each gram would touch a list (and the end of its piece) anywhere in memory: a
/// cache miss or three per gram. Put in groups by a hash of the gram first, the lists of one
/// group are few enough to stay in the cache while the group's grams go in.
#[derive(Default)]
struct Batch {
    /// The `createdAt` value of each moment of the batch.
    values: Vec<i64>,
    /// (gram, moment, offset) by group, moment by moment in each.
    groups: Vec<Vec<(u64, u32, u32)>>,
    gathered: usize,
    offsets: Vec<u32>,
    joined: Vec<u32>,
}

fn group(gram: u64) -> usize {
    (gram.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 56) as usize % GROUPS
}

impl Batch {
    /// Writes every entry gathered into its list, and empties the batch.
    fn write_into(&mut self, lists: &mut Lists) {
        // A gram's offsets in one order come ascending; those of two orders at one time, or
        // of one order split by another gram of the group, are joined by `List::push`.
        for run in self.groups.iter().flat_map(|group| group.chunk_by(|a, b| a.0 == b.0 && a.1 == b.1)) {
            let (gram, moment, first) = run[0];
            let offsets = match run.len() {
                1 => std::slice::from_ref(&first),
                _ => {
                    self.offsets.clear();
                    self.offsets.extend(run.iter().map(|&(_, _, at)| at));
                    if !self.offsets.is_sorted_by(|a, b| a < b) {
                        self.offsets.sort_unstable();
                        self.offsets.dedup();
                    }
                    &self.offsets
                }
            };
            let value = self.values[moment as usize];
            lists.entry(gram).or_default().push(gram, value, offsets, &mut self.joined);
        }
        self.values.clear();
        self.groups.iter_mut().for_each(Vec::clear);
        self.gathered = 0;
    }
}

/// One gram's list as it is built: the sealed pieces and the piece being written.
#[derive(Default)]
struct List {
    sealed: Vec<(i64, Vec<u8>)>,
    piece: Vec<u8>,
    piece_first: i64,
    piece_last: i64,
    /// Where the piece's last entry starts, and the value of the entry before it (`None`
    /// when it is the piece's first).
    last_start: usize,
    before_last: Option<i64>,
    piece_entries: usize,
    size: u64,
}

impl List {
    /// Appends the entry of `value` (not below the last one) with its ascending offsets; the
    /// same value as the last one gets one entry with the offsets of both (`scratch` is room
    /// for joining them).
    fn push(&mut self, gram: u64, value: i64, offsets: &[u32], scratch: &mut Vec<u32>) {
        if self.piece_entries > 0 && value == self.piece_last {
            return self.join_last(gram, value, offsets, scratch);
        }
        if self.piece_entries >= CAPACITY {
            self.seal_piece(gram);
        }
        self.size += 1;
        if self.piece_entries > 0 {
            let before = self.piece.len();
            chunk::push_entry(&mut self.piece, Some(self.piece_last), value, offsets);
            if self.piece.len() <= PIECE_BYTES {
                (self.last_start, self.before_last) = (before, Some(self.piece_last));
                self.piece_last = value;
                self.piece_entries += 1;
                return;
            }
            // Over the piece's bytes: the entry starts the next piece instead.
            self.piece.truncate(before);
            self.seal_piece(gram);
        }
        // Room for a whole piece, an entry past it (taken back) and the checksum.
        self.piece.reserve(PIECE_BYTES + 64);
        chunk::push_entry(&mut self.piece, None, value, offsets);
        (self.last_start, self.before_last) = (0, None);
        self.piece_first = value;
        self.piece_last = value;
        self.piece_entries = 1;
    }

    /// Takes the last entry back and writes it again with `offsets` too.
    fn join_last(&mut self, gram: u64, value: i64, offsets: &[u32], scratch: &mut Vec<u32>) {
        let mut both = std::mem::take(scratch);
        both.clear();
        chunk::entry_offsets(&self.piece[self.last_start..], &mut both);
        both.extend_from_slice(offsets);
        both.sort_unstable();
        both.dedup();
        self.piece.truncate(self.last_start);
        self.piece_entries -= 1;
        self.size -= 1;
        if let Some(before) = self.before_last {
            self.piece_last = before;
        }
        self.push(gram, value, &both, scratch);
        *scratch = both;
    }

    fn seal_piece(&mut self, gram: u64) {
        if self.piece_entries > 0 {
            let bytes = std::mem::take(&mut self.piece);
            self.sealed.push((self.piece_first, chunk::seal(gram, Some(self.piece_first), bytes)));
        }
        self.piece_entries = 0;
    }

    /// The sealed pieces, ascending, and how many values the list holds.
    fn finish(mut self, gram: u64) -> (Vec<(i64, Vec<u8>)>, u64) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_piece_is_closed_before_it_would_outgrow_its_share_of_a_leaf() {
        assert_eq!(LEAF_PIECE_BYTES, 999);
        let mut list = List::default();
        let mut values = Vec::new();
        for n in 0..2_000i64 {
            let offsets: &[u32] = if n % 7 == 0 { &[1, 40, 300] } else { &[(n % 200) as u32] };
            values.push(1_700_000_000_000 + n * n);
            list.push(9, 1_700_000_000_000 + n * n, offsets, &mut Vec::new());
        }
        let (pieces, size) = list.finish(9);
        assert_eq!(size, 2_000);
        let mut entries = chunk::Entries::default();
        for (n, (first, sealed)) in pieces.iter().enumerate() {
            assert!(sealed.len() <= PIECE_BYTES + 4, "piece {n}: {} bytes", sealed.len());
            if n + 1 < pieces.len() {
                assert!(sealed.len() + 8 > PIECE_BYTES + 4, "piece {n} closed early: {} bytes", sealed.len());
            }
            chunk::decode_into(9, *first, sealed, &mut entries).expect("decodes");
        }
        assert_eq!(entries.values, values);
        assert_eq!(entries.positions(7), &[1, 40, 300]);
    }

    #[test]
    fn a_value_given_twice_is_one_entry_with_the_offsets_of_both() {
        let mut list = List::default();
        list.push(9, 10, &[4], &mut Vec::new());
        list.push(9, 10, &[1, 4], &mut Vec::new());
        for n in 0..30 {
            list.push(9, 20 + n, &[n as u32], &mut Vec::new());
            list.push(9, 20 + n, &[100], &mut Vec::new());
        }
        let (pieces, size) = list.finish(9);
        assert_eq!(size, 31);
        assert!(pieces.len() > 1, "joined entries cross pieces too");
        let mut entries = chunk::Entries::default();
        for (first, sealed) in &pieces {
            assert!(sealed.len() <= PIECE_BYTES + 4);
            chunk::decode_into(9, *first, sealed, &mut entries).expect("decodes");
        }
        assert_eq!(entries.positions(0), &[1, 4]);
        for n in 0..30 {
            assert_eq!(entries.find(20 + n), Some(&[n as u32, 100][..]));
        }
    }
}
