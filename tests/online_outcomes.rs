//! Online through the sandbox: `--idempotency-key` moves money once, and a person can list the
//! journal and settle an entry by hand, recorded with the operator in the history.
// A test crate: a failed unwrap, expect or panic is how it reports a failure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod online_support;

use online_support::manual_order;
use smartpay_console::backend::journal::{Journal, JournalEntry};
use smartpay_console::domain::Operation;
use smartpay_console::domain::rules::Plan;
use smartpay_console::domain::time::now_millis;

#[test]
fn a_keyed_capture_moves_money_once_and_an_entry_is_resolved_by_hand() {
    let (sandbox, _home, console) = online_support::sandbox_and_console(&[manual_order("Keyed2", 10_000)], 0, 0, 0.0);
    let id = "order_test_Keyed2";

    let first = console.json(&["capture", id, "3000", "--idempotency-key", "batch-7"]);
    let again = console.json(&["capture", id, "3000", "--idempotency-key", "batch-7"]);
    assert_eq!((first["moved"].as_i64(), first["replayed"].as_bool()), (Some(3000), Some(false)));
    assert_eq!((again["moved"].as_i64(), again["replayed"].as_bool()), (Some(3000), Some(true)));
    assert_eq!(sandbox.stat("payments"), 1, "moved once");
    let other = console.run(&["capture", id, "100", "--idempotency-key", "batch-7"]);
    assert_eq!(other.status.code(), Some(2), "{}", String::from_utf8_lossy(&other.stderr));

    // An entry older than the key window is never replayed, and a read-only console replays
    // nothing: a person settles them.
    {
        let journal = Journal::open(&console.journal_file()).expect("journal");
        let capture = |amount| (Operation::Capture { amount }, Plan::Capture { amount });
        let (operation, plan) = capture(500);
        let old = now_millis() - 7 * 60 * 60 * 1000;
        let entry = JournalEntry::new_open("hand-1", id, operation, plan, "JPY", Some("tanaka".into()), old);
        journal.begin(&entry).expect("journal an old capture");
        let (operation, plan) = capture(200);
        let fresh = JournalEntry::new_open("ro-1", id, operation, plan, "JPY", Some("tanaka".into()), now_millis());
        journal.begin(&fresh).expect("journal a recent capture");
    }
    let read_only = console.run(&["--read-only", "orders", "show", id]);
    let said = String::from_utf8_lossy(&read_only.stderr);
    assert_eq!(read_only.status.code(), Some(0), "{said}");
    assert!(said.contains("journal resolve ro-1 --done"), "a read-only console names the command: {said}");
    assert_eq!(sandbox.stat("payments"), 1, "a read-only console never replays");
    let open = console.json(&["journal", "list", "--open"]);
    let keys: Vec<&str> = open.as_array().expect("array").iter().filter_map(|e| e["key"].as_str()).collect();
    assert_eq!(keys, ["hand-1", "ro-1"]);
    assert_eq!(open[0]["state"], "open");
    console.ok(&["journal", "resolve", "ro-1", "--not-done", "--note", "checked: not on the API"]);
    let blocked = console.run(&["capture", id, "100"]);
    assert_eq!(blocked.status.code(), Some(4), "not sent over an unresolved entry");
    let said = String::from_utf8_lossy(&blocked.stderr);
    assert!(said.contains("journal resolve hand-1"), "names the command that settles it: {said}");

    let resolved = console.ok(&["journal", "resolve", "hand-1", "--not-done", "--note", "never reached the API"]);
    assert!(resolved.contains("recorded as not done by tanaka"), "{resolved}");
    assert_eq!(console.json(&["journal", "list", "--open"]), serde_json::json!([]));
    let shown = console.json(&["orders", "show", id]);
    let row = shown["history"].as_array().and_then(|h| h.iter().find(|e| e["idempotencyKey"] == "hand-1").cloned());
    let row = row.expect("the hand resolution is in the history");
    assert_eq!((row["operator"].as_str(), row["result"].as_str()), (Some("tanaka"), Some("failed")));
    let now = console.json(&["capture", id, "100"]);
    assert_eq!(now["moved"], 100, "settled: operations go through again");
    assert_eq!(sandbox.stat("payments"), 2);
}
