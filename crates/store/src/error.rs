//! Everything that can go wrong behind the `Backend` trait, each as one sentence for the
//! operator, and the exit status it maps to.

use crate::domain::{Lang, Refusal};
use smartpay_i18n::Message;
use smartpay_i18n::sentences::ErrorText as T;
use std::fmt;
use std::path::PathBuf;

/// `Display` is the English sentence (logs, `--json`); [`BackendError::text`] is the one in the
/// operator's language.
#[derive(Debug)]
pub enum BackendError {
    NotFound {
        id: String,
    },
    Refused(Refusal),
    Missing {
        path: PathBuf,
    },
    Corrupt {
        path: PathBuf,
        detail: String,
    },
    Locked {
        path: PathBuf,
    },
    SchemaTooNew {
        path: PathBuf,
        found: u64,
        supported: u64,
    },
    Unverified {
        path: PathBuf,
    },
    Unindexed {
        path: PathBuf,
    },
    Io {
        path: PathBuf,
        detail: String,
    },
    /// A stored record whose checksum does not match: never used for money or shown as data.
    Damaged {
        what: &'static str,
        id: String,
        detail: String,
    },
    /// The journal cannot be read or holds a damaged entry: operations wait for a repair.
    JournalDamaged {
        detail: String,
    },
    Storage(String),
    MissingKey,
    BadKey,
    ReplayWindowPassed {
        verb: String,
        key: String,
        journaled: String,
    },
    Unauthorized,
    Api {
        status: u16,
        code: String,
        message: String,
    },
    /// A money request answered 2xx with a body that cannot be read: the money moved, the id
    /// of what it created is unknown.
    UnreadableSuccess {
        detail: String,
    },
    RateLimited {
        until: String,
    },
    Network(String),
    OutcomeUnknown {
        verb: String,
        key: String,
    },
    KeyReused {
        key: String,
    },
    ReadOnly,
}

impl BackendError {
    /// The sentence in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        use BackendError::*;
        match self {
            NotFound { id } => T::NotFound.fill(lang, &[("id", id)]),
            Refused(refusal) => refusal.text(lang),
            Missing { path } => T::Missing.fill(lang, &[("path", &path.display())]),
            Corrupt { path, detail } => T::Corrupt.fill(lang, &[("path", &path.display()), ("detail", detail)]),
            Locked { path } => T::Locked.fill(lang, &[("path", &path.display())]),
            SchemaTooNew { path, found, supported } => {
                T::SchemaTooNew.fill(lang, &[("path", &path.display()), ("found", found), ("supported", supported)])
            }
            Unverified { path } => T::Unverified.fill(lang, &[("path", &path.display())]),
            Unindexed { path } => T::Unindexed.fill(lang, &[("path", &path.display())]),
            Io { path, detail } => T::Io.fill(lang, &[("path", &path.display()), ("detail", detail)]),
            Damaged { what, id, detail } => crate::checksum::damage_text(what, id, detail, lang),
            JournalDamaged { detail } => detail.clone(),
            Storage(detail) => T::Storage.fill(lang, &[("detail", detail)]),
            MissingKey => T::MissingKey.text(lang).into(),
            BadKey => T::BadKey.text(lang).into(),
            ReplayWindowPassed { verb, key, journaled } => T::ReplayWindowPassed.fill(
                lang,
                &[("verb", &crate::outcome_text::verb_word(verb, lang)), ("key", key), ("journaled", journaled)],
            ),
            Unauthorized => T::Unauthorized.text(lang).into(),
            Api { status, code, message } => {
                T::Api.fill(lang, &[("status", status), ("code", code), ("message", message)])
            }
            UnreadableSuccess { detail } => T::UnreadableSuccess.fill(lang, &[("detail", detail)]),
            RateLimited { until } => T::RateLimited.fill(lang, &[("until", until)]),
            Network(detail) => T::Network.fill(lang, &[("detail", detail)]),
            OutcomeUnknown { verb, key } => {
                T::OutcomeUnknown.fill(lang, &[("verb", &crate::outcome_text::verb_word(verb, lang)), ("key", key)])
            }
            KeyReused { key } => T::KeyReused.fill(lang, &[("key", key)]),
            ReadOnly => T::ReadOnly.text(lang).into(),
        }
    }

    /// The process exit status of docs/INTERFACE.md ("Exit statuses"): 2 usage (a reused key, read-only), 3 refused by a
    /// rule, 4 outcome unknown, 1 otherwise.
    pub fn exit_code(&self) -> i32 {
        match self {
            BackendError::Refused(_) => 3,
            BackendError::Api { status, code, .. } if is_rule_refusal(*status, code) => 3,
            BackendError::OutcomeUnknown { .. } | BackendError::ReplayWindowPassed { .. } => 4,
            BackendError::ReadOnly | BackendError::KeyReused { .. } => 2,
            _ => 1,
        }
    }

    /// The stable name of this error in `--json` output (docs/INTERFACE.md, "Errors as JSON").
    pub fn error_code(&self) -> &'static str {
        match self {
            BackendError::NotFound { .. } => "order.not_found",
            BackendError::Refused(_) => "refused",
            BackendError::Api { status, code, .. } if is_rule_refusal(*status, code) => "refused",
            BackendError::Api { .. } => "api.error",
            BackendError::Missing { .. } => "file.missing",
            BackendError::Corrupt { .. } => "file.corrupt",
            BackendError::Locked { .. } => "file.locked",
            BackendError::SchemaTooNew { .. } => "file.too_new",
            BackendError::Unverified { .. } => "file.unverified",
            BackendError::Unindexed { .. } => "file.unindexed",
            BackendError::Io { .. } => "io",
            BackendError::Damaged { .. } => "record.damaged",
            BackendError::JournalDamaged { .. } => "journal.damaged",
            BackendError::Storage(_) => "storage",
            BackendError::MissingKey => "key.missing",
            BackendError::BadKey => "key.invalid",
            BackendError::Unauthorized => "key.unauthorized",
            BackendError::ReplayWindowPassed { .. } => "outcome.unknown",
            BackendError::OutcomeUnknown { .. } => "outcome.unknown",
            BackendError::UnreadableSuccess { .. } => "response.unreadable",
            BackendError::RateLimited { .. } => "api.rate_limited",
            BackendError::Network(_) => "network",
            BackendError::KeyReused { .. } => "idempotency_key.reused",
            BackendError::ReadOnly => "read_only",
        }
    }

    pub fn storage(err: impl std::fmt::Display) -> BackendError {
        BackendError::Storage(err.to_string())
    }
}

impl fmt::Display for BackendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

impl std::error::Error for BackendError {}

impl From<Refusal> for BackendError {
    fn from(refusal: Refusal) -> Self {
        BackendError::Refused(refusal)
    }
}

/// API answers that mean "a payment rule said no" rather than "something broke".
pub fn is_rule_refusal(status: u16, code: &str) -> bool {
    matches!(code, "order.cannot-capture" | "payment.excessive-amount" | "amount.insufficient" | "order.cannot-cancel")
        || status == 409
}
