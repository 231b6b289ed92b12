//! `reconcile --shop FILE`: the shop's export against Smartpay (the order file or the API,
//! through the mirror) and the console's own ledger (history and journal). Each difference is
//! a finding with a kind, a severity, both sides' figures and its fix; nothing is ever moved.
//!
//! 1. the shop file is read once into a temporary index (a bad row refuses the file, exit 2);
//! 2. every order is streamed from the source and compared (`engine`); an order with a money
//!    finding is read again from the source before it is kept;
//! 3. the kept findings are written: the report (or `--json`), `--out`, `--fix-plan`.

mod args;
mod columns;
mod engine;
mod ignore;
mod outputs;
mod report;
pub mod saved;
mod shop_file;
mod shop_index;
mod spool;

pub use args::ReconcileArgs;
pub use saved::FindingsPlace;
pub use shop_file::ShopEncoding;

use super::export::own_files;
use super::export::target::Destination;
use super::orders::open_source;
use super::{Failure, GlobalArgs};
use crate::config::Settings;
use crate::domain::reconcile::shop::whole_days;
use crate::domain::reconcile::{Severity, parse_shop_time};
use crate::domain::time::{format_date, now_millis};
use crate::domain::{Lang, Millis};
use crate::text::{escape_json_for_terminal, printable};
use crate::words::{CommandText, ReportText as W};
use args::OutFormat;
use columns::Mapping;
use engine::{Run, RunError};
use ignore::Ignore;
use shop_file::{Problems, RowProblem};
use shop_index::{IndexBuilder, ShopIndex};
use smartpay_i18n::Message;
use spool::{Spool, Spooled};
use std::io::Write;
use std::path::Path;

/// How many bad rows the message names (the rest are counted).
const NAMED_PROBLEMS: usize = 20;

pub fn reconcile(global: &GlobalArgs, settings: &Settings, args: ReconcileArgs) -> Result<(), Failure> {
    let json = global.json;
    let own = own_files(settings);
    for path in [&args.out, &args.fix_plan].into_iter().flatten() {
        Destination::refuse_own_file(path, &own).map_err(|e| cannot_write(path, &e.0))?;
    }
    let plan = Plan::of(&args)?;
    let backend = open_source(global, settings)?;
    let compared = plan.compare(&args, &*backend)?;
    let Compared { spooled, facts, rows, range, ignore } = &compared;
    let source = backend.describe();
    let lang = settings.lang;
    let shop_name = args.shop.display().to_string();
    let ctx = report::Context {
        source: &source,
        shop: &shop_name,
        orders: facts.orders,
        rows: *rows,
        range: range.map(|(lo, hi)| describe_range(lo, hi, lang)),
        reread: facts.reread,
        settled: facts.settled,
        ignored: facts.ignored,
        fail_on: args.fail_on.severity(),
        lang,
    };
    if let Some(path) = &args.out {
        write_file(path, |out| write_findings(spooled, args.format, out))?;
    }
    if let Some(path) = &args.fix_plan {
        write_file(path, |out| write_plan(spooled, out))?;
    }
    let printed = if json {
        write_stdout(|out| write_findings(spooled, OutFormat::Jsonl, out))
    } else {
        write_stdout(|out| report::write(spooled, &ctx, out))
    };
    printed.map_err(|e| Failure::told(1, "io", CommandText::CannotWriteStdout, &[("reason", &e)]))?;
    let mut err = std::io::stderr().lock();
    if json {
        let _ = writeln!(err, "{}", report::last_line(spooled, &ctx));
    }
    for unused in ignore.unused() {
        let _ = writeln!(err, "{}", W::UnusedIgnore.fill(lang, &[("entry", &unused)]));
    }
    for backend_warning in backend.warnings() {
        let _ = writeln!(err, "{}", W::NotCompared.fill(lang, &[("warning", &backend_warning)]));
    }
    // Saved only from a complete comparison: the Drift view never shows a partial run as whole.
    if facts.unreadable.is_empty() {
        let place = crate::source::choose(global.demo, settings).map(|s| saved::place(&s, settings));
        if let Some(place) = place {
            match saved::save(&place, &shop_name, now_millis(), spooled) {
                Ok(()) if !json => {
                    let _ = writeln!(err, "{}", W::Saved.text(lang));
                }
                Ok(()) => {}
                Err(e) => {
                    let _ = writeln!(err, "{}", W::NotSaved.fill(lang, &[("detail", &e)]));
                }
            }
        }
    }
    verdict(spooled, &facts.unreadable, args.fail_on.severity(), json)
}

