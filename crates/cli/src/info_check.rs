//! `info --check`: whether online mode works from here, in four answers — the API URL is
//! reachable, the key is accepted, test or live, and how far this machine's clock is from the
//! API's (a skewed clock misreads the 7-day capture deadline and the 6-hour key window).

use crate::backend::BackendError;
use crate::config::Settings;
use crate::domain::time::now_millis;
use crate::online::account::Account;
use crate::smartpay::client::{RetryPolicy, SmartpayClient};
use serde::Serialize;
use std::time::Duration;

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckJson {
    pub reachable: bool,
    /// `None` when the question could not be asked (no URL, no key, or no answer).
    pub key_accepted: Option<bool>,
    pub mode: Option<&'static str>,
    /// The API's clock minus this machine's, in whole seconds (from its `Date` header).
    pub clock_skew_secs: Option<i64>,
    /// What went wrong, as a sentence; `None` when everything answered.
    pub problem: Option<String>,
}

impl CheckJson {
    pub fn ok(&self) -> bool {
        self.reachable && self.key_accepted == Some(true)
    }

    /// The lines `info --check` adds to the text output.
    pub fn text(&self) -> String {
        let yes_no = |b: Option<bool>| match b {
            Some(true) => "yes",
            Some(false) => "no",
            None => "not checked",
        };
        let skew = match self.clock_skew_secs {
            Some(s) => format!("{s:+} s (the API's clock minus this machine's)"),
            None => "unknown".into(),
        };
        let mut text = format!(
            // Test or live is already the `key mode:` line of `info` above these.
            "reachable:    {}\nkey accepted: {}\nclock skew:   {skew}\n",
            yes_no(Some(self.reachable)),
            yes_no(self.key_accepted),
        );
        if let Some(problem) = &self.problem {
            text += &format!("problem:      {problem}\n");
        }
        text
    }
}

/// Asks the API once (`GET /orders?maxResults=1`, no retry, no wait for a busy API).
pub fn check(settings: &Settings) -> CheckJson {
    let mut answer =
        CheckJson { reachable: false, key_accepted: None, mode: None, clock_skew_secs: None, problem: None };
    let Some(url) = settings.api_url.as_deref() else {
        answer.problem =
            Some("online mode is not the source in use: name it with --api-url or SMARTPAY_API_URL.".into());
        return answer;
    };
    let Some(key) = settings.secret_key.as_ref() else {
        answer.problem = Some(BackendError::MissingKey.to_string());
        return answer;
    };
    match Account::of(key) {
        Ok(account) => answer.mode = Some(account.mode.as_str()),
        Err(err) => {
            answer.problem = Some(err.to_string());
            return answer;
        }
    }
    let once = RetryPolicy { attempts: 1, max_wait: Duration::ZERO, ..RetryPolicy::default() };
    let timeout = Duration::from_secs(settings.timeout_secs.max(1));
    let probed = SmartpayClient::with_retry(url, key, timeout, once).and_then(|client| client.probe());
    match probed {
        Ok(server_time) => {
            answer.reachable = true;
            answer.key_accepted = Some(true);
            answer.clock_skew_secs = server_time.map(|at| (at - now_millis()) / 1000);
        }
        Err(BackendError::Unauthorized) => {
            answer.reachable = true;
            answer.key_accepted = Some(false);
            answer.problem = Some(BackendError::Unauthorized.to_string());
        }
        Err(err @ (BackendError::Api { .. } | BackendError::RateLimited { .. } | BackendError::NotFound { .. })) => {
            answer.reachable = true;
            answer.problem = Some(err.to_string());
        }
        Err(err) => answer.problem = Some(err.to_string()),
    }
    answer
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Overrides, Paths};
    use crate::smartpay::loopback::server;

    fn settings(url: &str, key: &str) -> Settings {
        let dir = std::path::Path::new("/nonexistent-smartpay-check");
        let paths = Paths { config_file: dir.join("c.toml"), data_dir: dir.join("d"), log_dir: dir.join("l") };
        let flags = Overrides { api_url: Some(url.into()), ..Overrides::default() };
        let key = key.to_string();
        Settings::load_from(&flags, paths, move |name| (name == "SMARTPAY_SECRET_KEY").then(|| key.clone()))
            .expect("settings")
    }

    #[test]
    fn the_check_says_reachable_accepted_mode_and_skew_or_what_failed() {
        let (url, _) = server(vec!["200 OK\r\nDate: Thu, 01 Jan 2065 00:00:00 GMT"]);
        let good = check(&settings(&url, "sk_live_Check1"));
        assert!(good.ok(), "{good:?}");
        assert_eq!(good.mode, Some("live"));
        assert!(good.clock_skew_secs.is_some_and(|s| s > 365 * 86_400), "{good:?}");
        assert!(good.text().contains("key accepted: yes"));

        let (url, _) = server(vec!["401 Unauthorized"]);
        let refused = check(&settings(&url, "sk_test_Check2"));
        assert_eq!((refused.reachable, refused.key_accepted), (true, Some(false)));
        assert!(!refused.ok());

        let closed = check(&settings("http://127.0.0.1:9/v1", "sk_test_Check3"));
        assert!(!closed.reachable && closed.problem.is_some(), "{closed:?}");
        let malformed = check(&settings(&url, "sk_test_bad key"));
        assert!(malformed.problem.as_deref().is_some_and(|p| p.contains("not a Smartpay secret key")));
    }
}
