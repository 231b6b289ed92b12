//! Bulk Payment Actions in the pure update layer: the amount rules come from the domain (a
//! fixed amount over an order's capturable amount leaves it out, a percentage is floored), the
//! total is what the action moves, the confirmation starts on Cancel, `*` asks with the count
//! and stops at the cap, the header's queue counts are asked again on refresh, and a run left
//! behind is shown at start and resumed only behind its own confirmation, under its own keys.

use super::*;
use crate::backend::OrderRow;
use crate::bulk_effects::BulkJob;
use crate::bulk_run::{BulkStage, RowState};
use crate::config::Lang;
use crate::domain::bulk_plan::{BulkOperation, Requested};
use crate::domain::{Operation, Order};
use crate::run_record::{RunDir, RunRecord};
use crate::state::Window;

const NOW: crate::domain::Millis = 1_700_000_000_000;

fn keygen() -> String {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    format!("key-{}", NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst))
}

fn orders() -> Vec<Order> {
    [("order_a", 1_000), ("order_b", 5_000), ("order_c", 999)]
        .map(|(id, amount)| Order::awaiting_capture(id, amount, NOW - 60_000))
        .to_vec()
}

/// The queue tests' list, with these orders, distinct keys and the clock at `NOW`.
fn list_state() -> State {
    let mut state = super::queue_tests::list_state(0);
    state.session.keygen = keygen;
    state.now = NOW;
    state.size = (100, 30);
    let rows: Vec<OrderRow> = orders().iter().map(OrderRow::of).collect();
    state.list.matching = rows.len();
    state.list.total = rows.len();
    state.list.window = Window { start: 0, rows };
    state
}

