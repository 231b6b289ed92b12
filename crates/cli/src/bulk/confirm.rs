//! Confirming a bulk run before anything is sent: `y` on a terminal, the row count typed out
//! above `bulk.confirm_above_orders` / `bulk.confirm_above_amount`, and off a terminal `--yes`
//! plus, above the limits, `--expect-rows` / `--expect-total` matching the plan.

use super::report::Tally;
use crate::Failure;
use crate::config::BulkLimits;
use crate::domain::{Currency, Lang, parse_amount};
use crate::words::BulkText as B;
use smartpay_i18n::Message;
use std::io::{BufRead, IsTerminal, Write};

/// What the caller said on the command line.
pub struct Consent<'a> {
    pub yes: bool,
    pub expect_rows: Option<u64>,
    pub expect_total: Option<&'a str>,
}

/// The plan's figures: rows to send and what they would move.
pub struct PlanFigures {
    pub rows: u64,
    pub total: i64,
    pub currency: Currency,
}

impl PlanFigures {
    pub fn of(plan: &Tally) -> PlanFigures {
        PlanFigures {
            rows: plan.count(super::report::RowResult::Done),
            total: plan.total_amount(),
            currency: plan.currency().unwrap_or(Currency::from_code_or_whole("JPY")),
        }
    }

    fn describe(&self, lang: Lang) -> String {
        B::Plan.fill(lang, &[("rows", &self.rows), ("amount", &self.currency.format(self.total))])
    }
}

/// Ok to go on, or why not (nothing has been sent either way).
pub fn confirm(plan: &PlanFigures, consent: &Consent<'_>, limits: BulkLimits, lang: Lang) -> Result<(), Failure> {
    if plan.rows == 0 {
        return Ok(());
    }
    let rows_matched = match consent.expect_rows {
        Some(rows) if rows != plan.rows => {
            let said = |lang| B::RowsMismatch.fill(lang, &[("rows", &rows), ("plan", &plan.describe(lang))]);
            return Err(Failure::usage(said(Lang::En)).with_japanese(said(Lang::Ja)));
        }
        Some(_) => true,
        None => false,
    };
    let total_matched = match consent.expect_total {
        Some(text) => {
            let expected = parse_amount(text, plan.currency).map_err(|e| {
                let said = |lang| B::TotalNotAnAmount.fill(lang, &[("input", &text), ("why", &e.text(lang))]);
                Failure::usage(said(Lang::En)).with_japanese(said(Lang::Ja))
            })?;
            if expected != plan.total {
                let total = plan.currency.format(expected);
                let said = |lang| B::TotalMismatch.fill(lang, &[("total", &total), ("plan", &plan.describe(lang))]);
                return Err(Failure::usage(said(Lang::En)).with_japanese(said(Lang::Ja)));
            }
            true
        }
        None => false,
    };
    let over_rows = plan.rows > limits.confirm_above_orders;
    let over_amount = plan.total > limits.confirm_above_amount;
    let expected_enough = (!over_rows || rows_matched) && (!over_amount || total_matched);
    let interactive = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    if consent.yes && expected_enough {
        return Ok(());
    }
    if !interactive {
        let said = |lang| {
            if !consent.yes {
                return B::ConfirmWithYes.fill(lang, &[("plan", &plan.describe(lang))]);
            }
            let mut over = Vec::new();
            let mut flags = Vec::new();
            if over_rows && !rows_matched {
                over.push(format!("bulk.confirm_above_orders ({})", limits.confirm_above_orders));
                flags.push(format!("--expect-rows {}", plan.rows));
            }
            if over_amount && !total_matched {
                over.push(format!("bulk.confirm_above_amount ({})", plan.currency.format(limits.confirm_above_amount)));
                flags.push(format!("--expect-total {}", plan.total));
            }
            let args: [(&str, &dyn std::fmt::Display); 3] = [
                ("plan", &plan.describe(lang)),
                ("limits", &over.join(B::And.text(lang))),
                ("flags", &flags.join(" ")),
            ];
            B::AboveLimits.fill(lang, &args)
        };
        return Err(Failure::usage(said(Lang::En)).with_japanese(said(Lang::Ja)));
    }
    let above = over_rows || over_amount;
    let question = if above {
        B::AskAbove.fill(lang, &[("plan", &plan.describe(lang)), ("rows", &plan.rows)])
    } else {
        B::Ask.fill(lang, &[("plan", &plan.describe(lang))])
    };
    eprint!("{question}");
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut answer)
        .map_err(|e| Failure::told(1, "io", B::CannotReadAnswer, &[("detail", &e)]))?;
    let answer = answer.trim();
    let agreed = if above { answer == plan.rows.to_string() } else { matches!(answer, "y" | "Y" | "yes") };
    if agreed { Ok(()) } else { Err(Failure::told(3, "refused", B::NotConfirmed, &[])) }
}
