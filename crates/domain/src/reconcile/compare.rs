//! The comparison itself: one Smartpay order against the shop's row for it (if any) and the
//! console's ledger, into findings. Pure: the caller reads the three records.

use super::finding::{
    ConsoleSide, Finding, Fix, PlannedOperation, RefundOrigin, ShopSide, SmartpaySide, last_money_change,
};
use super::fix::{OrderFixes, Want, command};
use super::kind::{FindingKind, Severity};
use super::shop::{ShopRow, ShopStatus};
use super::text::Both;
use crate::money::Currency;
use crate::order::{Millis, Order};
use crate::time::{Countdown, format_time_in};
use smartpay_i18n::sentences::ReconcileText as R;
use smartpay_i18n::{Lang, Message};

/// What the comparison needs besides the records.
#[derive(Debug, Clone, Copy)]
pub struct Context {
    pub now: Millis,
    /// The order was created inside the shop file's date range (or `--since/--until`), so the
    /// shop should have it.
    pub expect_in_shop: bool,
}

/// Everything one order gives: its findings and the operations that would fix them.
#[derive(Debug, Clone, Default)]
pub struct Comparison {
    pub findings: Vec<Finding>,
    pub plan: Vec<PlannedOperation>,
}

/// A finding before its fix is decided.
struct Need {
    kind: FindingKind,
    severity: Severity,
    at_stake: i64,
    text: Both,
    wants: Vec<Want>,
}

impl Need {
    fn new(kind: FindingKind, at_stake: i64, text: Both) -> Need {
        Need { kind, severity: kind.severity(), at_stake, text, wants: vec![] }
    }

    fn wanting(mut self, want: Want) -> Need {
        self.wants.push(want);
        self
    }
}

/// Compares one order. `shop` is the shop's row for it; `origins` its refunds with the console
/// key that made each (see [`super::finding::refund_origins`]).
pub fn compare(order: &Order, shop: Option<&ShopRow>, origins: Vec<RefundOrigin>, ctx: &Context) -> Comparison {
    let currency = order.currency();
    let sp = SmartpaySide::of(order, ctx.now);
    let mut needs = Vec::new();
    match shop {
        None if order.is_authorized() && ctx.expect_in_shop => needs.push(Need::new(
            FindingKind::MissingInShop,
            order.amount,
            Both::each(|lang| {
                let args: [(&str, &dyn std::fmt::Display); 3] = [
                    ("amount", &currency.format(order.amount)),
                    ("captured", &currency.format(sp.captured)),
                    ("created", &format_time_in(lang, order.created_at)),
                ];
                R::MissingInShop.fill(lang, &args)
            }),
        )),
        None => {}
        Some(row) => {
            needs.extend(amounts(row, &sp, currency));
            needs.extend(refunds(row, &sp, &origins, currency));
            needs.extend(by_status(row, order, &sp, currency, ctx.now));
            needs.extend(stale(row, order));
        }
    }
    needs.extend(outside_console(&origins, currency));
    let wants: Vec<Want> = needs.iter().flat_map(|n| n.wants.iter().copied()).collect();
    let fixes = OrderFixes::decide(order, &wants, ctx.now);
    let findings = needs
        .into_iter()
        .map(|need| {
            let fix = fix_for(order, &need, &fixes, currency, ctx.now);
            Finding {
                kind: need.kind,
                severity: need.severity,
                order: Some(order.id.clone()),
                reference: Some(order.reference.clone()).filter(|r| !r.is_empty()),
                line: shop.map(|row| row.line),
                currency: currency.code.to_string(),
                shop: shop.map(ShopSide::of),
                smartpay: Some(sp.clone()),
                console: ConsoleSide { refunds: origins.clone() },
                fix,
                at_stake: need.at_stake,
            }
        })
        .collect();
    Comparison { findings, plan: fixes.planned(order) }
}

/// A shop row no Smartpay order answers to.
pub fn missing_at_smartpay(row: &ShopRow) -> Finding {
    let currency = Currency::JPY;
    let holds = row.captured > row.refunded;
    let named = |lang| match (&row.order, &row.reference) {
        (Some(id), _) => R::NoOrder.fill(lang, &[("id", id)]),
        (None, Some(reference)) => R::NoOrderWithReference.fill(lang, &[("reference", reference)]),
        (None, None) => R::NoSuchOrder.text(lang).to_string(),
    };
    let key = if holds { R::MissingAtSmartpayHolds } else { R::MissingAtSmartpay };
    let text = Both::each(|lang| {
        let args: [(&str, &dyn std::fmt::Display); 4] = [
            ("amount", &currency.format(row.amount)),
            ("captured", &currency.format(row.captured)),
            ("refunded", &currency.format(row.refunded)),
            ("named", &named(lang)),
        ];
        key.fill(lang, &args)
    });
    Finding {
        kind: FindingKind::MissingAtSmartpay,
        severity: if holds { Severity::High } else { FindingKind::MissingAtSmartpay.severity() },
        order: row.order.clone(),
        reference: row.reference.clone(),
        line: Some(row.line),
        currency: currency.code.to_string(),
        shop: Some(ShopSide::of(row)),
        smartpay: None,
        console: ConsoleSide::default(),
        fix: Fix { command: None, text: text.en, text_ja: text.ja },
        at_stake: row.amount,
    }
}

