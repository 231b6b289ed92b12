//! The Smartpay API v1 wire: the shapes the API sends and receives (`shapes`), how a body is
//! read without letting one odd field or item spoil the rest (`tolerant`), and the conversions
//! from the domain (`from_domain`, for `--json`, export and the sandbox) and to it
//! (`to_domain`, for the client and `import`).

// The layers below, under the names this crate's paths use (`crate::domain::Order`).
use smartpay_domain as domain;
use smartpay_hygiene::text;

mod from_domain;
mod shapes;
mod to_domain;
#[cfg(test)]
mod to_domain_tests;
mod tolerant;

pub use from_domain::{order_document, wire_order, wire_payment, wire_refund_of};
pub use shapes::*;
pub use to_domain::{WireError, derived_history, domain_order};
pub use tolerant::{Lenient, Unreadable, read_json, unreadable_sentence, without_nulls};
