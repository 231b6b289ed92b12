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
mod tests {
    use super::*;
    use crate::domain::reconcile::ShopStatus;
    use std::io::Write;

    fn read(
        bytes: &[u8],
        encoding: ShopEncoding,
        mapping: &Mapping,
    ) -> Result<Vec<Result<ShopRow, RowProblem>>, String> {
        let mut file = tempfile::NamedTempFile::new().expect("temp file");
        file.write_all(bytes).expect("write");
        let mut rows = Vec::new();
        read_rows(file.path(), encoding, mapping, &mut |row| rows.push(row)).map_err(|e| e.message)?;
        Ok(rows)
    }

    #[test]
    fn csv_with_bom_quotes_and_every_amount_form() {
        let text = "\u{feff}order,reference,amount,captured,refunded,status\n\
            order_1,,\"1,200\",¥1200,0,Shipped\n\
            order_2,R-2,1200円,\"¥1,200\",,\n\
            ,R-3,１２００,0,0,open\n";
        let rows = read(text.as_bytes(), ShopEncoding::Utf8, &Mapping::default()).expect("reads");
        let rows: Vec<ShopRow> = rows.into_iter().map(|r| r.expect("a good row")).collect();
        assert_eq!(rows.len(), 3);
        assert!(rows.iter().all(|r| r.amount == 1200));
        assert_eq!((rows[0].line, rows[0].status), (2, Some(ShopStatus::Shipped)));
        assert_eq!(rows[1].reference.as_deref(), Some("R-2"));
        assert_eq!((rows[2].order.as_deref(), rows[2].line), (None, 4));
    }

    #[test]
    fn shift_jis_with_a_map_reads_like_utf8() {
        let text = "注文番号,合計,売上,返金,状態\r\nR-1,\"1,000\",1000,0,発送済み\r\n";
        let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(text);
        let mapping = Mapping::parse(
            &["注文番号=reference,合計=amount,売上=captured,返金=refunded,状態=status".into()],
            &["発送済み=shipped".into()],
        )
        .expect("map");
        let rows = read(&bytes, ShopEncoding::ShiftJis, &mapping).expect("reads");
        let row = rows[0].as_ref().expect("a good row");
        assert_eq!((row.reference.as_deref(), row.amount, row.status), (Some("R-1"), 1000, Some(ShopStatus::Shipped)));
        let garbled = read(&bytes, ShopEncoding::Utf8, &mapping).expect_err("not UTF-8");
        assert!(garbled.contains("--encoding shift_jis"), "{garbled}");
    }

    #[test]
    fn jsonl_when_the_first_byte_is_a_brace() {
        let text = "{\"order\":\"order_1\",\"amount\":1200,\"captured\":\"¥1,200\",\"refunded\":0,\"updated_at\":\"2026/11/25 10:00\"}\n\n{\"order\":\"order_2\",\"amount\":\"x\",\"captured\":0,\"refunded\":0}\n";
        let rows = read(text.as_bytes(), ShopEncoding::Utf8, &Mapping::default()).expect("reads");
        assert_eq!(rows[0].as_ref().map(|r| r.captured), Ok(1200));
        let bad = rows[1].as_ref().expect_err("x is no amount");
        assert_eq!(bad.line, 3);
        assert!(bad.message.starts_with("amount \"x\""), "{}", bad.message);
    }

    #[test]
    fn a_huge_cell_stops_the_file_with_a_sentence_and_bounded_memory() {
        // A quoted cell that never ends: the reader must stop near 1 MB, not read 100 MB.
        let mut file = tempfile::NamedTempFile::new().expect("temp file");
        file.write_all(b"order,amount,captured,refunded\norder_1,100,0,0\norder_2,\"").expect("write");
        let chunk = vec![b'9'; 1 << 20];
        for _ in 0..100 {
            file.write_all(&chunk).expect("write");
        }
        let mut rows = 0;
        let stop = read_rows(file.path(), ShopEncoding::Utf8, &Mapping::default(), &mut |_| rows += 1)
            .expect_err("a 100 MB cell is refused");
        assert!(stop.bad, "the file's fault: exit 2");
        assert!(stop.message.contains("line 3 is longer than 1 MB"), "{}", stop.message);
        assert_eq!(rows, 1, "the row before it was read");
    }

    #[test]
    fn each_bad_row_is_named_by_its_line() {
        let text = "order,amount,captured,refunded,status,updated_at\n\
            order_1,-5,0,0,,\n\
            order_2,100,0,0,lost,\n\
            order_3,100,0,0,,tomorrow\n\
            ,100,0,0,,\n\
            order_5,100,50,80,,\n\
            order_6,100\n";
        let rows = read(text.as_bytes(), ShopEncoding::Utf8, &Mapping::default()).expect("reads");
        let lines: Vec<u64> = rows.iter().map(|r| r.as_ref().expect_err("bad").line).collect();
        assert_eq!(lines, vec![2, 3, 4, 5, 6, 7]);
        let missing = read(b"id,amount\n", ShopEncoding::Utf8, &Mapping::default()).expect_err("no columns");
        assert!(missing.contains("neither an order nor a reference"), "{missing}");
    }
}
