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
//! index first when that list is short against the walk it spares. A term matching a few per
//! cent of the orders (`takah`) is in between: its walk would read thousands of texts, its
//! whole lists tens of thousands of entries. Such a term — when the sizes say the walk would be
//! long, or when a walk has not filled its page after [`WALK_FIRST`] — reads the index newest
//! first, a window of values at a time (`search_index::NewestWindows`), from where the walk
//! stopped, keeping what the walk found: each window's candidates are checked against their
//! stored text as the walk checks its entries, so the page is the same, and it stops when the
//! page is full (an oldest-first page hands over to the index's whole answer instead). A
//! query the index cannot narrow (only one- or two-letter ASCII terms) keeps
//! walking to the end of the page.

use super::{R, Reader, matches::Matches, ordered};
use crate::domain::search_text::{Query, form_gram_offsets};
use crate::local::records::StoreError;
use crate::local::schema::{KEY_COUNT, SEARCH};
use crate::local::search_index::{self, KEY_INDEX_COMPLETE, NewestWindows};
use crate::query::{ListQuery, Page, SortKey};
use redb::ReadableTable;
use std::time::{Duration, Instant};

/// How long the walk looks for a full page before asking the index instead.
const WALK_FIRST: Duration = Duration::from_millis(2);

/// How many entries the walk reads between two looks at the clock.
const CLOCK_EVERY: usize = 256;

/// The longest walk the sizes may predict and still let the walk go first (about a
/// millisecond's reading): beyond it the index reads newest first at once.
const WALK_ENTRIES: u64 = 1_500;

/// When the walk hands its page over to the index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum HandOver {
    /// Never: the index cannot narrow the query.
    Never,
    /// After [`WALK_FIRST`] without a full page.
    OnTheClock,
    /// After this many entries walked (0: at once).
    After(usize),
}

impl Reader<'_> {
    /// The page of `q`, its count exact or (`at_least`) a lower bound; see the module text.
    pub(super) fn first_page(&self, q: &ListQuery) -> R<Page> {
        self.first_page_planned(q, None, WINDOW_VALUES)
    }

    /// [`first_page`](Self::first_page), with the hand-over and the first window's size fixed
    /// by a test (`plan`) instead of chosen from the list sizes and the clock.
    fn first_page_planned(&self, q: &ListQuery, plan: Option<HandOver>, window: usize) -> R<Page> {
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
        let hand_over = match plan {
            Some(plan) if indexed => plan,
            _ if !indexed => HandOver::Never,
            _ => match self.walk_estimate(&query, q, total)? {
                Walk::IndexWhole => return self.search(q, Some(&query), total),
                Walk::Long => HandOver::After(0),
                Walk::Short => HandOver::OnTheClock,
            },
        };
        let search = self.txn.open_table(SEARCH)?;
        let mut matches = Matches::new(self, q, Some(&query))?;
        let noted = self.damaged.borrow().len();
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
            let (key, text) = entry?;
            let (created, id) = key.value();
            let now = match hand_over {
                HandOver::Never => false,
                HandOver::After(walked) => n >= walked,
                HandOver::OnTheClock => n.is_multiple_of(CLOCK_EVERY) && started.elapsed() > WALK_FIRST,
            };
            if now {
                if !q.descending {
                    return self.search_afresh(q, &query, total, noted);
                }
                return match self.newest_from_index(&query, matches, (created, id), window, total) {
                    Ok(Some(page)) => Ok(page),
                    Ok(None) | Err(StoreError::Damaged { .. }) => self.search_afresh(q, &query, total, noted),
                    Err(other) => Err(other),
                };
            }
            matches.visit(created, id, text.value())?;
        }
        // Walked to the end (or stopped: then the answer is dropped): the count is exact.
        Ok(matches.into_page(total))
    }

    /// The whole search instead of the walk's page: it reads again what the walk read, so the
    /// damaged records the walk noted (after the first `noted`) are forgotten first, or the
    /// warning would name them twice.
    fn search_afresh(&self, q: &ListQuery, query: &Query, total: usize, noted: usize) -> R<Page> {
        self.damaged.borrow_mut().truncate(noted);
        self.search(q, Some(query), total)
    }

    /// The rest of a newest-first page from the index, the walk having checked every entry
    /// above `from` (the first it did not): window by window, each candidate's stored entries
    /// not above `from` are checked as the walk checks them, until the page is full (the count
    /// then a lower bound) or the oldest window is done (the count exact). `None` when the
    /// index cannot narrow the query after all.
    fn newest_from_index(
        &self,
        query: &Query,
        mut matches: Matches<'_, '_>,
        from: (i64, &str),
        window: usize,
        total: usize,
    ) -> R<Option<Page>> {
        let search = self.txn.open_table(SEARCH)?;
        let mut windows = NewestWindows::new(self.txn, query, from.0, window)?;
        let mut visited = 0usize;
        while let Some(span) = windows.next_span()? {
            let Some(found) = search_index::candidates_within(self.txn, query, span)? else { return Ok(None) };
            for created in found.newest_first {
                visited += 1;
                if self.stopping(visited) {
                    return Ok(Some(matches.into_page(total)));
                }
                // The orders placed at `created`, the last id first (as the walk reads them).
                let same_time = match created.checked_add(1) {
                    Some(next) => search.range((created, "")..(next, ""))?,
                    None => search.range((created, "")..)?,
                };
                for entry in same_time.rev() {
                    let (key, text) = entry?;
                    let id = key.value().1;
                    if (created, id) > from {
                        continue;
                    }
                    if matches.page_full() {
                        let mut page = matches.into_page(total);
                        page.at_least = true;
                        return Ok(Some(page));
                    }
                    matches.visit(created, id, text.value())?;
                }
            }
        }
        Ok(Some(matches.into_page(total)))
    }
}

