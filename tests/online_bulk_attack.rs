//! `bulk FILE` online under attack: the same file run from a second console (another home, no
//! journal of the first run) after Smartpay's 6-hour key window is recognised by the key the
//! first run's capture or refund carries in its metadata, and moves nothing again.
// A test crate: a failed unwrap, expect or panic is how it reports a failure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod online_support;

use online_support::*;

const SIX_HOURS_MS: i64 = 6 * 60 * 60 * 1000;

fn results(out: &std::process::Output) -> Vec<(String, i64)> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| {
            let row: serde_json::Value = serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"));
            (row["result"].as_str().expect("result").to_string(), row["moved"].as_i64().expect("moved"))
        })
        .collect()
}

#[test]
fn a_run_from_another_host_past_the_key_window_moves_nothing_twice() {
    let order = automatic_order("xhost", 5_000);
    let open = manual_order("xhostcap", 5_000);
    let sandbox = Sandbox::start_with(&[order.clone(), open.clone()], 0, &[]);
    let first_home = tempfile::tempdir().expect("home");
    let second_home = tempfile::tempdir().expect("home");
    let file = first_home.path().join("returns.csv");
    std::fs::write(&file, format!("order,operation,amount\n{},refund,1000\n{},capture,1000\n", order.id, open.id))
        .expect("write");
    let file = file.to_str().expect("utf-8");

    let first = Console::new(first_home.path(), &sandbox.url).run(&["bulk", file, "--yes", "--json"]);
    assert_eq!(results(&first), vec![("done".to_string(), 1_000); 2], "{}", String::from_utf8_lossy(&first.stderr));
    let call =
        sandbox.call("POST", "/_sandbox/clock", KEY, None, Some(&format!(r#"{{"advanceMs":{}}}"#, SIX_HOURS_MS + 1)));
    assert_eq!(call.status, 200, "the clock moved");

    let second = Console::new(second_home.path(), &sandbox.url).run(&["bulk", file, "--yes", "--json"]);
    assert_eq!(second.status.code(), Some(0), "{}", String::from_utf8_lossy(&second.stderr));
    assert_eq!(results(&second), vec![("replayed".to_string(), 1_000); 2], "done by the first console, not again");
    assert_eq!(
        (sandbox.stat("refunds"), sandbox.stat("refunded")),
        (1, 1_000),
        "refunded once, counted on the sandbox"
    );
    // The automatic-capture order's own payment, and one capture.
    assert_eq!(sandbox.stat("payments"), 2, "captured once, counted on the sandbox");
}
