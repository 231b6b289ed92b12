//! Wire → domain: an expanded order (from the API or an `import` file) as the console's order,
//! its figures checked. Refunds the wire only names by id, or leaves out, make the order's
//! refunds unknown rather than zero; lines keep their kind; the capture method is inferred
//! only where the order itself settles it.

use super::shapes::{Expandable, WireAddress, WireCustomer, WireLineItem, WireOrder, WirePayment};
pub use crate::domain::derived_history::derived_history;
use crate::domain::validate::Invalid;
use crate::domain::{
    Address, CaptureMethod, Customer, HistoryEntry, LineItem, LineKind, Millis, Order, OrderStatus, Payment, Refund,
    RefundReason, Shipment,
};

/// Why a wire order could not become a domain order.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WireError {
    #[error("an order has no id")]
    MissingId,
    #[error("order {id}: {object} has no amount")]
    MissingAmount { id: String, object: String },
    #[error("order {id}: {object} has no currency")]
    MissingCurrency { id: String, object: String },
    #[error("order {id}: payment {payment} is not expanded (use ?expand=all)")]
    UnexpandedPayment { id: String, payment: String },
    /// Not valid money by the domain's rules.
    #[error(transparent)]
    Invalid(#[from] Invalid),
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
    let line = match item {
        Expandable::Object(line) => line,
        // Not expanded: named by its id, worth nothing we know of (the gap then shows).
        Expandable::Id(id) => return LineItem { name: id.clone(), quantity: 1, ..LineItem::default() },
    };
    let kind = LineKind::parse(&line.kind);
    let price = line.price.as_ref().and_then(Expandable::object);
    let product_name = price.and_then(|p| p.product.as_ref()).and_then(Expandable::object).map(|p| p.name.clone());
    let name = product_name.filter(|n| !n.is_empty()).unwrap_or_else(|| line.description.clone());
    let quantity = line.quantity.max(1);
    let unit_amount = price.map(|p| p.amount).unwrap_or(0);
    let amount = match (&kind, price, line.amount) {
        (LineKind::Product, Some(_), _) => None,
        // A discount takes money off, whichever sign the API gives it.
        (LineKind::Discount, _, Some(amount)) => Some(-amount.abs()),
        (_, _, Some(amount)) => Some(amount),
        (_, _, None) => Some(crate::domain::line_items::quantity_times_price(quantity, unit_amount)),
    };
    LineItem { kind, name, quantity, unit_amount, amount }
}

/// The lines of an order: its line items, then the shipping fee and an order-level discount
/// when no line already carries them.
fn domain_lines(wire: &WireOrder) -> Vec<LineItem> {
    let mut lines: Vec<LineItem> = wire.line_items.iter().map(domain_line_item).collect();
    let has = |lines: &[LineItem], kind: LineKind| lines.iter().any(|l| l.kind == kind);
    let fee = wire.shipping_info.as_ref().and_then(|s| s.fee_amount).filter(|f| *f != 0);
    if let Some(fee) = fee.filter(|_| !has(&lines, LineKind::Shipping)) {
        lines.push(LineItem {
            kind: LineKind::Shipping,
            name: "Shipping fee".into(),
            amount: Some(fee),
            ..LineItem::default()
        });
    }
    let discount = wire.discount_amount.filter(|d| *d != 0);
    if let Some(discount) = discount.filter(|_| !has(&lines, LineKind::Discount)) {
        let line = LineItem {
            kind: LineKind::Discount,
            name: "Discount".into(),
            amount: Some(-discount.abs()),
            ..LineItem::default()
        };
        lines.push(line);
    }
    lines
}

