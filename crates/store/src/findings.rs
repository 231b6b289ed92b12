//! The last `reconcile` findings of one source and account, saved in the data directory for the
//! console's Drift view: `DATA_DIR/findings/<name>.jsonl`, one file per source (the order
//! file's path offline, the API base and the account online), replaced whole by each run.
//!
//! The file is JSON Lines: a header `{"header": {format, version, source, shop, foundAt,
//! total}}`, the findings `{"finding": …}` (highest severity first, at most [`KEPT`]), the
//! suggested operations `{"plan": …}`, and `{"end": {"findings": n}}`. It is written to a
//! temporary file in the same folder and renamed into place, so a reader sees the old file or
//! the new one, never half of one. A file that is damaged, written by another program, by a
//! newer console, or for another source, is refused with a sentence and never trusted.

use crate::domain::Millis;
use crate::domain::reconcile::{Finding, PlannedOperation};
use serde::{Deserialize, Serialize};
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

/// What the header's `format` says.
pub const FORMAT: &str = "smartpay-console-findings";
/// The version this console writes and reads; a newer one is refused, not guessed at.
pub const VERSION: u32 = 1;
/// How many findings are saved (the highest severities first); the header counts them all.
pub const KEPT: usize = 10_000;
/// The longest line read back (a finding is a few KB at most).
const MAX_LINE: u64 = 1 << 20;

/// The header line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Header {
    pub format: String,
    pub version: u32,
    /// The source and account the findings are about (never a secret).
    pub source: String,
    /// The shop file compared.
    pub shop: String,
    pub found_at: Millis,
    /// Every finding of the run, saved or not.
    pub total: u64,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
enum Line {
    Header(Header),
    Finding(Box<Finding>),
    Plan(PlannedOperation),
    End { findings: u64 },
}

/// The findings of one run, as read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedFindings {
    pub header: Header,
    pub findings: Vec<Finding>,
    pub plan: Vec<PlannedOperation>,
}

impl SavedFindings {
    /// The findings about one order.
    pub fn for_order<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Finding> + 'a {
        self.findings.iter().filter(move |f| f.order.as_deref() == Some(id))
    }

    /// The operation a finding about `id` suggests, if any.
    pub fn planned_for(&self, id: &str) -> Option<&PlannedOperation> {
        self.plan.iter().find(|p| p.order == id)
    }
}

/// Where the findings of `source` are kept: the name is a hash of the source, and the header
/// names the source in full (two sources that hash alike are told apart, never mixed).
pub fn file_for(data_dir: &Path, source: &str) -> PathBuf {
    // FNV-1a, 64 bits: stable across builds and platforms.
    let hash = source.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    data_dir.join("findings").join(format!("{hash:016x}.jsonl"))
}

/// Writes one run's findings; nothing is visible at `path` until [`FindingsWriter::finish`].
pub struct FindingsWriter {
    path: PathBuf,
    temp: BufWriter<tempfile::NamedTempFile>,
    findings: u64,
}

impl FindingsWriter {
    pub fn create(path: &Path, header: &Header) -> std::io::Result<FindingsWriter> {
        let dir = path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)?;
        let temp = tempfile::Builder::new().prefix(".findings-").suffix(".tmp").tempfile_in(dir)?;
        let mut writer = FindingsWriter { path: path.to_path_buf(), temp: BufWriter::new(temp), findings: 0 };
        writer.line(&Line::Header(header.clone()))?;
        Ok(writer)
    }

    /// Adds a finding; past [`KEPT`] it is left out (the header's total still counts it).
    pub fn finding(&mut self, finding: &Finding) -> std::io::Result<()> {
        if self.findings as usize >= KEPT {
            return Ok(());
        }
        self.findings += 1;
        self.line(&Line::Finding(Box::new(finding.clone())))
    }

    pub fn plan(&mut self, planned: &PlannedOperation) -> std::io::Result<()> {
        self.line(&Line::Plan(planned.clone()))
    }

    /// Ends the file, flushes it to disk and renames it into place.
    pub fn finish(mut self) -> std::io::Result<()> {
        self.line(&Line::End { findings: self.findings })?;
        let temp = self.temp.into_inner().map_err(|e| e.into_error())?;
        temp.as_file().sync_all()?;
        temp.persist(&self.path).map_err(|e| e.error)?;
        Ok(())
    }

    fn line(&mut self, line: &Line) -> std::io::Result<()> {
        serde_json::to_writer(&mut self.temp, line)?;
        self.temp.write_all(b"\n")
    }
}

/// Reads the findings saved for `source`: `Ok(None)` when there are none, `Err` with the
/// sentence to show when the file cannot be trusted (it is then ignored, and left in place for
/// the next `reconcile` to replace).
pub fn load(path: &Path, source: &str) -> Result<Option<SavedFindings>, String> {
    let file = match File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("The saved findings ({}) cannot be read: {e}.", path.display())),
    };
    read(BufReader::new(file), source).map(Some).map_err(|why| {
        format!("The saved findings ({}) are ignored: {why}. Run `reconcile --shop FILE` again.", path.display())
    })
}

