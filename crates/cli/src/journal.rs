//! `journal list` and `journal resolve`: a person can always see what online mode journaled and
//! settle an entry by hand when replaying its key cannot (past the key window, a read-only
//! console, an API that no longer answers for it).

use super::output::{Table, print_json, write_stdout};
use super::{Failure, ResolveArgs};
use crate::backend::{PartOutcome, PartResult};
use crate::config::Settings;
use crate::domain::time::{format_time_in, now_millis};
use crate::domain::{Currency, Lang, Operation};
use crate::online::journal::{Closing, EntryState, Journal, JournalEntry, JournalPart};
use crate::outcome_text::resolve_hint_in;
use crate::words::CommandText as W;
use serde::Serialize;
use smartpay_i18n::Message;

/// One entry as `journal list --json` shows it (docs/INTERFACE.md, "The journal").
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct EntryJson {
    key: String,
    order_id: String,
    operation: &'static str,
    amount: i64,
    currency: String,
    /// `open`, `done`, `partly_done` or `not_done`.
    state: EntryState,
    operator: Option<String>,
    journaled_at: i64,
    closed_at: Option<i64>,
    created: Vec<String>,
    parts: Vec<PartOutcome>,
    note: Option<String>,
    resolved_by: Option<String>,
}

impl EntryJson {
    fn of(entry: &JournalEntry) -> EntryJson {
        let parts = (0..entry.part_count())
            .map(|index| {
                let (payment, amount) = entry.part_target(index);
                match entry.parts.get(index) {
                    Some(p) => {
                        PartOutcome { payment, amount, result: p.result, id: p.id.clone(), error: p.error.clone() }
                    }
                    None if entry.state == EntryState::Open => {
                        PartOutcome::unknown(payment, amount, "not resolved yet")
                    }
                    None => PartOutcome { payment, amount, result: legacy_result(entry.state), id: None, error: None },
                }
            })
            .collect();
        EntryJson {
            key: entry.key.clone(),
            order_id: entry.order_id.clone(),
            operation: entry.operation.verb(),
            amount: requested(entry),
            currency: entry.currency.clone(),
            state: entry.state,
            operator: entry.operator.clone(),
            journaled_at: entry.journaled_at,
            closed_at: entry.closed_at,
            created: entry.created.clone(),
            parts,
            note: entry.note.clone(),
            resolved_by: entry.resolved_by.clone(),
        }
    }
}

fn legacy_result(state: EntryState) -> PartResult {
    match state {
        EntryState::Done | EntryState::PartlyDone => PartResult::Done,
        EntryState::NotDone => PartResult::Refused,
        EntryState::Open => PartResult::Unknown,
    }
}

fn requested(entry: &JournalEntry) -> i64 {
    match entry.operation {
        Operation::Capture { amount } | Operation::Refund { amount, .. } => amount,
        Operation::Void => entry.plan.amount(),
    }
}

/// The state as a person reads it in `lang` (the log keeps the English word).
fn state_word_in(state: EntryState, lang: Lang) -> &'static str {
    match state {
        EntryState::Open => W::StateOpen,
        EntryState::Done => W::StateDone,
        EntryState::PartlyDone => W::StatePartlyDone,
        EntryState::NotDone => W::StateNotDone,
    }
    .text(lang)
}

fn state_word(state: EntryState) -> &'static str {
    state_word_in(state, Lang::En)
}

/// The journal of the key's account, or `None` when online mode has never journaled anything
/// for it on this machine.
fn open_journal(settings: &Settings) -> Result<Option<Journal>, Failure> {
    let (path, _) = crate::online::account::files(settings)?;
    if !path.exists() {
        return Ok(None);
    }
    Ok(Some(Journal::open(&path)?))
}

