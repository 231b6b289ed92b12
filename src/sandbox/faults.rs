//! Injected failures: `--fail-rate` (drawn from `--fail-seed` when given, so a failing run can
//! be repeated) and `POST /_sandbox/faults`, which drops the response of the next N matching
//! requests. A failure after the commit is what a lost response looks like to the client: the
//! case that turns a retry without an idempotency key into a double refund.

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use serde::{Deserialize, Serialize};
use std::sync::Mutex;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Fault {
    #[default]
    None,
    /// Answer 503 without doing anything.
    Before,
    /// Do the work, commit it, then answer 503 as if the response were lost.
    After,
}

/// One `POST /_sandbox/faults` rule: the next `count` requests whose method and path match
/// fail `when` (default `after`: the work is done and its response dropped), answered with
/// `status` (default 503; 429 for rate limiting) and, when given, `Retry-After: retryAfter`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FaultRule {
    pub count: u32,
    /// `POST`, `PUT`, `GET`, `PATCH`; any when absent.
    #[serde(default)]
    pub method: Option<String>,
    /// A path prefix such as `/v1/refunds`; any when absent.
    #[serde(default)]
    pub path: Option<String>,
    #[serde(default = "after")]
    pub when: Fault,
    #[serde(default)]
    pub status: Option<u16>,
    /// Seconds, sent as `Retry-After`.
    #[serde(default)]
    pub retry_after: Option<u32>,
}

/// The statuses an injected failure may answer with.
pub const FAULT_STATUSES: [u16; 5] = [429, 500, 502, 503, 504];

/// What one request draws: when it fails, and how it is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Drawn {
    pub when: Fault,
    pub status: u16,
    pub retry_after: Option<u32>,
}

impl Drawn {
    fn plain(when: Fault) -> Drawn {
        Drawn { when, status: 503, retry_after: None }
    }
}

fn after() -> Fault {
    Fault::After
}

impl FaultRule {
    fn matches(&self, method: &str, path: &str) -> bool {
        self.count > 0
            && self.method.as_deref().is_none_or(|m| m.eq_ignore_ascii_case(method))
            && self.path.as_deref().is_none_or(|p| path.starts_with(p))
    }
}

pub struct Faults {
    rate: f64,
    rng: Mutex<StdRng>,
    rules: Mutex<Vec<FaultRule>>,
}

impl Faults {
    pub fn new(rate: f64, seed: Option<u64>) -> Faults {
        let rng = match seed {
            Some(seed) => StdRng::seed_from_u64(seed),
            None => StdRng::from_rng(&mut rand::rng()),
        };
        Faults { rate: rate.clamp(0.0, 1.0), rng: Mutex::new(rng), rules: Mutex::new(Vec::new()) }
    }

    /// Queues a rule; returns every rule still waiting.
    pub fn add(&self, rule: FaultRule) -> Vec<FaultRule> {
        let mut rules = self.rules.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if rule.count > 0 {
            rules.push(rule);
        }
        rules.clone()
    }

    /// The fault for one request: a queued rule first, else the random rate. Reads can only
    /// fail before (they write nothing).
    pub fn draw(&self, method: &str, path: &str, writes: bool) -> Drawn {
        {
            let mut rules = self.rules.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            if let Some(rule) = rules.iter_mut().find(|r| r.matches(method, path)) {
                rule.count -= 1;
                let drawn =
                    Drawn { when: rule.when, status: rule.status.unwrap_or(503), retry_after: rule.retry_after };
                rules.retain(|r| r.count > 0);
                return drawn;
            }
        }
        if self.rate <= 0.0 {
            return Drawn::plain(Fault::None);
        }
        let mut rng = self.rng.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if !rng.random_bool(self.rate) {
            return Drawn::plain(Fault::None);
        }
        Drawn::plain(if writes && rng.random_bool(0.5) { Fault::After } else { Fault::Before })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rule_drops_the_next_matching_requests_only() {
        let faults = Faults::new(0.0, None);
        faults.add(FaultRule {
            count: 2,
            method: Some("post".into()),
            path: Some("/v1/refunds".into()),
            when: Fault::After,
            status: None,
            retry_after: None,
        });
        let when = |method, path| faults.draw(method, path, true).when;
        assert_eq!(when("GET", "/v1/refunds"), Fault::None);
        assert_eq!(when("POST", "/v1/payments"), Fault::None);
        assert_eq!(when("POST", "/v1/refunds"), Fault::After);
        assert_eq!(when("POST", "/v1/refunds"), Fault::After);
        assert_eq!(when("POST", "/v1/refunds"), Fault::None, "only the next two");
    }

    #[test]
    fn a_seed_repeats_the_same_failures() {
        let draws = |seed| {
            let faults = Faults::new(0.5, Some(seed));
            (0..64).map(|_| faults.draw("POST", "/v1/payments", true).when).collect::<Vec<_>>()
        };
        assert_eq!(draws(7), draws(7));
        assert_ne!(draws(7), draws(8));
    }
}
