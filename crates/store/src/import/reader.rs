//! Reads an import file one order at a time, without holding the file in memory: a JSON array
//! of Smartpay orders, or JSONL (one order per line, what `orders export` writes), told apart
//! by the first character. Every order comes with its position, for naming the first problem.

use crate::wire::OrderDocument;
use serde::Deserialize;
use serde::de::{DeserializeSeed, Error as _, SeqAccess, Visitor};
use std::cell::Cell;
use std::fmt;
use std::hash::{BuildHasher, Hasher, RandomState};
use std::io::{BufRead, Read};
use std::rc::Rc;

/// Where an order sits in the file: `entry 3` of an array, `line 3` of JSONL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Position {
    Entry(u64),
    Line(u64),
}

impl Position {
    pub fn number(self) -> u64 {
        match self {
            Position::Entry(n) | Position::Line(n) => n,
        }
    }
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Position::Entry(n) => write!(f, "entry {n}"),
            Position::Line(n) => write!(f, "line {n}"),
        }
    }
}

/// One JSONL line may be this long; anything longer is not an order.
const MAX_LINE: u64 = 16 * 1024 * 1024;

/// Why the file could not be read as orders (the visitor's own errors pass through as `Stop`).
pub enum ReadError<E> {
    /// The file is not what import reads: the sentence says where and why.
    Format(String),
    /// Reading failed (I/O).
    Io(std::io::Error),
    Stop(E),
}

/// A reader that fingerprints every byte it passes on, so a second pass can tell whether the
/// file changed since the first.
pub struct Fingerprinting<R> {
    inner: R,
    hasher: std::hash::DefaultHasher,
}

impl<R: Read> Fingerprinting<R> {
    /// `keys` is shared by both passes of one import: a random key, so the fingerprint cannot
    /// be steered by the file's author.
    pub fn new(inner: R, keys: &RandomState) -> Self {
        Fingerprinting { inner, hasher: keys.build_hasher() }
    }

    pub fn fingerprint(&self) -> u64 {
        self.hasher.finish()
    }
}

impl<R: Read> Read for Fingerprinting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.write(&buf[..n]);
        Ok(n)
    }
}

/// Calls `visit` with each order of the file, in order; stops at the first problem.
pub fn read_orders<R: BufRead, E>(
    mut input: R,
    visit: &mut dyn FnMut(Position, OrderDocument) -> Result<(), E>,
) -> Result<(), ReadError<E>> {
    match first_significant_byte(&mut input).map_err(ReadError::Io)? {
        Some(b'[') => read_array(input, visit),
        Some(b'{') | None => read_lines(input, visit),
        Some(_) => {
            Err(ReadError::Format("is neither a JSON array of orders nor JSONL (one order object per line)".into()))
        }
    }
}

/// Skips a UTF-8 byte order mark and white space, and peeks at what follows.
fn first_significant_byte(input: &mut impl BufRead) -> std::io::Result<Option<u8>> {
    let mut at_start = true;
    loop {
        let buf = input.fill_buf()?;
        let Some(&byte) = buf.first() else { return Ok(None) };
        if at_start && buf.starts_with(&[0xEF, 0xBB, 0xBF]) {
            input.consume(3);
        } else if byte.is_ascii_whitespace() {
            input.consume(1);
        } else {
            return Ok(Some(byte));
        }
        at_start = false;
    }
}

fn read_lines<R: BufRead, E>(
    mut input: R,
    visit: &mut dyn FnMut(Position, OrderDocument) -> Result<(), E>,
) -> Result<(), ReadError<E>> {
    let mut line = Vec::new();
    let mut number = 0u64;
    loop {
        line.clear();
        number += 1;
        let read = (&mut input).take(MAX_LINE + 1).read_until(b'\n', &mut line).map_err(ReadError::Io)?;
        if read == 0 {
            return Ok(());
        }
        let position = Position::Line(number);
        if read as u64 > MAX_LINE {
            return Err(ReadError::Format(format!("{position} is longer than {} MB", MAX_LINE >> 20)));
        }
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let document = serde_json::from_slice::<serde_json::Value>(&line)
            .and_then(tolerant_document)
            .map_err(|e| ReadError::Format(format!("{position} is not a Smartpay order: {e}")))?;
        visit(position, document).map_err(ReadError::Stop)?;
    }
}

/// Counts the bytes read since the last [`EntryLimit::next_entry`], and fails a read past
/// [`MAX_LINE`]: one array entry is held in memory while it is parsed, so it is bounded as a
/// JSONL line is.
struct EntryLimit<R> {
    inner: R,
    read: Rc<Cell<u64>>,
}

impl<R: Read> Read for EntryLimit<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.read.get() > MAX_LINE {
            return Err(std::io::Error::other("an entry is too long"));
        }
        let n = self.inner.read(buf)?;
        self.read.set(self.read.get() + n as u64);
        Ok(n)
    }
}

