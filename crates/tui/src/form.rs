//! The Payment Actions form checked as the operator types: the domain's amount parser, then the
//! domain's rules. The same sentences as the CLI; nothing here re-implements a limit.

use super::state::{ActionKind, ActionsModal};
use crate::config::Lang;
use crate::domain::money::MAX_AMOUNT_CHARS;
use crate::domain::rules::{self, Availability};
use crate::domain::{AmountError, Millis, Operation, Order, Plan, Refusal};
use tui_input::Input;

/// What is wrong with the form: a rule's refusal or an amount that does not read, each put
/// into words in the operator's language by [`Problem::text`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    Refused(Refusal),
    Amount(AmountError),
}

impl Problem {
    pub fn text(&self, lang: Lang) -> String {
        match self {
            Problem::Refused(refusal) => refusal.text(lang),
            Problem::Amount(error) => error.text(lang),
        }
    }
}

/// The most characters the list filter takes: longer than any id, name or email.
pub const FILTER_MAX_CHARS: usize = 256;

/// The most the action can move now, or why it is not allowed.
pub fn limit(kind: ActionKind, availability: &Availability) -> &Result<i64, Refusal> {
    match kind {
        ActionKind::Capture => &availability.capture,
        ActionKind::Refund => &availability.refund,
        ActionKind::Void => &availability.void,
    }
}

/// The operation the form describes, validated against `order` at `now`, or what is wrong.
pub fn check(modal: &ActionsModal, order: &Order, now: Millis) -> Result<(Operation, Plan), Problem> {
    // An action that is not available says why, whatever is in the amount field.
    if let Err(refusal) = limit(modal.kind, &rules::availability(order, now)) {
        return Err(Problem::Refused(refusal.clone()));
    }
    let operation = match modal.kind {
        ActionKind::Void => Operation::Void,
        kind => {
            let amount = order.currency().parse(modal.amount.value()).map_err(Problem::Amount)?;
            if kind == ActionKind::Capture {
                Operation::Capture { amount }
            } else {
                Operation::Refund { amount, reason: modal.reason }
            }
        }
    };
    let plan = rules::validate(order, &operation, now).map_err(Problem::Refused)?;
    Ok((operation, plan))
}

/// The prefilled amount for `kind`: its maximum, written as an operator would type it.
pub fn prefill(kind: ActionKind, order: &Order, now: Millis) -> String {
    match limit(kind, &rules::availability(order, now)) {
        Ok(max) if kind.has_amount() => order.currency().format_plain(*max),
        _ => String::new(),
    }
}

/// Whether one more typed character fits in a field holding `input`.
pub fn has_room(input: &Input, max_chars: usize) -> bool {
    input.value().chars().count() < max_chars
}

/// `input` with the printable characters of `text` inserted at the cursor, in one step (linear
/// in the paste, where inserting them one by one is quadratic). `None` when they do not fit
/// in `max_chars`; nothing past the limit is read.
pub fn insert(input: &Input, text: &str, max_chars: usize) -> Option<Input> {
    let value = input.value();
    let room = max_chars.checked_sub(value.chars().count())?;
    let mut added = String::new();
    let mut count = 0;
    for c in text.chars().filter(|c| !c.is_control()) {
        if count == room {
            return None;
        }
        added.push(c);
        count += 1;
    }
    let cursor = input.cursor();
    let at = value.char_indices().nth(cursor).map_or(value.len(), |(i, _)| i);
    Some(Input::new(format!("{}{added}{}", &value[..at], &value[at..])).with_cursor(cursor + count))
}

/// Pasting into the amount field: the pasted text whole, or the sentence that says why not (an
/// amount cut short would be another amount), in `lang`.
pub fn paste_amount(input: &Input, text: &str, lang: Lang) -> Result<Input, String> {
    insert(input, text, MAX_AMOUNT_CHARS).ok_or_else(|| {
        let chars = input.value().chars().count() + text.chars().count();
        AmountError::TooLong { chars }.text(lang)
    })
}

/// Pasting into the filter: what fits (a search cut short is still a search).
pub fn paste_filter(input: &Input, text: &str) -> Input {
    let value = input.value();
    let room = FILTER_MAX_CHARS.saturating_sub(value.chars().count());
    let kept: String = text.chars().filter(|c| !c.is_control()).take(room).collect();
    insert(input, &kept, FILTER_MAX_CHARS).unwrap_or_else(|| input.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    #[test]
    fn a_paste_goes_in_at_the_cursor_without_control_characters() {
        let input = Input::new("1000".into()).with_cursor(1);
        let pasted = insert(&input, ",2\u{1b}\n", 64).expect("fits");
        assert_eq!((pasted.value(), pasted.cursor()), ("1,2000", 3));
        assert!(insert(&input, "12345", 8).is_none(), "nothing past the limit");
        assert_eq!(paste_filter(&Input::default(), &"x".repeat(300)).value().len(), FILTER_MAX_CHARS);
    }

    #[test]
    fn a_one_megabyte_paste_is_handled_in_under_50_ms() {
        let huge = "1".repeat(1 << 20);
        // The best of three: the machine may be busy with other tests.
        let took = (0..3)
            .map(|_| {
                let started = Instant::now();
                let _ = paste_amount(&Input::default(), &huge, Lang::En);
                let _ = paste_filter(&Input::default(), &huge);
                started.elapsed()
            })
            .min()
            .unwrap_or_default();
        let amount = paste_amount(&Input::default(), &huge, Lang::En);
        let filter = paste_filter(&Input::default(), &huge);
        assert_eq!(amount.map(|i| i.value().len()), Err(AmountError::TooLong { chars: 1 << 20 }.to_string()));
        assert_eq!(filter.value().len(), FILTER_MAX_CHARS);
        assert!(took < Duration::from_millis(50), "a 1 MB paste took {took:?}");
    }
}
