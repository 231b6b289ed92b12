//! The readable report: findings grouped by severity, each with both sides' figures and its
//! fix, then the yen per kind and one line that sums it up.

use super::spool::Spooled;
use crate::domain::Currency;
use crate::domain::Lang;
use crate::domain::reconcile::compare::describe_origin_in;
use crate::domain::reconcile::{Finding, Severity};
use crate::text::printable;
use crate::words::ReportText as W;
use smartpay_i18n::Message;
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
    pub lang: Lang,
}

/// A severity as the report names it (`high` / 高).
pub fn severity_word(severity: Severity, lang: Lang) -> &'static str {
    match severity {
        Severity::High => W::High,
        Severity::Medium => W::Medium,
        Severity::Low => W::Low,
        Severity::Hint => W::Hint,
    }
    .text(lang)
}

pub fn head(ctx: &Context<'_>) -> String {
    let lang = ctx.lang;
    let range = match &ctx.range {
        Some(range) => W::RangeOrders.fill(lang, &[("range", range)]),
        None => W::RangeEvery.text(lang).into(),
    };
    let args: [(&str, &dyn std::fmt::Display); 5] = [
        ("orders", &ctx.orders),
        ("source", &printable(ctx.source)),
        ("rows", &ctx.rows),
        ("shop", &printable(ctx.shop)),
        ("range", &range),
    ];
    format!("{}\n", W::Head.fill(lang, &args))
}

/// One finding, a few indented lines.
pub fn finding(f: &Finding, lang: Lang) -> String {
    let currency = Currency::from_code_or_whole(&f.currency);
    let mut out = format!("  {}", f.kind);
    if let Some(order) = &f.order {
        let _ = write!(out, "  {}", printable(order));
    }
    if let Some(reference) = &f.reference {
        let _ = write!(out, "  {}", W::Reference.fill(lang, &[("reference", &printable(reference))]));
    }
    if let Some(line) = f.line {
        let _ = write!(out, "  {}", W::ShopLine.fill(lang, &[("line", &line)]));
    }
    if f.at_stake > 0 {
        let _ = write!(out, "  {}", currency.format(f.at_stake));
    }
    out.push('\n');
    if let Some(shop) = &f.shop {
        let status = shop.status.map(|s| W::StatusAfter.fill(lang, &[("status", &s.as_str())])).unwrap_or_default();
        let args: [(&str, &dyn std::fmt::Display); 4] = [
            ("amount", &currency.format(shop.amount)),
            ("captured", &currency.format(shop.captured)),
            ("refunded", &currency.format(shop.refunded)),
            ("status", &status),
        ];
        let _ = writeln!(out, "    {}", W::ShopFigures.fill(lang, &args));
    }
    if let Some(sp) = &f.smartpay {
        let status = crate::domain::OrderStatus::parse(&sp.status).word(lang);
        let args: [(&str, &dyn std::fmt::Display); 4] = [
            ("amount", &currency.format(sp.amount)),
            ("captured", &currency.format(sp.captured)),
            ("refunded", &currency.format_known_in(lang, sp.refunded)),
            ("status", &printable(&status)),
        ];
        let _ = writeln!(out, "    {}", W::SmartpayFigures.fill(lang, &args));
    }
    if !f.console.refunds.is_empty() && f.kind == crate::domain::reconcile::FindingKind::PossibleDuplicateRefund {
        let listed: Vec<String> = f.console.refunds.iter().map(|o| describe_origin_in(o, currency, lang)).collect();
        let _ = writeln!(out, "    {}", W::Refunds.fill(lang, &[("refunds", &printable(&listed.join("; ")))]));
    }
    let _ = writeln!(out, "    {}", printable(f.fix.text_in(lang)));
    if let Some(command) = &f.fix.command {
        let _ = writeln!(out, "    {}", W::FixCommand.fill(lang, &[("command", &printable(command))]));
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
            let name = severity_word(f.severity, ctx.lang).to_uppercase();
            writeln!(out, "\n{name} ({})", tally.count(f.severity))?;
        }
        out.write_all(finding(&f, ctx.lang).as_bytes())
    })?;
    if tally.total() > 0 {
        writeln!(out, "\n{}", W::Totals.text(ctx.lang))?;
        for ((severity, kind), (count, yen)) in &tally.per_kind {
            let severity = severity_word(severity.0, ctx.lang);
            let pad = " ".repeat(7usize.saturating_sub(unicode_width::UnicodeWidthStr::width(severity)));
            writeln!(out, "  {severity}{pad} {:<26} {:>7}  {}", kind.as_str(), count, Currency::JPY.format(*yen))?;
        }
    }
    writeln!(out, "\n{}", last_line(spooled, ctx))
}

/// `7 differences: 2 high, 3 medium, 1 low, 1 hint (…).`
pub fn last_line(spooled: &Spooled, ctx: &Context<'_>) -> String {
    let (tally, lang) = (&spooled.tally, ctx.lang);
    let notes: Vec<String> = [
        (ctx.reread, W::Reread),
        (ctx.settled, W::Settled),
        (ctx.ignored, W::Ignored),
        (spooled.planned, W::Suggested),
    ]
    .into_iter()
    .filter(|(count, _)| *count > 0)
    .map(|(count, key)| key.fill(lang, &[("count", &count)]))
    .collect();
    let notes = match notes.is_empty() {
        true => String::new(),
        false => W::Notes.fill(lang, &[("notes", &notes.join(W::NoteSeparator.text(lang)))]),
    };
    if tally.total() == 0 {
        return W::NoDifferences.fill(lang, &[("notes", &notes)]);
    }
    let per: Vec<String> = Severity::DESCENDING
        .iter()
        .map(|s| (s, tally.count(*s)))
        .filter(|(_, n)| *n > 0)
        .map(|(s, n)| W::PerSeverity.fill(lang, &[("count", &n), ("severity", &severity_word(*s, lang))]))
        .collect();
    let failing = tally.at_or_above(ctx.fail_on);
    let fail_on = severity_word(ctx.fail_on, lang);
    let verdict = match failing {
        0 => W::NoneFailing.fill(lang, &[("fail_on", &fail_on)]),
        _ => W::Failing.fill(lang, &[("failing", &failing), ("fail_on", &fail_on)]),
    };
    let args: [(&str, &dyn std::fmt::Display); 4] =
        [("total", &tally.total()), ("per", &per.join(", ")), ("notes", &notes), ("verdict", &verdict)];
    W::Differences.fill(lang, &args)
}
