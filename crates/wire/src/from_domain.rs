//! Domain → wire: the order as the API would return it with `expand=all` (for `--json`,
//! export and the sandbox), with the checkout-session fields the console keeps alongside.

use super::shapes::{
    Expandable, OrderDocument, WireAddress, WireCustomer, WireLineItem, WireOrder, WirePayment, WirePrice, WireProduct,
    WireRefund, WireShippingInfo,
};
use crate::domain::{Address, Customer, LineItem, Millis, Order, Payment, Refund};

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
        id: r.id().to_string(),
        object: "refund".into(),
        amount: Some(r.amount()),
        currency: Some(currency.to_string()),
        payment: r.payment_id().to_string(),
        reason: r.reason().as_str().into(),
        status: r.status().to_string(),
        created_at: r.created_at(),
        ..WireRefund::default()
    }
}

pub fn wire_payment(p: &Payment, order: &Order) -> WirePayment {
    WirePayment {
        id: p.id().to_string(),
        object: "payment".into(),
        amount: Some(p.amount()),
        currency: Some(order.currency.clone()),
        order: order.id.clone(),
        status: p.status().into(),
        created_at: p.created_at(),
        refunds: Some(p.refunds().iter().map(|r| Expandable::Object(wire_refund(r, &order.currency))).collect()),
        ..WirePayment::default()
    }
}

pub fn wire_refund_of(order: &Order, refund_id: &str) -> Option<WireRefund> {
    order
        .payments()
        .iter()
        .flat_map(|p| p.refunds().iter())
        .find(|r| r.id() == refund_id)
        .map(|r| wire_refund(r, &order.currency))
}

fn wire_line_item(line: &LineItem, currency: &str) -> WireLineItem {
    let kind = if line.kind == crate::domain::LineKind::Product { String::new() } else { line.kind.as_str().into() };
    if !line.is_product() {
        return WireLineItem {
            object: "lineItem".into(),
            kind,
            quantity: line.quantity.max(1),
            amount: Some(line.total()),
            description: line.name.clone(),
            ..WireLineItem::default()
        };
    }
    WireLineItem {
        object: "lineItem".into(),
        kind,
        quantity: line.quantity,
        price: Some(Expandable::Object(WirePrice {
            amount: line.unit_amount,
            currency: currency.to_string(),
            product: Some(Expandable::Object(WireProduct { name: line.name.clone() })),
        })),
        ..WireLineItem::default()
    }
}

/// The order as the API would return it with `expand=all`, including the checkout-session
/// fields the console keeps alongside.
pub fn wire_order(order: &Order) -> WireOrder {
    let has_shipping = order.customer.address.is_some() || order.shipment != crate::domain::Shipment::default();
    WireOrder {
        id: order.id.clone(),
        object: "order".into(),
        amount: Some(order.amount()),
        currency: Some(order.currency.clone()),
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
            .map(|line| Expandable::Object(wire_line_item(line, &order.currency)))
            .collect(),
        payments: order.payments().iter().map(|p| Expandable::Object(wire_payment(p, order))).collect(),
        shipping_info: has_shipping.then(|| WireShippingInfo {
            address: order.customer.address.as_ref().map(WireAddress::from),
            carrier_name: order.shipment.carrier.clone(),
            reference: order.shipment.tracking_number.clone(),
            fee_amount: None,
        }),
        test: Some(order.is_test()),
        ..WireOrder::default()
    }
}

/// The `--json` document of one order at `now`.
pub fn order_document(order: &Order, now: Millis) -> OrderDocument {
    OrderDocument { order: wire_order(order), summary: Some(order.summary(now)), history: Some(order.history.clone()) }
}
