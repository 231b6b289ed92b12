//! `--idempotency-key` offline: the same key twice moves money once and replays the first
//! result (a refusal included, exit 3); the same key for another amount is a usage error.
// A test crate: a failed unwrap, expect or panic is how it reports a failure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod cli_support;

use cli_support::{assert_clean_failure, figure, make_db, manual_order, run_db, show_json, stderr};
use serde_json::Value;

const ID: &str = "order_test_Keyed1";

fn json(out: &std::process::Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("JSON on stdout ({e}): {}", stderr(out)))
}

#[test]
fn a_script_that_passes_the_same_key_twice_moves_money_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let home = dir.path();
    let db = make_db(home, home, "keyed.redb", &[manual_order(ID, 10_000, 2)]);

    let capture = ["capture", ID, "1,000", "--idempotency-key", "nightly-2024_01", "--json"];
    let first = run_db(home, &db, &capture);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let first = json(&first);
    assert_eq!((first["moved"].as_i64(), first["replayed"].as_bool()), (Some(1000), Some(false)));
    assert_eq!(first["result"], "done");
    assert_eq!(first["parts"][0]["result"], "done");
    assert_eq!(first["idempotencyKey"], "nightly-2024_01");

    let second = run_db(home, &db, &capture);
    assert_eq!(second.status.code(), Some(0), "{}", stderr(&second));
    let second = json(&second);
    assert_eq!((second["moved"].as_i64(), second["replayed"].as_bool()), (Some(1000), Some(true)));
    assert_eq!(second["parts"][0]["id"], first["parts"][0]["id"], "the first result, not a new payment");
    assert_eq!(figure(&show_json(home, &db, ID), "captured"), 1000, "captured once");

    let other = run_db(home, &db, &["capture", ID, "2000", "--idempotency-key", "nightly-2024_01"]);
    assert_clean_failure(&other, 2, "the same key for another amount");
    assert!(stderr(&other).contains("already used for a different request"), "{}", stderr(&other));
    let bad = run_db(home, &db, &["capture", ID, "100", "--idempotency-key", "has space"]);
    assert_clean_failure(&bad, 2, "a key outside [A-Za-z0-9_-]");
    let part_like = run_db(home, &db, &["capture", ID, "100", "--idempotency-key", "nightly.1"]);
    assert_clean_failure(&part_like, 2, "a key that looks like a part key");

    // A refused key is spent: the refusal is its result, replayed with exit 3.
    let over = ["capture", ID, "99,999", "--idempotency-key", "over-1", "--json"];
    let refused = run_db(home, &db, &over);
    assert_eq!(refused.status.code(), Some(3), "{}", stderr(&refused));
    let refused = json(&refused);
    assert_eq!((refused["result"].as_str(), refused["moved"].as_i64()), (Some("refused"), Some(0)));
    let again = run_db(home, &db, &over);
    assert_eq!(again.status.code(), Some(3), "{}", stderr(&again));
    assert_eq!(json(&again)["replayed"], true);
    assert!(stderr(&again).contains("refused then (nothing changed)"), "{}", stderr(&again));
    assert_eq!(figure(&show_json(home, &db, ID), "captured"), 1000, "nothing more moved");
}
