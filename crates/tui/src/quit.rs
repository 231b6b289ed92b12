//! Leaving the console. Quitting while a payment request is in flight asks first: its outcome
//! is not known yet, and leaving does not cancel it (the journal keeps it, and the next start
//! resolves it by replaying its key). A signal or a hung-up terminal leaves without asking.

use super::effect::Effect;
use super::state::{Stage, State};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Whether a capture, refund or void has been sent and has not answered yet.
pub fn money_in_flight(state: &State) -> bool {
    matches!(state.modal.as_ref().map(|m| &m.stage), Some(Stage::InFlight { .. }))
}

/// `q` or Ctrl-c: quits, or asks first while a payment request is in flight. Behind the "too
/// small" screen, which promises that Ctrl-c quits, the question could not be seen: it quits.
pub fn request(state: &mut State) -> Vec<Effect> {
    if money_in_flight(state) && !super::layout::hides_controls(state.size) {
        state.quit_question = true;
    } else {
        state.quit = true;
    }
    state.dirty = true;
    vec![]
}

/// The answer to the question: `y` (or Ctrl-c again) quits, anything else stays.
pub fn answer(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    let ctrl_c = key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl_c || matches!(key.code, KeyCode::Char('y') | KeyCode::Char('Y')) {
        state.quit = true;
    }
    state.quit_question = false;
    state.dirty = true;
    vec![]
}

/// The request answered while the question was up: there is nothing left to ask about.
pub fn request_answered(state: &mut State) {
    if state.quit_question {
        state.quit_question = false;
        state.dirty = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::action::{Action, Failure};
    use crate::backend::{BackendError, SourceKind};
    use crate::domain::{Operation, RefundReason};
    use crate::state::{ActionKind, ActionsModal, Field, Session};
    use crate::update::update;

    fn state_in_flight() -> State {
        let session = Session {
            theme: crate::theme::Theme { mono: true },
            operator: "tanaka".into(),
            source: SourceKind::Online,
            ..Session::for_tests()
        };
        let mut state = State::new(session, 0, (80, 24));
        state.modal = Some(ActionsModal {
            order_id: "order_test_1".into(),
            kind: ActionKind::Capture,
            focus: Field::Action,
            amount: tui_input::Input::default(),
            pristine: true,
            reason: RefundReason::RequestedByCustomer,
            stage: Stage::InFlight { operation: Operation::Capture { amount: 100 } },
            error: None,
        });
        state
    }

    fn press(state: &mut State, code: KeyCode, modifiers: KeyModifiers) {
        update(state, Action::Key(KeyEvent::new(code, modifiers)));
    }

    #[test]
    fn ctrl_c_while_money_is_in_flight_asks_and_n_stays() {
        let mut state = state_in_flight();
        press(&mut state, KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert!(state.quit_question && !state.quit, "asks instead of quitting");
        press(&mut state, KeyCode::Char('n'), KeyModifiers::NONE);
        assert!(!state.quit_question && !state.quit, "n stays");
        assert!(money_in_flight(&state), "the request is still shown in flight");
    }

    #[test]
    fn y_or_a_second_ctrl_c_quits_and_a_signal_never_asks() {
        for (code, modifiers) in [(KeyCode::Char('y'), KeyModifiers::NONE), (KeyCode::Char('c'), KeyModifiers::CONTROL)]
        {
            let mut state = state_in_flight();
            press(&mut state, KeyCode::Char('c'), KeyModifiers::CONTROL);
            press(&mut state, code, modifiers);
            assert!(state.quit, "{code:?} quits");
        }
        let mut state = state_in_flight();
        update(&mut state, Action::Quit);
        assert!(state.quit && !state.quit_question, "SIGTERM/SIGHUP leave at once");
    }

    #[test]
    fn nothing_in_flight_quits_at_once_and_an_answer_clears_the_question() {
        let mut state = state_in_flight();
        state.modal = None;
        press(&mut state, KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert!(state.quit && !state.quit_question);
        let mut state = state_in_flight();
        press(&mut state, KeyCode::Char('c'), KeyModifiers::CONTROL);
        let failure = Failure { refused: false, message: BackendError::Network("down".into()).to_string() };
        update(&mut state, Action::Executed { order_id: "order_test_1".into(), result: Err(failure) });
        assert!(!state.quit_question && !state.quit, "answered: nothing left to ask about");
    }
}
