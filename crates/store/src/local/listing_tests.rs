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
