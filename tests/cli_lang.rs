//! `--lang ja` on the commands: refusals, errors, results, countdowns and dates read in Japanese
//! on stdout and stderr, while `--json` (codes, fields, messages) is byte for byte the English.
// A test crate: a failed unwrap, expect or panic is how it reports a failure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod cli_support;

use cli_support::{automatic_order, make_db, manual_order, run_db, stderr, stdout};
use serde_json::Value;
use std::path::Path;

const MANUAL: &str = "order_test_LangManual1";
const AUTO: &str = "order_test_LangAuto1";

fn with_lang(home: &Path, db: &Path, lang: &str, args: &[&str]) -> std::process::Output {
    let mut all = vec!["--lang", lang];
    all.extend_from_slice(args);
    run_db(home, db, &all)
}

/// `--json` stdout and exit status in `lang`, each run on its own copy of the same orders (an
/// operation's replay would otherwise differ).
fn json_in(home: &Path, template: &Path, lang: &str, args: &[&str]) -> (Value, Option<i32>) {
    let db = home.join("run.redb");
    std::fs::copy(template, &db).unwrap();
    let mut all = args.to_vec();
    all.push("--json");
    let out = with_lang(home, &db, lang, &all);
    let json: Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{args:?}: JSON ({e}): {}", stderr(&out)));
    (masked(json), out.status.code())
}

/// `value` with what differs between two runs of the same operation masked: the ids the store
/// makes up and the times of the run.
fn masked(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| match k.as_str() {
                    "createdAt" | "updatedAt" | "at" => (k, Value::Null),
                    _ => (k, masked(v)),
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(masked).collect()),
        Value::String(s) if s.starts_with("payment_test_") || s.starts_with("refund_test_") => Value::from("ID"),
        other => other,
    }
}

#[test]
fn json_output_is_the_same_in_english_and_in_japanese() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    let template =
        make_db(home, home, "template.redb", &[manual_order(MANUAL, 10_000, 2), automatic_order(AUTO, 5_000, 3)]);
    let key = ["--idempotency-key", "lang-check-1"];
    let commands: Vec<Vec<&str>> = vec![
        vec!["orders", "list"],
        vec!["orders", "show", MANUAL],
        vec!["capture", MANUAL, "99,999", key[0], key[1]],
        vec!["capture", MANUAL, "1,000", key[0], key[1]],
        vec!["capture", AUTO, "100", key[0], key[1]],
        vec!["void", AUTO, key[0], key[1]],
        vec!["refund", MANUAL, "abc"],
        vec!["orders", "show", "order_test_Nobody"],
    ];
    for args in commands {
        let (en, en_exit) = json_in(home, &template, "en", &args);
        let (ja, ja_exit) = json_in(home, &template, "ja", &args);
        assert_eq!(ja, en, "{args:?}: --json differs between --lang en and --lang ja");
        assert_eq!(ja_exit, en_exit, "{args:?}");
    }
}

#[test]
fn refusals_errors_results_countdowns_and_dates_read_in_japanese() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    let db = make_db(home, home, "ja.redb", &[manual_order(MANUAL, 10_000, 2), automatic_order(AUTO, 5_000, 3)]);

    let over = with_lang(home, &db, "ja", &["capture", MANUAL, "99,999"]);
    assert_eq!(over.status.code(), Some(3));
    assert_eq!(
        stderr(&over).trim(),
        "エラー: ¥99,999 は、この注文でまだ売上確定できる ¥10,000 を超えています。（何も変更していません）"
    );
    let auto = with_lang(home, &db, "ja", &["void", AUTO]);
    assert!(stderr(&auto).contains("自動売上のため取消できません。返金してください。"), "{}", stderr(&auto));
    let bad = with_lang(home, &db, "ja", &["refund", MANUAL, "abc"]);
    assert_eq!(
        stderr(&bad).trim(),
        "エラー: 「abc」は金額ではありません。数字だけで入力してください（例: 1000、1,000）。"
    );
    let missing = with_lang(home, &db, "ja", &["orders", "show", "order_test_Nobody"]);
    assert_eq!(stderr(&missing).trim(), "エラー: ID order_test_Nobody の注文はありません。");

    let done = with_lang(home, &db, "ja", &["capture", MANUAL, "4000"]);
    assert_eq!(done.status.code(), Some(0), "{}", stderr(&done));
    let said = stdout(&done);
    assert!(said.starts_with(&format!("{MANUAL} で ¥4,000 を売上確定しました")), "{said}");
    assert!(said.contains("まだ売上確定できる額: ¥6,000。"), "{said}");

    let list = stdout(&with_lang(home, &db, "ja", &["orders", "list"]));
    assert!(list.contains("オーソリ期限") && list.contains("残り6日") && list.contains("売上確定待ち"), "{list}");
    assert!(list.contains("全2件中 2件を表示"), "{list}");
    let show = stdout(&with_lang(home, &db, "ja", &["orders", "show", MANUAL]));
    for word in ["取引履歴", "売上確定", "手動売上", "確定可能額", "¥6,000", "(残り6日"] {
        assert!(show.contains(word), "{word} in {show}");
    }
    let year = show.lines().find(|l| l.contains("作成日時")).unwrap_or_default();
    assert!(year.contains('/') && !year.contains("JST"), "a Japanese date: {year}");

    // The same file in English reads as before.
    let english = stdout(&with_lang(home, &db, "en", &["orders", "show", MANUAL]));
    assert!(english.contains("Transaction history") && english.contains(" JST"), "{english}");
}

