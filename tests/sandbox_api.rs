//! The sandbox speaks the Smartpay API v1 subset: auth, collections and pagination, `expand`,
//! the documented error codes, and `Idempotency-Key` (same key and body → the stored response,
//! never a second operation; same key, different body → an error).
// A test crate: a failed unwrap, expect or panic is how it reports a failure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod online_support;

use online_support::{KEY, Sandbox, automatic_order, http, manual_order};
use reqwest::blocking::{Client, RequestBuilder};
use serde_json::{Value, json};

fn authed(builder: RequestBuilder) -> RequestBuilder {
    builder.header("Authorization", format!("Basic {KEY}"))
}

fn send(builder: RequestBuilder) -> (u16, Value) {
    let response = builder.send().expect("request");
    let status = response.status().as_u16();
    (status, response.json().unwrap_or(Value::Null))
}

fn post(client: &Client, url: &str, key: &str, body: Value) -> (u16, Value) {
    send(authed(client.post(url)).header("Idempotency-Key", key).json(&body))
}

#[test]
fn auth_needs_a_test_secret_key() {
    let sandbox = Sandbox::start(&[manual_order("Auth1", 1000)], 0, 0, 0.0);
    let client = http();
    let orders = format!("{}/orders", sandbox.url);
    assert_eq!(send(client.get(&orders)).0, 401);
    assert_eq!(send(client.get(&orders).header("Authorization", "Basic sk_live_abc")).0, 401);
    assert_eq!(send(client.get(&orders).header("Authorization", "Bearer sk_test_abc")).0, 401);
    let (status, body) = send(authed(client.get(&orders)));
    assert_eq!(status, 200);
    assert_eq!(body["object"], "collection");
}

#[test]
fn collections_page_with_tokens_and_expand() {
    let sandbox = Sandbox::start(&[], 45, 0, 0.0);
    let client = http();
    let mut seen = Vec::new();
    let mut token: Option<String> = None;
    let mut pages = 0;
    loop {
        let mut url = format!("{}/orders?maxResults=20", sandbox.url);
        if let Some(t) = &token {
            url.push_str(&format!("&pageToken={t}"));
        }
        let (status, page) = send(authed(client.get(&url)));
        assert_eq!(status, 200);
        pages += 1;
        assert!(page["results"].as_u64().unwrap_or(99) <= 20);
        assert_eq!(page["maxResults"], 20);
        for order in page["data"].as_array().expect("data") {
            seen.push(order["id"].as_str().expect("id").to_string());
            // expand=no (the default): payments are ids; the order carries no customer.
            assert!(order["payments"].as_array().expect("payments").iter().all(Value::is_string));
            assert!(order.get("customerInfo").is_none());
        }
        match page.get("nextPageToken").and_then(Value::as_str) {
            Some(next) => token = Some(next.to_string()),
            None => break,
        }
    }
    assert_eq!(pages, 3);
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 45, "every order once");
    let (_, expanded) = send(authed(client.get(format!("{}/orders?expand=all&maxResults=45", sandbox.url))));
    let with_payment = expanded["data"].as_array().expect("data").iter().find(|o| o["payments"][0].is_object());
    assert!(with_payment.is_some(), "expand=all gives payment objects");
    let (_, sessions) = send(authed(client.get(format!("{}/checkout-sessions?expand=all&maxResults=5", sandbox.url))));
    let first = &sessions["data"][0];
    assert!(first["id"].as_str().is_some_and(|id| id.starts_with("checkout_test_")));
    assert!(first["customerInfo"]["lastName"].is_string());
    assert!(first["order"]["id"].as_str().is_some_and(|id| id.starts_with("order_test_")));
    assert_eq!(send(authed(client.get(format!("{}/orders?pageToken=bogus", sandbox.url)))).0, 400);
}

