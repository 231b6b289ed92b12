//! Reading the shop's export, one row at a time: CSV (RFC 4180 quoting, a UTF-8 BOM allowed,
//! `--encoding shift_jis`) or JSON Lines when the first byte is `{`. The file is never held in
//! memory; each row reaches the caller as it is read, or as the sentence saying what is wrong
//! with it and on which line.

use super::columns::{Field, Layout, Mapping};
use crate::domain::Currency;
use crate::domain::reconcile::{ShopRow, parse_figure, parse_shop_time};
use crate::text::printable;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

/// The longest JSON line, and the longest CSV row (so the longest cell), read: a shop row is a
/// few hundred bytes, and a hostile file must not make the reader hold 100 MB.
const MAX_LINE: u64 = 1 << 20;

/// The text encodings a shop file may come in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ShopEncoding {
    #[default]
    #[value(name = "utf-8", alias = "utf8")]
    Utf8,
    /// Shift_JIS as Windows writes it (CP932), what Japanese back-offices export.
    #[value(name = "shift_jis", alias = "sjis", alias = "cp932")]
    ShiftJis,
}

/// Why a row cannot be compared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    pub line: u64,
    pub message: String,
}

/// The bad rows of a file: the first thousand kept (a message names the first few), the rest
/// only counted, so a file of a million bad rows costs no memory.
#[derive(Debug, Default)]
pub struct Problems {
    pub kept: Vec<RowProblem>,
    pub total: usize,
}

impl Problems {
    const KEPT: usize = 1000;

    pub fn push(&mut self, problem: RowProblem) {
        self.total += 1;
        if self.kept.len() < Self::KEPT {
            self.kept.push(problem);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.total == 0
    }
}

/// Why the file as a whole cannot be read: `bad` is the file's fault (exit 2), else I/O (exit 1).
#[derive(Debug)]
pub struct FileProblem {
    pub bad: bool,
    pub message: String,
}

impl FileProblem {
    fn bad(message: String) -> FileProblem {
        FileProblem { bad: true, message }
    }
}

/// Reads every row of `path`, handing each to `visit` as it is read.
pub fn read_rows(
    path: &Path,
    encoding: ShopEncoding,
    mapping: &Mapping,
    visit: &mut dyn FnMut(Result<ShopRow, RowProblem>),
) -> Result<(), FileProblem> {
    let name = path.display();
    let io = |e: std::io::Error| FileProblem { bad: false, message: format!("Cannot read {name}: {e}.") };
    let metadata = std::fs::metadata(path).map_err(io)?;
    if !metadata.is_file() {
        return Err(FileProblem::bad(format!("{name} is not a regular file.")));
    }
    let file = File::open(path).map_err(io)?;
    let mut reader: Box<dyn BufRead> = match encoding {
        ShopEncoding::Utf8 => {
            let mut reader = BufReader::with_capacity(1 << 16, file);
            skip_bom(&mut reader).map_err(io)?;
            Box::new(reader)
        }
        ShopEncoding::ShiftJis => Box::new(BufReader::with_capacity(
            1 << 16,
            encoding_rs_io::DecodeReaderBytesBuilder::new().encoding(Some(encoding_rs::SHIFT_JIS)).build(file),
        )),
    };
    let first = reader.fill_buf().map_err(io)?.iter().copied().find(|b| !b.is_ascii_whitespace());
    match first {
        None => Err(FileProblem::bad(format!("{name} is empty: it has no header and no rows."))),
        Some(b'{') => read_jsonl(reader, mapping, visit).map_err(io),
        Some(_) => read_csv(reader, mapping, visit).map_err(|e| match e {
            CsvStop::Header(message) => FileProblem::bad(format!("{name}: {message}")),
            CsvStop::TooLong(line) => FileProblem::bad(format!(
                "{name}: the row starting on line {line} is longer than 1 MB (a cell that large is no shop data); nothing was compared."
            )),
            CsvStop::Io(e) => io(e),
        }),
    }
}

fn skip_bom(reader: &mut impl BufRead) -> std::io::Result<()> {
    if reader.fill_buf()?.starts_with(b"\xEF\xBB\xBF") {
        reader.consume(3);
    }
    Ok(())
}

enum CsvStop {
    Header(String),
    /// A row (one cell, or many) past [`MAX_LINE`] bytes, starting on this line.
    TooLong(u64),
    Io(std::io::Error),
}

/// Counts the bytes handed to the CSV parser since the last row ended, and fails the read past
/// [`MAX_LINE`]: the parser would otherwise grow one cell without bound. The parser reads
/// ahead by its buffer (a few KB), so the cap is approximate by that much.
struct RowBudget<R> {
    inner: R,
    used: std::rc::Rc<std::cell::Cell<u64>>,
}

impl<R: Read> Read for RowBudget<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.used.get() > MAX_LINE {
            return Err(std::io::Error::other(RowTooLong));
        }
        let n = self.inner.read(buf)?;
        self.used.set(self.used.get() + n as u64);
        Ok(n)
    }
}

