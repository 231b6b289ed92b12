//! A bulk run's summary as CSV, in the columns of the CLI's `bulk --out` (`line` is the
//! order's position in the run): what each order's money did.

use crate::bulk_run::RowState;
use crate::domain::Operation;
use crate::domain::bulk_plan::REPORT_COLUMNS;
use crate::run_record::{RecordRow, RunRecord};

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
