//! An operation's outcome in sentences, for the CLI (what moved on stdout, why the rest did
//! not on stderr) and the TUI (its toast and the modal's error line). Figures such as "still
//! capturable" are printed only from an order read afresh.

use crate::domain::rules::refusal::status_word;
use crate::domain::{Currency, Lang, Operation};
use crate::{Outcome, PartOutcome, PartResult, Verdict};
use smartpay_i18n::Message;
use smartpay_i18n::sentences::OutcomeText as T;

/// What goes to stdout: the confirmation of what moved (and, for a partly done or unknown
/// outcome, every part), or `None` when nothing moved.
pub fn confirmation(outcome: &Outcome, c: &Currency, lang: Lang) -> Option<String> {
    let moved = c.format(outcome.moved());
    let id = outcome.order_id.as_str();
    let replayed =
        if outcome.replayed { T::Replayed.fill(lang, &[("key", &outcome.idempotency_key)]) } else { String::new() };
    match outcome.verdict() {
        Verdict::Done => {
            let created = outcome.created();
            let ids = if created.is_empty() { String::new() } else { format!(" ({})", created.join(", ")) };
            let summary = outcome.order.as_ref().map(|o| o.summary(crate::domain::time::now_millis()));
            let moved_on: [(&str, &dyn std::fmt::Display); 3] = [("moved", &moved), ("id", &id), ("ids", &ids)];
            let with_left = |key: T, left: String| {
                let mut args = moved_on.to_vec();
                args.push(("left", &left));
                key.fill(lang, &args)
            };
            let text = match (&outcome.operation, summary) {
                (Operation::Capture { .. }, Some(s)) => with_left(T::CapturedStill, c.format(s.capturable)),
                (Operation::Capture { .. }, None) => T::Captured.fill(lang, &moved_on),
                (Operation::Refund { .. }, Some(s)) => {
                    with_left(T::RefundedStill, c.format_known_in(lang, s.refundable))
                }
                (Operation::Refund { .. }, None) => T::Refunded.fill(lang, &moved_on),
                (Operation::Void, _) => match &outcome.order {
                    Some(o) => T::VoidedNow
                        .fill(lang, &[("id", &id), ("moved", &moved), ("status", &status_word(lang, &o.status))]),
                    None => T::Voided.fill(lang, &[("id", &id), ("moved", &moved)]),
                },
            };
            Some(text + &replayed)
        }
        Verdict::PartlyDone | Verdict::Unknown if !outcome.parts.is_empty() => {
            let requested = c.format(outcome.requested);
            // A part whose outcome is unknown may have moved money: the head never counts it as
            // not moved.
            let unknown: i64 = outcome.parts.iter().filter(|p| p.result == PartResult::Unknown).map(|p| p.amount).sum();
            let unknown = c.format(unknown);
            let operation = operation_word(&outcome.operation, lang);
            let mut args: Vec<(&str, &dyn std::fmt::Display)> = vec![
                ("operation", &operation),
                ("id", &id),
                ("moved", &moved),
                ("requested", &requested),
                ("replayed", &replayed),
            ];
            let head = if outcome.parts.iter().any(|p| p.result == PartResult::Unknown) {
                args.push(("unknown", &unknown));
                T::PartsHeadUnknown.fill(lang, &args)
            } else {
                T::PartsHead.fill(lang, &args)
            };
            let lines: Vec<String> =
                outcome.parts.iter().enumerate().map(|(i, p)| part_line(i, p, c, outcome, lang)).collect();
            Some(format!("{head}\n{}", lines.join("\n")))
        }
        _ => None,
    }
}

