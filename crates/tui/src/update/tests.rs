use super::*;
use crate::action::Failure;
use crate::backend::{Outcome, PartOutcome};
use crate::config::Lang;
use crate::domain::Order;
use crate::domain::money::MAX_AMOUNT_CHARS;
use crate::domain::{Operation, RefundReason};
use crate::state::Session;
use crate::state::{DetailsView, Screen, Stage};
use crate::theme::Theme;

fn keygen() -> String {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    format!("key-{}", NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst))
}

fn order() -> Order {
    let mut order = Order::awaiting_capture("order_test_1", 5000, 0);
    order.reference = "r".into();
    order
}

pub(super) fn state() -> State {
    let session = Session {
        lang: crate::config::Lang::En,
        theme: Theme::default(),
        read_only: false,
        operator: "op".into(),
        source: SourceKind::Offline,
        keygen,
    };
    let mut state = State::new(session, 1000, (80, 24));
    state.screen = Screen::Details;
    state.details =
        Some(DetailsView { id: "order_test_1".into(), order: Some(order()), error: None, scroll: 0, request: 1 });
    state
}

pub(super) fn press(state: &mut State, code: KeyCode) -> Vec<Effect> {
    update(state, Action::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn sent_key(effects: &[Effect]) -> String {
    match effects {
        [Effect::Execute { request, .. }] => request.idempotency_key.clone(),
        other => panic!("expected one Execute, got {other:?}"),
    }
}

/// `a`, the amount, Enter, `y`: returns the effects of the confirmation.
fn capture(state: &mut State, amount: &str) -> Vec<Effect> {
    press(state, KeyCode::Char('a'));
    for c in amount.chars() {
        press(state, KeyCode::Char(c));
    }
    assert!(press(state, KeyCode::Enter).is_empty());
    press(state, KeyCode::Char('y'))
}

#[test]
fn a_retried_operation_reuses_its_key_and_a_new_one_gets_a_new_key() {
    let mut state = state();
    let first = sent_key(&capture(&mut state, "1000"));
    assert!(
        matches!(state.modal.as_ref().map(|m| &m.stage), Some(Stage::InFlight { .. })),
        "submit is disabled while in flight"
    );
    assert!(press(&mut state, KeyCode::Enter).is_empty(), "Enter while in flight sends nothing");
    let failure = Failure { message: "Cannot reach the Smartpay API: timeout".into(), refused: false };
    update(&mut state, Action::Executed { order_id: "order_test_1".into(), result: Err(failure) });
    assert!(state.modal.as_ref().is_some_and(|m| m.amount.value() == "1000"), "the modal keeps the amount");
    press(&mut state, KeyCode::Enter);
    let retry = sent_key(&press(&mut state, KeyCode::Char('y')));
    assert_eq!(first, retry, "the same confirmed operation goes out under the same key");
    state.modal = None;
    let other = sent_key(&capture(&mut state, "2000"));
    assert_ne!(first, other, "a different operation gets its own key");
}

#[test]
fn a_partly_done_refund_is_toasted_as_such_with_what_moved_even_when_replayed() {
    let mut state = state();
    let refund = Operation::Refund { amount: 600, reason: RefundReason::RequestedByCustomer };
    for replayed in [false, true] {
        let mut outcome = Outcome::new("order_test_1", &refund, "key-x", 600);
        outcome.parts = vec![
            PartOutcome::done(Some("payment_test_3".into()), 100, Some("refund_test_a".into())),
            PartOutcome::refused(Some("payment_test_2".into()), 500, "refused by the API"),
        ];
        outcome.replayed = replayed;
        update(&mut state, Action::Executed { order_id: "order_test_1".into(), result: Ok(Box::new(outcome)) });
        let toast = state.toast.clone().expect("a toast");
        assert!(toast.text.starts_with("Partly done: "), "never Done: {}", toast.text);
        assert!(toast.text.contains("¥100 of ¥600"), "what moved, of what was asked: {}", toast.text);
        assert!(toast.error, "shown as a problem");
    }
}

#[test]
fn a_refusal_spends_the_key_and_an_unknown_outcome_keeps_it_for_the_retry() {
    let mut state = state();
    let first = sent_key(&capture(&mut state, "1000"));
    let mut unknown = Outcome::new("order_test_1", &Operation::Capture { amount: 1000 }, &first, 1000);
    unknown.parts = vec![PartOutcome::unknown(None, 1000, "the request timed out")];
    update(&mut state, Action::Executed { order_id: "order_test_1".into(), result: Ok(Box::new(unknown)) });
    assert!(state.modal.as_ref().and_then(|m| m.error.clone()).is_some_and(|e| e.contains("never re-run blindly")));
    press(&mut state, KeyCode::Enter);
    let retry = sent_key(&press(&mut state, KeyCode::Char('y')));
    assert_eq!(retry, first, "an unknown outcome is retried under its key");
    let mut refused = Outcome::new("order_test_1", &Operation::Capture { amount: 1000 }, &first, 1000);
    refused.parts = vec![PartOutcome::refused(None, 1000, "Nothing is left to capture on this order.")];
    update(&mut state, Action::Executed { order_id: "order_test_1".into(), result: Ok(Box::new(refused)) });
    press(&mut state, KeyCode::Enter);
    let next = sent_key(&press(&mut state, KeyCode::Char('y')));
    assert_ne!(next, first, "a refused key is spent: confirming again is a new operation");
}

#[test]
fn an_amount_over_the_limit_never_reaches_the_confirmation() {
    let mut state = state();
    press(&mut state, KeyCode::Char('a'));
    for c in "9999".chars() {
        press(&mut state, KeyCode::Char(c));
    }
    let Some(modal) = &state.modal else { panic!("modal open") };
    let error = form::check(modal, &order(), state.now).expect_err("over the limit");
    assert_eq!(error.text(Lang::En), "¥9,999 is more than the ¥5,000 that can still be captured on this order.");
    assert_eq!(error.text(Lang::Ja), "¥9,999 は、この注文でまだ売上確定できる ¥5,000 を超えています。");
    assert!(press(&mut state, KeyCode::Enter).is_empty());
    assert!(state.modal.as_ref().is_some_and(|m| m.stage == Stage::Form));
}

#[test]
fn answers_to_old_list_requests_are_dropped() {
    let mut state = state();
    state.screen = Screen::List;
    update(&mut state, Action::Start(80, 24));
    let old = state.list.request;
    press(&mut state, KeyCode::Char('f'));
    let page = crate::backend::Page { rows: vec![], matching: 99, total: 99, damaged: vec![], at_least: false };
    update(&mut state, Action::RowsLoaded { request: old, offset: 0, result: Ok(page) });
    assert_eq!(state.list.matching, 0, "a superseded answer changes nothing");
}

#[test]
fn the_prefilled_maximum_is_replaced_by_the_first_digit() {
    let mut state = state();
    press(&mut state, KeyCode::Char('a'));
    assert_eq!(state.modal.as_ref().map(|m| m.amount.value().to_string()).as_deref(), Some("5,000"));
    press(&mut state, KeyCode::Char('7'));
    assert_eq!(state.modal.as_ref().map(|m| m.amount.value().to_string()).as_deref(), Some("7"));
}

#[test]
fn a_paste_goes_into_the_focused_field_and_is_never_a_command() {
    let mut state = state();
    update(&mut state, Action::Paste("qa".into()));
    assert!(!state.quit && state.modal.is_none(), "pasted text is not keys on the details screen");
    press(&mut state, KeyCode::Char('a'));
    update(&mut state, Action::Paste("3,000\n".into()));
    assert_eq!(state.modal.as_ref().map(|m| m.amount.value().to_string()).as_deref(), Some("3,000"));
}

#[test]
fn online_ticks_poll_the_sync_and_a_finished_pass_reloads_the_list() {
    use crate::backend::sync::SyncStatus;
    let mut state = state();
    assert!(update(&mut state, Action::Tick(2000)).is_empty(), "offline: nothing to poll");
    state.session.source = SourceKind::Online;
    state.screen = Screen::List;
    assert_eq!(update(&mut state, Action::Tick(3000)), vec![Effect::PollSync]);
    let running = SyncStatus { running: true, orders_synced: 340, reachable: true, ..SyncStatus::default() };
    let effects = update(&mut state, Action::Synced(Some(running.clone())));
    assert!(effects.is_empty(), "progress alone does not reload");
    assert!(state.dirty, "the status bar shows the progress");
    let done = SyncStatus { running: false, last_synced_at: Some(2500), ..running };
    let effects = update(&mut state, Action::Synced(Some(done)));
    // The list again, with the deadline queue's counts for its header.
    assert!(matches!(effects.as_slice(), [Effect::FetchRows { count_queue: true, .. }]), "{effects:?}");
}

/// `a`, Enter, then → so that Enter would confirm: the confirmation of capturing ¥5,000.
fn confirmation_ready(state: &mut State) {
    press(state, KeyCode::Char('a'));
    press(state, KeyCode::Enter);
    press(state, KeyCode::Right);
    assert!(matches!(state.modal.as_ref().map(|m| &m.stage), Some(Stage::Confirm { on_confirm: true, .. })));
}

#[test]
fn behind_the_too_small_screen_only_ctrl_c_does_anything() {
    let mut state = state();
    confirmation_ready(&mut state);
    update(&mut state, Action::Resize(40, 10));
    for code in [KeyCode::Char('y'), KeyCode::Enter, KeyCode::Esc, KeyCode::Char('q'), KeyCode::Char('?')] {
        assert!(press(&mut state, code).is_empty(), "{code:?} does nothing while hidden");
    }
    assert!(update(&mut state, Action::Paste("1".into())).is_empty());
    assert_eq!(state.ignored_keys, 6, "the screen counts what it ignored");
    assert!(!state.quit && state.help.is_none());
    assert!(
        matches!(state.modal.as_ref().map(|m| &m.stage), Some(Stage::Confirm { on_confirm: true, .. })),
        "the confirmation is exactly as it was"
    );
    update(&mut state, Action::Resize(80, 24));
    assert_eq!(state.ignored_keys, 0);
    let effects = press(&mut state, KeyCode::Char('y'));
    assert!(matches!(effects.as_slice(), [Effect::Execute { .. }]), "visible again, the same confirmation works");
    update(&mut state, Action::Resize(40, 10));
    update(&mut state, Action::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)));
    assert!(state.quit, "Ctrl-c always quits");
}

