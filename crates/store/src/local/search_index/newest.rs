//! Reading the index newest first, a window of `createdAt` values at a time, for the TUI's
//! first answer (`listing_first.rs`): a term matching a few per cent of the orders fills its
//! page from the newest pieces of its lists, without reading the rest of them.

use super::chunk::{self, Entries};
use super::lookup::Lists;
use crate::domain::search_text::{Query, form_gram_offsets};
use crate::local::records::StoreResult;
use redb::ReadTransaction;
use std::ops::RangeInclusive;

/// Successive spans of `createdAt` values, newest first, from a given value down to the
/// oldest: each holds `size` values of the driving list (the rarest gram of the query's
/// rarest term, so a span holds at most that many matches), the next span twice as many, and
/// the last reaches down to `i64::MIN`. Every value below the first span's top lies in
/// exactly one span.
pub struct NewestWindows {
    lists: Lists,
    driver: Option<u64>,
    /// Values of the driving list not yet in a span, ascending, none above `high`.
    values: Vec<i64>,
    /// The first value of the oldest piece of the driving list read so far.
    piece: Option<i64>,
    /// The top of the next span; `None` once the oldest value was given.
    high: Option<i64>,
    size: usize,
}

impl NewestWindows {
    /// Spans from `newest` down, the first holding `size` values of the driving list.
    pub fn new(txn: &ReadTransaction, query: &Query, newest: i64, size: usize) -> StoreResult<NewestWindows> {
        let lists = Lists::open(txn)?;
        let mut driver: Option<(u64, u64)> = None;
        for term in &query.terms {
            let forms: Option<Vec<_>> = term.forms.iter().map(|form| form_gram_offsets(form)).collect();
            let Some(forms) = forms else { continue };
            let (mut sum, mut rarest) = (0u64, (u64::MAX, 0));
            for grams in &forms {
                let least = lists.rarest(grams)?;
                sum = sum.saturating_add(least.0);
                rarest = rarest.min(least);
            }
            if driver.is_none_or(|(least, _)| sum < least) {
                driver = Some((sum, rarest.1));
            }
        }
        Ok(NewestWindows {
            lists,
            driver: driver.map(|(_, gram)| gram),
            values: Vec::new(),
            piece: None,
            high: Some(newest),
            size: size.max(1),
        })
    }

    /// The next span, older than the one before; `None` after the oldest.
    pub fn next_span(&mut self) -> StoreResult<Option<RangeInclusive<i64>>> {
        let Some(high) = self.high else { return Ok(None) };
        while self.values.len() < self.size
            && let Some(gram) = self.driver
        {
            let older = match self.piece {
                None => self.lists.lists.range((gram, i64::MIN)..=(gram, high))?.next_back(),
                Some(first) => self.lists.lists.range((gram, i64::MIN)..(gram, first))?.next_back(),
            };
            let Some(entry) = older else {
                self.driver = None;
                break;
            };
            let (key, bytes) = entry?;
            let first = key.value().1;
            let mut piece = Entries::default();
            chunk::decode_into(gram, first, bytes.value(), &mut piece)?;
            let mut values = piece.values;
            values.retain(|&value| value <= high);
            values.extend_from_slice(&self.values);
            self.values = values;
            self.piece = Some(first);
        }
        let low = match self.values.len().checked_sub(self.size) {
            Some(at) => {
                let low = self.values[at];
                self.values.truncate(at);
                low
            }
            None => {
                self.values.clear();
                i64::MIN
            }
        };
        self.high = low.checked_sub(1);
        self.size = self.size.saturating_mul(2);
        Ok(Some(low..=high))
    }
}
