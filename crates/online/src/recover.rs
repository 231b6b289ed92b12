//! Finding what an open operation did once Smartpay has forgotten its idempotency key.
//!
//! Every capture and refund the console sends carries `metadata.smartpayConsoleKey` (the
//! part's key) and a `reference` (the key, or `online.reference_template`). Past the 6-hour
//! window a replay could do the operation a second time, so the order is read with
//! `expand=all` instead, and each part is looked for: a capture among its payments, a refund
//! among its payments' refunds, by that key; a void by the order no longer awaiting capture
//! and updated at or after the journaled time (and before its deadline, which would be an
//! expiry). Only when a part cannot be found is the entry left for a person.

use super::inner::{Inner, lock};
use super::refunds::Reading;
use crate::domain::rules::Plan;
use crate::domain::{Millis, OrderStatus};
use crate::journal::JournalEntry;
use crate::store::{BackendError, PartOutcome};
use crate::wire::{ConsoleMetadata, WireOrder, WirePayment, WireRefund};

impl Inner {
    /// The `reference` sent with a part under `key`.
    pub(super) fn reference_for(&self, key: &str) -> String {
        match &self.reference_template {
            Some(template) => template.replace("{key}", key),
            None => key.to_string(),
        }
    }

    /// Each part of `entry` as the order shows it now, all done; an error (the entry needs a
    /// person) when a part cannot be found.
    pub(super) fn find_by_metadata(&self, entry: &JournalEntry) -> Result<Vec<PartOutcome>, BackendError> {
        let mut order = self.note(self.client.get_order(&entry.order_id))?;
        if matches!(entry.plan, Plan::Refund { .. }) {
            // Refunds may come as ids or not at all: read them as objects, metadata included
            // (never from the mirror, which does not keep it).
            lock(&self.refunds).mark_stale();
            self.resolve_refunds(&mut order, None, Reading::One);
        }
        let mut parts = Vec::with_capacity(entry.part_count());
        for index in 0..entry.part_count() {
            let key = entry.part_key(index);
            let (payment, amount) = entry.part_target(index);
            let found = match &entry.plan {
                Plan::Capture { .. } => {
                    payments(&order).find(|p| made_by(p.metadata.as_ref(), &key)).map(|p| Some(p.id.clone()))
                }
                Plan::Refund { .. } => {
                    refunds(&order).find(|r| made_by(r.metadata.as_ref(), &key)).map(|r| Some(r.id.clone()))
                }
                Plan::Void { .. } => voided_since(&order, entry.journaled_at).then_some(None),
            };
            let Some(id) = found else { break };
            let payment = if matches!(entry.plan, Plan::Capture { .. }) { id.clone() } else { payment };
            parts.push(PartOutcome::done(payment, amount, id));
        }
        if parts.len() < entry.part_count() {
            tracing::warn!(
                key = %entry.key,
                found = parts.len(),
                of = entry.part_count(),
                "past the key window and not found by metadata: left for a person"
            );
            return Err(BackendError::ReplayWindowPassed {
                verb: entry.operation.verb().into(),
                key: entry.key.clone(),
                journaled: crate::domain::time::format_time(entry.journaled_at),
            });
        }
        Ok(parts)
    }
}

fn made_by(metadata: Option<&serde_json::Value>, key: &str) -> bool {
    ConsoleMetadata::key_in(metadata) == Some(key)
}

fn payments(order: &WireOrder) -> impl Iterator<Item = &WirePayment> {
    order.payments.iter().filter_map(|p| p.object())
}

fn refunds(order: &WireOrder) -> impl Iterator<Item = &WireRefund> {
    payments(order).flat_map(|p| p.refunds.iter().flatten().filter_map(|r| r.object()))
}

/// A void journaled at `since` shows as an order that no longer awaits capture, last updated
/// at or after `since` and before its deadline (an update at the deadline is its expiry).
fn voided_since(order: &WireOrder, since: Millis) -> bool {
    let closed = matches!(order.status, Some(OrderStatus::Canceled | OrderStatus::Succeeded));
    let Some(updated) = order.updated_at else { return false };
    closed && updated >= since && order.expires_at.is_none_or(|deadline| updated < deadline)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_void_is_told_from_an_expiry_by_its_update_time() {
        let order = |status, updated| WireOrder {
            status: Some(status),
            updated_at: updated,
            expires_at: Some(1_000),
            ..WireOrder::default()
        };
        assert!(voided_since(&order(OrderStatus::Canceled, Some(500)), 400));
        assert!(!voided_since(&order(OrderStatus::Canceled, Some(300)), 400), "updated before the void");
        assert!(!voided_since(&order(OrderStatus::Canceled, Some(1_000)), 400), "an expiry");
        assert!(!voided_since(&order(OrderStatus::RequiresCapture, Some(500)), 400));
        assert!(!voided_since(&order(OrderStatus::Canceled, None), 400), "no time, no proof");
    }
}
