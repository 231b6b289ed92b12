//! A scripted stand-in for the Smartpay API, for the money paths' unit tests.
//!
//! It keeps one order and honours idempotency keys as the API does (a key seen before gets the
//! first answer, and moves nothing again). Each money-moving request takes the next step of a
//! script, by request index: succeed, refuse, drop the answer after doing it (outcome unknown),
//! time out before doing it; the order read afterwards can be made to fail.

use crate::backend::BackendError;
use crate::backend::smartpay::api::SmartpayApi;
use crate::backend::smartpay::client::Reply;
use crate::backend::smartpay::wire::{
    Collection, ConsoleMetadata, CreatePayment, CreateRefund, Expandable, WireCheckoutSession, WireOrder, WirePayment,
    WireRefund, wire_order, wire_payment, wire_refund_of,
};
use crate::domain::rules::status_after_close;
use crate::domain::{Order, OrderStatus, Payment, Refund, RefundReason};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

/// What the fake does with one money-moving request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Succeed,
    /// A documented refusal: nothing happens.
    Refuse,
    /// It happens, and the answer is lost on the way back.
    Drop,
    /// It never reaches the server.
    Timeout,
    /// It happens, and the journal then fails to record anything (see `journal::fail_writes`).
    SucceedThenBreakJournal,
    /// It happens, and every order read after it fails.
    SucceedThenFailReads,
}

#[derive(Debug)]
struct State {
    order: Order,
    script: Vec<Step>,
    /// Money-moving requests received, replays included.
    requests: usize,
    /// Operations actually carried out (a replayed key does not count).
    applied: usize,
    /// key → the id (or `None` for a void) of what that key did.
    done_keys: HashMap<String, Option<String>>,
    fail_reads: bool,
    next_id: u32,
    /// Payment or refund id → the `metadata.smartpayConsoleKey` it was created with.
    tags: HashMap<String, String>,
}

#[derive(Debug, Clone)]
pub struct FakeApi {
    state: Arc<Mutex<State>>,
}

impl FakeApi {
    pub fn new(order: Order, script: &[Step]) -> FakeApi {
        let state = State {
            order,
            script: script.to_vec(),
            requests: 0,
            applied: 0,
            done_keys: HashMap::new(),
            fail_reads: false,
            next_id: 0,
            tags: HashMap::new(),
        };
        FakeApi { state: Arc::new(Mutex::new(state)) }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn requests(&self) -> usize {
        self.lock().requests
    }

    pub fn applied(&self) -> usize {
        self.lock().applied
    }

    pub fn order(&self) -> Order {
        self.lock().order.clone()
    }

    pub fn set_script(&self, script: &[Step]) {
        let mut state = self.lock();
        state.script = script.to_vec();
        state.requests = 0;
    }

    /// Runs one money-moving request under `key`: `apply` changes the order and returns the id.
    fn money(
        &self,
        key: &str,
        tag: Option<&ConsoleMetadata>,
        refusal: &str,
        apply: impl FnOnce(&mut Order, String) -> Option<String>,
    ) -> Result<Option<String>, BackendError> {
        let mut state = self.lock();
        let step = state.script.get(state.requests).copied().unwrap_or(Step::Succeed);
        state.requests += 1;
        if step == Step::Timeout {
            return Err(BackendError::Network("the request timed out".into()));
        }
        if let Some(first) = state.done_keys.get(key) {
            return if step == Step::Drop { Err(dropped()) } else { Ok(first.clone()) };
        }
        if step == Step::Refuse {
            return Err(BackendError::Api { status: 409, code: refusal.into(), message: "refused by the fake".into() });
        }
        state.next_id += 1;
        let fresh = format!("{}", state.next_id);
        let id = apply(&mut state.order, fresh);
        if let (Some(id), Some(tag)) = (&id, tag) {
            state.tags.insert(id.clone(), tag.key.clone());
        }
        state.applied += 1;
        state.done_keys.insert(key.to_string(), id.clone());
        match step {
            Step::SucceedThenBreakJournal => crate::backend::journal::fail_writes(true),
            Step::SucceedThenFailReads => state.fail_reads = true,
            _ => {}
        }
        if step == Step::Drop { Err(dropped()) } else { Ok(id) }
    }
}

fn dropped() -> BackendError {
    BackendError::Network("the connection was reset before the answer arrived".into())
}

fn empty<T>() -> Collection<T> {
    Collection {
        object: "list".into(),
        page_token: None,
        next_page_token: None,
        max_results: 0,
        results: 0,
        data: vec![],
    }
}

impl SmartpayApi for FakeApi {
    fn base_url(&self) -> &str {
        "http://127.0.0.1:9/v1"
    }

