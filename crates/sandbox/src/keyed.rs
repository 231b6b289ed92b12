//! A write under `Idempotency-Key`: the key is checked (1–255 visible ASCII characters, else
//! 400), claimed, the work run once under the store key of the claim, and the answer — an
//! error included — stored for replay. Without a key the work simply runs.

use super::accounts::Account;
use super::api_error::ApiError;
use super::idempotency::{Claim, StoredResponse, valid_key};
use super::responses::{blocking, json_response};
use super::state::Sandbox;
use crate::backend::BackendError;
use crate::backend::ids::new_idempotency_key;
use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use std::sync::atomic::Ordering;

/// What a request is, for telling a retry from another request under the same key: method,
/// path and the body with key order and spacing normalised.
pub fn fingerprint(method: &str, path: &str, body: &Bytes) -> String {
    let canonical = serde_json::from_slice::<Value>(body).map(|v| v.to_string()).unwrap_or_default();
    format!("{method} {path} {canonical}")
}

/// The work of one write: given the account and the store key to run under, the object to
/// answer with.
pub type Work = Box<dyn FnOnce(&Account, &str) -> Result<Value, ApiError> + Send>;

pub async fn keyed(sb: Sandbox, account: Account, headers: &HeaderMap, fingerprint: String, work: Work) -> Response {
    let key = match headers.get("idempotency-key") {
        None => None,
        Some(value) if valid_key(value.as_bytes()) => Some(String::from_utf8_lossy(value.as_bytes()).into_owned()),
        Some(_) => {
            return ApiError::invalid("Idempotency-Key must be 1 to 255 visible ASCII characters.").into_response();
        }
    };
    let answered = blocking(move || {
        let Some(key) = key else {
            return Ok((answer(work(&account, &new_idempotency_key())), false));
        };
        match account.keys.claim(&key, &fingerprint, super::clock::now()).map_err(backend)? {
            Claim::Reused => Err(ApiError::from_backend(BackendError::KeyReused { key }, None)),
            Claim::Replay(stored) => {
                sb.counters.replayed.fetch_add(1, Ordering::Relaxed);
                Ok((stored, true))
            }
            Claim::Run { store_key } => {
                let stored = answer(work(&account, &store_key));
                // A server error is not an answer: a retry under the key runs again (the
                // store key makes the operation itself happen once).
                if stored.status < 500 {
                    account.keys.finish(&key, stored.clone()).map_err(backend)?;
                }
                Ok((stored, false))
            }
        }
    })
    .await;
    match answered {
        Ok((stored, replayed)) => {
            let status = StatusCode::from_u16(stored.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            json_response(status, stored.body, replayed)
        }
        Err(err) => err.into_response(),
    }
}

fn answer(result: Result<Value, ApiError>) -> StoredResponse {
    match result {
        Ok(value) => StoredResponse { status: 200, body: value.to_string() },
        Err(err) => StoredResponse { status: err.status.as_u16(), body: err.body_json() },
    }
}

fn backend(err: BackendError) -> ApiError {
    ApiError::from_backend(err, None)
}
