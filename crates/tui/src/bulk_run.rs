//! Bulk Payment Actions on the marked orders: each order read afresh and planned by the
//! payment rules (what the chosen action moves on it, or the rule's reason it is left out),
//! the confirmation, and each order's progress (pending, done, refused, unknown, not sent).

use crate::backend::{Outcome, Verdict};
use crate::bulk_action::BulkAction;
use crate::config::Lang;
use crate::domain::bulk_plan::{RowRequest, operation_for};
use crate::domain::{Currency, Millis, Operation, Order};
use crate::i18n::bulk::BulkMsg;
use serde::{Deserialize, Serialize};
use smartpay_i18n::Message;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// The configuration a bulk run reads: the cap of `*` and where run records are kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BulkSettings {
    /// `bulk.confirm_above_orders`: `*` marks at most this many orders.
    pub confirm_above_orders: u64,
    /// Where each run's record (and its exported summary) is written; `None`: nowhere.
    pub runs_dir: Option<PathBuf>,
}

impl Default for BulkSettings {
    fn default() -> BulkSettings {
        BulkSettings { confirm_above_orders: 100, runs_dir: None }
    }
}

/// How one order of the run stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "state", content = "detail")]
pub enum RowState {
    Pending,
    /// Recorded as about to be sent: if the run is cut off here, the answer is unknown.
    Sending,
    Done(i64),
    Refused(String),
    Unknown(String),
    NotSent,
    /// The action is not allowed on this order (the rule's reason): never part of the run.
    LeftOut(String),
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
                RowState::Unknown(BulkMsg::PartlyDone.fill(lang, &[("moved", &outcome.moved()), ("why", &why())]))
            }
        }
    }

    /// The word the progress view shows for it, in `lang`.
    pub fn word(&self, lang: Lang, currency: Currency) -> String {
        use RowState::*;
        let why = |key: BulkMsg, why: &str| key.fill(lang, &[("why", &why)]);
        match self {
            Pending => BulkMsg::StatePending.text(lang).into(),
            Sending => BulkMsg::StateSending.text(lang).into(),
            Done(moved) => BulkMsg::StateDone.fill(lang, &[("amount", &currency.format(*moved))]),
            Refused(reason) => why(BulkMsg::StateRefused, reason),
            Unknown(reason) => why(BulkMsg::StateUnknown, reason),
            NotSent => BulkMsg::StateNotSent.text(lang).into(),
            LeftOut(reason) => why(BulkMsg::StateLeftOut, reason),
        }
    }

    /// Never sent, so a resume sends it (under the key it already has).
    pub fn to_send(&self) -> bool {
        matches!(self, RowState::Pending | RowState::NotSent)
    }

    /// Sent with no answer known, so a resume replays its own key.
    pub fn to_replay(&self) -> bool {
        matches!(self, RowState::Sending | RowState::Unknown(_))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BulkStage {
    /// The marked orders are being read afresh.
    Reading,
    /// Choosing the action; focus on Cancel or Confirm.
    Confirm {
        on_confirm: bool,
    },
    Running,
    Finished,
    /// A run cut off earlier, found at start; `asking`: the resume question is open (focus
    /// on Cancel unless `Some(true)`).
    Recovered {
        asking: Option<bool>,
    },
}

#[derive(Debug, Clone)]
pub struct BulkRow {
    pub id: String,
    pub currency: Currency,
    /// The order as read for the confirmation.
    pub order: Option<Box<Order>>,
    /// What the action moves on this order by the rules, or why it is not allowed.
    pub plan: Result<i64, String>,
    pub key: String,
    pub state: RowState,
    /// The exact operation sent under `key`: what a resume replays.
    pub sent: Option<Operation>,
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
    /// Names the run in each order's history and in its record.
    pub run_id: String,
    pub action: BulkAction,
    /// The amount or percentage typed for the actions that take one.
    pub input: String,
    /// Why the typed amount or percentage cannot be used (nothing can be confirmed then).
    pub input_error: Option<String>,
    /// The request sent to every order, fixed when the run starts.
    pub request: Option<RowRequest>,
    pub stage: BulkStage,
    pub rows: Vec<BulkRow>,
    pub stop: StopFlag,
    /// A run found at start that was recorded on another source: shown, never resumed here.
    pub foreign: Option<String>,
    /// The source the run is recorded against (empty until it is first sent).
    pub source: String,
    pub started_at: Millis,
}

impl BulkRun {
    /// A run over the marked orders, each with its own key, waiting for the orders' fresh read.
    pub fn of_marks(marks: &crate::marks::Marks, run_id: String, keygen: fn() -> String) -> BulkRun {
        let rows = marks
            .rows()
            .map(|row| BulkRow {
                id: row.id.clone(),
                currency: Currency::from_code_or_whole(&row.currency),
                order: None,
                // Until the fresh read: the view shows only "reading" then.
                plan: Err(String::new()),
                key: keygen(),
                state: RowState::Pending,
                sent: None,
            })
            .collect();
        BulkRun::new(run_id, rows)
    }

    pub fn new(run_id: String, rows: Vec<BulkRow>) -> BulkRun {
        BulkRun {
            run_id,
            action: BulkAction::CaptureFull,
            input: String::new(),
            input_error: None,
            request: None,
            stage: BulkStage::Reading,
            rows,
            stop: StopFlag::default(),
            foreign: None,
            source: String::new(),
            started_at: 0,
        }
    }

    /// The fresh reads arrived (in row order): each order is planned, on Confirm with the
    /// focus on Cancel.
    pub fn orders_read(&mut self, orders: Vec<Result<Box<Order>, String>>, now: Millis, lang: Lang) {
        for (row, read) in self.rows.iter_mut().zip(orders) {
            match read {
                Ok(order) => {
                    row.currency = order.currency();
                    row.order = Some(order);
                }
                Err(why) => row.plan = Err(why),
            }
        }
        self.stage = BulkStage::Confirm { on_confirm: false };
        self.replan(now, lang);
    }

    /// The marked orders' one currency, if they share one.
    pub fn currency(&self) -> Option<Currency> {
        let first = self.rows.first()?.currency;
        self.rows.iter().all(|r| r.currency == first).then_some(first)
    }

    /// Plans every read order for the chosen action and typed input, by the domain's rules.
    pub fn replan(&mut self, now: Millis, lang: Lang) {
        let request = if self.action.takes_input() && self.input.trim().is_empty() {
            Err(String::new())
        } else {
            self.action.request(&self.input, self.currency(), lang)
        };
        self.input_error = request.as_ref().err().filter(|e| !e.is_empty()).cloned();
        for row in &mut self.rows {
            let Some(order) = &row.order else { continue };
            row.plan = match &request {
                Ok(request) => operation_for(order, request, now)
                    .map(|(_, plan)| plan.amount())
                    .map_err(|refusal| refusal.text(lang)),
                Err(_) => Ok(0),
            };
        }
        self.request = request.ok();
    }

    /// How many orders the action is allowed on, and how many it leaves out.
    pub fn allowed(&self) -> (usize, usize) {
        let allowed = self.rows.iter().filter(|r| r.plan.is_ok()).count();
        (allowed, self.rows.len() - allowed)
    }

    /// Starts the run: the orders the action is not allowed on are left out with the reason.
    pub fn start(&mut self) {
        for row in &mut self.rows {
            if let Err(why) = &row.plan {
                row.state = RowState::LeftOut(why.clone());
            }
        }
        self.stage = BulkStage::Running;
    }

    /// How many rows are in each state: pending, done, refused, unknown, not sent, left out.
    pub fn counts(&self) -> [usize; 6] {
        let mut counts = [0; 6];
        for row in &self.rows {
            let slot = match row.state {
                RowState::Pending => 0,
                RowState::Done(_) => 1,
                RowState::Refused(_) => 2,
                RowState::Unknown(_) | RowState::Sending => 3,
                RowState::NotSent => 4,
                RowState::LeftOut(_) => 5,
            };
            counts[slot] += 1;
        }
        counts
    }

    /// What a resume would send afresh and replay under its own key.
    pub fn to_resume(&self) -> (usize, usize) {
        let send = self.rows.iter().filter(|r| r.state.to_send()).count();
        (send, self.rows.iter().filter(|r| r.state.to_replay()).count())
    }

    /// What the chosen action moves over the orders it is allowed on (capturable, a fixed
    /// amount or a share of it, the remainder a void releases, or refundable), by the rules.
    pub fn total(&self, lang: Lang) -> String {
        let sum = self.rows.iter().filter_map(|r| r.plan.as_ref().ok()).fold(0i64, |a, b| a.saturating_add(*b));
        match self.currency() {
            Some(currency) => currency.format(sum),
            None if self.rows.is_empty() => Currency::JPY.format(0),
            None => BulkMsg::MixedCurrencies.fill(lang, &[("sum", &sum)]),
        }
    }
}
