//! The sandbox: the Smartpay API v1 subset served over a local order file (axum), so online
//! mode can be tried and tested end to end without the internet — stateful, like a stripe-mock
//! that remembers.
//!
//! It speaks the real API's shapes (collections, `expand`, error bodies, ids in Smartpay's own
//! formats), applies the same domain rules as every other backend, honours `Idempotency-Key`,
//! and can inject latency and failures, including failures *after* a write is committed (the
//! case that causes double refunds in real life).

mod api_error;
mod faults;
mod handlers;
mod idempotency;
mod panic_layer;
mod shapes;
mod state;

pub use state::SandboxOptions;

use crate::backend::local::{LocalStore, OpenMode};
use crate::cli::Failure;
use std::io::Write;
use std::path::Path;
use std::sync::Arc;

/// Serves `db` on `listen` until interrupted. Prints the base URL (`http://ADDR/v1`) on its own
/// line on stdout once the socket is bound, so a caller that asked for port 0 learns the port.
pub fn run(db: &Path, listen: &str, latency_ms: u64, fail_rate: f64) -> Result<(), Failure> {
    let store = LocalStore::open(db, OpenMode::CreateIfMissing)?;
    let options = SandboxOptions { latency_ms, fail_rate };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::io(format!("Cannot start the sandbox runtime: {e}.")))?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(listen)
            .await
            .map_err(|e| Failure::io(format!("Cannot listen on {listen}: {e}.")))?;
        let addr = listener.local_addr().map_err(|e| Failure::io(format!("Cannot read the bound address: {e}.")))?;
        let mut out = std::io::stdout().lock();
        // The first line is the contract for scripts and tests; a closed stdout is not fatal.
        let _ = writeln!(out, "Sandbox listening on http://{addr}/v1");
        let _ = out.flush();
        drop(out);
        eprintln!(
            "Serving {} (latency {latency_ms} ms, fail rate {fail_rate}); use SMARTPAY_SECRET_KEY=sk_test_… and --api-url http://{addr}/v1. Ctrl-C stops.",
            db.display()
        );
        serve(listener, Arc::new(store), options)
            .await
            .map_err(|e| Failure::io(format!("The sandbox stopped: {e}.")))
    })
}

/// Serves the API on an already bound listener until Ctrl-C (for tests that run it in-process).
pub async fn serve(
    listener: tokio::net::TcpListener,
    store: Arc<LocalStore>,
    options: SandboxOptions,
) -> std::io::Result<()> {
    let app = handlers::router(state::Sandbox::new(store, options));
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}
