//! Four consoles (four processes; each pair shares a home, as two operators on one SSH host)
//! operating on one order at once through the sandbox never overshoot it: each re-reads and
//! validates, and the sandbox applies the same rules inside one write transaction.
// A test crate: a failed unwrap, expect or panic is how it reports a failure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod online_support;

use online_support::{Console, Sandbox, manual_order};
use std::process::Output;

fn race(consoles: &[Console], args: &[&str]) -> Vec<Output> {
    let children: Vec<_> = consoles
        .iter()
        .map(|c| c.command(args).stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::piped()).spawn())
        .collect::<Result<_, _>>()
        .expect("spawn consoles");
    children.into_iter().map(|c| c.wait_with_output().expect("console")).collect()
}

fn codes(outputs: &[Output]) -> Vec<i32> {
    let mut codes: Vec<i32> = outputs.iter().map(|o| o.status.code().unwrap_or(-1)).collect();
    codes.sort();
    codes
}

#[test]
fn four_consoles_on_one_order_never_overshoot_it() {
    // Latency widens the window between each console's read and its write.
    let sandbox = Sandbox::start(&[manual_order("Race1", 10_000)], 0, 30, 0.0);
    // Two desks, two consoles each: pairs share one journal and one mirror file.
    let homes: Vec<_> = (0..2).map(|_| tempfile::tempdir().expect("home")).collect();
    let consoles: Vec<Console> = (0..4).map(|i| Console::new(homes[i % 2].path(), &sandbox.url)).collect();
    let id = "order_test_Race1";

    // 4 × 4,000 asked of 10,000: exactly two fit.
    let captures = race(&consoles, &["capture", id, "4000"]);
    assert_eq!(codes(&captures), vec![0, 0, 3, 3], "{captures:?}");
    for refused in captures.iter().filter(|o| o.status.code() == Some(3)) {
        let err = String::from_utf8_lossy(&refused.stderr);
        // A console sharing a journal with one whose capture is in flight resolves that entry
        // first (replaying its key) and then sends nothing: also exit 3, with its own sentence.
        assert!(
            err.contains("can still be captured")
                || err.contains("more than the order has left to capture")
                || err.contains("turned out done"),
            "a sentence, whether the console or the API refused: {err}"
        );
    }
    assert_eq!((sandbox.stat("payments"), sandbox.stat("captured")), (2, 8000));

    // 4 × 5,000 asked of the 8,000 captured: exactly one fits.
    let refunds = race(&consoles, &["refund", id, "5000"]);
    assert_eq!(codes(&refunds), vec![0, 3, 3, 3], "{refunds:?}");
    assert_eq!(sandbox.stat("refunded"), 5000);

    // 4 voids of the remaining 2,000: exactly one.
    let voids = race(&consoles, &["void", id]);
    assert_eq!(codes(&voids), vec![0, 3, 3, 3], "{voids:?}");
    assert_eq!(sandbox.stat("voids"), 1);
    let shown = consoles[0].json(&["orders", "show", id]);
    assert_eq!(shown["summary"]["captured"], 8000);
    assert_eq!(shown["summary"]["refunded"], 5000);
    assert_eq!(shown["summary"]["canceled"], 2000);
}
