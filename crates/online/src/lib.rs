//! Online mode: the Smartpay API behind the `Backend` trait, with the operation journal and
//! the local mirror.
//!
//! - Reads go to the API (`GET /orders/{id}?expand=all`) and are kept in the mirror; the list
//!   and search read the mirror, which a sync pass fills page by page.
//! - Every operation re-reads the order, validates it by the domain rules, is journaled with
//!   its idempotency key before the first request, and re-reads the order afterwards.
//! - Operations left open by an earlier run (a crash, a kill, a lost answer) are resolved when
//!   the backend opens, and on every sync pass, by replaying their keys.

// The layers below, under the names this crate's paths use (`crate::domain::Order`); the store
// is `store` here, since this crate's own `backend` is the `OnlineBackend`.
use smartpay_client as smartpay;
use smartpay_config as config;
use smartpay_domain as domain;
use smartpay_hygiene::panic_guard;
use smartpay_store as store;
use smartpay_wire as wire;

pub mod account;
mod assemble;
mod backend;
mod background;
mod drive;
mod inner;
pub mod journal;
pub mod journal_history;
pub mod journal_repair;
mod marks;
mod mirror;
mod operate;
mod pages;
mod recover;
mod refunds;
mod sync;
mod sync_since;
mod test_clock;

pub use backend::{OnlineBackend, STOP_WAIT};
pub use journal::seal as journal_seal;

use crate::config::Settings;
use crate::store::{Backend, BackendError};

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
