//! What a reconcile finding can be, and how much it matters.

use serde::{Deserialize, Serialize};
use std::fmt;

/// How much a finding matters. Ordered: `High` is the greatest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Hint,
    Low,
    Medium,
    High,
}

impl Severity {
    /// Highest first, the order of the report.
    pub const DESCENDING: [Severity; 4] = [Severity::High, Severity::Medium, Severity::Low, Severity::Hint];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::High => "high",
            Severity::Medium => "medium",
            Severity::Low => "low",
            Severity::Hint => "hint",
        }
    }

    pub fn parse(text: &str) -> Option<Severity> {
        Severity::DESCENDING.into_iter().find(|s| s.as_str().eq_ignore_ascii_case(text.trim()))
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Every kind of difference reconcile reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FindingKind {
    PossibleDuplicateRefund,
    CanceledButCaptured,
    ExpiringUncaptured,
    ShippedButUncaptured,
    RefundedMismatch,
    CapturedMismatch,
    AmountMismatch,
    MissingAtSmartpay,
    MissingInShop,
    RefundOutsideConsole,
    Stale,
}

impl FindingKind {
    pub const ALL: [FindingKind; 11] = [
        FindingKind::PossibleDuplicateRefund,
        FindingKind::CanceledButCaptured,
        FindingKind::ExpiringUncaptured,
        FindingKind::ShippedButUncaptured,
        FindingKind::RefundedMismatch,
        FindingKind::CapturedMismatch,
        FindingKind::AmountMismatch,
        FindingKind::MissingAtSmartpay,
        FindingKind::MissingInShop,
        FindingKind::RefundOutsideConsole,
        FindingKind::Stale,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FindingKind::PossibleDuplicateRefund => "possible-duplicate-refund",
            FindingKind::CanceledButCaptured => "canceled-but-captured",
            FindingKind::ExpiringUncaptured => "expiring-uncaptured",
            FindingKind::ShippedButUncaptured => "shipped-but-uncaptured",
            FindingKind::RefundedMismatch => "refunded-mismatch",
            FindingKind::CapturedMismatch => "captured-mismatch",
            FindingKind::AmountMismatch => "amount-mismatch",
            FindingKind::MissingAtSmartpay => "missing-at-smartpay",
            FindingKind::MissingInShop => "missing-in-shop",
            FindingKind::RefundOutsideConsole => "refund-outside-console",
            FindingKind::Stale => "stale",
        }
    }

    pub fn parse(text: &str) -> Option<FindingKind> {
        FindingKind::ALL.into_iter().find(|k| k.as_str() == text.trim().to_ascii_lowercase())
    }

    /// The usual severity of the kind (a few findings raise it, see `compare`).
    pub fn severity(self) -> Severity {
        match self {
            FindingKind::PossibleDuplicateRefund
            | FindingKind::CanceledButCaptured
            | FindingKind::ExpiringUncaptured => Severity::High,
            FindingKind::ShippedButUncaptured
            | FindingKind::RefundedMismatch
            | FindingKind::CapturedMismatch
            | FindingKind::AmountMismatch
            | FindingKind::MissingAtSmartpay
            | FindingKind::MissingInShop => Severity::Medium,
            FindingKind::RefundOutsideConsole => Severity::Low,
            FindingKind::Stale => Severity::Hint,
        }
    }
}

impl fmt::Display for FindingKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_reads_back_from_its_name() {
        for kind in FindingKind::ALL {
            assert_eq!(FindingKind::parse(kind.as_str()), Some(kind));
            let json = serde_json::to_string(&kind).expect("serializes");
            assert_eq!(json, format!("\"{kind}\""));
        }
        assert_eq!(Severity::parse("MEDIUM"), Some(Severity::Medium));
        assert!(Severity::High > Severity::Medium && Severity::Low > Severity::Hint);
    }
}
