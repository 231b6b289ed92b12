//! The history of an imported order: rebuilt from its payments and refunds (which the domain
//! checks), never taken from the file. What the file may add is only what the API cannot know —
//! who did an operation and under which idempotency key — on an entry that matches, marked
//! imported.

use super::derived_history::derived_history;
use super::history::{HistoryEntry, HistoryKind};
use super::order::{Millis, Order};

/// The operator column of a history entry that came from an import file rather than from an
/// operation made here: the file's claim, visibly marked.
pub const IMPORTED: &str = "imported";

/// Replaces the history with the one the payments and refunds imply, carrying over the operator
/// and idempotency key of each claimed entry that matches one of its entries (same kind and
/// amount; for a capture or refund, the same payment or refund id), marked imported. Returns
/// how many entries carried an operator or key over, and how many matched nothing (dropped);
/// an entry that matches but names nobody changes nothing and is in neither count.
pub fn rebuild(order: &mut Order, claimed: &[HistoryEntry], now: Millis) -> (usize, usize) {
    let mut history = derived_history(order, None, now);
    let created = order.created_at;
    let mut matched = vec![false; history.len()];
    let (mut kept, mut dropped) = (0, 0);
    for claim in claimed {
        let found = history.iter().zip(&matched).position(|(h, &taken)| {
            let same_object = match h.kind {
                HistoryKind::Capture | HistoryKind::Refund => h.object_id.is_some() && h.object_id == claim.object_id,
                HistoryKind::Authorization | HistoryKind::Void | HistoryKind::Expiry => true,
            };
            !taken && same_kind(h, claim, created) && h.amount == claim.amount && same_object
        });
        let Some(index) = found else {
            dropped += 1;
            continue;
        };
        matched[index] = true;
        if history[index].kind != claim.kind {
            // A void the payments alone cannot tell from the expiry that would have followed.
            history[index].kind = HistoryKind::Void;
            history[index].at = claim.at;
        }
        // Only what the API cannot know comes from the file: who did it, under which key.
        if claim.operator.is_some() || claim.idempotency_key.is_some() {
            history[index].operator = Some(imported_operator(claim.operator.as_deref()));
            history[index].idempotency_key = claim.idempotency_key.clone();
            kept += 1;
        }
    }
    order.history = history;
    (kept, dropped)
}

/// Whether a claimed entry is of the kind of a rebuilt one. Once the deadline is behind us the
/// payments alone show an uncaptured remainder as expired; a claimed void of that remainder,
/// dated after the order and before the deadline, is believed (it moves no money either way).
fn same_kind(rebuilt: &HistoryEntry, claim: &HistoryEntry, created: Millis) -> bool {
    let void_before_deadline = rebuilt.kind == HistoryKind::Expiry
        && claim.kind == HistoryKind::Void
        && (created..rebuilt.at).contains(&claim.at);
    rebuilt.kind == claim.kind || void_before_deadline
}

/// `yamada (imported)`, or `imported` when the file names nobody; never marked twice.
fn imported_operator(claimed: Option<&str>) -> String {
    match claimed {
        None | Some("") | Some(IMPORTED) => IMPORTED.to_string(),
        Some(name) if name.ends_with(" (imported)") => name.to_string(),
        Some(name) => format!("{name} (imported)"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::{tests::captured_order, validate_import};
    use crate::{HistoryResult, OrderStatus};

    const NOW: Millis = 1_764_000_000_000;
    const HOUR: Millis = 3_600_000;

    fn claim(kind: HistoryKind, amount: i64, object: &str, operator: &str) -> HistoryEntry {
        HistoryEntry {
            kind,
            amount,
            at: 0,
            operator: Some(operator.into()),
            idempotency_key: Some("key-1".into()),
            result: HistoryResult::Succeeded,
            object_id: Some(object.into()),
        }
    }

    #[test]
    fn claimed_history_is_kept_only_where_it_matches_a_payment_or_refund() {
        let mut order = captured_order();
        let claimed = [
            claim(HistoryKind::Capture, 4000, "payment_test_P", "yamada"),
            claim(HistoryKind::Refund, 999, "refund_test_R", "suzuki"), // wrong amount
            claim(HistoryKind::Refund, 1000, "refund_test_R", "imported"),
            claim(HistoryKind::Refund, 1000, "refund_test_R", "again"), // already matched
            claim(HistoryKind::Void, 6000, "payment_test_P", "tanaka"), // the order was not voided
            claim(HistoryKind::Authorization, 10_000, "", ""),
        ];
        let admitted = validate_import(&mut order, &claimed, NOW).expect("valid");
        assert_eq!((admitted.history_kept, admitted.history_dropped), (3, 3));
        let operators: Vec<_> = order.history.iter().map(|h| h.operator.as_deref()).collect();
        assert_eq!(operators, [Some("imported"), Some("yamada (imported)"), Some("imported")]);
        assert_eq!(order.history[1].idempotency_key.as_deref(), Some("key-1"));
        assert_eq!(order.history[1].at, NOW - HOUR - 1, "times come from the payment, not the claim");
    }

    #[test]
    fn a_claimed_void_is_believed_where_the_payments_only_show_an_expiry() {
        let mut order = captured_order();
        order.status = OrderStatus::Succeeded;
        let deadline = order.expires_at.expect("deadline");
        let void_at = NOW - HOUR / 2;
        let mut void = claim(HistoryKind::Void, 6000, "", "yamada");
        void.at = void_at;
        let admitted = validate_import(&mut order, std::slice::from_ref(&void), deadline + HOUR).expect("valid");
        assert_eq!((admitted.history_kept, admitted.history_dropped), (1, 0));
        let last = order.history.last().expect("history");
        assert_eq!((last.kind, last.at, last.amount), (HistoryKind::Void, void_at, 6000));
        // A void claimed after the deadline is not believed: it expired.
        void.at = deadline + 1;
        let admitted = validate_import(&mut order, &[void], deadline + HOUR).expect("valid");
        assert_eq!(admitted.history_dropped, 1);
        assert_eq!(order.history.last().map(|h| h.kind), Some(HistoryKind::Expiry));
    }
}
