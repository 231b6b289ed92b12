//! The domain's words in the operator's language: statuses, modes, history kinds and results,
//! as the catalog (`RuleText`) writes them. English is the API's own word.

use crate::history::{HistoryKind, HistoryResult};
use crate::order::{CaptureMethod, OrderStatus, Payment, RefundReason};
use smartpay_i18n::sentences::RuleText;
use smartpay_i18n::{Lang, Message};

impl OrderStatus {
    /// `requires_capture` / 売上確定待ち; a status the console does not know, as the API sent it.
    pub fn word(&self, lang: Lang) -> String {
        let key = match self {
            OrderStatus::RequiresAuthorization => RuleText::StatusRequiresAuthorization,
            OrderStatus::Rejected => RuleText::StatusRejected,
            OrderStatus::RequiresCapture => RuleText::StatusRequiresCapture,
            OrderStatus::Succeeded => RuleText::StatusSucceeded,
            OrderStatus::Canceled => RuleText::StatusCanceled,
            OrderStatus::Other(s) => return s.clone(),
        };
        key.text(lang).to_string()
    }
}

impl CaptureMethod {
    /// `manual` / 手動売上.
    pub fn word(self, lang: Lang) -> &'static str {
        match self {
            CaptureMethod::Automatic => RuleText::ModeAutomatic.text(lang),
            CaptureMethod::Manual => RuleText::ModeManual.text(lang),
            CaptureMethod::Unknown => RuleText::Unknown.text(lang),
        }
    }
}

impl HistoryKind {
    /// `capture` / 売上確定.
    pub fn word(self, lang: Lang) -> &'static str {
        let key = match self {
            HistoryKind::Authorization => RuleText::KindAuthorization,
            HistoryKind::Capture => RuleText::KindCapture,
            HistoryKind::Refund => RuleText::KindRefund,
            HistoryKind::Void => RuleText::KindVoid,
            HistoryKind::Expiry => RuleText::KindExpiry,
        };
        key.text(lang)
    }
}

impl HistoryResult {
    /// `succeeded` / 成功.
    pub fn word(self, lang: Lang) -> &'static str {
        let key = match self {
            HistoryResult::Succeeded => RuleText::ResultSucceeded,
            HistoryResult::Pending => RuleText::ResultPending,
            HistoryResult::Failed => RuleText::ResultFailed,
        };
        key.text(lang)
    }
}

impl RefundReason {
    /// `requested_by_customer` / 顧客の依頼.
    pub fn word(self, lang: Lang) -> &'static str {
        let key = match self {
            RefundReason::RequestedByCustomer => RuleText::ReasonRequestedByCustomer,
            RefundReason::Fraudulent => RuleText::ReasonFraudulent,
            RefundReason::Other => RuleText::ReasonOther,
        };
        key.text(lang)
    }
}

impl Payment {
    /// `refunded` / 返金済 when nothing is left to refund, else `processed` / 処理済.
    pub fn status_word(&self, lang: Lang) -> &'static str {
        if self.status() == "refunded" {
            RuleText::PaymentRefunded.text(lang)
        } else {
            RuleText::PaymentProcessed.text(lang)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_words_are_the_apis_own() {
        for status in OrderStatus::KNOWN {
            assert_eq!(status.word(Lang::En), status.as_str());
        }
        for kind in [HistoryKind::Capture, HistoryKind::Expiry] {
            assert_eq!(kind.word(Lang::En), kind.as_str());
        }
        assert_eq!(CaptureMethod::Manual.word(Lang::En), CaptureMethod::Manual.as_str());
        assert_eq!(OrderStatus::RequiresCapture.word(Lang::Ja), "売上確定待ち");
    }
}
