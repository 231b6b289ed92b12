//! Effects: the I/O `update` asks for. Each runs as a tokio task (storage calls inside
//! `spawn_blocking`, never on the render path) and reports back as an [`Action`].

use super::action::{Action, Failure};
use crate::backend::{Backend, BackendError, ListQuery, OperationRequest};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tokio::sync::mpsc::UnboundedSender;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// One window of the Order List. `delay` debounces typing in the filter.
    FetchRows {
        request: u64,
        query: ListQuery,
        delay: Duration,
    },
    LoadOrder {
        request: u64,
        id: String,
    },
    Execute {
        order_id: String,
        request: OperationRequest,
    },
    /// Copy to the operator's clipboard (OSC 52: works over SSH).
    Copy(String),
    ExpireToast {
        id: u64,
        after: Duration,
    },
}

/// Runs effects against one backend and sends their answers to the app loop.
#[derive(Clone)]
pub struct Runner {
    backend: Arc<dyn Backend>,
    tx: UnboundedSender<Action>,
    /// The newest list request: a debounced fetch that has been overtaken is never started.
    latest_list: Arc<AtomicU64>,
}

impl Runner {
    pub fn new(backend: Arc<dyn Backend>, tx: UnboundedSender<Action>) -> Runner {
        Runner { backend, tx, latest_list: Arc::new(AtomicU64::new(0)) }
    }

    /// Starts `effect`; `Copy` is the app's job (it needs the terminal) and is ignored here.
    pub fn spawn(&self, effect: Effect) {
        let backend = Arc::clone(&self.backend);
        let tx = self.tx.clone();
        match effect {
            Effect::FetchRows { request, query, delay } => {
                self.latest_list.store(request, Ordering::SeqCst);
                let latest = Arc::clone(&self.latest_list);
                tokio::spawn(async move {
                    if !delay.is_zero() {
                        tokio::time::sleep(delay).await;
                        if latest.load(Ordering::SeqCst) != request {
                            return;
                        }
                    }
                    let offset = query.offset;
                    let result = blocking(move || backend.list(&query)).await;
                    let _ = tx.send(Action::RowsLoaded { request, offset, result: result.map_err(|e| e.to_string()) });
                });
            }
            Effect::LoadOrder { request, id } => {
                tokio::spawn(async move {
                    let result = blocking(move || backend.get(&id)).await;
                    let _ = tx.send(Action::OrderLoaded { request, result: result.map_err(|e| e.to_string()) });
                });
            }
            Effect::Execute { order_id, request } => {
                tokio::spawn(async move {
                    let id = order_id.clone();
                    tracing::info!(order = %id, key = %request.idempotency_key, op = request.operation.verb(), "sending");
                    let result = blocking(move || backend.execute(&id, &request)).await;
                    if let Err(e) = &result {
                        tracing::warn!(order = %order_id, error = %e, "operation did not happen");
                    }
                    let result = result.map_err(|e| Failure { refused: e.exit_code() == 3, message: e.to_string() });
                    let _ = tx.send(Action::Executed { order_id, result });
                });
            }
            Effect::ExpireToast { id, after } => {
                tokio::spawn(async move {
                    tokio::time::sleep(after).await;
                    let _ = tx.send(Action::ToastExpired(id));
                });
            }
            Effect::Copy(_) => {}
        }
    }
}

/// Runs a blocking storage call on tokio's blocking pool; a panic inside becomes an error.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, BackendError> + Send + 'static,
) -> Result<T, BackendError> {
    match tokio::task::spawn_blocking(f).await {
        Ok(result) => result,
        Err(e) => Err(BackendError::Storage(format!("the storage task stopped: {e}"))),
    }
}
