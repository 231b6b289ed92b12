//! A failed command: one sentence, a stable code for scripts and the exit status
//! (docs/INTERFACE.md, "Exit statuses" and "Errors as JSON").

use crate::backend::BackendError;
use crate::config::ConfigError;
use crate::domain::{AmountError, Lang};
use serde::Serialize;
use smartpay_i18n::Message;
use smartpay_i18n::sentences::ErrorText;

#[derive(Debug)]
pub struct Failure {
    /// The process exit status: 1 failure, 2 usage, 3 refused, 4 unknown, 5 partly done.
    pub exit: i32,
    /// A stable, documented name for what went wrong (`usage`, `order.not_found`, …).
    pub code: &'static str,
    /// The English sentence: the log and `--json` (never translated).
    pub message: String,
    /// The same sentence in Japanese, when the failure came from a sentence of the catalog;
    /// stderr shows it under `--lang ja` (otherwise the English one).
    pub japanese: Option<String>,
    /// The language stderr speaks.
    pub lang: Lang,
    /// The command already printed its result, this failure included, on stdout (an
    /// operation's `--json` outcome carries its own `error`): print nothing more there.
    pub reported: bool,
}

impl Failure {
    /// Whatever the message quotes (a server's answer, order data), no secret stays in it: it
    /// reaches stderr, the log and `--json` output.
    pub fn new(exit: i32, code: &'static str, message: impl Into<String>) -> Failure {
        let message = crate::redact::scrub(&message.into()).into_owned();
        Failure { exit, code, message, japanese: None, lang: Lang::En, reported: false }
    }

    /// The same failure, with its sentence in Japanese too (scrubbed like the English one).
    pub fn with_japanese(self, japanese: impl Into<String>) -> Failure {
        let japanese = crate::redact::scrub(&japanese.into()).into_owned();
        Failure { japanese: Some(japanese), ..self }
    }

    /// A failure whose sentence is the catalog's `key`: English for the log and `--json`,
    /// Japanese for stderr under `--lang ja`.
    pub fn told(exit: i32, code: &'static str, key: impl Message, args: &[(&str, &dyn std::fmt::Display)]) -> Failure {
        Failure::new(exit, code, key.fill(Lang::En, args)).with_japanese(key.fill(Lang::Ja, args))
    }

    /// The same failure, saying that nothing changed: for an operation that failed before
    /// anything was sent.
    pub fn nothing_changed(self) -> Failure {
        use smartpay_i18n::sentences::OutcomeText;
        let english = OutcomeText::Refused.fill(Lang::En, &[("reason", &self.message)]);
        let japanese = self.japanese.as_ref().map(|j| OutcomeText::Refused.fill(Lang::Ja, &[("reason", j)]));
        let failure = Failure { message: english, ..self };
        match japanese {
            Some(japanese) => failure.with_japanese(japanese),
            None => failure,
        }
    }

    /// A usage failure (exit 2) told by the catalog's `key`.
    pub fn usage_told(key: impl Message, args: &[(&str, &dyn std::fmt::Display)]) -> Failure {
        Failure::told(2, "usage", key, args)
    }

    /// The same failure, told on stderr in `lang`.
    pub fn in_lang(self, lang: Lang) -> Failure {
        Failure { lang, ..self }
    }

    /// The sentence for a person, in the failure's language (English when it has no Japanese).
    pub fn text(&self) -> &str {
        match (self.lang, &self.japanese) {
            (Lang::Ja, Some(japanese)) => japanese,
            _ => &self.message,
        }
    }

    /// The stderr line: `error: …` / `エラー: …`.
    pub fn stderr_line(&self) -> String {
        ErrorText::ErrorPrefix.fill(self.lang, &[("message", &self.text())])
    }

    pub fn usage(message: impl Into<String>) -> Failure {
        Failure::new(2, "usage", message)
    }

