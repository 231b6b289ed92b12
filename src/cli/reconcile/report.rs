//! The readable report: findings grouped by severity, each with both sides' figures and its
//! fix, then the yen per kind and one line that sums it up.

use super::spool::Spooled;
use crate::domain::Currency;
use crate::domain::reconcile::{Finding, Severity, describe_origin};
use crate::text::printable;
use std::fmt::Write as _;

/// What the head and the last line say besides the findings.
pub struct Context<'a> {
    pub source: &'a str,
    pub shop: &'a str,
    pub orders: u64,
    pub rows: u64,
    pub range: Option<String>,
    pub reread: u64,
    pub settled: u64,
    pub ignored: u64,
    pub fail_on: Severity,
}

pub fn head(ctx: &Context<'_>) -> String {
    let range = match &ctx.range {
        Some(range) => format!("orders created {range} expected in the shop"),
        None => "every order expected in the shop (the file has no dates)".into(),
    };
    format!(
        "Reconcile: {} orders at {} against {} rows of {}; {range}.\n",
        ctx.orders,
        printable(ctx.source),
        ctx.rows,
        printable(ctx.shop)
    )
}

/// One finding, a few indented lines.
pub fn finding(f: &Finding) -> String {
    let currency = Currency::from_code_or_whole(&f.currency);
    let mut out = format!("  {}", f.kind);
    if let Some(order) = &f.order {
        let _ = write!(out, "  {}", printable(order));
    }
    if let Some(reference) = &f.reference {
        let _ = write!(out, "  ref {}", printable(reference));
    }
    if let Some(line) = f.line {
        let _ = write!(out, "  (shop line {line})");
    }
    if f.at_stake > 0 {
        let _ = write!(out, "  {}", currency.format(f.at_stake));
    }
    out.push('\n');
    if let Some(shop) = &f.shop {
        let _ = writeln!(
            out,
            "    shop:     amount {}, captured {}, refunded {}{}",
            currency.format(shop.amount),
            currency.format(shop.captured),
            currency.format(shop.refunded),
            shop.status.map(|s| format!(", {}", s.as_str())).unwrap_or_default()
        );
    }
    if let Some(sp) = &f.smartpay {
        let _ = writeln!(
            out,
            "    smartpay: amount {}, captured {}, refunded {}, {}",
            currency.format(sp.amount),
            currency.format(sp.captured),
            currency.format_known(sp.refunded),
            sp.status
        );
    }
    if !f.console.refunds.is_empty() && f.kind == crate::domain::reconcile::FindingKind::PossibleDuplicateRefund {
        let listed: Vec<String> = f.console.refunds.iter().map(|o| describe_origin(o, currency)).collect();
        let _ = writeln!(out, "    refunds:  {}", printable(&listed.join("; ")));
    }
    let _ = writeln!(out, "    {}", printable(&f.fix.text));
    if let Some(command) = &f.fix.command {
        let _ = writeln!(out, "    fix:      {}", printable(command));
    }
    out
}

/// The report of every spooled finding, written to `out` as it is read back.
pub fn write(spooled: &Spooled, ctx: &Context<'_>, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    out.write_all(head(ctx).as_bytes())?;
    let tally = &spooled.tally;
    let mut current: Option<Severity> = None;
    spooled.for_each(&mut |f| {
        if current != Some(f.severity) {
            current = Some(f.severity);
            writeln!(out, "\n{} ({})", f.severity.as_str().to_uppercase(), tally.count(f.severity))?;
        }
        out.write_all(finding(&f).as_bytes())
    })?;
    if tally.total() > 0 {
        writeln!(out, "\nTotals per kind:")?;
        for ((severity, kind), (count, yen)) in &tally.per_kind {
            writeln!(
                out,
                "  {:<7} {:<26} {:>7}  {}",
                severity.0.as_str(),
                kind.as_str(),
                count,
                Currency::JPY.format(*yen)
            )?;
        }
    }
    writeln!(out, "\n{}", last_line(spooled, ctx))
}

/// `7 differences: 2 high, 3 medium, 1 low, 1 hint (…).`
pub fn last_line(spooled: &Spooled, ctx: &Context<'_>) -> String {
    let tally = &spooled.tally;
    let mut notes = Vec::new();
    if ctx.reread > 0 {
        notes.push(format!("{} orders read again from the source before being reported", ctx.reread));
    }
    if ctx.settled > 0 {
        notes.push(format!("{} differences gone on that fresh read", ctx.settled));
    }
    if ctx.ignored > 0 {
        notes.push(format!("{} known differences ignored", ctx.ignored));
    }
    if spooled.planned > 0 {
        notes.push(format!("{} operations suggested", spooled.planned));
    }
    let notes = if notes.is_empty() { String::new() } else { format!(" ({})", notes.join("; ")) };
    if tally.total() == 0 {
        return format!("No differences{notes}.");
    }
    let per: Vec<String> = Severity::DESCENDING
        .iter()
        .map(|s| (s, tally.count(*s)))
        .filter(|(_, n)| *n > 0)
        .map(|(s, n)| format!("{n} {s}"))
        .collect();
    let failing = tally.at_or_above(ctx.fail_on);
    let verdict = if failing > 0 {
        format!(" {failing} at or above {} (--fail-on): exit 6.", ctx.fail_on)
    } else {
        format!(" None at or above {} (--fail-on).", ctx.fail_on)
    };
    format!("{} differences: {}{notes}.{verdict}", tally.total(), per.join(", "))
}