/// The payments of an order with their readable refunds, and whether any refund could not be
/// read (ids not resolved, or the field absent). Whether the amounts add up is the domain's
/// (`check_figures`, called on the whole order).
fn domain_payments(wire: &WireOrder) -> Result<(Vec<Payment>, bool), WireError> {
    let order_id = &wire.id;
    let required = |object: String, amount: Option<i64>, currency: Option<&String>| match (amount, currency) {
        (None, _) => Err(WireError::MissingAmount { id: order_id.clone(), object }),
        (_, None) => Err(WireError::MissingCurrency { id: order_id.clone(), object }),
        (Some(amount), Some(_)) => Ok(amount),
    };
    let mut refunds_unknown = false;
    let mut payments = Vec::with_capacity(wire.payments.len());
    for p in &wire.payments {
        let p: &WirePayment = match p {
            Expandable::Object(p) => p,
            Expandable::Id(id) => {
                return Err(WireError::UnexpandedPayment { id: order_id.clone(), payment: id.clone() });
            }
        };
        let paid = required(format!("payment {}", p.id), p.amount, p.currency.as_ref())?;
        let listed = match &p.refunds {
            Some(listed) => listed.as_slice(),
            None => {
                refunds_unknown = true;
                &[]
            }
        };
        let mut refunds = Vec::with_capacity(listed.len());
        for r in listed {
            let Expandable::Object(r) = r else {
                refunds_unknown = true;
                continue;
            };
            refunds.push(Refund::new(
                r.id.clone(),
                p.id.clone(),
                required(format!("refund {}", r.id), r.amount, r.currency.as_ref())?,
                match r.reason.as_str() {
                    "" => RefundReason::RequestedByCustomer,
                    given => RefundReason::parse(given).unwrap_or(RefundReason::Other),
                },
                if r.status.is_empty() { "succeeded" } else { r.status.as_str() },
                r.created_at,
            ));
        }
        payments.push(Payment::new(p.id.clone(), paid, p.created_at, refunds));
    }
    Ok((payments, refunds_unknown))
}

/// Converts an expanded wire order into a domain order, checking that its figures add up.
/// `history`, when given (an export being re-imported), is kept; otherwise it is rebuilt from
/// the payments and refunds, which is all the API knows.
pub fn domain_order(wire: &WireOrder, history: Option<&[HistoryEntry]>, now: Millis) -> Result<Order, WireError> {
    if wire.id.is_empty() {
        return Err(WireError::MissingId);
    }
    let amount =
        wire.amount.ok_or_else(|| WireError::MissingAmount { id: wire.id.clone(), object: "the order".into() })?;
    let currency = wire
        .currency
        .clone()
        .ok_or_else(|| WireError::MissingCurrency { id: wire.id.clone(), object: "the order".into() })?;
    let (payments, refunds_unknown) = domain_payments(wire)?;
    let mut customer = wire.customer_info.as_ref().map(Customer::from).unwrap_or_default();
    let shipping = wire.shipping_info.as_ref();
    if customer.address.is_none() {
        customer.address = shipping.and_then(|s| s.address.as_ref()).map(Address::from);
    }
    let status = wire.status.clone().unwrap_or(OrderStatus::RequiresAuthorization);
    let capture_method = match wire.capture_method {
        Some(known) if known != CaptureMethod::Unknown => known,
        _ => CaptureMethod::inferred(&status, &payments, amount),
    };
    let mut order = Order::new(wire.id.clone(), amount, currency, wire.created_at);
    order.status = status;
    order.capture_method = capture_method;
    order.reference = wire.reference.clone();
    order.expires_at = wire.expires_at;
    order.customer = customer;
    order.line_items = domain_lines(wire);
    order.shipment = Shipment {
        carrier: shipping.map(|s| s.carrier_name.clone()).unwrap_or_default(),
        tracking_number: shipping.map(|s| s.reference.clone()).unwrap_or_default(),
    };
    order.test = wire.test;
    // The figures are checked as the payments are given (`check_figures`).
    let mut order = order.with_payments(payments)?;
    if refunds_unknown {
        order = order.with_refunds_unread();
    }
    order.history = match history {
        Some(entries) => entries.to_vec(),
        None => derived_history(&order, wire.updated_at, now),
    };
    Ok(order)
}
