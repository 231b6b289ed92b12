//! `orders list`, `orders show` and `orders export`.

use super::output::{Table, print_json, write_stdout};
use super::{ExportFormat, Failure, GlobalArgs};
use crate::backend::smartpay::wire::{OrderDocument, order_document};
use crate::backend::{Backend, BackendError, ListQuery, OrderRow};
use crate::config::Settings;
use crate::domain::time::{Countdown, format_time, format_time_seconds, now_millis};
use crate::domain::{CaptureMethod, Currency, Deadline, Order, OrderStatus};
use crate::text::printable;
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;

pub fn open_source(global: &GlobalArgs, settings: &Settings) -> Result<Box<dyn Backend>, Failure> {
    let source =
        crate::source::choose(global.demo, settings).ok_or_else(|| Failure::usage(crate::source::NO_SOURCE))?;
    Ok(crate::source::open(&source, settings)?)
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ListJson {
    object: &'static str,
    results: usize,
    matching: usize,
    total: usize,
    data: Vec<OrderDocument>,
}

pub fn list(
    global: &GlobalArgs,
    settings: &Settings,
    status: Option<String>,
    search: Option<String>,
    limit: usize,
    offset: usize,
    json: bool,
) -> Result<(), Failure> {
    let backend = open_source(global, settings)?;
    let status = status.map(|s| parse_status(&s)).transpose()?;
    let query = ListQuery { status, search, limit, offset, ..ListQuery::default() };
    let page = backend.list(&query)?;
    let now = now_millis();
    if json {
        let data = page
            .rows
            .iter()
            .map(|row| backend.get_listed(&row.id).map(|o| order_document(&o, now)))
            .collect::<Result<Vec<_>, BackendError>>()?;
        return print_json(&ListJson {
            object: "collection",
            results: data.len(),
            matching: page.matching,
            total: page.total,
            data,
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
        currency.format(row.refunded),
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

pub fn parse_status(s: &str) -> Result<OrderStatus, Failure> {
    let status = OrderStatus::parse(s);
    match status {
        OrderStatus::Other(_) => Err(Failure::usage(format!(
            "\"{s}\" is not a status: use one of {}.",
            OrderStatus::KNOWN.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
        ))),
        known => Ok(known),
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
    if let Some(deadline) = order.expires_at.filter(|_| order.capture_method == CaptureMethod::Manual) {
        out += &format!("  deadline    {} ({})\n", format_time(deadline), deadline_text(order.deadline(now)));
    }
    let customer = &order.customer;
    out += &format!("  customer    {}  {}\n", printable(&customer.full_name()), printable(&customer.full_kana()));
    if !customer.email.is_empty() {
        out += &format!("  email       {}\n", printable(&customer.email));
    }
    if let Some(address) = &customer.address {
        out += &format!("  address     {}\n", printable(&address.display_lines().join(" ")));
    }
    out += "\nAmounts\n";
    for (label, value) in [
        ("order", order.amount),
        ("captured", s.captured),
        ("refunded", s.refunded),
        ("canceled", s.canceled),
        ("capturable", s.capturable),
        ("refundable", s.refundable),
    ] {
        out += &format!("  {label:<11} {:>14}\n", c.format(value));
    }
    if !order.line_items.is_empty() {
        out += "\nLine items\n";
        for li in &order.line_items {
            out += &format!("  {} × {}  {}\n", li.quantity, c.format(li.unit_amount), printable(&li.name));
        }
    }
    if !order.payments.is_empty() {
        out += "\nPayments\n";
        for p in &order.payments {
            out += &format!(
                "  {}  {:>12}  refunded {:>12}  {}\n",
                printable(&p.id),
                c.format(p.amount),
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

pub fn export(
    global: &GlobalArgs,
    settings: &Settings,
    format: ExportFormat,
    out: Option<PathBuf>,
) -> Result<(), Failure> {
    let backend = open_source(global, settings)?;
    let (sink, temp): (Box<dyn Write>, Option<(tempfile::NamedTempFile, PathBuf)>) = match &out {
        None => (Box::new(std::io::BufWriter::new(std::io::stdout().lock())), None),
        Some(path) => {
            // Written beside the target and renamed at the end: never a half-written export.
            let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
            let file = export_temp_file(dir).map_err(|e| cannot_write(path, &e))?;
            let handle = file.reopen().map_err(|e| cannot_write(path, &e))?;
            (Box::new(std::io::BufWriter::new(handle)), Some((file, path.clone())))
        }
    };
    let now = now_millis();
    let written = match format {
        ExportFormat::Jsonl => export_jsonl(&*backend, sink, now),
        ExportFormat::Csv => export_csv(&*backend, sink, now),
    };
    match written {
        Err(e) if is_broken_pipe(&e) => Ok(()),
        Err(e) => Err(e.into()),
        Ok(count) => {
            if let Some((file, path)) = temp {
                file.persist(&path).map_err(|e| cannot_write(&path, &e.error))?;
                eprintln!("Exported {count} orders to {}.", path.display());
            }
            Ok(())
        }
    }
}

/// The reason an export file cannot be written, in words (the io error's own text names the
/// hidden temporary file, which the operator never asked for).
fn cannot_write(path: &std::path::Path, err: &std::io::Error) -> Failure {
    let reason = match err.kind() {
        std::io::ErrorKind::NotFound => "its folder does not exist".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        std::io::ErrorKind::IsADirectory => "it is a directory".to_string(),
        kind => kind.to_string(),
    };
    Failure::io(format!("Cannot write {}: {reason}.", path.display()))
}

/// A temporary file beside the export target, readable like any file the user writes (a bare
/// temporary file would be private to its owner).
fn export_temp_file(dir: &std::path::Path) -> std::io::Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(".smartpay-export-");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o644));
    }
    builder.tempfile_in(dir)
}

fn is_broken_pipe(err: &BackendError) -> bool {
    matches!(err, BackendError::Io { detail, .. } if detail.contains("Broken pipe"))
}

fn write_error(e: impl std::fmt::Display) -> BackendError {
    BackendError::Io { path: PathBuf::from("export"), detail: e.to_string() }
}

fn export_jsonl(backend: &dyn Backend, mut sink: Box<dyn Write>, now: i64) -> Result<u64, BackendError> {
    let mut count = 0;
    backend.for_each_order(&mut |order| {
        serde_json::to_writer(&mut sink, &order_document(&order, now)).map_err(write_error)?;
        sink.write_all(b"\n").map_err(write_error)?;
        count += 1;
        Ok(())
    })?;
    sink.flush().map_err(write_error)?;
    Ok(count)
}

pub const CSV_HEADER: [&str; 18] = [
    "id",
    "created_at",
    "reference",
    "status",
    "capture_method",
    "currency",
    "amount",
    "captured",
    "refunded",
    "canceled",
    "capturable",
    "refundable",
    "expires_at",
    "last_name",
    "first_name",
    "last_name_kana",
    "first_name_kana",
    "email",
];

fn export_csv(backend: &dyn Backend, sink: Box<dyn Write>, now: i64) -> Result<u64, BackendError> {
    let mut writer = csv::Writer::from_writer(sink);
    writer.write_record(CSV_HEADER).map_err(write_error)?;
    let mut count = 0;
    backend.for_each_order(&mut |o| {
        let s = o.summary(now);
        let c = &o.customer;
        let numbers = [o.created_at, o.amount, s.captured, s.refunded, s.canceled, s.capturable, s.refundable]
            .map(|n| n.to_string());
        writer
            .write_record([
                o.id.as_str(),
                numbers[0].as_str(),
                o.reference.as_str(),
                o.effective_status(now).as_str(),
                o.capture_method.as_str(),
                o.currency.as_str(),
                numbers[1].as_str(),
                numbers[2].as_str(),
                numbers[3].as_str(),
                numbers[4].as_str(),
                numbers[5].as_str(),
                numbers[6].as_str(),
                &o.expires_at.map(|e| e.to_string()).unwrap_or_default(),
                c.last_name.as_str(),
                c.first_name.as_str(),
                c.last_name_kana.as_str(),
                c.first_name_kana.as_str(),
                c.email.as_str(),
            ])
            .map_err(write_error)?;
        count += 1;
        Ok(())
    })?;
    writer.flush().map_err(write_error)?;
    Ok(count)
}
