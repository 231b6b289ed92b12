//! One operation on one order, in one write transaction: the key looked up (a replay answers
//! what the first call did), the order re-read and expired, the plan decided, applied and
//! stored with the key's result, or the refusal stored under the key.

use super::index::Tables;
use super::records::{self, Format, IDEMPOTENCY_RESULT, StoreResult, identity};
use super::schema::IDEMPOTENCY;
use super::store::LocalStore;
use super::stored_result::{StoredPart, StoredResult};
use crate::domain::rules::{self, Stamp};
use crate::domain::{Millis, Order};
use crate::ids::RandomIds;
use crate::outcome::{done_parts, requested_amount};
use crate::{BackendError, OperationRequest, Outcome};
use redb::{ReadableTable, WriteTransaction};

/// Decides the plan for an order read inside the write transaction (the rules, or the sandbox's
/// per-payment refund); an error changes nothing.
pub type Planner<'a> = &'a dyn Fn(&Order, Millis) -> Result<rules::Plan, BackendError>;

impl LocalStore {
    /// As [`OrderOperator::execute`](crate::OrderOperator::execute), with the plan decided by `planner` instead of the order-level
    /// rules: the sandbox uses it for `POST /refunds`, which names one payment. The key is kept
    /// and replayed exactly as `execute` does.
    pub fn execute_planned(
        &self,
        order_id: &str,
        request: &OperationRequest,
        planner: Planner<'_>,
    ) -> Result<Outcome, BackendError> {
        self.guard(|| self.execute_guarded(order_id, request, planner))
    }

    fn execute_guarded(
        &self,
        order_id: &str,
        request: &OperationRequest,
        planner: Planner<'_>,
    ) -> Result<Outcome, BackendError> {
        let txn = self.writer()?.begin_write().map_err(|e| self.fail(e))?;
        match self.execute_in(&txn, order_id, request, planner).map_err(|e| self.fail(e))? {
            Ok(outcome) => {
                // A refusal is committed too: it may carry an expiry, and it spends the key.
                txn.commit().map_err(|e| self.fail(e))?;
                tracing::info!(order = order_id, key = %request.idempotency_key, replayed = outcome.replayed, moved = outcome.moved(), "{} {}", request.operation.verb(), outcome.verdict().as_str());
                Ok(outcome)
            }
            Err(err) => {
                txn.abort().map_err(|e| self.fail(e))?;
                Err(err)
            }
        }
    }
}

impl LocalStore {
    fn execute_in(
        &self,
        txn: &WriteTransaction,
        order_id: &str,
        request: &OperationRequest,
        planner: Planner<'_>,
    ) -> StoreResult<Result<Outcome, BackendError>> {
        let mut keys = txn.open_table(IDEMPOTENCY)?;
        let key = request.idempotency_key.as_str();
        let key_identity = identity(IDEMPOTENCY_RESULT, None, key);
        if let Some(stored) = keys.get(key)? {
            let stored = StoredResult::decode(records::payload(Format::Sealed, key_identity, stored.value())?)?;
            if stored.order_id != order_id || stored.operation != request.operation {
                return Ok(Err(BackendError::KeyReused { key: key.to_string() }));
            }
            let order = Tables::open(txn)?.read_order(order_id)?;
            return Ok(order
                .map(|order| stored.replay(order, key))
                .ok_or_else(|| BackendError::NotFound { id: order_id.to_string() }));
        }
        let mut tables = Tables::open(txn)?;
        let Some(old) = tables.read_order(order_id)? else {
            return Ok(Err(BackendError::NotFound { id: order_id.to_string() }));
        };
        let now = self.now();
        let mut order = old.clone();
        // An expiry is a fact even when the operation is then refused, so it is written either way.
        let expired = rules::expire(&mut order, now);
        let mut stored = StoredResult {
            order_id: order_id.to_string(),
            operation: request.operation.clone(),
            created: vec![],
            parts: vec![],
            refusal: None,
        };
        let plan = match planner(&order, now) {
            Ok(plan) => plan,
            Err(BackendError::Refused(refusal)) => {
                if expired {
                    tables.put_order(Some(&old), &order)?;
                    tables.finish()?;
                }
                // A refused key is spent: the same key replays this refusal.
                stored.refusal = Some(refusal.clone());
                keys.insert(key, records::seal(key_identity, &stored)?.as_slice())?;
                let mut outcome = Outcome::refused_by_rule(order_id, &request.operation, key, refusal);
                outcome.order = Some(order);
                return Ok(Ok(outcome));
            }
            Err(other) => return Ok(Err(other)),
        };
        let stamp = Stamp { now, operator: request.operator.clone(), idempotency_key: Some(key.to_string()) };
        let created = rules::apply(&mut order, &plan, &stamp, &mut RandomIds);
        tables.put_order(Some(&old), &order)?;
        tables.finish()?;
        let parts = done_parts(&plan, &created);
        stored.created = created;
        stored.parts = parts
            .iter()
            .map(|p| StoredPart { payment: p.payment.clone(), amount: p.amount, id: p.id.clone() })
            .collect();
        keys.insert(key, records::seal(key_identity, &stored)?.as_slice())?;
        let mut outcome = Outcome::new(order_id, &request.operation, key, plan.amount());
        outcome.requested = requested_amount(&request.operation, plan.amount());
        outcome.parts = parts;
        outcome.order = Some(order);
        Ok(Ok(outcome))
    }
}
