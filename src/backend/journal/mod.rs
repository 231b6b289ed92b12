//! The operation journal of online mode (redb, in the data directory).
//!
//! Every confirmed operation is written here with its idempotency key and its exact plan
//! (for a refund, the split over payments) *before* the first request is sent, and closed with
//! the ids the API returned. An entry still open at start belongs to an operation whose outcome
//! was never learnt (a timeout, a crash, a SIGKILL): it is resolved by sending the very same
//! requests under the very same keys, so the API answers with what it did the first time and
//! never does it twice. The journal also remembers who did what, which the API does not.
//!
//! Several consoles on one host may share the file (`ConcurrencyMode::MultiWriter`).
//!
//! Every entry is sealed with a checksum (`journal_seal`). A journal that cannot be read, or
//! holds a damaged entry, still opens: reads go on with what can be verified, and `begin`
//! refuses new operations until `smartpay-console journal repair` has run.

mod entry;

pub use entry::{Closing, EntryState, JournalEntry, JournalPart, PartKeys};

use super::journal_seal::{self, JournalHealth};
use crate::backend::BackendError;
use crate::domain::Millis;
use redb::{Database, ReadableDatabase, ReadableTable, ReadableTableMetadata, TableDefinition};
use std::path::{Path, PathBuf};

/// key → entry (JSON, so a person can read a dump of it).
pub(super) const ENTRIES: TableDefinition<&str, &[u8]> = TableDefinition::new("entries");
/// keys of entries still open.
pub(super) const OPEN: TableDefinition<&str, ()> = TableDefinition::new("open");
/// (order id, key) → (), to merge an order's entries into its history.
pub(super) const BY_ORDER: TableDefinition<(&str, &str), ()> = TableDefinition::new("by_order");

#[cfg(test)]
thread_local! {
    static FAIL_WRITES: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Makes every journal write on this thread fail (tests of a success whose bookkeeping fails).
#[cfg(test)]
pub fn fail_writes(fail: bool) {
    FAIL_WRITES.with(|f| f.set(fail));
}

/// What beginning an operation found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Begun {
    /// Written now: go ahead and send it.
    New,
    /// The key was journaled before (a replay of the same command).
    Existing(Box<JournalEntry>),
}

pub struct Journal {
    db: Database,
    path: PathBuf,
    /// Why new operations are refused (an unreadable file or a damaged entry), if they are.
    problem: Option<String>,
}

impl Drop for Journal {
    /// Closing writes to the file, which damage the journal did not show at open can turn
    /// into a panic inside the storage engine: the file is closed quietly, behind an empty
    /// stand-in (a `Database` cannot be moved out of `&mut self` otherwise).
    fn drop(&mut self) {
        if let Ok(empty) = journal_seal::empty_database() {
            let db = std::mem::replace(&mut self.db, empty);
            crate::panic_guard::quietly(move || drop(db));
        }
    }
}

impl std::fmt::Debug for Journal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Journal").field("path", &self.path).finish()
    }
}

impl Journal {
    /// Opens (or creates) the journal. A damaged one still opens, read-only in effect: see
    /// [`Journal::problem`]. Only a folder that cannot be created is an error.
    pub fn open(path: &Path) -> Result<Journal, BackendError> {
        let io = |e: std::io::Error| BackendError::Io { path: path.to_path_buf(), detail: e.to_string() };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
        let detail = match journal_seal::open_database(path) {
            Ok(db) => {
                let mut journal = Journal { db, path: path.to_path_buf(), problem: None };
                let health = crate::panic_guard::quietly(|| journal.prepare())
                    .unwrap_or_else(|| Err(journal_seal::unreadable_detail()));
                match health {
                    Ok(JournalHealth::Sound) => return Ok(journal),
                    Ok(JournalHealth::Damaged(keys)) => {
                        // The file itself is sound: its good entries still feed the history.
                        journal.problem = Some(journal_seal::damaged_entries(path, &keys));
                        return Ok(journal);
                    }
                    Err(detail) => {
                        // Closing a damaged file can panic inside the storage engine.
                        crate::panic_guard::quietly(move || drop(journal));
                        detail
                    }
                }
            }
            Err(detail) => detail,
        };
        Ok(Journal {
            db: journal_seal::stand_in()?,
            path: path.to_path_buf(),
            problem: Some(journal_seal::unreadable(path, &detail)),
        })
    }

