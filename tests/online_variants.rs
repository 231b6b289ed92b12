//! Issue 9, acceptance: the whole CLI journey — a list over several API pages, show, two
//! captures, a refund split over both payments, a void — against the sandbox serving each
//! documented shape (`--variant`), alone and all combined: the figures a user sees are the same
//! every time, and right.
// A test crate: a failed unwrap, expect or panic is how it reports a failure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod online_support;

use online_support::{Console, Sandbox, manual_order, refunded_order};
use rand::SeedableRng;
use rand::rngs::StdRng;
use serde_json::{Value, json};
use smartpay_console::demo::generator::synthetic_order;
use smartpay_console::domain::Order;
use smartpay_console::domain::time::now_millis;
use std::collections::BTreeMap;

const VARIANTS: [&str; 4] = ["refunds-as-ids", "refunds-absent", "nulls", "no-capture-method"];
/// The console reads `GET /orders` 100 at a time (`maxResults=100`): 249 orders take three pages.
const SYNTHETIC: u64 = 247;
const _: () = assert!(SYNTHETIC + 2 > 2 * 100);
const MAIN: &str = "order_test_JourneyMain";
const REFUNDED: &str = "order_test_JourneyRefunded";

/// The orders every run serves, made once (one clock, one seed) so each sandbox holds the same.
fn orders() -> Vec<Order> {
    let now = now_millis();
    let mut rng = StdRng::seed_from_u64(9);
    let mut orders: Vec<Order> = (0..SYNTHETIC).map(|n| synthetic_order(&mut rng, n, SYNTHETIC, now)).collect();
    orders.extend([manual_order("JourneyMain", 10_000), refunded_order("JourneyRefunded", 5000, 1200)]);
    orders
}

/// What a user reads, by name (`list before row ID`, `capture 1 result`, …): a difference names itself.
type Figures = BTreeMap<String, Value>;

/// The money figures of an order document: its status, summary and each payment's refunds.
fn order_figures(document: &Value) -> Value {
    let payments: Vec<Value> = document["payments"]
        .as_array()
        .map(|payments| {
            payments
                .iter()
                .map(|p| {
                    let refunds: Option<Vec<Value>> = p["refunds"]
                        .as_array()
                        .map(|r| r.iter().map(|r| json!([r["amount"], r["reason"], r["status"]])).collect());
                    json!({"amount": p["amount"], "refunds": refunds})
                })
                .collect()
        })
        .unwrap_or_default();
    json!({"status": document["status"], "summary": document["summary"], "payments": payments})
}

fn list_figures(console: &Console, figures: &mut Figures, step: &str) {
    let list = console.json(&["orders", "list", "--limit", "1000"]);
    for field in ["results", "matching", "total", "warnings"] {
        figures.insert(format!("{step} {field}"), list[field].clone());
    }
    for row in list["data"].as_array().expect("rows") {
        let id = row["id"].as_str().expect("row id");
        figures.insert(format!("{step} row {id}"), order_figures(row));
    }
}

/// Runs an operation with `--json`: its exit status, verdict, what moved, each part, and the
/// order it read afresh.
fn operate(console: &Console, figures: &mut Figures, step: &str, args: &[&str]) {
    let mut all = args.to_vec();
    all.push("--json");
    let out = console.run(&all);
    let stderr = String::from_utf8_lossy(&out.stderr);
    figures.insert(format!("{step} exit"), json!(out.status.code()));
    let result: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{step}: {e}; {stderr}"));
    let parts: Vec<Value> =
        result["parts"].as_array().expect("parts").iter().map(|p| json!([p["amount"], p["result"]])).collect();
    figures.insert(format!("{step} result"), json!([result["result"], result["requested"], result["moved"], parts]));
    figures.insert(format!("{step} warnings"), result["warnings"].clone());
    figures.insert(format!("{step} order"), order_figures(&result["order"]));
}

/// The journey on a fresh sandbox (with `variants`) and a fresh console home.
fn journey(orders: &[Order], variants: &[&str]) -> Figures {
    let flags: Vec<&str> = variants.iter().flat_map(|v| ["--variant", v]).collect();
    let sandbox = Sandbox::start_with(orders, 0, &flags);
    let home = tempfile::tempdir().expect("home");
    let console = Console::new(home.path(), &sandbox.url);
    let mut figures = Figures::new();
    let before = sandbox.stats();

    list_figures(&console, &mut figures, "list before");
    for id in [REFUNDED, MAIN] {
        figures.insert(format!("show {id}"), order_figures(&console.json(&["orders", "show", id])));
    }
    operate(&console, &mut figures, "capture 1", &["capture", MAIN, "3000"]);
    operate(&console, &mut figures, "capture 2", &["capture", MAIN, "¥2,000"]);
    operate(&console, &mut figures, "refund", &["refund", MAIN, "2500"]);
    operate(&console, &mut figures, "void", &["void", MAIN]);
    figures.insert(format!("show {MAIN} after"), order_figures(&console.json(&["orders", "show", MAIN])));
    list_figures(&console, &mut figures, "list after");

    let stats = sandbox.stats();
    let mut serving: Vec<&str> =
        stats["variants"].as_array().expect("variants").iter().filter_map(Value::as_str).collect();
    serving.sort_unstable();
    let mut asked = variants.to_vec();
    asked.sort_unstable();
    assert_eq!(serving, asked, "the sandbox serves the variants asked for");
    let moved = ["payments", "refunds", "voids"].map(|n| stats[n].as_i64().zip(before[n].as_i64()).map(|(a, b)| a - b));
    figures.insert("sandbox moved".into(), json!(moved));
    figures
}

