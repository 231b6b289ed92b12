//! The local mirror of online mode: the list is served from it at once, a background sync
//! fills it with progress the TUI can show, and when the API goes away the console stays
//! usable, read-only, and says how old its data is.
// A test crate: a failed unwrap, expect or panic is how it reports a failure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod online_support;

use online_support::{Sandbox, manual_order};
use smartpay_console::backend::ids::new_idempotency_key;
use smartpay_console::backend::sync::OnlineStatus;
use smartpay_console::backend::{BackendError, ListQuery, OperationRequest, OrderOperator, OrderReader};
use smartpay_console::domain::Operation;
use smartpay_console::domain::time::now_millis;
use smartpay_console::online::OnlineBackend;
use std::time::{Duration, Instant};

fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    let started = Instant::now();
    while !done() {
        assert!(started.elapsed() < Duration::from_secs(20), "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn background_sync_fills_the_mirror_and_an_unreachable_api_leaves_it_readable() {
    let sandbox = Sandbox::start(&[manual_order("Sync1", 8000)], 240, 0, 0.0);
    let dir = tempfile::tempdir().expect("dir");
    let settings = online_support::settings(dir.path(), &sandbox.url);
    let backend = OnlineBackend::open(&sandbox.url, &settings, true).expect("open");
    // Background work starts when asked to, never as a side effect of opening or a getter.
    backend.start_background();
    wait_for("the first sync", || backend.sync_status().last_synced_at.is_some());
    let status = backend.sync_status();
    assert_eq!((status.orders_synced, status.pages_synced, status.running), (241, 3, false), "{status:?}");
    assert_eq!(status.label(now_millis()), "synced just now");
    let page = backend.list(&ListQuery { search: Some("hanako.sync1".into()), ..ListQuery::default() }).expect("list");
    assert_eq!(page.rows.len(), 1, "search covers everything synced");
    assert_eq!(page.rows[0].customer, "山田 花子", "customers come from the checkout sessions");

    // Another console captures; a sync on demand brings it in.
    let other_dir = tempfile::tempdir().expect("other");
    let other = OnlineBackend::open(&sandbox.url, &online_support::settings(other_dir.path(), &sandbox.url), false)
        .expect("other");
    let capture = OperationRequest {
        operation: Operation::Capture { amount: 3000 },
        operator: Some("sato".into()),
        idempotency_key: new_idempotency_key(),
    };
    other.execute("order_test_Sync1", &capture).expect("capture elsewhere");
    let before = backend.sync_status().last_synced_at.unwrap_or(0);
    // The next sync's stamp must be later than this one's: wait for the clock to move on.
    wait_for("the clock to pass the first sync", || now_millis() > before);
    backend.request_sync();
    wait_for("the second sync", || backend.sync_status().last_synced_at.unwrap_or(0) > before);
    let row = backend.list(&ListQuery { search: Some("Sync1".into()), ..ListQuery::default() }).expect("list");
    assert_eq!(row.rows[0].captured, 3000);

    // The API goes away: reads come from the mirror, operations are refused, the status says so.
    drop(sandbox);
    backend.request_sync();
    wait_for("the failed sync", || {
        let s = backend.sync_status();
        !s.reachable && !s.running
    });
    let label = backend.sync_status().label(now_millis());
    assert!(label.starts_with("API unreachable: read-only, data from "), "{label}");
    assert!(backend.describe().contains("API unreachable"), "{}", backend.describe());
    assert_eq!(backend.list(&ListQuery::default()).expect("still listable").total, 241);
    assert_eq!(backend.get("order_test_Sync1").expect("mirrored copy").captured(), 3000);
    let void = OperationRequest { operation: Operation::Void, operator: None, idempotency_key: new_idempotency_key() };
    let err = backend.execute("order_test_Sync1", &void).expect_err("no operation without the API");
    assert!(matches!(err, BackendError::Network(_)), "{err}");
    assert!(err.to_string().starts_with("Cannot reach the Smartpay API"), "{err}");
}
