//! Bulk Payment Actions on the marked orders: the action chosen, the confirmation, and each
//! order's progress (pending, done, refused with the rule's reason, unknown, not sent).

use crate::backend::{Outcome, Verdict};
use crate::config::Lang;
use crate::domain::bulk_plan::{BulkOperation, Requested, RowRequest};
use crate::domain::{Currency, RefundReason};
use crate::i18n::{Msg, t};
use smartpay_i18n::Message;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// What is done to every marked order: always the whole amount the rules allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BulkAction {
    CaptureFull,
    Void,
    RefundFull,
}

impl BulkAction {
    pub fn next(self) -> BulkAction {
        match self {
            BulkAction::CaptureFull => BulkAction::Void,
            BulkAction::Void => BulkAction::RefundFull,
            BulkAction::RefundFull => BulkAction::CaptureFull,
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        let msg = match self {
            BulkAction::CaptureFull => Msg::BulkCaptureFull,
            BulkAction::Void => Msg::BulkVoid,
            BulkAction::RefundFull => Msg::BulkRefundFull,
        };
        t(lang, msg)
    }

    /// The row request the domain turns into each order's exact operation.
    pub fn request(self) -> RowRequest {
        let (operation, reason) = match self {
            BulkAction::CaptureFull => (BulkOperation::Capture, None),
            BulkAction::Void => (BulkOperation::Void, None),
            BulkAction::RefundFull => (BulkOperation::Refund, Some(RefundReason::RequestedByCustomer)),
        };
        RowRequest { operation, requested: Requested::Maximum, reason }
    }
}

/// How one order of the run stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowState {
    Pending,
    Done(i64),
    Refused(String),
    Unknown(String),
    NotSent,
}

impl RowState {
    /// The state an operation's outcome leaves an order in, its reason in `lang` (a rule's
    /// refusal in its words, an answer of the API as it came).
    pub fn of(outcome: &Outcome, lang: Lang) -> RowState {
        let why = || match &outcome.rule_refusal {
            Some(refusal) => refusal.text(lang),
            None => outcome.parts.iter().find_map(|p| p.error.clone()).unwrap_or_default(),
        };
        match outcome.verdict() {
            Verdict::Done => RowState::Done(outcome.moved()),
            Verdict::Refused if outcome.resolved.is_some() => RowState::NotSent,
            Verdict::Refused => RowState::Refused(why()),
            Verdict::Unknown => RowState::Unknown(why()),
            // Some parts of a split refund moved: what moved is the truth, the rest is named.
            Verdict::PartlyDone => {
                RowState::Unknown(Msg::BulkPartly.fill(lang, &[("moved", &outcome.moved()), ("why", &why())]))
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BulkStage {
    /// Choosing the action; focus on Cancel or Confirm.
    Confirm {
        on_confirm: bool,
    },
    Running,
    Finished,
}

#[derive(Debug, Clone)]
pub struct BulkRow {
    pub id: String,
    /// What the marked row showed: the order's amount, captured and refunded, in its currency.
    pub amount: i64,
    pub captured: i64,
    pub refunded: i64,
    pub currency: Currency,
    pub state: RowState,
}

/// A stop asked for by the operator, seen by the run before each next request.
#[derive(Debug, Clone, Default)]
pub struct StopFlag(Arc<AtomicBool>);

impl StopFlag {
    pub fn stop(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    pub fn stopped(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

impl PartialEq for StopFlag {
    fn eq(&self, other: &StopFlag) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for StopFlag {}

#[derive(Debug, Clone)]
pub struct BulkRun {
    pub action: BulkAction,
    pub stage: BulkStage,
    pub rows: Vec<BulkRow>,
    pub stop: StopFlag,
}

impl BulkRun {
    /// A run over the marked orders, on Confirm with the focus on Cancel.
    pub fn of_marks(marks: &crate::marks::Marks) -> BulkRun {
        let rows = marks
            .rows()
            .map(|row| BulkRow {
                id: row.id.clone(),
                amount: row.amount,
                captured: row.captured,
                refunded: row.refunded,
                currency: Currency::from_code_or_whole(&row.currency),
                state: RowState::Pending,
            })
            .collect();
        BulkRun::new(rows)
    }

    pub fn new(rows: Vec<BulkRow>) -> BulkRun {
        BulkRun {
            action: BulkAction::CaptureFull,
            stage: BulkStage::Confirm { on_confirm: false },
            rows,
            stop: StopFlag::default(),
        }
    }

    /// How many rows are in each state: pending, done, refused, unknown, not sent.
    pub fn counts(&self) -> [usize; 5] {
        let mut counts = [0; 5];
        for row in &self.rows {
            let slot = match row.state {
                RowState::Pending => 0,
                RowState::Done(_) => 1,
                RowState::Refused(_) => 2,
                RowState::Unknown(_) => 3,
                RowState::NotSent => 4,
            };
            counts[slot] += 1;
        }
        counts
    }

    /// What the chosen action would move over the marked orders as they were listed (capturable
    /// or refundable), for the confirmation; the run validates each order afresh.
    pub fn total(&self, lang: Lang) -> String {
        let Some(first) = self.rows.first() else { return Currency::JPY.format(0) };
        let each = |r: &BulkRow| match self.action {
            BulkAction::CaptureFull | BulkAction::Void => (r.amount - r.captured).max(0),
            BulkAction::RefundFull => (r.captured - r.refunded).max(0),
        };
        let sum = self.rows.iter().map(each).fold(0i64, i64::saturating_add);
        if self.rows.iter().all(|r| r.currency == first.currency) {
            first.currency.format(sum)
        } else {
            Msg::MixedCurrencies.fill(lang, &[("sum", &sum)])
        }
    }
}
