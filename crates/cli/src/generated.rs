//! `completions SHELL` and `man`: text generated from the clap definitions, so it never
//! disagrees with `--help`; under `--lang ja` the scripts' descriptions come from the same
//! Japanese tree as `--help`.

use super::{Cli, CompletionShell, Failure, Lang};
use clap::CommandFactory;
use clap_complete::Shell;

const BIN: &str = "smartpay-console";

/// The command tree with its texts in `lang`.
fn tree(lang: Lang) -> clap::Command {
    match lang {
        Lang::En => Cli::command(),
        Lang::Ja => crate::help_lang::japanese(Cli::command()),
    }
}

/// Prints the completion script for `shell` on stdout, its descriptions in `lang`.
pub fn completions(shell: CompletionShell, lang: Lang) -> Result<(), Failure> {
    let shell = match shell {
        CompletionShell::Bash => Shell::Bash,
        CompletionShell::Zsh => Shell::Zsh,
        CompletionShell::Fish => Shell::Fish,
    };
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command_for_scripts(lang), BIN, &mut script);
    write_raw(&script)
}

/// The command tree as the completion scripts read it, each command's own flags first.
///
/// The subcommands are `defer`red: a command line builds only the subcommand it names, which
/// is most of a short command's start-up (docs/PERFORMANCE.md, "Session 7: start-up"). Built
/// that way, a subcommand holds the global flags it inherits in front of its own, and the
/// scripts offer flags in the order they stand (bash with `-o nosort`). So the inherited block
/// is moved back behind the command's own flags, before the generated `--help`: the order an
/// eagerly built tree has.
fn command_for_scripts(lang: Lang) -> clap::Command {
    let mut cmd = tree(lang);
    cmd.build();
    own_flags_first(&mut cmd, &[]);
    cmd
}

fn own_flags_first(cmd: &mut clap::Command, inherited: &[clap::Id]) {
    let args: Vec<clap::Arg> = cmd.get_arguments().cloned().collect();
    let from_above = args.iter().take_while(|a| inherited.contains(a.get_id())).count();
    let generated = args.iter().rev().take_while(|a| matches!(a.get_id().as_str(), "help" | "version")).count();
    let own_end = args.len() - generated.min(args.len() - from_above);
    let mut reordered = args[from_above..own_end].iter().chain(&args[..from_above]).chain(&args[own_end..]).cloned();
    *cmd = std::mem::take(cmd).mut_args(|arg| reordered.next().unwrap_or(arg));
    let globals: Vec<clap::Id> =
        cmd.get_arguments().filter(|a| a.is_global_set()).map(|a| a.get_id().clone()).collect();
    for sub in cmd.get_subcommands_mut() {
        own_flags_first(sub, &globals);
    }
}

/// Prints the manual page (roff, section 1) on stdout, in English whatever the language: groff
/// finds no place to break a line of Japanese, which has no spaces, and renders it stretched
/// across the width or running past it.
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
        script_in(shell, Lang::En)
    }

    fn script_in(shell: Shell, lang: Lang) -> String {
        let mut out = Vec::new();
        clap_complete::generate(shell, &mut command_for_scripts(lang), BIN, &mut out);
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
    fn the_bash_script_offers_a_commands_own_flags_before_the_global_ones() {
        // Subcommands are built lazily (`defer`); built so, their inherited global flags stand
        // in front of their own, and bash (`-o nosort`) would offer them first.
        let bash = script(Shell::Bash);
        let mut checked = 0;
        for line in bash.lines().filter_map(|l| l.trim().strip_prefix("opts=\"")) {
            let words: Vec<&str> = line.trim_end_matches('"').split(' ').collect();
            let (Some(first_global), false) = (words.iter().position(|w| *w == "--demo"), words.contains(&"--shop"))
            else {
                continue;
            };
            let own: Vec<&&str> = words[..first_global].iter().filter(|w| w.starts_with("--")).collect();
            let after: Vec<&&str> =
                words[first_global + 8..].iter().filter(|w| w.starts_with("--") && **w != "--help").collect();
            assert_eq!(words[first_global..first_global + 8].last(), Some(&"--json"), "{line}");
            assert!(after.is_empty(), "own flags {after:?} offered after the global ones: {line}");
            checked += usize::from(!own.is_empty());
        }
        assert!(checked >= 10, "only {checked} subcommands with flags of their own were checked");
    }

    #[test]
    fn zsh_and_fish_scripts_name_the_commands() {
        assert!(script(Shell::Zsh).starts_with("#compdef smartpay-console"));
        let fish = script(Shell::Fish);
        assert!(fish.contains("complete -c smartpay-console") && fish.contains("capture"));
    }

    #[test]
    fn under_japanese_the_scripts_describe_in_japanese() {
        let zsh = script_in(Shell::Zsh, Lang::Ja);
        assert!(zsh.contains("手動売上の注文の AMOUNT を売上確定する") && !zsh.contains("Capture AMOUNT of"), "{zsh}");
        let bash = script_in(Shell::Bash, Lang::Ja);
        assert_eq!(bash, script(Shell::Bash), "bash offers words only, the same in both");
        let fish = script_in(Shell::Fish, Lang::Ja);
        assert!(fish.contains("注文を一覧・表示・書き出す"), "{fish}");
        // The same words to complete, the commands under `help` included.
        let words = |script: &str| script.lines().filter(|l| l.contains("help")).count();
        assert_eq!(words(&fish), words(&script(Shell::Fish)));
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
