//! The routes: `/v1/orders`, `/v1/payments`, `/v1/refunds`, `/v1/checkout-sessions`, plus
//! `GET /_sandbox/stats` for tests. Every store call runs in `spawn_blocking`; a write that
//! has started is finished even if the client hangs up, exactly as a real server would.

use super::api_error::{ApiError, Endpoint, unauthorized};
use super::faults::Fault;
use super::idempotency::{Seen, StoredResponse};
use super::shapes::{
    api_order, checkout_session, collection, expand_all, page_token, parse_page_token, session_order_suffix,
};
use super::state::Sandbox;
use crate::backend::ids::new_idempotency_key;
use crate::backend::smartpay::wire::{CreatePayment, CreateRefund, wire_payment, wire_refund_of};
use crate::backend::{Backend, BackendError, ListQuery, OperationRequest};
use crate::domain::rules::{Plan, RefundPart};
use crate::domain::{Operation, Order, OrderStatus, RefundReason, Refusal};
use axum::body::Bytes;
use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use std::sync::atomic::Ordering;

/// The header that marks a stored response sent again.
pub const REPLAYED_HEADER: &str = "Idempotency-Replayed";

pub fn router(sandbox: Sandbox) -> Router {
    let api = Router::new()
        .route("/orders", get(list_orders))
        .route("/orders/{id}", get(get_order))
        .route("/orders/{id}/cancellation", put(cancel_order))
        .route("/payments", post(create_payment))
        .route("/payments/{id}", get(get_payment))
        .route("/refunds", post(create_refund))
        .route("/refunds/{id}", get(get_refund))
        .route("/checkout-sessions", get(list_sessions))
        .route("/checkout-sessions/{id}", get(get_session))
        .layer(middleware::from_fn(require_test_key))
        .layer(middleware::from_fn_with_state(sandbox.clone(), inject_faults));
    Router::new()
        .nest("/v1", api)
        .route("/_sandbox/stats", get(stats))
        .with_state(sandbox)
        .layer(middleware::from_fn(super::panic_layer::catch_panics))
}

/// `Authorization: Basic sk_test_…` (the raw key, as Smartpay expects), else 401.
async fn require_test_key(request: Request, next: Next) -> Response {
    let ok = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
        .and_then(|k| k.trim().strip_prefix("sk_test_"))
        .is_some_and(|rest| !rest.is_empty() && rest.chars().all(|c| c.is_ascii_alphanumeric()));
    if ok { next.run(request).await } else { unauthorized() }
}

/// Latency and injected failures, before or after the handler has committed its write.
async fn inject_faults(State(sb): State<Sandbox>, request: Request, next: Next) -> Response {
    sb.counters.requests.fetch_add(1, Ordering::Relaxed);
    let writes = matches!(*request.method(), Method::POST | Method::PUT | Method::PATCH);
    let fault = sb.options.draw(writes);
    let response = match fault {
        Fault::Before => {
            sb.counters.failed_before.fetch_add(1, Ordering::Relaxed);
            ApiError::unavailable("Injected failure (before the request was processed).").into_response()
        }
        Fault::After => {
            let _lost = next.run(request).await;
            sb.counters.failed_after.fetch_add(1, Ordering::Relaxed);
            ApiError::unavailable("Injected failure (after the request was processed).").into_response()
        }
        Fault::None => next.run(request).await,
    };
    sb.options.delay().await;
    response
}

/// Runs blocking store work off the async threads; it completes even if the client goes away.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(work)
        .await
        // A panicked task's error carries the panic text: the client gets a plain sentence.
        .map_err(|_| super::panic_layer::internal_error())?
}

fn json_response(status: StatusCode, body: String, replayed: bool) -> Response {
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    if replayed {
        headers.insert(REPLAYED_HEADER, HeaderValue::from_static("true"));
    }
    response
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String, ApiError> {
    serde_json::to_string(value)
        .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "unexpected_error", e.to_string()))
}

fn parse_body<T: DeserializeOwned>(body: &Bytes) -> Result<T, ApiError> {
    serde_json::from_slice(body).map_err(|e| {
        ApiError::new(StatusCode::BAD_REQUEST, "request.malformed", format!("The request body cannot be read: {e}"))
    })
}

