//! The real app loop driven by synthetic keys on a `TestBackend`: the operator's journey from
//! the Order List to a capture, a refund and a void, each seen in the history.
// A test crate: a failed unwrap, expect or panic is how it reports a failure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod tui_support;

use crossterm::event::{KeyCode, KeyModifiers};
use tui_support::{Harness, Options, figure, history_has};

const MANUAL: &str = "order_test_manual00000000001";
const URGENT: &str = "order_test_urgent00000000002";
const URGENT_NAME: &str = "佐藤 花子";

/// Opens Payment Actions, picks the action `steps` below Capture (↓), types `amount` (if any:
/// the keyboard is already in the amount field) and confirms with `y`.
async fn operate(h: &Harness, steps: usize, amount: Option<&str>) {
    h.key(KeyCode::Char('a'));
    h.wait_for("Payment Actions").await;
    for _ in 0..steps {
        h.key(KeyCode::Down);
    }
    if let Some(amount) = amount {
        h.chars(amount);
    }
    h.key(KeyCode::Enter);
    h.wait_for("Really do this?").await;
    h.key(KeyCode::Char('y'));
    h.wait_gone("Payment Actions").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn capture_part_refund_part_void_each_show_in_the_history() {
    let h = Harness::start(Options { width: 120, height: 40, ..Options::default() }).await;
    h.open("manual0000").await;

    operate(&h, 0, Some("3000")).await;
    let screen = h.wait_for("Done: Capture ¥3,000").await;
    assert!(history_has(&screen, "capture", "¥3,000"), "{screen}");
    assert!(screen.contains("spc_test_key_"), "the history shows the idempotency key:\n{screen}");

    operate(&h, 1, Some("1,000")).await;
    let screen = h.wait_for("Done: Refund ¥1,000").await;
    assert!(history_has(&screen, "refund", "¥1,000"), "{screen}");
    assert_eq!(figure(&screen, "Refundable").as_deref(), Some("¥2,000"), "{screen}");

    operate(&h, 2, None).await;
    let screen = h.wait_for("Done: Void ¥7,000").await;
    assert!(history_has(&screen, "void", "¥7,000"), "{screen}");
    assert!(history_has(&screen, "capture", "¥3,000") && history_has(&screen, "refund", "¥1,000"), "{screen}");
    assert_eq!(figure(&screen, "Canceled").as_deref(), Some("¥7,000"), "{screen}");
    assert_eq!(figure(&screen, "Capturable").as_deref(), Some("¥0"), "{screen}");

    // Back on the list the row shows the new figures, still selected.
    h.key(KeyCode::Esc);
    let selected_shows = |t: &str| t.lines().any(|l| l.starts_with("> ") && l.contains("3,000") && l.contains("1,000"));
    h.wait_until("the refreshed row, still selected", selected_shows).await;
    h.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_amount_over_the_limit_is_refused_with_the_rules_sentence() {
    let h = Harness::start(Options::default()).await;
    h.open_actions("manual0000").await;
    h.chars("12000");
    // The rule's sentence ("… that can still be captured on this order."), wrapped in the modal.
    let screen = h.wait_for("¥12,000 is more than the ¥10,000 that can still be captured").await;
    assert!(screen.contains("[12000"), "the amount stays as typed:\n{screen}");
    h.key(KeyCode::Enter);
    // Keys are handled in order: the digit typed after Enter lands in the amount field only if
    // Enter left the form where it was (a confirmation would have taken the digit instead).
    h.chars("5");
    let screen = h.wait_for("[120005").await;
    assert!(!screen.contains("Really do this?"), "an invalid amount never reaches the confirmation:\n{screen}");
    assert!(screen.contains("¥120,005 is more than the ¥10,000"), "the rule's sentence follows the amount:\n{screen}");
    h.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn typing_q_into_the_amount_field_does_not_quit() {
    let h = Harness::start(Options::default()).await;
    h.open_actions("manual0000").await;
    h.chars("q?j");
    let screen = h.wait_for("[q?j").await;
    assert!(screen.contains("\"q?j\" is not an amount"), "{screen}");
    assert!(h.is_running(), "q went to the field, not to quit");
    // Esc leaves the modal, Esc leaves the details, q on the list quits.
    h.key(KeyCode::Esc);
    h.wait_gone("Payment Actions").await;
    h.key(KeyCode::Esc);
    h.wait_gone("── Amounts").await;
    h.key(KeyCode::Char('q'));
    let app = h.finish().await;
    assert!(app.state.quit);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancel_has_the_focus_so_enter_does_nothing_to_the_money() {
    let h = Harness::start(Options::default()).await;
    h.open_actions("manual0000").await;
    h.key(KeyCode::Enter);
    h.wait_for("Really do this?").await;
    h.key(KeyCode::Enter);
    h.wait_gone("Really do this?").await;
    h.key(KeyCode::Esc);
    let screen = h.wait_gone("Payment Actions").await;
    assert_eq!(figure(&screen, "Captured").as_deref(), Some("¥0"), "{screen}");
    h.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn read_only_has_no_actions_key() {
    let h = Harness::start(Options { read_only: true, ..Options::default() }).await;
    let screen = h.open("manual0000").await;
    assert!(screen.contains("READ-ONLY"), "{screen}");
    assert!(!screen.contains("actions"), "no hint for actions:\n{screen}");
    h.key(KeyCode::Char('a'));
    // Esc right after `a` goes back to the (filtered) list only if `a` opened nothing: an open
    // modal would take the Esc and keep the details on screen.
    h.key(KeyCode::Esc);
    let list = h.wait_for(" 1 of 24").await;
    assert!(!list.contains("Payment Actions"), "{list}");
    assert!(h.is_running());
    h.key(KeyCode::Char('?'));
    let help = h.wait_for("Help").await;
    // The help box's lines (the read-only notice may still show on its own line under it).
    let boxed: Vec<&str> = help.lines().filter(|l| l.contains('│') || l.contains('┌')).collect();
    assert!(boxed.iter().all(|l| !l.contains("actions") && !l.contains("Payment Actions")), "{help}");
    h.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn filter_as_you_type_shows_n_of_m_and_esc_clears_it() {
    let h = Harness::start(Options::default()).await;
    h.wait_for(" 24 of 24").await;
    h.key(KeyCode::Char('/'));
    h.chars("山田");
    // Typed one key at a time: the screen for `山` alone, or with its count still running
    // (`… of 24`, rows `loading…`), comes first and is not the answer.
    let screen = h
        .wait_until("a narrower count for 山田", |t| {
            t.contains("/山田") && t.contains(" of 24") && !t.contains(" 24 of 24") && !t.contains("… of 24")
        })
        .await;
    assert!(screen.contains("山田"), "{screen}");
    h.key(KeyCode::Esc);
    h.wait_for(" 24 of 24").await;
    h.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refresh_shows_what_changed_and_keeps_the_selected_order() {
    use smartpay_console::backend::OperationRequest;
    use smartpay_console::domain::Operation;
    let h = Harness::start(Options { width: 120, ..Options::default() }).await;
    h.chars("jjj");
    let selected = |s: &str| s.lines().find(|l| l.starts_with("> ")).map(str::to_string).unwrap_or_default();
    let before = h.wait_until("fourth row selected", |t| t.lines().nth(5).is_some_and(|l| l.starts_with("> "))).await;
    assert!(selected(&before).contains(URGENT_NAME), "the fourth row is the urgent order:\n{before}");
    // Another operator captures part of the selected order behind the app's back.
    let other = OperationRequest {
        operation: Operation::Capture { amount: 4_321 },
        operator: Some("suzuki".into()),
        idempotency_key: "spc_other_operator".into(),
    };
    h.store.execute(URGENT, &other).expect("the other capture");
    assert!(!selected(&h.text()).contains("4,321"), "nothing changes on screen before the refresh");
    h.key(KeyCode::Char('r'));
    let after = h.wait_until("the refreshed figures", |t| selected(t).contains("4,321")).await;
    assert!(selected(&after).contains(URGENT_NAME), "the same order stays selected:\n{after}");
    let app = h.quit().await;
    assert_eq!(app.state.list.selected, 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn y_copies_the_order_id() {
    let h = Harness::start(Options::default()).await;
    h.open("manual0000").await;
    h.key(KeyCode::Char('y'));
    h.wait_for("Copied").await;
    let copies = h.clipboard.0.lock().expect("clipboard").clone();
    assert_eq!(copies, vec![MANUAL.to_string()]);
    h.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_list_pages_from_the_store_and_keeps_only_a_window() {
    let h = Harness::start(Options { generated: 3_000, ..Options::default() }).await;
    h.wait_for("3,004 of 3,004").await;
    h.key(KeyCode::Char('G'));
    h.wait_until("the last row", |t| t.lines().nth(22).is_some_and(|l| l.starts_with("> "))).await;
    h.key(KeyCode::PageUp);
    h.key(KeyCode::Char('g'));
    h.wait_until("the first row", |t| t.lines().nth(2).is_some_and(|l| l.starts_with("> "))).await;
    h.send(KeyCode::Char('c'), KeyModifiers::CONTROL);
    let app = h.finish().await;
    assert!(app.state.list.window.rows.len() <= smartpay_console::tui::state::WINDOW);
    assert_eq!(app.state.list.selected, 0);
}

#[test]
fn deep_windows_read_from_the_nearer_end_are_the_same_rows() {
    use smartpay_console::backend::{ListQuery, SortKey};
    use smartpay_console::domain::OrderStatus;
    use smartpay_console::tui::list_window::list_from_nearer_end;
    let (_dir, store) = tui_support::store(400);
    for sort in SortKey::ALL {
        for descending in [true, false] {
            for status in [None, Some(OrderStatus::Succeeded)] {
                let base = ListQuery { sort, descending, status, limit: 1_000, ..ListQuery::default() };
                let all = store.list(&base).expect("all rows");
                let matching = all.matching;
                for offset in [0, matching / 2 + 1, matching - 30, matching - 5] {
                    let query = ListQuery { offset, limit: 40, ..base.clone() };
                    let page = list_from_nearer_end(&*store, &query, matching).expect("window");
                    let want: Vec<&str> = all.rows.iter().skip(offset).take(40).map(|r| r.id.as_str()).collect();
                    let got: Vec<&str> = page.rows.iter().map(|r| r.id.as_str()).collect();
                    assert_eq!(got, want, "{sort:?} descending={descending} offset={offset}");
                }
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_terminal_too_small_says_so_and_recovers() {
    let h = Harness::start(Options::default()).await;
    h.resize(50, 12);
    h.wait_for("Terminal too small").await;
    // Nothing acts unseen: a key pressed behind the too-small screen is ignored (and counted).
    h.key(KeyCode::Char('j'));
    h.wait_for("keys ignored: 1").await;
    h.resize(80, 24);
    let screen = h.wait_for(" 24 of 24").await;
    assert!(screen.lines().nth(2).is_some_and(|l| l.starts_with("> ")), "the hidden j did nothing:\n{screen}");
    h.key(KeyCode::Char('j'));
    h.wait_until("keys to work again", |s| s.lines().nth(3).is_some_and(|l| l.starts_with("> "))).await;
    h.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_capture_refused_by_the_store_keeps_the_modal_open_with_the_sentence_and_the_amount() {
    use smartpay_console::backend::OperationRequest;
    use smartpay_console::domain::Operation;
    let h = Harness::start(Options::default()).await;
    h.open_actions("manual0000").await;
    // Another operator captures ¥9,000 while this modal still offers ¥10,000.
    let other = OperationRequest {
        operation: Operation::Capture { amount: 9_000 },
        operator: Some("suzuki".into()),
        idempotency_key: "spc_other_operator".into(),
    };
    h.store.execute(MANUAL, &other).expect("the other capture");
    h.key(KeyCode::Enter);
    h.wait_for("Really do this?").await;
    h.key(KeyCode::Char('y'));
    let screen = h.wait_for("¥10,000 is more than the ¥1,000").await;
    assert!(screen.contains("Payment Actions") && screen.contains("[10,000"), "modal open, amount kept:\n{screen}");
    // The order was read again: the form now offers what is really left.
    h.wait_for("≤ ¥1,000").await;
    let order = h.store.get(MANUAL).expect("order");
    assert_eq!(order.captured(), 9_000, "nothing more was captured");
    h.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn quitting_while_a_capture_is_in_flight_asks_first_and_leaves_it_to_the_journal() {
    let h = Harness::start(Options { width: 100, hold_money: true, ..Options::default() }).await;
    h.open_actions("manual0000").await;
    h.key(KeyCode::Enter);
    h.wait_for("Really do this?").await;
    h.key(KeyCode::Char('y'));
    h.wait_for("Sending…").await;
    let question = "A payment request is still in flight; quit anyway?";
    h.send(KeyCode::Char('c'), KeyModifiers::CONTROL);
    let screen = h.wait_for(question).await;
    assert!(screen.contains("Open the order at the next"), "{screen}");
    // `n` stays: the request is still shown in flight, and the console still runs.
    h.key(KeyCode::Char('n'));
    let screen = h.wait_gone(question).await;
    assert!(screen.contains("Sending…") && h.is_running(), "{screen}");
    // Asked again, `y` quits without waiting for the answer (at most the 2 s grace).
    h.send(KeyCode::Char('c'), KeyModifiers::CONTROL);
    h.wait_for(question).await;
    h.key(KeyCode::Char('y'));
    let started = std::time::Instant::now();
    // The request never answers before the loop has given it its grace and ended.
    let app = h.finish().await;
    assert!(app.state.quit);
    let waited = started.elapsed();
    assert!(waited < std::time::Duration::from_secs(5), "quitting waited {waited:?} for the request");
}
