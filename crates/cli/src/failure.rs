//! A failed command: one sentence for stderr and the exit status of DESIGN §4.

use crate::backend::BackendError;
use crate::config::ConfigError;
use crate::domain::AmountError;

#[derive(Debug)]
pub struct Failure {
    pub code: i32,
    pub message: String,
}

impl Failure {
    pub fn usage(message: impl Into<String>) -> Failure {
        Failure { code: 2, message: message.into() }
    }

    pub fn io(message: impl Into<String>) -> Failure {
        Failure { code: 1, message: message.into() }
    }
}

impl From<BackendError> for Failure {
    fn from(err: BackendError) -> Self {
        Failure { code: err.exit_code(), message: err.to_string() }
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

impl From<ConfigError> for Failure {
    fn from(err: ConfigError) -> Self {
        Failure::usage(err.to_string())
    }
}

impl From<AmountError> for Failure {
    fn from(err: AmountError) -> Self {
        Failure::usage(err.to_string())
    }
}
