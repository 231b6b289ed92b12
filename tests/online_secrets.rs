//! The secret key appears in no log file, no error message and no `--json` output, whatever
//! happens: success, refusal, a wrong key, an unreachable API, trace logging switched on.
// A test crate: a failed unwrap, expect or panic is how it reports a failure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod online_support;

use online_support::{Console, KEY, manual_order, settings};
use smartpay_console::backend::OrderReader;
use smartpay_console::backend::smartpay::client::SmartpayClient;
use smartpay_console::config::SecretKey;
use smartpay_console::online::OnlineBackend;
use std::path::Path;
use std::time::Duration;

fn files_under(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() { stack.push(path) } else { found.push(path) }
        }
    }
    found
}

/// The key in the forms a server may echo it in: as is, and base64 of it, of `Basic <key>` and
/// of `<key>:` (the usual Basic user:password shape).
fn key_forms() -> Vec<String> {
    use base64::Engine;
    let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s).trim_end_matches('=').to_string();
    vec![KEY.to_string(), b64(KEY), b64(&format!("Basic {KEY}")), b64(&format!("{KEY}:"))]
}

fn assert_clean(what: &str, bytes: &[u8]) {
    for form in key_forms() {
        let needle = form.as_bytes();
        assert!(!bytes.windows(needle.len()).any(|w| w == needle), "the secret key leaked into {what} as {form}");
    }
}

/// The console's log file under `home` (the CLI writes one too): it must exist, or the
/// checks on it prove nothing.
fn log_file(home: &Path) -> std::path::PathBuf {
    let found = files_under(home).into_iter().find(|f| f.ends_with("smartpay-console.log"));
    found.unwrap_or_else(|| panic!("no log file under {}: {:?}", home.display(), files_under(home)))
}

#[test]
fn the_secret_key_is_never_printed_logged_or_stored() {
    let (sandbox, home, console) = online_support::sandbox_and_console(&[manual_order("Sec1", 10_000)], 5, 0, 0.0);
    let id = "order_test_Sec1";
    let mut outputs = vec![
        console.run(&["orders", "list", "--json"]),
        console.run(&["orders", "show", id, "--json"]),
        console.run(&["capture", id, "1000", "--json"]),
        console.run(&["refund", id, "5000", "--json"]),
        console.run(&["capture", "order_test_Missing", "1"]),
        console.run(&["orders", "export", "--format", "jsonl"]),
        console.run(&["info", "--json"]),
    ];
    assert_eq!(outputs[2].status.code(), Some(0), "{}", String::from_utf8_lossy(&outputs[2].stderr));
    assert_eq!(outputs[3].status.code(), Some(3));
    // Trace logging on, a wrong URL, and a wrong key: every error path.
    let mut traced = console.command(&["orders", "show", id]);
    traced.env("RUST_LOG", "trace");
    outputs.push(traced.output().expect("traced"));
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("port").local_addr().expect("addr");
    let unreachable = Console::new(home.path(), &format!("http://{closed}/v1"));
    outputs.push(unreachable.run(&["capture", id, "1"]));
    let mut wrong_key = Console::new(home.path(), &sandbox.url);
    wrong_key.key = "sk_live_NotAllowedHere1".into();
    outputs.push(wrong_key.run(&["orders", "show", id]));
    for (i, out) in outputs.iter().enumerate() {
        assert_clean(&format!("stdout of run {i}"), &out.stdout);
        assert_clean(&format!("stderr of run {i}"), &out.stderr);
    }
    let files = files_under(home.path());
    assert!(files.iter().any(|f| f.ends_with("journal.redb")), "{files:?}");
    let log = std::fs::read_to_string(log_file(home.path())).expect("log");
    assert!(log.contains("starting") && log.contains(id), "every command logs what it did:\n{log}");
    assert!(log.contains("TRACE"), "the traced run logged at trace level:\n{log}");
    for file in files {
        assert_clean(&file.display().to_string(), &std::fs::read(&file).unwrap_or_default());
    }

    // In process: the settings, the client and the backend never show it either.
    let dir = tempfile::tempdir().expect("dir");
    let settings = settings(dir.path(), &sandbox.url);
    assert_clean("Settings Debug", format!("{settings:?}").as_bytes());
    let client =
        SmartpayClient::new(&sandbox.url, &SecretKey::new(KEY.into()), Duration::from_secs(5)).expect("client");
    assert_clean("client Debug", format!("{client:?}").as_bytes());
    let backend = OnlineBackend::open(&sandbox.url, &settings, false).expect("open");
    assert_clean("describe", backend.describe().as_bytes());
    let err = backend.get("order_test_Nope").expect_err("missing");
    assert_clean("error", err.to_string().as_bytes());
}

/// A server on 127.0.0.1 that answers every request with a 400 quoting the `Authorization`
/// header it got back in the body (as is, base64-encoded and percent-encoded) and in a header.
fn start_echoing_server() -> String {
    use base64::Engine;
    use std::io::{BufRead, BufReader, Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream);
            let (mut auth, mut length) = (String::new(), 0usize);
            let mut line = String::new();
            while reader.read_line(&mut line).map(|n| n > 0).unwrap_or(false) && line != "\r\n" {
                if let Some((name, value)) = line.trim_end().split_once(": ") {
                    match name.to_ascii_lowercase().as_str() {
                        "authorization" => auth = value.to_string(),
                        "content-length" => length = value.parse().unwrap_or(0),
                        _ => {}
                    }
                }
                line.clear();
            }
            let mut body = vec![0; length];
            let _ = reader.read_exact(&mut body);
            let b64 = base64::engine::general_purpose::STANDARD.encode(&auth);
            let percent: String = auth.bytes().map(|b| format!("%{b:02X}")).collect();
            let echoed = serde_json::json!({
                "statusCode": 400,
                "errorCode": format!("request.invalid ({auth})"),
                "message": format!("ECHO-MARKER you sent Authorization: {auth}; encoded {b64}; percent {percent}"),
            })
            .to_string();
            let response = format!(
                "HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\nx-echo: {auth}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{echoed}",
                echoed.len()
            );
            let _ = reader.get_mut().write_all(response.as_bytes());
        }
    });
    format!("http://{addr}/v1")
}

#[test]
fn a_server_echoing_the_authorization_header_never_makes_the_key_visible() {
    let url = start_echoing_server();
    let home = tempfile::tempdir().expect("home");
    let console = Console::new(home.path(), &url);
    let id = "order_test_Echo1";
    let mut outputs = vec![
        console.run(&["orders", "show", id]),
        console.run(&["capture", id, "1000", "--json"]),
        console.run(&["orders", "list", "--json"]),
    ];
    let mut traced = console.command(&["refund", id, "1"]);
    traced.env("SMARTPAY_CONSOLE_LOG", "trace");
    outputs.push(traced.output().expect("traced"));
    for (i, out) in outputs.iter().enumerate() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "run {i}: a 400 is a failure: {stderr}");
        assert!(stderr.contains("ECHO-MARKER"), "run {i}: the server's words are shown: {stderr}");
        assert_clean(&format!("stdout of run {i}"), &out.stdout);
        assert_clean(&format!("stderr of run {i}"), &out.stderr);
    }
    let log = std::fs::read_to_string(log_file(home.path())).expect("log");
    assert!(log.contains("ECHO-MARKER"), "the log has the server's answer:\n{log}");
    for file in files_under(home.path()) {
        assert_clean(&file.display().to_string(), &std::fs::read(&file).unwrap_or_default());
    }
}
