use super::*;
use crate::words::help::all;

fn english_texts() -> Vec<(String, String)> {
    let mut command = crate::Cli::command();
    command.build();
    let mut found = Vec::new();
    texts(&command, "smartpay-console", &mut found);
    found
}

fn help_of(args: &[&str]) -> String {
    let args: Vec<OsString> = args.iter().map(OsString::from).collect();
    japanese_help(&args).expect("help").plain()
}

#[test]
fn every_text_of_the_help_has_its_japanese() {
    let missing: Vec<_> = english_texts().into_iter().filter(|(_, text)| japanese_of(text).is_none()).collect();
    assert!(missing.is_empty(), "no Japanese for:\n{missing:#?}");
}

#[test]
fn every_japanese_help_text_belongs_to_a_text_of_the_help() {
    let english: Vec<String> = english_texts().into_iter().map(|(_, text)| text).collect();
    let unused: Vec<&str> = all().map(|(en, _)| *en).filter(|en| !english.iter().any(|text| text == en)).collect();
    assert!(unused.is_empty(), "the help has no such text (changed or gone?):\n{unused:#?}");
}

#[test]
fn every_japanese_help_text_is_japanese_and_keeps_the_english_s_names() {
    for (en, ja) in all() {
        assert!(!ja.is_ascii(), "not Japanese: {ja}");
        // Flags, paths and commands quoted in backticks are names, the same in both.
        for quoted in en.split('`').skip(1).step_by(2) {
            assert!(ja.contains(&format!("`{quoted}`")), "the Japanese of {en:?} lacks `{quoted}`");
        }
    }
}

#[test]
fn the_help_of_the_console_and_of_a_command_reads_in_japanese() {
    let top = help_of(&["smartpay-console", "--lang", "ja", "--help"]);
    for part in ["使い方: smartpay-console", "コマンド:", "オプション:", "ヘルプを表示"] {
        assert!(top.contains(part), "{part} missing in:\n{top}");
    }
    assert!(!top.contains("List, show or export orders"), "{top}");
    let refund = help_of(&["smartpay-console", "refund", "--help", "--lang=ja"]);
    assert!(refund.contains("引数:") && refund.contains("使い方: smartpay-console refund"), "{refund}");
    assert!(!refund.contains("Print help"), "{refund}");
    let encoding = help_of(&["smartpay-console", "--lang", "ja", "reconcile", "--help"]);
    assert!(encoding.contains("shift_jis: "), "{encoding}");
    assert!(!encoding.contains("as Windows writes it") && encoding.contains("使える値:"), "{encoding}");
}

#[test]
fn a_subcommand_left_out_shows_its_command_s_help_in_japanese_on_stderr() {
    let args: Vec<OsString> = ["smartpay-console", "--lang", "ja", "journal"].iter().map(OsString::from).collect();
    let help = japanese_help(&args).expect("help");
    assert!(help.plain().contains("使い方: smartpay-console journal"), "{}", help.plain());
    assert!(help.to_stderr && help.exit == 2);
}

#[test]
fn clap_s_headings_are_japanese_where_they_start_a_line_and_nowhere_else() {
    let rendered = "\x1b[1m\x1b[4mUsage:\x1b[0m x\n\n\x1b[1mOptions:\x1b[0m\n  --a  Options: stay here [default: 5]\n      Possible values:\n";
    assert_eq!(
        with_japanese_headings(rendered),
        "\x1b[1m\x1b[4m使い方:\x1b[0m x\n\n\x1b[1mオプション:\x1b[0m\n  --a  Options: stay here [既定: 5]\n      使える値:\n"
    );
}

#[test]
fn a_command_line_that_is_not_a_help_request_gets_no_japanese_help() {
    let args: Vec<OsString> =
        ["smartpay-console", "--lang", "ja", "orders", "list"].iter().map(OsString::from).collect();
    assert!(japanese_help(&args).is_none());
}

#[test]
fn help_help_is_the_plain_page_a_command_line_builds() {
    let english = {
        let mut command = crate::Cli::command();
        let asked = command.try_get_matches_from_mut(["smartpay-console", "help", "help"]).expect_err("help");
        asked.render().to_string()
    };
    assert!(english.contains("[COMMAND]..."), "{english}");
    let japanese = help_of(&["smartpay-console", "--lang", "ja", "help", "help"]);
    assert!(
        japanese.contains("使い方: smartpay-console help [COMMAND]...") && japanese.contains("引数:"),
        "{japanese}"
    );
    assert!(!japanese.contains("コマンド:"), "{japanese}");
    assert_eq!(japanese.lines().count(), english.lines().count(), "{japanese}");
}
