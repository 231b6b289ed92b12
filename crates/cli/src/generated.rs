//! `completions SHELL` and `man`: text generated from the clap definitions, so it never
//! disagrees with `--help`.

use super::{Cli, CompletionShell, Failure};
use clap::CommandFactory;
use clap_complete::Shell;

const BIN: &str = "smartpay-console";

/// Prints the completion script for `shell` on stdout.
pub fn completions(shell: CompletionShell) -> Result<(), Failure> {
    let shell = match shell {
        CompletionShell::Bash => Shell::Bash,
        CompletionShell::Zsh => Shell::Zsh,
        CompletionShell::Fish => Shell::Fish,
    };
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), BIN, &mut script);
    write_raw(&script)
}

/// Prints the manual page (roff, section 1) on stdout.
pub fn man_page() -> Result<(), Failure> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut page)
        .map_err(|e| Failure::io(format!("Cannot render the manual page: {e}.")))?;
    write_raw(&page)
}

/// Writes generated text as it is: a completion script contains escapes that must reach the
/// file byte for byte (unlike order data, it is ours). A closed pipe is a normal end.
fn write_raw(bytes: &[u8]) -> Result<(), Failure> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|_| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Failure::io(format!("Cannot write to stdout: {e}.")))
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn script(shell: Shell) -> String {
        let mut out = Vec::new();
        clap_complete::generate(shell, &mut Cli::command(), BIN, &mut out);
        String::from_utf8(out).expect("a completion script is UTF-8")
    }

    #[test]
    fn the_command_line_definition_is_consistent() {
        // Catches, among others, a subcommand declaring its own `--json` next to the global one.
        Cli::command().debug_assert();
    }

    #[test]
    fn the_bash_script_completes_every_subcommand_and_global_flag() {
        let bash = script(Shell::Bash);
        for word in ["orders", "capture", "refund", "void", "journal", "import", "generate", "sandbox"] {
            assert!(bash.contains(word), "bash completion lacks {word}");
        }
        for word in ["info", "check", "migrate", "completions", "man", "--json", "--db", "--api-url"] {
            assert!(bash.contains(word), "bash completion lacks {word}");
        }
        assert!(bash.contains("complete -F"), "not a bash completion script");
    }

    #[test]
    fn zsh_and_fish_scripts_name_the_commands() {
        assert!(script(Shell::Zsh).starts_with("#compdef smartpay-console"));
        let fish = script(Shell::Fish);
        assert!(fish.contains("complete -c smartpay-console") && fish.contains("capture"));
    }

    #[test]
    fn the_man_page_is_roff_naming_the_commands() {
        let mut page = Vec::new();
        clap_mangen::Man::new(Cli::command()).render(&mut page).expect("render");
        let page = String::from_utf8(page).expect("roff is UTF-8");
        assert!(page.starts_with(".ie") || page.starts_with(".TH"), "{}", &page[..80.min(page.len())]);
        assert!(page.contains(".TH smartpay-console 1"), "no title");
        assert!(page.contains("capture") && page.contains("\\-\\-json"), "the commands and flags are in the page");
    }
}
