//! `update`: the only place the state changes. Pure: it returns the I/O it wants as effects.

use super::action::Action;
use super::effect::Effect;
use super::form;
use super::i18n::{Msg, t};
use super::keymap::{self, Command, Context};
use super::state::{ActionKind, ActionsModal, DetailsView, Field, PendingKey, Screen, Stage, State, Toast, WINDOW};
use super::views::layout;
use crate::backend::{OperationRequest, SourceKind};
use crate::domain::money::MAX_AMOUNT_CHARS;
use crate::domain::rules;
use crate::domain::{Operation, OrderStatus, RefundReason};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use std::time::Duration;
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

const FILTER_DEBOUNCE: Duration = Duration::from_millis(120);
const TOAST_FOR: Duration = Duration::from_secs(5);

/// Applies one action to the state and says which effects to run.
pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    match action {
        Action::Start(w, h) => {
            state.size = (w, h);
            state.dirty = true;
            fetch_window(state, Duration::ZERO)
        }
        Action::Key(key) => {
            if !keymap::is_press(&key) {
                return vec![];
            }
            on_key(state, key)
        }
        Action::Paste(text) => on_paste(state, &text),
        Action::Resize(w, h) => {
            state.size = (w, h);
            if !layout::hides_controls(state.size) {
                state.ignored_keys = 0;
            }
            state.dirty = true;
            follow_selection(state);
            ensure_window(state)
        }
        Action::Tick(now) => {
            // Countdowns show minutes: redraw only when the minute turns.
            if now / 60_000 != state.now / 60_000 {
                state.dirty = true;
            }
            state.now = now;
            if state.session.source == SourceKind::Online { vec![Effect::PollSync] } else { vec![] }
        }
        Action::Synced(status) => on_synced(state, status),
        Action::RowsLoaded { request, offset, result } => on_rows(state, request, offset, result),
        Action::OrderLoaded { request, result } => {
            if let Some(d) = state.details.as_mut().filter(|d| d.request == request) {
                match result {
                    Ok(order) => {
                        d.order = Some(*order);
                        d.error = None;
                    }
                    Err(e) => d.error = Some(e),
                }
                state.dirty = true;
            }
            vec![]
        }
        Action::Executed { order_id, result } => {
            super::quit::request_answered(state);
            super::executed::on_executed(state, order_id, result)
        }
        Action::ToastExpired(id) => {
            if state.toast.as_ref().is_some_and(|t| t.id == id) {
                state.toast = None;
                state.dirty = true;
            }
            vec![]
        }
        Action::Quit => {
            state.quit = true;
            vec![]
        }
    }
}

/// Where the keyboard is.
pub fn context(state: &State) -> Context {
    // Nothing acts unseen: while the screen cannot show the control that has the keyboard (the
    // "too small" screen), the keyboard is nowhere and only Ctrl-c works. Checked before every
    // screen and modal, so a new one is guarded too.
    if layout::hides_controls(state.size) {
        return Context::Hidden;
    }
    if state.help.is_some() {
        return Context::Help;
    }
    if let Some(modal) = &state.modal {
        return match modal.stage {
            Stage::Form => Context::Modal,
            _ => Context::Confirm,
        };
    }
    match state.screen {
        Screen::List if state.list.filtering => Context::Filter,
        Screen::List => Context::List,
        Screen::Details => Context::Details,
    }
}

fn on_key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    if state.quit_question {
        return super::quit::answer(state, key);
    }
    let ctx = context(state);
    let read_only = state.session.read_only;
    // While a text field has the keyboard, only the keys that leave it are commands.
    let in_amount = ctx == Context::Modal && state.modal.as_ref().is_some_and(|m| m.focus == Field::Amount);
    let leaves_field = matches!(key.code, KeyCode::Tab | KeyCode::BackTab | KeyCode::Enter | KeyCode::Esc)
        || (key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL));
    if in_amount && !leaves_field {
        return type_amount(state, key);
    }
    let Some(command) = keymap::command(ctx, &key, read_only) else {
        if ctx == Context::Hidden {
            return ignore_hidden(state);
        }
        if ctx == Context::Filter {
            return type_filter(state, key);
        }
        return vec![];
    };
    if command == Command::ForceQuit {
        return super::quit::request(state);
    }
    if command == Command::Help {
        state.help = Some(0);
        state.dirty = true;
        return vec![];
    }
    state.dirty = true;
    match ctx {
        Context::Help => on_help(state, command),
        Context::List | Context::Filter => on_list(state, command),
        Context::Details => on_details(state, command),
        Context::Modal => on_modal(state, command),
        Context::Confirm => on_confirm(state, command),
        Context::Global | Context::Hidden => vec![],
    }
}

