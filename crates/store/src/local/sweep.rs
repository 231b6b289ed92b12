//! The expiry sweep: recording that a manual-capture order's 7 days are over, for every order
//! the deadline index says is due.

use super::index::Tables;
use super::records::StoreError;
use super::schema;
use super::store::LocalStore;
use crate::BackendError;
use crate::domain::rules;

impl LocalStore {
    /// Records the expiry of every manual-capture order whose 7 days are over. Cheap when none
    /// is due: it reads the deadline index from its start and stops at `now`.
    pub fn sweep_expired(&self) -> Result<usize, BackendError> {
        // A file older than this schema is read-only until migrated.
        if self.needs_migration() {
            return Ok(0);
        }
        self.guard(|| self.sweep_due())
    }

    fn sweep_due(&self) -> Result<usize, BackendError> {
        let now = self.now();
        let due = {
            let txn = self.begin_read()?;
            let deadlines = txn.open_table(schema::DEADLINES).map_err(|e| self.fail(e))?;
            let mut ids = Vec::new();
            for entry in deadlines.range(..(now, "")).map_err(|e| self.fail(e))? {
                let (key, _) = entry.map_err(|e| self.fail(e))?;
                ids.push(key.value().1.to_string());
            }
            ids
        };
        if due.is_empty() {
            return Ok(0);
        }
        self.write(|txn| {
            let mut expired = 0;
            let mut tables = Tables::open(txn)?;
            for id in &due {
                let old = match tables.read_order(id) {
                    Ok(Some(old)) => old,
                    Ok(None) => continue,
                    // A damaged order is named wherever it is read; the sweep leaves it alone.
                    Err(StoreError::Damaged { .. }) => continue,
                    Err(other) => return Err(other),
                };
                let mut order = old.clone();
                if rules::expire(&mut order, now) {
                    tables.put_order(Some(&old), &order)?;
                    expired += 1;
                }
            }
            tables.finish()?;
            Ok(expired)
        })
    }
}
