//! The actions modal: the form (action, amount, reason), its confirmation, and sending the
//! confirmed operation under its one idempotency key.

use super::is_printable;
use crate::backend::OperationRequest;
use crate::domain::money::MAX_AMOUNT_CHARS;
use crate::domain::rules;
use crate::domain::{Millis, Operation, Order, RefundReason};
use crate::effect::Effect;
use crate::form;
use crate::keymap::Command;
use crate::state::{ActionKind, ActionsModal, Field, PendingKey, Stage, State};
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
    let mut modal = ActionsModal {
        order_id: order.id.clone(),
        kind,
        focus: Field::Action,
        amount: Input::default(),
        pristine: true,
        reason: RefundReason::RequestedByCustomer,
        stage: Stage::Form,
        error: None,
    };
    choose(&mut modal, kind, order, state.now);
    state.modal = Some(modal);
}

/// Chooses `kind`: its maximum prefilled and "selected" (typing replaces it), the keyboard in
/// its amount field (on the action row for a void, which has none).
fn choose(modal: &mut ActionsModal, kind: ActionKind, order: &Order, now: Millis) {
    modal.kind = kind;
    modal.amount = Input::new(form::prefill(kind, order, now));
    modal.pristine = true;
    modal.error = None;
    modal.focus = if kind.has_amount() { Field::Amount } else { Field::Action };
}

/// The action `step` places along from the chosen one (wrapping).
fn step_action(kind: ActionKind, forward: bool) -> ActionKind {
    let all = ActionKind::ALL;
    let at = all.iter().position(|k| *k == kind).unwrap_or(0);
    all[(at + if forward { 1 } else { all.len() - 1 }) % all.len()]
}

/// On a tick: an action the new time no longer allows (the capture deadline passed while the
/// modal was open) changes the modal at once. A confirmation of it goes back to the form,
/// which shows the action disabled and says why, once; the keyboard goes to the action row.
pub(super) fn on_time_passed(state: &mut State, before: Millis) {
    let now = state.now;
    let Some(order) = state.details.as_ref().and_then(|d| d.order.as_ref()) else { return };
    let Some(modal) = state.modal.as_mut() else { return };
    let allowed = |at: Millis| form::limit(modal.kind, &rules::availability(order, at)).is_ok();
    if allowed(before) == allowed(now) {
        return;
    }
    state.dirty = true;
    if !allowed(now) && matches!(modal.stage, Stage::Confirm { .. } | Stage::Form) {
        modal.stage = Stage::Form;
        modal.focus = Field::Action;
        modal.error = None;
    }
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
    // Esc always closes the form, whatever is (or is not) loaded behind it.
    if command == Command::Back {
        state.modal = None;
        return vec![];
    }
    let now = state.now;
    let Some(order) = state.details.as_ref().and_then(|d| d.order.as_ref()) else { return vec![] };
    let Some(modal) = state.modal.as_mut() else { return vec![] };
    match command {
        Command::NextField | Command::PrevField => {
            let list = fields(modal.kind);
            let at = list.iter().position(|f| *f == modal.focus).unwrap_or(0);
            let step = if command == Command::NextField { 1 } else { list.len() - 1 };
            modal.focus = list[(at + step) % list.len()];
        }
        Command::Left | Command::Right => match modal.focus {
            Field::Action => choose(modal, step_action(modal.kind, command == Command::Right), order, now),
            Field::Reason => {
                modal.reason = match modal.reason {
                    RefundReason::RequestedByCustomer => RefundReason::Fraudulent,
                    RefundReason::Fraudulent | RefundReason::Other => RefundReason::RequestedByCustomer,
                }
            }
            Field::Amount => {}
        },
        Command::PrevAction | Command::NextAction => {
            choose(modal, step_action(modal.kind, command == Command::NextAction), order, now)
        }
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
            // Checked again at the latest time: a deadline that passed since the review
            // refuses it here, with the form saying why (once), and nothing is sent.
            let order = state.details.as_ref().and_then(|d| d.order.as_ref());
            if let Some(Err(_)) = order.map(|o| rules::validate(o, &operation, state.now)) {
                modal.stage = Stage::Form;
                modal.focus = Field::Action;
                modal.error = None;
                return vec![];
            }
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
