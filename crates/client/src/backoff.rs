//! How long to wait before asking again.
//!
//! - A lost answer (timeout, dropped connection, 5xx) is retried soon, a few times, with the
//!   same idempotency key.
//! - A busy server (429, 503) is given seconds: its `Retry-After` when it sends one, otherwise
//!   a doubling wait from `busy_base` to `busy_cap`, each with jitter so that many consoles do
//!   not come back in step. Never more than `max_wait` in all: beyond that the request is given
//!   up ("rate limited until HH:MM JST").

pub use crate::config::retry::RetryPolicy;
use reqwest::header::{HeaderMap, RETRY_AFTER};
use std::time::Duration;

/// Whether a status means "busy, ask again later" rather than "failed".
pub fn is_busy(status: u16) -> bool {
    status == 429 || status == 503
}

/// `Retry-After` as a wait: whole seconds, or an HTTP date (a date already past waits 0).
pub fn retry_after(headers: &HeaderMap, now_ms: i64) -> Option<Duration> {
    let text = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(secs) = text.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = jiff::fmt::rfc2822::parse(text).ok()?.timestamp().as_millisecond();
    Some(Duration::from_millis(u64::try_from(at - now_ms).unwrap_or(0)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn waits_are_read_from_retry_after() {
        let mut headers = HeaderMap::new();
        assert_eq!(retry_after(&headers, 0), None);
        headers.insert(RETRY_AFTER, HeaderValue::from_static("2"));
        assert_eq!(retry_after(&headers, 0), Some(Duration::from_secs(2)));
        headers.insert(RETRY_AFTER, HeaderValue::from_static("Thu, 01 Jan 1970 00:00:05 GMT"));
        assert_eq!(retry_after(&headers, 1_000), Some(Duration::from_secs(4)));
        assert_eq!(retry_after(&headers, 9_000), Some(Duration::ZERO), "a date past waits nothing");
        headers.insert(RETRY_AFTER, HeaderValue::from_static("soon"));
        assert_eq!(retry_after(&headers, 0), None);
    }
}
