//! Reading a bulk file: UTF-8 (a BOM allowed) or Shift_JIS, RFC 4180 CSV with a lower-case
//! header naming `order`, `operation` and optionally `amount`, `reason`, `key` in any order.
//! The file is streamed one row at a time; a row's own problem travels with the row (it is a
//! refused row), a problem with the file itself is a [`FileError`] (exit 2).

use crate::words::{BulkText as B, Said};
use std::cell::RefCell;
use std::collections::VecDeque;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// The encodings a bulk file may come in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FileEncoding {
    #[value(name = "utf-8")]
    Utf8,
    #[value(name = "shift_jis")]
    ShiftJis,
}

/// The file itself cannot be used: nothing is done.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileError {
    #[error("Cannot read {path}: {detail}", path = path.display())]
    Unreadable { path: PathBuf, detail: String },
    #[error("{path} has no header line: the first line must name the columns (order,operation,amount,reason,key).", path = path.display())]
    NoHeader { path: PathBuf },
    #[error("{path}, line 1: {detail}", path = path.display())]
    BadHeader { path: PathBuf, detail: String },
    #[error("{path}, line {line}: {detail}", path = path.display())]
    BadText { path: PathBuf, line: u64, detail: String },
}

impl FileError {
    /// The sentence in `lang` (a detail of the CSV reader or the header stays as written).
    pub fn text(&self, lang: smartpay_i18n::Lang) -> String {
        use smartpay_i18n::Message;
        match self {
            FileError::Unreadable { path, detail } => {
                B::FileUnreadable.fill(lang, &[("path", &path.display()), ("detail", detail)])
            }
            FileError::NoHeader { path } => B::FileNoHeader.fill(lang, &[("path", &path.display())]),
            FileError::BadHeader { path, detail } => {
                B::FileBadLine.fill(lang, &[("path", &path.display()), ("line", &1), ("detail", detail)])
            }
            FileError::BadText { path, line, detail } => {
                B::FileBadLine.fill(lang, &[("path", &path.display()), ("line", line), ("detail", detail)])
            }
        }
    }
}

/// One data row as written (cells trimmed), before anything is looked up.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FileRow {
    /// The line the row starts on; the header is line 1.
    pub line: u64,
    pub order: String,
    pub operation: String,
    pub amount: String,
    pub reason: String,
    pub key: String,
    /// The row's shape is wrong (too many or too few cells): it is refused with this.
    pub malformed: Option<Said>,
}

const COLUMNS: [&str; 5] = ["order", "operation", "amount", "reason", "key"];
const REQUIRED: [&str; 2] = ["order", "operation"];

/// The longest cell a row may have: an order id or reference, an amount or a key is short, and
/// a hostile file must not make one row take the memory of a whole run.
const MAX_CELL: usize = 1_000;

/// A bulk file opened for reading, header checked.
pub struct BulkFile {
    path: PathBuf,
    reader: csv::Reader<Box<dyn Read>>,
    /// Where each known column sits in a row.
    positions: [Option<usize>; 5],
    width: usize,
    record: csv::ByteRecord,
    lines: LineCounter,
}

impl BulkFile {
    pub fn open(path: &Path, encoding: FileEncoding) -> Result<BulkFile, FileError> {
        let unreadable = |e: std::io::Error| FileError::Unreadable { path: path.to_path_buf(), detail: e.to_string() };
        let metadata = std::fs::metadata(path).map_err(unreadable)?;
        if !metadata.is_file() {
            return Err(FileError::Unreadable { path: path.to_path_buf(), detail: "it is not a regular file".into() });
        }
        let file = File::open(path).map_err(unreadable)?;
        let decoded: Box<dyn Read> = match encoding {
            // UTF-8 passes through untouched (its BOM removed); invalid bytes are caught per cell.
            FileEncoding::Utf8 => Box::new(
                encoding_rs_io::DecodeReaderBytesBuilder::new()
                    .encoding(None)
                    .utf8_passthru(true)
                    .strip_bom(true)
                    .build(BufReader::new(file)),
            ),
            FileEncoding::ShiftJis => Box::new(
                encoding_rs_io::DecodeReaderBytesBuilder::new()
                    .encoding(Some(encoding_rs::SHIFT_JIS))
                    .strip_bom(true)
                    .build(BufReader::new(file)),
            ),
        };
        let lines = LineCounter::default();
        let counted: Box<dyn Read> = Box::new(Counted { inner: decoded, offset: 0, lines: lines.clone() });
        let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(counted);
        let mut header = csv::ByteRecord::new();
        let found = reader
            .read_byte_record(&mut header)
            .map_err(|e| FileError::BadHeader { path: path.to_path_buf(), detail: csv_detail(&e) })?;
        if !found {
            return Err(FileError::NoHeader { path: path.to_path_buf() });
        }
        let positions = header_positions(&header, encoding)
            .map_err(|detail| FileError::BadHeader { path: path.to_path_buf(), detail })?;
        Ok(BulkFile {
            path: path.to_path_buf(),
            reader,
            positions,
            width: header.len(),
            record: csv::ByteRecord::new(),
            lines,
        })
    }

