//! Transaction history entries: every operation on an order, with who did it and its key.

use super::time::Millis;
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
