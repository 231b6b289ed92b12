//! The customer sort is one order, with or without a search typed.

use super::super::{LocalStore, OpenMode};
use crate::OrderReader;
use crate::domain::order::fixtures::manual_order;
use crate::domain::{Customer, Order};
use crate::query::{ListQuery, SortKey};

/// Kanji names whose readings (kana) sort the other way round from the kanji.
fn customer(id: &str, name: &str, kana: &str) -> Order {
    let mut order = manual_order(1000, 1_700_000_000_000);
    order.id = id.into();
    order.customer = Customer {
        last_name: name.into(),
        last_name_kana: kana.into(),
        email: format!("{id}@example.com"),
        ..Customer::default()
    };
    order
}

fn ids(store: &LocalStore, search: Option<&str>, descending: bool) -> Vec<String> {
    let query =
        ListQuery { sort: SortKey::Customer, descending, search: search.map(str::to_string), ..ListQuery::default() };
    store.list(&query).expect("lists").rows.into_iter().map(|row| row.id).collect()
}

#[test]
fn typing_a_search_never_flips_the_customer_sort_from_kana_to_kanji() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = LocalStore::open(&dir.path().join("orders.redb"), OpenMode::CreateIfMissing).expect("opens");
    // 伊藤 (いとう) sorts before 安藤 (あんどう) by code point, after it by reading.
    let orders = vec![
        customer("order_a", "伊藤", "いとう"),
        customer("order_b", "安藤", "あんどう"),
        customer("order_c", "Smith", ""),
    ];
    store.insert_orders(&orders).expect("inserts");
    for descending in [false, true] {
        let unfiltered = ids(&store, None, descending);
        let searched = ids(&store, Some("example.com"), descending);
        assert_eq!(searched, unfiltered, "descending={descending}: a search keeps the customer order");
    }
    assert_eq!(ids(&store, Some("order"), false), ["order_c", "order_b", "order_a"], "by reading: smith, あ, い");
}

/// The clock of [`an_order_that_expires_while_listed_leaves_awaiting_capture`].
static NOW: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(0);

#[test]
fn an_order_that_expires_while_listed_leaves_awaiting_capture() {
    use crate::domain::OrderStatus;
    use std::sync::atomic::Ordering;
    let created = 1_700_000_000_000;
    NOW.store(created + 1_000, Ordering::SeqCst);
    let dir = tempfile::tempdir().expect("temp dir");
    let store = LocalStore::open_with_clock(&dir.path().join("orders.redb"), OpenMode::CreateIfMissing, || {
        NOW.load(Ordering::SeqCst)
    })
    .expect("opens");
    let mut soon = manual_order(1_000, created);
    soon.id = "order_soon".into();
    let mut later = manual_order(2_000, created + 60_000);
    later.id = "order_later".into();
    let deadline = soon.expires_at.expect("a manual order has a deadline");
    store.insert_orders(&[soon, later]).expect("inserts");
    let awaiting = |sort: SortKey, search: Option<&str>| {
        let query = ListQuery {
            status: Some(OrderStatus::RequiresCapture),
            sort,
            search: search.map(str::to_string),
            ..ListQuery::default()
        };
        let page = store.list(&query).expect("lists");
        (page.matching, page.rows.into_iter().map(|row| row.id).collect::<Vec<_>>())
    };
    assert_eq!(awaiting(SortKey::Created, None).0, 2, "both await capture while the list is loaded");
    // The first deadline passes with the console open (no sweep has run): the next read leaves
    // that order out of "awaiting capture", its count included, whichever way it is read.
    NOW.store(deadline, Ordering::SeqCst);
    for (sort, search) in [(SortKey::Created, None), (SortKey::Amount, None), (SortKey::Created, Some("order"))] {
        assert_eq!(awaiting(sort, search), (1, vec!["order_later".to_string()]), "{sort:?} {search:?}");
    }
}
