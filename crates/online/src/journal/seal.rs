//! The journal's integrity: entries sealed with a checksum, the schema mark, sealing the
//! entries of a journal written before checksums, opening a damaged or empty file without a
//! panic, and the one-line problem an operator reads.

use super::{BY_ORDER, ENTRIES, JournalEntry, OPEN};
use crate::store::BackendError;
use crate::store::checksum::{self, Damage, Identity, MISMATCH};
use redb::{
    ConcurrencyMode, Database, ReadTransaction, ReadableDatabase, ReadableTable, TableDefinition, WriteTransaction,
};
use std::path::Path;

/// "version" → 2 once every entry is sealed.
pub(crate) const META: TableDefinition<&str, u64> = TableDefinition::new("meta");
pub(crate) const KEY_VERSION: &str = "version";
pub const SEALED_VERSION: u64 = 2;

/// The command that repairs a damaged journal, named in every message about one.
pub const REPAIR: &str = "smartpay-console journal repair";

/// What reading every entry found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JournalHealth {
    Sound,
    /// The keys of the entries that failed their checksum or do not decode.
    Damaged(Vec<String>),
}

fn identity(key: &str) -> Identity<'_> {
    Identity { kind: "journal", created: None, id: key }
}

pub fn seal(entry: &JournalEntry) -> Result<Vec<u8>, redb::Error> {
    let json = serde_json::to_vec(entry).map_err(|e| redb::Error::Corrupted(e.to_string()))?;
    Ok(checksum::seal(identity(&entry.key), json))
}

/// The entry stored under `key`, verified against its checksum and its key.
pub fn unseal(key: &str, bytes: &[u8]) -> Result<JournalEntry, redb::Error> {
    verified(key, bytes).map_err(|reason| redb::Error::Corrupted(format!("journal entry {key} is damaged: {reason}")))
}

/// As [`unseal`], the failure being the reason alone.
pub fn verified(key: &str, bytes: &[u8]) -> Result<JournalEntry, &'static str> {
    let json = checksum::unseal(identity(key), bytes).ok_or(MISMATCH)?;
    let entry: JournalEntry = serde_json::from_slice(json).map_err(|_| "cannot be decoded")?;
    if entry.key != key {
        return Err("stored under another key");
    }
    Ok(entry)
}

/// An entry of a journal written before checksums: plain JSON under its own key.
pub(crate) fn plain(key: &str, bytes: &[u8]) -> Option<JournalEntry> {
    serde_json::from_slice::<JournalEntry>(bytes).ok().filter(|entry| entry.key == key)
}

/// The journal's page cache. redb's default (1 GiB) would keep every page a long run writes
/// (two commits per operation) in memory, so an online `bulk` run's memory would grow with its
/// rows; an operation reads one entry by key, so a small cache loses little.
const CACHE_BYTES: usize = 4 * 1024 * 1024;

pub(crate) fn builder() -> redb::Builder {
    let mut builder = Database::builder();
    builder.set_concurrency_mode(ConcurrencyMode::MultiWriter);
    builder.set_cache_size(CACHE_BYTES);
    builder
}

/// Opens the file, creating it when it is missing or empty (a zero-length file is what a full
/// disk or an interrupted first start leaves); any other failure, or a panic inside the
/// storage engine, is returned as a sentence.
pub fn open_database(path: &Path) -> Result<Database, String> {
    let empty = std::fs::metadata(path).map(|m| m.is_file() && m.len() == 0).unwrap_or(false);
    if empty {
        tracing::warn!(path = %path.display(), "the journal file was empty; it is created afresh");
        std::fs::remove_file(path).map_err(|e| e.to_string())?;
    }
    let opened =
        crate::panic_guard::quietly(|| if path.exists() { builder().open(path) } else { builder().create(path) });
    match opened {
        Some(Ok(db)) => Ok(db),
        Some(Err(e)) => Err(e.to_string()),
        None => Err(unreadable_detail()),
    }
}

/// An empty journal in memory that stands in for one that cannot be read, so that online
/// mode still reads (and refuses operations).
pub fn stand_in() -> Result<Database, BackendError> {
    let db = empty_database().map_err(BackendError::storage)?;
    let txn = db.begin_write().map_err(BackendError::storage)?;
    txn.open_table(ENTRIES).map_err(BackendError::storage)?;
    txn.open_table(OPEN).map_err(BackendError::storage)?;
    txn.open_table(BY_ORDER).map_err(BackendError::storage)?;
    txn.commit().map_err(BackendError::storage)?;
    Ok(db)
}

/// A database in memory, with no tables: private to this process, so no sharing mode.
pub fn empty_database() -> Result<Database, redb::DatabaseError> {
    Database::builder().create_with_backend(redb::backends::InMemoryBackend::new())
}

