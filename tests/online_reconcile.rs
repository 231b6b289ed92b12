//! `reconcile` online, against the sandbox: a refund made directly on the API (no console
//! metadata) is `refund-outside-console`, and with a shop file showing less refunded also
//! `possible-duplicate-refund`; a refund made by another console (another home, its own
//! journal) is known by its metadata and is not reported.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod online_support;

use online_support::{Console, KEY, automatic_order};
use serde_json::Value;

#[test]
fn a_refund_made_on_the_api_directly_is_found_and_one_by_another_console_is_not() {
    let seeded = [automatic_order("RecDup", 10_000), automatic_order("RecOther", 5_000)];
    let (sandbox, home, console) = online_support::sandbox_and_console(&seeded, 0, 0, 0.0);
    // A refund through this console, and one by another console (another host: its own journal).
    console.ok(&["refund", "order_test_RecDup", "1000"]);
    let elsewhere = tempfile::tempdir().expect("another home");
    Console::new(elsewhere.path(), &sandbox.url).ok(&["refund", "order_test_RecOther", "500"]);
    // A refund straight on the API, as the dashboard or another integration makes it.
    let direct = sandbox.call(
        "POST",
        "/v1/refunds",
        KEY,
        Some("dashboard-refund-1"),
        Some(r#"{"payment":"payment_test_RecDup","amount":1000,"currency":"JPY","reason":"requested_by_customer"}"#),
    );
    assert_eq!(direct.status, 200, "{}", direct.body);
    let direct_id = direct.body["id"].as_str().expect("refund id").to_string();

    let shop = home.path().join("shop.csv");
    std::fs::write(
        &shop,
        "order,amount,captured,refunded,status\norder_test_RecDup,10000,10000,1000,returned\norder_test_RecOther,5000,5000,500,returned\n",
    )
    .expect("shop file");
    let before = sandbox.stat("requests");
    let out = console.run(&["reconcile", "--shop", shop.to_str().expect("utf-8"), "--json"]);
    assert_eq!(out.status.code(), Some(6), "{}", String::from_utf8_lossy(&out.stderr));
    let findings: Vec<Value> =
        String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).expect("a JSON line")).collect();
    let kinds: Vec<(&str, &str)> =
        findings.iter().map(|f| (f["order"].as_str().unwrap_or(""), f["kind"].as_str().unwrap_or(""))).collect();
    assert_eq!(
        kinds,
        vec![("order_test_RecDup", "possible-duplicate-refund"), ("order_test_RecDup", "refund-outside-console")],
        "{findings:#?}"
    );
    let refunds = findings[0]["console"]["refunds"].as_array().expect("refunds");
    let outside: Vec<&Value> = refunds.iter().filter(|r| r["key"].is_null()).collect();
    assert_eq!(outside.len(), 1);
    assert_eq!(outside[0]["id"], direct_id.as_str());
    assert!(refunds.iter().any(|r| r["key"].is_string() && r["operator"] == "tanaka"), "{refunds:?}");
    // Only the order with a money finding was read again, not one request per order.
    let spent = sandbox.stat("requests") - before;
    assert!(spent < 20, "{spent} requests");
}

/// Issue 12: a shop file with dates lists only the orders created within them (newest first,
/// down to the first page past the range), not the whole account; an older order the file
/// names is read by id, so a refund made on the dashboard since it was last synced is still
/// found. The same two rows without dates list every order, as every run did before.
#[test]
fn a_dated_shop_file_lists_only_its_days_and_reads_older_named_orders_by_id() {
    use smartpay_console::domain::OrderStatus;
    use smartpay_console::domain::time::{format_iso, now_millis};
    const DAY: i64 = 24 * 3_600_000;
    let aged = |mut order: smartpay_console::domain::Order, days: i64| {
        order.created_at -= days * DAY;
        let payments = order
            .payments()
            .iter()
            .map(|p| smartpay_console::domain::Payment::new(p.id(), p.amount(), p.created_at() - days * DAY, vec![]))
            .collect();
        order.set_payments(payments).expect("the same payments, earlier");
        order.history.iter_mut().for_each(|h| h.at -= days * DAY);
        order.expires_at = order.expires_at.map(|e| e - days * DAY);
        order
    };
    let mut seeded = vec![automatic_order("RecToday", 10_000), aged(automatic_order("RecMonth", 3_000), 30)];
    // 1,200 older orders that were never authorized: never `missing-in-shop`, whatever the
    // range, so both runs below find the same and differ only in what they list.
    for i in 0..1_200 {
        let mut order = aged(online_support::manual_order(&format!("RecOld{i}"), 1_000), 40);
        order.status = OrderStatus::Rejected;
        seeded.push(order);
    }
    let (sandbox, home, console) = online_support::sandbox_and_console(&seeded, 0, 0, 0.0);
    let direct = sandbox.call(
        "POST",
        "/v1/refunds",
        KEY,
        Some("dashboard-refund-month"),
        Some(r#"{"payment":"payment_test_RecMonth","amount":500,"currency":"JPY","reason":"requested_by_customer"}"#),
    );
    assert_eq!(direct.status, 200, "{}", direct.body);
    let now = format_iso(now_millis());
    let dated = home.path().join("dated.csv");
    std::fs::write(
        &dated,
        format!(
            "order,amount,captured,refunded,updated_at\norder_test_RecToday,10000,10000,0,{now}\norder_test_RecMonth,3000,3000,0,{now}\n"
        ),
    )
    .expect("shop file");
    let before = sandbox.stat("requests");
    let out = console.run(&["reconcile", "--shop", dated.to_str().expect("utf-8"), "--json"]);
    let spent_dated = sandbox.stat("requests") - before;
    assert_eq!(out.status.code(), Some(6), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("\"order\":\"order_test_RecMonth\"") && stdout.contains("possible-duplicate-refund"),
        "{stdout}"
    );

    let undated = home.path().join("undated.csv");
    std::fs::write(
        &undated,
        "order,amount,captured,refunded\norder_test_RecToday,10000,10000,0\norder_test_RecMonth,3000,3000,0\n",
    )
    .expect("shop file");
    let elsewhere = tempfile::tempdir().expect("a fresh home: an empty mirror, like the first run");
    let before = sandbox.stat("requests");
    let out =
        Console::new(elsewhere.path(), &sandbox.url).run(&["reconcile", "--shop", undated.to_str().expect("utf-8")]);
    let spent_undated = sandbox.stat("requests") - before;
    assert_eq!(out.status.code(), Some(6), "{}", String::from_utf8_lossy(&out.stderr));
    eprintln!("requests for 2 shop rows against 1,202 orders: dated {spent_dated}, undated {spent_undated}");
    assert!(spent_dated * 2 < spent_undated, "dated {spent_dated}, undated {spent_undated}");
}
