//! The interactive console, started with no subcommand: settings, log, source (and online its
//! background sync, started here and nowhere else), then the TUI; at quit, the background
//! work stopped and the last references dropped on this thread.

use crate::config::Settings;
use crate::failure::Failure;
use crate::tui::effect::QUIT_WAIT;
use crate::{GlobalArgs, tui};
use std::sync::Arc;
use std::time::Duration;

/// Starts the console for the flags given (no subcommand), returning once the operator quits;
/// a failure comes back in the operator's language.
pub fn launch(global: &GlobalArgs) -> Result<(), Failure> {
    let flagged = global.overrides().lang.unwrap_or_default();
    let settings = Settings::load(&global.overrides()).map_err(|e| Failure::from(e).in_lang(flagged))?;
    let lang = settings.lang;
    launch_with(global, settings).map_err(|failure| failure.in_lang(lang))
}

fn launch_with(global: &GlobalArgs, settings: Settings) -> Result<(), Failure> {
    // From the first line: the start-up journal replay (in `open`) is logged too.
    crate::logging::start(&settings, global.demo);
    // On the shell's screen, before the console takes it: still there after quitting.
    settings.show_warnings();
    let source = crate::source::choose(global.demo, &settings)
        .ok_or_else(|| Failure::usage(crate::source::NO_SOURCE).with_code("source.missing"))?;
    let (backend, online) = open(&source, &settings)?;
    tracing::info!(source = %backend.describe(), "console open");
    let session = tui::session(&settings, backend.kind(), tui::theme::Theme::from_env());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::io(format!("Cannot start the console: {e}")))?;
    let result = runtime.block_on(tui::run(
        Arc::clone(&backend),
        online.clone().map(|o| o as Arc<dyn crate::backend::sync::OnlineStatus>),
        session,
        source.label(),
    ));
    // The app has cancelled and awaited its tasks (at most 2 s): a request still waiting on the
    // network (an API that accepts and never answers) must not hold the operator; it is
    // journaled and resolved on the next start.
    runtime.shutdown_timeout(Duration::ZERO);
    // The background sync gets what is left of the 2 s (at most 1 s): a pass stuck on an API
    // that never answers is read-only, and the exit ends it.
    let spent = result.as_ref().copied().unwrap_or(Duration::ZERO);
    if let Some(online) = &online {
        online.stop_background(QUIT_WAIT.saturating_sub(spent).min(BACKGROUND_WAIT));
    }
    // The last references go here, on this thread, not on an async worker or a detached one.
    drop((online, backend));
    result.map(drop).map_err(|e| Failure::io(format!("The console stopped: {e}")))
}

/// How long quitting waits for the background sync, within the app's [`QUIT_WAIT`].
const BACKGROUND_WAIT: Duration = Duration::from_secs(1);

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
        other => Ok((Arc::from(crate::open::open(other, settings)?), None)),
    }
}
