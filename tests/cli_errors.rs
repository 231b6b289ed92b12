//! What an operator sees when something is wrong: a malformed amount, an unknown order, a
//! missing, corrupt or unwritable file, a refusal by a payment rule. Each is one sentence on
//! stderr with the documented exit status, never a panic or a `Debug` dump, and nothing changes.
// A test crate: a failed unwrap, expect or panic is how it reports a failure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod cli_support;

use cli_support::*;
use serde_json::Value;

const OPEN: &str = "order_test_CliOpen0001";
const AUTO: &str = "order_test_CliAuto0001";

fn setup() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = make_db(
        dir.path(),
        dir.path(),
        "orders.redb",
        &[manual_order(OPEN, 10_000, 1), automatic_order(AUTO, 5_000, 2)],
    );
    (dir, db)
}

#[test]
fn each_malformed_amount_is_refused_with_its_sentence_and_nothing_changes() {
    let (dir, db) = setup();
    let home = dir.path();
    let before = stored_content(&db);
    let history_before = show_json(home, &db, OPEN)["history"].clone();
    let cases = [
        ("-5", "must be positive"),
        ("0", "more than zero"),
        ("1.5", "JPY has no minor unit"),
        ("1e3", "Exponents such as 1e3 are not accepted"),
        ("abc", "\"abc\" is not an amount"),
        ("", "Enter an amount"),
        ("99999999999999999999999", "too large"),
        ("9007199254740993", "too large"),
        ("12,34", "thousands separators in \"12,34\" are misplaced"),
        ("$100", "\"$\" is not the sign of JPY"),
    ];
    for (amount, sentence) in cases {
        for verb in ["capture", "refund"] {
            let out = run_db(home, &db, &[verb, OPEN, amount]);
            let what = format!("{verb} {amount:?}");
            assert_ne!(out.status.code(), Some(0), "{what} was accepted");
            assert_clean_failure(&out, 2, &what);
            assert!(stderr(&out).contains(sentence), "{what}: expected {sentence:?}, got {}", stderr(&out));
        }
    }
    assert!(stored_content(&db) == before, "a refused amount changed the stored orders");
    assert_eq!(show_json(home, &db, OPEN)["history"], history_before);
}

#[test]
fn each_documented_amount_form_captures_one_thousand_yen() {
    let (dir, db) = setup();
    let home = dir.path();
    for (i, amount) in ["1000", "1,000", "¥1,000", "1000円", "１０００", "￥１，０００"].iter().enumerate()
    {
        let out = run_db(home, &db, &["capture", OPEN, amount]);
        assert!(out.status.success(), "capture {amount:?}: {}", stderr(&out));
        assert!(stdout(&out).contains("Captured ¥1,000"), "{}", stdout(&out));
        let order = show_json(home, &db, OPEN);
        assert_eq!(figure(&order, "captured"), 1000 * (i as i64 + 1), "after {amount:?}");
    }
}

#[test]
fn rule_refusals_exit_3_and_change_nothing() {
    let (dir, db) = setup();
    let home = dir.path();
    let before = show_json(home, &db, OPEN);
    let stored_before = stored_content(&db);
    let over = run_db(home, &db, &["capture", OPEN, "10001"]);
    assert_clean_failure(&over, 3, "over-limit capture");
    assert!(stderr(&over).contains("¥10,001 is more than the ¥10,000 that can still be captured"), "{}", stderr(&over));
    let refund = run_db(home, &db, &["refund", OPEN, "1"]);
    assert_clean_failure(&refund, 3, "refund with nothing captured");
    assert!(stderr(&refund).contains("nothing to refund"), "{}", stderr(&refund));
    let void = run_db(home, &db, &["void", AUTO]);
    assert_clean_failure(&void, 3, "void on automatic capture");
    assert!(stderr(&void).contains("cannot be voided: refund it instead"), "{}", stderr(&void));
    let capture_auto = run_db(home, &db, &["capture", AUTO, "1"]);
    assert_clean_failure(&capture_auto, 3, "capture on automatic capture");
    let over_refund = run_db(home, &db, &["refund", AUTO, "5001"]);
    assert_clean_failure(&over_refund, 3, "over-limit refund");
    assert_eq!(show_json(home, &db, OPEN)["history"], before["history"]);
    // A refusal spends its idempotency key (the same key replays the refusal); nothing else changes.
    let (keys, orders): (Vec<_>, Vec<_>) = stored_content(&db).into_iter().partition(|(k, _)| k.starts_with("key "));
    let (keys_before, orders_before): (Vec<_>, Vec<_>) =
        stored_before.into_iter().partition(|(k, _)| k.starts_with("key "));
    assert!(orders == orders_before, "a refusal changed the stored orders");
    assert_eq!(keys.len(), keys_before.len() + 5, "each refused key is recorded as spent");
}

