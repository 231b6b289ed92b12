//! The sandbox: the Smartpay API v1 subset served over a local order file (axum).

use crate::cli::Failure;
use std::path::Path;

pub fn run(_db: &Path, _listen: &str, _latency_ms: u64, _fail_rate: f64) -> Result<(), Failure> {
    Err(Failure::io("the sandbox is not built yet"))
}
