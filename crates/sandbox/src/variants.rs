//! `--variant`: the documented shapes the real API may answer in, served on demand so that a
//! client is tested against each of them and not only against the one the sandbox likes. The
//! variants change only the bytes served; the orders, rules and ids are the same.

use clap::ValueEnum;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, ValueEnum)]
pub enum Variant {
    /// A payment's `refunds` are refund ids, never objects (the Node SDK's `Payment.refunds:
    /// string[]`), even under `expand=all`.
    RefundsAsIds,
    /// Payments carry no `refunds` field at all, on orders and on `/payments` (the Go SDK's
    /// generated `PaymentExpanded`).
    RefundsAbsent,
    /// Every optional field without a value is `null` instead of absent (as the Ruby, Python
    /// and PHP SDKs send them on create).
    Nulls,
    /// Checkout sessions carry no `captureMethod` (no SDK type has it).
    NoCaptureMethod,
}

/// The variants in force, combinable.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Variants {
    pub refunds_as_ids: bool,
    pub refunds_absent: bool,
    pub nulls: bool,
    pub no_capture_method: bool,
}

impl Variants {
    pub fn from_list(list: &[Variant]) -> Variants {
        let has = |v: Variant| list.contains(&v);
        Variants {
            refunds_as_ids: has(Variant::RefundsAsIds),
            refunds_absent: has(Variant::RefundsAbsent),
            nulls: has(Variant::Nulls),
            no_capture_method: has(Variant::NoCaptureMethod),
        }
    }

    /// Names for the start-up line and `/_sandbox/stats`.
    pub fn names(&self) -> Vec<&'static str> {
        let mut names = Vec::new();
        for (on, name) in [
            (self.refunds_as_ids, "refunds-as-ids"),
            (self.refunds_absent, "refunds-absent"),
            (self.nulls, "nulls"),
            (self.no_capture_method, "no-capture-method"),
        ] {
            if on {
                names.push(name);
            }
        }
        names
    }
}
