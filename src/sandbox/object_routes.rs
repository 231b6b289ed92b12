//! What `/payments/{id}` and `/refunds/{id}` share: `GET` (with `expand`) and `PATCH`
//! (`reference`, `description`, `metadata`, kept in the sandbox's object table).

use super::accounts::Account;
use super::api_error::ApiError;
use super::keyed::{fingerprint, keyed};
use super::listing::ObjectKind;
use super::lookup::{order_holding, records_of, shape};
use super::requests::{Notes, parse_body};
use super::routes::{blocking, respond};
use super::state::Sandbox;
use axum::body::Bytes;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use serde_json::Value;

/// Which objects a route serves, and its not-found code.
pub struct Served {
    pub kind: ObjectKind,
    pub not_found: &'static str,
    /// `/payments` or `/refunds`.
    pub path: &'static str,
}

fn draw(sb: &Sandbox, account: &Account, served: &Served, id: &str, expand: bool) -> Result<Value, ApiError> {
    let order = order_holding(account, id, served.not_found)?;
    let records = records_of(account, &order)?;
    (served.kind.draw)(&order, id, &shape(sb, account, expand, &records))
        .ok_or_else(|| ApiError::not_found(served.not_found, id))
}

pub async fn get(sb: Sandbox, account: Account, served: &'static Served, id: String, expand: bool) -> Response {
    respond(blocking(move || draw(&sb, &account, served, &id, expand)).await)
}

pub async fn patch(
    sb: Sandbox,
    account: Account,
    served: &'static Served,
    id: String,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let notes = match parse_body::<Notes>(&body).and_then(Notes::annotations) {
        Ok(notes) => notes,
        Err(err) => return err.into_response(),
    };
    let print = fingerprint("PATCH", &format!("{}/{id}", served.path), &body);
    let sandbox = sb.clone();
    let work = Box::new(move |account: &Account, _store_key: &str| {
        let order = order_holding(account, &id, served.not_found)?;
        draw(&sandbox, account, served, &id, false)?;
        account
            .objects
            .update(&id, &order.id, |record| record.annotate(notes, super::clock::now()))
            .map_err(|e| ApiError::from_backend(e, None))?;
        draw(&sandbox, account, served, &id, false)
    });
    keyed(sb, account, &headers, print, work).await
}