#[test]
fn an_unknown_order_id_is_one_sentence_and_exit_1() {
    let (dir, db) = setup();
    for args in [
        vec!["orders", "show", "order_test_Nope"],
        vec!["capture", "order_test_Nope", "100"],
        vec!["refund", "order_test_Nope", "100"],
        vec!["void", "order_test_Nope"],
    ] {
        let out = run_db(dir.path(), &db, &args);
        assert_clean_failure(&out, 1, &args.join(" "));
        assert!(stderr(&out).contains("No order with id order_test_Nope."), "{}", stderr(&out));
    }
}

#[test]
fn a_missing_file_is_explained_and_not_created() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("missing.redb");
    let commands =
        [vec!["orders", "list"], vec!["orders", "show", OPEN], vec!["capture", OPEN, "100"], vec!["migrate"]];
    for args in commands {
        let out = run_db(dir.path(), &db, &args);
        assert_clean_failure(&out, 1, &args.join(" "));
        assert!(stderr(&out).contains("does not exist"), "{}", stderr(&out));
    }
    assert!(!db.exists(), "reading a missing file must not create it");
}

#[test]
fn corrupt_and_foreign_files_are_explained() {
    let (dir, good) = setup();
    let home = dir.path();
    let real = std::fs::read(&good).expect("read db");
    let mut noise = Vec::with_capacity(64 * 1024);
    let mut x: u32 = 0x9e37_79b9;
    for _ in 0..64 * 1024 {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        noise.push(x as u8);
    }
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("random.redb", noise),
        ("truncated.redb", real[..real.len() / 3].to_vec()),
        ("header-only.redb", real[..512.min(real.len())].to_vec()),
        ("text.redb", b"id,amount\norder_test_1,1000\n".to_vec()),
        ("empty.redb", Vec::new()),
        ("orders.json", std::fs::read(dir.path().join("orders.redb.json")).expect("json")),
    ];
    for (name, bytes) in files {
        let path = dir.path().join(name);
        std::fs::write(&path, &bytes).expect("write");
        for args in [vec!["orders", "list"], vec!["capture", OPEN, "100"]] {
            let out = run_db(home, &path, &args);
            let what = format!("{name}: {}", args.join(" "));
            assert_clean_failure(&out, 1, &what);
            let err = stderr(&out);
            assert!(err.contains(name), "{what}: the sentence names the file: {err}");
        }
    }
}

#[test]
fn an_unwritable_path_is_explained() {
    let dir = tempfile::tempdir().expect("temp dir");
    let home = dir.path();
    let import_file = dir.path().join("one.json");
    std::fs::write(&import_file, serde_json::to_vec(&[manual_order(OPEN, 1000, 1)]).expect("json")).expect("write");
    let import = import_file.to_str().expect("utf-8");
    let targets = [
        dir.path().to_path_buf(),                      // a directory
        dir.path().join("no/such/folder/orders.redb"), // under a folder that does not exist
        "/proc/orders.redb".into(),                    // a filesystem nobody may create files in
        "/proc/version".into(),                        // a file nobody may write
    ];
    for target in &targets {
        for args in [vec!["generate", "--orders", "3"], vec!["import", import]] {
            let out = run_db(home, target, &args);
            let what = format!("{} into {}", args[0], target.display());
            assert_clean_failure(&out, 1, &what);
        }
    }
    // An export to a place it cannot go says so, and names the file asked for.
    let db = make_db(home, dir.path(), "orders.redb", &[manual_order(OPEN, 1000, 1)]);
    let nowhere = dir.path().join("no/such/folder/export.jsonl");
    let folder = dir.path().join("a-folder");
    std::fs::create_dir(&folder).expect("mkdir");
    for (out_path, reason) in [(&nowhere, "its folder does not exist"), (&folder, "Cannot write")] {
        let out = run_db(home, &db, &["orders", "export", "--out", out_path.to_str().expect("utf-8")]);
        assert_clean_failure(&out, 1, &format!("export to {}", out_path.display()));
        let err = stderr(&out);
        assert!(err.contains(out_path.to_str().expect("utf-8")) && err.contains(reason), "{err}");
        assert!(!err.contains(".smartpay-export-"), "the hidden temporary file is not the user's business: {err}");
    }
}

