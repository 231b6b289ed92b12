//! The sandbox answers as Smartpay documents the API: JSON errors on every miss, the
//! collections and `PATCH`es the SDKs call, create fields stored and returned, whole-number
//! amounts from the number's text, refund `reason` required and `amount` optional, cancel of a
//! canceled order, 6-hour idempotency keys with stored errors, the fault queue and clock, one
//! order file per key, and timeouts on slow connections.
// A test crate: a failed unwrap, expect or panic is how it reports a failure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod online_support;

use online_support::{KEY, Sandbox, automatic_order, manual_order};
use std::io::{Read, Write};
use std::time::{Duration, Instant};

const SIX_HOURS_MS: i64 = 6 * 3_600_000;

fn capture_body(order: &str, amount: &str) -> String {
    format!(r#"{{"order":"{order}","amount":{amount},"currency":"JPY","cancelRemainder":"manual"}}"#)
}

#[test]
fn misses_are_json_and_documented_requests_work() {
    let orders = [manual_order("Doc1", 10_000), automatic_order("Doc2", 4000), manual_order("Doc3", 2000)];
    let sandbox = Sandbox::start(&orders, 0, 0, 0.0);
    for (method, path, status) in [
        ("GET", "/v1/webhook-endpoints", 404),
        ("DELETE", "/v1/orders", 405),
        ("POST", "/v1/orders/order_test_Doc1", 405),
    ] {
        let call = sandbox.call(method, path, KEY, None, None);
        assert_eq!((call.status, call.json), (status, true), "{method} {path}: {call:?}");
        assert_eq!(call.body["statusCode"], status);
        assert!(call.body["errorCode"].is_string() && call.body["message"].is_string(), "{call:?}");
        assert!(call.body["message"].as_str().is_some_and(|m| m.contains(path)), "names the path sent: {call:?}");
    }
    // 1000.0 is 1000 (read from the text); 1000.5 is refused and moves nothing.
    let half =
        sandbox.call("POST", "/v1/payments", KEY, Some("c-half"), Some(&capture_body("order_test_Doc1", "1000.5")));
    assert_eq!((half.status, half.body["errorCode"].as_str()), (400, Some("request.invalid")), "{half:?}");
    let body = r#"{"order":"order_test_Doc1","amount":1000.0,"currency":"JPY","cancelRemainder":"manual","reference":"inv-7","description":null,"metadata":{"ticket":"T-9"}}"#;
    let payment = sandbox.call("POST", "/v1/payments", KEY, Some("c-float"), Some(body));
    assert_eq!(payment.status, 200, "{payment:?}");
    assert_eq!((payment.body["amount"].as_i64(), payment.body["reference"].as_str()), (Some(1000), Some("inv-7")));
    let id = payment.body["id"].as_str().expect("payment id").to_string();
    let read = sandbox.get(&format!("/v1/payments/{id}"));
    assert_eq!(
        (read["reference"].as_str(), read["metadata"]["ticket"].as_str()),
        (Some("inv-7"), Some("T-9")),
        "stored from create"
    );
    let patched =
        sandbox.call("PATCH", &format!("/v1/payments/{id}"), KEY, None, Some(r#"{"description":"first box"}"#));
    assert_eq!(
        (patched.status, patched.body["description"].as_str(), patched.body["reference"].as_str()),
        (200, Some("first box"), Some("inv-7"))
    );
    // A refund needs a reason; without an amount it refunds what is left of the payment.
    let no_reason = sandbox.call(
        "POST",
        "/v1/refunds",
        KEY,
        Some("r-1"),
        Some(&format!(r#"{{"payment":"{id}","amount":100,"currency":"JPY"}}"#)),
    );
    assert_eq!(no_reason.status, 400, "{no_reason:?}");
    let whole = sandbox.call(
        "POST",
        "/v1/refunds",
        KEY,
        Some("r-2"),
        Some(&format!(r#"{{"payment":"{id}","currency":"JPY","reason":"fraudulent","reference":"cm-1"}}"#)),
    );
    assert_eq!(
        (whole.status, whole.body["amount"].as_i64(), whole.body["reason"].as_str()),
        (200, Some(1000), Some("fraudulent")),
        "{whole:?}"
    );
    let refund_id = whole.body["id"].as_str().expect("refund id").to_string();
    let whole_again = sandbox.call(
        "POST",
        "/v1/refunds",
        KEY,
        Some("r-2"),
        Some(&format!(r#"{{"payment":"{id}","currency":"JPY","reason":"fraudulent","reference":"cm-1"}}"#)),
    );
    assert_eq!(
        (whole_again.status, whole_again.replayed, &whole_again.body["id"]),
        (200, true, &whole.body["id"]),
        "{whole_again:?}"
    );
    let patched =
        sandbox.call("PATCH", &format!("/v1/refunds/{refund_id}"), KEY, None, Some(r#"{"metadata":{"case":"42"}}"#));
    assert_eq!(
        (patched.status, patched.body["metadata"]["case"].as_str(), patched.body["reference"].as_str()),
        (200, Some("42"), Some("cm-1"))
    );
    // Collections of payments and refunds page like orders.
    let payments = sandbox.get("/v1/payments?maxResults=1");
    assert_eq!((payments["object"].as_str(), payments["results"].as_u64()), (Some("collection"), Some(1)));
    let next = payments["nextPageToken"].as_str().expect("a second page").to_string();
    let second = sandbox.get(&format!("/v1/payments?maxResults=1&pageToken={next}"));
    assert_ne!(payments["data"][0]["id"], second["data"][0]["id"], "{second}");
    assert_eq!(sandbox.get("/v1/refunds")["data"][0]["id"], refund_id.as_str());
    // Cancelling a canceled order answers 200 with the order as it is (the docs allow it); a
    // succeeded one is 409.
    for key in ["v-1", "v-2"] {
        let canceled = sandbox.call("PUT", "/v1/orders/order_test_Doc3/cancellation", KEY, Some(key), None);
        assert_eq!((canceled.status, canceled.body["status"].as_str()), (200, Some("canceled")), "{canceled:?}");
    }
    let closed = sandbox.call("PUT", "/v1/orders/order_test_Doc1/cancellation", KEY, Some("v-3"), None);
    assert_eq!((closed.status, closed.body["status"].as_str()), (200, Some("succeeded")), "{closed:?}");
    let again = sandbox.call("PUT", "/v1/orders/order_test_Doc1/cancellation", KEY, Some("v-4"), None);
    assert_eq!((again.status, again.body["errorCode"].as_str()), (409, Some("order.cannot-cancel")), "{again:?}");
    // A key of non-visible-ASCII bytes is refused, and nothing moves.
    let before = sandbox.stat("refunds");
    let base = sandbox.url.trim_end_matches("/v1").trim_start_matches("http://").to_string();
    let body = r#"{"payment":"payment_test_Doc2","amount":100,"currency":"JPY","reason":"requested_by_customer"}"#;
    let raw = format!(
        "POST /v1/refunds HTTP/1.1\r\nHost: {base}\r\nAuthorization: Basic {KEY}\r\nIdempotency-Key: キー\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let mut stream = std::net::TcpStream::connect(&base).expect("connect");
    stream.write_all(raw.as_bytes()).expect("send");
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
    assert_eq!(sandbox.stat("refunds"), before, "nothing refunded");
    // The stats are behind the key too.
    assert_eq!(sandbox.call("GET", "/_sandbox/stats", "sk_test_wrong-key", None, None).status, 401);
}

#[test]
fn keys_replay_errors_refuse_other_bodies_and_expire_after_six_hours() {
    let sandbox = Sandbox::start(&[manual_order("Key1", 10_000)], 0, 0, 0.0);
    let over = capture_body("order_test_Key1", "20000");
    let first = sandbox.call("POST", "/v1/payments", KEY, Some("k"), Some(&over));
    assert_eq!((first.status, first.replayed), (409, false), "{first:?}");
    let again = sandbox.call("POST", "/v1/payments", KEY, Some("k"), Some(&over));
    assert_eq!(
        (again.status, again.replayed, again.body.clone()),
        (409, true, first.body.clone()),
        "a stored error is replayed"
    );
    let other = sandbox.call("POST", "/v1/payments", KEY, Some("k"), Some(&capture_body("order_test_Key1", "1000")));
    assert_eq!((other.status, other.body["errorCode"].as_str()), (422, Some("request.idempotency-key-reused")));
    let moved =
        sandbox.call("POST", "/_sandbox/clock", KEY, None, Some(&format!(r#"{{"advanceMs":{}}}"#, SIX_HOURS_MS + 1)));
    assert_eq!(moved.status, 200, "{moved:?}");
    let later = sandbox.call("POST", "/v1/payments", KEY, Some("k"), Some(&capture_body("order_test_Key1", "1000")));
    assert_eq!((later.status, later.replayed), (200, false), "after 6 hours the key is new: {later:?}");
    assert_eq!(sandbox.stat("payments"), 1);
}

#[test]
fn a_dropped_response_is_replayed_and_one_key_in_flight_does_one_thing() {
    let sandbox = Sandbox::start(&[manual_order("Lost1", 10_000)], 0, 0, 0.0);
    let rule = r#"{"count":1,"method":"POST","path":"/v1/payments"}"#;
    assert_eq!(sandbox.call("POST", "/_sandbox/faults", KEY, None, Some(rule)).status, 200);
    let body = capture_body("order_test_Lost1", "1500");
    let lost = sandbox.call("POST", "/v1/payments", KEY, Some("lost"), Some(&body));
    assert_eq!(lost.status, 503, "the response is dropped: {lost:?}");
    assert_eq!(sandbox.stat("captured"), 1500, "after the work was done");
    let retried = sandbox.call("POST", "/v1/payments", KEY, Some("lost"), Some(&body));
    assert_eq!((retried.status, retried.replayed, retried.body["amount"].as_i64()), (200, true, Some(1500)));
    // A whole-payment refund (no amount) whose answer is lost: the retry gets that refund, not
    // a refusal of a rest that is now 0, and nothing is refunded twice.
    let payment = retried.body["id"].as_str().expect("payment id").to_string();
    let rule = r#"{"count":1,"method":"POST","path":"/v1/refunds"}"#;
    assert_eq!(sandbox.call("POST", "/_sandbox/faults", KEY, None, Some(rule)).status, 200);
    let whole = format!(r#"{{"payment":"{payment}","currency":"JPY","reason":"requested_by_customer"}}"#);
    assert_eq!(sandbox.call("POST", "/v1/refunds", KEY, Some("lost-refund"), Some(&whole)).status, 503);
    let again = sandbox.call("POST", "/v1/refunds", KEY, Some("lost-refund"), Some(&whole));
    assert_eq!((again.status, again.body["amount"].as_i64()), (200, Some(1500)), "{again:?}");
    assert_eq!((sandbox.stat("refunds"), sandbox.stat("refunded")), (1, 1500));
    // Rate limiting on demand: 429 with Retry-After, before anything is done.
    let limit = r#"{"count":1,"path":"/v1/orders","when":"before","status":429,"retryAfter":1}"#;
    assert_eq!(sandbox.call("POST", "/_sandbox/faults", KEY, None, Some(limit)).status, 200);
    let limited = sandbox.call("GET", "/v1/orders", KEY, None, None);
    assert_eq!((limited.status, limited.retry_after.as_deref(), limited.json), (429, Some("1"), true), "{limited:?}");
    assert_eq!(sandbox.call("GET", "/v1/orders", KEY, None, None).status, 200, "only the next one");
    // Two bodies under one key at once: one operation; the other request is refused, never
    // answered with the first one's result.
    let answers: Vec<(u16, String)> = std::thread::scope(|scope| {
        let runs: Vec<_> = ["1000", "2000"]
            .map(|amount| {
                let sandbox = &sandbox;
                scope.spawn(move || {
                    let call = sandbox.call(
                        "POST",
                        "/v1/payments",
                        KEY,
                        Some("race"),
                        Some(&capture_body("order_test_Lost1", amount)),
                    );
                    (call.status, call.body["amount"].to_string())
                })
            })
            .into_iter()
            .collect();
        runs.into_iter().map(|run| run.join().expect("request thread")).collect()
    });
    let done: Vec<_> = answers.iter().filter(|(status, _)| *status == 200).collect();
    assert_eq!(done.len(), 1, "{answers:?}");
    assert!(answers.iter().any(|(status, _)| *status == 422), "{answers:?}");
    assert_eq!(sandbox.stat("payments"), 2, "one payment from the race");
}

#[test]
fn each_key_sees_only_its_own_account() {
    let dir = tempfile::tempdir().expect("temp dir");
    let live_file = dir.path().join("live.redb");
    online_support::seed_file(&live_file, &[manual_order("Live1", 7000)], 0);
    let live_key = "sk_live_Shop2Key";
    let account = format!("{live_key}={}", live_file.display());
    let sandbox = Sandbox::start_with(&[manual_order("Test1", 5000)], 0, &["--account", &account]);
    let ids = |key: &str| {
        let call = sandbox.call("GET", "/v1/orders", key, None, None);
        assert_eq!(call.status, 200, "{call:?}");
        let data = call.body["data"].as_array().cloned().unwrap_or_default();
        data.iter().map(|o| (o["id"].as_str().unwrap_or("").to_string(), o["test"].as_bool())).collect::<Vec<_>>()
    };
    assert_eq!(ids(KEY), vec![("order_test_Test1".to_string(), Some(true))]);
    assert_eq!(ids(live_key), vec![("order_test_Live1".to_string(), Some(false))]);
    assert_eq!(sandbox.call("GET", "/v1/orders", "sk_live_Unknown", None, None).status, 401);
    assert_eq!(sandbox.call("GET", "/v1/orders/order_test_Live1", KEY, None, None).status, 404);
}

#[test]
fn slow_and_silent_connections_are_closed() {
    let sandbox = Sandbox::start_with(&[], 0, &["--header-timeout-ms", "300", "--idle-timeout-ms", "600"]);
    let addr = sandbox.url.trim_start_matches("http://").trim_end_matches("/v1").to_string();
    let started = Instant::now();
    let mut slow = std::net::TcpStream::connect(&addr).expect("connect");
    slow.write_all(b"GET /v1/orders HTTP/1.1\r\nHost: x\r\n").expect("half a header");
    let mut silent = std::net::TcpStream::connect(&addr).expect("connect");
    for stream in [&mut slow, &mut silent] {
        stream.set_read_timeout(Some(Duration::from_secs(5))).expect("timeout");
        let mut buf = [0u8; 512];
        // Closed by the server: end of stream (possibly after a 408), or a reset.
        loop {
            match stream.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(_) => continue,
            }
        }
    }
    assert!(started.elapsed() < Duration::from_secs(4), "closed by the timeouts, not by the read timeout");
    assert_eq!(sandbox.call("GET", "/v1/orders", KEY, None, None).status, 200, "others are still served");
}
