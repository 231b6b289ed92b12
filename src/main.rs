//! smartpay-console: parse the arguments, install the error and panic hooks, pick the mode, run.

use clap::Parser;
use smartpay_console::cli::{self, Cli};
use smartpay_console::{logging, panic_guard, redact, text};
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Some(command) => {
            panic_guard::install_hooks(|| {});
            cli::run(&cli.global, command)
        }
        // The TUI installs the hooks itself, with the terminal restore in front.
        None => cli::launch(&cli.global),
    };
    match &outcome {
        Ok(()) => tracing::info!("done"),
        Err(failure) => tracing::warn!(status = failure.code, "failed: {}", failure.message),
    }
    logging::finish();
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            // Whatever the message quotes (a server's answer, order data), no secret and no
            // control character reaches the terminal.
            let message = redact::scrub(&failure.message).into_owned();
            // Not eprintln!: after a hang-up stderr may be gone, and that must not panic.
            let _ = writeln!(std::io::stderr(), "error: {}", text::printable_lines(&message));
            ExitCode::from(u8::try_from(failure.code).unwrap_or(1))
        }
    }
}
