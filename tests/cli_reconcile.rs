//! `reconcile --shop FILE` through the real binary: planted differences of every kind found with
//! the right kind, rows that match (in every amount form, through a column map) finding nothing,
//! the fix plan in the bulk format, and a bad shop file refused naming its lines.
// A test crate: a failed unwrap, expect or panic is how it reports a failure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod cli_support;

use cli_support::*;
use serde_json::{Value, json};
use smartpay_console::domain::time::format_iso;
use std::collections::BTreeMap;
use std::path::Path;

const HEADER: &str = "注文ID,注文番号,合計,売上,返金,状態,更新日時,メモ";
const MAP: &str =
    "注文ID=order,注文番号=reference,合計=amount,売上=captured,返金=refunded,状態=status,更新日時=updated_at";
const MAP_STATUS: &str = "発送済み=shipped,キャンセル=canceled,返品=returned,受付=open";

fn with_refund(mut order: Value, refund_id: &str, amount: i64) -> Value {
    let at = order["createdAt"].as_i64().expect("createdAt") + 2000;
    let payment = order["payments"][0]["id"].clone();
    order["payments"][0]["refunds"] = json!([{
        "id": refund_id, "object": "refund", "amount": amount, "currency": "JPY", "payment": payment,
        "reason": "requested_by_customer", "status": "succeeded", "createdAt": at
    }]);
    order
}

fn row(cells: [&str; 7]) -> String {
    let quoted: Vec<String> = cells.iter().map(|c| format!("\"{c}\"")).collect();
    format!("{},メモ\n", quoted.join(","))
}

fn reconcile(home: &Path, db: &Path, shop: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["reconcile", "--shop", shop.to_str().expect("utf-8"), "--map", MAP, "--map-status", MAP_STATUS];
    args.extend_from_slice(extra);
    run_db(home, db, &args)
}

