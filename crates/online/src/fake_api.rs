//! A scripted stand-in for the Smartpay API, for the money paths' unit tests.
//!
//! It keeps one order and honours idempotency keys as the API does (a key seen before gets the
//! first answer, and moves nothing again). Each money-moving request takes the next step of a
//! script, by request index: succeed, refuse, drop the answer after doing it (outcome unknown),
//! time out before doing it; the order read afterwards can be made to fail. It serves the
//! refunds in any documented shape (`RefundShape`): objects, ids, or absent.

use crate::domain::rules::status_after_close;
use crate::domain::{Order, OrderStatus, Payment, Refund, RefundReason};
use crate::smartpay::api::SmartpayApi;
use crate::smartpay::client::Reply;
use crate::store::BackendError;
use crate::wire::{
    Collection, ConsoleMetadata, CreatePayment, CreateRefund, Expandable, Lenient, WireCheckoutSession, WireOrder,
    WirePayment, WireRefund, wire_order, wire_payment, wire_refund_of,
};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

/// How the fake's orders (and payments) carry their refunds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefundShape {
    /// Full objects on the order's payments.
    Objects,
    /// Ids (the Node SDK's `string[]`), resolved with `GET /refunds/{id}`.
    Ids,
    /// Absent on the order; `GET /payments/{id}` names them.
    AbsentOnOrders,
    /// Absent on orders and payments: only `GET /refunds` lists them.
    AbsentEverywhere,
}

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
    /// It happens, and the 2xx answer's body cannot be read.
    SucceedUnreadable,
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
    shape: RefundShape,
    fail_refund_reads: bool,
    refund_pages_read: usize,
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
            shape: RefundShape::Objects,
            fail_refund_reads: false,
            refund_pages_read: 0,
            tags: HashMap::new(),
        };
        FakeApi { state: Arc::new(Mutex::new(state)) }
    }

    pub fn with_shape(order: Order, shape: RefundShape) -> FakeApi {
        let api = FakeApi::new(order, &[]);
        api.lock().shape = shape;
        api
    }

    /// Sends refunds in another documented shape from now on.
    pub fn set_shape(&self, shape: RefundShape) {
        self.lock().shape = shape;
    }

    /// Makes every way of reading refunds (by id, by payment, the listing) fail.
    pub fn fail_refund_reads(&self, fail: bool) {
        self.lock().fail_refund_reads = fail;
    }

    pub fn refund_pages_read(&self) -> usize {
        self.lock().refund_pages_read
    }

    /// The order in the fake's refund shape.
    /// The `metadata` a payment or refund was created with (its console key), if any.
    fn tag(state: &State, id: &str) -> Option<serde_json::Value> {
        state.tags.get(id).map(|key| serde_json::json!({ "smartpayConsoleKey": key }))
    }

    /// A payment with the metadata it and its refunds were created with.
    fn tag_payment(state: &State, payment: &mut WirePayment) {
        payment.metadata = FakeApi::tag(state, &payment.id);
        for refund in payment.refunds.iter_mut().flatten().filter_map(Expandable::object_mut) {
            refund.metadata = FakeApi::tag(state, &refund.id);
        }
    }

    fn shaped_order(state: &State) -> WireOrder {
        let mut wire = wire_order(&state.order);
        for payment in wire.payments.iter_mut() {
            if let Expandable::Object(payment) = payment {
                FakeApi::tag_payment(state, payment);
                payment.refunds = match state.shape {
                    RefundShape::Objects => payment.refunds.take(),
                    RefundShape::Ids => Some(
                        payment
                            .refunds
                            .iter()
                            .flatten()
                            .filter_map(Expandable::object)
                            .map(|r| Expandable::Id(r.id.clone()))
                            .collect(),
                    ),
                    RefundShape::AbsentOnOrders | RefundShape::AbsentEverywhere => None,
                };
            }
        }
        wire
    }

    fn refund_read(state: &State) -> Result<(), BackendError> {
        if state.fail_refund_reads {
            return Err(BackendError::Api { status: 500, code: "http-500".into(), message: "the fake fails".into() });
        }
        Ok(())
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
            Step::SucceedThenBreakJournal => crate::journal::fail_writes(true),
            Step::SucceedThenFailReads => state.fail_reads = true,
            _ => {}
        }
        match step {
            Step::Drop => Err(dropped()),
            Step::SucceedUnreadable => Err(BackendError::UnreadableSuccess { detail: "EOF while parsing".into() }),
            _ => Ok(id),
        }
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

    fn list_orders(&self, _token: Option<&str>, _max: u32) -> Result<Collection<Lenient<WireOrder>>, BackendError> {
        let mut page = empty();
        page.data = vec![Lenient::Read(FakeApi::shaped_order(&self.lock()))];
        Ok(page)
    }

    fn list_checkout_sessions(
        &self,
        _token: Option<&str>,
        _max: u32,
    ) -> Result<Collection<Lenient<WireCheckoutSession>>, BackendError> {
        Ok(empty())
    }

    fn get_order(&self, id: &str) -> Result<WireOrder, BackendError> {
        let state = self.lock();
        if state.fail_reads {
            return Err(dropped());
        }
        if state.order.id == id {
            Ok(FakeApi::shaped_order(&state))
        } else {
            Err(BackendError::NotFound { id: id.into() })
        }
    }

    fn get_payment(&self, id: &str) -> Result<WirePayment, BackendError> {
        let state = self.lock();
        FakeApi::refund_read(&state)?;
        let payment = state.order.payment(id).ok_or_else(|| BackendError::NotFound { id: id.into() })?;
        let mut wire = wire_payment(payment, &state.order);
        FakeApi::tag_payment(&state, &mut wire);
        if state.shape == RefundShape::AbsentEverywhere {
            wire.refunds = None;
        }
        Ok(wire)
    }

    fn get_refund(&self, id: &str) -> Result<WireRefund, BackendError> {
        let state = self.lock();
        FakeApi::refund_read(&state)?;
        let mut wire = wire_refund_of(&state.order, id).ok_or_else(|| BackendError::NotFound { id: id.into() })?;
        wire.metadata = FakeApi::tag(&state, id);
        Ok(wire)
    }

    /// Every refund, newest first, one per page (so that paging shows).
    fn list_refunds(&self, token: Option<&str>, _max: u32) -> Result<Collection<Lenient<WireRefund>>, BackendError> {
        let mut state = self.lock();
        FakeApi::refund_read(&state)?;
        state.refund_pages_read += 1;
        let mut refunds: Vec<&Refund> = state.order.payments().iter().flat_map(|p| p.refunds().iter()).collect();
        refunds.sort_by_key(|r| std::cmp::Reverse(r.created_at()));
        let at: usize = token.and_then(|t| t.parse().ok()).unwrap_or(0);
        let mut page = empty();
        if let Some(refund) = refunds.get(at) {
            let mut wire = wire_refund_of(&state.order, refund.id());
            if let Some(wire) = wire.as_mut() {
                wire.metadata = FakeApi::tag(&state, &wire.id);
            }
            page.data = wire.map(Lenient::Read).into_iter().collect();
            page.results = 1;
            page.next_page_token = (at + 1 < refunds.len()).then(|| (at + 1).to_string());
        }
        Ok(page)
    }

    fn create_payment(&self, body: &CreatePayment, key: &str) -> Result<Reply<WirePayment>, BackendError> {
        let id = self.money(key, body.metadata.as_ref(), "payment.excessive-amount", |order, n| {
            let id = format!("payment_fake_{n}");
            let mut payments = order.payments().to_vec();
            payments.push(Payment::new(id.clone(), body.amount, 1, vec![]));
            order.set_payments(payments).ok()?;
            if order.captured() >= order.amount() {
                order.status = OrderStatus::Succeeded;
            }
            Some(id)
        })?;
        let order = self.order();
        let payment = order.payments().iter().find(|p| id.as_deref() == Some(p.id())).map(|p| wire_payment(p, &order));
        Ok(Reply { value: payment.unwrap_or_default(), replayed: false })
    }

    fn create_refund(&self, body: &CreateRefund, key: &str) -> Result<Reply<WireRefund>, BackendError> {
        let id = self.money(key, body.metadata.as_ref(), "amount.insufficient", |order, n| {
            let id = format!("refund_fake_{n}");
            let mut payments = order.payments().to_vec();
            let payment = payments.iter_mut().find(|p| p.id() == body.payment)?;
            let mut refunds = payment.refunds().to_vec();
            refunds.push(Refund::new(
                id.clone(),
                body.payment.clone(),
                body.amount,
                RefundReason::RequestedByCustomer,
                "succeeded",
                2,
            ));
            *payment = Payment::new(payment.id(), payment.amount(), payment.created_at(), refunds);
            order.set_payments(payments).ok()?;
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
