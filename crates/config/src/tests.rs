use super::*;
use std::collections::HashMap;

fn paths(dir: &Path) -> Paths {
    Paths { config_file: dir.join("config.toml"), data_dir: dir.join("data"), log_dir: dir.join("logs") }
}

#[test]
fn example_config_parses_and_env_overrides_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let example = include_str!("../../../config.example.toml");
    std::fs::write(dir.path().join("config.toml"), example).expect("write config");
    let env: HashMap<&str, &str> =
        [("SMARTPAY_CONSOLE_OPERATOR", "suzuki"), ("SMARTPAY_SECRET_KEY", "sk_test_abc")].into();
    let s = Settings::load_from(&Overrides::default(), paths(dir.path()), |k| env.get(k).map(|v| v.to_string()))
        .expect("example config is valid");
    assert!(s.config_loaded);
    assert_eq!(s.operator, "suzuki");
    assert_eq!(s.secret_key.as_ref().map(|k| k.expose()), Some("sk_test_abc"));
    assert!(!format!("{s:?}").contains("sk_test_abc"), "Debug never shows the key");
}

#[test]
fn flags_beat_environment() {
    let dir = tempfile::tempdir().expect("temp dir");
    let flags = Overrides { operator: Some("tanaka".into()), ..Overrides::default() };
    let s =
        Settings::load_from(&flags, paths(dir.path()), |k| (k == "SMARTPAY_CONSOLE_OPERATOR").then(|| "suzuki".into()))
            .expect("no file is fine");
    assert_eq!(s.operator, "tanaka");
    assert!(!s.config_loaded);
}

#[test]
fn a_named_config_that_is_missing_is_an_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let flags = Overrides { config: Some(dir.path().join("nope.toml")), ..Overrides::default() };
    let err = Settings::load_from(&flags, paths(dir.path()), |_| None).expect_err("missing named file");
    assert!(err.to_string().starts_with("Cannot read the config file"), "{err}");
}

#[test]
fn unknown_keys_are_named() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("config.toml"), "[console]\noperater = \"x\"\n").expect("write");
    let err = Settings::load_from(&Overrides::default(), paths(dir.path()), |_| None).expect_err("typo");
    assert!(err.to_string().contains("operater"), "{err}");
}

#[test]
fn a_flag_source_beats_an_environment_source_of_another_kind() {
    let dir = tempfile::tempdir().expect("temp dir");
    let flags = Overrides { api_url: Some("http://127.0.0.1:9/v1".into()), ..Overrides::default() };
    let s = Settings::load_from(&flags, paths(dir.path()), |k| {
        (k == "SMARTPAY_CONSOLE_DB").then(|| "/tmp/orders.redb".into())
    })
    .expect("one source per level");
    assert_eq!(
        s.source.map(|c| (c.source, c.origin)),
        Some((Source::Online("http://127.0.0.1:9/v1".into()), Origin::Flag))
    );
    assert_eq!(s.db, None, "the lower level's file is not used at all");
}

#[test]
fn the_environment_beats_the_file_and_two_sources_in_one_file_are_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let both = "[offline]\ndb = \"/srv/orders.redb\"\n[online]\napi_url = \"https://api.smartpay.co/v1\"\n";
    std::fs::write(dir.path().join("config.toml"), both).expect("write");
    let err = Settings::load_from(&Overrides::default(), paths(dir.path()), |_| None).expect_err("two in the file");
    assert_eq!(
        err.to_string(),
        "offline.db and online.api_url name two different sources, both in the config file; keep one, or choose on the command line with --demo, --db PATH or --api-url URL."
    );
    let s = Settings::load_from(&Overrides::default(), paths(dir.path()), |k| {
        (k == "SMARTPAY_API_URL").then(|| "http://127.0.0.1:9/v1".into())
    })
    .expect("the environment decides");
    assert_eq!(s.api_url.as_deref(), Some("http://127.0.0.1:9/v1"));
    assert_eq!(s.source.map(|c| c.origin), Some(Origin::Environment));
}
