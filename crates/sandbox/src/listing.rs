//! Collections: `maxResults` (default 20, 1–1000), `pageToken`, `expand`. Orders and checkout
//! sessions page by order, newest first; payments and refunds page through the orders' own
//! objects (newest order first, then newest object first) and read at most
//! [`ORDERS_PER_PAGE`] orders per request, so no request scans the whole file: a page may then
//! hold fewer than `maxResults` objects and still name the next page.

use super::accounts::Account;
use super::api_error::ApiError;
use super::lookup::{read_order, records_of, shape};
use super::shapes::{Shape, collection, expand_all};
use super::state::Sandbox;
use crate::backend::{ListQuery, OrderReader};
use crate::domain::Order;
use serde::Deserialize;
use serde_json::Value;

/// The most orders one page of payments or refunds reads.
pub const ORDERS_PER_PAGE: usize = 1000;

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct ListParams {
    pub max_results: Option<String>,
    pub page_token: Option<String>,
    pub expand: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct ExpandParam {
    pub expand: Option<String>,
}

impl ExpandParam {
    pub fn all(&self) -> bool {
        expand_all(self.expand.as_deref())
    }
}

fn max_results(params: &ListParams) -> Result<u32, ApiError> {
    match params.max_results.as_deref() {
        None | Some("") => Ok(20),
        Some(n) => n
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=1000).contains(n))
            .ok_or_else(|| ApiError::invalid("maxResults must be a whole number from 1 to 1000.")),
    }
}

/// A page token: the offset of an order, and how many of its objects were already served.
fn token(offset: usize, skip: usize) -> String {
    if skip == 0 { format!("pt{offset}") } else { format!("pt{offset}x{skip}") }
}

fn parse_token(token: Option<&str>) -> Result<(usize, usize), ApiError> {
    let refused = || ApiError::invalid("pageToken is not a token this server handed out.");
    let Some(text) = token.filter(|t| !t.is_empty()) else {
        return Ok((0, 0));
    };
    let rest = text.strip_prefix("pt").ok_or_else(refused)?;
    let (offset, skip) = rest.split_once('x').unwrap_or((rest, "0"));
    Ok((offset.parse().map_err(|_| refused())?, skip.parse().map_err(|_| refused())?))
}

fn orders_at(account: &Account, offset: usize, limit: usize) -> Result<Vec<Order>, ApiError> {
    let page = account
        .store
        .list(&ListQuery { offset, limit, ..ListQuery::default() })
        .map_err(|e| ApiError::from_backend(e, None))?;
    page.rows.iter().map(|row| read_order(account, &row.id)).collect()
}

/// One page of orders drawn by `draw` (orders or checkout sessions).
pub fn order_page(
    sb: &Sandbox,
    account: &Account,
    params: &ListParams,
    draw: fn(&Order, &Shape<'_>) -> Value,
) -> Result<Value, ApiError> {
    let max = max_results(params)?;
    let (offset, _) = parse_token(params.page_token.as_deref())?;
    let orders = orders_at(account, offset, max as usize)?;
    let total = account.store.count().map_err(|e| ApiError::from_backend(e, None))?;
    let expand = expand_all(params.expand.as_deref());
    let mut data = Vec::with_capacity(orders.len());
    for order in &orders {
        let records = records_of(account, order)?;
        data.push(draw(order, &shape(sb, account, expand, &records)));
    }
    let next = (!orders.is_empty() && offset + orders.len() < total).then(|| token(offset + orders.len(), 0));
    Ok(collection(data, &token(offset, 0), next, max))
}

/// Which objects of an order a collection lists, newest first, and how to draw one.
pub struct ObjectKind {
    pub ids: fn(&Order) -> Vec<String>,
    pub draw: fn(&Order, &str, &Shape<'_>) -> Option<Value>,
}

/// One page of payments or refunds.
pub fn object_page(sb: &Sandbox, account: &Account, params: &ListParams, kind: &ObjectKind) -> Result<Value, ApiError> {
    let max = max_results(params)? as usize;
    let (start, first_skip) = parse_token(params.page_token.as_deref())?;
    let expand = expand_all(params.expand.as_deref());
    let (mut offset, mut skip) = (start, first_skip);
    let mut data = Vec::new();
    let mut read = 0;
    let next = 'pages: loop {
        let batch = orders_at(account, offset, 100.min(ORDERS_PER_PAGE - read))?;
        if batch.is_empty() {
            break None;
        }
        let full_batch = batch.len() == 100.min(ORDERS_PER_PAGE - read);
        for order in &batch {
            let records = records_of(account, order)?;
            let shape = shape(sb, account, expand, &records);
            let ids = (kind.ids)(order);
            for id in ids.iter().skip(skip) {
                if data.len() == max {
                    break 'pages Some(token(offset, skip));
                }
                data.extend((kind.draw)(order, id, &shape));
                skip += 1;
            }
            offset += 1;
            skip = 0;
            read += 1;
        }
        if !full_batch {
            break None;
        }
        if read >= ORDERS_PER_PAGE {
            break Some(token(offset, 0));
        }
    };
    Ok(collection(data, &token(start, first_skip), next, max as u32))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip_and_strangers_are_refused() {
        for (offset, skip) in [(0, 0), (20, 0), (140, 3)] {
            assert_eq!(parse_token(Some(&token(offset, skip))).ok(), Some((offset, skip)));
        }
        assert_eq!(parse_token(None).ok(), Some((0, 0)));
        for bad in ["bogus", "pt", "ptx1", "pt-1", "pt1x"] {
            assert!(parse_token(Some(bad)).is_err(), "{bad}");
        }
    }
}