/// What goes to stderr as the error when the operation was not simply done; `None` when it was.
pub fn failure_message(outcome: &Outcome, c: &Currency, lang: Lang) -> Option<String> {
    let verb = verb_word(outcome.operation.verb(), lang);
    let id = outcome.order_id.as_str();
    if let Some(resolved) = &outcome.resolved {
        let earlier = verb_word(&resolved.operation, lang);
        let base: [(&str, &dyn std::fmt::Display); 4] =
            [("earlier", &earlier), ("id", &id), ("key", &resolved.key), ("verb", &verb)];
        return Some(match resolved.result {
            PartResult::Unknown => {
                let hint = resolve_hint_in(lang, &resolved.key);
                let mut args = base.to_vec();
                args.push(("hint", &hint));
                T::EarlierUnknown.fill(lang, &args)
            }
            _ => {
                let created = resolved.created.join(", ");
                let mut args = base.to_vec();
                args.push(("created", &created));
                T::EarlierResolved.fill(lang, &args)
            }
        });
    }
    let reason = first_reason(outcome, lang);
    let key = &outcome.idempotency_key;
    match outcome.verdict() {
        Verdict::Done => None,
        Verdict::Refused if outcome.replayed => {
            Some(T::RefusedReplayed.fill(lang, &[("key", key), ("verb", &verb), ("reason", &reason)]))
        }
        Verdict::Refused => Some(T::Refused.fill(lang, &[("reason", &reason)])),
        Verdict::PartlyDone => Some(T::PartlyDone.fill(
            lang,
            &[("verb", &verb), ("moved", &c.format(outcome.moved())), ("requested", &c.format(outcome.requested))],
        )),
        Verdict::Unknown => {
            // The sentence puts its own full stop after the reason.
            let reason = reason.trim_end_matches(['.', '。']);
            Some(T::Unknown.fill(lang, &[("verb", &verb), ("key", key), ("reason", &reason), ("id", &id)]))
        }
    }
}

/// How to settle an open journal entry by hand, in `lang`.
pub fn resolve_hint_in(lang: Lang, key: &str) -> String {
    T::ResolveHint.fill(lang, &[("key", &key)])
}

/// The first part's error in `lang`, if a part has one: a payment rule's refusal in its words,
/// anything else (an answer of the API) as it came.
pub fn first_error_in(outcome: &Outcome, lang: Lang) -> Option<String> {
    outcome.first_error().map(|error| error_in(outcome, error, lang))
}

/// The first part's reason in `lang`: a payment rule's refusal in its words, anything else (an
/// answer of the API) as it came.
fn first_reason(outcome: &Outcome, lang: Lang) -> String {
    match outcome.first_error() {
        Some(error) => error_in(outcome, error, lang),
        None => T::NoReason.text(lang).to_string(),
    }
}

fn error_in(outcome: &Outcome, error: &str, lang: Lang) -> String {
    match &outcome.rule_refusal {
        Some(refusal) if refusal.to_string() == error => refusal.text(lang),
        _ => error.to_string(),
    }
}

fn operation_word(operation: &Operation, lang: Lang) -> &'static str {
    match operation {
        Operation::Capture { .. } => T::OperationCapture.text(lang),
        Operation::Refund { .. } => T::OperationRefund.text(lang),
        Operation::Void => T::OperationVoid.text(lang),
    }
}

/// `capture`, `refund`, `void` (as `Operation::verb` and the journal name them) in `lang`.
pub fn verb_word(verb: &str, lang: Lang) -> String {
    let key = match verb {
        "capture" => T::VerbCapture,
        "refund" => T::VerbRefund,
        "void" => T::VerbVoid,
        other => return other.to_string(),
    };
    key.text(lang).to_string()
}

