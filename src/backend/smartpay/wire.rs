//! The Smartpay API v1 wire shapes, in one place: orders (with `expand=all`), payments, refunds,
//! checkout sessions, collections and error bodies, and their conversion to and from the
//! domain. Tolerant of unknown fields and statuses: the API may add to them at any time.
//!
//! The same shapes serve `import`, `--json`, the API client and the sandbox.

use crate::domain::{
    Address, CaptureMethod, Customer, HistoryEntry, HistoryKind, HistoryResult, LineItem, MAX_AMOUNT, Millis, Order,
    OrderStatus, Payment, Refund, RefundReason, Summary,
};
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

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct WireShippingInfo {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<WireAddress>,
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

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct WireLineItem {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub id: String,
    pub object: String,
    pub quantity: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub price: Option<Expandable<WirePrice>>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct WireRefund {
    pub id: String,
    pub object: String,
    pub amount: i64,
    pub currency: String,
    pub payment: String,
    pub reason: String,
    pub status: String,
    pub created_at: Millis,
    /// Free-form; the console's own refunds carry `ConsoleMetadata`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<serde_json::Value>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct WirePayment {
    pub id: String,
    pub object: String,
    pub amount: i64,
    pub currency: String,
    pub order: String,
    pub status: String,
    pub created_at: Millis,
    pub refunds: Vec<Expandable<WireRefund>>,
    /// Free-form; the console's own captures carry `ConsoleMetadata`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<serde_json::Value>,
}

/// An order as `GET /orders/{id}?expand=all` returns it, plus the two checkout-session fields
/// that `import` also accepts (`captureMethod`, `customerInfo`) and the console's own history.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct WireOrder {
    pub id: String,
    pub object: String,
    pub amount: i64,
    pub currency: String,
    pub status: Option<OrderStatus>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub capture_method: Option<CaptureMethod>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_info: Option<WireCustomer>,
    pub reference: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<Millis>,
    pub created_at: Millis,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<Millis>,
    pub line_items: Vec<Expandable<WireLineItem>>,
    pub payments: Vec<Expandable<WirePayment>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shipping_info: Option<WireShippingInfo>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub test: Option<bool>,
}

/// A checkout session: where the API keeps the customer and the capture method.
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
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
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

// ---------- domain → wire ----------

impl From<&Address> for WireAddress {
    fn from(a: &Address) -> Self {
        WireAddress {
            line1: a.line1.clone(),
            line2: a.line2.clone(),
            locality: a.locality.clone(),
            administrative_area: a.administrative_area.clone(),
            postal_code: a.postal_code.clone(),
            country: a.country.clone(),
        }
    }
}

impl From<&Customer> for WireCustomer {
    fn from(c: &Customer) -> Self {
        WireCustomer {
            last_name: c.last_name.clone(),
            first_name: c.first_name.clone(),
            last_name_kana: c.last_name_kana.clone(),
            first_name_kana: c.first_name_kana.clone(),
            email_address: c.email.clone(),
            phone_number: c.phone.clone(),
            address: c.address.as_ref().map(WireAddress::from),
        }
    }
}

fn wire_refund(r: &Refund, currency: &str) -> WireRefund {
    WireRefund {
        id: r.id.clone(),
        object: "refund".into(),
        amount: r.amount,
        currency: currency.to_string(),
        payment: r.payment_id.clone(),
        reason: r.reason.as_str().into(),
        status: r.status.clone(),
        created_at: r.created_at,
        metadata: None,
    }
}

pub fn wire_payment(p: &Payment, order: &Order) -> WirePayment {
    WirePayment {
        id: p.id.clone(),
        object: "payment".into(),
        amount: p.amount,
        currency: order.currency.clone(),
        order: order.id.clone(),
        status: p.status().into(),
        created_at: p.created_at,
        refunds: p.refunds.iter().map(|r| Expandable::Object(wire_refund(r, &order.currency))).collect(),
        metadata: None,
    }
}

pub fn wire_refund_of(order: &Order, refund_id: &str) -> Option<WireRefund> {
    order
        .payments
        .iter()
        .flat_map(|p| p.refunds.iter())
        .find(|r| r.id == refund_id)
        .map(|r| wire_refund(r, &order.currency))
}

/// The order as the API would return it with `expand=all`, including the checkout-session
/// fields the console keeps alongside.
pub fn wire_order(order: &Order) -> WireOrder {
    WireOrder {
        id: order.id.clone(),
        object: "order".into(),
        amount: order.amount,
        currency: order.currency.clone(),
        status: Some(order.status.clone()),
        capture_method: Some(order.capture_method),
        customer_info: Some(WireCustomer::from(&order.customer)),
        reference: order.reference.clone(),
        expires_at: order.expires_at,
        created_at: order.created_at,
        updated_at: order.history.last().map(|h| h.at),
        line_items: order
            .line_items
            .iter()
            .map(|li| {
                Expandable::Object(WireLineItem {
                    id: String::new(),
                    object: "lineItem".into(),
                    quantity: li.quantity,
                    price: Some(Expandable::Object(WirePrice {
                        amount: li.unit_amount,
                        currency: order.currency.clone(),
                        product: Some(Expandable::Object(WireProduct { name: li.name.clone() })),
                    })),
                })
            })
            .collect(),
        payments: order.payments.iter().map(|p| Expandable::Object(wire_payment(p, order))).collect(),
        shipping_info: order
            .customer
            .address
            .as_ref()
            .map(|a| WireShippingInfo { address: Some(WireAddress::from(a)) }),
        // Smartpay ids name their mode: a live order's id is `order_live_…`.
        test: Some(!order.id.contains("_live_")),
    }
}

/// The `--json` document of one order at `now`.
pub fn order_document(order: &Order, now: Millis) -> OrderDocument {
    OrderDocument { order: wire_order(order), summary: Some(order.summary(now)), history: Some(order.history.clone()) }
}

// ---------- wire → domain ----------

/// Why a wire order could not become a domain order.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WireError {
    #[error("an order has no id")]
    MissingId,
    #[error("order {0} has a negative amount")]
    NegativeAmount(String),
    #[error("order {id}: payment {payment} is not expanded (use ?expand=all)")]
    UnexpandedPayment { id: String, payment: String },
    #[error("order {id}: refund {refund} is not expanded (use ?expand=all)")]
    UnexpandedRefund { id: String, refund: String },
    #[error("order {id}: its payments ({captured}) add up to more than its amount ({amount})")]
    OverCaptured { id: String, captured: i64, amount: i64 },
    #[error("order {id}: payment {payment} is refunded more than it captured")]
    OverRefunded { id: String, payment: String },
    #[error("order {id}: refund reason \"{reason}\" is not requested_by_customer or fraudulent")]
    BadReason { id: String, reason: String },
    #[error("order {id}: {object} has an amount of {amount}, outside 1 to {max}", max = MAX_AMOUNT)]
    BadAmount { id: String, object: String, amount: i64 },
}

