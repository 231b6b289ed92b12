//! One stored order (postcard), read in the current layout or, for files written before lines
//! had a kind and orders kept their shipment and whether their refunds were all read, in the
//! first layout, which is brought up to date on reading (and rewritten on the next write).

use crate::domain::{CaptureMethod, Customer, HistoryEntry, LineItem, Millis, Order, OrderStatus, Payment, Shipment};
use serde::Deserialize;

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

impl From<FirstOrder> for Order {
    fn from(o: FirstOrder) -> Order {
        let line = |l: FirstLineItem| LineItem {
            name: l.name,
            quantity: l.quantity,
            unit_amount: l.unit_amount,
            ..LineItem::default()
        };
        Order {
            id: o.id,
            amount: o.amount,
            currency: o.currency,
            status: o.status,
            capture_method: o.capture_method,
            reference: o.reference,
            created_at: o.created_at,
            expires_at: o.expires_at,
            customer: o.customer,
            line_items: o.line_items.into_iter().map(line).collect(),
            payments: o.payments,
            history: o.history,
            refunds_unknown: false,
            shipment: Shipment::default(),
        }
    }
}

/// Decodes a stored order: the current layout when it uses every byte, else the first one.
pub fn decode(bytes: &[u8]) -> Result<Order, postcard::Error> {
    match postcard::take_from_bytes::<Order>(bytes) {
        Ok((order, [])) => Ok(order),
        current => postcard::from_bytes::<FirstOrder>(bytes)
            .map(Order::from)
            .or_else(|e| current.map(|(o, _)| o).map_err(|_| e)),
    }
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
            (&order.id, order.amount, &order.currency, &order.status, order.capture_method, &order.reference),
            (order.created_at, order.expires_at, &order.customer, &lines[..], &order.payments, &order.history),
        );
        let bytes = postcard::to_allocvec(&first).expect("encodes");
        let read = decode(&bytes).expect("the first layout reads");
        assert_eq!(read.line_items[0].total(), 1500);
        assert_eq!((read.id.as_str(), read.refunds_unknown), (order.id.as_str(), false));
        let current = postcard::to_allocvec(&read).expect("encodes");
        assert_eq!(decode(&current).expect("the current layout reads"), read);
    }
}
