//! `capture`, `refund` and `void`: one confirmed operation each, with a fresh idempotency key.

use super::orders::open_source;
use super::output::{print_json, write_stdout};
use super::{AmountArgs, Failure, GlobalArgs, ReasonArg, RefundArgs, VoidArgs};
use crate::backend::ids::new_idempotency_key;
use crate::backend::smartpay::wire::{OrderDocument, order_document};
use crate::backend::{BackendError, OperationRequest, Outcome};
use crate::config::Settings;
use crate::domain::time::now_millis;
use crate::domain::{Operation, RefundReason};
use serde::Serialize;

pub fn capture(global: &GlobalArgs, settings: &Settings, args: AmountArgs) -> Result<(), Failure> {
    run(global, settings, &args.id, args.json, |order| {
        Ok(Operation::Capture { amount: order.currency().parse(&args.amount)? })
    })
}

pub fn refund(global: &GlobalArgs, settings: &Settings, args: RefundArgs) -> Result<(), Failure> {
    let reason = match args.reason {
        ReasonArg::RequestedByCustomer => RefundReason::RequestedByCustomer,
        ReasonArg::Fraudulent => RefundReason::Fraudulent,
    };
    run(global, settings, &args.id, args.json, |order| {
        Ok(Operation::Refund { amount: order.currency().parse(&args.amount)?, reason })
    })
}

pub fn void(global: &GlobalArgs, settings: &Settings, args: VoidArgs) -> Result<(), Failure> {
    run(global, settings, &args.id, args.json, |_| Ok(Operation::Void))
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct OperationJson {
    operation: &'static str,
    amount: i64,
    idempotency_key: String,
    created: Vec<String>,
    replayed: bool,
    order: OrderDocument,
}

/// Reads the order (its currency decides how the amount is parsed), builds the operation and
/// sends it once under a new idempotency key. The backend re-reads and re-validates inside.
fn run(
    global: &GlobalArgs,
    settings: &Settings,
    id: &str,
    json: bool,
    build: impl FnOnce(&crate::domain::Order) -> Result<Operation, Failure>,
) -> Result<(), Failure> {
    if settings.read_only {
        return Err(BackendError::ReadOnly.into());
    }
    let backend = open_source(global, settings)?;
    let order = backend.get(id)?;
    let operation = build(&order)?;
    let request = OperationRequest {
        operation: operation.clone(),
        operator: Some(settings.operator.clone()),
        idempotency_key: new_idempotency_key(),
    };
    let outcome = backend.execute(id, &request)?;
    let moved = moved_amount(&operation, &outcome);
    if json {
        return print_json(&OperationJson {
            operation: operation.verb(),
            amount: moved,
            idempotency_key: request.idempotency_key,
            created: outcome.created,
            replayed: outcome.replayed,
            order: order_document(&outcome.order, now_millis()),
        });
    }
    write_stdout(&(confirmation(&operation, moved, &outcome) + "\n"))
}

/// What the operation moved: the amount asked for, or for a void the remainder it released.
fn moved_amount(operation: &Operation, outcome: &Outcome) -> i64 {
    match operation {
        Operation::Capture { amount } | Operation::Refund { amount, .. } => *amount,
        Operation::Void => outcome
            .order
            .history
            .iter()
            .rev()
            .find(|h| h.kind == crate::domain::HistoryKind::Void)
            .map_or(0, |h| h.amount),
    }
}

fn confirmation(operation: &Operation, moved: i64, outcome: &Outcome) -> String {
    let order = &outcome.order;
    let c = order.currency();
    let s = order.summary(now_millis());
    let ids = if outcome.created.is_empty() { String::new() } else { format!(" ({})", outcome.created.join(", ")) };
    match operation {
        Operation::Capture { .. } => {
            format!("Captured {} on {}{ids}. Still capturable: {}.", c.format(moved), order.id, c.format(s.capturable))
        }
        Operation::Refund { .. } => {
            format!("Refunded {} on {}{ids}. Still refundable: {}.", c.format(moved), order.id, c.format(s.refundable))
        }
        Operation::Void => {
            format!("Voided {}: released {}; the order is now {}.", order.id, c.format(moved), order.status)
        }
    }
}
