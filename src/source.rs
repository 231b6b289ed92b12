//! Picking the source of truth from the flags and settings: demo, offline file or online API.

use crate::backend::local::{LocalStore, OpenMode};
use crate::backend::{Backend, BackendError};
use crate::config::Settings;
use std::path::PathBuf;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Demo,
    Offline(PathBuf),
    Online(String),
}

/// Why no source could be chosen.
pub const NO_SOURCE: &str =
    "No orders to open: use --demo, --db PATH or --api-url URL (or set offline.db or online.api_url in the config).";

/// `--demo` wins, then `--db`/offline.db, then `--api-url`/online.api_url.
pub fn choose(demo: bool, settings: &Settings) -> Option<Source> {
    if demo {
        return Some(Source::Demo);
    }
    if let Some(db) = &settings.db {
        return Some(Source::Offline(db.clone()));
    }
    settings.api_url.clone().map(Source::Online)
}

/// Opens the chosen source for reading and operating.
pub fn open(source: &Source, settings: &Settings) -> Result<Box<dyn Backend>, BackendError> {
    match source {
        Source::Demo => Ok(Box::new(crate::demo::open_demo()?)),
        Source::Offline(path) => {
            let store = LocalStore::open(path, OpenMode::Existing)?;
            if store.is_unverified() {
                eprintln!("warning: {}", BackendError::Unverified { path: path.clone() });
            }
            if !settings.read_only {
                // Recording overdue expiries is a write; a read-only console leaves it to others
                // (the expiry still shows, computed on read).
                store.sweep_expired()?;
            }
            Ok(Box::new(store))
        }
        Source::Online(url) => crate::online::open(url, settings),
    }
}