fn key(state: &mut State, code: KeyCode) -> Vec<Effect> {
    update(state, Action::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn typed(state: &mut State, text: &str) {
    for c in text.chars() {
        key(state, KeyCode::Char(c));
    }
}

/// Marks every listed order and opens bulk Payment Actions on their fresh reads.
fn opened() -> State {
    let mut state = list_state();
    for _ in 0..3 {
        key(&mut state, KeyCode::Char(' '));
    }
    let effects = key(&mut state, KeyCode::Char('a'));
    let Some(Effect::Bulk(BulkJob::Read { ids })) = effects.first() else { panic!("reads first: {effects:?}") };
    assert_eq!(ids.len(), 3);
    let read = orders().into_iter().map(|o| Ok(Box::new(o))).collect();
    update(&mut state, Action::BulkOrdersRead(read));
    state
}

fn plans(state: &State) -> Vec<Result<i64, String>> {
    state.bulk.as_ref().map(|run| run.rows.iter().map(|r| r.plan.clone()).collect()).unwrap_or_default()
}

#[test]
fn a_fixed_capture_over_what_an_order_allows_leaves_it_out_and_a_percentage_is_floored() {
    let mut state = opened();
    assert_eq!(
        state.bulk.as_ref().map(|r| r.total(Lang::En)),
        Some("¥6,999".to_string()),
        "the full capturable amounts"
    );
    key(&mut state, KeyCode::Right);
    typed(&mut state, "2,000");
    let plans_now = plans(&state);
    assert!(plans_now[0].as_ref().is_err_and(|why| why.contains("more than")), "never capped: {plans_now:?}");
    assert_eq!(plans_now[1], Ok(2_000));
    assert_eq!(state.bulk.as_ref().map(|r| (r.allowed(), r.total(Lang::En))), Some(((1, 2), "¥2,000".to_string())));
    key(&mut state, KeyCode::Right);
    typed(&mut state, "33");
    assert_eq!(plans(&state), vec![Ok(330), Ok(1_650), Ok(329)], "33 % floored to the yen");
    typed(&mut state, "9");
    assert!(state.bulk.as_ref().is_some_and(|r| r.input_error.is_some()), "339 % is not a percentage");
}

#[test]
fn the_total_follows_the_action_and_orders_it_is_not_allowed_on_are_named() {
    let mut state = opened();
    for _ in 0..4 {
        key(&mut state, KeyCode::Right);
    }
    let run = state.bulk.as_ref().expect("open");
    assert_eq!(run.action, crate::bulk_action::BulkAction::RefundFull);
    assert_eq!(run.total(Lang::En), "¥0", "nothing is captured, so nothing is refundable");
    assert!(run.rows.iter().all(|r| r.plan.as_ref().is_err_and(|why| !why.is_empty())), "each with the reason");
    let effects = key(&mut state, KeyCode::Char('y'));
    assert!(effects.iter().all(|e| !matches!(e, Effect::Bulk(BulkJob::Run { .. }))), "nothing to send");
}

#[test]
fn the_confirmation_starts_on_cancel_and_the_run_leaves_out_what_the_rules_refuse() {
    let mut state = opened();
    assert_eq!(state.bulk.as_ref().map(|r| r.stage), Some(BulkStage::Confirm { on_confirm: false }));
    assert!(key(&mut state, KeyCode::Enter).is_empty(), "Enter on Cancel sends nothing");
    assert!(state.bulk.is_none());
    key(&mut state, KeyCode::Char('a'));
    let read = orders().into_iter().map(|o| Ok(Box::new(o))).collect();
    update(&mut state, Action::BulkOrdersRead(read));
    key(&mut state, KeyCode::Right);
    typed(&mut state, "1000");
    key(&mut state, KeyCode::Tab);
    let effects = key(&mut state, KeyCode::Enter);
    let Some(Effect::Bulk(BulkJob::Run { record, .. })) = effects.first() else { panic!("runs: {effects:?}") };
    assert_eq!(record.request.requested, Requested::Exactly(1_000));
    assert_eq!(record.request.operation, BulkOperation::Capture);
    let states: Vec<_> = record.rows.iter().map(|r| &r.state).collect();
    assert_eq!(states[0], &RowState::Pending);
    assert!(matches!(states[2], RowState::LeftOut(why) if why.contains("more than")), "¥999 cannot take ¥1,000");
    let keys: std::collections::HashSet<_> = record.rows.iter().map(|r| &r.key).collect();
    assert_eq!(keys.len(), 3, "each order has its own key");
    assert!(record.run.starts_with("tui-"));
}

#[test]
fn star_asks_with_the_count_then_marks_and_refuses_above_the_cap() {
    let mut state = list_state();
    assert!(key(&mut state, KeyCode::Char('*')).iter().all(|e| !matches!(e, Effect::Bulk(_))), "a question first");
    assert!(state.toast.as_ref().is_some_and(|t| t.text.contains("Mark all 3 orders")));
    let effects = key(&mut state, KeyCode::Char('*'));
    let Some(Effect::Bulk(BulkJob::MarkAll { query })) = effects.first() else { panic!("reads: {effects:?}") };
    let rows = state.list.window.rows.clone();
    update(&mut state, Action::MarkAllRead { query: query.clone(), result: Ok(rows) });
    assert_eq!(state.list.marks.len(), 3);
    state.list.marks.clear();
    state.bulk_settings.confirm_above_orders = 2;
    let effects = key(&mut state, KeyCode::Char('*'));
    assert!(effects.iter().all(|e| !matches!(e, Effect::Bulk(_))));
    assert!(state.toast.as_ref().is_some_and(|t| t.text.contains("bulk FILE") && t.error));
    key(&mut state, KeyCode::Char('*'));
    assert!(state.list.marks.is_empty(), "nothing marked above the cap");
}

#[test]
fn the_header_counts_the_queue_at_start_and_again_on_each_refresh() {
    let mut state = list_state();
    let asks = |effects: &[Effect]| effects.iter().any(|e| matches!(e, Effect::FetchRows { count_queue: true, .. }));
    assert!(asks(&update(&mut state, Action::Start(100, 30))));
    update(&mut state, Action::QueueCounted(Ok((3, 1))));
    assert_eq!(state.list.queue, Some((3, 1)));
    assert!(asks(&key(&mut state, KeyCode::Char('r'))), "r counts again: an expired order leaves the count");
    update(&mut state, Action::QueueCounted(Err("unreadable".into())));
    assert_eq!(state.list.queue, None, "never a stale count");
}

fn left_behind(dir: &RunDir) -> RunRecord {
    let mut state = opened();
    key(&mut state, KeyCode::Tab);
    let effects = key(&mut state, KeyCode::Enter);
    let Some(Effect::Bulk(BulkJob::Run { record, .. })) = effects.into_iter().next() else { panic!("runs") };
    let mut record = *record;
    record.source = "orders.redb".into();
    record.rows[0].state = RowState::Done(1_000);
    record.rows[1].state = RowState::Sending;
    record.rows[1].sent = Some(Operation::Capture { amount: 5_000 });
    dir.save(&record).expect("saves");
    record
}

#[test]
fn a_run_left_behind_is_shown_at_start_and_nothing_is_sent_without_confirmation() {
    let temp = tempfile::tempdir().expect("temp dir");
    let dir = RunDir(temp.path().to_path_buf());
    let record = left_behind(&dir);
    // A damaged file, a directory named like a record, and a forged record whose recorded
    // operation is not the run's sit beside it: each named, left alone.
    std::fs::write(temp.path().join("tui-damaged.json"), b"{\"kind\":").expect("writes");
    std::fs::create_dir(temp.path().join("tui-dir.json")).expect("creates");
    let mut forged = record.clone();
    forged.run = "tui-forged".into();
    forged.rows[1].sent = Some(Operation::Refund { amount: 5_000, reason: crate::domain::RefundReason::Fraudulent });
    dir.save(&forged).expect("saves");
    let mut state = list_state();
    state.bulk_settings.runs_dir = Some(temp.path().to_path_buf());
    let effects = update(&mut state, Action::Start(100, 30));
    assert!(effects.contains(&Effect::Bulk(BulkJob::FindRuns { dir: dir.clone() })));
    let (found, problems) = dir.unfinished(Lang::En);
    assert_eq!(found.as_ref(), Some(&record));
    assert_eq!(problems.len(), 3, "{problems:?}");
    let effects =
        update(&mut state, Action::RunsFound { record: found.map(Box::new), problems, source: "orders.redb".into() });
    assert!(effects.iter().all(|e| !matches!(e, Effect::Bulk(BulkJob::Run { .. }))));
    assert!(state.toast.as_ref().is_some_and(|t| t.error && t.text.contains("nothing was sent")));
    let run = state.bulk.as_ref().expect("shown at start");
    assert_eq!(run.stage, BulkStage::Recovered { asking: None });
    assert_eq!(run.to_resume(), (1, 1), "one never sent, one sent without an answer");
    // `r` asks, focus on Cancel: Enter cancels; only Confirm resumes.
    assert!(key(&mut state, KeyCode::Char('r')).is_empty());
    assert!(key(&mut state, KeyCode::Enter).is_empty());
    assert_eq!(state.bulk.as_ref().map(|r| r.stage), Some(BulkStage::Recovered { asking: None }));
    key(&mut state, KeyCode::Char('r'));
    key(&mut state, KeyCode::Tab);
    let effects = key(&mut state, KeyCode::Enter);
    let Some(Effect::Bulk(BulkJob::Run { record: resumed, .. })) = effects.first() else { panic!("{effects:?}") };
    let keys = |r: &RunRecord| r.rows.iter().map(|row| row.key.clone()).collect::<Vec<_>>();
    assert_eq!(keys(resumed), keys(&record), "the same keys, never new ones");
    assert_eq!(resumed.rows[1].sent, Some(Operation::Capture { amount: 5_000 }), "replayed exactly");
}

#[test]
fn a_run_recorded_on_another_source_is_shown_and_never_resumed_here() {
    let temp = tempfile::tempdir().expect("temp dir");
    let dir = RunDir(temp.path().to_path_buf());
    left_behind(&dir);
    let mut state = list_state();
    let (found, problems) = dir.unfinished(Lang::En);
    update(&mut state, Action::RunsFound { record: found.map(Box::new), problems, source: "other.redb".into() });
    assert!(state.bulk.as_ref().is_some_and(|r| r.foreign.is_some()));
    key(&mut state, KeyCode::Char('r'));
    key(&mut state, KeyCode::Tab);
    assert!(key(&mut state, KeyCode::Enter).iter().all(|e| !matches!(e, Effect::Bulk(BulkJob::Run { .. }))));
}

fn screen(state: &State) -> String {
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).expect("terminal");
    terminal.draw(|frame| crate::views::draw(frame, state)).expect("draws");
    crate::testing::buffer_text(terminal.backend().buffer())
}

#[test]
fn the_confirmation_restates_the_count_the_total_and_each_order_left_out_with_the_reason() {
    let mut state = opened();
    state.size = (80, 24);
    key(&mut state, KeyCode::Right);
    typed(&mut state, "1000");
    let text = screen(&state);
    assert!(text.contains("2 to send · total ¥2,000"), "{text}");
    assert!(text.contains("left out: ¥1,000 is more than the ¥999 that can still be captured"), "{text}");
    assert!(text.contains("order_a") && text.contains("¥1,000"), "{text}");
    assert!(text.contains("[ Cancel ]"), "{text}");
    state.session.lang = crate::config::Lang::Ja;
    assert!(screen(&state).contains("合計 ¥2,000"));
}
