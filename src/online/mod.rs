//! Online mode: the Smartpay API behind the `Backend` trait, with the operation journal and
//! the local mirror.

use crate::backend::{Backend, BackendError};
use crate::config::Settings;

/// Opens the API at `url` with the key from the settings.
pub fn open(_url: &str, _settings: &Settings) -> Result<Box<dyn Backend>, BackendError> {
    Err(BackendError::Network("online mode is not built yet".into()))
}
