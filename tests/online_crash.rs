//! A console killed with SIGKILL between journaling an operation and reading its answer
//! resolves it on its next start with the same key, without repeating it.
// A test crate: a failed unwrap, expect or panic is how it reports a failure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod online_support;

use online_support::{automatic_order, manual_order};
use smartpay_console::backend::journal::{EntryState, Journal, JournalEntry};
use smartpay_console::domain::Operation;
use smartpay_console::domain::rules::Plan;
use smartpay_console::domain::time::now_millis;
use std::time::{Duration, Instant};

#[test]
fn a_console_killed_mid_request_resolves_the_operation_on_next_start() {
    // Every answer is held back 600 ms: long enough to kill the console after the sandbox
    // committed the capture but before the console heard about it.
    let (sandbox, _home, console) = online_support::sandbox_and_console(&[manual_order("Kill1", 10_000)], 0, 600, 0.0);
    let id = "order_test_Kill1";

    let mut child = console.command(&["capture", id, "2500"]).spawn().expect("console");
    let started = Instant::now();
    while sandbox.stat("payments") == 0 {
        assert!(started.elapsed() < Duration::from_secs(20), "the capture never reached the sandbox");
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().expect("SIGKILL");
    let status = child.wait().expect("reaped");
    assert!(status.code().is_none(), "killed by a signal, not finished: {status:?}");

    let key = {
        let journal = Journal::open(&console.journal_file()).expect("journal");
        let open = journal.open_entries().expect("open entries");
        assert_eq!(open.len(), 1, "journaled before the request was sent");
        open[0].key.clone()
    };

    // The next start replays that key: the sandbox answers with the payment it made.
    let shown = console.json(&["orders", "show", id]);
    assert_eq!(sandbox.stat("payments"), 1, "resolved, not repeated");
    assert_eq!(shown["summary"]["captured"], 2500);
    let capture = shown["history"]
        .as_array()
        .expect("history")
        .iter()
        .find(|h| h["type"] == "capture")
        .expect("a capture in the history")
        .clone();
    assert_eq!(capture["idempotencyKey"], key.as_str());
    assert_eq!(capture["operator"], "tanaka");
    assert_eq!(capture["result"], "succeeded");
    assert!(sandbox.stat("replayed") >= 1, "the answer came from the stored response");

    let journal = Journal::open(&console.journal_file()).expect("journal");
    let entry = journal.get(&key).expect("read").expect("entry");
    assert_eq!(entry.state, EntryState::Done);
    assert_eq!(entry.created.len(), 1);
    assert_eq!(journal.count_open().expect("count"), 0);
}

fn open_capture(key: &str, order_id: &str, amount: i64) -> JournalEntry {
    let (operation, plan) = (Operation::Capture { amount }, Plan::Capture { amount });
    JournalEntry::new_open(key, order_id, operation, plan, "JPY", Some("tanaka".into()), now_millis())
}

#[test]
fn an_operation_journaled_but_never_sent_is_sent_once_and_a_refused_one_closed() {
    let (sandbox, _home, console) = online_support::sandbox_and_console(&[manual_order("Kill2", 10_000)], 0, 0, 0.0);
    let id = "order_test_Kill2";
    {
        // As if the console died right after journaling, before a byte was sent.
        let journal = Journal::open(&console.journal_file()).expect("journal");
        journal.begin(&open_capture("spc_unsent", id, 1500)).expect("journal the capture");
        journal.begin(&open_capture("spc_toolarge", id, 50_000)).expect("journal an impossible one");
    }
    assert_eq!(sandbox.stat("payments"), 0);
    let shown = console.json(&["orders", "show", id]);
    assert_eq!((sandbox.stat("payments"), sandbox.stat("captured")), (1, 1500));
    assert!(shown["history"].as_array().expect("history").iter().any(|h| h["idempotencyKey"] == "spc_unsent"));
    assert!(shown["history"].as_array().expect("history").iter().all(|h| h["result"] != "pending"));
    console.json(&["orders", "show", id]);
    assert_eq!(sandbox.stat("payments"), 1, "resolved once, never again");
    let journal = Journal::open(&console.journal_file()).expect("journal");
    assert_eq!(journal.get("spc_unsent").expect("read").map(|e| e.state), Some(EntryState::Done));
    let refused = journal.get("spc_toolarge").expect("read").expect("entry");
    assert_eq!(refused.state, EntryState::NotDone);
    assert!(refused.note.unwrap_or_default().contains("payment.excessive-amount"));
}

#[test]
fn an_operation_older_than_the_key_window_is_never_replayed() {
    // Smartpay forgets a key after 6 hours: replaying it then could capture a second time.
    let (sandbox, _home, console) = online_support::sandbox_and_console(&[manual_order("Old1", 10_000)], 0, 0, 0.0);
    let id = "order_test_Old1";
    {
        let journal = Journal::open(&console.journal_file()).expect("journal");
        let mut stale = open_capture("spc_stale", id, 1500);
        stale.journaled_at = now_millis() - 7 * 60 * 60 * 1000;
        journal.begin(&stale).expect("journal the capture");
    }
    let shown = console.json(&["orders", "show", id]);
    assert_eq!(sandbox.stat("payments"), 0, "not sent: a person must check first");
    let pending: Vec<_> =
        shown["history"].as_array().expect("history").iter().filter(|h| h["result"] == "pending").collect();
    assert_eq!(pending.len(), 1, "the operator sees the unresolved capture in the history");
    assert_eq!(pending[0]["idempotencyKey"], "spc_stale");
    let journal = Journal::open(&console.journal_file()).expect("journal");
    assert_eq!(journal.get("spc_stale").expect("read").map(|e| e.state), Some(EntryState::Open));
}

#[test]
fn a_refund_whose_answer_is_lost_is_found_by_its_metadata_after_the_key_window() {
    // The console's clock moves through a variable only a debug build reads (as `cargo test`
    // builds it); a release build cannot move its clock, so there is nothing to test there.
    if !cfg!(debug_assertions) {
        eprintln!("skipped: the console's clock can be moved in a debug build only");
        return;
    }
    let (sandbox, _home, console) = online_support::sandbox_and_console(&[automatic_order("Lost9", 10_000)], 0, 0, 0.0);
    let id = "order_test_Lost9";
    // Every answer to a refund is lost after the sandbox made it, more times than the console
    // retries: the refund is made once (the retries replay its key) and the console never hears.
    let lose = r#"{"count":40,"method":"POST","path":"/v1/refunds","status":502}"#;
    assert_eq!(sandbox.call("POST", "/_sandbox/faults", online_support::KEY, None, Some(lose)).status, 200);
    let refund = console.run(&["refund", id, "4000"]);
    assert_eq!(refund.status.code(), Some(4), "unknown: {}", String::from_utf8_lossy(&refund.stderr));
    assert_eq!((sandbox.stat("refunds"), sandbox.stat("refunded")), (1, 4000), "made once");
    let key = {
        let journal = Journal::open(&console.journal_file()).expect("journal");
        let open = journal.open_entries().expect("open entries");
        assert_eq!(open.len(), 1, "the lost refund is journaled, open");
        open[0].key.clone()
    };

    // Seven hours later on both clocks: Smartpay has forgotten the key, so a replay would
    // refund a second time. The next command resolves the entry by the refund's metadata.
    let seven_hours = 7 * 60 * 60 * 1000_i64;
    let moved = sandbox.call(
        "POST",
        "/_sandbox/clock",
        online_support::KEY,
        None,
        Some(&format!(r#"{{"advanceMs":{seven_hours}}}"#)),
    );
    assert_eq!(moved.status, 200, "{moved:?}");
    let later = console
        .command(&["orders", "show", id, "--json"])
        .env("SMARTPAY_CONSOLE_TEST_CLOCK_OFFSET_MS", seven_hours.to_string())
        .output()
        .expect("run the console");
    assert_eq!(later.status.code(), Some(0), "{}", String::from_utf8_lossy(&later.stderr));
    let shown: serde_json::Value = serde_json::from_slice(&later.stdout).expect("order JSON");
    assert_eq!(shown["summary"]["refunded"], 4000);

    let journal = Journal::open(&console.journal_file()).expect("journal");
    let entry = journal.get(&key).expect("read").expect("the entry");
    assert_eq!(entry.state, EntryState::Done, "closed done");
    assert!(entry.note.unwrap_or_default().contains("found by its metadata"), "not replayed: found");
    assert_eq!(entry.created.len(), 1, "with the refund's id");
    // Exactly one refund on the sandbox, and it is the one the entry names.
    assert_eq!((sandbox.stat("refunds"), sandbox.stat("refunded")), (1, 4000), "never refunded twice");
    let listed = sandbox.get("/v1/refunds?maxResults=100");
    let ids: Vec<_> = listed["data"].as_array().expect("refunds").iter().map(|r| r["id"].clone()).collect();
    assert_eq!(ids, [serde_json::Value::from(entry.created[0].clone())]);
}
