//! A bulk run's summary as CSV, in the columns of the CLI's `bulk --out` (`line` is the
//! order's position in the run): what each order's money did, written to a new file next to
//! the run's record, never over anything already there.

use crate::bulk_run::RowState;
use crate::domain::Operation;
use crate::domain::bulk_plan::REPORT_COLUMNS;
use crate::run_record::{RecordError, RecordRow, RunDir, RunRecord};
use std::io::Write;
use std::path::PathBuf;

/// Writes `record`'s summary to `<dir>/<run>.csv` (`<run>-2.csv` … when taken); its path.
pub fn export(dir: &RunDir, record: &RunRecord) -> Result<PathBuf, RecordError> {
    let dir = &dir.0;
    let cannot_create = |path: &std::path::Path, e: std::io::Error| RecordError::ExportCreate {
        path: path.display().to_string(),
        error: e.to_string(),
    };
    std::fs::create_dir_all(dir).map_err(|e| cannot_create(dir, e))?;
    let bytes = csv(record).map_err(|e| RecordError::ExportEncode(e.to_string()))?;
    for attempt in 1..=99 {
        let name = if attempt == 1 { format!("{}.csv", record.run) } else { format!("{}-{attempt}.csv", record.run) };
        let path = dir.join(name);
        // `create_new` refuses anything already there: a file, a link, a directory, a fifo.
        match std::fs::OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(mut file) => {
                file.write_all(&bytes)
                    .and_then(|()| file.sync_all())
                    .map_err(|e| RecordError::ExportWrite { path: path.display().to_string(), error: e.to_string() })?;
                return Ok(path);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(cannot_create(&path, e)),
        }
    }
    Err(RecordError::ExportFull { dir: dir.display().to_string(), run: record.run.clone() })
}

/// The whole summary, header first.
pub fn csv(record: &RunRecord) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(REPORT_COLUMNS)?;
    for (index, row) in record.rows.iter().enumerate() {
        writer.write_record(cells(index + 1, record.request.operation.as_str(), row))?;
    }
    writer.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

/// One order's cells: line, order, operation, requested, moved, result, reason, key, created.
fn cells(line: usize, operation: &str, row: &RecordRow) -> [String; 9] {
    let requested = match &row.sent {
        Some(Operation::Capture { amount } | Operation::Refund { amount, .. }) => *amount,
        _ => 0,
    };
    let (result, moved, reason) = match &row.state {
        RowState::Done(moved) => ("done", *moved, String::new()),
        RowState::Refused(why) => ("refused", 0, why.clone()),
        RowState::Unknown(why) => ("unknown", 0, why.clone()),
        RowState::Sending => ("unknown", 0, "cut off after it was recorded as sent: its key is replayed".into()),
        RowState::Pending | RowState::NotSent => ("not-sent", 0, String::new()),
        RowState::LeftOut(why) => ("not-sent", 0, format!("left out: {why}")),
    };
    [
        line.to_string(),
        row.order.clone(),
        operation.to_string(),
        requested.to_string(),
        moved.to_string(),
        result.to_string(),
        reason,
        row.key.clone(),
        String::new(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bulk_run::RowState;
    use crate::domain::Operation;
    use crate::domain::bulk_plan::{BulkOperation, Requested, RowRequest};

    #[test]
    fn the_summary_has_the_columns_of_bulk_out_and_never_replaces_a_file() {
        let temp = tempfile::tempdir().expect("temp dir");
        let dir = RunDir(temp.path().to_path_buf());
        let row = |order: &str, state, sent| RecordRow {
            order: order.into(),
            currency: "JPY".into(),
            key: format!("key-{order}"),
            state,
            sent,
        };
        let record = RunRecord {
            kind: String::new(),
            version: 1,
            run: "tui-1-abc".into(),
            source: String::new(),
            operator: "op".into(),
            started_at: 0,
            request: RowRequest { operation: BulkOperation::Capture, requested: Requested::Maximum, reason: None },
            finished: true,
            rows: vec![
                row("order_a", RowState::Done(1_000), Some(Operation::Capture { amount: 1_000 })),
                row("order_b", RowState::LeftOut("nothing to capture".into()), None),
            ],
        };
        // Something already sits where the first summary would go: a directory.
        std::fs::create_dir(temp.path().join("tui-1-abc.csv")).expect("creates");
        let path = export(&dir, &record).expect("exports");
        assert_eq!(path, temp.path().join("tui-1-abc-2.csv"));
        let text = std::fs::read_to_string(&path).expect("reads");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "line,order,operation,requested,moved,result,reason,key,created");
        assert_eq!(lines[1], "1,order_a,capture,1000,1000,done,,key-order_a,");
        assert_eq!(lines[2], "2,order_b,capture,0,0,not-sent,left out: nothing to capture,key-order_b,");
        assert_eq!(export(&dir, &record).expect("again"), temp.path().join("tui-1-abc-3.csv"), "never over a file");
    }
}
