//! `migrate` and `reindex`: bringing an older order file up to the current schema (checksums,
//! then the search index), and rebuilding the search index in place. Progress goes to stderr
//! as a bar only when stderr is a terminal.

use super::Failure;
use super::output::write_stdout;
use crate::backend::BackendError;
use crate::backend::local::{LocalStore, OpenMode, schema};
use crate::config::Settings;
use crate::domain::Lang;
use crate::words::CommandText as W;
use smartpay_i18n::Message;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::time::Instant;

fn existing_db(settings: &Settings, command: &str) -> Result<PathBuf, Failure> {
    let db = settings.db.clone().ok_or_else(|| Failure::usage_told(W::NeedsDbToRewrite, &[("command", &command)]))?;
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
    let lang = settings.lang;
    let mut bar = ProgressBar::new(lang);
    let Some(migrated) = store.migrate(&mut |done, total| bar.show(done, total))? else {
        let said = W::AlreadyCurrent.fill(lang, &[("path", &db.display()), ("schema", &schema::SCHEMA_VERSION)]);
        eprintln!("{said}");
        return Ok(());
    };
    bar.finish();
    let seconds = format!("{:.1}", started.elapsed().as_secs_f64());
    let args: [(&str, &dyn std::fmt::Display); 6] = [
        ("path", &db.display()),
        ("schema", &schema::SCHEMA_VERSION),
        ("orders", &migrated.orders),
        ("results", &migrated.idempotency_results),
        ("indexed", &migrated.indexed),
        ("seconds", &seconds),
    ];
    eprintln!("{}", W::Migrated.fill(lang, &args));
    if migrated.left_damaged.is_empty() {
        return Ok(());
    }
    let lines: String =
        migrated.left_damaged.iter().map(|d| format!("{}\n", W::CannotDecode.fill(lang, &[("record", d)]))).collect();
    write_stdout(&lines)?;
    let count = migrated.left_damaged.len();
    Err(Failure::told(1, "record.damaged", W::LeftUnsealed, &[("count", &count)]))
}

pub fn reindex(settings: &Settings) -> Result<(), Failure> {
    let db = existing_db(settings, "reindex")?;
    let store = LocalStore::open(&db, OpenMode::Existing)?;
    let started = Instant::now();
    let lang = settings.lang;
    let mut bar = ProgressBar::new(lang);
    let indexed = store.reindex(&mut |done, total| bar.show(done, total))?;
    bar.finish();
    let seconds = format!("{:.1}", started.elapsed().as_secs_f64());
    let said = W::Reindexed.fill(lang, &[("path", &db.display()), ("indexed", &indexed), ("seconds", &seconds)]);
    eprintln!("{said}");
    Ok(())
}

/// A one-line bar redrawn in place on a terminal; silent otherwise (logs and pipes get only
/// the closing sentence).
struct ProgressBar {
    lang: Lang,
    on_terminal: bool,
    drawn: bool,
}

impl ProgressBar {
    fn new(lang: Lang) -> ProgressBar {
        ProgressBar { lang, on_terminal: std::io::stderr().is_terminal(), drawn: false }
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
        let count = W::ProgressOrders.fill(self.lang, &[("done", &done), ("total", &total)]);
        let _ = write!(err, "\r{} [{bar}] {count}", W::Indexing.text(self.lang));
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
