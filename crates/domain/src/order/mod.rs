//! Orders, payments (captures), refunds, statuses, and the figures derived from them.
//!
//! The Smartpay API stores no captured/refunded/capturable totals; [`Order::summary`] is the one
//! place where they are computed, so the list, the details, the rules and `--json` agree.

use super::customer::Customer;
use super::history::{HistoryEntry, HistoryKind};
use super::line_items::LineItem;
use super::money::Currency;
use super::time::Countdown;
use serde::{Deserialize, Serialize};
use std::fmt;

pub use super::time::Millis;
pub use payment::{Payment, Refund};

mod construct;
pub mod invariants;
mod payment;

/// A manual-capture authorization must be captured within this window.
pub const CAPTURE_WINDOW_MS: Millis = 7 * 24 * 60 * 60 * 1000;

/// An order status. Unknown strings from the API are kept verbatim, never a parse failure.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum OrderStatus {
    RequiresAuthorization,
    Rejected,
    RequiresCapture,
    Succeeded,
    Canceled,
    Other(String),
}

impl OrderStatus {
    pub const KNOWN: [OrderStatus; 5] = [
        OrderStatus::RequiresAuthorization,
        OrderStatus::Rejected,
        OrderStatus::RequiresCapture,
        OrderStatus::Succeeded,
        OrderStatus::Canceled,
    ];

    pub fn as_str(&self) -> &str {
        match self {
            OrderStatus::RequiresAuthorization => "requires_authorization",
            OrderStatus::Rejected => "rejected",
            OrderStatus::RequiresCapture => "requires_capture",
            OrderStatus::Succeeded => "succeeded",
            OrderStatus::Canceled => "canceled",
            OrderStatus::Other(s) => s,
        }
    }

    pub fn parse(s: &str) -> OrderStatus {
        match s {
            "requires_authorization" => OrderStatus::RequiresAuthorization,
            "rejected" => OrderStatus::Rejected,
            "requires_capture" => OrderStatus::RequiresCapture,
            "succeeded" => OrderStatus::Succeeded,
            "canceled" | "cancelled" => OrderStatus::Canceled,
            other => OrderStatus::Other(other.to_string()),
        }
    }
}

impl fmt::Display for OrderStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for OrderStatus {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for OrderStatus {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Ok(OrderStatus::parse(&s))
    }
}

/// How the money is taken after authorization. `Unknown` when neither the API nor the
/// checkout session says and the order itself does not settle it: actions then follow the
/// order's status alone. Any other string reads as `Unknown`, never a parse failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaptureMethod {
    Automatic,
    Manual,
    #[serde(other)]
    Unknown,
}

impl CaptureMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            CaptureMethod::Automatic => "automatic",
            CaptureMethod::Manual => "manual",
            CaptureMethod::Unknown => "unknown",
        }
    }

    /// The method an order read without one must have had, only where the order itself settles
    /// it: an automatic capture never waits for capture, never captures less than the amount
    /// and never captures twice. Otherwise `Unknown`.
    pub fn inferred(status: &OrderStatus, payments: &[Payment], amount: i64) -> CaptureMethod {
        // Saturating: the figures are checked after (a hostile answer must not overflow here).
        let captured = payments.iter().fold(0i64, |sum, p| sum.saturating_add(p.amount));
        let partly_captured = captured > 0 && captured < amount;
        if *status == OrderStatus::RequiresCapture || partly_captured || payments.len() > 1 {
            CaptureMethod::Manual
        } else {
            CaptureMethod::Unknown
        }
    }

    /// Manual, or possibly so: a deadline and a remainder to watch.
    pub fn may_be_manual(self) -> bool {
        self != CaptureMethod::Automatic
    }
}

/// Why money was refunded, as the API names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RefundReason {
    #[default]
    RequestedByCustomer,
    Fraudulent,
    /// A reason the API sent that the console does not know (never sent by the console).
    Other,
}

impl RefundReason {
    pub fn as_str(self) -> &'static str {
        match self {
            RefundReason::RequestedByCustomer => "requested_by_customer",
            RefundReason::Fraudulent => "fraudulent",
            RefundReason::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<RefundReason> {
        match s {
            "requested_by_customer" => Some(RefundReason::RequestedByCustomer),
            "fraudulent" => Some(RefundReason::Fraudulent),
            _ => None,
        }
    }
}

/// The carrier and tracking number, what support asks for first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shipment {
    pub carrier: String,
    pub tracking_number: String,
}

/// One order with everything the console shows about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Order {
    pub id: String,
    pub(crate) amount: i64,
    pub currency: String,
    pub status: OrderStatus,
    pub capture_method: CaptureMethod,
    pub reference: String,
    pub created_at: Millis,
    /// Set once authorized: no capture is possible after it.
    pub expires_at: Option<Millis>,
    pub customer: Customer,
    pub line_items: Vec<LineItem>,
    /// Private to the domain crate, as are `amount` and `refunds_unknown`: another crate reads
    /// them through [`Order::payments`] and the figures, and sets them only through the checked
    /// constructors of `construct.rs`, so no other crate can alter money or compute a limit.
    pub(crate) payments: Vec<Payment>,
    pub history: Vec<HistoryEntry>,
    /// The API did not let us read every refund (ids or an absent field that could not be
    /// resolved): the refunded figures are unknown and no refund is allowed until they are.
    pub(crate) refunds_unknown: bool,
    pub shipment: Shipment,
    /// The order's own `test` flag as its source gave it (the API, or a file's `"test"`);
    /// `None` when the source did not say: then the mode its id names (see [`Order::is_test`]).
    pub test: Option<bool>,
}

