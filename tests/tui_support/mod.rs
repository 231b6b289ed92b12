//! Shared by the TUI tests: deterministic order files (fixed clock, fixed data) and a harness
//! that runs the real app loop on a `TestBackend`, fed synthetic keys.

#![allow(dead_code)] // each test binary uses its own part of this module

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use futures::channel::mpsc;
use smartpay_console::backend::local::{LocalStore, OpenMode};
use smartpay_console::backend::{Backend, OrderOperator, OrderReader};
use smartpay_console::config::Lang;
use smartpay_console::domain::order::CAPTURE_WINDOW_MS;
use smartpay_console::domain::{
    Address, CaptureMethod, Customer, HistoryEntry, HistoryKind, LineItem, Millis, Order, OrderStatus, Payment, Refund,
    RefundReason,
};
use smartpay_console::tui::app::App;
use smartpay_console::tui::clipboard::Recorder;
use smartpay_console::tui::state::Session;
use smartpay_console::tui::testing::SharedBackend;
use smartpay_console::tui::theme::Theme;
use std::sync::Arc;
use std::time::Duration;

/// The fixed "now" of every TUI test: 2026-11-18 20:06:40 JST.
pub const NOW: Millis = 1_795_000_000_000;
pub const HOUR: Millis = 3_600_000;

pub fn clock() -> Millis {
    NOW
}

/// Idempotency keys that are easy to spot (`spc_test_key_0001`, …): unique, as real ones are.
pub fn test_key() -> String {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    format!("spc_test_key_{:04}", NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst))
}

fn customer(last: &str, first: &str, last_kana: &str, first_kana: &str, email: &str) -> Customer {
    Customer {
        last_name: last.into(),
        first_name: first.into(),
        last_name_kana: last_kana.into(),
        first_name_kana: first_kana.into(),
        email: email.into(),
        phone: "+819012345678".into(),
        address: Some(Address {
            postal_code: "150-0041".into(),
            administrative_area: "東京都".into(),
            locality: "渋谷区神南".into(),
            line1: "1-2-3".into(),
            line2: "グランドメゾン305号室".into(),
            country: "JP".into(),
        }),
    }
}

fn order(id: &str, amount: i64, created_at: Millis, method: CaptureMethod, cust: Customer) -> Order {
    let mut order = Order::awaiting_capture(id, amount, created_at);
    order.capture_method = method;
    order.reference = format!("SO-{}", &id[id.len() - 4..]);
    order.customer = cust;
    order.line_items = vec![
        LineItem {
            name: "ワイヤレスイヤホン".into(), quantity: 1, unit_amount: amount - 1_000, ..LineItem::default()
        },
        LineItem { name: "ギフト包装".into(), quantity: 2, unit_amount: 500, ..LineItem::default() },
    ];
    order.history = vec![HistoryEntry::system(HistoryKind::Authorization, amount, created_at)];
    order
}

/// The hand-made orders every screen test looks at, newest first:
/// - `order_test_manual00000000001`: manual, ¥10,000 waiting for capture (山田 太郎);
/// - `order_test_urgent00000000002`: manual, deadline in 5 hours (佐藤 花子);
/// - `order_test_autocap000000003`: automatic, captured, partly refunded by "colleague" at
///   the customer's request (鈴木 一郎, reference `SO-20250002`);
/// - `order_test_expired00000004`: manual, its 7 days are over (勅使河原 美智子).
pub fn showcase() -> Vec<Order> {
    let manual = order(
        "order_test_manual00000000001",
        10_000,
        NOW - 2 * HOUR,
        CaptureMethod::Manual,
        customer("山田", "太郎", "ヤマダ", "タロウ", "taro.yamada@example.jp"),
    );
    let urgent = order(
        "order_test_urgent00000000002",
        24_200,
        NOW - CAPTURE_WINDOW_MS + 5 * HOUR,
        CaptureMethod::Manual,
        customer("佐藤", "花子", "サトウ", "ハナコ", "hanako.sato@example.jp"),
    );
    let mut auto = order(
        "order_test_autocap000000003",
        6_380,
        NOW - 30 * HOUR,
        CaptureMethod::Automatic,
        customer("鈴木", "一郎", "スズキ", "イチロウ", "ichiro.suzuki@example.jp"),
    );
    auto.status = OrderStatus::Succeeded;
    let payment = "payment_test_auto0000000001";
    let refund = Refund::new(
        "refund_test_auto00000000001",
        payment,
        1_000,
        RefundReason::RequestedByCustomer,
        "succeeded",
        auto.created_at + 3 * HOUR,
    );
    let captured = Payment::new(payment, 6_380, auto.created_at + 1_000, vec![refund]);
    let mut auto = auto.with_payments(vec![captured]).expect("a capture and a refund within the order");
    auto.history.push(HistoryEntry::system(HistoryKind::Capture, 6_380, auto.created_at + 1_000));
    auto.history.push(HistoryEntry {
        operator: Some("colleague".into()),
        idempotency_key: Some("spc_4f1c2a9e8b7d6c5b4a3f2e1d0c9b8a7f".into()),
        object_id: Some("refund_test_auto00000000001".into()),
        ..HistoryEntry::system(HistoryKind::Refund, 1_000, auto.created_at + 3 * HOUR)
    });
    // Values the issue saw cut without a mark: a reference and a street number.
    auto.reference = "SO-20250002".into();
    if let Some(address) = auto.customer.address.as_mut() {
        (address.administrative_area, address.locality, address.line1) =
            ("神奈川県".into(), "横浜市中区山下町".into(), " 279".into());
    }
    let expired = order(
        "order_test_expired00000004",
        21_600,
        NOW - CAPTURE_WINDOW_MS - 26 * HOUR,
        CaptureMethod::Manual,
        customer("勅使河原", "美智子", "テシガワラ", "ミチコ", "michiko.teshigawara@example.jp"),
    );
    vec![manual, urgent, auto, expired]
}

