//! How a handler answers: a JSON body (with the replay header when an idempotency key was
//! replayed) or the API error, and store work run off the async threads.

use super::api_error::ApiError;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// The header that marks a stored response sent again.
pub const REPLAYED_HEADER: &str = "Idempotency-Replayed";

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
