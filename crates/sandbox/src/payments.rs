//! `/payments`: capture (`POST`, the amount read from the number's text), get, list and
//! `PATCH`. `cancelRemainder` is `automatic` by default (the rest of the authorization is
//! released) or `manual` (it stays capturable).

use super::accounts::Account;
use super::api_error::{ApiError, Endpoint};
use super::keyed::{fingerprint, keyed};
use super::listing::ObjectKind;
use super::lookup::{check_currency, read_order, records_of, shape};
use super::object_routes::{ObjectRoute, Served};
use super::requests::{CreatePayment, Notes, parse_body, whole_amount};
use super::shapes::{self, Shape};
use super::state::Sandbox;
use super::totals::{self, Totals};
use crate::backend::{OperationRequest, OrderOperator};
use crate::domain::{Operation, Order, OrderStatus};
use axum::Extension;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use serde_json::Value;

fn ids(order: &Order) -> Vec<String> {
    order.payments().iter().rev().map(|p| p.id().to_string()).collect()
}

fn draw(order: &Order, id: &str, shape: &Shape<'_>) -> Option<Value> {
    order.payment(id).map(|p| shapes::payment(p, order, shape))
}

/// The `/payments` routes.
pub struct Payments;

impl ObjectRoute for Payments {
    const SERVED: &'static Served = &PAYMENTS;
}

static PAYMENTS: Served = Served { kind: ObjectKind { ids, draw }, not_found: "payment.not-found", path: "/payments" };

pub async fn create(
    State(sb): State<Sandbox>,
    Extension(account): Extension<Account>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let read = parse_body::<CreatePayment>(&body).and_then(|request| {
        let amount = whole_amount(&request.amount)?;
        let manual = match request.cancel_remainder.as_deref() {
            Some("manual") => true,
            None | Some("automatic") => false,
            Some(other) => {
                return Err(ApiError::invalid(format!("cancelRemainder must be automatic or manual, not {other}.")));
            }
        };
        let notes = parse_body::<Notes>(&body)?.annotations()?;
        Ok((request, amount, manual, notes))
    });
    let (request, amount, manual, notes) = match read {
        Ok(read) => read,
        Err(err) => return err.into_response(),
    };
    let sandbox = sb.clone();
    let work = Box::new(move |account: &Account, store_key: &str| {
        check_currency(&read_order(account, &request.order)?, &request.currency)?;
        let capture = OperationRequest {
            operation: Operation::Capture { amount },
            operator: None,
            idempotency_key: store_key.to_string(),
        };
        let outcome = ApiError::settled(account.store.execute(&request.order, &capture), Some(Endpoint::Capture))?;
        let payment_id =
            outcome.created.first().cloned().ok_or_else(|| ApiError::internal("no payment was created"))?;
        totals::record(&account.store, outcome.replayed, Totals { payments: 1, captured: amount, ..Totals::default() });
        let mut order = outcome.order;
        if !manual && order.status == OrderStatus::RequiresCapture {
            // cancelRemainder=automatic (the default): the rest of the authorization is released.
            let rest = OperationRequest {
                operation: Operation::Void,
                operator: None,
                idempotency_key: format!("{store_key}:remainder"),
            };
            let released = ApiError::settled(account.store.execute(&request.order, &rest), None)?;
            totals::record(&account.store, released.replayed, Totals { voids: 1, ..Totals::default() });
            order = released.order;
        }
        account
            .objects
            .update(&payment_id, &order.id, |record| record.annotate(notes, super::clock::now()))
            .map_err(|e| ApiError::from_backend(e, None))?;
        let records = records_of(account, &order)?;
        draw(&order, &payment_id, &shape(&sandbox, account, false, &records))
            .ok_or_else(|| ApiError::not_found("payment.not-found", &payment_id))
    });
    keyed(sb, account, &headers, fingerprint("POST", "/payments", &body), work).await
}
