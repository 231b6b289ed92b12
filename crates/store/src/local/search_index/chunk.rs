//! One stored piece of a posting list: the ascending, distinct `createdAt` values of the
//! orders holding a gram, each with the offsets where the gram starts in that order's fields
//! (see `domain::search_text::order_gram_positions`), as varints, sealed with a checksum bound
//! to its key.
//!
//! A piece starts with the bytes `80 00` (a varint no writer of the first layout makes), then
//! per entry one varint `delta << 1 | several` — the gap from the entry before (none for the
//! first: its value is the key's) and whether more than one offset follows — the count of
//! offsets when several, and the offsets as gaps. Most entries have one offset, so most cost
//! their gap and one offset. A piece of the first layout (the zigzag first value, then per
//! entry its gap, the count and the offsets) is still read, so a file indexed before keeps
//! its index.

use crate::checksum;
use crate::local::records::{StoreError, StoreResult, identity};

/// The record kind named in a damage report.
pub const POSTING: &str = "search index entry";

/// How many values one stored piece holds at most: small enough that adding one order
/// rewrites little, large enough that a common gram is a few hundred pieces.
pub const CAPACITY: usize = 512;

/// Entries of a posting list in memory: ascending values, each with its ascending offsets.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Entries {
    pub values: Vec<i64>,
    /// `positions[ends[i - 1]..ends[i]]` are the offsets of `values[i]`.
    ends: Vec<u32>,
    positions: Vec<u32>,
}

impl Entries {
    pub fn len(&self) -> usize {
        self.values.len()
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    pub fn clear(&mut self) {
        self.values.clear();
        self.ends.clear();
        self.positions.clear();
    }

    pub fn push(&mut self, value: i64, positions: &[u32]) {
        self.values.push(value);
        self.positions.extend_from_slice(positions);
        self.ends.push(self.positions.len() as u32);
    }

    pub fn positions(&self, index: usize) -> &[u32] {
        let start = index.checked_sub(1).map_or(0, |before| self.ends[before] as usize);
        &self.positions[start..self.ends[index] as usize]
    }

    /// Appends `value` (not below the last one); the same value as the last one gets the
    /// offsets of both.
    pub fn append(&mut self, value: i64, positions: &[u32]) {
        if self.values.last() != Some(&value) {
            return self.push(value, positions);
        }
        // Offsets arriving in order (a sorted bulk load) extend the last entry in place.
        let last = self.positions.last().copied();
        if positions.first().is_some_and(|&first| last.is_none_or(|l| l < first)) && positions.is_sorted() {
            self.positions.extend_from_slice(positions);
            if let Some(end) = self.ends.last_mut() {
                *end = self.positions.len() as u32;
            }
            return;
        }
        let start = self.len().checked_sub(2).map_or(0, |before| self.ends[before] as usize);
        let mut both: Vec<u32> = self.positions[start..].iter().chain(positions).copied().collect();
        both.sort_unstable();
        both.dedup();
        self.positions.truncate(start);
        self.positions.extend(both);
        if let Some(end) = self.ends.last_mut() {
            *end = self.positions.len() as u32;
        }
    }

    /// The entries `range`.
    pub fn slice(&self, range: std::ops::Range<usize>) -> Entries {
        let mut out = Entries::default();
        for at in range {
            out.push(self.values[at], self.positions(at));
        }
        out
    }

    /// The offsets of `value`, if the list holds it.
    pub fn find(&self, value: i64) -> Option<&[u32]> {
        self.values.binary_search(&value).ok().map(|at| self.positions(at))
    }

    pub fn iter(&self) -> impl Iterator<Item = (i64, &[u32])> {
        (0..self.len()).map(|at| (self.values[at], self.positions(at)))
    }

    /// Without `value`.
    pub fn without(&self, value: i64) -> Entries {
        let mut out = Entries::default();
        for (v, positions) in self.iter().filter(|(v, _)| *v != value) {
            out.push(v, positions);
        }
        out
    }

    /// The union of two lists; a value in both keeps the offsets of both.
    pub fn merge(&self, other: &Entries) -> Entries {
        let mut out = Entries::default();
        let (mut i, mut j) = (0, 0);
        while i < self.len() || j < other.len() {
            let (a, b) = (self.values.get(i), other.values.get(j));
            match (a, b) {
                (Some(a), Some(b)) if a == b => {
                    let mut both: Vec<u32> = self.positions(i).iter().chain(other.positions(j)).copied().collect();
                    both.sort_unstable();
                    both.dedup();
                    out.push(*a, &both);
                    i += 1;
                    j += 1;
                }
                (Some(a), b) if b.is_none_or(|b| a < b) => {
                    out.push(*a, self.positions(i));
                    i += 1;
                }
                _ => {
                    out.push(other.values[j], other.positions(j));
                    j += 1;
                }
            }
        }
        out
    }

    /// Index ranges splitting the list into pieces of at most [`CAPACITY`], as even as possible.
    pub fn pieces(&self) -> Vec<std::ops::Range<usize>> {
        let count = self.len().div_ceil(CAPACITY).max(1);
        let size = self.len().div_ceil(count).max(1);
        (0..self.len()).step_by(size).map(|start| start..(start + size).min(self.len())).collect()
    }
}

fn gram_name(gram: u64) -> String {
    format!("{gram:016x}")
}

/// Seals the entries `range` of `entries` as one piece.
pub fn encode(gram: u64, entries: &Entries, range: std::ops::Range<usize>) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(range.len() * 5 + 12);
    let mut previous: Option<i64> = None;
    for at in range.clone() {
        push_entry(&mut bytes, previous, entries.values[at], entries.positions(at));
        previous = Some(entries.values[at]);
    }
    seal(gram, entries.values.get(range.start).copied(), bytes)
}