fn part_line(index: usize, part: &PartOutcome, c: &Currency, outcome: &Outcome, lang: Lang) -> String {
    let payment = part.payment.as_deref().map(|p| format!(" {p}")).unwrap_or_default();
    let error = part.error.as_deref().map(|e| error_in(outcome, e, lang)).unwrap_or_default();
    let result = match part.result {
        PartResult::Done => {
            let id = part.id.as_deref().map(|id| format!(" ({id})")).unwrap_or_default();
            T::PartDone.fill(lang, &[("id", &id)])
        }
        PartResult::Refused => T::PartRefused.fill(lang, &[("error", &error)]),
        PartResult::Unknown => T::PartUnknown.fill(lang, &[("error", &error)]),
    };
    T::PartLine.fill(
        lang,
        &[("n", &(index + 1)), ("payment", &payment), ("amount", &c.format(part.amount)), ("result", &result)],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::RefundReason;

    #[test]
    fn a_partly_done_refund_lists_each_part_and_says_what_moved() {
        let c = Currency::JPY;
        let op = Operation::Refund { amount: 300, reason: RefundReason::RequestedByCustomer };
        let mut outcome = Outcome::new("order_test_a", &op, "k", 300);
        outcome.parts = vec![
            PartOutcome::done(Some("payment_test_2".into()), 200, Some("refund_test_x".into())),
            PartOutcome::refused(Some("payment_test_1".into()), 100, "already refunded"),
        ];
        let out = confirmation(&outcome, &c, Lang::En).expect("parts listed");
        assert!(out.contains("¥200 of ¥300 moved"), "{out}");
        assert!(out.contains("part 1 payment_test_2 ¥200: done (refund_test_x)"), "{out}");
        assert!(out.contains("part 2 payment_test_1 ¥100: refused: already refunded"), "{out}");
        let err = failure_message(&outcome, &c, Lang::En).expect("not simply done");
        assert!(err.contains("only partly done") && !err.contains("nothing changed"), "{err}");
        let ja = confirmation(&outcome, &c, Lang::Ja).expect("parts listed");
        assert!(ja.contains("¥300 のうち ¥200 を処理しました"), "{ja}");
        assert!(ja.contains("1件目 payment_test_2 ¥200: 完了 (refund_test_x)"), "{ja}");
        let err = failure_message(&outcome, &c, Lang::Ja).expect("not simply done");
        assert!(err.starts_with("返金は一部だけ完了しました"), "{err}");
    }

    #[test]
    fn an_unknown_part_is_never_counted_as_not_moved() {
        let c = Currency::JPY;
        let op = Operation::Refund { amount: 700, reason: RefundReason::RequestedByCustomer };
        let mut outcome = Outcome::new("order_test_a", &op, "k", 700);
        outcome.parts = vec![PartOutcome::unknown(Some("payment_test_1".into()), 700, "the connection dropped")];
        let out = confirmation(&outcome, &c, Lang::En).expect("parts listed");
        assert!(
            out.starts_with("Refund on order_test_a: ¥0 of ¥700 moved for certain; whether ¥700 moved is unknown."),
            "{out}"
        );
        assert!(out.contains("part 1 payment_test_1 ¥700: unknown: the connection dropped"), "{out}");
        let ja = confirmation(&outcome, &c, Lang::Ja).expect("parts listed");
        assert!(ja.contains("¥700 は処理されたかどうか不明です"), "{ja}");
        assert_eq!(outcome.verdict().as_str(), "unknown");
        outcome.parts[0].error = Some("Injected failure (after the request was processed).".into());
        let err = failure_message(&outcome, &c, Lang::En).expect("unknown");
        assert!(err.contains("(after the request was processed). It is recorded"), "{err}");
    }

    #[test]
    fn a_rule_refusal_reads_in_japanese_and_its_json_code_is_untouched() {
        let c = Currency::JPY;
        let op = Operation::Capture { amount: 5_000 };
        let outcome = Outcome::refused_by_rule("order_test_a", &op, "k", crate::domain::Refusal::NothingToCapture);
        let en = failure_message(&outcome, &c, Lang::En).expect("refused");
        assert_eq!(en, "Nothing is left to capture on this order. (nothing changed)");
        let ja = failure_message(&outcome, &c, Lang::Ja).expect("refused");
        assert_eq!(ja, "この注文には売上確定できる残額がありません。（何も変更していません）");
        assert_eq!(outcome.verdict().as_str(), "refused");
    }
}
