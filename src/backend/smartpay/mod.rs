//! Online mode: the Smartpay REST API v1 — wire shapes, the HTTP client and its error sentences.

pub mod api;
pub mod client;
pub mod errors;
pub mod wire;
