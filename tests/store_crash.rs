//! SIGKILL in the middle of a stream of writes: the file opens afterwards, every operation a
//! process reported as done is there, and nothing is half-applied (the orders table, the list
//! rows, the search strings, the indexes and the counters all agree).
// A test crate: a failed unwrap, expect or panic is how it reports a failure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod cli_support;

use cli_support::*;
use redb::{ReadableDatabase, ReadableTableMetadata};
use serde_json::Value;
use smartpay_console::backend::local::{LocalStore, OpenMode, schema};
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

/// Reads the file with redb directly (not through the store under test) and checks that every
/// secondary table has exactly one entry per order and the counters match. Returns the count.
fn assert_consistent(db: &Path) -> u64 {
    let mut builder = redb::Database::builder();
    builder.set_concurrency_mode(redb::ConcurrencyMode::MultiWriter);
    let file = builder.open(db).expect("the file opens after a SIGKILL");
    let txn = file.begin_read().expect("read");
    let orders = txn.open_table(schema::ORDERS).expect("orders").len().expect("len");
    let rows = txn.open_table(schema::ROWS).expect("rows").len().expect("len");
    let search = txn.open_table(schema::SEARCH).expect("search").len().expect("len");
    let by_amount = txn.open_table(schema::BY_AMOUNT).expect("by_amount").len().expect("len");
    let by_customer = txn.open_table(schema::BY_CUSTOMER).expect("by_customer").len().expect("len");
    let by_status = txn.open_table(schema::BY_STATUS).expect("by_status").len().expect("len");
    let meta = txn.open_table(schema::META).expect("meta");
    let count = meta.get(schema::KEY_COUNT).expect("count").map(|v| v.value()).unwrap_or(0);
    assert_eq!(
        (rows, search, by_amount, by_customer, by_status, count),
        (orders, orders, orders, orders, orders, orders)
    );
    let per_status: u64 = ["requires_authorization", "rejected", "requires_capture", "succeeded", "canceled"]
        .iter()
        .map(|s| meta.get(schema::status_count_key(s).as_str()).expect("get").map(|v| v.value()).unwrap_or(0))
        .sum();
    assert_eq!(per_status, orders, "the per-status counters add up to the orders");
    orders
}

/// Every order's figures add up with its history (read through the CLI, as an operator would).
fn assert_figures_add_up(home: &Path, db: &Path, expected_orders: u64) {
    let out = run_db(home, db, &["orders", "export", "--format", "jsonl"]);
    assert!(out.status.success(), "export after a kill: {}", stderr(&out));
    let mut n = 0;
    for line in stdout(&out).lines() {
        let order: Value = serde_json::from_str(line).expect("JSON line");
        let sum = |kind: &str| -> i64 {
            order["history"]
                .as_array()
                .expect("history")
                .iter()
                .filter(|h| h["type"] == kind)
                .map(|h| h["amount"].as_i64().unwrap_or(0))
                .sum()
        };
        let (captured, refunded) = (figure(&order, "captured"), figure(&order, "refunded"));
        assert!(captured <= order["amount"].as_i64().unwrap_or(0), "overshot: {line}");
        assert!(refunded <= captured, "over-refunded: {line}");
        assert_eq!(sum("capture"), captured, "capture history vs captured: {line}");
        assert_eq!(sum("refund"), refunded, "refund history vs refunded: {line}");
        n += 1;
    }
    assert_eq!(n, expected_orders, "export streams every order");
    let list = run_db(home, db, &["orders", "list", "--json", "--limit", "1"]);
    let list: Value = serde_json::from_slice(&list.stdout).expect("list --json");
    assert_eq!(list["total"].as_u64(), Some(expected_orders), "orders list counts every order");
}

/// A small, cheap, deterministic jitter so kills land all over a process's life.
fn jitter(i: u64, max_ms: u64) -> Duration {
    Duration::from_millis((i.wrapping_mul(2_654_435_761) >> 7) % max_ms)
}