#[test]
fn documented_error_codes() {
    let sandbox = Sandbox::start(&[manual_order("Err1", 5000), automatic_order("Err2", 3000)], 0, 0, 0.0);
    let client = http();
    let payments = format!("{}/payments", sandbox.url);
    let refunds = format!("{}/refunds", sandbox.url);
    let capture = |amount: i64, key: &str| {
        post(
            &client,
            &payments,
            key,
            json!({"order": "order_test_Err1", "amount": amount, "currency": "JPY", "cancelRemainder": "manual"}),
        )
    };
    let (status, body) = capture(6000, "k-over");
    assert_eq!((status, body["errorCode"].as_str()), (409, Some("payment.excessive-amount")), "{body}");
    assert_eq!(body["statusCode"], 409);
    let (status, payment) = capture(2000, "k-ok");
    assert_eq!(status, 200, "{payment}");
    assert!(payment["id"].as_str().is_some_and(|id| id.starts_with("payment_test_")));
    let pid = payment["id"].as_str().unwrap_or_default().to_string();
    let refund = |amount: i64, key: &str, payment: &str| {
        post(
            &client,
            &refunds,
            key,
            json!({"payment": payment, "amount": amount, "currency": "JPY", "reason": "requested_by_customer"}),
        )
    };
    let (status, body) = refund(2500, "r-over", &pid);
    assert_eq!((status, body["errorCode"].as_str()), (403, Some("amount.insufficient")), "{body}");
    let (status, body) = refund(100, "r-missing", "payment_test_nope");
    assert_eq!((status, body["errorCode"].as_str()), (404, Some("payment.not-found")), "{body}");
    let (status, body) = refund(500, "r-ok", &pid);
    assert_eq!(status, 200, "{body}");
    assert!(body["id"].as_str().is_some_and(|id| id.starts_with("refund_test_")));
    let (status, body) = send(
        authed(client.put(format!("{}/orders/order_test_Err2/cancellation", sandbox.url)))
            .header("Idempotency-Key", "v-auto"),
    );
    assert_eq!((status, body["errorCode"].as_str()), (409, Some("order.cannot-cancel")), "{body}");
    let (status, body) = send(authed(client.get(format!("{}/orders/order_test_nope", sandbox.url))));
    assert_eq!((status, body["errorCode"].as_str()), (404, Some("order.not-found")), "{body}");
    let (status, body) = send(
        authed(client.put(format!("{}/orders/order_test_Err1/cancellation", sandbox.url)))
            .header("Idempotency-Key", "v-ok"),
    );
    assert_eq!((status, body["status"].as_str()), (200, Some("succeeded")), "{body}");
    let (status, body) = capture(100, "k-after-void");
    assert_eq!((status, body["errorCode"].as_str()), (409, Some("order.cannot-capture")), "{body}");
}

#[test]
fn idempotency_key_replays_and_refuses_a_different_body() {
    let sandbox = Sandbox::start(&[manual_order("Idem1", 10_000)], 0, 0, 0.0);
    let client = http();
    let payments = format!("{}/payments", sandbox.url);
    let body = json!({"order": "order_test_Idem1", "amount": 1000, "currency": "JPY", "cancelRemainder": "manual"});
    let first = authed(client.post(&payments)).header("Idempotency-Key", "same").json(&body).send().expect("first");
    assert!(first.headers().get("Idempotency-Replayed").is_none());
    let first: Value = first.json().expect("json");
    let again = authed(client.post(&payments)).header("Idempotency-Key", "same").json(&body).send().expect("again");
    assert_eq!(again.headers().get("Idempotency-Replayed").and_then(|v| v.to_str().ok()), Some("true"));
    let again: Value = again.json().expect("json");
    assert_eq!(first["id"], again["id"], "the stored response, not a second payment");
    assert_eq!(sandbox.stat("payments"), 1);
    let other = json!({"order": "order_test_Idem1", "amount": 2000, "currency": "JPY", "cancelRemainder": "manual"});
    let (status, err) = post(&client, &payments, "same", other);
    assert_eq!((status, err["errorCode"].as_str()), (422, Some("request.idempotency-key-reused")), "{err}");
    assert_eq!(sandbox.stat("payments"), 1);
    assert_eq!(sandbox.stat("captured"), 1000);
    // Without cancelRemainder the API's default (automatic) releases the rest of the order.
    let auto = json!({"order": "order_test_Idem1", "amount": 500, "currency": "JPY"});
    assert_eq!(post(&client, &payments, "auto", auto).0, 200);
    let (_, order) = send(authed(client.get(format!("{}/orders/order_test_Idem1", sandbox.url))));
    assert_eq!(order["status"], "succeeded");
}
