//! smartpay-console: parse the arguments, install the error and panic hooks, pick the mode, run.

use clap::Parser;
use smartpay_console::cli::{self, Cli, Failure};
use smartpay_console::{logging, panic_guard, redact, text};
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    // Scripts never parse English: with --json anywhere on the line, even a usage error the
    // parser finds is the JSON error object.
    let json_asked = std::env::args_os().skip(1).take_while(|a| a != "--").any(|a| a == "--json");
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => return usage_error(&err, json_asked),
    };
    let json = cli.global.json;
    let outcome = match cli.command {
        Some(_) if cli.console.shop.is_some() => Err(Failure::usage(
            "--shop before a command opens nothing: run `reconcile --shop FILE`, or give --shop FILE without a command to open the console on its Drift view.",
        )),
        Some(_) if cli.console.view.is_some() || cli.console.mouse => Err(Failure::usage(
            "--view and --mouse before a command are for the interactive console; for a saved view in `orders list`, put --view after `list`.",
        )),
        Some(command) => {
            panic_guard::install_hooks(move || {
                if json {
                    let failure = Failure::new(
                        101,
                        "internal",
                        "The console stopped on an internal error; the log has the details.",
                    );
                    print_error_json(&failure, &failure.message);
                }
            });
            cli::run(&cli.global, command)
        }
        None if json => {
            Err(Failure::usage("--json applies to the commands (orders, capture, …), not to the interactive console."))
        }
        // The TUI installs the hooks itself, with the terminal restore in front.
        None => cli::launch(&cli.global, cli.console),
    };
    match &outcome {
        Ok(()) => tracing::info!("done"),
        Err(failure) => tracing::warn!(status = failure.exit, code = failure.code, "failed: {}", failure.message),
    }
    logging::finish();
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            // Whatever the message quotes (a server's answer, order data), no secret and no
            // control character reaches the terminal.
            let message = redact::scrub(&failure.message).into_owned();
            if json && !failure.reported {
                print_error_json(&failure, &message);
            }
            // In the operator's language (`--lang`); `--json` above stays English.
            let line = redact::scrub(&failure.stderr_line()).into_owned();
            // Not eprintln!: after a hang-up stderr may be gone, and that must not panic.
            let _ = writeln!(std::io::stderr(), "{}", text::printable_lines(&line));
            ExitCode::from(u8::try_from(failure.exit).unwrap_or(1))
        }
    }
}

/// `{"error": {"code", "message", "exit"}}` on stdout, and nothing else there.
fn print_error_json(failure: &Failure, message: &str) {
    let body = failure.to_json(message);
    let _ = writeln!(std::io::stdout(), "{}", text::escape_json_for_terminal(&body));
}

/// A command line the parser refused (or `--help`/`--version`, which are not errors).
fn usage_error(err: &clap::Error, json: bool) -> ExitCode {
    use clap::error::ErrorKind;
    if !json || matches!(err.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        let _ = err.print();
        return ExitCode::from(u8::try_from(err.exit_code()).unwrap_or(2));
    }
    let rendered = err.render().to_string();
    let first = rendered.lines().next().unwrap_or_default();
    let message = match err.kind() {
        // Its rendering is the help text, not a sentence.
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "This command needs a subcommand; add --help to list them."
        }
        _ => first.strip_prefix("error: ").unwrap_or(first),
    };
    let failure = Failure::new(2, "usage", message);
    print_error_json(&failure, message);
    let _ = writeln!(std::io::stderr(), "{}", rendered.trim_end());
    ExitCode::from(2)
}
