//! The index only narrows: for random orders (and random changes to them) and random queries,
//! a search through the index returns exactly what a full scan with the same normalisation
//! returns — the same orders in the same order, and the same count.

use crate::domain::order::fixtures::manual_order;
use crate::domain::search_text::{Query, haystack};
use crate::domain::{Order, OrderStatus};
use crate::local::{LocalStore, OpenMode, ReadyOrder};
use crate::{ListQuery, OrderOperator, OrderReader};
use proptest::prelude::*;

const FAMILY: [(&str, &str, &str); 5] = [
    ("山田", "ヤマダ", "yamada"),
    ("高橋", "タカハシ", "takahashi"),
    ("山本", "ヤマモト", "yamamoto"),
    ("田中", "タナカ", "tanaka"),
    ("高田", "タカダ", "takada"),
];
const GIVEN: [(&str, &str, &str); 4] = [
    ("太郎", "タロウ", "taro"),
    ("花子", "ハナコ", "hanako"),
    ("誠", "マコト", "makoto"),
    ("太一", "タイチ", "taichi"),
];

pub(super) fn order(n: usize, family: usize, given: usize, created: i64, phone: u32) -> Order {
    let (last, last_kana, last_latin) = FAMILY[family % FAMILY.len()];
    let (first, first_kana, first_latin) = GIVEN[given % GIVEN.len()];
    let mut order = manual_order(1000 + n as i64, 1_700_000_000_000 + created);
    order.id = format!("order_test_{n:03}x{}", (n * 7919) % 1000);
    order.reference = format!("SO-{:05}", n * 13);
    order.customer.last_name = last.into();
    order.customer.first_name = first.into();
    order.customer.last_name_kana = last_kana.into();
    order.customer.first_name_kana = first_kana.into();
    order.customer.email = format!("{first_latin}.{last_latin}{n}@Example.jp");
    order.customer.phone = format!("+81 90-{:04}-{:04}", phone / 10_000, phone % 10_000);
    if n.is_multiple_of(3) {
        order.status = OrderStatus::Canceled;
    }
    order
}

/// Queries a caller might type: name pieces in other scripts and widths, email, id and phone
/// fragments, short terms, control characters, and pairs of terms.
fn query_text() -> impl Strategy<Value = String> {
    let words = prop::sample::select(vec![
        "山田",
        "高",
        "高橋",
        "山",
        "田中 太郎",
        "やまだ",
        "ヤマダハナコ",
        "ﾀｶﾊｼ",
        "たかだ まこと",
        "ｙａｍａｄａ",
        "Yamada",
        "taro.",
        "@example",
        "order_test_0",
        "x1",
        "so-000",
        "SO-00",
        "090-12",
        "81 90",
        "1",
        "a",
        "ab",
        "\u{1}",
        "\u{1f}",
        "山田 \u{1}",
        "花子 高橋",
        "takahashi3",
        "mot",
        "ロウ",
        "ー",
        "太",
    ]);
    // Letters of the names in any order: their trigrams are often all in an order without
    // standing next to each other, which only the offsets in the index tell apart.
    let jumbled = prop_oneof![words.prop_map(str::to_string), "[admotky]{4,7}", "[タカハシヤマダ]{4,6}"];
    prop::collection::vec(jumbled, 1..3).prop_map(|w| w.join(" "))
}

