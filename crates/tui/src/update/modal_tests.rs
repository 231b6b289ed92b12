//! The Payment Actions modal as issue 13 asks: the keyboard starts in the amount field with
//! its maximum selected, a deadline passing while it is open changes it at once, and every
//! refusal is said once.

use super::tests::{press, state};
use super::*;
use crate::backend::{Outcome, PartOutcome};
use crate::domain::order::CAPTURE_WINDOW_MS;
use crate::domain::{Operation, OrderStatus, Payment};
use crate::state::{ActionKind, Stage};
use crossterm::event::KeyCode;

fn screen(state: &State) -> String {
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(state.size.0, state.size.1)).expect("terminal");
    terminal.draw(|frame| crate::views::draw(frame, state)).expect("draw");
    crate::testing::buffer_text(terminal.backend().buffer())
}

fn modal(state: &State) -> &crate::state::ActionsModal {
    state.modal.as_ref().expect("the modal is open")
}

#[test]
fn typed_digits_replace_the_prefilled_maximum_of_whichever_action_is_chosen() {
    let mut state = state();
    press(&mut state, KeyCode::Char('a'));
    assert_eq!((modal(&state).kind, modal(&state).focus), (ActionKind::Capture, Field::Amount));
    for c in "4000".chars() {
        press(&mut state, KeyCode::Char(c));
    }
    assert_eq!(modal(&state).amount.value(), "4000");
    press(&mut state, KeyCode::Enter);
    let text = screen(&state);
    assert!(text.contains("Capture ¥4,000 (JPY)"), "{text}");
    assert!(text.contains("still capturable after: ¥1,000"), "{text}");
    press(&mut state, KeyCode::Esc);
    // ↓ chooses the next action: again its maximum, selected, the keyboard in its field.
    press(&mut state, KeyCode::Down);
    press(&mut state, KeyCode::Down);
    assert_eq!((modal(&state).kind, modal(&state).focus), (ActionKind::Void, Field::Action));
    press(&mut state, KeyCode::Up);
    press(&mut state, KeyCode::Up);
    assert_eq!((modal(&state).kind, modal(&state).focus), (ActionKind::Capture, Field::Amount));
    assert_eq!((modal(&state).amount.value(), modal(&state).pristine), ("5,000", true));
}

#[test]
fn an_order_with_nothing_to_capture_opens_on_refund() {
    let mut state = state();
    if let Some(order) = state.details.as_mut().and_then(|d| d.order.as_mut()) {
        order.status = OrderStatus::Succeeded;
        order.set_payments(vec![Payment::new("payment_1", 5_000, 1, vec![])]).expect("within the order");
    }
    press(&mut state, KeyCode::Char('a'));
    assert_eq!((modal(&state).kind, modal(&state).focus), (ActionKind::Refund, Field::Amount));
    assert_eq!(modal(&state).amount.value(), "5,000");
}

#[test]
fn a_deadline_passing_during_the_confirmation_disables_the_capture_and_y_sends_nothing() {
    let mut state = state();
    press(&mut state, KeyCode::Char('a'));
    press(&mut state, KeyCode::Enter);
    assert!(matches!(modal(&state).stage, Stage::Confirm { .. }));
    update(&mut state, Action::Tick(CAPTURE_WINDOW_MS + 1));
    assert_eq!(modal(&state).stage, Stage::Form, "the modal changed at once");
    assert!(state.dirty);
    assert!(press(&mut state, KeyCode::Char('y')).is_empty(), "nothing is sent");
    let text = screen(&state);
    assert!(text.contains("deadline passed"), "the action says why:\n{text}");
    assert_eq!(text.matches("The 7-day capture deadline passed").count(), 1, "said once:\n{text}");
}

#[test]
fn a_refusal_after_a_colleague_changed_the_order_is_shown_once() {
    let mut state = state();
    press(&mut state, KeyCode::Char('a'));
    press(&mut state, KeyCode::Enter);
    press(&mut state, KeyCode::Char('y'));
    // A colleague captured everything first: the API refuses, and the order read again says
    // the same.
    let sentence = "Only an order awaiting capture can be captured; this order is succeeded.";
    let mut refused = Outcome::new("order_test_1", &Operation::Capture { amount: 5_000 }, "key-1", 5_000);
    refused.parts = vec![PartOutcome::refused(None, 5_000, sentence)];
    update(&mut state, Action::Executed { order_id: "order_test_1".into(), result: Ok(Box::new(refused)) });
    let mut changed = state.order().cloned().expect("order");
    changed.status = OrderStatus::Succeeded;
    changed.set_payments(vec![Payment::new("payment_1", 5_000, 1, vec![])]).expect("within the order");
    let request = state.details.as_ref().map_or(0, |d| d.request);
    update(&mut state, Action::OrderLoaded { request, result: Ok(Box::new(changed)) });
    let text = screen(&state);
    assert_eq!(text.matches("Only an order awaiting capture").count(), 1, "once:\n{text}");
}

#[test]
fn with_the_api_out_of_reach_a_says_so_and_opens_nothing() {
    use crate::backend::sync::SyncStatus;
    let mut state = state();
    state.sync = Some(SyncStatus { reachable: false, ..SyncStatus::default() });
    press(&mut state, KeyCode::Char('a'));
    assert!(state.modal.is_none(), "no form that nothing could send");
    let toast = state.toast.as_ref().map(|t| t.text.clone()).unwrap_or_default();
    assert!(toast.contains("out of reach") && toast.contains("nothing was sent"), "{toast}");
    state.sync = Some(SyncStatus { reachable: true, ..SyncStatus::default() });
    press(&mut state, KeyCode::Char('a'));
    assert!(state.modal.is_some(), "back in reach: the form opens");
}