#[derive(Debug)]
struct RowTooLong;

impl std::fmt::Display for RowTooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a row is longer than 1 MB")
    }
}

impl std::error::Error for RowTooLong {}

fn read_csv(
    reader: Box<dyn BufRead>,
    mapping: &Mapping,
    visit: &mut dyn FnMut(Result<ShopRow, RowProblem>),
) -> Result<(), CsvStop> {
    let used = std::rc::Rc::new(std::cell::Cell::new(0));
    let budget = RowBudget { inner: reader, used: std::rc::Rc::clone(&used) };
    let mut csv = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(budget);
    let mut record = csv::StringRecord::new();
    let header_read = csv.read_record(&mut record).map_err(|e| csv_stop(e, true, 1))?;
    if !header_read {
        return Err(CsvStop::Header("it is empty: it has no header and no rows.".into()));
    }
    let width = record.len();
    let layout = mapping.layout(record.iter()).map_err(CsvStop::Header)?;
    loop {
        used.set(0);
        let line = csv.position().line();
        match csv.read_record(&mut record) {
            Ok(false) => return Ok(()),
            Ok(true) => {
                let line = record.position().map_or(line, |p| p.line());
                if record.iter().all(|cell| cell.trim().is_empty()) {
                    continue;
                }
                if record.len() != width {
                    visit(Err(RowProblem {
                        line,
                        message: format!("it has {} cells where the header has {width}", record.len()),
                    }));
                    continue;
                }
                visit(build_row(line, &layout, mapping, |i| record.get(i)));
            }
            Err(e) => match csv_stop(e, false, line) {
                CsvStop::Header(message) => visit(Err(RowProblem { line, message })),
                stop => return Err(stop),
            },
        }
    }
}

/// A CSV error: an I/O error or a row past the cap stops; anything else is the row's (or the
/// header's) problem.
fn csv_stop(err: csv::Error, header: bool, line: u64) -> CsvStop {
    let text = err.to_string();
    match err.into_kind() {
        csv::ErrorKind::Io(io) if io.get_ref().is_some_and(|e| e.is::<RowTooLong>()) => CsvStop::TooLong(line),
        csv::ErrorKind::Io(io) => CsvStop::Io(io),
        csv::ErrorKind::Utf8 { .. } => CsvStop::Header(format!(
            "{}is not UTF-8 text: save the file as UTF-8, or pass --encoding shift_jis",
            if header { "the header " } else { "" }
        )),
        _ => CsvStop::Header(text),
    }
}

