//! How many requests an idle console makes: a paged stand-in for the API with thousands of
//! orders, the background pass run once a simulated minute, every request counted. An order
//! that changes is still seen: a young one at the next recheck, an old one by the full pass.

use super::inner::Inner;
use super::mirror::open_mirror;
use super::sync::{RECHECK_EVERY_MS, TICK};
use crate::domain::time::now_millis;
use crate::domain::{Millis, OrderStatus};
use crate::journal::Journal;
use crate::smartpay::api::SmartpayApi;
use crate::smartpay::client::Reply;
use crate::store::{BackendError, OrderReader};
use crate::wire::{
    Collection, CreatePayment, CreateRefund, Lenient, WireCheckoutSession, WireOrder, WirePayment, WireRefund,
};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

const MINUTE: Millis = 60_000;

/// `count` orders, newest first, one every 5 minutes; every tenth awaits capture, the others
/// are captured (and so refundable).
#[derive(Clone)]
struct PagedApi {
    orders: Arc<Mutex<Vec<WireOrder>>>,
    requests: Arc<AtomicUsize>,
}

impl PagedApi {
    fn new(count: usize, now: Millis) -> PagedApi {
        let orders = (0..count)
            .map(|i| {
                let created = now - (i as Millis + 1) * 5 * MINUTE;
                WireOrder {
                    id: format!("order_test_{i:06}"),
                    object: "order".into(),
                    amount: Some(1000),
                    currency: Some("JPY".into()),
                    status: Some(if i % 10 == 0 { OrderStatus::RequiresCapture } else { OrderStatus::Succeeded }),
                    created_at: created,
                    updated_at: Some(created),
                    expires_at: Some(created + 7 * 24 * 60 * MINUTE),
                    ..WireOrder::default()
                }
            })
            .collect();
        PagedApi { orders: Arc::new(Mutex::new(orders)), requests: Arc::new(AtomicUsize::new(0)) }
    }

    fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }

    /// The API changes order `index` (its status and `updatedAt`) without it becoming new.
    fn cancel(&self, index: usize, at: Millis) {
        let mut orders = self.orders.lock().unwrap_or_else(|p| p.into_inner());
        orders[index].status = Some(OrderStatus::Canceled);
        orders[index].updated_at = Some(at);
    }
}

fn page<T>(data: Vec<T>, next: Option<String>) -> Collection<T> {
    Collection {
        object: "list".into(),
        page_token: None,
        next_page_token: next,
        max_results: 100,
        results: data.len() as u32,
        data,
    }
}

impl SmartpayApi for PagedApi {
    fn base_url(&self) -> &str {
        "http://127.0.0.1:9/v1"
    }

    fn list_orders(&self, token: Option<&str>, max: u32) -> Result<Collection<Lenient<WireOrder>>, BackendError> {
        self.requests.fetch_add(1, Ordering::SeqCst);
        let orders = self.orders.lock().unwrap_or_else(|p| p.into_inner());
        let from: usize = token.and_then(|t| t.parse().ok()).unwrap_or(0);
        let to = (from + max as usize).min(orders.len());
        let next = (to < orders.len()).then(|| to.to_string());
        Ok(page(orders[from.min(to)..to].iter().cloned().map(Lenient::Read).collect(), next))
    }

    fn list_checkout_sessions(
        &self,
        _token: Option<&str>,
        _max: u32,
    ) -> Result<Collection<Lenient<WireCheckoutSession>>, BackendError> {
        self.requests.fetch_add(1, Ordering::SeqCst);
        Ok(page(vec![], None))
    }

    fn get_order(&self, id: &str) -> Result<WireOrder, BackendError> {
        self.requests.fetch_add(1, Ordering::SeqCst);
        let orders = self.orders.lock().unwrap_or_else(|p| p.into_inner());
        orders.iter().find(|o| o.id == id).cloned().ok_or(BackendError::NotFound { id: id.into() })
    }

    fn get_payment(&self, id: &str) -> Result<WirePayment, BackendError> {
        self.requests.fetch_add(1, Ordering::SeqCst);
        Err(BackendError::NotFound { id: id.into() })
    }

    fn get_refund(&self, id: &str) -> Result<WireRefund, BackendError> {
        self.requests.fetch_add(1, Ordering::SeqCst);
        Err(BackendError::NotFound { id: id.into() })
    }

