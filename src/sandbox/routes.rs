//! The routes, and what every request goes through: the secret key picks the account (else
//! 401), injected latency and failures, and a JSON error body on every miss — an unknown
//! route is 404 and an unknown method 405, never an empty body (the Node SDK reads an empty
//! body as success).

use super::accounts::Account;
use super::api_error::{ApiError, unauthorized};
use super::faults::{Drawn, Fault};
use super::payments::Payments;
use super::refunds::Refunds;
use super::state::Sandbox;
use super::{admin, object_routes, orders, payments, refunds};
use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use std::sync::atomic::Ordering;

/// The header that marks a stored response sent again.
pub const REPLAYED_HEADER: &str = "Idempotency-Replayed";

pub fn router(sandbox: Sandbox) -> Router {
    let api = Router::new()
        .route("/orders", get(orders::list))
        .route("/orders/{id}", get(orders::get))
        .route("/orders/{id}/cancellation", put(orders::cancel))
        .route("/payments", get(object_routes::list::<Payments>).post(payments::create))
        .route("/payments/{id}", get(object_routes::get::<Payments>).patch(object_routes::patch::<Payments>))
        .route("/refunds", get(object_routes::list::<Refunds>).post(refunds::create))
        .route("/refunds/{id}", get(object_routes::get::<Refunds>).patch(object_routes::patch::<Refunds>))
        .route("/checkout-sessions", get(orders::list_sessions))
        .route("/checkout-sessions/{id}", get(orders::get_session))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed);
    Router::new()
        .nest("/v1", api)
        .route("/_sandbox/stats", get(admin::stats))
        .route("/_sandbox/faults", post(admin::faults))
        .route("/_sandbox/clock", post(admin::clock))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn(json_errors))
        .layer(middleware::from_fn_with_state(sandbox.clone(), inject_faults))
        .layer(middleware::from_fn_with_state(sandbox.clone(), authenticate))
        .with_state(sandbox)
        // Outermost: a panic anywhere below is a plain JSON 500, its text only in the log.
        .layer(middleware::from_fn(super::panic_layer::catch_panics))
}

/// The path as the client sent it (`/v1/…`): under `nest` the request's own URI has lost its prefix.
fn sent_path(request: &Request) -> &str {
    request.extensions().get::<axum::extract::OriginalUri>().map_or(request.uri().path(), |sent| sent.path())
}

async fn not_found(request: Request) -> Response {
    let message = format!("No route {} {}.", request.method(), sent_path(&request));
    ApiError::new(StatusCode::NOT_FOUND, "request.not-found", message).into_response()
}

async fn method_not_allowed(request: Request) -> Response {
    let message = format!("{} is not allowed on {}.", request.method(), sent_path(&request));
    ApiError::new(StatusCode::METHOD_NOT_ALLOWED, "request.method-not-allowed", message).into_response()
}

/// Errors raised before a handler runs (a path or query that cannot be read, a body over the
/// size limit) come from axum as plain text: they are answered as the API's JSON error too.
async fn json_errors(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let status = response.status();
    let is_json =
        response.headers().get(header::CONTENT_TYPE).is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return response;
    }
    let text = axum::body::to_bytes(response.into_body(), 4096).await.unwrap_or_default();
    let message = String::from_utf8_lossy(&text).trim().to_string();
    let code = if status.is_client_error() { "request.invalid" } else { "unexpected_error" };
    ApiError::new(status, code, message).into_response()
}

/// `Authorization: Basic <secret key>` (the raw key, as Smartpay expects): the key's account
/// goes into the request, else 401.
async fn authenticate(State(sb): State<Sandbox>, mut request: Request, next: Next) -> Response {
    let account = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
        .and_then(|key| sb.accounts.for_key(key.trim()))
        .cloned();
    match account {
        Some(account) => {
            request.extensions_mut().insert::<Account>(account);
            next.run(request).await
        }
        None => unauthorized(),
    }
}

/// Latency and injected failures, before or after the handler has committed its write. The
/// sandbox's own `/_sandbox/*` routes never fail.
async fn inject_faults(State(sb): State<Sandbox>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_string();
    if path.starts_with("/_sandbox/") {
        return next.run(request).await;
    }
    sb.counters.requests.fetch_add(1, Ordering::Relaxed);
    let method = request.method().clone();
    let writes = matches!(method, Method::POST | Method::PUT | Method::PATCH);
    let drawn = sb.faults.draw(method.as_str(), &path, writes);
    let response = match drawn.when {
        Fault::Before => {
            sb.counters.failed_before.fetch_add(1, Ordering::Relaxed);
            injected(drawn, "Injected failure (before the request was processed).")
        }
        Fault::After => {
            let _lost = next.run(request).await;
            sb.counters.failed_after.fetch_add(1, Ordering::Relaxed);
            injected(drawn, "Injected failure (after the request was processed).")
        }
        Fault::None => next.run(request).await,
    };
    if !sb.latency.is_zero() {
        tokio::time::sleep(sb.latency).await;
    }
    response
}

/// The answer of an injected failure: 503 (or the rule's status), with `Retry-After` if asked.
fn injected(drawn: Drawn, message: &str) -> Response {
    let status = StatusCode::from_u16(drawn.status).unwrap_or(StatusCode::SERVICE_UNAVAILABLE);
    let code = if status == StatusCode::TOO_MANY_REQUESTS { "request.rate-limited" } else { "service.unavailable" };
    let mut response = ApiError::new(status, code, message).into_response();
    if let Some(seconds) = drawn.retry_after {
        response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    }
    response
}

/// Runs blocking store work off the async threads; it completes even if the client goes away.
pub async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(work).await.map_err(|e| {
        // A panic's text is for the log, never for the client.
        tracing::error!("a sandbox request failed: {e}");
        ApiError::internal("The sandbox failed on this request; see its log.")
    })?
}

pub fn json_response(status: StatusCode, body: String, replayed: bool) -> Response {
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    if replayed {
        headers.insert(REPLAYED_HEADER, HeaderValue::from_static("true"));
    }
    response
}

/// A JSON value as a 200, or the error.
pub fn respond(result: Result<serde_json::Value, ApiError>) -> Response {
    match result {
        Ok(value) => json_response(StatusCode::OK, value.to_string(), false),
        Err(err) => err.into_response(),
    }
}
