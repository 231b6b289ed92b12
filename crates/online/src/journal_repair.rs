//! `journal repair`: rebuilds a damaged journal from every entry that can still be read and
//! verified, and moves the damaged file aside (never deletes it), so an operator can look at
//! what could not be read. The entries left out are listed with the order they belong to,
//! where that is still known: an open one among them is an operation to check by hand.

use super::journal::{BY_ORDER, ENTRIES, EntryState, JournalEntry, OPEN};
use super::journal_seal::{self, KEY_VERSION, META, SEALED_VERSION};
use crate::domain::Millis;
use crate::store::BackendError;
use crate::store::checksum::{self, Damage};
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
    // Sound means what the console itself needs: it opens, writes, and every entry verifies
    // (a damaged system page can leave every entry readable and the file unwritable).
    let opens_clean = super::journal::Journal::open(path)?.problem().is_none();
    let salvage = salvage(path);
    if opens_clean && salvage.sound {
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
    // Closing a damaged file can panic inside the storage engine.
    crate::panic_guard::quietly(move || drop(db));
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
                let order =
                    order_of.get(key).map(|o| format!(" (order {})", checksum::printable(o))).unwrap_or_default();
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::rules::Plan;
    use crate::domain::{Operation, RefundReason};
    use crate::journal::{Begun, Journal};
    use crate::journal_seal::verify;

    fn entry(key: &str, order: &str) -> JournalEntry {
        let void = Plan::Void { released: 1000 };
        JournalEntry::new_open(key, order, Operation::Void, void, "JPY", Some("suzuki".into()), 5)
    }

    fn raw(path: &Path) -> redb::Database {
        journal_seal::builder().open(path).expect("open raw")
    }

    #[test]
    fn an_empty_journal_file_is_created_afresh() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("journal.redb");
        std::fs::write(&path, b"").expect("empty file");
        let journal = Journal::open(&path).expect("opens");
        assert_eq!(journal.problem(), None);
        assert_eq!(journal.begin(&entry("k1", "order_a")).expect("begin"), Begun::New);
    }

    #[test]
    fn an_unreadable_journal_still_reads_refuses_operations_and_repair_moves_it_aside() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("journal.redb");
        std::fs::write(&path, vec![0xab; 8192]).expect("garbage");
        let journal = Journal::open(&path).expect("a damaged journal still opens");
        let problem = journal.problem().expect("a problem is reported");
        assert!(problem.contains("cannot be read") && problem.contains("smartpay-console journal repair"), "{problem}");
        assert_eq!(journal.open_entries().expect("reads go on"), vec![]);
        let refused = journal.begin(&entry("k1", "order_a")).expect_err("no operation over a damaged journal");
        assert!(refused.to_string().contains("journal repair"), "{refused}");
        drop(journal);
        assert_eq!(verify(&path)[0].kind, "file");

        let repaired = repair(&path, 42).expect("repair");
        assert_eq!(repaired.kept, 0);
        assert_eq!(repaired.left_out[0].kind, "file");
        let aside = repaired.moved_aside.expect("moved aside");
        assert_eq!(std::fs::read(&aside).expect("kept"), vec![0xab; 8192], "the damaged file is kept as it was");
        let journal = Journal::open(&path).expect("reopen");
        assert_eq!(journal.problem(), None);
        assert_eq!(journal.begin(&entry("k1", "order_a")).expect("begin"), Begun::New);
    }

    #[test]
    fn a_damaged_entry_is_named_and_repair_keeps_every_entry_it_can_read() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("journal.redb");
        let journal = Journal::open(&path).expect("journal");
        // An order id as a hostile server may send it: shown escaped, on one line.
        journal.begin(&entry("k1", "order_a\u{202e}\nfake")).expect("k1");
        let mut refund = entry("k2", "order_b");
        refund.operation = Operation::Refund { amount: 500, reason: RefundReason::RequestedByCustomer };
        journal.begin(&refund).expect("k2");
        drop(journal);
        // One byte of k1's stored JSON changes, as a bad disk would change it.
        let db = raw(&path);
        let txn = db.begin_write().expect("write");
        {
            let mut entries = txn.open_table(ENTRIES).expect("entries");
            let mut bytes = entries.get("k1").expect("get").expect("k1").value().to_vec();
            bytes[10] ^= 0x01;
            entries.insert("k1", bytes.as_slice()).expect("insert");
        }
        txn.commit().expect("commit");
        drop(db);

        let journal = Journal::open(&path).expect("opens");
        let problem = journal.problem().expect("named");
        assert!(problem.contains("1 damaged entry (k1)"), "{problem}");
        assert!(journal.get("k1").is_err(), "a damaged entry is never used");
        assert_eq!(journal.for_order("order_b").expect("reads go on"), vec![refund.clone()]);
        assert!(journal.begin(&entry("k3", "order_c")).is_err());
        drop(journal);
        let found = verify(&path);
        assert_eq!(found.iter().map(ToString::to_string).collect::<Vec<_>>(), vec!["journal k1 checksum mismatch"]);

        let repaired = repair(&path, 42).expect("repair");
        assert_eq!(repaired.kept, 1);
        assert_eq!(
            repaired.left_out.iter().map(ToString::to_string).collect::<Vec<_>>(),
            vec![r"journal k1 checksum mismatch (order order_a\u{202e}\nfake)"]
        );
        let journal = Journal::open(&path).expect("reopen");
        assert_eq!(journal.problem(), None);
        assert_eq!(journal.get("k1").expect("read"), None);
        assert_eq!(journal.open_entries().expect("open"), vec![refund], "the readable open entry is still open");
    }

    #[test]
    fn entries_written_before_checksums_are_sealed_when_the_journal_opens() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("journal.redb");
        let old = entry("k1", "order_a");
        let db = journal_seal::builder().create(&path).expect("create");
        let txn = db.begin_write().expect("write");
        {
            let json = serde_json::to_vec(&old).expect("json");
            txn.open_table(ENTRIES).expect("entries").insert("k1", json.as_slice()).expect("insert");
            txn.open_table(OPEN).expect("open").insert("k1", ()).expect("insert");
            txn.open_table(BY_ORDER).expect("by order").insert(("order_a", "k1"), ()).expect("insert");
        }
        txn.commit().expect("commit");
        drop(db);
        assert_eq!(verify(&path), vec![], "plain entries of an unmarked journal are not damage");

        let journal = Journal::open(&path).expect("opens");
        assert_eq!(journal.problem(), None);
        assert_eq!(journal.get("k1").expect("read"), Some(old));
        drop(journal);
        assert_eq!(verify(&path), vec![]);
    }
}