/// A paste goes into the text field that has the keyboard, and nowhere else: pasted text is
/// never read as commands. It is inserted in one step (linear, whatever its size) and never
/// past the field's limit.
fn on_paste(state: &mut State, text: &str) -> Vec<Effect> {
    let ctx = context(state);
    if ctx == Context::Hidden {
        return ignore_hidden(state);
    }
    if ctx == Context::Filter {
        let pasted = form::paste_filter(&state.list.search, text);
        if pasted.value() == state.list.search.value() {
            return vec![];
        }
        state.list.search = pasted;
        state.dirty = true;
        return restart_list(state, FILTER_DEBOUNCE);
    }
    let Some(modal) = state.modal.as_mut().filter(|m| ctx == Context::Modal && m.focus == Field::Amount) else {
        return vec![];
    };
    // The prefilled maximum is "selected": a paste replaces it, as typing does.
    let base = if modal.pristine { Input::default() } else { modal.amount.clone() };
    match form::paste_amount(&base, text) {
        Ok(amount) => {
            modal.amount = amount;
            modal.pristine = false;
            modal.error = None;
        }
        Err(sentence) => modal.error = Some(sentence),
    }
    state.dirty = true;
    vec![]
}

fn on_help(state: &mut State, command: Command) -> Vec<Effect> {
    match command {
        Command::Back => state.help = None,
        Command::Up => state.help = state.help.map(|s| s.saturating_sub(1)),
        Command::Down => state.help = state.help.map(|s| s + 1),
        _ => {}
    }
    vec![]
}

fn on_list(state: &mut State, command: Command) -> Vec<Effect> {
    let page = layout::list_rows(state.size).max(1);
    let last = state.list.matching.saturating_sub(1);
    let list = &mut state.list;
    match command {
        Command::Quit => return super::quit::request(state),
        Command::Up => list.selected = list.selected.saturating_sub(1),
        Command::Down => list.selected = (list.selected + 1).min(last),
        Command::PageUp => list.selected = list.selected.saturating_sub(page),
        Command::PageDown => list.selected = (list.selected + page).min(last),
        Command::Top => list.selected = 0,
        Command::Bottom => list.selected = last,
        Command::Open => return open_selected(state),
        Command::Filter => list.filtering = true,
        Command::FilterDone => list.filtering = false,
        Command::Back => {
            list.filtering = false;
            if list.search.value().is_empty() {
                return vec![];
            }
            list.search = Input::default();
            return restart_list(state, Duration::ZERO);
        }
        Command::StatusFilter => {
            list.status = next_status(list.status.as_ref());
            return restart_list(state, Duration::ZERO);
        }
        Command::SortColumn => {
            list.sort = list.sort.next();
            return restart_list(state, Duration::ZERO);
        }
        Command::SortDirection => {
            list.descending = !list.descending;
            return restart_list(state, Duration::ZERO);
        }
        Command::Refresh => return refresh_list(state),
        _ => return vec![],
    }
    follow_selection(state);
    ensure_window(state)
}

/// `f` cycles: all → each known status → all.
fn next_status(current: Option<&OrderStatus>) -> Option<OrderStatus> {
    let known = &OrderStatus::KNOWN;
    match current {
        None => Some(known[0].clone()),
        Some(s) => known.iter().position(|k| k == s).and_then(|i| known.get(i + 1)).cloned(),
    }
}

