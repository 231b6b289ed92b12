//! What an operation did, part by part, and the one place that turns it into a verdict.
//!
//! A capture or a void is one part; a refund split over several payments is one part per
//! payment. Each part ends done (money moved, with the id the source gave it), refused (nothing
//! moved) or unknown (sent, answer lost: journaled, resolved by replaying its key). The amount
//! moved and the exit status are derived from the parts here and nowhere else.

use crate::domain::{Operation, Order, Plan, Refusal};
use serde::{Deserialize, Serialize};

/// How one part of an operation ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartResult {
    Done,
    Refused,
    Unknown,
}

/// One request of an operation: which payment (for a refund or a capture's new payment), how
/// much, and how it ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PartOutcome {
    /// The payment refunded, or for a capture the payment created; `None` for a void.
    pub payment: Option<String>,
    pub amount: i64,
    pub result: PartResult,
    /// The payment or refund the source created (done parts of a capture or refund).
    pub id: Option<String>,
    /// Why it was refused, or why its outcome is unknown.
    pub error: Option<String>,
}

impl PartOutcome {
    pub fn done(payment: Option<String>, amount: i64, id: Option<String>) -> PartOutcome {
        PartOutcome { payment, amount, result: PartResult::Done, id, error: None }
    }

    pub fn refused(payment: Option<String>, amount: i64, error: impl Into<String>) -> PartOutcome {
        PartOutcome { payment, amount, result: PartResult::Refused, id: None, error: Some(error.into()) }
    }

    pub fn unknown(payment: Option<String>, amount: i64, error: impl Into<String>) -> PartOutcome {
        PartOutcome { payment, amount, result: PartResult::Unknown, id: None, error: Some(error.into()) }
    }
}

/// An earlier operation on the same order, still open in the journal, that was settled before
/// the new one could be sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Resolved {
    pub key: String,
    /// `capture`, `refund` or `void`.
    pub operation: String,
    /// What the earlier operation created (payments or refunds).
    pub created: Vec<String>,
    /// Done (money moved), or still unknown (nothing new is sent until a person resolves it).
    pub result: PartResult,
}

/// The verdict on a whole operation, from its parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Every part moved its money (now, or earlier under the same key).
    Done,
    /// Some parts moved money and some were refused.
    PartlyDone,
    /// Nothing moved.
    Refused,
    /// At least one part's outcome is unknown.
    Unknown,
}

impl Verdict {
    /// The exit status of docs/INTERFACE.md ("Exit statuses"): 0 done, 3 refused, 4 unknown, 5 partly done.
    pub fn exit_code(self) -> i32 {
        match self {
            Verdict::Done => 0,
            Verdict::Refused => 3,
            Verdict::Unknown => 4,
            Verdict::PartlyDone => 5,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Done => "done",
            Verdict::PartlyDone => "partly_done",
            Verdict::Refused => "refused",
            Verdict::Unknown => "unknown",
        }
    }
}

/// What one operation did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub operation: Operation,
    pub order_id: String,
    pub idempotency_key: String,
    /// The amount asked for (for a void, the remainder it was to release).
    pub requested: i64,
    pub parts: Vec<PartOutcome>,
    /// The key had been used before: this is the first result, not a new operation.
    pub replayed: bool,
    /// Things that went wrong after the money moved ("figures may be stale").
    pub warnings: Vec<String>,
    /// An open journal entry on the order settled first (the new operation was then not sent).
    pub resolved: Option<Resolved>,
    /// The payment rule that refused it, when a rule did (the sandbox answers with its code).
    pub rule_refusal: Option<Refusal>,
    /// The order as it stands afterwards, only when freshly read.
    pub order: Option<Order>,
}

impl Outcome {
    /// An outcome with no parts yet, for `request` on `order_id`.
    pub fn new(order_id: &str, operation: &Operation, key: &str, requested: i64) -> Outcome {
        Outcome {
            operation: operation.clone(),
            order_id: order_id.to_string(),
            idempotency_key: key.to_string(),
            requested,
            parts: vec![],
            replayed: false,
            warnings: vec![],
            resolved: None,
            rule_refusal: None,
            order: None,
        }
    }

    /// Refused by a payment rule before anything was sent.
    pub fn refused_by_rule(order_id: &str, operation: &Operation, key: &str, refusal: Refusal) -> Outcome {
        let requested = requested_amount(operation, 0);
        let mut outcome = Outcome::new(order_id, operation, key, requested);
        outcome.parts.push(PartOutcome::refused(None, requested, refusal.to_string()));
        outcome.rule_refusal = Some(refusal);
        outcome
    }