#[test]
fn at_the_minimum_size_the_focused_controls_are_on_screen() {
    use ratatui::backend::TestBackend;
    let mut state = state();
    state.size = (layout::MIN_WIDTH, layout::MIN_HEIGHT);
    state.toast = Some(Toast { id: 1, text: "Failed: a long message that wraps over lines ".repeat(4), error: true });
    press(&mut state, KeyCode::Char('a'));
    let screen = |state: &State| {
        let mut terminal =
            ratatui::Terminal::new(TestBackend::new(layout::MIN_WIDTH, layout::MIN_HEIGHT)).expect("terminal");
        terminal.draw(|frame| crate::views::draw(frame, state)).expect("draw");
        let buffer = terminal.backend().buffer().clone();
        buffer.content().iter().map(|c| c.symbol()).collect::<String>()
    };
    assert!(screen(&state).contains("[5,000"), "the amount field shows:\n{}", screen(&state));
    press(&mut state, KeyCode::Enter);
    let text = screen(&state);
    assert!(text.contains("[ Cancel ]") && text.contains("[ Confirm ]"), "both buttons show:\n{text}");
}

#[test]
fn a_paste_replaces_the_prefilled_amount_whole_or_not_at_all() {
    let mut state = state();
    press(&mut state, KeyCode::Char('a'));
    update(&mut state, Action::Paste("1".repeat(65)));
    let modal = state.modal.as_ref().expect("modal");
    assert_eq!(modal.amount.value(), "5,000", "a paste that does not fit changes nothing");
    assert_eq!(modal.error.as_deref(), Some("The amount is 65 characters long; an amount has at most 64."));
    update(&mut state, Action::Paste("1,2\u{1b}00".into()));
    assert_eq!(state.modal.as_ref().map(|m| m.amount.value().to_string()).as_deref(), Some("1,200"));
    for _ in 0..100 {
        press(&mut state, KeyCode::Char('9'));
    }
    assert_eq!(state.modal.as_ref().map(|m| m.amount.value().chars().count()), Some(MAX_AMOUNT_CHARS));
}

#[test]
fn the_details_scroll_stops_with_the_last_line_at_the_bottom() {
    let mut state = state();
    state.size = (80, 20);
    if let Some(order) = state.details.as_mut().and_then(|d| d.order.as_mut()) {
        let entry = crate::domain::HistoryEntry::system(crate::domain::HistoryKind::Authorization, 5000, 0);
        order.history = vec![entry; 12];
    }
    let max = crate::views::order_details::max_scroll(&state, state.size);
    assert!(max > 0, "the document is taller than 18 lines");
    for _ in 0..50 {
        press(&mut state, KeyCode::Down);
    }
    assert_eq!(state.details.as_ref().map(|d| d.scroll), Some(max), "never past the end");
    press(&mut state, KeyCode::Up);
    assert_eq!(state.details.as_ref().map(|d| d.scroll), Some(max - 1), "one Up moves at once");
    press(&mut state, KeyCode::PageDown);
    press(&mut state, KeyCode::Home);
    assert_eq!(state.details.as_ref().map(|d| d.scroll), Some(0));
    press(&mut state, KeyCode::End);
    assert_eq!(state.details.as_ref().map(|d| d.scroll), Some(max));
}
