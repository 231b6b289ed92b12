//! A bulk load into an empty file defers the search index and builds it once at its end
//! (`search_index::build_index`): the store's two calls for it.

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
