//! A blocking client for the Smartpay REST API v1 (reqwest + rustls).
//!
//! `Authorization: Basic <secret key>` (the raw key, as every Smartpay SDK sends it), marked
//! sensitive so it never shows in a debug dump; `Idempotency-Key` on every money-moving request,
//! the same key on every retry; bounded retries with backoff on timeouts, connection errors
//! and 5xx. Blocking on purpose: the CLI calls it directly and the TUI from `spawn_blocking`.

use super::backoff::{is_busy, retry_after};
use super::errors::{describe, from_response, is_transient};
use super::reads::{Closing, Raw, Reads};
use super::wire::{Collection, CreatePayment, CreateRefund, WireOrder, WirePayment, WireRefund, read_json};
use crate::backend::BackendError;
use crate::redact::SecretKey;
use reqwest::Method;
use reqwest::blocking::{Client, RequestBuilder};
use reqwest::header::{ACCEPT, AUTHORIZATION, HeaderValue};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::fmt;
use std::time::Duration;

pub use super::backoff::RetryPolicy;

/// An answer, and whether the server said it replayed a stored response for the key.
#[derive(Debug, Clone)]
pub struct Reply<T> {
    pub value: T,
    pub replayed: bool,
}

pub struct SmartpayClient {
    http: Client,
    base: String,
    auth: HeaderValue,
    retry: RetryPolicy,
    timeout: Duration,
    /// Once [`SmartpayClient::closing_on`] gave a token: the reads, which it stops at once.
    reads: Option<Reads>,
}

const USER_AGENT: &str = concat!("smartpay-console/", env!("CARGO_PKG_VERSION"));

impl fmt::Debug for SmartpayClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SmartpayClient").field("base", &self.base).field("key", &"***").finish()
    }
}

/// Installs rustls's ring provider once per process; a second install is refused, harmlessly.
fn install_crypto_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// Ids go into URL paths, so only Smartpay's own id alphabet is let through.
fn check_id(id: &str) -> Result<&str, BackendError> {
    let ok = !id.is_empty() && id.len() <= 128 && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if ok { Ok(id) } else { Err(BackendError::NotFound { id: id.to_string() }) }
}

impl SmartpayClient {
    pub fn new(base_url: &str, key: &SecretKey, timeout: Duration) -> Result<SmartpayClient, BackendError> {
        SmartpayClient::with_retry(base_url, key, timeout, RetryPolicy::default())
    }

