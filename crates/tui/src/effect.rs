//! Effects: the I/O `update` asks for. Each runs as a tokio task (storage calls inside
//! `spawn_blocking`, never on the render path) and reports back as an [`Action`]. The runner
//! keeps every task it starts, and [`Runner::shutdown`] cancels and awaits them at quit.

use super::action::{Action, Failure, NotFound};
use crate::backend::sync::OnlineStatus;
use crate::backend::{Backend, BackendError, ListQuery, OperationRequest};
use crate::config::Lang;
use crate::config::views::{self, SavedView};
use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tokio::sync::mpsc::UnboundedSender;
use tokio::task::JoinSet;

use crate::list_window::blocking;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// One window of the Order List. `delay` debounces typing in the filter; `matching` is how
    /// many rows the query had last time (0 when unknown), to read deep windows from the end.
    FetchRows {
        request: u64,
        query: ListQuery,
        delay: Duration,
        matching: usize,
        /// Count the deadline queue for the header first (start, refresh): its answer arrives
        /// before the rows, so the first frame with the rows has it.
        count_queue: bool,
    },
    LoadOrder {
        request: u64,
        id: String,
    },
    Execute {
        order_id: String,
        request: OperationRequest,
    },
    /// The marks, the queue header and bulk runs (see [`crate::bulk_effects`]).
    Bulk(crate::bulk_effects::BulkJob),
    /// Copy to the operator's clipboard (OSC 52: works over SSH).
    Copy(String),
    ExpireToast {
        id: u64,
        after: Duration,
    },
    /// Ask the backend how its background sync is doing (online mode).
    PollSync,
    /// Read the saved findings, or compare the shop file given at start (Drift view).
    Drift(crate::drift::DriftEffect),
    /// The order an id or reference names (the palette's `open`).
    FindOrder {
        request: u64,
        named: String,
    },
    /// The saved views' names.
    ListViews {
        path: PathBuf,
    },
    SaveView {
        path: PathBuf,
        view: SavedView,
    },
    OpenView {
        path: PathBuf,
        name: String,
    },
}

/// Runs effects against one backend and sends their answers to the app loop.
pub struct Runner {
    backend: Arc<dyn Backend>,
    /// Online mode: the sync status handle (`PollSync` asks it).
    online: Option<Arc<dyn OnlineStatus>>,
    tx: UnboundedSender<Action>,
    /// The newest list request: a debounced fetch that has been overtaken is never started.
    latest_list: Arc<AtomicU64>,
    /// Reads, toasts, watchers: cancelled at quit.
    tasks: JoinSet<()>,
    /// Captures, refunds and voids: given the grace time at quit, then left to the journal.
    money: JoinSet<()>,
    /// The language of the sentences its errors come back in.
    lang: Lang,
    /// `--shop FILE`: the comparison to run once, at start.
    reconcile: Option<crate::drift::ReconcileJob>,
}

/// How long quitting waits for the tasks still running (slumber waits as long).
pub const QUIT_WAIT: Duration = Duration::from_secs(2);

impl Runner {
    pub fn new(backend: Arc<dyn Backend>, tx: UnboundedSender<Action>) -> Runner {
        Runner {
            backend,
            online: None,
            tx,
            latest_list: Arc::new(AtomicU64::new(0)),
            tasks: JoinSet::new(),
            money: JoinSet::new(),
            lang: Lang::En,
            reconcile: None,
        }
    }

    /// The same runner, its errors worded in `lang`.
    pub fn speaking(self, lang: Lang) -> Runner {
        Runner { lang, ..self }
    }

    /// `--shop FILE`: the comparison the first `Effect::Drift(Reconcile)` runs.
    pub fn set_reconcile(&mut self, job: crate::drift::ReconcileJob) {
        self.reconcile = Some(job);
    }

    /// Online mode: where `PollSync` reads the sync status.
    pub fn set_online(&mut self, online: Arc<dyn OnlineStatus>) {
        self.online = Some(online);
    }

    /// Runs a background task of the app (a signal watcher, say) until quit.
    pub fn watch(&mut self, task: impl Future<Output = ()> + Send + 'static) {
        self.tasks.spawn(task);
    }

    /// Whether a capture, refund or void has not answered yet.
    pub fn money_in_flight(&self) -> bool {
        !self.money.is_empty()
    }

    /// At quit: cancels every task but a money request, and awaits them all for at most
    /// `wait`. Returns how many money requests were still in flight (left to the journal:
    /// the next start resolves them by replaying their keys).
    pub async fn shutdown(&mut self, wait: Duration) -> usize {
        self.tasks.abort_all();
        let all_ended = async {
            while self.tasks.join_next().await.is_some() {}
            while self.money.join_next().await.is_some() {}
        };
        let _ = tokio::time::timeout(wait, all_ended).await;
        // Finished tasks not yet collected are not in flight.
        while self.money.try_join_next().is_some() {}
        let left = self.money.len();
        if left > 0 {
            tracing::warn!("{left} payment request(s) still in flight at quit: left to the journal");
        }
        // Dropping the set only stops waiting for the answers: the request itself runs to its
        // end on the blocking pool, or is cut short by the exit, with its key in the journal.
        self.money.abort_all();
        left
    }

