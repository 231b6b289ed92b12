//! Opening the source the settings chose: the demo, an offline file, or the online API.

use crate::backend::local::{LocalStore, OpenMode};
use crate::backend::{Backend, BackendError};
use crate::config::Settings;
use crate::source::Source;
use smartpay_i18n::Message;
use smartpay_i18n::sentences::ErrorText;

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
            let lang = settings.lang;
            let warning = if store.is_unverified() {
                Some(BackendError::Unverified { path: path.clone() }.text(lang))
            } else if store.needs_migration() {
                Some(BackendError::Unindexed { path: path.clone() }.text(lang))
            } else if !store.index_complete_at_open() {
                // A bulk load stopped before its build, or a write that replaced a damaged piece:
                // searches are exact but slow, and nothing else would say why.
                Some(crate::words::CommandText::IndexIncomplete.fill(lang, &[("path", &path.display())]))
            } else {
                None
            };
            if let Some(warning) = warning {
                eprintln!("{}", ErrorText::Warning.fill(lang, &[("message", &warning)]));
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
