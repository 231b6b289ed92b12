//! A finding: one difference between the shop, Smartpay and the console's own ledger, with both
//! sides' figures and what to do about it.

use super::kind::{FindingKind, Severity};
use super::shop::{ShopRow, ShopStatus};
use crate::order::{Millis, Order};
use crate::rules::Operation;
use serde::{Deserialize, Serialize};

/// The shop's figures, as its file gave them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ShopSide {
    pub amount: i64,
    pub captured: i64,
    pub refunded: i64,
    pub status: Option<ShopStatus>,
    pub updated_at: Option<Millis>,
}

impl ShopSide {
    pub fn of(row: &ShopRow) -> ShopSide {
        ShopSide {
            amount: row.amount,
            captured: row.captured,
            refunded: row.refunded,
            status: row.status,
            updated_at: row.updated_at,
        }
    }
}

/// Smartpay's figures, computed by the domain (`Order::summary`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SmartpaySide {
    pub amount: i64,
    pub captured: i64,
    /// `None` while the order's refunds could not all be read.
    pub refunded: Option<i64>,
    pub status: String,
    /// The order's last change: its latest capture, refund, void or expiry (or its creation).
    pub updated_at: Millis,
    pub capturable: i64,
    pub refundable: Option<i64>,
    pub expires_at: Option<Millis>,
}

impl SmartpaySide {
    pub fn of(order: &Order, now: Millis) -> SmartpaySide {
        let summary = order.summary(now);
        SmartpaySide {
            amount: order.amount,
            captured: summary.captured,
            refunded: summary.refunded,
            status: order.effective_status(now).to_string(),
            updated_at: last_change(order),
            capturable: summary.capturable,
            refundable: summary.refundable,
            expires_at: order.expires_at,
        }
    }
}

/// When money last moved on an order: its latest capture, refund, void or expiry; its creation
/// when nothing moved since.
pub fn last_money_change(order: &Order) -> Option<Millis> {
    let payments = order.payments.iter().map(|p| p.created_at);
    let refunds = order.payments.iter().flat_map(|p| p.refunds.iter().map(|r| r.created_at));
    let closings = order
        .history
        .iter()
        .filter(|h| matches!(h.kind, crate::HistoryKind::Void | crate::HistoryKind::Expiry))
        .map(|h| h.at);
    payments.chain(refunds).chain(closings).max()
}

fn last_change(order: &Order) -> Millis {
    last_money_change(order).unwrap_or(order.created_at).max(order.created_at)
}

/// One refund at Smartpay, and which console made it (key and operator), if any did: `key` is
/// `None` for a refund made elsewhere (the dashboard, another integration).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefundOrigin {
    pub id: String,
    pub amount: i64,
    pub key: Option<String>,
    pub operator: Option<String>,
}

impl RefundOrigin {
    pub fn by_console(&self) -> bool {
        self.key.is_some()
    }
}

/// The console's own ledger for one order.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ConsoleSide {
    pub refunds: Vec<RefundOrigin>,
}

/// What to do: a console command where one exists (exact, with its amount), and a sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fix {
    pub command: Option<String>,
    /// The sentence in English (`--json`, CSV, the log).
    pub text: String,
    /// The same sentence in Japanese (empty in findings saved before it existed).
    #[serde(default)]
    pub text_ja: String,
}

impl Fix {
    /// The sentence in `lang` (English when no Japanese one was saved).
    pub fn text_in(&self, lang: smartpay_i18n::Lang) -> &str {
        match lang {
            smartpay_i18n::Lang::Ja if !self.text_ja.is_empty() => &self.text_ja,
            _ => &self.text,
        }
    }
}

/// A money operation a finding suggests, for `--fix-plan` (never carried out by reconcile).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedOperation {
    pub order: String,
    pub currency: String,
    pub operation: Operation,
    /// Smartpay's captured and refunded figures the operation was computed from: the plan's
    /// idempotency key includes them, so the same difference is never paid twice and a new
    /// difference gets a new key.
    pub basis: (i64, Option<i64>),
}

/// One difference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub kind: FindingKind,
    pub severity: Severity,
    pub order: Option<String>,
    pub reference: Option<String>,
    /// The shop file's line, where the shop has a row.
    pub line: Option<u64>,
    pub currency: String,
    pub shop: Option<ShopSide>,
    pub smartpay: Option<SmartpaySide>,
    pub console: ConsoleSide,
    pub fix: Fix,
    /// The yen in question (the difference, or the order's amount for a missing order): what
    /// the report's totals add up.
    pub at_stake: i64,
}

impl Finding {
    /// Whether money is in question (every kind but `stale`): such a finding is reported only
    /// after its order was read again from the source.
    pub fn is_about_money(&self) -> bool {
        self.kind != FindingKind::Stale
    }
}

/// What the source knows beyond the history about who made a payment or refund: online, the
/// `metadata.smartpayConsoleKey` / `smartpayConsoleOperator` a console sent with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsoleMark {
    pub object_id: String,
    pub key: String,
    pub operator: Option<String>,
}

/// Every refund of the order that counts, with the console key and operator that made it: from
/// the history (the console's own operations, and the journal's online), else from `marks`.
pub fn refund_origins(order: &Order, marks: &[ConsoleMark]) -> Vec<RefundOrigin> {
    let mut origins = Vec::new();
    for refund in order.payments.iter().flat_map(|p| p.refunds.iter()).filter(|r| r.counts()) {
        let recorded = order
            .history
            .iter()
            .find(|h| h.object_id.as_deref() == Some(refund.id.as_str()) && h.idempotency_key.is_some());
        let (key, operator) = match recorded {
            Some(h) => (h.idempotency_key.clone(), h.operator.clone()),
            None => match marks.iter().find(|m| m.object_id == refund.id) {
                Some(mark) => (Some(mark.key.clone()), mark.operator.clone()),
                None => (None, None),
            },
        };
        origins.push(RefundOrigin { id: refund.id.clone(), amount: refund.amount, key, operator });
    }
    origins
}
