//! Finding what a request names: an order, the order of a payment or refund (through the
//! sandbox's object table, never a scan), and the records that complete their objects.

use super::accounts::Account;
use super::api_error::ApiError;
use super::objects::ObjectRecord;
use super::shapes::Shape;
use super::state::Sandbox;
use crate::backend::OrderReader;
use crate::domain::Order;
use std::collections::HashMap;

pub fn read_order(account: &Account, id: &str) -> Result<Order, ApiError> {
    account.store.get(id).map_err(|e| ApiError::from_backend(e, None))
}

/// The order holding payment or refund `id`, or 404 with `not_found` (`payment.not-found`…).
pub fn order_holding(account: &Account, id: &str, not_found: &'static str) -> Result<Order, ApiError> {
    let record = account.objects.get(id).map_err(|e| ApiError::from_backend(e, None))?;
    let order_id = record.map(|r| r.order).ok_or_else(|| ApiError::not_found(not_found, id))?;
    read_order(account, &order_id).map_err(|_| ApiError::not_found(not_found, id))
}

/// The sandbox's records of every payment and refund of `order`.
pub fn records_of(account: &Account, order: &Order) -> Result<HashMap<String, ObjectRecord>, ApiError> {
    let ids: Vec<&str> = order
        .payments()
        .iter()
        .flat_map(|p| std::iter::once(p.id()).chain(p.refunds().iter().map(|r| r.id())))
        .collect();
    account.objects.get_many(&ids).map_err(|e| ApiError::from_backend(e, None))
}

pub fn shape<'a>(
    sb: &Sandbox,
    account: &Account,
    expand: bool,
    records: &'a HashMap<String, ObjectRecord>,
) -> Shape<'a> {
    Shape { expand, variants: sb.variants, test: account.test(), records }
}

/// Checks a request's currency against the order's (case-insensitive, as the API compares).
pub fn check_currency(order: &Order, currency: &str) -> Result<(), ApiError> {
    if currency.eq_ignore_ascii_case(&order.currency) {
        Ok(())
    } else {
        Err(ApiError::invalid(format!("The currency {currency} does not match the order's {}.", order.currency)))
    }
}
