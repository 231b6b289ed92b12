//! Online mode against a stand-in server on loopback answering in shapes our sandbox never
//! sends: a page with an unreadable order, a 2xx body that does not parse.

use super::backend::OnlineBackend;
use super::inner::{Inner, lock};
use super::mirror::open_mirror;
use crate::config::SecretKey;
use crate::journal::Journal;
use crate::smartpay::api::SmartpayApi;
use crate::smartpay::client::{RetryPolicy, SmartpayClient};
use crate::store::{BackendError, ListQuery, OrderReader};
use axum::Router;
use axum::extract::State;
use axum::routing::get;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

const BAD: &str = "order_test_nullamount";

/// A page of 100 orders, newest first; the 50th has a `null` amount.
fn page_of_100() -> String {
    let orders: Vec<serde_json::Value> = (0..100)
        .map(|n| {
            let id = if n == 49 { BAD.to_string() } else { format!("order_test_{n:03}") };
            let amount = if n == 49 { serde_json::Value::Null } else { serde_json::json!(1000 + n) };
            serde_json::json!({"id": id, "object": "order", "amount": amount, "currency": "JPY",
                "status": "succeeded", "reference": null, "createdAt": 1_700_000_000_000i64 - n,
                "lineItems": [], "payments": [], "customerInfo": {"lastName": null}})
        })
        .collect();
    serde_json::json!({"object": "collection", "maxResults": 100, "results": 100, "data": orders}).to_string()
}

/// Serves the page, an empty session list, and a garbled order (counting its requests).
fn stand_in() -> (String, Arc<AtomicUsize>) {
    let garbled = Arc::new(AtomicUsize::new(0));
    let app = Router::new()
        .route("/v1/orders", get(|| async { page_of_100() }))
        .route("/v1/checkout-sessions", get(|| async { r#"{"object":"collection","data":[]}"# }))
        .route(
            "/v1/orders/{id}",
            get(|State(hits): State<Arc<AtomicUsize>>| async move {
                hits.fetch_add(1, Ordering::SeqCst);
                "{\"id\": \"order_test_garbled\", \"amount\": "
            }),
        )
        .with_state(garbled.clone());
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a loopback port");
    let url = format!("http://{}/v1", listener.local_addr().expect("an address"));
    listener.set_nonblocking(true).expect("non-blocking");
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).expect("a tokio listener");
            let _ = axum::serve(listener, app).await;
        });
    });
    (url, garbled)
}

fn client(url: &str) -> SmartpayClient {
    let retry = RetryPolicy {
        attempts: 3,
        first_backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(2),
        ..RetryPolicy::default()
    };
    let key = SecretKey::new("sk_test_shapesTests1".into());
    SmartpayClient::with_retry(url, &key, Duration::from_secs(5), retry).expect("a client")
}

#[test]
fn one_unreadable_order_in_a_page_of_100_leaves_99_listed_and_is_named() {
    let (url, _) = stand_in();
    let dir = tempfile::tempdir().expect("temp dir");
    let api = client(&url);
    let mirror = open_mirror(&dir.path().join("mirror.redb"), api.base_url()).expect("mirror");
    let journal = Journal::open(&dir.path().join("journal.redb")).expect("journal");
    let inner = Inner::new(Box::new(api), journal, mirror, false);
    inner.sync_all().expect("the page is read despite the bad order");
    assert_eq!(inner.mirror.count().expect("counts"), 99);
    assert!(inner.mirror.get(BAD).is_err(), "never listed with a made-up amount");
    let status = lock(&inner.status).clone();
    assert_eq!(status.unreadable_orders, [BAD]);
    assert!(status.label(0).contains("1 order could not be read: order_test_nullamount"), "{}", status.label(0));

    // `orders list` lists the 99 and warns; `orders export` refuses to look complete.
    let backend = OnlineBackend::over(inner);
    let page = backend.list(&ListQuery { limit: 100, ..ListQuery::default() }).expect("a list");
    assert_eq!((page.rows.len(), page.total), (99, 99));
    assert_eq!(backend.warnings(), ["1 order could not be read: order_test_nullamount"]);
    let mut exported = 0;
    let mut count = |_| {
        exported += 1;
        Ok(())
    };
    let err = backend.for_each_order(&mut count).expect_err("an incomplete export");
    assert_eq!((exported, err.exit_code()), (0, 1));
    assert!(err.to_string().contains("1 order could not be read: order_test_nullamount"), "{err}");
}

#[test]
fn a_2xx_read_that_does_not_parse_is_an_invalid_response_not_a_network_error_and_is_not_retried() {
    let (url, garbled) = stand_in();
    let err = client(&url).get_order("order_test_garbled").expect_err("unreadable");
    assert!(matches!(&err, BackendError::Api { status: 200, code, .. } if code == "response.invalid"), "{err:?}");
    assert!(!err.to_string().contains("Cannot reach"), "{err}");
    assert_eq!(err.exit_code(), 1);
    assert_eq!(garbled.load(Ordering::SeqCst), 1, "asked once");
}
