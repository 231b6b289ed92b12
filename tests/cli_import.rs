//! `import`: whole file or nothing, every order checked by the domain rules, ids unique across
//! the file and the order file, an existing order never overwritten silently and never rolled
//! back over operations made here. Each test makes its own files in a temp dir.
// A test crate: a failed unwrap, expect or panic is how it reports a failure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod cli_support;

use cli_support::*;
use serde_json::{Value, json};
use std::path::Path;

const AUTO: &str = "order_test_AutoImport01";
const OPEN: &str = "order_test_OpenImport01";

fn write_array(path: &Path, orders: &[Value]) {
    std::fs::write(path, serde_json::to_vec(orders).expect("json")).expect("write import file");
}

fn import(home: &Path, db: &Path, file: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["import", file.to_str().expect("utf-8")];
    args.extend_from_slice(extra);
    run_db(home, db, &args)
}

fn payment(order: &str, id: &str, amount: i64, at: i64, refunds: Value) -> Value {
    json!({"id": id, "object": "payment", "amount": amount, "currency": "JPY", "order": order,
           "status": "processed", "createdAt": at, "refunds": refunds})
}

fn refund(id: &str, payment: &str, amount: i64, at: i64) -> Value {
    json!({"id": id, "object": "refund", "amount": amount, "currency": "JPY", "payment": payment,
           "reason": "requested_by_customer", "status": "succeeded", "createdAt": at})
}

#[test]
fn each_bad_import_is_refused_whole_with_the_problem_and_its_position() {
    let dir = tempfile::tempdir().expect("temp dir");
    let home = dir.path();
    let db = make_db(home, dir.path(), "orders.redb", &[automatic_order(AUTO, 5000, 2)]);
    let before = stored_content(&db);
    let stored_payment = format!("payment_test_{}", AUTO.trim_start_matches("order_test_"));
    let fine = manual_order("order_test_Fine0001", 1000, 1);
    let created = fine["createdAt"].as_i64().expect("createdAt");
    let with = |id: &str, edit: &dyn Fn(&mut Value)| {
        let mut order = manual_order(id, 3000, 1);
        edit(&mut order);
        order
    };
    let captured = |id: &str, payments: Value| {
        with(id, &|o| {
            o["status"] = json!("succeeded");
            o["payments"] = payments.clone();
        })
    };
    let store_owned = format!("already belongs to order {AUTO} in the order file");
    let cases: Vec<(&str, Vec<Value>, &str, &str)> = vec![
        ("bare", vec![json!({"id": "x"})], "entry 1", "has no amount"),
        (
            "1970",
            vec![fine.clone(), with("order_test_Old", &|o| o["createdAt"] = json!(1))],
            "entry 2",
            "createdAt is 1970-01-01",
        ),
        (
            "future",
            vec![with("order_test_Future", &|o| o["createdAt"] = json!(now_ms() + 3 * 24 * HOUR))],
            "entry 1",
            "outside 2015-01-01 to one day from now",
        ),
        (
            "twice",
            vec![fine.clone(), fine.clone()],
            "entry 2",
            "order order_test_Fine0001 appears twice in the file (entry 1 and entry 2)",
        ),
        (
            "shared-payment",
            vec![
                captured(
                    "order_test_A",
                    json!([payment("order_test_A", "payment_test_S", 100, created + 1, json!([]))]),
                ),
                captured(
                    "order_test_B",
                    json!([payment("order_test_B", "payment_test_S", 100, created + 1, json!([]))]),
                ),
            ],
            "entry 2",
            "payment payment_test_S of order order_test_B already belongs to the order at entry 1",
        ),
        (
            "store-payment",
            vec![captured(
                "order_test_C",
                json!([payment("order_test_C", &stored_payment, 100, created + 1, json!([]))]),
            )],
            "entry 1",
            &store_owned,
        ),
        (
            "over-refund",
            vec![captured(
                "order_test_D",
                json!([payment(
                    "order_test_D",
                    "payment_test_D",
                    1000,
                    created + 1,
                    json!([refund("refund_test_D", "payment_test_D", 1500, created + 2)])
                )]),
            )],
            "entry 1",
            "payment payment_test_D is refunded more than it captured",
        ),
        ("currency", vec![with("order_test_E", &|o| o["currency"] = json!("XYZ"))], "entry 1", "currency \"XYZ\""),
        (
            "long-window",
            vec![with("order_test_F", &|o| o["expiresAt"] = json!(created + 30 * 24 * HOUR))],
            "entry 1",
            "within 7 days after createdAt",
        ),
    ];
    for (name, orders, position, sentence) in &cases {
        let file = dir.path().join(format!("{name}.json"));
        write_array(&file, orders);
        let out = import(home, &db, &file, &[]);
        assert_clean_failure(&out, 1, name);
        let err = stderr(&out);
        assert!(err.contains(&format!("{name}.json, {position}: ")), "{name}: position in {err}");
        assert!(err.contains(sentence) && err.contains("nothing was imported"), "{name}: {err}");
        assert_eq!(stored_content(&db), before, "{name}: the order file changed");
    }
    // JSONL is named by line; a directory is not a file to import.
    let jsonl = dir.path().join("bad.jsonl");
    let line = |v: &Value| serde_json::to_string(v).expect("json");
    std::fs::write(&jsonl, format!("{}\n\n{{\"id\": 5}}\n", line(&fine))).expect("write");
    let out = import(home, &db, &jsonl, &[]);
    assert_clean_failure(&out, 1, "bad jsonl");
    assert!(stderr(&out).contains("bad.jsonl: line 3 is not a Smartpay order"), "{}", stderr(&out));
    let out = import(home, &db, dir.path(), &[]);
    assert_clean_failure(&out, 1, "a directory");
    assert!(stderr(&out).contains("not a regular file"), "{}", stderr(&out));
    assert_eq!(stored_content(&db), before);
}

