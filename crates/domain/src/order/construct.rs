//! The only ways to make an order, or to give it money, from outside the domain crate: an order's
//! `amount`, `payments` and `refunds_unknown` are private to this crate, so another crate starts
//! from [`Order::new`] (or [`Order::awaiting_capture`]), sets the fields that are not money, and
//! gives it payments through [`Order::with_payments`], which checks the figures
//! (`validate::check_figures`). Afterwards only `rules::apply` and `rules::expire` change money.

use super::invariants::{Invalid, check_figures};
use super::{CAPTURE_WINDOW_MS, CaptureMethod, Millis, Order, OrderStatus, Payment, Shipment};
use crate::customer::Customer;

impl Order {
    /// An order of `amount` in `currency`, created at `created_at`, not yet authorized, with
    /// nothing captured and no deadline: the start of every order made outside this crate.
    pub fn new(id: impl Into<String>, amount: i64, currency: impl Into<String>, created_at: Millis) -> Order {
        Order {
            id: id.into(),
            amount,
            currency: currency.into(),
            status: OrderStatus::RequiresAuthorization,
            capture_method: CaptureMethod::Unknown,
            reference: String::new(),
            created_at,
            expires_at: None,
            customer: Customer::default(),
            line_items: vec![],
            payments: vec![],
            history: vec![],
            refunds_unknown: false,
            shipment: Shipment::default(),
            test: None,
        }
    }

    /// A manual-capture yen order of `amount`, authorized at `created_at` and waiting for
    /// capture (deadline 7 days later), with nothing else: what every fixture starts from.
    pub fn awaiting_capture(id: impl Into<String>, amount: i64, created_at: Millis) -> Order {
        Order {
            status: OrderStatus::RequiresCapture,
            capture_method: CaptureMethod::Manual,
            expires_at: Some(created_at + CAPTURE_WINDOW_MS),
            ..Order::new(id, amount, "JPY", created_at)
        }
    }

    /// This order with `payments` (each with its refunds) in place of its own, if the figures
    /// hold: amounts in range, captures within the order, refunds within their payment, ids
    /// present and unique. Otherwise the sentence saying which does not, and no order.
    pub fn with_payments(mut self, payments: Vec<Payment>) -> Result<Order, Invalid> {
        self.set_payments(payments)?;
        Ok(self)
    }

    /// [`Order::with_payments`] in place: on a refusal the order is left as it was.
    pub fn set_payments(&mut self, payments: Vec<Payment>) -> Result<(), Invalid> {
        let before = std::mem::replace(&mut self.payments, payments);
        check_figures(self).inspect_err(|_| self.payments = before)
    }

    /// This order with its refunds marked as not all read: refunded and refundable become
    /// unknown, and no refund is allowed until they are read.
    pub fn with_refunds_unread(self) -> Order {
        Order { refunds_unknown: true, ..self }
    }

    /// The authorized amount, as the order was created with it.
    pub fn amount(&self) -> i64 {
        self.amount
    }

    /// The captures, oldest first, each with its refunds: read-only. What may still be
    /// captured or refunded comes from [`Order::summary`] and `rules`, never from these.
    pub fn payments(&self) -> &[Payment] {
        &self.payments
    }

    /// Whether some refund could not be read (the refunded figures are then unknown).
    pub fn refunds_unknown(&self) -> bool {
        self.refunds_unknown
    }
}
