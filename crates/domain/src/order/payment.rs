//! A payment (a capture) and its refunds: read-only outside the domain crate. Another crate
//! makes one with [`Payment::new`] and [`Refund::new`] (an order takes them only through its
//! checked constructors), reads it through its accessors, and gets what it may still refund only
//! from [`Payment::refundable`] and the order's figures.

use super::{Millis, RefundReason};
use serde::{Deserialize, Serialize};

/// A refund of (part of) one payment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refund {
    pub(crate) id: String,
    pub(crate) payment_id: String,
    pub(crate) amount: i64,
    pub(crate) reason: RefundReason,
    /// `succeeded` or `failed`; only succeeded refunds count.
    pub(crate) status: String,
    pub(crate) created_at: Millis,
}

impl Refund {
    /// A refund of `amount` from payment `payment_id`, as a source recorded it (`status` as the
    /// API words it: `succeeded`, `failed`, …).
    pub fn new(
        id: impl Into<String>,
        payment_id: impl Into<String>,
        amount: i64,
        reason: RefundReason,
        status: impl Into<String>,
        created_at: Millis,
    ) -> Refund {
        Refund { id: id.into(), payment_id: payment_id.into(), amount, reason, status: status.into(), created_at }
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    pub fn payment_id(&self) -> &str {
        &self.payment_id
    }

    pub fn amount(&self) -> i64 {
        self.amount
    }

    pub fn reason(&self) -> RefundReason {
        self.reason
    }

    /// As the source worded it; whether it counts is [`Refund::counts`].
    pub fn status(&self) -> &str {
        &self.status
    }

    pub fn created_at(&self) -> Millis {
        self.created_at
    }

    pub fn counts(&self) -> bool {
        self.status != "failed"
    }
}

/// A capture: Smartpay calls each capture a payment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payment {
    pub(crate) id: String,
    pub(crate) amount: i64,
    pub(crate) created_at: Millis,
    pub(crate) refunds: Vec<Refund>,
}

impl Payment {
    /// A capture of `amount` with the refunds made from it, as a source recorded it.
    pub fn new(id: impl Into<String>, amount: i64, created_at: Millis, refunds: Vec<Refund>) -> Payment {
        Payment { id: id.into(), amount, created_at, refunds }
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    pub fn amount(&self) -> i64 {
        self.amount
    }

    pub fn created_at(&self) -> Millis {
        self.created_at
    }

    pub fn refunds(&self) -> &[Refund] {
        &self.refunds
    }

    pub fn refunded(&self) -> i64 {
        self.refunds.iter().filter(|r| r.counts()).map(|r| r.amount).sum()
    }

    pub fn refundable(&self) -> i64 {
        (self.amount - self.refunded()).max(0)
    }

    /// `processed`, or `refunded` once every yen of it has gone back.
    pub fn status(&self) -> &'static str {
        if self.refundable() == 0 && self.amount > 0 { "refunded" } else { "processed" }
    }
}
