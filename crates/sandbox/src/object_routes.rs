//! What `/payments` and `/refunds` share: the collection, `GET {id}` (with `expand`) and `PATCH`
//! (`reference`, `description`, `metadata`, kept in the sandbox's object table).

use super::accounts::Account;
use super::api_error::ApiError;
use super::keyed::{fingerprint, keyed};
use super::listing::{ExpandParam, ListParams, ObjectKind, object_page};
use super::lookup::{order_holding, records_of, shape};
use super::requests::{Notes, parse_body};
use super::responses::{blocking, respond};
use super::state::Sandbox;
use axum::Extension;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use serde_json::Value;

/// A route of objects (`/payments`, `/refunds`), for the handlers below.
pub trait ObjectRoute {
    const SERVED: &'static Served;
}

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

pub async fn list<R: ObjectRoute>(
    State(sb): State<Sandbox>,
    Extension(account): Extension<Account>,
    Query(params): Query<ListParams>,
) -> Response {
    respond(blocking(move || object_page(&sb, &account, &params, &R::SERVED.kind)).await)
}

pub async fn get<R: ObjectRoute>(
    State(sb): State<Sandbox>,
    Extension(account): Extension<Account>,
    Path(id): Path<String>,
    Query(q): Query<ExpandParam>,
) -> Response {
    respond(blocking(move || draw(&sb, &account, R::SERVED, &id, q.all())).await)
}

pub async fn patch<R: ObjectRoute>(
    State(sb): State<Sandbox>,
    Extension(account): Extension<Account>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let served = R::SERVED;
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