fn type_filter(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    if is_printable(&key) && !form::has_room(&state.list.search, form::FILTER_MAX_CHARS) {
        return vec![];
    }
    let before = state.list.search.value().to_string();
    state.list.search.handle_event(&Event::Key(key));
    if state.list.search.value() == before {
        state.dirty = true; // the cursor may have moved
        return vec![];
    }
    state.dirty = true;
    restart_list(state, FILTER_DEBOUNCE)
}

/// A new query: back to the first row, fetch from the start.
fn restart_list(state: &mut State, delay: Duration) -> Vec<Effect> {
    state.list.selected = 0;
    state.list.top = 0;
    state.list.anchor = None;
    state.list.window = Default::default();
    fetch_window(state, delay)
}

/// `r`: the same window again, keeping the selected order selected wherever it has moved.
/// A new sync status: shown in the status bar; when a sync pass completes, the list is read
/// again (keeping the selection) so it shows what was just synced.
fn on_synced(state: &mut State, status: Option<crate::backend::sync::SyncStatus>) -> Vec<Effect> {
    if status == state.sync {
        return vec![];
    }
    let finished = status.as_ref().and_then(|s| s.last_synced_at) != state.sync.as_ref().and_then(|s| s.last_synced_at);
    state.sync = status;
    state.dirty = true;
    if finished { refresh_list(state) } else { vec![] }
}

fn refresh_list(state: &mut State) -> Vec<Effect> {
    state.list.anchor = state.list.selected_row().map(|r| r.id.clone());
    fetch_window(state, Duration::ZERO)
}

/// Keeps the selected row on screen.
fn follow_selection(state: &mut State) {
    let rows = layout::list_rows(state.size).max(1);
    let list = &mut state.list;
    if list.selected < list.top {
        list.top = list.selected;
    } else if list.selected >= list.top + rows {
        list.top = list.selected + 1 - rows;
    }
    let max_top = list.matching.saturating_sub(rows);
    list.top = list.top.min(max_top);
}

/// Fetches a new window when the visible rows (plus a screen of margin) are not all in memory
/// and no request in flight will bring them.
fn ensure_window(state: &mut State) -> Vec<Effect> {
    let rows = layout::list_rows(state.size).max(1);
    let list = &state.list;
    let from = list.top.saturating_sub(rows);
    let to = (list.top + 2 * rows).min(list.matching);
    if list.window.covers(from, to) || !list.loaded {
        return vec![];
    }
    if let Some(pending) = list.pending
        && pending <= list.top
        && list.top + rows <= pending + WINDOW
    {
        return vec![];
    }
    fetch_window(state, Duration::ZERO)
}

/// Asks for the window centred on the visible rows (a refresh asks for the same window again).
fn fetch_window(state: &mut State, delay: Duration) -> Vec<Effect> {
    let rows = layout::list_rows(state.size).max(1);
    let offset = if state.list.anchor.is_some() {
        state.list.window.start
    } else {
        state.list.top.saturating_sub(WINDOW.saturating_sub(rows) / 2)
    };
    let request = state.next_id();
    state.list.request = request;
    state.list.pending = Some(offset);
    // After a new query (filter, sort) the old count says nothing about the new one.
    let matching =
        if state.list.window.rows.is_empty() && state.list.anchor.is_none() { 0 } else { state.list.matching };
    vec![Effect::FetchRows { request, query: state.list.query(offset, WINDOW), delay, matching }]
}

fn on_rows(
    state: &mut State,
    request: u64,
    offset: usize,
    result: Result<crate::backend::Page, String>,
) -> Vec<Effect> {
    if request != state.list.request {
        return vec![];
    }
    state.dirty = true;
    let list = &mut state.list;
    list.pending = None;
    list.loaded = true;
    let mut damaged = Vec::new();
    match result {
        Ok(page) => {
            damaged = page.damaged;
            list.error = None;
            list.matching = page.matching;
            list.total = page.total;
            list.window.start = offset;
            list.window.rows = page.rows;
            if let Some(anchor) = list.anchor.take()
                && let Some(i) = list.window.rows.iter().position(|r| r.id == anchor)
            {
                list.selected = offset + i;
            }
            list.selected = list.selected.min(list.matching.saturating_sub(1));
        }
        Err(e) => list.error = Some(e),
    }
    follow_selection(state);
    let mut effects = ensure_window(state);
    if !damaged.is_empty() {
        // Damaged records are never shown as data; the operator is told they were left out.
        effects.extend(toast(state, format!("Left out of the list: {}.", damaged.join("; ")), true));
    }
    effects
}

