//! The Drift view's I/O, on tokio's blocking pool: reading the saved findings (a 10,000-finding
//! file), or comparing the whole source with `--shop FILE`, never holds the render loop.

use crate::action::Action;
use crate::backend::Backend;
use crate::backend::findings;
use crate::drift::{DriftAction, DriftEffect, ReconcileJob};
use std::sync::Arc;
use tokio::sync::mpsc::UnboundedSender;

/// Runs one Drift effect and sends what came back to the app loop.
pub async fn run(
    effect: DriftEffect,
    backend: Arc<dyn Backend>,
    job: Option<ReconcileJob>,
    tx: UnboundedSender<Action>,
) {
    let action = tokio::task::spawn_blocking(move || match effect {
        DriftEffect::Load(place) => DriftAction::Loaded(findings::load(&place.file, &place.source)),
        DriftEffect::Reconcile => match job {
            Some(job) => DriftAction::Reconciled(job(&*backend)),
            None => DriftAction::Reconciled(Ok(())),
        },
    })
    .await
    .unwrap_or_else(|e| DriftAction::Reconciled(Err(format!("The comparison stopped: {e}."))));
    let _ = tx.send(Action::Drift(action));
}
