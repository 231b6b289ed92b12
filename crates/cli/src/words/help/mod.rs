//! The Japanese of every text of `--help` (`help_lang` swaps them in under `--lang ja`), each
//! beside the English it replaces, so a changed doc comment shows here as a Japanese text that
//! no longer has its English (a test says which). Names stay as they are in both: flags,
//! commands, config keys, file columns, values and whatever the English quotes in backticks.

mod commands;
mod files;
mod global;
mod orders;
mod tools;

/// clap's own texts: the `help` flag, `--version` and the `help` subcommand.
static CLAP: &[(&str, &str)] = &[
    ("Print help", "ヘルプを表示する"),
    ("Print help (see more with '--help')", "ヘルプを表示する（詳しくは '--help'）"),
    ("Print help (see a summary with '-h')", "ヘルプを表示する（要約は '-h'）"),
    ("Print version", "バージョンを表示する"),
    (
        "Print this message or the help of the given subcommand(s)",
        "このヘルプ、または指定したサブコマンドのヘルプを表示する",
    ),
];

/// Every English text with its Japanese.
pub fn all() -> impl Iterator<Item = &'static (&'static str, &'static str)> {
    [CLAP, global::GLOBAL, commands::COMMANDS, orders::ORDERS, files::FILES, tools::TOOLS].into_iter().flatten()
}

/// The Japanese of `english`, a text of the help.
pub fn japanese_of(english: &str) -> Option<&'static str> {
    all().find(|(en, _)| *en == english).map(|(_, ja)| *ja)
}