    fn list_orders(&self, _token: Option<&str>, _max: u32) -> Result<Collection<WireOrder>, BackendError> {
        let mut page = empty();
        page.data = vec![wire_order(&self.lock().order)];
        Ok(page)
    }

    fn list_checkout_sessions(
        &self,
        _token: Option<&str>,
        _max: u32,
    ) -> Result<Collection<WireCheckoutSession>, BackendError> {
        Ok(empty())
    }

    fn get_order(&self, id: &str) -> Result<WireOrder, BackendError> {
        let state = self.lock();
        if state.fail_reads {
            return Err(dropped());
        }
        if state.order.id != id {
            return Err(BackendError::NotFound { id: id.into() });
        }
        let mut wire = wire_order(&state.order);
        let tag = |id: &str| state.tags.get(id).map(|key| serde_json::json!({ "smartpayConsoleKey": key }));
        for payment in wire.payments.iter_mut().filter_map(Expandable::object_mut) {
            payment.metadata = tag(&payment.id);
            for refund in payment.refunds.iter_mut().filter_map(Expandable::object_mut) {
                refund.metadata = tag(&refund.id);
            }
        }
        Ok(wire)
    }

    fn create_payment(&self, body: &CreatePayment, key: &str) -> Result<Reply<WirePayment>, BackendError> {
        let id = self.money(key, body.metadata.as_ref(), "payment.excessive-amount", |order, n| {
            let id = format!("payment_fake_{n}");
            order.payments.push(Payment { id: id.clone(), amount: body.amount, created_at: 1, refunds: vec![] });
            if order.captured() >= order.amount {
                order.status = OrderStatus::Succeeded;
            }
            Some(id)
        })?;
        let order = self.order();
        let payment = order.payments.iter().find(|p| Some(&p.id) == id.as_ref()).map(|p| wire_payment(p, &order));
        Ok(Reply { value: payment.unwrap_or_default(), replayed: false })
    }

    fn create_refund(&self, body: &CreateRefund, key: &str) -> Result<Reply<WireRefund>, BackendError> {
        let id = self.money(key, body.metadata.as_ref(), "amount.insufficient", |order, n| {
            let id = format!("refund_fake_{n}");
            let payment = order.payments.iter_mut().find(|p| p.id == body.payment)?;
            payment.refunds.push(Refund {
                id: id.clone(),
                payment_id: body.payment.clone(),
                amount: body.amount,
                reason: RefundReason::RequestedByCustomer,
                status: "succeeded".into(),
                created_at: 2,
            });
            Some(id)
        })?;
        let refund = id.and_then(|id| wire_refund_of(&self.order(), &id));
        refund.map(|value| Reply { value, replayed: false }).ok_or(BackendError::NotFound { id: body.payment.clone() })
    }

    fn cancel_order(&self, id: &str, key: &str) -> Result<Reply<WireOrder>, BackendError> {
        self.money(key, None, "order.cannot-cancel", |order, _| {
            order.status = status_after_close(order);
            None
        })?;
        let order = self.order();
        if order.id != id {
            return Err(BackendError::NotFound { id: id.into() });
        }
        Ok(Reply { value: wire_order(&order), replayed: false })
    }
}
