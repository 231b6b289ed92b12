//! How often and how patiently a request to the API is retried (`online.max_wait_secs`,
//! `online.backoff_base_ms`, `online.backoff_cap_ms`): the waits, with jitter so that many
//! consoles do not come back in step. The client reads `Retry-After` itself.

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_are_jittered_and_capped() {
        let policy = RetryPolicy::default();
        for attempt in 0..10 {
            let wait = policy.busy_backoff(attempt);
            let full = doubled(policy.busy_base, attempt).min(policy.busy_cap);
            assert!(wait >= full / 2 && wait <= full, "{attempt}: {wait:?}");
        }
    }
}