/// The human output of `args` (stdout and stderr) under `--lang ja`, against `db`.
fn japanese_run(home: &Path, db: &Path, args: &[&str]) -> String {
    let out = with_lang(home, db, "ja", args);
    format!("{}{}", stdout(&out), stderr(&out))
}

/// The lines of `text` that read as untranslated English (three ASCII words in a row), once
/// what is English on purpose is masked: anything quoted (`…`, '…', "…", 「…」), in brackets
/// (`[OPTIONS]`, `<ID>`: a usage line), a path, a flag with its placeholder (`--db PATH`), and
/// the product and file-format names.
fn english_lines(text: &str) -> Vec<String> {
    const NAMES: &[&str] = &["Smartpay API", "Shift_JIS", "UTF-8", "smartpay-console"];
    let mut found = Vec::new();
    for line in text.lines() {
        let mut masked = line.to_string();
        for name in NAMES {
            masked = masked.replace(name, "·");
        }
        for (open, close) in [('`', '`'), ('\'', '\''), ('"', '"'), ('「', '」'), ('[', ']'), ('<', '>')] {
            masked = mask_between(&masked, open, close);
        }
        let words: Vec<&str> = masked
            .split_whitespace()
            .filter(|w| !w.contains('/'))
            .scan(false, |after_flag, w| {
                // A flag and the placeholder after it (`--note TEXT`) are the command line's words.
                let skip = w.starts_with("--") || (*after_flag && w.chars().all(|c| c.is_ascii_uppercase()));
                *after_flag = w.starts_with("--");
                Some(if skip { "·" } else { w })
            })
            .collect();
        if smartpay_i18n::check::reads_as_english(&words.join(" ")) {
            found.push(line.to_string());
        }
    }
    found
}

/// `text` with every span from `open` to the next `close` replaced by `·`.
fn mask_between(text: &str, open: char, close: char) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in text.chars() {
        match (inside, c) {
            (false, c) if c == open => inside = true,
            (true, c) if c == close => {
                inside = false;
                out.push('·');
            }
            (false, c) => out.push(c),
            (true, _) => {}
        }
    }
    out
}

#[test]
fn every_command_s_human_output_reads_in_japanese() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    let db = make_db(home, home, "ja.redb", &[manual_order(MANUAL, 10_000, 2), automatic_order(AUTO, 5_000, 3)]);
    let at = |name: &str| home.join(name).to_str().unwrap().to_string();
    let (csv, jsonl, bulk, shop, config) =
        (at("out.csv"), at("orders.jsonl"), at("rows.csv"), at("shop.csv"), at("config.toml"));
    std::fs::write(
        &bulk,
        format!("order,operation,amount\n{MANUAL},capture,1000\n{AUTO},void,\norder_test_Nobody,refund,100\n{MANUAL},capture,abc\n"),
    )
    .unwrap();
    std::fs::write(&shop, format!("order,amount,captured,refunded\n{MANUAL},12000,0,0\n")).unwrap();
    std::fs::write(&config, "[console]\nlang = \"ja\"\n[colours]\nbg = 1\n").unwrap();
    let (other_db, generated) = (at("imported.redb"), at("generated.redb"));
    let runs: Vec<Vec<&str>> = vec![
        vec!["orders", "list"],
        vec!["orders", "show", MANUAL],
        vec!["orders", "export", "--format", "csv", "--out", &csv],
        vec!["orders", "export", "--out", &jsonl],
        vec!["import", &jsonl, "--db", &other_db, "--dry-run"],
        vec!["import", &jsonl, "--db", &other_db],
        vec!["generate", "--orders", "3", "--db", &generated],
        vec!["check"],
        vec!["check", "--journal", "--mirror"],
        vec!["info"],
        vec!["info", "--check"],
        vec!["journal", "list"],
        vec!["journal", "resolve", "no-such-key", "--not-done", "--note", "checked"],
        vec!["migrate"],
        vec!["reindex"],
        vec!["bulk", &bulk, "--dry-run"],
        vec!["bulk", &bulk, "--yes"],
        vec!["bulk", &bulk, "--yes"],
        vec!["reconcile", "--shop", &shop],
        vec!["capture", MANUAL, "99,999"],
        vec!["void", AUTO],
        vec!["orders", "list", "--colour"],
        vec!["orders", "export", "--format", "xml"],
        vec!["capture", MANUAL],
        vec!["ordrs"],
        vec!["--config", &config, "orders", "list", "--status", "nothing"],
    ];
    let mut english = Vec::new();
    for args in &runs {
        let said = japanese_run(home, &db, args);
        english.extend(english_lines(&said).into_iter().map(|line| format!("{args:?}: {line}")));
    }
    assert!(english.is_empty(), "English left under --lang ja:\n{}", english.join("\n"));
}

