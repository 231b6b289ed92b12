//! smartpay-console: parse the arguments, install the error and panic hooks, pick the mode, run.

use clap::Parser;
use smartpay_console::cli::{self, Cli};
use smartpay_console::{panic_guard, tui};
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
        None => tui::launch(&cli.global),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            // Not eprintln!: after a hang-up stderr may be gone, and that must not panic.
            let _ = writeln!(std::io::stderr(), "error: {}", failure.message);
            ExitCode::from(u8::try_from(failure.code).unwrap_or(1))
        }
    }
}