pub(super) fn scan(orders: &[Order], text: &str, status: Option<&OrderStatus>) -> Vec<String> {
    let Some(query) = Query::parse(text) else { return vec![] };
    let mut found: Vec<&Order> =
        orders.iter().filter(|o| status.is_none_or(|s| &o.status == s) && query.matches(&haystack(o))).collect();
    found.sort_by(|a, b| (b.created_at, &b.id).cmp(&(a.created_at, &a.id)));
    found.into_iter().map(|o| o.id.clone()).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn indexed_search_is_exactly_a_full_scan(
        people in prop::collection::vec((0..5usize, 0..4usize, 0..12i64, 0..100_000_000u32), 1..40),
        renamed in prop::collection::vec((0..40usize, 0..5usize, 0..4usize), 0..8),
        texts in prop::collection::vec(query_text(), 1..6),
        offset in 0..3usize,
        limit in 1..8usize,
    ) {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = LocalStore::open(&dir.path().join("orders.redb"), OpenMode::CreateIfMissing).expect("store");
        let mut orders: Vec<Order> =
            people.iter().enumerate().map(|(n, &(f, g, c, p))| order(n, f, g, c, p)).collect();
        store.insert_orders(&orders).expect("insert");
        // Changes go through the same write path: the old grams out, the new ones in.
        for &(n, f, g) in &renamed {
            if let Some(old) = orders.get(n).cloned() {
                let mut changed = order(n, f, g, old.created_at - 1_700_000_000_000, 12_345_678);
                changed.status = old.status.clone();
                store.insert_orders(std::slice::from_ref(&changed)).expect("update");
                orders[n] = changed;
            }
        }
        for text in &texts {
            for status in [None, Some(OrderStatus::Canceled)] {
                let expected = scan(&orders, text, status.as_ref());
                let query = ListQuery { search: Some(text.clone()), status: status.clone(), offset, limit, ..ListQuery::default() };
                let page = store.list(&query).expect("list");
                let got: Vec<String> = page.rows.iter().map(|r| r.id.clone()).collect();
                let want: Vec<String> = expected.iter().skip(offset).take(limit).cloned().collect();
                prop_assert_eq!(&got, &want, "page for {:?} (status {:?})", text, status);
                prop_assert_eq!(page.matching, expected.len(), "count for {:?}", text);
            }
        }
    }
}

#[test]
fn a_rebuilt_index_answers_as_the_one_kept_while_writing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = LocalStore::open(&dir.path().join("orders.redb"), OpenMode::CreateIfMissing).expect("store");
    let orders: Vec<Order> = (0..60).map(|n| order(n, n % 5, n % 4, n as i64 % 7, n as u32 * 1_234_567)).collect();
    store.insert_orders(&orders).expect("insert");
    let texts = ["高橋", "ヤマダハナコ", "taro", "so-0001", "090", "高 花子"];
    let before: Vec<_> =
        texts.iter().map(|t| store.list(&ListQuery { search: Some(t.to_string()), ..ListQuery::default() })).collect();
    let mut seen = Vec::new();
    let indexed = store.reindex(&mut |done, total| seen.push((done, total))).expect("reindex");
    assert_eq!(indexed, 60);
    assert_eq!(seen.last(), Some(&(60, 60)), "progress reaches the total");
    for (text, before) in texts.iter().zip(before) {
        let after = store.list(&ListQuery { search: Some(text.to_string()), ..ListQuery::default() });
        let ids = |p: &crate::Page| p.rows.iter().map(|r| r.id.clone()).collect::<Vec<_>>();
        let (before, after) = (before.expect("before"), after.expect("after"));
        assert_eq!(ids(&before), ids(&after), "{text}");
        assert_eq!(before.matching, scan(&orders, text, None).len(), "{text}");
    }
}

#[test]
fn reindex_lets_other_writes_in_between_batches_and_keeps_them() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = LocalStore::open(&dir.path().join("orders.redb"), OpenMode::CreateIfMissing).expect("store");
    let mut orders: Vec<Order> = (0..40).map(|n| order(n, n % 5, n % 4, n as i64, n as u32)).collect();
    store.insert_orders(&orders).expect("insert");
    let mut written = Vec::new();
    let writer = store.migration_writer().expect("writer");
    // Between two batches the writer is free: a write made there would wait forever otherwise.
    crate::local::reindex::rebuild(&store, writer, 7, &mut |done, _| {
        let late = order(100 + done as usize, 1, 1, 500 + done as i64, 1);
        store.insert_orders(std::slice::from_ref(&late)).expect("a write between batches");
        written.push(late);
    })
    .expect("reindex");
    assert!(written.len() >= 6, "one write per batch: {}", written.len());
    orders.extend(written);
    for text in ["高橋", "タカハシ", "order_test_1", "taro"] {
        let page =
            store.list(&ListQuery { search: Some(text.into()), limit: 500, ..ListQuery::default() }).expect("list");
        assert_eq!(page.rows.iter().map(|r| r.id.clone()).collect::<Vec<_>>(), scan(&orders, text, None), "{text}");
    }
}

