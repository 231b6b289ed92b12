//! `migrate` and `reindex`: bringing an older order file up to the current schema (checksums,
//! then the search index), and rebuilding the search index in place. Progress goes to stderr
//! as a bar only when stderr is a terminal.

use super::Failure;
use super::output::write_stdout;
use crate::backend::BackendError;
use crate::backend::local::{LocalStore, OpenMode, schema};
use crate::config::Settings;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::time::Instant;

fn existing_db(settings: &Settings, command: &str) -> Result<PathBuf, Failure> {
    let db = settings
        .db
        .clone()
        .ok_or_else(|| Failure::usage(format!("`{command}` needs the order file to rewrite: add --db PATH.")))?;
    if !db.exists() {
        // A mistyped path is named, never created and reported as "already current".
        return Err(BackendError::Missing { path: db }.into());
    }
    Ok(db)
}

pub fn migrate(settings: &Settings) -> Result<(), Failure> {
    let db = existing_db(settings, "migrate")?;
    let store = LocalStore::open(&db, OpenMode::Bulk)?;
    let started = Instant::now();
    let mut bar = ProgressBar::new("indexing");
    let Some(migrated) = store.migrate(&mut |done, total| bar.show(done, total))? else {
        eprintln!(
            "{} is already schema {} (checksummed and indexed); nothing to do.",
            db.display(),
            schema::SCHEMA_VERSION
        );
        return Ok(());
    };
    bar.finish();
    eprintln!(
        "Migrated {} to schema {}: {} orders and {} idempotency results sealed, {} orders indexed for search, in {:.1} s.",
        db.display(),
        schema::SCHEMA_VERSION,
        migrated.orders,
        migrated.idempotency_results,
        migrated.indexed,
        started.elapsed().as_secs_f64()
    );
    if migrated.left_damaged.is_empty() {
        return Ok(());
    }
    write_stdout(&migrated.left_damaged.iter().map(|d| format!("{d} cannot be decoded\n")).collect::<String>())?;
    Err(Failure::io(format!(
        "{} records could not be read and were left unsealed; they are reported as damaged and never used for money.",
        migrated.left_damaged.len()
    ))
    .with_code("record.damaged"))
}

pub fn reindex(settings: &Settings) -> Result<(), Failure> {
    let db = existing_db(settings, "reindex")?;
    let store = LocalStore::open(&db, OpenMode::Existing)?;
    let started = Instant::now();
    let mut bar = ProgressBar::new("indexing");
    let indexed = store.reindex(&mut |done, total| bar.show(done, total))?;
    bar.finish();
    eprintln!(
        "Rebuilt the search index of {}: {indexed} orders indexed in {:.1} s.",
        db.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// A one-line bar redrawn in place on a terminal; silent otherwise (logs and pipes get only
/// the closing sentence).
struct ProgressBar {
    label: &'static str,
    on_terminal: bool,
    drawn: bool,
}

impl ProgressBar {
    fn new(label: &'static str) -> ProgressBar {
        ProgressBar { label, on_terminal: std::io::stderr().is_terminal(), drawn: false }
    }

    fn show(&mut self, done: u64, total: u64) {
        if !self.on_terminal {
            return;
        }
        const WIDTH: u64 = 30;
        let filled = (done.min(total) * WIDTH).checked_div(total).unwrap_or(WIDTH) as usize;
        let bar = format!("{}{}", "#".repeat(filled), "-".repeat(WIDTH as usize - filled));
        let mut err = std::io::stderr().lock();
        // A terminal that went away is no reason to stop the migration.
        let _ = write!(err, "\r{} [{bar}] {done}/{total} orders", self.label);
        let _ = err.flush();
        self.drawn = true;
    }

    fn finish(&mut self) {
        if self.drawn {
            eprintln!();
            self.drawn = false;
        }
    }
}