/// Marks a piece of the current layout: a non-canonical varint 0, which the first layout
/// never starts with.
const LAYOUT_2: [u8; 2] = [0x80, 0x00];

/// Appends one entry to the bytes of a piece being written; `previous` is the value of the
/// entry before it in the piece (`None` for the piece's first, whose value is in its key).
pub fn push_entry(bytes: &mut Vec<u8>, previous: Option<i64>, value: i64, positions: &[u32]) {
    let delta = match previous {
        None => {
            bytes.extend_from_slice(&LAYOUT_2);
            0
        }
        Some(p) => value.wrapping_sub(p) as u64,
    };
    let several = positions.len() != 1;
    push_varint128(bytes, (u128::from(delta) << 1) | u128::from(several));
    if several {
        push_varint128(bytes, positions.len() as u128);
    }
    let mut last = 0u32;
    for &position in positions {
        push_varint128(bytes, u128::from(position - last));
        last = position;
    }
}

/// Appends to `out` the offsets of the one entry `bytes` holds, as [`push_entry`] wrote it
/// (with the piece's mark when it was the first).
pub fn entry_offsets(bytes: &[u8], out: &mut Vec<u32>) {
    // A later entry's head is a canonical varint: it never starts with the mark.
    let mut reader = Varints { bytes: bytes.strip_prefix(&LAYOUT_2).unwrap_or(bytes), at: 0 };
    let Some(head) = reader.next() else { return };
    let count = if head & 1 == 1 { reader.next().unwrap_or(0) } else { 1 };
    let mut last = 0u32;
    for _ in 0..count.min(bytes.len() as u128) {
        let Some(gap) = reader.next().and_then(|gap| u32::try_from(gap).ok()) else { return };
        last = last.saturating_add(gap);
        out.push(last);
    }
}

/// Seals the bytes of a piece whose first value is `first`, for storing under `(gram, first)`.
pub fn seal(gram: u64, first: Option<i64>, bytes: Vec<u8>) -> Vec<u8> {
    checksum::seal(identity(POSTING, first, &gram_name(gram)), bytes)
}

