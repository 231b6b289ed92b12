//! Shared by the online and sandbox tests: a sandbox process on an ephemeral loopback port,
//! orders to seed it with, and a console (the CLI binary) with its own home directory.
#![allow(dead_code)]

use smartpay_console::backend::local::{LocalStore, OpenMode};
use smartpay_console::config::{Overrides, Paths, Settings};
use smartpay_console::domain::time::now_millis;
use smartpay_console::domain::{
    CaptureMethod, Customer, HistoryEntry, HistoryKind, Order, OrderStatus, Payment, Refund, RefundReason,
};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

pub const KEY: &str = "sk_test_Ho1BrYTcg3gAX4vTKk1taz";
pub const BIN: &str = env!("CARGO_BIN_EXE_smartpay-console");

pub struct Sandbox {
    child: Child,
    /// `http://127.0.0.1:PORT/v1`
    pub url: String,
    pub db: PathBuf,
    _dir: tempfile::TempDir,
}

impl Sandbox {
    /// Starts `smartpay-console sandbox` over a new file holding `orders` (and `generated`
    /// synthetic ones), on port 0, and reads the bound URL from its first line.
    pub fn start(orders: &[Order], generated: u64, latency_ms: u64, fail_rate: f64) -> Sandbox {
        let (latency, rate) = (latency_ms.to_string(), fail_rate.to_string());
        Sandbox::start_with(orders, generated, &["--latency-ms", &latency, "--fail-rate", &rate])
    }

    /// As [`Sandbox::start`], with more sandbox flags (`--variant`, `--account`, …).
    pub fn start_with(orders: &[Order], generated: u64, flags: &[&str]) -> Sandbox {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("sandbox.redb");
        seed_file(&db, orders, generated);
        let mut child = Command::new(BIN)
            .args(["sandbox", "--db"])
            .arg(&db)
            .args(["--listen", "127.0.0.1:0"])
            .args(flags)
            // The sandbox logs like every command: into its own folder, not the tester's home.
            .env("XDG_STATE_HOME", dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the sandbox");
        let stdout = child.stdout.take().expect("sandbox stdout");
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).expect("sandbox prints its address");
        let url = line.split_whitespace().last().expect("a URL on the first line").to_string();
        assert!(url.starts_with("http://127.0.0.1:"), "{line}");
        Sandbox { child, url, db, _dir: dir }
    }

    /// `GET /_sandbox/stats`: counts read from the sandbox's own file.
    pub fn stats(&self) -> serde_json::Value {
        let base = self.url.trim_end_matches("/v1");
        http()
            .get(format!("{base}/_sandbox/stats"))
            .header("Authorization", format!("Basic {KEY}"))
            .send()
            .expect("stats")
            .json()
            .expect("stats JSON")
    }

    /// One request to the sandbox: `path` from the host (`/v1/orders`, `/_sandbox/clock`), with
    /// `key` as the secret key and an optional `Idempotency-Key` and JSON body.
    pub fn call(&self, method: &str, path: &str, key: &str, idempotency: Option<&str>, body: Option<&str>) -> ApiCall {
        let base = self.url.trim_end_matches("/v1");
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        let mut request =
            http().request(method, format!("{base}{path}")).header("Authorization", format!("Basic {key}"));
        if let Some(idempotency) = idempotency {
            request = request.header("Idempotency-Key", idempotency);
        }
        if let Some(body) = body {
            request = request.header("Content-Type", "application/json").body(body.to_string());
        }
        let response = request.send().expect("request");
        let status = response.status().as_u16();
        let replayed = response.headers().get("Idempotency-Replayed").is_some();
        let retry_after = response.headers().get("Retry-After").and_then(|v| v.to_str().ok()).map(str::to_string);
        let json =
            response.headers().get("Content-Type").is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
        let body = response.json().unwrap_or(serde_json::Value::Null);
        ApiCall { status, body, replayed, json, retry_after }
    }

    pub fn get(&self, path: &str) -> serde_json::Value {
        let call = self.call("GET", path, KEY, None, None);
        assert_eq!(call.status, 200, "GET {path}: {}", call.body);
        call.body
    }

