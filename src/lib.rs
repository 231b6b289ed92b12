//! smartpay-console: a terminal admin console for Smartpay payment orders.
//!
//! The code lives in the workspace's crates (docs/ARCHITECTURE.md draws them); this facade
//! names them by their layers, so the integration tests and benches read one path per layer.

pub use smartpay_cli as cli;
pub use smartpay_cli::logging;
pub use smartpay_config as config;
pub use smartpay_config::source;
pub use smartpay_demo as demo;
pub use smartpay_domain as domain;
pub use smartpay_hygiene::{panic_guard, redact, text};
pub use smartpay_i18n as i18n;
pub use smartpay_online as online;
pub use smartpay_sandbox as sandbox;
pub use smartpay_store::outcome_text;
pub use smartpay_tui as tui;

/// The Backend seam with its implementations: the local store, the journal of online mode and
/// the Smartpay client with its wire.
pub mod backend {
    pub use smartpay_online::{journal, journal_history, journal_repair, journal_seal};
    pub use smartpay_store::*;

    pub mod smartpay {
        pub use smartpay_client::*;
        pub use smartpay_wire as wire;
    }
}
