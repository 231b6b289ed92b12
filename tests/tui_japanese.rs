//! `--lang ja` walked through as a Japanese support person would: the list, help, the details,
//! an amount over the limit, a confirmation, its result, an expired order, a read-only press.
//! Every screen is scanned for English left untranslated (three ASCII words in a row), so a
//! string that skips the catalog fails here.
// A test crate: a failed unwrap, expect or panic is how it reports a failure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod tui_support;

use crossterm::event::KeyCode;
use smartpay_console::config::Lang;
use smartpay_console::i18n::check::reads_as_english;
use tui_support::{Harness, Options};

/// The lines of `screen` that read as English.
fn english_lines(screen: &str) -> Vec<String> {
    screen.lines().filter(|line| reads_as_english(line)).map(str::to_string).collect()
}

fn assert_japanese(what: &str, screen: &str) {
    let english = english_lines(screen);
    assert!(english.is_empty(), "{what}: English left on screen:\n{}\n\n{screen}", english.join("\n"));
}

async fn open_ja(h: &Harness, needle: &str) {
    h.key(KeyCode::Char('/'));
    h.chars(needle);
    h.wait_for(" 1 / 24").await;
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    h.wait_for("取引履歴").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_screen_reads_in_japanese() {
    let h = Harness::start(Options { lang: Lang::Ja, width: 120, height: 40, ..Options::default() }).await;
    let list = h.wait_for(" 24 / 24").await;
    assert_japanese("the list", &list);
    h.key(KeyCode::Char('?'));
    assert_japanese("help", &h.wait_for("ヘルプ").await);
    h.key(KeyCode::Esc);
    h.wait_gone("┌ ヘルプ").await;

    open_ja(&h, "manual0000").await;
    let details = h.text();
    assert!(details.contains("残り"), "a countdown in Japanese:\n{details}");
    assert_japanese("the details", &details);
    h.key(KeyCode::Char('a'));
    h.wait_for("決済操作").await;
    // The focus starts in the amount, the prefilled maximum selected: typing replaces it.
    h.chars("20000");
    let over = h.wait_for("を超えています").await;
    assert_japanese("an amount over the limit", &over);
    for _ in 0..5 {
        h.key(KeyCode::Backspace);
    }
    h.chars("3000");
    h.key(KeyCode::Enter);
    let confirm = h.wait_for("実行しますか？").await;
    assert_japanese("the confirmation", &confirm);
    h.key(KeyCode::Char('y'));
    let done = h.wait_for("完了").await;
    assert_japanese("the result", &done);
    h.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refusals_read_in_japanese() {
    let h = Harness::start(Options { lang: Lang::Ja, width: 120, height: 40, ..Options::default() }).await;
    h.wait_for(" 24 / 24").await;
    open_ja(&h, "expired000").await;
    h.key(KeyCode::Char('a'));
    let refused = h.wait_for("決済操作").await;
    assert_japanese("an expired order's actions", &refused);
    h.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bulk_reads_in_japanese() {
    let h = Harness::start(Options { lang: Lang::Ja, width: 120, height: 40, ..Options::default() }).await;
    h.wait_for(" 24 / 24").await;
    h.key(KeyCode::Char(' '));
    h.key(KeyCode::Char(' '));
    h.wait_for("2件選択").await;
    h.key(KeyCode::Char('a'));
    let confirm = h.wait_for("一括決済操作").await;
    assert!(confirm.contains("確定可能額を全額売上確定"), "{confirm}");
    assert_japanese("the bulk confirmation", &confirm);
    h.key(KeyCode::Tab);
    h.key(KeyCode::Enter);
    let finished = h.wait_for("結果をCSVに書き出し").await;
    assert_japanese("the bulk result", &finished);
    h.quit().await;
}
