//! Which sections and keys the config file may hold. An unknown section is likely a file
//! written for another version or tool: it is ignored with a warning. An unknown key in a known
//! section is likely a typo that would silently be ignored (`read_onyl = true`): it is refused,
//! naming the file, the section and the key.

use super::ConfigError;
use std::path::Path;

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
pub fn check(path: &Path, table: &mut toml::Table) -> Result<Vec<String>, ConfigError> {
    let file = path.display();
    let mut warnings = Vec::new();
    let mut unknown = Vec::new();
    for (name, value) in table.iter() {
        let Some((_, keys)) = SECTIONS.iter().find(|(section, _)| section == name) else {
            match value.is_table() {
                true => unknown.push(name.clone()),
                false => {
                    return Err(invalid(
                        path,
                        format!(
                            "the key `{name}` is outside any section; put it under [console], [offline] or [online]."
                        ),
                    ));
                }
            }
            continue;
        };
        let Some(section) = value.as_table() else {
            return Err(invalid(path, format!("[{name}] must be a section, not a value.")));
        };
        if let Some(key) = section.keys().find(|key| !keys.contains(&key.as_str())) {
            return Err(invalid(path, format!("[{name}] has no key `{key}` (it knows {}).", keys.join(", "))));
        }
    }
    for name in unknown {
        table.remove(&name);
        warnings.push(format!("the config file {file} has an unknown section [{name}]; it is ignored."));
    }
    Ok(warnings)
}

fn invalid(path: &Path, detail: String) -> ConfigError {
    ConfigError::Invalid { path: path.to_path_buf(), detail }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checked(text: &str) -> Result<(Vec<String>, toml::Table), String> {
        let mut table: toml::Table = toml::from_str(text).map_err(|e| e.to_string())?;
        let warnings = check(Path::new("/etc/c.toml"), &mut table).map_err(|e| e.to_string())?;
        Ok((warnings, table))
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
    }

    #[test]
    fn every_key_of_the_example_file_is_known() {
        let (warnings, _) = checked(include_str!("../../../config.example.toml")).expect("accepted");
        assert!(warnings.is_empty(), "{warnings:?}");
    }
}
