//! The Smartpay API as the online backend uses it: a trait, so the money paths (operations,
//! the journal, the mirror merge) run the same against the HTTP client and against a scripted
//! fake in tests.

use super::client::{Reply, SmartpayClient};
use super::wire::{
    Collection, CreatePayment, CreateRefund, Lenient, WireCheckoutSession, WireOrder, WirePayment, WireRefund,
};
use crate::backend::BackendError;

/// Every request online mode makes. Blocking: the CLI calls it directly and the TUI from
/// `spawn_blocking`. A money-moving request carries its idempotency key.
pub trait SmartpayApi: Send + Sync {
    /// The base URL (never contains a secret).
    fn base_url(&self) -> &str;

    /// `GET /orders?expand=all`, one page; an item that cannot be read is set aside, named.
    fn list_orders(&self, page_token: Option<&str>, max: u32) -> Result<Collection<Lenient<WireOrder>>, BackendError>;

    /// `GET /checkout-sessions?expand=all`, one page.
    fn list_checkout_sessions(
        &self,
        page_token: Option<&str>,
        max: u32,
    ) -> Result<Collection<Lenient<WireCheckoutSession>>, BackendError>;

    /// `GET /orders/{id}?expand=all`.
    fn get_order(&self, id: &str) -> Result<WireOrder, BackendError>;

    /// `GET /payments/{id}?expand=all`: may name the payment's refunds when the order did not.
    fn get_payment(&self, id: &str) -> Result<WirePayment, BackendError>;

    /// `GET /refunds/{id}`: a refund an order only names by id.
    fn get_refund(&self, id: &str) -> Result<WireRefund, BackendError>;

    /// `GET /refunds`, one page (the API has no filter by payment).
    fn list_refunds(&self, page_token: Option<&str>, max: u32)
    -> Result<Collection<Lenient<WireRefund>>, BackendError>;

    /// `POST /payments` (a capture).
    fn create_payment(&self, body: &CreatePayment, key: &str) -> Result<Reply<WirePayment>, BackendError>;

    /// `POST /refunds` (a refund of one payment).
    fn create_refund(&self, body: &CreateRefund, key: &str) -> Result<Reply<WireRefund>, BackendError>;

    /// `PUT /orders/{id}/cancellation` (a void of the uncaptured remainder).
    fn cancel_order(&self, id: &str, key: &str) -> Result<Reply<WireOrder>, BackendError>;
}

impl SmartpayApi for SmartpayClient {
    fn base_url(&self) -> &str {
        SmartpayClient::base_url(self)
    }

    fn list_orders(&self, page_token: Option<&str>, max: u32) -> Result<Collection<Lenient<WireOrder>>, BackendError> {
        self.list("/orders", page_token, max)
    }

    fn list_checkout_sessions(
        &self,
        page_token: Option<&str>,
        max: u32,
    ) -> Result<Collection<Lenient<WireCheckoutSession>>, BackendError> {
        self.list("/checkout-sessions", page_token, max)
    }

    fn get_order(&self, id: &str) -> Result<WireOrder, BackendError> {
        self.get_object("/orders", id)
    }

    fn get_payment(&self, id: &str) -> Result<WirePayment, BackendError> {
        self.get_object("/payments", id)
    }

    fn get_refund(&self, id: &str) -> Result<WireRefund, BackendError> {
        self.get_object("/refunds", id)
    }

    fn list_refunds(
        &self,
        page_token: Option<&str>,
        max: u32,
    ) -> Result<Collection<Lenient<WireRefund>>, BackendError> {
        self.list("/refunds", page_token, max)
    }

    fn create_payment(&self, body: &CreatePayment, key: &str) -> Result<Reply<WirePayment>, BackendError> {
        SmartpayClient::create_payment(self, body, key)
    }

    fn create_refund(&self, body: &CreateRefund, key: &str) -> Result<Reply<WireRefund>, BackendError> {
        SmartpayClient::create_refund(self, body, key)
    }

    fn cancel_order(&self, id: &str, key: &str) -> Result<Reply<WireOrder>, BackendError> {
        SmartpayClient::cancel_order(self, id, key)
    }
}
