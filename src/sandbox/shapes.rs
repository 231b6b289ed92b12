//! The objects as the real API returns them. The order object carries no customer and no
//! capture method (Smartpay keeps those on the checkout session), so the sandbox leaves them
//! off the order and serves them from `/checkout-sessions`, just as a client meets them live.

use crate::backend::smartpay::wire::{
    Collection, Expandable, WireCheckoutSession, WireCustomer, WireOrder, wire_order,
};
use crate::domain::Order;

/// `expand=all` (objects) or `expand=no`, the default (ids).
pub fn expand_all(expand: Option<&str>) -> bool {
    matches!(expand, Some("all"))
}

pub fn api_order(order: &Order, expand: bool) -> WireOrder {
    let mut wire = wire_order(order);
    wire.capture_method = None;
    wire.customer_info = None;
    if !expand {
        wire.payments = order.payments.iter().map(|p| Expandable::Id(p.id.clone())).collect();
    }
    wire
}

/// The checkout session an order came from. Its id is derived from the order id, so it is
/// stable without being stored.
pub fn checkout_session(order: &Order, expand: bool) -> WireCheckoutSession {
    let suffix = order.id.rsplit('_').next().unwrap_or(order.id.as_str());
    WireCheckoutSession {
        id: format!("checkout_test_{suffix}"),
        object: "checkoutSession".into(),
        customer_info: Some(WireCustomer::from(&order.customer)),
        capture_method: Some(order.capture_method),
        order: Some(if expand { Expandable::Object(api_order(order, true)) } else { Expandable::Id(order.id.clone()) }),
        created_at: order.created_at,
    }
}

/// The order id a checkout session id stands for, if it is one of ours.
pub fn session_order_suffix(session_id: &str) -> Option<&str> {
    session_id.strip_prefix("checkout_test_").filter(|s| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// An opaque-looking page token for an offset, and back.
pub fn page_token(offset: usize) -> String {
    format!("pt{offset}")
}

pub fn parse_page_token(token: Option<&str>) -> Option<usize> {
    match token {
        None | Some("") => Some(0),
        Some(t) => t.strip_prefix("pt").and_then(|n| n.parse().ok()),
    }
}

pub fn collection<T>(data: Vec<T>, token: Option<String>, next: Option<String>, max_results: u32) -> Collection<T> {
    Collection {
        object: "collection".into(),
        page_token: token,
        next_page_token: next,
        max_results,
        results: data.len() as u32,
        data,
    }
}
