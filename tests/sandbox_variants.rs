//! `sandbox --variant`: the sandbox serves each documented shape on demand — refunds as
//! objects (default), as ids, or absent; optional fields absent (default) or `null`; the
//! checkout session with or without `captureMethod` — and their combination. What the
//! console's client must be able to read, asserted byte-shape by byte-shape.
// A test crate: a failed unwrap, expect or panic is how it reports a failure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod online_support;

use online_support::{Sandbox, manual_order, refunded_order};
use serde_json::Value;
use smartpay_console::domain::{LineItem, LineKind, Order};

/// An automatic order captured in full, with one refund and a line item; and a manual one.
fn seed() -> Vec<Order> {
    let mut refunded = refunded_order("Var1", 5000, 1200);
    refunded.line_items =
        vec![LineItem { kind: LineKind::Product, name: "抹茶".into(), quantity: 2, unit_amount: 2500, amount: None }];
    refunded.customer.phone.clear();
    vec![refunded, manual_order("Var2", 3000)]
}

/// The `refunds` field of the first payment of order Var1, as served by the three reads.
fn refunds_seen(sandbox: &Sandbox) -> [Option<Value>; 3] {
    let listed = sandbox.get("/v1/orders?expand=all&maxResults=10");
    let in_list = listed["data"]
        .as_array()
        .and_then(|orders| orders.iter().find(|o| o["id"] == "order_test_Var1"))
        .map(|o| o["payments"][0].clone());
    let order = sandbox.get("/v1/orders/order_test_Var1?expand=all");
    let payment = sandbox.get("/v1/payments/payment_test_Var1?expand=all");
    [in_list, Some(order["payments"][0].clone()), Some(payment)].map(|p| p.and_then(|p| p.get("refunds").cloned()))
}

fn start(variants: &[&str]) -> Sandbox {
    let flags: Vec<&str> = variants.iter().flat_map(|v| ["--variant", v]).collect();
    Sandbox::start_with(&seed(), 0, &flags)
}

#[test]
fn each_variant_serves_its_shape_and_the_figures_stay_the_same() {
    for variants in [
        &[][..],
        &["refunds-as-ids"][..],
        &["refunds-absent"][..],
        &["nulls"][..],
        &["no-capture-method"][..],
        &["refunds-as-ids", "nulls", "no-capture-method"][..],
        &["refunds-absent", "nulls", "no-capture-method"][..],
    ] {
        let sandbox = start(variants);
        let has = |v: &str| variants.contains(&v);
        let refunds = refunds_seen(&sandbox);
        for seen in &refunds {
            if has("refunds-absent") {
                assert_eq!(seen, &None, "{variants:?}: no refunds field at all");
            } else if has("refunds-as-ids") {
                assert_eq!(seen, &Some(serde_json::json!(["refund_test_Var1"])), "{variants:?}");
            } else {
                let seen = seen.as_ref().expect("refunds");
                assert_eq!(seen[0]["id"], "refund_test_Var1", "{variants:?}: objects under expand=all");
                assert_eq!((seen[0]["object"].as_str(), seen[0]["amount"].as_i64()), (Some("refund"), Some(1200)));
            }
        }
        let order = sandbox.get("/v1/orders/order_test_Var1?expand=all");
        // The same figures in every variant: amount, the capture, the refund by id.
        assert_eq!((order["amount"].as_i64(), order["payments"][0]["amount"].as_i64()), (Some(5000), Some(5000)));
        assert_eq!(sandbox.get("/v1/refunds/refund_test_Var1")["amount"], 1200, "{variants:?}");
        assert_eq!(order["test"], true);
        assert!(order["updatedAt"].is_i64(), "{order}");
        let line = &order["lineItems"][0];
        assert_eq!(
            (line["object"].as_str(), line["kind"].as_str(), line["quantity"].as_u64()),
            (Some("lineItem"), Some("product"), Some(2))
        );
        assert!(line["id"].as_str().is_some_and(|id| id.starts_with("li_test_")), "{line}");
        assert_eq!(line["price"]["product"]["name"], "抹茶");
        let sessions = sandbox.get("/v1/checkout-sessions?maxResults=10");
        let session = sessions["data"]
            .as_array()
            .and_then(|s| s.iter().find(|s| s["order"] == "order_test_Var1"))
            .cloned()
            .expect("the order's session");
        assert_eq!(session.get("captureMethod").is_none(), has("no-capture-method"), "{variants:?}: {session}");
        if has("nulls") {
            for field in ["description", "tokenId"] {
                assert_eq!(order.get(field), Some(&Value::Null), "{variants:?}: {field}");
            }
            assert_eq!(order["payments"][0].get("reference"), Some(&Value::Null));
            assert_eq!(session["customerInfo"].get("phoneNumber"), Some(&Value::Null), "{session}");
            assert_eq!(line.get("description"), Some(&Value::Null));
        } else {
            for field in ["description", "tokenId"] {
                assert!(order.get(field).is_none(), "{variants:?}: {field} absent, not null");
            }
            assert!(session["customerInfo"].get("phoneNumber").is_none(), "{session}");
        }
    }
}

#[test]
fn expand_no_gives_ids_and_expand_all_gives_objects() {
    let sandbox = start(&[]);
    let order = sandbox.get("/v1/orders/order_test_Var1");
    assert_eq!(order["payments"], serde_json::json!(["payment_test_Var1"]));
    assert!(order["lineItems"][0].as_str().is_some_and(|id| id.starts_with("li_test_")), "{order}");
    let payment = sandbox.get("/v1/payments/payment_test_Var1");
    assert_eq!(payment["refunds"], serde_json::json!(["refund_test_Var1"]), "expand=no: refund ids");
    assert_eq!(payment["order"], "order_test_Var1", "the order stays an id even under expand=all");
    for field in ["test", "updatedAt", "metadata", "lineItems", "status", "currency"] {
        assert!(payment.get(field).is_some(), "payment.{field}: {payment}");
    }
    assert_eq!(payment["status"], "processed");
    let refund = sandbox.get("/v1/refunds/refund_test_Var1?expand=all");
    for field in ["test", "updatedAt", "metadata", "lineItems", "reason", "payment", "status"] {
        assert!(refund.get(field).is_some(), "refund.{field}: {refund}");
    }
    let session = sandbox.get("/v1/checkout-sessions/checkout_test_Var1?expand=all");
    assert_eq!(session["order"]["id"], "order_test_Var1", "{session}");
    assert_eq!(session["captureMethod"], "automatic");
}
