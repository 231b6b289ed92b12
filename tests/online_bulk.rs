//! `bulk FILE` online against the sandbox: a flaky API (30% of requests fail, before or after
//! the write) and a run killed half-way both end, once the file is run again, with every row
//! done exactly once, counted on the sandbox.
// A test crate: a failed unwrap, expect or panic is how it reports a failure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod online_support;

use online_support::*;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

fn capture_file(dir: &Path, orders: &[smartpay_console::domain::Order]) -> String {
    let mut text = String::from("order,operation,amount\n");
    for order in orders {
        text += &format!("{},capture,\n", order.id);
    }
    let path = dir.join("captures.csv");
    std::fs::write(&path, text).expect("write the file");
    path.to_str().expect("utf-8 path").to_string()
}

fn results(stdout: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|l| {
            let row: serde_json::Value = serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"));
            row["result"].as_str().expect("result").to_string()
        })
        .collect()
}

#[test]
fn a_flaky_api_run_again_until_nothing_is_unknown_moves_every_row_once() {
    let orders: Vec<_> = (0..200).map(|i| manual_order(&format!("flaky{i:03}"), 1_000 + i)).collect();
    let total: i64 = orders.iter().map(|o| o.amount()).sum();
    let sandbox = Sandbox::start_with(&orders, 0, &["--fail-rate", "0.3", "--fail-seed", "7"]);
    let home = tempfile::tempdir().expect("home");
    let console = Console::new(home.path(), &sandbox.url);
    let config = home.path().join("config").join("smartpay-console").join("config.toml");
    let mut text = std::fs::read_to_string(&config).expect("the test config");
    text += "[bulk]\nconfirm_above_orders = 1000\n";
    std::fs::write(&config, text).expect("raise the limit");
    let file = capture_file(home.path(), &orders);
    let mut runs = 0;
    loop {
        runs += 1;
        let out = console.run(&["bulk", &file, "--yes", "--json"]);
        let results = results(&out.stdout);
        assert_eq!(results.len(), 200, "one line per row: {}", String::from_utf8_lossy(&out.stderr));
        if out.status.code() == Some(0) {
            assert!(results.iter().all(|r| r == "done" || r == "replayed"), "{results:?}");
            break;
        }
        assert!(runs < 5, "still not finished after {runs} runs: {}", String::from_utf8_lossy(&out.stderr));
    }
    assert_eq!(sandbox.stat("payments"), 200, "one capture per row, counted on the sandbox");
    assert_eq!(sandbox.stat("captured"), total);
}

#[test]
fn a_run_killed_half_way_and_run_again_does_each_row_once() {
    let orders: Vec<_> = (0..24).map(|i| manual_order(&format!("kill{i:02}"), 2_000 + i)).collect();
    let total: i64 = orders.iter().map(|o| o.amount()).sum();
    let sandbox = Sandbox::start_with(&orders, 0, &["--latency-ms", "40"]);
    let home = tempfile::tempdir().expect("home");
    let console = Console::new(home.path(), &sandbox.url);
    let file = capture_file(home.path(), &orders);

    let mut child = console.command(&["bulk", &file, "--yes", "--json"]).stdout(Stdio::piped()).spawn().expect("spawn");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut reported = 0;
    while reported < 6 && Instant::now() < deadline {
        match lines.next() {
            Some(Ok(_)) => reported += 1,
            _ => break,
        }
    }
    assert_eq!(reported, 6, "the run reported its first rows");
    child.kill().expect("kill the run half-way");
    child.wait().expect("reap");
    let moved = sandbox.stat("payments");
    assert!((6..24).contains(&moved), "killed half-way: {moved} captures");

    let out = console.run(&["bulk", &file, "--yes", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let results = results(&out.stdout);
    let replayed = results.iter().filter(|r| *r == "replayed").count() as i64;
    assert!(replayed >= 6, "the rows done before the kill are not sent again: {results:?}");
    assert_eq!(sandbox.stat("payments"), 24, "every row done exactly once");
    assert_eq!(sandbox.stat("captured"), total);
}
