//! `--help` in the operator's language. clap builds the help from the English doc comments;
//! under `--lang ja` the built command tree is walked and every description, every help line and
//! every described value is swapped for its Japanese (`words::help`), and the rendered help's
//! headings are put in Japanese too. Only a help request pays for this: a command line that
//! parses never builds the Japanese tree.

use crate::words::help::japanese_of;
use clap::CommandFactory;
use clap::builder::{PossibleValue, PossibleValuesParser, StyledStr};
use clap::error::ErrorKind;
use clap::{Arg, ArgAction, Command};
use std::ffi::OsString;
use std::io::Write;

/// clap's own words around the texts, each at the start of a heading line (or of a bracketed
/// note) so that a help text quoting them is left alone.
const HEADINGS: &[(&str, &str)] = &[
    ("Usage:", "使い方:"),
    ("Commands:", "コマンド:"),
    ("Arguments:", "引数:"),
    ("Options:", "オプション:"),
    ("Global options:", "共通オプション:"),
    ("Console options:", "コンソールのオプション:"),
    ("Possible values:", "使える値:"),
];
const NOTES: &[(&str, &str)] = &[("[default: ", "[既定: "), ("[possible values: ", "[使える値: ")];
/// The help of the `help` subcommand's argument, which only a lazily built tree has.
const HELP_FOR_COMMANDS: &str = "指定したサブコマンドのヘルプを表示する";

/// The help a command line asked for, rendered in Japanese.
pub struct JapaneseHelp {
    styled: String,
    to_stderr: bool,
    exit: i32,
}

impl JapaneseHelp {
    /// The text without colours (for a test, or a help shown inside another message).
    pub fn plain(&self) -> String {
        anstream::adapter::strip_str(&self.styled).to_string()
    }

    /// Prints it where clap prints its help (stdout, or stderr for a command missing its
    /// subcommand), in colour when that is a terminal that takes it; the exit status clap uses.
    pub fn print(&self) -> i32 {
        let written = if self.to_stderr {
            writeln!(anstream::stderr(), "{}", self.styled.trim_end())
        } else {
            writeln!(anstream::stdout(), "{}", self.styled.trim_end())
        };
        // A closed pipe (`--help | head`) is not the help's failure.
        drop(written);
        self.exit
    }
}

/// The help `args` asked for, in Japanese: `None` when the Japanese tree does not answer with
/// help (the caller then shows clap's own).
pub fn japanese_help(args: &[OsString]) -> Option<JapaneseHelp> {
    let mut command = with_plain_help_subcommands(japanese(crate::Cli::command()));
    let asked = command.try_get_matches_from_mut(args).err()?;
    if !matches!(asked.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand) {
        return None;
    }
    let styled = with_japanese_headings(&asked.render().ansi().to_string());
    Some(JapaneseHelp { styled, to_stderr: asked.use_stderr(), exit: asked.exit_code() })
}

/// `command` (built, so the `help` flags and subcommand exist) with its texts in Japanese.
/// Only for showing help: a value list may be rebuilt as plain strings, so it is never used to
/// read a command line into the `Cli` types.
pub fn japanese(mut command: Command) -> Command {
    command.build();
    in_japanese(command)
}

/// Building the whole tree at once (which the deferred subcommands need, for their flags to be
/// there to translate) gives each `help` subcommand a copy of every command (what completion
/// scripts want); a command line builds the plain `help [COMMAND]...` that `help help` shows.
/// This puts the plain one back, for showing help.
fn with_plain_help_subcommands(command: Command) -> Command {
    let command = command.mut_subcommands(|sub| match sub.get_name() {
        "help" => sub,
        _ => with_plain_help_subcommands(sub),
    });
    let Some(help) = command.find_subcommand("help") else { return command };
    let about = help.get_about().cloned().unwrap_or_default();
    let bin_name = help.get_bin_name().map(str::to_string);
    command.mut_subcommand("help", |_| {
        let plain = Command::new("help").about(about).disable_help_flag(true).disable_version_flag(true).arg(
            Arg::new("subcommand").action(ArgAction::Append).num_args(..).value_name("COMMAND").help(HELP_FOR_COMMANDS),
        );
        match bin_name {
            Some(name) => plain.bin_name(name),
            None => plain,
        }
    })
}

