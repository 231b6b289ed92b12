//! The shop file's rows, indexed by order id and by reference in a temporary redb file, so a
//! million rows are compared against a million orders without either side held in memory.
//! The rows matched so far are a bit per line.

use crate::domain::Millis;
use crate::domain::reconcile::ShopRow;
use redb::{Database, Durability, ReadableDatabase, ReadableTable, TableDefinition};

const ROWS: TableDefinition<u64, &[u8]> = TableDefinition::new("rows");
const BY_ORDER: TableDefinition<&str, u64> = TableDefinition::new("by_order");
const BY_REFERENCE: TableDefinition<&str, u64> = TableDefinition::new("by_reference");

/// Rows written per transaction while loading.
const BATCH: usize = 20_000;

/// Why the index cannot be used: a failure of the temporary file (exit 1).
#[derive(Debug)]
pub struct IndexError(pub String);

impl<E: std::fmt::Display> From<E> for IndexError {
    fn from(err: E) -> Self {
        IndexError(format!("the shop file's temporary index failed: {err}"))
    }
}

/// The shop's rows, ready to be looked up.
pub struct ShopIndex {
    db: Database,
    _dir: tempfile::TempDir,
    matched: Vec<u64>,
    /// How many rows, and the earliest and latest `updated_at` among them.
    pub rows: u64,
    pub dates: Option<(Millis, Millis)>,
}

/// Two rows for one order: (the later line, the first line, what they share).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Twice {
    pub line: u64,
    pub first: u64,
    pub what: String,
}

/// Loads rows into a new index.
pub struct IndexBuilder {
    db: Database,
    dir: tempfile::TempDir,
    pending: Vec<ShopRow>,
    rows: u64,
    last_line: u64,
    dates: Option<(Millis, Millis)>,
}

impl IndexBuilder {
    pub fn new() -> Result<IndexBuilder, IndexError> {
        let dir = tempfile::Builder::new().prefix("smartpay-reconcile-").tempdir()?;
        let mut builder = Database::builder();
        builder.set_cache_size(32 * 1024 * 1024);
        let db = builder.create(dir.path().join("shop.redb"))?;
        Ok(IndexBuilder { db, dir, pending: Vec::new(), rows: 0, last_line: 0, dates: None })
    }

    /// Adds a row; an order or reference already given on an earlier line is returned as
    /// `Twice` (the row is left out).
    pub fn add(&mut self, row: ShopRow, twice: &mut Vec<Twice>) -> Result<(), IndexError> {
        self.pending.push(row);
        if self.pending.len() >= BATCH {
            self.flush(twice)?;
        }
        Ok(())
    }

    fn flush(&mut self, twice: &mut Vec<Twice>) -> Result<(), IndexError> {
        let mut txn = self.db.begin_write()?;
        // A throwaway file: nothing needs to survive a crash, so no fsync per batch.
        txn.set_durability(Durability::None)?;
        {
            let mut rows = txn.open_table(ROWS)?;
            let mut by_order = txn.open_table(BY_ORDER)?;
            let mut by_reference = txn.open_table(BY_REFERENCE)?;
            for row in self.pending.drain(..) {
                let clash = |old: Option<u64>, what: String| old.map(|first| Twice { line: row.line, first, what });
                if let Some(order) = &row.order
                    && let Some(found) =
                        clash(by_order.get(order.as_str())?.map(|v| v.value()), format!("order {order}"))
                {
                    twice.push(found);
                    continue;
                }
                if let Some(reference) = &row.reference
                    && let Some(found) = clash(
                        by_reference.get(reference.as_str())?.map(|v| v.value()),
                        format!("reference {reference}"),
                    )
                {
                    twice.push(found);
                    continue;
                }
                if let Some(order) = &row.order {
                    by_order.insert(order.as_str(), row.line)?;
                }
                if let Some(reference) = &row.reference {
                    by_reference.insert(reference.as_str(), row.line)?;
                }
                rows.insert(row.line, postcard::to_allocvec(&row)?.as_slice())?;
                self.rows += 1;
                self.last_line = self.last_line.max(row.line);
                if let Some(at) = row.updated_at {
                    self.dates = Some(self.dates.map_or((at, at), |(lo, hi)| (lo.min(at), hi.max(at))));
                }
            }
        }
        txn.commit()?;
        Ok(())
    }

