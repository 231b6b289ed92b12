//! What the sandbox keeps between requests: the accounts (each an order file with the
//! sandbox's own tables), the fault settings, the variants and the request counters.

use super::accounts::{Account, Accounts};
use super::faults::Faults;
use super::variants::Variants;
use crate::backend::BackendError;
use serde::Serialize;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Everything `smartpay-console sandbox` is asked for besides its files.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SandboxOptions {
    pub latency_ms: u64,
    pub fail_rate: f64,
    pub fail_seed: Option<u64>,
    pub variants: Variants,
    /// Start with the clock moved this far from the wall clock.
    pub clock_offset_ms: i64,
    /// A client must send its request headers within this time.
    pub header_timeout: Duration,
    /// A connection with no traffic for this long is closed.
    pub idle_timeout: Duration,
}

/// Request counters, served by `GET /_sandbox/stats` next to the counts read from the file.
#[derive(Debug, Default)]
pub struct Counters {
    pub requests: AtomicU64,
    pub failed_before: AtomicU64,
    pub failed_after: AtomicU64,
    pub replayed: AtomicU64,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Stats {
    pub orders: u64,
    pub payments: i64,
    pub refunds: i64,
    pub voids: i64,
    pub captured: i64,
    pub refunded: i64,
    pub requests: u64,
    pub failed_before: u64,
    pub failed_after: u64,
    pub replayed: u64,
    pub clock_offset_ms: i64,
    pub variants: Vec<&'static str>,
    pub test: bool,
}

#[derive(Clone)]
pub struct Sandbox {
    pub accounts: Arc<Accounts>,
    pub faults: Arc<Faults>,
    pub counters: Arc<Counters>,
    pub latency: Duration,
    pub variants: Variants,
}

impl Sandbox {
    pub fn new(accounts: Accounts, options: &SandboxOptions) -> Sandbox {
        Sandbox {
            accounts: Arc::new(accounts),
            faults: Arc::new(Faults::new(options.fail_rate, options.fail_seed)),
            counters: Arc::new(Counters::default()),
            latency: Duration::from_millis(options.latency_ms),
            variants: options.variants,
        }
    }

    /// What the account's file holds (its order counter and the sandbox's running totals,
    /// never a read of every order) and what this process has seen. Blocking.
    pub fn stats(&self, account: &Account) -> Result<Stats, BackendError> {
        let load = |counter: &AtomicU64| counter.load(Ordering::Relaxed);
        let totals = super::totals::read(&account.store)?;
        Ok(Stats {
            orders: account.store.count()? as u64,
            payments: totals.payments,
            refunds: totals.refunds,
            voids: totals.voids,
            captured: totals.captured,
            refunded: totals.refunded,
            requests: load(&self.counters.requests),
            failed_before: load(&self.counters.failed_before),
            failed_after: load(&self.counters.failed_after),
            replayed: load(&self.counters.replayed),
            clock_offset_ms: super::clock::offset(),
            variants: self.variants.names(),
            test: account.test(),
        })
    }
}
