//! `import`: orders from a file into a local order file, whole file or nothing.
//!
//! The file is read twice and never held in memory. The first pass checks every order by the
//! domain rules, every id for uniqueness across the file and the order file, and every order
//! that is already there (identical: skipped; different: refused unless `--replace`; carrying
//! operations made here: refused). The second pass writes, in one write transaction that is
//! committed only if the file still reads exactly as it did in the first pass.

mod reader;
mod registry;

pub use reader::Position;

use crate::domain::validate::{Admitted, same_money, validate_import};
use crate::domain::{Millis, Order};
use crate::local::{ExistingOrders, LocalStore, NoOrders, OpenMode, StoredOrder};
use crate::wire::{OrderDocument, domain_order};
use crate::{BackendError, OrderReader};
use reader::{Fingerprinting, ReadError, read_orders};
use registry::IdRegistry;
use std::fs::File;
use std::hash::RandomState;
use std::io::{BufReader, Seek};
use std::path::Path;

#[derive(Debug, Clone, Copy, Default)]
pub struct ImportOptions {
    /// Overwrite an order that differs from the copy in the file (never one carrying
    /// operations made here).
    pub replace: bool,
    /// Check the whole file, write nothing.
    pub dry_run: bool,
}

/// What an import did (or, for a dry run, would do).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportSummary {
    pub imported: u64,
    pub skipped_identical: u64,
    pub replaced: u64,
    pub deadlines_added: u64,
    pub history_kept: u64,
    pub history_dropped: u64,
    /// Orders past their capture deadline, expired right after the import.
    pub expired: usize,
}