    pub fn with_retry(
        base_url: &str,
        key: &SecretKey,
        timeout: Duration,
        retry: RetryPolicy,
    ) -> Result<SmartpayClient, BackendError> {
        install_crypto_provider();
        let base = base_url.trim().trim_end_matches('/').to_string();
        if !(base.starts_with("http://") || base.starts_with("https://")) {
            return Err(BackendError::Network(format!("the API URL {base} must start with https:// or http://.")));
        }
        let mut auth = HeaderValue::from_str(&format!("Basic {}", key.expose()))
            .map_err(|_| BackendError::Network("the secret key contains characters a header cannot carry.".into()))?;
        auth.set_sensitive(true);
        let http = Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(5)))
            .user_agent(USER_AGENT)
            .build()
            .map_err(|e| BackendError::Network(format!("cannot set up HTTPS: {e}")))?;
        Ok(SmartpayClient { http, base, auth, retry, timeout, reads: None })
    }

    /// This client with its reads (`GET`, and the waits between their retries) ended at once
    /// when `closing` is cancelled: what lets a background sync stop within the quit wait
    /// whatever the API does. Money requests are not affected.
    pub fn closing_on(mut self, closing: Closing) -> Result<SmartpayClient, BackendError> {
        self.reads = Some(Reads::new(self.timeout, USER_AGENT, closing)?);
        Ok(self)
    }

    pub fn base_url(&self) -> &str {
        &self.base
    }

    /// `GET {path}?expand=all&maxResults=…`, one page of a collection.
    pub(super) fn list<T: DeserializeOwned>(
        &self,
        path: &str,
        page_token: Option<&str>,
        max: u32,
    ) -> Result<Collection<T>, BackendError> {
        let max = max.to_string();
        let mut query = vec![("expand", "all"), ("maxResults", max.as_str())];
        if let Some(token) = page_token {
            query.push(("pageToken", token));
        }
        Ok(self.send::<Collection<T>, ()>(Method::GET, path, &query, None, None, "")?.value)
    }

    /// `GET {collection}/{id}?expand=all`: one order, payment or refund.
    pub(super) fn get_object<T: DeserializeOwned>(&self, collection: &str, id: &str) -> Result<T, BackendError> {
        let id = check_id(id)?;
        let path = format!("{collection}/{id}");
        Ok(self.send::<T, ()>(Method::GET, &path, &[("expand", "all")], None, None, id)?.value)
    }

    /// `GET /orders?maxResults=1`, once, for `info --check`: the API's clock (its `Date`
    /// header) when it answered with success.
    pub fn probe(&self) -> Result<Option<i64>, BackendError> {
        let response = self
            .request(&Method::GET, "/orders", &[("maxResults", "1")])
            .send()
            .map_err(|e| BackendError::Network(describe(&e)))?;
        let status = response.status().as_u16();
        let date = response
            .headers()
            .get(reqwest::header::DATE)
            .and_then(|v| v.to_str().ok())
            .and_then(|text| jiff::fmt::rfc2822::parse(text).ok())
            .map(|at| at.timestamp().as_millisecond());
        let text = response.text().unwrap_or_default();
        if !(200..300).contains(&status) {
            return Err(from_response(status, &crate::redact::scrub(&text), "", None));
        }
        Ok(date)
    }

    /// `POST /payments` (a capture).
    pub fn create_payment(&self, body: &CreatePayment, key: &str) -> Result<Reply<WirePayment>, BackendError> {
        self.send(Method::POST, "/payments", &[], Some(body), Some(key), &body.order)
    }

    /// `POST /refunds` (a refund of one payment).
    pub fn create_refund(&self, body: &CreateRefund, key: &str) -> Result<Reply<WireRefund>, BackendError> {
        self.send(Method::POST, "/refunds", &[], Some(body), Some(key), &body.payment)
    }

    /// `PUT /orders/{id}/cancellation` (a void of the uncaptured remainder).
    pub fn cancel_order(&self, id: &str, key: &str) -> Result<Reply<WireOrder>, BackendError> {
        let id = check_id(id)?;
        self.send::<WireOrder, ()>(Method::PUT, &format!("/orders/{id}/cancellation"), &[], None, Some(key), id)
    }

    fn request(&self, method: &Method, path: &str, query: &[(&str, &str)]) -> RequestBuilder {
        let mut builder = self
            .http
            .request(method.clone(), format!("{}{path}", self.base))
            .header(AUTHORIZATION, self.auth.clone())
            .header(ACCEPT, "application/json");
        if !query.is_empty() {
            builder = builder.query(query);
        }
        builder
    }

    /// Sends one request, retrying transient failures with the same idempotency key, and
    /// waiting out a busy server (see `backoff`).
    fn send<T: DeserializeOwned, B: Serialize>(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, &str)],
        body: Option<&B>,
        key: Option<&str>,
        object_id: &str,
    ) -> Result<Reply<T>, BackendError> {
        let mut attempt = 0;
        let mut busy_attempt = 0;
        let mut waited = Duration::ZERO;
        loop {
            let answer = match self.fetch(&method, path, query, body, key) {
                Ok(raw) => self.answer(raw, &method, object_id, key),
                Err(err) => Answer::Failed(err),
            };
            match answer {
                Answer::Busy { status, err, retry_after } => {
                    let wait = retry_after.unwrap_or_else(|| self.retry.busy_backoff(busy_attempt));
                    if waited + wait > self.retry.max_wait || busy_attempt >= 30 {
                        tracing::warn!(%method, path, status, waited = ?waited, "giving up on a busy API: {err}");
                        if status != 429 {
                            return Err(err);
                        }
                        let wait_ms = i64::try_from(wait.as_millis()).unwrap_or(i64::MAX);
                        let until = crate::domain::time::now_millis().saturating_add(wait_ms);
                        return Err(BackendError::RateLimited { until: crate::domain::time::format_clock(until) });
                    }
                    tracing::info!(%method, path, status, wait = ?wait, "the API is busy; waiting");
                    self.pause(&method, wait)?;
                    waited += wait;
                    busy_attempt += 1;
                }
                Answer::Failed(err) if is_transient(&err) && attempt + 1 < self.retry.attempts => {
                    tracing::warn!(%method, path, attempt, key = key.unwrap_or("-"), "retrying after: {err}");
                    self.pause(&method, self.retry.backoff(attempt))?;
                    attempt += 1;
                }
                Answer::Failed(err) => return Err(err),
                Answer::Done(reply) => return Ok(reply),
            }
        }
    }

    /// One try: a read through the reads a closing console stops, when there are such reads;
    /// anything else through the blocking client.
    fn fetch<B: Serialize>(
        &self,
        method: &Method,
        path: &str,
        query: &[(&str, &str)],
        body: Option<&B>,
        key: Option<&str>,
    ) -> Result<Raw, BackendError> {
        if let (Some(reads), &Method::GET) = (&self.reads, method) {
            return reads.get(&format!("{}{path}", self.base), &self.auth, query);
        }
        let mut builder = self.request(method, path, query);
        if let Some(key) = key {
            builder = builder.header("Idempotency-Key", key);
        }
        if let Some(body) = body {
            builder = builder.json(body);
        }
        let response = builder.send().map_err(|e| BackendError::Network(describe(&e)))?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let text = response.text().map_err(|e| BackendError::Network(describe(&e)))?;
        Ok(Raw { status, headers, text })
    }

    /// Waits before asking again; a read's wait ends at once when the console closes.
    fn pause(&self, method: &Method, wait: Duration) -> Result<(), BackendError> {
        match (&self.reads, method) {
            (Some(reads), &Method::GET) => reads.pause(wait),
            _ => {
                std::thread::sleep(wait);
                Ok(())
            }
        }
    }

    fn answer<T: DeserializeOwned>(&self, raw: Raw, method: &Method, object_id: &str, key: Option<&str>) -> Answer<T> {
        let Raw { status, headers, text } = raw;
        let replayed = headers.keys().any(|h| h.as_str().starts_with("idempotency-replay"));
        let wait = retry_after(&headers, crate::domain::time::now_millis());
        if !(200..300).contains(&status) {
            // The body becomes a message here: a server or proxy may quote our own headers.
            let err = from_response(status, &crate::redact::scrub(&text), object_id, key);
            if is_busy(status) {
                return Answer::Busy { status, err, retry_after: wait };
            }
            return Answer::Failed(err);
        }
        match read_json(&text) {
            Ok(value) => Answer::Done(Reply { value, replayed }),
            // A read whose answer cannot be parsed is not a network error and is not retried.
            Err(e) if *method == Method::GET => Answer::Failed(BackendError::Api {
                status,
                code: "response.invalid".into(),
                message: format!("the API answered {status} with a body the console cannot read ({e})."),
            }),
            // A money request answered 2xx moved the money, whatever the body: asking again
            // with the same key would only replay the same unreadable body.
            Err(e) => Answer::Failed(BackendError::UnreadableSuccess { detail: e.to_string() }),
        }
    }
}

/// What one try came to.
enum Answer<T> {
    Done(Reply<T>),
    /// 429 or 503: ask again after `retry_after` (when the server named it) or a backoff.
    Busy {
        status: u16,
        err: BackendError,
        retry_after: Option<Duration>,
    },
    Failed(BackendError),
}
