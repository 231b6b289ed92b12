//! Planning one row of a bulk run: what the row asks for, the exact operation it becomes on the
//! order as it stands (by the payment rules, nothing else), the state the order is left in for
//! the next row on it (a file is one sequence), and the row's idempotency key.

use super::history::HistoryKind;
use super::money::{AmountError, Currency, parse_amount};
use super::order::{Millis, Order, RefundReason};
use super::rules::{self, IdSource, Operation, Plan, Refusal, Stamp};
use serde::{Deserialize, Serialize};

/// The columns of a bulk run's report as CSV: the CLI's `bulk --out` and the TUI's export.
pub const REPORT_COLUMNS: [&str; 9] =
    ["line", "order", "operation", "requested", "moved", "result", "reason", "key", "created"];

/// What a row asks to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BulkOperation {
    Capture,
    Refund,
    Void,
}

impl BulkOperation {
    pub fn parse(text: &str) -> Option<BulkOperation> {
        match text.trim().to_ascii_lowercase().as_str() {
            "capture" => Some(BulkOperation::Capture),
            "refund" => Some(BulkOperation::Refund),
            "void" => Some(BulkOperation::Void),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            BulkOperation::Capture => "capture",
            BulkOperation::Refund => "refund",
            BulkOperation::Void => "void",
        }
    }
}

/// How much a row asks for: an amount, (an empty cell) the most the rules allow, or a
/// percentage of that most (the TUI's bulk capture), floored to the minor unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Requested {
    Maximum,
    Exactly(i64),
    Percent(u8),
}

/// `percent` % of `maximum`, floored to the minor unit (never rounded up: a bulk capture of
/// 33 % of ¥1,000 takes ¥330, of ¥1 takes nothing and is refused as not positive).
pub fn percent_of(maximum: i64, percent: u8) -> i64 {
    let floored = i128::from(maximum.max(0)) * i128::from(percent) / 100;
    i64::try_from(floored).unwrap_or(0)
}

/// Reads a percentage typed by the operator: a whole number from 1 to 100 (`%` allowed).
pub fn parse_percent(text: &str) -> Result<u8, String> {
    let text = text.trim();
    let digits = text.strip_suffix('%').unwrap_or(text).trim();
    match digits.parse::<u8>() {
        Ok(percent @ 1..=100) if digits.bytes().all(|b| b.is_ascii_digit()) => Ok(percent),
        _ => Err(format!("\"{text}\" is not a percentage: write a whole number from 1 to 100, such as 50.")),
    }
}

impl Requested {
    /// Reads an amount cell in the order's currency: empty is the maximum.
    pub fn parse(text: &str, currency: Currency) -> Result<Requested, AmountError> {
        if text.trim().is_empty() {
            return Ok(Requested::Maximum);
        }
        parse_amount(text, currency).map(Requested::Exactly)
    }

    /// The words a key is derived from: `max`, or the amount in minor units.
    fn key_text(self) -> String {
        match self {
            Requested::Maximum => "max".into(),
            Requested::Exactly(minor) => minor.to_string(),
            Requested::Percent(percent) => format!("{percent}%"),
        }
    }
}

/// One row, read and understood (its order not yet looked at).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowRequest {
    pub operation: BulkOperation,
    pub requested: Requested,
    /// Refunds only.
    pub reason: Option<RefundReason>,
}

/// The exact operation a row becomes on `order` at `now`, and its plan; or the rule that
/// refuses it. A fixed amount over the limit is refused, never capped.
pub fn operation_for(order: &Order, row: &RowRequest, now: Millis) -> Result<(Operation, Plan), Refusal> {
    let operation = match (row.operation, row.requested) {
        (BulkOperation::Capture, Requested::Maximum) => Operation::Capture { amount: rules::max_capture(order, now)? },
        (BulkOperation::Capture, Requested::Exactly(amount)) => Operation::Capture { amount },
        (BulkOperation::Capture, Requested::Percent(percent)) => {
            Operation::Capture { amount: percent_of(rules::max_capture(order, now)?, percent) }
        }
        (BulkOperation::Refund, requested) => {
            let amount = match requested {
                Requested::Maximum => rules::max_refund(order)?,
                Requested::Exactly(amount) => amount,
                Requested::Percent(percent) => percent_of(rules::max_refund(order)?, percent),
            };
            Operation::Refund { amount, reason: row.reason.unwrap_or(RefundReason::RequestedByCustomer) }
        }
        (BulkOperation::Void, _) => Operation::Void,
    };
    let plan = rules::validate(order, &operation, now)?;
    Ok((operation, plan))
}

