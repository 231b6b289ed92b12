//! `import`, `generate` and `sandbox`: the commands that fill or serve an order file.

use super::{Failure, GlobalArgs, SandboxArgs};
use crate::backend::import::{ImportError, ImportOptions, ImportSummary, import_file};
use crate::backend::local::{LocalStore, OpenMode};
use crate::config::Settings;
use crate::domain::Lang;
use crate::domain::time::now_millis;
use crate::words::{CommandText as W, counted};
use smartpay_i18n::Message;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

fn require_db(settings: &Settings, command: &str) -> Result<PathBuf, Failure> {
    settings.db.clone().ok_or_else(|| Failure::usage_told(W::NeedsDbToWrite, &[("command", &command)]))
}

pub fn import(_global: &GlobalArgs, settings: &Settings, file: &Path, options: ImportOptions) -> Result<(), Failure> {
    let db = require_db(settings, "import")?;
    let summary = import_file(&db, file, options).map_err(|e| match e {
        ImportError::Refused(text) => Failure::io(text).with_code("import.refused"),
        ImportError::Store(e) => Failure::from(e),
    })?;
    eprintln!("{}", describe_import(&summary, &db, options.dry_run, settings.lang));
    Ok(())
}

/// `Imported 3 orders into orders.redb (1 identical order skipped, 2 capture deadlines added).`
fn describe_import(s: &ImportSummary, db: &Path, dry_run: bool, lang: Lang) -> String {
    let notes: Vec<String> = [
        (s.skipped_identical, W::SkippedIdenticalOne, W::SkippedIdenticalMany),
        (s.replaced, W::ReplacedOne, W::ReplacedMany),
        (s.deadlines_added, W::DeadlineAddedOne, W::DeadlineAddedMany),
        (s.history_kept, W::HistoryKeptOne, W::HistoryKeptMany),
        (s.history_dropped, W::HistoryDroppedOne, W::HistoryDroppedMany),
        (s.expired as u64, W::ExpiredNote, W::ExpiredNote),
    ]
    .into_iter()
    .filter(|(n, _, _)| *n > 0)
    .map(|(n, one, many)| counted(lang, n, one, many))
    .collect();
    let notes = match notes.is_empty() {
        true => String::new(),
        false => W::Notes.fill(lang, &[("notes", &notes.join(W::NoteSeparator.text(lang)))]),
    };
    let orders = counted(lang, s.imported, W::OrdersOne, W::OrdersMany);
    let key = if dry_run { W::DryRun } else { W::Imported };
    key.fill(lang, &[("orders", &orders), ("path", &db.display()), ("notes", &notes)])
}

pub fn generate(_global: &GlobalArgs, settings: &Settings, count: u64, seed: u64) -> Result<(), Failure> {
    let db = require_db(settings, "generate")?;
    let store = LocalStore::open(&db, OpenMode::Bulk)?;
    let started = std::time::Instant::now();
    // Progress redraws one line with `\r`: only a terminal shows that as intended; a log file
    // or a pipe gets the summary line alone.
    let progress = std::io::stderr().is_terminal();
    let lang = settings.lang;
    crate::demo::generator::generate_into(&store, count, seed, now_millis(), |done| {
        if progress && (done % 100_000 == 0 || done == count) {
            let _ = write!(std::io::stderr(), "\r{}", W::Generating.fill(lang, &[("done", &done), ("total", &count)]));
        }
    })?;
    let back = if progress { "\r" } else { "" };
    let seconds = format!("{:.1}", started.elapsed().as_secs_f64());
    let said = W::Generated.fill(lang, &[("count", &count), ("path", &db.display()), ("seconds", &seconds)]);
    let _ = writeln!(std::io::stderr(), "{back}{said}");
    Ok(())
}

pub fn sandbox(_global: &GlobalArgs, settings: &Settings, args: SandboxArgs) -> Result<(), Failure> {
    if settings.db.is_none() && args.accounts.is_empty() {
        return Err(Failure::usage("`sandbox` needs an order file to serve: add --db PATH or --account KEY=FILE."));
    }
    if !(0.0..=1.0).contains(&args.fail_rate) {
        return Err(Failure::usage("--fail-rate must be between 0.0 and 1.0."));
    }
    if args.header_timeout_ms == 0 || args.idle_timeout_ms == 0 {
        return Err(Failure::usage("--header-timeout-ms and --idle-timeout-ms must be above 0."));
    }
    let options = crate::sandbox::SandboxOptions {
        latency_ms: args.latency_ms,
        fail_rate: args.fail_rate,
        fail_seed: args.fail_seed,
        variants: crate::sandbox::Variants::from_list(&args.variants),
        clock_offset_ms: args.clock_offset_ms,
        header_timeout: std::time::Duration::from_millis(args.header_timeout_ms),
        idle_timeout: std::time::Duration::from_millis(args.idle_timeout_ms),
    };
    Ok(crate::sandbox::run(settings.db.as_deref(), &args.accounts, &args.listen, options)?)
}
