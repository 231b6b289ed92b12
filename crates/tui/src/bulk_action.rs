//! What a bulk run does to every marked order, and how the typed amount or percentage becomes
//! the row request the domain turns into each order's exact operation (the rules live there).

use crate::domain::bulk_plan::{BulkOperation, Requested, RowRequest, parse_percent};
use crate::domain::{Currency, RefundReason, parse_amount};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BulkAction {
    /// The whole capturable amount of each order.
    CaptureFull,
    /// The same amount on each order: an order it exceeds is left out, never capped.
    CaptureAmount,
    /// A percentage of each order's capturable amount, floored to the minor unit.
    CapturePercent,
    Void,
    RefundFull,
}

impl BulkAction {
    pub fn next(self) -> BulkAction {
        match self {
            BulkAction::CaptureFull => BulkAction::CaptureAmount,
            BulkAction::CaptureAmount => BulkAction::CapturePercent,
            BulkAction::CapturePercent => BulkAction::Void,
            BulkAction::Void => BulkAction::RefundFull,
            BulkAction::RefundFull => BulkAction::CaptureFull,
        }
    }

    /// The action asks for an amount or a percentage to be typed.
    pub fn takes_input(self) -> bool {
        matches!(self, BulkAction::CaptureAmount | BulkAction::CapturePercent)
    }

    /// The row request for every order, from what was typed; `currency` is the marked orders'
    /// one currency (`None` when they mix: a fixed amount then means nothing).
    pub fn request(self, input: &str, currency: Option<Currency>) -> Result<RowRequest, String> {
        let capture = |requested| RowRequest { operation: BulkOperation::Capture, requested, reason: None };
        Ok(match self {
            BulkAction::CaptureFull => capture(Requested::Maximum),
            BulkAction::CaptureAmount => {
                let currency = currency.ok_or("a fixed amount needs marked orders of one currency; mark them apart")?;
                capture(Requested::Exactly(parse_amount(input, currency).map_err(|e| e.to_string())?))
            }
            BulkAction::CapturePercent => capture(Requested::Percent(parse_percent(input)?)),
            BulkAction::Void => {
                RowRequest { operation: BulkOperation::Void, requested: Requested::Maximum, reason: None }
            }
            BulkAction::RefundFull => RowRequest {
                operation: BulkOperation::Refund,
                requested: Requested::Maximum,
                reason: Some(RefundReason::RequestedByCustomer),
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typed_amount_or_percentage_becomes_the_request_and_bad_input_a_sentence() {
        let jpy = Some(Currency::JPY);
        let fixed = BulkAction::CaptureAmount.request("1,000", jpy).map(|r| r.requested);
        assert_eq!(fixed, Ok(Requested::Exactly(1_000)));
        assert_eq!(BulkAction::CapturePercent.request("50", jpy).map(|r| r.requested), Ok(Requested::Percent(50)));
        assert!(BulkAction::CaptureAmount.request("ten", jpy).is_err());
        assert!(BulkAction::CaptureAmount.request("1000", None).is_err(), "mixed currencies");
        assert!(BulkAction::CapturePercent.request("150", jpy).is_err());
        assert_eq!(BulkAction::RefundFull.next(), BulkAction::CaptureFull);
    }
}
