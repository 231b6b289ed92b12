//! `bulk FILE` offline, and the deadline queue of `orders list`: the mixed file of issue 11's
//! acceptance (dry run names each bad row and changes nothing, the run moves exactly the valid
//! rows, a second run moves nothing), file problems, confirmation limits and `--out`.
// A test crate: a failed unwrap, expect or panic is how it reports a failure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod cli_support;

use cli_support::*;
use serde_json::Value;
use std::path::Path;

const MIXED: &str = "order,operation,amount,reason
order_test_m1,capture,\"1,000\",
order_test_m2,capture,4000,
order_test_nope,refund,100,
order_test_m3,capture,ten yen,
order_test_a1,void,,
order_test_a1,refund,5000,
order_test_a1,refund,4000,fraudulent
SO-order_test_m4,capture,,
order_test_m5,void,,
";

/// Lines 3–6 and 8 are refused: over-capture, unknown order, malformed amount, void of an
/// automatic-capture order, and a second refund that no longer fits.
const REFUSED_LINES: [u64; 5] = [3, 4, 5, 6, 8];
const VALID_LINES: [u64; 4] = [2, 7, 9, 10];

fn mixed_db(home: &Path, dir: &Path) -> std::path::PathBuf {
    make_db(
        home,
        dir,
        "orders.redb",
        &[
            manual_order("order_test_m1", 5_000, 2),
            manual_order("order_test_m2", 3_000, 2),
            manual_order("order_test_m3", 3_000, 2),
            manual_order("order_test_m4", 7_000, 2),
            manual_order("order_test_m5", 2_000, 2),
            automatic_order("order_test_a1", 8_000, 2),
        ],
    )
}

fn json_rows(out: &std::process::Output) -> Vec<Value> {
    stdout(out).lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect()
}

fn result_of(rows: &[Value], line: u64) -> &str {
    let row = rows.iter().find(|r| r["line"] == line).unwrap_or_else(|| panic!("no line {line} in {rows:?}"));
    row["result"].as_str().expect("result")
}

#[test]
fn a_mixed_file_moves_exactly_its_valid_rows_once() {
    let home = tempfile::tempdir().expect("home");
    let dir = tempfile::tempdir().expect("dir");
    let db = mixed_db(home.path(), dir.path());
    let file = dir.path().join("mixed.csv");
    std::fs::write(&file, MIXED).expect("write");
    let file = file.to_str().expect("utf-8");

    let before = stored_content(&db);
    let dry = run_db(home.path(), &db, &["bulk", file, "--dry-run"]);
    assert_eq!(dry.status.code(), Some(3), "{}", stderr(&dry));
    let text = stdout(&dry);
    for line in REFUSED_LINES {
        let row = text.lines().find(|l| l.starts_with(&format!("line {line} "))).unwrap_or_else(|| panic!("{text}"));
        assert!(row.contains("refused:"), "line {line}: {row}");
    }
    assert!(text.contains("more than the ¥3,000 that can still be captured"), "{text}");
    assert!(text.contains("no order has the id or reference \"order_test_nope\""), "{text}");
    assert!(text.contains("\"ten yen\" is not an amount"), "{text}");
    assert!(text.contains("captured automatically and cannot be voided"), "{text}");
    assert!(text.contains("more than the ¥3,000 that can still be refunded"), "the second refund: {text}");
    for line in VALID_LINES {
        assert!(text.contains(&format!("line {line:<5}")) && text.contains("would be sent"), "{text}");
    }
    assert!(text.contains("9 rows: 4 to send, 0 done in an earlier run, 5 refused"), "{text}");
    assert_eq!(stored_content(&db), before, "a dry run changes nothing");

    let first = run_db(home.path(), &db, &["bulk", file, "--yes", "--json"]);
    assert_eq!(first.status.code(), Some(5), "done and refused rows mixed: {}", stderr(&first));
    let rows = json_rows(&first);
    assert_eq!(rows.len(), 9);
    for line in VALID_LINES {
        assert_eq!(result_of(&rows, line), "done", "line {line}");
    }
    for line in REFUSED_LINES {
        assert_eq!(result_of(&rows, line), "refused", "line {line}");
    }
    let m1 = show_json(home.path(), &db, "order_test_m1");
    assert_eq!(figure(&m1, "captured"), 1_000);
    let captures: Vec<&Value> =
        m1["history"].as_array().expect("history").iter().filter(|h| h["type"] == "capture").collect();
    assert_eq!(captures.len(), 1);
    assert_eq!(captures[0]["operator"], "tester (bulk mixed.csv line 2)", "the history names the batch and line");
    assert_eq!(figure(&show_json(home.path(), &db, "order_test_a1"), "refunded"), 5_000);
    assert_eq!(figure(&show_json(home.path(), &db, "order_test_m4"), "captured"), 7_000, "by reference, in full");
    assert_eq!(show_json(home.path(), &db, "order_test_m5")["status"], "canceled");
    assert_eq!(figure(&show_json(home.path(), &db, "order_test_m2"), "captured"), 0);

    let after_first = stored_content(&db);
    let second = run_db(home.path(), &db, &["bulk", file, "--yes", "--json"]);
    assert_eq!(second.status.code(), Some(5), "{}", stderr(&second));
    let rows = json_rows(&second);
    for line in VALID_LINES {
        assert_eq!(result_of(&rows, line), "replayed", "line {line}");
    }
    assert_eq!(stored_content(&db), after_first, "a second run moves nothing");
    let over = rows.iter().find(|r| r["line"] == 3).expect("line 3");
    assert_eq!(over["requested"], 4_000, "a refused row still says what it asked for");

    // The same file from another console (another batch name: other keys, no shared journal).
    // Smartpay's cancellation carries no metadata, so the void is recognised by the order's
    // history: replayed, not refused.
    let elsewhere = run_db(home.path(), &db, &["bulk", file, "--dry-run", "--json", "--batch", "elsewhere"]);
    assert_eq!(result_of(&json_rows(&elsewhere), 10), "replayed", "{}", stdout(&elsewhere));
    assert_eq!(stored_content(&db), after_first);
}

