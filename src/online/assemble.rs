//! From the API's objects to the console's orders. The order object carries no customer and no
//! capture method; those live on the checkout session that points at the order, so they are
//! joined here. When no session is known the capture method is inferred from the order itself
//! (an order awaiting capture, or closed with less than its amount captured, is manual).

use crate::backend::BackendError;
use crate::backend::journal::JournalEntry;
use crate::backend::journal_history::merge_into_history;
use crate::backend::smartpay::wire::{Expandable, WireCheckoutSession, WireCustomer, WireOrder, domain_order};
use crate::domain::{CaptureMethod, Customer, Millis, Order, OrderStatus};

/// What a checkout session adds to its order.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionInfo {
    pub customer: Option<WireCustomer>,
    pub capture_method: Option<CaptureMethod>,
}

/// The order id a session points at, with what it adds.
pub fn session_info(session: &WireCheckoutSession) -> Option<(String, SessionInfo)> {
    let order_id = match session.order.as_ref()? {
        Expandable::Object(order) => order.id.clone(),
        Expandable::Id(id) => id.clone(),
    };
    Some((order_id, SessionInfo { customer: session.customer_info.clone(), capture_method: session.capture_method }))
}

fn inferred_capture_method(wire: &WireOrder) -> CaptureMethod {
    let captured: i64 = wire.payments.iter().filter_map(Expandable::object).map(|p| p.amount).sum();
    match &wire.status {
        Some(OrderStatus::RequiresCapture) => CaptureMethod::Manual,
        Some(OrderStatus::Succeeded) if captured < wire.amount => CaptureMethod::Manual,
        _ => CaptureMethod::Automatic,
    }
}

/// A wire order as the console's order: customer and capture method from the session (or, for
/// an order already mirrored, from the mirrored copy), history derived and merged with the
/// journal.
pub fn assemble(
    mut wire: WireOrder,
    session: Option<&SessionInfo>,
    known: Option<&Order>,
    journal: &[JournalEntry],
    now: Millis,
) -> Result<Order, BackendError> {
    if wire.customer_info.is_none() {
        wire.customer_info = session.and_then(|s| s.customer.clone());
    }
    if wire.capture_method.is_none() {
        wire.capture_method = session
            .and_then(|s| s.capture_method)
            .or(known.map(|k| k.capture_method))
            .or(Some(inferred_capture_method(&wire)));
    }
    let mut order = domain_order(&wire, None, now).map_err(|e| BackendError::Api {
        status: 200,
        code: "response.invalid".into(),
        message: format!("{e}."),
    })?;
    if order.customer == Customer::default()
        && let Some(known) = known
    {
        order.customer = known.customer.clone();
    }
    merge_into_history(&mut order, journal);
    Ok(order)
}
