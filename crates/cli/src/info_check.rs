//! `info --check`: whether online mode works from here, in four answers — the API URL is
//! reachable, the key is accepted, test or live, and how far this machine's clock is from the
//! API's (a skewed clock misreads the 7-day capture deadline and the 6-hour key window).

use crate::backend::BackendError;
use crate::config::Settings;
use crate::domain::Lang;
use crate::domain::time::now_millis;
use crate::online::account::Account;
use crate::smartpay::client::{RetryPolicy, SmartpayClient};
use crate::words::{CommandText as W, aligned};
use serde::Serialize;
use smartpay_i18n::Message;
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
    /// The same sentence in Japanese, for `--lang ja` (never in `--json`).
    #[serde(skip)]
    pub problem_ja: Option<String>,
}

impl CheckJson {
    pub fn ok(&self) -> bool {
        self.reachable && self.key_accepted == Some(true)
    }

    /// What went wrong, in `lang`.
    pub fn problem_in(&self, lang: Lang) -> Option<String> {
        match lang {
            Lang::Ja => self.problem_ja.clone().or_else(|| self.problem.clone()),
            Lang::En => self.problem.clone(),
        }
    }

    /// Records what went wrong, in both languages.
    fn failed(&mut self, english: String, japanese: String) {
        self.problem = Some(english);
        self.problem_ja = Some(japanese);
    }

    /// The lines `info --check` adds to the text output, in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        let yes_no = |b: Option<bool>| {
            match b {
                Some(true) => W::Yes,
                Some(false) => W::No,
                None => W::NotChecked,
            }
            .text(lang)
        };
        let skew = match self.clock_skew_secs {
            Some(s) => W::SkewSeconds.fill(lang, &[("skew", &format!("{s:+}"))]),
            None => W::Unknown.text(lang).into(),
        };
        let width = crate::words::commands::info_label_width(lang);
        // Test or live is already the `key mode:` line of `info` above these.
        let mut text = aligned(W::CheckReachable.text(lang), width, yes_no(Some(self.reachable)));
        text += &aligned(W::CheckKeyAccepted.text(lang), width, yes_no(self.key_accepted));
        text += &aligned(W::CheckClockSkew.text(lang), width, &skew);
        if let Some(problem) = self.problem_in(lang) {
            text += &aligned(W::CheckProblem.text(lang), width, &problem);
        }
        text
    }
}

/// Asks the API once (`GET /orders?maxResults=1`, no retry, no wait for a busy API).
pub fn check(settings: &Settings) -> CheckJson {
    let mut answer = CheckJson {
        reachable: false,
        key_accepted: None,
        mode: None,
        clock_skew_secs: None,
        problem: None,
        problem_ja: None,
    };
    let Some(url) = settings.api_url.as_deref() else {
        answer.failed(W::NotOnline.text(Lang::En).into(), W::NotOnline.text(Lang::Ja).into());
        return answer;
    };
    let Some(key) = settings.secret_key.as_ref() else {
        answer.failed(BackendError::MissingKey.to_string(), BackendError::MissingKey.text(Lang::Ja));
        return answer;
    };
    match Account::of(key) {
        Ok(account) => answer.mode = Some(account.mode.as_str()),
        Err(err) => {
            answer.failed(err.to_string(), err.text(Lang::Ja));
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
        Err(err @ BackendError::Unauthorized) => {
            answer.reachable = true;
            answer.key_accepted = Some(false);
            answer.failed(err.to_string(), err.text(Lang::Ja));
        }
        Err(err @ (BackendError::Api { .. } | BackendError::RateLimited { .. } | BackendError::NotFound { .. })) => {
            answer.reachable = true;
            answer.failed(err.to_string(), err.text(Lang::Ja));
        }
        Err(err) => answer.failed(err.to_string(), err.text(Lang::Ja)),
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
        assert!(good.text(Lang::En).contains("key accepted: yes"));
        assert!(good.text(Lang::Ja).contains("キーの受理") && good.text(Lang::Ja).contains("はい"));

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
