//! Smartpay's official Node SDK (@smartpay/sdk-node 0.9.1, installed from npm by `npm ci` in
//! tests/sdk-node, which scripts/test.sh runs) against the sandbox on 127.0.0.1: list and get
//! orders, capture twice, get, update and list payments, refund, get, update and list refunds,
//! cancel — every call returns the documented object, none returns "". Node is required: this
//! test fails, not skips, without it.
// A test crate: a failed unwrap, expect or panic is how it reports a failure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod online_support;

use online_support::{KEY, Sandbox, manual_order};
use std::path::Path;
use std::process::Command;

#[test]
fn the_official_node_sdk_works_against_the_sandbox() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sdk-node");
    let node = Command::new("node").arg("--version").output();
    assert!(
        node.as_ref().is_ok_and(|o| o.status.success()),
        "node is required for this test (scripts/test.sh installs it with apt when missing): {node:?}"
    );
    if !dir.join("node_modules/@smartpay/sdk-node").is_dir() {
        let installed = Command::new("npm").args(["ci", "--no-audit", "--no-fund"]).current_dir(&dir).output();
        assert!(
            installed.as_ref().is_ok_and(|o| o.status.success()),
            "npm ci in tests/sdk-node failed (scripts/test.sh runs it): {installed:?}"
        );
    }
    let sandbox = Sandbox::start(&[manual_order("SdkNode1", 10_000)], 3, 0, 0.0);
    let run = Command::new("node")
        .arg("sdk-test.mjs")
        .current_dir(&dir)
        .env("SANDBOX_URL", &sandbox.url)
        .env("SANDBOX_KEY", KEY)
        .env("SANDBOX_ORDER", "order_test_SdkNode1")
        .output()
        .expect("run node");
    let (stdout, stderr) = (String::from_utf8_lossy(&run.stdout), String::from_utf8_lossy(&run.stderr));
    assert!(run.status.success(), "the Node SDK script failed:\n{stdout}\n{stderr}");
    assert!(stdout.contains("checks passed"), "{stdout}");
    // What the SDK did is what the sandbox holds: two captures, one refund, the rest released.
    let order: serde_json::Value = online_support::http()
        .get(format!("{}/orders/order_test_SdkNode1?expand=all", sandbox.url))
        .header("Authorization", format!("Basic {KEY}"))
        .send()
        .and_then(|r| r.json())
        .expect("the order");
    let payments = order["payments"].as_array().expect("payments");
    let captured: i64 = payments.iter().filter_map(|p| p["amount"].as_i64()).sum();
    let refunds: Vec<i64> = payments
        .iter()
        .flat_map(|p| p["refunds"].as_array().into_iter().flatten())
        .filter_map(|r| r["amount"].as_i64())
        .collect();
    assert_eq!((order["status"].as_str(), captured, refunds), (Some("succeeded"), 1500, vec![300]), "{order}");
}
