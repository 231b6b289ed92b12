//! Where a bulk run's rows go as they end: text or JSON Lines on stdout, CSV to `--out`
//! (written to a temporary file and renamed into place at the end, never over anything but a
//! regular file), and a progress bar on stderr when it is a terminal.

use super::report::{CSV_HEADER, RowReport, Tally};
use crate::Failure;
use crate::domain::Lang;
use crate::export::target::Destination;
use crate::words::{BulkText as B, CommandText as W};
use smartpay_i18n::Message;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

pub struct Sink {
    json: bool,
    lang: Lang,
    dry_run: bool,
    stdout: std::io::Stdout,
    csv: Option<(Destination, PathBuf)>,
    progress: Option<Progress>,
}

impl Sink {
    /// `out`, when given, must be a regular file or a new one, and none of `own` (the order
    /// file, the bulk file itself).
    pub fn new(
        (json, lang): (bool, Lang),
        dry_run: bool,
        out: Option<&Path>,
        own: &[(&str, PathBuf)],
    ) -> Result<Sink, Failure> {
        let csv = match out {
            None => None,
            Some(path) => {
                let refuse = |why: String| {
                    Failure::told(2, "usage", W::CannotWrite, &[("path", &path.display()), ("reason", &why)])
                };
                if let Ok(metadata) = std::fs::metadata(path)
                    && !metadata.is_file()
                {
                    return Err(refuse("it is not a regular file (--out only replaces regular files)".into()));
                }
                Destination::refuse_own_file(path, own).map_err(|e| refuse(e.0))?;
                let mut destination = Destination::open(path).map_err(|e| refuse(e.0))?;
                let header = csv_line(&CSV_HEADER.map(String::from)).map_err(|e| refuse(e.to_string()))?;
                destination.writer().write_all(&header).map_err(|e| refuse(e.to_string()))?;
                Some((destination, path.to_path_buf()))
            }
        };
        Ok(Sink { json, lang, dry_run, stdout: std::io::stdout(), csv, progress: None })
    }

    /// Shows a progress bar over `total` rows, if stderr is a terminal.
    pub fn show_progress(&mut self, total: u64) {
        if std::io::stderr().is_terminal() && total > 0 {
            self.progress = Some(Progress { total, done: 0, lang: self.lang });
        }
    }

    pub fn row(&mut self, row: &RowReport) -> Result<(), Failure> {
        if let Some(progress) = &self.progress {
            progress.clear();
        }
        let line = if self.json {
            serde_json::to_string(row).map_err(|e| Failure::io(format!("Cannot write a JSON line: {e}")))?
        } else {
            row.text(self.dry_run, self.lang)
        };
        writeln!(self.stdout, "{line}").map_err(stdout_failed)?;
        if let Some((destination, path)) = &mut self.csv {
            // Written a row at a time, so memory stays flat over a long file.
            let bytes = csv_line(&row.csv_cells()).map_err(|e| write_failed(path, &e.to_string()))?;
            destination.writer().write_all(&bytes).map_err(|e| write_failed(path, &e.to_string()))?;
        }
        if let Some(progress) = &mut self.progress {
            progress.done += 1;
            progress.draw();
        }
        Ok(())
    }

    /// The summary (stdout for text, stderr beside JSON Lines), and the CSV put in place.
    pub fn finish(mut self, tally: &Tally) -> Result<(), Failure> {
        if let Some(progress) = &self.progress {
            progress.clear();
        }
        let summary = tally.summary(self.dry_run, self.lang);
        if self.json {
            eprint!("{summary}");
        } else {
            write!(self.stdout, "{summary}").map_err(stdout_failed)?;
        }
        self.stdout.flush().map_err(stdout_failed)?;
        if let Some((destination, path)) = self.csv.take() {
            destination.finish().map_err(|e| write_failed(&path, &e.to_string()))?;
        }
        Ok(())
    }
}

/// One CSV record (RFC 4180 quoting), with its line end.
fn csv_line(cells: &[String]) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(cells)?;
    writer.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

fn stdout_failed(e: std::io::Error) -> Failure {
    Failure::told(1, "io", W::CannotWriteStdout, &[("reason", &e)])
}

fn write_failed(path: &Path, detail: &str) -> Failure {
    Failure::told(1, "io", W::CannotWriteLeft, &[("path", &path.display()), ("reason", &detail)])
}

/// `[#######.............]  120/200 rows` on stderr, redrawn in place.
struct Progress {
    total: u64,
    done: u64,
    lang: Lang,
}

impl Progress {
    const WIDTH: u64 = 30;

    fn draw(&self) {
        let filled = (self.done.min(self.total) * Self::WIDTH / self.total) as usize;
        let bar = format!("{}{}", "#".repeat(filled), ".".repeat(Self::WIDTH as usize - filled));
        eprint!("\r[{bar}] {}", B::Progress.fill(self.lang, &[("done", &self.done), ("total", &self.total)]));
    }

    fn clear(&self) {
        eprint!("\r\x1b[2K");
    }
}
