//! Which commands do something now: the one answer the status-bar hints and the command
//! palette share, so neither offers a key that does nothing (a bulk run's stage, a Drift view
//! without findings, the amount field that takes ← and → as text, Enter on a form the rules
//! refuse).

use crate::bulk_run::BulkStage;
use crate::drift::Phase;
use crate::keymap::{Command, Context};
use crate::state::{Field, State};

/// Whether `command`, bound in `context`, does something in `state` (read-only mode is the
/// keymap's own filter).
pub fn works_now(state: &State, context: Context, command: Command) -> bool {
    use Command as C;
    if matches!(command, C::Help | C::Palette | C::ForceQuit) {
        return true;
    }
    match context {
        Context::Bulk => {
            let Some(stage) = state.bulk.as_ref().map(|run| run.stage) else { return false };
            match stage {
                BulkStage::Reading | BulkStage::Running => command == C::Back,
                BulkStage::Confirm { .. } => {
                    matches!(command, C::Right | C::NextField | C::Press | C::ConfirmYes | C::Back)
                }
                BulkStage::Finished => matches!(command, C::Back | C::Press | C::Export),
                BulkStage::Recovered { asking: None } => matches!(command, C::Back | C::Export | C::Resume | C::Forget),
                BulkStage::Recovered { asking: Some(_) } => {
                    matches!(command, C::NextField | C::Right | C::Press | C::ConfirmYes | C::Back)
                }
            }
        }
        Context::Drift => match command {
            C::Up | C::Down | C::Open => !state.drift.findings().is_empty(),
            C::Refresh => state.drift.place.is_some() && state.drift.phase != Phase::Reconciling,
            _ => true,
        },
        // In the amount field ← and → move the cursor in the text; they choose elsewhere.
        Context::Modal if matches!(command, C::Left | C::Right) => {
            state.modal.as_ref().is_some_and(|m| m.focus != Field::Amount)
        }
        // Enter reviews only a form the rules allow (else its sentence is already on screen).
        Context::Modal if command == C::Review => match (state.modal.as_ref(), state.order()) {
            (Some(modal), Some(order)) => crate::form::check(modal, order, state.now).is_ok(),
            _ => false,
        },
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::{ActionKind, ActionsModal, Session, Stage};

    fn state() -> State {
        let session = Session { source: crate::backend::SourceKind::Demo, ..Session::for_tests() };
        State::new(session, 0, (80, 24))
    }

    #[test]
    fn keys_that_would_do_nothing_are_not_offered() {
        let mut state = state();
        for command in [Command::Down, Command::Open, Command::Refresh] {
            assert!(!works_now(&state, Context::Drift, command), "{command:?} without findings or a findings file");
        }
        assert!(
            works_now(&state, Context::Drift, Command::Back) && works_now(&state, Context::Drift, Command::Palette)
        );
        state.modal = Some(ActionsModal {
            order_id: "o".into(),
            kind: ActionKind::Capture,
            focus: Field::Amount,
            amount: tui_input::Input::default(),
            pristine: true,
            reason: crate::domain::RefundReason::RequestedByCustomer,
            stage: Stage::Form,
            error: None,
        });
        assert!(!works_now(&state, Context::Modal, Command::Left), "← moves the cursor in the amount");
        assert!(!works_now(&state, Context::Modal, Command::Review), "no order read: nothing to review");
        if let Some(modal) = state.modal.as_mut() {
            modal.focus = Field::Action;
        }
        assert!(works_now(&state, Context::Modal, Command::Left), "← chooses on the action row");
        assert!(!works_now(&state, Context::Bulk, Command::Press), "no bulk run open");
    }
}