    fn list_refunds(&self, _token: Option<&str>, _max: u32) -> Result<Collection<Lenient<WireRefund>>, BackendError> {
        self.requests.fetch_add(1, Ordering::SeqCst);
        Ok(page(vec![], None))
    }

    fn create_payment(&self, _: &CreatePayment, _: &str) -> Result<Reply<WirePayment>, BackendError> {
        Err(BackendError::ReadOnly)
    }

    fn create_refund(&self, _: &CreateRefund, _: &str) -> Result<Reply<WireRefund>, BackendError> {
        Err(BackendError::ReadOnly)
    }

    fn cancel_order(&self, _: &str, _: &str) -> Result<Reply<WireOrder>, BackendError> {
        Err(BackendError::ReadOnly)
    }
}

/// Runs the background pass once a simulated minute for `minutes`; returns the requests made.
fn idle(inner: &Inner, api: &PagedApi, minutes: usize) -> usize {
    let before = api.requests();
    for _ in 0..minutes {
        inner.clock_offset_ms.fetch_add(TICK.as_millis() as Millis, Ordering::SeqCst);
        inner.sync_tick().expect("a pass");
    }
    api.requests() - before
}

fn status_of(inner: &Inner, index: usize) -> OrderStatus {
    inner.mirror.get(&format!("order_test_{index:06}")).expect("mirrored").status
}

/// Requests per minute of an idle console over `orders` orders, for docs/PERFORMANCE.md:
/// `cargo test --lib idle_requests -- --ignored --nocapture` with `SYNC_ORDERS=50000`.
fn measure(orders: usize, minutes: usize, full_sync_hours: u32) -> (f64, Inner, PagedApi, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let now = now_millis();
    let api = PagedApi::new(orders, now);
    let journal = Journal::open(&dir.path().join("journal.redb")).expect("journal");
    let mirror = open_mirror(&dir.path().join("mirror.redb"), api.base_url()).expect("mirror");
    let mut inner = Inner::new(Box::new(api.clone()), journal, mirror, true);
    inner.full_sync_hours = full_sync_hours;
    inner.sync_tick().expect("the first pass reads everything");
    assert_eq!(inner.mirror.count().expect("count"), orders);
    let made = idle(&inner, &api, minutes);
    (made as f64 / minutes as f64, inner, api, dir)
}

/// Passes, once a simulated minute, until order `index` shows `Canceled`; how many it took.
fn minutes_until_seen(inner: &Inner, api: &PagedApi, index: usize, most: usize) -> Option<usize> {
    api.cancel(index, now_millis() + inner.clock_offset_ms.load(Ordering::SeqCst));
    (1..=most).find(|_| {
        idle(inner, api, 1);
        status_of(inner, index) == OrderStatus::Canceled
    })
}

#[test]
fn an_idle_console_makes_few_requests_and_still_sees_every_change() {
    let (per_minute, inner, api, _dir) = measure(1_000, 20, 1);
    // One pass reading everything would be 11 requests a minute here (110 000 at 100x).
    assert!(per_minute <= 5.0, "{per_minute} requests a minute");

    // A young order awaiting capture changes: seen by the next recheck.
    let recheck = (RECHECK_EVERY_MS / MINUTE) as usize;
    assert!(minutes_until_seen(&inner, &api, 10, recheck).is_some(), "seen within {recheck} minutes");

    // An order that cannot change by itself (not awaiting capture, nothing to refund)
    // changes anyway: seen by the spread full pass, within its hour.
    assert!(minutes_until_seen(&inner, &api, 991, 61).is_some(), "seen within the full pass");
}

#[test]
#[ignore = "a measurement for docs/PERFORMANCE.md, not a check"]
fn idle_requests() {
    let orders = std::env::var("SYNC_ORDERS").ok().and_then(|v| v.parse().ok()).unwrap_or(50_000);
    let minutes = std::env::var("SYNC_MINUTES").ok().and_then(|v| v.parse().ok()).unwrap_or(60);
    let (per_minute, ..) = measure(orders, minutes, 6);
    println!("{orders} orders: {per_minute:.1} requests per minute, idle, over {minutes} simulated minutes");
}