/// Every command's path (`orders list`…), the console itself first.
fn command_paths(command: &clap::Command, path: Vec<String>, out: &mut Vec<Vec<String>>) {
    out.push(path.clone());
    for sub in command.get_subcommands().filter(|c| !c.is_hide_set() && c.get_name() != "help") {
        command_paths(sub, [path.clone(), vec![sub.get_name().to_string()]].concat(), out);
    }
}

#[test]
fn every_command_s_help_reads_in_japanese() {
    use clap::CommandFactory;
    let dir = tempfile::tempdir().unwrap();
    let mut paths = Vec::new();
    command_paths(&smartpay_console::cli::Cli::command(), Vec::new(), &mut paths);
    assert!(paths.len() > 20, "{paths:?}");
    let mut english = Vec::new();
    for path in &paths {
        for flag in ["-h", "--help"] {
            let args: Vec<&str> = path.iter().map(String::as_str).chain([flag]).collect();
            let out = with_lang(dir.path(), &dir.path().join("none.redb"), "ja", &args);
            assert_eq!(out.status.code(), Some(0), "{args:?}");
            let help = stdout(&out);
            assert!(help.contains("使い方: smartpay-console") && help.contains("オプション:"), "{args:?}: {help}");
            english.extend(english_lines(&help).into_iter().map(|line| format!("{args:?}: {line}")));
        }
    }
    assert!(english.is_empty(), "English left in --help under --lang ja:\n{}", english.join("\n"));
    // The same help in English is clap's own.
    let out = with_lang(dir.path(), &dir.path().join("none.redb"), "en", &["orders", "list", "--help"]);
    assert!(
        stdout(&out).contains("Usage: smartpay-console orders list") && stdout(&out).contains("Show at most N orders")
    );
}

#[test]
fn the_english_finder_catches_a_sentence_and_spares_what_is_english_on_purpose() {
    assert_eq!(english_lines("エラー: the order was not found").len(), 1);
    let on_purpose = "使い方: smartpay-console orders list [OPTIONS]\n`smartpay-console journal resolve KEY --done ID…` または --not-done --note TEXT\n/tmp/a b/orders.redb を検証しました";
    assert!(english_lines(on_purpose).is_empty(), "{:?}", english_lines(on_purpose));
}

/// The language comes from the settings once they load; a config file that cannot load is read
/// for its `console.lang` alone, so its own error reads in that language, from a command and
/// from the console, and so does a command's failure after it loaded.
#[test]
fn a_config_file_s_language_speaks_its_own_error_and_a_command_s() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    let config = home.join("config.toml");
    let missing = home.join("missing.redb");
    let config_flag = ["--config", config.to_str().unwrap()];
    std::fs::write(&config, "[console]\nlang = \"ja\"\nmouse = \"maybe\"\n").unwrap();
    for args in [vec!["orders", "list"], vec![]] {
        let out = run_db(home, &missing, &[&config_flag[..], &args].concat());
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).starts_with("エラー: 設定ファイル"), "{args:?}: {}", stderr(&out));
    }
    std::fs::write(&config, "[console]\nlang = \"ja\"\n").unwrap();
    let out = run_db(home, &missing, &[&config_flag[..], &["orders", "list"]].concat());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).starts_with("エラー: "), "{}", stderr(&out));
    assert!(english_lines(&stderr(&out)).is_empty(), "{}", stderr(&out));
}
