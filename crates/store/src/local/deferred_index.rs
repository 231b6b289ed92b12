//! A bulk load into an empty file defers the search index and builds it once at its end
//! (`search_index::build_index`): the store's calls for it, and whether the index is complete.

use super::schema::{KEY_COUNT, KEY_INDEX_COMPLETE, META};
use super::search_index::build_index;
use super::store::LocalStore;
use crate::BackendError;
use redb::ReadableTable;

impl LocalStore {
    /// Defers the search index to [`Self::build_search_index`] when the file holds no order
    /// yet; returns whether it did (a file with orders keeps indexing each one as it comes).
    pub fn defer_search_index(&self) -> Result<bool, BackendError> {
        self.write(|txn| {
            let mut meta = txn.open_table(META)?;
            let empty = meta.get(KEY_COUNT)?.map(|v| v.value()).unwrap_or(0) == 0;
            if empty {
                meta.insert(KEY_INDEX_COMPLETE, 0)?;
            }
            Ok(empty)
        })
    }

    /// Whether the search index holds every stored order. When it does not (a bulk load
    /// stopped before its build, or a write that had to replace a damaged piece of the index),
    /// a search reads every order's stored text instead: the same answers, more slowly, until
    /// `reindex` rebuilds the index.
    pub fn search_index_complete(&self) -> Result<bool, BackendError> {
        self.guard(|| {
            let txn = self.db().begin_read().map_err(|e| self.fail(e))?;
            let meta = txn.open_table(META).map_err(|e| self.fail(e))?;
            let complete = meta.get(KEY_INDEX_COMPLETE).map_err(|e| self.fail(e))?.map(|v| v.value());
            Ok(complete == Some(1))
        })
    }

    /// Builds the whole search index from the stored orders in one write transaction and
    /// marks it complete. Returns how many orders it indexed.
    pub fn build_search_index(&self) -> Result<u64, BackendError> {
        // redb gives back the pages a commit freed only when the next one commits: an empty
        // commit first lets the build reuse what the load's last batch freed, instead of
        // growing the file by as much.
        self.write(|_| Ok(()))?;
        self.write(build_index)
    }
}
