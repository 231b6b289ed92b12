//! The payment rules: what may be captured, refunded or voided, and what doing it changes.
//!
//! `validate` decides (a refusal is a normal value with a sentence), `apply` carries out a plan
//! that `validate` produced, and `expire` closes a manual-capture order whose 7 days are over.
//! Every backend calls these; none re-implements a limit.

use super::history::{HistoryEntry, HistoryKind, HistoryResult};
use super::money::{Currency, Money};
use super::order::{CaptureMethod, Millis, Order, OrderStatus, Payment, Refund, RefundReason};
use serde::{Deserialize, Serialize};

pub mod refusal;
pub use refusal::{ManualStep, Refusal};

/// What an operator asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Operation {
    Capture { amount: i64 },
    Refund { amount: i64, reason: RefundReason },
    Void,
}

impl Operation {
    pub fn kind(&self) -> HistoryKind {
        match self {
            Operation::Capture { .. } => HistoryKind::Capture,
            Operation::Refund { .. } => HistoryKind::Refund,
            Operation::Void => HistoryKind::Void,
        }
    }

    pub fn verb(&self) -> &'static str {
        match self {
            Operation::Capture { .. } => "capture",
            Operation::Refund { .. } => "refund",
            Operation::Void => "void",
        }
    }
}

/// The part of an order-level refund taken from one payment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefundPart {
    pub payment_id: String,
    pub amount: i64,
}

/// A validated operation, ready to be carried out exactly as described.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Plan {
    Capture {
        amount: i64,
    },
    /// Newest payment first; each part no more than that payment's unrefunded amount.
    Refund {
        parts: Vec<RefundPart>,
        reason: RefundReason,
    },
    /// Releases the uncaptured remainder.
    Void {
        released: i64,
    },
}

impl Plan {
    /// The money this plan moves (or releases).
    pub fn amount(&self) -> i64 {
        match self {
            Plan::Capture { amount } => *amount,
            Plan::Refund { parts, .. } => parts.iter().map(|p| p.amount).sum(),
            Plan::Void { released } => *released,
        }
    }
}

/// Decides whether `op` may be done to `order` at `now`, and exactly how.
pub fn validate(order: &Order, op: &Operation, now: Millis) -> Result<Plan, Refusal> {
    match op {
        Operation::Capture { amount } => {
            let limit = max_capture(order, now)?;
            check_amount(*amount, limit, order.currency(), |requested, capturable| Refusal::CaptureExceeds {
                requested,
                capturable,
            })?;
            Ok(Plan::Capture { amount: *amount })
        }
        Operation::Refund { amount, reason } => {
            let limit = max_refund(order)?;
            check_amount(*amount, limit, order.currency(), |requested, refundable| Refusal::RefundExceeds {
                requested,
                refundable,
            })?;
            Ok(Plan::Refund { parts: split_refund(order, *amount), reason: *reason })
        }
        Operation::Void => {
            let released = max_void(order, now)?;
            Ok(Plan::Void { released })
        }
    }
}

fn check_amount(
    amount: i64,
    limit: i64,
    currency: Currency,
    exceeds: impl FnOnce(Money, Money) -> Refusal,
) -> Result<(), Refusal> {
    if amount <= 0 {
        return Err(Refusal::NotPositive);
    }
    if amount > limit {
        return Err(exceeds(Money::new(amount, currency), Money::new(limit, currency)));
    }
    Ok(())
}

/// Checks shared by capture and void: manual, awaiting capture, inside the window.
fn require_open_manual(order: &Order, now: Millis, step: ManualStep) -> Result<(), Refusal> {
    if order.capture_method == CaptureMethod::Automatic {
        return Err(match step {
            ManualStep::Void => Refusal::AutomaticCaptureCannotVoid,
            ManualStep::Capture => Refusal::AutomaticCaptureCannotCapture,
        });
    }
    // Past the window, whether or not the expiry is recorded yet: the refusal names the deadline.
    if order.is_past_deadline(now) || order.expiry_recorded() {
        return Err(Refusal::DeadlinePassed { deadline: order.expires_at, verb: step });
    }
    if order.status != OrderStatus::RequiresCapture {
        return Err(Refusal::NotAwaitingCapture { verb: step, status: order.status.clone() });
    }
    Ok(())
}

/// The most that can be captured now, or why nothing can.
pub fn max_capture(order: &Order, now: Millis) -> Result<i64, Refusal> {
    require_open_manual(order, now, ManualStep::Capture)?;
    match order.uncaptured_remainder() {
        0 => Err(Refusal::NothingToCapture),
        n => Ok(n),
    }
}

/// The most that can be refunded, or why nothing can.
pub fn max_refund(order: &Order) -> Result<i64, Refusal> {
    if order.refunds_unknown {
        return Err(Refusal::RefundsUnknown);
    }
    let captured = order.captured();
    if captured == 0 {
        return Err(Refusal::NothingCaptured);
    }
    match order.unrefunded() {
        0 => Err(Refusal::FullyRefunded),
        n => Ok(n),
    }
}