#[test]
fn a_schema_2_file_is_read_only_and_searchable_until_migrate_builds_its_index() {
    use crate::BackendError;
    use crate::domain::Operation;
    use crate::local::schema::{KEY_VERSION, META};
    use crate::{OperationRequest, local::search_index::*};
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("orders.redb");
    let orders: Vec<Order> = (0..30).map(|n| order(n, n % 5, n % 4, n as i64, n as u32)).collect();
    {
        let store = LocalStore::open(&path, OpenMode::CreateIfMissing).expect("store");
        store.insert_orders(&orders).expect("insert");
        // What schema 2 wrote: no index tables, version 2.
        store
            .write(|txn| {
                txn.delete_table(POSTINGS)?;
                txn.delete_table(GRAM_SIZES)?;
                let mut meta = txn.open_table(META)?;
                meta.remove(KEY_INDEX_COMPLETE)?;
                meta.insert(KEY_VERSION, 2)?;
                Ok(())
            })
            .expect("downgrade");
    }
    let store = LocalStore::open(&path, OpenMode::Existing).expect("a schema-2 file opens");
    assert!(store.needs_migration() && store.verify().expect("verify").is_empty(), "older, not damaged");
    assert!(store.describe().contains("schema 2, no search index"), "{}", store.describe());
    let search = ListQuery { search: Some("高橋".into()), limit: 100, ..ListQuery::default() };
    let page = store.list(&search).expect("searchable by scanning");
    assert_eq!(page.rows.iter().map(|r| r.id.clone()).collect::<Vec<_>>(), scan(&orders, "高橋", None));
    let void = OperationRequest { operation: Operation::Void, operator: None, idempotency_key: "k1".into() };
    let refused = store.execute(&orders[1].id, &void).expect_err("read-only until migrated");
    assert!(matches!(refused, BackendError::Unindexed { .. }), "{refused:?}");
    assert!(refused.to_string().contains("smartpay-console migrate --db"), "{refused}");
    let migrated = store.migrate(&mut |_, _| {}).expect("migrate").expect("a schema-2 file");
    assert_eq!(migrated.indexed, 30);
    drop(store);
    let store = LocalStore::open(&path, OpenMode::Existing).expect("reopens");
    assert!(!store.needs_migration());
    let txn = store.db().begin_read().expect("read");
    assert_eq!(txn.open_table(META).expect("meta").get(KEY_VERSION).expect("get").map(|v| v.value()), Some(3));
    let page = store.list(&search).expect("through the index");
    assert_eq!(page.rows.iter().map(|r| r.id.clone()).collect::<Vec<_>>(), scan(&orders, "高橋", None));
    store.execute(&orders[1].id, &void).expect("writable once migrated");
}

#[test]
fn control_characters_and_empty_terms_match_nothing_through_the_store() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = LocalStore::open(&dir.path().join("orders.redb"), OpenMode::CreateIfMissing).expect("store");
    let orders: Vec<Order> = (0..20).map(|n| order(n, n % 5, n % 4, n as i64, n as u32)).collect();
    store.insert_orders(&orders).expect("insert");
    let search = |text: &str| {
        store.list(&ListQuery { search: Some(text.into()), limit: 100, ..ListQuery::default() }).expect("list")
    };
    for text in ["\u{1}", "\u{1f}", "\u{1}\u{1f}", "\u{1f}\u{1}", "\u{0}"] {
        let page = search(text);
        assert_eq!((page.matching, page.rows.len()), (0, 0), "{text:?} matches nothing");
    }
    // A control character beside a real term is dropped, not searched for.
    let yamada = search("山田");
    assert!(yamada.matching > 0);
    assert_eq!(search("山田 \u{1}").matching, yamada.matching);
    assert_eq!(search("山\u{1f}田").matching, yamada.matching);
    // A blank search is no search: every order, as the plain list.
    assert_eq!(search("  ").matching, orders.len());
}

#[test]
fn a_search_told_to_stop_answers_nothing_and_one_never_told_answers_in_full() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = LocalStore::open(&dir.path().join("orders.redb"), OpenMode::CreateIfMissing).expect("store");
    let orders: Vec<Order> = (0..20).map(|n| order(n, n % 5, n % 4, n as i64, n as u32)).collect();
    store.insert_orders(&orders).expect("insert");
    for text in ["ta", "高橋", "タカハシ"] {
        let query = ListQuery { search: Some(text.into()), ..ListQuery::default() };
        assert_eq!(store.list_until(&query, &|| true).expect("list"), None, "{text}: overtaken, no answer");
        let full = store.list_until(&query, &|| false).expect("list");
        assert_eq!(full, Some(store.list(&query).expect("list")), "{text}");
        assert_eq!(full.map(|p| p.matching), Some(scan(&orders, text, None).len()), "{text}");
    }
}