fn in_japanese(mut command: Command) -> Command {
    if let Some(about) = ja(command.get_about()) {
        command = command.about(about);
    }
    if let Some(about) = ja(command.get_long_about()) {
        command = command.long_about(about);
    }
    if let Some(after) = ja(command.get_after_help()) {
        command = command.after_help(after);
    }
    if let Some(after) = ja(command.get_after_long_help()) {
        command = command.after_long_help(after);
    }
    command.mut_args(arg_in_japanese).mut_subcommands(in_japanese)
}

fn arg_in_japanese(mut arg: Arg) -> Arg {
    if let Some(help) = ja(arg.get_help()) {
        arg = arg.help(help);
    }
    if let Some(help) = ja(arg.get_long_help()) {
        arg = arg.long_help(help);
    }
    let values = arg.get_possible_values();
    if values.iter().all(|v| v.get_help().is_none()) {
        return arg;
    }
    arg.value_parser(PossibleValuesParser::new(values.into_iter().map(value_in_japanese)))
}

fn value_in_japanese(value: PossibleValue) -> PossibleValue {
    match ja(value.get_help()) {
        Some(help) => value.help(help),
        None => value,
    }
}

/// The Japanese of an English text of the tree; the English itself when the catalog has none
/// (a test finds every such text).
fn ja(english: Option<&StyledStr>) -> Option<String> {
    let english = english?.to_string();
    Some(japanese_of(&english).map_or(english, str::to_string))
}

/// The rendered help (colour codes included) with clap's headings and notes in Japanese. A
/// heading starts its line, after the indentation and colour codes clap puts in front of it; a
/// note is always `[word: …]`.
fn with_japanese_headings(rendered: &str) -> String {
    let mut out = String::with_capacity(rendered.len() + 64);
    for line in rendered.split_inclusive('\n') {
        let text_start = line.len() - without_colour_codes(line).len();
        let (codes, text) = line.split_at(text_start);
        out.push_str(codes);
        match HEADINGS.iter().find(|(en, _)| text.starts_with(en)) {
            Some((en, ja)) => {
                out.push_str(ja);
                out.push_str(&text[en.len()..]);
            }
            None => out.push_str(text),
        }
    }
    NOTES.iter().fold(out, |text, (en, ja)| text.replace(en, ja))
}

/// `line` after the indentation and colour codes (`ESC [ … m`) at its start.
fn without_colour_codes(mut line: &str) -> &str {
    loop {
        line = line.trim_start_matches(' ');
        let Some(rest) = line.strip_prefix("\x1b[") else { return line };
        match rest.find('m') {
            Some(end) if rest[..end].bytes().all(|b| b.is_ascii_digit() || b == b';') => line = &rest[end + 1..],
            _ => return line,
        }
    }
}

/// Every text of the tree a person reads in its help, with where it is: the catalog must have
/// each one.
#[cfg(test)]
pub(crate) fn texts(command: &Command, path: &str, out: &mut Vec<(String, String)>) {
    let mut push = |place: String, text: Option<&StyledStr>| {
        if let Some(text) = text {
            out.push((place, text.to_string()));
        }
    };
    push(format!("{path} about"), command.get_about());
    push(format!("{path} long about"), command.get_long_about());
    push(format!("{path} after help"), command.get_after_help());
    push(format!("{path} after long help"), command.get_after_long_help());
    for arg in command.get_arguments().filter(|a| !a.is_hide_set()) {
        let id = arg.get_id();
        push(format!("{path} {id}"), arg.get_help());
        push(format!("{path} {id} long"), arg.get_long_help());
        for value in arg.get_possible_values().iter().filter(|v| !v.is_hide_set()) {
            push(format!("{path} {id}={}", value.get_name()), value.get_help());
        }
    }
    for sub in command.get_subcommands().filter(|c| !c.is_hide_set()) {
        texts(sub, &format!("{path} {}", sub.get_name()), out);
    }
}

#[cfg(test)]
#[path = "help_lang_tests.rs"]
mod tests;
