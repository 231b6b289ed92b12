//! The I/O of a bulk run (on the blocking pool): each order in turn, its record rewritten
//! durably before the request goes out. An order never sent is read afresh and turned into its
//! exact operation by the payment rules (refused with the rule's reason, never sent, when they
//! say no); an order sent without a known answer is replayed exactly as it was, under its own
//! key, never a new one. The stop flag is read before each next request: once raised, the
//! orders never sent are reported as not sent.

use super::action::Action;
use super::bulk_run::{RowState, StopFlag};
use super::run_record::{RunDir, RunRecord};
use crate::backend::{Backend, OperationRequest};
use crate::config::Lang;
use crate::domain::Operation;
use crate::domain::bulk_plan::operation_for;
use crate::domain::time::now_millis;
use tokio::sync::mpsc::UnboundedSender;

pub fn run(
    backend: &dyn Backend,
    mut record: RunRecord,
    dir: Option<&RunDir>,
    stop: &StopFlag,
    tx: &UnboundedSender<Action>,
    lang: Lang,
) {
    if record.source.is_empty() {
        record.source = backend.describe();
    }
    let total = record.rows.len();
    let mut problem: Option<String> = None;
    for index in 0..total {
        let Some(row) = record.rows.get(index) else { break };
        let (replay, fresh) = (row.state.to_replay(), row.state.to_send());
        if !replay && !fresh {
            continue;
        }
        if stop.stopped() || problem.is_some() {
            // A replay left as it was is still unknown: only what was never sent is "not sent".
            if fresh {
                answer(&mut record, index, RowState::NotSent, tx);
            }
            continue;
        }
        let operation = match (&row.sent, replay) {
            (Some(sent), true) => sent.clone(),
            _ => match plan(backend, &row.order, &record, lang) {
                Ok(operation) => operation,
                Err(why) => {
                    answer(&mut record, index, RowState::Refused(why), tx);
                    continue;
                }
            },
        };
        let before = (row.state.clone(), row.sent.clone());
        set(&mut record, index, RowState::Sending, Some(operation.clone()));
        if let Some(dir) = dir
            && let Err(why) = dir.save(&record)
        {
            // Not recorded, so not sent: the run stops here.
            set(&mut record, index, if fresh { RowState::NotSent } else { before.0 }, before.1);
            let state = record.rows.get(index).map_or(RowState::NotSent, |r| r.state.clone());
            let _ = tx.send(Action::BulkRow { index, state, sent: None });
            problem = Some(why.text(lang));
            continue;
        }
        let _ = tx.send(Action::BulkRow { index, state: RowState::Sending, sent: Some(operation.clone()) });
        let state = send(backend, &record, index, operation, lang);
        answer(&mut record, index, state, tx);
        if let Some(dir) = dir {
            // If this write fails the record still says "sending": shown as unknown at the next
            // start and replayed under the same key, which is safe.
            let _ = dir.save(&record);
        }
    }
    record.finished = true;
    if let Some(dir) = dir
        && let Err(why) = dir.save(&record)
    {
        problem.get_or_insert(why.text(lang));
    }
    let _ = tx.send(Action::BulkFinished(problem));
}

fn set(record: &mut RunRecord, index: usize, state: RowState, sent: Option<Operation>) {
    if let Some(row) = record.rows.get_mut(index) {
        row.state = state;
        row.sent = sent;
    }
}

fn answer(record: &mut RunRecord, index: usize, state: RowState, tx: &UnboundedSender<Action>) {
    let sent = record.rows.get(index).and_then(|r| r.sent.clone());
    set(record, index, state.clone(), sent.clone());
    let _ = tx.send(Action::BulkRow { index, state, sent });
}

/// The order's exact operation as it stands now, by the rules; or why there is none.
fn plan(backend: &dyn Backend, id: &str, record: &RunRecord, lang: Lang) -> Result<Operation, String> {
    let order = backend.get(id).map_err(|e| e.text(lang))?;
    operation_for(&order, &record.request, now_millis()).map(|(operation, _)| operation).map_err(|r| r.text(lang))
}

