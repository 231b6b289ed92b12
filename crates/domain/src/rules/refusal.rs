//! Why a rule refused an operation: a typed reason carrying its figures, put into words by the
//! catalog (`RuleText`) in the operator's language. `Display` is the English sentence (logs,
//! `--json` messages).
//!
//! A refusal is kept per idempotency key in the order file (postcard), so its stored form stays
//! the one of the sentences' days: amounts and the deadline as the text they were shown as.

use crate::money::Money;
use crate::order::{Millis, OrderStatus};
use crate::time::format_time_in;
use serde::{Deserialize, Serialize};
use smartpay_i18n::sentences::RuleText;
use smartpay_i18n::{Lang, Message};
use std::fmt;

/// Why a rule refused an operation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Refusal {
    AutomaticCaptureCannotCapture,
    AutomaticCaptureCannotVoid,
    /// The 7-day window closed at `deadline` (unknown when the order has none).
    DeadlinePassed {
        #[serde(with = "stored::deadline")]
        deadline: Option<Millis>,
        verb: ManualStep,
    },
    NotAwaitingCapture {
        verb: ManualStep,
        status: OrderStatus,
    },
    NothingToCapture,
    CaptureExceeds {
        requested: Money,
        capturable: Money,
    },
    NothingCaptured,
    FullyRefunded,
    RefundExceeds {
        requested: Money,
        refundable: Money,
    },
    NotPositive,
    RefundsUnknown,
}

/// The two steps only an open manual-capture order allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ManualStep {
    Capture,
    Void,
}

impl ManualStep {
    /// "captured" / 売上確定, as the refusal sentences use it.
    pub fn word(self, lang: Lang) -> &'static str {
        match self {
            ManualStep::Capture => RuleText::VerbCaptured.text(lang),
            ManualStep::Void => RuleText::VerbVoided.text(lang),
        }
    }
}

impl Refusal {
    /// The sentence shown to the operator, in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        use Refusal::*;
        match self {
            AutomaticCaptureCannotCapture => RuleText::AutomaticCannotCapture.text(lang).into(),
            AutomaticCaptureCannotVoid => RuleText::AutomaticCannotVoid.text(lang).into(),
            DeadlinePassed { deadline, verb } => {
                let at =
                    deadline.map(|d| format_time_in(lang, d)).unwrap_or_else(|| RuleText::Unknown.text(lang).into());
                RuleText::DeadlinePassed.fill(lang, &[("deadline", &at), ("verb", &verb.word(lang))])
            }
            NotAwaitingCapture { verb, status } => RuleText::NotAwaitingCapture
                .fill(lang, &[("verb", &verb.word(lang)), ("status", &status_word(lang, status))]),
            NothingToCapture => RuleText::NothingToCapture.text(lang).into(),
            CaptureExceeds { requested, capturable } => {
                RuleText::CaptureExceeds.fill(lang, &[("requested", requested), ("capturable", capturable)])
            }
            NothingCaptured => RuleText::NothingCaptured.text(lang).into(),
            FullyRefunded => RuleText::FullyRefunded.text(lang).into(),
            RefundExceeds { requested, refundable } => {
                RuleText::RefundExceeds.fill(lang, &[("requested", requested), ("refundable", refundable)])
            }
            NotPositive => RuleText::NotPositive.text(lang).into(),
            RefundsUnknown => RuleText::RefundsUnknown.text(lang).into(),
        }
    }

    /// A few words for a disabled button ("automatic capture: refund instead"), in `lang`.
    pub fn short(&self, lang: Lang) -> &'static str {
        use Refusal::*;
        let key = match self {
            AutomaticCaptureCannotCapture | AutomaticCaptureCannotVoid => RuleText::ShortAutomatic,
            DeadlinePassed { .. } => RuleText::ShortDeadlinePassed,
            NotAwaitingCapture { .. } => RuleText::ShortNotAwaiting,
            NothingToCapture => RuleText::ShortNothingToCapture,
            CaptureExceeds { .. } | RefundExceeds { .. } => RuleText::ShortOverLimit,
            NothingCaptured => RuleText::ShortNothingCaptured,
            FullyRefunded => RuleText::ShortFullyRefunded,
            NotPositive => RuleText::ShortNotPositive,
            RefundsUnknown => RuleText::ShortRefundsUnknown,
        };
        key.text(lang)
    }

    /// The few English words ([`Refusal::short`] in English).
    pub fn short_reason(&self) -> &'static str {
        self.short(Lang::En)
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

