//! Writing the posting lists, inside the caller's write transaction.
//!
//! A list holds, for each order holding a gram, its `createdAt` value and the offsets of the
//! gram in its fields. Changes are buffered while a transaction writes its orders and applied
//! once per gram by [`Postings::flush`], so a bulk load rewrites each stored piece once per
//! batch, not once per order. Adding an entry twice is harmless (a rebuild can run beside
//! other writers).
//!
//! A value is taken out of a list only when no other order shares its `createdAt`: two
//! orders placed in the same millisecond keep their shared value (with both orders'
//! offsets), and search checks every order at such a time against its stored text, so a
//! value left behind costs a lookup, never a wrong answer.

use super::chunk::{self, Entries};
use super::{GRAM_SIZES, POSTINGS, SHARED_TIMES};
use crate::domain::search_text::GramPositions;
use crate::local::records::StoreResult;
use redb::{ReadableTable, Table, WriteTransaction};
use std::ops::Bound;

pub struct Postings<'t> {
    lists: Table<'t, (u64, i64), &'static [u8]>,
    sizes: Table<'t, u64, u64>,
    shared_times: Table<'t, i64, ()>,
    /// (gram, createdAt, offset): one flat triple per offset, so a bulk load of a batch holds
    /// no allocation per entry.
    added: Vec<(u64, i64, u32)>,
    /// Orders newly stored at a time: is another order there too?
    arrived: Vec<(i64, String)>,
    removed: Vec<(u64, i64, String)>,
    /// Whether a damaged piece was dropped (with the values it held): the index then misses
    /// orders until `reindex` rebuilds it.
    dropped: std::cell::Cell<bool>,
}

