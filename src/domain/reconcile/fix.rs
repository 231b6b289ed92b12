//! The fix for a finding: the exact console command (validated by the payment rules against the
//! order as Smartpay holds it), and the order's operations for `--fix-plan`.
//!
//! One order's operations are decided together and checked as a sequence (capture, then
//! refund, then void), so two findings on one order never suggest paying the same yen twice:
//! a refunded-mismatch and a canceled-but-captured on one order share one refund.

use super::finding::PlannedOperation;
use crate::domain::money::Currency;
use crate::domain::order::{Millis, Order, RefundReason};
use crate::domain::rules::{self, IdSource, Operation, Refusal, Stamp};

/// What a finding asks to move.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Want {
    Capture(i64),
    /// A refund; `planned`: it goes into `--fix-plan` (the shop's record asks for it). A refund
    /// of money Smartpay captured beyond the shop's record is only suggested: check first.
    Refund {
        amount: i64,
        planned: bool,
    },
    Void,
}

impl Want {
    /// The amount asked for (none for a void).
    pub fn amount(self) -> Option<i64> {
        match self {
            Want::Capture(amount) | Want::Refund { amount, .. } => Some(amount),
            Want::Void => None,
        }
    }
}

/// The order's operations, each validated in sequence, or the rule's refusal.
#[derive(Debug, Clone, Default)]
pub struct OrderFixes {
    pub capture: Option<Result<Operation, Refusal>>,
    pub refund: Option<Result<Operation, Refusal>>,
    pub void: Option<Result<Operation, Refusal>>,
}

impl OrderFixes {
    /// Decides the operations `wants` add up to: the largest capture, the largest planned
    /// refund and one void, validated in that order on the order as each leaves it.
    pub fn decide(order: &Order, wants: &[Want], now: Millis) -> OrderFixes {
        let capture = wants.iter().filter_map(|w| if let Want::Capture(a) = w { Some(*a) } else { None }).max();
        let refund = wants
            .iter()
            .filter_map(|w| if let Want::Refund { amount, planned: true } = w { Some(*amount) } else { None })
            .max();
        let void = wants.contains(&Want::Void);
        let mut state = order.clone();
        let mut step = |op: Operation| -> Result<Operation, Refusal> {
            let plan = rules::validate(&state, &op, now)?;
            let stamp = Stamp { now, operator: None, idempotency_key: None };
            rules::apply(&mut state, &plan, &stamp, &mut Unnamed);
            Ok(op)
        };
        OrderFixes {
            capture: capture.map(|amount| step(Operation::Capture { amount })),
            refund: refund.map(|amount| step(Operation::Refund { amount, reason: RefundReason::RequestedByCustomer })),
            void: void.then(|| step(Operation::Void)),
        }
    }

    /// The operation that answers `want`, or why the rules refuse it.
    pub fn for_want(&self, order: &Order, want: Want, now: Millis) -> Option<Result<Operation, Refusal>> {
        match want {
            Want::Capture(_) => self.capture.clone(),
            Want::Refund { planned: true, .. } => self.refund.clone(),
            Want::Refund { amount, planned: false } => {
                let op = Operation::Refund { amount, reason: RefundReason::RequestedByCustomer };
                Some(rules::validate(order, &op, now).map(|_| op))
            }
            Want::Void => self.void.clone(),
        }
    }

    /// The operations that go into `--fix-plan`, in the order they must run.
    pub fn planned(&self, order: &Order) -> Vec<PlannedOperation> {
        let basis = (order.captured(), (!order.refunds_unknown).then(|| order.refunded()));
        [&self.capture, &self.refund, &self.void]
            .into_iter()
            .filter_map(|op| op.as_ref()?.as_ref().ok().cloned())
            .map(|operation| PlannedOperation {
                order: order.id.clone(),
                currency: order.currency.clone(),
                operation,
                basis,
            })
            .collect()
    }
}

/// Ids for the simulated operations (never shown).
struct Unnamed;

impl IdSource for Unnamed {
    fn payment_id(&mut self) -> String {
        "payment_planned".into()
    }
    fn refund_id(&mut self) -> String {
        "refund_planned".into()
    }
}

/// The console command for an operation: `refund order_… 1,200 --reason requested_by_customer`.
pub fn command(order_id: &str, op: &Operation, currency: Currency) -> String {
    let id = shell_word(order_id);
    match op {
        Operation::Capture { amount } => format!("capture {id} {}", currency.format_plain(*amount)),
        Operation::Refund { amount, reason } => {
            format!("refund {id} {} --reason {}", currency.format_plain(*amount), reason.as_str())
        }
        Operation::Void => format!("void {id}"),
    }
}

/// An id as one shell word: as it is when it holds only safe characters, else single-quoted.
fn shell_word(text: &str) -> String {
    if !text.is_empty() && text.chars().all(|c| c.is_ascii_alphanumeric() || "_-.:".contains(c)) {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::order::fixtures::manual_order;

    #[test]
    fn two_refunds_asked_on_one_order_become_the_larger_one() {
        let mut order = manual_order(10_000, 0);
        order.payments.push(crate::domain::Payment {
            id: "payment_test_1".into(),
            amount: 10_000,
            created_at: 1,
            refunds: vec![],
        });
        order.status = crate::domain::OrderStatus::Succeeded;
        let wants = [Want::Refund { amount: 4_000, planned: true }, Want::Refund { amount: 10_000, planned: true }];
        let fixes = OrderFixes::decide(&order, &wants, 2);
        let plan = fixes.planned(&order);
        assert_eq!(plan.len(), 1);
        assert_eq!(plan[0].operation, Operation::Refund { amount: 10_000, reason: RefundReason::RequestedByCustomer });
        assert_eq!(
            command(&order.id, &plan[0].operation, Currency::JPY),
            "refund order_test_unit 10,000 --reason requested_by_customer"
        );
    }

    #[test]
    fn a_refused_operation_is_never_planned() {
        let order = manual_order(10_000, 0);
        let fixes = OrderFixes::decide(&order, &[Want::Refund { amount: 1, planned: true }], 2);
        assert!(matches!(fixes.refund, Some(Err(Refusal::NothingCaptured))));
        assert!(fixes.planned(&order).is_empty());
        assert_eq!(shell_word("a b"), "'a b'");
    }
}
