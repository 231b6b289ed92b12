//! Demo data: the bundled fixtures (for `--demo`) and the synthetic generator (`generate`).

// The layers below, under the names this crate's paths use (`crate::domain::Order`).
use smartpay_domain as domain;
use smartpay_store as backend;
use smartpay_wire as wire;

pub mod fixtures;
pub mod generator;

use crate::backend::BackendError;
use crate::backend::local::{LocalStore, OpenMode};
use crate::domain::time::now_millis;

/// A fresh temporary order file seeded from the fixtures, ages relative to now. It is deleted
/// when the store is dropped: nothing a demo does persists.
pub fn open_demo() -> Result<LocalStore, BackendError> {
    let dir = tempfile::Builder::new()
        .prefix("smartpay-console-demo-")
        .tempdir()
        .map_err(|e| BackendError::Io { path: std::env::temp_dir(), detail: e.to_string() })?;
    let path = dir.path().join("demo.redb");
    let store = LocalStore::open(&path, OpenMode::CreateIfMissing)?;
    let orders = fixtures::demo_orders(now_millis())
        .map_err(|e| BackendError::Storage(format!("the bundled demo data is invalid: {e}")))?;
    store.insert_orders(&orders)?;
    store.sweep_expired()?;
    Ok(store.into_demo(dir))
}