/// Every list of a file's index decoded, the gram sizes and the shared times.
pub(super) type WholeIndex = (Vec<(u64, super::chunk::Entries)>, Vec<(u64, u64)>, Vec<i64>);

pub(super) fn whole_index(store: &LocalStore) -> WholeIndex {
    use super::*;
    use redb::ReadableTable;
    let txn = store.db().begin_read().expect("read");
    let mut lists: Vec<(u64, chunk::Entries)> = Vec::new();
    for entry in txn.open_table(POSTINGS).expect("postings").iter().expect("iter") {
        let (key, bytes) = entry.expect("entry");
        let (gram, first) = key.value();
        if lists.last().is_none_or(|(g, _)| *g != gram) {
            lists.push((gram, chunk::Entries::default()));
        }
        let (_, entries) = lists.last_mut().expect("just pushed");
        chunk::decode_into(gram, first, bytes.value(), entries).expect("decodes");
    }
    let sizes = txn.open_table(GRAM_SIZES).expect("sizes");
    let sizes = sizes
        .iter()
        .expect("iter")
        .map(|e| e.map(|(k, v)| (k.value(), v.value())))
        .collect::<Result<_, _>>()
        .expect("sizes");
    let shared = txn.open_table(SHARED_TIMES).expect("shared");
    let shared =
        shared.iter().expect("iter").map(|e| e.map(|(k, _)| k.value())).collect::<Result<_, _>>().expect("shared");
    (lists, sizes, shared)
}

#[test]
fn an_index_built_after_a_bulk_load_is_the_one_written_order_by_order() {
    let dir = tempfile::tempdir().expect("temp dir");
    // Some orders share a createdAt millisecond (n % 9), and the build runs in several passes
    // with small pieces in tests, so every way a list is split is exercised.
    let orders: Vec<Order> =
        (0..70).map(|n| order(n, n % 5, n % 4, n as i64 % 9 + n as i64 / 2, n as u32 * 7)).collect();
    let kept = LocalStore::open(&dir.path().join("kept.redb"), OpenMode::CreateIfMissing).expect("store");
    kept.insert_orders(&orders).expect("insert");
    let bulk = LocalStore::open(&dir.path().join("bulk.redb"), OpenMode::CreateIfMissing).expect("store");
    assert!(bulk.defer_search_index().expect("defer"), "an empty file defers its index");
    bulk.insert_ready(orders[..40].iter().cloned().map(ReadyOrder::new), drop).expect("first batch");
    bulk.insert_ready(orders[40..].iter().cloned().map(ReadyOrder::new), drop).expect("second batch");
    let search = |store: &LocalStore, text: &str| {
        let page = store.list(&ListQuery { search: Some(text.into()), limit: 500, ..ListQuery::default() });
        page.expect("list").rows.iter().map(|r| r.id.clone()).collect::<Vec<_>>()
    };
    // Before the build a search scans the stored text: already the right answer.
    assert_eq!(search(&bulk, "タカハシ"), scan(&orders, "タカハシ", None));
    assert_eq!(bulk.build_search_index().expect("build"), 70);
    let (lists, sizes, shared) = whole_index(&bulk);
    assert_eq!((&lists, &sizes, &shared), (&whole_index(&kept).0, &whole_index(&kept).1, &whole_index(&kept).2));
    assert!(!shared.is_empty(), "the orders sharing a millisecond are marked");
    for text in ["高橋", "ヤマダハナコ", "taro", "so-0001", "090", "高 花子", "order_test_06"] {
        assert_eq!(search(&bulk, text), scan(&orders, text, None), "{text}");
    }
    assert!(!bulk.defer_search_index().expect("defer"), "a file with orders indexes each one as it comes");
    // An import into an empty file builds it in its own transaction, the same way.
    let imported = LocalStore::open(&dir.path().join("import.redb"), OpenMode::CreateIfMissing).expect("store");
    imported.import_atomically(|writer| orders.iter().try_for_each(|order| writer.put(None, order))).expect("import");
    assert_eq!(whole_index(&imported), whole_index(&kept));
    assert_eq!(search(&imported, "高 花子"), scan(&orders, "高 花子", None));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    /// Many orders sharing a millisecond, ids that repeat one gram many times (its offsets
    /// come in several runs of one order and across the orders of one millisecond), enough
    /// orders for several passes and many small pieces (the test build's sizes): the bulk
    /// build gives the very index written order by order, and the same answers.
    #[test]
    fn a_bulk_built_index_is_the_one_written_order_by_order_for_any_orders(
        people in prop::collection::vec((0..5usize, 0..4usize, 0..6i64, 0..3usize), 1..60),
    ) {
        let dir = tempfile::tempdir().expect("temp dir");
        let orders: Vec<Order> = people
            .iter()
            .enumerate()
            .map(|(n, &(f, g, c, repeat))| {
                let mut order = order(n, f, g, c, n as u32);
                order.id = format!("{}{n:02}{}", "ab".repeat(1 + repeat * 4), "ba".repeat(repeat));
                order
            })
            .collect();
        let kept = LocalStore::open(&dir.path().join("kept.redb"), OpenMode::CreateIfMissing).expect("store");
        kept.insert_orders(&orders).expect("insert");
        let bulk = LocalStore::open(&dir.path().join("bulk.redb"), OpenMode::CreateIfMissing).expect("store");
        prop_assert!(bulk.defer_search_index().expect("defer"));
        let half = orders.len() / 2;
        bulk.insert_ready(orders[..half].iter().cloned().map(ReadyOrder::new), drop).expect("first batch");
        bulk.insert_ready(orders[half..].iter().cloned().map(ReadyOrder::new), drop).expect("second batch");
        prop_assert_eq!(bulk.build_search_index().expect("build"), orders.len() as u64);
        prop_assert_eq!(whole_index(&bulk), whole_index(&kept));
        for text in ["abab", "ababab", "aba bab", "baba", "高橋", "タカ", "ab01", "taro tar"] {
            let query = ListQuery { search: Some(text.into()), limit: 500, ..ListQuery::default() };
            let page = bulk.list(&query).expect("list");
            let got: Vec<String> = page.rows.iter().map(|r| r.id.clone()).collect();
            prop_assert_eq!(&got, &scan(&orders, text, None), "{}", text);
            prop_assert_eq!(page.matching, got.len(), "{}", text);
        }
    }
}