#[test]
fn file_history_is_rebuilt_and_a_missing_deadline_added() {
    let dir = tempfile::tempdir().expect("temp dir");
    let home = dir.path();
    let mut order = manual_order(OPEN, 10_000, 2);
    let created = order["createdAt"].as_i64().expect("createdAt");
    order.as_object_mut().expect("object").remove("expiresAt");
    order["payments"] = json!([payment(OPEN, "payment_test_Open1", 4000, created + HOUR, json!([]))]);
    let entry = |kind: &str, amount: i64, object: &str| {
        json!({"type": kind, "amount": amount, "at": created + HOUR, "operator": "mallory",
               "idempotencyKey": "k-1", "result": "succeeded", "objectId": object})
    };
    order["history"] =
        json!([entry("capture", 4000, "payment_test_Open1"), entry("refund", 999_999, "refund_test_Nope")]);
    let file = dir.path().join("history.json");
    write_array(&file, &[order]);
    let db = dir.path().join("orders.redb");

    let dry = import(home, &db, &file, &["--dry-run"]);
    assert!(dry.status.success(), "{}", stderr(&dry));
    assert!(stderr(&dry).contains("1 order would be imported"), "{}", stderr(&dry));
    assert!(!db.exists(), "a dry run creates nothing");

    let out = import(home, &db, &file, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let summary = stderr(&out);
    for part in
        ["Imported 1 order", "1 capture deadline added", "1 history entry kept as imported", "1 history entry dropped"]
    {
        assert!(summary.contains(part), "{part:?} in {summary}");
    }
    let shown = show_json(home, &db, OPEN);
    assert_eq!(shown["expiresAt"].as_i64(), Some(created + 7 * 24 * HOUR), "createdAt + 7 days");
    assert_eq!(figure(&shown, "capturable"), 6000);
    let history = shown["history"].as_array().expect("history");
    let kinds: Vec<&str> = history.iter().filter_map(|h| h["type"].as_str()).collect();
    assert_eq!(kinds, ["authorization", "capture"], "rebuilt from the payments: {history:?}");
    assert_eq!(history[1]["operator"], "mallory (imported)");
    assert!(history.iter().all(|h| h["amount"] != 999_999), "an entry matching nothing is dropped");
}

#[test]
fn an_older_copy_of_a_refunded_order_never_rolls_the_refund_back() {
    let dir = tempfile::tempdir().expect("temp dir");
    let home = dir.path();
    let db = make_db(home, dir.path(), "orders.redb", &[automatic_order(AUTO, 5000, 2)]);
    let older = dir.path().join("older.jsonl");
    let out = run_db(home, &db, &["orders", "export", "--out", older.to_str().expect("utf-8")]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(run_db(home, &db, &["refund", AUTO, "1200"]).status.success());
    let before = stored_content(&db);

    let out = import(home, &db, &older, &[]);
    assert_clean_failure(&out, 1, "older copy");
    let err = stderr(&out);
    assert!(err.contains(AUTO) && err.contains("different money") && err.contains("--replace"), "{err}");
    let out = import(home, &db, &older, &["--replace"]);
    assert_clean_failure(&out, 1, "older copy with --replace");
    assert!(stderr(&out).contains("carries operations made there"), "{}", stderr(&out));
    assert_eq!(stored_content(&db), before, "nothing was written");
    assert_eq!(figure(&show_json(home, &db, AUTO), "refunded"), 1200);

    // The console's own fresh export re-imports as identical: skipped, nothing written.
    let fresh = dir.path().join("fresh.jsonl");
    assert!(run_db(home, &db, &["orders", "export", "--out", fresh.to_str().expect("utf-8")]).status.success());
    let out = import(home, &db, &fresh, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("Imported 0 orders") && stderr(&out).contains("1 identical order skipped"));
    assert_eq!(stored_content(&db), before);
}

#[test]
fn replace_overwrites_an_order_that_changed_elsewhere() {
    let dir = tempfile::tempdir().expect("temp dir");
    let home = dir.path();
    let db = make_db(home, dir.path(), "orders.redb", &[manual_order(OPEN, 10_000, 2)]);
    // The same order, captured through another console since.
    let mut newer = manual_order(OPEN, 10_000, 2);
    let created = show_json(home, &db, OPEN)["createdAt"].as_i64().expect("createdAt");
    newer["createdAt"] = json!(created);
    newer["expiresAt"] = json!(created + 7 * 24 * HOUR);
    newer["payments"] = json!([payment(OPEN, "payment_test_Elsewhere", 2500, created + HOUR, json!([]))]);
    let file = dir.path().join("newer.json");
    write_array(&file, &[newer]);
    let out = import(home, &db, &file, &[]);
    assert_clean_failure(&out, 1, "different without --replace");
    let out = import(home, &db, &file, &["--replace"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("1 order replaced"), "{}", stderr(&out));
    let shown = show_json(home, &db, OPEN);
    assert_eq!((figure(&shown, "captured"), figure(&shown, "capturable")), (2500, 7500));
    let list: Value = serde_json::from_slice(&run_db(home, &db, &["orders", "list", "--json"]).stdout).expect("json");
    assert_eq!(list["total"], 1, "replaced, not added");
}