/// Sends one order's operation under its key; its history names the run and the position.
fn send(backend: &dyn Backend, record: &RunRecord, index: usize, operation: Operation, lang: Lang) -> RowState {
    let Some(row) = record.rows.get(index) else { return RowState::NotSent };
    let operator =
        format!("{} (bulk run {} order {} of {})", record.operator, record.run, index + 1, record.rows.len());
    let request = OperationRequest { operation, operator: Some(operator), idempotency_key: row.key.clone() };
    tracing::info!(order = %row.order, key = %row.key, run = %record.run, "bulk: sending");
    match backend.execute(&row.order, &request) {
        Ok(outcome) => RowState::of(&outcome, lang),
        Err(err) if err.exit_code() == 4 => RowState::Unknown(err.text(lang)),
        // An error means nothing was done.
        Err(err) => RowState::Refused(err.text(lang)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::OrderReader;
    use crate::backend::local::{LocalStore, OpenMode};
    use crate::bulk_run::{BulkRow, BulkRun};
    use crate::domain::bulk_plan::{BulkOperation, Requested, RowRequest};
    use crate::domain::{Currency, Order};
    use crate::run_record::RunDir;

    fn store_and_record(dir: &std::path::Path) -> (LocalStore, RunRecord) {
        let store = LocalStore::open(&dir.join("orders.redb"), OpenMode::CreateIfMissing).expect("opens");
        let created = now_millis() - 60_000;
        let orders =
            [Order::awaiting_capture("order_a", 1_000, created), Order::awaiting_capture("order_b", 2_000, created)];
        store.insert_orders(&orders).expect("inserts");
        let rows = orders
            .iter()
            .enumerate()
            .map(|(i, o)| BulkRow {
                id: o.id.clone(),
                currency: Currency::JPY,
                order: None,
                plan: Ok(o.amount()),
                key: format!("key-{i}"),
                state: RowState::Pending,
                sent: None,
            })
            .collect();
        let request = RowRequest { operation: BulkOperation::Capture, requested: Requested::Maximum, reason: None };
        (store, RunRecord::of(&BulkRun::new("tui-test".into(), rows), request, "op"))
    }

    fn answers(rx: &mut tokio::sync::mpsc::UnboundedReceiver<Action>) -> Vec<Action> {
        std::iter::from_fn(|| rx.try_recv().ok()).collect()
    }

    #[test]
    fn each_history_entry_names_the_run_and_the_position_and_the_record_ends_finished() {
        let temp = tempfile::tempdir().expect("temp dir");
        let (store, record) = store_and_record(temp.path());
        let dir = RunDir(temp.path().join("runs"));
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        run(&store, record, Some(&dir), &StopFlag::default(), &tx, Lang::En);
        let done: Vec<_> = answers(&mut rx)
            .into_iter()
            .filter(|a| matches!(a, Action::BulkRow { state: RowState::Done(_), .. }))
            .collect();
        assert_eq!(done.len(), 2);
        let order = store.get("order_b").expect("reads");
        let entry = order.history.last().expect("captured");
        assert_eq!(entry.operator.as_deref(), Some("op (bulk run tui-test order 2 of 2)"));
        assert_eq!(order.captured(), 2_000);
        assert_eq!(dir.unfinished(Lang::En), (None, vec![]), "a run that ended is not shown at the next start");
    }

    #[test]
    fn a_stopped_run_sends_nothing_more_and_says_not_sent() {
        let temp = tempfile::tempdir().expect("temp dir");
        let (store, record) = store_and_record(temp.path());
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let stop = StopFlag::default();
        stop.stop();
        run(&store, record, None, &stop, &tx, Lang::En);
        let states: Vec<_> = answers(&mut rx)
            .into_iter()
            .filter_map(|a| match a {
                Action::BulkRow { state, .. } => Some(state),
                _ => None,
            })
            .collect();
        assert_eq!(states, vec![RowState::NotSent, RowState::NotSent]);
        assert_eq!(store.get("order_a").expect("reads").captured(), 0);
    }
}