impl From<&WireAddress> for Address {
    fn from(a: &WireAddress) -> Self {
        Address {
            postal_code: a.postal_code.clone(),
            administrative_area: a.administrative_area.clone(),
            locality: a.locality.clone(),
            line1: a.line1.clone(),
            line2: a.line2.clone(),
            country: a.country.clone(),
        }
    }
}

impl From<&WireCustomer> for Customer {
    fn from(c: &WireCustomer) -> Self {
        Customer {
            last_name: c.last_name.clone(),
            first_name: c.first_name.clone(),
            last_name_kana: c.last_name_kana.clone(),
            first_name_kana: c.first_name_kana.clone(),
            email: c.email_address.clone(),
            phone: c.phone_number.clone(),
            address: c.address.as_ref().map(Address::from),
        }
    }
}

fn domain_line_item(item: &Expandable<WireLineItem>) -> LineItem {
    match item {
        Expandable::Object(li) => {
            let price = li.price.as_ref().and_then(Expandable::object);
            LineItem {
                name: price
                    .and_then(|p| p.product.as_ref())
                    .and_then(Expandable::object)
                    .map(|p| p.name.clone())
                    .unwrap_or_default(),
                quantity: li.quantity.max(1),
                unit_amount: price.map(|p| p.amount).unwrap_or(0),
            }
        }
        Expandable::Id(id) => LineItem { name: id.clone(), quantity: 1, unit_amount: 0 },
    }
}

