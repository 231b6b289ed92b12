//! The local mirror of online mode: the orders fetched so far, in a `LocalStore` (redb) in
//! the key's account folder (see `account`), so the list opens at once and search covers everything synced. The
//! file remembers which API it mirrors; pointed at another one it starts afresh rather than
//! mixing two APIs' orders. Beside the orders it keeps each order's `updatedAt` as last read
//! and when the last pass and the last full pass ran (see `sync`).

use crate::domain::{Millis, Order};
use crate::store::BackendError;
use crate::store::local::{LocalStore, OpenMode, SideTable};
use std::path::Path;

/// The mirror's own tables in the order file (side tables: the store refuses its own through them).
const SOURCE: SideTable<&str, &str> = SideTable::new("mirror_source");
/// Each order's `updatedAt` as last read: an order read again with the same one is unchanged.
const UPDATED: SideTable<&str, i64> = SideTable::new("mirror_updated_at");

pub fn open_mirror(path: &Path, api_url: &str) -> Result<LocalStore, BackendError> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| BackendError::Io { path: dir.to_path_buf(), detail: e.to_string() })?;
    }
    // The mirror is a cache: one written before checksums (or not readable at all) is
    // started afresh rather than trusted.
    let store = match LocalStore::open(path, OpenMode::CreateIfMissing) {
        Ok(store) if !store.needs_migration() => store,
        // Schema 2: the records are sealed; only the search index is built, in place.
        Ok(store) if !store.is_unverified() => {
            store.migrate(&mut |_, _| {})?;
            drop(store);
            LocalStore::open(path, OpenMode::CreateIfMissing)?
        }
        Ok(_) | Err(BackendError::Corrupt { .. }) => {
            tracing::warn!(path = %path.display(), "the mirror is old or unreadable; it is rebuilt");
            std::fs::remove_file(path)
                .map_err(|e| BackendError::Io { path: path.to_path_buf(), detail: e.to_string() })?;
            LocalStore::open(path, OpenMode::CreateIfMissing)?
        }
        Err(other) => return Err(other),
    };
    match mirrored_url(&store)? {
        Some(url) if url == api_url => Ok(store),
        Some(_) => {
            drop(store);
            std::fs::remove_file(path)
                .map_err(|e| BackendError::Io { path: path.to_path_buf(), detail: e.to_string() })?;
            let fresh = LocalStore::open(path, OpenMode::CreateIfMissing)?;
            record_url(&fresh, api_url)?;
            Ok(fresh)
        }
        None => {
            record_url(&store, api_url)?;
            Ok(store)
        }
    }
}

fn mirrored_url(store: &LocalStore) -> Result<Option<String>, BackendError> {
    store.read_side(|side| match side.open(SOURCE)? {
        Some(table) => Ok(table.get("api_url")?.map(|v| v.value().to_string())),
        None => Ok(None),
    })
}

fn record_url(store: &LocalStore, api_url: &str) -> Result<(), BackendError> {
    store.write_side(|side| {
        side.open(SOURCE)?.insert("api_url", api_url)?;
        Ok(())
    })
}

/// When the mirror last finished a sync pass (kept in the file, so a later run can say how
/// old its data is even before it reaches the API).
pub fn synced_at(store: &LocalStore) -> Option<Millis> {
    noted_time(store, "synced_at")
}

pub fn record_synced_at(store: &LocalStore, at: Millis) -> Result<(), BackendError> {
    note_time(store, "synced_at", at)
}

/// When the last full pass (every order read again) started: every order was checked since.
pub fn full_synced_at(store: &LocalStore) -> Option<Millis> {
    noted_time(store, "full_synced_at")
}

pub fn record_full_synced_at(store: &LocalStore, at: Millis) -> Result<(), BackendError> {
    note_time(store, "full_synced_at", at)
}

/// A time noted in the mirror; one that cannot be read is as if never noted (the mirror is a cache).
fn noted_time(store: &LocalStore, name: &str) -> Option<Millis> {
    let noted = store.read_side(|side| match side.open(SOURCE)? {
        Some(table) => Ok(table.get(name)?.map(|v| v.value().to_string())),
        None => Ok(None),
    });
    noted.ok().flatten()?.parse().ok()
}

fn note_time(store: &LocalStore, name: &str, at: Millis) -> Result<(), BackendError> {
    let text = at.to_string();
    store.write_side(|side| {
        side.open(SOURCE)?.insert(name, text.as_str())?;
        Ok(())
    })
}

/// The `updatedAt` last read for `id`.
pub fn updated_at(store: &LocalStore, id: &str) -> Option<Millis> {
    let noted = store.read_side(|side| match side.open(UPDATED)? {
        Some(table) => Ok(table.get(id)?.map(|v| v.value())),
        None => Ok(None),
    });
    noted.ok().flatten()
}

/// Mirrors `orders` as read from the API with the `updatedAt` each was read with, in one write
/// transaction: an order is never mirrored without its stamp, nor stamped without its content.
pub fn put_synced_orders(store: &LocalStore, orders: &[Order], seen: &[(String, Millis)]) -> Result<(), BackendError> {
    store.insert_orders_noting(orders, |side| {
        let mut table = side.open(UPDATED)?;
        for (id, at) in seen {
            table.insert(id.as_str(), *at)?;
        }
        Ok(())
    })
}
