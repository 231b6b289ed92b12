//! Reading the posting lists: the `createdAt` values of the orders a query matches.
//!
//! A form of a term is made of grams at consecutive offsets (`form_gram_offsets`). The rarest
//! gram's list is read first; each further gram keeps only the values (and the starts in
//! them) where it stands at its offset from the form's start, so the index decides a match by
//! itself: no stored text is read. A longer list is probed piece by piece for the few values
//! left, or walked decoding only the pieces that hold one.
//! A term's forms are alternatives (their lists are joined); the terms are ANDed.

use super::chunk::{self, CAPACITY, Entries};
use super::{GRAM_SIZES, POSTINGS, SHARED_TIMES};
use crate::domain::search_text::{Query, form_gram_offsets};
use crate::local::records::StoreResult;
use redb::{ReadOnlyTable, ReadTransaction, ReadableTable, ReadableTableMetadata};
use std::collections::HashSet;
use std::ops::RangeInclusive;

/// A form's grams with their offsets in it.
type FormGrams = Vec<(u64, u32)>;

/// What the index says about a query.
pub struct Candidates {
    /// The createdAt values the matches can only have, newest first.
    pub newest_first: Vec<i64>,
    /// Every form of every term was decided by the index: each value not in [`shared_among`]
    /// is exactly one matching order. Otherwise (a one- or two-character ASCII term beside
    /// others) each candidate must be checked against its stored text.
    pub exact: bool,
}

/// The candidates for `query`, or `None` when the index cannot narrow it down (every term is
/// one or two ASCII characters) and the stored text must be scanned.
pub fn candidates(txn: &ReadTransaction, query: &Query) -> StoreResult<Option<Candidates>> {
    candidates_within(txn, query, i64::MIN..=i64::MAX)
}

/// As [`candidates`], for the values in `span` only: only the pieces of the lists that reach
/// into it are read (the TUI's first answer reads the index a window at a time, newest first).
///
/// The terms are narrowed rarest first (by [`estimate`]'s reckoning): a later term's grams are
/// probed only for the values the earlier terms left, rather than read whole and intersected.
pub fn candidates_within(
    txn: &ReadTransaction,
    query: &Query,
    span: RangeInclusive<i64>,
) -> StoreResult<Option<Candidates>> {
    let lists = Lists::open(txn)?;
    let mut indexed: Vec<(u64, Vec<FormGrams>)> = Vec::new();
    for term in &query.terms {
        let forms: Option<Vec<_>> = term.forms.iter().map(|form| form_gram_offsets(form)).collect();
        if let Some(forms) = forms {
            let mut size = 0u64;
            for grams in &forms {
                size = size.saturating_add(lists.rarest(grams)?.0);
            }
            indexed.push((size, forms));
        }
    }
    if indexed.is_empty() && !query.terms.is_empty() {
        return Ok(None);
    }
    let exact = indexed.len() == query.terms.len();
    indexed.sort_by_key(|(size, _)| *size);
    let mut alive: Option<Vec<i64>> = None;
    for (_, forms) in &indexed {
        let mut joined: Vec<i64> = Vec::new();
        for grams in forms {
            let found = lists.holding(grams, &span, alive.as_deref())?;
            joined = if joined.is_empty() { found } else { union(&joined, &found) };
        }
        if joined.is_empty() {
            return Ok(Some(Candidates { newest_first: Vec::new(), exact }));
        }
        alive = Some(joined);
    }
    let mut result = alive.unwrap_or_default();
    result.reverse();
    Ok(Some(Candidates { newest_first: result, exact }))
}

/// The values of `candidates` (newest first, as [`Candidates`] holds them) that more than one
/// order holds (so they must be checked).
pub fn shared_among(txn: &ReadTransaction, candidates: &[i64]) -> StoreResult<HashSet<i64>> {
    let shared = txn.open_table(SHARED_TIMES)?;
    let mut found = HashSet::new();
    if shared.len()? as usize <= candidates.len() {
        for entry in shared.iter()? {
            let time = entry?.0.value();
            if candidates.binary_search_by(|v| time.cmp(v)).is_ok() {
                found.insert(time);
            }
        }
    } else {
        for &time in candidates {
            if shared.get(time)?.is_some() {
                found.insert(time);
            }
        }
    }
    Ok(found)
}