/// Converts an expanded wire order into a domain order, checking that its figures add up.
/// `history`, when given (an export being re-imported), is kept; otherwise it is rebuilt from
/// the payments and refunds, which is all the API knows.
pub fn domain_order(wire: &WireOrder, history: Option<&[HistoryEntry]>, now: Millis) -> Result<Order, WireError> {
    if wire.id.is_empty() {
        return Err(WireError::MissingId);
    }
    if wire.amount < 0 {
        return Err(WireError::NegativeAmount(wire.id.clone()));
    }
    // Every amount is bounded and every running sum checked as it grows, so a hostile file can
    // neither overflow a sum nor slip past the checks below.
    let in_range = |object: &str, amount: i64| match amount {
        1..=MAX_AMOUNT => Ok(()),
        _ => Err(WireError::BadAmount { id: wire.id.clone(), object: object.to_string(), amount }),
    };
    if wire.amount > MAX_AMOUNT {
        in_range("the order itself", wire.amount)?;
    }
    let mut captured = 0i64;
    let mut payments = Vec::with_capacity(wire.payments.len());
    for p in &wire.payments {
        let p = match p {
            Expandable::Object(p) => p,
            Expandable::Id(id) => {
                return Err(WireError::UnexpandedPayment { id: wire.id.clone(), payment: id.clone() });
            }
        };
        // A negative payment or refund would let the order allow more than was captured.
        in_range(&format!("payment {}", p.id), p.amount)?;
        captured += p.amount;
        if captured > wire.amount {
            return Err(WireError::OverCaptured { id: wire.id.clone(), captured, amount: wire.amount });
        }
        let mut refunded = 0i64;
        let mut refunds = Vec::with_capacity(p.refunds.len());
        for r in &p.refunds {
            let r = match r {
                Expandable::Object(r) => r,
                Expandable::Id(id) => {
                    return Err(WireError::UnexpandedRefund { id: wire.id.clone(), refund: id.clone() });
                }
            };
            in_range(&format!("refund {}", r.id), r.amount)?;
            let reason = if r.reason.is_empty() {
                RefundReason::RequestedByCustomer
            } else {
                RefundReason::parse(&r.reason)
                    .ok_or_else(|| WireError::BadReason { id: wire.id.clone(), reason: r.reason.clone() })?
            };
            refunds.push(Refund {
                id: r.id.clone(),
                payment_id: p.id.clone(),
                amount: r.amount,
                reason,
                status: if r.status.is_empty() { "succeeded".into() } else { r.status.clone() },
                created_at: r.created_at,
            });
            if refunds.last().is_some_and(Refund::counts) {
                refunded += r.amount;
                if refunded > p.amount {
                    return Err(WireError::OverRefunded { id: wire.id.clone(), payment: p.id.clone() });
                }
            }
        }
        let payment = Payment { id: p.id.clone(), amount: p.amount, created_at: p.created_at, refunds };
        payments.push(payment);
    }
    let customer = wire.customer_info.as_ref().map(Customer::from).unwrap_or_default();
    let mut customer = customer;
    if customer.address.is_none() {
        customer.address = wire.shipping_info.as_ref().and_then(|s| s.address.as_ref()).map(Address::from);
    }
    let mut order = Order {
        id: wire.id.clone(),
        amount: wire.amount,
        currency: if wire.currency.is_empty() { "JPY".into() } else { wire.currency.clone() },
        status: wire.status.clone().unwrap_or(OrderStatus::RequiresAuthorization),
        capture_method: wire.capture_method.unwrap_or(CaptureMethod::Automatic),
        reference: wire.reference.clone(),
        created_at: wire.created_at,
        expires_at: wire.expires_at,
        customer,
        line_items: wire.line_items.iter().map(domain_line_item).collect(),
        payments,
        history: vec![],
    };
    order.history = match history {
        Some(entries) => entries.to_vec(),
        None => derived_history(&order, now),
    };
    Ok(order)
}

/// The history the API's own objects imply: authorization, each capture and refund, and how
/// the uncaptured remainder went (void, or expiry once the deadline is behind us).
pub fn derived_history(order: &Order, now: Millis) -> Vec<HistoryEntry> {
    let mut history = Vec::new();
    if order.is_authorized() {
        history.push(HistoryEntry::system(HistoryKind::Authorization, order.amount, order.created_at));
    }
    for p in &order.payments {
        let mut capture = HistoryEntry::system(HistoryKind::Capture, p.amount, p.created_at);
        capture.object_id = Some(p.id.clone());
        history.push(capture);
        for r in &p.refunds {
            let mut refund = HistoryEntry::system(HistoryKind::Refund, r.amount, r.created_at);
            refund.object_id = Some(r.id.clone());
            if !r.counts() {
                refund.result = HistoryResult::Failed;
            }
            history.push(refund);
        }
    }
    let remainder = order.amount - order.captured();
    let closed = matches!(order.status, OrderStatus::Succeeded | OrderStatus::Canceled);
    if order.capture_method == CaptureMethod::Manual && closed && remainder > 0 {
        let expired = order.expires_at.filter(|d| *d <= now);
        let (kind, at) = match expired {
            Some(deadline) => (HistoryKind::Expiry, deadline),
            None => (
                HistoryKind::Void,
                order.payments.iter().map(|p| p.created_at).max().unwrap_or(order.created_at) + 60_000,
            ),
        };
        history.push(HistoryEntry::system(kind, remainder, at));
    }
    history.sort_by_key(|h| h.at);
    history
}
