//! The comparison run: every Smartpay order streamed from the source, its shop row looked up in
//! the index, the domain's comparison applied, and every order with a money finding read again
//! from the source before its findings are kept. Shop rows no order answered come last.

use super::ignore::Ignore;
use super::shop_file::{Problems, RowProblem};
use super::shop_index::{IndexError, ShopIndex};
use super::spool::Spool;
use crate::backend::{Backend, BackendError};
use crate::domain::reconcile::{
    Comparison, Context, FindingKind, ShopRow, compare, missing_at_smartpay, refund_origins,
};
use crate::domain::{Millis, Order};
use crate::text::printable;

/// What the run saw besides the findings.
#[derive(Debug, Default)]
pub struct RunFacts {
    pub orders: u64,
    /// Orders read again from the source because of a money finding.
    pub reread: u64,
    /// Findings that were gone once the order was read again.
    pub settled: u64,
    pub ignored: u64,
    /// Order records that could not be read (named).
    pub unreadable: Vec<String>,
    /// Rows the file got wrong in a way only Smartpay's side reveals.
    pub bad_rows: Problems,
}

/// Why the run stopped.
#[derive(Debug)]
pub enum RunError {
    Source(BackendError),
    Local(String),
}

impl From<IndexError> for RunError {
    fn from(e: IndexError) -> Self {
        RunError::Local(e.0)
    }
}

impl From<std::io::Error> for RunError {
    fn from(e: std::io::Error) -> Self {
        RunError::Local(format!("the findings could not be kept in a temporary file: {e}"))
    }
}

pub struct Run<'a> {
    pub backend: &'a dyn Backend,
    pub index: &'a mut ShopIndex,
    /// Orders created inside this range should be in the shop (`None`: every order).
    pub range: Option<(Millis, Millis)>,
    pub ignore: &'a Ignore,
    pub now: Millis,
    pub spool: &'a mut Spool,
    pub facts: RunFacts,
    /// Online with a date range: orders created before this were not listed afresh (the mirror
    /// may hold them as last synced), so one the shop names is read by id before it is compared.
    pub listed_since: Option<Millis>,
}

