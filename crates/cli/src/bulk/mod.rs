//! `bulk FILE`: captures, refunds and voids from a CSV file, each row once, ever.
//!
//! The file is read three times, streamed: once to check it is a bulk file at all and count
//! the rows per order, once to plan (every row against the current state and the payment rules,
//! as one sequence; `--dry-run` stops there), and once to run, row by row, each under its own
//! key (the `key` column, or one derived from the batch and the row). A row whose key an earlier
//! run spent is never sent as a new operation, so running the file again, after an interruption
//! or the next day, finishes what is left and moves nothing twice.

mod confirm;
mod evaluate;
mod execute;
mod file;
mod output;
mod report;

use super::orders::open_source_as;
use super::{Failure, GlobalArgs};
use crate::backend::BackendError;
use crate::backend::local::OpenMode;
use crate::config::Settings;
use crate::domain::Lang;
use crate::domain::time::now_millis;
use crate::words::BulkText as B;
use clap::Args;
use evaluate::{Evaluator, Sequence};
use file::{BulkFile, FileEncoding};
use report::{RowResult, Tally};
use smartpay_i18n::Message;
use std::path::{Path, PathBuf};

#[derive(Debug, Args)]
pub struct BulkArgs {
    /// The CSV file: a header naming `order` (id or reference), `operation` (capture, refund,
    /// void) and optionally `amount` (empty: the most allowed), `reason` (refunds) and `key`.
    pub file: PathBuf,
    /// Check every row against the current state and print the plan; send nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Do not ask (scripts). Above the bulk limits, --expect-rows / --expect-total must also
    /// match the plan.
    #[arg(long)]
    pub yes: bool,
    /// The batch name the row keys are derived from and the history names (default: the
    /// file's name). The same file under the same name never moves a row twice.
    #[arg(long, value_name = "NAME")]
    pub batch: Option<String>,
    /// The file's text encoding.
    #[arg(long, value_enum, default_value_t = FileEncoding::Utf8)]
    pub encoding: FileEncoding,
    /// Also write every row's outcome as CSV to PATH (a regular file or a new one, replaced
    /// whole at the end).
    #[arg(long, value_name = "PATH")]
    pub out: Option<PathBuf>,
    /// The number of rows the plan sends: required off a terminal above bulk.confirm_above_orders.
    #[arg(long, value_name = "N")]
    pub expect_rows: Option<u64>,
    /// The total the plan moves: required off a terminal above bulk.confirm_above_amount.
    #[arg(long, value_name = "AMOUNT")]
    pub expect_total: Option<String>,
}

/// `json` (the global `--json`): one JSON line per row on stdout, {line, order, operation,
/// requested, moved, result, reason, key, created}; the summary goes to stderr.
pub fn bulk(global: &GlobalArgs, settings: &Settings, args: BulkArgs, json: bool) -> Result<(), Failure> {
    let batch = batch_name(&args)?;
    if settings.read_only && !args.dry_run {
        return Err(BackendError::ReadOnly.into());
    }
    // The whole file is read once before anything else: a file that is not a bulk file is
    // refused before a single row is looked at.
    let mut sequence = Sequence::default();
    let mut rows = open(&args)?;
    while let Some(row) = rows.next_row()? {
        sequence.count(&row);
    }
    let mut own = vec![("the bulk file", args.file.clone())];
    own.extend(settings.db.clone().map(|db| ("the order file", db)));
    let lang = settings.lang;
    let mut sink = output::Sink::new((json, lang), args.dry_run, args.out.as_deref(), &own)?;
    // An order file is opened with a small cache: a run's memory must not grow with its rows.
    let backend = open_source_as(global, settings, OpenMode::Streaming)?;

    let mut plan = Tally::default();
    let mut evaluator = Evaluator::new(&*backend, &batch, Some(sequence));
    let mut rows = open(&args)?;
    while let Some(row) = rows.next_row()? {
        let report = execute::planned(&evaluator.evaluate(&row, now_millis()));
        plan.add(&report);
        if args.dry_run {
            sink.row(&report)?;
        }
    }
    if args.dry_run {
        sink.finish(&plan)?;
        let sendable = plan.count(RowResult::Done) + plan.count(RowResult::Replayed);
        let code = if sendable == plan.rows { 0 } else { 3 };
        return finish(code, json, B::WouldBeRefused);
    }
    // The plan's own counts (a few bytes a row) are not needed by the run.
    drop(evaluator);
    let consent =
        confirm::Consent { yes: args.yes, expect_rows: args.expect_rows, expect_total: args.expect_total.as_deref() };
    confirm::confirm(&confirm::PlanFigures::of(&plan), &consent, settings.bulk, lang)?;

    let mut tally = Tally::default();
    let mut evaluator = Evaluator::new(&*backend, &batch, None);
    sink.show_progress(plan.rows);
    let mut rows = open(&args)?;
    while let Some(row) = rows.next_row()? {
        let evaluated = evaluator.evaluate(&row, now_millis());
        let report = execute::send(&*backend, &evaluated, &settings.operator, &batch);
        tally.add(&report);
        sink.row(&report)?;
    }
    sink.finish(&tally)?;
    let code = tally.exit_code();
    finish(
        code,
        json,
        match code {
            4 => B::SomeUnknown,
            5 => B::SomeDoneSomeNot,
            _ => B::NoneDone,
        },
    )
}

fn open(args: &BulkArgs) -> Result<BulkFile, Failure> {
    Ok(BulkFile::open(&args.file, args.encoding)?)
}

impl From<file::FileError> for Failure {
    fn from(err: file::FileError) -> Failure {
        match err {
            file::FileError::Unreadable { .. } => Failure::io(err.text(Lang::En)).with_japanese(err.text(Lang::Ja)),
            // A sentence of its own ends in a period already (a header's own list of columns).
            _ => {
                let said = |lang| {
                    let problem = err.text(lang);
                    B::NothingSent.fill(lang, &[("problem", &problem.trim_end_matches(['.', '。']))])
                };
                Failure::usage(said(Lang::En)).with_japanese(said(Lang::Ja))
            }
        }
    }
}

/// The exit status of a run (or plan) whose rows are all reported: with `--json` each row's
/// line already says what happened, so nothing more is printed on stdout.
fn finish(code: i32, json: bool, why: B) -> Result<(), Failure> {
    let name = match code {
        0 => return Ok(()),
        3 => "refused",
        4 => "outcome.unknown",
        _ => "partly_done",
    };
    let mut failure = Failure::told(code, name, why, &[]);
    failure.reported = json;
    Err(failure)
}

/// `--batch`, or the file's name: printable, at most 100 characters (it is in every history
/// entry the run writes).
fn batch_name(args: &BulkArgs) -> Result<String, Failure> {
    let name = match &args.batch {
        Some(name) => name.trim().to_string(),
        None => file_name(&args.file),
    };
    let printable =
        !name.is_empty() && name.chars().count() <= 100 && !name.chars().any(crate::text::is_unsafe_for_terminal);
    if printable { Ok(name) } else { Err(Failure::usage_told(B::BadBatch, &[])) }
}

fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_problem_reads_as_one_sentence_then_says_nothing_was_sent() {
        for err in [
            file::FileError::NoHeader { path: "empty.csv".into() },
            file::FileError::BadHeader { path: "a.csv".into(), detail: "the column \"x\" appears twice".into() },
        ] {
            let failure = Failure::from(err);
            assert_eq!(failure.exit, 2);
            assert!(failure.message.ends_with(". Nothing was sent."), "{}", failure.message);
            assert!(!failure.message.contains(".."), "{}", failure.message);
        }
    }
}
