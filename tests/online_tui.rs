//! The real TUI loop against the sandbox in online mode: find an order, capture part of it
//! through Payment Actions, and see the API's answer in the history with the operator's name.
// A test crate: a failed unwrap, expect or panic is how it reports a failure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod online_support;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use futures::channel::mpsc;
use online_support::{KEY, Sandbox, manual_order};
use smartpay_console::backend::ids::new_idempotency_key;
use smartpay_console::backend::sync::OnlineStatus;
use smartpay_console::backend::{Backend, ListQuery, OrderReader, SourceKind};
use smartpay_console::config::Lang;
use smartpay_console::domain::time::now_millis;
use smartpay_console::online::OnlineBackend;
use smartpay_console::tui::app::App;
use smartpay_console::tui::clipboard::Recorder;
use smartpay_console::tui::state::Session;
use smartpay_console::tui::testing::SharedBackend;
use smartpay_console::tui::theme::Theme;
use std::sync::Arc;
use std::time::Duration;

async fn wait_for(screen: &SharedBackend, needle: &str) -> String {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
    loop {
        let text = screen.text();
        if text.contains(needle) {
            return text;
        }
        assert!(tokio::time::Instant::now() < deadline, "timed out waiting for {needle:?}; the screen shows:\n{text}");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_tui_captures_through_the_api() {
    let sandbox = Sandbox::start(&[manual_order("TuiOnline1", 10_000)], 30, 0, 0.0);
    let dir = tempfile::tempdir().expect("dir");
    let settings = online_support::settings(dir.path(), &sandbox.url);
    let url = sandbox.url.clone();
    // The blocking client is built off the async threads, as the TUI's effects use it.
    let backend: Arc<dyn Backend> = tokio::task::spawn_blocking(move || {
        let backend = OnlineBackend::open(&url, &settings, false).expect("open online");
        backend.list(&ListQuery::default()).expect("first sync");
        assert!(backend.sync_status().last_synced_at.is_some());
        Arc::new(backend) as Arc<dyn Backend>
    })
    .await
    .expect("open");

    let before = tokio::task::block_in_place(|| sandbox.stats());
    let screen = SharedBackend::new(120, 40);
    let terminal = ratatui::Terminal::new(screen.clone()).expect("terminal");
    let session = Session {
        lang: Lang::En,
        theme: Theme { mono: false },
        read_only: false,
        operator: "tanaka".into(),
        source: SourceKind::Online,
        keygen: new_idempotency_key,
    };
    let app = App::new(terminal, Arc::clone(&backend), session, now_millis, Box::new(Recorder::default()));
    let (keys, input) = mpsc::unbounded();
    let handle = tokio::spawn(app.run(input));
    let key =
        |code: KeyCode| keys.unbounded_send(Ok(Event::Key(KeyEvent::new(code, KeyModifiers::NONE)))).expect("loop");
    let chars = |text: &str| text.chars().for_each(|c| key(KeyCode::Char(c)));

    wait_for(&screen, "31 of 31").await;
    key(KeyCode::Char('/'));
    chars("TuiOnline1");
    wait_for(&screen, " 1 of ").await;
    key(KeyCode::Enter);
    key(KeyCode::Enter);
    let details = wait_for(&screen, "── Amounts").await;
    assert!(details.contains("Customer · as given at checkout"), "online, the customer is as given:\n{details}");
    key(KeyCode::Char('a'));
    wait_for(&screen, "Payment Actions").await;
    chars("3000");
    key(KeyCode::Enter);
    wait_for(&screen, "Really do this?").await;
    key(KeyCode::Char('y'));
    let done = wait_for(&screen, "Done: Capture ¥3,000").await;
    let after = tokio::task::block_in_place(|| sandbox.stats());
    let grew = |name: &str| after[name].as_i64().unwrap_or(0) - before[name].as_i64().unwrap_or(0);
    assert_eq!((grew("payments"), grew("captured")), (1, 3000), "one payment, on the API's side: {after}");
    assert!(done.lines().any(|l| l.contains("capture") && l.contains("¥3,000") && l.contains("tanaka")), "{done}");
    assert!(!done.contains(KEY), "the secret key is never on screen");

    keys.unbounded_send(Ok(Event::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)))).expect("quit");
    tokio::time::timeout(Duration::from_secs(10), handle).await.expect("loop ends").expect("task").expect("loop ok");
    // The backend's blocking client goes away on a plain thread, never on an async worker.
    drop(backend);
}