/// A money-moving request under `Idempotency-Key`: a key seen with the same request gets the
/// stored response, with a different one an error; a new key runs `work` once.
async fn mutate(
    sb: Sandbox,
    headers: &HeaderMap,
    fingerprint: String,
    work: impl FnOnce(&Sandbox, &str) -> Result<String, ApiError> + Send + 'static,
) -> Response {
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .map(str::to_string);
    let result = blocking(move || {
        let explicit = key.is_some();
        let key = key.unwrap_or_else(new_idempotency_key);
        if explicit {
            match sb.responses.lookup(&key, &fingerprint).map_err(|e| ApiError::from_backend(e, None))? {
                Seen::Same(stored) => {
                    sb.counters.replayed.fetch_add(1, Ordering::Relaxed);
                    return Ok((stored.body, true));
                }
                Seen::Different => return Err(ApiError::from_backend(BackendError::KeyReused { key }, None)),
                Seen::New => {}
            }
        }
        let body = work(&sb, &key)?;
        if explicit {
            let stored = StoredResponse { fingerprint, status: 200, body: body.clone() };
            sb.responses.remember(&key, &stored).map_err(|e| ApiError::from_backend(e, None))?;
        }
        Ok((body, false))
    })
    .await;
    match result {
        Ok((body, replayed)) => json_response(StatusCode::OK, body, replayed),
        Err(err) => err.into_response(),
    }
}

fn fingerprint(method: &str, path: &str, body: &Bytes) -> String {
    // Parsed and re-serialized so that key order and spacing do not make two equal bodies differ.
    let canonical = serde_json::from_slice::<serde_json::Value>(body).map(|v| v.to_string()).unwrap_or_default();
    format!("{method} {path} {canonical}")
}

fn check_currency(order: &Order, currency: &str) -> Result<(), ApiError> {
    if currency.eq_ignore_ascii_case(&order.currency) {
        Ok(())
    } else {
        Err(ApiError::invalid(format!("The currency {currency} does not match the order's {}.", order.currency)))
    }
}

fn read_order(sb: &Sandbox, id: &str) -> Result<Order, ApiError> {
    sb.store.get(id).map_err(|e| ApiError::from_backend(e, None))
}

/// A `POST` of a JSON body under `Idempotency-Key`: the body is read, then `work` runs once.
async fn post_json<T: DeserializeOwned + Send + 'static>(
    sb: Sandbox,
    headers: HeaderMap,
    body: Bytes,
    path: &'static str,
    work: fn(&Sandbox, &str, T) -> Result<String, ApiError>,
) -> Response {
    let request: T = match parse_body(&body) {
        Ok(r) => r,
        Err(e) => return e.into_response(),
    };
    let print = fingerprint("POST", path, &body);
    mutate(sb, &headers, print, move |sb, key| work(sb, key, request)).await
}

async fn create_payment(State(sb): State<Sandbox>, headers: HeaderMap, body: Bytes) -> Response {
    post_json(sb, headers, body, "/payments", capture).await
}

async fn create_refund(State(sb): State<Sandbox>, headers: HeaderMap, body: Bytes) -> Response {
    post_json(sb, headers, body, "/refunds", refund).await
}

fn capture(sb: &Sandbox, key: &str, request: CreatePayment) -> Result<String, ApiError> {
    let manual = match request.cancel_remainder.as_deref() {
        Some("manual") => true,
        None | Some("automatic") => false,
        Some(other) => {
            return Err(ApiError::invalid(format!("cancelRemainder must be automatic or manual, not {other}.")));
        }
    };
    check_currency(&read_order(sb, &request.order)?, &request.currency)?;
    let capture = OperationRequest {
        operation: Operation::Capture { amount: request.amount },
        operator: None,
        idempotency_key: key.to_string(),
    };
    let outcome =
        sb.store.execute(&request.order, &capture).map_err(|e| ApiError::from_backend(e, Some(Endpoint::Capture)))?;
    let Some(payment_id) = outcome.created.first().cloned() else {
        return Err(ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "unexpected_error", "no payment was created"));
    };
    sb.remember_payment(&payment_id, &request.order);
    let mut order = outcome.order;
    if !manual && order.status == OrderStatus::RequiresCapture {
        // cancelRemainder=automatic (the default): the rest of the authorization is released.
        let rest = OperationRequest {
            operation: Operation::Void,
            operator: None,
            idempotency_key: format!("{key}:remainder"),
        };
        order = sb.store.execute(&request.order, &rest).map_err(|e| ApiError::from_backend(e, None))?.order;
    }
    let payment = order
        .payment(&payment_id)
        .map(|p| wire_payment(p, &order))
        .ok_or_else(|| ApiError::not_found("payment.not-found", &payment_id))?;
    to_json(&payment)
}