fn open_selected(state: &mut State) -> Vec<Effect> {
    let Some(id) = state.list.selected_row().map(|r| r.id.clone()) else { return vec![] };
    state.list.filtering = false;
    state.screen = Screen::Details;
    let request = state.next_id();
    state.details = Some(DetailsView { id: id.clone(), order: None, error: None, scroll: 0, request });
    vec![Effect::LoadOrder { request, id }]
}

pub(super) fn reload_order(state: &mut State) -> Vec<Effect> {
    let request = state.next_id();
    let Some(d) = state.details.as_mut() else { return vec![] };
    d.request = request;
    vec![Effect::LoadOrder { request, id: d.id.clone() }]
}

fn on_details(state: &mut State, command: Command) -> Vec<Effect> {
    match command {
        Command::Quit => return super::quit::request(state),
        Command::Back => {
            state.screen = Screen::List;
            state.details = None;
            // Amounts may have changed: read the window again, keeping the selection.
            return refresh_list(state);
        }
        Command::Up => {
            if let Some(d) = state.details.as_mut() {
                d.scroll = d.scroll.saturating_sub(1);
            }
        }
        Command::Down => {
            if let Some(d) = state.details.as_mut() {
                let len = d.order.as_ref().map_or(0, |o| o.history.len());
                d.scroll = (d.scroll + 1).min(len.saturating_sub(1));
            }
        }
        Command::Refresh => return reload_order(state),
        Command::Copy => {
            let Some(id) = state.details.as_ref().map(|d| d.id.clone()) else { return vec![] };
            let text = format!("{}: {id}", t(state.session.lang, Msg::Copied));
            let mut effects = toast(state, text, false);
            effects.push(Effect::Copy(id));
            return effects;
        }
        Command::Actions => open_modal(state),
        _ => {}
    }
    vec![]
}

fn open_modal(state: &mut State) {
    if state.session.read_only {
        return;
    }
    let Some(order) = state.order() else { return };
    let availability = rules::availability(order, state.now);
    let kind =
        ActionKind::ALL.into_iter().find(|k| form::limit(*k, &availability).is_ok()).unwrap_or(ActionKind::Capture);
    let amount = Input::new(form::prefill(kind, order, state.now));
    state.modal = Some(ActionsModal {
        order_id: order.id.clone(),
        kind,
        focus: Field::Action,
        amount,
        pristine: true,
        reason: RefundReason::RequestedByCustomer,
        stage: Stage::Form,
        error: None,
    });
}

fn type_amount(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    let Some(modal) = state.modal.as_mut() else { return vec![] };
    let printable = is_printable(&key);
    if modal.pristine && printable {
        // The prefilled maximum is "selected": typing replaces it.
        modal.amount = Input::default();
    }
    if printable && !form::has_room(&modal.amount, MAX_AMOUNT_CHARS) {
        return vec![];
    }
    modal.pristine = false;
    modal.amount.handle_event(&Event::Key(key));
    modal.error = None;
    state.dirty = true;
    vec![]
}

/// A key or paste while the screen hides the controls: it does nothing, and the screen says
/// how many were ignored.
fn ignore_hidden(state: &mut State) -> Vec<Effect> {
    state.ignored_keys += 1;
    state.dirty = true;
    vec![]
}

/// A key that types a character (not a command chord).
fn is_printable(key: &KeyEvent) -> bool {
    matches!(key.code, KeyCode::Char(_)) && !key.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
}

fn fields(kind: ActionKind) -> &'static [Field] {
    match kind {
        ActionKind::Capture => &[Field::Action, Field::Amount],
        ActionKind::Refund => &[Field::Action, Field::Amount, Field::Reason],
        ActionKind::Void => &[Field::Action],
    }
}

