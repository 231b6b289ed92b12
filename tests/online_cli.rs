//! The CLI works online exactly as offline, against the sandbox on a loopback port: listing
//! over more than one API page, show, two partial captures, a refund split over two payments,
//! void, and each over-limit case refused with its sentence and exit 3.
// A test crate: a failed unwrap, expect or panic is how it reports a failure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod online_support;

use online_support::{Console, automatic_order, manual_order};

fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn cli_lists_shows_captures_refunds_and_voids_online() {
    // 130 generated + 3 seeded: the sync reads two pages of 100.
    let seeded =
        [manual_order("CliMain1", 10_000), manual_order("CliOver2", 5_000), automatic_order("CliAuto3", 3_000)];
    let (sandbox, home, console) = online_support::sandbox_and_console(&seeded, 130, 0, 0.0);

    let listing = console.ok(&["orders", "list", "--limit", "500"]);
    assert!(listing.contains("133 of 133 orders shown"), "{listing}");
    let found = console.ok(&["orders", "list", "--search", "hanako.climain1"]);
    assert!(found.contains("order_test_CliMain1") && found.contains("山田 花子"), "search covers customers: {found}");
    // A JSON list of 50 rows is served from the mirror the sync just filled: no request per row.
    let before = sandbox.stat("requests");
    let rows = console.json(&["orders", "list"]);
    assert_eq!(rows["data"].as_array().map(Vec::len), Some(50));
    let made = sandbox.stat("requests") - before;
    assert!(made < 10, "{made} requests for a list of 50");

    let shown = console.json(&["orders", "show", "order_test_CliMain1"]);
    assert_eq!(shown["captureMethod"], "manual", "from the checkout session");
    assert_eq!(shown["summary"]["capturable"], 10_000);

    let id = "order_test_CliMain1";
    let first = console.json(&["capture", id, "3000"]);
    let second = console.json(&["capture", id, "¥2,000"]);
    assert_eq!(first["created"].as_array().map(Vec::len), Some(1));
    assert_eq!(second["order"]["summary"]["captured"], 5000);
    assert_eq!(second["order"]["summary"]["capturable"], 5000);

    let refund = console.json(&["refund", id, "2500"]);
    let created = refund["created"].as_array().expect("created").clone();
    assert_eq!(created.len(), 2, "split over the two payments: {refund}");
    let payments = refund["order"]["payments"].as_array().expect("payments");
    let refunded: Vec<i64> = payments
        .iter()
        .map(|p| p["refunds"].as_array().map_or(0, |r| r.iter().filter_map(|x| x["amount"].as_i64()).sum()))
        .collect();
    assert_eq!(refunded, vec![500, 2000], "newest payment first");

    let void = console.json(&["void", id]);
    assert_eq!(void["order"]["status"], "succeeded");
    assert_eq!(void["amount"], 5000, "the uncaptured remainder is released");

    // Each over-limit case: its sentence on stderr, exit 3, nothing sent.
    let before = sandbox.stats();
    let cases: [(&[&str], &str); 5] = [
        (&["capture", "order_test_CliOver2", "6000"], "¥6,000 is more than the ¥5,000 that can still be captured"),
        (&["refund", id, "2501"], "¥2,501 is more than the ¥2,500 that can still be refunded"),
        (&["capture", id, "1"], "Only an order awaiting capture can be captured; this order is succeeded."),
        (&["void", id], "Only an order awaiting capture can be voided"),
        (&["void", "order_test_CliAuto3"], "captured automatically and cannot be voided: refund it instead"),
    ];
    for (args, sentence) in cases {
        let out = console.run(args);
        assert_eq!(out.status.code(), Some(3), "{args:?}: {}", stderr_of(&out));
        assert!(stderr_of(&out).contains(sentence), "{args:?}: {}", stderr_of(&out));
    }
    let after = sandbox.stats();
    assert_eq!(
        (before["payments"].clone(), before["refunds"].clone()),
        (after["payments"].clone(), after["refunds"].clone())
    );

    // The history says who did what under which key, which the API itself does not record.
    let shown = console.json(&["orders", "show", id]);
    let history = shown["history"].as_array().expect("history");
    let ours: Vec<&serde_json::Value> = history.iter().filter(|h| h["operator"] == "tanaka").collect();
    assert_eq!(ours.len(), 5, "two captures, two refund parts, one void: {history:?}");
    let refund_key = refund["idempotencyKey"].as_str().expect("key");
    let keys: Vec<&str> = ours.iter().filter_map(|h| h["idempotencyKey"].as_str()).collect();
    assert!(keys.contains(&format!("{refund_key}.1").as_str()) && keys.contains(&format!("{refund_key}.2").as_str()));

    // A missing order and a wrong key read as sentences, not dumps.
    let missing = console.run(&["orders", "show", "order_test_Nope"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(stderr_of(&missing).contains("No order with id order_test_Nope."), "{}", stderr_of(&missing));
    let mut wrong = Console::new(home.path(), &sandbox.url);
    wrong.key = "sk_live_Wrong1".into();
    let refused = wrong.run(&["orders", "show", id]);
    assert!(stderr_of(&refused).contains("refused the secret key (401"), "{}", stderr_of(&refused));
}

#[test]
fn a_429_with_retry_after_one_second_is_waited_out_and_the_command_succeeds() {
    let (sandbox, _home, console) = online_support::sandbox_and_console(&[manual_order("Wait1", 4_000)], 0, 0, 0.0);
    let id = "order_test_Wait1";
    let limit = r#"{"count":1,"method":"GET","path":"/v1/orders/order_test_Wait1","when":"before","status":429,"retryAfter":1}"#;
    assert_eq!(sandbox.call("POST", "/_sandbox/faults", online_support::KEY, None, Some(limit)).status, 200);
    let started = std::time::Instant::now();
    let shown = console.json(&["orders", "show", id]);
    assert!(started.elapsed() >= std::time::Duration::from_secs(1), "waited {:?}", started.elapsed());
    assert_eq!((shown["id"].as_str(), shown["summary"]["capturable"].as_i64()), (Some(id), Some(4_000)));
    assert_eq!(sandbox.stat("failedBefore"), 1, "the 429 was answered, then the request asked again");
}

#[test]
fn an_operation_that_could_not_read_its_order_says_nothing_changed() {
    let (sandbox, _home, console) = online_support::sandbox_and_console(&[manual_order("Away1", 4_000)], 0, 0, 0.0);
    console.ok(&["orders", "show", "order_test_Away1"]);
    let busy = r#"{"count":200,"method":"GET","path":"/v1/orders/order_test_Away1","when":"before"}"#;
    assert_eq!(sandbox.call("POST", "/_sandbox/faults", online_support::KEY, None, Some(busy)).status, 200);
    let out = console.run(&["capture", "order_test_Away1", "1000"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    assert!(stderr_of(&out).contains("503") && stderr_of(&out).contains("(nothing changed)"), "{}", stderr_of(&out));
    assert_eq!(sandbox.stat("payments"), 0, "nothing was sent");
}