pub fn list(settings: &Settings, open_only: bool, json: bool) -> Result<(), Failure> {
    let entries = match open_journal(settings)? {
        Some(journal) if open_only => journal.open_entries()?,
        Some(journal) => journal.all_entries()?,
        None => vec![],
    };
    if json {
        return print_json(&entries.iter().map(EntryJson::of).collect::<Vec<_>>());
    }
    let lang = settings.lang;
    let mut table = Table::new(&[
        (W::ColKey.text(lang), false),
        (W::ColOrder.text(lang), false),
        (W::ColOperation.text(lang), false),
        (W::ColAmount.text(lang), true),
        (W::ColState.text(lang), false),
        (W::ColJournaled.text(lang), false),
        (W::ColOperator.text(lang), false),
    ])
    .whole(&[0, 1]);
    for entry in &entries {
        let c = Currency::from_code_or_whole(&entry.currency);
        table.push(vec![
            entry.key.clone(),
            entry.order_id.clone(),
            entry.operation.kind().word(lang).into(),
            c.format(requested(entry)),
            state_word_in(entry.state, lang).into(),
            format_time_in(lang, entry.journaled_at),
            entry.operator.clone().unwrap_or_else(|| "—".into()),
        ]);
    }
    let mut out = if entries.is_empty() { nothing_listed(open_only, lang) } else { table.render() };
    let open = entries.iter().filter(|e| e.state == EntryState::Open).count();
    if open > 0 {
        out += &format!("{}\n", W::OpenEntries.fill(lang, &[("open", &open)]));
    }
    write_stdout(&out)
}

/// What an empty listing says: with `--open`, that nothing is open (the journal may well hold
/// settled entries).
fn nothing_listed(open_only: bool, lang: Lang) -> String {
    format!("{}\n", if open_only { W::NoneOpen } else { W::NoEntries }.text(lang))
}

pub fn resolve(settings: &Settings, args: ResolveArgs, json: bool) -> Result<(), Failure> {
    let no_entry = || Failure::told(1, "journal.no_entry", W::NoEntry, &[("key", &args.key)]);
    let journal = open_journal(settings)?.ok_or_else(no_entry)?;
    let entry = journal.get(&args.key)?.ok_or_else(no_entry)?;
    if entry.state != EntryState::Open {
        return Err(already_settled(&entry));
    }
    let closing = closing(&entry, &args, &settings.operator)?;
    if !journal.close_if_open(&entry.key, &closing, now_millis())? {
        // A console replayed its key meanwhile and learnt the answer from the API: that stands.
        let settled = journal.get(&args.key)?.ok_or_else(no_entry)?;
        return Err(already_settled(&settled));
    }
    tracing::info!(key = %entry.key, order = %entry.order_id, operator = %settings.operator, state = state_word(closing.state), "journal entry resolved by hand");
    if json {
        return print_json(&serde_json::json!({
            "key": entry.key,
            "orderId": entry.order_id,
            "operation": entry.operation.verb(),
            "state": closing.state,
            "operator": settings.operator,
        }));
    }
    let lang = settings.lang;
    let args: [(&str, &dyn std::fmt::Display); 5] = [
        ("operation", &entry.operation.kind().word(lang)),
        ("order", &entry.order_id),
        ("key", &entry.key),
        ("state", &state_word_in(closing.state, lang)),
        ("operator", &settings.operator),
    ];
    write_stdout(&format!("{}\n", W::Resolved.fill(lang, &args)))
}

fn already_settled(entry: &JournalEntry) -> Failure {
    let said = |lang| {
        let args: [(&str, &dyn std::fmt::Display); 3] = [
            ("operation", &entry.operation.kind().word(lang)),
            ("key", &entry.key),
            ("state", &state_word_in(entry.state, lang)),
        ];
        W::AlreadySettled.fill(lang, &args)
    };
    Failure::usage(said(Lang::En)).with_japanese(said(Lang::Ja))
}

