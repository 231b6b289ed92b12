//! A row's derived key depends on the file alone: not on whether an earlier row's order could
//! be read this time.

use super::*;
use crate::backend::local::{LocalStore, OpenMode};
use crate::backend::{ListQuery, OperationRequest, OrderOperator, OrderReader, Outcome, Page, SourceKind};
use std::sync::atomic::{AtomicU32, Ordering};

/// The order file, whose next `failures` reads fail as an unreachable source would.
struct Flaky {
    store: LocalStore,
    failures: AtomicU32,
}

impl OrderReader for Flaky {
    fn describe(&self) -> String {
        self.store.describe()
    }

    fn kind(&self) -> SourceKind {
        self.store.kind()
    }

    fn list(&self, query: &ListQuery) -> Result<Page, BackendError> {
        self.store.list(query)
    }

    fn get(&self, id: &str) -> Result<Order, BackendError> {
        let failing = self.failures.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1)).is_ok();
        if failing {
            return Err(BackendError::Storage("the source did not answer".into()));
        }
        self.store.get(id)
    }
}

impl OrderOperator for Flaky {
    fn execute(&self, order_id: &str, request: &OperationRequest) -> Result<Outcome, BackendError> {
        self.store.execute(order_id, request)
    }

    fn recorded_operation(&self, key: &str) -> Result<Option<(String, Operation)>, BackendError> {
        self.store.recorded_operation(key)
    }
}

fn row(line: u64, order: &str) -> FileRow {
    FileRow { line, order: order.into(), operation: "capture".into(), amount: "1000".into(), ..FileRow::default() }
}

#[test]
fn a_row_whose_order_could_not_be_read_leaves_the_next_identical_row_its_own_key() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = LocalStore::open(&dir.path().join("orders.redb"), OpenMode::CreateIfMissing).expect("store");
    let now = crate::domain::time::now_millis();
    let id = "order_test_Twice1";
    store.insert_orders(&[Order::awaiting_capture(id, 5_000, now - 60_000)]).expect("insert");
    let rows = [row(2, id), row(3, id), row(4, id)];
    let backend = Flaky { store, failures: AtomicU32::new(0) };

    let keys = |evaluator: &mut Evaluator| -> Vec<(Option<String>, bool)> {
        rows.iter()
            .map(|r| {
                let evaluated = evaluator.evaluate(r, now);
                (evaluated.key, matches!(evaluated.fate, RowFate::Unreadable(_)))
            })
            .collect()
    };
    let clean = keys(&mut Evaluator::new(&backend, "batch.csv", None));
    assert!(clean.iter().all(|(key, unreadable)| key.is_some() && !unreadable), "{clean:?}");

    backend.failures.store(1, Ordering::SeqCst);
    let flaky = keys(&mut Evaluator::new(&backend, "batch.csv", None));
    assert!(flaky[0].1, "the first row's order could not be read: {flaky:?}");
    assert_eq!(flaky[1], clean[1], "the second row keeps its own key, not the first row's");
    assert_eq!(flaky[2], clean[2], "and so does the third");
}

#[test]
fn a_refused_row_says_the_amount_its_cell_names() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = LocalStore::open(&dir.path().join("orders.redb"), OpenMode::CreateIfMissing).expect("store");
    let mut evaluator = Evaluator::new(&store, "batch.csv", None);
    let now = crate::domain::time::now_millis();
    let unknown = evaluator.evaluate(&row(2, "order_test_Nobody"), now);
    assert!(matches!(unknown.fate, RowFate::Refused(_)), "{unknown:?}");
    assert_eq!(unknown.requested, 1_000, "an unknown order's row still asked for ¥1,000");
    let with_reason = FileRow { reason: "fraudulent".into(), ..row(3, "order_test_Nobody") };
    assert_eq!(evaluator.evaluate(&with_reason, now).requested, 1_000, "a capture with a reason asked for ¥1,000");
}
