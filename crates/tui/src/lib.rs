//! The interactive console (README "The interactive console", docs/INTERFACE.md "The TUI"):
//! Order List, Order Details, the Payment Actions modal.
//!
//! Elm-shaped: [`state::State`] is drawn by [`views`], changed only by [`update::update`],
//! which returns [`effect::Effect`]s that run as tokio tasks and come back as
//! [`action::Action`]s. [`app::App`] is the loop; [`terminal`] takes the screen and gives it
//! back on every way out.

// The layers below, under the names this crate's paths use (`crate::domain::Order`).
use smartpay_config as config;
use smartpay_domain as domain;
use smartpay_hygiene::{panic_guard, text};
use smartpay_store as backend;
use smartpay_store::outcome_text;

pub mod action;
pub mod app;
pub mod available;
pub mod bulk_action;
pub mod bulk_effects;
pub mod bulk_export;
pub mod bulk_run;
pub mod bulk_send;
pub mod clipboard;
pub mod drift;
pub mod drift_task;
pub mod effect;
pub mod focus;
pub mod form;
pub mod help;
pub mod i18n;
pub mod i18n_sentences;
pub mod keymap;
pub mod layout;
pub mod list_window;
pub mod live_search;
pub mod marks;
pub mod palette;
pub mod quit;
pub mod run_record;
pub mod saved_view;
pub mod state;
pub mod terminal;
pub mod testing;
pub mod theme;
pub mod update;
pub mod views;
pub mod wrap;

use crate::backend::ids::new_idempotency_key;
use crate::config::Settings;
use crate::domain::time::now_millis;
use state::Session;
use std::sync::Arc;
use std::time::Duration;

/// The session settings the TUI reads from the configuration.
pub fn session(settings: &Settings, source: crate::backend::SourceKind, theme: theme::Theme) -> Session {
    Session {
        lang: settings.lang,
        theme,
        read_only: settings.read_only,
        operator: settings.operator.clone(),
        source,
        keygen: new_idempotency_key,
    }
}

/// How the console starts, besides the session: the source's short name, where saved views
/// live, the view to open first, the mouse, the Drift view's start and what bulk runs read
/// from the configuration.
#[derive(Default)]
pub struct Start {
    pub label: String,
    pub views_file: Option<std::path::PathBuf>,
    /// `--view NAME`, already read and checked.
    pub view: Option<saved_view::ViewQuery>,
    pub mouse: bool,
    /// The Drift view's findings file, and with `--shop` the comparison that refreshes it.
    pub drift: drift::DriftStart,
    /// The cap of `*`, and where bulk run records live.
    pub bulk: bulk_run::BulkSettings,
}

/// What bulk runs read from the configuration: the cap of `*`, and where run records live
/// (`<data dir>/bulk-runs`).
pub fn bulk_settings(settings: &Settings) -> bulk_run::BulkSettings {
    bulk_run::BulkSettings {
        confirm_above_orders: settings.bulk.confirm_above_orders,
        runs_dir: Some(settings.paths.data_dir.join("bulk-runs")),
    }
}

/// Runs the console on `backend` until the operator quits: takes the terminal, gives it back;
/// online, `online` is where the status bar reads the sync status. Returns how long quitting
/// has taken so far (the rest of the 2 s is for the background sync).
pub async fn run(
    backend: Arc<dyn crate::backend::Backend>,
    online: Option<Arc<dyn crate::backend::sync::OnlineStatus>>,
    session: Session,
    start: Start,
) -> color_eyre::Result<Duration> {
    // Give the terminal back before any panic report is printed.
    crate::panic_guard::install_hooks(terminal::restore);
    let console = terminal::enter(start.mouse)?;
    let _restore = terminal::Guard;
    let mut app = app::App::new(console, backend, session, now_millis, Box::new(clipboard::Osc52));
    app.on_terminal(terminal::hung_up);
    app.state.source_label = start.label;
    app.state.views_file = start.views_file;
    app.state.mouse = start.mouse;
    app.state.bulk_settings = start.bulk;
    if let Some(view) = start.view {
        // Before the first page is asked for: it is asked with this view.
        saved_view::apply(&mut app.state.list, view);
    }
    app.state.drift.place = start.drift.place;
    if let Some((shop, job)) = start.drift.reconcile {
        app.state.drift.shop = shop;
        app.set_reconcile(job);
    }
    if let Some(online) = online {
        app.set_online(online);
    }
    for watcher in terminal::watch_signals(app.sender())? {
        app.watch(watcher);
    }
    app.watch(terminal::watch_hangup(app.sender()));
    let app = app.run(crossterm::event::EventStream::new()).await?;
    tracing::info!("console closed");
    Ok(app.quit_started.map_or(Duration::ZERO, |at| at.elapsed()))
}