#[test]
fn a_write_over_a_damaged_piece_leaves_searches_scanning_never_missing_an_order() {
    use super::POSTINGS;
    use redb::ReadableTable;
    let dir = tempfile::tempdir().expect("temp dir");
    let store = LocalStore::open(&dir.path().join("orders.redb"), OpenMode::CreateIfMissing).expect("store");
    let mut orders: Vec<Order> = (0..30).map(|n| order(n, 1, n % 4, n as i64, n as u32)).collect();
    store.insert_orders(&orders).expect("insert");
    // Every piece damaged (its checksum's byte flipped), then one more Takahashi written: its
    // grams' pieces are rewritten without what the damaged ones held.
    let damage = |txn: &redb::WriteTransaction| {
        let mut postings = txn.open_table(POSTINGS)?;
        let pieces: Vec<(u64, i64)> = postings.iter()?.map(|e| e.map(|(k, _)| k.value())).collect::<Result<_, _>>()?;
        for key in pieces {
            let mut bytes = postings.get(key)?.map(|v| v.value().to_vec()).unwrap_or_default();
            if let Some(last) = bytes.last_mut() {
                *last ^= 0x5a;
            }
            postings.insert(key, bytes.as_slice())?;
        }
        Ok(())
    };
    store.write(damage).expect("damaged");
    orders.push(order(30, 1, 0, 40, 30));
    store.insert_orders(&orders[30..]).expect("insert");
    for text in ["タカハシ", "takahashi", "高橋 taro", "order_test_0"] {
        let page = store.list(&ListQuery { search: Some(text.into()), limit: 100, ..ListQuery::default() });
        let got: Vec<String> = page.expect("list").rows.iter().map(|r| r.id.clone()).collect();
        assert_eq!(got, scan(&orders, text, None), "{text}");
    }
    // `reindex` rebuilds it, and the index answers again.
    store.reindex(&mut |_, _| {}).expect("reindex");
    let page = store.list(&ListQuery { search: Some("タカハシ".into()), limit: 100, ..ListQuery::default() });
    assert_eq!(page.expect("list").rows.len(), 31);
}