pub(super) struct Lists {
    pub(super) lists: ReadOnlyTable<(u64, i64), &'static [u8]>,
    pub(super) sizes: ReadOnlyTable<u64, u64>,
}

impl Lists {
    pub(super) fn open(txn: &ReadTransaction) -> StoreResult<Lists> {
        Ok(Lists { lists: txn.open_table(POSTINGS)?, sizes: txn.open_table(GRAM_SIZES)? })
    }

    fn size(&self, gram: u64) -> StoreResult<u64> {
        Ok(self.sizes.get(gram)?.map(|v| v.value()).unwrap_or(0))
    }

    /// The least list size of `grams`, and its gram.
    pub(super) fn rarest(&self, grams: &[(u64, u32)]) -> StoreResult<(u64, u64)> {
        let mut least = (u64::MAX, 0);
        for &(gram, _) in grams {
            least = least.min((self.size(gram)?, gram));
        }
        Ok(least)
    }

    /// The values (ascending) in `span` whose orders hold the form made of `grams` at their
    /// offsets; only among `within` (ascending, inside `span`) when given.
    ///
    /// The rarest gram's list is read first; each value keeps the starts where the form could
    /// begin in its order, and every further gram (rarest first) keeps only the starts it
    /// stands at, so the values left shrink as fast as the form allows and a later, longer
    /// list is probed for the few values left rather than read.
    fn holding(
        &self,
        grams: &[(u64, u32)],
        span: &RangeInclusive<i64>,
        within: Option<&[i64]>,
    ) -> StoreResult<Vec<i64>> {
        let mut distinct: Vec<u64> = grams.iter().map(|(gram, _)| *gram).collect();
        distinct.sort_unstable();
        distinct.dedup();
        let mut sized = Vec::with_capacity(distinct.len());
        for gram in distinct {
            sized.push((self.size(gram)?, gram));
        }
        let grams = covering(grams, &sized);
        sized.retain(|(_, gram)| grams.iter().any(|(g, _)| g == gram));
        sized.sort_unstable();
        let alone = sized.len() == 1;
        let mut alive: Option<Entries> = None;
        for (size, gram) in sized {
            let offsets: Vec<u32> = grams.iter().filter(|(g, _)| *g == gram).map(|(_, at)| *at).collect();
            let keep = alive.as_ref().map(|alive| alive.values.as_slice()).or(within);
            let found = match keep {
                None => self.read_within(gram, span)?,
                Some(keep) if (keep.len() as u64).saturating_mul(CAPACITY as u64 / 4) < size => {
                    self.probe(gram, keep)?
                }
                Some(keep) => self.read_kept(gram, keep)?,
            };
            if alone && offsets == [0] {
                // A form of one gram (`高橋`, `誠`): every value of its list holds it.
                return Ok(found.values);
            }
            let narrowed = match &alive {
                None => starts(&found, &offsets),
                Some(alive) => narrow(alive, &found, &offsets),
            };
            if narrowed.is_empty() {
                return Ok(Vec::new());
            }
            alive = Some(narrowed);
        }
        Ok(alive.map(|alive| alive.values).unwrap_or_default())
    }

    /// The first value of the piece of `gram`'s list that holds `value` (or the first piece,
    /// when `value` is before every piece).
    fn piece_start(&self, gram: u64, value: i64) -> StoreResult<i64> {
        Ok(self
            .lists
            .range((gram, i64::MIN)..=(gram, value))?
            .next_back()
            .transpose()?
            .map_or(value, |(k, _)| k.value().1))
    }

