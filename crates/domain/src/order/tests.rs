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
