//! A bulk load into an empty file defers the search index and builds it once at its end
//! (`search_index::build_index`): the store's calls for it, and whether the index is complete.

use super::schema::{KEY_COUNT, KEY_INDEX_COMPLETE, META};
use super::search_index::{FOLLOWED_AT_MOST, Follower, build_index};
use super::store::LocalStore;
use crate::BackendError;
use redb::ReadableTable;
use std::sync::mpsc;

/// How [`LocalStore::load_and_index`] built the index (the same index either way).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndexBuilt {
    /// Gathered by a second thread while the load was written.
    AlongsideTheLoad,
    /// Read back from the file after the load.
    FromTheFile,
}

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
    /// `reindex` rebuilds the index. (Read live, for tests; a command reads the flag when the
    /// store opens, `index_complete_at_open`.)
    #[cfg(test)]
    pub(crate) fn search_index_complete(&self) -> Result<bool, BackendError> {
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

    /// Runs `load`, a bulk load of `orders` orders into a file that deferred its index, and
    /// then builds the index, as [`Self::build_search_index`] does. Up to a million orders, a
    /// second thread gathers the index while the load is written, so the two share the
    /// machine's cores and only the writing of the index is left at the end: `load` writes the
    /// orders in ascending `createdAt` order and, after each commit, calls the function it is
    /// given with a time `below` which every order is written. Should that promise not hold
    /// (an order the follower never read), or the follower fail, the index is built from the
    /// file as before: the same index either way. A failed load leaves the index unbuilt
    /// (incomplete: searches scan until `reindex`).
    pub fn load_and_index<T>(
        &self,
        orders: u64,
        load: impl FnOnce(&mut dyn FnMut(i64)) -> Result<T, BackendError>,
    ) -> Result<(T, IndexBuilt), BackendError> {
        if orders > FOLLOWED_AT_MOST {
            let loaded = load(&mut |_| {})?;
            self.build_search_index()?;
            return Ok((loaded, IndexBuilt::FromTheFile));
        }
        let (loaded, follower) = std::thread::scope(|scope| {
            let (committed, commits) = mpsc::channel::<i64>();
            let following = scope.spawn(move || self.follow(&commits));
            let loaded = load(&mut |below| {
                // A follower that stopped has said why by ending; the build below covers it.
                let _ = committed.send(below);
            });
            drop(committed);
            (loaded, following.join().ok().and_then(Result::ok))
        });
        let loaded = loaded?;
        self.write(|_| Ok(()))?;
        let written = match follower {
            Some(follower) => self.write(|txn| {
                let indexed = follower.write(txn)?;
                if indexed.is_some() {
                    txn.open_table(META)?.insert(KEY_INDEX_COMPLETE, 1)?;
                }
                Ok(indexed)
            })?,
            None => None,
        };
        if written.is_some() {
            return Ok((loaded, IndexBuilt::AlongsideTheLoad));
        }
        tracing::info!("search index: built from the file after the load (not gathered alongside it)");
        self.write(build_index)?;
        Ok((loaded, IndexBuilt::FromTheFile))
    }

    /// Reads each commit's entries as the load announces them, then the rest.
    fn follow(&self, commits: &mpsc::Receiver<i64>) -> Result<Follower, BackendError> {
        self.guard(|| {
            let mut follower = Follower::default();
            for below in commits.iter().map(Some).chain([None]) {
                let txn = self.begin_read()?;
                follower.read(&txn, below).map_err(|e| self.fail(e))?;
            }
            Ok(follower)
        })
    }
}