pub fn unreadable_detail() -> String {
    "the storage engine could not read it".to_string()
}

pub fn unreadable(path: &Path, detail: &str) -> String {
    format!(
        "The journal {} cannot be read ({detail}): capture, refund and void are refused until `{REPAIR}` has run; reading goes on.",
        path.display()
    )
}

/// One line however many entries are damaged: the first few keys are named.
pub fn damaged_entries(path: &Path, keys: &[String]) -> String {
    const NAMED: usize = 5;
    let mut named = keys.iter().take(NAMED).map(|k| checksum::printable(k)).collect::<Vec<_>>().join(", ");
    if keys.len() > NAMED {
        named.push_str(&format!(" and {} more", keys.len() - NAMED));
    }
    format!(
        "The journal {} has {} damaged {} ({named}): capture, refund and void are refused until `{REPAIR}` has run; reading goes on.",
        path.display(),
        keys.len(),
        if keys.len() == 1 { "entry" } else { "entries" },
    )
}

/// Seals, once, the entries of a journal written before checksums (plain JSON), then marks
/// it; in a marked journal an unsealed entry is damaged, never trusted.
pub fn seal_old_entries(txn: &WriteTransaction) -> Result<(), redb::Error> {
    let mut meta = txn.open_table(META)?;
    if meta.get(KEY_VERSION)?.is_some() {
        return Ok(());
    }
    let mut entries = txn.open_table(ENTRIES)?;
    let mut plain = Vec::new();
    for item in entries.iter()? {
        let (key, bytes) = item?;
        plain.extend(self::plain(key.value(), bytes.value()));
    }
    for entry in &plain {
        entries.insert(entry.key.as_str(), seal(entry)?.as_slice())?;
    }
    meta.insert(KEY_VERSION, SEALED_VERSION)?;
    Ok(())
}

/// Reads every key of the two index tables, so that damage there (which the storage engine
/// may meet as a panic) shows when the journal opens, not in the middle of an operation.
fn read_indexes(txn: &ReadTransaction) -> Result<(), redb::Error> {
    for item in txn.open_table(OPEN)?.iter()? {
        let _ = item?.0.value();
    }
    for item in txn.open_table(BY_ORDER)?.iter()? {
        let _ = item?.0.value();
    }
    Ok(())
}

/// Reads every entry and names the ones that do not verify.
pub fn health(txn: &ReadTransaction) -> Result<JournalHealth, redb::Error> {
    read_indexes(txn)?;
    let entries = txn.open_table(ENTRIES)?;
    let mut damaged = Vec::new();
    for item in entries.iter()? {
        let (key, bytes) = item?;
        if unseal(key.value(), bytes.value()).is_err() {
            damaged.push(key.value().to_string());
        }
    }
    Ok(if damaged.is_empty() { JournalHealth::Sound } else { JournalHealth::Damaged(damaged) })
}

/// `check --journal`: the damaged entries of the journal at `path`, or one `file` line when
/// it cannot be read at all. A missing journal is clean.
pub fn verify(path: &Path) -> Vec<Damage> {
    if !path.exists() {
        return Vec::new();
    }
    let file = |detail: &str| vec![Damage::new("file", &path.display().to_string(), detail)];
    let db = match open_database(path) {
        Ok(db) => db,
        Err(detail) => return file(&format!("journal cannot be read: {detail}")),
    };
    let read = crate::panic_guard::quietly(|| -> Result<Vec<Damage>, redb::Error> {
        let txn = db.begin_read()?;
        let entries = match txn.open_table(ENTRIES) {
            Ok(table) => table,
            Err(redb::TableError::TableDoesNotExist(_)) => return Ok(Vec::new()),
            Err(e) => return Err(e.into()),
        };
        read_indexes(&txn)?;
        // A journal not yet marked is sealed the next time it opens; its plain entries are fine.
        let marked = match txn.open_table(META) {
            Ok(meta) => meta.get(KEY_VERSION)?.is_some(),
            Err(_) => false,
        };
        let mut found = Vec::new();
        for item in entries.iter()? {
            let (key, bytes) = item?;
            let (key, bytes) = (key.value(), bytes.value());
            if let Err(reason) = verified(key, bytes)
                && (marked || plain(key, bytes).is_none())
            {
                found.push(Damage::new("journal", key, reason));
            }
        }
        Ok(found)
    });
    // Closing a damaged file can panic inside the storage engine.
    crate::panic_guard::quietly(move || drop(db));
    match read {
        Some(Ok(found)) => found,
        Some(Err(e)) => file(&format!("journal cannot be read: {e}")),
        None => file(&format!("journal cannot be read: {}", unreadable_detail())),
    }
}
