//! What the command line shows: the source it uses (flags beat the environment, which beats
//! the config file; two sources at one level are a usage error), and order data cleaned of
//! control characters on a terminal while `--json` keeps it.
// A test crate: a failed unwrap, expect or panic is how it reports a failure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod cli_support;

use cli_support::{console, make_db, manual_order, stderr, stdout};
use serde_json::Value;
use std::process::Output;

fn info(home: &std::path::Path, env: &[(&str, &str)], args: &[&str]) -> Output {
    let mut cmd = console(home);
    cmd.envs(env.iter().copied()).args(args).args(["info", "--json"]);
    cmd.output().expect("the binary runs")
}

fn source(out: &Output) -> Value {
    assert_eq!(out.status.code(), Some(0), "{}", stderr(out));
    let doc: Value = serde_json::from_slice(&out.stdout).expect("info --json is JSON");
    doc["source"].clone()
}

#[test]
fn the_highest_level_naming_a_source_decides_and_two_at_one_level_are_refused() {
    let home = tempfile::tempdir().expect("home");
    let h = home.path();
    let url = "http://127.0.0.1:9/v1";
    let env_db = [("SMARTPAY_CONSOLE_DB", "/tmp/env-orders.redb")];
    let chosen = source(&info(h, &env_db, &["--api-url", url]));
    assert_eq!(chosen, serde_json::json!({"kind": "online", "url": url, "mode": "read-write", "from": "flag"}));
    let chosen = source(&info(h, &env_db, &["--read-only"]));
    assert_eq!(
        chosen,
        serde_json::json!({"kind": "offline", "path": "/tmp/env-orders.redb", "mode": "read-only", "from": "environment"})
    );
    assert_eq!(source(&info(h, &env_db, &["--demo"]))["kind"], "demo");

    let both = [("SMARTPAY_CONSOLE_DB", "/tmp/a.redb"), ("SMARTPAY_API_URL", url)];
    let out = info(h, &both, &[]);
    cli_support::assert_clean_failure(&out, 2, "two sources in the environment");
    assert!(
        stderr(&out).contains("SMARTPAY_CONSOLE_DB and SMARTPAY_API_URL name two different sources"),
        "{}",
        stderr(&out)
    );
    assert_eq!(source(&info(h, &both, &["--db", "/tmp/flag.redb"]))["from"], "flag", "a flag settles it");

    let out = info(h, &[], &["--db", "/tmp/a.redb", "--api-url", url]);
    assert_eq!(out.status.code(), Some(2), "--db with --api-url is a usage error: {}", stderr(&out));
    let out = info(h, &[], &["--demo", "--api-url", url]);
    assert_eq!(out.status.code(), Some(2), "--demo with --api-url is a usage error: {}", stderr(&out));
}

#[test]
fn order_data_reaches_the_terminal_without_control_characters_and_json_keeps_it() {
    let home = tempfile::tempdir().expect("home");
    let dir = tempfile::tempdir().expect("dir");
    let id = "order_test_Ctl1";
    let mut order = manual_order(id, 5000, 1);
    let name = "山田\u{1b}]0;pwned\u{7}\u{1b}[2J\u{9b}31m\u{202e}";
    order["customerInfo"]["lastName"] = Value::from(name);
    order["reference"] = Value::from("SO-1\r\nstatus      succeeded");
    order["customerInfo"]["emailAddress"] = Value::from("a@b.jp\u{1b}[8m");
    let db = make_db(home.path(), dir.path(), "orders.redb", &[order]);
    for args in [vec!["orders", "list"], vec!["orders", "show", id]] {
        let out = console(home.path()).arg("--db").arg(&db).args(&args).output().expect("runs");
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        let text = stdout(&out);
        let unsafe_char = text.chars().find(|c| (c.is_control() && *c != '\n') || *c == '\u{202e}');
        assert_eq!(unsafe_char, None, "{args:?} printed a control character:\n{text:?}");
        assert!(text.contains("山田]0;pwned[2J31m"), "{args:?} still shows the name, cleaned:\n{text}");
    }
    let out = console(home.path()).arg("--db").arg(&db).args(["orders", "show", id, "--json"]).output().expect("runs");
    let raw = stdout(&out);
    assert!(!raw.chars().any(|c| c.is_control() && c != '\n'), "JSON escapes control characters: {raw:?}");
    assert!(raw.contains("\\u009b") && raw.contains("\\u202e"), "C1 and bidi characters are escaped too: {raw}");
    let doc: Value = serde_json::from_str(&raw).expect("JSON");
    assert_eq!(doc["customerInfo"]["lastName"], name, "--json keeps the data");
}

#[test]
fn generate_writes_no_progress_redraws_into_a_pipe() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("generated.redb");
    let out = console(dir.path()).arg("--db").arg(&db).args(["generate", "--orders", "3"]).output().expect("runs");
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(!err.contains('\r'), "a carriage return reached a pipe: {err:?}");
    assert_eq!(err.lines().count(), 1, "only the summary line: {err:?}");
    assert!(err.starts_with("Generated 3 orders into "), "{err:?}");
}

#[test]
fn a_config_file_warns_once_of_an_unknown_section_and_refuses_an_unknown_key_by_name() {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "[console]\noperator = \"sato\"\n\n[colours]\nbackground = \"navy\"\n").expect("write");
    let out = console(dir.path()).arg("--config").arg(&config).arg("info").output().expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let warning =
        format!("warning: the config file {} has an unknown section [colours]; it is ignored.\n", config.display());
    assert_eq!(stderr(&out), warning, "one warning, once");
    assert!(stdout(&out).contains("operator:     sato"), "the known section is still read");

    std::fs::write(&config, "[console]\nread_onyl = true\n").expect("write");
    let out = console(dir.path()).arg("--config").arg(&config).arg("info").output().expect("runs");
    let err = stderr(&out);
    assert_eq!((out.status.code(), stdout(&out).as_str()), (Some(2), ""), "{err}");
    for part in [config.display().to_string().as_str(), "[console]", "`read_onyl`"] {
        assert!(err.contains(part), "the refusal names {part}: {err}");
    }
}

#[test]
fn credentials_written_into_the_api_url_are_never_shown_by_info() {
    let home = tempfile::tempdir().expect("home");
    let url = ["--api-url", "http://alice:pw-Secret9@127.0.0.1:9/v1"];
    let json = info(home.path(), &[], &url);
    assert_eq!(source(&json)["url"], "http://***@127.0.0.1:9/v1");
    let mut cmd = console(home.path());
    let text = cmd.args(url).arg("info").output().expect("the binary runs");
    for out in [&json, &text] {
        let shown = format!("{}{}", stdout(out), stderr(out));
        assert!(!shown.contains("pw-Secret9") && !shown.contains("alice:"), "{shown}");
    }
    assert!(stdout(&text).contains("http://***@127.0.0.1:9/v1"), "{}", stdout(&text));
}
