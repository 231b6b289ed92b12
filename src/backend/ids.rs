//! Object ids in Smartpay's own formats (`order_test_…`, `payment_test_…`, `refund_test_…`),
//! so that the official SDKs, which validate ids, accept what the sandbox hands out.

use crate::domain::rules::IdSource;
use rand::Rng;
use rand::distr::Alphanumeric;

const SUFFIX_LEN: usize = 22;

pub fn new_id(prefix: &str) -> String {
    let suffix: String = rand::rng().sample_iter(Alphanumeric).take(SUFFIX_LEN).map(char::from).collect();
    format!("{prefix}_test_{suffix}")
}

/// A fresh idempotency key for one confirmed operation.
pub fn new_idempotency_key() -> String {
    let suffix: String = rand::rng().sample_iter(Alphanumeric).take(32).map(char::from).collect();
    format!("spc_{suffix}")
}

/// Random ids for the payments and refunds an operation creates.
pub struct RandomIds;

impl IdSource for RandomIds {
    fn payment_id(&mut self) -> String {
        new_id("payment")
    }
    fn refund_id(&mut self) -> String {
        new_id("refund")
    }
}
