//! The grams that decide a form, and the galloping search the list walks use.

use super::{covering, gallop};
use crate::domain::search_text::form_gram_offsets;

#[test]
fn a_form_is_decided_by_the_grams_covering_it_rarest_first() {
    let grams = form_gram_offsets("hanako.sato").expect("indexed");
    let even: Vec<(u64, u64)> = grams.iter().map(|&(gram, _)| (10, gram)).collect();
    let offsets: Vec<u32> = covering(&grams, &even).iter().map(|&(_, at)| at).collect();
    assert_eq!(offsets.len(), 4, "four grams spell all eleven characters: {offsets:?}");
    for character in 0..11 {
        assert!(offsets.iter().any(|&at| at <= character && character < at + 3), "{character} in {offsets:?}");
    }
    // Of two covers as long, the one holding a rare gram.
    let rare: Vec<(u64, u64)> = grams.iter().map(|&(gram, at)| (if at == 2 { 1 } else { 1_000 }, gram)).collect();
    assert!(covering(&grams, &rare).iter().any(|&(_, at)| at == 2));
    let rare: Vec<(u64, u64)> = grams.iter().map(|&(gram, at)| (if at == 3 { 1 } else { 1_000 }, gram)).collect();
    assert!(covering(&grams, &rare).iter().any(|&(_, at)| at == 3));
    let short = form_gram_offsets("高橋").expect("indexed");
    assert_eq!(covering(&short, &[]), short);
}

#[test]
fn a_gallop_finds_what_a_binary_search_of_the_rest_finds() {
    let sorted: Vec<i64> = (0..300).map(|n| n * 3).collect();
    for from in [0, 1, 2, 7, 150, 299, 300] {
        for value in [-5, 0, 1, 3, 4, 20, 449, 450, 451, 896, 897, 898, 2_000] {
            let want = from + sorted[from..].partition_point(|&v| v < value);
            assert_eq!(gallop(&sorted, from, value), want, "from {from}, value {value}");
        }
    }
    assert_eq!(gallop(&[], 0, 4), 0);
}

/// A probe, a walk of the pieces holding kept values, and a read of a span give the list's
/// own entries for any values asked, at every edge of its pieces: a value first in a piece,
/// last in one, just before or after one, before the list and after it.
#[test]
fn every_way_of_reading_a_list_gives_its_entries_at_every_piece_edge() {
    use super::super::POSTINGS;
    use super::{Entries, Lists};
    use crate::domain::order::fixtures::manual_order;
    use crate::local::{LocalStore, OpenMode, ReadyOrder};
    use redb::ReadableTable;
    let dir = tempfile::tempdir().expect("temp dir");
    let store = LocalStore::open(&dir.path().join("orders.redb"), OpenMode::CreateIfMissing).expect("store");
    assert!(store.defer_search_index().expect("defer"));
    // Three orders a millisecond, the milliseconds 7 apart; the bulk build's test pieces are
    // small, so a common gram's list is many pieces.
    let orders: Vec<_> = (0..600i64)
        .map(|n| {
            let mut order = manual_order(1000 + n, 1_700_000_000_000 + n / 3 * 7);
            order.id = format!("ord{n:03}{}", "o".repeat((n % 4) as usize));
            order
        })
        .collect();
    store.insert_ready(orders.iter().cloned().map(ReadyOrder::new), drop).expect("insert");
    store.build_search_index().expect("build");
    let txn = store.db().begin_read().expect("read");
    let lists = Lists::open(&txn).expect("lists");
    let mut firsts: Vec<(u64, i64)> = Vec::new();
    for entry in txn.open_table(POSTINGS).expect("postings").iter().expect("iter") {
        firsts.push(entry.expect("piece").0.value());
    }
    let gram = form_gram_offsets("ord").expect("indexed")[0].0;
    let firsts: Vec<i64> = firsts.iter().filter(|(g, _)| *g == gram).map(|(_, first)| *first).collect();
    assert!(firsts.len() > 5, "the list is many pieces: {}", firsts.len());
    let whole = lists.read_within(gram, &(i64::MIN..=i64::MAX)).expect("whole");
    assert_eq!(whole.len(), 200, "one entry a millisecond");
    let only = |keep: &[i64]| {
        let mut out = Entries::default();
        for (value, positions) in whole.iter().filter(|(v, _)| keep.contains(v)) {
            out.push(value, positions);
        }
        out
    };
    let mut asked: Vec<i64> = vec![i64::MIN, 0, i64::MAX];
    for (n, &first) in firsts.iter().enumerate() {
        asked.extend([first - 1, first, first + 1]);
        if let Some(&next) = firsts.get(n + 1) {
            let last = whole.values.iter().rev().find(|&&v| v < next).copied().expect("a piece holds values");
            asked.extend([last, last + 1]);
        }
    }
    asked.extend(whole.values.iter().step_by(5));
    asked.sort_unstable();
    asked.dedup();
    let mut keeps: Vec<Vec<i64>> = vec![asked.clone()];
    keeps.extend(asked.iter().map(|&v| vec![v]));
    keeps.extend(asked.windows(3).map(<[i64]>::to_vec));
    keeps.extend(asked.windows(2).map(|w| vec![w[0], w[1]]));
    for keep in &keeps {
        assert_eq!(lists.probe(gram, keep).expect("probe"), only(keep), "probe {keep:?}");
        assert_eq!(lists.read_kept(gram, keep).expect("walk"), only(keep), "walk {keep:?}");
    }
    for pair in asked.windows(2).chain(asked.windows(4)) {
        let (low, high) = (pair[0], pair[pair.len() - 1]);
        let span: Vec<i64> = whole.values.iter().copied().filter(|v| (low..=high).contains(v)).collect();
        assert_eq!(lists.read_within(gram, &(low..=high)).expect("span"), only(&span), "span {low}..={high}");
    }
}
