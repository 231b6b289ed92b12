//! The actions modal: the form (action, amount, reason), its confirmation, and sending the
//! confirmed operation under its one idempotency key.

use super::is_printable;
use crate::backend::OperationRequest;
use crate::domain::money::MAX_AMOUNT_CHARS;
use crate::domain::rules;
use crate::domain::{Operation, RefundReason};
use crate::tui::effect::Effect;
use crate::tui::form;
use crate::tui::keymap::Command;
use crate::tui::state::{ActionKind, ActionsModal, Field, PendingKey, Stage, State};
use crossterm::event::{Event, KeyEvent};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

pub(super) fn open_modal(state: &mut State) {
    if state.session.read_only {
        return;
    }
    let Some(order) = state.order() else { return };
    let availability = rules::availability(order, state.now);
    let kind =
        ActionKind::ALL.into_iter().find(|k| form::limit(*k, &availability).is_ok()).unwrap_or(ActionKind::Capture);
    let amount = Input::new(form::prefill(kind, order, state.now));
    state.modal = Some(ActionsModal {
        order_id: order.id.clone(),
        kind,
        focus: Field::Action,
        amount,
        pristine: true,
        reason: RefundReason::RequestedByCustomer,
        stage: Stage::Form,
        error: None,
    });
}

pub(super) fn type_amount(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    let Some(modal) = state.modal.as_mut() else { return vec![] };
    let printable = is_printable(&key);
    if modal.pristine && printable {
        // The prefilled maximum is "selected": typing replaces it.
        modal.amount = Input::default();
    }
    if printable && !form::has_room(&modal.amount, MAX_AMOUNT_CHARS) {
        return vec![];
    }
    modal.pristine = false;
    modal.amount.handle_event(&Event::Key(key));
    modal.error = None;
    state.dirty = true;
    vec![]
}

fn fields(kind: ActionKind) -> &'static [Field] {
    match kind {
        ActionKind::Capture => &[Field::Action, Field::Amount],
        ActionKind::Refund => &[Field::Action, Field::Amount, Field::Reason],
        ActionKind::Void => &[Field::Action],
    }
}

pub(super) fn on_modal(state: &mut State, command: Command) -> Vec<Effect> {
    let now = state.now;
    let Some(order) = state.details.as_ref().and_then(|d| d.order.as_ref()) else { return vec![] };
    let Some(modal) = state.modal.as_mut() else { return vec![] };
    match command {
        Command::Back => state.modal = None,
        Command::NextField | Command::PrevField => {
            let list = fields(modal.kind);
            let at = list.iter().position(|f| *f == modal.focus).unwrap_or(0);
            let step = if command == Command::NextField { 1 } else { list.len() - 1 };
            modal.focus = list[(at + step) % list.len()];
        }
        Command::Left | Command::Right => match modal.focus {
            Field::Action => {
                let at = ActionKind::ALL.iter().position(|k| *k == modal.kind).unwrap_or(0);
                let step = if command == Command::Right { 1 } else { ActionKind::ALL.len() - 1 };
                modal.kind = ActionKind::ALL[(at + step) % ActionKind::ALL.len()];
                modal.amount = Input::new(form::prefill(modal.kind, order, now));
                modal.pristine = true;
                modal.error = None;
            }
            Field::Reason => {
                modal.reason = match modal.reason {
                    RefundReason::RequestedByCustomer => RefundReason::Fraudulent,
                    RefundReason::Fraudulent | RefundReason::Other => RefundReason::RequestedByCustomer,
                }
            }
            Field::Amount => {}
        },
        // An invalid form stays put: its sentence is already on screen, checked as typed.
        Command::Review => {
            if let Ok((operation, _)) = form::check(modal, order, now) {
                modal.stage = Stage::Confirm { operation, on_confirm: false };
            }
        }
        _ => {}
    }
    vec![]
}

pub(super) fn on_confirm(state: &mut State, command: Command) -> Vec<Effect> {
    let Some(modal) = state.modal.as_mut() else { return vec![] };
    let Stage::Confirm { operation, on_confirm } = &mut modal.stage else { return vec![] };
    match command {
        Command::Right | Command::Left => *on_confirm = !*on_confirm,
        Command::Back => modal.stage = Stage::Form,
        Command::Press if !*on_confirm => modal.stage = Stage::Form,
        Command::Press | Command::ConfirmYes => {
            let operation = operation.clone();
            return send(state, operation);
        }
        _ => {}
    }
    vec![]
}

/// Sends a confirmed operation under its one idempotency key: the stored key when this very
/// operation was confirmed before and has not succeeded yet, else a new one (stored first).
fn send(state: &mut State, operation: Operation) -> Vec<Effect> {
    // The keymap has no money-moving key in read-only mode; this is the dispatcher's own check.
    if state.session.read_only {
        state.modal = None;
        return vec![];
    }
    let Some(modal) = state.modal.as_mut() else { return vec![] };
    let order_id = modal.order_id.clone();
    modal.stage = Stage::InFlight { operation: operation.clone() };
    let key = match &state.pending_key {
        Some(p) if p.order_id == order_id && p.operation == operation => p.key.clone(),
        _ => (state.session.keygen)(),
    };
    state.pending_key = Some(PendingKey { order_id: order_id.clone(), operation: operation.clone(), key: key.clone() });
    let request = OperationRequest { operation, operator: Some(state.session.operator.clone()), idempotency_key: key };
    vec![Effect::Execute { order_id, request }]
}