impl Run<'_> {
    pub fn run(mut self) -> Result<RunFacts, RunError> {
        let mut stop: Option<RunError> = None;
        let backend = self.backend;
        let since = self.listed_since;
        let mut visit = |record: Result<Order, BackendError>| -> Result<(), BackendError> {
            let result = match record {
                Ok(order) => self.order(order),
                Err(err @ BackendError::Damaged { .. }) => {
                    self.facts.unreadable.push(err.to_string());
                    Ok(())
                }
                Err(err) => Err(RunError::Source(err)),
            };
            result.map_err(|e| {
                stop = Some(e);
                BackendError::Storage("reconcile stopped".into())
            })
        };
        let walked = match since {
            Some(since) => backend.for_each_record_since(since, &mut visit),
            None => backend.for_each_record(&mut visit),
        };
        if let Some(stop) = stop {
            return Err(stop);
        }
        walked.map_err(RunError::Source)?;
        let mut left = Vec::new();
        self.index.unmatched(&mut |row| {
            left.push(row);
            Ok(())
        })?;
        for row in left {
            self.unanswered(row)?;
        }
        Ok(self.facts)
    }

    /// One Smartpay order.
    fn order(&mut self, order: Order) -> Result<(), RunError> {
        self.facts.orders += 1;
        let row = self.row_for(&order)?;
        if self.listed_since.is_some_and(|since| order.created_at < since) {
            // Not listed afresh: only an order the shop names matters, and it is read by id.
            return match row {
                Some(row) => self.reread(&order.id, Some(&row), 0),
                None => Ok(()),
            };
        }
        let comparison = self.compare(&order, row.as_ref(), &[]);
        if !comparison.findings.iter().any(|f| f.is_about_money()) {
            return self.keep(comparison);
        }
        self.reread(&order.id, row.as_ref(), comparison.findings.len())
    }

    /// Reads the order again from the source and keeps what is still different.
    fn reread(&mut self, id: &str, row: Option<&ShopRow>, before: usize) -> Result<(), RunError> {
        self.facts.reread += 1;
        match self.backend.get_with_marks(id) {
            Ok((fresh, marks)) => {
                let comparison = self.compare(&fresh, row, &marks);
                self.facts.settled += before.saturating_sub(comparison.findings.len()) as u64;
                self.keep(comparison)
            }
            Err(BackendError::NotFound { .. }) => match row {
                Some(row) => self.keep_missing(row),
                None => Ok(()),
            },
            Err(err) => Err(RunError::Source(err)),
        }
    }

    fn compare(
        &self,
        order: &Order,
        row: Option<&ShopRow>,
        marks: &[crate::domain::reconcile::ConsoleMark],
    ) -> Comparison {
        let expect_in_shop = self.range.is_none_or(|(from, to)| (from..=to).contains(&order.created_at));
        let ctx = Context { now: self.now, expect_in_shop };
        compare(order, row, refund_origins(order, marks), &ctx)
    }

    /// The shop's row for an order: by id, else by reference; a row whose order and reference
    /// name two different orders, or one order given on two lines, is the file's fault.
    fn row_for(&mut self, order: &Order) -> Result<Option<ShopRow>, RunError> {
        let found = self.index.find(&order.id, &order.reference)?;
        let row = match (found.by_id, found.by_reference) {
            (Some(by_id), by_reference) => {
                if let Some(reference) = by_id.reference.as_deref()
                    && reference != order.reference
                {
                    self.bad(
                        by_id.line,
                        format!(
                            "order {} has the reference \"{}\" at Smartpay, not \"{}\"",
                            printable(&order.id),
                            printable(&order.reference),
                            printable(reference)
                        ),
                    );
                    return Ok(None);
                }
                if let Some(other) = by_reference.filter(|r| r.line != by_id.line) {
                    self.reference_elsewhere(order, &other, Some(by_id.line));
                }
                by_id
            }
            (None, Some(by_reference)) => {
                if let Some(named) = by_reference.order.as_deref().filter(|named| *named != order.id) {
                    self.bad(
                        by_reference.line,
                        format!(
                            "the reference \"{}\" is order {} at Smartpay, not {}",
                            printable(&order.reference),
                            printable(&order.id),
                            printable(named)
                        ),
                    );
                    return Ok(None);
                }
                by_reference
            }
            (None, None) => return Ok(None),
        };
        if self.index.mark(row.line) {
            self.bad(
                row.line,
                format!(
                    "the reference \"{}\" names more than one order at Smartpay (one of them {}): give the order id",
                    printable(&order.reference),
                    printable(&order.id)
                ),
            );
            return Ok(None);
        }
        Ok(Some(row))
    }

    /// A second row reaches this order by its reference.
    fn reference_elsewhere(&mut self, order: &Order, other: &ShopRow, first: Option<u64>) {
        self.index.mark(other.line);
        let message = match (&other.order, first) {
            (Some(named), _) => format!(
                "the reference \"{}\" is order {} at Smartpay, not {}",
                printable(&order.reference),
                printable(&order.id),
                printable(named)
            ),
            (None, Some(first)) => format!("order {} is listed twice: on line {first} and here", printable(&order.id)),
            (None, None) => return,
        };
        self.bad(other.line, message);
    }

    fn bad(&mut self, line: u64, message: String) {
        self.facts.bad_rows.push(RowProblem { line, message });
    }

    /// A shop row no streamed order answered: its order is read by id (a mirror may lag), else
    /// it is missing at Smartpay.
    fn unanswered(&mut self, row: ShopRow) -> Result<(), RunError> {
        let Some(id) = row.order.clone() else { return self.keep_missing(&row) };
        match self.backend.get_with_marks(&id) {
            Ok((order, marks)) => {
                self.facts.reread += 1;
                let comparison = self.compare(&order, Some(&row), &marks);
                self.keep(comparison)
            }
            Err(BackendError::NotFound { .. }) => self.keep_missing(&row),
            Err(err) => Err(RunError::Source(err)),
        }
    }

    fn keep_missing(&mut self, row: &ShopRow) -> Result<(), RunError> {
        let mut finding = missing_at_smartpay(row);
        if row.order.is_none() && self.listed_since.is_some() {
            use smartpay_i18n::Message;
            use smartpay_i18n::sentences::ReconcileText;
            finding.fix.text.push_str(ReconcileText::MirrorOnly.text(crate::domain::Lang::En));
            finding.fix.text_ja.push_str(ReconcileText::MirrorOnly.text(crate::domain::Lang::Ja));
        }
        if self.ignore.covers(&finding) {
            self.facts.ignored += 1;
            return Ok(());
        }
        Ok(self.spool.add(&finding)?)
    }

    /// Keeps the findings not acknowledged, and the planned operations some kept finding asks for.
    fn keep(&mut self, comparison: Comparison) -> Result<(), RunError> {
        let mut verbs = Vec::new();
        for finding in &comparison.findings {
            if self.ignore.covers(finding) {
                self.facts.ignored += 1;
                continue;
            }
            if let Some(command) = &finding.fix.command {
                verbs.extend(command.split(' ').next().map(str::to_string));
            }
            if finding.kind == FindingKind::CanceledButCaptured {
                verbs.push("void".into());
            }
            self.spool.add(finding)?;
        }
        for planned in &comparison.plan {
            if verbs.iter().any(|v| v == planned.operation.verb()) {
                self.spool.plan(planned)?;
            }
        }
        Ok(())
    }
}
