//! A test rig for online mode: `Inner` over the scripted fake API, with its journal and
//! mirror in a temp dir, and the orders the tests share.

use super::fake_api::FakeApi;
use super::inner::Inner;
use super::mirror::open_mirror;
use crate::domain::time::now_millis;
use crate::domain::{Order, OrderStatus, Payment, Refund, RefundReason};
use crate::journal::Journal;
use crate::smartpay::api::SmartpayApi;

pub struct Rig {
    _dir: tempfile::TempDir,
    pub inner: Inner,
    pub api: FakeApi,
}

impl Rig {
    pub fn new(api: FakeApi) -> Rig {
        let dir = tempfile::tempdir().expect("temp dir");
        let journal = Journal::open(&dir.path().join("journal.redb")).expect("journal");
        let mirror = open_mirror(&dir.path().join("mirror.redb"), api.base_url()).expect("mirror");
        let inner = Inner::new(Box::new(api.clone()), journal, mirror, true);
        Rig { _dir: dir, inner, api }
    }
}

/// A manual order of ¥1,000 captured in two payments (¥600, ¥400), with ¥300 refunded in two
/// refunds (¥200 of the first payment, ¥100 of the second).
pub fn refunded_order() -> Order {
    let now = now_millis();
    let refund = |id: &str, payment: &str, amount: i64, at: i64| {
        Refund::new(id, payment, amount, RefundReason::RequestedByCustomer, "succeeded", at)
    };
    let mut order = Order::awaiting_capture("order_test_refunded", 1000, now - 10_000);
    (order.status, order.reference) = (OrderStatus::Succeeded, "SO-refunded".into());
    order
        .with_payments(vec![
            Payment::new(
                "payment_test_a",
                600,
                now - 9_000,
                vec![refund("refund_test_a", "payment_test_a", 200, now - 5_000)],
            ),
            Payment::new(
                "payment_test_b",
                400,
                now - 8_000,
                vec![refund("refund_test_b", "payment_test_b", 100, now - 4_000)],
            ),
        ])
        .expect("captures within the order, refunds within their payment")
}
