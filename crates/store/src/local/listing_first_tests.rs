//! The first answer to a typed filter: the same page as the full search, its count a lower
//! bound only while it says so (`at_least`), and nothing at all once overtaken.

use crate::domain::Order;
use crate::domain::OrderStatus;
use crate::domain::order::fixtures::manual_order;
use crate::local::{LocalStore, OpenMode};
use crate::{ListQuery, OrderReader};

const NAMES: [(&str, &str, &str); 4] = [
    ("高橋", "タカハシ", "takahashi"),
    ("山田", "ヤマダ", "yamada"),
    ("田中", "タナカ", "tanaka"),
    ("高田", "タカダ", "takada"),
];

/// 90 orders, three of them sharing one millisecond; one in thirty is a Sato.
fn orders() -> Vec<Order> {
    (0..90)
        .map(|n: usize| {
            let created = 1_700_000_000_000 + (n.min(87) as i64) * 1_000;
            let mut order = manual_order(1000 + n as i64, created);
            let (name, kana, latin) =
                if n % 30 == 7 { ("佐藤", "サトウ", "sato") } else { NAMES[n % NAMES.len()] };
            order.id = format!("order_first_{n:03}");
            order.customer.last_name = name.into();
            order.customer.last_name_kana = kana.into();
            order.customer.email = format!("{latin}{n}@example.jp");
            if n % 4 == 1 {
                order.status = OrderStatus::Canceled;
            }
            order
        })
        .collect()
}

fn store(dir: &tempfile::TempDir) -> LocalStore {
    let store = LocalStore::open(&dir.path().join("orders.redb"), OpenMode::CreateIfMissing).expect("store");
    store.insert_orders(&orders()).expect("insert");
    store
}

#[test]
fn the_first_page_is_the_searchs_page_and_its_count_never_more_than_the_count() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = store(&dir);
    let mut lower_bounds = 0;
    for text in ["t", "ta", "タ", "タカ", "タカハシ", "takaha", "高", "order_first", "sato", "サトウ", "zz", "高橋 ta"]
    {
        for (offset, limit) in [(0, 5), (0, 40), (3, 10), (0, 200), (88, 5)] {
            for descending in [true, false] {
                for status in [None, Some(OrderStatus::Canceled)] {
                    let query = ListQuery {
                        search: Some(text.into()),
                        status: status.clone(),
                        descending,
                        offset,
                        limit,
                        ..ListQuery::default()
                    };
                    let full = store.list(&query).expect("list");
                    let first = store.first_page_until(&query, &|| false).expect("first").expect("not stopped");
                    let what = format!("{text:?} offset {offset} limit {limit} desc {descending} {status:?}");
                    assert_eq!(first.rows, full.rows, "{what}: the page is the full search's page");
                    assert_eq!(first.total, full.total, "{what}");
                    assert!(!full.at_least, "{what}: list always counts");
                    if first.at_least {
                        lower_bounds += 1;
                        assert!(first.matching <= full.matching, "{what}: ≥ {} but {}", first.matching, full.matching);
                        assert!(first.matching >= offset + first.rows.len(), "{what}: the page is counted");
                    } else {
                        assert_eq!(first.matching, full.matching, "{what}: a plain count is the count");
                    }
                }
            }
        }
    }
    // At least the one- and two-letter terms (never handed to the index, whatever the clock
    // says) answered before counting.
    assert!(lower_bounds > 10, "common terms answer before counting ({lower_bounds} did)");
}

#[test]
fn a_common_term_answers_its_page_before_counting_and_a_rare_one_counts_exactly() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = store(&dir);
    let ask = |text: &str| {
        let query = ListQuery { search: Some(text.into()), limit: 10, ..ListQuery::default() };
        let first = store.first_page_until(&query, &|| false).expect("first").expect("not stopped");
        (first, store.list(&query).expect("list"))
    };
    // Every order holds a "t" (its id, order_first_…): the page fills after ten orders, so the
    // count shown is "≥ 10"; the full count is 90.
    let (first, full) = ask("t");
    assert_eq!((first.at_least, first.matching, first.rows.len()), (true, 10, 10));
    assert_eq!(full.matching, 90);
    // Three Satos never fill a page of ten: walked to the end, so counted exactly.
    let (first, full) = ask("sato");
    assert_eq!((first.at_least, first.matching), (false, 3));
    assert_eq!(first, full);
}

#[test]
fn a_first_page_overtaken_by_a_newer_key_answers_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = store(&dir);
    for text in ["t", "タカハシ", "zz"] {
        let query = ListQuery { search: Some(text.into()), ..ListQuery::default() };
        assert_eq!(store.first_page_until(&query, &|| true).expect("first"), None, "{text}");
    }
}
