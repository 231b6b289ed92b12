//! `/orders` and `/checkout-sessions`: list, get, and `PUT /orders/{id}/cancellation` (void of
//! the uncaptured remainder; cancelling an already canceled order answers 200, as the docs
//! allow it).

use super::accounts::Account;
use super::api_error::{ApiError, Endpoint};
use super::keyed::keyed;
use super::listing::{ExpandParam, ListParams, order_page};
use super::lookup::{read_order, records_of, shape};
use super::responses::{blocking, respond};
use super::shapes::{self, session_order_suffix};
use super::state::Sandbox;
use super::totals::{self, Totals};
use crate::backend::{OperationRequest, OrderOperator, OrderReader};
use crate::domain::{Operation, Order, OrderStatus};
use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde_json::Value;

pub async fn list(
    State(sb): State<Sandbox>,
    Extension(account): Extension<Account>,
    Query(params): Query<ListParams>,
) -> Response {
    respond(blocking(move || order_page(&sb, &account, &params, shapes::order)).await)
}

pub async fn list_sessions(
    State(sb): State<Sandbox>,
    Extension(account): Extension<Account>,
    Query(params): Query<ListParams>,
) -> Response {
    respond(blocking(move || order_page(&sb, &account, &params, shapes::checkout_session)).await)
}

/// An order drawn for `account` (`expand` as asked).
fn draw(sb: &Sandbox, account: &Account, order: &Order, expand: bool) -> Result<Value, ApiError> {
    let records = records_of(account, order)?;
    Ok(shapes::order(order, &shape(sb, account, expand, &records)))
}

pub async fn get(
    State(sb): State<Sandbox>,
    Extension(account): Extension<Account>,
    Path(id): Path<String>,
    Query(q): Query<ExpandParam>,
) -> Response {
    respond(blocking(move || draw(&sb, &account, &read_order(&account, &id)?, q.all())).await)
}

pub async fn get_session(
    State(sb): State<Sandbox>,
    Extension(account): Extension<Account>,
    Path(id): Path<String>,
    Query(q): Query<ExpandParam>,
) -> Response {
    respond(
        blocking(move || {
            let not_found = || ApiError::not_found("checkout-session.not-found", &id);
            let suffix = session_order_suffix(&id).ok_or_else(not_found)?;
            let order = ["order_test_", "order_live_"]
                .iter()
                .find_map(|prefix| account.store.get(&format!("{prefix}{suffix}")).ok())
                .ok_or_else(not_found)?;
            let records = records_of(&account, &order)?;
            Ok(shapes::checkout_session(&order, &shape(&sb, &account, q.all(), &records)))
        })
        .await,
    )
}

pub async fn cancel(
    State(sb): State<Sandbox>,
    Extension(account): Extension<Account>,
    Path(id): Path<String>,
    Query(q): Query<ExpandParam>,
    headers: HeaderMap,
) -> Response {
    let print = format!("PUT /orders/{id}/cancellation");
    let expand = q.all();
    let sandbox = sb.clone();
    let work = Box::new(move |account: &Account, store_key: &str| {
        let order = read_order(account, &id)?;
        if order.status == OrderStatus::Canceled {
            return draw(&sandbox, account, &order, expand);
        }
        let void =
            OperationRequest { operation: Operation::Void, operator: None, idempotency_key: store_key.to_string() };
        let outcome = ApiError::settled(account.store.execute(&id, &void), Some(Endpoint::Cancel))?;
        totals::record(&account.store, outcome.replayed, Totals { voids: 1, ..Totals::default() });
        draw(&sandbox, account, &outcome.order, expand)
    });
    keyed(sb, account, &headers, print, work).await
}
