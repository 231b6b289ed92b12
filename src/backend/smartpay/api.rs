//! The Smartpay API as the online backend uses it: a trait, so the money paths (operations,
//! the journal, the mirror merge) run the same against the HTTP client and against a scripted
//! fake in tests.

use super::client::{Reply, SmartpayClient};
use super::wire::{Collection, CreatePayment, CreateRefund, WireCheckoutSession, WireOrder, WirePayment, WireRefund};
use crate::backend::BackendError;

/// Every request online mode makes. Blocking: the CLI calls it directly and the TUI from
/// `spawn_blocking`. A money-moving request carries its idempotency key.
pub trait SmartpayApi: Send + Sync {
    /// The base URL (never contains a secret).
    fn base_url(&self) -> &str;

    /// `GET /orders?expand=all`, one page.
    fn list_orders(&self, page_token: Option<&str>, max: u32) -> Result<Collection<WireOrder>, BackendError>;

    /// `GET /checkout-sessions?expand=all`, one page.
    fn list_checkout_sessions(
        &self,
        page_token: Option<&str>,
        max: u32,
    ) -> Result<Collection<WireCheckoutSession>, BackendError>;

    /// `GET /orders/{id}?expand=all`.
    fn get_order(&self, id: &str) -> Result<WireOrder, BackendError>;

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

    fn list_orders(&self, page_token: Option<&str>, max: u32) -> Result<Collection<WireOrder>, BackendError> {
        SmartpayClient::list_orders(self, page_token, max)
    }

    fn list_checkout_sessions(
        &self,
        page_token: Option<&str>,
        max: u32,
    ) -> Result<Collection<WireCheckoutSession>, BackendError> {
        SmartpayClient::list_checkout_sessions(self, page_token, max)
    }

    fn get_order(&self, id: &str) -> Result<WireOrder, BackendError> {
        SmartpayClient::get_order(self, id)
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
