//! The matches of a search as they are found: checked against the stored text, counted, and
//! the page kept (newest-first order is the visiting order; other sorts keep the best
//! `offset + limit` in a bounded heap, so memory stays flat).

use super::{R, Reader};
use crate::domain::search_text::Query;
use crate::local::index::{decode_order, search_text};
use crate::local::schema::{ORDERS, ROWS};
use crate::query::{ListQuery, OrderRow, Page, SortKey};
use memchr::memmem::Finder;
use redb::ReadOnlyTable;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashSet};

type Table = ReadOnlyTable<(i64, &'static str), &'static [u8]>;

pub struct Matches<'r, 'a> {
    reader: &'r Reader<'a>,
    rows: Table,
    orders: Table,
    status: Option<&'r [u8]>,
    /// Awaiting capture asked for: the orders whose deadline passed since the last sweep.
    overdue: HashSet<String>,
    /// Per term, its forms: a term matches when any form is found. `None`: every order matches.
    terms: Option<Vec<Vec<Finder<'static>>>>,
    query: &'r ListQuery,
    keep: usize,
    matching: usize,
    by_scan: Vec<OrderRow>,
    heap: BinaryHeap<(HeapKey, usize)>,
    heap_rows: Vec<Option<OrderRow>>,
}

impl<'r, 'a> Matches<'r, 'a> {
    pub fn new(reader: &'r Reader<'a>, q: &'r ListQuery, search: Option<&Query>) -> R<Matches<'r, 'a>> {
        let terms = search.map(|query| {
            query
                .terms
                .iter()
                .map(|t| t.forms.iter().map(|f| Finder::new(f.as_bytes()).into_owned()).collect())
                .collect()
        });
        Ok(Matches {
            reader,
            rows: reader.txn.open_table(ROWS)?,
            orders: reader.txn.open_table(ORDERS)?,
            status: q.status.as_ref().map(|s| s.as_str().as_bytes()),
            overdue: reader.overdue(q)?,
            terms,
            query: q,
            keep: q.offset.saturating_add(q.limit),
            matching: 0,
            by_scan: Vec::new(),
            heap: BinaryHeap::new(),
            heap_rows: Vec::new(),
        })
    }

    /// Whether the newest-first page holds all it will show.
    pub fn page_full(&self) -> bool {
        self.by_scan.len() >= self.keep
    }

    /// Counts a match the index vouches for without reading it.
    pub fn count_unseen(&mut self) {
        self.matching += 1;
    }

    fn found(&self, haystack: &[u8]) -> bool {
        match &self.terms {
            None => true,
            Some(terms) => {
                !terms.is_empty() && terms.iter().all(|forms| forms.iter().any(|f| f.find(haystack).is_some()))
            }
        }
    }

    /// Checks one stored search entry; a match is counted and, if it belongs on the page, kept.
    pub fn visit(&mut self, created: i64, id: &str, sealed: &[u8]) -> R<()> {
        let reader = self.reader;
        let Some(text) = reader.usable(search_text(reader.format, created, id, sealed))? else { return Ok(()) };
        let split = memchr::memchr(0x1f, text).unwrap_or(0);
        let (row_status, haystack) = (&text[..split], &text[split..]);
        if self.status.is_some_and(|s| s != row_status) || !self.found(haystack) || self.overdue.contains(id) {
            return Ok(());
        }
        let mut decoded = None;
        if let Some(filter) = self.query.deadline {
            match reader.row(&self.rows, created, id)? {
                Some(row) if row.passes(filter, reader.now) => decoded = Some(row),
                _ => return Ok(()),
            }
        }
        self.matching += 1;
        if self.query.sort == SortKey::Created {
            if self.by_scan.len() < self.keep {
                self.by_scan.extend(match decoded {
                    Some(row) => Some(row),
                    None => reader.row(&self.rows, created, id)?,
                });
            }
            return Ok(());
        }
        let row = match decoded {
            Some(row) => row,
            None => match reader.row(&self.rows, created, id)? {
                Some(row) => row,
                None => return Ok(()),
            },
        };
        let number = match self.query.sort {
            SortKey::Amount => row.amount,
            SortKey::Deadline => row.deadline_rank(reader.now),
            _ => 0,
        };
        // The customer sort reads the name as the index does (the row keeps only the name,
        // not the reading), so typing a search never reorders the customers.
        let text = match self.query.sort {
            SortKey::Customer => match self.orders.get((created, id))? {
                Some(bytes) => match reader.usable(decode_order(reader.format, created, id, bytes.value()))? {
                    Some(order) => order.customer.sort_name(),
                    None => return Ok(()),
                },
                None => return Ok(()),
            },
            _ => String::new(),
        };
        let sort_key = HeapKey::of(number, text, &row.id, self.query.descending);
        if self.heap.len() < self.keep {
            self.heap_rows.push(Some(row));
            self.heap.push((sort_key, self.heap_rows.len() - 1));
        } else if self.heap.peek().is_some_and(|(worst, _)| sort_key < *worst)
            && let Some((_, slot)) = self.heap.pop()
        {
            self.heap_rows[slot] = Some(row);
            self.heap.push((sort_key, slot));
        }
        Ok(())
    }

    pub fn into_page(mut self, total: usize) -> Page {
        let offset = self.query.offset;
        let rows = if self.query.sort == SortKey::Created {
            self.by_scan.into_iter().skip(offset).collect()
        } else {
            let mut sorted = self.heap.into_sorted_vec();
            sorted.truncate(self.keep);
            sorted.into_iter().skip(offset).filter_map(|(_, slot)| self.heap_rows[slot].take()).collect()
        };
        Page { rows, matching: self.matching, total, damaged: Vec::new(), at_least: false }
    }
}

/// Orders search matches so that "smaller" means "earlier on the page".
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum HeapKey {
    Asc(i64, String, String),
    Desc(Reverse<i64>, Reverse<String>, Reverse<String>),
}

impl HeapKey {
    fn of(number: i64, text: String, id: &str, descending: bool) -> HeapKey {
        if descending {
            HeapKey::Desc(Reverse(number), Reverse(text), Reverse(id.to_string()))
        } else {
            HeapKey::Asc(number, text, id.to_string())
        }
    }
}
