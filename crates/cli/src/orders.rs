//! `orders list`, `orders show` and `orders export`.

use super::output::{Table, print_json, write_stdout};
use super::{Failure, GlobalArgs};
use crate::backend::local::OpenMode;
use crate::backend::{Backend, BackendError, OrderRow};
use crate::config::Settings;
use crate::domain::time::{Countdown, format_time_in, format_time_seconds_in, now_millis};
use crate::domain::{Currency, Deadline, Lang, Order};
use crate::text::printable;
use crate::wire::{OrderDocument, order_document};
use crate::words::CliText as W;
use serde::Serialize;
use smartpay_i18n::Message;
use unicode_width::UnicodeWidthStr;

pub fn open_source(global: &GlobalArgs, settings: &Settings) -> Result<Box<dyn Backend>, Failure> {
    open_source_as(global, settings, OpenMode::Existing)
}

/// As [`open_source`], an order file opened in `mode`.
pub fn open_source_as(global: &GlobalArgs, settings: &Settings, mode: OpenMode) -> Result<Box<dyn Backend>, Failure> {
    let source = crate::source::choose(global.demo, settings)
        .ok_or_else(|| Failure::usage(crate::source::NO_SOURCE).with_code("source.missing"))?;
    Ok(crate::open::open_as(&source, settings, mode)?)
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ListJson {
    object: &'static str,
    results: usize,
    matching: usize,
    total: usize,
    data: Vec<OrderDocument>,
    /// Orders the API sent that could not be read (the rest are listed).
    warnings: Vec<String>,
}

pub fn list(
    global: &GlobalArgs,
    settings: &Settings,
    args: &super::list_args::ListArgs,
    json: bool,
) -> Result<(), Failure> {
    let view = args.view.as_deref().map(|name| crate::list_args::saved_view(settings, name)).transpose()?;
    let query = args.query(view.as_ref())?;
    let backend = open_source(global, settings)?;
    let page = backend.list(&query)?;
    let lang = settings.lang;
    for damage in &page.damaged {
        eprintln!("{}", W::LeftOut.fill(lang, &[("damage", &damage.text(lang))]));
    }
    let now = now_millis();
    if json {
        let mut data = Vec::with_capacity(page.rows.len());
        for row in &page.rows {
            match backend.get_listed(&row.id) {
                Ok(order) => data.push(order_document(&order, now)),
                // Left out like a damaged row: named on stderr, never shown as data.
                Err(damaged @ BackendError::Damaged { .. }) => {
                    eprintln!("{}", W::LeftOut.fill(lang, &[("damage", &damaged.text(lang))]));
                }
                Err(other) => return Err(other.into()),
            }
        }
        return print_json(&ListJson {
            object: "collection",
            results: data.len(),
            matching: page.matching,
            total: page.total,
            data,
            warnings: backend.warnings(),
        });
    }
    let mut table = Table::new(&[
        (W::ColId.text(lang), false),
        (W::ColCreated.text(lang), false),
        (W::ColCustomer.text(lang), false),
        (W::ColAmount.text(lang), true),
        (W::ColCaptured.text(lang), true),
        (W::ColRefunded.text(lang), true),
        (W::ColStatus.text(lang), false),
        (W::ColMode.text(lang), false),
        (W::ColDeadline.text(lang), false),
    ])
    .whole(&[0]);
    for row in &page.rows {
        table.push(row_cells(row, now, lang));
    }
    let footer = W::ListFooter
        .fill(lang, &[("shown", &page.rows.len()), ("total", &page.total), ("matching", &page.matching)])
        + "\n";
    write_stdout(&(table.render() + &footer))
}

fn row_cells(row: &OrderRow, now: i64, lang: Lang) -> Vec<String> {
    let currency = Currency::from_code_or_whole(&row.currency);
    vec![
        row.id.clone(),
        format_time_in(lang, row.created_at),
        row.customer.clone(),
        currency.format(row.amount),
        currency.format(row.captured),
        currency.format_known_in(lang, row.refunded_known()),
        row.effective_status(now).word(lang),
        row.capture_method.word(lang).to_string(),
        // A row has no history; an uncaptured remainder on a closed order past its deadline is
        // the best sign that it expired (a fully captured order never did).
        deadline_text(row.deadline(now), lang),
    ]
}

/// The deadline column: a countdown while capture is possible, "expired" after.
pub fn deadline_text(deadline: Deadline, lang: Lang) -> String {
    match deadline {
        Deadline::Counting(Countdown::Urgent(left)) => format!("{} !", left.text(lang)),
        Deadline::Counting(Countdown::Open(left)) => left.text(lang),
        Deadline::Counting(Countdown::Expired) | Deadline::Expired => W::Expired.text(lang).into(),
        Deadline::None => "—".into(),
    }
}

pub fn show(global: &GlobalArgs, settings: &Settings, id: &str, json: bool) -> Result<(), Failure> {
    let backend = open_source(global, settings)?;
    let order = backend.get(id)?;
    let now = now_millis();
    if json {
        return print_json(&order_document(&order, now));
    }
    write_stdout(&describe(&order, now, settings.lang))
}

/// `  label       value`: the label padded by display width, so Japanese labels line up too.
fn field(label: W, lang: Lang, value: &str) -> String {
    let label = label.text(lang);
    format!("  {label}{} {value}\n", " ".repeat(12usize.saturating_sub(label.width())))
}

/// The human-readable details of one order, as `orders show` prints them.
pub fn describe(order: &Order, now: i64, lang: Lang) -> String {
    let c = order.currency();
    let s = order.summary(now);
    let status = order.effective_status(now);
    // Every field from the order is cleaned: the data may hold escape sequences or line breaks.
    let mut out =
        W::OrderHeading.fill(lang, &[("id", &printable(&order.id)), ("reference", &printable(&order.reference))]);
    out += "\n";
    out += &field(W::Status, lang, &printable(&status.word(lang)));
    out += &field(W::Mode, lang, order.capture_method.word(lang));
    out += &field(W::Created, lang, &format_time_in(lang, order.created_at));
    if let Some(deadline) = order.expires_at.filter(|_| order.capture_method.may_be_manual()) {
        let text = format!("{} ({})", format_time_in(lang, deadline), deadline_text(order.deadline(now), lang));
        out += &field(W::Deadline, lang, &text);
    }
    let shipment = &order.shipment;
    if !shipment.carrier.is_empty() || !shipment.tracking_number.is_empty() {
        let tracking = format!("{} {}", shipment.carrier, shipment.tracking_number);
        out += &field(W::Tracking, lang, &printable(tracking.trim()));
    }
    let customer = &order.customer;
    out += &format!("\n{}\n", W::CustomerHeading.text(lang));
    let name = format!("{}  {}", printable(&customer.full_name()), printable(&customer.full_kana()));
    out += &field(W::Name, lang, &name);
    if !customer.email.is_empty() {
        out += &field(W::Email, lang, &printable(&customer.email));
    }
    if let Some(address) = &customer.address {
        out += &field(W::Address, lang, &printable(&address.display_lines().join(" ")));
    }
    out += &format!("\n{}\n", W::AmountsHeading.text(lang));
    for (label, value) in [
        (W::AmountOrder, Some(order.amount())),
        (W::AmountCaptured, Some(s.captured)),
        (W::AmountRefunded, s.refunded),
        (W::AmountCanceled, Some(s.canceled)),
        (W::AmountCapturable, Some(s.capturable)),
        (W::AmountRefundable, s.refundable),
    ] {
        out += &field(label, lang, &format!("{:>14}", c.format_known_in(lang, value)));
    }
    if !order.line_items.is_empty() {
        out += &format!("\n{}\n", W::LineItemsHeading.text(lang));
        let unexplained = W::Unexplained.text(lang);
        let rows = crate::domain::line_items::display_rows(&order.line_items, order.amount(), c, unexplained);
        for (name, figure) in rows {
            out += &format!("  {}  {figure}\n", printable(&name));
        }
    }
    if !order.payments().is_empty() {
        out += &format!("\n{}\n", W::PaymentsHeading.text(lang));
        for p in order.payments() {
            out += &format!(
                "  {}  {:>12}  {} {:>12}  {}\n",
                printable(p.id()),
                c.format(p.amount()),
                W::PaymentRefunded.text(lang),
                c.format(p.refunded()),
                p.status_word(lang)
            );
        }
    }
    out += &format!("\n{}\n", W::HistoryHeading.text(lang));
    let mut table = Table::new(&[
        (W::ColTime.text(lang), false),
        (W::ColOperation.text(lang), false),
        (W::ColMoved.text(lang), true),
        (W::ColResult.text(lang), false),
        (W::ColOperator.text(lang), false),
        (W::ColKey.text(lang), false),
    ])
    .whole(&[5]);
    for h in &order.history {
        table.push(vec![
            format_time_seconds_in(lang, h.at),
            h.kind.word(lang).into(),
            c.format(h.amount),
            h.result.word(lang).into(),
            h.operator.clone().unwrap_or_else(|| "—".into()),
            h.idempotency_key.clone().unwrap_or_else(|| "—".into()),
        ]);
    }
    out += &table.render();
    out
}