    /// The next data row, `None` at the end. Blank lines are skipped.
    pub fn next_row(&mut self) -> Result<Option<FileRow>, FileError> {
        loop {
            let found = self.reader.read_byte_record(&mut self.record).map_err(|e| FileError::BadText {
                path: self.path.clone(),
                line: e.position().map_or(0, |p| self.lines.line_at(p.byte())),
                detail: csv_detail(&e),
            })?;
            if !found {
                return Ok(None);
            }
            // csv skips blank lines without counting them: the line is counted from the bytes.
            let line = self.record.position().map_or(0, |p| self.lines.line_at(p.byte()));
            if self.record.iter().all(|cell| cell.iter().all(u8::is_ascii_whitespace)) {
                continue;
            }
            return self.row(line).map(Some);
        }
    }

    fn row(&self, line: u64) -> Result<FileRow, FileError> {
        let bad_text = |detail: String| FileError::BadText { path: self.path.clone(), line, detail };
        let mut cells: [String; 5] = Default::default();
        for (slot, position) in cells.iter_mut().zip(self.positions) {
            let Some(raw) = position.and_then(|p| self.record.get(p)) else { continue };
            let text = std::str::from_utf8(raw).map_err(|_| {
                bad_text(
                    "this line is not UTF-8 text (a file from a Japanese back-office may need --encoding shift_jis)"
                        .into(),
                )
            })?;
            if text.contains('\u{fffd}') {
                return Err(bad_text("this line holds bytes that are not text in the file's encoding".into()));
            }
            *slot = text.trim().chars().take(MAX_CELL + 1).collect();
        }
        let malformed = if self.record.len() != self.width {
            Some(Said::of(B::CellCount, &[("cells", &self.record.len()), ("width", &self.width)]))
        } else {
            cells.iter().any(|c| c.chars().count() > MAX_CELL).then(|| Said::of(B::CellTooLong, &[("max", &MAX_CELL)]))
        };
        let [order, operation, amount, reason, key] = cells;
        Ok(FileRow { line, order, operation, amount, reason, key, malformed })
    }
}

/// The newlines read so far: those before a record's first byte give its line number. Only
/// the newlines of the read-ahead window are kept, so memory stays flat.
#[derive(Clone, Default)]
struct LineCounter(Rc<RefCell<Lines>>);

#[derive(Default)]
struct Lines {
    /// Newlines already known to lie before the records asked about.
    before: u64,
    /// Offsets of the newlines read but not yet passed, each with whether a CR came before it.
    ahead: VecDeque<(u64, bool)>,
    /// The last byte read (a CR before a newline split across two reads).
    last: u8,
}

impl LineCounter {
    /// The 1-based line of the record that csv says starts at `offset` (offsets only grow from
    /// call to call). csv starts a record where the last one ended, so blank lines in between
    /// are passed over here.
    fn line_at(&self, offset: u64) -> u64 {
        let mut lines = self.0.borrow_mut();
        while lines.ahead.front().is_some_and(|(newline, _)| *newline < offset) {
            lines.ahead.pop_front();
            lines.before += 1;
        }
        let mut cursor = offset;
        while let Some(&(newline, cr)) = lines.ahead.front() {
            if newline != cursor && !(cr && newline == cursor + 1) {
                break;
            }
            lines.ahead.pop_front();
            lines.before += 1;
            cursor = newline + 1;
        }
        lines.before + 1
    }
}

/// The decoded text on its way to the CSV reader, its newlines noted.
struct Counted {
    inner: Box<dyn Read>,
    offset: u64,
    lines: LineCounter,
}

