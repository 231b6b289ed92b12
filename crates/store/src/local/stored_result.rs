//! What the order file keeps per idempotency key (postcard): the first result of the
//! operation made under it, replayed when the key comes again.

use crate::domain::{HistoryKind, Operation, Order, Refusal};
use crate::outcome::requested_amount;
use crate::{Outcome, PartOutcome};
use serde::{Deserialize, Serialize};

/// What is kept per idempotency key: enough to answer a replay with the first result (a
/// refusal included: a refused key is spent), and to tell a reused key.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StoredResult {
    pub order_id: String,
    pub operation: Operation,
    pub created: Vec<String>,
    /// What moved, part by part.
    pub parts: Vec<StoredPart>,
    /// The rule that refused it, when it was refused (then nothing moved).
    pub refusal: Option<Refusal>,
}

/// One done part of a stored result.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StoredPart {
    pub payment: Option<String>,
    pub amount: i64,
    pub id: Option<String>,
}

/// The record of files written before results kept their parts and refusals.
#[derive(Debug, Clone, Deserialize)]
struct LegacyStoredResult {
    order_id: String,
    operation: Operation,
    created: Vec<String>,
}

impl StoredResult {
    pub(crate) fn decode(bytes: &[u8]) -> Result<StoredResult, redb::Error> {
        if let Ok(stored) = postcard::from_bytes::<StoredResult>(bytes) {
            return Ok(stored);
        }
        let legacy: LegacyStoredResult =
            postcard::from_bytes(bytes).map_err(|e| redb::Error::Corrupted(format!("a stored result: {e}")))?;
        Ok(StoredResult {
            order_id: legacy.order_id,
            operation: legacy.operation,
            created: legacy.created,
            parts: vec![],
            refusal: None,
        })
    }

    /// The first result, as a replay. Results kept before parts were stored are rebuilt from
    /// the order they were made on.
    pub(crate) fn replay(self, order: Order, key: &str) -> Outcome {
        let mut parts: Vec<PartOutcome> =
            self.parts.into_iter().map(|p| PartOutcome::done(p.payment, p.amount, p.id)).collect();
        if parts.is_empty() && self.refusal.is_none() {
            parts = legacy_parts(&order, &self.operation, &self.created);
        }
        let requested = requested_amount(&self.operation, parts.iter().map(|p| p.amount).sum());
        let mut outcome = Outcome::new(&self.order_id, &self.operation, key, requested);
        if let Some(refusal) = self.refusal {
            outcome.parts.push(PartOutcome::refused(None, requested, refusal.to_string()));
            outcome.rule_refusal = Some(refusal);
        } else {
            outcome.parts = parts;
        }
        outcome.replayed = true;
        outcome.order = Some(order);
        outcome
    }
}

/// The parts of a result stored without them: each created payment or refund as it stands in
/// the order, or for a void the remainder its history entry released.
fn legacy_parts(order: &Order, operation: &Operation, created: &[String]) -> Vec<PartOutcome> {
    if *operation == Operation::Void {
        let released = order.history.iter().rev().find(|h| h.kind == HistoryKind::Void).map_or(0, |h| h.amount);
        return vec![PartOutcome::done(None, released, None)];
    }
    created
        .iter()
        .filter_map(|id| {
            order.payments().iter().find_map(|p| {
                if p.id() == *id {
                    return Some(PartOutcome::done(Some(p.id().to_string()), p.amount(), Some(id.clone())));
                }
                let refund = p.refunds().iter().find(|r| r.id() == *id)?;
                Some(PartOutcome::done(Some(p.id().to_string()), refund.amount(), Some(id.clone())))
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_result_stored_before_parts_were_kept_still_replays_what_moved() {
        #[derive(Serialize)]
        struct Old {
            order_id: String,
            operation: Operation,
            created: Vec<String>,
        }
        let old = Old {
            order_id: "order_test_o".into(),
            operation: Operation::Capture { amount: 700 },
            created: vec!["payment_test_p".into()],
        };
        let bytes = postcard::to_allocvec(&old).expect("encode");
        let stored = StoredResult::decode(&bytes).expect("an old record reads");
        let mut order = Order::awaiting_capture("order_test_o", 1000, 0);
        (order.reference, order.expires_at) = ("r".into(), None);
        let payment = crate::domain::Payment::new("payment_test_p", 700, 1, vec![]);
        let order = order.with_payments(vec![payment]).expect("a capture within the order");
        let outcome = stored.replay(order, "k");
        assert!(outcome.replayed);
        assert_eq!((outcome.moved(), outcome.exit_code()), (700, 0));
    }
}
