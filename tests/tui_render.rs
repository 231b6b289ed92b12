//! Snapshots of every screen on a `TestBackend`, at 80x24 and 120x40, reached through the real
//! loop with a fixed clock and fixed data: Japanese names, an urgent and an expired deadline,
//! read-only mode, the Japanese UI and the too-small screen.
// A test crate: a failed unwrap, expect or panic is how it reports a failure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod tui_support;

use crossterm::event::KeyCode;
use ratatui::style::Modifier;
use smartpay_console::config::Lang;
use tui_support::{Harness, Options};

fn small() -> Options {
    Options::default()
}

fn large() -> Options {
    Options { width: 120, height: 40, ..Options::default() }
}

fn snapshot(name: &str, h: &Harness) {
    let screen = h.screen.lock();
    insta::assert_snapshot!(name, *screen);
}

async fn list(name: &str, options: Options) {
    let h = Harness::start(options).await;
    h.wait_until("the counts", |t| t.contains(" 24 of 24") || t.contains(" 24 / 24")).await;
    snapshot(name, &h);
    h.quit().await;
}

async fn details(name: &str, options: Options, needle: &str) {
    let h = Harness::start(options).await;
    h.open(needle).await;
    snapshot(name, &h);
    h.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn order_list_80x24() {
    list("order_list_80x24", small()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn order_list_120x40() {
    list("order_list_120x40", large()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn order_list_japanese_ui_80x24() {
    list("order_list_ja_80x24", Options { lang: Lang::Ja, ..small() }).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn order_list_read_only_80x24() {
    list("order_list_read_only_80x24", Options { read_only: true, ..small() }).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn order_list_filtered_and_sorted_120x40() {
    let h = Harness::start(large()).await;
    h.key(KeyCode::Char('s'));
    h.key(KeyCode::Char('S'));
    h.key(KeyCode::Char('/'));
    h.chars("example.jp");
    h.wait_for("sort: amount▲").await;
    h.wait_until("the filter applied", |t| t.contains("/example.jp") && !t.contains("loading")).await;
    snapshot("order_list_filtered_sorted_120x40", &h);
    h.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn order_details_80x24() {
    details("order_details_80x24", small(), "manual0000").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn order_details_120x40() {
    details("order_details_120x40", large(), "autocap000").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn order_details_expired_80x24() {
    details("order_details_expired_80x24", small(), "expired000").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn order_details_urgent_deadline_120x40() {
    details("order_details_urgent_120x40", large(), "urgent0000").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn order_details_read_only_80x24() {
    details("order_details_read_only_80x24", Options { read_only: true, ..small() }, "manual0000").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn order_details_japanese_ui_120x40() {
    let h = Harness::start(Options { lang: Lang::Ja, ..large() }).await;
    h.key(KeyCode::Char('/'));
    h.chars("manual0000");
    h.wait_for(" 1 / 24").await;
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    h.wait_for("── 金額").await;
    snapshot("order_details_ja_120x40", &h);
    h.quit().await;
}

async fn modal(name: &str, options: Options, needle: &str, keys: &[KeyCode], wait: &str) {
    let h = Harness::start(options).await;
    h.open_actions(needle).await;
    for key in keys {
        h.key(*key);
    }
    h.wait_for(wait).await;
    snapshot(name, &h);
    h.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn payment_actions_capture_80x24() {
    modal("payment_actions_capture_80x24", small(), "manual0000", &[], "≤ ¥10,000").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn payment_actions_automatic_order_120x40() {
    // Capture and void are disabled and say why; refund is prefilled with its maximum and
    // shows the split over payments.
    modal("payment_actions_refund_120x40", large(), "autocap000", &[], "Split").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn payment_actions_over_the_limit_80x24() {
    let keys = [KeyCode::Char('2'), KeyCode::Char('0'), KeyCode::Char('0'), KeyCode::Char('0'), KeyCode::Char('0')];
    modal("payment_actions_over_limit_80x24", small(), "manual0000", &keys, "is more than").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn payment_actions_confirmation_80x24() {
    let keys = [KeyCode::Char('3'), KeyCode::Char('0'), KeyCode::Char('0'), KeyCode::Char('0'), KeyCode::Enter];
    modal("payment_actions_confirm_80x24", small(), "manual0000", &keys, "Really do this?").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn payment_actions_expired_order_80x24() {
    modal("payment_actions_expired_80x24", small(), "expired000", &[], "deadline passed").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn help_80x24() {
    let h = Harness::start(small()).await;
    h.key(KeyCode::Char('?'));
    h.wait_for("Help").await;
    snapshot("help_80x24", &h);
    h.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn help_read_only_120x40() {
    let h = Harness::start(Options { read_only: true, ..large() }).await;
    h.key(KeyCode::Char('?'));
    h.wait_for("Help").await;
    snapshot("help_read_only_120x40", &h);
    h.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn too_small_40x10() {
    let h = Harness::start_without_waiting(Options { width: 40, height: 10, ..small() }).await;
    h.wait_for("Terminal too small").await;
    snapshot("too_small_40x10", &h);
    h.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn selection_stays_visible_without_colour() {
    let h = Harness::start(Options { mono: true, ..small() }).await;
    h.wait_for(" of 24").await;
    {
        let screen = h.screen.lock();
        let buffer = screen.buffer();
        let cell = &buffer[(5, 2)];
        assert!(cell.modifier.contains(Modifier::REVERSED), "the selected row is in reverse video");
        assert_eq!(cell.bg, ratatui::style::Color::Reset, "no colour in the mono theme");
        assert_eq!(buffer[(5, 3)].modifier, Modifier::empty(), "other rows are plain");
    }
    h.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn payment_actions_japanese_ui_80x24() {
    let h = Harness::start(Options { lang: Lang::Ja, ..small() }).await;
    h.key(KeyCode::Char('/'));
    h.chars("autocap000");
    h.wait_for(" 1 / 24").await;
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    h.wait_for("── 金額").await;
    h.key(KeyCode::Char('a'));
    h.wait_for("自動売上: 返金を使用").await;
    snapshot("payment_actions_ja_80x24", &h);
    h.quit().await;
}