    /// Creates the tables, seals the entries of a journal written before checksums, and
    /// verifies every entry.
    fn prepare(&self) -> Result<JournalHealth, String> {
        self.write(|txn| {
            txn.open_table(ENTRIES)?;
            txn.open_table(OPEN)?;
            txn.open_table(BY_ORDER)?;
            journal_seal::seal_old_entries(txn)
        })
        .map_err(|e| e.to_string())?;
        let txn = self.db.begin_read().map_err(|e| e.to_string())?;
        journal_seal::health(&txn).map_err(|e| e.to_string())
    }

    /// Why new operations are refused, in one line naming the repair command; `None` when
    /// the journal is sound.
    pub fn problem(&self) -> Option<&str> {
        self.problem.as_deref()
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn fail(&self, err: impl Into<redb::Error>) -> BackendError {
        BackendError::Io { path: self.path.clone(), detail: format!("the journal failed: {}", err.into()) }
    }

    fn write<T>(&self, f: impl FnOnce(&redb::WriteTransaction) -> Result<T, redb::Error>) -> Result<T, BackendError> {
        #[cfg(test)]
        if FAIL_WRITES.with(std::cell::Cell::get) {
            return Err(BackendError::Io {
                path: self.path.clone(),
                detail: "the journal refuses writes (test)".into(),
            });
        }
        let txn = self.db.begin_write().map_err(|e| self.fail(e))?;
        let value = f(&txn).map_err(|e| self.fail(e))?;
        // redb commits durably (fsync) by default: once this returns, a crash cannot lose it.
        txn.commit().map_err(|e| self.fail(e))?;
        Ok(value)
    }

    /// Writes `entry` unless its key is journaled already, in one transaction. An entry written
    /// settled (a refusal that sent nothing) is never open. Refused while the journal is
    /// damaged: an operation must never go out unjournaled.
    pub fn begin(&self, entry: &JournalEntry) -> Result<Begun, BackendError> {
        if let Some(problem) = &self.problem {
            return Err(BackendError::JournalDamaged { detail: problem.clone() });
        }
        let bytes = encode(entry)?;
        self.write(|txn| {
            let mut entries = txn.open_table(ENTRIES)?;
            if let Some(existing) = entries.get(entry.key.as_str())? {
                return Ok(Begun::Existing(Box::new(decode(&entry.key, existing.value())?)));
            }
            entries.insert(entry.key.as_str(), bytes.as_slice())?;
            if entry.state == EntryState::Open {
                txn.open_table(OPEN)?.insert(entry.key.as_str(), ())?;
            }
            txn.open_table(BY_ORDER)?.insert((entry.order_id.as_str(), entry.key.as_str()), ())?;
            Ok(Begun::New)
        })
    }

    /// Closes an entry as done (with the ids the API returned), partly done or not done.
    pub fn close(&self, key: &str, closing: &Closing, now: Millis) -> Result<(), BackendError> {
        self.write(|txn| close_in(txn, key, closing, now, false)).map(|_| ())
    }

    /// Closes an entry settled by hand, only if it is still open when the write transaction
    /// begins: a replay that settled it meanwhile (from what the API answered) is never
    /// overwritten. Returns whether it was closed.
    pub fn close_if_open(&self, key: &str, closing: &Closing, now: Millis) -> Result<bool, BackendError> {
        self.write(|txn| close_in(txn, key, closing, now, true))
    }

    /// Sets whether a settled entry's result has still to be reported (see `unreported`).
    pub fn set_unreported(&self, key: &str, unreported: bool) -> Result<(), BackendError> {
        self.write(|txn| {
            let mut entries = txn.open_table(ENTRIES)?;
            let Some(mut entry) = entries.get(key)?.map(|v| decode(key, v.value())).transpose()? else {
                return Ok(());
            };
            if entry.unreported != unreported {
                entry.unreported = unreported;
                let bytes = encode_redb(&entry)?;
                entries.insert(key, bytes.as_slice())?;
            }
            Ok(())
        })
    }

    pub fn get(&self, key: &str) -> Result<Option<JournalEntry>, BackendError> {
        let txn = self.db.begin_read().map_err(|e| self.fail(e))?;
        let entries = txn.open_table(ENTRIES).map_err(|e| self.fail(e))?;
        let found = entries.get(key).map_err(|e| self.fail(e))?;
        found.map(|v| decode(key, v.value()).map_err(|e| self.fail(e))).transpose()
    }

    /// Entries whose outcome is still unknown, oldest first.
    pub fn open_entries(&self) -> Result<Vec<JournalEntry>, BackendError> {
        let txn = self.db.begin_read().map_err(|e| self.fail(e))?;
        let open = txn.open_table(OPEN).map_err(|e| self.fail(e))?;
        let entries = txn.open_table(ENTRIES).map_err(|e| self.fail(e))?;
        let mut found = Vec::new();
        for item in open.iter().map_err(|e| self.fail(e))? {
            let (key, _) = item.map_err(|e| self.fail(e))?;
            // A damaged entry is left out (the journal's problem already refuses operations).
            if let Some(v) = entries.get(key.value()).map_err(|e| self.fail(e))? {
                found.extend(decode(key.value(), v.value()).ok());
            }
        }
        found.sort_by_key(|e| e.journaled_at);
        Ok(found)
    }

    pub fn count_open(&self) -> Result<usize, BackendError> {
        let txn = self.db.begin_read().map_err(|e| self.fail(e))?;
        let open = txn.open_table(OPEN).map_err(|e| self.fail(e))?;
        Ok(open.len().map_err(|e| self.fail(e))? as usize)
    }

    /// Every entry about one order, oldest first.
    pub fn for_order(&self, order_id: &str) -> Result<Vec<JournalEntry>, BackendError> {
        let txn = self.db.begin_read().map_err(|e| self.fail(e))?;
        let by_order = txn.open_table(BY_ORDER).map_err(|e| self.fail(e))?;
        let entries = txn.open_table(ENTRIES).map_err(|e| self.fail(e))?;
        let mut found = Vec::new();
        let range = by_order.range((order_id, "")..(order_id, "\u{10ffff}")).map_err(|e| self.fail(e))?;
        for item in range {
            let (k, _) = item.map_err(|e| self.fail(e))?;
            let (_, key) = k.value();
            if let Some(v) = entries.get(key).map_err(|e| self.fail(e))? {
                found.extend(decode(key, v.value()).ok());
            }
        }
        found.sort_by_key(|e| e.journaled_at);
        Ok(found)
    }

    /// Every entry, oldest first (`journal list`).
    pub fn all_entries(&self) -> Result<Vec<JournalEntry>, BackendError> {
        let mut all: Vec<JournalEntry> = self.all_by_order()?.into_values().flatten().collect();
        all.sort_by_key(|e| e.journaled_at);
        Ok(all)
    }

    /// Every entry, grouped by order (for a sync pass).
    pub fn all_by_order(&self) -> Result<std::collections::HashMap<String, Vec<JournalEntry>>, BackendError> {
        let txn = self.db.begin_read().map_err(|e| self.fail(e))?;
        let entries = txn.open_table(ENTRIES).map_err(|e| self.fail(e))?;
        let mut map: std::collections::HashMap<String, Vec<JournalEntry>> = std::collections::HashMap::new();
        for item in entries.iter().map_err(|e| self.fail(e))? {
            let (key, v) = item.map_err(|e| self.fail(e))?;
            let Ok(entry) = decode(key.value(), v.value()) else { continue };
            map.entry(entry.order_id.clone()).or_default().push(entry);
        }
        for list in map.values_mut() {
            list.sort_by_key(|e| e.journaled_at);
        }
        Ok(map)
    }
}

/// Writes `closing` into the entry under `key`; with `only_if_open`, an entry already settled is
/// left as it is (and `false` returned).
fn close_in(
    txn: &redb::WriteTransaction,
    key: &str,
    closing: &Closing,
    now: Millis,
    only_if_open: bool,
) -> Result<bool, redb::Error> {
    let mut entries = txn.open_table(ENTRIES)?;
    let Some(mut entry) = entries.get(key)?.map(|v| decode(key, v.value())).transpose()? else {
        return Ok(false);
    };
    if only_if_open && entry.state != EntryState::Open {
        return Ok(false);
    }
    entry.state = closing.state;
    entry.created = closing.created();
    entry.parts = closing.parts.clone();
    entry.closed_at = Some(now);
    entry.note = closing.note.clone();
    entry.resolved_by = closing.resolved_by.clone();
    let bytes = encode_redb(&entry)?;
    entries.insert(key, bytes.as_slice())?;
    txn.open_table(OPEN)?.remove(key)?;
    Ok(true)
}

fn encode(entry: &JournalEntry) -> Result<Vec<u8>, BackendError> {
    encode_redb(entry).map_err(BackendError::storage)
}

fn encode_redb(entry: &JournalEntry) -> Result<Vec<u8>, redb::Error> {
    journal_seal::seal(entry)
}

fn decode(key: &str, bytes: &[u8]) -> Result<JournalEntry, redb::Error> {
    journal_seal::unseal(key, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::PartResult;
    use crate::domain::rules::Plan;
    use crate::domain::rules::RefundPart;
    use crate::domain::{Operation, RefundReason};

    fn entry(key: &str) -> JournalEntry {
        let reason = RefundReason::RequestedByCustomer;
        let parts = vec![
            RefundPart { payment_id: "payment_test_2".into(), amount: 200 },
            RefundPart { payment_id: "payment_test_1".into(), amount: 100 },
        ];
        let operation = Operation::Refund { amount: 300, reason };
        let plan = Plan::Refund { parts, reason };
        JournalEntry::new_open(key, "order_test_a", operation, plan, "JPY", Some("suzuki".into()), 5)
    }

    #[test]
    fn an_entry_is_open_until_closed_and_a_key_is_journaled_once() {
        let dir = tempfile::tempdir().expect("temp dir");
        let journal = Journal::open(&dir.path().join("j.redb")).expect("journal");
        assert_eq!(journal.begin(&entry("k1")).expect("begin"), Begun::New);
        assert!(matches!(journal.begin(&entry("k1")).expect("again"), Begun::Existing(_)));
        assert_eq!(journal.open_entries().expect("open").len(), 1);
        let done = |id: &str| JournalPart { result: PartResult::Done, id: Some(id.into()), error: None };
        let closing = Closing {
            state: EntryState::Done,
            parts: vec![done("refund_test_x"), done("refund_test_y")],
            note: None,
            resolved_by: None,
        };
        journal.close("k1", &closing, 9).expect("close");
        assert_eq!(journal.count_open().expect("count"), 0);
        let done = journal.for_order("order_test_a").expect("by order");
        assert_eq!(done[0].state, EntryState::Done);
        assert_eq!(done[0].created, ["refund_test_x", "refund_test_y"]);
        assert_eq!(done[0].part_key(1), "k1.2", "a part key is outside the user key alphabet");
    }

    #[test]
    fn a_hand_settlement_never_overwrites_an_entry_a_replay_settled_meanwhile() {
        let dir = tempfile::tempdir().expect("temp dir");
        let journal = Journal::open(&dir.path().join("j.redb")).expect("journal");
        let refused = || JournalPart { result: PartResult::Refused, id: None, error: Some("by hand".into()) };
        let by_hand = Closing {
            state: EntryState::NotDone,
            parts: vec![refused(), refused()],
            note: Some("customer called".into()),
            resolved_by: Some("sato".into()),
        };
        let done = |id: &str| JournalPart { result: PartResult::Done, id: Some(id.into()), error: None };
        let replayed = Closing {
            state: EntryState::Done,
            parts: vec![done("refund_test_x"), done("refund_test_y")],
            note: None,
            resolved_by: None,
        };
        journal.begin(&entry("raced")).expect("begin");
        // The person read it open; a console's replay then learnt from the API that it was done.
        journal.close("raced", &replayed, 8).expect("replay closes");
        assert!(!journal.close_if_open("raced", &by_hand, 9).expect("write"), "not closed again");
        let kept = journal.get("raced").expect("read").expect("kept");
        assert_eq!((kept.state, kept.resolved_by), (EntryState::Done, None), "what the API said stands");

        journal.begin(&entry("open")).expect("begin");
        assert!(journal.close_if_open("open", &by_hand, 9).expect("write"), "an open entry is settled by hand");
        assert_eq!(journal.get("open").expect("read").expect("kept").state, EntryState::NotDone);
    }

    #[test]
    fn an_entry_journaled_before_part_keys_were_recorded_keeps_its_dash_keys() {
        let mut json = serde_json::to_value(entry("old")).expect("json");
        let object = json.as_object_mut().expect("an object");
        object.remove("partKeys");
        object.remove("parts");
        let old: JournalEntry = serde_json::from_value(json).expect("an old entry reads");
        assert_eq!(old.part_key(0), "old-1", "a replay sends what was sent the first time");
    }
}
