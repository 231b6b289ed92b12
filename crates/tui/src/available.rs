//! Which commands do something now: the one answer the status-bar hints and the command
//! palette share, so neither offers a key that does nothing (a bulk run's stage, a Drift view
//! without findings, the amount field that takes ← and → as text).

use crate::bulk_run::BulkStage;
use crate::drift::Phase;
use crate::keymap::{Command, Context};
use crate::state::{Field, State};

/// Whether `command`, bound in `context`, does something in `state` (read-only mode is the
/// keymap's own filter).
pub fn works_now(state: &State, context: Context, command: Command) -> bool {
    use Command as C;
    if matches!(command, C::Help | C::Palette | C::ForceQuit) {
        return true;
    }
    match context {
        Context::Bulk => {
            let Some(stage) = state.bulk.as_ref().map(|run| run.stage) else { return false };
            match stage {
                BulkStage::Reading | BulkStage::Running => command == C::Back,
                BulkStage::Confirm { .. } => {
                    matches!(command, C::Right | C::NextField | C::Press | C::ConfirmYes | C::Back)
                }
                BulkStage::Finished => matches!(command, C::Back | C::Press | C::Export),
                BulkStage::Recovered { asking: None } => matches!(command, C::Back | C::Export | C::Resume | C::Forget),
                BulkStage::Recovered { asking: Some(_) } => {
                    matches!(command, C::NextField | C::Right | C::Press | C::ConfirmYes | C::Back)
                }
            }
        }
        Context::Drift => match command {
            C::Up | C::Down | C::Open => !state.drift.findings().is_empty(),
            C::Refresh => state.drift.place.is_some() && state.drift.phase != Phase::Reconciling,
            _ => true,
        },
        // In the amount field ← and → move the cursor in the text; they choose elsewhere.
        Context::Modal if matches!(command, C::Left | C::Right) => {
            state.modal.as_ref().is_some_and(|m| m.focus != Field::Amount)
        }
        _ => true,
    }
}
