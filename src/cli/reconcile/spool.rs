//! Findings kept on disk until the report is written, one temporary JSON Lines file per
//! severity, so the report can be grouped by severity without holding every finding in memory.
//! What the summary needs (counts and yen per kind) is kept as the findings go by.

use crate::domain::reconcile::{Finding, FindingKind, PlannedOperation, Severity};
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};

/// Counts and yen per severity and kind.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    pub per_kind: BTreeMap<(std::cmp::Reverse<Severity>, FindingKind), (u64, i64)>,
}

impl Tally {
    fn add(&mut self, finding: &Finding) {
        let slot = self.per_kind.entry((std::cmp::Reverse(finding.severity), finding.kind)).or_default();
        slot.0 += 1;
        slot.1 += finding.at_stake;
    }

    /// How many findings have `severity` or more.
    pub fn at_or_above(&self, severity: Severity) -> u64 {
        self.per_kind.iter().filter(|((s, _), _)| s.0 >= severity).map(|(_, (n, _))| n).sum()
    }

    pub fn count(&self, severity: Severity) -> u64 {
        self.per_kind.iter().filter(|((s, _), _)| s.0 == severity).map(|(_, (n, _))| n).sum()
    }

    pub fn total(&self) -> u64 {
        self.per_kind.values().map(|(n, _)| n).sum()
    }
}

/// The findings and the planned operations of one run.
pub struct Spool {
    dir: tempfile::TempDir,
    findings: Vec<BufWriter<File>>,
    plan: BufWriter<File>,
    pub tally: Tally,
    pub planned: u64,
}

fn slot(severity: Severity) -> usize {
    Severity::DESCENDING.iter().position(|s| *s == severity).unwrap_or(0)
}

impl Spool {
    pub fn new() -> std::io::Result<Spool> {
        let dir = tempfile::Builder::new().prefix("smartpay-reconcile-").tempdir()?;
        let findings = Severity::DESCENDING
            .iter()
            .map(|s| File::create(dir.path().join(format!("{s}.jsonl"))).map(BufWriter::new))
            .collect::<std::io::Result<Vec<_>>>()?;
        let plan = BufWriter::new(File::create(dir.path().join("plan.jsonl"))?);
        Ok(Spool { dir, findings, plan, tally: Tally::default(), planned: 0 })
    }

    pub fn add(&mut self, finding: &Finding) -> std::io::Result<()> {
        self.tally.add(finding);
        let out = &mut self.findings[slot(finding.severity)];
        serde_json::to_writer(&mut *out, finding)?;
        out.write_all(b"\n")
    }

    pub fn plan(&mut self, operation: &PlannedOperation) -> std::io::Result<()> {
        self.planned += 1;
        serde_json::to_writer(&mut self.plan, operation)?;
        self.plan.write_all(b"\n")
    }

    /// Ends writing; what was spooled can then be read back.
    pub fn close(mut self) -> std::io::Result<Spooled> {
        for out in &mut self.findings {
            out.flush()?;
        }
        self.plan.flush()?;
        Ok(Spooled { dir: self.dir, tally: self.tally, planned: self.planned })
    }
}

/// The spooled findings, highest severity first.
pub struct Spooled {
    dir: tempfile::TempDir,
    pub tally: Tally,
    pub planned: u64,
}

impl Spooled {
    pub fn for_each(&self, visit: &mut dyn FnMut(Finding) -> std::io::Result<()>) -> std::io::Result<()> {
        for severity in Severity::DESCENDING {
            self.read(&format!("{severity}.jsonl"), visit)?;
        }
        Ok(())
    }

    pub fn for_each_planned(
        &self,
        visit: &mut dyn FnMut(PlannedOperation) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        self.read("plan.jsonl", visit)
    }

    fn read<T: serde::de::DeserializeOwned>(
        &self,
        name: &str,
        visit: &mut dyn FnMut(T) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        let reader = BufReader::new(File::open(self.dir.path().join(name))?);
        for line in reader.lines() {
            visit(serde_json::from_str(&line?)?)?;
        }
        Ok(())
    }
}
