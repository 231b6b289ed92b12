//! The Smartpay API v1 wire shapes: orders (with `expand=all`), payments, refunds, line items,
//! checkout sessions, collections and error bodies, field for field as Smartpay's SDK types
//! describe them.
//!
//! Every optional field may be absent or `null` (nulls are removed before reading, see
//! `tolerant`); unknown fields are ignored and unknown statuses, kinds and reasons kept as
//! strings. The figures money depends on (`amount`, `currency`) are `Option`s so that a missing
//! one makes the object unreadable instead of silently 0.

use crate::domain::{CaptureMethod, HistoryEntry, Millis, OrderStatus, Summary};
use serde::{Deserialize, Serialize};

/// A field that is an id (`expand=no`) or the object itself (`expand=all`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Expandable<T> {
    Object(T),
    Id(String),
}

impl<T> Expandable<T> {
    pub fn object(&self) -> Option<&T> {
        match self {
            Expandable::Object(t) => Some(t),
            Expandable::Id(_) => None,
        }
    }

    pub fn object_mut(&mut self) -> Option<&mut T> {
        match self {
            Expandable::Object(t) => Some(t),
            Expandable::Id(_) => None,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct WireAddress {
    pub line1: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub line2: String,
    pub locality: String,
    pub administrative_area: String,
    pub postal_code: String,
    pub country: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct WireCustomer {
    pub last_name: String,
    pub first_name: String,
    pub last_name_kana: String,
    pub first_name_kana: String,
    pub email_address: String,
    pub phone_number: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<WireAddress>,
}

/// `shippingInfo`: the address, and what support asks for first, the carrier and tracking
/// number (`carrierName`, `reference`), and the shipping fee.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct WireShippingInfo {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<WireAddress>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub carrier_name: String,
    /// The tracking number.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub reference: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fee_amount: Option<i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct WireProduct {
    pub name: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct WirePrice {
    pub amount: i64,
    pub currency: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub product: Option<Expandable<WireProduct>>,
}

/// A line: a product (`quantity` × `price`), or a discount or tax with its own signed
/// `amount` and `description` and no price.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct WireLineItem {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub id: String,
    pub object: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub kind: String,
    pub quantity: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<i64>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub price: Option<Expandable<WirePrice>>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct WireRefund {
    pub id: String,
    pub object: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    pub payment: String,
    pub reason: String,
    pub status: String,
    pub created_at: Millis,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<Millis>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub reference: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<serde_json::Value>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct WirePayment {
    pub id: String,
    pub object: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    pub order: String,
    pub status: String,
    pub created_at: Millis,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<Millis>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub reference: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<serde_json::Value>,
    /// Objects, ids (the Node SDK's `string[]`), or absent (the Go spec has no such field):
    /// `None` is absent, which is not the same as an empty list.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refunds: Option<Vec<Expandable<WireRefund>>>,
}

/// An order as `GET /orders/{id}?expand=all` returns it, plus the two checkout-session fields
/// that `import` also accepts (`captureMethod`, `customerInfo`) and the console's own history.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct WireOrder {
    pub id: String,
    pub object: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    pub status: Option<OrderStatus>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub capture_method: Option<CaptureMethod>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_info: Option<WireCustomer>,
    pub reference: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<Millis>,
    pub created_at: Millis,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<Millis>,
    /// An order-level discount, when no discount line carries it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub discount_amount: Option<i64>,
    pub line_items: Vec<Expandable<WireLineItem>>,
    pub payments: Vec<Expandable<WirePayment>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shipping_info: Option<WireShippingInfo>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub test: Option<bool>,
}

/// A checkout session: where the API keeps the customer (the merchant's prefill, possibly
/// partial) and, in some shapes, the capture method.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct WireCheckoutSession {
    pub id: String,
    pub object: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_info: Option<WireCustomer>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub capture_method: Option<CaptureMethod>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order: Option<Expandable<WireOrder>>,
    pub created_at: Millis,
}

/// `{ object: "collection", pageToken, nextPageToken, maxResults, results, data }`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Collection<T> {
    pub object: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_token: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_page_token: Option<String>,
    pub max_results: u32,
    pub results: u32,
    pub data: Vec<T>,
}

impl<T> Default for Collection<T> {
    fn default() -> Self {
        Collection {
            object: String::new(),
            page_token: None,
            next_page_token: None,
            max_results: 0,
            results: 0,
            data: vec![],
        }
    }
}

/// `{ statusCode, errorCode, message, details }`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ApiErrorBody {
    pub status_code: i64,
    pub error_code: String,
    pub message: String,
    pub details: Vec<serde_json::Value>,
}

/// `POST /payments`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreatePayment {
    pub order: String,
    pub amount: i64,
    pub currency: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancel_remainder: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<ConsoleMetadata>,
}

/// `POST /refunds`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateRefund {
    pub payment: String,
    pub amount: i64,
    pub currency: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<ConsoleMetadata>,
}

/// The `metadata` the console sends with each capture and refund: the part's idempotency key
/// and the operator, so the payment or refund can be found again after Smartpay has forgotten
/// the key (6 hours).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsoleMetadata {
    #[serde(rename = "smartpayConsoleKey")]
    pub key: String,
    #[serde(rename = "smartpayConsoleOperator", default, skip_serializing_if = "Option::is_none")]
    pub operator: Option<String>,
}

impl ConsoleMetadata {
    /// The console key in an object's `metadata`, if the console made it.
    pub fn key_in(metadata: Option<&serde_json::Value>) -> Option<&str> {
        metadata?.get("smartpayConsoleKey")?.as_str()
    }
}

/// `--json` (and `export --format jsonl`): the wire order plus `summary` and `history`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderDocument {
    #[serde(flatten)]
    pub order: WireOrder,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<Summary>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub history: Option<Vec<HistoryEntry>>,
}
