//! The bundled demo orders (`assets/fixtures/demo-orders.json`, in the `import` format), with
//! their timestamps shifted so that the newest order is a few minutes old: countdowns and ages
//! read the same whenever the demo is started.

use crate::domain::{Millis, Order};
use crate::wire::{OrderDocument, WireError, domain_order};

pub const DEMO_JSON: &str = include_str!("../../../assets/fixtures/demo-orders.json");

/// How long before "now" the newest fixture order was placed.
const NEWEST_AGE_MS: Millis = 5 * 60 * 1000;

#[derive(Debug, thiserror::Error)]
pub enum FixtureError {
    #[error("not valid JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("{0}")]
    Wire(#[from] WireError),
}

/// The fixture orders as of `now`.
pub fn demo_orders(now: Millis) -> Result<Vec<Order>, FixtureError> {
    let mut docs: Vec<OrderDocument> = serde_json::from_str(DEMO_JSON)?;
    let newest = docs.iter().map(|d| d.order.created_at).max().unwrap_or(now);
    let shift = now - NEWEST_AGE_MS - newest;
    for doc in &mut docs {
        shift_document(doc, shift);
    }
    docs.iter().map(|d| domain_order(&d.order, d.history.as_deref(), now).map_err(FixtureError::from)).collect()
}

fn shift_document(doc: &mut OrderDocument, shift: Millis) {
    let o = &mut doc.order;
    o.created_at += shift;
    o.expires_at = o.expires_at.map(|t| t + shift);
    o.updated_at = o.updated_at.map(|t| t + shift);
    for p in o.payments.iter_mut().filter_map(|p| match p {
        crate::wire::Expandable::Object(p) => Some(p),
        _ => None,
    }) {
        p.created_at += shift;
        for r in p.refunds.iter_mut().flatten() {
            if let crate::wire::Expandable::Object(r) = r {
                r.created_at += shift;
            }
        }
    }
    if let Some(history) = &mut doc.history {
        for h in history {
            h.at += shift;
        }
    }
}
