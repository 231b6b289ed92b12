//! The sandbox: the Smartpay API v1 served over local order files (axum), so online mode — and
//! Smartpay's official SDKs — can be tried and tested end to end without the internet;
//! stateful, like a stripe-mock that remembers.
//!
//! It speaks the API as Smartpay documents it (collections, `expand`, every documented field,
//! JSON error bodies, ids in Smartpay's own formats), applies the same domain rules as every
//! other backend, honours `Idempotency-Key` for 6 hours of its own clock, serves the documented
//! shape variants on demand (`--variant`), one order file per secret key (`--account`), and
//! injects latency and failures, including failures *after* a write is committed (the case
//! that causes double refunds in real life).

// The layers below, under the names this crate's paths use (`crate::domain::Order`).
use smartpay_domain as domain;
use smartpay_store as backend;
use smartpay_wire as wire;

mod accounts;
mod admin;
mod api_error;
mod clock;
mod faults;
mod idempotency;
mod keyed;
mod listing;
mod lookup;
mod object_routes;
mod objects;
mod orders;
mod panic_layer;
mod payments;
mod refunds;
mod requests;
mod responses;
mod routes;
mod server;
mod shapes;
mod state;
mod totals;
mod variants;

pub use accounts::{AccountSpec, parse_account};
pub use state::SandboxOptions;
pub use variants::{Variant, Variants};

use crate::backend::BackendError;
use accounts::{Accounts, Mode, key_mode};
use std::io::Write;
use std::path::Path;

/// Why the sandbox could not start: a usage error (exit status 2), the runtime or the socket
/// (1), or an order file (the store's own status).
#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    #[error("{0}")]
    Usage(String),
    #[error("{0}")]
    Io(String),
    #[error(transparent)]
    Store(#[from] BackendError),
}

/// Serves `db` (any test key) and the `accounts` on `listen` until interrupted. Prints the base
/// URL (`http://ADDR/v1`) on its own line on stdout once the socket is bound, so a caller that
/// asked for port 0 learns the port.
pub fn run(
    db: Option<&Path>,
    accounts: &[AccountSpec],
    listen: &str,
    options: SandboxOptions,
) -> Result<(), SandboxError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| SandboxError::Io(format!("Cannot start the sandbox runtime: {e}.")))?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(listen)
            .await
            .map_err(|e| SandboxError::Io(format!("Cannot listen on {listen}: {e}.")))?;
        let addr = listener.local_addr().map_err(|e| SandboxError::Io(format!("Cannot read the bound address: {e}.")))?;
        let live = accounts.iter().any(|a| key_mode(&a.key) == Some(Mode::Live));
        if live && !addr.ip().is_loopback() {
            return Err(SandboxError::Usage(format!(
                "A live-format key (sk_live_…) is only served on a loopback address, not on {addr}."
            )));
        }
        clock::set_offset(options.clock_offset_ms);
        let opened = Accounts::open(db, accounts)?;
        let mut out = std::io::stdout().lock();
        // The first line is the contract for scripts and tests; a closed stdout is not fatal.
        let _ = writeln!(out, "Sandbox listening on http://{addr}/v1");
        let _ = out.flush();
        drop(out);
        let variants = options.variants.names();
        eprintln!(
            "Serving {} file(s) (latency {} ms, fail rate {}, variants: {}); use --api-url http://{addr}/v1 with a key of this sandbox. Ctrl-C stops.",
            usize::from(db.is_some()) + accounts.len(),
            options.latency_ms,
            options.fail_rate,
            if variants.is_empty() { "none".to_string() } else { variants.join(", ") },
        );
        let timeouts = server::Timeouts { header: options.header_timeout, idle: options.idle_timeout };
        let app = routes::router(state::Sandbox::new(opened, &options));
        server::serve(listener, app, timeouts, async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await;
        Ok(())
    })
}
