//! Reads that a closing console stops at once. The blocking client cannot give up on a request
//! in flight before its timeout, so a background sync stuck on an API that never answers would
//! outlive the quit. A client given a [`Closing`] token ([`SmartpayClient::closing_on`]) makes
//! its reads (`GET`) here instead: on the async client, on a runtime of its own, each one ended
//! the moment the token is cancelled — as is a wait between its retries. Money requests never
//! come here: one in flight is left to finish (or to the journal), as before.
//!
//! [`SmartpayClient::closing_on`]: super::client::SmartpayClient::closing_on

use super::errors::describe;
use crate::backend::BackendError;
use reqwest::header::{ACCEPT, AUTHORIZATION, HeaderMap, HeaderValue};
use std::time::Duration;

/// Cancelled once, when the console closes: every read made with it ends at once.
pub use tokio_util::sync::CancellationToken as Closing;

/// One answer before it is judged: its status, headers and body.
pub struct Raw {
    pub status: u16,
    pub headers: HeaderMap,
    pub text: String,
}

/// The async client and the runtime its reads run on, with the token that ends them.
pub struct Reads {
    http: reqwest::Client,
    runtime: tokio::runtime::Runtime,
    closing: Closing,
}

/// What a read ended by the closing console says (nobody is left to read it but the log).
pub fn closed() -> BackendError {
    BackendError::Network("the console is closing: the read was stopped".into())
}

impl Reads {
    pub fn new(timeout: Duration, user_agent: &str, closing: Closing) -> Result<Reads, BackendError> {
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(5)))
            .user_agent(user_agent)
            .build()
            .map_err(|e| BackendError::Network(format!("cannot set up HTTPS: {e}")))?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| BackendError::Network(format!("cannot start the reader: {e}")))?;
        Ok(Reads { http, runtime, closing })
    }

    /// `GET url?query`: the answer, a network error, or [`closed`] the moment the console closes.
    pub fn get(&self, url: &str, auth: &HeaderValue, query: &[(&str, &str)]) -> Result<Raw, BackendError> {
        let mut request = self.http.get(url).header(AUTHORIZATION, auth.clone()).header(ACCEPT, "application/json");
        if !query.is_empty() {
            request = request.query(query);
        }
        let read = async {
            let response = request.send().await.map_err(|e| BackendError::Network(describe(&e)))?;
            let status = response.status().as_u16();
            let headers = response.headers().clone();
            let text = response.text().await.map_err(|e| BackendError::Network(describe(&e)))?;
            Ok(Raw { status, headers, text })
        };
        self.runtime.block_on(async {
            tokio::select! {
                biased;
                () = self.closing.cancelled() => Err(closed()),
                answer = read => answer,
            }
        })
    }

    /// Waits `wait` before a retry, or stops with [`closed`] the moment the console closes.
    pub fn pause(&self, wait: Duration) -> Result<(), BackendError> {
        self.runtime.block_on(async {
            tokio::select! {
                biased;
                () = self.closing.cancelled() => Err(closed()),
                () = tokio::time::sleep(wait) => Ok(()),
            }
        })
    }
}
