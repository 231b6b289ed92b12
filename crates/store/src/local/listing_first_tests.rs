//! The first answer to a typed filter: the same page as the full search, its count a lower
//! bound only while it says so (`at_least`), and nothing at all once overtaken.

use crate::domain::Order;
use crate::domain::OrderStatus;
use crate::domain::order::fixtures::manual_order;
use crate::local::{LocalStore, OpenMode, ReadyOrder};
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

/// The first page through a given hand-over (`plan`) and first window, read in one transaction.
fn planned(store: &LocalStore, query: &ListQuery, plan: super::HandOver, window: usize) -> crate::query::Page {
    let txn = store.db().begin_read().expect("read");
    let reader = super::Reader::new(store, &txn, &|| false);
    reader.first_page_planned(query, Some(plan), window).expect("first page")
}

fn assert_same_page(first: &crate::query::Page, full: &crate::query::Page, offset: usize, what: &str) {
    assert_eq!(first.rows, full.rows, "{what}: the page is the full search's page");
    if first.at_least {
        assert!(first.matching <= full.matching, "{what}: ≥ {} but {}", first.matching, full.matching);
        assert!(first.matching >= offset + first.rows.len(), "{what}: the page is counted");
    } else {
        assert_eq!(first.matching, full.matching, "{what}: a plain count is the count");
    }
}

#[test]
fn a_walk_handed_to_the_index_anywhere_keeps_exactly_the_full_searchs_rows() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = store(&dir);
    let mut handed = 0;
    // Hand-over at every entry of the walk (including the three orders sharing a millisecond),
    // with windows of one, two, three values of the driving list and one holding them all.
    for text in ["タカハシ", "takaha", "高", "sato", "高橋 ta", "ヤマダ 高", "example", "zzz"] {
        for walked in 0..=91usize {
            let windows: &[usize] = if walked.is_multiple_of(7) { &[1, 2, 3, 512] } else { &[2] };
            for &window in windows {
                for (offset, limit, status) in [(0, 5, None), (2, 8, Some(OrderStatus::Canceled)), (0, 200, None)] {
                    let query = ListQuery {
                        search: Some(text.into()),
                        status: status.clone(),
                        offset,
                        limit,
                        ..ListQuery::default()
                    };
                    let full = store.list(&query).expect("list");
                    let first = planned(&store, &query, super::HandOver::After(walked), window);
                    let what =
                        format!("{text:?} handed over after {walked}, window {window}, {offset}+{limit} {status:?}");
                    assert_same_page(&first, &full, offset, &what);
                    handed += usize::from(walked < 90);
                }
            }
        }
    }
    assert!(handed > 0);
}

#[test]
fn the_index_read_newest_first_crosses_pieces_of_a_long_list() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = LocalStore::open(&dir.path().join("orders.redb"), OpenMode::CreateIfMissing).expect("store");
    // 1,300 orders hold ハシ (more than two pieces of its list); one in five is a タカハシ; two
    // orders share each millisecond, and the milliseconds follow one another.
    let orders: Vec<Order> = (0..1_300)
        .map(|n: usize| {
            let mut order = manual_order(1000 + n as i64, 1_700_000_000_000 + (n as i64) / 2);
            order.id = format!("order_long_{n:04}");
            let kana = if n.is_multiple_of(5) { "タカハシ" } else { "イシハシ" };
            order.customer.last_name_kana = kana.into();
            order.customer.email = format!("long{n}@example.jp");
            order
        })
        .collect();
    store.insert_orders(&orders).expect("insert");
    for text in ["タカハシ", "ハシ", "ハシ タカ", "たかはし long12"] {
        for walked in [0, 7, 400] {
            for window in [1, 37, 512] {
                for (offset, limit) in [(0, 50), (100, 240), (0, 2_000)] {
                    let query = ListQuery { search: Some(text.into()), offset, limit, ..ListQuery::default() };
                    let full = store.list(&query).expect("list");
                    let first = planned(&store, &query, super::HandOver::After(walked), window);
                    let what = format!("{text:?} after {walked}, window {window}, {offset}+{limit}");
                    assert_same_page(&first, &full, offset, &what);
                }
            }
        }
    }
}

