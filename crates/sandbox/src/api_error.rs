//! The API's error body (`{statusCode, errorCode, message, details}`) and how the store's
//! errors and the rules' refusals map onto Smartpay's documented codes.

use crate::backend::{BackendError, Outcome};
use crate::domain::{Order, Refusal};
use crate::wire::ApiErrorBody;
use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

/// An operation the store carried out (now, or earlier under the same key).
#[derive(Debug)]
pub struct Settled {
    pub created: Vec<String>,
    pub order: Order,
    pub replayed: bool,
}

#[derive(Debug, Clone)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
}

/// Which endpoint refused, since one refusal maps to a different code per endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
    Capture,
    Refund,
    Cancel,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError { status, code, message: message.into() }
    }

    pub fn invalid(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, "request.invalid", message)
    }

    pub fn not_found(code: &'static str, id: &str) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, code, format!("No such object: {id}"))
    }

    pub fn internal(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "unexpected_error", message)
    }

    /// The store's answer as the API gives it: what was created and the order afterwards, or
    /// the rule's error for a refusal (a replayed one included).
    pub fn settled(result: Result<Outcome, BackendError>, endpoint: Option<Endpoint>) -> Result<Settled, ApiError> {
        let outcome = result.map_err(|e| ApiError::from_backend(e, endpoint))?;
        let replayed = outcome.replayed;
        if let Some(refusal) = outcome.rule_refusal {
            return Err(ApiError::from_backend(BackendError::Refused(refusal), endpoint));
        }
        let created = outcome.created();
        let order = outcome.order.ok_or_else(|| {
            ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "unexpected_error", "the order was not read back")
        })?;
        Ok(Settled { created, order, replayed })
    }

    /// A store error met while serving `endpoint` (`None` for reads).
    pub fn from_backend(err: BackendError, endpoint: Option<Endpoint>) -> ApiError {
        match err {
            BackendError::NotFound { id } if endpoint == Some(Endpoint::Refund) => {
                ApiError::not_found("payment.not-found", &id)
            }
            BackendError::NotFound { id } => ApiError::not_found("order.not-found", &id),
            BackendError::Refused(refusal) => match endpoint {
                Some(endpoint) => ApiError::refused(endpoint, &refusal),
                None => ApiError::invalid(refusal.to_string()),
            },
            BackendError::KeyReused { key } => ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "request.idempotency-key-reused",
                format!("The idempotency key {key} was used for a different request."),
            ),
            other => ApiError::internal(other.to_string()),
        }
    }

    /// Smartpay's documented codes: 409 `order.cannot-capture` / `payment.excessive-amount`
    /// for payments, 403 `amount.insufficient` for refunds, 409 `order.cannot-cancel`.
    pub fn refused(endpoint: Endpoint, refusal: &Refusal) -> ApiError {
        let message = refusal.to_string();
        if *refusal == Refusal::NotPositive {
            return ApiError::invalid(message);
        }
        match endpoint {
            Endpoint::Capture => match refusal {
                Refusal::CaptureExceeds { .. } => {
                    ApiError::new(StatusCode::CONFLICT, "payment.excessive-amount", message)
                }
                _ => ApiError::new(StatusCode::CONFLICT, "order.cannot-capture", message),
            },
            Endpoint::Refund => ApiError::new(StatusCode::FORBIDDEN, "amount.insufficient", message),
            Endpoint::Cancel => ApiError::new(StatusCode::CONFLICT, "order.cannot-cancel", message),
        }
    }

    pub fn body(&self) -> ApiErrorBody {
        ApiErrorBody {
            status_code: i64::from(self.status.as_u16()),
            error_code: self.code.to_string(),
            message: self.message.clone(),
            details: vec![],
        }
    }
}

impl ApiError {
    /// The error body as JSON text (stored for replay under an idempotency key).
    pub fn body_json(&self) -> String {
        serde_json::to_string(&self.body()).unwrap_or_default()
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(self.body())).into_response()
    }
}

/// `401` as Smartpay sends it: no `errorCode`, a scheme and a realm.
pub fn unauthorized() -> Response {
    let body = serde_json::json!({
        "statusCode": 401,
        "scheme": "Basic",
        "realm": "smartpay-sandbox",
        "message": "A secret key of this sandbox (sk_test_…, or an --account key) is required in the Authorization header as Basic <key>."
    });
    (StatusCode::UNAUTHORIZED, Json(body)).into_response()
}