impl<'t> Postings<'t> {
    pub fn open(txn: &'t WriteTransaction) -> StoreResult<Postings<'t>> {
        Ok(Postings {
            lists: txn.open_table(POSTINGS)?,
            sizes: txn.open_table(GRAM_SIZES)?,
            shared_times: txn.open_table(SHARED_TIMES)?,
            added: Vec::new(),
            arrived: Vec::new(),
            removed: Vec::new(),
            dropped: std::cell::Cell::new(false),
        })
    }

    /// Records that the order `(created, id)` now holds the `new` grams instead of the `old`
    /// ones (both sorted by gram, as `order_gram_positions` returns them).
    pub fn replace(&mut self, created: i64, id: &str, old: &[GramPositions], new: &[GramPositions]) {
        let kept = |list: &[GramPositions], entry: &GramPositions| {
            list.binary_search_by_key(&entry.0, |(gram, _)| *gram).is_ok_and(|at| list[at].1 == entry.1)
        };
        self.removed.extend(old.iter().filter(|e| !kept(new, e)).map(|(gram, _)| (*gram, created, id.to_string())));
        for (gram, offsets) in new.iter().filter(|e| !kept(old, e)) {
            self.added.extend(offsets.iter().map(|&at| (*gram, created, at)));
        }
    }

    /// Makes search check every order at `created` against its text (one was taken out
    /// without its grams being known: its values may be left in the lists).
    pub fn distrust(&mut self, created: i64) -> StoreResult<()> {
        self.shared_times.insert(created, ())?;
        Ok(())
    }

    /// Records that the order `(created, id)` is newly stored at that time.
    pub fn arrived(&mut self, created: i64, id: &str) {
        self.arrived.push((created, id.to_string()));
    }

    /// Applies what was recorded: removals first, then additions. `rows` is the list-row
    /// table of the same transaction (which orders exist).
    pub fn flush(&mut self, rows: &impl ReadableTable<(i64, &'static str), &'static [u8]>) -> StoreResult<()> {
        for (created, id) in std::mem::take(&mut self.arrived) {
            if shared(rows, created, &id)? {
                self.shared_times.insert(created, ())?;
            }
        }
        for (gram, created, id) in std::mem::take(&mut self.removed) {
            if !shared(rows, created, &id)? {
                self.remove(gram, created)?;
            }
        }
        let mut added = std::mem::take(&mut self.added);
        added.sort_unstable();
        added.dedup();
        let mut start = 0;
        while start < added.len() {
            let gram = added[start].0;
            let end = start + added[start..].partition_point(|(g, _, _)| *g == gram);
            let mut entries = Entries::default();
            for &(_, value, at) in &added[start..end] {
                entries.append(value, &[at]);
            }
            self.add(gram, &entries)?;
            start = end;
        }
        Ok(())
    }

    /// Whether a damaged piece was replaced without the values it held (see [`Self::flush`]):
    /// the index is no longer complete.
    pub fn dropped_damage(&self) -> bool {
        self.dropped.get()
    }

    /// The key of the piece that holds (or would hold) `value`, and the first value of the
    /// piece after it.
    fn piece_for(&self, gram: u64, value: i64) -> StoreResult<Option<(i64, Option<i64>)>> {
        let before = self.lists.range((gram, i64::MIN)..=(gram, value))?.next_back().transpose()?;
        let first = match before {
            Some((key, _)) => key.value().1,
            None => match self.lists.range((gram, value)..=(gram, i64::MAX))?.next().transpose()? {
                Some((key, _)) => key.value().1,
                None => return Ok(None),
            },
        };
        let after = (Bound::Excluded((gram, first)), Bound::Included((gram, i64::MAX)));
        let next = self.lists.range::<(u64, i64)>(after)?.next().transpose()?.map(|(key, _)| key.value().1);
        Ok(Some((first, next)))
    }

    fn read_piece(&self, gram: u64, first: i64) -> StoreResult<Entries> {
        let mut entries = Entries::default();
        if let Some(bytes) = self.lists.get((gram, first))? {
            // A damaged piece is dropped and rebuilt from what is added now; the index is then
            // marked incomplete (`Tables::finish`), so searches scan until `reindex` restores it.
            if chunk::decode_into(gram, first, bytes.value(), &mut entries).is_err() {
                self.dropped.set(true);
                tracing::warn!(gram, "a damaged search index entry was replaced; run `reindex` to rebuild it");
                entries = Entries::default();
            }
        }
        Ok(entries)
    }

    fn write_pieces(&mut self, gram: u64, old_first: Option<i64>, entries: &Entries) -> StoreResult<()> {
        if let Some(first) = old_first {
            self.lists.remove((gram, first))?;
        }
        for range in entries.pieces() {
            let first = entries.values[range.start];
            self.lists.insert((gram, first), chunk::encode(gram, entries, range).as_slice())?;
        }
        Ok(())
    }

    /// Adds ascending, distinct entries to `gram`'s list.
    fn add(&mut self, gram: u64, entries: &Entries) -> StoreResult<()> {
        let mut grown = 0u64;
        let mut at = 0;
        while at < entries.len() {
            let Some((first, next)) = self.piece_for(gram, entries.values[at])? else {
                let rest = entries.slice(at..entries.len());
                grown += rest.len() as u64;
                self.write_pieces(gram, None, &rest)?;
                break;
            };
            let end = at + entries.values[at..].partition_point(|v| next.is_none_or(|n| *v < n));
            let stored = self.read_piece(gram, first)?;
            let merged = stored.merge(&entries.slice(at..end));
            grown += (merged.len() - stored.len()) as u64;
            self.write_pieces(gram, Some(first), &merged)?;
            at = end;
        }
        let size = self.sizes.get(gram)?.map(|v| v.value()).unwrap_or(0);
        self.sizes.insert(gram, size.saturating_add(grown))?;
        Ok(())
    }

    fn remove(&mut self, gram: u64, value: i64) -> StoreResult<()> {
        let Some((first, _)) = self.piece_for(gram, value)? else { return Ok(()) };
        let stored = self.read_piece(gram, first)?;
        if stored.find(value).is_none() {
            return Ok(());
        }
        self.write_pieces(gram, Some(first), &stored.without(value))?;
        let size = self.sizes.get(gram)?.map(|v| v.value()).unwrap_or(0);
        match size.saturating_sub(1) {
            0 => self.sizes.remove(gram)?,
            left => self.sizes.insert(gram, left)?,
        };
        Ok(())
    }
}

/// Whether an order other than `id` was created at `created`.
fn shared(rows: &impl ReadableTable<(i64, &'static str), &'static [u8]>, created: i64, id: &str) -> StoreResult<bool> {
    for entry in rows.range((created, "")..)? {
        let (key, _) = entry?;
        let (at, other) = key.value();
        if at != created {
            return Ok(false);
        }
        if other != id {
            return Ok(true);
        }
    }
    Ok(false)
}
