//! smartpay-console: a terminal admin console for Smartpay payment orders.
//!
//! Layers, each knowing only the one below: `domain` (pure rules) ← `backend` (redb store,
//! Smartpay API client) ← `cli` / `tui` / `sandbox`.

pub mod backend;
pub mod cli;
pub mod config;
pub mod demo;
pub mod domain;
pub mod logging;
pub mod online;
pub mod outcome_text;
pub mod panic_guard;
pub mod redact;
pub mod sandbox;
pub mod source;
pub mod text;
pub mod tui;
