//! Eight operators on one host, one order file: eight processes of the real binary capture and
//! refund on the same few orders at the same time. No order is overshot, and the history holds
//! every operation that reported success, and no other.
// A test crate: a failed unwrap, expect or panic is how it reports a failure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod cli_support;

use cli_support::*;
use serde_json::Value;
use std::collections::BTreeSet;
use std::sync::Arc;

const WORKERS: usize = 8;
const OPS_PER_WORKER: usize = 12;
const ORDERS: [&str; 3] = ["order_test_Shared0001", "order_test_Shared0002", "order_test_Shared0003"];
const AMOUNT: i64 = 10_000;

/// One finished command: what it was asked, how it exited, and the key it printed.
#[derive(Debug)]
struct Attempt {
    order: &'static str,
    verb: &'static str,
    amount: i64,
    code: Option<i32>,
    key: Option<String>,
    stderr: String,
}

#[test]
fn eight_processes_never_overshoot_and_every_success_is_in_the_history() {
    let dir = tempfile::tempdir().expect("temp dir");
    let home = dir.path().to_path_buf();
    let orders: Vec<Value> = ORDERS.iter().map(|id| manual_order(id, AMOUNT, 1)).collect();
    let db = Arc::new(make_db(&home, dir.path(), "shared.redb", &orders));
    let workers: Vec<_> = (0..WORKERS)
        .map(|w| {
            let (db, home) = (Arc::clone(&db), home.clone());
            std::thread::spawn(move || {
                (0..OPS_PER_WORKER)
                    .map(|i| {
                        let order = ORDERS[(w + i) % ORDERS.len()];
                        // Captures outrun the orders (8 × 8 × 900 > 3 × 10,000) so refusals happen;
                        // refunds chase whatever has been captured so far.
                        let (verb, amount) = if i % 3 == 2 { ("refund", 700) } else { ("capture", 900) };
                        let operator = format!("worker{w}");
                        let out = console(&home)
                            .args(["--operator", &operator, "--db"])
                            .arg(&*db)
                            .args([verb, order, &amount.to_string(), "--json"])
                            .output()
                            .expect("the binary runs");
                        // The result is on stdout either way; only a done one moved money.
                        let key = serde_json::from_slice::<Value>(&out.stdout)
                            .ok()
                            .filter(|v| v["result"] == "done" && v["moved"] == amount)
                            .and_then(|v| v["idempotencyKey"].as_str().map(str::to_string));
                        Attempt { order, verb, amount, code: out.status.code(), key, stderr: stderr(&out) }
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let attempts: Vec<Attempt> = workers.into_iter().flat_map(|h| h.join().expect("worker thread")).collect();

    for a in &attempts {
        assert!(
            matches!(a.code, Some(0) | Some(3)),
            "{} {} {} ended {:?}: {}",
            a.verb,
            a.order,
            a.amount,
            a.code,
            a.stderr
        );
        assert_eq!(
            a.code == Some(0),
            a.key.is_some(),
            "a success says done with what moved, a refusal does not: {a:?}"
        );
        assert!(!a.stderr.contains("panicked"), "{}", a.stderr);
    }
    let successes = attempts.iter().filter(|a| a.code == Some(0)).count();
    let refusals = attempts.iter().filter(|a| a.code == Some(3)).count();
    eprintln!("{} runs: {successes} succeeded, {refusals} refused by a rule", attempts.len());
    assert!(successes > 20 && refusals > 0, "the race was real: {successes} successes, {refusals} refusals");

    for id in ORDERS {
        let order = show_json(&home, &db, id);
        let (captured, refunded) = (figure(&order, "captured"), figure(&order, "refunded"));
        assert!(captured <= AMOUNT, "{id} overshot: captured {captured} of {AMOUNT}");
        assert!(refunded <= captured, "{id} refunded {refunded} of {captured} captured");
        for p in order["payments"].as_array().expect("payments") {
            let refunds: i64 =
                p["refunds"].as_array().expect("refunds").iter().map(|r| r["amount"].as_i64().unwrap_or(0)).sum();
            assert!(refunds <= p["amount"].as_i64().unwrap_or(0), "{id}: payment {} over-refunded", p["id"]);
        }
        let history = order["history"].as_array().expect("history");
        // A refund split over two payments makes two entries with one key: compare key sets
        // and the money per key.
        let in_history: BTreeSet<String> =
            history.iter().filter_map(|h| h["idempotencyKey"].as_str().map(str::to_string)).collect();
        let succeeded: BTreeSet<String> =
            attempts.iter().filter(|a| a.order == id).filter_map(|a| a.key.clone()).collect();
        assert_eq!(in_history, succeeded, "{id}: the history holds exactly the successful operations");
        for a in attempts.iter().filter(|a| a.order == id && a.key.is_some()) {
            let key = a.key.as_deref();
            let moved: i64 = history
                .iter()
                .filter(|h| h["idempotencyKey"].as_str() == key)
                .map(|h| h["amount"].as_i64().unwrap_or(0))
                .sum();
            assert_eq!(moved, a.amount, "{id}: {} {} recorded as {moved}", a.verb, a.amount);
            let entry = history.iter().find(|h| h["idempotencyKey"].as_str() == key).expect("entry");
            assert_eq!(entry["type"], a.verb);
        }
        let captured_by_runs: i64 =
            attempts.iter().filter(|a| a.order == id && a.key.is_some() && a.verb == "capture").map(|a| a.amount).sum();
        assert_eq!(captured, captured_by_runs, "{id}: captured equals the successful captures");
    }
}
