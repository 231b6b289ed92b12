//! One stored order and list row (postcard), read in the current layout or, for files written
//! before lines had a kind and orders kept their shipment and whether their refunds were all
//! read, in the first layout, which is brought up to date on reading (and rewritten on the
//! next write). The current layouts only add at the end or inside lines, so a first-layout
//! record never reads as a current one that uses every byte.

use crate::domain::validate::Invalid;
use crate::domain::{CaptureMethod, Customer, HistoryEntry, LineItem, Millis, Order, OrderStatus, Payment};
use crate::query::OrderRow;
use serde::Deserialize;
use serde::de::DeserializeOwned;

/// The first layout of a list row.
#[derive(Deserialize)]
struct FirstRow {
    id: String,
    created_at: Millis,
    customer: String,
    amount: i64,
    captured: i64,
    refunded: i64,
    currency: String,
    status: OrderStatus,
    capture_method: CaptureMethod,
    expires_at: Option<Millis>,
    expired: bool,
}

impl From<FirstRow> for OrderRow {
    fn from(r: FirstRow) -> OrderRow {
        OrderRow {
            id: r.id,
            created_at: r.created_at,
            customer: r.customer,
            amount: r.amount,
            captured: r.captured,
            refunded: r.refunded,
            currency: r.currency,
            status: r.status,
            capture_method: r.capture_method,
            expires_at: r.expires_at,
            expired: r.expired,
            refunds_unknown: false,
        }
    }
}

#[derive(Deserialize)]
struct FirstLineItem {
    name: String,
    quantity: u32,
    unit_amount: i64,
}

/// The first layout of a stored order.
#[derive(Deserialize)]
struct FirstOrder {
    id: String,
    amount: i64,
    currency: String,
    status: OrderStatus,
    capture_method: CaptureMethod,
    reference: String,
    created_at: Millis,
    expires_at: Option<Millis>,
    customer: Customer,
    line_items: Vec<FirstLineItem>,
    payments: Vec<Payment>,
    history: Vec<HistoryEntry>,
}

/// A first-layout order becomes an order through the domain's checked constructor: one whose
/// figures do not hold (a damaged record) reads as undecodable, never as money.
impl TryFrom<FirstOrder> for Order {
    type Error = Invalid;

    fn try_from(o: FirstOrder) -> Result<Order, Invalid> {
        let line = |l: FirstLineItem| LineItem {
            name: l.name,
            quantity: l.quantity,
            unit_amount: l.unit_amount,
            ..LineItem::default()
        };
        let mut order = Order::new(o.id, o.amount, o.currency, o.created_at);
        order.status = o.status;
        order.capture_method = o.capture_method;
        order.reference = o.reference;
        order.expires_at = o.expires_at;
        order.customer = o.customer;
        order.line_items = o.line_items.into_iter().map(line).collect();
        order.history = o.history;
        order.with_payments(o.payments)
    }
}

/// The current layout when it uses every byte, else the first one.
fn current_or_first<T: DeserializeOwned, F: DeserializeOwned + TryInto<T>>(bytes: &[u8]) -> Result<T, postcard::Error> {
    match postcard::take_from_bytes::<T>(bytes) {
        Ok((value, [])) => Ok(value),
        current => postcard::from_bytes::<F>(bytes)
            .and_then(|first| first.try_into().map_err(|_| postcard::Error::SerdeDeCustom))
            .or_else(|e| current.map(|(v, _)| v).map_err(|_| e)),
    }
}

/// Decodes a stored order: the current layout, else the one before orders kept their `test`
/// flag (the same bytes less the flag, which postcard writes last, `None` as one zero byte),
/// else the first layout.
pub(crate) fn decode(bytes: &[u8]) -> Result<Order, postcard::Error> {
    if let Ok((order, [])) = postcard::take_from_bytes::<Order>(bytes) {
        return Ok(order);
    }
    let mut flag_unsaid = Vec::with_capacity(bytes.len() + 1);
    flag_unsaid.extend_from_slice(bytes);
    flag_unsaid.push(0);
    if let Ok((order, [])) = postcard::take_from_bytes::<Order>(&flag_unsaid) {
        return Ok(order);
    }
    current_or_first::<Order, FirstOrder>(bytes)
}

/// Decodes a stored list row.
pub(crate) fn decode_row(bytes: &[u8]) -> Result<OrderRow, postcard::Error> {
    current_or_first::<OrderRow, FirstRow>(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::order::fixtures::manual_order;
    use serde::Serialize;

    #[derive(Serialize)]
    struct FirstLine<'a> {
        name: &'a str,
        quantity: u32,
        unit_amount: i64,
    }

    #[test]
    fn an_order_stored_in_the_first_layout_still_reads() {
        let order = manual_order(1500, 7);
        let lines = [FirstLine { name: "Tea", quantity: 3, unit_amount: 500 }];
        let first = (
            (&order.id, order.amount(), &order.currency, &order.status, order.capture_method, &order.reference),
            (order.created_at, order.expires_at, &order.customer, &lines[..], order.payments(), &order.history),
        );
        let bytes = postcard::to_allocvec(&first).expect("encodes");
        let read = decode(&bytes).expect("the first layout reads");
        assert_eq!(read.line_items[0].total(), 1500);
        assert_eq!((read.id.as_str(), read.refunds_unknown()), (order.id.as_str(), false));
        let current = postcard::to_allocvec(&read).expect("encodes");
        assert_eq!(decode(&current).expect("the current layout reads"), read);
        let row = crate::query::OrderRow::of(&read);
        let first_row = postcard::to_allocvec(&(
            (&row.id, row.created_at, &row.customer, row.amount, row.captured, row.refunded),
            (&row.currency, &row.status, row.capture_method, row.expires_at, row.expired),
        ))
        .expect("encodes");
        assert_eq!(decode_row(&first_row).expect("the first row layout reads"), row);
    }

    #[test]
    fn an_order_stored_before_the_test_flag_reads_with_the_flag_unsaid() {
        let mut order = manual_order(1500, 7);
        order.test = Some(false);
        let current = postcard::to_allocvec(&order).expect("encodes");
        assert_eq!(decode(&current).expect("reads").test, Some(false), "the flag is kept");
        let before = &current[..current.len() - 2];
        assert_eq!(current[current.len() - 2..], [1, 0], "Some(false) is written last");
        let read = decode(before).expect("the layout before the flag reads");
        order.test = None;
        assert_eq!(read, order);
    }
}
