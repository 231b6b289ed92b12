//! Logs go to a file in the log directory, never to the screen the TUI draws on.

use std::path::Path;
use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::EnvFilter;

/// Starts logging to `<log_dir>/smartpay-console.log` (level from `SMARTPAY_CONSOLE_LOG` or
/// `RUST_LOG`, default `info`). Keep the guard alive: dropping it flushes the file. Without a
/// writable log directory the console runs without logs rather than not at all.
pub fn init(log_dir: &Path) -> Option<WorkerGuard> {
    std::fs::create_dir_all(log_dir).ok()?;
    let appender = tracing_appender::rolling::never(log_dir, "smartpay-console.log");
    let (writer, guard) = tracing_appender::non_blocking(appender);
    let filter = EnvFilter::try_from_env("SMARTPAY_CONSOLE_LOG")
        .or_else(|_| EnvFilter::try_from_default_env())
        .unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::fmt().with_writer(writer).with_ansi(false).with_env_filter(filter).try_init().ok()?;
    Some(guard)
}