/// What the deadline column says about an order at one moment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Deadline {
    /// Automatic capture, not yet authorized, or closed by capture or void: nothing to watch.
    None,
    /// Awaiting capture: the time left (a warning under 24 hours).
    Counting(Countdown),
    /// The 7-day window closed with money uncaptured (recorded, or due now).
    Expired,
}

impl Deadline {
    /// `expired` is whether the history records an expiry (a list row keeps that as a flag).
    pub fn of(
        method: CaptureMethod,
        status: &OrderStatus,
        expires_at: Option<Millis>,
        expired: bool,
        now: Millis,
    ) -> Self {
        match expires_at.filter(|_| method.may_be_manual()) {
            Some(at) if *status == OrderStatus::RequiresCapture => match Countdown::until(at, now) {
                Countdown::Expired => Deadline::Expired,
                counting => Deadline::Counting(counting),
            },
            Some(_) if expired => Deadline::Expired,
            _ => Deadline::None,
        }
    }
}

/// Whether the 7-day window has closed on an order (of this status and deadline) still
/// waiting for capture.
pub fn past_deadline(status: &OrderStatus, expires_at: Option<Millis>, now: Millis) -> bool {
    *status == OrderStatus::RequiresCapture && expires_at.is_some_and(|deadline| now >= deadline)
}

/// The status an order ends in once its uncaptured remainder is gone (void or expiry).
pub fn status_after_close(captured: i64) -> OrderStatus {
    if captured > 0 { OrderStatus::Succeeded } else { OrderStatus::Canceled }
}

/// The status an operator should see, from the figures a list row keeps as well as an order:
/// past its deadline an order reads as closed even before a sweep has recorded the expiry.
pub fn effective_status(status: &OrderStatus, expires_at: Option<Millis>, captured: i64, now: Millis) -> OrderStatus {
    if past_deadline(status, expires_at, now) { status_after_close(captured) } else { status.clone() }
}

/// The derived figures of one order at one moment (the `summary` of `--json`). `refunded` and
/// `refundable` are `None` ("unknown") while the order's refunds could not all be read, and
/// `complete` then says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    pub authorized: i64,
    pub captured: i64,
    pub refunded: Option<i64>,
    /// The uncaptured remainder lost to a void or to expiry.
    pub canceled: i64,
    pub capturable: i64,
    pub refundable: Option<i64>,
    pub complete: bool,
}

impl Order {
    pub fn currency(&self) -> Currency {
        Currency::from_code_or_whole(&self.currency)
    }

    pub fn captured(&self) -> i64 {
        self.payments.iter().map(|p| p.amount).sum()
    }

    pub fn refunded(&self) -> i64 {
        self.payments.iter().map(Payment::refunded).sum()
    }

    /// What is captured and not yet refunded (as far as the refunds are known).
    pub fn unrefunded(&self) -> i64 {
        (self.captured() - self.refunded()).max(0)
    }

    /// Whether the 7-day window has closed on an order still waiting for capture.
    pub fn is_past_deadline(&self, now: Millis) -> bool {
        past_deadline(&self.status, self.expires_at, now)
    }

    /// The authorized amount not captured: what a void releases, or an expiry loses. The one
    /// place this is computed (the void's plan, the summary and the expiry all read it).
    pub fn uncaptured_remainder(&self) -> i64 {
        let authorized = if self.is_authorized() { self.amount } else { 0 };
        (authorized - self.captured()).max(0)
    }

    pub fn is_authorized(&self) -> bool {
        !matches!(self.status, OrderStatus::RequiresAuthorization | OrderStatus::Rejected)
    }

    /// The figures support staff read, computed once, here.
    pub fn summary(&self, now: Millis) -> Summary {
        let captured = self.captured();
        let refunded = self.refunded();
        let authorized = if self.is_authorized() { self.amount } else { 0 };
        let open = self.status == OrderStatus::RequiresCapture && !self.is_past_deadline(now);
        // Only a void or an expiry loses the remainder; an unknown status loses nothing we know of.
        let closed =
            matches!(self.status, OrderStatus::Succeeded | OrderStatus::Canceled) || self.is_past_deadline(now);
        let remainder = self.uncaptured_remainder();
        let known = !self.refunds_unknown;
        Summary {
            authorized,
            captured,
            refunded: known.then_some(refunded),
            canceled: if closed { remainder } else { 0 },
            capturable: if open { remainder } else { 0 },
            refundable: known.then_some(self.unrefunded()),
            complete: known,
        }
    }

    /// The status an operator should see: an order past its deadline reads as canceled (or
    /// succeeded when something was captured) even before a sweep has recorded the expiry.
    pub fn effective_status(&self, now: Millis) -> OrderStatus {
        effective_status(&self.status, self.expires_at, self.captured(), now)
    }

    /// Whether the history records that the 7-day window closed on this order.
    pub fn expiry_recorded(&self) -> bool {
        self.history.iter().any(|h| h.kind == HistoryKind::Expiry)
    }

    pub fn deadline(&self, now: Millis) -> Deadline {
        Deadline::of(self.capture_method, &self.status, self.expires_at, self.expiry_recorded(), now)
    }

    pub fn payment(&self, id: &str) -> Option<&Payment> {
        self.payments.iter().find(|p| p.id == id)
    }

    /// A test-mode order: its own flag, else the mode its id names (`order_live_…` is live).
    pub fn is_test(&self) -> bool {
        self.test.unwrap_or(!self.id.contains("_live_"))
    }
}

/// Orders for tests, here and in the crates above (the `fixtures` feature).
#[cfg(any(test, feature = "fixtures"))]
pub mod fixtures;

mod lookup;
#[cfg(test)]
mod tests;
