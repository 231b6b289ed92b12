//! Online mode: the Smartpay REST API v1 — wire shapes, the HTTP client and its error sentences.

// The layers below, under the names this crate's paths use (`crate::domain::Order`).
use smartpay_config as config;
use smartpay_domain as domain;
use smartpay_hygiene::{redact, text};
use smartpay_store as backend;
use smartpay_wire as wire;

pub mod api;
pub mod backoff;
pub mod client;
pub mod errors;
pub mod reads;

#[cfg(test)]
mod busy_tests;
/// A one-shot HTTP server on loopback, for tests of the client here and above (the
/// `loopback` feature).
#[cfg(any(test, feature = "loopback"))]
pub mod loopback;
#[cfg(test)]
mod reads_tests;