#[test]
fn json_output_follows_the_contract_and_the_operator_is_recorded() {
    let (dir, db) = setup();
    let home = dir.path();
    let out = console(home)
        .args(["--operator", "suzuki", "--db"])
        .arg(&db)
        .args(["capture", OPEN, "2500", "--json"])
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", stderr(&out));
    let result: Value = serde_json::from_slice(&out.stdout).expect("capture --json is JSON");
    let key = result["idempotencyKey"].as_str().expect("idempotencyKey").to_string();
    assert_eq!(result["amount"], 2500);
    let order = show_json(home, &db, OPEN);
    for field in ["id", "amount", "currency", "status", "captureMethod", "customerInfo", "reference", "expiresAt"] {
        assert!(!order[field].is_null(), "{field} missing in {order}");
    }
    assert!(order["createdAt"].as_i64().is_some_and(|t| t > 1_600_000_000_000), "createdAt in epoch ms");
    assert_eq!(order["customerInfo"]["lastNameKana"], "ヤマダ");
    assert_eq!(order["customerInfo"]["address"]["postalCode"], "107-0061");
    let payments = order["payments"].as_array().expect("payments expanded");
    assert_eq!(payments.len(), 1);
    assert!(payments[0]["refunds"].is_array(), "each payment has its refunds");
    for (name, value) in
        [("captured", 2500), ("refunded", 0), ("canceled", 0), ("capturable", 7500), ("refundable", 2500)]
    {
        assert_eq!(figure(&order, name), value, "summary.{name}");
    }
    let last = order["history"].as_array().and_then(|h| h.last()).expect("history").clone();
    for field in ["type", "amount", "at", "operator", "idempotencyKey", "result"] {
        assert!(last.get(field).is_some(), "history entry lacks {field}: {last}");
    }
    assert_eq!(last["type"], "capture");
    assert_eq!(last["operator"], "suzuki");
    assert_eq!(last["idempotencyKey"], key.as_str());
    assert_eq!(last["result"], "succeeded");

    let list = run_db(home, &db, &["orders", "list", "--json"]);
    let list: Value = serde_json::from_slice(&list.stdout).expect("list --json is JSON");
    assert_eq!(list["data"].as_array().map(Vec::len), Some(2));
    let refund = run_db(home, &db, &["refund", OPEN, "1,000", "--reason", "fraudulent", "--json"]);
    let refund: Value = serde_json::from_slice(&refund.stdout).expect("refund --json is JSON");
    assert_eq!(refund["order"]["payments"][0]["refunds"][0]["reason"], "fraudulent");
    let void = run_db(home, &db, &["void", OPEN, "--json"]);
    let void: Value = serde_json::from_slice(&void.stdout).expect("void --json is JSON");
    assert_eq!(void["amount"], 7500, "void releases the uncaptured remainder");
    assert_eq!(void["order"]["status"], "succeeded");
    assert_eq!(figure(&void["order"], "canceled"), 7500);
}

#[test]
fn export_jsonl_reimports_to_the_same_orders_and_csv_has_a_row_each() {
    let (dir, db) = setup();
    let home = dir.path();
    assert!(run_db(home, &db, &["capture", OPEN, "3000"]).status.success());
    assert!(run_db(home, &db, &["refund", AUTO, "1200"]).status.success());
    let jsonl = dir.path().join("export.jsonl");
    let out = run_db(home, &db, &["orders", "export", "--format", "jsonl", "--out", jsonl.to_str().expect("utf-8")]);
    assert!(out.status.success(), "{}", stderr(&out));
    let lines: Vec<Value> = std::fs::read_to_string(&jsonl)
        .expect("export written")
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    assert_eq!(lines.len(), 2);
    // The import format is a JSON array of the same objects.
    let array = dir.path().join("export.json");
    std::fs::write(&array, serde_json::to_vec(&lines).expect("json")).expect("write");
    let copy = dir.path().join("copy.redb");
    let imported = run_db(home, &copy, &["import", array.to_str().expect("utf-8")]);
    assert!(imported.status.success(), "{}", stderr(&imported));
    for id in [OPEN, AUTO] {
        let (mut a, mut b) = (show_json(home, &db, id), show_json(home, &copy, id));
        // The history is rebuilt, what the file claims about operators marked as imported.
        let (history_a, history_b) = (a["history"].take(), b["history"].take());
        assert_eq!(a, b, "{id} differs after export and re-import");
        let operators = |h: &Value| -> Vec<Value> {
            h.as_array().expect("history").iter().map(|e| e["operator"].clone()).collect()
        };
        let marked: Vec<Value> = operators(&history_a)
            .into_iter()
            .map(|o| o.as_str().map_or(Value::Null, |name| Value::from(format!("{name} (imported)"))))
            .collect();
        assert_eq!(operators(&history_b), marked, "{id}: history {history_b}");
    }
    let csv = run_db(home, &db, &["orders", "export", "--format", "csv"]);
    let text = stdout(&csv);
    let rows: Vec<&str> = text.lines().collect();
    assert_eq!(rows.len(), 3, "header and one row per order:\n{text}");
    assert!(rows[0].starts_with("id,created_at,reference,status"), "{}", rows[0]);
    assert!(rows.iter().any(|r| r.starts_with(OPEN) && r.contains(",10000,3000,0,")), "{text}");
}

