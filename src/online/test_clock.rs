//! How far a test has moved the console's clock ahead of the wall clock.
//!
//! Integration tests run the debug binary against a sandbox whose clock they move past
//! Smartpay's 6-hour key window; they move the console's clock with it through
//! `SMARTPAY_CONSOLE_TEST_CLOCK_OFFSET_MS`. Only a debug build reads that variable: a release
//! build has no way to move its clock, so no setting can make it misjudge a key's age.

use crate::domain::Millis;

/// The variable the debug binary's tests set (milliseconds, may be negative).
#[cfg_attr(not(debug_assertions), allow(dead_code))]
pub const TEST_CLOCK_VARIABLE: &str = "SMARTPAY_CONSOLE_TEST_CLOCK_OFFSET_MS";

#[cfg(debug_assertions)]
pub fn offset_ms() -> Millis {
    static OFFSET: std::sync::OnceLock<Millis> = std::sync::OnceLock::new();
    *OFFSET.get_or_init(|| std::env::var(TEST_CLOCK_VARIABLE).ok().and_then(|v| v.trim().parse().ok()).unwrap_or(0))
}

#[cfg(not(debug_assertions))]
pub fn offset_ms() -> Millis {
    0
}
