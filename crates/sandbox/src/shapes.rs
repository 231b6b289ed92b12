//! The objects as the API documents them (Go SDK types generated from Smartpay's OpenAPI spec,
//! Node SDK 0.9.1 types): every documented field, `expand` as the SDK types describe it, and
//! the `--variant` shapes. Built as JSON here, in the sandbox, so the client's wire types can
//! change without changing what the sandbox serves.
//!
//! The order carries no customer and no capture method: Smartpay keeps those on the checkout
//! session, so the sandbox serves them from `/checkout-sessions`, as a client meets them live.

use super::objects::ObjectRecord;
use super::variants::Variants;
use crate::domain::{Address, Customer, LineItem, Millis, Order, Payment, Refund};
use serde_json::{Map, Value, json};
use std::collections::HashMap;

/// How to draw objects for one request.
pub struct Shape<'a> {
    /// `expand=all`: referenced objects instead of their ids.
    pub expand: bool,
    pub variants: Variants,
    /// The account's mode: `test` on every object, `_test_`/`_live_` in derived ids.
    pub test: bool,
    /// The sandbox's records of the payments and refunds drawn.
    pub records: &'a HashMap<String, ObjectRecord>,
}

/// `expand=all` (objects) or anything else, the default (ids).
pub fn expand_all(expand: Option<&str>) -> bool {
    matches!(expand, Some("all"))
}

/// An object under construction: with the `nulls` variant an optional field without a value
/// is `null`, otherwise it is left out.
struct Fields {
    map: Map<String, Value>,
    nulls: bool,
}

impl Fields {
    fn new(shape: &Shape<'_>, id: &str, object: &str) -> Fields {
        let mut map = Map::new();
        map.insert("id".into(), json!(id));
        map.insert("object".into(), json!(object));
        Fields { map, nulls: shape.variants.nulls }
    }

    fn set(&mut self, key: &str, value: impl Into<Value>) -> &mut Fields {
        self.map.insert(key.into(), value.into());
        self
    }

    fn opt(&mut self, key: &str, value: Option<impl Into<Value>>) -> &mut Fields {
        match value {
            Some(value) => {
                self.map.insert(key.into(), value.into());
            }
            None if self.nulls => {
                self.map.insert(key.into(), Value::Null);
            }
            None => {}
        }
        self
    }

    /// A string field the domain keeps as "" when it has none.
    fn text(&mut self, key: &str, value: &str) -> &mut Fields {
        self.opt(key, (!value.is_empty()).then(|| value.to_string()))
    }

    fn done(self) -> Value {
        Value::Object(self.map)
    }
}

