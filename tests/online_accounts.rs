//! Two keys on one API URL: each key lists only its own account's orders, however often the
//! console switches between them (a small loopback server that answers by the key it is given).
// A test crate: a failed unwrap, expect or panic is how it reports a failure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod online_support;

use online_support::{Console, Sandbox, automatic_order, manual_order, seed_file};
use smartpay_console::backend::ListQuery;
use smartpay_console::backend::smartpay::wire::wire_order;
use smartpay_console::config::{Overrides, Paths, Settings};
use smartpay_console::domain::Order;
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::Path;

const KEY_A: &str = "sk_test_AccountA1";
const KEY_B: &str = "sk_test_AccountB2";

/// Serves `GET /v1/orders` (and each order, and no checkout sessions) per `Authorization` key.
fn server(accounts: HashMap<&'static str, Vec<Order>>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let url = format!("http://{}/v1", listener.local_addr().expect("address"));
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let mut reader = BufReader::new(stream.try_clone().expect("clone"));
            let mut request = String::new();
            let _ = reader.read_line(&mut request);
            let mut key = String::new();
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                if let Some(value) = line.to_ascii_lowercase().strip_prefix("authorization: basic ") {
                    key = line.trim()[line.len() - value.len()..].trim().to_string();
                }
                line.clear();
            }
            let path = request.split_whitespace().nth(1).unwrap_or("").split('?').next().unwrap_or("").to_string();
            let (status, body) = match accounts.get(key.as_str()) {
                None => ("401 Unauthorized", r#"{"errorCode":"request.unauthorized"}"#.to_string()),
                Some(orders) => answer(&path, orders),
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    url
}

fn answer(path: &str, orders: &[Order]) -> (&'static str, String) {
    let list = |data: Vec<serde_json::Value>| {
        serde_json::json!({"object": "list", "maxResults": 100, "results": data.len(), "data": data}).to_string()
    };
    let wire = |o: &Order| serde_json::to_value(wire_order(o)).expect("wire order");
    match path.strip_prefix("/v1/orders/") {
        Some(id) => match orders.iter().find(|o| o.id == id) {
            Some(order) => ("200 OK", wire(order).to_string()),
            None => ("404 Not Found", r#"{"errorCode":"order.not-found"}"#.to_string()),
        },
        None if path == "/v1/orders" => ("200 OK", list(orders.iter().map(wire).collect())),
        None => ("200 OK", list(vec![])),
    }
}

fn settings(home: &Path, url: &str, key: &str) -> Settings {
    let paths = Paths { config_file: home.join("none.toml"), data_dir: home.join("data"), log_dir: home.join("logs") };
    let flags = Overrides { api_url: Some(url.to_string()), ..Overrides::default() };
    let key = key.to_string();
    Settings::load_from(&flags, paths, move |name| (name == "SMARTPAY_SECRET_KEY").then(|| key.clone()))
        .expect("settings")
}

fn listed(home: &Path, url: &str, key: &str) -> Vec<String> {
    let backend = smartpay_console::online::open(url, &settings(home, url, key)).expect("open online");
    let page = backend.list(&ListQuery::default()).expect("list");
    let mut ids: Vec<String> = page.rows.into_iter().map(|row| row.id).collect();
    ids.sort();
    ids
}

#[test]
fn switching_keys_on_one_url_never_shows_the_other_accounts_orders() {
    let a = vec![manual_order("ownedByA1", 1000), manual_order("ownedByA2", 2000)];
    let b = vec![manual_order("ownedByB1", 3000)];
    let url = server(HashMap::from([(KEY_A, a), (KEY_B, b)]));
    let home = tempfile::tempdir().expect("home");
    for round in 0..2 {
        assert_eq!(listed(home.path(), &url, KEY_A), ["order_test_ownedByA1", "order_test_ownedByA2"], "round {round}");
        assert_eq!(listed(home.path(), &url, KEY_B), ["order_test_ownedByB1"], "round {round}");
    }
    let folders = std::fs::read_dir(home.path().join("data").join("accounts")).expect("accounts folder");
    let names: Vec<String> =
        folders.filter_map(Result::ok).map(|e| e.file_name().to_string_lossy().into_owned()).collect();
    assert!(names.iter().all(|n| !n.contains("Account")), "no key in a file name: {names:?}");
}

#[test]
fn a_malformed_key_is_refused_with_a_sentence_that_does_not_repeat_it() {
    let home = tempfile::tempdir().expect("home");
    let url = "http://127.0.0.1:9/v1";
    let err =
        smartpay_console::online::open(url, &settings(home.path(), url, "sk_test_has spaces")).err().expect("refused");
    let text = err.to_string();
    assert!(text.contains("sk_test_ or sk_live_") && !text.contains("has spaces"), "{text}");
    assert!(!home.path().join("data").exists(), "nothing was written");
}

#[test]
fn each_order_says_test_or_live_as_its_account_on_the_sandbox_does() {
    // A live-format account beside the test one: its objects say `"test": false`. One of its
    // orders has an id naming no mode, so only the API's own flag can say it is live.
    const LIVE: &str = "sk_live_FlagAccount9";
    let files = tempfile::tempdir().expect("temp dir");
    let live_file = files.path().join("live.redb");
    let mut unnamed = automatic_order("Flag3", 3000);
    unnamed.id = "order_Flag3".into();
    let mut live_named = manual_order("Flag1", 1000);
    live_named.id = "order_live_Flag1".into();
    seed_file(&live_file, &[live_named, unnamed], 0);
    let account = format!("{LIVE}={}", live_file.display());
    let sandbox = Sandbox::start_with(&[manual_order("Flag2", 2000)], 0, &["--account", &account]);
    let home = tempfile::tempdir().expect("home");
    let test_console = Console::new(home.path(), &sandbox.url);
    let live_console = Console { key: LIVE.to_string(), ..Console::new(home.path(), &sandbox.url) };

    for (console, expected, ids) in [
        (&live_console, false, vec!["order_Flag3", "order_live_Flag1"]),
        (&test_console, true, vec!["order_test_Flag2"]),
    ] {
        let listed = console.json(&["orders", "list"]);
        let mut seen: Vec<(String, bool)> = listed["data"]
            .as_array()
            .expect("data")
            .iter()
            .map(|o| (o["id"].as_str().expect("id").to_string(), o["test"].as_bool().expect("a test flag")))
            .collect();
        seen.sort();
        assert_eq!(seen, ids.iter().map(|id| (id.to_string(), expected)).collect::<Vec<_>>(), "orders list --json");
        for id in &ids {
            assert_eq!(console.json(&["orders", "show", id])["test"], expected, "orders show {id} --json");
        }
        let exported = console.ok(&["orders", "export", "--format", "jsonl"]);
        let flags: Vec<bool> = exported
            .lines()
            .map(|line| {
                serde_json::from_str::<serde_json::Value>(line).expect("JSONL")["test"].as_bool().expect("flag")
            })
            .collect();
        assert_eq!(flags, vec![expected; ids.len()], "orders export");
    }
}
