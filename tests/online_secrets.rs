//! The secret key appears in no log file, no error message and no `--json` output, whatever
//! happens: success, refusal, a wrong key, an unreachable API, trace logging switched on.

mod online_support;

use online_support::{Console, KEY, manual_order, settings};
use smartpay_console::backend::Backend;
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

fn assert_clean(what: &str, bytes: &[u8]) {
    let needle = KEY.as_bytes();
    assert!(!bytes.windows(needle.len()).any(|w| w == needle), "the secret key leaked into {what}");
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
