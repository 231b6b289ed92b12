//! Online mode: the Smartpay API behind the `Backend` trait, with the operation journal and
//! the local mirror.
//!
//! - Reads go to the API (`GET /orders/{id}?expand=all`) and are kept in the mirror; the list
//!   and search read the mirror, which a sync pass fills page by page.
//! - Every operation re-reads the order, validates it by the domain rules, is journaled with
//!   its idempotency key before the first request, and re-reads the order afterwards.
//! - Operations left open by an earlier run (a crash, a kill, a lost answer) are resolved when
//!   the backend opens, and on every sync pass, by replaying their keys.

pub mod account;
mod assemble;
mod backend;
mod background;
mod drive;
mod marks;
mod mirror;
mod operate;
mod pages;
mod recover;
mod refunds;
mod sync;
mod test_clock;

pub use backend::{OnlineBackend, STOP_WAIT};

use crate::backend::{Backend, BackendError};
use crate::config::Settings;

/// Opens the API at `url` with the key from the settings (never from the command line), for
/// the CLI: the first list or export waits for a full, fresh sync so a script never reads
/// stale data, and no background work starts. The TUI opens an [`OnlineBackend`] itself and
/// starts its background sync explicitly.
pub fn open(url: &str, settings: &Settings) -> Result<Box<dyn Backend>, BackendError> {
    Ok(Box::new(OnlineBackend::open(url, settings, false)?))
}

#[cfg(test)]
mod fake_api;
#[cfg(test)]
mod operate_tests;
#[cfg(test)]
mod rig;
#[cfg(test)]
mod shapes_tests;
#[cfg(test)]
mod sync_tests;
