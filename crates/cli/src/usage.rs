//! A command line the argument parser refused, told in the operator's language: the sentence is
//! rebuilt from clap's error kind and context through the catalog (`UsageText`). English keeps
//! clap's own rendering; `--json` keeps its English `message` in both languages.

use crate::config::{Lang, Overrides, early_lang};
use crate::words::UsageText as U;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use smartpay_i18n::Message;
use smartpay_i18n::sentences::ErrorText;
use std::ffi::OsString;
use std::path::PathBuf;

/// The language of a command line the parser could not read: its own `--lang` (and `--config`)
/// as far as they can be found, then SMARTPAY_CONSOLE_LANG and the config file.
pub fn lang_of_args(args: &[OsString]) -> Lang {
    let mut flags = Overrides::default();
    let words: Vec<String> =
        args.iter().skip(1).take_while(|a| *a != "--").map(|a| a.to_string_lossy().into_owned()).collect();
    for (i, word) in words.iter().enumerate() {
        let value = |name: &str| match word.strip_prefix(name) {
            Some("") => words.get(i + 1).cloned(),
            Some(rest) => rest.strip_prefix('=').map(str::to_string),
            None => None,
        };
        if let Some(lang) = value("--lang").and_then(|v| Lang::parse(&v)) {
            flags.lang = Some(lang);
        }
        if let Some(path) = value("--config") {
            flags.config = Some(PathBuf::from(path));
        }
    }
    early_lang(&flags)
}

/// The parser's sentence in `lang` (the first line of its error, without `error: `).
pub fn sentence(err: &clap::Error, lang: Lang) -> String {
    let text = |key: U, args: &[(&str, &dyn std::fmt::Display)]| key.fill(lang, args);
    let arg = one(err, ContextKind::InvalidArg);
    let value = one(err, ContextKind::InvalidValue);
    let english = || {
        let rendered = err.render().to_string();
        let first = rendered.lines().next().unwrap_or_default().to_string();
        first.strip_prefix("error: ").map(str::to_string).unwrap_or(first)
    };
    match err.kind() {
        // Its rendering is the help text, not a sentence.
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => text(U::NeedsSubcommand, &[]),
        _ if lang == Lang::En => english(),
        ErrorKind::MissingSubcommand => text(U::NeedsSubcommand, &[]),
        ErrorKind::UnknownArgument => text(U::UnknownArgument, &[("arg", &arg)]),
        ErrorKind::InvalidSubcommand => {
            text(U::InvalidSubcommand, &[("sub", &one(err, ContextKind::InvalidSubcommand))])
        }
        ErrorKind::InvalidValue if value.is_empty() => text(U::MissingValue, &[("arg", &arg)]),
        ErrorKind::InvalidValue => text(U::InvalidValue, &[("arg", &arg), ("value", &value)]),
        ErrorKind::ValueValidation => match std::error::Error::source(err) {
            // The value parser's own reason (a number that does not parse…) as it gave it.
            Some(why) => text(U::InvalidValueWhy, &[("arg", &arg), ("value", &value), ("why", &why)]),
            None => text(U::InvalidValue, &[("arg", &arg), ("value", &value)]),
        },
        ErrorKind::MissingRequiredArgument => text(U::MissingRequired, &[("args", &arg)]),
        ErrorKind::ArgumentConflict => {
            let prior = one(err, ContextKind::PriorArg);
            if prior == arg {
                text(U::ConflictTwice, &[("arg", &arg)])
            } else {
                let other =
                    if prior.is_empty() { U::ConflictOthers.text(lang).to_string() } else { format!("'{prior}'") };
                text(U::Conflict, &[("arg", &arg), ("other", &other)])
            }
        }
        ErrorKind::NoEquals => text(U::NoEquals, &[("arg", &arg)]),
        ErrorKind::TooManyValues => text(U::TooManyValues, &[("arg", &arg), ("value", &value)]),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => text(U::WrongNumberOfValues, &[("arg", &arg)]),
        ErrorKind::InvalidUtf8 => text(U::InvalidUtf8, &[]),
        _ => english(),
    }
}

