//! What the journal holds: one entry per confirmed operation (its key, its exact plan, its
//! parts' keys and results), and how an entry is closed.

use crate::backend::PartResult;
use crate::domain::rules::Plan;
use crate::domain::{Millis, Operation};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryState {
    /// Journaled; the outcome is not known yet.
    Open,
    /// The API confirmed it; `created` holds the payment or refund ids.
    Done,
    /// The API refused it, so nothing happened.
    NotDone,
    /// Some parts moved money and a later one was refused; `parts` says which.
    PartlyDone,
}

/// How the parts of a split refund are keyed. Entries journaled before the scheme was recorded
/// used `<key>-1`, which a user's own key could equal; they keep it, so a replay sends exactly
/// what was sent the first time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartKeys {
    #[default]
    Dash,
    /// `<key>.1`: `.` is outside the user key alphabet `[A-Za-z0-9_-]`, so no collision.
    Dot,
}

/// How one part of a closed entry ended, in plan order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JournalPart {
    pub result: PartResult,
    pub id: Option<String>,
    pub error: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JournalEntry {
    pub key: String,
    pub order_id: String,
    pub operation: Operation,
    /// Exactly what is sent: replays send the same parts under the same keys.
    pub plan: Plan,
    pub currency: String,
    pub operator: Option<String>,
    pub journaled_at: Millis,
    pub state: EntryState,
    /// Ids returned by the API, in part order.
    pub created: Vec<String>,
    pub closed_at: Option<Millis>,
    /// Why it was not done, or what was left partly done.
    pub note: Option<String>,
    /// Each part's result once closed (empty in entries written before parts were recorded).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<JournalPart>,
    #[serde(default)]
    pub part_keys: PartKeys,
    /// The person who closed it by hand (`journal resolve`), if one did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved_by: Option<String>,
    /// Settled as having moved money by a replay whose result nobody has seen yet (at start or
    /// in a sync pass): the next operation on the order reports it instead of being sent.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub unreported: bool,
}

impl JournalEntry {
    /// A new open entry, its parts keyed `<key>.N`.
    pub fn new_open(
        key: &str,
        order_id: &str,
        operation: Operation,
        plan: Plan,
        currency: &str,
        operator: Option<String>,
        journaled_at: Millis,
    ) -> JournalEntry {
        JournalEntry {
            key: key.to_string(),
            order_id: order_id.to_string(),
            operation,
            plan,
            currency: currency.to_string(),
            operator,
            journaled_at,
            state: EntryState::Open,
            created: vec![],
            closed_at: None,
            note: None,
            parts: vec![],
            part_keys: PartKeys::Dot,
            resolved_by: None,
            unreported: false,
        }
    }

    /// The idempotency key of part `index` of this operation: the key itself for a capture
    /// or a void, `<key>.1`, `<key>.2` … for the refunds of a split refund (`<key>-1` in
    /// entries journaled before).
    pub fn part_key(&self, index: usize) -> String {
        match (&self.plan, self.part_keys) {
            (Plan::Refund { .. }, PartKeys::Dot) => format!("{}.{}", self.key, index + 1),
            (Plan::Refund { .. }, PartKeys::Dash) => format!("{}-{}", self.key, index + 1),
            _ => self.key.clone(),
        }
    }

    /// How many requests the plan makes.
    pub fn part_count(&self) -> usize {
        match &self.plan {
            Plan::Refund { parts, .. } => parts.len(),
            _ => 1,
        }
    }

    /// The payment and amount of part `index`: the payment refunded (a refund), the payment
    /// created (a capture, once known), nothing for a void.
    pub fn part_target(&self, index: usize) -> (Option<String>, i64) {
        match &self.plan {
            Plan::Capture { amount } => (None, *amount),
            Plan::Refund { parts, .. } => {
                parts.get(index).map_or((None, 0), |p| (Some(p.payment_id.clone()), p.amount))
            }
            Plan::Void { released } => (None, *released),
        }
    }
}

/// How an entry is closed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Closing {
    pub state: EntryState,
    pub parts: Vec<JournalPart>,
    pub note: Option<String>,
    /// Set when a person closes it by hand.
    pub resolved_by: Option<String>,
}

impl Closing {
    /// The ids the done parts created, in part order.
    pub fn created(&self) -> Vec<String> {
        self.parts.iter().filter(|p| p.result == PartResult::Done).filter_map(|p| p.id.clone()).collect()
    }
}