/// A stored value with its last byte (its checksum's) flipped: what a damaged disk would do.
fn damaged(bytes: &[u8]) -> Vec<u8> {
    let mut bytes = bytes.to_vec();
    if let Some(last) = bytes.last_mut() {
        *last ^= 0x5a;
    }
    bytes
}

#[test]
fn a_walk_falling_back_to_a_scan_names_each_damaged_record_once() {
    use crate::local::schema::{POSTINGS, SEARCH};
    use redb::ReadableTable;
    let dir = tempfile::tempdir().expect("temp dir");
    let store = store(&dir);
    // The newest and the oldest entries of the compact search table (the first a walk reads,
    // either way) and every piece of the index are damaged.
    let every = orders();
    let oldest = every.iter().min_by_key(|o| (o.created_at, o.id.clone())).expect("orders");
    let newest = every.iter().max_by_key(|o| (o.created_at, o.id.clone())).expect("orders");
    let damage = |txn: &redb::WriteTransaction| {
        let mut search = txn.open_table(SEARCH)?;
        for order in [oldest, newest] {
            let key = (order.created_at, order.id.as_str());
            let bytes = search.get(key)?.map(|v| damaged(v.value())).unwrap_or_default();
            search.insert(key, bytes.as_slice())?;
        }
        let mut postings = txn.open_table(POSTINGS)?;
        let pieces: Vec<(u64, i64)> = postings.iter()?.map(|e| e.map(|(k, _)| k.value())).collect::<Result<_, _>>()?;
        for key in pieces {
            let bytes = postings.get(key)?.map(|v| damaged(v.value())).unwrap_or_default();
            postings.insert(key, bytes.as_slice())?;
        }
        Ok(())
    };
    store.write(damage).expect("damaged");
    for descending in [true, false] {
        let query = ListQuery { search: Some("takaha".into()), descending, limit: 200, ..ListQuery::default() };
        let full = store.list(&query).expect("list");
        let txn = store.db().begin_read().expect("read");
        let reader = super::Reader::new(&store, &txn, &|| false);
        let first = reader.first_page_planned(&query, Some(super::HandOver::After(5)), 2).expect("first page");
        assert_same_page(&first, &full, 0, &format!("desc {descending}"));
        let damaged = reader.damaged.into_inner();
        let named: Vec<(&str, &str)> = damaged.iter().map(|d| (d.what, d.id.as_str())).collect();
        let mut once = named.clone();
        once.sort_unstable();
        once.dedup();
        assert_eq!(named.len(), once.len(), "desc {descending}: each damaged record named once: {named:?}");
        for order in [oldest, newest] {
            assert!(named.iter().any(|(_, id)| *id == order.id), "desc {descending}: {} named: {named:?}", order.id);
        }
    }
}

/// Orders made to be hard on the hand-over: many sharing one millisecond, names that are
/// prefixes of one another and overlap (`タカ`, `タカハシ`, `ハシ`), and ids that repeat a gram
/// many times in one field (`aaaa…`), so a gram has several offsets in one order.
fn crowded(shapes: &[(usize, i64, bool)]) -> Vec<Order> {
    const KANA: [&str; 5] = ["タカ", "タカハシ", "ハシ", "タカタカ", "ハシタカハシ"];
    shapes
        .iter()
        .enumerate()
        .map(|(n, &(kana, created, repeated))| {
            let mut order = manual_order(1000 + n as i64, 1_700_000_000_000 + created);
            order.id = if repeated { format!("aaaa{n:02}aaaa") } else { format!("ord{n:02}") };
            order.customer.last_name = "高".repeat(1 + n % 3);
            order.customer.last_name_kana = KANA[kana % KANA.len()].into();
            order.customer.email = format!("t{n}@ex.jp");
            if n % 3 == 0 {
                order.status = OrderStatus::Canceled;
            }
            order
        })
        .collect()
}