fn fix_for(order: &Order, need: &Need, fixes: &OrderFixes, currency: Currency, now: Millis) -> Fix {
    let mut commands = Vec::new();
    let mut text = need.text.clone();
    for want in &need.wants {
        match fixes.for_want(order, *want, now) {
            Some(Ok(op)) => {
                if let Some(asked) = want.amount().filter(|asked| Some(*asked) != op_amount(&op)) {
                    let merged = op_amount(&op).unwrap_or(asked);
                    text.push(Both::each(|lang| {
                        let operation = op.kind().word(lang);
                        R::SettlesTogether
                            .fill(lang, &[("operation", &operation), ("amount", &currency.format(merged))])
                    }));
                }
                commands.push(command(&order.id, &op, currency));
            }
            Some(Err(refusal)) => {
                text.push(Both::each(|lang| R::CannotNow.fill(lang, &[("refusal", &refusal.text(lang))])))
            }
            None => {}
        }
    }
    let mut commands = commands.into_iter();
    let command = commands.next();
    for then in commands {
        text.push(Both::of(R::Then, &[("command", &then)]));
    }
    Fix { command, text: text.en, text_ja: text.ja }
}

fn op_amount(op: &crate::Operation) -> Option<i64> {
    match op {
        crate::Operation::Capture { amount } | crate::Operation::Refund { amount, .. } => Some(*amount),
        crate::Operation::Void => None,
    }
}

/// The order total and the captured figure.
fn amounts(row: &ShopRow, sp: &SmartpaySide, currency: Currency) -> Vec<Need> {
    let mut needs = Vec::new();
    if row.amount != sp.amount {
        needs.push(Need::new(
            FindingKind::AmountMismatch,
            (row.amount - sp.amount).abs(),
            Both::of(
                R::AmountMismatch,
                &[("shop", &currency.format(row.amount)), ("smartpay", &currency.format(sp.amount))],
            ),
        ));
    }
    let diff = row.captured - sp.captured;
    if diff > 0 {
        needs.push(
            Need::new(
                FindingKind::CapturedMismatch,
                diff,
                Both::of(
                    R::CaptureDifference,
                    &[
                        ("shop", &currency.format(row.captured)),
                        ("smartpay", &currency.format(sp.captured)),
                        ("diff", &currency.format(diff)),
                    ],
                ),
            )
            .wanting(Want::Capture(diff)),
        );
    } else if diff < 0 {
        needs.push(
            Need::new(
                FindingKind::CapturedMismatch,
                -diff,
                Both::of(
                    R::CapturedMore,
                    &[
                        ("smartpay", &currency.format(sp.captured)),
                        ("shop", &currency.format(row.captured)),
                        ("diff", &currency.format(-diff)),
                    ],
                ),
            )
            .wanting(Want::Refund { amount: -diff, planned: false }),
        );
    }
    needs
}

/// The refunded figure: less at Smartpay is a refund owed; more is a possible duplicate.
fn refunds(row: &ShopRow, sp: &SmartpaySide, origins: &[RefundOrigin], currency: Currency) -> Vec<Need> {
    let Some(refunded) = sp.refunded else { return vec![] };
    let diff = row.refunded - refunded;
    if diff > 0 {
        return vec![
            Need::new(
                FindingKind::RefundedMismatch,
                diff,
                Both::of(
                    R::RefundOwed,
                    &[
                        ("shop", &currency.format(row.refunded)),
                        ("smartpay", &currency.format(refunded)),
                        ("diff", &currency.format(diff)),
                    ],
                ),
            )
            .wanting(Want::Refund { amount: diff, planned: true }),
        ];
    }
    if diff < 0 {
        let text = Both::each(|lang| {
            let listed: Vec<String> = origins.iter().map(|o| describe_origin_in(o, currency, lang)).collect();
            let args: [(&str, &dyn std::fmt::Display); 4] = [
                ("smartpay", &currency.format(refunded)),
                ("shop", &currency.format(row.refunded)),
                ("diff", &currency.format(-diff)),
                ("refunds", &listed.join("; ")),
            ];
            R::RefundedMore.fill(lang, &args)
        });
        return vec![Need::new(FindingKind::PossibleDuplicateRefund, -diff, text)];
    }
    vec![]
}