/// The console's `--shop FILE`: compares on the console's own source and saves the findings
/// for its Drift view (nothing is printed). The sentence says what went wrong, if anything.
pub fn for_console(
    args: &ReconcileArgs,
    backend: &dyn crate::backend::Backend,
    place: &FindingsPlace,
) -> Result<(), String> {
    let sentence = |f: Failure| f.message;
    let plan = Plan::of(args).map_err(sentence)?;
    let compared = plan.compare(args, backend).map_err(sentence)?;
    if !compared.facts.unreadable.is_empty() {
        return verdict(&compared.spooled, &compared.facts.unreadable, Severity::High, false).map_err(sentence);
    }
    saved::save(place, &args.shop.display().to_string(), now_millis(), &compared.spooled)
        .map_err(|e| format!("The findings could not be saved: {e}."))
}

/// What the flags ask for, checked before anything is read.
struct Plan {
    mapping: Mapping,
    since: Option<Millis>,
    until: Option<Millis>,
    ignore: Ignore,
}

/// A finished comparison.
struct Compared {
    spooled: Spooled,
    facts: engine::RunFacts,
    rows: u64,
    range: Option<(Millis, Millis)>,
    ignore: Ignore,
}

impl Plan {
    fn of(args: &ReconcileArgs) -> Result<Plan, Failure> {
        Ok(Plan {
            mapping: Mapping::parse(&args.map, &args.map_status).map_err(Failure::usage)?,
            since: args.since.as_deref().map(|t| bound(t, "--since", false)).transpose()?,
            until: args.until.as_deref().map(|t| bound(t, "--until", true)).transpose()?,
            ignore: match &args.ignore {
                Some(path) => Ignore::load(path).map_err(Failure::usage)?,
                None => Ignore::default(),
            },
        })
    }

    /// Reads the shop file, streams the source against it and spools the findings.
    fn compare(self, args: &ReconcileArgs, backend: &dyn crate::backend::Backend) -> Result<Compared, Failure> {
        let mut index = read_shop(args, &self.mapping)?;
        let range = match (self.since, self.until, index.dates) {
            (None, None, None) => None,
            (since, until, dates) => {
                let days = dates.map(|(lo, hi)| whole_days(lo, hi));
                Some((
                    since.or(days.map(|d| d.0)).unwrap_or(Millis::MIN),
                    until.or(days.map(|d| d.1)).unwrap_or(Millis::MAX),
                ))
            }
        };
        let mut spool = Spool::new().map_err(|e| Failure::io(format!("Cannot keep the findings: {e}.")))?;
        let run = Run {
            backend,
            index: &mut index,
            range,
            ignore: &self.ignore,
            now: now_millis(),
            spool: &mut spool,
            facts: Default::default(),
            listed_since: range
                .map(|(since, _)| since)
                .filter(|since| *since != Millis::MIN && backend.kind() == crate::backend::SourceKind::Online),
        };
        let facts = match run.run() {
            Ok(facts) => facts,
            Err(RunError::Source(err)) => return Err(err.into()),
            Err(RunError::Local(message)) => return Err(Failure::io(format!("{message}."))),
        };
        if !facts.bad_rows.is_empty() {
            return Err(bad_file(&args.shop, facts.bad_rows));
        }
        let spooled = spool.close().map_err(|e| Failure::io(format!("Cannot read the findings back: {e}.")))?;
        Ok(Compared { spooled, facts, rows: index.rows, range, ignore: self.ignore })
    }
}

/// Exit 1 when orders could not be read (the comparison is incomplete), 6 when a finding at
/// or above `--fail-on` was reported, else 0.
fn verdict(spooled: &Spooled, unreadable: &[String], fail_on: Severity, json: bool) -> Result<(), Failure> {
    if !unreadable.is_empty() {
        let args: [(&str, &dyn std::fmt::Display); 2] =
            [("count", &unreadable.len()), ("records", &unreadable.join("; "))];
        return Err(Failure::told(1, "io", W::Unreadable, &args));
    }
    match spooled.tally.at_or_above(fail_on) {
        0 => Ok(()),
        n => Err(Failure {
            // With --json the findings on stdout are the result: no error object after them.
            reported: json,
            ..{
                let said = |lang| {
                    let args: [(&str, &dyn std::fmt::Display); 3] =
                        [("count", &n), ("fail_on", &report::severity_word(fail_on, lang)), ("flag", &fail_on)];
                    W::FailedOn.fill(lang, &args)
                };
                Failure::new(6, "differences", said(Lang::En)).with_japanese(said(Lang::Ja))
            }
        }),
    }
}

