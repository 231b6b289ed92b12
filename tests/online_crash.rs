//! A console killed with SIGKILL between journaling an operation and reading its answer
//! resolves it on its next start with the same key, without repeating it.

mod online_support;

use online_support::{Console, Sandbox, manual_order};
use smartpay_console::backend::journal::{EntryState, Journal};
use std::time::{Duration, Instant};

#[test]
fn a_console_killed_mid_request_resolves_the_operation_on_next_start() {
    // Every answer is held back 600 ms: long enough to kill the console after the sandbox
    // committed the capture but before the console heard about it.
    let sandbox = Sandbox::start(&[manual_order("Kill1", 10_000)], 0, 600, 0.0);
    let home = tempfile::tempdir().expect("home");
    let console = Console::new(home.path(), &sandbox.url);
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
