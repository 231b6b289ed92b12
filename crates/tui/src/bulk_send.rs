//! The I/O of a bulk run (called from the effect runner, on the blocking pool): each marked
//! order in turn is read afresh, turned into its exact operation by the payment rules (an order
//! the action is not allowed for is refused with the rule's reason and never sent), and sent
//! under its own idempotency key — journaled first online. The stop flag is read before each
//! next request: once raised, the rest are reported as not sent.

use super::action::Action;
use super::bulk_run::{BulkAction, RowState, StopFlag};
use crate::backend::{Backend, OperationRequest};
use crate::config::Lang;
use crate::domain::bulk_plan::operation_for;
use crate::domain::time::now_millis;
use tokio::sync::mpsc::UnboundedSender;

/// Who sends a bulk run: the operator recorded in the history, and the language its reasons
/// are worded in.
pub struct Sender<'a> {
    pub operator: &'a str,
    pub lang: Lang,
}

pub fn run(
    backend: &dyn Backend,
    ids: &[String],
    action: BulkAction,
    sender: &Sender<'_>,
    keys: &[String],
    stop: &StopFlag,
    tx: &UnboundedSender<Action>,
) {
    for (index, (id, key)) in ids.iter().zip(keys).enumerate() {
        let state = if stop.stopped() { RowState::NotSent } else { one(backend, id, action, sender, key) };
        if tx.send(Action::BulkRow { index, state }).is_err() {
            return;
        }
    }
}

fn one(backend: &dyn Backend, id: &str, action: BulkAction, sender: &Sender<'_>, key: &str) -> RowState {
    let lang = sender.lang;
    let order = match backend.get(id) {
        Ok(order) => order,
        Err(err) => return RowState::Refused(err.text(lang)),
    };
    let operation = match operation_for(&order, &action.request(), now_millis()) {
        Ok((operation, _)) => operation,
        Err(refusal) => return RowState::Refused(refusal.text(lang)),
    };
    let operator = Some(format!("{} (bulk)", sender.operator));
    let request = OperationRequest { operation, operator, idempotency_key: key.to_string() };
    tracing::info!(order = %id, key = %key, "bulk: sending");
    match backend.execute(id, &request) {
        Ok(outcome) => RowState::of(&outcome, lang),
        Err(err) if err.exit_code() == 4 => RowState::Unknown(err.text(lang)),
        // An error means nothing was done.
        Err(err) => RowState::Refused(err.text(lang)),
    }
}