/// Whether an operation made earlier under a row's key is what the row asks for: the same
/// kind, the same amount when the row names one, the same reason for a refund. A key given in
/// the file may have been spent on something else (another row, a single `refund`); such a row
/// is not "done", it needs another key.
pub fn is_same_request(row: &RowRequest, earlier: &Operation) -> bool {
    // A maximum or a percentage is whatever it came to on the order as it then stood.
    let amount_fits = |amount: i64| match row.requested {
        Requested::Maximum | Requested::Percent(_) => true,
        Requested::Exactly(wanted) => wanted == amount,
    };
    match (row.operation, earlier) {
        (BulkOperation::Capture, Operation::Capture { amount }) => amount_fits(*amount),
        (BulkOperation::Refund, Operation::Refund { amount, reason }) => {
            amount_fits(*amount) && row.reason.unwrap_or(RefundReason::RequestedByCustomer) == *reason
        }
        (BulkOperation::Void, Operation::Void) => true,
        _ => false,
    }
}

/// Whether the history entries made under a row's key (its parts: a refund may be split over
/// payments) are what the row asks for: the same kind, and the same total when it names one.
pub fn is_same_history(row: &RowRequest, kind: HistoryKind, moved: i64) -> bool {
    let expected = match row.operation {
        BulkOperation::Capture => HistoryKind::Capture,
        BulkOperation::Refund => HistoryKind::Refund,
        BulkOperation::Void => HistoryKind::Void,
    };
    kind == expected
        && (row.operation == BulkOperation::Void
            || matches!(row.requested, Requested::Maximum | Requested::Percent(_))
            || row.requested == Requested::Exactly(moved))
}

/// Ids for the simulated payments and refunds of a dry run (never shown, never stored).
struct PlannedIds(u64);

impl IdSource for PlannedIds {
    fn payment_id(&mut self) -> String {
        self.0 += 1;
        format!("planned_payment_{}", self.0)
    }
    fn refund_id(&mut self) -> String {
        self.0 += 1;
        format!("planned_refund_{}", self.0)
    }
}

/// Leaves `order` as it would be once `plan` is done, so that the next row on the same order
/// is validated against it (two refunds in one file must both fit).
pub fn simulate(order: &mut Order, plan: &Plan, now: Millis) {
    let stamp = Stamp { now, operator: None, idempotency_key: None };
    rules::apply(order, plan, &stamp, &mut PlannedIds(0));
}

/// What makes two rows "the same row": the key is derived from it and from which occurrence
/// of it the row is, so editing or removing *other* rows changes no key.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RowIdentity {
    pub order: String,
    pub operation: BulkOperation,
    pub requested: Requested,
    pub reason: Option<RefundReason>,
}