    /// The entries of `gram`'s list for the `keep` values (ascending) it holds: the pieces
    /// from the one holding the first of them to the one holding the last are walked, but
    /// only a piece holding one of them is decoded.
    fn read_kept(&self, gram: u64, keep: &[i64]) -> StoreResult<Entries> {
        let mut kept = Entries::default();
        let (Some(&least), Some(&most)) = (keep.first(), keep.last()) else { return Ok(kept) };
        let mut piece = Entries::default();
        let mut at = 0;
        let start = self.piece_start(gram, least)?;
        let mut pieces = self.lists.range((gram, start)..=(gram, most))?.peekable();
        while let Some(entry) = pieces.next() {
            let (key, bytes) = entry?;
            let first = key.value().1;
            let end = match pieces.peek() {
                Some(Ok((next, _))) => Some(next.value().1),
                _ => None,
            };
            at = gallop(keep, at, first);
            if keep.get(at).is_none_or(|&v| end.is_some_and(|end| v >= end)) {
                continue;
            }
            piece.clear();
            chunk::decode_into(gram, first, bytes.value(), &mut piece)?;
            for (value, positions) in piece.iter() {
                at = gallop(keep, at, value);
                if keep.get(at) == Some(&value) {
                    kept.push(value, positions);
                }
            }
        }
        Ok(kept)
    }

    /// The entries of `gram`'s list whose values are in `span`.
    fn read_within(&self, gram: u64, span: &RangeInclusive<i64>) -> StoreResult<Entries> {
        let mut entries = Entries::default();
        let start = self.piece_start(gram, *span.start())?;
        for entry in self.lists.range((gram, start)..=(gram, *span.end()))? {
            let (key, bytes) = entry?;
            chunk::decode_into(gram, key.value().1, bytes.value(), &mut entries)?;
        }
        let from = entries.values.partition_point(|v| v < span.start());
        let to = entries.values.partition_point(|v| v <= span.end());
        if (from, to) != (0, entries.len()) {
            entries = entries.slice(from..to);
        }
        Ok(entries)
    }

    /// The entries of `gram`'s list for the `values` (ascending) it holds, reading only the
    /// pieces they fall in.
    fn probe(&self, gram: u64, values: &[i64]) -> StoreResult<Entries> {
        let mut kept = Entries::default();
        let mut piece = Entries::default();
        let mut piece_end: Option<i64> = None;
        for &value in values {
            let inside = piece.values.first().is_some_and(|&f| f <= value) && piece_end.is_none_or(|end| value < end);
            if !inside {
                piece = Entries::default();
                let Some((key, bytes)) = self.lists.range((gram, i64::MIN)..=(gram, value))?.next_back().transpose()?
                else {
                    continue;
                };
                let first = key.value().1;
                chunk::decode_into(gram, first, bytes.value(), &mut piece)?;
                let after = (std::ops::Bound::Excluded((gram, first)), std::ops::Bound::Included((gram, i64::MAX)));
                piece_end = self.lists.range::<(u64, i64)>(after)?.next().transpose()?.map(|(k, _)| k.value().1);
            }
            if let Some(positions) = piece.find(value) {
                kept.push(value, positions);
            }
        }
        Ok(kept)
    }
}

/// The fewest-values set of a form's trigrams that still covers each of its characters: grams
/// standing at their offsets from one start spell every character of the form, and no gram
/// spans a field break, so the grams that cover the form decide it as surely as all of them
/// (`hanako.sato` needs `han`, `ako`, `.sa` and `ato`, not its nine). `sized` holds each
/// gram's list size; a form of one gram is kept as it is.
fn covering(grams: &[(u64, u32)], sized: &[(u64, u64)]) -> Vec<(u64, u32)> {
    let Some(last) = grams.iter().map(|&(_, at)| at as usize).max().filter(|_| grams.len() > 1) else {
        return grams.to_vec();
    };
    let size = |gram: u64| sized.iter().find(|(_, g)| *g == gram).map_or(0, |(size, _)| *size);
    let length = last + 3;
    // best[c]: the least total size covering characters 0..c, and the gram that ended it.
    let mut best: Vec<Option<(u64, usize, usize)>> = vec![None; length + 1];
    best[0] = Some((0, 0, 0));
    let mut by_offset: Vec<(u32, u64)> = grams.iter().map(|&(gram, at)| (at, gram)).collect();
    by_offset.sort_unstable();
    for (n, &(at, gram)) in by_offset.iter().enumerate() {
        let at = at as usize;
        let end = (at + 3).min(length);
        for covered in at..end {
            if let Some((cost, _, _)) = best[covered] {
                let cost = cost.saturating_add(size(gram));
                if best[end].is_none_or(|(known, _, _)| cost < known) {
                    best[end] = Some((cost, n, covered));
                }
            }
        }
    }
    let mut chosen = Vec::new();
    let mut at = length;
    while at > 0 {
        let Some((_, n, covered)) = best[at] else { return grams.to_vec() };
        let (offset, gram) = by_offset[n];
        chosen.push((gram, offset));
        at = covered;
    }
    chosen
}

