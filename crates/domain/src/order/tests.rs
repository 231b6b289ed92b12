use super::fixtures::manual_order;
use super::*;

#[test]
fn unknown_status_is_kept_verbatim() {
    let status: OrderStatus = serde_json::from_str("\"on_hold\"").expect("any string parses");
    assert_eq!(status, OrderStatus::Other("on_hold".into()));
    assert_eq!(serde_json::to_string(&status).expect("serializes"), "\"on_hold\"");
}

#[test]
fn fresh_manual_order_is_all_capturable() {
    let order = manual_order(5000, 0);
    let s = order.summary(1000);
    assert_eq!((s.captured, s.capturable, s.canceled, s.refundable), (0, 5000, 0, Some(0)));
}

#[test]
fn past_deadline_remainder_counts_as_canceled() {
    let order = manual_order(5000, 0);
    let s = order.summary(CAPTURE_WINDOW_MS + 1);
    assert_eq!((s.capturable, s.canceled), (0, 5000));
    assert_eq!(order.effective_status(CAPTURE_WINDOW_MS), OrderStatus::Canceled);
}

#[test]
fn an_unknown_status_cancels_nothing() {
    let mut order = manual_order(5000, 0);
    order.status = OrderStatus::Other("on_hold".into());
    let s = order.summary(1000);
    assert_eq!((s.capturable, s.canceled), (0, 0));
}

#[test]
fn payments_are_given_only_when_their_figures_hold() {
    let order = manual_order(5000, 0);
    let over = vec![Payment::new("payment_test_1", 3000, 1, vec![]), Payment::new("payment_test_2", 2001, 2, vec![])];
    let refused = order.clone().with_payments(over);
    assert!(matches!(refused, Err(crate::validate::Invalid::OverCaptured { captured: 5001, amount: 5000, .. })));
    let refund =
        Refund::new("refund_test_1", "payment_test_1", 3001, RefundReason::RequestedByCustomer, "succeeded", 3);
    let mut kept = order.clone();
    let over_refunded = kept.set_payments(vec![Payment::new("payment_test_1", 3000, 1, vec![refund])]);
    assert!(matches!(over_refunded, Err(crate::validate::Invalid::OverRefunded { .. })));
    assert_eq!(kept, order, "a refused set leaves the order as it was");
    let taken = order.with_payments(vec![Payment::new("payment_test_1", 3000, 1, vec![])]).expect("within the order");
    assert_eq!((taken.summary(1).captured, taken.summary(1).capturable), (3000, 2000));
}
