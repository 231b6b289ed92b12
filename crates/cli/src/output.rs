//! Printing for people (aligned tables, by display width so Japanese names line up) and for
//! scripts (`--json` on stdout).

use crate::Failure;
use crate::config::Settings;
use crate::domain::Lang;
use crate::source::{Origin, Source};
use crate::text::{escape_json_for_terminal, fit, printable, printable_lines};
use crate::words::commands::info_label_width;
use crate::words::{CommandText as W, aligned};
use serde::Serialize;
use smartpay_i18n::Message;
use std::io::Write;
use unicode_width::UnicodeWidthStr;

/// Prints `value` as pretty JSON on stdout.
pub fn print_json(value: &impl Serialize) -> Result<(), Failure> {
    let text = serde_json::to_string_pretty(value).map_err(|e| Failure::io(format!("Cannot write JSON: {e}.")))?;
    // The data is kept: characters a terminal would act on are written as JSON escapes.
    write_stdout(&format!("{}\n", escape_json_for_terminal(&text)))
}

/// Writes to stdout; a closed pipe (`| head`) is a normal end, not an error. Whatever the
/// caller built, no control character but the line break reaches the terminal.
pub fn write_stdout(text: &str) -> Result<(), Failure> {
    let text = printable_lines(text);
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Failure::io(format!("Cannot write to stdout: {e}."))),
    }
}

/// A plain-text table: column widths from the widest cell (capped, but for the columns kept
/// whole), right-aligned numbers.
pub struct Table {
    headers: Vec<&'static str>,
    right: Vec<bool>,
    /// Columns never cut: identifiers a person copies into another command (keys, ids).
    whole: Vec<usize>,
    rows: Vec<Vec<String>>,
}

/// The widest a column's cells are shown, unless it is kept whole.
const MAX_CELL_WIDTH: usize = 40;

impl Table {
    pub fn new(columns: &[(&'static str, bool)]) -> Table {
        Table {
            headers: columns.iter().map(|c| c.0).collect(),
            right: columns.iter().map(|c| c.1).collect(),
            whole: Vec::new(),
            rows: Vec::new(),
        }
    }

    /// Keeps `columns` whole, however wide: their cells are identifiers to be copied.
    pub fn whole(self, columns: &[usize]) -> Table {
        Table { whole: columns.to_vec(), ..self }
    }

    /// Adds a row; cells from order data are cleaned of control characters here.
    pub fn push(&mut self, row: Vec<String>) {
        self.rows.push(row.into_iter().map(|cell| printable(&cell).into_owned()).collect());
    }

    pub fn render(&self) -> String {
        let widths: Vec<usize> = (0..self.headers.len())
            .map(|i| {
                let cells = self.rows.iter().map(|r| r.get(i).map_or(0, |c| c.width()));
                let widest = cells.chain([self.headers[i].width()]).max().unwrap_or(0);
                if self.whole.contains(&i) { widest } else { widest.min(MAX_CELL_WIDTH) }
            })
            .collect();
        let line = |cells: Vec<&str>| {
            let parts: Vec<String> = cells
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    if self.right[i] {
                        let cut = fit(c, widths[i]);
                        let trimmed = cut.trim_end();
                        format!("{}{}", " ".repeat(widths[i] - trimmed.width()), trimmed)
                    } else {
                        fit(c, widths[i])
                    }
                })
                .collect();
            parts.join("  ").trim_end().to_string()
        };
        let mut out = line(self.headers.clone());
        out.push('\n');
        for row in &self.rows {
            out.push_str(&line(row.iter().map(String::as_str).collect()));
            out.push('\n');
        }
        out
    }
}

/// The source in use: `{kind, path | url, mode, from}`.
#[derive(Serialize)]
struct SourceJson {
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    /// `read-write` or `read-only`.
    mode: &'static str,
    /// The level that named it: `flag`, `environment` or `config`.
    from: &'static str,
}

/// The source in use and the level that named it (`--demo` is a flag).
fn in_use(settings: &Settings, demo: bool) -> Option<(Source, Origin)> {
    if demo {
        return Some((Source::Demo, Origin::Flag));
    }
    settings.source.clone().map(|chosen| (chosen.source, chosen.origin))
}

fn source_json(settings: &Settings, demo: bool) -> Option<SourceJson> {
    let (source, origin) = in_use(settings, demo)?;
    let (path, url) = match &source {
        // Credentials written into the URL (`https://user:password@…`) are never shown.
        Source::Online(_) => (None, source.location().map(|url| crate::redact::scrub(&url).into_owned())),
        _ => (source.location(), None),
    };
    let mode = if settings.read_only { "read-only" } else { "read-write" };
    Some(SourceJson { kind: source.kind(), path, url, mode, from: origin.as_str() })
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct InfoJson<'a> {
    source: Option<SourceJson>,
    config_file: String,
    config_loaded: bool,
    data_dir: String,
    log_dir: String,
    journal_file: String,
    mirror_file: String,
    db: Option<String>,
    api_url: Option<&'a str>,
    secret_key: Option<String>,
    /// `test` or `live`, from the key's prefix; `None` without a key.
    key_mode: Option<&'static str>,
    /// The folder of the key's account under the data dir (`test-<16 hex>`), or why there is none.
    account: Option<String>,
    operator: &'a str,
    read_only: bool,
    /// `info --check` only.
    #[serde(skip_serializing_if = "Option::is_none")]
    check: Option<crate::info_check::CheckJson>,
    /// Present when the check failed: the same error the exit status reports.
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<crate::failure::ErrorJson<'a>>,
}

