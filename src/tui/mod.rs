//! The interactive console (DESIGN §5): Order List, Order Details, the Payment Actions modal.
//!
//! Elm-shaped: [`state::State`] is drawn by [`views`], changed only by [`update::update`],
//! which returns [`effect::Effect`]s that run as tokio tasks and come back as
//! [`action::Action`]s. [`app::App`] is the loop; [`terminal`] takes the screen and gives it
//! back on every way out.

pub mod action;
pub mod app;
pub mod clipboard;
pub mod effect;
mod executed;
pub mod form;
pub mod i18n;
pub mod keymap;
pub mod logging;
pub mod state;
pub mod terminal;
pub mod testing;
pub mod theme;
pub mod update;
pub mod views;

use crate::backend::ids::new_idempotency_key;
use crate::cli::{Failure, GlobalArgs};
use crate::config::Settings;
use crate::domain::time::now_millis;
use state::Session;
use std::sync::Arc;

/// Starts the console for the flags given (no subcommand), returning once the operator quits.
pub fn launch(global: &GlobalArgs) -> Result<(), Failure> {
    let settings = Settings::load(&global.overrides())?;
    let source =
        crate::source::choose(global.demo, &settings).ok_or_else(|| Failure::usage(crate::source::NO_SOURCE))?;
    // Online, the list is served from the mirror at once while a background pass syncs it.
    crate::online::set_interactive(true);
    let backend: Arc<dyn crate::backend::Backend> = Arc::from(crate::source::open(&source, &settings)?);
    let _log = logging::init(&settings.paths.log_dir);
    tracing::info!(source = %backend.describe(), read_only = settings.read_only, "console starting");
    let session = session(&settings, backend.kind(), theme::Theme::from_env());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::io(format!("Cannot start the console: {e}")))?;
    runtime.block_on(run(backend, session)).map_err(|e| Failure::io(format!("The console stopped: {e}")))
}

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

async fn run(backend: Arc<dyn crate::backend::Backend>, session: Session) -> color_eyre::Result<()> {
    // Give the terminal back before any panic report is printed.
    crate::panic_guard::install_hooks(terminal::restore);
    let console = terminal::enter()?;
    let _restore = terminal::Guard;
    let app = app::App::new(console, backend, session, now_millis, Box::new(clipboard::Osc52));
    terminal::watch_signals(app.sender())?;
    terminal::watch_hangup(app.sender());
    app.run(crossterm::event::EventStream::new()).await?;
    tracing::info!("console closed");
    Ok(())
}
