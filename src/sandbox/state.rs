//! What the sandbox keeps between requests: the order store, the fault settings, a
//! payment → order index (a refund names only its payment) and the request counters.

use super::idempotency::ResponseTable;
use crate::backend::BackendError;
use crate::backend::local::LocalStore;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// `--latency-ms` and `--fail-rate`.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct SandboxOptions {
    pub latency_ms: u64,
    pub fail_rate: f64,
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
    pub payments: u64,
    pub refunds: u64,
    pub voids: u64,
    pub captured: i64,
    pub refunded: i64,
    pub requests: u64,
    pub failed_before: u64,
    pub failed_after: u64,
    pub replayed: u64,
}

#[derive(Clone)]
pub struct Sandbox {
    pub store: Arc<LocalStore>,
    pub options: SandboxOptions,
    pub responses: Arc<ResponseTable>,
    pub counters: Arc<Counters>,
    payments: Arc<Mutex<HashMap<String, String>>>,
}

impl Sandbox {
    pub fn new(store: Arc<LocalStore>, options: SandboxOptions) -> Sandbox {
        Sandbox {
            responses: Arc::new(ResponseTable::new(store.clone())),
            store,
            options,
            counters: Arc::new(Counters::default()),
            payments: Arc::new(Mutex::new(HashMap::new())),
        }
    }

    /// The order a payment belongs to. On a miss the index is rebuilt from the file once, so
    /// payments made by other programs on the same file are found too. Blocking.
    pub fn order_of_payment(&self, payment_id: &str) -> Result<Option<String>, BackendError> {
        if let Some(found) = self.lock_payments().get(payment_id) {
            return Ok(Some(found.clone()));
        }
        let mut fresh = HashMap::new();
        crate::backend::Backend::for_each_order(self.store.as_ref(), &mut |order| {
            for p in &order.payments {
                fresh.insert(p.id.clone(), order.id.clone());
            }
            Ok(())
        })?;
        let found = fresh.get(payment_id).cloned();
        *self.lock_payments() = fresh;
        Ok(found)
    }

    pub fn remember_payment(&self, payment_id: &str, order_id: &str) {
        self.lock_payments().insert(payment_id.to_string(), order_id.to_string());
    }

    fn lock_payments(&self) -> std::sync::MutexGuard<'_, HashMap<String, String>> {
        // A panic elsewhere never leaves the index inconsistent (it is a cache), so go on.
        self.payments.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Counts read from the file itself, so a test sees what really happened. Blocking.
    pub fn stats(&self) -> Result<Stats, BackendError> {
        let mut stats = Stats {
            orders: 0,
            payments: 0,
            refunds: 0,
            voids: 0,
            captured: 0,
            refunded: 0,
            requests: self.counters.requests.load(Ordering::Relaxed),
            failed_before: self.counters.failed_before.load(Ordering::Relaxed),
            failed_after: self.counters.failed_after.load(Ordering::Relaxed),
            replayed: self.counters.replayed.load(Ordering::Relaxed),
        };
        crate::backend::Backend::for_each_order(self.store.as_ref(), &mut |order| {
            stats.orders += 1;
            stats.payments += order.payments.len() as u64;
            stats.refunds += order.payments.iter().map(|p| p.refunds.len() as u64).sum::<u64>();
            stats.captured += order.captured();
            stats.refunded += order.refunded();
            stats.voids += order
                .history
                .iter()
                .filter(|h| h.kind == crate::domain::HistoryKind::Void && h.idempotency_key.is_some())
                .count() as u64;
            Ok(())
        })?;
        Ok(stats)
    }
}
