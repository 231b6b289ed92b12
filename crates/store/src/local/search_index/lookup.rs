//! Reading the posting lists: the `createdAt` values of the orders a query matches.
//!
//! A form of a term is made of grams at consecutive offsets (`form_gram_offsets`). The rarest
//! gram's list is read first and narrowed by the others (a much longer list is probed piece by
//! piece instead of read whole); then each value left is kept only if the grams stand at
//! consecutive offsets in it, so the index decides a match by itself: no stored text is read.
//! A term's forms are alternatives (their lists are joined); the terms are ANDed.

use super::chunk::{self, CAPACITY, Entries};
use super::{GRAM_SIZES, POSTINGS, SHARED_TIMES};
use crate::domain::search_text::{Query, form_gram_offsets};
use crate::local::records::StoreResult;
use redb::{ReadOnlyTable, ReadTransaction, ReadableTable, ReadableTableMetadata};
use std::collections::HashSet;

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
    let lists = Lists { lists: txn.open_table(POSTINGS)?, sizes: txn.open_table(GRAM_SIZES)? };
    let mut narrowed: Vec<Vec<i64>> = Vec::new();
    let mut exact = true;
    for term in &query.terms {
        let mut joined: Option<Vec<i64>> = Some(Vec::new());
        for form in &term.forms {
            let found = match form_gram_offsets(form) {
                Some(grams) => Some(lists.holding(&grams)?),
                None => None,
            };
            joined = match (joined, found) {
                (Some(so_far), Some(found)) => Some(union(&so_far, &found)),
                _ => None,
            };
        }
        exact &= joined.is_some();
        narrowed.extend(joined);
    }
    if narrowed.is_empty() && !query.terms.is_empty() {
        return Ok(None);
    }
    narrowed.sort_by_key(Vec::len);
    let mut result = narrowed.first().cloned().unwrap_or_default();
    for list in narrowed.iter().skip(1) {
        result = intersect(&result, list);
    }
    result.reverse();
    Ok(Some(Candidates { newest_first: result, exact }))
}

/// The values of `candidates` that more than one order holds (so they must be checked).
pub fn shared_among(txn: &ReadTransaction, candidates: &[i64]) -> StoreResult<HashSet<i64>> {
    let shared = txn.open_table(SHARED_TIMES)?;
    let mut found = HashSet::new();
    if shared.len()? as usize <= candidates.len() {
        let wanted: HashSet<i64> = candidates.iter().copied().collect();
        for entry in shared.iter()? {
            let time = entry?.0.value();
            if wanted.contains(&time) {
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

struct Lists {
    lists: ReadOnlyTable<(u64, i64), &'static [u8]>,
    sizes: ReadOnlyTable<u64, u64>,
}

impl Lists {
    fn size(&self, gram: u64) -> StoreResult<u64> {
        Ok(self.sizes.get(gram)?.map(|v| v.value()).unwrap_or(0))
    }

    /// The values (ascending) whose orders hold the form made of `grams` at their offsets.
    fn holding(&self, grams: &[(u64, u32)]) -> StoreResult<Vec<i64>> {
        let mut distinct: Vec<u64> = grams.iter().map(|(gram, _)| *gram).collect();
        distinct.sort_unstable();
        distinct.dedup();
        let mut sized = Vec::with_capacity(distinct.len());
        for gram in distinct {
            sized.push((self.size(gram)?, gram));
        }
        sized.sort_unstable();
        let mut read: Vec<(u64, Entries)> = Vec::with_capacity(sized.len());
        let mut values: Vec<i64> = Vec::new();
        for (n, &(size, gram)) in sized.iter().enumerate() {
            let entries = if n == 0 {
                self.read(gram)?
            } else if (values.len() as u64).saturating_mul(CAPACITY as u64 / 4) < size {
                self.probe(gram, &values)?
            } else {
                self.read(gram)?.only(&values)
            };
            values = entries.values.clone();
            read.push((gram, entries));
            if values.is_empty() {
                return Ok(values);
            }
        }
        let offsets = |gram: u64, value: i64| read.iter().find(|(g, _)| *g == gram).and_then(|(_, e)| e.find(value));
        let Some(&(first, _)) = grams.first() else { return Ok(Vec::new()) };
        values.retain(|&value| {
            offsets(first, value).unwrap_or_default().iter().any(|&start| {
                grams.iter().all(|&(gram, at)| {
                    offsets(gram, value).is_some_and(|found| found.binary_search(&(start + at)).is_ok())
                })
            })
        });
        Ok(values)
    }

    fn read(&self, gram: u64) -> StoreResult<Entries> {
        let mut entries = Entries::default();
        for entry in self.lists.range((gram, i64::MIN)..=(gram, i64::MAX))? {
            let (key, bytes) = entry?;
            chunk::decode_into(gram, key.value().1, bytes.value(), &mut entries)?;
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

fn intersect(a: &[i64], b: &[i64]) -> Vec<i64> {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    small.iter().copied().filter(|v| large.binary_search(v).is_ok()).collect()
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
