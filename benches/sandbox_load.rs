//! Requests per second the sandbox serves: `GET /v1/orders/{id}` from 8 concurrent keep-alive
//! clients on loopback, for 5 seconds, over the cached 1,000,000-order file
//! (`SMARTPAY_BENCH_ORDERS` for another size; made by the store bench or `benches/compare.sh`).
//! A plain-threads HTTP/1.1 client, so the client is not the bottleneck (the Python client in
//! `compare.py` tops out near 2,000 a second on two cores). Loopback only, bounded in time.
//!
//!     cargo bench --bench sandbox_load [-- CLIENTS SECONDS]
// A benchmark crate: a failed unwrap, expect or panic is how it reports a failure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use smartpay_console::backend::local::{LocalStore, OpenMode};
use smartpay_console::backend::{ListQuery, OrderReader};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

const KEY: &str = "sk_test_benchSandboxLoad0123";

fn orders_file() -> PathBuf {
    let count: u64 = std::env::var("SMARTPAY_BENCH_ORDERS").ok().and_then(|v| v.parse().ok()).unwrap_or(1_000_000);
    std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target"), PathBuf::from)
        .join("bench-data")
        .join(format!("orders-{count}.redb"))
}

/// Reads one HTTP/1.1 response with a Content-Length body; returns its status code.
fn read_response(reader: &mut BufReader<TcpStream>, line: &mut String) -> std::io::Result<u16> {
    line.clear();
    reader.read_line(line)?;
    let status: u16 = line.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let mut length = 0usize;
    loop {
        line.clear();
        if reader.read_line(line)? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        let header = line.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    Ok(status)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let clients: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(8);
    let seconds: f64 = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(5.0);
    let path = orders_file();
    let ids: Arc<Vec<String>> = {
        let store = LocalStore::open(&path, OpenMode::Existing).expect("the cached order file (run the store bench)");
        let page = store.list(&ListQuery { limit: 200, ..ListQuery::default() }).expect("list");
        Arc::new(page.rows.into_iter().map(|r| r.id).collect())
    };
    let mut sandbox = Command::new(env!("CARGO_BIN_EXE_smartpay-console"))
        .arg("--db")
        .arg(&path)
        .args(["sandbox", "--listen", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the sandbox");
    let mut first = String::new();
    BufReader::new(sandbox.stdout.take().expect("stdout")).read_line(&mut first).expect("the sandbox's address");
    let addr = first
        .split_whitespace()
        .find_map(|w| w.strip_prefix("http://"))
        .and_then(|w| w.split('/').next())
        .expect("Sandbox listening on http://ADDR/v1")
        .to_string();
    let stop = Instant::now() + Duration::from_secs_f64(seconds);
    let started = Instant::now();
    let workers: Vec<_> = (0..clients)
        .map(|n| {
            let (ids, addr) = (ids.clone(), addr.clone());
            std::thread::spawn(move || {
                let stream = TcpStream::connect(&addr).expect("connect");
                stream.set_nodelay(true).ok();
                let mut writer = stream.try_clone().expect("clone");
                let mut reader = BufReader::new(stream);
                let (mut ok, mut other, mut line, mut i) = (0u64, 0u64, String::new(), n);
                while Instant::now() < stop {
                    let request = format!(
                        "GET /v1/orders/{} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Basic {KEY}\r\n\r\n",
                        ids[i % ids.len()]
                    );
                    writer.write_all(request.as_bytes()).expect("send");
                    match read_response(&mut reader, &mut line).expect("response") {
                        200 => ok += 1,
                        _ => other += 1,
                    }
                    i += clients;
                }
                (ok, other)
            })
        })
        .collect();
    let (mut ok, mut other) = (0, 0);
    for w in workers {
        let (o, x) = w.join().expect("client");
        ok += o;
        other += x;
    }
    let elapsed = started.elapsed().as_secs_f64();
    sandbox.kill().ok();
    sandbox.wait().ok();
    println!(
        "sandbox GET /v1/orders/{{id}}: {:.0} requests/s ({ok} ok, {other} not 200) with {clients} keep-alive clients for {elapsed:.1} s",
        ok as f64 / elapsed
    );
    assert_eq!(other, 0, "every request should be served");
}
