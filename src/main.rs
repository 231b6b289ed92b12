//! smartpay-console: parse the arguments, install the error and panic hooks, pick the mode, run.

use clap::Parser;
use smartpay_console::cli::{self, Cli};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(command) => match cli::run(&cli.global, command) {
            Ok(()) => ExitCode::SUCCESS,
            Err(failure) => {
                eprintln!("error: {}", failure.message);
                ExitCode::from(failure.code as u8)
            }
        },
        None => match smartpay_console::tui::launch(&cli.global) {
            Ok(()) => ExitCode::SUCCESS,
            Err(failure) => {
                eprintln!("error: {}", failure.message);
                ExitCode::from(failure.code as u8)
            }
        },
    }
}