/// What a person says happened, checked against the entry's plan: `--done` takes the ids the
/// operation created, in part order (none for a void); fewer ids than parts is partly done.
fn closing(entry: &JournalEntry, args: &ResolveArgs, operator: &str) -> Result<Closing, Failure> {
    let note = args.note.clone();
    if args.not_done {
        let parts = (0..entry.part_count())
            .map(|_| JournalPart { result: PartResult::Refused, id: None, error: note.clone() })
            .collect();
        return Ok(Closing { state: EntryState::NotDone, parts, note, resolved_by: Some(operator.to_string()) });
    }
    let ids = &args.done;
    if let Some(bad) = ids.iter().find(|id| !valid_id(id)) {
        return Err(Failure::usage_told(W::NotAnId, &[("id", bad)]));
    }
    // A capture creates a payment, a refund creates refunds: an id of the other kind is a slip.
    let kind = match entry.plan {
        crate::domain::Plan::Capture { .. } => Some("payment_"),
        crate::domain::Plan::Refund { .. } => Some("refund_"),
        crate::domain::Plan::Void { .. } => None,
    };
    if let Some((kind, bad)) = kind.and_then(|k| ids.iter().find(|id| !id.starts_with(k)).map(|id| (k, id))) {
        let said = |lang| {
            let operation = entry.operation.kind().word(lang);
            W::WrongKind.fill(lang, &[("id", bad), ("operation", &operation), ("prefix", &kind)])
        };
        return Err(Failure::usage(said(Lang::En)).with_japanese(said(Lang::Ja)));
    }
    if let Some(twice) = ids.iter().enumerate().find_map(|(i, id)| ids[..i].contains(id).then_some(id)) {
        return Err(Failure::usage_told(W::GivenTwice, &[("id", twice)]));
    }
    let expected = match entry.plan {
        crate::domain::Plan::Void { .. } => 0,
        _ => entry.part_count(),
    };
    let fits = if expected == 0 { ids.is_empty() } else { (1..=expected).contains(&ids.len()) };
    if !fits {
        let said = |lang| {
            let wanted = match expected {
                0 => W::NoId.text(lang).to_string(),
                1 => W::OneId.text(lang).to_string(),
                n => W::SomeIds.fill(lang, &[("count", &n)]),
            };
            let args: [(&str, &dyn std::fmt::Display); 4] = [
                ("operation", &entry.operation.kind().word(lang)),
                ("expected", &wanted),
                ("got", &ids.len()),
                ("hint", &resolve_hint_in(lang, &entry.key)),
            ];
            W::WrongCount.fill(lang, &args)
        };
        return Err(Failure::usage(said(Lang::En)).with_japanese(said(Lang::Ja)));
    }
    let parts: Vec<JournalPart> = (0..entry.part_count().max(1))
        .map(|index| match ids.get(index) {
            Some(id) => JournalPart { result: PartResult::Done, id: Some(id.clone()), error: None },
            None if expected == 0 => JournalPart { result: PartResult::Done, id: None, error: None },
            None => {
                JournalPart { result: PartResult::Refused, id: None, error: Some("not done (resolved by hand)".into()) }
            }
        })
        .collect();
    let partly = parts.iter().any(|p| p.result == PartResult::Refused);
    let state = if partly { EntryState::PartlyDone } else { EntryState::Done };
    Ok(Closing { state, parts, note, resolved_by: Some(operator.to_string()) })
}

fn valid_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 128 && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::rules::{Plan, RefundPart};
    use crate::domain::{Operation, RefundReason};

    fn two_part_refund() -> JournalEntry {
        let reason = RefundReason::RequestedByCustomer;
        let parts = vec![
            RefundPart { payment_id: "payment_test_2".into(), amount: 200 },
            RefundPart { payment_id: "payment_test_1".into(), amount: 100 },
        ];
        let (operation, plan) = (Operation::Refund { amount: 300, reason }, Plan::Refund { parts, reason });
        JournalEntry::new_open("k", "order_test_a", operation, plan, "JPY", None, 5)
    }

    fn done(ids: &[&str]) -> ResolveArgs {
        ResolveArgs { key: "k".into(), done: ids.iter().map(|s| s.to_string()).collect(), not_done: false, note: None }
    }

    #[test]
    fn an_empty_open_listing_does_not_say_the_journal_is_empty() {
        assert_eq!(nothing_listed(true, Lang::En), "No journal entry is open.\n");
        assert_eq!(nothing_listed(false, Lang::En), "The journal has no entries.\n");
    }

    #[test]
    fn a_hand_resolution_takes_ids_of_the_kind_the_operation_creates_each_once() {
        let entry = two_part_refund();
        let refused = |ids: &[&str]| closing(&entry, &done(ids), "sato").map(|_| ()).expect_err("refused");
        let wrong_kind = refused(&["payment_test_2"]);
        assert_eq!(wrong_kind.exit, 2);
        assert!(wrong_kind.message.contains("start with refund_"), "{}", wrong_kind.message);
        assert!(refused(&["refund_test_x", "refund_test_x"]).message.contains("given twice"));
        let fits = closing(&entry, &done(&["refund_test_x", "refund_test_y"]), "sato").expect("fits the plan");
        assert_eq!(
            (fits.state, fits.created()),
            (EntryState::Done, vec!["refund_test_x".into(), "refund_test_y".into()])
        );
        assert_eq!(closing(&entry, &done(&["refund_test_x"]), "sato").expect("one part").state, EntryState::PartlyDone);
    }
}
