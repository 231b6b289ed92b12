//! With a flaky API (`--fail-rate 0.3`: failures both before and after the write is committed),
//! 200 captures and refunds issued through the console produce exactly the intended operations,
//! none duplicated and none lost, counted on the sandbox's side.
// A test crate: a failed unwrap, expect or panic is how it reports a failure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod online_support;

use online_support::{Sandbox, manual_order, settings};
use smartpay_console::backend::ids::new_idempotency_key;
use smartpay_console::backend::{Backend, BackendError, OperationRequest, Verdict};
use smartpay_console::domain::{HistoryResult, Operation, RefundReason};
use smartpay_console::online::OnlineBackend;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

const ORDERS: usize = 20;
const CAPTURE: i64 = 1000;
const REFUND: i64 = 700;

/// Ten operations per order: six captures and four refunds, the later refunds split over two
/// payments (the newest one has less left than 700).
fn script() -> Vec<Operation> {
    let c = Operation::Capture { amount: CAPTURE };
    let r = Operation::Refund { amount: REFUND, reason: RefundReason::RequestedByCustomer };
    vec![c.clone(), c.clone(), c.clone(), r.clone(), c.clone(), c.clone(), r.clone(), c, r.clone(), r]
}

/// Issues one confirmed operation: one key, reused for as long as its outcome is unknown.
fn issue(backend: &dyn Backend, order_id: &str, operation: Operation) -> Vec<String> {
    let request =
        OperationRequest { operation, operator: Some("suzuki".into()), idempotency_key: new_idempotency_key() };
    for _ in 0..50 {
        match backend.execute(order_id, &request) {
            Ok(outcome) if outcome.verdict() == Verdict::Done => return outcome.created(),
            // Unknown outcome (journaled) or the fresh read failed (nothing journaled): the
            // same request under the same key settles it either way.
            Ok(outcome) if outcome.verdict() == Verdict::Unknown => continue,
            Ok(outcome) => panic!("{order_id}: {:?} moved {}", outcome.verdict(), outcome.moved()),
            Err(BackendError::Network(_)) => continue,
            Err(BackendError::Api { status, .. }) if status >= 500 => continue,
            Err(other) => panic!("{order_id}: {other}"),
        }
    }
    panic!("{order_id}: still unsettled after 50 tries")
}

#[test]
fn two_hundred_operations_through_a_flaky_api_happen_exactly_once() {
    let orders: Vec<_> = (0..ORDERS).map(|i| manual_order(&format!("Flaky{i:02}"), 100_000)).collect();
    let sandbox = Sandbox::start(&orders, 0, 0, 0.3);
    let dir = tempfile::tempdir().expect("temp dir");
    let settings = settings(dir.path(), &sandbox.url);
    let backend: Arc<dyn Backend> = Arc::new(OnlineBackend::open(&sandbox.url, &settings, false).expect("open online"));
    let refund_objects = Arc::new(AtomicU64::new(0));
    let issued = Arc::new(AtomicU64::new(0));
    let workers: Vec<_> = (0..4)
        .map(|w| {
            let (backend, refund_objects, issued) = (backend.clone(), refund_objects.clone(), issued.clone());
            std::thread::spawn(move || {
                for i in (w..ORDERS).step_by(4) {
                    let id = format!("order_test_Flaky{i:02}");
                    for op in script() {
                        let refund = matches!(op, Operation::Refund { .. });
                        let created = issue(backend.as_ref(), &id, op);
                        assert!(!created.is_empty(), "{id}: an operation created nothing");
                        if refund {
                            refund_objects.fetch_add(created.len() as u64, Ordering::SeqCst);
                        }
                        issued.fetch_add(1, Ordering::SeqCst);
                    }
                }
            })
        })
        .collect();
    for worker in workers {
        worker.join().expect("worker");
    }
    assert_eq!(issued.load(Ordering::SeqCst), 200);
    let stats = sandbox.stats();
    let n = ORDERS as i64;
    assert_eq!(stats["payments"], 6 * n, "{stats}");
    assert_eq!(stats["captured"], 6 * n * CAPTURE, "{stats}");
    assert_eq!(stats["refunded"], 4 * n * REFUND, "{stats}");
    assert_eq!(stats["refunds"].as_u64(), Some(refund_objects.load(Ordering::SeqCst)), "{stats}");
    assert!(stats["failedBefore"].as_u64() > Some(0) && stats["failedAfter"].as_u64() > Some(0), "{stats}");
    assert!(stats["replayed"].as_u64() > Some(0), "failures after commit were answered by replay: {stats}");
    for i in 0..ORDERS {
        let order = backend.get(&format!("order_test_Flaky{i:02}")).expect("order");
        assert!(order.history.iter().all(|h| h.result != HistoryResult::Pending), "nothing left open");
        assert_eq!(order.history.iter().filter(|h| h.operator.as_deref() == Some("suzuki")).count(), 6 + 4 + 2);
    }
}
