//! The order store at scale: a generated file of 1,000,000 orders (override the count with
//! `SMARTPAY_BENCH_ORDERS`), made once with the real `generate` command and cached under
//! `target/bench-data/` so reruns start at once. Measures what an operator waits for: opening
//! the file and seeing the newest page, a page deep in the list, one order by id, and a search by
//! customer name.
// A benchmark crate: a failed unwrap, expect or panic is how it reports a failure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use criterion::{Criterion, criterion_group, criterion_main};
use smartpay_console::backend::local::{LocalStore, OpenMode};
use smartpay_console::backend::{ListQuery, OrderReader};
use std::hint::black_box;
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

fn order_count() -> usize {
    std::env::var("SMARTPAY_BENCH_ORDERS").ok().and_then(|v| v.parse().ok()).unwrap_or(1_000_000)
}

/// The cached file for `count` orders, generated (and timed) if it is missing or unreadable.
fn bench_file(count: usize) -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target"));
    let dir = target.join("bench-data");
    std::fs::create_dir_all(&dir).expect("create target/bench-data");
    let path = dir.join(format!("orders-{count}.redb"));
    // An older layout (read only as unverified) is made again, so the figures include checksums.
    let usable = LocalStore::open(&path, OpenMode::Existing)
        .and_then(|s| if s.needs_migration() { Ok(0) } else { s.count() })
        .is_ok_and(|n| n == count);
    if !usable {
        let _ = std::fs::remove_file(&path);
        eprintln!("generating {count} orders into {} (once; cached for later runs)…", path.display());
        let started = Instant::now();
        let status = Command::new(env!("CARGO_BIN_EXE_smartpay-console"))
            .arg("--db")
            .arg(&path)
            .args(["generate", "--orders", &count.to_string(), "--seed", "7"])
            .status()
            .expect("run smartpay-console generate");
        assert!(status.success(), "generate failed");
        eprintln!("generated {count} orders in {:.1} s", started.elapsed().as_secs_f64());
    }
    path
}

fn store_benches(c: &mut Criterion) {
    let count = order_count();
    let path = bench_file(count);
    let mut group = c.benchmark_group(format!("store_{count}"));
    group.sample_size(20).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(4));

    group.bench_function("open_and_first_page_of_50_newest", |b| {
        b.iter(|| {
            let store = LocalStore::open(&path, OpenMode::Existing).expect("open");
            let page = store.list(&ListQuery { limit: 50, ..ListQuery::default() }).expect("list");
            assert_eq!(page.rows.len(), 50.min(count));
            black_box(page)
        })
    });

    let store = LocalStore::open(&path, OpenMode::Existing).expect("open");
    let deep = count / 2;
    group.bench_function(format!("page_of_50_at_offset_{deep}"), |b| {
        b.iter(|| {
            let page = store.list(&ListQuery { offset: deep, limit: 50, ..ListQuery::default() }).expect("list");
            assert_eq!(page.rows.len(), 50.min(count - deep));
            black_box(page)
        })
    });

    let sample = store.list(&ListQuery { offset: count / 3, limit: 1, ..ListQuery::default() }).expect("list");
    let id = sample.rows.first().map(|r| r.id.clone()).expect("an order to look up");
    group.bench_function("one_order_by_id", |b| b.iter(|| black_box(store.get(&id).expect("get"))));

    // A search has to look at every order's search text: it is the slow path, so fewer samples.
    group.sample_size(10).measurement_time(Duration::from_secs(10));
    group.bench_function("search_customer_substring_first_page", |b| {
        b.iter(|| {
            let query = ListQuery { search: Some("テシガワラ".into()), limit: 50, ..ListQuery::default() };
            let page = store.list(&query).expect("search");
            assert!(page.matching > 0, "the generator uses this family name");
            black_box(page)
        })
    });
    group.finish();
}

criterion_group!(benches, store_benches);
criterion_main!(benches);
