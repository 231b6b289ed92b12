//! One log file for the whole program, CLI and TUI alike: `<log_dir>/smartpay-console.log`,
//! never the screen. Started as soon as the settings are known (before any source opens, so
//! the start-up journal replay is logged) and finished once at the very end of `main`.
//! Every line goes through [`crate::redact`] on its way to the file, whatever logged it.

use crate::config::Settings;
use std::io::{self, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use tracing_appender::non_blocking::{NonBlocking, NonBlockingBuilder, WorkerGuard};
use tracing_appender::rolling::{RollingFileAppender, Rotation};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::MakeWriter;

pub const LOG_FILE: &str = "smartpay-console.log";

/// Lines waiting for the log writer thread at most.
const LOG_QUEUE_LINES: usize = 1024;

/// Flushes the file when dropped; kept until [`finish`].
static GUARD: Mutex<Option<WorkerGuard>> = Mutex::new(None);

/// How log lines reach the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Writer {
    /// Appended by the thread that logs: a command logs a few lines, and a writer thread
    /// would cost more (its start, and under load each hand-over waits for the scheduler:
    /// `orders list` took 130 ms of wall clock for 6 ms of CPU at load 20 with one).
    Direct,
    /// Queued to a writer thread, so the interactive console never waits for the disk.
    Queued,
}

/// Starts logging for this process (once; later calls only log) and notes what started and
/// on which source. Without a writable log directory the console runs without logs rather than
/// not at all.
pub fn start(settings: &Settings, demo: bool, writer: Writer) {
    if let Some(guard) = init(&settings.paths.log_dir, writer) {
        *GUARD.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = guard;
    }
    // The arguments are safe to log: the key is never taken from the command line, and
    // credentials written into an API URL are redacted from every line.
    let args: Vec<String> = std::env::args().skip(1).collect();
    let chosen = crate::source::choose(demo, settings);
    if let Some(crate::source::Source::Online(url)) = &chosen {
        crate::redact::register_url_credentials(url);
    }
    let source = match chosen {
        Some(source) => format!("{} {}", source.kind(), source.location().unwrap_or_default()),
        None => "none".into(),
    };
    tracing::info!(version = env!("CARGO_PKG_VERSION"), ?args, %source, read_only = settings.read_only, "starting");
}

/// Writes out what is still buffered. Call once, last thing before the process exits.
pub fn finish() {
    drop(GUARD.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).take());
}

/// Installs the file subscriber (level from `SMARTPAY_CONSOLE_LOG` or `RUST_LOG`, default
/// `info`), with the queue's guard when `Queued`. `None` when the directory cannot be made or a
/// subscriber is already installed.
fn init(log_dir: &Path, writer: Writer) -> Option<Option<WorkerGuard>> {
    std::fs::create_dir_all(log_dir).ok()?;
    let appender =
        RollingFileAppender::builder().rotation(Rotation::NEVER).filename_prefix(LOG_FILE).build(log_dir).ok()?;
    let (sink, guard) = match writer {
        Writer::Direct => (Sink::Direct(Arc::new(Mutex::new(appender))), None),
        Writer::Queued => {
            // The default queue holds 128,000 lines, allocated and touched at start (a third
            // of the CPU time of `orders list`). A session logs far fewer; when the writer
            // falls behind, logging waits for it rather than dropping a line.
            let (queue, guard) =
                NonBlockingBuilder::default().buffered_lines_limit(LOG_QUEUE_LINES).lossy(false).finish(appender);
            (Sink::Queued(queue), Some(guard))
        }
    };
    let filter = EnvFilter::try_from_env("SMARTPAY_CONSOLE_LOG")
        .or_else(|_| EnvFilter::try_from_default_env())
        .unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::fmt().with_writer(Redacting(sink)).with_ansi(false).with_env_filter(filter).try_init().ok()?;
    Some(guard)
}

/// Where a line goes: see [`Writer`].
#[derive(Clone)]
enum Sink {
    Direct(Arc<Mutex<RollingFileAppender>>),
    Queued(NonBlocking),
}

impl Sink {
    fn write_line(&mut self, line: &[u8]) -> io::Result<()> {
        match self {
            Sink::Direct(file) => file.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).write_all(line),
            Sink::Queued(queue) => queue.write_all(line),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Sink::Direct(file) => file.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).flush(),
            Sink::Queued(queue) => queue.flush(),
        }
    }
}

/// The file writer with every secret the process knows taken out of each line.
struct Redacting(Sink);

impl<'a> MakeWriter<'a> for Redacting {
    type Writer = RedactingLine;

    fn make_writer(&'a self) -> Self::Writer {
        RedactingLine(self.0.clone())
    }
}

/// One event: the formatter writes a whole line at once, so a secret is never split.
struct RedactingLine(Sink);

impl Write for RedactingLine {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let text = String::from_utf8_lossy(buf);
        self.0.write_line(crate::redact::scrub(&text).as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}