impl std::error::Error for Refusal {}

/// An order status as an operator reads it in a sentence ([`OrderStatus::word`]).
pub fn status_word(lang: Lang, status: &OrderStatus) -> String {
    status.word(lang)
}

impl Serialize for ManualStep {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.word(Lang::En))
    }
}

impl<'de> Deserialize<'de> for ManualStep {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let word = String::deserialize(d)?;
        Ok(if word == ManualStep::Void.word(Lang::En) { ManualStep::Void } else { ManualStep::Capture })
    }
}

/// The stored forms of figures that used to be kept as their English text.
mod stored {
    pub mod deadline {
        use crate::order::Millis;
        use crate::time::{format_time, parse_time};
        use serde::{Deserialize, Deserializer, Serializer};

        pub fn serialize<S: Serializer>(at: &Option<Millis>, s: S) -> Result<S::Ok, S::Error> {
            s.serialize_str(&at.map(format_time).unwrap_or_default())
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Millis>, D::Error> {
            Ok(parse_time(&String::deserialize(d)?))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Currency;

    /// The shape refusals were kept in before they carried figures.
    #[derive(Serialize)]
    enum Before {
        _A,
        _B,
        DeadlinePassed { deadline: String, verb: String },
        NotAwaitingCapture { verb: String, status: String },
        _C,
        CaptureExceeds { requested: String, limit: String },
    }

    #[test]
    fn a_refusal_kept_before_figures_reads_back_with_its_figures() {
        let old =
            postcard::to_allocvec(&Before::CaptureExceeds { requested: "¥12,800".into(), limit: "¥800".into() });
        let read: Refusal = postcard::from_bytes(&old.unwrap_or_default()).unwrap_or(Refusal::NotPositive);
        let jpy = Currency::JPY;
        assert_eq!(
            read,
            Refusal::CaptureExceeds { requested: Money::new(12_800, jpy), capturable: Money::new(800, jpy) }
        );
        let old = postcard::to_allocvec(&Before::DeadlinePassed {
            deadline: "1970-01-01 09:00 JST".into(),
            verb: "voided".into(),
        });
        let read: Refusal = postcard::from_bytes(&old.unwrap_or_default()).unwrap_or(Refusal::NotPositive);
        assert_eq!(read, Refusal::DeadlinePassed { deadline: Some(0), verb: ManualStep::Void });
        let old =
            postcard::to_allocvec(&Before::NotAwaitingCapture { verb: "captured".into(), status: "canceled".into() });
        let read: Refusal = postcard::from_bytes(&old.unwrap_or_default()).unwrap_or(Refusal::NotPositive);
        assert_eq!(read, Refusal::NotAwaitingCapture { verb: ManualStep::Capture, status: OrderStatus::Canceled });
        let again: Refusal =
            postcard::from_bytes(&postcard::to_allocvec(&read).unwrap_or_default()).unwrap_or(Refusal::NotPositive);
        assert_eq!(again, read);
    }

    #[test]
    fn a_refusal_reads_in_english_and_in_japanese_with_the_same_figures() {
        let jpy = Currency::JPY;
        let over = Refusal::CaptureExceeds { requested: Money::new(12_800, jpy), capturable: Money::new(8_800, jpy) };
        assert_eq!(over.to_string(), "¥12,800 is more than the ¥8,800 that can still be captured on this order.");
        assert_eq!(over.text(Lang::Ja), "¥12,800 は、この注文でまだ売上確定できる ¥8,800 を超えています。");
        let late = Refusal::DeadlinePassed { deadline: Some(0), verb: ManualStep::Capture };
        assert!(late.to_string().contains("passed at 1970-01-01 09:00 JST: the order can no longer be captured"));
        assert!(late.text(Lang::Ja).contains("オーソリ期限（1970/01/01 09:00）を過ぎた"), "{}", late.text(Lang::Ja));
        let status = Refusal::NotAwaitingCapture { verb: ManualStep::Void, status: OrderStatus::Canceled };
        assert_eq!(status.to_string(), "Only an order awaiting capture can be voided; this order is canceled.");
        assert_eq!(status.short(Lang::Ja), "売上確定待ちではない");
    }
}
