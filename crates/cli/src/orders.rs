//! `orders list`, `orders show` and `orders export`.

use super::output::{Table, print_json, write_stdout};
use super::{Failure, GlobalArgs};
use crate::backend::{Backend, BackendError, OrderRow};
use crate::config::Settings;
use crate::domain::time::{Countdown, format_time, format_time_seconds, now_millis};
use crate::domain::{Currency, Deadline, Order};
use crate::text::printable;
use crate::wire::{OrderDocument, order_document};
use serde::Serialize;

pub fn open_source(global: &GlobalArgs, settings: &Settings) -> Result<Box<dyn Backend>, Failure> {
    let source = crate::source::choose(global.demo, settings)
        .ok_or_else(|| Failure::usage(crate::source::NO_SOURCE).with_code("source.missing"))?;
    Ok(crate::open::open(&source, settings)?)
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
    for damage in &page.damaged {
        eprintln!("warning: {damage}; it is left out of the list (run `smartpay-console check`).");
    }
    let now = now_millis();
    if json {
        let mut data = Vec::with_capacity(page.rows.len());
        for row in &page.rows {
            match backend.get_listed(&row.id) {
                Ok(order) => data.push(order_document(&order, now)),
                // Left out like a damaged row: named on stderr, never shown as data.
                Err(damaged @ BackendError::Damaged { .. }) => {
                    eprintln!("warning: {damaged}; it is left out of the list (run `smartpay-console check`).");
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
        ("ID", false),
        ("CREATED", false),
        ("CUSTOMER", false),
        ("AMOUNT", true),
        ("CAPTURED", true),
        ("REFUNDED", true),
        ("STATUS", false),
        ("MODE", false),
        ("DEADLINE", false),
    ]);
    for row in &page.rows {
        table.push(row_cells(row, now));
    }
    let footer = format!("{} of {} orders shown ({} match)\n", page.rows.len(), page.total, page.matching);
    write_stdout(&(table.render() + &footer))
}

fn row_cells(row: &OrderRow, now: i64) -> Vec<String> {
    let currency = Currency::from_code_or_whole(&row.currency);
    vec![
        row.id.clone(),
        format_time(row.created_at),
        row.customer.clone(),
        currency.format(row.amount),
        currency.format(row.captured),
        currency.format_known(row.refunded_known()),
        row.effective_status(now).to_string(),
        row.capture_method.as_str().to_string(),
        // A row has no history; an uncaptured remainder on a closed order past its deadline is
        // the best sign that it expired (a fully captured order never did).
        deadline_text(row.deadline(now)),
    ]
}

/// The deadline column: a countdown while capture is possible, "expired" after.
pub fn deadline_text(deadline: Deadline) -> String {
    match deadline {
        Deadline::Counting(Countdown::Urgent(s)) => format!("{s} !"),
        Deadline::Counting(Countdown::Open(s)) => s,
        Deadline::Counting(Countdown::Expired) | Deadline::Expired => "expired".into(),
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
    write_stdout(&describe(&order, now))
}

/// The human-readable details of one order, as `orders show` prints them.
pub fn describe(order: &Order, now: i64) -> String {
    let c = order.currency();
    let s = order.summary(now);
    let status = order.effective_status(now);
    // Every field from the order is cleaned: the data may hold escape sequences or line breaks.
    let mut out = format!("Order {}  ({})\n", printable(&order.id), printable(&order.reference));
    out +=
        &format!("  status      {}\n  mode        {}\n", printable(&status.to_string()), order.capture_method.as_str());
    out += &format!("  created     {}\n", format_time(order.created_at));
    if let Some(deadline) = order.expires_at.filter(|_| order.capture_method.may_be_manual()) {
        out += &format!("  deadline    {} ({})\n", format_time(deadline), deadline_text(order.deadline(now)));
    }
    let shipment = &order.shipment;
    if !shipment.carrier.is_empty() || !shipment.tracking_number.is_empty() {
        let tracking = format!("{} {}", shipment.carrier, shipment.tracking_number);
        out += &format!("  tracking    {}\n", printable(tracking.trim()));
    }
    let customer = &order.customer;
    out += "\nCustomer (as given at checkout)\n";
    out += &format!("  name        {}  {}\n", printable(&customer.full_name()), printable(&customer.full_kana()));
    if !customer.email.is_empty() {
        out += &format!("  email       {}\n", printable(&customer.email));
    }
    if let Some(address) = &customer.address {
        out += &format!("  address     {}\n", printable(&address.display_lines().join(" ")));
    }
    out += "\nAmounts\n";
    for (label, value) in [
        ("order", Some(order.amount())),
        ("captured", Some(s.captured)),
        ("refunded", s.refunded),
        ("canceled", Some(s.canceled)),
        ("capturable", Some(s.capturable)),
        ("refundable", s.refundable),
    ] {
        out += &format!("  {label:<11} {:>14}\n", c.format_known(value));
    }
    if !order.line_items.is_empty() {
        out += "\nLine items\n";
        let rows =
            crate::domain::line_items::display_rows(&order.line_items, order.amount(), c, "unexplained difference");
        for (name, figure) in rows {
            out += &format!("  {}  {figure}\n", printable(&name));
        }
    }
    if !order.payments().is_empty() {
        out += "\nPayments\n";
        for p in order.payments() {
            out += &format!(
                "  {}  {:>12}  refunded {:>12}  {}\n",
                printable(p.id()),
                c.format(p.amount()),
                c.format(p.refunded()),
                p.status()
            );
        }
    }
    out += "\nTransaction history\n";
    let mut table = Table::new(&[
        ("TIME", false),
        ("OPERATION", false),
        ("AMOUNT", true),
        ("RESULT", false),
        ("OPERATOR", false),
        ("IDEMPOTENCY KEY", false),
    ]);
    for h in &order.history {
        table.push(vec![
            format_time_seconds(h.at),
            h.kind.as_str().into(),
            c.format(h.amount),
            h.result.as_str().into(),
            h.operator.clone().unwrap_or_else(|| "—".into()),
            h.idempotency_key.clone().unwrap_or_else(|| "—".into()),
        ]);
    }
    out += &table.render();
    out
}