/// `info`: the paths and settings in use (the secret key only as "set", never its value).
pub fn info(settings: &Settings, demo: bool, json: bool, check: bool) -> Result<(), Failure> {
    let p = &settings.paths;
    let account = settings.secret_key.as_ref().map(crate::online::account::Account::of);
    let (journal_file, mirror_file) =
        crate::online::account::files(settings).unwrap_or_else(|_| (p.journal_file(), p.mirror_file()));
    if let Some(url) = &settings.api_url {
        crate::redact::register_url_credentials(url);
    }
    let api_url = settings.api_url.as_deref().map(|url| crate::redact::scrub(url).into_owned());
    let mut doc = InfoJson {
        source: source_json(settings, demo),
        config_file: p.config_file.display().to_string(),
        config_loaded: settings.config_loaded,
        data_dir: p.data_dir.display().to_string(),
        log_dir: p.log_dir.display().to_string(),
        journal_file: journal_file.display().to_string(),
        mirror_file: mirror_file.display().to_string(),
        db: settings.db.as_ref().map(|d| d.display().to_string()),
        api_url: api_url.as_deref(),
        secret_key: settings.secret_key.as_ref().map(|k| k.to_string()),
        key_mode: account.as_ref().and_then(|a| a.as_ref().ok()).map(|a| a.mode.as_str()),
        account: account.map(|a| a.map(|a| a.name()).unwrap_or_else(|e| e.to_string())),
        operator: &settings.operator,
        read_only: settings.read_only,
        check: check.then(|| crate::info_check::check(settings)),
        error: None,
    };
    let failed = doc.check.as_ref().filter(|c| !c.ok()).map(|c| {
        let problem = |lang| c.problem_in(lang).unwrap_or_else(|| W::NoAnswer.text(lang).to_string());
        Failure::io(W::CheckFailed.fill(Lang::En, &[("problem", &problem(Lang::En))]))
            .with_japanese(W::CheckFailed.fill(Lang::Ja, &[("problem", &problem(Lang::Ja))]))
            .with_code("check.failed")
    });
    if json {
        doc.error = failed.as_ref().map(Failure::as_json);
        print_json(&doc)?;
        return failed.map_or(Ok(()), |f| Err(Failure { reported: true, ..f }));
    }
    let lang = settings.lang;
    let none = W::Nothing.text(lang);
    let loaded = if doc.config_loaded { "" } else { W::NotFoundDefaults.text(lang) };
    let source = match (&doc.source, in_use(settings, demo)) {
        (Some(s), Some((source, origin))) => {
            let place = s.path.as_deref().or(s.url.as_deref()).map(|p| format!(" {p}")).unwrap_or_default();
            let kind = match source {
                Source::Demo => W::KindDemo,
                Source::Offline(_) => W::KindOffline,
                Source::Online(_) => W::KindOnline,
            };
            let mode = if settings.read_only { W::ReadOnly } else { W::ReadWrite };
            let origin = match origin {
                Origin::Flag => W::FromFlag,
                Origin::Environment => W::FromEnvironment,
                Origin::ConfigFile => W::FromConfigFile,
            };
            W::SourceLine.fill(
                lang,
                &[
                    ("kind", &kind.text(lang)),
                    ("place", &place),
                    ("mode", &mode.text(lang)),
                    ("origin", &origin.text(lang)),
                ],
            )
        }
        _ => none.into(),
    };
    let read_only = if doc.read_only { W::Yes } else { W::No }.text(lang);
    let lines: [(W, String); 13] = [
        (W::InfoSource, source),
        (W::InfoConfigFile, format!("{}{loaded}", doc.config_file)),
        (W::InfoDataDir, doc.data_dir.clone()),
        (W::InfoLogDir, doc.log_dir.clone()),
        (W::InfoJournal, doc.journal_file.clone()),
        (W::InfoMirror, doc.mirror_file.clone()),
        (W::InfoDb, doc.db.clone().unwrap_or_else(|| none.into())),
        (W::InfoApiUrl, doc.api_url.unwrap_or(none).into()),
        (W::InfoSecretKey, doc.secret_key.clone().unwrap_or_else(|| W::NotSet.text(lang).into())),
        (W::InfoKeyMode, doc.key_mode.unwrap_or(none).into()),
        (W::InfoAccount, doc.account.clone().unwrap_or_else(|| none.into())),
        (W::InfoOperator, doc.operator.into()),
        (W::InfoReadOnly, read_only.into()),
    ];
    let text: String =
        lines.iter().map(|(label, value)| aligned(label.text(lang), info_label_width(lang), value)).collect();
    let checked = doc.check.as_ref().map(|c| c.text(lang)).unwrap_or_default();
    write_stdout(&format!("{text}{checked}"))?;
    failed.map_or(Ok(()), Err)
}

#[cfg(test)]
mod tests {
    use super::Table;

    #[test]
    fn a_column_kept_whole_is_never_cut_and_the_others_are() {
        let key = format!("bulk_{}", "0123456789".repeat(4));
        let name = "A".repeat(60);
        let mut table = Table::new(&[("KEY", false), ("NAME", false)]).whole(&[0]);
        table.push(vec![key.clone(), name.clone()]);
        let text = table.render();
        assert!(text.contains(&key), "{text}");
        assert!(!text.contains(&name), "a long name is cut to the cap: {text}");
    }
}
