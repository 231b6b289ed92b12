//! Online mode: the Smartpay REST API v1.

pub mod wire;