/// The no-variant run is right in absolute terms: every row as seeded, the journey's sums.
fn assert_right(orders: &[Order], figures: &Figures) {
    let count = json!(orders.len());
    for field in ["results", "matching", "total"] {
        assert_eq!(figures[&format!("list before {field}")], count, "{field}: every order listed");
    }
    assert_eq!(figures["list before warnings"], json!([]));
    for order in orders {
        let row = &figures[&format!("list before row {}", order.id)]["summary"];
        let refunded: i64 = order.payments().iter().flat_map(|p| p.refunds()).map(|r| r.amount()).sum();
        assert_eq!(
            (row["captured"].as_i64(), row["refunded"].as_i64(), row["complete"].as_bool()),
            (Some(order.payments().iter().map(|p| p.amount()).sum()), Some(refunded), Some(true)),
            "{}: {row}",
            order.id
        );
    }

    let refunded = &figures[&format!("show {REFUNDED}")];
    assert_eq!(
        refunded["payments"],
        json!([{"amount": 5000, "refunds": [[1200, "requested_by_customer", "succeeded"]]}])
    );
    assert_eq!(
        (refunded["summary"]["refunded"].as_i64(), refunded["summary"]["refundable"].as_i64()),
        (Some(1200), Some(3800))
    );
    assert_eq!(figures[&format!("show {MAIN}")]["summary"]["capturable"], 10_000);

    let summary = |step: &str, field: &str| figures[&format!("{step} order")]["summary"][field].as_i64();
    for (step, moved) in [("capture 1", 3000), ("capture 2", 2000), ("refund", 2500), ("void", 5000)] {
        assert_eq!(figures[&format!("{step} exit")], json!(Some(0)), "{step}");
        assert_eq!(figures[&format!("{step} result")][2], moved, "{step}: moved");
        assert_eq!(figures[&format!("{step} warnings")], json!([]), "{step}");
    }
    assert_eq!((summary("capture 1", "captured"), summary("capture 1", "capturable")), (Some(3000), Some(7000)));
    assert_eq!((summary("capture 2", "captured"), summary("capture 2", "capturable")), (Some(5000), Some(5000)));
    assert_eq!(
        figures["refund result"][3],
        json!([[2000, "done"], [500, "done"]]),
        "split: the newest payment (¥2,000) first"
    );
    assert_eq!((summary("refund", "refunded"), summary("refund", "refundable")), (Some(2500), Some(2500)));
    let after = &figures[&format!("show {MAIN} after")];
    assert_eq!(after["status"], "succeeded");
    let summary = &after["summary"];
    assert_eq!(
        [
            &summary["captured"],
            &summary["refunded"],
            &summary["canceled"],
            &summary["capturable"],
            &summary["refundable"]
        ],
        [&json!(5000), &json!(2500), &json!(5000), &json!(0), &json!(2500)],
        "{summary}"
    );
    assert_eq!(
        after["payments"],
        json!([
            {"amount": 3000, "refunds": [[500, "requested_by_customer", "succeeded"]]},
            {"amount": 2000, "refunds": [[2000, "requested_by_customer", "succeeded"]]},
        ])
    );
    assert_eq!(figures["list after total"], count);
    assert_eq!(figures["sandbox moved"], json!([2, 2, 1]), "two payments, two refunds, one void: no more");
    assert_eq!(figures[&format!("list after row {MAIN}")], *after, "the list agrees with show");
}

/// Every figure that differs from the no-variant run: `name: expected … got …`.
fn differences(expected: &Figures, got: &Figures) -> Vec<String> {
    let names: std::collections::BTreeSet<&String> = expected.keys().chain(got.keys()).collect();
    names
        .into_iter()
        .filter(|name| expected.get(*name) != got.get(*name))
        .map(|name| {
            let shown = |figure: Option<&Value>| figure.map_or_else(|| "nothing".to_string(), Value::to_string);
            format!("{name}: expected {}, got {}", shown(expected.get(name)), shown(got.get(name)))
        })
        .collect()
}

#[test]
fn the_cli_journey_reads_the_same_figures_in_every_variant() {
    let orders = orders();
    let plain = journey(&orders, &[]);
    assert_right(&orders, &plain);
    let alone = VARIANTS.map(|v| vec![v]);
    for variants in alone.iter().map(Vec::as_slice).chain([&VARIANTS[..]]) {
        let differ = differences(&plain, &journey(&orders, variants));
        assert!(differ.is_empty(), "--variant {variants:?}:\n{}", differ.join("\n"));
    }
}
