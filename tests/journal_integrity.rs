//! A damaged journal: whatever bit is flipped, it opens without a panic, every entry it hands
//! out is one that was written (never a changed amount), and `journal repair` leaves a journal
//! that opens clean and keeps only entries that were written.
// A test crate: a failed unwrap, expect or panic is how it reports a failure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use proptest::prelude::*;
use smartpay_console::backend::PartResult;
use smartpay_console::backend::journal::{Closing, EntryState, Journal, JournalEntry, JournalPart};
use smartpay_console::backend::journal_repair::repair;
use smartpay_console::domain::rules::{Plan, RefundPart};
use smartpay_console::domain::{Operation, RefundReason};
use std::sync::OnceLock;

fn refund(key: &str, order: &str, amount: i64) -> JournalEntry {
    let reason = RefundReason::RequestedByCustomer;
    let parts = vec![RefundPart { payment_id: format!("payment_test_{key}"), amount }];
    let operation = Operation::Refund { amount, reason };
    let operator = Some("suzuki".into());
    JournalEntry::new_open(key, order, operation, Plan::Refund { parts, reason }, "JPY", operator, 1_760_000_000_000)
}

/// The journal every case starts from: its bytes and its entries (one closed as done).
fn pristine() -> &'static (Vec<u8>, Vec<JournalEntry>) {
    static PRISTINE: OnceLock<(Vec<u8>, Vec<JournalEntry>)> = OnceLock::new();
    PRISTINE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("journal.redb");
        let journal = Journal::open(&path).expect("journal");
        let mut entries = vec![refund("k1", "order_test_a", 1200), refund("k2", "order_test_b", 3400)];
        for entry in &entries {
            journal.begin(entry).expect("begin");
        }
        let done = JournalPart { result: PartResult::Done, id: Some("refund_test_1".into()), error: None };
        let closing = Closing { state: EntryState::Done, parts: vec![done], note: None, resolved_by: None };
        journal.close("k1", &closing, 1_760_000_000_500).expect("close");
        entries = entries.iter().map(|e| journal.get(&e.key).expect("read").expect("entry")).collect();
        drop(journal);
        (std::fs::read(&path).expect("bytes"), entries)
    })
}

/// A folder in memory where there is one (/dev/shm): each case commits, and a commit's fsync
/// on a busy disk would cost more than the whole case.
fn in_memory_dir() -> std::io::Result<tempfile::TempDir> {
    let shm = std::path::Path::new("/dev/shm");
    if shm.is_dir() { tempfile::tempdir_in(shm) } else { tempfile::tempdir() }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn a_flipped_bit_in_the_journal_never_panics_nor_changes_an_entry(position in any::<prop::sample::Index>(), bit in 0u8..8) {
        let (bytes, written) = pristine();
        let mut bytes = bytes.clone();
        let at = position.index(bytes.len());
        bytes[at] ^= 1 << bit;
        let dir = in_memory_dir().expect("temp dir");
        let path = dir.path().join("journal.redb");
        std::fs::write(&path, &bytes).expect("write");

        let journal = Journal::open(&path).expect("a damaged journal still opens");
        let handed_out = journal.open_entries().unwrap_or_default().into_iter()
            .chain(written.iter().filter_map(|e| journal.get(&e.key).ok().flatten()));
        for entry in handed_out {
            prop_assert!(written.contains(&entry), "an entry changed: {:?}", entry);
        }
        drop(journal);

        let repaired = repair(&path, 7).expect("repair");
        let journal = Journal::open(&path).expect("reopen");
        prop_assert_eq!(journal.problem(), None, "repair leaves a sound journal");
        prop_assert!(repaired.kept <= written.len());
        for entry in written {
            if let Some(kept) = journal.get(&entry.key).expect("read") {
                prop_assert_eq!(&kept, entry);
            }
        }
    }
}