/// Appends the entries of the piece stored under `(gram, first)` to `out`.
pub fn decode_into(gram: u64, first: i64, sealed: &[u8], out: &mut Entries) -> StoreResult<()> {
    let damaged = || StoreError::damaged(POSTING, &gram_name(gram), "cannot be read; run `smartpay-console reindex`");
    let bytes = checksum::unseal(identity(POSTING, Some(first), &gram_name(gram)), sealed).ok_or_else(damaged)?;
    let start = out.len();
    let read = match bytes.strip_prefix(&LAYOUT_2) {
        Some(entries) => read_entries(entries, first, out),
        None => read_first_layout(bytes, out),
    };
    if read.is_none() || out.values.get(start) != Some(&first) {
        return Err(damaged());
    }
    Ok(())
}

fn read_entries(bytes: &[u8], first: i64, out: &mut Entries) -> Option<()> {
    let mut reader = Varints { bytes, at: 0 };
    let mut previous: Option<i64> = None;
    let mut positions = Vec::new();
    while !reader.done() {
        let head = reader.next()?;
        let delta = u64::try_from(head >> 1).ok()?;
        let value = match previous {
            None if delta == 0 => first,
            None => return None,
            Some(p) => p.checked_add_unsigned(delta)?,
        };
        let count = if head & 1 == 1 { reader.next()? } else { 1 };
        read_offsets(&mut reader, count, &mut positions)?;
        out.push(value, &positions);
        previous = Some(value);
    }
    Some(())
}

/// A piece written before the current layout.
fn read_first_layout(bytes: &[u8], out: &mut Entries) -> Option<()> {
    let mut reader = Varints { bytes, at: 0 };
    let mut previous: Option<i64> = None;
    let mut positions = Vec::new();
    while !reader.done() {
        let raw = u64::try_from(reader.next()?).ok()?;
        let value = match previous {
            None => ((raw >> 1) as i64) ^ -((raw & 1) as i64),
            Some(p) => p.wrapping_add(raw as i64),
        };
        let count = reader.next()?;
        read_offsets(&mut reader, count, &mut positions)?;
        out.push(value, &positions);
        previous = Some(value);
    }
    Some(())
}

fn read_offsets(reader: &mut Varints<'_>, count: u128, positions: &mut Vec<u32>) -> Option<()> {
    positions.clear();
    let mut last = 0u32;
    for _ in 0..count.min(reader.bytes.len() as u128) {
        last = last.checked_add(u32::try_from(reader.next()?).ok()?)?;
        positions.push(last);
    }
    Some(())
}

fn push_varint128(bytes: &mut Vec<u8>, mut value: u128) {
    // Nearly every varint fits in 64 bits: the narrower loop is the one that runs.
    if let Ok(mut narrow) = u64::try_from(value) {
        // Built on the stack and appended at once: one check of the vector's room, not one
        // per byte.
        let mut encoded = [0u8; 10];
        let mut n = 0;
        while narrow >= 0x80 {
            encoded[n] = (narrow as u8) | 0x80;
            narrow >>= 7;
            n += 1;
        }
        encoded[n] = narrow as u8;
        bytes.extend_from_slice(&encoded[..=n]);
        return;
    }
    while value >= 0x80 {
        bytes.push((value as u8) | 0x80);
        value >>= 7;
    }
    bytes.push(value as u8);
}