impl ImportSummary {
    fn count(&mut self, decision: &Decision, admitted: Admitted) {
        match decision {
            Decision::New => self.imported += 1,
            Decision::Identical => self.skipped_identical += 1,
            Decision::Replace(_) => self.replaced += 1,
        }
        if !matches!(decision, Decision::Identical) {
            self.deadlines_added += u64::from(admitted.deadline_added);
            self.history_kept += admitted.history_kept as u64;
            self.history_dropped += admitted.history_dropped as u64;
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file was refused; the sentence names the first problem and where it is.
    #[error("{0}")]
    Refused(String),
    #[error(transparent)]
    Store(#[from] BackendError),
}

/// What to do with one order of the file.
enum Decision {
    New,
    Identical,
    Replace(Box<Order>),
}

/// Imports `file` into the order file `db` (created if missing, unless a dry run).
pub fn import_file(db: &Path, file: &Path, options: ImportOptions) -> Result<ImportSummary, ImportError> {
    // The sentence quotes the file's own words (ids, currencies): escaped, so a hostile id can
    // neither act on the terminal nor fake a line of its own.
    let refused = |what: String| {
        let sentence = format!("{}{what}; nothing was imported.", file.display());
        ImportError::Refused(crate::text::escaped(&sentence).into_owned())
    };
    let mut input = File::open(file).map_err(|e| refused(format!(": cannot be read ({})", io_reason(&e))))?;
    let is_file = input.metadata().map(|m| m.is_file()).unwrap_or(false);
    if !is_file {
        return Err(refused(": is not a regular file (import reads it twice: save it to a file first)".into()));
    }
    let keys = RandomState::new();
    let now = crate::domain::time::now_millis();
    let existing_store = if db.exists() { Some(LocalStore::open(db, OpenMode::Existing)?) } else { None };

    // Pass 1: check everything, write nothing.
    let mut ids = IdRegistry::default();
    let mut checked = ImportSummary::default();
    let fingerprint = {
        let view: Box<dyn ExistingOrders + '_> = match &existing_store {
            Some(store) => Box::new(store.import_view()?),
            None => Box::new(NoOrders),
        };
        let mut visit = |at: Position, document: OrderDocument| -> Result<(), ImportError> {
            let (order, admitted) = admit(at, &document, now).map_err(&refused)?;
            ids.add(at, &order).map_err(|e| refused(format!(", {at}: {e}")))?;
            let decision = decide(view.existing(&order.id)?, &order, options.replace, db, now)
                .map_err(|e| refused(format!(", {at}: {e}")))?;
            checked.count(&decision, admitted);
            Ok(())
        };
        read_all(&mut input, &keys, &mut visit, &refused)?
    };
    if let Some(store) = existing_store.as_ref().filter(|_| !ids.is_empty()) {
        let mut conflict = None;
        let scanned = store.for_each_order(&mut |stored| match ids.check_stored(&stored) {
            Ok(()) => Ok(()),
            Err(text) => {
                conflict = Some(text);
                Err(BackendError::Storage("an id conflict stopped the scan".into()))
            }
        });
        if let Some(text) = conflict {
            return Err(refused(format!(", {text}")));
        }
        scanned?;
    }
    if options.dry_run {
        return Ok(checked);
    }
    drop(existing_store);

    // Pass 2: the same file again, written in one transaction.
    // The small cache of an ordinary open: memory stays flat however large the file (a bulk
    // cache was no faster at 200,000 orders and took seven times the memory).
    let store = LocalStore::open(db, OpenMode::CreateIfMissing)?;
    let mut written = store.import_atomically(|writer| {
        let mut written = ImportSummary::default();
        input.rewind().map_err(|e| refused(format!(": cannot be read again ({})", io_reason(&e))))?;
        let mut visit = |at: Position, document: OrderDocument| -> Result<(), ImportError> {
            let (order, admitted) = admit(at, &document, now).map_err(&refused)?;
            let decision = decide(writer.existing(&order.id)?, &order, options.replace, db, now)
                .map_err(|e| refused(format!(", {at}: {e}")))?;
            match &decision {
                Decision::New => writer.put(None, &order)?,
                Decision::Replace(old) => writer.put(Some(old), &order)?,
                Decision::Identical => {}
            }
            written.count(&decision, admitted);
            Ok(())
        };
        if read_all(&mut input, &keys, &mut visit, &refused)? != fingerprint {
            return Err(refused(" changed while it was being imported".into()));
        }
        Ok(written)
    })?;
    written.expired = store.sweep_expired()?;
    Ok(written)
}

/// One pass over the file; returns the fingerprint of what was read.
fn read_all(
    input: &mut File,
    keys: &RandomState,
    visit: &mut dyn FnMut(Position, OrderDocument) -> Result<(), ImportError>,
    refused: &dyn Fn(String) -> ImportError,
) -> Result<u64, ImportError> {
    let mut reader = BufReader::with_capacity(256 * 1024, Fingerprinting::new(&mut *input, keys));
    match read_orders(&mut reader, visit) {
        Ok(()) => Ok(reader.get_ref().fingerprint()),
        Err(ReadError::Stop(e)) => Err(e),
        Err(ReadError::Format(text)) => Err(refused(format!(": {text}"))),
        Err(ReadError::Io(e)) => Err(refused(format!(": cannot be read ({})", io_reason(&e)))),
    }
}

/// The order of one file entry, converted and checked by the domain rules.
fn admit(at: Position, document: &OrderDocument, now: Millis) -> Result<(Order, Admitted), String> {
    let mut order = domain_order(&document.order, Some(&[]), now).map_err(|e| format!(", {at}: {e}"))?;
    let claimed = document.history.as_deref().unwrap_or_default();
    let admitted = validate_import(&mut order, claimed, now).map_err(|e| format!(", {at}: {e}"))?;
    Ok((order, admitted))
}

fn decide(
    existing: Option<StoredOrder>,
    order: &Order,
    replace: bool,
    db: &Path,
    now: Millis,
) -> Result<Decision, String> {
    let Some(stored) = existing else { return Ok(Decision::New) };
    if same_money(&stored.order, order, now) {
        return Ok(Decision::Identical);
    }
    let (id, db) = (&order.id, db.display());
    let (here, there) = (money_line(&stored.order), money_line(order));
    let different = format!("order {id} is already in {db} with different money ({here} there, {there} in the file)");
    if let Some(key) = stored.made_here.first() {
        return Err(format!(
            "{different} and carries operations made there (idempotency key {key}): an import never replaces it, even with --replace"
        ));
    }
    if !replace {
        return Err(format!("{different}; re-run with --replace to overwrite it"));
    }
    Ok(Decision::Replace(Box::new(stored.order)))
}

/// `succeeded, amount ¥12,800, captured ¥4,000, refunded ¥1,000`
fn money_line(order: &Order) -> String {
    let c = order.currency();
    let (amount, captured, refunded) =
        (c.format(order.amount()), c.format(order.captured()), c.format(order.refunded()));
    format!("{}, amount {amount}, captured {captured}, refunded {refunded}", order.status)
}

fn io_reason(err: &std::io::Error) -> String {
    match err.kind() {
        std::io::ErrorKind::NotFound => "it does not exist".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::IsADirectory => "it is a directory".into(),
        _ => err.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_quoting_a_hostile_id_stays_on_one_line() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (db, file) = (dir.path().join("orders.db"), dir.path().join("orders.jsonl"));
        let hostile = r#"{"id":"x\nerror: fake\u001b[2J\u202e","amount":1000,"currency":"ZZZ"}"#;
        std::fs::write(&file, format!("{hostile}\n")).expect("write");
        let Err(ImportError::Refused(text)) = import_file(&db, &file, ImportOptions::default()) else {
            panic!("the file is refused");
        };
        assert!(text.contains(r"x\nerror: fake\u{1b}[2J\u{202e}"), "{text}");
        assert!(!text.chars().any(crate::text::is_unsafe_for_terminal), "{text}");
        assert!(!db.exists(), "nothing was created");
    }
}
