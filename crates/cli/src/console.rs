//! The interactive console, started with no subcommand: settings, log, source, then the TUI.

use crate::config::Settings;
use crate::failure::Failure;
use crate::{GlobalArgs, tui};
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
    // Online, the list is served from the mirror at once while a background pass syncs it.
    crate::online::set_interactive(true);
    let backend: Arc<dyn crate::backend::Backend> = Arc::from(crate::open::open(&source, &settings)?);
    tracing::info!(source = %backend.describe(), "console open");
    let session = tui::session(&settings, backend.kind(), tui::theme::Theme::from_env());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::io(format!("Cannot start the console: {e}")))?;
    let result = runtime.block_on(tui::run(backend, session, source.label()));
    // A request still waiting on the network (an API that accepts and never answers) must not
    // hold the operator: an operation in flight is journaled and resolved on the next start.
    runtime.shutdown_timeout(tui::QUIT_GRACE);
    result.map_err(|e| Failure::io(format!("The console stopped: {e}")))
}
