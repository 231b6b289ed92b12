//! The first answer to a filter typed in the TUI: the page, before the count.
//!
//! A short term matches most orders (`t` matches nearly all), so walking the compact `search`
//! table newest first fills a page after a few dozen entries, while reading the index's lists
//! of such a term (or scanning for a one- or two-letter term the index does not hold) costs
//! the whole file. So the walk comes first and stops as soon as the page is full: the page is
//! the one a full search gives (same matching, same order) and the count is that of the
//! entries walked, a lower bound marked `Page::at_least`. The TUI then asks `list_until` for
//! the exact count, off screen, cancelled by the next key.
//!
//! A rare term fills no page quickly, and the index answers it (page and exact count) in the
//! time it reads its rarest gram's list: the list sizes (`search_index::estimate`) choose the
//! index first when that list is short against the walk it spares; and a walk that has not
//! filled its page after [`WALK_FIRST`] gives way to the index all the same. A query the index
//! cannot narrow (only one- or two-letter ASCII terms) keeps walking to the end of the page.

use super::{R, Reader, matches::Matches, ordered};
use crate::domain::search_text::{Query, form_gram_offsets};
use crate::local::schema::{KEY_COUNT, SEARCH};
use crate::local::search_index::{self, KEY_INDEX_COMPLETE};
use crate::query::{ListQuery, Page, SortKey};
use redb::ReadableTable;
use std::time::{Duration, Instant};

/// How long the walk looks for a full page before asking the index instead.
const WALK_FIRST: Duration = Duration::from_millis(4);

/// How many entries the walk reads between two looks at the clock.
const CLOCK_EVERY: usize = 256;

impl Reader<'_> {
    /// The page of `q`, its count exact or (`at_least`) a lower bound; see the module text.
    pub(super) fn first_page(&self, q: &ListQuery) -> R<Page> {
        let query = match q.search.as_deref().and_then(Query::parse) {
            Some(query)
                if q.sort == SortKey::Created && q.deadline.is_none() && q.limit > 0 && !query.terms.is_empty() =>
            {
                query
            }
            _ => return self.list(q),
        };
        let total = self.counter(KEY_COUNT)?;
        let indexed = self.counter(KEY_INDEX_COMPLETE)? == 1 && narrows(&query);
        if indexed && self.index_first(&query, q, total)? {
            return self.search(q, Some(&query), total);
        }
        let search = self.txn.open_table(SEARCH)?;
        let mut matches = Matches::new(self, q, Some(&query))?;
        let started = Instant::now();
        for (n, entry) in ordered(search.iter()?, q.descending).enumerate() {
            if self.stopping(n) {
                break;
            }
            if matches.page_full() {
                let mut page = matches.into_page(total);
                page.at_least = true;
                return Ok(page);
            }
            if indexed && n.is_multiple_of(CLOCK_EVERY) && started.elapsed() > WALK_FIRST {
                return self.search(q, Some(&query), total);
            }
            let (key, text) = entry?;
            let (created, id) = key.value();
            matches.visit(created, id, text.value())?;
        }
        // Walked to the end (or stopped: then the answer is dropped): the count is exact.
        Ok(matches.into_page(total))
    }
}

impl Reader<'_> {
    /// Whether the index answers sooner than the walk: it decodes about `lists` entries (the
    /// rarest gram's list) and probes the others', while the walk reads about
    /// `keep × total ÷ matches` ≥ `keep × total ÷ lists` stored texts, each about half what a
    /// candidate costs the index ([`INDEX_COST`]); so the index when
    /// `INDEX_COST × lists² < keep × total`. (At 100,000 orders `tak`, 5 % of them, took
    /// 6.1 ms through the index; `t` walked its 250 entries in 0.3 ms.)
    fn index_first(&self, query: &Query, q: &ListQuery, total: usize) -> R<bool> {
        let Some(lists) = search_index::estimate(self.txn, query)? else { return Ok(false) };
        let keep = q.offset.saturating_add(q.limit) as u64;
        Ok(INDEX_COST.saturating_mul(lists).saturating_mul(lists) < keep.saturating_mul(total as u64))
    }
}

/// How much dearer a candidate of the index is than an entry of the walk (see `index_first`).
const INDEX_COST: u64 = 2;

/// Whether the index narrows `query`: some term has every form made of indexed grams.
fn narrows(query: &Query) -> bool {
    query.terms.iter().any(|term| term.forms.iter().all(|form| form_gram_offsets(form).is_some()))
}

#[cfg(test)]
#[path = "listing_first_tests.rs"]
mod tests;
