//! The comparison itself: one Smartpay order against the shop's row for it (if any) and the
//! console's ledger, into findings. Pure: the caller reads the three records.

use super::finding::{
    ConsoleSide, Finding, Fix, PlannedOperation, RefundOrigin, ShopSide, SmartpaySide, last_money_change,
};
use super::fix::{OrderFixes, Want, command};
use super::kind::{FindingKind, Severity};
use super::shop::{ShopRow, ShopStatus};
use crate::domain::money::Currency;
use crate::domain::order::{Millis, Order};
use crate::domain::time::{Countdown, format_time};

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
    text: String,
    wants: Vec<Want>,
}

impl Need {
    fn new(kind: FindingKind, at_stake: i64, text: String) -> Need {
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
            format!(
                "Smartpay has this order ({}, captured {}, created {}) but the shop file has no row for it: add it to the shop, or find out why the shop never recorded it.",
                currency.format(order.amount),
                currency.format(sp.captured),
                format_time(order.created_at)
            ),
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
    let named = match (&row.order, &row.reference) {
        (Some(id), _) => format!("no order {id}"),
        (None, Some(reference)) => format!("no order with reference {reference}"),
        (None, None) => "no such order".to_string(),
    };
    let text = format!(
        "The shop has this order ({}, captured {}, refunded {}) but Smartpay has {named}: {}",
        currency.format(row.amount),
        currency.format(row.captured),
        currency.format(row.refunded),
        if holds {
            "the shop counts money taken that Smartpay never took; check the order number and how the customer paid."
        } else {
            "check the order number, or whether it was paid another way."
        }
    );
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
        fix: Fix { command: None, text },
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
                    text.push_str(&format!(
                        " One {} of {} settles this and the order's other findings together.",
                        op.verb(),
                        currency.format(merged)
                    ));
                }
                commands.push(command(&order.id, &op, currency));
            }
            Some(Err(refusal)) => text.push_str(&format!(" The console cannot do it now: {refusal}")),
            None => {}
        }
    }
    let mut commands = commands.into_iter();
    let command = commands.next();
    for then in commands {
        text.push_str(&format!(" Then: {then}"));
    }
    Fix { command, text }
}

fn op_amount(op: &crate::domain::Operation) -> Option<i64> {
    match op {
        crate::domain::Operation::Capture { amount } | crate::domain::Operation::Refund { amount, .. } => Some(*amount),
        crate::domain::Operation::Void => None,
    }
}

/// The order total and the captured figure.
fn amounts(row: &ShopRow, sp: &SmartpaySide, currency: Currency) -> Vec<Need> {
    let mut needs = Vec::new();
    if row.amount != sp.amount {
        needs.push(Need::new(
            FindingKind::AmountMismatch,
            (row.amount - sp.amount).abs(),
            format!(
                "The shop charged {}; Smartpay holds {} for this order (its total after discounts): check the discounts, shipping and line items on both sides. No console command changes an order's amount.",
                currency.format(row.amount),
                currency.format(sp.amount)
            ),
        ));
    }
    let diff = row.captured - sp.captured;
    if diff > 0 {
        needs.push(
            Need::new(
                FindingKind::CapturedMismatch,
                diff,
                format!(
                    "The shop counts {} captured; Smartpay captured {}: capture the {} difference.",
                    currency.format(row.captured),
                    currency.format(sp.captured),
                    currency.format(diff)
                ),
            )
            .wanting(Want::Capture(diff)),
        );
    } else if diff < 0 {
        needs.push(
            Need::new(
                FindingKind::CapturedMismatch,
                -diff,
                format!(
                    "Smartpay captured {}; the shop counts {}: if the customer was charged more than the shop's record, refund the {} difference, else correct the shop's record (check first: this refund is not put in --fix-plan).",
                    currency.format(sp.captured),
                    currency.format(row.captured),
                    currency.format(-diff)
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
                format!(
                    "The shop counts {} refunded; Smartpay refunded {}: the customer is still owed {}.",
                    currency.format(row.refunded),
                    currency.format(refunded),
                    currency.format(diff)
                ),
            )
            .wanting(Want::Refund { amount: diff, planned: true }),
        ];
    }
    if diff < 0 {
        let listed: Vec<String> = origins.iter().map(|o| describe_origin(o, currency)).collect();
        return vec![Need::new(
            FindingKind::PossibleDuplicateRefund,
            -diff,
            format!(
                "Smartpay refunded {}; the shop counts {}: {} more went back than the shop knows of. Refunds: {}. A refund cannot be undone: if the shop booked one refund that was made twice, ask the customer; if the shop missed a refund made elsewhere, record it in the shop.",
                currency.format(refunded),
                currency.format(row.refunded),
                currency.format(-diff),
                listed.join("; ")
            ),
        )];
    }
    vec![]
}

/// `refund_… ¥1,000 by the console (key …, operator)` or `… by no console`.
pub fn describe_origin(origin: &RefundOrigin, currency: Currency) -> String {
    match (&origin.key, &origin.operator) {
        (Some(key), Some(operator)) => {
            format!("{} {} by the console (key {key}, {operator})", origin.id, currency.format(origin.amount))
        }
        (Some(key), None) => format!("{} {} by the console (key {key})", origin.id, currency.format(origin.amount)),
        (None, _) => format!("{} {} by no console (made elsewhere)", origin.id, currency.format(origin.amount)),
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
            format!(
                "The shop canceled the order, but Smartpay still holds {} captured: refund it.",
                currency.format(held)
            ),
        )
        .wanting(Want::Refund { amount: held, planned: true });
        if sp.capturable > 0 {
            need.text.push_str(&format!(" The uncaptured {} can be released too.", currency.format(sp.capturable)));
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
        let text = format!(
            "Shipped, but {} is still uncaptured: capture it before the deadline, {} ({left} left).",
            currency.format(owed),
            format_time(deadline)
        );
        return vec![Need::new(kind, owed, text).wanting(Want::Capture(owed))];
    }
    let expired = order.expiry_recorded() || order.is_past_deadline(now);
    if sp.captured == 0 && expired {
        let mut need = Need::new(
            FindingKind::ShippedButUncaptured,
            row.amount,
            format!(
                "Shipped, but nothing was captured and the authorization expired at {}: Smartpay can no longer capture it; collect the payment another way.",
                order.expires_at.map(format_time).unwrap_or_else(|| "its deadline".into())
            ),
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
            format!(
                "The shop's row was last updated {}, before Smartpay's last change at {}: the shop may not have seen it (a lost webhook, an import not run).",
                format_time(updated),
                format_time(changed)
            ),
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
        format!(
            "No console made {} (no console key in its metadata, no journal or history entry): made in the dashboard or by another integration. Make sure the shop recorded it once.",
            listed.join(", ")
        ),
    ))
}