fn on_modal(state: &mut State, command: Command) -> Vec<Effect> {
    let now = state.now;
    let Some(order) = state.details.as_ref().and_then(|d| d.order.as_ref()) else { return vec![] };
    let Some(modal) = state.modal.as_mut() else { return vec![] };
    match command {
        Command::Back => state.modal = None,
        Command::NextField | Command::PrevField => {
            let list = fields(modal.kind);
            let at = list.iter().position(|f| *f == modal.focus).unwrap_or(0);
            let step = if command == Command::NextField { 1 } else { list.len() - 1 };
            modal.focus = list[(at + step) % list.len()];
        }
        Command::Left | Command::Right => match modal.focus {
            Field::Action => {
                let at = ActionKind::ALL.iter().position(|k| *k == modal.kind).unwrap_or(0);
                let step = if command == Command::Right { 1 } else { ActionKind::ALL.len() - 1 };
                modal.kind = ActionKind::ALL[(at + step) % ActionKind::ALL.len()];
                modal.amount = Input::new(form::prefill(modal.kind, order, now));
                modal.pristine = true;
                modal.error = None;
            }
            Field::Reason => {
                modal.reason = match modal.reason {
                    RefundReason::RequestedByCustomer => RefundReason::Fraudulent,
                    RefundReason::Fraudulent | RefundReason::Other => RefundReason::RequestedByCustomer,
                }
            }
            Field::Amount => {}
        },
        // An invalid form stays put: its sentence is already on screen, checked as typed.
        Command::Review => {
            if let Ok((operation, _)) = form::check(modal, order, now) {
                modal.stage = Stage::Confirm { operation, on_confirm: false };
            }
        }
        _ => {}
    }
    vec![]
}

fn on_confirm(state: &mut State, command: Command) -> Vec<Effect> {
    let Some(modal) = state.modal.as_mut() else { return vec![] };
    let Stage::Confirm { operation, on_confirm } = &mut modal.stage else { return vec![] };
    match command {
        Command::Right | Command::Left => *on_confirm = !*on_confirm,
        Command::Back => modal.stage = Stage::Form,
        Command::Press if !*on_confirm => modal.stage = Stage::Form,
        Command::Press | Command::ConfirmYes => {
            let operation = operation.clone();
            return send(state, operation);
        }
        _ => {}
    }
    vec![]
}

/// Sends a confirmed operation under its one idempotency key: the stored key when this very
/// operation was confirmed before and has not succeeded yet, else a new one (stored first).
fn send(state: &mut State, operation: Operation) -> Vec<Effect> {
    // The keymap has no money-moving key in read-only mode; this is the dispatcher's own check.
    if state.session.read_only {
        state.modal = None;
        return vec![];
    }
    let Some(modal) = state.modal.as_mut() else { return vec![] };
    let order_id = modal.order_id.clone();
    modal.stage = Stage::InFlight { operation: operation.clone() };
    let key = match &state.pending_key {
        Some(p) if p.order_id == order_id && p.operation == operation => p.key.clone(),
        _ => (state.session.keygen)(),
    };
    state.pending_key = Some(PendingKey { order_id: order_id.clone(), operation: operation.clone(), key: key.clone() });
    let request = OperationRequest { operation, operator: Some(state.session.operator.clone()), idempotency_key: key };
    vec![Effect::Execute { order_id, request }]
}

