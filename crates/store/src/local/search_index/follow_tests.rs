//! The index gathered while a load is written (`LocalStore::load_and_index`) is the very index
//! written order by order; a load that breaks its promise, or fails, still leaves searches exact.

use super::Follower;
use super::tests::{order, scan, whole_index};
use crate::BackendError;
use crate::domain::Order;
use crate::local::{IndexBuilt, LocalStore, OpenMode, ReadyOrder};
use crate::{ListQuery, OrderReader};
use proptest::prelude::*;

fn search(store: &LocalStore, text: &str) -> Vec<String> {
    let page = store.list(&ListQuery { search: Some(text.into()), limit: 500, ..ListQuery::default() });
    page.expect("list").rows.iter().map(|r| r.id.clone()).collect()
}

/// Loads `batches` into a new deferred file, saying after each that the orders before its last
/// one's time are written.
fn load_in(dir: &std::path::Path, batches: &[&[Order]]) -> (LocalStore, Result<((), IndexBuilt), BackendError>) {
    let store = LocalStore::open(&dir.join("followed.redb"), OpenMode::CreateIfMissing).expect("store");
    assert!(store.defer_search_index().expect("defer"), "an empty file defers its index");
    let orders = batches.iter().map(|b| b.len() as u64).sum();
    let outcome = store.load_and_index(orders, |committed| {
        for batch in batches {
            store.insert_ready(batch.iter().cloned().map(ReadyOrder::new), drop)?;
            committed(batch.last().map_or(i64::MIN, |o| o.created_at));
        }
        Ok(())
    });
    (store, outcome)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Orders in ascending time, many sharing a millisecond (also across the cut between two
    /// batches), ids that repeat one gram, cut into batches anywhere: the index gathered while
    /// they are written is the one written order by order, and it answers as a full scan.
    #[test]
    fn an_index_gathered_alongside_a_load_is_the_one_written_order_by_order(
        people in prop::collection::vec((0..5usize, 0..4usize, 0..3i64, 0..3usize), 1..60),
        cuts in prop::collection::vec(0..60usize, 0..6),
    ) {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut created = 0;
        let orders: Vec<Order> = people
            .iter()
            .enumerate()
            .map(|(n, &(f, g, step, repeat))| {
                created += step;
                let mut order = order(n, f, g, created, n as u32);
                order.id = format!("{}{n:02}{}", "ab".repeat(1 + repeat * 4), "ba".repeat(repeat));
                order
            })
            .collect();
        let mut cuts: Vec<usize> = cuts.into_iter().filter(|&c| c > 0 && c < orders.len()).collect();
        cuts.sort_unstable();
        cuts.dedup();
        let batches: Vec<&[Order]> = [0].iter().chain(&cuts).zip(cuts.iter().chain([&orders.len()]))
            .map(|(&from, &to)| &orders[from..to])
            .collect();
        let kept = LocalStore::open(&dir.path().join("kept.redb"), OpenMode::CreateIfMissing).expect("store");
        kept.insert_orders(&orders).expect("insert");
        let (followed, outcome) = load_in(dir.path(), &batches);
        prop_assert_eq!(outcome.expect("load").1, IndexBuilt::AlongsideTheLoad);
        prop_assert!(followed.search_index_complete().expect("complete"));
        prop_assert_eq!(whole_index(&followed), whole_index(&kept));
        for text in ["abab", "aba bab", "baba", "高橋", "タカ", "ab01", "taro tar"] {
            prop_assert_eq!(&search(&followed, text), &scan(&orders, text, None), "{}", text);
        }
    }
}

/// Thirty orders in ascending time, and one more placed before all of them.
fn thirty_orders_and_one_placed_before_them() -> (Vec<Order>, Order) {
    let orders = (0..30).map(|n| order(n, n % 5, n % 4, 100 + n as i64, n as u32)).collect();
    let mut late = order(30, 1, 2, 7, 30);
    late.id = "order_test_late".into();
    (orders, late)
}

#[test]
fn a_load_that_writes_an_order_before_a_time_it_said_was_done_still_gets_the_whole_index() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (orders, late) = thirty_orders_and_one_placed_before_them();
    let kept = LocalStore::open(&dir.path().join("kept.redb"), OpenMode::CreateIfMissing).expect("store");
    kept.insert_orders(&orders).expect("insert");
    kept.insert_orders(std::slice::from_ref(&late)).expect("insert");
    // The second batch holds an order placed before the first batch's last. Whether the
    // follower had read past its time when it came depends on the two threads' timing: either
    // way the index is whole. (Which way it is built, when the follower did read past it, is
    // the test below, with no second thread.)
    let (followed, outcome) = load_in(dir.path(), &[&orders[..20], std::slice::from_ref(&late), &orders[20..]]);
    assert!(matches!(outcome.expect("load").1, IndexBuilt::FromTheFile | IndexBuilt::AlongsideTheLoad));
    assert!(followed.search_index_complete().expect("complete"));
    assert_eq!(whole_index(&followed), whole_index(&kept));
    assert_eq!(search(&followed, "order_test_late"), ["order_test_late"]);
}

/// The follower's side of the test above, in one thread so the order of events is certain: an
/// order written below a time the follower already read past is never read, so the follower
/// writes nothing and says so, and the load builds the index from the file.
#[test]
fn a_follower_that_read_past_an_order_s_time_writes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (orders, late) = thirty_orders_and_one_placed_before_them();
    let store = LocalStore::open(&dir.path().join("followed.redb"), OpenMode::CreateIfMissing).expect("store");
    assert!(store.defer_search_index().expect("defer"));
    let insert = |orders: &[Order]| store.insert_ready(orders.iter().cloned().map(ReadyOrder::new), drop);
    let mut follower = Follower::default();
    insert(&orders[..20]).expect("first batch");
    follower.read(&store.begin_read().expect("read"), Some(orders[19].created_at)).expect("follow");
    insert(std::slice::from_ref(&late)).expect("the late order");
    insert(&orders[20..]).expect("last batch");
    follower.read(&store.begin_read().expect("read"), None).expect("follow");
    assert_eq!(store.write(|txn| follower.write(txn)).expect("write"), None, "nothing written");
    assert!(!store.search_index_complete().expect("complete"), "the index is left to the build");
}

#[test]
fn a_load_that_fails_leaves_the_index_incomplete_and_searches_exact() {
    let dir = tempfile::tempdir().expect("temp dir");
    let orders: Vec<Order> = (0..12).map(|n| order(n, n % 5, n % 4, n as i64, n as u32)).collect();
    let store = LocalStore::open(&dir.path().join("stopped.redb"), OpenMode::CreateIfMissing).expect("store");
    assert!(store.defer_search_index().expect("defer"));
    let outcome = store.load_and_index(24, |committed| {
        store.insert_ready(orders.iter().cloned().map(ReadyOrder::new), drop)?;
        committed(orders[11].created_at);
        Err::<(), _>(BackendError::Storage("the disk is full".into()))
    });
    assert!(outcome.is_err(), "the load's failure is the answer");
    assert!(!store.search_index_complete().expect("complete"), "no index was written");
    for text in ["高橋", "タカハシ", "order_test_00"] {
        assert_eq!(search(&store, text), scan(&orders, text, None), "{text}");
    }
}
