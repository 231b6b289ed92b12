//! Object ids in Smartpay's own formats (`order_test_…`, `payment_test_…`, `refund_test_…`),
//! so that the official SDKs, which validate ids, accept what the sandbox hands out.

use crate::domain::rules::IdSource;
use rand::RngExt;
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

/// Checks an idempotency key given by a person or a script: 1–64 characters of
/// `[A-Za-z0-9_-]`. The console's own part keys add a `.`, so no user key can equal one.
pub fn check_user_key(key: &str) -> Result<&str, String> {
    let ok = (1..=64).contains(&key.len()) && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if ok {
        Ok(key)
    } else {
        Err("--idempotency-key must be 1 to 64 characters, each a letter (A-Z, a-z), a digit, `_` or `-`.".into())
    }
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