impl Read for Counted {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let mut lines = self.lines.0.borrow_mut();
        for at in memchr::memchr_iter(b'\n', &buf[..n]) {
            let cr = match at {
                0 => lines.last == b'\r',
                _ => buf[at - 1] == b'\r',
            };
            lines.ahead.push_back((self.offset + at as u64, cr));
        }
        if let Some(last) = buf[..n].last() {
            lines.last = *last;
        }
        self.offset += n as u64;
        Ok(n)
    }
}

fn csv_detail(err: &csv::Error) -> String {
    match err.kind() {
        csv::ErrorKind::Io(e) => e.to_string(),
        csv::ErrorKind::Utf8 { .. } => "not UTF-8 text".into(),
        _ => "this is not CSV (RFC 4180): check the quotes".into(),
    }
}

/// Where each known column is, or why the header is not one.
fn header_positions(header: &csv::ByteRecord, encoding: FileEncoding) -> Result<[Option<usize>; 5], String> {
    let mut positions = [None; 5];
    for (index, raw) in header.iter().enumerate() {
        let name = std::str::from_utf8(raw).map_err(|_| match encoding {
            FileEncoding::Utf8 => "the header is not UTF-8 text (try --encoding shift_jis)".to_string(),
            FileEncoding::ShiftJis => "the header is not Shift_JIS text".to_string(),
        })?;
        let name = name.trim();
        let Some(column) = COLUMNS.iter().position(|c| *c == name) else {
            return Err(format!(
                "the column \"{}\" is not one a bulk file has: use {} (lower-case, any order)",
                crate::text::printable(name).chars().take(40).collect::<String>(),
                COLUMNS.join(", ")
            ));
        };
        if positions[column].replace(index).is_some() {
            return Err(format!("the column \"{name}\" appears twice"));
        }
    }
    let missing: Vec<&str> =
        REQUIRED.iter().zip([0, 1]).filter(|(_, i)| positions[*i].is_none()).map(|(c, _)| *c).collect();
    if !missing.is_empty() {
        return Err(format!(
            "the header must name the columns {} (missing: {})",
            REQUIRED.join(" and "),
            missing.join(", ")
        ));
    }
    Ok(positions)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(bytes: &[u8], encoding: FileEncoding) -> Result<Vec<FileRow>, FileError> {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("rows.csv");
        std::fs::write(&path, bytes).expect("write");
        let mut file = BulkFile::open(&path, encoding)?;
        let mut all = vec![];
        while let Some(row) = file.next_row()? {
            all.push(row);
        }
        Ok(all)
    }

    #[test]
    fn columns_come_in_any_order_with_quotes_a_bom_and_line_numbers_from_the_header() {
        let text =
            "\u{feff}amount,operation,order\n\"1,000\",capture,order_1\n\n,void, order_2 \r\n\r\n\r\n5,capture,o3\n";
        let all = rows(text.as_bytes(), FileEncoding::Utf8).expect("rows");
        assert_eq!(all.len(), 3);
        assert_eq!(all[2].line, 7, "blank lines counted, CRLF or not");
        assert_eq!((all[0].line, all[0].amount.as_str(), all[0].order.as_str()), (2, "1,000", "order_1"));
        assert_eq!((all[1].line, all[1].operation.as_str(), all[1].order.as_str()), (4, "void", "order_2"));
        assert_eq!(all[1].reason, "", "an absent column is empty");
    }

    #[test]
    fn shift_jis_is_decoded() {
        let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode("order,operation,amount,reason\nORD-1,refund,１０００円,\n");
        let all = rows(&bytes, FileEncoding::ShiftJis).expect("rows");
        assert_eq!(all[0].amount, "１０００円");
        let err = rows(&bytes, FileEncoding::Utf8).expect_err("Shift_JIS is not UTF-8");
        assert!(err.to_string().contains("--encoding shift_jis"), "{err}");
    }

    #[test]
    fn a_bad_header_is_a_file_problem_and_a_ragged_row_is_a_row_problem() {
        for (text, says) in [
            ("", "no header"),
            ("order_1,capture,1000\n", "is not one a bulk file has"),
            ("Order,operation\n", "is not one a bulk file has"),
            ("order,operation,order\n", "appears twice"),
            ("order,amount\n", "missing: operation"),
        ] {
            let err = rows(text.as_bytes(), FileEncoding::Utf8).expect_err(text);
            assert!(err.to_string().contains(says), "{text:?}: {err}");
        }
        let all = rows(b"order,operation\norder_1,capture,extra\n", FileEncoding::Utf8).expect("rows");
        assert!(all[0].malformed.as_ref().is_some_and(|m| m.en.contains("3 cells")), "{:?}", all[0]);
    }
}