fn read_jsonl(
    mut reader: Box<dyn BufRead>,
    mapping: &Mapping,
    visit: &mut dyn FnMut(Result<ShopRow, RowProblem>),
) -> std::io::Result<()> {
    let mut buf = Vec::new();
    let mut line = 0u64;
    loop {
        buf.clear();
        let read = (&mut reader).take(MAX_LINE + 1).read_until(b'\n', &mut buf)?;
        if read == 0 {
            return Ok(());
        }
        line += 1;
        if buf.len() as u64 > MAX_LINE {
            visit(Err(RowProblem { line, message: "it is longer than 1 MB".into() }));
            // Skip the rest of that line.
            let mut rest = Vec::new();
            reader.read_until(b'\n', &mut rest)?;
            continue;
        }
        if buf.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        visit(json_row(line, &buf, mapping));
    }
}

fn json_row(line: u64, bytes: &[u8], mapping: &Mapping) -> Result<ShopRow, RowProblem> {
    let problem = |message: String| RowProblem { line, message };
    let value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| problem(format!("it is not a JSON object: {e}")))?;
    let serde_json::Value::Object(object) = value else {
        return Err(problem("it is not a JSON object".into()));
    };
    let keys: Vec<&str> = object.keys().map(String::as_str).collect();
    let layout = mapping.layout(keys.iter().copied()).map_err(problem)?;
    let cells: Vec<Option<String>> = object
        .values()
        .map(|v| match v {
            serde_json::Value::String(s) => Some(s.clone()),
            serde_json::Value::Number(n) => Some(n.to_string()),
            serde_json::Value::Null => Some(String::new()),
            _ => None,
        })
        .collect();
    build_row(line, &layout, mapping, |i| cells.get(i).and_then(|c| c.as_deref()))
}

/// One row from its cells, or the first thing wrong with it.
fn build_row<'a>(
    line: u64,
    layout: &Layout,
    mapping: &Mapping,
    cell: impl Fn(usize) -> Option<&'a str>,
) -> Result<ShopRow, RowProblem> {
    let problem = |message: String| RowProblem { line, message };
    let text = |field: Field| layout.position(field).and_then(&cell).map(str::trim).unwrap_or("");
    let id = |field: Field| -> Result<Option<String>, RowProblem> {
        let value = text(field);
        if value.is_empty() {
            return Ok(None);
        }
        if value.chars().any(|c| c.is_control()) || value.len() > 255 {
            return Err(problem(format!("the {} \"{}\" is not an order number", field.name(), printable(value))));
        }
        Ok(Some(value.to_string()))
    };
    let order = id(Field::Order)?;
    let reference = id(Field::Reference)?;
    if order.is_none() && reference.is_none() {
        return Err(problem("it has neither an order nor a reference".into()));
    }
    let figure = |field: Field, required: bool| -> Result<i64, RowProblem> {
        let value = text(field);
        if value.is_empty() && !required {
            return Ok(0);
        }
        parse_figure(value, Currency::JPY)
            .map_err(|e| problem(format!("{} \"{}\": {e}", field.name(), printable(value))))
    };
    let amount = figure(Field::Amount, true)?;
    let captured = figure(Field::Captured, false)?;
    let refunded = figure(Field::Refunded, false)?;
    let status = match text(Field::Status) {
        "" => None,
        word => Some(mapping.status(word).ok_or_else(|| {
            problem(format!(
                "the status \"{}\" is not one of open, shipped, canceled, returned; map the shop's word with --map-status WORD=STATUS",
                printable(word)
            ))
        })?),
    };
    let updated_at = match text(Field::UpdatedAt) {
        "" => None,
        when => Some(parse_shop_time(when).ok_or_else(|| {
            problem(format!(
                "updated_at \"{}\" is not a time: use ISO 8601 (2026-11-25T10:00:00+09:00) or 2026/11/25 10:00 (read as JST)",
                printable(when)
            ))
        })?),
    };
    if refunded > captured {
        return Err(problem(format!("it counts {refunded} refunded but only {captured} captured")));
    }
    Ok(ShopRow { line, order, reference, amount, captured, refunded, status, updated_at })
}

#[cfg(test)]
#[path = "shop_file_tests.rs"]
mod tests;