/// The plan for a refund of one payment: the sandbox's counterpart of the order-level split.
fn refund_plan(order: &Order, payment_id: &str, amount: i64, reason: RefundReason) -> Result<Plan, BackendError> {
    let payment = order.payment(payment_id).ok_or_else(|| BackendError::NotFound { id: payment_id.to_string() })?;
    let currency = order.currency();
    if amount <= 0 {
        return Err(Refusal::NotPositive.into());
    }
    if payment.refundable() == 0 {
        return Err(Refusal::FullyRefunded.into());
    }
    if amount > payment.refundable() {
        return Err(Refusal::RefundExceeds {
            requested: currency.format(amount),
            limit: currency.format(payment.refundable()),
        }
        .into());
    }
    Ok(Plan::Refund { parts: vec![RefundPart { payment_id: payment_id.to_string(), amount }], reason })
}

fn refund(sb: &Sandbox, key: &str, request: CreateRefund) -> Result<String, ApiError> {
    let reason = match request.reason.as_deref() {
        None => RefundReason::RequestedByCustomer,
        Some(r) => RefundReason::parse(r).ok_or_else(|| {
            ApiError::invalid(format!("reason must be requested_by_customer or fraudulent, not {r}."))
        })?,
    };
    let order_id = sb
        .order_of_payment(&request.payment)
        .map_err(|e| ApiError::from_backend(e, None))?
        .ok_or_else(|| ApiError::not_found("payment.not-found", &request.payment))?;
    check_currency(&read_order(sb, &order_id)?, &request.currency)?;
    let refund = OperationRequest {
        operation: Operation::Refund { amount: request.amount, reason },
        operator: None,
        idempotency_key: key.to_string(),
    };
    let (payment_id, amount) = (request.payment.clone(), request.amount);
    let outcome = sb
        .store
        .execute_planned(&order_id, &refund, &|order, _now| refund_plan(order, &payment_id, amount, reason))
        .map_err(|e| ApiError::from_backend(e, Some(Endpoint::Refund)))?;
    let refund =
        outcome.created.first().and_then(|id| wire_refund_of(&outcome.order, id)).ok_or_else(|| {
            ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "unexpected_error", "no refund was created")
        })?;
    to_json(&refund)
}

async fn cancel_order(State(sb): State<Sandbox>, Path(id): Path<String>, headers: HeaderMap) -> Response {
    let print = format!("PUT /orders/{id}/cancellation");
    mutate(sb, &headers, print, move |sb, key| {
        let void = OperationRequest { operation: Operation::Void, operator: None, idempotency_key: key.to_string() };
        let outcome = sb.store.execute(&id, &void).map_err(|e| ApiError::from_backend(e, Some(Endpoint::Cancel)))?;
        to_json(&api_order(&outcome.order, false))
    })
    .await
}

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct ListParams {
    max_results: Option<String>,
    page_token: Option<String>,
    expand: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct ExpandParam {
    expand: Option<String>,
}

/// One page of orders, newest first, as `(orders, this token, next token, maxResults)`.
fn page_of_orders(sb: &Sandbox, params: &ListParams) -> Result<(Vec<Order>, u32), ApiError> {
    let max = match params.max_results.as_deref() {
        None | Some("") => 20,
        Some(n) => n
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=1000).contains(n))
            .ok_or_else(|| ApiError::invalid("maxResults must be a whole number from 1 to 1000."))?,
    };
    let offset = parse_page_token(params.page_token.as_deref())
        .ok_or_else(|| ApiError::invalid("pageToken is not a token this server handed out."))?;
    let page = sb
        .store
        .list(&ListQuery { offset, limit: max as usize, ..ListQuery::default() })
        .map_err(|e| ApiError::from_backend(e, None))?;
    let orders = page.rows.iter().map(|row| read_order(sb, &row.id)).collect::<Result<Vec<_>, _>>()?;
    Ok((orders, max))
}

