//! Wire → domain against the shapes Smartpay documents, written out as JSON.

use super::{WireError, WireOrder, domain_order, read_json};
use crate::domain::line_items::{display_rows, unexplained_difference};
use crate::domain::order::CAPTURE_WINDOW_MS;
use crate::domain::{CaptureMethod, HistoryKind, LineKind, RefundReason};

fn order(text: &str) -> Result<crate::domain::Order, WireError> {
    let wire: WireOrder = read_json(text).expect("the JSON reads");
    domain_order(&wire, None, 10 * CAPTURE_WINDOW_MS)
}

#[test]
fn discount_tax_and_shipping_lines_keep_their_kind_and_add_up() {
    let text = r#"{"id":"order_test_l","amount":2550,"currency":"JPY","status":"requires_capture",
        "discountAmount":200,
        "shippingInfo":{"feeAmount":500,"feeCurrency":"JPY"},
        "lineItems":[
          {"kind":"product","quantity":2,"price":{"amount":1000,"currency":"JPY","product":{"name":"Tea"}}},
          {"kind":"discount","amount":-200,"description":"Spring sale"},
          {"kind":"tax","amount":250,"description":"Consumption tax"}]}"#;
    let order = order(text).expect("reads");
    let kinds: Vec<&LineKind> = order.line_items.iter().map(|l| &l.kind).collect();
    assert_eq!(kinds, [&LineKind::Product, &LineKind::Discount, &LineKind::Tax, &LineKind::Shipping]);
    assert_eq!(
        unexplained_difference(&order.line_items, order.amount()),
        None,
        "the order's own discount is on a line"
    );
    let rows = display_rows(&order.line_items, order.amount(), order.currency(), "unexplained difference");
    assert_eq!(rows[1], ("Spring sale".to_string(), "-¥200".to_string()));
    assert_eq!(rows[3], ("Shipping fee".to_string(), "¥500".to_string()));
}

#[test]
fn a_gap_the_lines_do_not_explain_is_shown_never_fudged() {
    let text = r#"{"id":"order_test_g","amount":1000,"currency":"JPY","discountAmount":100,
        "lineItems":[{"quantity":1,"price":{"amount":1000,"product":{"name":"Tea"}}}]}"#;
    let order = order(text).expect("reads");
    assert_eq!(order.line_items.len(), 2, "the order-level discount is a line");
    assert_eq!(unexplained_difference(&order.line_items, order.amount()), Some(100));
}

#[test]
fn a_missing_or_null_amount_or_currency_is_unreadable_never_zero() {
    let missing = order(r#"{"id":"order_test_a","currency":"JPY"}"#).expect_err("no amount");
    assert!(matches!(missing, WireError::MissingAmount { .. }));
    let null = order(r#"{"id":"order_test_a","amount":null,"currency":"JPY"}"#).expect_err("null amount");
    assert!(matches!(null, WireError::MissingAmount { .. }));
    let payment = r#"{"id":"order_test_p","amount":100,"currency":"JPY","status":"succeeded",
        "payments":[{"id":"payment_test_1","amount":100,"currency":null,"refunds":[]}]}"#;
    assert!(matches!(order(payment).expect_err("payment currency"), WireError::MissingCurrency { .. }));
}

#[test]
fn refunds_named_by_id_or_absent_make_the_figures_unknown() {
    let ids = r#"{"id":"order_test_i","amount":100,"currency":"JPY","status":"succeeded",
        "payments":[{"id":"payment_test_1","amount":100,"currency":"JPY","refunds":["refund_test_1"]}]}"#;
    let summary = order(ids).expect("reads").summary(0);
    assert_eq!((summary.refunded, summary.refundable, summary.complete), (None, None, false));
    let absent = ids.replace(r#","refunds":["refund_test_1"]"#, "");
    assert!(!order(&absent).expect("reads").summary(0).complete);
    let none = ids.replace(r#"["refund_test_1"]"#, "[]");
    assert_eq!(order(&none).expect("reads").summary(0).refundable, Some(100));
}

#[test]
fn unknown_reasons_statuses_and_capture_methods_are_kept_not_errors() {
    let text = r#"{"id":"order_test_u","amount":100,"currency":"JPY","status":"on_hold","captureMethod":"deferred",
        "payments":[{"id":"payment_test_1","amount":100,"currency":"JPY",
          "refunds":[{"id":"refund_test_1","amount":10,"currency":"JPY","reason":"duplicate"}]}]}"#;
    let order = order(text).expect("reads");
    assert_eq!(order.status.as_str(), "on_hold");
    assert_eq!(order.capture_method, CaptureMethod::Unknown);
    assert_eq!(order.payments()[0].refunds()[0].reason(), RefundReason::Other);
}

#[test]
fn a_void_is_a_void_and_an_expiry_an_expiry_each_at_its_own_time() {
    let closed = |updated_at: i64| {
        format!(
            r#"{{"id":"order_test_v","amount":1000,"currency":"JPY","status":"canceled","captureMethod":"manual",
            "createdAt":0,"expiresAt":{CAPTURE_WINDOW_MS},"updatedAt":{updated_at}}}"#
        )
    };
    let voided = order(&closed(3_600_000)).expect("reads");
    let last = voided.history.last().expect("a closing row");
    assert_eq!((last.kind, last.at), (HistoryKind::Void, 3_600_000));
    let expired = order(&closed(CAPTURE_WINDOW_MS + 5)).expect("reads");
    let last = expired.history.last().expect("a closing row");
    assert_eq!((last.kind, last.at), (HistoryKind::Expiry, CAPTURE_WINDOW_MS));
}
