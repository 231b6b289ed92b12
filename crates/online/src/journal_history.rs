//! The journal's knowledge merged into an order's history: who did each capture, refund and
//! void and under which key (the API records neither), a pending row for each operation whose
//! outcome is still being resolved, and a failed row for one a person settled as not done.

use super::journal::{EntryState, JournalEntry};
use crate::domain::{HistoryEntry, HistoryKind, HistoryResult, Operation, Order};

/// Puts the journal's knowledge into an order's history: who did each capture, refund and
/// void and under which key (the API records neither), and a pending row for each operation
/// whose outcome is still being resolved.
pub fn merge_into_history(order: &mut Order, entries: &[JournalEntry]) {
    for entry in entries {
        match entry.state {
            EntryState::Done | EntryState::PartlyDone => {
                if entry.created.is_empty() && entry.operation == Operation::Void {
                    // A void: the API gives it no id, so it is matched by kind. Without the
                    // API's `updatedAt` a void read after the deadline looks like an expiry:
                    // the journal knows it was a void.
                    let unclaimed = |h: &HistoryEntry| h.idempotency_key.is_none() && h.operator.is_none();
                    let closing = |kind| order.history.iter().position(|h| h.kind == kind && unclaimed(h));
                    let void = closing(HistoryKind::Void).or_else(|| closing(HistoryKind::Expiry));
                    if let Some(h) = void.and_then(|i| order.history.get_mut(i)) {
                        h.kind = HistoryKind::Void;
                        // The API keeps no time for a void; the journal does.
                        h.at = entry.closed_at.unwrap_or(entry.journaled_at);
                        h.operator = entry.operator.clone();
                        h.idempotency_key = Some(entry.key.clone());
                    }
                }
                for (index, id) in created_by_part(entry) {
                    if let Some(h) = order.history.iter_mut().find(|h| h.object_id.as_deref() == Some(id)) {
                        h.operator = entry.operator.clone();
                        h.idempotency_key = Some(entry.part_key(index));
                    }
                }
            }
            EntryState::Open => order.history.push(HistoryEntry {
                kind: entry.operation.kind(),
                amount: entry.plan.amount(),
                at: entry.journaled_at,
                operator: entry.operator.clone(),
                idempotency_key: Some(entry.key.clone()),
                result: HistoryResult::Pending,
                object_id: None,
            }),
            // Settled by a person as not done: the history says who decided it.
            EntryState::NotDone if entry.resolved_by.is_some() => order.history.push(HistoryEntry {
                kind: entry.operation.kind(),
                amount: entry.plan.amount(),
                at: entry.closed_at.unwrap_or(entry.journaled_at),
                operator: entry.resolved_by.clone(),
                idempotency_key: Some(entry.key.clone()),
                result: HistoryResult::Failed,
                object_id: None,
            }),
            EntryState::NotDone => {}
        }
    }
    order.history.sort_by_key(|h| h.at);
}

/// (part index, id) of every id an entry created: from its recorded parts, or for entries
/// written before parts were recorded, `created` in part order.
fn created_by_part(entry: &JournalEntry) -> Vec<(usize, &str)> {
    if entry.parts.is_empty() {
        return entry.created.iter().enumerate().map(|(i, id)| (i, id.as_str())).collect();
    }
    entry.parts.iter().enumerate().filter_map(|(i, p)| p.id.as_deref().map(|id| (i, id))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::rules::{Plan, RefundPart};
    use crate::domain::{CaptureMethod, OrderStatus, RefundReason};
    use crate::journal::JournalPart;
    use crate::store::PartResult;

    fn refund_row(id: &str) -> HistoryEntry {
        let mut row = HistoryEntry::system(HistoryKind::Refund, 100, 10);
        row.object_id = Some(id.into());
        row
    }

    fn order(history: Vec<HistoryEntry>) -> Order {
        let mut order = Order::awaiting_capture("order_test_h", 1000, 0);
        (order.status, order.capture_method) = (OrderStatus::Succeeded, CaptureMethod::Automatic);
        (order.reference, order.expires_at, order.history) = ("r".into(), None, history);
        order
    }

    fn split(key: &str) -> JournalEntry {
        let reason = RefundReason::RequestedByCustomer;
        let parts = vec![
            RefundPart { payment_id: "payment_test_2".into(), amount: 100 },
            RefundPart { payment_id: "payment_test_1".into(), amount: 100 },
        ];
        let operation = Operation::Refund { amount: 200, reason };
        JournalEntry::new_open(
            key,
            "order_test_h",
            operation,
            Plan::Refund { parts, reason },
            "JPY",
            Some("ito".into()),
            5,
        )
    }

    #[test]
    fn a_journaled_void_read_after_the_deadline_stays_a_void_with_its_operator_and_key() {
        let expiry = HistoryEntry::system(HistoryKind::Expiry, 600, 7_000);
        let mut void = JournalEntry::new_open(
            "v",
            "order_test_h",
            Operation::Void,
            Plan::Void { released: 600 },
            "JPY",
            Some("ito".into()),
            5,
        );
        void.state = EntryState::Done;
        void.closed_at = Some(6);
        let mut order = order(vec![expiry]);
        merge_into_history(&mut order, &[void]);
        let row = &order.history[0];
        assert_eq!((row.kind, row.at, row.operator.as_deref()), (HistoryKind::Void, 6, Some("ito")));
        assert_eq!(row.idempotency_key.as_deref(), Some("v"));
        assert!(!order.expiry_recorded());
    }

    #[test]
    fn only_the_parts_that_moved_are_attributed_and_a_hand_settlement_names_who_decided() {
        let mut partly = split("k");
        partly.state = EntryState::PartlyDone;
        partly.parts = vec![
            JournalPart { result: PartResult::Refused, id: None, error: Some("no".into()) },
            JournalPart { result: PartResult::Done, id: Some("refund_test_b".into()), error: None },
        ];
        partly.created = vec!["refund_test_b".into()];
        let mut by_hand = split("h");
        by_hand.state = EntryState::NotDone;
        by_hand.resolved_by = Some("sato".into());
        by_hand.closed_at = Some(20);
        let mut order = order(vec![refund_row("refund_test_b")]);
        merge_into_history(&mut order, &[partly, by_hand]);
        let done = &order.history[0];
        assert_eq!((done.operator.as_deref(), done.idempotency_key.as_deref()), (Some("ito"), Some("k.2")));
        let hand = &order.history[1];
        assert_eq!((hand.operator.as_deref(), hand.result), (Some("sato"), HistoryResult::Failed));
    }
}
