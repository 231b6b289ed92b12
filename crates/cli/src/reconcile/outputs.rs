//! The findings as data: JSON Lines (`--json`, `--out --format jsonl`), CSV (`--out --format
//! csv`), and the suggested operations in the `bulk` file format (`--fix-plan`).

use crate::domain::reconcile::finding::{ShopSide, SmartpaySide};
use crate::domain::reconcile::{Finding, PlannedOperation, RefundOrigin, finding::ConsoleSide};
use crate::domain::time::format_iso;
use crate::domain::{Currency, Operation};
use serde::Serialize;

/// One finding in the shape: `{kind, severity, order, reference, shop, smartpay,
/// console: {refunds: [{id, amount, key, operator}]}, fix: {command, text}}`.
#[derive(Serialize)]
struct FindingJson<'a> {
    kind: &'static str,
    severity: &'static str,
    order: Option<&'a str>,
    reference: Option<&'a str>,
    shop: Option<&'a ShopSide>,
    smartpay: Option<&'a SmartpaySide>,
    console: &'a ConsoleSide,
    fix: FixJson<'a>,
}

/// The fix as `--json` has always written it: the command and the English sentence.
#[derive(Serialize)]
struct FixJson<'a> {
    command: &'a Option<String>,
    text: &'a str,
}

/// A finding as one line of JSON (no newline).
pub fn json_line(finding: &Finding) -> serde_json::Result<String> {
    serde_json::to_string(&FindingJson {
        kind: finding.kind.as_str(),
        severity: finding.severity.as_str(),
        order: finding.order.as_deref(),
        reference: finding.reference.as_deref(),
        shop: finding.shop.as_ref(),
        smartpay: finding.smartpay.as_ref(),
        console: &finding.console,
        fix: FixJson { command: &finding.fix.command, text: &finding.fix.text },
    })
}

pub const CSV_HEADER: [&str; 17] = [
    "kind",
    "severity",
    "order",
    "reference",
    "shop_amount",
    "shop_captured",
    "shop_refunded",
    "shop_status",
    "shop_updated_at",
    "smartpay_amount",
    "smartpay_captured",
    "smartpay_refunded",
    "smartpay_status",
    "smartpay_updated_at",
    "console_refunds",
    "fix_command",
    "fix_text",
];

/// A finding as a CSV record (amounts in minor units, times ISO 8601 with the JST offset).
pub fn csv_record(finding: &Finding) -> Vec<String> {
    let shop = finding.shop.as_ref();
    let sp = finding.smartpay.as_ref();
    let num = |v: Option<i64>| v.map(|n| n.to_string()).unwrap_or_default();
    vec![
        finding.kind.as_str().into(),
        finding.severity.as_str().into(),
        finding.order.clone().unwrap_or_default(),
        finding.reference.clone().unwrap_or_default(),
        num(shop.map(|s| s.amount)),
        num(shop.map(|s| s.captured)),
        num(shop.map(|s| s.refunded)),
        shop.and_then(|s| s.status).map(|s| s.as_str().to_string()).unwrap_or_default(),
        shop.and_then(|s| s.updated_at).map(format_iso).unwrap_or_default(),
        num(sp.map(|s| s.amount)),
        num(sp.map(|s| s.captured)),
        num(sp.and_then(|s| s.refunded)),
        sp.map(|s| s.status.clone()).unwrap_or_default(),
        sp.map(|s| format_iso(s.updated_at)).unwrap_or_default(),
        finding.console.refunds.iter().map(refund_cell).collect::<Vec<_>>().join("; "),
        finding.fix.command.clone().unwrap_or_default(),
        finding.fix.text.clone(),
    ]
}

/// `refund_… 1000 key operator` (`-` for what is unknown).
fn refund_cell(origin: &RefundOrigin) -> String {
    format!(
        "{} {} {} {}",
        origin.id,
        origin.amount,
        origin.key.as_deref().unwrap_or("-"),
        origin.operator.as_deref().unwrap_or("-")
    )
}

/// The header of the `bulk` file format (issue 11).
pub const PLAN_HEADER: [&str; 5] = ["order", "operation", "amount", "reason", "key"];

/// One planned operation as a `bulk` row. Its key is derived from the order, the operation,
/// its amount and the Smartpay figures it was computed from: the same difference planned
/// twice gets the same key (so `bulk` never pays it twice), a new difference a new key.
pub fn plan_record(planned: &PlannedOperation) -> [String; 5] {
    let currency = Currency::from_code_or_whole(&planned.currency);
    let (amount, reason) = match &planned.operation {
        Operation::Capture { amount } => (currency.format_plain(*amount), String::new()),
        Operation::Refund { amount, reason } => (currency.format_plain(*amount), reason.as_str().to_string()),
        Operation::Void => (String::new(), String::new()),
    };
    let basis = format!(
        "{}\u{1f}{}\u{1f}{}\u{1f}{}\u{1f}{}",
        planned.order,
        planned.operation.verb(),
        amount,
        planned.basis.0,
        planned.basis.1.map_or("?".to_string(), |r| r.to_string())
    );
    let digest = ring::digest::digest(&ring::digest::SHA256, basis.as_bytes());
    let key: String = digest.as_ref().iter().take(16).map(|b| format!("{b:02x}")).collect();
    [planned.order.clone(), planned.operation.verb().to_string(), amount, reason, format!("rc-{key}")]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::RefundReason;

    #[test]
    fn a_planned_refund_is_a_bulk_row_with_a_stable_key() {
        let planned = PlannedOperation {
            order: "order_test_1".into(),
            currency: "JPY".into(),
            operation: Operation::Refund { amount: 1200, reason: RefundReason::RequestedByCustomer },
            basis: (5000, Some(0)),
        };
        let row = plan_record(&planned);
        assert_eq!(&row[..4], ["order_test_1", "refund", "1,200", "requested_by_customer"]);
        assert_eq!(row[4], plan_record(&planned)[4]);
        assert!(row[4].starts_with("rc-") && row[4].len() == 35);
        let after = PlannedOperation { basis: (5000, Some(1200)), ..planned };
        assert_ne!(plan_record(&after)[4], row[4], "a new difference gets a new key");
        let void = PlannedOperation { operation: Operation::Void, ..after };
        assert_eq!(&plan_record(&void)[1..4], ["void", "", ""]);
    }
}