/// An order file in a temp dir with the showcase orders and `generated` synthetic ones (all
/// older than the showcase ones), read with the fixed clock.
pub fn store(generated: u64) -> (tempfile::TempDir, Arc<dyn Backend>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = LocalStore::open_with_clock(&dir.path().join("orders.redb"), OpenMode::CreateIfMissing, clock)
        .expect("create store");
    if generated > 0 {
        smartpay_console::demo::generator::generate_into(&store, generated, 7, NOW - 40 * HOUR, |_| {})
            .expect("generate");
    }
    store.insert_orders(&showcase()).expect("insert showcase");
    store.sweep_expired().expect("sweep");
    (dir, Arc::new(store))
}

#[derive(Clone)]
pub struct Options {
    pub width: u16,
    pub height: u16,
    pub lang: Lang,
    pub read_only: bool,
    pub mono: bool,
    pub generated: u64,
    /// Captures, refunds and voids never answer (until the harness is dropped): a payment
    /// request stays in flight.
    pub hold_money: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            width: 80,
            height: 24,
            lang: Lang::En,
            read_only: false,
            mono: false,
            generated: 20,
            hold_money: false,
        }
    }
}

/// The real app loop on a `TestBackend`, running on the test's tokio runtime.
pub struct Harness {
    pub screen: SharedBackend,
    /// The same order file the app reads: another operator, acting behind the app's back.
    pub store: Arc<dyn Backend>,
    pub clipboard: Recorder,
    keys: mpsc::UnboundedSender<std::io::Result<Event>>,
    /// What the app's own tasks send it (a loaded order, saved findings…).
    actions: tokio::sync::mpsc::UnboundedSender<smartpay_console::tui::action::Action>,
    handle: tokio::task::JoinHandle<color_eyre::Result<App<SharedBackend>>>,
    /// With `hold_money`: held requests fail once this is dropped.
    _release: Option<std::sync::mpsc::Sender<()>>,
    _dir: tempfile::TempDir,
}

/// The order file, with every money request held until the test lets it through: a payment
/// request "in flight" for as long as a test needs.
struct Held {
    store: Arc<dyn Backend>,
    release: std::sync::Mutex<std::sync::mpsc::Receiver<()>>,
}

impl OrderReader for Held {
    fn describe(&self) -> String {
        self.store.describe()
    }
    fn kind(&self) -> smartpay_console::backend::SourceKind {
        self.store.kind()
    }
    fn list(
        &self,
        query: &smartpay_console::backend::ListQuery,
    ) -> Result<smartpay_console::backend::Page, smartpay_console::backend::BackendError> {
        self.store.list(query)
    }
    fn get(&self, id: &str) -> Result<Order, smartpay_console::backend::BackendError> {
        self.store.get(id)
    }
}

impl OrderOperator for Held {
    fn execute(
        &self,
        order_id: &str,
        request: &smartpay_console::backend::OperationRequest,
    ) -> Result<smartpay_console::backend::Outcome, smartpay_console::backend::BackendError> {
        let released = self.release.lock().expect("release").recv_timeout(WAIT);
        if released.is_err() {
            return Err(smartpay_console::backend::BackendError::Network("the test never answered".into()));
        }
        self.store.execute(order_id, request)
    }
}

pub const WAIT: Duration = Duration::from_secs(10);

impl Harness {
    pub async fn start(options: Options) -> Harness {
        let harness = Harness::start_without_waiting(options).await;
        harness.wait_until("the first rows", |t| t.lines().any(|l| l.starts_with("> "))).await;
        harness
    }

