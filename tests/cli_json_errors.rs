//! `--json` is accepted by every command, and a failure then prints only
//! `{"error": {"code", "message", "exit"}}` on stdout, with the exit status it names — so a
//! script never parses English. A result that describes the failure itself (an operation's
//! outcome, `check`'s report) carries the same `error` member instead.
// A test crate: a failed unwrap, expect or panic is how it reports a failure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod cli_support;

use cli_support::*;
use serde_json::Value;
use std::process::Output;

const OPEN: &str = "order_test_JsonOpen0001";
const AUTO: &str = "order_test_JsonAuto0001";

/// The one JSON document on stdout, which must hold only `error`; checks its exit and code.
fn error_only(out: &Output, exit: i32, code: &str, what: &str) -> Value {
    let text = stdout(out);
    assert_eq!(out.status.code(), Some(exit), "{what}: exit status (stdout {text}, stderr {})", stderr(out));
    assert_eq!(text.trim_end().lines().count(), 1, "{what}: one line on stdout, got {text:?}");
    let doc: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{what}: stdout is not JSON ({e}): {text}"));
    let keys: Vec<_> = doc.as_object().expect("an object").keys().cloned().collect();
    assert_eq!(keys, ["error"], "{what}: only `error` on stdout");
    let error = &doc["error"];
    assert_eq!(error["exit"], exit, "{what}: {doc}");
    assert_eq!(error["code"], code, "{what}: {doc}");
    let message = error["message"].as_str().expect("a message");
    assert!(message.len() > 10 && !message.contains('\n'), "{what}: a one-line sentence, got {message:?}");
    doc
}

#[test]
fn every_command_answers_a_bad_config_file_with_the_error_object() {
    let dir = tempfile::tempdir().expect("temp dir");
    let missing = dir.path().join("no-such-config.toml");
    let commands: [&[&str]; 20] = [
        &["orders", "list"],
        &["orders", "show", OPEN],
        &["orders", "export"],
        &["capture", OPEN, "100"],
        &["refund", OPEN, "100"],
        &["void", OPEN],
        &["journal", "list"],
        &["journal", "resolve", "k1", "--not-done", "--note", "x"],
        &["journal", "repair"],
        &["import", "orders.json"],
        &["generate", "--orders", "1"],
        &["sandbox"],
        &["info"],
        &["check"],
        &["migrate"],
        &["info", "--check"],
        &["check", "--journal"],
        &["orders", "export", "--format", "csv"],
        &["bulk", "rows.csv", "--dry-run"],
        &["reconcile", "--shop", "shop.csv"],
    ];
    for args in commands {
        // --json after the command, and before it: both are accepted.
        let out = console(dir.path()).arg("--config").arg(&missing).args(args).arg("--json").output().expect("runs");
        let doc = error_only(&out, 2, "config.invalid", &format!("{args:?} --json"));
        assert!(doc["error"]["message"].as_str().unwrap().contains("no-such-config.toml"), "{doc}");
        let out = console(dir.path()).arg("--json").arg("--config").arg(&missing).args(args).output().expect("runs");
        error_only(&out, 2, "config.invalid", &format!("--json {args:?}"));
    }
}

#[test]
fn usage_errors_found_by_the_parser_are_the_error_object_too() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cases: [&[&str]; 6] = [
        &["orders", "list", "--bogus", "--json"],
        &["--json", "orders"],
        &["--json", "capture", OPEN],
        &["completions", "tcsh", "--json"],
        &["man", "extra", "--json"],
        &["--json", "refund", OPEN, "100", "--reason", "bored"],
    ];
    for args in cases {
        error_only(&console(dir.path()).args(args).output().expect("runs"), 2, "usage", &format!("{args:?}"));
    }
    // Without --json the parser's English stays on stderr and stdout is empty.
    let out = console(dir.path()).args(["orders", "list", "--bogus"]).output().expect("runs");
    assert_eq!((out.status.code(), stdout(&out).as_str()), (Some(2), ""));
    assert!(stderr(&out).contains("--bogus"));
    // The interactive console has no JSON form: refused, as JSON.
    error_only(&console(dir.path()).arg("--json").output().expect("runs"), 2, "usage", "--json alone");
}

#[test]
fn failures_of_each_kind_carry_their_documented_code_and_exit() {
    let dir = tempfile::tempdir().expect("temp dir");
    let home = dir.path();
    let db = make_db(home, home, "orders.redb", &[manual_order(OPEN, 10_000, 1), automatic_order(AUTO, 5_000, 2)]);
    let json = |args: &[&str]| run_db(home, &db, &[args, &["--json"]].concat());
    error_only(&json(&["orders", "show", "order_test_Nope"]), 1, "order.not_found", "unknown order");
    error_only(&json(&["capture", OPEN, "abc"]), 2, "amount.invalid", "bad amount");
    error_only(&json(&["capture", OPEN, "1", "--idempotency-key", "a b"]), 2, "idempotency_key.invalid", "bad key");
    error_only(&json(&["orders", "export", "--excel"]), 2, "usage", "--excel with jsonl");
    error_only(&json(&["import", "no-such-file.json"]), 1, "import.refused", "missing import file");
    error_only(&json(&["--read-only", "void", OPEN]), 2, "read_only", "read-only");
    let missing = home.join("missing.redb");
    let out = console(home).arg("--db").arg(&missing).args(["orders", "list", "--json"]).output().expect("runs");
    error_only(&out, 1, "file.missing", "missing --db");
    let out = console(home).args(["orders", "list", "--json"]).output().expect("runs");
    error_only(&out, 2, "source.missing", "no source");

    // An operation's outcome describes the failure itself: one object, with `error` inside.
    let out = json(&["void", AUTO]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(3), "{text}");
    let doc: Value = serde_json::from_str(&text).expect("one JSON document");
    assert_eq!(
        (doc["result"].as_str(), doc["error"]["code"].as_str(), doc["error"]["exit"].as_i64()),
        (Some("refused"), Some("refused"), Some(3))
    );
    // Done: no `error`.
    let out = json(&["capture", OPEN, "100"]);
    let doc: Value = serde_json::from_str(&stdout(&out)).expect("one JSON document");
    assert_eq!((out.status.code(), doc["result"].as_str(), doc.get("error")), (Some(0), Some("done"), None));
}

#[test]
fn completions_and_the_man_page_come_from_the_binary_without_a_config_or_source() {
    let dir = tempfile::tempdir().expect("temp dir");
    let missing = dir.path().join("no-such-config.toml");
    let out = console(dir.path()).arg("--config").arg(&missing).args(["completions", "bash"]).output().expect("runs");
    let script = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(script.contains("complete -F") && script.contains("capture") && script.contains("journal"), "{script}");
    let out = console(dir.path()).arg("man").output().expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains(".TH smartpay-console 1"), "roff with its title");
}