/// The ids a full scan with the search's normalisation finds, newest first.
fn scanned(orders: &[Order], text: &str, status: Option<&OrderStatus>) -> Vec<String> {
    use crate::domain::search_text::{Query, haystack};
    let Some(query) = Query::parse(text) else { return vec![] };
    let mut found: Vec<&Order> =
        orders.iter().filter(|o| status.is_none_or(|s| &o.status == s) && query.matches(&haystack(o))).collect();
    found.sort_by(|a, b| (b.created_at, &b.id).cmp(&(a.created_at, &a.id)));
    found.into_iter().map(|o| o.id.clone()).collect()
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 24, ..Default::default() })]

    #[test]
    fn a_first_page_handed_over_anywhere_is_exactly_a_full_scans_page(
        shapes in proptest::collection::vec((0..5usize, 0..4i64, proptest::bool::ANY), 1..30),
        text in proptest::sample::select(vec![
            "タカ", "タカハシ", "ハシ", "タカ タカ", "タカ タカハシ", "ハシ タカ", "かは", "高", "高高", "高 タカ",
            "aaaa", "aaaaa", "aaa aaaa", "ord0", "t1", "zz", "タカハシ ord", "ex.jp",
        ]),
        walked in 0..32usize,
        window in 0..4usize,
        offset in proptest::sample::select(vec![0usize, 1, 3, 40]),
        limit in proptest::sample::select(vec![1usize, 2, 5, 100]),
        descending in proptest::bool::ANY,
        canceled in proptest::bool::ANY,
        bulk in proptest::bool::ANY,
    ) {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = LocalStore::open(&dir.path().join("orders.redb"), OpenMode::CreateIfMissing).expect("store");
        let orders = crowded(&shapes);
        // Written order by order, or loaded and built at once (the test build's small pieces:
        // the newest-first windows cross many of them).
        if bulk {
            proptest::prop_assert!(store.defer_search_index().expect("defer"));
            store.insert_ready(orders.iter().cloned().map(ReadyOrder::new), drop).expect("insert");
            store.build_search_index().expect("build");
        } else {
            store.insert_orders(&orders).expect("insert");
        }
        let status = canceled.then_some(OrderStatus::Canceled);
        let query = ListQuery { search: Some(text.into()), status: status.clone(), offset, limit, descending, ..ListQuery::default() };
        let mut want = scanned(&orders, text, status.as_ref());
        if !descending {
            want.reverse();
        }
        let what = format!("{text:?} after {walked}, window {window}, {offset}+{limit} desc {descending} {status:?}");
        let full = store.list(&query).expect("list");
        let ids = |page: &crate::query::Page| page.rows.iter().map(|r| r.id.clone()).collect::<Vec<_>>();
        let page: Vec<String> = want.iter().skip(offset).take(limit).cloned().collect();
        proptest::prop_assert_eq!(&ids(&full), &page, "{}: the full search", what);
        proptest::prop_assert_eq!(full.matching, want.len(), "{}: the full search's count", what);
        let first = planned(&store, &query, super::HandOver::After(walked), window);
        proptest::prop_assert_eq!(&ids(&first), &page, "{}: the first page", what);
        if first.at_least {
            proptest::prop_assert!(first.matching <= want.len() && first.matching >= offset + first.rows.len(), "{}", what);
        } else {
            proptest::prop_assert_eq!(first.matching, want.len(), "{}: the first page's count", what);
        }
        let natural = store.first_page_until(&query, &|| false).expect("first").expect("not stopped");
        proptest::prop_assert_eq!(&ids(&natural), &page, "{}: the first page as the TUI asks", what);
    }
}