fn tokens(params: &ListParams, count: usize, total: usize) -> (Option<String>, Option<String>) {
    let offset = parse_page_token(params.page_token.as_deref()).unwrap_or(0);
    let next = (offset + count < total && count > 0).then(|| page_token(offset + count));
    (Some(page_token(offset)), next)
}

async fn list_orders(State(sb): State<Sandbox>, Query(params): Query<ListParams>) -> Response {
    listing(sb, params, |order, expand| serde_json::to_value(api_order(order, expand))).await
}

async fn list_sessions(State(sb): State<Sandbox>, Query(params): Query<ListParams>) -> Response {
    listing(sb, params, |order, expand| serde_json::to_value(checkout_session(order, expand))).await
}

async fn listing(
    sb: Sandbox,
    params: ListParams,
    shape: fn(&Order, bool) -> Result<serde_json::Value, serde_json::Error>,
) -> Response {
    let result = blocking(move || {
        let (orders, max) = page_of_orders(&sb, &params)?;
        let total = sb.store.count().map_err(|e| ApiError::from_backend(e, None))?;
        let expand = expand_all(params.expand.as_deref());
        let data = orders
            .iter()
            .map(|o| shape(o, expand))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "unexpected_error", e.to_string()))?;
        let (token, next) = tokens(&params, data.len(), total);
        to_json(&collection(data, token, next, max))
    })
    .await;
    respond(result)
}

fn respond(result: Result<String, ApiError>) -> Response {
    match result {
        Ok(body) => json_response(StatusCode::OK, body, false),
        Err(err) => err.into_response(),
    }
}

async fn get_order(State(sb): State<Sandbox>, Path(id): Path<String>, Query(q): Query<ExpandParam>) -> Response {
    respond(blocking(move || to_json(&api_order(&read_order(&sb, &id)?, expand_all(q.expand.as_deref())))).await)
}

async fn get_session(State(sb): State<Sandbox>, Path(id): Path<String>, Query(q): Query<ExpandParam>) -> Response {
    respond(
        blocking(move || {
            let suffix =
                session_order_suffix(&id).ok_or_else(|| ApiError::not_found("checkout-session.not-found", &id))?;
            let order = sb
                .store
                .get(&format!("order_test_{suffix}"))
                .map_err(|_| ApiError::not_found("checkout-session.not-found", &id))?;
            to_json(&checkout_session(&order, expand_all(q.expand.as_deref())))
        })
        .await,
    )
}

async fn get_payment(State(sb): State<Sandbox>, Path(id): Path<String>) -> Response {
    respond(
        blocking(move || {
            let order_id = sb
                .order_of_payment(&id)
                .map_err(|e| ApiError::from_backend(e, None))?
                .ok_or_else(|| ApiError::not_found("payment.not-found", &id))?;
            let order = read_order(&sb, &order_id)?;
            let payment = order.payment(&id).ok_or_else(|| ApiError::not_found("payment.not-found", &id))?;
            to_json(&wire_payment(payment, &order))
        })
        .await,
    )
}

async fn get_refund(State(sb): State<Sandbox>, Path(id): Path<String>) -> Response {
    respond(
        blocking(move || {
            let mut found = None;
            sb.store
                .for_each_order(&mut |order| {
                    if found.is_none() {
                        found = wire_refund_of(&order, &id);
                    }
                    Ok(())
                })
                .map_err(|e| ApiError::from_backend(e, None))?;
            to_json(&found.ok_or_else(|| ApiError::not_found("refund.not-found", &id))?)
        })
        .await,
    )
}

async fn stats(State(sb): State<Sandbox>) -> Response {
    match blocking(move || sb.stats().map_err(|e| ApiError::from_backend(e, None))).await {
        Ok(stats) => Json(stats).into_response(),
        Err(err) => err.into_response(),
    }
}
