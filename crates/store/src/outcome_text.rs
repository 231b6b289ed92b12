//! An operation's outcome in sentences, for the CLI (what moved on stdout, why the rest did
//! not on stderr) and the TUI (its toast and the modal's error line). Figures such as "still
//! capturable" are printed only from an order read afresh.

use crate::domain::{Currency, Operation};
use crate::outcome::resolve_hint;
use crate::{Outcome, PartOutcome, PartResult, Verdict};

/// What goes to stdout: the confirmation of what moved (and, for a partly done or unknown
/// outcome, every part), or `None` when nothing moved.
pub fn confirmation(outcome: &Outcome, c: &Currency) -> Option<String> {
    let moved = c.format(outcome.moved());
    let id = &outcome.order_id;
    let replayed = if outcome.replayed {
        format!(" Replayed: key {} was used before, nothing new was sent.", outcome.idempotency_key)
    } else {
        String::new()
    };
    match outcome.verdict() {
        Verdict::Done => {
            let created = outcome.created();
            let ids = if created.is_empty() { String::new() } else { format!(" ({})", created.join(", ")) };
            let summary = outcome.order.as_ref().map(|o| o.summary(crate::domain::time::now_millis()));
            let text = match (&outcome.operation, summary) {
                (Operation::Capture { .. }, Some(s)) => {
                    format!("Captured {moved} on {id}{ids}. Still capturable: {}.", c.format(s.capturable))
                }
                (Operation::Capture { .. }, None) => format!("Captured {moved} on {id}{ids}."),
                (Operation::Refund { .. }, Some(s)) => {
                    format!("Refunded {moved} on {id}{ids}. Still refundable: {}.", c.format_known(s.refundable))
                }
                (Operation::Refund { .. }, None) => format!("Refunded {moved} on {id}{ids}."),
                (Operation::Void, _) => {
                    let status = outcome.order.as_ref().map(|o| format!("; the order is now {}", o.status));
                    format!("Voided {id}: released {moved}{}.", status.unwrap_or_default())
                }
            };
            Some(text + &replayed)
        }
        Verdict::PartlyDone | Verdict::Unknown if !outcome.parts.is_empty() => {
            let requested = c.format(outcome.requested);
            let head = format!("{} on {id}: {moved} of {requested} moved.{replayed}", capitalized(outcome));
            let lines: Vec<String> = outcome.parts.iter().enumerate().map(|(i, p)| part_line(i, p, c)).collect();
            Some(format!("{head}\n{}", lines.join("\n")))
        }
        _ => None,
    }
}

/// What goes to stderr as the error when the operation was not simply done; `None` when it was.
pub fn failure_message(outcome: &Outcome, c: &Currency) -> Option<String> {
    let verb = outcome.operation.verb();
    let id = &outcome.order_id;
    if let Some(resolved) = &outcome.resolved {
        let earlier = format!("An earlier {} on {id} (key {}) was still open", resolved.operation, resolved.key);
        return Some(match resolved.result {
            PartResult::Unknown => format!(
                "{earlier} and its outcome is still unknown, so the new {verb} was not sent. {}",
                resolve_hint(&resolved.key)
            ),
            _ => format!(
                "{earlier}; it is now resolved as done ({}). The new {verb} was not sent (nothing changed): re-run it if it is still wanted.",
                resolved.created.join(", ")
            ),
        });
    }
    let first_error = outcome.first_error().unwrap_or("no reason given");
    match outcome.verdict() {
        Verdict::Done => None,
        Verdict::Refused if outcome.replayed => Some(format!(
            "The key {} was used before and the {verb} was refused then (nothing changed): {first_error}",
            outcome.idempotency_key
        )),
        Verdict::Refused => Some(format!("{first_error} (nothing changed)")),
        Verdict::PartlyDone => Some(format!(
            "The {verb} was only partly done: {} of {} moved; the parts above say which. Check the order before doing anything more.",
            c.format(outcome.moved()),
            c.format(outcome.requested)
        )),
        Verdict::Unknown => Some(format!(
            "The outcome of the {verb} is unknown (idempotency key {}): {first_error}. It is recorded in the journal; open the order (`smartpay-console orders show {id}`) to resolve it — never re-run blindly.",
            outcome.idempotency_key
        )),
    }
}

fn capitalized(outcome: &Outcome) -> &'static str {
    match outcome.operation {
        Operation::Capture { .. } => "Capture",
        Operation::Refund { .. } => "Refund",
        Operation::Void => "Void",
    }
}

fn part_line(index: usize, part: &PartOutcome, c: &Currency) -> String {
    let payment = part.payment.as_deref().map(|p| format!(" {p}")).unwrap_or_default();
    let result = match part.result {
        PartResult::Done => format!("done{}", part.id.as_deref().map(|id| format!(" ({id})")).unwrap_or_default()),
        PartResult::Refused => format!("refused: {}", part.error.as_deref().unwrap_or("")),
        PartResult::Unknown => format!("unknown: {}", part.error.as_deref().unwrap_or("")),
    };
    format!("  part {}{payment} {}: {result}", index + 1, c.format(part.amount))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::RefundReason;

    #[test]
    fn a_partly_done_refund_lists_each_part_and_says_what_moved() {
        let c = Currency::JPY;
        let op = Operation::Refund { amount: 300, reason: RefundReason::RequestedByCustomer };
        let mut outcome = Outcome::new("order_test_a", &op, "k", 300);
        outcome.parts = vec![
            PartOutcome::done(Some("payment_test_2".into()), 200, Some("refund_test_x".into())),
            PartOutcome::refused(Some("payment_test_1".into()), 100, "already refunded"),
        ];
        let out = confirmation(&outcome, &c).expect("parts listed");
        assert!(out.contains("¥200 of ¥300 moved"), "{out}");
        assert!(out.contains("part 1 payment_test_2 ¥200: done (refund_test_x)"), "{out}");
        assert!(out.contains("part 2 payment_test_1 ¥100: refused: already refunded"), "{out}");
        let err = failure_message(&outcome, &c).expect("not simply done");
        assert!(err.contains("only partly done") && !err.contains("nothing changed"), "{err}");
    }
}
