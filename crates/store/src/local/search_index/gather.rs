//! Gathering the grams of stored search entries into their posting lists, in memory: what the
//! bulk build does with every entry it reads (see [`super::bulk`]), whether it reads them
//! after a load or while the load is written.

use super::piece_list::List;
use crate::domain::search_text::text_gram_offsets;
use crate::local::records::Format;
use crate::local::records::search_text;
use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher, RandomState};

/// The lists of one pass of the build (or of a whole load followed), gathered from search
/// entries given in ascending `createdAt` order.
pub(super) struct Gathering {
    /// The grams this pass keeps: `[low, high)`.
    low: u64,
    high: Option<u64>,
    lists: Lists,
    moment: Moment,
    batch: Batch,
    /// Orders whose text was read (a damaged entry is left for `check` to name).
    pub(super) indexed: u64,
    /// The `createdAt` values two orders or more share, when this pass records them.
    shared: Option<Vec<i64>>,
}

/// A pass's lists in gram order, with what else the build writes.
pub(super) struct Gathered {
    pub(super) lists: Vec<(u64, List)>,
    pub(super) indexed: u64,
    pub(super) shared: Vec<i64>,
}

impl Gathering {
    pub(super) fn new(low: u64, high: Option<u64>, record_shared: bool) -> Gathering {
        Gathering {
            low,
            high,
            lists: HashMap::with_hasher(GramHashing::new()),
            moment: Moment::default(),
            batch: Batch::default(),
            indexed: 0,
            shared: record_shared.then(Vec::new),
        }
    }

    /// Takes one stored search entry; entries come in key order (`createdAt`, then id).
    pub(super) fn feed(&mut self, created: i64, id: &str, bytes: &[u8]) {
        let moment = &mut self.moment;
        if moment.value == Some(created) {
            if let Some(shared) = &mut self.shared
                && shared.last() != Some(&created)
            {
                shared.push(created);
            }
        } else {
            moment.write_into(&mut self.batch, &mut self.lists);
            moment.value = Some(created);
        }
        let Some(text) = stored_text(created, id, bytes) else { return };
        self.indexed += 1;
        let from = moment.grams.len();
        text_gram_offsets(text, &mut moment.grams);
        if self.low != 0 || self.high.is_some() {
            let mut n = from;
            while n < moment.grams.len() {
                let gram = moment.grams[n].0;
                if self.low <= gram && self.high.is_none_or(|high| gram < high) {
                    n += 1;
                } else {
                    moment.grams.swap_remove(n);
                }
            }
        }
        if moment.grams.len() >= BATCH_GRAMS {
            // Many orders in one millisecond (a crafted import could hold a million): their
            // grams go on in batches as well; a list joins the entries of a value that arrive
            // apart, so memory stays bounded by the batch.
            moment.write_into(&mut self.batch, &mut self.lists);
        }
    }

    /// Everything gathered, the lists in gram order.
    pub(super) fn finish(mut self) -> Gathered {
        self.moment.write_into(&mut self.batch, &mut self.lists);
        self.batch.write_into(&mut self.lists);
        let mut lists: Vec<(u64, List)> = self.lists.into_iter().collect();
        lists.sort_unstable_by_key(|(gram, _)| *gram);
        Gathered { lists, indexed: self.indexed, shared: self.shared.unwrap_or_default() }
    }
}

/// The folded fields of a stored search entry (`status\x1f` + the text), or `None` for an
/// entry that does not read back (left for `check` to name, as `reindex` leaves it).
pub(super) fn stored_text<'a>(created: i64, id: &str, bytes: &'a [u8]) -> Option<&'a str> {
    let payload = search_text(Format::Sealed, created, id, bytes).ok()?;
    let text = &payload[payload.iter().position(|&b| b == 0x1f)? + 1..];
    std::str::from_utf8(text).ok()
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
