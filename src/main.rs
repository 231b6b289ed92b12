//! smartpay-console: parse the arguments, install the error and panic hooks, pick the mode, run.

use clap::Parser;
use smartpay_console::cli::{self, Cli, Failure, Lang, UsageText};
use smartpay_console::{logging, panic_guard, redact, text};
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    // Scripts never parse English: with --json anywhere on the line, even a usage error the
    // parser finds is the JSON error object.
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let json_asked = args.iter().skip(1).take_while(|a| *a != "--").any(|a| a == "--json");
    let cli = match Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(err) => return usage_error(&err, json_asked, &args),
    };
    let json = cli.global.json;
    let outcome = match cli.command {
        Some(_) if cli.console.shop.is_some() => Err(refused_here(UsageText::ShopBeforeCommand, &args)),
        Some(_) if cli.console.view.is_some() || cli.console.mouse => {
            Err(refused_here(UsageText::ViewBeforeCommand, &args))
        }
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
        None if json => Err(refused_here(UsageText::JsonWithoutCommand, &args)),
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

/// A usage failure found here, before a command runs, in the command line's language.
fn refused_here(key: UsageText, args: &[std::ffi::OsString]) -> Failure {
    Failure::usage_told(key, &[]).in_lang(cli::usage::lang_of_args(args))
}

/// A command line the parser refused (or `--help`/`--version`, which are not errors), in the
/// command line's language. Stderr speaks it; the `--json` error object's `message` stays
/// English, as every `--json` does.
fn usage_error(err: &clap::Error, json: bool, args: &[std::ffi::OsString]) -> ExitCode {
    use clap::error::ErrorKind;
    // The version is the same in every language: nothing (no config file) is read for it.
    if err.kind() == ErrorKind::DisplayVersion {
        let _ = err.print();
        return ExitCode::from(u8::try_from(err.exit_code()).unwrap_or(2));
    }
    let lang = cli::usage::lang_of_args(args);
    let help = err.kind() == ErrorKind::DisplayHelp;
    let help_instead = matches!(err.kind(), ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand);
    let japanese_help =
        || (lang == Lang::Ja && (help || help_instead)).then(|| cli::help_lang::japanese_help(args)).flatten();
    if help || (!json && (lang == Lang::En || help_instead)) {
        let status = match japanese_help() {
            Some(help) => help.print(),
            None => {
                let _ = err.print();
                err.exit_code()
            }
        };
        return ExitCode::from(u8::try_from(status).unwrap_or(2));
    }
    if json {
        let message = cli::usage::sentence(err, Lang::En);
        print_error_json(&Failure::new(2, "usage", message.as_str()), &message);
    }
    let shown = match japanese_help() {
        Some(help) => help.plain(),
        None if help_instead => err.render().to_string(),
        None => cli::usage::stderr_text(err, lang),
    };
    let _ = writeln!(std::io::stderr(), "{}", text::printable_lines(shown.trim_end()));
    ExitCode::from(2)
}
