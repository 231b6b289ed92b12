//! What a bulk run does to every marked order, and how the typed amount or percentage becomes
//! the row request the domain turns into each order's exact operation (the rules live there).

use crate::config::Lang;
use crate::domain::bulk_plan::{BulkOperation, Requested, RowRequest, parse_percent};
use crate::domain::{Currency, RefundReason, parse_amount};
use crate::i18n::bulk::BulkMsg;
use smartpay_i18n::Message;

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

    /// The action as the confirmation names it.
    pub fn label(self, lang: Lang) -> &'static str {
        let key = match self {
            BulkAction::CaptureFull => BulkMsg::CaptureFull,
            BulkAction::CaptureAmount => BulkMsg::CaptureAmount,
            BulkAction::CapturePercent => BulkMsg::CapturePercent,
            BulkAction::Void => BulkMsg::Void,
            BulkAction::RefundFull => BulkMsg::RefundFull,
        };
        key.text(lang)
    }

    /// The action asks for an amount or a percentage to be typed.
    pub fn takes_input(self) -> bool {
        matches!(self, BulkAction::CaptureAmount | BulkAction::CapturePercent)
    }

    /// The row request for every order, from what was typed; `currency` is the marked orders'
    /// one currency (`None` when they mix: a fixed amount then means nothing).
    /// Bad input is one sentence in `lang`.
    pub fn request(self, input: &str, currency: Option<Currency>, lang: Lang) -> Result<RowRequest, String> {
        let capture = |requested| RowRequest { operation: BulkOperation::Capture, requested, reason: None };
        Ok(match self {
            BulkAction::CaptureFull => capture(Requested::Maximum),
            BulkAction::CaptureAmount => {
                let currency = currency.ok_or_else(|| BulkMsg::MixedForAmount.text(lang).to_string())?;
                capture(Requested::Exactly(parse_amount(input, currency).map_err(|e| e.text(lang))?))
            }
            BulkAction::CapturePercent => {
                let percent =
                    parse_percent(input).map_err(|_| BulkMsg::NotPercent.fill(lang, &[("text", &input.trim())]))?;
                capture(Requested::Percent(percent))
            }
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
        let fixed = BulkAction::CaptureAmount.request("1,000", jpy, Lang::En).map(|r| r.requested);
        assert_eq!(fixed, Ok(Requested::Exactly(1_000)));
        assert_eq!(
            BulkAction::CapturePercent.request("50", jpy, Lang::En).map(|r| r.requested),
            Ok(Requested::Percent(50))
        );
        assert!(BulkAction::CaptureAmount.request("ten", jpy, Lang::En).is_err());
        assert!(BulkAction::CaptureAmount.request("1000", None, Lang::En).is_err(), "mixed currencies");
        assert!(BulkAction::CapturePercent.request("150", jpy, Lang::En).is_err());
        assert_eq!(BulkAction::RefundFull.next(), BulkAction::CaptureFull);
    }
}