/// What stderr shows: clap's own text in English; in Japanese the sentence, the possible
/// values, a suggestion, the usage line and where to find more.
pub fn stderr_text(err: &clap::Error, lang: Lang) -> String {
    if lang == Lang::En {
        return err.render().to_string().trim_end().to_string();
    }
    let mut out = ErrorText::ErrorPrefix.fill(lang, &[("message", &sentence(err, lang))]);
    let valid = one(err, ContextKind::ValidValue);
    if matches!(err.kind(), ErrorKind::InvalidValue) && !valid.is_empty() {
        out += &format!("\n  [{}]", U::PossibleValues.fill(lang, &[("values", &valid)]));
    }
    let suggested = [ContextKind::SuggestedSubcommand, ContextKind::SuggestedArg, ContextKind::SuggestedValue]
        .into_iter()
        .map(|kind| one(err, kind))
        .find(|s| !s.is_empty());
    if let Some(suggested) = suggested {
        out += &format!("\n\n  {}", U::Suggested.fill(lang, &[("suggested", &suggested)]));
    }
    let usage = one(err, ContextKind::Usage);
    if let Some(usage) = usage.trim().strip_prefix("Usage:") {
        out += &format!("\n\n{}", U::UsageLine.fill(lang, &[("usage", &usage.trim())]));
    }
    out + "\n\n" + U::MoreHelp.text(lang)
}

/// A context value as plain text (lists joined with `, `); empty when absent.
fn one(err: &clap::Error, kind: ContextKind) -> String {
    match err.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(list)) => list.join(", "),
        Some(ContextValue::StyledStr(s)) => s.to_string(),
        Some(ContextValue::StyledStrs(list)) => list.iter().map(ToString::to_string).collect::<Vec<_>>().join(", "),
        Some(ContextValue::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn refused(args: &[&str]) -> clap::Error {
        crate::Cli::try_parse_from(args.iter().copied()).expect_err("refused")
    }

    #[test]
    fn the_parsers_refusals_read_in_japanese_and_stay_clap_s_own_in_english() {
        let unknown = refused(&["smartpay-console", "orders", "list", "--colour"]);
        assert_eq!(sentence(&unknown, Lang::Ja), "引数 '--colour' は使えません");
        assert!(stderr_text(&unknown, Lang::En).starts_with("error: unexpected argument '--colour' found"));
        let shown = stderr_text(&unknown, Lang::Ja);
        assert!(shown.starts_with("エラー: 引数 '--colour' は使えません") && shown.contains("使い方: "), "{shown}");
        let sentences: String = shown.lines().filter(|l| !l.starts_with("使い方: ")).collect();
        assert!(!smartpay_i18n::check::reads_as_english(&sentences), "{shown}");

        let bad = refused(&["smartpay-console", "orders", "export", "--format", "xml"]);
        let shown = stderr_text(&bad, Lang::Ja);
        assert!(
            shown.contains("'--format <FORMAT>' の値 'xml' は使えません") && shown.contains("使える値: csv, jsonl"),
            "{shown}"
        );
        let missing = refused(&["smartpay-console", "capture", "order_test_1", "--idempotency-key"]);
        assert!(sentence(&missing, Lang::Ja).contains("には値が必要です"), "{}", sentence(&missing, Lang::Ja));
        let number = refused(&["smartpay-console", "generate", "--orders", "many"]);
        assert!(sentence(&number, Lang::Ja).starts_with("'--orders <N>' の値 'many' は使えません: "));
        let typo = refused(&["smartpay-console", "ordrs"]);
        assert!(
            stderr_text(&typo, Lang::Ja).contains("ヒント: 'orders' のことですか"),
            "{}",
            stderr_text(&typo, Lang::Ja)
        );
        let lang = lang_of_args(&["x", "--lang=ja", "--nope"].map(OsString::from));
        assert_eq!(lang, Lang::Ja);
    }
}