/// How many values of the driving list the index's first window holds (each later one twice
/// the one before): about the rows of the TUI's window, at most as many matches.
const WINDOW_VALUES: usize = 512;

/// What the list sizes predict of a walk for a full page.
enum Walk {
    /// Long against the whole answer from the index (which counts exactly too).
    IndexWhole,
    /// Longer than [`WALK_ENTRIES`]: read the index newest first.
    Long,
    Short,
}

impl Reader<'_> {
    /// The index decodes about `lists` entries (the rarest gram's list) and probes the
    /// others', while the walk reads about `keep × total ÷ matches` ≥ `keep × total ÷ lists`
    /// stored texts, each about half what a candidate costs the index ([`INDEX_COST`]); so the
    /// whole index when `INDEX_COST × lists² < keep × total`. (At 100,000 orders `tak`, 5 % of
    /// them, took 6.1 ms through the index; `t` walked its 250 entries in 0.3 ms.)
    fn walk_estimate(&self, query: &Query, q: &ListQuery, total: usize) -> R<Walk> {
        let Some(lists) = search_index::estimate(self.txn, query)? else { return Ok(Walk::Short) };
        let keep = q.offset.saturating_add(q.limit) as u64;
        let total = total as u64;
        if INDEX_COST.saturating_mul(lists).saturating_mul(lists) < keep.saturating_mul(total) {
            return Ok(Walk::IndexWhole);
        }
        let walk = keep.saturating_mul(total) / lists.max(1);
        Ok(if walk > WALK_ENTRIES { Walk::Long } else { Walk::Short })
    }
}

/// How much dearer a candidate of the index is than an entry of the walk (see `walk_estimate`).
const INDEX_COST: u64 = 2;

/// Whether the index narrows `query`: some term has every form made of indexed grams.
fn narrows(query: &Query) -> bool {
    query.terms.iter().any(|term| term.forms.iter().all(|form| form_gram_offsets(form).is_some()))
}

#[cfg(test)]
#[path = "listing_first_tests.rs"]
mod tests;