struct Varints<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Varints<'_> {
    fn done(&self) -> bool {
        self.at >= self.bytes.len()
    }

    /// The next varint (at most 19 bytes: 128 bits).
    fn next(&mut self) -> Option<u128> {
        // Nearly every varint is a few bytes: the 64-bit loop is the one that runs.
        let mut narrow = 0u64;
        for (n, &byte) in self.bytes.get(self.at..)?.iter().enumerate().take(9) {
            narrow |= u64::from(byte & 0x7f) << (7 * n);
            if byte & 0x80 == 0 {
                self.at += n + 1;
                return Some(u128::from(narrow));
            }
        }
        let mut value = 0u128;
        for (n, &byte) in self.bytes.get(self.at..)?.iter().enumerate().take(19) {
            value |= u128::from(byte & 0x7f) << (7 * n);
            if byte & 0x80 == 0 {
                self.at += n + 1;
                return Some(value);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(values: &[(i64, &[u32])]) -> Entries {
        let mut out = Entries::default();
        for (value, positions) in values {
            out.push(*value, positions);
        }
        out
    }

    #[test]
    fn entries_come_back_as_they_went_in_and_damage_is_noticed() {
        let list =
            entries(&[(-5, &[0]), (0, &[3, 70, 300]), (1, &[1]), (1_700_000_000_000, &[2, 9]), (i64::MAX, &[0])]);
        let sealed = encode(42, &list, 0..list.len());
        let mut out = Entries::default();
        decode_into(42, -5, &sealed, &mut out).expect("decodes");
        assert_eq!(out, list);
        assert!(decode_into(43, -5, &sealed, &mut Entries::default()).is_err(), "under another gram");
        let mut flipped = sealed.clone();
        flipped[1] ^= 4;
        assert!(decode_into(42, -5, &flipped, &mut Entries::default()).is_err(), "a flipped bit");
    }

    #[test]
    fn a_piece_of_the_first_layout_still_reads() {
        // -5 with offset 0, then 0 with offsets 3, 70 and 300: zigzag first value, then per
        // entry its gap, the count and the offsets' gaps.
        let bytes = vec![9, 1, 0, 5, 3, 3, 67, 0xE6, 0x01];
        let sealed = checksum::seal(identity(POSTING, Some(-5), &gram_name(42)), bytes);
        let mut out = Entries::default();
        decode_into(42, -5, &sealed, &mut out).expect("decodes");
        assert_eq!(out, entries(&[(-5, &[0]), (0, &[3, 70, 300])]));
        assert!(decode_into(42, -4, &sealed, &mut Entries::default()).is_err(), "under another first value");
    }

    #[test]
    fn most_entries_cost_their_gap_and_one_offset() {
        let list = entries(&[(1_700_000_000_000, &[5]), (1_700_000_000_040, &[70]), (1_700_000_000_100, &[1, 2])]);
        let sealed = encode(7, &list, 0..list.len());
        // marker 2, first entry 1 + 1, second 1 + 1, third 1 + count 1 + 2, checksum 4.
        assert_eq!(sealed.len(), 2 + 2 + 2 + 4 + 4);
        let mut out = Entries::default();
        decode_into(7, 1_700_000_000_000, &sealed, &mut out).expect("decodes");
        assert_eq!(out, list);
    }

    #[test]
    fn pieces_are_even_and_never_over_capacity() {
        let mut list = Entries::default();
        for n in 0..1100 {
            list.push(n, &[1]);
        }
        let sizes: Vec<usize> = list.pieces().into_iter().map(|r| r.len()).collect();
        assert_eq!(sizes, vec![367, 367, 366]);
        assert!(Entries::default().pieces().is_empty());
    }

    #[test]
    fn a_merge_keeps_every_value_and_both_offsets_of_a_shared_one() {
        let a = entries(&[(1, &[0]), (5, &[2, 4])]);
        let b = entries(&[(3, &[1]), (5, &[3, 4])]);
        assert_eq!(a.merge(&b), entries(&[(1, &[0]), (3, &[1]), (5, &[2, 3, 4])]));
        assert_eq!(a.merge(&b).without(5), entries(&[(1, &[0]), (3, &[1])]));
        let mut appended = a.clone();
        appended.append(5, &[1, 4]);
        appended.append(6, &[0]);
        assert_eq!(appended, entries(&[(1, &[0]), (5, &[1, 2, 4]), (6, &[0])]));
    }
}
