//! The I/O of a bulk run (called from the effect runner, on the blocking pool): each marked
//! order in turn is read afresh, turned into its exact operation by the payment rules (an order
//! the action is not allowed for is refused with the rule's reason and never sent), and sent
//! under its own idempotency key — journaled first online. The stop flag is read before each
//! next request: once raised, the rest are reported as not sent.

use super::action::Action;
use super::bulk_run::{BulkAction, RowState, StopFlag};
use crate::backend::{Backend, OperationRequest};
use crate::domain::bulk_plan::operation_for;
use crate::domain::time::now_millis;
use tokio::sync::mpsc::UnboundedSender;

pub fn run(
    backend: &dyn Backend,
    ids: &[String],
    action: BulkAction,
    operator: &str,
    keys: &[String],
    stop: &StopFlag,
    tx: &UnboundedSender<Action>,
) {
    for (index, (id, key)) in ids.iter().zip(keys).enumerate() {
        let state = if stop.stopped() { RowState::NotSent } else { one(backend, id, action, operator, key) };
        if tx.send(Action::BulkRow { index, state }).is_err() {
            return;
        }
    }
}

fn one(backend: &dyn Backend, id: &str, action: BulkAction, operator: &str, key: &str) -> RowState {
    let order = match backend.get(id) {
        Ok(order) => order,
        Err(err) => return RowState::Refused(err.to_string()),
    };
    let operation = match operation_for(&order, &action.request(), now_millis()) {
        Ok((operation, _)) => operation,
        Err(refusal) => return RowState::Refused(refusal.to_string()),
    };
    let request =
        OperationRequest { operation, operator: Some(format!("{operator} (bulk)")), idempotency_key: key.to_string() };
    tracing::info!(order = %id, key = %key, "bulk: sending");
    match backend.execute(id, &request) {
        Ok(outcome) => RowState::of(&outcome),
        Err(err) if err.exit_code() == 4 => RowState::Unknown(err.to_string()),
        // An error means nothing was done.
        Err(err) => RowState::Refused(err.to_string()),
    }
}