    /// Starts the loop without waiting for the first rows (for screens that never show any).
    pub async fn start_without_waiting(options: Options) -> Harness {
        let (dir, store) = store(options.generated);
        let (release, backend) = if options.hold_money {
            let (release, held) = std::sync::mpsc::channel();
            let backend: Arc<dyn Backend> =
                Arc::new(Held { store: Arc::clone(&store), release: std::sync::Mutex::new(held) });
            (Some(release), backend)
        } else {
            (None, Arc::clone(&store))
        };
        let screen = SharedBackend::new(options.width, options.height);
        let terminal = ratatui::Terminal::new(screen.clone()).expect("terminal");
        let session = Session {
            lang: options.lang,
            theme: Theme { mono: options.mono },
            read_only: options.read_only,
            operator: "tanaka".into(),
            source: smartpay_console::backend::SourceKind::Offline,
            keygen: test_key,
        };
        let clipboard = Recorder::default();
        let app = App::new(terminal, Arc::clone(&backend), session, clock, Box::new(clipboard.clone()));
        let (keys, input) = mpsc::unbounded();
        let actions = app.sender();
        let handle = tokio::spawn(app.run(input));
        Harness { screen, store, clipboard, keys, actions, handle, _release: release, _dir: dir }
    }

    pub fn send(&self, code: KeyCode, modifiers: KeyModifiers) {
        self.keys.unbounded_send(Ok(Event::Key(KeyEvent::new(code, modifiers)))).expect("loop is running");
    }

    /// The terminal window changes size, as a resize event tells the app.
    pub fn resize(&self, width: u16, height: u16) {
        self.screen.lock().resize(width, height);
        self.keys.unbounded_send(Ok(Event::Resize(width, height))).expect("loop is running");
    }

    /// Sends the app an action as its own tasks would (saved findings read, …).
    pub fn act(&self, action: smartpay_console::tui::action::Action) {
        self.actions.send(action).expect("loop is running");
    }

    pub fn key(&self, code: KeyCode) {
        self.send(code, KeyModifiers::NONE);
    }

    pub fn chars(&self, text: &str) {
        for c in text.chars() {
            self.key(KeyCode::Char(c));
        }
    }

    pub fn text(&self) -> String {
        self.screen.text()
    }

    /// Polls the screen until `predicate` holds; panics with the screen after [`WAIT`].
    pub async fn wait_until(&self, what: &str, predicate: impl Fn(&str) -> bool) -> String {
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            let text = self.text();
            if predicate(&text) {
                return text;
            }
            if tokio::time::Instant::now() > deadline || self.handle.is_finished() {
                panic!("timed out waiting for {what}; the screen shows:\n{text}");
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    pub async fn wait_for(&self, needle: &str) -> String {
        self.wait_until(&format!("{needle:?}"), |t| t.contains(needle)).await
    }

    pub async fn wait_gone(&self, needle: &str) -> String {
        self.wait_until(&format!("{needle:?} to go"), |t| !t.contains(needle)).await
    }

    pub fn is_running(&self) -> bool {
        !self.handle.is_finished()
    }

    /// Opens the order whose id contains `needle` from the list via the filter.
    pub async fn open(&self, needle: &str) -> String {
        self.key(KeyCode::Char('/'));
        self.chars(needle);
        // The whole needle typed and its own search answered (the count reads `…` until then).
        let typed = format!("/{needle}");
        self.wait_until("one match", |t| t.contains(" 1 of ") && t.contains(&typed)).await;
        self.key(KeyCode::Enter);
        self.key(KeyCode::Enter);
        self.wait_for("── Amounts").await
    }

    /// Opens that order, then its Payment Actions.
    pub async fn open_actions(&self, needle: &str) -> String {
        self.open(needle).await;
        self.key(KeyCode::Char('a'));
        self.wait_for("Payment Actions").await
    }

    /// Ctrl-c, then the app as the loop left it.
    pub async fn quit(self) -> App<SharedBackend> {
        self.send(KeyCode::Char('c'), KeyModifiers::CONTROL);
        self.finish().await
    }

    pub async fn finish(self) -> App<SharedBackend> {
        tokio::time::timeout(WAIT, self.handle).await.expect("loop ends").expect("loop task").expect("loop ok")
    }
}

/// The value next to `label` in the Amounts column of Order Details (`¥3,000`).
pub fn figure(screen: &str, label: &str) -> Option<String> {
    let line = screen.lines().find(|l| l.starts_with(&format!("{label} ")))?;
    line[label.len()..].split_whitespace().next().map(str::to_string)
}

/// Whether the history shows `operation` of `amount` done by the test operator.
pub fn history_has(screen: &str, operation: &str, amount: &str) -> bool {
    screen.lines().any(|l| {
        let words: Vec<&str> = l.trim_matches('│').split_whitespace().collect();
        words.get(2) == Some(&operation)
            && words.get(3) == Some(&amount)
            && words.get(4) == Some(&"succeeded")
            && words.get(5) == Some(&"tanaka")
    })
}