/// A refund of one payment (the API's `/refunds`): the order's rules applied to that payment
/// alone. Without an amount, what is left of the payment is refunded.
pub fn validate_payment_refund(
    order: &Order,
    payment_id: &str,
    amount: Option<i64>,
    reason: RefundReason,
    now: Millis,
) -> Result<Plan, Refusal> {
    let mut view = order.clone();
    view.payments.retain(|p| p.id == payment_id);
    let amount = match amount {
        Some(amount) => amount,
        None => max_refund(&view)?,
    };
    validate(&view, &Operation::Refund { amount, reason }, now)
}

/// What a void would release now, or why it is not allowed.
pub fn max_void(order: &Order, now: Millis) -> Result<i64, Refusal> {
    require_open_manual(order, now, ManualStep::Void)?;
    Ok(order.uncaptured_remainder())
}

/// Splits an order-level refund over payments, newest first, each part capped at that
/// payment's unrefunded amount. The caller has checked `amount` against the total refundable.
pub fn split_refund(order: &Order, amount: i64) -> Vec<RefundPart> {
    let mut newest_first: Vec<&Payment> = order.payments.iter().collect();
    newest_first.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.id.cmp(&a.id)));
    let mut left = amount;
    let mut parts = Vec::new();
    for payment in newest_first {
        if left == 0 {
            break;
        }
        let take = payment.refundable().min(left);
        if take > 0 {
            parts.push(RefundPart { payment_id: payment.id.clone(), amount: take });
            left -= take;
        }
    }
    parts
}

/// Who did an operation, when, and under which idempotency key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    pub now: Millis,
    pub operator: Option<String>,
    pub idempotency_key: Option<String>,
}

/// Ids for the objects an operation creates, supplied by the backend.
pub trait IdSource {
    fn payment_id(&mut self) -> String;
    fn refund_id(&mut self) -> String;
}

/// The status an order ends in once its uncaptured remainder is gone.
pub fn status_after_close(order: &Order) -> OrderStatus {
    super::order::status_after_close(order.captured())
}

/// Carries out a plan from [`validate`] on `order`, recording it in the history.
/// Returns the ids of the payments or refunds it created.
pub fn apply(order: &mut Order, plan: &Plan, stamp: &Stamp, ids: &mut dyn IdSource) -> Vec<String> {
    let entry = |kind, amount, object_id| HistoryEntry {
        kind,
        amount,
        at: stamp.now,
        operator: stamp.operator.clone(),
        idempotency_key: stamp.idempotency_key.clone(),
        result: HistoryResult::Succeeded,
        object_id,
    };
    match plan {
        Plan::Capture { amount } => {
            let id = ids.payment_id();
            order.payments.push(Payment { id: id.clone(), amount: *amount, created_at: stamp.now, refunds: vec![] });
            if order.captured() >= order.amount {
                order.status = OrderStatus::Succeeded;
            }
            order.history.push(entry(HistoryKind::Capture, *amount, Some(id.clone())));
            vec![id]
        }
        Plan::Refund { parts, reason } => {
            let mut created = Vec::with_capacity(parts.len());
            for part in parts {
                let id = ids.refund_id();
                if let Some(payment) = order.payments.iter_mut().find(|p| p.id == part.payment_id) {
                    payment.refunds.push(Refund {
                        id: id.clone(),
                        payment_id: part.payment_id.clone(),
                        amount: part.amount,
                        reason: *reason,
                        status: "succeeded".into(),
                        created_at: stamp.now,
                    });
                    order.history.push(entry(HistoryKind::Refund, part.amount, Some(id.clone())));
                    created.push(id);
                }
            }
            created
        }
        Plan::Void { released } => {
            order.status = status_after_close(order);
            order.history.push(entry(HistoryKind::Void, *released, None));
            vec![]
        }
    }
}

/// The figures `order` would show once `plan` is carried out at `now` ("still capturable
/// after: ¥8,800"), computed by carrying it out on a copy.
pub fn summary_after(order: &Order, plan: &Plan, now: Millis) -> super::order::Summary {
    struct Placeholders;
    impl IdSource for Placeholders {
        fn payment_id(&mut self) -> String {
            String::new()
        }
        fn refund_id(&mut self) -> String {
            String::new()
        }
    }
    let mut after = order.clone();
    let stamp = Stamp { now, operator: None, idempotency_key: None };
    apply(&mut after, plan, &stamp, &mut Placeholders);
    after.summary(now)
}

/// Closes a manual-capture order whose 7-day window is over: the remainder is gone and the
/// history says why. Returns whether anything changed.
pub fn expire(order: &mut Order, now: Millis) -> bool {
    if !order.is_past_deadline(now) {
        return false;
    }
    let released = order.uncaptured_remainder();
    let at = order.expires_at.unwrap_or(now);
    order.status = status_after_close(order);
    order.history.push(HistoryEntry::system(HistoryKind::Expiry, released, at));
    true
}

/// What the Payment Actions modal may offer right now: each action's maximum, or why not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Availability {
    pub capture: Result<i64, Refusal>,
    pub refund: Result<i64, Refusal>,
    pub void: Result<i64, Refusal>,
}

pub fn availability(order: &Order, now: Millis) -> Availability {
    Availability { capture: max_capture(order, now), refund: max_refund(order), void: max_void(order, now) }
}

#[cfg(test)]
mod tests;
