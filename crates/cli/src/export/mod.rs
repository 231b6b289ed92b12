//! `orders export`: every order, streamed, as JSONL (which `import` reads back) or CSV.
//!
//! A record that cannot be read (damaged) is never skipped silently: the export fails naming
//! it, unless `--skip-damaged`, which skips it with a warning on stderr.

mod csv_rows;
pub(super) mod target;
mod temp;

use super::orders::open_source;
use super::{ExportFormat, Failure, GlobalArgs};
use crate::backend::{BackendError, OrderReader};
use crate::config::Settings;
use crate::domain::Lang;
use crate::domain::Order;
use crate::domain::time::now_millis;
use crate::text::{escape_json_for_terminal, printable};
use crate::wire::order_document;
use crate::words::CommandText as W;
use smartpay_i18n::Message;
use smartpay_i18n::sentences::ErrorText;
use std::io::Write;
use std::path::{Path, PathBuf};
use target::Destination;

/// The UTF-8 byte order mark Excel needs to read a CSV file as UTF-8.
const BOM: &[u8] = "\u{feff}".as_bytes();

#[derive(Debug, Clone)]
pub struct ExportOptions {
    pub format: ExportFormat,
    pub out: Option<PathBuf>,
    /// CSV for Excel: a BOM, and formula-looking text cells neutralised.
    pub excel: bool,
    pub skip_damaged: bool,
}

pub fn export(global: &GlobalArgs, settings: &Settings, options: ExportOptions) -> Result<(), Failure> {
    if options.excel && options.format != ExportFormat::Csv {
        return Err(Failure::usage_told(W::ExcelCsvOnly, &[]));
    }
    let backend = open_source(global, settings)?;
    let asked = options.out.as_deref().filter(|p| p.as_os_str() != "-");
    let lang = settings.lang;
    let mut destination = match asked {
        None => Destination::stdout(),
        Some(path) => {
            Destination::refuse_own_file(path, &own_files(settings)).map_err(|e| cannot_write(path, &e.0))?;
            Destination::open(path).map_err(|e| cannot_write(path, &e.0))?
        }
    };
    let mut damaged = Vec::new();
    let terminal = destination.is_terminal();
    let written = write_orders(&*backend, destination.writer(), (terminal, lang), &options, &mut damaged);
    let count = match written {
        Ok(count) => count,
        Err(Stop::Write(e)) if asked.is_none() && e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(()),
        Err(Stop::Write(e)) => return Err(write_failure(asked, &e)),
        Err(Stop::Damaged(e)) => {
            let said = |lang| {
                let where_to = match asked {
                    None => W::ExportStoppedThere.text(lang).to_string(),
                    Some(p) => W::NothingWrittenTo.fill(lang, &[("path", &p.display())]),
                };
                let damage = e.text(lang).trim_end_matches(['.', '。']).to_string();
                W::ExportDamaged.fill(lang, &[("damage", &damage), ("where_to", &where_to)])
            };
            return Err(Failure::io(said(Lang::En)).with_japanese(said(Lang::Ja)).with_code("record.damaged"));
        }
        Err(Stop::Source(e)) => return Err(e.into()),
    };
    match destination.finish() {
        Err(e) if asked.is_none() && e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(()),
        Err(e) => return Err(write_failure(asked, &e)),
        Ok(()) => {}
    }
    let skipped = if damaged.is_empty() {
        String::new()
    } else {
        W::SkippedDamaged.fill(lang, &[("count", &damaged.len()), ("ids", &damaged.join(", "))])
    };
    if let Some(path) = asked {
        eprintln!(
            "{}",
            W::ExportedTo.fill(lang, &[("count", &count), ("path", &path.display()), ("skipped", &skipped)])
        );
    } else if !skipped.is_empty() {
        eprintln!("{}", W::Exported.fill(lang, &[("count", &count), ("skipped", &skipped)]));
    }
    Ok(())
}

/// The files the console keeps, which an export must never replace.
pub(super) fn own_files(settings: &Settings) -> Vec<(&'static str, PathBuf)> {
    let db = settings.db.iter().map(|db| ("the order file", db.clone()));
    let online = [("the journal", settings.paths.journal_file()), ("the online mirror", settings.paths.mirror_file())];
    db.chain(online).collect()
}

fn cannot_write(path: &Path, reason: &str) -> Failure {
    Failure::told(1, "io", W::CannotWrite, &[("path", &path.display()), ("reason", &reason)])
}

fn write_failure(asked: Option<&Path>, err: &std::io::Error) -> Failure {
    match asked {
        Some(path) => cannot_write(path, &target::reason(err)),
        None => Failure::told(1, "io", W::CannotWriteStdout, &[("reason", &target::reason(err))]),
    }
}

/// Why writing stopped.
enum Stop {
    Write(std::io::Error),
    Damaged(BackendError),
    Source(BackendError),
}