    /// Starts `effect`; `Copy` is the app's job (it needs the terminal) and is ignored here.
    pub fn spawn(&mut self, effect: Effect) {
        // Collect what has ended, so the sets hold only what runs.
        while self.tasks.try_join_next().is_some() {}
        while self.money.try_join_next().is_some() {}
        let backend = Arc::clone(&self.backend);
        let tx = self.tx.clone();
        let lang = self.lang;
        match effect {
            Effect::FetchRows { request, query, delay, matching, count_queue } => {
                self.latest_list.store(request, Ordering::SeqCst);
                let latest = Arc::clone(&self.latest_list);
                self.tasks.spawn(async move {
                    if !delay.is_zero() {
                        tokio::time::sleep(delay).await;
                        if latest.load(Ordering::SeqCst) != request {
                            return;
                        }
                    }
                    let offset = query.offset;
                    if count_queue {
                        let counter = Arc::clone(&backend);
                        let counts =
                            blocking(move || counter.queue_counts(crate::bulk_effects::EXPIRING_SOON_MS)).await;
                        let _ = tx.send(Action::QueueCounted(counts.map_err(|e| e.text(lang))));
                    }
                    let fetch = crate::live_search::Fetch { backend, request, latest, tx, lang };
                    fetch.rows(query, offset, matching).await;
                });
            }
            Effect::LoadOrder { request, id } => {
                self.tasks.spawn(async move {
                    let result = blocking(move || backend.get(&id)).await;
                    let result = result.map(Box::new).map_err(|e| e.text(lang));
                    let _ = tx.send(Action::OrderLoaded { request, result });
                });
            }
            Effect::Execute { order_id, request } => {
                self.money.spawn(async move {
                    let id = order_id.clone();
                    tracing::info!(order = %id, key = %request.idempotency_key, op = request.operation.verb(), "sending");
                    let result = blocking(move || backend.execute(&id, &request)).await;
                    if let Err(e) = &result {
                        tracing::warn!(order = %order_id, error = %e, "operation did not happen");
                    }
                    let result = result
                        .map(Box::new)
                        .map_err(|e| Failure { refused: e.exit_code() == 3, message: e.text(lang) });
                    let _ = tx.send(Action::Executed { order_id, result });
                });
            }
            Effect::ExpireToast { id, after } => {
                self.tasks.spawn(async move {
                    tokio::time::sleep(after).await;
                    let _ = tx.send(Action::ToastExpired(id));
                });
            }
            Effect::PollSync => {
                let Some(online) = self.online.clone() else { return };
                self.tasks.spawn(async move {
                    let status = blocking(move || Ok::<_, BackendError>(online.sync_status())).await.ok();
                    let _ = tx.send(Action::Synced(status));
                });
            }
            Effect::Drift(effect) => {
                let job = self.reconcile.take();
                self.tasks.spawn(crate::drift_task::run(effect, backend, job, tx));
            }
            Effect::FindOrder { request, named } => {
                self.tasks.spawn(async move {
                    let lookup = named.clone();
                    let result = blocking(move || Ok::<_, BackendError>(find_order(&*backend, &lookup, lang)))
                        .await
                        .unwrap_or_else(|e| Err(NotFound::Unreadable(e.text(lang))));
                    let _ = tx.send(Action::Found { request, named, result });
                });
            }
            Effect::ListViews { path } => {
                self.tasks.spawn(async move {
                    let names = tokio::task::spawn_blocking(move || views::load(&path))
                        .await
                        .map(|r| r.map(|v| v.into_iter().map(|v| v.name).collect()));
                    if let Ok(names) = names {
                        let _ = tx.send(Action::ViewsListed(names));
                    }
                });
            }
            Effect::SaveView { path, view } => {
                self.tasks.spawn(async move {
                    let name = view.name.clone();
                    if let Ok(result) = tokio::task::spawn_blocking(move || views::save(&path, view)).await {
                        let _ = tx.send(Action::ViewSaved { name, result });
                    }
                });
            }
            Effect::OpenView { path, name } => {
                self.tasks.spawn(async move {
                    if let Ok(result) = tokio::task::spawn_blocking(move || views::find(&path, &name)).await {
                        let _ = tx.send(Action::ViewOpened(result));
                    }
                });
            }
            Effect::Bulk(job) => crate::bulk_effects::start(job, backend, tx, lang),
            Effect::Copy(_) => {}
        }
    }
}

/// The id of the order `named` names: its id, else its exact reference; why not in `lang`.
fn find_order(backend: &dyn Backend, named: &str, lang: Lang) -> Result<String, NotFound> {
    let unreadable = |e: BackendError| NotFound::Unreadable(e.text(lang));
    match backend.get(named) {
        Ok(order) => return Ok(order.id),
        Err(BackendError::NotFound { .. }) => {}
        Err(other) => return Err(unreadable(other)),
    }
    match crate::backend::find::ids_with_reference(backend, named).map_err(unreadable)?.as_slice() {
        [] => Err(NotFound::None),
        [id] => Ok(id.clone()),
        several => Err(NotFound::Several(several.len())),
    }
}
