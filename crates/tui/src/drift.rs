//! The Drift view's data: the last `reconcile` findings of this source and account (read from
//! the data directory, `smartpay_store::findings`), how old they are, and whether an order has
//! changed since its finding was made. The console never carries out a fix by itself: at most
//! the Payment Actions modal opens prefilled with it, behind the usual confirmation.

use crate::backend::Backend;
use crate::backend::findings::SavedFindings;
use crate::domain::reconcile::Finding;
use crate::domain::reconcile::finding::SmartpaySide;
use crate::domain::{Millis, Order};
use std::path::PathBuf;

/// Runs `reconcile --shop FILE` on the console's own source and saves the findings (the CLI
/// builds it); the sentence says what went wrong.
pub type ReconcileJob = Box<dyn FnOnce(&dyn Backend) -> Result<(), String> + Send>;

/// Where this source's findings are saved, and the source name their header must carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FindingsPlace {
    pub file: PathBuf,
    pub source: String,
}

/// What the console is started with for its Drift view.
#[derive(Default)]
pub struct DriftStart {
    /// Where this source's findings are saved.
    pub place: Option<FindingsPlace>,
    /// `--shop FILE`: the shop file's name and the comparison to run at start.
    pub reconcile: Option<(String, ReconcileJob)>,
}

/// What the Drift view is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Phase {
    /// No findings file for this source (or the demo, which keeps none).
    #[default]
    Idle,
    /// `--shop FILE`: the comparison runs in the background.
    Reconciling,
    Loading,
    Ready,
}

#[derive(Debug, Default)]
pub struct DriftView {
    pub place: Option<FindingsPlace>,
    pub phase: Phase,
    /// A reconcile job is waiting to be started (`--shop FILE`).
    pub job_waiting: bool,
    /// The findings, highest severity first.
    pub saved: Option<SavedFindings>,
    /// Why there are none to show: the file cannot be trusted, or the comparison failed.
    pub error: Option<String>,
    pub selected: usize,
    pub top: usize,
    /// Order Details were opened from the Drift view: Esc goes back there.
    pub opened_from_drift: bool,
    /// `--shop FILE`: the shop file being compared, for the "reconciling…" line.
    pub shop: String,
}

impl DriftView {
    pub fn findings(&self) -> &[Finding] {
        self.saved.as_ref().map_or(&[], |s| &s.findings)
    }

    pub fn selected_finding(&self) -> Option<&Finding> {
        self.findings().get(self.selected)
    }

    /// The findings about order `id`.
    pub fn for_order<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Finding> + 'a {
        self.saved.iter().flat_map(move |s| s.for_order(id))
    }

    /// Keeps the findings, highest severity first (the file's order within a severity).
    pub fn set(&mut self, mut saved: SavedFindings) {
        saved.findings.sort_by_key(|f| std::cmp::Reverse(f.severity));
        self.saved = Some(saved);
        self.error = None;
        self.selected = 0;
        self.top = 0;
        self.phase = Phase::Ready;
    }
}

/// The lines under the findings table that describe the selected one.
pub const PANEL_LINES: u16 = 7;

/// The panel's lines at this terminal size: [`PANEL_LINES`], and a third of a taller terminal,
/// so a long fix reads whole where there is room.
pub fn panel_lines(size: (u16, u16)) -> u16 {
    PANEL_LINES.max(size.1 / 3)
}

/// How many findings the table shows at this terminal size (title, header, panel, status bar).
pub fn visible_rows(size: (u16, u16)) -> usize {
    usize::from(size.1.saturating_sub(3 + panel_lines(size))).max(1)
}

/// Whether a finding still describes its order, now that the order was read again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Freshness {
    /// The order is being read again.
    Checking,
    /// Read again: Smartpay's figures are those the finding was made from.
    Current,
    /// Read again: the order changed since (the finding may be resolved, or stale).
    Changed,
    /// The order could not be read again: the finding cannot be confirmed.
    Unconfirmed,
}

/// Compares the finding's Smartpay figures with the order as just read.
pub fn freshness(finding: &Finding, order: Option<&Order>, failed: bool, now: Millis) -> Freshness {
    match (order, &finding.smartpay) {
        (None, _) if failed => Freshness::Unconfirmed,
        (None, _) => Freshness::Checking,
        // Missing at Smartpay when found, and there now.
        (Some(_), None) => Freshness::Changed,
        (Some(order), Some(then)) => {
            let fresh = SmartpaySide::of(order, now);
            let same = (fresh.amount, fresh.captured, fresh.refunded, fresh.updated_at)
                == (then.amount, then.captured, then.refunded, then.updated_at);
            if same { Freshness::Current } else { Freshness::Changed }
        }
    }
}

/// The I/O the Drift view asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DriftEffect {
    Load(FindingsPlace),
    /// Runs the reconcile job given at start (it saves the findings; they are then loaded).
    Reconcile,
}

/// What comes back.
#[derive(Debug)]
pub enum DriftAction {
    Loaded(Result<Option<SavedFindings>, String>),
    Reconciled(Result<(), String>),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::order::fixtures::manual_order;

    #[test]
    fn a_finding_is_current_only_while_its_order_is_unchanged() {
        let now = 1_800_000_000_000;
        let order = manual_order(5_000, now - 3_600_000);
        let finding = Finding {
            kind: crate::domain::reconcile::FindingKind::AmountMismatch,
            severity: crate::domain::reconcile::Severity::Medium,
            order: Some(order.id.clone()),
            reference: None,
            line: Some(2),
            currency: "JPY".into(),
            shop: None,
            smartpay: Some(SmartpaySide::of(&order, now)),
            console: Default::default(),
            fix: crate::domain::reconcile::finding::Fix { command: None, text: String::new(), text_ja: String::new() },
            at_stake: 1,
        };
        assert_eq!(freshness(&finding, None, false, now), Freshness::Checking);
        assert_eq!(freshness(&finding, None, true, now), Freshness::Unconfirmed);
        assert_eq!(freshness(&finding, Some(&order), false, now), Freshness::Current);
        let changed = manual_order(5_100, now - 3_600_000);
        assert_eq!(freshness(&finding, Some(&changed), false, now), Freshness::Changed);
    }
}