/// Reads the shop file into the index; any bad row (or an order listed twice) refuses it.
fn read_shop(args: &ReconcileArgs, mapping: &Mapping) -> Result<ShopIndex, Failure> {
    let index_failure = |e: shop_index::IndexError| Failure::io(format!("{}.", e.0));
    let mut builder = IndexBuilder::new().map_err(index_failure)?;
    let mut problems = Problems::default();
    let mut twice = Vec::new();
    let mut failed = None;
    shop_file::read_rows(&args.shop, args.encoding, mapping, &mut |row| match row {
        Ok(row) => {
            if failed.is_none()
                && let Err(e) = builder.add(row, &mut twice)
            {
                failed = Some(e);
            }
            twice.drain(..).for_each(|t| problems.push(twice_problem(t)));
        }
        Err(problem) => problems.push(problem),
    })
    .map_err(|p| if p.bad { Failure::new(2, "shop_file.invalid", p.message) } else { Failure::io(p.message) })?;
    if let Some(e) = failed {
        return Err(index_failure(e));
    }
    let index = builder.finish(&mut twice).map_err(index_failure)?;
    twice.into_iter().for_each(|t| problems.push(twice_problem(t)));
    if problems.is_empty() { Ok(index) } else { Err(bad_file(&args.shop, problems)) }
}

fn twice_problem(t: shop_index::Twice) -> RowProblem {
    RowProblem {
        line: t.line,
        message: format!("{} is listed twice: on line {} and here", printable(&t.what), t.first),
    }
}

/// Exit 2, naming each bad line.
fn bad_file(path: &Path, problems: Problems) -> Failure {
    let total = problems.total;
    let mut problems = problems.kept;
    problems.sort_by_key(|p| p.line);
    let said = |lang| {
        let head = if total == 1 { W::BadFileOne } else { W::BadFileMany };
        let mut message = head.fill(lang, &[("path", &path.display()), ("count", &total)]);
        for problem in problems.iter().take(NAMED_PROBLEMS) {
            let line = W::BadLine.fill(lang, &[("line", &problem.line), ("problem", &problem.message)]);
            message.push_str(&format!("\n  {line}"));
        }
        if total > NAMED_PROBLEMS {
            message.push_str(&format!("\n  {}", W::AndMore.fill(lang, &[("count", &(total - NAMED_PROBLEMS))])));
        }
        message
    };
    Failure::new(2, "shop_file.invalid", said(Lang::En)).with_japanese(said(Lang::Ja))
}

/// `--since` / `--until`: a day (JST; `--until` takes its end) or a time.
fn bound(text: &str, flag: &str, end_of_day: bool) -> Result<Millis, Failure> {
    let at = parse_shop_time(text)
        .ok_or_else(|| Failure::usage_told(W::NotADate, &[("flag", &flag), ("input", &printable(text))]))?;
    let date_only = text.trim().len() <= 10;
    Ok(if end_of_day && date_only { whole_days(at, at).1 } else { at })
}

fn describe_range(lo: Millis, hi: Millis, lang: Lang) -> String {
    let side = |ms: Millis, open: W| {
        if ms == Millis::MIN || ms == Millis::MAX { open.text(lang).to_string() } else { format_date(ms) }
    };
    W::Range.fill(lang, &[("from", &side(lo, W::RangeFirst)), ("to", &side(hi, W::RangeLast))])
}

fn cannot_write(path: &Path, reason: &str) -> Failure {
    Failure::told(1, "io", CommandText::CannotWrite, &[("path", &path.display()), ("reason", &reason)])
}

/// Writes a whole file through `Destination` (a temporary file renamed into place): a failure
/// leaves what was there untouched.
fn write_file(path: &Path, fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<(), Failure> {
    let mut destination = Destination::open(path).map_err(|e| cannot_write(path, &e.0))?;
    fill(destination.writer()).map_err(|e| cannot_write(path, &super::export::target::reason(&e)))?;
    destination.finish().map_err(|e| cannot_write(path, &super::export::target::reason(&e)))
}

fn write_stdout(fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> std::io::Result<()> {
    let mut destination = Destination::stdout();
    match fill(destination.writer()).and_then(|()| destination.finish()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

fn write_findings(spooled: &Spooled, format: OutFormat, out: &mut dyn Write) -> std::io::Result<()> {
    match format {
        OutFormat::Jsonl => spooled.for_each(&mut |f| {
            let line = outputs::json_line(&f)?;
            out.write_all(escape_json_for_terminal(&line).as_bytes())?;
            out.write_all(b"\n")
        }),
        OutFormat::Csv => {
            let mut csv = csv::Writer::from_writer(out);
            csv.write_record(outputs::CSV_HEADER).map_err(std::io::Error::other)?;
            spooled.for_each(&mut |f| csv.write_record(outputs::csv_record(&f)).map_err(std::io::Error::other))?;
            csv.flush()
        }
    }
}

fn write_plan(spooled: &Spooled, out: &mut dyn Write) -> std::io::Result<()> {
    let mut csv = csv::Writer::from_writer(out);
    csv.write_record(outputs::PLAN_HEADER).map_err(std::io::Error::other)?;
    spooled.for_each_planned(&mut |p| csv.write_record(outputs::plan_record(&p)).map_err(std::io::Error::other))?;
    csv.flush()
}