#[test]
fn every_planted_difference_is_found_and_matching_rows_find_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let home = dir.path();
    let orders = vec![
        automatic_order("order_test_m1", 5_000, 3),
        automatic_order("order_test_m2", 3_000, 3),
        manual_order("order_test_m3", 8_000, 3),
        automatic_order("order_test_amount", 4_000, 3),
        manual_order("order_test_captured", 6_000, 3),
        automatic_order("order_test_refunded", 7_000, 3),
        with_refund(automatic_order("order_test_dup", 10_000, 3), "refund_test_dashboard", 1_000),
        automatic_order("order_test_cancel", 9_000, 3),
        manual_order("order_test_ship", 2_000, 10),
        manual_order("order_test_expiring", 2_500, 150),
        automatic_order("order_test_stale", 3_300, 5),
        automatic_order("order_test_unknown_to_shop", 1_100, 2),
        automatic_order("order_test_before_the_file", 1_200, 400),
    ];
    let db = make_db(home, home, "orders.redb", &orders);
    for id in ["order_test_m2", "order_test_dup"] {
        let out = run_db(home, &db, &["refund", id, "1000"]);
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let now = format_iso(now_ms() + 60_000);
    let earlier = format_iso(now_ms() - 10 * HOUR);
    let mut shop = format!("\u{feff}{HEADER}\n");
    // Rows that match, in every amount form, by id or by reference alone.
    shop += &row(["order_test_m1", "", "5000", "¥5,000", "0", "発送済み", &now]);
    shop += &row(["", "SO-order_test_m2", "3,000", "3000円", "¥1,000", "返品", &now]);
    shop += &row(["order_test_m3", "SO-order_test_m3", "８，０００", "0", "", "受付", &now]);
    // One planted difference each.
    shop += &row(["order_test_amount", "", "4,500", "4,000", "0", "", &now]);
    shop += &row(["order_test_captured", "", "6,000", "6,000", "0", "受付", &now]);
    shop += &row(["order_test_refunded", "", "7,000", "7,000", "2,000", "返品", &now]);
    shop += &row(["order_test_dup", "", "10,000", "10,000", "1,000", "返品", &now]);
    shop += &row(["order_test_cancel", "", "9,000", "9,000", "0", "キャンセル", &now]);
    shop += &row(["order_test_ship", "", "2,000", "0", "0", "発送済み", &now]);
    shop += &row(["order_test_expiring", "", "2,500", "0", "0", "発送済み", &now]);
    shop += &row(["order_test_stale", "", "3,300", "3,300", "0", "", &earlier]);
    shop += &row(["order_test_ghost", "", "1,000", "1,000", "0", "発送済み", &now]);
    let shop_path = home.join("shop.csv");
    std::fs::write(&shop_path, shop).expect("write shop file");
    let plan = home.join("plan.csv");
    let out_csv = home.join("findings.csv");
    let out = reconcile(
        home,
        &db,
        &shop_path,
        &[
            "--json",
            "--fix-plan",
            plan.to_str().expect("utf-8"),
            "--out",
            out_csv.to_str().expect("utf-8"),
            "--format",
            "csv",
        ],
    );
    assert_eq!(out.status.code(), Some(6), "{}", stderr(&out));
    let findings: Vec<Value> = stdout(&out).lines().map(|l| serde_json::from_str(l).expect("a JSON line")).collect();
    let mut by_order: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for f in &findings {
        let order = f["order"].as_str().expect("order").to_string();
        by_order.entry(order).or_default().push(f["kind"].as_str().expect("kind").to_string());
        let keys: Vec<&str> = f.as_object().expect("object").keys().map(String::as_str).collect();
        assert_eq!(keys.len(), 8, "exactly the documented fields: {keys:?}");
    }
    let expect = |order: &str, kinds: &[&str]| {
        let found = by_order.get(order).cloned().unwrap_or_default();
        assert_eq!(found, kinds, "{order}: {}", stdout(&out));
    };
    for matching in ["order_test_m1", "order_test_m2", "order_test_m3", "order_test_before_the_file"] {
        expect(matching, &[]);
    }
    expect("order_test_amount", &["amount-mismatch"]);
    expect("order_test_captured", &["captured-mismatch"]);
    expect("order_test_refunded", &["refunded-mismatch"]);
    expect("order_test_dup", &["possible-duplicate-refund", "refund-outside-console"]);
    expect("order_test_cancel", &["canceled-but-captured"]);
    expect("order_test_ship", &["shipped-but-uncaptured"]);
    expect("order_test_expiring", &["expiring-uncaptured"]);
    expect("order_test_stale", &["stale"]);
    expect("order_test_unknown_to_shop", &["missing-in-shop"]);
    expect("order_test_ghost", &["missing-at-smartpay"]);
    let dup = findings.iter().find(|f| f["kind"] == "possible-duplicate-refund").expect("the duplicate");
    let refunds = dup["console"]["refunds"].as_array().expect("refunds");
    assert_eq!(refunds.len(), 2);
    assert!(refunds.iter().any(|r| r["id"] == "refund_test_dashboard" && r["key"].is_null()));
    assert!(refunds.iter().any(|r| r["key"].is_string() && r["operator"] == "tester"));
    let cancel = findings.iter().find(|f| f["kind"] == "canceled-but-captured").expect("the cancel");
    assert_eq!(cancel["fix"]["command"], "refund order_test_cancel 9,000 --reason requested_by_customer");
    let plan = std::fs::read_to_string(&plan).expect("the fix plan");
    let mut lines = plan.lines();
    assert_eq!(lines.next(), Some("order,operation,amount,reason,key"));
    let rows: Vec<&str> = lines.collect();
    for expected in [
        "order_test_captured,capture,\"6,000\",,rc-",
        "order_test_refunded,refund,\"2,000\",requested_by_customer,rc-",
        "order_test_cancel,refund,\"9,000\",requested_by_customer,rc-",
        "order_test_ship,capture,\"2,000\",,rc-",
        "order_test_expiring,capture,\"2,500\",,rc-",
    ] {
        assert!(rows.iter().any(|r| r.starts_with(expected)), "{expected} in\n{plan}");
    }
    assert_eq!(rows.len(), 5, "{plan}");
    let csv = std::fs::read_to_string(&out_csv).expect("--out");
    assert!(csv.starts_with("kind,severity,order,reference,"));
    assert_eq!(csv.lines().count(), findings.len() + 1);

    // Acknowledged differences leave the run; high ones alone still fail at --fail-on high.
    let ignore = home.join("ignore.csv");
    std::fs::write(
        &ignore,
        "order,kind,reason\norder_test_dup,possible-duplicate-refund,booked by hand\norder_test_cancel,canceled-but-captured,refund pending\norder_test_expiring,expiring-uncaptured,shipping today\norder_test_ghost,missing-at-smartpay,paid by bank transfer\n",
    )
    .expect("write ignore");
    let out = reconcile(home, &db, &shop_path, &["--fail-on", "high", "--ignore", ignore.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(0), "{}\n{}", stdout(&out), stderr(&out));
    let report = stdout(&out);
    assert!(report.contains("MEDIUM (") && !report.contains("HIGH ("), "{report}");
    assert!(report.contains("4 known differences ignored"), "{report}");
    assert!(report.contains("Totals per kind:"), "{report}");
}

#[test]
fn a_bad_shop_file_is_refused_naming_its_lines_and_nothing_is_compared() {
    let dir = tempfile::tempdir().expect("temp dir");
    let home = dir.path();
    let db = make_db(
        home,
        home,
        "orders.redb",
        &[automatic_order("order_test_a", 5_000, 3), automatic_order("order_test_b", 6_000, 3)],
    );
    let shop_path = home.join("shop.csv");
    let plan = home.join("plan.csv");
    std::fs::write(&plan, "kept").expect("an older plan");
    std::fs::write(
        &shop_path,
        "order,reference,amount,captured,refunded\norder_test_a,SO-order_test_b,5000,5000,0\norder_test_b,,6000,6000,0\norder_test_b,,6000,6000,0\n",
    )
    .expect("write");
    let out = run_db(
        home,
        &db,
        &["reconcile", "--shop", shop_path.to_str().expect("utf-8"), "--fix-plan", plan.to_str().expect("utf-8")],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("line 4: order order_test_b is listed twice: on line 3 and here."), "{err}");
    assert!(stdout(&out).is_empty());
    std::fs::write(&shop_path, "order,reference,amount,captured,refunded\norder_test_a,SO-order_test_b,5000,5000,0\n")
        .expect("write");
    let out = run_db(
        home,
        &db,
        &["reconcile", "--shop", shop_path.to_str().expect("utf-8"), "--fix-plan", plan.to_str().expect("utf-8")],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(
            "line 2: order order_test_a has the reference \"SO-order_test_a\" at Smartpay, not \"SO-order_test_b\""
        ),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read_to_string(&plan).expect("plan"), "kept", "nothing written");
}