#[test]
fn an_invalid_import_is_refused_whole_naming_the_first_problem() {
    let (dir, db) = setup();
    let home = dir.path();
    let mut over = manual_order("order_test_Over", 1000, 1);
    over["payments"] = serde_json::json!([{"id": "payment_test_X", "object": "payment", "amount": 1500,
        "currency": "JPY", "order": "order_test_Over", "status": "processed", "createdAt": 1, "refunds": []}]);
    let mut no_id = manual_order("", 1000, 1);
    no_id["id"] = Value::String(String::new());
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, serde_json::to_vec(&[manual_order("order_test_Fine", 1000, 1), over, no_id]).expect("json"))
        .expect("write");
    let out = run_db(home, &db, &["import", bad.to_str().expect("utf-8")]);
    assert_clean_failure(&out, 1, "invalid import");
    let err = stderr(&out);
    assert!(
        err.contains("entry 2") && err.contains("order_test_Over") && err.contains("nothing was imported"),
        "{err}"
    );
    let not_json = dir.path().join("not.json");
    std::fs::write(&not_json, "id,amount\n").expect("write");
    let out = run_db(home, &db, &["import", not_json.to_str().expect("utf-8")]);
    assert_clean_failure(&out, 1, "non-JSON import");
    let missing = run_db(home, &db, &["import", "/no/such/file.json"]);
    assert_clean_failure(&missing, 1, "missing import file");
    // Hostile figures: a negative refund (refundable beyond what was captured), amounts that
    // overflow a sum. Each is refused with a sentence, never a panic or a wrapped-around total.
    let max = 1i64 << 53;
    let payment = |id: &str, amount: i64, refunds: Value| {
        serde_json::json!({"id": id, "object": "payment", "amount": amount, "currency": "JPY",
            "order": "order_test_Hostile", "status": "processed", "createdAt": 2, "refunds": refunds})
    };
    let refund = |amount: i64| {
        serde_json::json!({"id": "refund_test_H", "object": "refund", "amount": amount, "currency": "JPY",
            "payment": "payment_test_H", "reason": "requested_by_customer", "status": "succeeded", "createdAt": 3})
    };
    let cases = [
        (1000, vec![payment("payment_test_H", 1000, serde_json::json!([refund(-500)]))], "has an amount of -500"),
        (i64::MAX, vec![], "has an amount of 9223372036854775807"),
        (
            max,
            vec![payment("payment_test_H1", max, Value::Null), payment("payment_test_H2", max, Value::Null)],
            "add up to more than",
        ),
        (max, vec![payment("payment_test_H", i64::MAX, Value::Null)], "has an amount of 9223372036854775807"),
        (
            max,
            vec![payment("payment_test_H", max, serde_json::json!([refund(max), refund(max)]))],
            "is refunded more than it captured",
        ),
    ];
    for (i, (amount, payments, sentence)) in cases.into_iter().enumerate() {
        let mut order = automatic_order("order_test_Hostile", amount.min(max), 1);
        order["amount"] = amount.into();
        let payments: Vec<Value> = payments
            .into_iter()
            .map(|mut p| {
                if p["refunds"].is_null() {
                    p["refunds"] = serde_json::json!([]);
                }
                p
            })
            .collect();
        order["payments"] = payments.into();
        let file = dir.path().join(format!("hostile-{i}.json"));
        std::fs::write(&file, serde_json::to_vec(&[order]).expect("json")).expect("write");
        let out = run_db(home, &db, &["import", file.to_str().expect("utf-8")]);
        assert_clean_failure(&out, 1, &format!("hostile import {i}"));
        assert!(stderr(&out).contains(sentence), "hostile import {i}: {}", stderr(&out));
    }
    let list = run_db(home, &db, &["orders", "list", "--json"]);
    let list: Value = serde_json::from_slice(&list.stdout).expect("JSON");
    assert_eq!(list["total"], 2, "the valid first entry was not imported either");
}

#[test]
fn info_prints_the_paths_in_use() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = console(dir.path()).args(["--db", "/srv/orders.redb", "info"]).output().expect("runs");
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    for label in ["config file:", "data dir:", "log dir:", "offline db:   /srv/orders.redb", "operator:     tester"] {
        assert!(text.contains(label), "info lacks {label:?}:\n{text}");
    }
    assert!(text.contains(dir.path().to_str().expect("utf-8")), "paths follow the XDG dirs:\n{text}");
    let json = console(dir.path()).args(["info", "--json"]).output().expect("runs");
    let json: Value = serde_json::from_slice(&json.stdout).expect("info --json is JSON");
    assert!(json["configFile"].as_str().is_some_and(|p| p.ends_with("config.toml")));
}