pub(super) fn toast(state: &mut State, text: String, error: bool) -> Vec<Effect> {
    let id = state.next_id();
    state.toast = Some(Toast { id, text, error });
    state.dirty = true;
    vec![Effect::ExpireToast { id, after: TOAST_FOR }]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::{Outcome, PartOutcome};
    use crate::domain::order::CAPTURE_WINDOW_MS;
    use crate::domain::{CaptureMethod, Customer, Order};
    use crate::tui::action::Failure;
    use crate::tui::state::Session;
    use crate::tui::theme::Theme;

    fn keygen() -> String {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        format!("key-{}", NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst))
    }

    fn order() -> Order {
        Order {
            id: "order_test_1".into(),
            amount: 5000,
            currency: "JPY".into(),
            status: OrderStatus::RequiresCapture,
            capture_method: CaptureMethod::Manual,
            reference: "r".into(),
            created_at: 0,
            expires_at: Some(CAPTURE_WINDOW_MS),
            customer: Customer::default(),
            line_items: vec![],
            payments: vec![],
            history: vec![],
            refunds_unknown: false,
            shipment: Default::default(),
        }
    }

    fn state() -> State {
        let session = Session {
            lang: crate::config::Lang::En,
            theme: Theme::default(),
            read_only: false,
            operator: "op".into(),
            source: SourceKind::Offline,
            keygen,
        };
        let mut state = State::new(session, 1000, (80, 24));
        state.screen = Screen::Details;
        state.details =
            Some(DetailsView { id: "order_test_1".into(), order: Some(order()), error: None, scroll: 0, request: 1 });
        state
    }

    fn press(state: &mut State, code: KeyCode) -> Vec<Effect> {
        update(state, Action::Key(KeyEvent::new(code, KeyModifiers::NONE)))
    }

    fn sent_key(effects: &[Effect]) -> String {
        match effects {
            [Effect::Execute { request, .. }] => request.idempotency_key.clone(),
            other => panic!("expected one Execute, got {other:?}"),
        }
    }

    /// `a`, Tab, the amount, Enter, `y`: returns the effects of the confirmation.
    fn capture(state: &mut State, amount: &str) -> Vec<Effect> {
        press(state, KeyCode::Char('a'));
        press(state, KeyCode::Tab);
        for c in amount.chars() {
            press(state, KeyCode::Char(c));
        }
        assert!(press(state, KeyCode::Enter).is_empty());
        press(state, KeyCode::Char('y'))
    }

    #[test]
    fn a_retried_operation_reuses_its_key_and_a_new_one_gets_a_new_key() {
        let mut state = state();
        let first = sent_key(&capture(&mut state, "1000"));
        assert!(
            matches!(state.modal.as_ref().map(|m| &m.stage), Some(Stage::InFlight { .. })),
            "submit is disabled while in flight"
        );
        assert!(press(&mut state, KeyCode::Enter).is_empty(), "Enter while in flight sends nothing");
        let failure = Failure { message: "Cannot reach the Smartpay API: timeout".into(), refused: false };
        update(&mut state, Action::Executed { order_id: "order_test_1".into(), result: Err(failure) });
        assert!(state.modal.as_ref().is_some_and(|m| m.amount.value() == "1000"), "the modal keeps the amount");
        press(&mut state, KeyCode::Enter);
        let retry = sent_key(&press(&mut state, KeyCode::Char('y')));
        assert_eq!(first, retry, "the same confirmed operation goes out under the same key");
        state.modal = None;
        let other = sent_key(&capture(&mut state, "2000"));
        assert_ne!(first, other, "a different operation gets its own key");
    }

    #[test]
    fn a_partly_done_refund_is_toasted_as_such_with_what_moved_even_when_replayed() {
        let mut state = state();
        let refund = Operation::Refund { amount: 600, reason: RefundReason::RequestedByCustomer };
        for replayed in [false, true] {
            let mut outcome = Outcome::new("order_test_1", &refund, "key-x", 600);
            outcome.parts = vec![
                PartOutcome::done(Some("payment_test_3".into()), 100, Some("refund_test_a".into())),
                PartOutcome::refused(Some("payment_test_2".into()), 500, "refused by the API"),
            ];
            outcome.replayed = replayed;
            update(&mut state, Action::Executed { order_id: "order_test_1".into(), result: Ok(Box::new(outcome)) });
            let toast = state.toast.clone().expect("a toast");
            assert!(toast.text.starts_with("Partly done: "), "never Done: {}", toast.text);
            assert!(toast.text.contains("¥100 of ¥600"), "what moved, of what was asked: {}", toast.text);
            assert!(toast.error, "shown as a problem");
        }
    }

    #[test]
    fn a_refusal_spends_the_key_and_an_unknown_outcome_keeps_it_for_the_retry() {
        let mut state = state();
        let first = sent_key(&capture(&mut state, "1000"));
        let mut unknown = Outcome::new("order_test_1", &Operation::Capture { amount: 1000 }, &first, 1000);
        unknown.parts = vec![PartOutcome::unknown(None, 1000, "the request timed out")];
        update(&mut state, Action::Executed { order_id: "order_test_1".into(), result: Ok(Box::new(unknown)) });
        assert!(state.modal.as_ref().and_then(|m| m.error.clone()).is_some_and(|e| e.contains("never re-run blindly")));
        press(&mut state, KeyCode::Enter);
        let retry = sent_key(&press(&mut state, KeyCode::Char('y')));
        assert_eq!(retry, first, "an unknown outcome is retried under its key");
        let mut refused = Outcome::new("order_test_1", &Operation::Capture { amount: 1000 }, &first, 1000);
        refused.parts = vec![PartOutcome::refused(None, 1000, "Nothing is left to capture on this order.")];
        update(&mut state, Action::Executed { order_id: "order_test_1".into(), result: Ok(Box::new(refused)) });
        press(&mut state, KeyCode::Enter);
        let next = sent_key(&press(&mut state, KeyCode::Char('y')));
        assert_ne!(next, first, "a refused key is spent: confirming again is a new operation");
    }

    #[test]
    fn an_amount_over_the_limit_never_reaches_the_confirmation() {
        let mut state = state();
        press(&mut state, KeyCode::Char('a'));
        press(&mut state, KeyCode::Tab);
        for c in "9999".chars() {
            press(&mut state, KeyCode::Char(c));
        }
        let Some(modal) = &state.modal else { panic!("modal open") };
        let error = form::check(modal, &order(), state.now).expect_err("over the limit");
        assert_eq!(error, "¥9,999 is more than the ¥5,000 that can still be captured on this order.");
        assert!(press(&mut state, KeyCode::Enter).is_empty());
        assert!(state.modal.as_ref().is_some_and(|m| m.stage == Stage::Form));
    }

    #[test]
    fn answers_to_old_list_requests_are_dropped() {
        let mut state = state();
        state.screen = Screen::List;
        update(&mut state, Action::Start(80, 24));
        let old = state.list.request;
        press(&mut state, KeyCode::Char('f'));
        let page = crate::backend::Page { rows: vec![], matching: 99, total: 99, damaged: vec![] };
        update(&mut state, Action::RowsLoaded { request: old, offset: 0, result: Ok(page) });
        assert_eq!(state.list.matching, 0, "a superseded answer changes nothing");
    }

    #[test]
    fn the_prefilled_maximum_is_replaced_by_the_first_digit() {
        let mut state = state();
        press(&mut state, KeyCode::Char('a'));
        assert_eq!(state.modal.as_ref().map(|m| m.amount.value().to_string()).as_deref(), Some("5,000"));
        press(&mut state, KeyCode::Tab);
        press(&mut state, KeyCode::Char('7'));
        assert_eq!(state.modal.as_ref().map(|m| m.amount.value().to_string()).as_deref(), Some("7"));
    }

    #[test]
    fn a_paste_goes_into_the_focused_field_and_is_never_a_command() {
        let mut state = state();
        update(&mut state, Action::Paste("qa".into()));
        assert!(!state.quit && state.modal.is_none(), "pasted text is not keys on the details screen");
        press(&mut state, KeyCode::Char('a'));
        press(&mut state, KeyCode::Tab);
        update(&mut state, Action::Paste("3,000\n".into()));
        assert_eq!(state.modal.as_ref().map(|m| m.amount.value().to_string()).as_deref(), Some("3,000"));
    }

    #[test]
    fn online_ticks_poll_the_sync_and_a_finished_pass_reloads_the_list() {
        use crate::backend::sync::SyncStatus;
        let mut state = state();
        assert!(update(&mut state, Action::Tick(2000)).is_empty(), "offline: nothing to poll");
        state.session.source = SourceKind::Online;
        state.screen = Screen::List;
        assert_eq!(update(&mut state, Action::Tick(3000)), vec![Effect::PollSync]);
        let running = SyncStatus { running: true, orders_synced: 340, reachable: true, ..SyncStatus::default() };
        let effects = update(&mut state, Action::Synced(Some(running.clone())));
        assert!(effects.is_empty(), "progress alone does not reload");
        assert!(state.dirty, "the status bar shows the progress");
        let done = SyncStatus { running: false, last_synced_at: Some(2500), ..running };
        let effects = update(&mut state, Action::Synced(Some(done)));
        assert!(matches!(effects.as_slice(), [Effect::FetchRows { .. }]), "{effects:?}");
    }

    /// `a`, Enter, then → so that Enter would confirm: the confirmation of capturing ¥5,000.
    fn confirmation_ready(state: &mut State) {
        press(state, KeyCode::Char('a'));
        press(state, KeyCode::Enter);
        press(state, KeyCode::Right);
        assert!(matches!(state.modal.as_ref().map(|m| &m.stage), Some(Stage::Confirm { on_confirm: true, .. })));
    }

    #[test]
    fn behind_the_too_small_screen_only_ctrl_c_does_anything() {
        let mut state = state();
        confirmation_ready(&mut state);
        update(&mut state, Action::Resize(40, 10));
        for code in [KeyCode::Char('y'), KeyCode::Enter, KeyCode::Esc, KeyCode::Char('q'), KeyCode::Char('?')] {
            assert!(press(&mut state, code).is_empty(), "{code:?} does nothing while hidden");
        }
        assert!(update(&mut state, Action::Paste("1".into())).is_empty());
        assert_eq!(state.ignored_keys, 6, "the screen counts what it ignored");
        assert!(!state.quit && state.help.is_none());
        assert!(
            matches!(state.modal.as_ref().map(|m| &m.stage), Some(Stage::Confirm { on_confirm: true, .. })),
            "the confirmation is exactly as it was"
        );
        update(&mut state, Action::Resize(80, 24));
        assert_eq!(state.ignored_keys, 0);
        let effects = press(&mut state, KeyCode::Char('y'));
        assert!(matches!(effects.as_slice(), [Effect::Execute { .. }]), "visible again, the same confirmation works");
        update(&mut state, Action::Resize(40, 10));
        update(&mut state, Action::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)));
        assert!(state.quit, "Ctrl-c always quits");
    }

    #[test]
    fn at_the_minimum_size_the_focused_controls_are_on_screen() {
        use ratatui::backend::TestBackend;
        let mut state = state();
        state.size = (layout::MIN_WIDTH, layout::MIN_HEIGHT);
        state.toast =
            Some(Toast { id: 1, text: "Failed: a long message that wraps over lines ".repeat(4), error: true });
        press(&mut state, KeyCode::Char('a'));
        press(&mut state, KeyCode::Tab);
        let screen = |state: &State| {
            let mut terminal =
                ratatui::Terminal::new(TestBackend::new(layout::MIN_WIDTH, layout::MIN_HEIGHT)).expect("terminal");
            terminal.draw(|frame| crate::tui::views::draw(frame, state)).expect("draw");
            let buffer = terminal.backend().buffer().clone();
            buffer.content().iter().map(|c| c.symbol()).collect::<String>()
        };
        assert!(screen(&state).contains("[5,000"), "the amount field shows:\n{}", screen(&state));
        press(&mut state, KeyCode::Enter);
        let text = screen(&state);
        assert!(text.contains("[ Cancel ]") && text.contains("[ Confirm ]"), "both buttons show:\n{text}");
    }

    #[test]
    fn a_paste_replaces_the_prefilled_amount_whole_or_not_at_all() {
        let mut state = state();
        press(&mut state, KeyCode::Char('a'));
        press(&mut state, KeyCode::Tab);
        update(&mut state, Action::Paste("1".repeat(65)));
        let modal = state.modal.as_ref().expect("modal");
        assert_eq!(modal.amount.value(), "5,000", "a paste that does not fit changes nothing");
        assert_eq!(modal.error.as_deref(), Some("The amount is 65 characters long; an amount has at most 64."));
        update(&mut state, Action::Paste("1,2\u{1b}00".into()));
        assert_eq!(state.modal.as_ref().map(|m| m.amount.value().to_string()).as_deref(), Some("1,200"));
        for _ in 0..100 {
            press(&mut state, KeyCode::Char('9'));
        }
        assert_eq!(state.modal.as_ref().map(|m| m.amount.value().chars().count()), Some(MAX_AMOUNT_CHARS));
    }
}
