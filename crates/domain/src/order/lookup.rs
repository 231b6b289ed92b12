//! Finding the parts of an order a screen names: the refund behind a history entry.

use super::{Order, Refund};
use crate::history::{HistoryEntry, HistoryKind};

impl Order {
    /// The refund a history entry created (its reason is what support is asked about).
    pub fn refund_of(&self, entry: &HistoryEntry) -> Option<&Refund> {
        let id = entry.object_id.as_deref().filter(|_| entry.kind == HistoryKind::Refund)?;
        self.payments.iter().flat_map(|p| &p.refunds).find(|r| r.id == id)
    }
}

#[cfg(test)]
mod tests {
    use crate::order::fixtures::manual_order;
    use crate::{HistoryEntry, HistoryKind, Payment, Refund, RefundReason};

    #[test]
    fn a_refund_in_the_history_leads_to_its_reason() {
        let mut order = manual_order(10_000, 0);
        let refund = Refund {
            id: "refund_1".into(),
            payment_id: "payment_1".into(),
            amount: 400,
            reason: RefundReason::Fraudulent,
            status: "succeeded".into(),
            created_at: 2,
        };
        order.payments = vec![Payment { id: "payment_1".into(), amount: 10_000, created_at: 1, refunds: vec![refund] }];
        let capture = HistoryEntry {
            object_id: Some("payment_1".into()),
            ..HistoryEntry::system(HistoryKind::Capture, 10_000, 1)
        };
        let refunded =
            HistoryEntry { object_id: Some("refund_1".into()), ..HistoryEntry::system(HistoryKind::Refund, 400, 2) };
        assert_eq!(order.refund_of(&refunded).map(|r| (r.amount, r.reason)), Some((400, RefundReason::Fraudulent)));
        assert!(order.refund_of(&capture).is_none(), "a capture is not a refund");
    }
}
