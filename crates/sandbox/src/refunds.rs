//! `/refunds`: refund one payment (`POST`: `reason` required, `amount` optional — the
//! payment's whole unrefunded amount), get, list and `PATCH`. The limits are the domain's
//! (`rules::validate_payment_refund`).

use super::accounts::Account;
use super::api_error::{ApiError, Endpoint};
use super::keyed::{fingerprint, keyed};
use super::listing::ObjectKind;
use super::lookup::{check_currency, order_holding, records_of, shape};
use super::object_routes::{ObjectRoute, Served};
use super::requests::{CreateRefund, Notes, parse_body, whole_amount};
use super::shapes::{self, Shape};
use super::state::Sandbox;
use super::totals::{self, Totals};
use crate::backend::{BackendError, OperationRequest};
use crate::domain::rules;
use crate::domain::{Operation, Order, RefundReason};
use axum::Extension;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use serde_json::Value;

fn ids(order: &Order) -> Vec<String> {
    order.payments().iter().rev().flat_map(|p| p.refunds().iter().rev().map(|r| r.id().to_string())).collect()
}

fn draw(order: &Order, id: &str, shape: &Shape<'_>) -> Option<Value> {
    order
        .payments()
        .iter()
        .flat_map(|p| p.refunds().iter())
        .find(|r| r.id() == id)
        .map(|r| shapes::refund(r, order, shape))
}

/// The `/refunds` routes.
pub struct Refunds;

impl ObjectRoute for Refunds {
    const SERVED: &'static Served = &REFUNDS;
}

static REFUNDS: Served = Served { kind: ObjectKind { ids, draw }, not_found: "refund.not-found", path: "/refunds" };

pub async fn create(
    State(sb): State<Sandbox>,
    Extension(account): Extension<Account>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let read = parse_body::<CreateRefund>(&body).and_then(|request| {
        let reason = match request.reason.as_deref() {
            None => return Err(ApiError::invalid("reason is required: requested_by_customer or fraudulent.")),
            Some(r) => RefundReason::parse(r).ok_or_else(|| {
                ApiError::invalid(format!("reason must be requested_by_customer or fraudulent, not {r}."))
            })?,
        };
        let amount = request.amount.as_deref().map(whole_amount).transpose()?;
        let notes = parse_body::<Notes>(&body)?.annotations()?;
        Ok((request, reason, amount, notes))
    });
    let (request, reason, amount, notes) = match read {
        Ok(read) => read,
        Err(err) => return err.into_response(),
    };
    let sandbox = sb.clone();
    let work = Box::new(move |account: &Account, store_key: &str| {
        let order = order_holding(account, &request.payment, "payment.not-found")?;
        check_currency(&order, &request.currency)?;
        let payment_id = request.payment.clone();
        // Without an amount the refund is of what is left of the payment, decided inside the
        // write transaction; the operation kept under the key says "the rest" (0), so a retry
        // after a lost answer replays it instead of asking again for a rest that is now 0.
        let operation = Operation::Refund { amount: amount.unwrap_or(0), reason };
        let refund =
            OperationRequest { operation: operation.clone(), operator: None, idempotency_key: store_key.to_string() };
        let planned = account.store.execute_planned(&order.id, &refund, &|order, now| {
            rules::validate_payment_refund(order, &payment_id, amount, reason, now).map_err(BackendError::Refused)
        });
        let outcome = ApiError::settled(planned, Some(Endpoint::Refund))?;
        let refund_id = outcome.created.first().cloned().ok_or_else(|| ApiError::internal("no refund was created"))?;
        let refunded = outcome.order.payments().iter().flat_map(|p| p.refunds()).find(|r| r.id() == refund_id);
        let delta = Totals { refunds: 1, refunded: refunded.map_or(0, |r| r.amount()), ..Totals::default() };
        totals::record(&account.store, outcome.replayed, delta);
        account
            .objects
            .update(&refund_id, &order.id, |record| record.annotate(notes, super::clock::now()))
            .map_err(|e| ApiError::from_backend(e, None))?;
        let records = records_of(account, &outcome.order)?;
        draw(&outcome.order, &refund_id, &shape(&sandbox, account, false, &records))
            .ok_or_else(|| ApiError::not_found("refund.not-found", &refund_id))
    });
    keyed(sb, account, &headers, fingerprint("POST", "/refunds", &body), work).await
}