    pub fn io(message: impl Into<String>) -> Failure {
        Failure::new(1, "io", message)
    }

    /// The `error` member a `--json` result carries when it describes this failure itself.
    pub fn as_json(&self) -> ErrorJson<'_> {
        ErrorJson { code: self.code, message: &self.message, exit: self.exit }
    }

    /// The same failure under a more precise code.
    pub fn with_code(self, code: &'static str) -> Failure {
        Failure { code, ..self }
    }

    /// What `--json` prints on stdout: `{"error": {"code", "message", "exit"}}`, with `message`
    /// as given (the caller scrubs secrets from it).
    pub fn to_json(&self, message: &str) -> String {
        let body = ErrorBody { error: ErrorJson { code: self.code, message, exit: self.exit } };
        // A struct of strings and an integer always serialises; the fallback is never used.
        serde_json::to_string(&body).unwrap_or_else(|_| String::from(r#"{"error":{"code":"internal"}}"#))
    }
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    error: ErrorJson<'a>,
}

/// The `error` object of `--json` output.
#[derive(Serialize)]
pub struct ErrorJson<'a> {
    pub code: &'a str,
    pub message: &'a str,
    pub exit: i32,
}

impl From<BackendError> for Failure {
    fn from(err: BackendError) -> Self {
        Failure::new(err.exit_code(), err.error_code(), err.to_string()).with_japanese(err.text(Lang::Ja))
    }
}

impl From<crate::sandbox::SandboxError> for Failure {
    fn from(err: crate::sandbox::SandboxError) -> Self {
        use crate::sandbox::SandboxError;
        match err {
            SandboxError::Usage(message) => Failure::usage(message),
            SandboxError::Io(message) => Failure::io(message),
            SandboxError::Store(err) => Failure::from(err),
        }
    }
}

impl From<crate::config::views::ViewsError> for Failure {
    fn from(err: crate::config::views::ViewsError) -> Self {
        use crate::config::views::ViewsError;
        let code = match err {
            ViewsError::Unknown { .. } | ViewsError::BadName(_) => "view.unknown",
            ViewsError::Damaged { .. } | ViewsError::Unreadable { .. } | ViewsError::Unwritable { .. } => {
                "view.file_invalid"
            }
        };
        Failure::new(2, code, err.to_string())
    }
}

impl From<ConfigError> for Failure {
    fn from(err: ConfigError) -> Self {
        let code = match err {
            ConfigError::TwoSources(_) => "source.conflict",
            ConfigError::BadEnv { .. } => "env.invalid",
            ConfigError::Unreadable { .. } | ConfigError::Invalid { .. } | ConfigError::Keys { .. } => "config.invalid",
        };
        let japanese = match &err {
            ConfigError::Unreadable { path, detail } => {
                Some(ErrorText::ConfigUnreadable.fill(Lang::Ja, &[("path", &path.display()), ("detail", detail)]))
            }
            ConfigError::Invalid { path, detail } => {
                Some(ErrorText::ConfigInvalid.fill(Lang::Ja, &[("path", &path.display()), ("detail", detail)]))
            }
            ConfigError::Keys { path, problem } => Some(
                ErrorText::ConfigInvalid
                    .fill(Lang::Ja, &[("path", &path.display()), ("detail", &problem.text(Lang::Ja))]),
            ),
            ConfigError::BadEnv { name, value, expected } => {
                Some(ErrorText::BadEnv.fill(Lang::Ja, &[("name", name), ("value", value), ("expected", expected)]))
            }
            ConfigError::TwoSources(_) => None,
        };
        let failure = Failure::new(2, code, err.to_string());
        match japanese {
            Some(japanese) => failure.with_japanese(japanese),
            None => failure,
        }
    }
}

impl From<AmountError> for Failure {
    fn from(err: AmountError) -> Self {
        Failure::new(2, "amount.invalid", err.to_string()).with_japanese(err.text(Lang::Ja))
    }
}