#[test]
fn a_bad_file_exits_2_and_confirmation_limits_hold_off_a_terminal() {
    let home = tempfile::tempdir().expect("home");
    let dir = tempfile::tempdir().expect("dir");
    let db = mixed_db(home.path(), dir.path());
    let before = stored_content(&db);
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "order,operation,colour\norder_test_m1,capture,red\n").expect("write");
    let out = run_db(home.path(), &db, &["bulk", bad.to_str().expect("path")]);
    assert_clean_failure(&out, 2, "an unknown column");
    assert!(stderr(&out).contains("line 1") && stderr(&out).contains("\"colour\""), "{}", stderr(&out));

    let good = dir.path().join("two.csv");
    std::fs::write(&good, "order,operation,amount\norder_test_m1,capture,100\norder_test_m2,capture,100\n")
        .expect("write");
    let good = good.to_str().expect("path");
    let out = run_db(home.path(), &db, &["bulk", good]);
    assert_clean_failure(&out, 2, "no --yes off a terminal");

    let config = dir.path().join("limits.toml");
    std::fs::write(&config, "[bulk]\nconfirm_above_orders = 1\n").expect("config");
    let config = config.to_str().expect("path");
    let out = run_db(home.path(), &db, &["--config", config, "bulk", good, "--yes"]);
    assert_clean_failure(&out, 2, "above the limit, --yes alone");
    assert!(stderr(&out).contains("--expect-rows 2"), "{}", stderr(&out));
    let out = run_db(home.path(), &db, &["--config", config, "bulk", good, "--yes", "--expect-rows", "3"]);
    assert_clean_failure(&out, 2, "a count that does not match");
    assert_eq!(stored_content(&db), before, "nothing was sent");

    let fifo_like = dir.path();
    let out = run_db(home.path(), &db, &["bulk", good, "--yes", "--out", fifo_like.to_str().expect("path")]);
    assert_clean_failure(&out, 2, "--out a folder");
    assert_eq!(stored_content(&db), before, "nothing was sent");

    let csv_out = dir.path().join("result.csv");
    let out = run_db(
        home.path(),
        &db,
        &["--config", config, "bulk", good, "--yes", "--expect-rows", "2", "--out", csv_out.to_str().expect("path")],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let written = std::fs::read_to_string(&csv_out).expect("the CSV");
    assert!(written.starts_with("line,order,operation,requested,moved,result,reason,key,created\n"), "{written}");
    assert_eq!(written.lines().filter(|l| l.contains(",done,")).count(), 2, "{written}");
}

#[test]
fn the_deadline_queue_lists_what_expires_soon_soonest_first() {
    let home = tempfile::tempdir().expect("home");
    let dir = tempfile::tempdir().expect("dir");
    let db = make_db(
        home.path(),
        dir.path(),
        "queue.redb",
        &[
            manual_order("order_test_late", 1_000, 1),
            manual_order("order_test_soon", 2_000, 7 * 24 - 2),
            manual_order("order_test_sooner", 3_000, 7 * 24 - 1),
            automatic_order("order_test_auto", 4_000, 1),
        ],
    );
    let out = run_db(home.path(), &db, &["orders", "list", "--expiring-within", "24h", "--sort", "deadline"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let ids: Vec<String> = stdout(&out)
        .lines()
        .filter(|l| l.starts_with("order_test_"))
        .map(|l| l.split_whitespace().next().unwrap_or("").to_string())
        .collect();
    assert_eq!(ids, ["order_test_sooner", "order_test_soon"], "{}", stdout(&out));
    let out = run_db(home.path(), &db, &["orders", "list", "--expiring-within", "3h", "--status", "expired"]);
    assert_clean_failure(&out, 2, "expiring and expired at once");
}

/// A one-row file: its summary says "1 row", and `orders show` prints the row's derived key
/// whole (it is what `journal resolve` and a person's search need).
#[test]
fn a_one_row_run_says_1_row_and_its_key_is_shown_whole() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    let db = make_db(home, home, "one.redb", &[manual_order("order_test_one", 5_000, 2)]);
    let file = home.join("one.csv");
    std::fs::write(&file, "order,operation,amount\norder_test_one,capture,100\n").unwrap();
    let out = run_db(home, &db, &["bulk", file.to_str().unwrap(), "--yes"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let said = format!("{}{}", stdout(&out), stderr(&out));
    assert!(said.contains("1 row: 1 done") && !said.contains("1 rows"), "{said}");
    let key = show_json(home, &db, "order_test_one")["history"]
        .as_array()
        .unwrap()
        .iter()
        .find_map(|h| h["idempotencyKey"].as_str().filter(|k| k.starts_with("bulk_")).map(str::to_string))
        .expect("the row's key in the history");
    let shown = stdout(&run_db(home, &db, &["orders", "show", "order_test_one"]));
    assert!(shown.contains(&key), "{key} whole in:\n{shown}");
}