fn read_array<R: BufRead, E>(
    input: R,
    visit: &mut dyn FnMut(Position, OrderDocument) -> Result<(), E>,
) -> Result<(), ReadError<E>> {
    let read = Rc::new(Cell::new(0));
    // Buffered again above the limit, so that serde's byte-by-byte reading takes the buffered
    // fast path; the limit then counts in steps of the buffer (64 KB).
    let limited = std::io::BufReader::with_capacity(64 * 1024, EntryLimit { inner: input, read: Rc::clone(&read) });
    let mut de = serde_json::Deserializer::from_reader(limited);
    let mut elements = Elements { visit, count: 0, finished: false, stopped: None, entry_bytes: Rc::clone(&read) };
    let parsed = (&mut elements).deserialize(&mut de).and_then(|()| de.end());
    if let Some(stop) = elements.stopped {
        return Err(ReadError::Stop(stop));
    }
    parsed.map_err(|e| {
        if read.get() > MAX_LINE {
            let at = Position::Entry(elements.count + 1);
            ReadError::Format(format!("{at} is longer than {} MB", MAX_LINE >> 20))
        } else if e.is_io() {
            ReadError::Io(std::io::Error::other(e.to_string()))
        } else if elements.finished {
            ReadError::Format(format!("has something after the closing ] of its array: {e}"))
        } else {
            let at = Position::Entry(elements.count + 1);
            ReadError::Format(format!("{at} is not a Smartpay order: {e}"))
        }
    })
}

/// One order as the API writes it: `null` in an optional field reads as absent, as online.
fn tolerant_document(mut value: serde_json::Value) -> Result<OrderDocument, serde_json::Error> {
    crate::wire::without_nulls(&mut value);
    OrderDocument::deserialize(value)
}

/// Visits the elements of the top-level array as they are parsed.
struct Elements<'v, E> {
    visit: &'v mut dyn FnMut(Position, OrderDocument) -> Result<(), E>,
    count: u64,
    finished: bool,
    stopped: Option<E>,
    /// The bytes read since the last entry ended.
    entry_bytes: Rc<Cell<u64>>,
}

impl<'de, E> DeserializeSeed<'de> for &mut Elements<'_, E> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de, E> Visitor<'de> for &mut Elements<'_, E> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON array of Smartpay orders")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(value) = seq.next_element::<serde_json::Value>()? {
            let document = tolerant_document(value).map_err(A::Error::custom)?;
            self.count += 1;
            self.entry_bytes.set(0);
            if let Err(stop) = (self.visit)(Position::Entry(self.count), document) {
                self.stopped = Some(stop);
                return Err(A::Error::custom("stopped"));
            }
        }
        self.finished = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(text: &str) -> Result<Vec<(Position, String)>, String> {
        let mut seen = Vec::new();
        let mut visit = |at: Position, doc: OrderDocument| -> Result<(), ()> {
            seen.push((at, doc.order.id));
            Ok(())
        };
        match read_orders(text.as_bytes(), &mut visit) {
            Ok(()) => Ok(seen),
            Err(ReadError::Format(e)) => Err(e),
            Err(_) => Err("other".into()),
        }
    }

    #[test]
    fn arrays_and_jsonl_read_alike_with_positions() {
        let array = ids("\u{feff} [{\"id\":\"a\"},\n {\"id\":\"b\"}]\n").expect("array");
        assert_eq!(array, [(Position::Entry(1), "a".into()), (Position::Entry(2), "b".into())]);
        let lines = ids("{\"id\":\"a\"}\n\n{\"id\":\"b\"}").expect("jsonl");
        assert_eq!(lines, [(Position::Line(1), "a".into()), (Position::Line(3), "b".into())]);
        assert_eq!(ids("").expect("empty"), []);
    }

    #[test]
    fn a_bad_record_is_named_by_position() {
        let err = ids("[{\"id\":\"a\"}, {\"id\": 5}]").expect_err("bad entry");
        assert!(err.starts_with("entry 2 is not a Smartpay order"), "{err}");
        let err = ids("{\"id\":\"a\"}\n{\"amount\": \"x\"}\n").expect_err("bad line");
        assert!(err.starts_with("line 2 is not a Smartpay order"), "{err}");
        let err = ids("[{\"id\":\"a\"}] trailing").expect_err("trailing");
        assert!(err.contains("after the closing ]"), "{err}");
        let err = ids("id,amount\n").expect_err("csv");
        assert!(err.contains("neither a JSON array"), "{err}");
    }

    #[test]
    fn an_array_entry_is_bounded_like_a_line() {
        // The limit counts in steps of its 64 KB buffer: 128 KB over is over whatever the steps.
        let long = format!(
            "[{{\"id\":\"a\"}},{{\"id\":\"b\",\"reference\":\"{}\"}}]",
            "r".repeat(MAX_LINE as usize + (128 << 10))
        );
        let err = ids(&long).expect_err("too long");
        assert_eq!(err, "entry 2 is longer than 16 MB");
        let many = format!("[{}]", vec![format!("{{\"id\":\"{}\"}}", "i".repeat(1 << 20)); 17].join(","));
        assert_eq!(ids(&many).expect("17 MB of short entries").len(), 17, "the bound is per entry");
    }

    #[test]
    fn the_visitor_can_stop_the_read() {
        let mut visit = |_: Position, _: OrderDocument| -> Result<(), &'static str> { Err("enough") };
        let read = read_orders("[{\"id\":\"a\"},{\"id\":\"b\"}]".as_bytes(), &mut visit);
        assert!(matches!(read, Err(ReadError::Stop("enough"))));
    }
}
