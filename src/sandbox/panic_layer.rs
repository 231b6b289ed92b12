//! A panic while serving a request becomes a JSON 500 with one plain sentence: panic text and
//! backtraces go to the sandbox's own log, never into a response body.

use super::api_error::ApiError;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures::FutureExt;
use std::panic::AssertUnwindSafe;

/// What a client is told when serving its request failed unexpectedly.
pub fn internal_error() -> ApiError {
    ApiError::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "unexpected_error",
        "The sandbox failed while serving this request; nothing more is known here (see the sandbox's log).",
    )
}

pub async fn catch_panics(request: Request, next: Next) -> Response {
    match AssertUnwindSafe(next.run(request)).catch_unwind().await {
        Ok(response) => response,
        Err(_) => {
            tracing::error!("a request handler panicked");
            internal_error().into_response()
        }
    }
}
