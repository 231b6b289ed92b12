//! `--ignore FILE`: known differences acknowledged (CSV `order,kind,reason`), so a daily run
//! shows only new ones. An entry that no longer matches anything is named, so the file can be
//! kept short.

use crate::domain::reconcile::{Finding, FindingKind};
use crate::text::printable;
use std::cell::Cell;
use std::path::Path;

struct Entry {
    line: u64,
    order: String,
    kind: FindingKind,
    used: Cell<bool>,
}

/// The acknowledged differences.
#[derive(Default)]
pub struct Ignore {
    entries: Vec<Entry>,
}

impl Ignore {
    /// Reads the file; any bad line refuses it whole, naming the line.
    pub fn load(path: &Path) -> Result<Ignore, String> {
        let name = path.display();
        let text = std::fs::read(path).map_err(|e| format!("Cannot read {name}: {e}."))?;
        let text = text.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&text);
        let mut reader = csv::ReaderBuilder::new().has_headers(true).flexible(true).from_reader(text);
        let header: Vec<String> =
            reader.headers().map_err(|e| format!("{name}: {e}."))?.iter().map(|h| h.trim().to_lowercase()).collect();
        let column = |want: &str| header.iter().position(|h| h == want);
        let (Some(order_at), Some(kind_at), Some(reason_at)) = (column("order"), column("kind"), column("reason"))
        else {
            return Err(format!("{name}: the header must name the columns order, kind and reason."));
        };
        let mut entries = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|e| format!("{name}: {e}."))?;
            let line = record.position().map_or(0, |p| p.line());
            let cell = |at: usize| record.get(at).map(str::trim).unwrap_or("");
            if record.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            let kind = FindingKind::parse(cell(kind_at)).ok_or_else(|| {
                format!("{name}, line {line}: \"{}\" is not a kind of finding.", printable(cell(kind_at)))
            })?;
            if cell(order_at).is_empty() || cell(reason_at).is_empty() {
                return Err(format!("{name}, line {line}: each entry needs an order and a reason."));
            }
            entries.push(Entry { line, order: cell(order_at).to_string(), kind, used: Cell::new(false) });
        }
        Ok(Ignore { entries })
    }

    /// Whether `finding` is acknowledged (by its order id or reference, and its kind).
    pub fn covers(&self, finding: &Finding) -> bool {
        let names = [finding.order.as_deref(), finding.reference.as_deref()];
        let hit = self.entries.iter().find(|e| e.kind == finding.kind && names.contains(&Some(e.order.as_str())));
        hit.inspect(|e| e.used.set(true)).is_some()
    }

    /// Entries that matched no finding in this run: `line N (order, kind)`.
    pub fn unused(&self) -> Vec<String> {
        self.entries
            .iter()
            .filter(|e| !e.used.get())
            .map(|e| format!("line {} ({}, {})", e.line, printable(&e.order), e.kind))
            .collect()
    }
}
