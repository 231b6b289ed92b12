//! `journal repair`: rebuilds a damaged journal from every entry that can still be read and
//! verified, and moves the damaged file aside (never deletes it), so an operator can look at
//! what could not be read. The entries left out are listed with the order they belong to,
//! where that is still known: an open one among them is an operation to check by hand.

use super::checksum::Damage;
use super::journal::{BY_ORDER, ENTRIES, EntryState, JournalEntry, OPEN};
use super::journal_seal::{self, KEY_VERSION, META, SEALED_VERSION};
use crate::backend::BackendError;
use crate::domain::Millis;
use redb::{ReadableDatabase, ReadableTable};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// What a repair did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Repaired {
    /// Entries carried into the rebuilt journal (or found sound when nothing was wrong).
    pub kept: usize,
    /// Entries (or the whole file) that could not be read, as `journal KEY reason (order ID)`.
    pub left_out: Vec<Damage>,
    /// Where the damaged file now is; `None` when nothing needed repair.
    pub moved_aside: Option<PathBuf>,
}

/// What could be read out of a journal file.
#[derive(Default)]
struct Salvage {
    entries: Vec<JournalEntry>,
    left_out: Vec<Damage>,
    /// Whether everything was read and verified.
    sound: bool,
}

pub fn repair(path: &Path, now: Millis) -> Result<Repaired, BackendError> {
    if !path.exists() {
        return Ok(Repaired::default());
    }
    let salvage = salvage(path);
    if salvage.sound {
        return Ok(Repaired { kept: salvage.entries.len(), ..Repaired::default() });
    }
    let io = |e: std::io::Error| BackendError::Io { path: path.to_path_buf(), detail: e.to_string() };
    let rebuilt = sibling(path, &format!("repair-{now}"));
    write_journal(&rebuilt, &salvage.entries)?;
    let aside = sibling(path, &format!("damaged-{now}"));
    std::fs::rename(path, &aside).map_err(io)?;
    std::fs::rename(&rebuilt, path).map_err(io)?;
    tracing::warn!(path = %path.display(), aside = %aside.display(), kept = salvage.entries.len(), left_out = salvage.left_out.len(), "journal repaired");
    Ok(Repaired { kept: salvage.entries.len(), left_out: salvage.left_out, moved_aside: Some(aside) })
}

fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(format!(".{suffix}"));
    path.with_file_name(name)
}

/// Reads every entry it can. A panic inside the storage engine stops the reading but keeps
/// what was read before it.
fn salvage(path: &Path) -> Salvage {
    let file_damage = |detail: String| Damage::new("file", &path.display().to_string(), detail);
    let db = match journal_seal::open_database(path) {
        Ok(db) => db,
        Err(detail) => return Salvage { left_out: vec![file_damage(detail)], ..Salvage::default() },
    };
    let mut salvage = Salvage::default();
    let finished = crate::panic_guard::quietly(|| read_entries(&db, &mut salvage));
    match finished {
        Some(Ok(())) => salvage.sound = salvage.left_out.is_empty(),
        Some(Err(e)) => salvage.left_out.push(file_damage(format!("reading stopped: {e}"))),
        None => salvage.left_out.push(file_damage("reading stopped at a damaged page".into())),
    }
    salvage
}

fn read_entries(db: &redb::Database, salvage: &mut Salvage) -> Result<(), redb::Error> {
    let txn = db.begin_read()?;
    let marked = match txn.open_table(META) {
        Ok(meta) => meta.get(KEY_VERSION)?.is_some(),
        Err(_) => false,
    };
    let mut order_of: HashMap<String, String> = HashMap::new();
    if let Ok(by_order) = txn.open_table(BY_ORDER) {
        for item in by_order.iter()? {
            let Ok((key, _)) = item else { continue };
            let (order, entry_key) = key.value();
            order_of.insert(entry_key.to_string(), order.to_string());
        }
    }
    let entries = match txn.open_table(ENTRIES) {
        Ok(table) => table,
        Err(redb::TableError::TableDoesNotExist(_)) => return Ok(()),
        Err(e) => return Err(e.into()),
    };
    for item in entries.iter()? {
        let (key, bytes) = item?;
        let (key, bytes) = (key.value(), bytes.value());
        let read = journal_seal::verified(key, bytes)
            .or_else(|reason| journal_seal::plain(key, bytes).filter(|_| !marked).ok_or(reason));
        match read {
            Ok(entry) => salvage.entries.push(entry),
            Err(reason) => {
                let order = order_of.get(key).map(|o| format!(" (order {o})")).unwrap_or_default();
                salvage.left_out.push(Damage::new("journal", key, format!("{reason}{order}")));
            }
        }
    }
    Ok(())
}

fn write_journal(path: &Path, entries: &[JournalEntry]) -> Result<(), BackendError> {
    let fail = |e: redb::Error| BackendError::Io { path: path.to_path_buf(), detail: e.to_string() };
    let db = journal_seal::builder().create(path).map_err(|e| fail(e.into()))?;
    let txn = db.begin_write().map_err(|e| fail(e.into()))?;
    let written = (|| -> Result<(), redb::Error> {
        let mut table = txn.open_table(ENTRIES)?;
        let mut open = txn.open_table(OPEN)?;
        let mut by_order = txn.open_table(BY_ORDER)?;
        for entry in entries {
            let key = entry.key.as_str();
            table.insert(key, journal_seal::seal(entry)?.as_slice())?;
            if entry.state == EntryState::Open {
                open.insert(key, ())?;
            }
            by_order.insert((entry.order_id.as_str(), key), ())?;
        }
        txn.open_table(META)?.insert(KEY_VERSION, SEALED_VERSION)?;
        Ok(())
    })();
    written.map_err(fail)?;
    txn.commit().map_err(|e| fail(e.into()))
}
