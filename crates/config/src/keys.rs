//! Which sections and keys the config file may hold. An unknown section is likely a file
//! written for another version or tool: it is ignored with a warning. An unknown key in a known
//! section is likely a typo that would silently be ignored (`read_onyl = true`): it is refused,
//! naming the file, the section and the key.

use super::ConfigError;
use smartpay_i18n::sentences::ErrorText;
use smartpay_i18n::{Lang, Message};
use std::path::{Path, PathBuf};

/// A config file's section the console does not know: ignored, with this warning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownSection {
    pub file: PathBuf,
    pub section: String,
}

impl UnknownSection {
    /// The warning in `lang` (the log keeps the English one).
    pub fn text(&self, lang: Lang) -> String {
        ErrorText::ConfigUnknownSection.fill(lang, &[("path", &self.file.display()), ("section", &self.section)])
    }
}

/// Why a config file's keys are refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyProblem {
    /// A key before any section header.
    Outside { key: String },
    /// A known section's name given a value.
    NotASection { section: String },
    /// A key the section does not have (a typo such as `read_onyl`).
    Unknown { section: String, key: String, known: String },
}

impl KeyProblem {
    pub fn text(&self, lang: Lang) -> String {
        match self {
            KeyProblem::Outside { key } => ErrorText::ConfigKeyOutside.fill(lang, &[("key", key)]),
            KeyProblem::NotASection { section } => ErrorText::ConfigNotASection.fill(lang, &[("section", section)]),
            KeyProblem::Unknown { section, key, known } => {
                ErrorText::ConfigUnknownKey.fill(lang, &[("section", section), ("key", key), ("known", known)])
            }
        }
    }
}

/// Every section the console reads, with its keys (config.example.toml explains each).
const SECTIONS: [(&str, &[&str]); 4] = [
    ("console", &["operator", "read_only", "lang", "log_dir", "views_file", "mouse"]),
    ("offline", &["db"]),
    (
        "online",
        &[
            "api_url",
            "secret_key",
            "timeout_secs",
            "reference_template",
            "recheck_days",
            "full_sync_hours",
            "max_wait_secs",
            "backoff_base_ms",
            "backoff_cap_ms",
        ],
    ),
    ("bulk", &["confirm_above_orders", "confirm_above_amount"]),
];

/// Checks `table` (the whole file): removes unknown sections, returning one warning for each,
/// and refuses an unknown key in a known section or a key outside any section.
pub fn check(path: &Path, table: &mut toml::Table) -> Result<Vec<UnknownSection>, ConfigError> {
    let mut warnings = Vec::new();
    let mut unknown = Vec::new();
    for (name, value) in table.iter() {
        let Some((_, keys)) = SECTIONS.iter().find(|(section, _)| section == name) else {
            match value.is_table() {
                true => unknown.push(name.clone()),
                false => {
                    return Err(refused(path, KeyProblem::Outside { key: name.clone() }));
                }
            }
            continue;
        };
        let Some(section) = value.as_table() else {
            return Err(refused(path, KeyProblem::NotASection { section: name.clone() }));
        };
        if let Some(key) = section.keys().find(|key| !keys.contains(&key.as_str())) {
            let problem = KeyProblem::Unknown { section: name.clone(), key: key.clone(), known: keys.join(", ") };
            return Err(refused(path, problem));
        }
    }
    for name in unknown {
        table.remove(&name);
        warnings.push(UnknownSection { file: path.to_path_buf(), section: name });
    }
    Ok(warnings)
}

fn refused(path: &Path, problem: KeyProblem) -> ConfigError {
    ConfigError::Keys { path: path.to_path_buf(), problem }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checked(text: &str) -> Result<(Vec<String>, toml::Table), String> {
        let mut table: toml::Table = toml::from_str(text).map_err(|e| e.to_string())?;
        let warnings = check(Path::new("/etc/c.toml"), &mut table).map_err(|e| e.to_string())?;
        Ok((warnings.iter().map(|w| w.text(Lang::En)).collect(), table))
    }

    #[test]
    fn an_unknown_section_is_dropped_with_one_warning() {
        let (warnings, table) = checked("[console]\nlang = \"ja\"\n[colours]\nbg = 1\n").expect("accepted");
        assert_eq!(warnings, ["the config file /etc/c.toml has an unknown section [colours]; it is ignored."]);
        assert!(table.contains_key("console") && !table.contains_key("colours"));
    }

    #[test]
    fn an_unknown_key_in_a_known_section_is_refused_by_name() {
        let err = checked("[console]\nread_onyl = true\n").expect_err("refused");
        assert!(err.contains("/etc/c.toml") && err.contains("[console]") && err.contains("`read_onyl`"), "{err}");
        let err = checked("operator = \"x\"\n").expect_err("refused");
        assert!(err.contains("`operator` is outside any section"), "{err}");
        let err = checked("online = 3\n").expect_err("refused");
        assert!(err.contains("[online] must be a section"), "{err}");
        let mut table: toml::Table = toml::from_str("[console]\nread_onyl = 1\n[colours]\n").expect("toml");
        let Err(ConfigError::Keys { problem, .. }) = check(Path::new("/c.toml"), &mut table) else { panic!("refused") };
        assert_eq!(
            problem.text(Lang::Ja),
            "[console] にキー `read_onyl` はありません（使えるキー: operator, read_only, lang, log_dir, views_file, mouse）。"
        );
    }

    #[test]
    fn every_key_of_the_example_file_is_known() {
        let (warnings, _) = checked(include_str!("../../../config.example.toml")).expect("accepted");
        assert!(warnings.is_empty(), "{warnings:?}");
    }
}