    /// The money that actually moved: the sum of the done parts.
    pub fn moved(&self) -> i64 {
        self.parts.iter().filter(|p| p.result == PartResult::Done).map(|p| p.amount).sum()
    }

    /// The ids created by the done parts, in part order.
    pub fn created(&self) -> Vec<String> {
        self.parts.iter().filter(|p| p.result == PartResult::Done).filter_map(|p| p.id.clone()).collect()
    }

    /// Any part unknown (or an earlier open entry left unknown) → unknown; done and refused
    /// mixed → partly done; nothing moved → refused; everything done → done.
    pub fn verdict(&self) -> Verdict {
        let any = |r: PartResult| self.parts.iter().any(|p| p.result == r);
        let unresolved = self.resolved.as_ref().is_some_and(|r| r.result == PartResult::Unknown);
        if any(PartResult::Unknown) || unresolved {
            Verdict::Unknown
        } else if any(PartResult::Done) && any(PartResult::Refused) {
            Verdict::PartlyDone
        } else if any(PartResult::Done) {
            Verdict::Done
        } else {
            Verdict::Refused
        }
    }

    pub fn exit_code(&self) -> i32 {
        self.verdict().exit_code()
    }

    /// The first error among the parts, for a one-line message.
    pub fn first_error(&self) -> Option<&str> {
        self.parts.iter().find_map(|p| p.error.as_deref())
    }
}

/// The commands that settle an open entry by hand.
pub fn resolve_hint(key: &str) -> String {
    crate::outcome_text::resolve_hint_in(crate::domain::Lang::En, key)
}

/// The parts of a plan carried out in full, with the ids created (in part order).
pub fn done_parts(plan: &Plan, created: &[String]) -> Vec<PartOutcome> {
    match plan {
        Plan::Capture { amount } => {
            let id = created.first().cloned();
            vec![PartOutcome::done(id.clone(), *amount, id)]
        }
        Plan::Refund { parts, .. } => parts
            .iter()
            .zip(created)
            .map(|(part, id)| PartOutcome::done(Some(part.payment_id.clone()), part.amount, Some(id.clone())))
            .collect(),
        Plan::Void { released } => vec![PartOutcome::done(None, *released, None)],
    }
}

/// The amount an operation asks for; a void asks for whatever remains (`released`).
pub fn requested_amount(operation: &Operation, released: i64) -> i64 {
    match operation {
        Operation::Capture { amount } | Operation::Refund { amount, .. } => *amount,
        Operation::Void => released,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::RefundReason;

    fn refund(parts: Vec<PartOutcome>) -> Outcome {
        let op = Operation::Refund { amount: 300, reason: RefundReason::RequestedByCustomer };
        let mut outcome = Outcome::new("order_test_a", &op, "k", 300);
        outcome.parts = parts;
        outcome
    }

    fn done(amount: i64) -> PartOutcome {
        PartOutcome::done(Some("payment_test_1".into()), amount, Some("refund_test_1".into()))
    }

    #[test]
    fn the_verdict_and_what_moved_come_from_the_parts() {
        let all = refund(vec![done(200), done(100)]);
        assert_eq!((all.verdict(), all.exit_code(), all.moved()), (Verdict::Done, 0, 300));
        let partly = refund(vec![done(200), PartOutcome::refused(None, 100, "no")]);
        assert_eq!((partly.verdict(), partly.exit_code(), partly.moved()), (Verdict::PartlyDone, 5, 200));
        let unknown = refund(vec![done(200), PartOutcome::unknown(None, 100, "lost")]);
        assert_eq!((unknown.verdict(), unknown.exit_code(), unknown.moved()), (Verdict::Unknown, 4, 200));
        let refused = refund(vec![PartOutcome::refused(None, 300, "no")]);
        assert_eq!((refused.verdict(), refused.exit_code(), refused.moved()), (Verdict::Refused, 3, 0));
        let nothing = refund(vec![]);
        assert_eq!(nothing.exit_code(), 3, "no part sent is nothing moved");
    }

    #[test]
    fn an_earlier_entry_left_unknown_makes_the_outcome_unknown() {
        let mut outcome = refund(vec![]);
        outcome.resolved = Some(Resolved {
            key: "old".into(),
            operation: "refund".into(),
            created: vec![],
            result: PartResult::Unknown,
        });
        assert_eq!(outcome.exit_code(), 4);
        outcome.resolved = Some(Resolved {
            key: "old".into(),
            operation: "refund".into(),
            created: vec!["refund_test_9".into()],
            result: PartResult::Done,
        });
        assert_eq!(outcome.exit_code(), 3, "resolved as done: the new one was not sent");
    }
}
