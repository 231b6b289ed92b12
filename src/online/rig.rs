//! A test rig for online mode: `Inner` over the scripted fake API, with its journal and
//! mirror in a temp dir, and the orders the tests share.

use super::backend::Inner;
use super::fake_api::FakeApi;
use super::mirror::open_mirror;
use crate::backend::journal::Journal;
use crate::backend::smartpay::api::SmartpayApi;
use crate::domain::order::CAPTURE_WINDOW_MS;
use crate::domain::time::now_millis;
use crate::domain::{CaptureMethod, Customer, Order, OrderStatus, Payment, Refund, RefundReason};

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
    let refund = |id: &str, payment: &str, amount: i64, at: i64| Refund {
        id: id.into(),
        payment_id: payment.into(),
        amount,
        reason: RefundReason::RequestedByCustomer,
        status: "succeeded".into(),
        created_at: at,
    };
    let payment = |id: &str, amount: i64, at: i64, refunds: Vec<Refund>| Payment {
        id: id.into(),
        amount,
        created_at: at,
        refunds,
    };
    Order {
        id: "order_test_refunded".into(),
        amount: 1000,
        currency: "JPY".into(),
        status: OrderStatus::Succeeded,
        capture_method: CaptureMethod::Manual,
        reference: "SO-refunded".into(),
        created_at: now - 10_000,
        expires_at: Some(now - 10_000 + CAPTURE_WINDOW_MS),
        customer: Customer::default(),
        line_items: vec![],
        payments: vec![
            payment(
                "payment_test_a",
                600,
                now - 9_000,
                vec![refund("refund_test_a", "payment_test_a", 200, now - 5_000)],
            ),
            payment(
                "payment_test_b",
                400,
                now - 8_000,
                vec![refund("refund_test_b", "payment_test_b", 100, now - 4_000)],
            ),
        ],
        history: vec![],
        refunds_unknown: false,
        shipment: Default::default(),
        test: None,
    }
}
