//! `bulk FILE` under attack: rows that could be reported as done without being done, or
//! planned as fitting when together they do not.
// A test crate: a failed unwrap, expect or panic is how it reports a failure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod cli_support;

use cli_support::*;
use serde_json::Value;

fn json_rows(out: &std::process::Output) -> Vec<Value> {
    stdout(out).lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect()
}

fn row(rows: &[Value], line: u64) -> &Value {
    rows.iter().find(|r| r["line"] == line).unwrap_or_else(|| panic!("no line {line} in {rows:?}"))
}

/// A `key` given twice in a file, or spent earlier by a single `capture --idempotency-key` on
/// something else, must not make a row look done: it is refused, nothing moves for it.
#[test]
fn a_key_spent_on_something_else_is_refused_never_reported_as_done() {
    let home = tempfile::tempdir().expect("home");
    let dir = tempfile::tempdir().expect("dir");
    let db = make_db(
        home.path(),
        dir.path(),
        "keys.redb",
        &[manual_order("order_test_k1", 5_000, 2), manual_order("order_test_k2", 5_000, 2)],
    );
    let single = run_db(home.path(), &db, &["capture", "order_test_k2", "1000", "--idempotency-key", "single_k"]);
    assert_eq!(single.status.code(), Some(0), "{}", stderr(&single));
    let file = dir.path().join("keys.csv");
    std::fs::write(
        &file,
        "order,operation,amount,key\norder_test_k1,capture,1000,shared_k\norder_test_k1,capture,2000,shared_k\n\
         order_test_k2,capture,2000,single_k\n",
    )
    .expect("write");
    let file = file.to_str().expect("utf-8");

    let dry = run_db(home.path(), &db, &["bulk", file, "--dry-run", "--json"]);
    assert_eq!(dry.status.code(), Some(3), "a refused row: {}", stderr(&dry));
    let planned = json_rows(&dry);
    assert_eq!(row(&planned, 2)["result"], "done", "the key's first row");
    for line in [3, 4] {
        assert_eq!(row(&planned, line)["result"], "refused", "line {line}: {planned:?}");
    }
    assert!(row(&planned, 3)["reason"].as_str().is_some_and(|r| r.contains("also on line 2")), "{planned:?}");

    let run = run_db(home.path(), &db, &["bulk", file, "--yes", "--json"]);
    assert_eq!(run.status.code(), Some(5), "done and refused: {}", stderr(&run));
    let rows = json_rows(&run);
    assert_eq!((row(&rows, 2)["result"].as_str(), row(&rows, 2)["moved"].as_i64()), (Some("done"), Some(1_000)));
    for line in [3, 4] {
        assert_eq!(row(&rows, line)["result"], "refused", "line {line}: {rows:?}");
        assert_eq!(row(&rows, line)["moved"], 0, "line {line}");
    }
    assert!(
        row(&rows, 4)["reason"]
            .as_str()
            .is_some_and(|r| r.contains("already used on this order for a capture of 1000")),
        "{rows:?}"
    );
    assert_eq!(figure(&show_json(home.path(), &db, "order_test_k1"), "captured"), 1_000);
    assert_eq!(figure(&show_json(home.path(), &db, "order_test_k2"), "captured"), 1_000);
}

/// An order named by its reference on one row and by its id on the next is still one sequence,
/// and a refused row in between does not make the plan forget the rows before it: the plan
/// refuses the captures that no longer fit, as the run would.
#[test]
fn an_order_named_by_id_and_by_reference_is_planned_as_one_sequence() {
    let home = tempfile::tempdir().expect("home");
    let dir = tempfile::tempdir().expect("dir");
    let db = make_db(home.path(), dir.path(), "seq.redb", &[manual_order("order_test_s1", 3_000, 2)]);
    let file = dir.path().join("seq.csv");
    std::fs::write(
        &file,
        "order,operation,amount\nSO-order_test_s1,capture,2000\norder_test_s1,capture,2000\n\
         order_test_s1,capture,2000\norder_test_s1,capture,1000\n",
    )
    .expect("write");
    let dry = run_db(home.path(), &db, &["bulk", file.to_str().expect("utf-8"), "--dry-run", "--json"]);
    assert_eq!(dry.status.code(), Some(3), "the second capture does not fit: {}", stderr(&dry));
    let planned = json_rows(&dry);
    let results: Vec<&str> = planned.iter().map(|r| r["result"].as_str().expect("result")).collect();
    assert_eq!(results, ["done", "refused", "refused", "done"], "{planned:?}");
}
