//! The mirror merge: a page of the API's orders written into the mirror.

use crate::fake_api::FakeApi;
use crate::mirror::updated_at;
use crate::pages::{JournalByOrder, PassSeen};
use crate::rig::{Rig, refunded_order};
use crate::store::OrderReader;
use crate::wire::{Collection, Lenient, WireOrder, read_json};

fn page(text: &str) -> Collection<Lenient<WireOrder>> {
    read_json(text).expect("a readable page")
}

const PAGE: &str = r#"{"object":"collection","data":[
    {"id":"order_test_good","amount":1000,"currency":"JPY","status":"requires_capture","updatedAt":5,
     "customerInfo":{"lastName":"山田","emailAddress":"taro@example.jp","phoneNumber":"+81300000000"}},
    {"id":"order_test_bad","amount":1000,"currency":"JPY","status":"succeeded",
     "payments":[{"id":"payment_test_x","amount":900,"currency":"JPY","refunds":[
         {"id":"refund_test_x","amount":950,"currency":"JPY","status":"succeeded"}]}]},
    {"id":"order_test_more","amount":2000,"currency":"JPY","status":"requires_capture","updatedAt":7}
]}"#;

#[test]
fn a_page_is_mirrored_with_its_stamps_and_an_unreadable_order_never_hides_the_rest() {
    let rig = Rig::new(FakeApi::new(refunded_order(), &[]));
    let mut pass = PassSeen::default();
    let seen = rig.inner.write_page(page(PAGE), &JournalByOrder::default(), &mut pass).expect("written");
    assert!(!seen.unchanged, "nothing was mirrored before");
    assert_eq!(pass.unreadable, ["order_test_bad"], "named, not mirrored");
    assert!(pass.read.contains("order_test_good") && pass.read.contains("order_test_more"));
    assert_eq!(rig.inner.mirror.count().expect("count"), 2);
    assert_eq!(updated_at(&rig.inner.mirror, "order_test_more"), Some(7));
    assert_eq!(rig.inner.mirror.get("order_test_good").expect("mirrored").customer.last_name, "山田");

    // The same page again: seen unchanged by its stamps, and nothing is lost.
    let mut again = PassSeen::default();
    let seen = rig.inner.write_page(page(PAGE), &JournalByOrder::default(), &mut again).expect("written");
    assert!(seen.unchanged, "an order with the same updatedAt was read before");
    assert_eq!(rig.inner.mirror.count().expect("count"), 2);
}

#[test]
fn a_fresh_copy_without_the_customer_keeps_the_mirrored_one() {
    let rig = Rig::new(FakeApi::new(refunded_order(), &[]));
    rig.inner.write_page(page(PAGE), &JournalByOrder::default(), &mut PassSeen::default()).expect("written");
    // Later the API sends the order without its customer (a list without the session), and
    // with a capture: the figures are the fresh ones, the customer the mirrored one.
    let later = r#"{"object":"collection","data":[
        {"id":"order_test_good","amount":1000,"currency":"JPY","status":"requires_capture","updatedAt":9,
         "payments":[{"id":"payment_test_g","amount":400,"currency":"JPY","refunds":[]}]}]}"#;
    rig.inner.write_page(page(later), &JournalByOrder::default(), &mut PassSeen::default()).expect("written");
    let order = rig.inner.mirror.get("order_test_good").expect("mirrored");
    assert_eq!(order.captured(), 400, "the fresh figures");
    assert_eq!((order.customer.last_name.as_str(), order.customer.email.as_str()), ("山田", "taro@example.jp"));
    assert_eq!(updated_at(&rig.inner.mirror, "order_test_good"), Some(9));
}
