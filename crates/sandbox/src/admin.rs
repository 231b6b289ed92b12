//! The sandbox's own routes for tests, behind the same key as the API: `GET /_sandbox/stats`
//! (counts read from the key's file), `POST /_sandbox/faults` (drop the response of the next
//! N matching requests) and `POST /_sandbox/clock {advanceMs}` (move the sandbox clock).

use super::accounts::Account;
use super::api_error::ApiError;
use super::faults::{FAULT_STATUSES, FaultRule};
use super::requests::parse_body;
use super::responses::{blocking, respond};
use super::state::Sandbox;
use axum::Extension;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;
use serde_json::json;

pub async fn stats(State(sb): State<Sandbox>, Extension(account): Extension<Account>) -> Response {
    respond(
        blocking(move || {
            let stats = sb.stats(&account).map_err(|e| ApiError::from_backend(e, None))?;
            serde_json::to_value(stats).map_err(|e| ApiError::internal(e.to_string()))
        })
        .await,
    )
}

pub async fn faults(State(sb): State<Sandbox>, body: Bytes) -> Response {
    let queued = parse_body::<FaultRule>(&body).and_then(|rule| {
        if rule.status.is_some_and(|s| !FAULT_STATUSES.contains(&s)) {
            return Err(ApiError::invalid(format!("status must be one of {FAULT_STATUSES:?}.")));
        }
        Ok(json!({ "pending": sb.faults.add(rule) }))
    });
    respond(queued)
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ClockMove {
    advance_ms: i64,
}

/// The furthest one move may go: ten years.
const MAX_ADVANCE_MS: i64 = 10 * 365 * 24 * 3_600_000;

pub async fn clock(body: Bytes) -> Response {
    let moved = parse_body::<ClockMove>(&body).and_then(|m| {
        if !(0..=MAX_ADVANCE_MS).contains(&m.advance_ms) {
            return Err(ApiError::invalid("advanceMs must be from 0 to ten years: the sandbox clock never goes back."));
        }
        let offset = super::clock::advance(m.advance_ms);
        Ok(json!({ "offsetMs": offset, "now": super::clock::now() }))
    });
    respond(moved)
}
