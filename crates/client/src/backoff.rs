//! How long to wait before asking again.
//!
//! - A lost answer (timeout, dropped connection, 5xx) is retried soon, a few times, with the
//!   same idempotency key.
//! - A busy server (429, 503) is given seconds: its `Retry-After` when it sends one, otherwise
//!   a doubling wait from `busy_base` to `busy_cap`, each with jitter so that many consoles do
//!   not come back in step. Never more than `max_wait` in all: beyond that the request is given
//!   up ("rate limited until HH:MM JST").

use reqwest::header::{HeaderMap, RETRY_AFTER};
use std::time::Duration;

/// How often and how patiently a request is retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Tries in all after a lost answer, the first included.
    pub attempts: u32,
    pub first_backoff: Duration,
    pub max_backoff: Duration,
    /// The first wait for a busy server without `Retry-After`, and the most one wait may be.
    pub busy_base: Duration,
    pub busy_cap: Duration,
    /// The most a request waits for a busy server in all (`online.max_wait_secs`).
    pub max_wait: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            attempts: 7,
            first_backoff: Duration::from_millis(40),
            max_backoff: Duration::from_millis(800),
            busy_base: Duration::from_secs(1),
            busy_cap: Duration::from_secs(8),
            max_wait: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// The wait after the `attempt`-th lost answer (0-based).
    pub fn backoff(&self, attempt: u32) -> Duration {
        jitter(doubled(self.first_backoff, attempt).min(self.max_backoff))
    }

    /// The wait after the `attempt`-th busy answer that named no time.
    pub fn busy_backoff(&self, attempt: u32) -> Duration {
        jitter(doubled(self.busy_base, attempt).min(self.busy_cap))
    }
}

fn doubled(base: Duration, times: u32) -> Duration {
    base.saturating_mul(1u32.checked_shl(times.min(20)).unwrap_or(u32::MAX))
}

/// Between half and all of `wait`, at random.
fn jitter(wait: Duration) -> Duration {
    let ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX);
    let half = ms / 2;
    Duration::from_millis(half + rand::random_range(0..=ms - half))
}

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
    fn waits_are_jittered_capped_and_read_from_retry_after() {
        let policy = RetryPolicy::default();
        for attempt in 0..10 {
            let wait = policy.busy_backoff(attempt);
            let full = doubled(policy.busy_base, attempt).min(policy.busy_cap);
            assert!(wait >= full / 2 && wait <= full, "{attempt}: {wait:?}");
        }
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
