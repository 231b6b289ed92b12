//! Request bodies as the API documents them: `null` accepted wherever a field is optional,
//! amounts read from the JSON number's own text (`1000.0`, as the Magento plugin sends Magento
//! floats, is 1000; `1000.5` is refused) and never through a float.

use super::api_error::ApiError;
use super::objects::Annotations;
use axum::body::Bytes;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;
use serde_json::{Map, Value};

/// Smartpay's documented cap on metadata.
const MAX_METADATA_PAIRS: usize = 20;

/// `POST /payments`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreatePayment {
    pub order: String,
    pub amount: Box<RawValue>,
    pub currency: String,
    #[serde(default)]
    pub cancel_remainder: Option<String>,
}

/// `POST /refunds`: `reason` is required, `amount` optional (the payment's whole unrefunded
/// amount), as the Go SDK's spec-generated `RefundCreate` says.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateRefund {
    pub payment: String,
    #[serde(default)]
    pub amount: Option<Box<RawValue>>,
    pub currency: String,
    #[serde(default)]
    pub reason: Option<String>,
}

/// The annotations every create and `PATCH` accepts, read from the same body as the request
/// itself (serde's `flatten` cannot carry a raw amount). `lineItems` is accepted and ignored:
/// the sandbox's line items are not individually capturable.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Notes {
    #[serde(default)]
    pub reference: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub metadata: Option<Map<String, Value>>,
}

impl Notes {
    pub fn annotations(self) -> Result<Annotations, ApiError> {
        if let Some(metadata) = &self.metadata
            && metadata.len() > MAX_METADATA_PAIRS
        {
            return Err(ApiError::invalid(format!(
                "metadata holds {} pairs; at most {MAX_METADATA_PAIRS} are allowed.",
                metadata.len()
            )));
        }
        Ok(Annotations { reference: self.reference, description: self.description, metadata: self.metadata })
    }
}

/// Reads a JSON body into `T`, or answers `400 request.malformed`.
pub fn parse_body<T: DeserializeOwned>(body: &Bytes) -> Result<T, ApiError> {
    serde_json::from_slice(body).map_err(|e| {
        ApiError::new(
            axum::http::StatusCode::BAD_REQUEST,
            "request.malformed",
            format!("The request body cannot be read: {e}"),
        )
    })
}

/// A whole number of minor units from a JSON number's text: `1000`, `1000.0`, `1e3`. A
/// fraction, a string, `null` or a number out of range is `400 request.invalid`.
pub fn whole_amount(raw: &RawValue) -> Result<i64, ApiError> {
    let text = raw.get().trim();
    let refused = || ApiError::invalid(format!("amount must be a whole number of yen, not {text}."));
    if !text.starts_with(|c: char| c == '-' || c.is_ascii_digit()) {
        return Err(refused());
    }
    let parsed = if text.contains(['e', 'E']) { Decimal::from_scientific(text) } else { text.parse::<Decimal>() };
    let value = parsed.map_err(|_| refused())?;
    if !value.fract().is_zero() {
        return Err(refused());
    }
    value.trunc().to_i64().ok_or_else(refused)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn amount(text: &str) -> Result<i64, ApiError> {
        let raw = RawValue::from_string(text.to_string()).expect("valid JSON");
        whole_amount(&raw)
    }

    #[test]
    fn whole_numbers_in_any_json_spelling() {
        assert_eq!(amount("1000").ok(), Some(1000));
        assert_eq!(amount("1000.0").ok(), Some(1000));
        assert_eq!(amount("1000.000").ok(), Some(1000));
        assert_eq!(amount("1e3").ok(), Some(1000));
        assert_eq!(amount("-5").ok(), Some(-5), "the rules refuse it with their own sentence");
        // Exact beyond what an f64 holds: 2^53 + 1.
        assert_eq!(amount("9007199254740993.0").ok(), Some(9_007_199_254_740_993));
    }

    #[test]
    fn fractions_strings_and_overflow_are_refused() {
        for bad in ["1000.5", "0.1", "\"1000\"", "null", "true", "1e400", "99999999999999999999999"] {
            let err = amount(bad).expect_err(bad);
            assert_eq!(err.code, "request.invalid", "{bad}");
        }
    }

    #[test]
    fn a_refund_needs_a_reason_but_not_an_amount() {
        let body = Bytes::from_static(
            br#"{"payment":"payment_test_a","currency":"JPY","reason":"fraudulent","reference":null}"#,
        );
        let refund: CreateRefund = parse_body(&body).expect("amount is optional");
        assert!(refund.amount.is_none());
        assert_eq!(refund.reason.as_deref(), Some("fraudulent"));
    }
}
