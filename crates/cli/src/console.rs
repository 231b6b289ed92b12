//! The interactive console, started with no subcommand: settings, log, source (and online its
//! background sync, started here and nowhere else), then the TUI; at quit, the background
//! work stopped and the last references dropped on this thread.

use crate::config::Settings;
use crate::failure::Failure;
use crate::reconcile::ShopEncoding;
use crate::tui::effect::QUIT_WAIT;
use crate::{GlobalArgs, tui};
use std::sync::Arc;
use std::time::Duration;

/// The interactive console's own flags: `--shop FILE` compares a shop export first and opens
/// on the Drift view (`reconcile --shop FILE` without the printing).
#[derive(Debug, Clone, clap::Args)]
#[command(next_help_heading = "Console options")]
pub struct ConsoleArgs {
    /// Open the console on the Drift view of this shop export: it is compared with the source
    /// in the background (as `reconcile --shop FILE` does) and the findings are saved.
    #[arg(long, value_name = "FILE")]
    pub shop: Option<std::path::PathBuf>,
    /// With --shop: the shop's column names, SHOP=OURS,… (as for `reconcile`).
    #[arg(long, value_name = "SHOP=OURS,…", requires = "shop")]
    pub map: Vec<String>,
    /// With --shop: the shop's status words, WORD=open|shipped|canceled|returned,….
    #[arg(long, value_name = "WORD=STATUS,…", requires = "shop")]
    pub map_status: Vec<String>,
    /// With --shop: the shop file's text encoding.
    #[arg(long, value_enum, default_value_t = ShopEncoding::Utf8, requires = "shop")]
    pub encoding: ShopEncoding,
    /// Open the console on this saved view (its filter, sort, direction and search); an unknown
    /// name exits 2. Views are saved with `:save NAME` in the console's palette.
    #[arg(long, value_name = "NAME")]
    pub view: Option<String>,
    /// Let the console take the mouse: click a row to select it, double-click to open it, the
    /// wheel scrolls. Off by default, so the terminal's text selection (copying an id over SSH)
    /// keeps working. Config: console.mouse.
    #[arg(long)]
    pub mouse: bool,
}

impl ConsoleArgs {
    /// What the Drift view starts with: this source's findings file, and with `--shop` the
    /// comparison that refreshes it.
    fn drift(self, source: &crate::source::Source, settings: &Settings) -> tui::drift::DriftStart {
        let place = crate::reconcile::saved::place(source, settings);
        let reconcile = self.shop.map(|shop| {
            let name = shop.display().to_string();
            let args = crate::reconcile::ReconcileArgs::for_console(shop, self.map, self.map_status, self.encoding);
            let into = place.clone();
            let job: tui::drift::ReconcileJob =
                Box::new(move |backend| crate::reconcile::for_console(&args, backend, &into));
            (name, job)
        });
        tui::drift::DriftStart { place: Some(place), reconcile }
    }
}

/// Starts the console for the flags given (no subcommand), returning once the operator quits:
/// on the saved view `--view` names when one is named (an unknown one exits 2 before the screen
/// is taken), with the mouse when `--mouse` (or `console.mouse`). A failure comes back in the
/// operator's language.
pub fn launch(global: &GlobalArgs, console: ConsoleArgs) -> Result<(), Failure> {
    let overrides = crate::config::Overrides { mouse: console.mouse, ..global.overrides() };
    // Settings that cannot load speak the language the flags, the environment or the file name.
    let settings = Settings::load(&overrides)
        .map_err(|e| Failure::from(e).in_lang(crate::config::early_lang(&global.overrides())))?;
    let lang = settings.lang;
    launch_with(global, console, settings).map_err(|failure| failure.in_lang(lang))
}

fn launch_with(global: &GlobalArgs, console: ConsoleArgs, settings: Settings) -> Result<(), Failure> {
    let view = console.view.as_deref().map(|name| crate::list_args::saved_view(&settings, name)).transpose()?;
    // From the first line: the start-up journal replay (in `open`) is logged too.
    crate::logging::start(&settings, global.demo, crate::logging::Writer::Queued);
    // On the shell's screen, before the console takes it: still there after quitting.
    settings.show_warnings();
    let source = crate::source::choose(global.demo, &settings)
        .ok_or_else(|| Failure::usage(crate::source::NO_SOURCE).with_code("source.missing"))?;
    let (backend, online) = open(&source, &settings)?;
    let drift = console.drift(&source, &settings);
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
        tui::Start {
            label: source.label(),
            views_file: Some(settings.views_file.clone()),
            view,
            mouse: settings.mouse,
            drift,
            bulk: tui::bulk_settings(&settings),
        },
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
