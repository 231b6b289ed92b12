//! `import`, `generate` and `sandbox`: the commands that fill or serve an order file.

use super::{Failure, GlobalArgs, SandboxArgs};
use crate::backend::local::{LocalStore, OpenMode};
use crate::backend::smartpay::wire::{OrderDocument, domain_order, read_json};
use crate::config::Settings;
use crate::domain::time::now_millis;
use std::path::{Path, PathBuf};

fn require_db(settings: &Settings, command: &str) -> Result<PathBuf, Failure> {
    settings
        .db
        .clone()
        .ok_or_else(|| Failure::usage(format!("`{command}` needs the order file to write: add --db PATH.")))
}

pub fn import(_global: &GlobalArgs, settings: &Settings, file: &Path) -> Result<(), Failure> {
    let db = require_db(settings, "import")?;
    let text =
        std::fs::read_to_string(file).map_err(|e| Failure::io(format!("Cannot read {}: {e}.", file.display())))?;
    // The whole file is checked before anything is written: an invalid file changes nothing.
    // `null` in an optional field reads as absent, as online.
    let documents: Vec<OrderDocument> = read_json(&text)
        .map_err(|e| Failure::io(format!("{} is not a JSON array of Smartpay orders: {e}.", file.display())))?;
    let now = now_millis();
    let mut orders = Vec::with_capacity(documents.len());
    for (i, doc) in documents.iter().enumerate() {
        let order = domain_order(&doc.order, doc.history.as_deref(), now)
            .map_err(|e| Failure::io(format!("{} (entry {}): {e}; nothing was imported.", file.display(), i + 1)))?;
        orders.push(order);
    }
    let store = LocalStore::open(&db, OpenMode::Bulk)?;
    store.insert_orders(&orders)?;
    let expired = store.sweep_expired()?;
    let note =
        if expired > 0 { format!(" ({expired} past their capture deadline were expired)") } else { String::new() };
    eprintln!("Imported {} orders into {}{note}.", orders.len(), db.display());
    Ok(())
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
    let db = require_db(settings, "sandbox")?;
    if !(0.0..=1.0).contains(&args.fail_rate) {
        return Err(Failure::usage("--fail-rate must be between 0.0 and 1.0."));
    }
    crate::sandbox::run(&db, &args.listen, args.latency_ms, args.fail_rate)
}