/// The idempotency key of a row: `bulk_` and 40 hex digits of SHA-256 over the batch name and
/// the row's identity and occurrence (1 for the first such row in the file).
pub fn row_key(batch: &str, row: &RowIdentity, occurrence: u32) -> String {
    let reason = row.reason.map(RefundReason::as_str).unwrap_or("");
    let fields = [batch, row.order.as_str(), row.operation.as_str(), &row.requested.key_text(), reason];
    let mut context = ring::digest::Context::new(&ring::digest::SHA256);
    for field in fields {
        // Length-prefixed, so that no two different rows hash the same bytes.
        context.update(&(field.len() as u64).to_le_bytes());
        context.update(field.as_bytes());
    }
    context.update(&occurrence.to_le_bytes());
    let digest = context.finish();
    let hex: String = digest.as_ref().iter().take(20).map(|b| format!("{b:02x}")).collect();
    format!("bulk_{hex}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::order::fixtures::manual_order;
    use crate::order::{CaptureMethod, OrderStatus};

    const NOW: Millis = 1_700_000_000_000;

    fn jpy() -> Currency {
        Currency::from_code_or_whole("JPY")
    }

    fn captured_order(amount: i64) -> Order {
        let mut order = manual_order(amount, NOW - 1_000);
        let (operation, plan) = operation_for(
            &order,
            &RowRequest { operation: BulkOperation::Capture, requested: Requested::Maximum, reason: None },
            NOW,
        )
        .expect("capturable");
        assert_eq!(operation, Operation::Capture { amount });
        simulate(&mut order, &plan, NOW);
        order
    }

    #[test]
    fn an_empty_amount_is_the_most_the_rules_allow() {
        assert_eq!(Requested::parse("  ", jpy()), Ok(Requested::Maximum));
        assert_eq!(Requested::parse("1,000", jpy()), Ok(Requested::Exactly(1_000)));
        assert!(Requested::parse("ten", jpy()).is_err());
        let order = captured_order(5_000);
        assert_eq!(order.status, OrderStatus::Succeeded);
    }

    #[test]
    fn two_refunds_of_one_order_must_both_fit() {
        let mut order = captured_order(5_000);
        let refund = |amount| RowRequest {
            operation: BulkOperation::Refund,
            requested: Requested::Exactly(amount),
            reason: None,
        };
        let (_, plan) = operation_for(&order, &refund(3_000), NOW).expect("the first fits");
        simulate(&mut order, &plan, NOW);
        assert!(matches!(operation_for(&order, &refund(3_000), NOW), Err(Refusal::RefundExceeds { .. })));
        assert!(operation_for(&order, &refund(2_000), NOW).is_ok(), "what is left still fits");
    }

    #[test]
    fn a_fixed_capture_over_the_limit_is_refused_not_capped() {
        let order = manual_order(5_000, NOW - 1_000);
        let row = RowRequest { operation: BulkOperation::Capture, requested: Requested::Exactly(6_000), reason: None };
        assert!(matches!(operation_for(&order, &row, NOW), Err(Refusal::CaptureExceeds { .. })));
        let mut automatic = order.clone();
        automatic.capture_method = CaptureMethod::Automatic;
        let void = RowRequest { operation: BulkOperation::Void, requested: Requested::Maximum, reason: None };
        assert_eq!(operation_for(&automatic, &void, NOW), Err(Refusal::AutomaticCaptureCannotVoid));
    }

    #[test]
    fn a_percentage_is_of_the_capturable_amount_floored_to_the_minor_unit() {
        let order = manual_order(999, NOW - 1_000);
        let row = |percent| RowRequest {
            operation: BulkOperation::Capture,
            requested: Requested::Percent(percent),
            reason: None,
        };
        assert_eq!(operation_for(&order, &row(50), NOW).map(|(op, _)| op), Ok(Operation::Capture { amount: 499 }));
        assert_eq!(operation_for(&order, &row(100), NOW).map(|(op, _)| op), Ok(Operation::Capture { amount: 999 }));
        let tiny = manual_order(1, NOW - 1_000);
        assert_eq!(operation_for(&tiny, &row(50), NOW), Err(Refusal::NotPositive), "nothing rounds up to a yen");
        assert_eq!(percent_of(i64::MAX, 100), i64::MAX);
        assert_eq!(parse_percent(" 33% "), Ok(33));
        for bad in ["", "0", "101", "-5", "12.5", "+5", "五十", "%"] {
            assert!(parse_percent(bad).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn a_key_depends_on_the_row_and_its_occurrence_only() {
        let row = RowIdentity {
            order: "order_1".into(),
            operation: BulkOperation::Refund,
            requested: Requested::Exactly(1_000),
            reason: Some(RefundReason::RequestedByCustomer),
        };
        let key = row_key("batch", &row, 1);
        assert_eq!(key, row_key("batch", &row, 1), "deterministic");
        assert!(key.len() <= 64 && key.starts_with("bulk_"));
        // What `backend::ids::check_user_key` takes (1–64 of letters, digits, `_` and `-`).
        assert!(key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'), "a key the API takes");
        assert_ne!(key, row_key("batch", &row, 2));
        assert_ne!(key, row_key("other", &row, 1));
        assert_ne!(key, row_key("batch", &RowIdentity { requested: Requested::Maximum, ..row.clone() }, 1));
        let shifted = RowIdentity { order: "order_".into(), ..row.clone() };
        assert_ne!(key, row_key("1batch", &shifted, 1), "fields cannot run into each other");
    }
}