    pub fn finish(mut self, twice: &mut Vec<Twice>) -> Result<ShopIndex, IndexError> {
        self.flush(twice)?;
        let words = (self.last_line / 64 + 1) as usize;
        Ok(ShopIndex { db: self.db, _dir: self.dir, matched: vec![0; words], rows: self.rows, dates: self.dates })
    }
}

impl ShopIndex {
    /// The row for an order: by its id, else by its reference.
    pub fn find(&self, order_id: &str, reference: &str) -> Result<Found, IndexError> {
        let txn = self.db.begin_read()?;
        let by_order = txn.open_table(BY_ORDER)?;
        let by_reference = txn.open_table(BY_REFERENCE)?;
        let rows = txn.open_table(ROWS)?;
        let by_id = by_order.get(order_id)?.map(|v| v.value());
        let by_ref = if reference.is_empty() { None } else { by_reference.get(reference)?.map(|v| v.value()) };
        let read = |line: u64| -> Result<Option<ShopRow>, IndexError> {
            match rows.get(line)? {
                Some(bytes) => Ok(Some(postcard::from_bytes(bytes.value())?)),
                None => Ok(None),
            }
        };
        Ok(Found {
            by_id: by_id.map(read).transpose()?.flatten(),
            by_reference: by_ref.map(read).transpose()?.flatten(),
        })
    }

    /// Marks a row as answered by an order; returns whether it already was (by another order).
    pub fn mark(&mut self, line: u64) -> bool {
        let (word, bit) = ((line / 64) as usize, 1u64 << (line % 64));
        let Some(slot) = self.matched.get_mut(word) else { return false };
        let was = *slot & bit != 0;
        *slot |= bit;
        was
    }

    /// Every row no order answered, in line order.
    pub fn unmatched(&self, visit: &mut dyn FnMut(ShopRow) -> Result<(), IndexError>) -> Result<(), IndexError> {
        let txn = self.db.begin_read()?;
        let rows = txn.open_table(ROWS)?;
        for entry in rows.iter()? {
            let (line, bytes) = entry?;
            let line = line.value();
            let (word, bit) = ((line / 64) as usize, 1u64 << (line % 64));
            if self.matched.get(word).is_some_and(|w| w & bit != 0) {
                continue;
            }
            visit(postcard::from_bytes(bytes.value())?)?;
        }
        Ok(())
    }
}

/// The rows an order may answer to.
#[derive(Debug, Clone, Default)]
pub struct Found {
    pub by_id: Option<ShopRow>,
    pub by_reference: Option<ShopRow>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(line: u64, order: Option<&str>, reference: Option<&str>) -> ShopRow {
        ShopRow {
            line,
            order: order.map(Into::into),
            reference: reference.map(Into::into),
            amount: 100,
            captured: 0,
            refunded: 0,
            status: None,
            updated_at: Some(line as i64),
        }
    }

    #[test]
    fn rows_are_found_by_id_or_reference_and_the_rest_listed() {
        let mut builder = IndexBuilder::new().expect("index");
        let mut twice = Vec::new();
        for r in [row(2, Some("order_a"), None), row(3, None, Some("R-3")), row(4, Some("order_c"), Some("R-4"))] {
            builder.add(r, &mut twice).expect("add");
        }
        builder.add(row(5, Some("order_a"), None), &mut twice).expect("add");
        builder.add(row(6, None, Some("R-4")), &mut twice).expect("add");
        let mut index = builder.finish(&mut twice).expect("finish");
        assert_eq!(
            twice,
            vec![
                Twice { line: 5, first: 2, what: "order order_a".into() },
                Twice { line: 6, first: 4, what: "reference R-4".into() }
            ]
        );
        assert_eq!((index.rows, index.dates), (3, Some((2, 4))));
        let found = index.find("order_x", "R-3").expect("find");
        assert_eq!(found.by_reference.map(|r| r.line), Some(3));
        assert!(found.by_id.is_none());
        assert!(!index.mark(3));
        assert!(index.mark(3), "marked once already");
        let mut left = Vec::new();
        index
            .unmatched(&mut |r| {
                left.push(r.line);
                Ok(())
            })
            .expect("walk");
        assert_eq!(left, vec![2, 4]);
    }
}