/// `refund_… ¥1,000 by the console (key …, operator)` or `… by no console`.
pub fn describe_origin(origin: &RefundOrigin, currency: Currency) -> String {
    describe_origin_in(origin, currency, Lang::En)
}

/// [`describe_origin`] in `lang`.
pub fn describe_origin_in(origin: &RefundOrigin, currency: Currency, lang: Lang) -> String {
    let amount = currency.format(origin.amount);
    let (id, amount): (&dyn std::fmt::Display, &dyn std::fmt::Display) = (&origin.id, &amount);
    match (&origin.key, &origin.operator) {
        (Some(key), Some(operator)) => {
            R::ByConsoleWithOperator.fill(lang, &[("id", id), ("amount", amount), ("key", key), ("operator", operator)])
        }
        (Some(key), None) => R::ByConsole.fill(lang, &[("id", id), ("amount", amount), ("key", key)]),
        (None, _) => R::ByNoConsole.fill(lang, &[("id", id), ("amount", amount)]),
    }
}

/// What the shop's status asks of the money.
fn by_status(row: &ShopRow, order: &Order, sp: &SmartpaySide, currency: Currency, now: Millis) -> Vec<Need> {
    let Some(status) = row.status else { return vec![] };
    if status == ShopStatus::Canceled {
        let held = sp.refundable.unwrap_or(0);
        if held == 0 {
            return vec![];
        }
        let mut need = Need::new(
            FindingKind::CanceledButCaptured,
            held,
            Both::of(R::CanceledButCaptured, &[("held", &currency.format(held))]),
        )
        .wanting(Want::Refund { amount: held, planned: true });
        if sp.capturable > 0 {
            need.text.push(Both::of(R::ReleaseToo, &[("amount", &currency.format(sp.capturable))]));
            need = need.wanting(Want::Void);
        }
        return vec![need];
    }
    if status != ShopStatus::Shipped {
        return vec![];
    }
    if sp.capturable > 0 {
        let owed = (row.amount - sp.captured).clamp(0, sp.capturable);
        let Some(deadline) = order.expires_at.filter(|_| owed > 0) else { return vec![] };
        let (kind, left) = match Countdown::until(deadline, now) {
            Countdown::Urgent(left) => (FindingKind::ExpiringUncaptured, left),
            Countdown::Open(left) => (FindingKind::ShippedButUncaptured, left),
            Countdown::Expired => return vec![],
        };
        let text = Both::each(|lang| {
            let args: [(&str, &dyn std::fmt::Display); 3] = [
                ("amount", &currency.format(owed)),
                ("deadline", &format_time_in(lang, deadline)),
                ("left", &left.text(lang)),
            ];
            R::ShippedUncaptured.fill(lang, &args)
        });
        return vec![Need::new(kind, owed, text).wanting(Want::Capture(owed))];
    }
    let expired = order.expiry_recorded() || order.is_past_deadline(now);
    if sp.captured == 0 && expired {
        let mut need = Need::new(
            FindingKind::ShippedButUncaptured,
            row.amount,
            Both::each(|lang| {
                let deadline = match order.expires_at {
                    Some(at) => format_time_in(lang, at),
                    None => R::ItsDeadline.text(lang).to_string(),
                };
                R::ShippedExpired.fill(lang, &[("deadline", &deadline)])
            }),
        );
        need.severity = Severity::High;
        return vec![need];
    }
    vec![]
}

/// Shop times are often given to the minute: a row is stale only when it is older than that.
const STALE_GRACE_MS: Millis = 60_000;

/// The shop's row was last updated (over a minute) before Smartpay's last capture, refund,
/// void or expiry.
fn stale(row: &ShopRow, order: &Order) -> Option<Need> {
    let updated = row.updated_at?;
    let changed = last_money_change(order)?;
    (updated + STALE_GRACE_MS < changed).then(|| {
        Need::new(
            FindingKind::Stale,
            0,
            Both::each(|lang| {
                let (updated, changed) = (format_time_in(lang, updated), format_time_in(lang, changed));
                R::Stale.fill(lang, &[("updated", &updated), ("changed", &changed)])
            }),
        )
    })
}

fn outside_console(origins: &[RefundOrigin], currency: Currency) -> Option<Need> {
    let outside: Vec<&RefundOrigin> = origins.iter().filter(|o| !o.by_console()).collect();
    if outside.is_empty() {
        return None;
    }
    let total = outside.iter().map(|o| o.amount).sum();
    let listed: Vec<String> = outside.iter().map(|o| format!("{} {}", o.id, currency.format(o.amount))).collect();
    Some(Need::new(
        FindingKind::RefundOutsideConsole,
        total,
        Both::of(R::OutsideConsole, &[("refunds", &listed.join(", "))]),
    ))
}
