//! Everything that can go wrong behind the `Backend` trait, each as one sentence for the
//! operator, and the exit status it maps to.

use crate::domain::Refusal;
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum BackendError {
    #[error("No order with id {id}.")]
    NotFound { id: String },
    #[error("{0}")]
    Refused(#[from] Refusal),
    #[error("{path} does not exist. Create it with `smartpay-console generate --db {path}` or `smartpay-console import FILE --db {path}`.", path = path.display())]
    Missing { path: PathBuf },
    #[error("{path} is not an order file this console can read: {detail}", path = path.display())]
    Corrupt { path: PathBuf, detail: String },
    #[error("{path} is locked by another program that opened it exclusively; close it and try again.", path = path.display())]
    Locked { path: PathBuf },
    #[error("{path} was written by a newer smartpay-console (schema {found}, this one reads up to {supported}); upgrade the console.", path = path.display())]
    SchemaTooNew { path: PathBuf, found: u64, supported: u64 },
    #[error("{path} was written by an older smartpay-console (schema 1, no checksums), so it is open read-only and unverified: run `smartpay-console migrate --db {path}` to verify it and add checksums.", path = path.display())]
    Unverified { path: PathBuf },
    #[error("{path} was written by an older smartpay-console (schema 2, no search index), so it is open read-only: run `smartpay-console migrate --db {path}` to build the index.", path = path.display())]
    Unindexed { path: PathBuf },
    #[error("Cannot use {path}: {detail}", path = path.display())]
    Io { path: PathBuf, detail: String },
    /// A stored record whose checksum does not match: never used for money or shown as data.
    #[error("{what} {id} is damaged: {detail}")]
    Damaged { what: &'static str, id: String, detail: String },
    /// The journal cannot be read or holds a damaged entry: operations wait for a repair.
    #[error("{detail}")]
    JournalDamaged { detail: String },
    #[error("The order store failed: {0}")]
    Storage(String),
    #[error(
        "Online mode needs the secret key: set SMARTPAY_SECRET_KEY (or online.secret_key in the config file); it is never read from the command line."
    )]
    MissingKey,
    #[error(
        "The secret key is not a Smartpay secret key: it must be sk_test_ or sk_live_ followed by letters and digits only; check SMARTPAY_SECRET_KEY (or online.secret_key)."
    )]
    BadKey,
    #[error(
        "The {verb} journaled at {journaled} (key {key}) is older than the 6 hours Smartpay remembers idempotency keys, so it is not replayed automatically: check the order's payments and refunds before doing it again."
    )]
    ReplayWindowPassed { verb: String, key: String, journaled: String },
    #[error("The Smartpay API refused the secret key (401 unauthorized): check SMARTPAY_SECRET_KEY.")]
    Unauthorized,
    #[error("The Smartpay API answered {status} {code}: {message}")]
    Api { status: u16, code: String, message: String },
    /// A money request answered 2xx with a body that cannot be read: the money moved, the id
    /// of what it created is unknown.
    #[error("The Smartpay API accepted the request but its answer could not be read ({detail}).")]
    UnreadableSuccess { detail: String },
    #[error("The Smartpay API is rate limited until {until}; nothing more was sent, try again after that.")]
    RateLimited { until: String },
    #[error("Cannot reach the Smartpay API: {0}")]
    Network(String),
    #[error(
        "The outcome of the {verb} is unknown (idempotency key {key}); it is recorded in the journal and will be resolved with the same key when the console next opens: run `orders show` on the order to see how it ended before trying again."
    )]
    OutcomeUnknown { verb: String, key: String },
    #[error(
        "The idempotency key {key} was already used for a different request (another order, operation, amount or reason); nothing was done."
    )]
    KeyReused { key: String },
    #[error("This console is read-only: capture, refund and void are switched off.")]
    ReadOnly,
}

impl BackendError {
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

/// API answers that mean "a payment rule said no" rather than "something broke".
pub fn is_rule_refusal(status: u16, code: &str) -> bool {
    matches!(code, "order.cannot-capture" | "payment.excessive-amount" | "amount.insufficient" | "order.cannot-cancel")
        || status == 409
}
