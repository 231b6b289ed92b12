//! Reading the posting lists: the `createdAt` values an answer can only come from.
//!
//! Each form of a term needs all its grams: the rarest list is read first and narrowed by the
//! others (a much longer list is probed piece by piece instead of read whole), stopping once
//! few candidates are left, since every candidate is verified against the stored text anyway.
//! A term's forms are alternatives (their lists are joined); the terms are ANDed.

use super::chunk::{self, CAPACITY};
use super::{GRAM_SIZES, POSTINGS, SHARED_TIMES};
use crate::domain::search_text::{Query, form_grams};
use crate::local::records::StoreResult;
use redb::{ReadOnlyTable, ReadTransaction, ReadableTable, ReadableTableMetadata};

/// Below this many candidates the remaining grams are not read: verifying is cheaper.
const FEW: usize = 32;

/// What the index says about a query.
pub struct Candidates {
    /// The createdAt values the matches can only have, newest first.
    pub newest_first: Vec<i64>,
    /// Every term is one gram exactly (1–3 characters, or 1–2 of kanji or kana): each value
    /// not in [`shared_among`] is exactly one matching order.
    pub exact: bool,
}

/// The candidates for `query`, or `None` when the index cannot narrow it down (every term is
/// one or two ASCII characters) and the stored text must be scanned.
pub fn candidates(txn: &ReadTransaction, query: &Query) -> StoreResult<Option<Candidates>> {
    let lists = Lists { lists: txn.open_table(POSTINGS)?, sizes: txn.open_table(GRAM_SIZES)? };
    let mut narrowed: Vec<Vec<i64>> = Vec::new();
    let exact = query.terms.iter().all(|t| t.forms.iter().all(|f| f.chars().count() <= 3 && form_grams(f).is_some()));
    for term in &query.terms {
        let mut joined: Option<Vec<i64>> = Some(Vec::new());
        for form in &term.forms {
            let found = match form_grams(form) {
                Some(grams) => lists.all_of(&grams)?,
                None => None,
            };
            joined = match (joined, found) {
                (Some(so_far), Some(found)) => Some(union(&so_far, &found)),
                _ => None,
            };
        }
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

/// The values of `candidates` that more than one order holds (so they must be verified).
pub fn shared_among(txn: &ReadTransaction, candidates: &[i64]) -> StoreResult<std::collections::HashSet<i64>> {
    let shared = txn.open_table(SHARED_TIMES)?;
    let mut found = std::collections::HashSet::new();
    if shared.len()? as usize <= candidates.len() {
        let wanted: std::collections::HashSet<i64> = candidates.iter().copied().collect();
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

    /// The values of the orders holding every gram (ascending), give or take the orders that
    /// verification will drop.
    fn all_of(&self, grams: &[u64]) -> StoreResult<Option<Vec<i64>>> {
        let mut sized = Vec::with_capacity(grams.len());
        for &gram in grams {
            sized.push((self.size(gram)?, gram));
        }
        sized.sort_unstable();
        let Some(&(_, rarest)) = sized.first() else { return Ok(None) };
        let mut values = self.read(rarest)?;
        for &(size, gram) in &sized[1..] {
            if values.len() <= FEW {
                break;
            }
            values = if (values.len() as u64).saturating_mul(CAPACITY as u64 / 4) < size {
                self.probe(gram, values)?
            } else {
                intersect(&values, &self.read(gram)?)
            };
        }
        Ok(Some(values))
    }

    fn read(&self, gram: u64) -> StoreResult<Vec<i64>> {
        let mut values = Vec::new();
        for entry in self.lists.range((gram, i64::MIN)..=(gram, i64::MAX))? {
            let (key, bytes) = entry?;
            chunk::decode_into(gram, key.value().1, bytes.value(), &mut values)?;
        }
        Ok(values)
    }

    /// Keeps the `values` (ascending) that `gram`'s list holds, reading only the pieces they fall in.
    fn probe(&self, gram: u64, values: Vec<i64>) -> StoreResult<Vec<i64>> {
        let mut kept = Vec::new();
        let mut piece: Vec<i64> = Vec::new();
        let mut piece_end: Option<i64> = None;
        for value in values {
            let inside = piece.first().is_some_and(|&f| f <= value) && piece_end.is_none_or(|end| value < end);
            if !inside {
                piece.clear();
                let Some((key, bytes)) = self.lists.range((gram, i64::MIN)..=(gram, value))?.next_back().transpose()?
                else {
                    continue;
                };
                let first = key.value().1;
                chunk::decode_into(gram, first, bytes.value(), &mut piece)?;
                let after = (std::ops::Bound::Excluded((gram, first)), std::ops::Bound::Included((gram, i64::MAX)));
                piece_end = self.lists.range::<(u64, i64)>(after)?.next().transpose()?.map(|(k, _)| k.value().1);
            }
            if piece.binary_search(&value).is_ok() {
                kept.push(value);
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
