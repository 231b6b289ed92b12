//! The interactive console (README "The interactive console", docs/INTERFACE.md "The TUI"):
//! Order List, Order Details, the Payment Actions modal.
//!
//! Elm-shaped: [`state::State`] is drawn by [`views`], changed only by [`update::update`],
//! which returns [`effect::Effect`]s that run as tokio tasks and come back as
//! [`action::Action`]s. [`app::App`] is the loop; [`terminal`] takes the screen and gives it
//! back on every way out.

pub mod action;
pub mod app;
pub mod clipboard;
pub mod effect;
pub mod focus;
pub mod form;
pub mod i18n;
pub mod keymap;
pub mod layout;
pub mod marks;
pub mod quit;
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
    // From the first line: the start-up journal replay (in `open`) is logged too.
    crate::logging::start(&settings, global.demo);
    // On the shell's screen, before the console takes it: still there after quitting.
    settings.show_warnings();
    let source = crate::source::choose(global.demo, &settings)
        .ok_or_else(|| Failure::usage(crate::source::NO_SOURCE).with_code("source.missing"))?;
    let (backend, online) = open(&source, &settings)?;
    tracing::info!(source = %backend.describe(), "console open");
    let session = session(&settings, backend.kind(), theme::Theme::from_env());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::io(format!("Cannot start the console: {e}")))?;
    let result = runtime.block_on(run(Arc::clone(&backend), online.clone(), session, source.label()));
    // The app has cancelled and awaited its tasks (at most 2 s): a request still waiting on the
    // network (an API that accepts and never answers) must not hold the operator; it is
    // journaled and resolved on the next start.
    runtime.shutdown_timeout(std::time::Duration::ZERO);
    if let Some(online) = &online {
        online.stop_background(crate::online::STOP_WAIT);
    }
    // The last references go here, on this thread, not on an async worker or a detached one.
    drop((online, backend));
    result.map_err(|e| Failure::io(format!("The console stopped: {e}")))
}

/// The source, and online its background sync, started here and nowhere else.
type Opened = (Arc<dyn crate::backend::Backend>, Option<Arc<crate::online::OnlineBackend>>);

fn open(source: &crate::source::Source, settings: &Settings) -> Result<Opened, Failure> {
    match source {
        crate::source::Source::Online(url) => {
            let online = Arc::new(crate::online::OnlineBackend::open(url, settings, true)?);
            // The list is served from the mirror at once while a background pass syncs it.
            online.start_background();
            Ok((Arc::clone(&online) as Arc<dyn crate::backend::Backend>, Some(online)))
        }
        other => Ok((Arc::from(crate::source::open(other, settings)?), None)),
    }
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

async fn run(
    backend: Arc<dyn crate::backend::Backend>,
    online: Option<Arc<crate::online::OnlineBackend>>,
    session: Session,
    label: String,
) -> color_eyre::Result<()> {
    // Give the terminal back before any panic report is printed.
    crate::panic_guard::install_hooks(terminal::restore);
    let console = terminal::enter()?;
    let _restore = terminal::Guard;
    let mut app = app::App::new(console, backend, session, now_millis, Box::new(clipboard::Osc52));
    app.state.source_label = label;
    if let Some(online) = online {
        app.set_online(online);
    }
    for watcher in terminal::watch_signals(app.sender())? {
        app.watch(watcher);
    }
    app.watch(terminal::watch_hangup(app.sender()));
    app.run(crossterm::event::EventStream::new()).await?;
    tracing::info!("console closed");
    Ok(())
}