fn read(mut reader: impl BufRead, source: &str) -> Result<SavedFindings, String> {
    let mut buf = Vec::new();
    let mut next = |reader: &mut dyn BufRead| -> Result<Option<Line>, String> {
        buf.clear();
        let n =
            reader.take(MAX_LINE + 1).read_until(b'\n', &mut buf).map_err(|e| format!("it cannot be read ({e})"))?;
        if n == 0 {
            return Ok(None);
        }
        if buf.len() as u64 > MAX_LINE {
            return Err("it is damaged (a line longer than 1 MB)".into());
        }
        serde_json::from_slice(&buf).map(Some).map_err(|_| "it is damaged".to_string())
    };
    let header = match next(&mut reader) {
        Ok(Some(Line::Header(header))) => header,
        _ => return Err("it is not a findings file of this console".into()),
    };
    if header.format != FORMAT {
        return Err("it is not a findings file of this console".into());
    }
    if header.version > VERSION {
        return Err(format!(
            "it was written by a newer console (format version {}, this one reads {VERSION})",
            header.version
        ));
    }
    if header.source != source {
        return Err(format!("it is about another source ({})", crate::text::printable(&header.source)));
    }
    let mut saved = SavedFindings { header, findings: Vec::new(), plan: Vec::new() };
    loop {
        match next(&mut reader)? {
            Some(Line::Finding(finding)) if saved.findings.len() < KEPT => saved.findings.push(*finding),
            Some(Line::Plan(planned)) if saved.plan.len() < KEPT => saved.plan.push(planned),
            Some(Line::End { findings }) if findings == saved.findings.len() as u64 => {
                return match next(&mut reader)? {
                    None => Ok(saved),
                    Some(_) => Err("it is damaged (lines after its end)".into()),
                };
            }
            None => return Err("it is damaged (it ends early)".into()),
            Some(_) => return Err("it is damaged".into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::reconcile::finding::{ConsoleSide, Fix};
    use crate::domain::reconcile::{FindingKind, Severity};

    fn header(source: &str) -> Header {
        Header {
            format: FORMAT.into(),
            version: VERSION,
            source: source.into(),
            shop: "shop.csv".into(),
            found_at: 1_700_000_000_000,
            total: 1,
        }
    }

    fn finding() -> Finding {
        Finding {
            kind: FindingKind::AmountMismatch,
            severity: Severity::Medium,
            order: Some("order_test_1".into()),
            reference: Some("SO-1".into()),
            line: Some(2),
            currency: "JPY".into(),
            shop: None,
            smartpay: None,
            console: ConsoleSide::default(),
            fix: Fix { command: None, text: "Check the order.".into(), text_ja: String::new() },
            at_stake: 500,
        }
    }

    fn saved(dir: &Path, source: &str) -> PathBuf {
        let path = file_for(dir, source);
        let mut writer = FindingsWriter::create(&path, &header(source)).expect("create");
        writer.finding(&finding()).expect("finding");
        writer.finish().expect("finish");
        path
    }

    #[test]
    fn saved_findings_read_back_for_their_source_only() {
        let dir = tempfile::tempdir().expect("dir");
        let path = saved(dir.path(), "offline /tmp/a.redb");
        let back = load(&path, "offline /tmp/a.redb").expect("trusted").expect("there");
        assert_eq!(back.findings, vec![finding()]);
        assert_eq!(back.for_order("order_test_1").count(), 1);
        assert_ne!(file_for(dir.path(), "offline /tmp/b.redb"), path);
        let other = load(&path, "offline /tmp/b.redb").expect_err("another source");
        assert!(other.contains("another source"), "{other}");
        assert_eq!(load(&dir.path().join("none.jsonl"), "x"), Ok(None));
    }

    #[test]
    fn damaged_foreign_and_future_files_are_refused_with_a_sentence() {
        let dir = tempfile::tempdir().expect("dir");
        let path = saved(dir.path(), "s");
        let text = std::fs::read_to_string(&path).expect("read");
        let cases = [
            (text.lines().take(2).collect::<Vec<_>>().join("\n"), "ends early"),
            (text.replace("\"findings\":1", "\"findings\":7"), "damaged"),
            (text.replacen("amount-mismatch", "amount-mism", 1), "damaged"),
            ("order,amount\n1,2\n".to_string(), "not a findings file"),
            (text.replace(FORMAT, "another-tool"), "not a findings file"),
            (text.replace("\"version\":1", "\"version\":9"), "newer console"),
            (format!("{text}{{\"end\":{{\"findings\":1}}}}\n"), "after its end"),
        ];
        for (content, says) in cases {
            std::fs::write(&path, content).expect("write");
            let why = load(&path, "s").expect_err("never trusted");
            assert!(why.contains(says) && why.contains("ignored"), "{says}: {why}");
        }
    }

    #[test]
    fn a_run_that_stops_before_finish_leaves_the_old_file() {
        let dir = tempfile::tempdir().expect("dir");
        let path = saved(dir.path(), "s");
        let before = std::fs::read(&path).expect("read");
        let mut writer = FindingsWriter::create(&path, &header("s")).expect("create");
        writer.finding(&finding()).expect("finding");
        drop(writer);
        assert_eq!(std::fs::read(&path).expect("read"), before);
        let leftovers = std::fs::read_dir(path.parent().expect("dir")).expect("list").count();
        assert_eq!(leftovers, 1, "the temporary file is removed");
    }
}