fn mode(shape: &Shape<'_>) -> &'static str {
    if shape.test { "test" } else { "live" }
}

/// The alphanumeric tail of an id (`order_test_ABC` → `ABC`), for ids derived from it.
pub fn id_suffix(id: &str) -> &str {
    id.rsplit('_').next().unwrap_or(id)
}

/// When the order last changed: its latest history entry, payment or refund.
pub fn order_updated_at(order: &Order) -> Millis {
    let history = order.history.iter().map(|h| h.at);
    let payments = order.payments().iter().map(|p| p.created_at());
    let refunds = order.payments().iter().flat_map(|p| p.refunds().iter().map(|r| r.created_at()));
    history.chain(payments).chain(refunds).fold(order.created_at, Millis::max)
}

pub fn order(order: &Order, shape: &Shape<'_>) -> Value {
    let mut f = Fields::new(shape, &order.id, "order");
    f.set("amount", order.amount())
        .set("currency", order.currency.as_str())
        .set("status", order.status.as_str())
        .text("reference", &order.reference)
        .opt("description", None::<String>)
        .set("metadata", json!({}))
        .set("discountAmount", 0)
        .set("discounts", json!([]))
        .opt("expiresAt", order.expires_at)
        .opt("tokenId", None::<String>)
        .set("test", shape.test)
        .set("createdAt", order.created_at)
        .set("updatedAt", order_updated_at(order));
    let lines: Vec<Value> = order
        .line_items
        .iter()
        .enumerate()
        .map(
            |(i, line)| {
                if shape.expand { line_item(order, i, line, shape) } else { json!(line_item_id(order, i, shape)) }
            },
        )
        .collect();
    f.set("lineItems", lines);
    let payments: Vec<Value> =
        order.payments().iter().map(|p| if shape.expand { payment(p, order, shape) } else { json!(p.id()) }).collect();
    f.set("payments", payments);
    f.opt("shippingInfo", order.customer.address.as_ref().map(|a| shipping_info(a, shape)));
    f.done()
}

fn line_item_id(order: &Order, index: usize, shape: &Shape<'_>) -> String {
    format!("li_{}_{}L{index}", mode(shape), id_suffix(&order.id))
}

fn line_item(order: &Order, index: usize, line: &LineItem, shape: &Shape<'_>) -> Value {
    let id = line_item_id(order, index, shape);
    let tail = id_suffix(&id).to_string();
    let product = json!({
        "id": format!("product_{}_{tail}", mode(shape)),
        "object": "product",
        "name": line.name,
    });
    let price = json!({
        "id": format!("price_{}_{tail}", mode(shape)),
        "object": "price",
        "amount": line.unit_amount,
        "currency": order.currency,
        "product": product,
    });
    let mut f = Fields::new(shape, &id, "lineItem");
    f.set("kind", "product")
        .set("quantity", line.quantity)
        .set("price", price)
        .opt("amount", None::<i64>)
        .opt("currency", None::<String>)
        .opt("description", None::<String>)
        .set("metadata", json!({}))
        .set("test", shape.test)
        .set("createdAt", order.created_at)
        .set("updatedAt", order.created_at);
    f.done()
}

fn shipping_info(address: &Address, shape: &Shape<'_>) -> Value {
    let mut f = Fields { map: Map::new(), nulls: shape.variants.nulls };
    f.set("address", address_json(address, shape.variants.nulls))
        .opt("addressType", None::<String>)
        .opt("carrierName", None::<String>)
        .opt("feeAmount", None::<i64>)
        .opt("feeCurrency", None::<String>)
        .opt("reference", None::<String>);
    f.done()
}

fn address_json(a: &Address, nulls: bool) -> Value {
    let mut f = Fields { map: Map::new(), nulls };
    f.text("line1", &a.line1)
        .text("line2", &a.line2)
        .text("locality", &a.locality)
        .text("administrativeArea", &a.administrative_area)
        .text("postalCode", &a.postal_code)
        .text("country", &a.country);
    f.done()
}

fn annotations(f: &mut Fields, record: Option<&ObjectRecord>, created_at: Millis) {
    f.opt("reference", record.and_then(|r| r.reference.clone()))
        .opt("description", record.and_then(|r| r.description.clone()))
        .set("metadata", Value::Object(record.map(|r| r.metadata.clone()).unwrap_or_default()))
        .set("lineItems", json!([]))
        .set("createdAt", created_at)
        .set("updatedAt", record.and_then(|r| r.updated_at).unwrap_or(created_at).max(created_at));
}

pub fn payment(p: &Payment, order: &Order, shape: &Shape<'_>) -> Value {
    let mut f = Fields::new(shape, p.id(), "payment");
    f.set("amount", p.amount())
        .set("currency", order.currency.as_str())
        .set("order", order.id.as_str())
        .set("status", p.status())
        .set("test", shape.test);
    annotations(&mut f, shape.records.get(p.id()), p.created_at());
    let v = shape.variants;
    if !v.refunds_absent {
        let refunds: Vec<Value> = p
            .refunds()
            .iter()
            .map(|r| if shape.expand && !v.refunds_as_ids { refund(r, order, shape) } else { json!(r.id()) })
            .collect();
        f.set("refunds", refunds);
    }
    // A payment's `updatedAt` also moves when one of its refunds is made.
    let latest_refund = p.refunds().iter().map(|r| r.created_at()).max().unwrap_or(p.created_at());
    if let Some(Value::Number(n)) = f.map.get("updatedAt")
        && n.as_i64().is_some_and(|at| at < latest_refund)
    {
        f.set("updatedAt", latest_refund);
    }
    f.done()
}

pub fn refund(r: &Refund, order: &Order, shape: &Shape<'_>) -> Value {
    let mut f = Fields::new(shape, r.id(), "refund");
    f.set("amount", r.amount())
        .set("currency", order.currency.as_str())
        .set("payment", r.payment_id())
        .set("reason", r.reason().as_str())
        .set("status", r.status())
        .set("test", shape.test);
    annotations(&mut f, shape.records.get(r.id()), r.created_at());
    f.done()
}

/// The checkout session an order came from: the customer as the merchant prefilled it and,
/// unless `no-capture-method`, the capture method. Its id is derived from the order id.
pub fn checkout_session(order_: &Order, shape: &Shape<'_>) -> Value {
    let id = format!("checkout_{}_{}", mode(shape), id_suffix(&order_.id));
    let mut f = Fields::new(shape, &id, "checkoutSession");
    f.set("customerInfo", customer(&order_.customer, shape.variants.nulls));
    if !shape.variants.no_capture_method {
        f.set("captureMethod", order_.capture_method.as_str());
    }
    let linked = if shape.expand { order(order_, shape) } else { json!(order_.id) };
    f.set("order", linked)
        .set("url", format!("https://checkout.smartpay.co/{id}"))
        .opt("successUrl", None::<String>)
        .opt("cancelUrl", None::<String>)
        .opt("locale", None::<String>)
        .text("reference", &order_.reference)
        .set("metadata", json!({}))
        .set("test", shape.test)
        .set("createdAt", order_.created_at)
        .set("updatedAt", order_.created_at);
    f.done()
}

fn customer(c: &Customer, nulls: bool) -> Value {
    let mut f = Fields { map: Map::new(), nulls };
    f.text("lastName", &c.last_name)
        .text("firstName", &c.first_name)
        .text("lastNameKana", &c.last_name_kana)
        .text("firstNameKana", &c.first_name_kana)
        .text("emailAddress", &c.email)
        .text("phoneNumber", &c.phone)
        .opt("address", c.address.as_ref().map(|a| address_json(a, nulls)));
    f.done()
}

/// The session id's order suffix, if it is one of ours.
pub fn session_order_suffix(session_id: &str) -> Option<&str> {
    let rest = session_id.strip_prefix("checkout_test_").or_else(|| session_id.strip_prefix("checkout_live_"))?;
    (!rest.is_empty() && rest.chars().all(|c| c.is_ascii_alphanumeric())).then_some(rest)
}

/// `{object: "collection", pageToken, nextPageToken, maxResults, results, data}`.
pub fn collection(data: Vec<Value>, token: &str, next: Option<String>, max_results: u32) -> Value {
    let mut page = json!({
        "object": "collection",
        "pageToken": token,
        "maxResults": max_results,
        "results": data.len(),
        "data": data,
    });
    if let (Some(next), Some(map)) = (next, page.as_object_mut()) {
        map.insert("nextPageToken".into(), json!(next));
    }
    page
}