/// For each value of the first gram's list, the starts (its offsets less the gram's offset
/// in the form) where every offset of the gram holds.
fn starts(found: &Entries, offsets: &[u32]) -> Entries {
    let mut out = Entries::default();
    let Some(&first) = offsets.first() else { return out };
    let mut kept: Vec<u32> = Vec::new();
    for (value, positions) in found.iter() {
        kept.clear();
        kept.extend(positions.iter().filter_map(|p| p.checked_sub(first)));
        kept.retain(|&start| stands_at(positions, start, offsets));
        if !kept.is_empty() {
            out.push(value, &kept);
        }
    }
    out
}

/// The values of `alive` whose starts the gram's list `found` holds at every offset.
fn narrow(alive: &Entries, found: &Entries, offsets: &[u32]) -> Entries {
    let mut out = Entries::default();
    let mut kept: Vec<u32> = Vec::new();
    let mut at = 0;
    for (value, starts) in alive.iter() {
        at = gallop(&found.values, at, value);
        if found.values.get(at) != Some(&value) {
            continue;
        }
        let positions = found.positions(at);
        kept.clear();
        kept.extend(starts.iter().copied().filter(|&start| stands_at(positions, start, offsets)));
        if !kept.is_empty() {
            out.push(value, &kept);
        }
    }
    out
}

/// The first index from `from` on whose value is not below `value` (`sorted` ascending): a
/// galloping search, so walking two ascending lists side by side costs the gaps skipped, not
/// a binary search of the whole rest per value.
fn gallop(sorted: &[i64], from: usize, value: i64) -> usize {
    let rest = sorted.get(from..).unwrap_or_default();
    let (mut low, mut step) = (0, 1);
    while step <= rest.len() && rest[step - 1] < value {
        low = step;
        step *= 2;
    }
    from + low + rest[low..step.min(rest.len())].partition_point(|&v| v < value)
}

/// Whether the gram stands at `start + offset` for every offset (positions ascending).
fn stands_at(positions: &[u32], start: u32, offsets: &[u32]) -> bool {
    offsets.iter().all(|&at| start.checked_add(at).is_some_and(|p| positions.binary_search(&p).is_ok()))
}

fn union(a: &[i64], b: &[i64]) -> Vec<i64> {
    let mut out: Vec<i64> = a.iter().chain(b).copied().collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// An upper bound on how many orders match `query`, from the list sizes alone (a few point
/// reads): per term, the sum over its forms of its rarest gram's list; the least of the terms
/// decided by the index. `None` when no term is. The TUI's first answer uses it to choose
/// between walking newest first and asking the index (`listing_first.rs`).
pub fn estimate(txn: &ReadTransaction, query: &Query) -> StoreResult<Option<u64>> {
    let sizes = txn.open_table(GRAM_SIZES)?;
    let mut least: Option<u64> = None;
    'terms: for term in &query.terms {
        let mut sum = 0u64;
        for form in &term.forms {
            let Some(grams) = form_gram_offsets(form) else { continue 'terms };
            let mut rarest = u64::MAX;
            for (gram, _) in grams {
                rarest = rarest.min(sizes.get(gram)?.map(|v| v.value()).unwrap_or(0));
            }
            sum = sum.saturating_add(rarest);
        }
        least = Some(least.map_or(sum, |l| l.min(sum)));
    }
    Ok(least)
}

#[cfg(test)]
#[path = "lookup_tests.rs"]
mod tests;