#[test]
fn sigkill_during_captures_loses_no_reported_capture_and_half_applies_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let home = dir.path();
    let ids: Vec<String> = (0..6).map(|i| format!("order_test_Crash{i:04}")).collect();
    let orders: Vec<Value> = ids.iter().map(|id| manual_order(id, 1_000_000, 1)).collect();
    let db = make_db(home, dir.path(), "crash.redb", &orders);
    // Kills are spread over a whole run's life, measured here (the quickest of three runs) on
    // this machine as it is now.
    let mut window_ms = (0..3)
        .map(|_| {
            let started = Instant::now();
            assert!(run_db(home, &db, &["capture", &ids[0], "1"]).status.success());
            started.elapsed().as_millis() as u64
        })
        .min()
        .unwrap_or(40)
        .max(10)
        * 6
        / 5;
    let mut reported = BTreeSet::new();
    let mut killed = 0;
    for i in 0..36u64 {
        let id = &ids[i as usize % ids.len()];
        let mut child = console(home)
            .arg("--db")
            .arg(&db)
            .args(["capture", id, "1", "--json"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        std::thread::sleep(jitter(i, window_ms));
        if child.try_wait().expect("try_wait").is_none() {
            child.kill().expect("SIGKILL");
            killed += 1;
            // Other tests share the CPU: widen the window when kills come early, narrow it
            // when runs finish, so both keep happening.
            window_ms = window_ms * 5 / 4 + 1;
        } else {
            window_ms = (window_ms * 9 / 10).max(10);
        }
        let out = child.wait_with_output().expect("wait");
        if out.status.success() {
            let v: Value = serde_json::from_slice(&out.stdout).expect("a success prints JSON");
            reported.insert(v["idempotencyKey"].as_str().expect("key").to_string());
        } else {
            assert!(out.status.code().is_none(), "only killed runs may fail: {}", stderr(&out));
        }
    }
    eprintln!("captures: {} reported, {killed} killed mid-way", reported.len());
    assert!(killed > 0 && !reported.is_empty(), "kills landed both before and after runs finished");
    assert_eq!(assert_consistent(&db), ids.len() as u64);
    let mut in_history = BTreeSet::new();
    for id in &ids {
        let order = show_json(home, &db, id);
        for h in order["history"].as_array().expect("history") {
            if let Some(key) = h["idempotencyKey"].as_str() {
                assert!(in_history.insert(key.to_string()), "a key recorded twice: {key}");
            }
        }
    }
    let missing: Vec<_> = reported.difference(&in_history).collect();
    assert!(missing.is_empty(), "reported captures lost by a SIGKILL: {missing:?}");
    // A capture may commit and be killed before it prints; never more than the killed runs.
    // (+3: the captures that measured the run time.)
    assert!(
        in_history.len() <= reported.len() + killed + 3,
        "{} recorded, {} reported",
        in_history.len(),
        reported.len()
    );
    assert_figures_add_up(home, &db, ids.len() as u64);
    // And the file still takes writes.
    assert!(run_db(home, &db, &["capture", &ids[0], "1"]).status.success());
}

#[test]
fn sigkill_during_a_large_import_or_generate_keeps_the_file_whole() {
    let dir = tempfile::tempdir().expect("temp dir");
    let home = dir.path();
    let db = make_db(home, dir.path(), "bulk.redb", &[manual_order("order_test_Seed0001", 5000, 1)]);
    // A big import is one transaction: after a kill it is all there or not at all.
    let big: Vec<Value> = (0..4000).map(|i| automatic_order(&format!("order_test_Bulk{i:06}"), 1000 + i, 2)).collect();
    let file = dir.path().join("big.json");
    std::fs::write(&file, serde_json::to_vec(&big).expect("json")).expect("write");
    let mut expected = 1u64;
    // The delays run from well before the commit to after it, so kills land on every phase.
    for round in 0..6u64 {
        let started = Instant::now();
        let mut child = console(home)
            .arg("--db")
            .arg(&db)
            .args(["import", file.to_str().expect("utf-8")])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(Duration::from_millis(100 + 300 * round) + jitter(round + 7, 100));
        let finished = child.try_wait().expect("try_wait").is_some_and(|s| s.success());
        child.kill().ok();
        child.wait().expect("wait");
        let count = assert_consistent(&db);
        eprintln!("import round {round}: finished before the kill: {finished}; {count} orders after");
        assert!(count == 1 || count == 4001, "import half-applied: {count} orders (after {:?})", started.elapsed());
        if finished {
            assert_eq!(count, 4001, "a finished import is all there");
        }
        expected = count;
    }
    // generate writes in batches of 20,000 (a few seconds each in a debug build): a kill keeps
    // whole batches only.
    let gen_db = dir.path().join("gen.redb");
    let mut child = console(home)
        .arg("--db")
        .arg(&gen_db)
        .args(["generate", "--orders", "60000"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    // Kill it as soon as the first batch is in, so the kill lands in the middle of the second.
    let deadline = Instant::now() + Duration::from_secs(90);
    while Instant::now() < deadline && child.try_wait().expect("try_wait").is_none() {
        std::thread::sleep(Duration::from_millis(100));
        let count = LocalStore::open(&gen_db, OpenMode::Existing).and_then(|s| s.count()).unwrap_or(0);
        if count >= 20_000 {
            break;
        }
    }
    child.kill().ok();
    child.wait().expect("wait");
    let count = assert_consistent(&gen_db);
    eprintln!("generate killed after its first batch: {count} orders kept");
    assert!(count > 0 && count.is_multiple_of(20_000), "generate left a partial batch: {count}");
    let list = run_db(home, &gen_db, &["orders", "list", "--json", "--limit", "1"]);
    assert!(list.status.success(), "{}", stderr(&list));
    assert_figures_add_up(home, &db, expected);
}
