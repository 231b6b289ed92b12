//! The Payment Actions form checked as the operator types: the domain's amount parser, then the
//! domain's rules. The same sentences as the CLI; nothing here re-implements a limit.

use super::state::{ActionKind, ActionsModal};
use crate::domain::rules::{self, Availability};
use crate::domain::{Millis, Operation, Order, Plan, Refusal};

/// The most the action can move now, or why it is not allowed.
pub fn limit(kind: ActionKind, availability: &Availability) -> &Result<i64, Refusal> {
    match kind {
        ActionKind::Capture => &availability.capture,
        ActionKind::Refund => &availability.refund,
        ActionKind::Void => &availability.void,
    }
}

/// The operation the form describes, validated against `order` at `now`, or the sentence that
/// says what is wrong.
pub fn check(modal: &ActionsModal, order: &Order, now: Millis) -> Result<(Operation, Plan), String> {
    // An action that is not available says why, whatever is in the amount field.
    if let Err(refusal) = limit(modal.kind, &rules::availability(order, now)) {
        return Err(refusal.to_string());
    }
    let operation = match modal.kind {
        ActionKind::Void => Operation::Void,
        kind => {
            let amount = order.currency().parse(modal.amount.value()).map_err(|e| e.to_string())?;
            if kind == ActionKind::Capture {
                Operation::Capture { amount }
            } else {
                Operation::Refund { amount, reason: modal.reason }
            }
        }
    };
    let plan = rules::validate(order, &operation, now).map_err(|e| e.to_string())?;
    Ok((operation, plan))
}

/// The prefilled amount for `kind`: its maximum, written as an operator would type it.
pub fn prefill(kind: ActionKind, order: &Order, now: Millis) -> String {
    match limit(kind, &rules::availability(order, now)) {
        Ok(max) if kind.has_amount() => order.currency().format_plain(*max),
        _ => String::new(),
    }
}
