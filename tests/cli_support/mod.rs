//! Shared by the CLI and store integration tests: run the real binary in a sealed environment
//! and make order files from JSON written here, so every test owns its data.

#![allow(dead_code)] // each test binary uses its own part of this module

use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const BIN: &str = env!("CARGO_BIN_EXE_smartpay-console");
pub const HOUR: i64 = 3_600_000;

pub fn now_ms() -> i64 {
    let since = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("clock after 1970");
    since.as_millis() as i64
}

/// The binary with no config file, no `SMARTPAY_*` variables and its own home under `home`.
pub fn console(home: &Path) -> Command {
    let mut cmd = Command::new(BIN);
    for (key, _) in std::env::vars() {
        if key.starts_with("SMARTPAY") {
            cmd.env_remove(key);
        }
    }
    cmd.env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("USER", "tester")
        .env("NO_COLOR", "1");
    cmd
}

/// Runs `smartpay-console --db DB ARGS…`.
pub fn run_db(home: &Path, db: &Path, args: &[&str]) -> Output {
    console(home).arg("--db").arg(db).args(args).output().expect("the binary runs")
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A manual-capture order awaiting capture, authorized `age_h` hours ago.
pub fn manual_order(id: &str, amount: i64, age_h: i64) -> Value {
    let created = now_ms() - age_h * HOUR;
    json!({
        "id": id, "object": "order", "amount": amount, "currency": "JPY",
        "status": "requires_capture", "captureMethod": "manual",
        "customerInfo": {
            "lastName": "山田", "firstName": "太郎", "lastNameKana": "ヤマダ", "firstNameKana": "タロウ",
            "emailAddress": "taro.yamada@example.jp", "phoneNumber": "+819012345678",
            "address": {"line1": "北青山 3-6-7", "line2": "", "locality": "港区",
                        "administrativeArea": "東京都", "postalCode": "107-0061", "country": "JP"}
        },
        "reference": format!("SO-{id}"),
        "createdAt": created,
        "expiresAt": created + 7 * 24 * HOUR,
        "lineItems": [{"object": "lineItem", "quantity": 1,
                       "price": {"amount": amount, "currency": "JPY", "product": {"name": "ワイヤレスイヤホン"}}}],
        "payments": []
    })
}

/// An automatic-capture order, wholly captured when placed.
pub fn automatic_order(id: &str, amount: i64, age_h: i64) -> Value {
    let mut order = manual_order(id, amount, age_h);
    let created = order["createdAt"].as_i64().expect("createdAt");
    order["captureMethod"] = json!("automatic");
    order["status"] = json!("succeeded");
    order["payments"] = json!([{
        "id": format!("payment_test_{}", id.trim_start_matches("order_test_")), "object": "payment",
        "amount": amount, "currency": "JPY", "order": id, "status": "processed",
        "createdAt": created + 1000, "refunds": []
    }]);
    order
}

/// Writes `orders` as an import file and imports it into a new order file `dir/name`.
pub fn make_db(home: &Path, dir: &Path, name: &str, orders: &[Value]) -> PathBuf {
    let json_path = dir.join(format!("{name}.json"));
    std::fs::write(&json_path, serde_json::to_vec(orders).expect("json")).expect("write import file");
    let db = dir.join(name);
    let out = run_db(home, &db, &["import", json_path.to_str().expect("utf-8 path")]);
    assert!(out.status.success(), "import failed: {}", stderr(&out));
    db
}

/// `orders show ID --json`, parsed.
pub fn show_json(home: &Path, db: &Path, id: &str) -> Value {
    let out = run_db(home, db, &["orders", "show", id, "--json"]);
    assert!(out.status.success(), "show {id} failed: {}", stderr(&out));
    serde_json::from_slice(&out.stdout).expect("show --json is JSON")
}

/// The figure `summary.<name>` of an order.
pub fn figure(order: &Value, name: &str) -> i64 {
    order["summary"][name].as_i64().unwrap_or_else(|| panic!("summary.{name} in {order}"))
}

/// A failure as docs/INTERFACE.md ("Exit statuses") wants it: the given exit status, one line on
/// stderr, no panic and no Rust `Debug` dump.
pub fn assert_clean_failure(out: &Output, code: i32, what: &str) {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(code), "{what}: exit status (stderr: {err})");
    assert_eq!(err.trim_end().lines().count(), 1, "{what}: one line on stderr, got:\n{err}");
    assert!(!err.contains("panicked"), "{what}: panicked:\n{err}");
    for dump in ["{ ", "Error(", "Os {", "kind:"] {
        assert!(!err.contains(dump), "{what}: a Debug dump ({dump:?}) on stderr:\n{err}");
    }
}

/// Everything the store keeps, read with redb directly: each order's stored bytes, the counters
/// and the used idempotency keys. redb rewrites its header whenever a writer opens the file, so
/// "nothing changed" is checked here, on the content, rather than on the file's bytes.
pub fn stored_content(db: &Path) -> Vec<(String, Vec<u8>)> {
    use redb::{ReadableDatabase, ReadableTable};
    use smartpay_console::backend::local::schema;
    let mut builder = redb::Database::builder();
    builder.set_concurrency_mode(redb::ConcurrencyMode::MultiWriter);
    let file = builder.open(db).expect("the order file opens");
    let txn = file.begin_read().expect("read");
    let mut content = Vec::new();
    for entry in txn.open_table(schema::ORDERS).expect("orders").iter().expect("iter") {
        let (k, v) = entry.expect("entry");
        content.push((format!("order {:?}", k.value()), v.value().to_vec()));
    }
    for entry in txn.open_table(schema::META).expect("meta").iter().expect("iter") {
        let (k, v) = entry.expect("entry");
        content.push((format!("meta {}", k.value()), v.value().to_le_bytes().to_vec()));
    }
    for entry in txn.open_table(schema::IDEMPOTENCY).expect("keys").iter().expect("iter") {
        let (k, v) = entry.expect("entry");
        content.push((format!("key {}", k.value()), v.value().to_vec()));
    }
    content
}
