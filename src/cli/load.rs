//! `import`, `generate` and `sandbox`: the commands that fill or serve an order file.

use super::{Failure, GlobalArgs, SandboxArgs};
use crate::backend::import::{ImportError, ImportOptions, ImportSummary, import_file};
use crate::backend::local::{LocalStore, OpenMode};
use crate::config::Settings;
use crate::domain::time::now_millis;
use std::path::{Path, PathBuf};

fn require_db(settings: &Settings, command: &str) -> Result<PathBuf, Failure> {
    settings
        .db
        .clone()
        .ok_or_else(|| Failure::usage(format!("`{command}` needs the order file to write: add --db PATH.")))
}

pub fn import(_global: &GlobalArgs, settings: &Settings, file: &Path, options: ImportOptions) -> Result<(), Failure> {
    let db = require_db(settings, "import")?;
    let summary = import_file(&db, file, options).map_err(|e| match e {
        ImportError::Refused(text) => Failure::io(text).with_code("import.refused"),
        ImportError::Store(e) => Failure::from(e),
    })?;
    eprintln!("{}", describe_import(&summary, &db, options.dry_run));
    Ok(())
}

/// `Imported 3 orders into orders.redb (1 identical skipped, 2 capture deadlines added).`
fn describe_import(s: &ImportSummary, db: &Path, dry_run: bool) -> String {
    let plural = |n: u64, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let notes: Vec<String> = [
        (s.skipped_identical, plural(s.skipped_identical, "identical order skipped", "identical orders skipped")),
        (s.replaced, plural(s.replaced, "order replaced", "orders replaced")),
        (s.deadlines_added, plural(s.deadlines_added, "capture deadline added", "capture deadlines added")),
        (s.history_kept, plural(s.history_kept, "history entry kept as imported", "history entries kept as imported")),
        (s.history_dropped, plural(s.history_dropped, "history entry dropped", "history entries dropped")),
        (s.expired as u64, format!("{} past their capture deadline expired", s.expired)),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .map(|(_, text)| text)
    .collect();
    let notes = if notes.is_empty() { String::new() } else { format!(" ({})", notes.join(", ")) };
    let orders = plural(s.imported, "order", "orders");
    if dry_run {
        format!(
            "Dry run: the file is valid; {orders} would be imported into {}{notes}. Nothing was written.",
            db.display()
        )
    } else {
        format!("Imported {orders} into {}{notes}.", db.display())
    }
}

pub fn generate(_global: &GlobalArgs, settings: &Settings, count: u64, seed: u64) -> Result<(), Failure> {
    let db = require_db(settings, "generate")?;
    let store = LocalStore::open(&db, OpenMode::Bulk)?;
    let started = std::time::Instant::now();
    crate::demo::generator::generate_into(&store, count, seed, now_millis(), |done| {
        if done % 100_000 == 0 || done == count {
            eprint!("\rGenerated {done} of {count} orders");
        }
    })?;
    eprintln!("\rGenerated {count} orders into {} in {:.1} s.", db.display(), started.elapsed().as_secs_f64());
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
    crate::sandbox::run(settings.db.as_deref(), &args.accounts, &args.listen, options)
}