/// The records of one export format, written one order at a time.
enum Records<'a> {
    /// CSV; `on_terminal`: its cells are cleaned of what a terminal must never receive (CSV
    /// has no escapes, and what a terminal shows is never read back).
    Csv { writer: Box<csv::Writer<&'a mut dyn Write>>, on_terminal: bool },
    /// JSONL, with DEL, C1 and the bidirectional controls as `\uXXXX` escapes (the same data).
    Jsonl(&'a mut dyn Write),
}

impl<'a> Records<'a> {
    fn start(sink: &'a mut dyn Write, on_terminal: bool, options: &ExportOptions) -> std::io::Result<Records<'a>> {
        Ok(match options.format {
            ExportFormat::Csv => {
                if options.excel {
                    sink.write_all(BOM)?;
                }
                let mut writer = csv::Writer::from_writer(sink);
                writer.write_record(csv_rows::CSV_HEADER).map_err(csv_io)?;
                Records::Csv { writer: Box::new(writer), on_terminal }
            }
            ExportFormat::Jsonl => Records::Jsonl(sink),
        })
    }

    fn write(&mut self, order: &Order, now: i64, excel: bool) -> std::io::Result<()> {
        match self {
            Records::Csv { writer, on_terminal } => {
                let mut cells = csv_rows::record(order, now, excel);
                if *on_terminal {
                    cells.iter_mut().for_each(|cell| *cell = printable(cell).into_owned());
                }
                writer.write_record(cells).map_err(csv_io)
            }
            Records::Jsonl(sink) => {
                let line = serde_json::to_string(&order_document(order, now))?;
                sink.write_all(escape_json_for_terminal(&line).as_bytes())?;
                sink.write_all(b"\n")
            }
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Records::Csv { writer, .. } => writer.flush(),
            Records::Jsonl(sink) => sink.flush(),
        }
    }
}

/// The I/O error under a CSV error (so a closed pipe or a full disk is recognised as such).
fn csv_io(err: csv::Error) -> std::io::Error {
    let text = err.to_string();
    match err.into_kind() {
        csv::ErrorKind::Io(io) => io,
        _ => std::io::Error::other(text),
    }
}

/// Writes every readable order; returns how many. Damaged records go to `damaged` (with a
/// warning on stderr) when skipping them, else stop the export.
fn write_orders(
    backend: &dyn OrderReader,
    sink: &mut dyn Write,
    (on_terminal, lang): (bool, Lang),
    options: &ExportOptions,
    damaged: &mut Vec<String>,
) -> Result<u64, Stop> {
    let now = now_millis();
    let mut records = Records::start(sink, on_terminal, options).map_err(Stop::Write)?;
    let mut stop = None;
    let mut count = 0u64;
    let walked = backend.for_each_record(&mut |record| {
        let result = match record {
            Ok(order) => records.write(&order, now, options.excel).map(|()| count += 1).map_err(Stop::Write),
            Err(e) if options.skip_damaged => {
                let skipped = W::SkippedWarning.fill(lang, &[("damage", &e.text(lang))]);
                let _ = writeln!(std::io::stderr(), "{}", ErrorText::Warning.fill(lang, &[("message", &skipped)]));
                damaged.push(record_name(&e));
                Ok(())
            }
            Err(e) => Err(Stop::Damaged(e)),
        };
        result.map_err(|e| {
            stop = Some(e);
            BackendError::Storage("export stopped".into())
        })
    });
    if let Some(stop) = stop {
        return Err(stop);
    }
    walked.map_err(Stop::Source)?;
    records.flush().map_err(Stop::Write)?;
    Ok(count)
}

/// How a damaged record is named in the summary: its id where the error knows it.
fn record_name(err: &BackendError) -> String {
    match err {
        BackendError::Damaged { id, .. } | BackendError::NotFound { id } => id.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::is_unsafe_for_terminal;

    const NOW: i64 = 1_764_000_000_000;

    fn written(format: ExportFormat, on_terminal: bool, order: &Order) -> String {
        let options = ExportOptions { format, out: None, excel: false, skip_damaged: false };
        let mut out = Vec::new();
        let mut records = Records::start(&mut out, on_terminal, &options).expect("start");
        records.write(order, NOW, false).expect("write");
        records.flush().expect("flush");
        drop(records);
        String::from_utf8(out).expect("utf-8")
    }

    #[test]
    fn hostile_text_never_reaches_a_terminal_raw() {
        let mut order = crate::domain::order::fixtures::manual_order(5000, NOW);
        let hostile = "\u{1b}]0;pwned\u{7}Evil\u{9b}31m\u{202e}LIVE";
        order.customer.last_name = hostile.into();
        let jsonl = written(ExportFormat::Jsonl, false, &order);
        assert!(!jsonl.trim_end().chars().any(is_unsafe_for_terminal), "{jsonl:?}");
        let back: serde_json::Value = serde_json::from_str(&jsonl).expect("JSON");
        assert_eq!(back["customerInfo"]["lastName"], hostile, "the data is unchanged");
        let csv = written(ExportFormat::Csv, true, &order);
        assert!(!csv.chars().any(|c| is_unsafe_for_terminal(c) && c != '\n'), "{csv:?}");
        assert!(csv.contains("]0;pwnedEvil31mLIVE"), "{csv}");
        assert!(written(ExportFormat::Csv, false, &order).contains(hostile), "a file gets the data as it is");
    }
}
