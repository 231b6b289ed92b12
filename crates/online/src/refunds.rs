//! Refunds from any documented shape of an expanded order: full objects are used as they are;
//! ids are resolved from the mirrored copy, else with `GET /refunds/{id}`; an absent field is
//! resolved through `GET /payments/{id}?expand=all` when that names them, else from an index
//! of `GET /refunds` (the API has no filter by payment), paged once and then incrementally.
//! A sync pass reads many orders: it goes to the index first (one request a pass once built),
//! not to one payment after another.
//! What cannot be resolved stays unresolved: the order's refunds are then unknown, never 0.

use super::inner::{Inner, lock};
use crate::domain::Order;
use crate::store::BackendError;
use crate::wire::{Expandable, WireOrder, WirePayment, wire_refund_of};

const PAGE_SIZE: u32 = 100;

/// How many orders are being read: one (ask its payments first) or a page of a pass (ask the
/// refund index first).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    One,
    Many,
}

impl Inner {
    /// Makes every refund of `wire` an object where the API allows; leaves ids or an absent
    /// field where it does not (the order's refunds are then unknown).
    pub fn resolve_refunds(&self, wire: &mut WireOrder, known: Option<&Order>, reading: Reading) {
        for payment in wire.payments.iter_mut() {
            let Expandable::Object(payment) = payment else { continue };
            if payment.refunds.is_none() && reading == Reading::Many {
                self.fill_from_index(payment);
            }
            if payment.refunds.is_none() {
                self.fill_absent_refunds(payment);
            }
            for item in payment.refunds.iter_mut().flatten() {
                let Expandable::Id(id) = item else { continue };
                let found = match known.and_then(|k| wire_refund_of(k, id)) {
                    Some(mirrored) => Ok(mirrored),
                    None => self.note(self.client.get_refund(id)),
                };
                match found {
                    Ok(refund) => *item = Expandable::Object(refund),
                    Err(err) => tracing::warn!("refund {id} could not be read: {err}"),
                }
            }
        }
    }

    fn fill_absent_refunds(&self, payment: &mut WirePayment) {
        if lock(&self.refunds).payments_name_refunds != Some(false) {
            match self.note(self.client.get_payment(&payment.id)) {
                Ok(full) => {
                    lock(&self.refunds).payments_name_refunds = Some(full.refunds.is_some());
                    if full.refunds.is_some() {
                        payment.refunds = full.refunds;
                        return;
                    }
                }
                Err(err) => {
                    tracing::warn!("payment {} could not be read: {err}", payment.id);
                    return;
                }
            }
        }
        self.fill_from_index(payment);
    }

    fn fill_from_index(&self, payment: &mut WirePayment) {
        match self.refresh_refund_index() {
            Ok(()) => {
                let index = lock(&self.refunds);
                let listed = index.by_payment.get(&payment.id).cloned().unwrap_or_default();
                payment.refunds = Some(listed.into_iter().map(Expandable::Object).collect());
            }
            Err(err) => tracing::warn!("the refunds of payment {} could not be listed: {err}", payment.id),
        }
    }

    /// Pages `GET /refunds` until a page brings nothing new (all of it the first time); at most
    /// once per pass or read.
    fn refresh_refund_index(&self) -> Result<(), BackendError> {
        let first_time = {
            let index = lock(&self.refunds);
            if index.failed {
                return Err(BackendError::Network("the refund listing failed earlier in this pass".into()));
            }
            if index.fresh {
                return Ok(());
            }
            index.seen.is_empty()
        };
        let listed = self.page_refund_index(first_time);
        if listed.is_err() {
            lock(&self.refunds).failed = true;
        }
        listed
    }

    fn page_refund_index(&self, first_time: bool) -> Result<(), BackendError> {
        let mut token: Option<String> = None;
        loop {
            let page = self.note(self.client.list_refunds(token.as_deref(), PAGE_SIZE))?;
            let got_any = !page.data.is_empty();
            let mut index = lock(&self.refunds);
            let mut new = 0;
            for refund in page.data.into_iter().filter_map(|item| item.into_result().ok()) {
                if index.seen.insert(refund.id.clone()) {
                    new += 1;
                    index.by_payment.entry(refund.payment.clone()).or_default().push(refund);
                }
            }
            let more = page.next_page_token.filter(|next| Some(next) != token.as_ref() && got_any);
            match more {
                Some(next) if first_time || new > 0 => token = Some(next),
                _ => {
                    index.fresh = true;
                    return Ok(());
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::fake_api::{FakeApi, RefundShape};
    use crate::rig::{Rig, refunded_order};
    use crate::smartpay::api::SmartpayApi;

    fn figures(rig: &Rig) -> (Option<i64>, Option<i64>, bool) {
        let order = rig.inner.fetch(&rig.api.order().id).expect("the order reads");
        let s = order.summary(crate::domain::time::now_millis());
        (s.refunded, s.refundable, s.complete)
    }

    #[test]
    fn every_documented_refund_shape_gives_the_same_figures() {
        for shape in
            [RefundShape::Objects, RefundShape::Ids, RefundShape::AbsentOnOrders, RefundShape::AbsentEverywhere]
        {
            let rig = Rig::new(FakeApi::with_shape(refunded_order(), shape));
            rig.inner.sync_all().expect("a sync pass");
            let synced = crate::store::OrderReader::get(&rig.inner.mirror, "order_test_refunded").expect("mirrored");
            assert_eq!(synced.summary(0).refundable, Some(700), "a pass: {shape:?}");
            assert_eq!(figures(&rig), (Some(300), Some(700), true), "one read: {shape:?}");
        }
    }

    #[test]
    fn refunds_that_cannot_be_read_are_unknown_and_refuse_a_refund() {
        let api = FakeApi::with_shape(refunded_order(), RefundShape::Ids);
        api.fail_refund_reads(true);
        let rig = Rig::new(api);
        assert_eq!(figures(&rig), (None, None, false));
        let order = rig.inner.fetch(&rig.api.order().id).expect("reads");
        let refusal = crate::domain::rules::max_refund(&order).expect_err("refunds unknown");
        assert_eq!(refusal, crate::domain::Refusal::RefundsUnknown);
        rig.api.fail_refund_reads(false);
        assert_eq!(figures(&rig), (Some(300), Some(700), true), "resolved once the API answers");
    }

    #[test]
    fn the_refund_listing_is_paged_once_then_only_for_news() {
        let rig = Rig::new(FakeApi::with_shape(refunded_order(), RefundShape::AbsentEverywhere));
        figures(&rig);
        let after_first = rig.api.refund_pages_read();
        lock_stale(&rig);
        figures(&rig);
        assert_eq!(rig.api.refund_pages_read(), after_first + 1, "one page: nothing new on it");
        assert!(rig.api.base_url().starts_with("http://127.0.0.1"));
    }

    fn lock_stale(rig: &Rig) {
        super::lock(&rig.inner.refunds).mark_stale();
    }
}
