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
