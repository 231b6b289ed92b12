//! Online mode: the Smartpay REST API v1 — wire shapes, the HTTP client and its error sentences.

pub mod api;
pub mod backoff;
pub mod client;
pub mod errors;
pub mod wire;

#[cfg(test)]
mod busy_tests;
#[cfg(test)]
pub(crate) mod loopback;
