//! Online mode against the sandbox on loopback: what an operator waits for when the source
//! is the API — one order read fresh, one capture (re-read, journal, POST, re-read), and a
//! full sync of the mirror (`SMARTPAY_BENCH_SYNC_ORDERS`, default 1,000 orders).
// A benchmark crate: a failed unwrap, expect or panic is how it reports a failure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use criterion::{Criterion, criterion_group, criterion_main};
use smartpay_console::backend::ids::new_idempotency_key;
use smartpay_console::backend::local::{LocalStore, OpenMode};
use smartpay_console::backend::{ListQuery, OperationRequest, OrderOperator, OrderReader};
use smartpay_console::config::{Overrides, Paths, Settings};
use smartpay_console::domain::time::now_millis;
use smartpay_console::domain::{Operation, Order};
use smartpay_console::online::OnlineBackend;
use std::hint::black_box;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const KEY: &str = "sk_test_BenchKey123";

struct Served(Child);

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn serve(db: &Path) -> (Served, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_smartpay-console"))
        .args(["sandbox", "--db"])
        .arg(db)
        .args(["--listen", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the sandbox");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut line).expect("address");
    let url = line.split_whitespace().last().expect("url").to_string();
    (Served(child), url)
}

fn online(dir: &Path, url: &str) -> OnlineBackend {
    let paths = Paths { config_file: dir.join("config.toml"), data_dir: dir.join("data"), log_dir: dir.join("logs") };
    let flags = Overrides { api_url: Some(url.into()), ..Overrides::default() };
    let settings = Settings::load_from(&flags, paths, |k| (k == "SMARTPAY_SECRET_KEY").then(|| KEY.to_string()))
        .expect("settings");
    OnlineBackend::open(url, &settings, false).expect("open online")
}

fn online_benches(c: &mut Criterion) {
    let count: u64 = std::env::var("SMARTPAY_BENCH_SYNC_ORDERS").ok().and_then(|v| v.parse().ok()).unwrap_or(1000);
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("sandbox.redb");
    let store = LocalStore::open(&db, OpenMode::CreateIfMissing).expect("file");
    smartpay_console::demo::generator::generate_into(&store, count, 3, now_millis(), |_| {}).expect("generate");
    // A large manual order to capture from, again and again.
    let first = store.get(&store.list(&ListQuery::default()).expect("list").rows[0].id).expect("order");
    let mut big = Order::awaiting_capture("order_test_BenchCapture", i64::MAX / 4, first.created_at);
    (big.customer, big.line_items, big.history) = (first.customer, first.line_items, first.history);
    big.expires_at = Some(now_millis() + 6 * 24 * 3_600_000);
    store.insert_orders(&[big]).expect("insert");
    drop(store);
    let (_served, url) = serve(&db);

    let mut group = c.benchmark_group("online_sandbox");
    group.sample_size(20).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(4));
    let home = tempfile::tempdir().expect("home");
    let backend = online(home.path(), &url);
    group.bench_function("get_one_order_fresh", |b| {
        b.iter(|| black_box(backend.get("order_test_BenchCapture").expect("get")))
    });
    group.bench_function("capture_round_trip", |b| {
        b.iter(|| {
            let request = OperationRequest {
                operation: Operation::Capture { amount: 1 },
                operator: Some("bench".into()),
                idempotency_key: new_idempotency_key(),
            };
            black_box(backend.execute("order_test_BenchCapture", &request).expect("capture"))
        })
    });
    group.sample_size(10).measurement_time(Duration::from_secs(8));
    group.bench_function(format!("full_sync_of_{}_orders_then_first_page", count + 1), |b| {
        b.iter(|| {
            let fresh = tempfile::tempdir().expect("fresh home");
            let backend = online(fresh.path(), &url);
            black_box(backend.list(&ListQuery::default()).expect("list"))
        })
    });
    group.finish();
}

criterion_group!(benches, online_benches);
criterion_main!(benches);
