//! Opening the source the settings chose: the demo, an offline file, or the online API.

use crate::backend::local::{LocalStore, OpenMode};
use crate::backend::{Backend, BackendError};
use crate::config::Settings;
use crate::source::Source;

/// Opens the chosen source for reading and operating.
pub fn open(source: &Source, settings: &Settings) -> Result<Box<dyn Backend>, BackendError> {
    open_as(source, settings, OpenMode::Existing)
}

/// As [`open`], an order file opened in `mode` (`Streaming` for `bulk`: a small cache).
pub fn open_as(source: &Source, settings: &Settings, mode: OpenMode) -> Result<Box<dyn Backend>, BackendError> {
    match source {
        Source::Demo => Ok(Box::new(crate::demo::open_demo()?)),
        Source::Offline(path) => {
            let store = LocalStore::open(path, mode)?;
            if store.is_unverified() {
                eprintln!("warning: {}", BackendError::Unverified { path: path.clone() });
            } else if store.needs_migration() {
                eprintln!("warning: {}", BackendError::Unindexed { path: path.clone() });
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