    pub fn stat(&self, name: &str) -> i64 {
        self.stats()[name].as_i64().unwrap_or_else(|| panic!("no {name} in stats"))
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What the sandbox answered.
#[derive(Debug)]
pub struct ApiCall {
    pub status: u16,
    pub body: serde_json::Value,
    /// `Idempotency-Replayed: true` was sent.
    pub replayed: bool,
    /// The answer was JSON (`Content-Type: application/json`).
    pub json: bool,
    /// The `Retry-After` header, if any.
    pub retry_after: Option<String>,
}

/// Writes `orders` (and `generated` synthetic ones) into a new order file at `db`.
pub fn seed_file(db: &Path, orders: &[Order], generated: u64) {
    let store = LocalStore::open(db, OpenMode::CreateIfMissing).expect("sandbox file");
    if generated > 0 {
        smartpay_console::demo::generator::generate_into(&store, generated, 7, now_millis(), |_| {}).expect("generate");
    }
    store.insert_orders(orders).expect("seed orders");
}

/// A plain blocking HTTP client for talking to the sandbox directly.
pub fn http() -> reqwest::blocking::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::blocking::Client::builder().timeout(Duration::from_secs(20)).build().expect("http client")
}

/// A manual-capture order awaiting capture, authorized an hour ago.
pub fn manual_order(suffix: &str, amount: i64) -> Order {
    let now = now_millis();
    let created = now - 3_600_000;
    let mut order = Order::awaiting_capture(format!("order_test_{suffix}"), amount, created);
    order.reference = format!("REF-{suffix}");
    order.customer = Customer {
        last_name: "山田".into(),
        first_name: "花子".into(),
        last_name_kana: "ヤマダ".into(),
        first_name_kana: "ハナコ".into(),
        email: format!("hanako.{}@example.jp", suffix.to_lowercase()),
        phone: "+818000000000".into(),
        address: None,
    };
    order.history = vec![HistoryEntry::system(HistoryKind::Authorization, amount, created)];
    order
}

/// An automatic-capture order, captured in full at authorization.
pub fn automatic_order(suffix: &str, amount: i64) -> Order {
    let mut order = manual_order(suffix, amount);
    order.capture_method = CaptureMethod::Automatic;
    order.status = OrderStatus::Succeeded;
    order.expires_at = None;
    let payment_id = format!("payment_test_{suffix}");
    let payment = Payment::new(payment_id, amount, order.created_at, vec![]);
    order.with_payments(vec![payment]).expect("a capture of the whole order")
}

/// An automatic-capture order captured in full, with one refund of `refunded` a minute later
/// (`refund_test_SUFFIX`, requested by the customer).
pub fn refunded_order(suffix: &str, amount: i64, refunded: i64) -> Order {
    let order = automatic_order(suffix, amount);
    let payment = &order.payments()[0];
    let at = payment.created_at() + 60_000;
    let refund = Refund::new(
        format!("refund_test_{suffix}"),
        payment.id(),
        refunded,
        RefundReason::RequestedByCustomer,
        "succeeded",
        at,
    );
    let payment = Payment::new(payment.id(), payment.amount(), payment.created_at(), vec![refund]);
    order.with_payments(vec![payment]).expect("a refund within its payment")
}

/// A console: the CLI binary with its own home (config, journal, mirror, logs).
pub struct Console {
    pub home: PathBuf,
    pub url: String,
    pub key: String,
}

impl Console {
    /// Its config file makes a busy API (503, 429) be retried within milliseconds, as the
    /// sandbox's `--fail-rate` asks often: the waits themselves are tested in the client.
    pub fn new(home: &Path, url: &str) -> Console {
        let config = home.join("config").join("smartpay-console");
        std::fs::create_dir_all(&config).expect("config folder");
        std::fs::write(config.join("config.toml"), "[online]\nbackoff_base_ms = 10\nbackoff_cap_ms = 80\n")
            .expect("config file");
        Console { home: home.to_path_buf(), url: url.to_string(), key: KEY.to_string() }
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(BIN);
        cmd.arg("--api-url").arg(&self.url).args(["--operator", "tanaka"]).args(args);
        for var in [
            "SMARTPAY_CONSOLE_CONFIG",
            "SMARTPAY_CONSOLE_DB",
            "SMARTPAY_API_URL",
            "SMARTPAY_CONSOLE_READ_ONLY",
            "SMARTPAY_CONSOLE_TEST_CLOCK_OFFSET_MS",
        ] {
            cmd.env_remove(var);
        }
        cmd.env("HOME", &self.home)
            .env("XDG_DATA_HOME", self.home.join("data"))
            .env("XDG_STATE_HOME", self.home.join("state"))
            .env("XDG_CONFIG_HOME", self.home.join("config"))
            .env("SMARTPAY_SECRET_KEY", &self.key)
            .stdin(Stdio::null());
        cmd
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("run the console")
    }

    /// Runs and insists on exit 0; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let mut all = args.to_vec();
        all.push("--json");
        serde_json::from_str(&self.ok(&all)).expect("JSON on stdout")
    }

    /// Where this console keeps its journal: its key's account folder.
    pub fn journal_file(&self) -> PathBuf {
        let key = smartpay_console::config::SecretKey::new(self.key.clone());
        let account = smartpay_console::online::account::Account::of(&key).expect("a valid key");
        self.home.join("data").join("smartpay-console").join("accounts").join(account.name()).join("journal.redb")
    }
}

/// Settings for an in-process online backend whose files live under `dir`.
pub fn settings(dir: &Path, url: &str) -> Settings {
    let paths = Paths { config_file: dir.join("config.toml"), data_dir: dir.join("data"), log_dir: dir.join("logs") };
    let flags = Overrides { api_url: Some(url.to_string()), operator: Some("suzuki".into()), ..Overrides::default() };
    let mut settings =
        Settings::load_from(&flags, paths, |name| (name == "SMARTPAY_SECRET_KEY").then(|| KEY.to_string()))
            .expect("settings");
    // A busy API (the sandbox's --fail-rate 503s) is retried within milliseconds here.
    settings.retry.busy_base = Duration::from_millis(10);
    settings.retry.busy_cap = Duration::from_millis(80);
    settings
}

/// A sandbox over `orders` (plus `generated` ones) and a console with a fresh home pointed at it.
pub fn sandbox_and_console(
    orders: &[Order],
    generated: u64,
    latency_ms: u64,
    fail_rate: f64,
) -> (Sandbox, tempfile::TempDir, Console) {
    let sandbox = Sandbox::start(orders, generated, latency_ms, fail_rate);
    let home = tempfile::tempdir().expect("home");
    let console = Console::new(home.path(), &sandbox.url);
    (sandbox, home, console)
}
