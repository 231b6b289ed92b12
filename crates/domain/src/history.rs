//! Transaction history entries: every operation on an order, with who did it and its key.

use super::order::{Millis, Order, OrderStatus};
use serde::{Deserialize, Serialize};

/// What happened to the order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HistoryKind {
    Authorization,
    Capture,
    Refund,
    Void,
    Expiry,
}

impl HistoryKind {
    pub fn as_str(self) -> &'static str {
        match self {
            HistoryKind::Authorization => "authorization",
            HistoryKind::Capture => "capture",
            HistoryKind::Refund => "refund",
            HistoryKind::Void => "void",
            HistoryKind::Expiry => "expiry",
        }
    }
}

/// How the operation ended. Only operations that took effect (or whose outcome is still being
/// resolved) are recorded: a refusal changes nothing, so it leaves no trace in the order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HistoryResult {
    Succeeded,
    Pending,
    Failed,
}

impl HistoryResult {
    pub fn as_str(self) -> &'static str {
        match self {
            HistoryResult::Succeeded => "succeeded",
            HistoryResult::Pending => "pending",
            HistoryResult::Failed => "failed",
        }
    }
}

/// One row of the Transaction history table. Its serde names are the `--json` contract
/// (`type`, `amount`, `at`, `operator`, `idempotencyKey`, `result`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HistoryEntry {
    #[serde(rename = "type")]
    pub kind: HistoryKind,
    /// Minor units moved (or released, for void and expiry).
    pub amount: i64,
    pub at: Millis,
    /// The operator, where known (the API does not record one).
    pub operator: Option<String>,
    pub idempotency_key: Option<String>,
    pub result: HistoryResult,
    /// The payment or refund this created, where there is one.
    pub object_id: Option<String>,
}

impl HistoryEntry {
    /// An entry for something the system did by itself (authorization, expiry).
    pub fn system(kind: HistoryKind, amount: i64, at: Millis) -> HistoryEntry {
        HistoryEntry {
            kind,
            amount,
            at,
            operator: None,
            idempotency_key: None,
            result: HistoryResult::Succeeded,
            object_id: None,
        }
    }
}

/// How the uncaptured remainder of a closed order went, and when: the API's `updatedAt` tells
/// a void (before the deadline) from an expiry (at it). Without `updatedAt`, a deadline behind
/// us reads as an expiry (the journal turns it back into the void it knows of).
fn remainder_closed(order: &Order, updated_at: Option<Millis>, now: Millis) -> (HistoryKind, Millis) {
    match (order.expires_at, updated_at) {
        (Some(deadline), Some(updated)) if updated >= deadline => (HistoryKind::Expiry, deadline),
        (_, Some(updated)) => (HistoryKind::Void, updated),
        (Some(deadline), None) if deadline <= now => (HistoryKind::Expiry, deadline),
        _ => {
            (HistoryKind::Void, order.payments.iter().map(|p| p.created_at).max().unwrap_or(order.created_at) + 60_000)
        }
    }
}

/// The history the API's own objects imply: authorization, each capture and refund, and how
/// the uncaptured remainder went (void, or expiry).
pub fn derived_history(order: &Order, updated_at: Option<Millis>, now: Millis) -> Vec<HistoryEntry> {
    let mut history = Vec::new();
    if order.is_authorized() {
        history.push(HistoryEntry::system(HistoryKind::Authorization, order.amount, order.created_at));
    }
    for p in &order.payments {
        let mut capture = HistoryEntry::system(HistoryKind::Capture, p.amount, p.created_at);
        capture.object_id = Some(p.id.clone());
        history.push(capture);
        for r in &p.refunds {
            let mut refund = HistoryEntry::system(HistoryKind::Refund, r.amount, r.created_at);
            refund.object_id = Some(r.id.clone());
            if !r.counts() {
                refund.result = HistoryResult::Failed;
            }
            history.push(refund);
        }
    }
    let remainder = order.amount - order.captured();
    let closed = matches!(order.status, OrderStatus::Succeeded | OrderStatus::Canceled);
    if order.capture_method.may_be_manual() && order.is_authorized() && closed && remainder > 0 {
        let (kind, at) = remainder_closed(order, updated_at, now);
        history.push(HistoryEntry::system(kind, remainder, at));
    }
    history.sort_by_key(|h| h.at);
    history
}
